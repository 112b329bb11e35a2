"""Index format 2: words as vocabulary ids, sentences as token id ranges, packed lemma
runs; every field and filter reads as it did with strings in every row."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest

from sensegrep.document import Document, Sentence, Token
from sensegrep.errors import SensegrepError
from sensegrep.storage import Filters, Index, PreparedDocument, schema
from sensegrep.storage.sql import run as run_sql

from ..helpers import CONFIG, DIM

pytestmark = pytest.mark.usefixtures("backend")  # SQLite and PostgreSQL


def tagged(doc_id: str, sentences: list[list[tuple[str, str | None, str | None]]]) -> Document:
    """A document of (form, lemma, pos) sentences, words separated by spaces."""
    parts, built, at = [], [], 0
    for words in sentences:
        tokens = []
        for form, lemma, pos in words:
            tokens.append(Token(form, at, at + len(form), lemma=lemma, pos=pos))
            at += len(form) + 1
        built.append(Sentence(tokens))
        parts.append(" ".join(form for form, _l, _p in words))
    return Document(id=doc_id, text=" ".join(parts), sentences=built, metadata={"n": doc_id})


def store(index: Index, docs: list[Document], sha: str = "") -> None:
    batch, row = [], 0
    for doc in docs:
        rows = []
        for sentence in doc.sentences:
            rows.append(list(range(row, row + len(sentence.tokens))))
            row += len(sentence.tokens)
        batch.append(PreparedDocument(doc, f"sha-{doc.id}{sha}", "test", rows))
    vectors = np.random.default_rng(row).standard_normal((row, DIM)).astype(np.float32)
    index.add_batch(batch, vectors)


DOC = tagged(
    "a",
    [
        [("The", "the", "DET"), ("Banks", "bank", "NOUN"), ("rose", None, "VERB")],
        [("banks", "bank", "NOUN"), ("BANKS", "bank", None), ("fell", "fall", "verb")],
    ],
)


@pytest.mark.parametrize(
    "ids",
    [[7], [1, 2, 3], [5, 300, 70_000, 2**33, 2**33 + 1], [9, 3, 4], list(range(10, 5_000, 7))],
)
def test_run_ids_round_trip(ids):
    blob = schema.encode_ids(np.asarray(ids))
    np.testing.assert_array_equal(schema.decode_ids(blob), ids)
    ascending = all(b > a for a, b in itertools.pairwise(ids))
    assert schema.ids_ascending(blob) == (ascending and max(np.diff(ids), default=0) < 2**32)


def test_frequent_words_take_about_a_byte_per_occurrence():
    ids = np.cumsum(np.random.default_rng(0).integers(1, 200, 10_000))
    assert len(schema.encode_ids(ids)) == schema.RUN_HEADER + len(ids) - 1


def test_runs_packed_at_once_are_packed_as_one_by_one():
    rng = np.random.default_rng(1)
    for trial in range(200):
        n = int(rng.integers(1, 300))
        ids = np.cumsum(rng.integers(1, [2, 300, 70_000, 10**10][trial % 4], n))
        if trial % 5 == 0:
            ids = rng.integers(0, 1000, n)  # equal and falling ids: the signed width
        cuts = rng.choice(np.arange(1, n), size=min(n - 1, 15), replace=False) if n > 1 else []
        starts = np.concatenate([[0], np.sort(cuts)]).astype(np.int64)
        ends = np.append(starts[1:], n)
        one_by_one = [schema.encode_ids(ids[a:b]) for a, b in zip(starts, ends, strict=True)]
        assert schema.encode_runs(ids, starts, ends) == one_by_one


def test_every_field_reads_back_as_stored(index):
    store(index, [DOC])
    found = index.candidates("bank")
    assert len(found) == 3
    contexts = index.contexts(found.ids.tolist())
    got = [(c.form, c.lemma, c.pos, c.left, c.right) for c in contexts.values()]
    assert got == [
        ("Banks", "bank", "NOUN", "The ", " rose"),
        ("banks", "bank", "NOUN", "", " BANKS fell"),
        ("BANKS", "bank", None, "banks ", " fell"),
    ]
    rose = index.candidates("rose")
    assert index.contexts(rose.ids.tolist())[int(rose.ids[0])].lemma == "rose"  # no lemma
    sentence = index.sentence_tokens([int(found.ids[1])])[int(found.ids[1])]
    assert [(t.form, t.lemma, t.pos, t.start, t.is_target) for t in sentence] == [
        ("banks", "bank", "NOUN", 0, True),
        ("BANKS", "bank", None, 6, False),
        ("fell", "fall", "verb", 12, False),
    ]


def test_form_lookup_folds_case_across_vocabulary_entries(index):
    store(index, [DOC])
    assert len(index.candidates("banks", by_form=True)) == 3
    assert len(index.candidates("Bank", by_form=True)) == 0  # a lemma, not a form
    lemma_order = index.candidates("bank")
    form_order = index.candidates("BANKS", by_form=True)
    np.testing.assert_array_equal(form_order.ids, lemma_order.ids)
    np.testing.assert_array_equal(form_order.rows, lemma_order.rows)


def test_pos_filter_is_case_insensitive_on_tags(index):
    store(index, [DOC])
    assert len(index.candidates("bank", filters=Filters(pos=["noun"]))) == 2
    assert len(index.candidates("fall", filters=Filters(pos=["VERB"]))) == 1
    assert len(index.candidates("bank", filters=Filters(pos=["X"]))) == 0


def test_sentence_reads_use_id_ranges(index):
    store(index, [DOC, tagged("b", [[("bank", None, None)]])])
    with index.engine.connect() as conn:
        ids = [r[0] for r in run_sql(conn, "SELECT id FROM sentences ORDER BY id")]
    words = index.sentence_words(ids)
    assert list(words.values()) == [["The", "Banks", "rose"], ["banks", "BANKS", "fell"], ["bank"]]
    lemmas = index.sentence_lemmas(index.candidates("fall").ids.tolist())
    assert list(lemmas.values()) == [[("bank", "NOUN"), ("bank", None)]]
    counts, total = index.sentence_frequencies(["bank", "fall", "none"])
    assert counts == {"bank": 3, "fall": 1} and total == 3


def test_removal_and_replacement_keep_ranges_and_runs_sound(index):
    store(index, [DOC, tagged("b", [[("bank", None, None), ("x", None, None)]])])
    store(index, [tagged("a", [[("Banks", "bank", "NOUN")]])], sha="-new")  # a second "a"
    removal = index.remove(docs=["a"])
    assert removal.documents == 2 and removal.occurrences == 7
    assert index.check() == []
    assert len(index.candidates("bank")) == 1 and index.info()["tokens"] == 2
    assert index.info()["lemmas"] == 2


def test_check_finds_a_token_outside_its_sentence_and_a_bad_run(index):
    store(index, [DOC])
    assert index.check() == []
    with index.engine.begin() as conn:
        run_sql(conn, "UPDATE tokens SET sentence_id = sentence_id + 1 WHERE id = 1")
        run_sql(conn, "UPDATE lemma_runs SET ids = ? WHERE lemma_key = 'the'", (b"\x03\x01",))
    problems = index.check()
    assert any("outside their sentence" in p for p in problems)
    assert any("1 malformed" in p for p in problems)


def test_an_index_of_format_1_asks_to_be_rebuilt(tmp_path):
    folder = tmp_path / "idx"
    with Index.open_for_writing(folder, CONFIG):
        pass
    manifest = json.loads((folder / "manifest.json").read_text())
    (folder / "manifest.json").write_text(json.dumps({**manifest, "format_version": 1}))
    for opening in (lambda: Index.open(folder), lambda: Index.open_for_writing(folder, CONFIG)):
        with pytest.raises(SensegrepError, match=r"index format 1; .* format 2: rebuild"):
            opening()
