"""An export is written as it is read: a few hundred sentences in memory at any size
(pass 29d: `export the --form --to conllu` of 518,863 occurrences passed 18 GB, each
sentence's tokens read whole before the first line was written)."""

from __future__ import annotations

from pathlib import Path

import pytest

import sensegrep
import sensegrep.export
from sensegrep.storage import Index

from ..helpers import run, write_jsonl

FORMATS = ["prodigy", "doccano", "conllu", "webanno", "csv"]
TEXTS = ["The bank raised its rates.", "We sat on the grassy bank.", "A bank loan, a bank."] * 4


@pytest.fixture
def banks(tmp_path: Path) -> Path:
    """12 documents, 16 occurrences of bank (fake encoder)."""
    records = [{"id": f"d{i}", "text": t} for i, t in enumerate(TEXTS)]
    folder = tmp_path / "idx"
    corpus = write_jsonl(tmp_path / "c.jsonl", records)
    sensegrep.build(folder, corpus, model="fake:16", tagger="none").close()
    return folder


def read_sizes(monkeypatch) -> list[int]:
    """How many occurrences each read of sentences' tokens asks for, from now on."""
    sizes: list[int] = []
    reading = Index.sentence_tokens

    def counted(self, ids):
        sizes.append(len(ids))
        return reading(self, ids)

    monkeypatch.setattr(Index, "sentence_tokens", counted)
    return sizes


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("choice", [{}, {"balanced": 2}, {"sample": 5, "good_examples": True}])
def test_an_export_is_read_a_chunk_at_a_time_and_is_the_same_text(banks, monkeypatch, fmt, choice):
    with sensegrep.open(banks) as index:
        if choice.get("balanced"):
            index.senses("bank", 2)
        whole = sensegrep.export.write(fmt, index.annotation_items("bank", fmt, **choice))
        monkeypatch.setattr(sensegrep.export, "EXPORT_CHUNK", 3)
        sizes = read_sizes(monkeypatch)
        written = index.export_text("bank", fmt, **choice)
        text = "".join(written)
    assert text == whole
    assert written.written == _items(whole, fmt) > 0
    assert max(sizes) <= 3 and sum(sizes) == written.written


def _items(text: str, fmt: str) -> int:
    """How many items an export's text holds (each carries its occurrence id once)."""
    marks = {
        "prodigy": '"sensegrep_id"',
        "doccano": '"sensegrep_id"',
        "conllu": "SensegrepId=",
        "webanno": "#Text=",
    }
    if fmt == "csv":
        return len(text.splitlines()) - 1
    return text.count(marks[fmt]) // (2 if fmt == "doccano" else 1)


def test_the_command_line_writes_a_file_read_a_chunk_at_a_time(banks, tmp_path, monkeypatch):
    from click.testing import CliRunner

    with sensegrep.open(banks) as index:
        whole = index.export("bank", "conllu")
    monkeypatch.setattr(sensegrep.export, "EXPORT_CHUNK", 4)
    sizes = read_sizes(monkeypatch)
    out = tmp_path / "bank.conllu"
    code, _, err = run(CliRunner(), banks, "export", "bank", "--to", "conllu", "-o", str(out))
    assert code == 0, err
    assert out.read_text(encoding="utf-8") == whole
    assert "wrote 16 occurrence(s) of 'bank'" in err
    assert max(sizes) == 4 and sum(sizes) == 16
    assert not (tmp_path / "bank.conllu.part").exists()


def removing_once(monkeypatch, index, doc: str) -> list:
    """Another process's `sensegrep remove --doc DOC`, run at the first read of
    sentences from now on; the list empties when it ran."""
    reading, writes = Index.contexts, [lambda: index.remove(docs=[doc])]

    def meanwhile(self, ids):
        if writes:
            writes.pop()()
        return reading(self, ids)

    monkeypatch.setattr(Index, "contexts", meanwhile)
    return writes


def test_a_file_written_while_a_document_is_removed_is_written_again(banks, tmp_path, monkeypatch):
    """A file is of one state of the index: taken again when another process removed a
    document while it was written (as annotation_items reads it, pass 29a)."""
    out = tmp_path / "bank.csv"
    with sensegrep.open(banks) as index:
        monkeypatch.setattr(sensegrep.export, "EXPORT_CHUNK", 3)
        writes = removing_once(monkeypatch, index, "d5")
        written = index.export_to("bank", "csv", out)
        monkeypatch.undo()
        fresh = index.export("bank", "csv")
    assert not writes
    assert out.read_text(encoding="utf-8") == fresh
    assert written.written == 14 and not written.changed  # d5's two banks gone
    assert not any("changed while" in note for note in written.notes)


def test_text_read_while_a_document_is_removed_says_what_was_left_out(banks, monkeypatch):
    """Standard output cannot be written again: what went missing is said, not silent."""
    with sensegrep.open(banks) as index:
        monkeypatch.setattr(sensegrep.export, "EXPORT_CHUNK", 3)
        first = int(index.search("bank", k=1)[0].doc[1:])
        writes = removing_once(monkeypatch, index, f"d{first + 7}")  # in a later chunk
        written = index.export_text("bank", "csv")
        text = "".join(written)
    assert not writes
    assert written.changed and written.written == len(text.splitlines()) - 1
    gone = 16 - written.written
    assert gone > 0 and written.notes[-1] == (
        f"{gone} occurrence(s) chosen for the export were in documents another process "
        "removed while it was read, and are left out; export again for a file of one state "
        "of the index"
    )


def test_an_export_read_while_documents_are_added_is_whole(banks, tmp_path, monkeypatch):
    """What another process adds while an export is read changes none of the occurrences
    chosen: no note, and a file is not written again (an indexing run commits every few
    seconds: each try of a long export would have seen a change, and been taken again)."""
    late = write_jsonl(tmp_path / "late.jsonl", [{"id": "late", "text": "A bank."}])
    out = tmp_path / "bank.csv"
    with sensegrep.open(banks) as index:
        whole = index.export("bank", "csv")
        monkeypatch.setattr(sensegrep.export, "EXPORT_CHUNK", 3)
        adds = [lambda: sensegrep.add(banks, late, tagger="none")]
        reading = Index.contexts

        def meanwhile(self, ids):
            if adds:
                adds.pop()()
            return reading(self, ids)

        monkeypatch.setattr(Index, "contexts", meanwhile)
        tries = []
        monkeypatch.setattr(index, "export_text", _counting(index.export_text, tries))
        written = index.export_to("bank", "csv", out)
    assert not adds and len(tries) == 1
    assert out.read_text(encoding="utf-8") == whole and written.written == 16
    assert not written.changed and written.notes == []


def _counting(function, calls: list):
    def counted(*args, **kwargs):
        calls.append(1)
        return function(*args, **kwargs)

    return counted


def test_a_full_disk_while_a_file_is_written_names_the_file_not_the_index(
    banks, tmp_path, monkeypatch
):
    """A write's OSError names no file: the error then named the index folder ("idx: the
    disk is full"), a disk the user may not be writing to, and not the output's."""
    import errno

    from click.testing import CliRunner

    from sensegrep.api.results import ExportText

    out = tmp_path / "out" / "bank.csv"
    out.parent.mkdir()
    out.write_text("good\n", encoding="utf-8")

    def full(self):
        yield "id,doc\n"
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(ExportText, "__iter__", full)
    code, _, err = run(CliRunner(), banks, "export", "bank", "--to", "csv", "-o", str(out))
    assert code == 1
    assert f"{out}: the disk is full" in err and f"{banks}:" not in err
    assert out.read_text(encoding="utf-8") == "good\n"  # the good file is kept
    assert not (out.parent / "bank.csv.part").exists()


def test_a_file_export_ended_by_sigterm_leaves_no_part_file(banks, tmp_path):
    """SIGTERM (a job killed, a timeout) ended the process at once: FILE.part, half
    written, was left beside FILE. It unwinds as Ctrl-C does: FILE kept, no FILE.part."""
    import subprocess
    import sys

    out = tmp_path / "bank.conllu"
    out.write_text("good\n", encoding="utf-8")
    script = (
        "import os, signal\n"
        "from sensegrep.api.results import ExportText\n"
        "def killed(self):\n"
        "    yield 'half'\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    yield 'never'\n"
        "ExportText.__iter__ = killed\n"
        "from sensegrep.cli import main\n"
        "main()\n"
    )
    args = ["--index", str(banks), "export", "bank", "--to", "conllu", "-o", str(out)]
    root = str(Path(sensegrep.__file__).parent.parent)
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        env={"PYTHONPATH": root},
        capture_output=True,
        timeout=120,
    )
    assert done.returncode != 0 and b"Traceback" not in done.stderr, done.stderr
    assert out.read_text(encoding="utf-8") == "good\n"
    assert not (tmp_path / "bank.conllu.part").exists()


def test_a_full_disk_under_standard_output_is_said_of_it_not_the_index(banks, monkeypatch):
    """`export … > FILE` on a full disk said "idx: the disk is full", of the index folder
    (a write names no file): it names standard output."""
    import errno

    import click
    from click.testing import CliRunner

    echo = click.echo

    def full(message=None, *args, **kwargs):
        if not kwargs.get("err") and message and "bank" in str(message):
            raise OSError(errno.ENOSPC, "No space left on device")
        return echo(message, *args, **kwargs)

    monkeypatch.setattr(click, "echo", full)
    code, _, err = run(CliRunner(), banks, "export", "bank", "--to", "csv")
    assert code == 1
    assert "standard output: the disk is full" in err and f"{banks}:" not in err, err


def test_an_output_in_a_missing_folder_is_said_of_the_file_given(banks, tmp_path):
    """The error named FILE.part, a name the user never gave."""
    from click.testing import CliRunner

    out = tmp_path / "none" / "bank.csv"
    code, _, err = run(CliRunner(), banks, "export", "bank", "--to", "csv", "-o", str(out))
    assert code == 1
    assert f"{out}: no such file or directory" in err and ".part" not in err, err


def test_an_output_that_is_a_symbolic_link_writes_the_file_it_names(banks, tmp_path):
    """Renamed over FILE when whole, a FILE that was a link (latest.csv -> batch-3.csv)
    became a file of its own, the file it named left as it was: written there."""
    from click.testing import CliRunner

    target = tmp_path / "batch-3.csv"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "latest.csv"
    link.symlink_to(target.name)
    code, _, err = run(CliRunner(), banks, "export", "bank", "--to", "csv", "-o", str(link))
    assert code == 0, err
    assert link.is_symlink() and target.read_text(encoding="utf-8").startswith("id,doc,")
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".part") == []


def test_a_file_written_again_keeps_its_mode(banks, tmp_path):
    """Renamed over when whole, a group-writable FILE became 644: another annotator of
    a shared folder could no longer write it."""
    out = tmp_path / "bank.csv"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o664)
    with sensegrep.open(banks) as index:
        index.export_to("bank", "csv", out)
    assert out.stat().st_mode & 0o777 == 0o664


def test_an_output_that_is_no_regular_file_is_written_in_place(banks, tmp_path):
    """`-o /dev/stdout` (a pipe, a FIFO, a device) was written under FILE.part and renamed
    over it: nothing reached the reader, "wrote 16 occurrence(s)" said, and where /dev
    could be written (root) /dev/stdout became a regular file. Written in place."""
    import os
    import stat
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[str] = []

    def reader() -> None:
        with fifo.open(encoding="utf-8") as pipe:
            got.append(pipe.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    with sensegrep.open(banks) as index:
        whole = index.export("bank", "csv")
        written = index.export_to("bank", "csv", fifo)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    thread.join(30)
    assert got == [whole] and written.written == 16
    assert not (tmp_path / "pipe.part").exists()
