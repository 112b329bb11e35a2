"""A file's documents keep their ids however the file is given (issue 23).

A plain-text document's id is its file's name, and a JSONL record without an id is
NAME:LINE; the name is the path as given, or relative to the folder given. The index
records where each file lies, so the same file given another way (``texts/`` then
``texts/river.txt``, an absolute path, from inside the folder) keeps the name it got,
and a new version of it replaces its documents instead of being added beside them.
Files indexed before paths were recorded: a note names the earlier file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import update

from sensegrep.storage import Index, schema

from ..helpers import hits, run

pytestmark = pytest.mark.usefixtures("backend")  # SQLite and PostgreSQL

RIVER = "We sat on the bank of the river. The bank raised its rates.\n"
EDITED = "We sat on the bank of the river. The bank lent us money.\n"
FINANCE = "I paid the cheque into the bank.\n"


def index(runner: CliRunner, idx: Path, *paths: str) -> tuple[int, str]:
    code, _out, err = run(runner, idx, "index", *paths, "--model", "fake:16")
    return code, err


def docs_of(runner: CliRunner, idx: Path) -> dict[str, set[str]]:
    """Each document id with the sentences of its occurrences of "bank"."""
    code, out, err = run(runner, idx, "search", "bank", "--format", "jsonl")
    assert code == 0, err
    found: dict[str, set[str]] = {}
    for hit in hits(out):
        found.setdefault(hit["doc"], set()).add(hit["sentence"])
    return found


@pytest.fixture
def texts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """texts/river.txt and texts/finance.txt, with the working folder their parent."""
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "river.txt").write_text(RIVER, encoding="utf-8")
    (folder / "finance.txt").write_text(FINANCE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return folder


def test_an_edited_file_given_by_another_path_replaces_its_documents(
    runner: CliRunner, texts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    idx = tmp_path / "idx"
    assert index(runner, idx, "texts/")[0] == 0
    assert set(docs_of(runner, idx)) == {"river.txt", "finance.txt"}
    (texts / "river.txt").write_text(EDITED, encoding="utf-8")
    code, err = index(runner, idx, "texts/river.txt")
    assert code == 0 and "1 replacing older versions" in err, err
    assert "texts/river.txt as river.txt" in err and "keep their ids" in err, err
    found = docs_of(runner, idx)
    assert set(found) == {"river.txt", "finance.txt"}  # not a second copy
    assert found["river.txt"] == {"We sat on the bank of the river.", "The bank lent us money."}
    # By its absolute path, and from inside its folder: the same file, the same id.
    (texts / "river.txt").write_text(RIVER, encoding="utf-8")
    assert index(runner, idx, str(texts / "river.txt"))[0] == 0
    monkeypatch.chdir(texts)
    (texts / "river.txt").write_text(EDITED, encoding="utf-8")
    code, err = index(runner, idx, "river.txt")
    assert code == 0 and "1 replacing older versions" in err
    assert set(docs_of(runner, idx)) == {"river.txt", "finance.txt"}
    assert run(runner, idx, "check")[0] == 0


def test_a_file_first_given_by_its_path_keeps_that_name_inside_its_folder(
    runner: CliRunner, texts: Path, tmp_path: Path
) -> None:
    idx = tmp_path / "idx"
    assert index(runner, idx, "texts/river.txt")[0] == 0
    (texts / "river.txt").write_text(EDITED, encoding="utf-8")
    code, err = index(runner, idx, "texts/")
    assert code == 0 and "1 replacing older versions" in err
    assert set(docs_of(runner, idx)) == {"texts/river.txt", "finance.txt"}


def test_jsonl_records_without_an_id_keep_name_and_line(
    runner: CliRunner, texts: Path, tmp_path: Path
) -> None:
    records = [{"text": "The bank of the river."}, {"text": "The bank raised its rates."}]
    corpus = texts / "notes.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    idx = tmp_path / "idx"
    assert index(runner, idx, "texts/")[0] == 0
    assert {"notes.jsonl:1", "notes.jsonl:2"} <= set(docs_of(runner, idx))
    records[1]["text"] = "The bank lent us money."
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    code, err = index(runner, idx, str(corpus))
    assert code == 0 and "1 replacing older versions" in err
    found = docs_of(runner, idx)
    assert {d for d in found if "notes" in d} == {"notes.jsonl:1", "notes.jsonl:2"}
    assert found["notes.jsonl:2"] == {"The bank lent us money."}


def test_a_file_indexed_before_paths_were_recorded_is_named_in_a_note(
    runner: CliRunner, texts: Path, tmp_path: Path
) -> None:
    idx = tmp_path / "idx"
    assert index(runner, idx, "texts/")[0] == 0
    with Index.open(idx) as opened, opened.engine.begin() as conn:  # as an older version left it
        conn.execute(update(schema.files).values(path=None))
    (texts / "river.txt").write_text(EDITED, encoding="utf-8")
    code, err = index(runner, idx, "texts/river.txt")
    assert code == 0
    assert "note: texts/river.txt was indexed as a new file; river.txt" in err
    assert "`sensegrep remove --source river.txt` removes them" in err
    assert set(docs_of(runner, idx)) == {"river.txt", "texts/river.txt", "finance.txt"}
    # Indexed again as before, an unchanged file gets its path recorded: from then on
    # another path to it keeps its name.
    assert index(runner, idx, "texts/")[0] == 0
    (texts / "finance.txt").write_text("The bank is shut.\n", encoding="utf-8")
    code, err = index(runner, idx, "texts/finance.txt")
    assert code == 0 and "texts/finance.txt as finance.txt" in err
    assert docs_of(runner, idx)["finance.txt"] == {"The bank is shut."}


def test_a_file_given_twice_or_copied_in_one_run_is_read_once(
    runner: CliRunner, texts: Path, tmp_path: Path
) -> None:
    """`index texts/ texts/river.txt`, `index a.jsonl a.jsonl`, or a folder holding a
    copy of a file ended in a traceback (UNIQUE constraint failed: files.sha256): the
    files of one run are written at its end, so the index could not yet tell the second
    was the first. It is now skipped as unchanged, as it is in a later run."""
    (texts / "river copy.txt").write_text(RIVER, encoding="utf-8")
    idx = tmp_path / "idx"
    code, err = index(runner, idx, "texts/", "texts/river.txt")
    assert code == 0 and "Traceback" not in err, err
    assert "indexed 2 file(s) (2 unchanged, skipped)" in err, err
    # One copy of the river text (the first read: "river copy.txt" sorts first), as
    # a copy of an indexed file is skipped by a later run.
    assert set(docs_of(runner, idx)) == {"river copy.txt", "finance.txt"}
    assert run(runner, idx, "check")[0] == 0
    # The next run of the same command reads nothing again.
    code, err = index(runner, idx, "texts/", "texts/river.txt")
    assert code == 0 and "indexed 0 file(s) (4 unchanged, skipped)" in err, err


def test_a_file_read_in_part_then_given_by_its_path_keeps_its_name(
    runner: CliRunner, texts: Path, tmp_path: Path
) -> None:
    """A file with a bad record is not done, and only a done file recorded where it
    lies: `index texts/`, then the fixed `index texts/notes.jsonl`, indexed its records
    without an id a second time (notes.jsonl:1 and texts/notes.jsonl:1, every count
    doubled), and a record deleted later stayed in the index."""
    good = ['{"text": "The bank of the river."}', '{"text": "The bank raised its rates."}']
    corpus = texts / "notes.jsonl"
    corpus.write_text(f"{good[0]}\n{{broken\n{good[1]}\n", encoding="utf-8")
    idx = tmp_path / "idx"
    assert index(runner, idx, "texts/")[0] == 1
    assert {"notes.jsonl:1", "notes.jsonl:3"} <= set(docs_of(runner, idx))
    fixed = '{"text": "The bank lent us money."}'
    corpus.write_text(f"{good[0]}\n{fixed}\n{good[1]}\n", encoding="utf-8")
    code, err = index(runner, idx, "texts/notes.jsonl")
    assert code == 0 and "texts/notes.jsonl as notes.jsonl" in err, err
    notes = {d for d in docs_of(runner, idx) if "notes" in d}
    assert notes == {"notes.jsonl:1", "notes.jsonl:2", "notes.jsonl:3"}
    corpus.write_text(f"{good[0]}\n{fixed}\n", encoding="utf-8")  # a record deleted
    code, err = index(runner, idx, str(corpus))
    assert code == 0 and "1 removed: no longer in their file" in err, err
    assert {d for d in docs_of(runner, idx) if "notes" in d} == {"notes.jsonl:1", "notes.jsonl:2"}
    assert "files in part" not in run(runner, idx, "info")[1]


def test_another_folders_file_of_the_same_name_is_not_a_file_read_in_part(
    runner: CliRunner, texts: Path, tmp_path: Path
) -> None:
    (texts / "notes.jsonl").write_text(
        '{"id": "a", "text": "The bank of the river."}\n{broken\n', encoding="utf-8"
    )
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.jsonl").write_text('{"id": "b", "text": "The bank shut."}\n', encoding="utf-8")
    idx = tmp_path / "idx"
    assert index(runner, idx, "texts/")[0] == 1
    code, err = index(runner, idx, "other/notes.jsonl")
    assert code == 0 and "as notes.jsonl" not in err, err
    assert {"a", "b"} <= set(docs_of(runner, idx))  # neither replaced the other


def test_a_copy_skipped_is_named_with_the_file_kept(
    runner: CliRunner, texts: Path, tmp_path: Path
) -> None:
    """A copy of a file under another name is skipped (one file of each content is
    kept), but a plain-text copy is another document: skipped unsaid, "1 unchanged,
    skipped" on a new index read as a file indexed before, and the corpus's documents
    came out one short. A note names each copy and the file kept; the same file named
    twice, or an unchanged file run again, is no copy."""
    (texts / "river2.txt").write_text(RIVER, encoding="utf-8")
    idx = tmp_path / "idx"
    code, err = index(runner, idx, "texts/", "texts/river.txt")
    assert code == 0, err
    assert "the same content as a file already in the index" in err, err
    assert "river2.txt (as river.txt)" in err, err
    assert "texts/river.txt" not in err, err  # river.txt itself, named again
    assert set(docs_of(runner, idx)) == {"river.txt", "finance.txt"}
    # A copy made later is named too; the unchanged files run again are not.
    (texts / "river3.txt").write_text(RIVER, encoding="utf-8")
    code, err = index(runner, idx, "texts/")
    assert code == 0, err
    assert "river3.txt (as river.txt)" in err and "river2.txt (as river.txt)" in err, err
    code, err = index(runner, idx, "texts/river.txt")
    assert code == 0 and "same content" not in err, err


def test_a_copy_of_a_file_that_gave_nothing_is_read_and_its_error_said(
    runner: CliRunner, texts: Path, tmp_path: Path
) -> None:
    """Pass 36a: a copy of a file whose reading gave nothing (an empty file, one in
    Latin-1, a JSONL file of bad records alone) was skipped as "the same content as a
    file already in the index" (that file was in no index) and counted "1 unchanged,
    skipped" on a new index, its own problem unsaid. Each is read, and its error said."""
    for name in ("a.txt", "b.txt"):
        (texts / name).write_bytes(b"")
    for name in ("c.txt", "d.txt"):
        (texts / name).write_bytes("caf\xe9 bank\n".encode("latin-1"))
    for name in ("e.jsonl", "f.jsonl"):
        (texts / name).write_bytes(b"{bad\r\r\n{worse\r\r\n")
    code, err = index(runner, tmp_path / "idx", "texts/", "texts/a.txt")
    assert code == 1, err
    assert "same content" not in err, err
    assert "indexed 2 file(s) (0 unchanged, skipped)" in err, err
    for name in ("a.txt", "b.txt"):  # a.txt named twice: one error
        assert err.count(f"{name}: empty file (file skipped)") == 1, err
    for name in ("c.txt", "d.txt"):
        assert f"{name}:1: invalid UTF-8" in err, err
    for name in ("e.jsonl", "f.jsonl"):
        assert f"{name}:1: not valid JSON" in err and f"{name}:2: not valid JSON" in err, err
    assert set(docs_of(runner, tmp_path / "idx")) == {"river.txt", "finance.txt"}


def test_a_file_of_another_folder_under_a_taken_name_is_refused_or_said(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`index news/ fiction/`, each folder with its own 001.txt: both were named
    001.txt, so the second replaced the first's document. It is refused, naming the
    first. `index news/` then `index fiction/` replaced news/001.txt's document with
    exit 0 and "1 replacing older versions" alone: a file of the same name from another
    place is read as that file's new version (an edited copy), and a note says so,
    naming both, and what to do if it is another file."""
    monkeypatch.chdir(tmp_path)
    for folder, text in (("news", RIVER), ("fiction", FINANCE)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "001.txt").write_text(text, encoding="utf-8")
    idx = tmp_path / "idx"
    code, err = index(runner, idx, "news/", "fiction/")
    assert code == 1, err
    assert "fiction/001.txt: named 001.txt as another file of this run is (news/001.txt)" in err
    assert set(docs_of(runner, idx)["001.txt"]) == {
        "We sat on the bank of the river.",
        "The bank raised its rates.",
    }
    other = tmp_path / "other"
    assert index(runner, other, "news/")[0] == 0
    code, err = index(runner, other, "fiction/")
    assert code == 0 and "1 replacing older versions" in err, err
    assert "note: read as the new version of a file of the same name" in err, err
    assert (
        f"fiction/001.txt as 001.txt (indexed from {(tmp_path / 'news').resolve()}/001.txt)" in err
    ), err
    assert "remove --source NAME" in err, err
    # Its own edits, in place, are no other file's.
    (tmp_path / "fiction" / "001.txt").write_text(EDITED, encoding="utf-8")
    code, err = index(runner, other, "fiction/")
    assert code == 0 and "1 replacing older versions" in err, err
    assert "same name" not in err, err


def test_a_file_gone_from_the_folder_indexed_again_is_named(
    runner: CliRunner, texts: Path, tmp_path: Path
) -> None:
    """A data manager indexes texts/, deletes finance.txt from it and indexes texts/
    again: its documents stay in the index (only `remove` takes them out), and the run
    said nothing, so info, freq and every total counted a file the folder no longer has
    (pass 33g). A renamed file's content is still read, under its first name, and said
    so by the copy note: it is not named as gone."""
    idx = tmp_path / "idx"
    assert index(runner, idx, "texts/")[0] == 0
    (texts / "finance.txt").unlink()
    (texts / "river.txt").rename(texts / "stream.txt")
    code, err = index(runner, idx, "texts/")
    assert code == 0, err
    note = next((line for line in err.splitlines() if "no longer" in line), err)
    assert note.startswith("note: ") and "finance.txt" in note, note
    assert "--source finance.txt" in note and "river.txt" not in note, note
    assert set(docs_of(runner, idx)) == {"river.txt", "finance.txt"}  # still indexed
    code, err = index(runner, idx, "texts/stream.txt")  # not the folder: nothing said
    assert "finance.txt" not in err, err
