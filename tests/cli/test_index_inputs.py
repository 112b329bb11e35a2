"""`sensegrep index` given files whose names or formats could mislead: a Raganato gold
key file named beside its data file, a --format the file's first lines contradict, a
vertical file under .xml, a file nothing tells."""

from __future__ import annotations

import json
from pathlib import Path

from ..helpers import run, write_jsonl

RAGANATO = """\
<?xml version="1.0" encoding="UTF-8" ?>
<corpus lang="en" source="mini">
<text id="r1">
<sentence id="r1.s1">
<wf lemma="the" pos="DET">The</wf>
<instance id="r1.s1.t1" lemma="bank" pos="NOUN">bank</instance>
<wf lemma="lend" pos="VERB">lent</wf>
<wf lemma="." pos=".">.</wf>
</sentence>
</text>
</corpus>
"""
KEYS = "r1.s1.t1 bank%1:14:00::\n"
CONLLU = (
    "# newdoc id = c1\n"
    "1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_\n"
    "2\tbank\tbank\tNOUN\tNN\t_\t0\troot\t_\t_\n"
)
VRT = '<text id="v1" year="1999">\n<s>\nThe\tDT\tthe\nbank\tNN\tbank\n</s>\n</text>\n'


def _info(runner, idx: Path) -> dict:
    code, out, err = run(runner, idx, "info", "--json")
    assert code == 0, err
    return json.loads(out)


def test_a_gold_key_file_named_beside_its_data_file_is_no_text(runner, tmp_path):
    """`index data/*` names the key file too: it was indexed as a plain-text document,
    its instance ids and sense keys counted as tokens of the corpus."""
    data = tmp_path / "mini.data.xml"
    data.write_text(RAGANATO, encoding="utf-8")
    keys = tmp_path / "mini.gold.key.txt"
    keys.write_text(KEYS, encoding="utf-8")
    idx = tmp_path / "idx"
    code, _, err = run(runner, idx, "index", "--vectors-for", "none", str(data), str(keys))
    assert code == 0, err
    assert "mini.gold.key.txt (of mini.data.xml)" in err
    info = _info(runner, idx)
    assert (info["documents"], info["tokens"]) == (1, 4)  # The bank lent .
    code, out, err = run(runner, idx, "search", "bank", "--format", "jsonl")
    assert [hit["label"] for hit in map(json.loads, out.splitlines())] == ["bank%1:14:00::"]


def test_a_format_the_first_lines_contradict_is_noted(runner, tmp_path):
    """--format vrt on a CoNLL-U file, txt on JSONL: each reads "fine" into a corpus of
    column values or JSON syntax; the note says the file shows another format."""
    conllu = tmp_path / "tree.conllu"
    conllu.write_text(CONLLU, encoding="utf-8")
    code, _, err = run(runner, tmp_path / "a", "index", "--vectors-for", "none",
                       "--format", "vrt", str(conllu))  # fmt: skip
    assert code == 0, err
    assert "note: read as --format vrt though the first lines show another format" in err
    assert "tree.conllu (conllu)" in err
    jsonl = tmp_path / "docs.jsonl"
    jsonl.write_text(json.dumps({"id": "d", "text": "The bank."}) + "\n", encoding="utf-8")
    code, _, err = run(runner, tmp_path / "b", "index", "--vectors-for", "none",
                       "--format", "txt", str(jsonl))  # fmt: skip
    assert code == 0, err
    assert "docs.jsonl (jsonl)" in err
    # the format the file shows: no note
    code, _, err = run(runner, tmp_path / "c", "index", "--vectors-for", "none",
                       "--format", "conllu", str(conllu))  # fmt: skip
    assert code == 0, err
    assert "note: read as" not in err


def test_plain_text_read_as_vrt_is_noted_and_a_vertical_file_is_not(runner, tmp_path):
    """--format vrt on running text made each line one "token" (a whole sentence) with
    no word; the note names the file as plain text. A vertical file of one token a line,
    with or without structure tags, gets no note."""
    prose = tmp_path / "story.txt"
    prose.write_text("The bank of the river was steep.\nShe sat on the bank all day.\n")
    code, _, err = run(runner, tmp_path / "a", "index", "--vectors-for", "none",
                       "--format", "vrt", str(prose))  # fmt: skip
    assert code == 0, err
    assert "note: read as --format vrt though the first lines show another format" in err
    assert "story.txt (plain text)" in err
    vertical = tmp_path / "tokens.txt"
    vertical.write_text("The\tDET\nbank\tNOUN\n.\tPUNCT\nIt\tPRON\nrained\tVERB\n")
    code, _, err = run(runner, tmp_path / "b", "index", "--vectors-for", "none",
                       "--format", "vrt", str(vertical))  # fmt: skip
    assert code == 0, err
    assert "note: read as" not in err


def test_a_vertical_file_under_xml_is_read_as_vrt(runner, tmp_path):
    """A .xml extension named Raganato only: a VRT file saved as .xml was refused with
    Raganato's complaint about <s> inside <text>."""
    vrt = tmp_path / "corpus.xml"
    vrt.write_text(VRT, encoding="utf-8")
    idx = tmp_path / "idx"
    code, _, err = run(runner, idx, "index", "--vectors-for", "none", str(vrt))
    assert code == 0, err
    assert "note: format told by the first lines:" in err and "corpus.xml (vrt)" in err
    info = _info(runner, idx)
    assert (info["documents"], info["tokens"]) == (1, 2)


def test_a_file_nothing_tells_is_named_once(runner, tmp_path):
    notes = tmp_path / "notes.md"
    notes.write_text("Some notes on the bank.\n", encoding="utf-8")
    code, _, err = run(runner, tmp_path / "idx", "index", "--vectors-for", "none", str(notes))
    assert code == 1
    [line] = [line for line in err.splitlines() if line.startswith("error:")]
    assert line.count("notes.md") == 1, line
    assert "pass --format" in line


def test_a_count_by_a_key_that_is_also_a_metadata_field_says_which(runner, tmp_path):
    """A JSONL field called "doc" (or "label", "form"…) was counted as the built-in key
    (document ids, sense labels, forms) without a word when --count named it."""
    records = [
        {"id": "k1", "text": "The bank closed.", "doc": "letter"},
        {"id": "k2", "text": "A bank opened.", "doc": "memo"},
    ]
    corpus = tmp_path / "coll.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    idx = tmp_path / "idx"
    code, _, err = run(runner, idx, "index", "--vectors-for", "none", "--tagger", "none",
                       str(corpus))  # fmt: skip
    assert code == 0, err
    code, out, err = run(runner, idx, "search", "bank", "--count", "doc", "--format", "jsonl")
    assert code == 0, err
    assert sorted(r["value"] for r in map(json.loads, out.splitlines())) == ["k1", "k2"]
    assert "a metadata field 'doc': --count meta:doc counts by it" in err
    code, out, err = run(runner, idx, "search", "bank", "--count", "meta:doc", "--format", "jsonl")
    assert sorted(r["value"] for r in map(json.loads, out.splitlines())) == ["letter", "memo"]
    assert "metadata field" not in err
    code, _, err = run(runner, idx, "search", "bank", "--count", "form", "--format", "jsonl")
    assert code == 0 and "metadata field" not in err  # no field called form


def test_only_bad_files_say_nothing_was_indexed(runner, tmp_path):
    """An empty file and one of Latin-1 alone: "everything else was indexed" of nothing."""
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "latin.txt").write_bytes("Le caf\xe9 by the bank.\n".encode("latin-1"))
    idx = tmp_path / "idx"
    files = [str(tmp_path / "empty.txt"), str(tmp_path / "latin.txt")]
    code, _, err = run(runner, idx, "index", *files, "--model", "fake:16")
    assert code == 1
    assert "2 problem(s) in 2 file(s), listed above; nothing was indexed" in err, err
    (tmp_path / "good.txt").write_text("The bank shut.\n", encoding="utf-8")
    code, _, err = run(runner, idx, "index", *files, str(tmp_path / "good.txt"))
    assert code == 1 and "listed above; everything else was indexed" in err, err


def test_a_compressed_file_is_named_as_one(runner, tmp_path):
    """A gzip or zip file was "cannot tell the format …; pass --format", and with
    --format "binary file (NUL byte)": neither said it is compressed, and --format could
    not help. Each says what it is and how to decompress it."""
    import gzip
    import zipfile

    text = '{"id": "g1", "text": "The bank lent us money."}\n'
    (tmp_path / "g.jsonl.gz").write_bytes(gzip.compress(text.encode()))
    with zipfile.ZipFile(tmp_path / "z.zip", "w") as archive:
        archive.writestr("inner.jsonl", text)
    files = [str(tmp_path / "g.jsonl.gz"), str(tmp_path / "z.zip")]
    code, _, err = run(runner, tmp_path / "idx", "index", "--vectors-for", "none", *files)
    assert code == 1, err
    assert "g.jsonl.gz: a gzip file: decompress it first (gunzip FILE)" in err, err
    assert "z.zip: a zip file: decompress it first (unzip FILE)" in err, err
    assert "pass --format" not in err, err
    code, _, err = run(
        runner, tmp_path / "idx", "index", "--vectors-for", "none", "--format", "jsonl", *files
    )
    assert code == 1, err
    assert "a gzip file: decompress it first" in err and "a zip file" in err, err
    assert "NUL byte" not in err, err


def test_a_word_document_is_asked_for_as_plain_text(runner, tmp_path):
    """A .docx (or .odt, .epub) in a folder is a zip: "decompress it first (unzip FILE)"
    sent the user to a folder of XML. It is named as a document to save as plain text."""
    import zipfile

    with zipfile.ZipFile(tmp_path / "report.docx", "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:t>The bank lent us money.</w:t>")
    with zipfile.ZipFile(tmp_path / "book.odt", "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    files = [str(tmp_path / "report.docx"), str(tmp_path / "book.odt")]
    code, _, err = run(
        runner, tmp_path / "idx", "index", "--vectors-for", "none", "--format", "txt", *files
    )
    assert code == 1, err
    for name in ("report.docx", "book.odt"):
        assert (
            f"{name}: a word processor's document or e-book (a zip of XML), not text: "
            "save it as plain text" in err
        ), err
    assert "unzip" not in err, err


def test_hidden_text_in_a_folder_is_named_in_a_note(runner, tmp_path):
    """A folder's hidden files and folders are skipped, as documented, but a text among
    them (.drafts/b.txt) was left out with nothing said, its words in no count. A note
    names those in a format; macOS's .DS_Store and ._ copies are no text, left unsaid."""
    corpus = tmp_path / "corpus"
    (corpus / ".drafts").mkdir(parents=True)
    (corpus / "a.txt").write_text("The bank lent us money.\n", encoding="utf-8")
    (corpus / ".drafts" / "b.txt").write_text("The river bank.\n", encoding="utf-8")
    (corpus / ".c.txt").write_text("A bank.\n", encoding="utf-8")
    (corpus / "._a.txt").write_bytes(b"\x00\x05\x16\x07")
    (corpus / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    idx = tmp_path / "idx"
    code, _, err = run(runner, idx, "index", "--vectors-for", "none", str(corpus))
    assert code == 0, err
    assert _info(runner, idx)["documents"] == 1
    assert "hidden (a name or folder starting with '.'" in err, err
    assert err.rstrip().endswith("to index it): .c.txt, .drafts/b.txt"), err
    assert "._a.txt" not in err and "DS_Store" not in err, err


def test_the_hidden_files_note_leaves_out_tools_folders(runner, tmp_path):
    """A corpus folder kept in git, or holding a virtual environment, had the note list
    .git's and .venv's files named as a format (a .venv's LICENSE.txt by the thousand)
    before the one hidden text (stop 48's POLISH): a tool's folder holds no corpus."""
    corpus = tmp_path / "corpus"
    for folder in (".git/objects", ".venv/lib", ".notes"):
        (corpus / folder).mkdir(parents=True)
    (corpus / "a.txt").write_text("The bank was steep.\n", encoding="utf-8")
    (corpus / ".git" / "objects" / "x.txt").write_text("x\n", encoding="utf-8")
    for n in range(3):
        (corpus / ".venv" / "lib" / f"LICENSE{n}.txt").write_text("y\n", encoding="utf-8")
    (corpus / ".notes" / "ch1.txt").write_text("A hidden bank.\n", encoding="utf-8")
    code, _, err = run(runner, tmp_path / "idx", "index", "--vectors-for", "none", str(corpus))
    assert code == 0, err
    assert err.rstrip().endswith("to index it): .notes/ch1.txt"), err


def test_text_holding_html_markup_is_named_in_a_note(runner, tmp_path):
    """A web page saved as text keeps its markup: spaCy read "bank&nbsp;was" as one
    token, so `search bank` left it out, unsaid, and freq listed "bank&nbsp;wa". A note
    names the files (an entity or a closing tag; "AT&T;" and an opening tag in prose
    are none)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "page.txt").write_text("<p>The bank&nbsp;was steep.</p>\n", encoding="utf-8")
    (corpus / "prose.txt").write_text("AT&T; and R&D; said <very> little.\n", encoding="utf-8")
    write_jsonl(corpus / "qa.jsonl", [{"id": "q", "text": "Q&amp;A about the bank."}])
    idx = tmp_path / "idx"
    code, _, err = run(runner, idx, "index", "--vectors-for", "none", str(corpus))
    assert code == 0, err
    assert "note: text holding HTML or XML markup was read as written" in err, err
    assert "take the markup out first: page.txt ('&nbsp;'), qa.jsonl ('&amp;')\n" in err, err
    assert "prose.txt" not in err, err


def test_a_word_document_named_without_format_is_asked_for_as_plain_text(runner, tmp_path):
    """Named alone (no --format), a .docx was still "a zip file: decompress it first
    (unzip FILE)": the format's guess read the file's first 16 bytes, short of the zip's
    first member's name ([Content_Types].xml at byte 30), pass 37l."""
    import zipfile

    with zipfile.ZipFile(tmp_path / "report.docx", "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:t>The bank lent us money.</w:t>")
    code, _, err = run(
        runner, tmp_path / "idx", "index", "--vectors-for", "none", str(tmp_path / "report.docx")
    )
    assert code == 1, err
    assert "report.docx: a word processor's document or e-book (a zip of XML)" in err, err
    assert "unzip" not in err, err


def test_text_that_begins_like_a_compressed_file_is_read(runner, tmp_path):
    """bzip2's first bytes are letters ("BZh"): a text that begins so is still text."""
    import bz2

    (tmp_path / "names.txt").write_text("BZhang lent us money at the bank.\n", encoding="utf-8")
    (tmp_path / "b.txt.bz2").write_bytes(bz2.compress(b"The bank lent us money.\n"))
    idx = tmp_path / "idx"
    code, _, err = run(runner, idx, "index", "--vectors-for", "none", str(tmp_path))
    assert code == 0, err
    assert _info(runner, idx)["documents"] == 1
    code, _, err = run(runner, idx, "index", "--vectors-for", "none", str(tmp_path / "b.txt.bz2"))
    assert code == 1 and "a bzip2 file: decompress it first (bunzip2 FILE)" in err, err


def test_an_error_under_the_progress_bar_is_a_line_of_its_own(runner, tmp_path):
    """An error printed while the progress bar is drawn went on from the bar's text on
    its line ("indexing: 1%|…| 8.66k/907k [00:03<06:40, 2.24kB/s]error: b.txt:1: …")."""
    (tmp_path / "a.txt").write_text("The bank was open.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes("The café was closed.\n".encode("latin-1"))
    idx = tmp_path / "idx"
    text_only = ("--vectors-for", "none", "--tagger", "none")
    code, _, err = run(runner, idx, "index", *text_only, "--progress", str(tmp_path))
    assert code == 1
    at = err.index("error: b.txt:1: invalid UTF-8")
    assert at == 0 or err[at - 1] in "\r\n", repr(err[max(at - 80, 0) : at + 20])


def test_sigterm_while_a_text_is_stored_in_pieces_leaves_none_of_its_files(
    runner, tmp_path: Path, monkeypatch
) -> None:
    """SIGTERM (a job killed, a timeout) ended `index` at once: the token segments of a
    text stored in pieces, written before the commit, stayed on disk unregistered and
    `info` counted them (1,022 bytes a token instead of ~127) until the next run. It
    unwinds as Ctrl-C does: nothing stored, no file left, the next run stores it all."""
    import os
    import signal

    from sensegrep import failpoints
    from sensegrep.cli import cli
    from sensegrep.indexer.readers import text

    corpus = tmp_path / "big.txt"
    corpus.write_text("\n\n".join(f"The bank number {n} was wide." for n in range(60)))
    monkeypatch.setattr(text, "PIECE_CHARS", 200)
    reach = failpoints.reach

    def term(name: str) -> None:
        if name == "batch:before-commit":
            os.kill(os.getpid(), signal.SIGTERM)
        reach(name)

    # Ignored outside the command: before the fix the signal did nothing here (where it
    # would have ended the test run), and the run stored the file.
    previous = signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        monkeypatch.setattr(failpoints, "reach", term)
        idx = tmp_path / "idx"
        args = ["--index", str(idx), "index", str(corpus), "--vectors-for", "none"]
        result = runner.invoke(cli, [*args, "--tagger", "none"])
        assert result.exit_code == 128 + signal.SIGTERM, result.output
        assert result.stderr.startswith("index stopped: the batches committed before stay")
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert [p for p in (idx / "tokens").iterdir() if p.suffix != ".json"] == []
    monkeypatch.setattr(failpoints, "reach", reach)
    code, _, err = run(
        runner, idx, "index", str(corpus), "--vectors-for", "none", "--tagger", "none"
    )
    assert code == 0, err
    code, out, _ = run(runner, idx, "search", "bank", "--count", "form")
    assert code == 0 and "60" in out
