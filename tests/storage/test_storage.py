"""Storage with seeded synthetic vectors: round trips, lemma lookups, crash safety."""

from __future__ import annotations

import numpy as np
import pytest

from sensegrep.embedder.base import EmbedderConfig
from sensegrep.errors import IndexMismatchError, QueryError, SensegrepError
from sensegrep.storage import FileRecord, Filters, Index, PreparedDocument

from ..helpers import CONFIG, DIM, make_document, prepared

pytestmark = pytest.mark.usefixtures("backend")


def test_vectors_round_trip_by_lemma(index):
    docs = [make_document("a", ["Bank", "river", "bank"]), make_document("b", ["money", "bank"])]
    batch, n = prepared(docs)
    vectors = np.random.default_rng(0).standard_normal((n, DIM)).astype(np.float32)
    index.add_batch(batch, vectors, [FileRecord("f.txt", "f" * 64, 10)])

    found = index.candidates("bank")
    assert len(found) == 3
    got = index.vectors(found.shard_ids, found.rows)
    # Rows 0, 2, 4 are the three "bank" tokens, in corpus order; fp16 storage.
    np.testing.assert_allclose(got, vectors[[0, 2, 4]], atol=2e-3)
    assert index.has_file("f" * 64)
    assert index.has_document("sha-a-0")


def test_contexts_cut_from_document_text(index):
    batch, n = prepared(
        [make_document("d1", ["the", "bank", "of", "the", "river"], {"genre": "news"})]
    )
    index.add_batch(batch, np.ones((n, DIM), np.float32))
    occ_id = int(index.candidates("bank").ids[0])
    ctx = index.contexts([occ_id])[occ_id]
    assert (ctx.left, ctx.form, ctx.right) == ("the ", "bank", " of the river")
    assert ctx.sentence == "the bank of the river"
    assert (ctx.start, ctx.end) == (4, 8)
    assert ctx.doc == "d1" and ctx.metadata == {"genre": "news"}


def test_filters(index):
    docs = [
        make_document("x", ["bank"], {"year": 1990}),
        make_document("y", ["bank"], {"year": 2000}),
    ]
    batch, n = prepared(docs)
    index.add_batch(batch, np.ones((n, DIM), np.float32))
    assert len(index.candidates("bank", filters=Filters(where=[("year", "1990")]))) == 1
    assert len(index.candidates("bank", filters=Filters(docs=["y"]))) == 1
    assert len(index.candidates("bank", filters=Filters(pos=["NOUN"]))) == 0
    assert len(index.candidates("BANK", by_form=True)) == 2


def test_unknown_occurrence_id_is_a_query_error(index):
    with pytest.raises(QueryError, match="no occurrence with id 999"):
        index.candidates_by_id([999])


def test_other_model_is_refused(tmp_path):
    with Index.open_for_writing(tmp_path / "idx", CONFIG):
        pass
    other = EmbedderConfig(model="fake:16", layers=(0,), pooling="mean", dim=16)
    with pytest.raises(IndexMismatchError, match="fake:8"):
        Index.open_for_writing(tmp_path / "idx", other)


def test_second_writer_is_refused(tmp_path):
    with (
        Index.open_for_writing(tmp_path / "idx", CONFIG),
        pytest.raises(SensegrepError, match="another"),
    ):
        Index.open_for_writing(tmp_path / "idx", CONFIG)


def test_a_creation_killed_before_its_manifest_is_started_over(tmp_path):
    """What a first run killed half-way leaves (a database, its journal, the lock, a
    shard, no manifest) is cleared by the next run, which then works; anything else in
    the folder still makes it refuse."""
    folder = tmp_path / "idx"
    (folder / "vectors").mkdir(parents=True)
    (folder / "index.sqlite").write_bytes(b"SQLite format 3\x00 half written")
    (folder / "index.sqlite-journal").write_bytes(b"x")
    (folder / "write.lock").touch()
    (folder / "vectors" / "abc.faiss").write_bytes(b"x")
    with Index.open_for_writing(folder, CONFIG) as idx:
        batch, n = prepared([make_document("a", ["bank"])])
        idx.add_batch(batch, np.ones((n, DIM), np.float32))
    with Index.open(folder) as idx:
        assert len(idx.candidates("bank")) == 1
    other = tmp_path / "other"
    other.mkdir()
    (other / "index.sqlite").write_bytes(b"x")
    (other / "notes.txt").write_text("mine")
    with pytest.raises(SensegrepError, match="not empty"):
        Index.open_for_writing(other, CONFIG)
    assert (other / "notes.txt").read_text() == "mine" and (other / "index.sqlite").exists()


def test_missing_index_says_how_to_create_one(tmp_path):
    with pytest.raises(SensegrepError, match="sensegrep --index"):
        Index.open(tmp_path / "nothing")


def test_failed_transaction_leaves_no_shard(index, monkeypatch):
    batch, n = prepared([make_document("a", ["bank"])])
    index.add_batch(batch, np.ones((n, DIM), np.float32))
    files_before = sorted(p.name for p in index.shards.folder.iterdir())
    # The same document hash again violates the unique constraint: the batch must vanish.
    with pytest.raises(Exception, match=r"(?i)unique"):
        index.add_batch(batch, np.ones((n, DIM), np.float32))
    assert sorted(p.name for p in index.shards.folder.iterdir()) == files_before
    assert len(index.candidates("bank")) == 1


def test_orphan_shards_are_removed_on_open(tmp_path):
    with Index.open_for_writing(tmp_path / "idx", CONFIG) as idx:
        idx.shards.write("orphan.faiss", np.ones((2, DIM), np.float32))
        (idx.shards.folder / "half-written.tmp").write_bytes(b"x")
    with Index.open_for_writing(tmp_path / "idx", CONFIG) as idx:
        assert list(idx.shards.folder.iterdir()) == []


def test_compaction_keeps_every_vector(index):
    rng = np.random.default_rng(1)
    expected = {}
    for i in range(5):
        doc = make_document(f"d{i}", ["bank", f"w{i}", "bank"])
        batch, n = prepared([doc])
        vectors = rng.standard_normal((n, DIM)).astype(np.float32)
        index.add_batch(batch, vectors)
        expected[f"d{i}"] = vectors
    before = index.candidates("bank")
    before_vectors = index.vectors(before.shard_ids, before.rows)
    assert index.compact(max_shards=2)
    after = index.candidates("bank")
    np.testing.assert_array_equal(after.ids, before.ids)
    np.testing.assert_array_equal(index.vectors(after.shard_ids, after.rows), before_vectors)
    assert len(list(index.shards.folder.iterdir())) == 1
    assert index.info()["shards"] == 1


def test_non_ascii_words_fold_case_like_python(index):
    batch, n = prepared([make_document("u", ["Über", "École", "über"])])
    index.add_batch(batch, np.ones((n, DIM), np.float32))
    assert len(index.candidates("über")) == 2
    assert len(index.candidates("ÜBER", by_form=True)) == 2
    assert len(index.candidates("école")) == 1


def test_lemma_runs_across_shards_keep_corpus_order_and_filters(index):
    rng = np.random.default_rng(3)
    for i in range(4):
        docs = [make_document(f"d{i}{j}", ["bank", "x", "bank"], {"n": i}) for j in range(2)]
        batch, n = prepared(docs)
        batch = [
            PreparedDocument(p.document, f"s{i}{j}", "t", p.vector_rows)
            for j, p in enumerate(batch)
        ]
        index.add_batch(batch, rng.standard_normal((n, DIM)).astype(np.float32))
    found = index.candidates("bank")
    assert len(found) == 16 and list(found.ids) == sorted(found.ids)
    sql_order = index.candidates("bank", by_form=True)
    np.testing.assert_array_equal(found.ids, sql_order.ids)
    np.testing.assert_array_equal(found.rows, sql_order.rows)
    assert len(index.candidates("bank", filters=Filters(where=[("n", "2")]))) == 4
    before = index.vectors(found.shard_ids, found.rows)
    index.compact(max_shards=1)
    after = index.candidates("bank")
    np.testing.assert_array_equal(after.ids, found.ids)
    np.testing.assert_array_equal(index.vectors(after.shard_ids, after.rows), before)


def test_vectors_located_before_a_compaction_are_read_after_it(tmp_path):
    """A reader without a lease (`serve --read-only`: storage/leases.py) locates
    occurrences, a writer merges their shards and deletes the old files, and the reader
    still gets the right vectors (located again by id)."""
    folder = tmp_path / "idx"
    rng = np.random.default_rng(0)
    with Index.open_for_writing(folder, CONFIG) as writer:
        for name in ("a", "b", "c"):
            batch, n = prepared([make_document(name, ["bank", "river", "bank"])])
            writer.add_batch(batch, rng.standard_normal((n, DIM)).astype(np.float32))
        with Index.open(folder, lease=False) as reader:
            found = reader.candidates("bank")
            before = reader.vectors_of(found)
            reader.shards.close()  # nothing cached: the reader must open the files again
            reader._shard_files.clear()
            found = reader.candidates("bank")  # located in the three batch shards
            assert writer.compact(max_shards=1)
            np.testing.assert_allclose(reader.vectors_of(found), before, rtol=1e-3)
            with pytest.raises(SensegrepError):  # the plain read meets the merged shards
                reader.vectors(found.shard_ids, found.rows)
