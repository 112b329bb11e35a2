"""A document indexed again with other content (same id): --on-duplicate replace|keep|error.

Replace is the default: the old version leaves search, senses, labels and info; hand-set
labels follow sentences that did not change; ids are never reused; the space of removed
vectors is reclaimed by compaction."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from sensegrep.storage import Index, leases, retry_stale, schema
from sensegrep.storage.occurrences import StaleRead

from ..helpers import CONFIG, DIM, hits, make_document, prepared, run, write_jsonl

pytestmark = pytest.mark.usefixtures("backend")  # SQLite and PostgreSQL

OLD = {"id": "d1", "text": "We sat on the bank of the river. The bank raised its rates."}
NEW = {"id": "d1", "text": "We sat on the bank of the river. A bank lent us money today."}
OTHER = {"id": "d2", "text": "The grassy bank sloped down to the stream."}


def index_files(runner: CliRunner, idx: Path, *paths: Path, options: tuple[str, ...] = ()):
    return run(runner, idx, "index", *map(str, paths), "--model", "fake:16", *options)


def bank_hits(runner: CliRunner, idx: Path) -> list[dict]:
    code, out, err = run(runner, idx, "search", "bank", "--format", "jsonl")
    assert code == 0, err
    return hits(out)


def test_a_changed_document_replaces_its_old_version(tmp_path: Path, runner: CliRunner):
    idx, corpus = tmp_path / "idx", tmp_path / "c.jsonl"
    assert index_files(runner, idx, write_jsonl(corpus, [OLD, OTHER]))[0] == 0
    old_ids = {h["id"] for h in bank_hits(runner, idx)}

    code, _, err = index_files(runner, idx, write_jsonl(corpus, [NEW, OTHER]))
    assert code == 0, err
    assert "1 replacing older versions" in err
    found = bank_hits(runner, idx)
    assert sorted(h["sentence"] for h in found) == sorted(
        [
            "We sat on the bank of the river.",
            "A bank lent us money today.",
            "The grassy bank sloped down to the stream.",
        ]
    )
    # New occurrences get new ids, never an old one: label files and exports stay valid.
    assert min(h["id"] for h in found if h["doc"] == "d1") > max(old_ids)
    info = json.loads(run(runner, idx, "info", "--json")[1])
    # spaCy tags the text, so only content words are occurrences: 7 in d1's new text
    # (sat bank river bank lent money today), 4 in d2 (grassy bank sloped stream).
    assert (info["documents"], info["occurrences"]) == (2, 7 + 4)
    assert run(runner, idx, "check")[0] == 0


def test_labels_follow_unchanged_sentences_and_leave_with_changed_ones(
    tmp_path: Path, runner: CliRunner
):
    idx, corpus = tmp_path / "idx", tmp_path / "c.jsonl"
    index_files(runner, idx, write_jsonl(corpus, [OLD]))
    by_sentence = {h["sentence"][:6]: h["id"] for h in bank_hits(runner, idx)}
    run(runner, idx, "label", str(by_sentence["We sat"]), "--as", "shore")
    run(runner, idx, "label", str(by_sentence["The ba"]), "--as", "finance")

    code, _, err = index_files(runner, idx, write_jsonl(corpus, [NEW]))
    assert code == 0, err
    # The label that went is said, not lost silently (issue 23).
    assert "note: 1 label(s) set after indexing (by hand or classify --apply) went with" in err
    assert "shore" not in err.split("note: 1 label")[1]
    labels = {h["sentence"][:6]: h["label"] for h in bank_hits(runner, idx)}
    assert labels == {"We sat": "shore", "A bank": None}
    code, out, _ = run(runner, idx, "labels", "bank", "--format", "jsonl")
    assert code == 0 and "finance" not in out and "shore" in out


def test_a_label_set_while_its_document_is_replaced_is_carried_or_refused_never_lost(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
):
    """Pass 32b: on PostgreSQL, an annotator labelled an occurrence of an unchanged
    sentence after a new version's commit had read the old version's labels and before
    it deleted its rows: `label` said "labelled 1", the rows went with the label, and the
    new version's occurrence was unlabelled, unsaid. Now the label is either carried (it
    came before the read) or refused in one line (it waited for the commit)."""
    import threading
    import time

    import sensegrep
    from sensegrep.errors import SensegrepError
    from sensegrep.storage import removal

    idx, corpus = tmp_path / "idx", tmp_path / "c.jsonl"
    index_files(runner, idx, write_jsonl(corpus, [OLD]))
    kept = next(h["id"] for h in bank_hits(runner, idx) if h["sentence"].startswith("We sat"))
    outcome: list[object] = []

    def annotate() -> None:
        try:
            with sensegrep.open(idx) as other:  # another process, as `sensegrep label`
                outcome.append(other.label([kept], "shore"))
        except SensegrepError as error:
            outcome.append(error)

    read = removal._labels_to_carry

    def annotator_meanwhile(conn, docs):
        carried = read(conn, docs)
        annotator = threading.Thread(target=annotate)
        annotator.start()
        time.sleep(1.5)  # its write, unless it waits for this commit
        threads.append(annotator)
        return carried

    threads: list[threading.Thread] = []
    monkeypatch.setattr(removal, "_labels_to_carry", annotator_meanwhile)
    code, _, err = index_files(runner, idx, write_jsonl(corpus, [NEW]))
    assert code == 0, err
    monkeypatch.undo()
    for thread in threads:
        thread.join(timeout=60)
    assert len(outcome) == 1
    labels = {h["sentence"][:6]: h["label"] for h in bank_hits(runner, idx)}
    if isinstance(outcome[0], SensegrepError):  # it waited for the commit: refused
        assert "was removed by another process" in str(outcome[0])
        assert labels["We sat"] is None
    else:  # it was stored: the new version's unchanged sentence has it
        assert labels["We sat"] == "shore", (outcome, labels)


def test_sense_runs_keep_their_numbers_when_occurrences_are_replaced(
    tmp_path: Path, runner: CliRunner
):
    idx, corpus = tmp_path / "idx", tmp_path / "c.jsonl"
    index_files(runner, idx, write_jsonl(corpus, [OLD, OTHER]))
    code, out, err = run(runner, idx, "senses", "bank", "--format", "jsonl")
    assert code == 0, err
    run_id = hits(out)[0]["run"]

    assert index_files(runner, idx, write_jsonl(corpus, [NEW, OTHER]))[0] == 0
    with Index.open(idx) as index, index.engine.connect() as conn:
        kept = conn.execute(schema.sense_runs.select()).all()
        members = conn.execute(schema.sense_members.select()).all()
    assert [r.id for r in kept] == [run_id]  # the run stays; the replaced occurrences left it
    assert len(members) == 1  # d1 left with its occurrences (its new version has new ids)
    code, out, err = run(runner, idx, "senses", "bank", "--format", "jsonl")
    assert code == 0, err
    assert {s["run"] for s in hits(out)} == {run_id}
    assert sum(s["size"] for s in hits(out)) == 3  # the new occurrence assigned to it


def test_keep_keeps_both_versions(tmp_path: Path, runner: CliRunner):
    idx, corpus = tmp_path / "idx", tmp_path / "c.jsonl"
    index_files(runner, idx, write_jsonl(corpus, [OLD]))
    code, _, err = index_files(
        runner, idx, write_jsonl(corpus, [NEW]), options=("--on-duplicate", "keep")
    )
    assert code == 0, err
    assert len(bank_hits(runner, idx)) == 4


def test_error_reports_the_line_keeps_the_old_version_and_can_be_replaced_later(
    tmp_path: Path, runner: CliRunner
):
    idx, corpus = tmp_path / "idx", tmp_path / "c.jsonl"
    index_files(runner, idx, write_jsonl(corpus, [OLD]))
    edited = write_jsonl(tmp_path / "edited.jsonl", [OTHER, NEW])
    code, _, err = index_files(runner, idx, edited, options=("--on-duplicate", "error"))
    assert code == 1
    assert f'{edited}:2: document id "d1" is already indexed (from {corpus})' in err
    sentences = {h["sentence"] for h in bank_hits(runner, idx)}
    assert "The bank raised its rates." in sentences  # old version kept
    assert "The grassy bank sloped down to the stream." in sentences  # the rest indexed

    # The file with the refused document is not marked done: replacing it works later.
    code, _, err = index_files(runner, idx, edited)
    assert code == 0, err
    assert "A bank lent us money today." in {h["sentence"] for h in bank_hits(runner, idx)}
    assert len(bank_hits(runner, idx)) == 3


def test_two_versions_in_one_run_the_later_wins_and_is_reported(tmp_path: Path, runner: CliRunner):
    idx = tmp_path / "idx"
    first = write_jsonl(tmp_path / "a.jsonl", [OLD])
    second = write_jsonl(tmp_path / "b.jsonl", [OTHER, NEW])
    code, _, err = index_files(runner, idx, first, second)
    assert code == 1
    assert f'{second}:2: document id "d1" was also given by {first} in this run' in err
    assert {h["doc"] for h in bank_hits(runner, idx)} == {"d1", "d2"}
    assert len(bank_hits(runner, idx)) == 3


def test_two_versions_in_one_file_keep_the_later_however_often_it_is_indexed(
    tmp_path: Path, runner: CliRunner
):
    """The message says the later replaces the earlier, and so it was on the first run;
    but the line ended "(record skipped)", the file was marked read in part, and the
    next run put the EARLIER version back (the later one, equal to the stored, was
    skipped as already indexed): the index depended on how often the same file was
    indexed (issue 23). With another bad record the file is read again each time, and
    the later version stays."""
    for extra in ([], [{"id": "d3"}]):  # a record without text: the file read in part
        idx = tmp_path / f"idx{len(extra)}"
        corpus = write_jsonl(tmp_path / f"c{len(extra)}.jsonl", [OLD, OTHER, NEW, *extra])
        said = f'{corpus}:3: document id "d1" was also given by {corpus} in this run'
        for again in range(3):
            code, _, err = index_files(runner, idx, corpus)
            if again == 0 or extra:
                line = next(line for line in err.splitlines() if said in line)
                assert code == 1 and line.endswith("--on-duplicate keep)"), line
            else:  # read whole: recorded as indexed, not read again
                assert code == 0 and "1 unchanged" in err, err
            sentences = {h["sentence"] for h in bank_hits(runner, idx)}
            assert "A bank lent us money today." in sentences, (extra, again, err)
            assert "The bank raised its rates." not in sentences


def test_a_version_from_another_file_replacing_an_indexed_one_is_named(
    tmp_path: Path, runner: CliRunner
):
    """Two files give d1; the later one's version wins the first run, as said. The
    earlier file, read in part (a record without text), is read again by the same
    command run again, and its d1 replaced the later file's version with nothing said:
    the index changed under an unchanged folder (pass 33g). It is named now."""
    idx = tmp_path / "idx"
    first = write_jsonl(tmp_path / "a.jsonl", [OLD, {"id": "d3"}])
    second = write_jsonl(tmp_path / "b.jsonl", [OTHER, NEW])
    code, _, err = index_files(runner, idx, first, second)
    assert f'document id "d1" was also given by {first} in this run' in err
    assert "A bank lent us money today." in {h["sentence"] for h in bank_hits(runner, idx)}
    code, _, err = index_files(runner, idx, first, second)
    assert code == 1  # the record without text, again
    note = next((line for line in err.splitlines() if "indexed from another file" in line), err)
    assert f"d1 ({first}, replacing the version from {second})" in note, note
    assert "The bank raised its rates." in {h["sentence"] for h in bank_hits(runner, idx)}


# -- storage level: runs split, vectors intact, space reclaimed --------------------------


def test_removed_occurrences_leave_runs_and_the_rest_keep_their_vectors(tmp_path: Path):
    docs = [make_document(name, ["bank", "river", "bank"]) for name in ("a", "b", "c")]
    batch, n = prepared(docs)
    vectors = np.random.default_rng(0).standard_normal((n, DIM)).astype(np.float32)
    with Index.open_for_writing(tmp_path / "idx", CONFIG) as index:
        index.add_batch(batch, vectors)
        before = index.candidates("bank")
        kept = ~np.isin(before.ids, index.candidates_by_id(before.ids[2:4]).ids)
        new, _ = prepared([make_document("b", ["river", "stream"])])
        index.add_batch(new, np.zeros((2, DIM), np.float32), replace=["b"])

        after = index.candidates("bank")
        np.testing.assert_array_equal(after.ids, before.ids[kept])
        np.testing.assert_allclose(
            index.vectors_of(after), vectors[[0, 2, 6, 8]], atol=2e-3
        )  # rows of a and c's banks, in the shard that still holds b's dead rows
        assert len(index.candidates("river")) == 3 and len(index.candidates("stream")) == 1
        assert index.check() == []


def test_compaction_reclaims_the_rows_of_replaced_documents(tmp_path: Path):
    docs = [make_document(f"d{i}", ["bank", "river"]) for i in range(10)]
    batch, n = prepared(docs)
    with Index.open_for_writing(tmp_path / "idx", CONFIG) as index:
        index.add_batch(batch, np.ones((n, DIM), np.float32))
        assert not index.compact()  # nothing removed yet
        again, _ = prepared([make_document(f"d{i}", ["bank"]) for i in range(8)])
        index.add_batch(again, np.ones((8, DIM), np.float32), replace=[f"d{i}" for i in range(8)])
        assert index.compact()  # 16 of the 28 stored rows were dead
        info = index.info()
        with index.engine.connect() as conn:
            stored = conn.execute(schema.shards.select()).all()
        assert [row.count for row in stored] == [info["occurrences"]] == [12]
        assert len(index.candidates("bank")) == 10 and index.check() == []


def test_a_read_overtaken_by_removal_and_compaction_is_stale_and_read_again(tmp_path: Path):
    docs = [make_document(name, ["bank", "river"]) for name in ("a", "b")]
    batch, n = prepared(docs)
    with Index.open_for_writing(tmp_path / "idx", CONFIG) as writer:
        writer.add_batch(batch, np.ones((n, DIM), np.float32))
        with Index.open(tmp_path / "idx") as reader:
            found = reader.candidates("bank")  # located, then the writer moves on:
            # A reader whose lease was lost (expired, removed): the merged files go at
            # once, and it falls back to locating its vectors again by id.
            for lease in (tmp_path / "idx" / leases.FOLDER).glob("*.json"):
                lease.unlink()
            new, _ = prepared([make_document("b", ["stream"])])
            writer.add_batch(new, np.ones((1, DIM), np.float32), replace=["b"])
            assert writer.compact(max_shards=0)
            with pytest.raises(StaleRead):
                reader.vectors_of(found)  # b's bank is gone: no vector to relocate

            calls = []

            @retry_stale
            def read_bank() -> int:
                calls.append(1)
                located = found if len(calls) == 1 else reader.candidates("bank")
                return len(reader.vectors_of(located))

            assert read_bank() == 1 and len(calls) == 2


def test_a_read_overtaken_by_removal_and_compaction_reads_its_snapshot(tmp_path: Path):
    """With its lease, the same reader reads both banks it located, from the shard the
    compaction merged away: a consistent read of the state it saw (issue 26)."""
    docs = [make_document(name, ["bank", "river"]) for name in ("a", "b")]
    batch, n = prepared(docs)
    vectors = np.arange(n * DIM, dtype=np.float32).reshape(n, DIM) / (n * DIM)
    with Index.open_for_writing(tmp_path / "idx", CONFIG) as writer:
        writer.add_batch(batch, vectors)
        with Index.open(tmp_path / "idx") as reader:
            found = reader.candidates("bank")
            new, _ = prepared([make_document("b", ["stream"])])
            writer.add_batch(new, np.ones((1, DIM), np.float32), replace=["b"])
            assert writer.compact(max_shards=0)
            np.testing.assert_allclose(reader.vectors_of(found), vectors[[0, 2]], atol=2e-3)


def test_a_corrected_annotation_in_a_tagged_file_replaces_the_document(
    tmp_path: Path, runner: CliRunner
):
    """A CoNLL-U file whose lemma (or POS, head, Sense= label) was corrected is a new
    version of its document: it was read again, its document taken for "already
    indexed" (same id, text and metadata), the file recorded as indexed, and the
    correction never applied (pass 33g); a Raganato file whose gold key file alone was
    edited was "unchanged, skipped"."""
    idx, corpus = tmp_path / "idx", tmp_path / "t.conllu"
    line = "1\tbanks\t{}\tNOUN\tNNS\t_\t0\troot\t_\t{}\n\n"
    corpus.write_text("# newdoc id = c1\n" + line.format("banks", "_"), encoding="utf-8")
    assert index_files(runner, idx, corpus)[0] == 0
    for lemma, misc in (("bank", "_"), ("bank", "Sense=bank%1:14:00::")):
        corpus.write_text("# newdoc id = c1\n" + line.format(lemma, misc), encoding="utf-8")
        code, _, err = index_files(runner, idx, corpus)
        assert code == 0 and "1 replacing older versions" in err, err
    code, out, err = run(runner, idx, "search", "--cql", '[lemma="bank"]', "--format", "jsonl")
    assert [(h["lemma"], h["label"]) for h in hits(out)] == [("bank", "bank%1:14:00::")], err

    data, key = tmp_path / "r.data.xml", tmp_path / "r.gold.key.txt"
    data.write_text(
        '<?xml version="1.0" encoding="UTF-8" ?>\n<corpus lang="en" source="t">\n'
        '<text id="r1">\n<sentence id="r1.s1">\n'
        '<instance id="r1.s1.t1" lemma="crane" pos="NOUN">crane</instance>\n'
        "</sentence>\n</text>\n</corpus>\n",
        encoding="utf-8",
    )
    for sense in ("crane%1:06:00::", "crane%1:05:00::"):
        key.write_text(f"r1.s1.t1 {sense}\n", encoding="utf-8")
        code, _, err = index_files(runner, idx, data)
        assert code == 0, err
        code, out, err = run(runner, idx, "search", "crane", "--format", "jsonl")
        assert [h["label"] for h in hits(out)] == [sense], err


def test_a_jsonl_record_whose_labels_alone_changed_replaces_the_document(
    tmp_path: Path, runner: CliRunner
):
    """A JSONL record given other `labels` was "1 already indexed" and its new labels
    never applied (pass 33g), unlike the same correction in a CoNLL-U file. Records
    without labels keep the identity they had (no replacement of unlabelled text)."""
    idx, corpus = tmp_path / "idx", tmp_path / "c.jsonl"
    index_files(runner, idx, write_jsonl(corpus, [dict(OTHER, labels={"bank": "river"})]))
    code, _, err = index_files(
        runner, idx, write_jsonl(corpus, [dict(OTHER, labels={"bank": "slope"})])
    )
    assert code == 0 and "1 replacing older versions" in err, err
    assert [h["label"] for h in bank_hits(runner, idx)] == ["slope"]
    plain = write_jsonl(tmp_path / "p.jsonl", [OLD])
    index_files(runner, idx, plain)
    plain.write_text(plain.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # edited
    code, _, err = index_files(runner, idx, plain)
    assert code == 0 and "(1 already indexed)" in err, err


def test_a_hand_label_that_gives_way_to_the_new_versions_own_label_is_said_so(
    tmp_path: Path, runner: CliRunner
):
    """A hand label correcting a file's label, on a sentence the new version still has,
    gives way to the label the new version gives it; the note said it "went with the
    sentences the new versions changed or no longer have", which the sentence is not
    (pass 33n: an index built before a document's labels counted as its identity
    replaces unchanged labelled records, the correction lost under that note)."""
    idx, corpus = tmp_path / "idx", tmp_path / "c.jsonl"
    index_files(runner, idx, write_jsonl(corpus, [dict(OTHER, labels={"bank": "river"})]))
    (occurrence,) = [h["id"] for h in bank_hits(runner, idx)]
    assert run(runner, idx, "label", str(occurrence), "--as", "slope")[0] == 0
    code, _, err = index_files(
        runner, idx, write_jsonl(corpus, [dict(OTHER, labels={"bank": "shore"})])
    )
    assert code == 0, err
    assert [h["label"] for h in bank_hits(runner, idx)] == ["shore"]
    assert "went with the sentences" not in err, err
    assert "1 label(s) set after indexing" in err and "gave way to the label" in err, err


def test_a_document_indexed_before_annotation_counted_is_not_replaced_unchanged(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
):
    """An index built before a document's labels and annotation were part of its identity
    holds the digest of its id, text and metadata alone: the first run of the new code
    over an edited file took its unchanged labelled records for new versions, replaced
    them (new ids, vectors again) and lost their hand corrections (pass 33n). Such a
    version is the document unchanged, as it was."""
    from sensegrep.indexer import pipeline

    real = pipeline._document_sha256
    with monkeypatch.context() as old_code:  # every digest as the code before wrote it
        old_code.setattr(
            pipeline, "_document_sha256", lambda d, fmt="", bare=False: real(d, bare=True)
        )
        idx, corpus = tmp_path / "idx", tmp_path / "c.jsonl"
        index_files(runner, idx, write_jsonl(corpus, [dict(OTHER, labels={"bank": "river"})]))
    (occurrence,) = [h["id"] for h in bank_hits(runner, idx)]
    assert run(runner, idx, "label", str(occurrence), "--as", "slope")[0] == 0
    write_jsonl(corpus, [dict(OTHER, labels={"bank": "river"}), OLD])  # a record added
    code, _, err = index_files(runner, idx, corpus)
    assert code == 0 and "(1 already indexed)" in err and "replacing" not in err, err
    # Whether its labels were corrected cannot be told: said, with how to take them.
    assert "note: documents indexed before their annotation counted" in err
    assert "not taken: " in err and "c.jsonl (1)" in err, err
    assert [(h["id"], h["label"]) for h in bank_hits(runner, idx) if h["doc"] == "d2"] == [
        (occurrence, "slope")
    ]


def test_a_lone_cr_file_an_older_code_read_as_one_line_is_read_again(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
):
    """Readers took a lone CR (old Mac line ends) for no line end before stop 44: a VRT
    file was one document of one garbage token. Indexed again by the code that reads it
    right, its bytes unchanged, it was "unchanged, skipped" and stayed garbage (pass
    33n's one [MISLEADS] left). Its digest now marks the lone CRs: it is read again,
    the garbage document goes, nothing is doubled, and a third run skips it."""
    from sensegrep.digests import file_sha256
    from sensegrep.indexer import pipeline
    from sensegrep.indexer.readers import _common

    vrt = (
        '<text id="w1" year="2005">\n<s>\nThe\tDT\tthe\nbank\tNN\tbank\n.\tSENT\t.\n</s>\n'
        '</text>\n<text id="w2" year="2006">\n<s>\nA\tDT\ta\nbank\tNN\tbank\n</s>\n</text>\n'
    ).replace("\n", "\r")
    idx, corpus = tmp_path / "idx", tmp_path / "c.vrt"
    corpus.write_bytes(vrt.encode())
    real = pipeline._document_sha256
    with monkeypatch.context() as old_code:  # read and recorded as the code before did
        old_code.setattr(_common, "_LINE_END", __import__("re").compile(rb"\n"))
        old_code.setattr(pipeline, "_content_sha256", lambda path, name: file_sha256(path))
        old_code.setattr(
            pipeline,
            "_document_sha256",
            lambda d, fmt="", bare=False, marks=None: real(d, bare=True, marks=()),
        )
        index_files(runner, idx, corpus)
    code, _, err = run(runner, idx, "search", "bank")
    assert code == 1 and "no occurrences" in err, err  # the garbage token: no "bank"

    code, _, err = index_files(runner, idx, corpus)
    assert code == 0 and "(0 unchanged, skipped)" in err and "1 removed" in err, err
    assert [(h["doc"], h["word"]) for h in bank_hits(runner, idx)] == [
        ("w1", "bank"),
        ("w2", "bank"),
    ]
    info = json.loads(run(runner, idx, "info", "--json")[1])
    assert info["documents"] == 2, info
    code, _, err = index_files(runner, idx, corpus)
    assert code == 0 and "(1 unchanged, skipped)" in err, err
    assert len(bank_hits(runner, idx)) == 2


def _index_as_older_code(runner: CliRunner, monkeypatch: pytest.MonkeyPatch, idx, *paths):
    """Index as the code before stop 44 did: no lone CR a line end, digests without its
    mark."""
    import re

    from sensegrep import tagger
    from sensegrep.digests import file_sha256
    from sensegrep.indexer import pipeline
    from sensegrep.indexer.readers import _common

    real = pipeline._document_sha256
    with monkeypatch.context() as old_code:
        old_code.setattr(_common, "_LINE_END", re.compile(rb"\n"))
        old_code.setattr(tagger, "line_ends", lambda text: text)
        old_code.setattr(pipeline, "_content_sha256", lambda path, name: file_sha256(path))
        old_code.setattr(
            pipeline,
            "_document_sha256",
            lambda d, fmt="", bare=False, marks=None: real(d, bare=True, marks=()),
        )
        return index_files(runner, idx, *paths)


def test_plain_text_an_older_code_read_without_lone_cr_lines_is_read_again(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
):
    """Plain text's blank line of lone CRs ended no sentence before stop 44 (two
    paragraphs one sentence). Its text unchanged, the document was "already indexed"
    and kept the old sentences: a lone CR in a document's text now marks its digest."""
    idx, corpus = tmp_path / "idx", tmp_path / "c.txt"
    corpus.write_bytes(b"We walked along the river bank\r\rThe bank raised its rates\r")
    _index_as_older_code(runner, monkeypatch, idx, corpus)
    assert len({h["sentence"] for h in bank_hits(runner, idx)}) == 1  # one sentence

    code, _, err = index_files(runner, idx, corpus)
    assert code == 0 and "1 replacing older versions" in err, err
    assert sorted(h["sentence"] for h in bank_hits(runner, idx)) == [
        "The bank raised its rates",
        "We walked along the river bank",
    ]


def test_a_document_removed_from_an_older_index_stays_out_when_its_file_is_read_again(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
):
    """`remove --doc` recorded the digest the older code gave the document: read again
    for its lone CRs, the file must still leave it out."""
    idx, txt, other = tmp_path / "idx", tmp_path / "steep.txt", tmp_path / "o.jsonl"
    txt.write_bytes(b"The river bank\r\rwas steep.\r")
    assert _index_as_older_code(runner, monkeypatch, idx, txt, write_jsonl(other, [OTHER]))[0] == 0
    docs = {h["doc"] for h in bank_hits(runner, idx)}
    (removed,) = docs - {"d2"}
    assert run(runner, idx, "remove", "--doc", removed)[0] == 0
    code, _, err = index_files(runner, idx, txt)
    assert code == 0 and "removed before by `sensegrep remove --doc`" in err, err
    assert {h["doc"] for h in bank_hits(runner, idx)} == {"d2"}


@pytest.mark.parametrize("mode", ["keep", "error"])
def test_plain_text_read_again_for_its_lone_crs_is_not_doubled_nor_refused(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch, mode: str
):
    """Pass 34g: read again for its lone CRs with --on-duplicate keep, an unchanged file's
    document was kept beside its older reading (every count of it doubled, 4 banks of 2,
    nothing said); with error, refused as "other content", its old sentences kept. The
    same document from the same file read again replaces its older reading."""
    idx, corpus = tmp_path / "idx", tmp_path / "c.txt"
    corpus.write_bytes(b"We walked along the river bank\r\rThe bank raised its rates\r")
    _index_as_older_code(runner, monkeypatch, idx, corpus)
    code, _, err = index_files(runner, idx, corpus, options=("--on-duplicate", mode))
    assert code == 0 and "1 replacing older versions" in err, err
    assert sorted(h["sentence"] for h in bank_hits(runner, idx)) == [
        "The bank raised its rates",
        "We walked along the river bank",
    ]
    assert json.loads(run(runner, idx, "info", "--json")[1])["documents"] == 1


def test_a_correction_not_taken_to_a_document_indexed_before_annotation_counted_is_said(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
):
    """Such a version, kept while its id, text and metadata are unchanged, keeps its old
    labels (lemmas, tags, heads) however its file now gives them: an index built before
    this version said "1 already indexed" of a record whose label was corrected, and
    the correction was never taken, nothing said (pass 34a)."""
    from sensegrep.indexer import pipeline

    real = pipeline._document_sha256
    with monkeypatch.context() as old_code:  # every digest as the code before wrote it
        old_code.setattr(
            pipeline,
            "_document_sha256",
            lambda d, fmt="", bare=False, marks=None: real(d, bare=True),
        )
        idx, corpus = tmp_path / "idx", tmp_path / "c.jsonl"
        index_files(runner, idx, write_jsonl(corpus, [dict(OTHER, labels={"bank": "river"})]))
    write_jsonl(corpus, [dict(OTHER, labels={"bank": "slope"})])  # the label corrected
    code, _, err = index_files(runner, idx, corpus)
    assert code == 0 and "(1 already indexed)" in err, err
    assert [h["label"] for h in bank_hits(runner, idx)] == ["river"]
    assert "indexed before their annotation counted" in err and "c.jsonl (1)" in err, err
    assert "remove --source" in err, err


@pytest.mark.parametrize("mode", ["add", "keep", "error"])
def test_plain_text_with_cr_cr_lf_an_index_of_stop_45_read_is_read_again(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch, mode: str
):
    """Stops 44-45 read a CR CR LF as two line ends: a hard-wrapped text's every line a
    paragraph, "was" and "steep" in two sentences. Such an index holds the file and its
    document under digests that said only its lone CRs: read again, not "unchanged,
    skipped", the new reading replaces the old one (not beside it, not refused)."""
    import hashlib
    import re

    from sensegrep import digests, tagger
    from sensegrep.indexer import pipeline

    idx, corpus = tmp_path / "idx", tmp_path / "c.txt"
    corpus.write_bytes(b"The river bank was\r\r\nsteep and wet.\r\r\n")
    stop_45_cr = re.compile(r"\r(?!\n)")
    real = pipeline._document_sha256
    with monkeypatch.context() as old_code:
        old_code.setattr(tagger, "line_ends", lambda text: stop_45_cr.sub("\n", text))
        old_code.setattr(
            pipeline,
            "_content_sha256",
            lambda path, name: hashlib.sha256(path.read_bytes() + digests.LONE_CR_MARK).hexdigest(),
        )
        old_code.setattr(
            pipeline,
            "_document_sha256",
            lambda d, fmt="", bare=False, marks=None: real(
                d, fmt, bare, marks=tagger.LINE_END_MARKS[:1]
            ),
        )
        assert index_files(runner, idx, corpus)[0] == 0
    err = run(runner, idx, "search", "--cql", '"was" "steep"')[2]
    assert "0 matches" in err, err  # two sentences, as that code read them

    options = () if mode == "add" else ("--on-duplicate", mode)
    code, _, err = index_files(runner, idx, corpus, options=options)
    assert code == 0 and "unchanged, skipped" in err and "(0 unchanged" in err, err
    code, out, err = run(runner, idx, "search", "--cql", '"was" "steep"')
    assert code == 0 and len(out.splitlines()) == 1, (out, err)
    assert json.loads(run(runner, idx, "info", "--json")[1])["documents"] == 1
    code, _, err = index_files(runner, idx, corpus)
    assert code == 0 and "(1 unchanged, skipped)" in err, err


def test_an_unchanged_lone_cr_file_read_again_for_its_mark_is_said(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
):
    """Pass 35a: an index built by the code just before the lone-CR mark (it read lone
    CRs as line ends already, its digests unmarked): the next run read its unchanged
    lone-CR files again and counted their documents with a lone CR in their text as
    "replacing older versions", nothing said of why, though no file had changed; their
    occurrences got new ids, so a file exported before named ids gone. Said now."""
    from sensegrep.digests import file_sha256
    from sensegrep.indexer import pipeline

    idx, txt = tmp_path / "idx", tmp_path / "mac.txt"
    txt.write_bytes(b"We walked along the river bank\r\rThe bank raised its rates\r")
    plain = write_jsonl(tmp_path / "c.jsonl", [OTHER])
    real = pipeline._document_sha256
    with monkeypatch.context() as old_code:  # its readings as now, its digests unmarked
        old_code.setattr(pipeline, "_content_sha256", lambda path, name: file_sha256(path))
        old_code.setattr(
            pipeline,
            "_document_sha256",
            lambda d, fmt="", bare=False, marks=None: real(d, fmt, bare, marks=()),
        )
        assert index_files(runner, idx, txt, plain)[0] == 0
    code, _, err = index_files(runner, idx, txt, plain)
    assert code == 0 and "(1 unchanged, skipped)" in err and "1 replacing older" in err, err
    note = next((line for line in err.splitlines() if "in a lone CR" in line), err)
    assert "read again though unchanged" in note and "mac.txt;" in note, note
    assert "replaced by their new reading" in note and "mac.txt (1)" in note, note
    assert "c.jsonl" not in note, note
    code, _, err = index_files(runner, idx, txt, plain)  # recorded with its mark now
    assert code == 0 and "(2 unchanged, skipped)" in err and "lone CR" not in err, err


def test_a_labelled_record_removed_before_the_lone_cr_mark_stays_out(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
):
    """Pass 35a: `remove --doc` of a JSONL record with `labels` and a lone CR in its text,
    on an index made before the mark, recorded its labelled, unmarked digest; read again
    from its edited file, the record came back, "1 already indexed" of the rest and
    nothing said of it. It stays out, and is named."""
    from sensegrep.indexer import pipeline

    idx, corpus = tmp_path / "idx", tmp_path / "l.jsonl"
    records = [
        {
            "id": "L1",
            "text": "We sat on the river bank.\rThe bank was steep.",
            "labels": {"bank": "river"},
        },
        {"id": "L2", "text": "The bank lent money.", "labels": {"bank": "money"}},
    ]
    real = pipeline._document_sha256
    with monkeypatch.context() as old_code:  # its digests unmarked
        old_code.setattr(
            pipeline,
            "_document_sha256",
            lambda d, fmt="", bare=False, marks=None: real(d, fmt, bare, marks=()),
        )
        assert index_files(runner, idx, write_jsonl(corpus, records))[0] == 0
        assert run(runner, idx, "remove", "--doc", "L1")[0] == 0
    write_jsonl(corpus, [*records, {"id": "L3", "text": "Another bank here."}])
    code, _, err = index_files(runner, idx, corpus)
    assert code == 0 and "L1 (" in err and "left out" in err, err
    assert {h["doc"] for h in bank_hits(runner, idx)} == {"L2", "L3"}


def test_a_lone_cr_file_renamed_since_an_index_made_before_the_mark_is_its_copy(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
):
    """Pass 35a: a renamed file is read as the copy of the file it was; but one with lone
    CRs, indexed before the mark, was taken for a new file (its digest now marked), so
    its plain text was in the index twice, under both names."""
    from sensegrep.digests import file_sha256
    from sensegrep.indexer import pipeline

    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "mac.txt").write_bytes(b"We walked along the river bank\r\rThe bank was steep\r")
    idx = tmp_path / "idx"
    real = pipeline._document_sha256
    with monkeypatch.context() as old_code:  # its readings as now, its digests unmarked
        old_code.setattr(pipeline, "_content_sha256", lambda path, name: file_sha256(path))
        old_code.setattr(
            pipeline,
            "_document_sha256",
            lambda d, fmt="", bare=False, marks=None: real(d, fmt, bare, marks=()),
        )
        assert index_files(runner, idx, folder)[0] == 0
    (folder / "mac.txt").rename(folder / "old-mac.txt")
    code, _, err = index_files(runner, idx, folder)
    assert code == 0 and "old-mac.txt (as mac.txt)" in err, err
    assert len(bank_hits(runner, idx)) == 2, err


@pytest.mark.parametrize("mode", ["replace", "keep", "error"])
def test_a_vrt_file_an_older_reader_took_a_comments_lines_for_tokens_is_read_again(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch, mode: str
):
    """Pass 35a: the lines of an XML comment over several lines were tokens to the VRT
    reader before ("hidden words", "-->" inside a sentence; a header comment a document
    of its own). Skipped as unchanged, the file kept that reading in an index made then,
    nothing said: its digest now marks such a comment, so it is read again and named."""
    from sensegrep.digests import file_sha256
    from sensegrep.indexer import pipeline
    from sensegrep.indexer.readers import vrt

    idx, corpus = tmp_path / "idx", tmp_path / "c.vrt"
    corpus.write_text(
        "<!--\nheader words\n-->\n"
        '<text id="t1">\n<s>\nThe\tDT\tthe\n<!--\nhidden words\n-->\nbank\tNN\tbank\n</s>\n'
        "</text>\n",
        encoding="utf-8",
    )
    real_line = vrt._Reader.line

    def old_line(self, number, text):  # an older reader: a "<!" line alone skipped
        return iter(()) if text.strip().startswith("<!") else real_line(self, number, text)

    with monkeypatch.context() as old_code:
        old_code.setattr(vrt._Reader, "line", old_line)
        old_code.setattr(pipeline, "_content_sha256", lambda path, name: file_sha256(path))
        index_files(runner, idx, corpus)
    assert [h["sentence"] for h in bank_hits(runner, idx)] == ["The hidden words --> bank"]
    # --on-duplicate keep kept the new reading beside the old (2 banks of 1), error the old
    code, _, err = index_files(runner, idx, corpus, options=("--on-duplicate", mode))
    assert code == 0 and "1 replacing older" in err and "1 removed" in err, err
    assert "XML comments over several lines" in err and "unchanged since indexed: " in err, err
    assert [h["sentence"] for h in bank_hits(runner, idx)] == ["The bank"]
    assert json.loads(run(runner, idx, "info", "--json")[1])["documents"] == 1


def test_a_document_removed_from_a_vrt_file_read_again_for_its_comments_stays_out(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
):
    """Pass 35a: `remove --doc` kept out the digest of the older reading (a comment's
    lines tokens in it); read again for its comment, its unchanged file gave the document
    without them, a digest never withdrawn, and it came back unsaid. A document of an
    unchanged file read again for a mark, no version of it stored, stays out, named."""
    from sensegrep.digests import file_sha256
    from sensegrep.indexer import pipeline
    from sensegrep.indexer.readers import vrt

    idx, corpus = tmp_path / "idx", tmp_path / "h.vrt"
    corpus.write_text(
        '<text id="t1">\n<s>\nThe\tDT\tthe\n<!--\nhidden words\n-->\nbank\tNN\tbank\n</s>\n'
        '</text>\n<text id="t2">\n<s>\nA\tDT\ta\nbank\tNN\tbank\n</s>\n</text>\n',
        encoding="utf-8",
    )
    real_line = vrt._Reader.line

    def old_line(self, number, text):  # an older reader: a "<!" line alone skipped
        return iter(()) if text.strip().startswith("<!") else real_line(self, number, text)

    with monkeypatch.context() as old_code:
        old_code.setattr(vrt._Reader, "line", old_line)
        old_code.setattr(pipeline, "_content_sha256", lambda path, name: file_sha256(path))
        index_files(runner, idx, corpus)
        assert run(runner, idx, "remove", "--doc", "t1")[0] == 0
    code, _, err = index_files(runner, idx, corpus)
    assert code == 0 and "1 left out as removed" in err and "t1 (" in err, err
    assert [h["doc"] for h in bank_hits(runner, idx)] == ["t2"]
