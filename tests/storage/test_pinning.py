"""Snapshot pinning (issue 26): the shard files a compaction merges away stay on disk while
a reader that opened before it is open, so the reader reads its vectors from the very
files it located them in (no relocation by id); they go once it has closed and a writer
runs, and a reader that died or outlived its lease's age keeps nothing."""

from __future__ import annotations

import json
import multiprocessing
import os
import re
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import sensegrep
from sensegrep.errors import QueryError
from sensegrep.storage import Index, any_word, leases, occurrences, schema, token_store

from ..helpers import CONFIG, DIM, index_corpus, make_document, prepared, run, write_jsonl
from ..helpers import sensegrep as in_a_process

pytestmark = pytest.mark.usefixtures("backend")  # SQLite and PostgreSQL


def _three_shards(folder: Path) -> tuple[Index, np.ndarray]:
    """A writer holding 3 shards, one batch of 2 documents (bank, river) each; the
    vectors of the 6 banks in corpus order."""
    writer = Index.open_for_writing(folder, CONFIG)
    rng = np.random.default_rng(7)
    banks = []
    for batch in range(3):
        docs = [make_document(f"b{batch}-{n}", ["bank", "river"]) for n in range(2)]
        rows, n = prepared(docs)
        vectors = rng.normal(size=(n, DIM)).astype(np.float32)
        writer.add_batch(rows, vectors)
        banks.append(vectors[[0, 2]])
    return writer, np.concatenate(banks)


def _shard_files(index: Index) -> set[str]:
    with index.engine.connect() as conn:
        return set(conn.scalars(schema.shards.select().with_only_columns(schema.shards.c.file)))


def _on_disk(index: Index) -> set[str]:
    return {p.name for p in index.shards.folder.glob("*.faiss")}


def test_a_reader_reads_merged_shards_from_its_own_files_until_it_closes(tmp_path: Path):
    folder = tmp_path / "idx"
    writer, banks = _three_shards(folder)
    old = _shard_files(writer)
    assert len(old) == 3
    reader = Index.open(folder)
    found = reader.candidates("bank")  # located in the 3 shards, then they are merged:
    assert writer.compact(max_shards=0)
    assert _shard_files(writer).isdisjoint(old) and old <= _on_disk(writer)
    sizes = sum((writer.shards.folder / name).stat().st_size for name in old)
    assert writer.info()["retired_bytes"] == sizes  # on disk, awaiting the reader

    read_from: list[str] = []
    rows_of = reader.shards.rows
    reader.shards.rows = lambda name, rows: read_from.append(name) or rows_of(name, rows)
    relocations = occurrences.COUNTERS["relocations"]
    got = reader.vectors_of(found)
    np.testing.assert_allclose(got, banks, atol=2e-3)
    assert set(read_from) == old  # the same files, not the merged one
    assert occurrences.COUNTERS["relocations"] == relocations  # no relocation by id

    reader.close()
    assert old <= _on_disk(writer)  # a reader never deletes
    writer.close()  # the next write (its close, open or compaction) does
    assert _on_disk(writer) == _shard_files(writer) and len(_on_disk(writer)) == 1
    with Index.open_for_writing(folder, CONFIG) as again:
        assert again.info()["retired_bytes"] == 0 and again.check() == []
        np.testing.assert_allclose(again.vectors_of(again.candidates("bank")), banks, atol=2e-3)


def test_a_file_stays_for_the_readers_opened_before_its_merge_only(tmp_path: Path):
    folder = tmp_path / "idx"
    writer, _ = _three_shards(folder)
    old = _shard_files(writer)
    before = Index.open(folder)
    assert writer.compact(max_shards=0)  # retires the three shards
    merged = _shard_files(writer)
    after = Index.open(folder)  # opened after that merge: needs only the merged file
    writer.add_batch(*_batch("late"))
    assert writer.compact(max_shards=0)  # retires the merged shard and the late one
    assert len(after.vectors_of(after.candidates("bank"))) == 7
    writer.close()
    assert old | merged <= _on_disk(writer)  # `before` may need them all
    before.close()
    with Index.open_for_writing(folder, CONFIG) as writer:
        on_disk = _on_disk(writer)
        assert old.isdisjoint(on_disk) and merged <= on_disk  # `after` may need this one
    after.close()
    with Index.open_for_writing(folder, CONFIG) as writer:
        assert _on_disk(writer) == _shard_files(writer)


def _batch(name: str) -> tuple[list, np.ndarray]:
    rows, n = prepared([make_document(name, ["bank"])])
    return rows, np.ones((n, DIM), np.float32)


def _open_and_die(folder: str) -> None:
    Index.open(Path(folder))  # takes its lease, then dies without closing
    os._exit(0)


def test_a_dead_readers_lease_pins_nothing(tmp_path: Path):
    folder = tmp_path / "idx"
    writer, _ = _three_shards(folder)
    old = _shard_files(writer)
    dead = multiprocessing.get_context("spawn").Process(target=_open_and_die, args=(str(folder),))
    dead.start()
    dead.join(60)
    assert dead.exitcode == 0 and len(list((folder / leases.FOLDER).glob("*.json"))) == 1
    assert writer.compact(max_shards=0)  # the dead process's lease is ignored and removed
    assert old.isdisjoint(_on_disk(writer)) and writer.info()["retired_bytes"] == 0
    assert not list((folder / leases.FOLDER).glob("*.json"))
    writer.close()


def test_an_expired_lease_pins_nothing_and_its_reader_relocates(tmp_path: Path):
    folder = tmp_path / "idx"
    writer, banks = _three_shards(folder)
    old = _shard_files(writer)
    with Index.open(folder) as reader:
        found = reader.candidates("bank")
        (lease,) = (folder / leases.FOLDER).glob("*.json")
        record = json.loads(lease.read_text())
        record["created"] -= leases.MAX_AGE_S + 1  # a live process, but too long ago
        lease.write_text(json.dumps(record))
        assert writer.compact(max_shards=0)
        assert old.isdisjoint(_on_disk(writer))  # not kept for it
        relocations = occurrences.COUNTERS["relocations"]
        np.testing.assert_allclose(reader.vectors_of(found), banks, atol=2e-3)
        assert occurrences.COUNTERS["relocations"] == relocations + 1  # the fallback
    writer.close()


def test_shard_ids_are_never_handed_out_again(tmp_path: Path):
    """A reader's (shard, row) must never name another file's row: after every document
    is removed, the next shard gets a new id, not 1 again."""
    folder = tmp_path / "idx"
    writer, _ = _three_shards(folder)
    with Index.open(folder) as reader:
        located = reader.candidates("bank")
        writer.remove(docs=[f"b{b}-{n}" for b in range(3) for n in range(2)])
        writer.add_batch(*_batch("new"))
        new_ids = set(writer.candidates("bank").shard_ids.tolist())
        assert new_ids.isdisjoint(located.shard_ids.tolist())
        assert len(reader.vectors_of(located)) == 6  # its snapshot, from the retired files
    writer.close()


def test_compact_and_info_say_the_bytes_kept_for_open_readers(tmp_path: Path, runner: CliRunner):
    """`compact` and `info` stay truthful while merged shards wait for a reader: their
    bytes are counted in the size, and said apart; once the reader has closed, the next
    write deletes them and the figures are the folder's files again."""
    idx = tmp_path / "idx"
    docs = [{"id": f"d{i}", "text": f"the bank of the river number {i}"} for i in range(40)]
    index_corpus(runner, idx, write_jsonl(tmp_path / "c.jsonl", docs))
    reader = Index.open(idx)
    gone = [a for i in range(0, 40, 2) for a in ("--doc", f"d{i}")]
    assert run(runner, idx, "remove", *gone)[0] == 0  # half dead: remove compacts
    code, _, err = run(runner, idx, "compact")
    assert code == 0, err
    kept = sum(
        p.stat().st_size for p in (idx / "vectors").glob("*.faiss") if p.name not in _live(idx)
    )
    assert kept > 0  # the shards `remove` merged, and the one it made, merged by `compact`
    found = re.search(r"→ ([\d,]+) bytes, ([\d,]+) of them merged shards kept", err)
    assert found, err
    after, said = (int(n.replace(",", "")) for n in found.groups())
    stats = json.loads(run(runner, idx, "info", "--json")[1])
    assert said == kept == stats["retired_bytes"] and after == stats["disk_bytes"]
    code, out, _ = run(runner, idx, "info")
    assert code == 0 and re.search(rf"retired bytes\s+{kept:,}\n", out), out
    reader.close()
    code, _, err = run(runner, idx, "compact")
    assert code == 0 and "kept" not in err, err
    stats = json.loads(run(runner, idx, "info", "--json")[1])
    assert stats["retired_bytes"] == 0 and stats["vector_bytes"] == _du(idx / "vectors")
    assert {p.name for p in (idx / "vectors").glob("*.faiss")} == _live(idx)


def _live(idx: Path) -> set[str]:
    with Index.open(idx) as index:
        return _shard_files(index)


def _du(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _words(n: int, start: int = 0) -> list:
    """``n`` one-sentence documents of 6 words each, with random vectors."""
    docs = [
        make_document(f"w{i}", [f"word{(i * 6 + j) % 50}" for j in range(6)])
        for i in range(start, start + n)
    ]
    rows, count = prepared(docs)
    return rows, np.random.default_rng(start).normal(size=(count, DIM)).astype(np.float32)


def test_a_reader_opens_the_any_word_file_it_read_the_name_of(tmp_path: Path, monkeypatch):
    """A reader reads the ANN file's name, then a writer publishes a new one: the old file
    stays until the reader closes (on main it was deleted at once, and the reader's search
    across words failed on the missing file)."""
    monkeypatch.setattr(any_word, "MIN_TRAIN", 300)
    monkeypatch.setattr(any_word, "TAIL_MAX", 0)  # every upkeep rebuilds or extends it
    folder = tmp_path / "idx"
    writer = Index.open_for_writing(folder, CONFIG)
    writer.add_batch(*_words(100))  # 600 occurrences
    assert writer.update_ann() == "built"
    first = any_word.state(writer).file
    query = np.random.default_rng(99).normal(size=DIM).astype(np.float32)
    with Index.open(folder) as other:
        expected = other.nearest(query, 5)  # the answer of the state both readers opened at

    reader = Index.open(folder)
    opened = reader.shards.ann

    def publish_first(name: str):  # the writer's upkeep lands between name and open
        if not hasattr(publish_first, "done"):
            publish_first.done = True
            writer.add_batch(*_words(20, start=100))
            assert writer.update_ann() in ("built", "extended")
            assert any_word.state(writer).file != name == first
        return opened(name)

    reader.shards.ann = publish_first
    ids, scores = reader.nearest(query, 5)
    np.testing.assert_array_equal(ids, expected[0])
    np.testing.assert_allclose(scores, expected[1], atol=1e-5)
    assert (folder / "vectors" / first).is_file() and writer.check() == []
    assert writer.info()["retired_bytes"] == (folder / "vectors" / first).stat().st_size
    reader.close()
    writer.close()  # the next write after the reader closed deletes it
    assert not (folder / "vectors" / first).exists()
    with Index.open_for_writing(folder, CONFIG) as again:
        assert again.info()["retired_bytes"] == 0 and again.check() == []


def test_an_ann_rebuild_with_no_reader_open_deletes_the_old_file_at_once(tmp_path, monkeypatch):
    monkeypatch.setattr(any_word, "MIN_TRAIN", 300)
    monkeypatch.setattr(any_word, "TAIL_MAX", 0)
    with Index.open_for_writing(tmp_path / "idx", CONFIG) as writer:
        writer.add_batch(*_words(100))
        writer.update_ann()
        first = any_word.state(writer).file
        writer.add_batch(*_words(20, start=100))
        writer.update_ann()
        files = {p.name for p in writer.shards.folder.iterdir()}
        assert first not in files and any_word.state(writer).file in files


RIVERS = [{"id": f"d{i}", "text": f"The bank of river {i} was steep."} for i in range(8)]
EDITS = [
    {"id": "d3", "text": "A bank lent us money today, said the bank of Leeds."},
    {"id": "d3", "text": "The bank of river 3 was steep."},
]
QUERIES = [("bank", {}), ("", {"cql": '[lemma="bank"] [word="of"]'})]


def _lines(hits) -> tuple[list[tuple], int]:
    return sorted((h.doc, h.left, h.form, h.right, h.sentence) for h in hits), hits.total


def _answers(idx: Path) -> list[tuple[list[tuple], int]]:
    with sensegrep.open(idx) as fresh:
        return [_lines(fresh.search(word, k=100, **options)) for word, options in QUERIES]


def test_a_reader_reads_concordances_and_totals_through_replaces_and_compactions(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
):
    """The token store's segments are not leased: a reader maps every segment of its
    snapshot when it takes it (token_store.snapshot), and a mapping outlives the file.
    So a search's steps may see two states, never a deleted or wrong segment: a writer
    replaces a document and compacts (rewriting every segment and deleting the old
    files) at each point where the reader's search takes a snapshot, and each line is
    one of the state before or after, every untouched document's line is there, and
    the next search gives what a reader opened afterwards gives."""
    idx = index_corpus(runner, tmp_path / "idx", write_jsonl(tmp_path / "c.jsonl", RIVERS))
    reader = sensegrep.open(idx)  # opened before every compaction below
    taken = token_store.snapshot
    fire = {"at": -1, "seen": 0, "edits": 0}

    def hooked(handles):
        current = taken(handles)  # its segments are mapped now
        if handles is not reader.storage:  # the writer's, a fresh reader's
            return current
        if fire["seen"] == fire["at"]:
            with sensegrep.open(idx) as writer:  # replaces d3, compacts: new segments
                edit = EDITS[fire["edits"] % 2]
                writer.add(write_jsonl(tmp_path / "edit.jsonl", [edit]))
                writer.compact()
            fire["edits"] += 1
            gone = {s.path.name for s in current.segments}
            assert gone.isdisjoint(p.name for p in (idx / token_store.FOLDER).iterdir())
        fire["seen"] += 1
        return current

    monkeypatch.setattr(token_store, "snapshot", hooked)
    monkeypatch.setattr(Index, "token_snapshot", hooked)
    for query, (word, options) in enumerate(QUERIES):
        at = 0
        while True:  # the writer runs at the search's first snapshot, its second, …
            before, edits = _answers(idx)[query], fire["edits"]
            fire.update(at=at, seen=0)
            reader.searcher._counted.clear()  # totals kept from the last search: count again
            got, total = _lines(reader.search(word, k=100, **options))
            if fire["edits"] == edits:
                break  # this search takes fewer snapshots: every point was tried
            after = _answers(idx)[query]
            assert after != before  # the writer ran mid-search
            assert set(got) <= set(before[0]) | set(after[0]), at
            untouched = {line for line in before[0] if line[0] != "d3"}
            assert untouched <= set(got) and total in (before[1], after[1]), at
            assert _lines(reader.search(word, k=100, **options)) == after
            at += 1
        assert at >= 3, (word, at)  # candidates, their documents and the corpus size at least
    fire["at"] = -1
    assert reader.check() == []
    reader.close()


@pytest.mark.parametrize("kill_at", ["compact:before-commit:1", "compact:committed:1"])
def test_a_compaction_killed_under_a_reader_leaves_it_its_files(tmp_path: Path, kill_at: str):
    """`compact` SIGKILLed before or after its commit, while a reader is open: the reader
    reads its vectors from the files it located them in either way; `check` is clean
    with the retired files there; the next write after the reader closes deletes them."""
    folder = tmp_path / "idx"
    writer, banks = _three_shards(folder)
    old = _shard_files(writer)
    writer.close()
    reader = Index.open(folder)
    found = reader.candidates("bank")
    killed = in_a_process(folder, "compact", kill_at=kill_at)
    assert killed.returncode == -9, killed.stderr
    relocations = occurrences.COUNTERS["relocations"]
    np.testing.assert_allclose(reader.vectors_of(found), banks, atol=2e-3)
    assert occurrences.COUNTERS["relocations"] == relocations
    assert old <= _on_disk(reader) and reader.check() == []
    merged = kill_at == "compact:committed:1"
    assert _shard_files(reader).isdisjoint(old) == merged
    with Index.open_for_writing(folder, CONFIG) as again:  # the reader is still open
        assert old <= _on_disk(again) and again.check() == []
        assert (again.info()["retired_bytes"] > 0) == merged
    reader.close()
    with Index.open_for_writing(folder, CONFIG) as again:
        assert _on_disk(again) == _shard_files(again) and again.check() == []
        assert again.info()["retired_bytes"] == 0
        np.testing.assert_allclose(again.vectors_of(again.candidates("bank")), banks, atol=2e-3)


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and not p.name.endswith("-shm")
    }


def test_a_reader_opened_without_a_lease_writes_nothing_and_relocates(tmp_path: Path):
    """``sensegrep.open(lease=False)`` (what `serve --read-only` opens): not a byte is
    written into the folder, so nothing is kept for it: after a compaction it locates
    its vectors again by id, and they are the same."""
    folder = tmp_path / "idx"
    writer, banks = _three_shards(folder)
    old, before = _shard_files(writer), _files(folder)
    with sensegrep.open(folder, lease=False) as index:
        found = index.storage.candidates("bank")
        assert _files(folder) == before  # no lease, no file at all
        assert writer.compact(max_shards=0)
        assert old.isdisjoint(_on_disk(writer)) and writer.info()["retired_bytes"] == 0
        relocations = occurrences.COUNTERS["relocations"]
        np.testing.assert_allclose(index.storage.vectors_of(found), banks, atol=2e-3)
        assert occurrences.COUNTERS["relocations"] == relocations + 1
    writer.close()
    with pytest.raises(QueryError, match="lease"):
        sensegrep.open(folder, lease="maybe")


def test_a_reader_without_a_lease_reads_the_new_any_word_file(tmp_path: Path, monkeypatch):
    """Nothing is kept for a reader without a lease (`serve --read-only`): the ANN file
    it read the name of is deleted by the rebuild, and it reads the state again."""
    monkeypatch.setattr(any_word, "MIN_TRAIN", 300)
    monkeypatch.setattr(any_word, "TAIL_MAX", 0)
    folder = tmp_path / "idx"
    writer = Index.open_for_writing(folder, CONFIG)
    writer.add_batch(*_words(100))
    assert writer.update_ann() == "built"
    first = any_word.state(writer).file
    query = np.random.default_rng(99).normal(size=DIM).astype(np.float32)
    reader = Index.open(folder, lease=False)
    opened = reader.shards.ann

    def publish_first(name: str):
        if name == first:
            writer.add_batch(*_words(20, start=100))
            assert writer.update_ann() in ("built", "extended")
        return opened(name)

    reader.shards.ann = publish_first
    ids, scores = reader.nearest(query, 5)
    assert not (folder / "vectors" / first).exists()  # not kept for it
    with Index.open(folder) as fresh:
        expected = fresh.nearest(query, 5)
    np.testing.assert_array_equal(ids, expected[0])
    np.testing.assert_allclose(scores, expected[1], atol=1e-5)
    reader.close()
    writer.close()


def test_check_beside_a_compaction_reports_a_sound_index_as_sound(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
):
    """`check` reads the token store's segments and then the tokens table: a writer
    that replaces a document and compacts between the two made a sound index look
    damaged ("its tokens differ"). What it finds while the index changed is checked
    again, so it reports what is there."""
    idx = index_corpus(runner, tmp_path / "idx", write_jsonl(tmp_path / "c.jsonl", RIVERS))
    checker = sensegrep.open(idx)
    taken = token_store.snapshot
    fired = []

    def hooked(handles):
        current = taken(handles)  # the segments before the writer runs
        if handles is checker.storage and not fired:
            fired.append(True)
            with sensegrep.open(idx) as writer:
                writer.add(write_jsonl(tmp_path / "edit.jsonl", [EDITS[0]]))
                writer.compact()
        return current

    monkeypatch.setattr(token_store, "snapshot", hooked)
    assert checker.check() == [] and fired
    checker.close()
