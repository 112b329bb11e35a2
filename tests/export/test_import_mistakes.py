"""Mistakes in a file given to `sensegrep import` (pass 39e): each said as what it is."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

import sensegrep

from ..helpers import hits, run, write_jsonl


def _broken(fmt: str, text: str, occ_id: int) -> tuple[str, int]:
    """The export labelled "river" on ``occ_id``, its token line for "old" (before the
    word) cut to two columns as a slip in an editor leaves it; and that line's number."""
    lines = text.split("\n")
    if fmt == "conllu":
        at = next(n for n, line in enumerate(lines) if line.startswith("2\told\t"))
        lines[at] = "2\told"
        word = next(n for n, line in enumerate(lines) if f"SensegrepId={occ_id}" in line)
        lines[word] = lines[word].replace(
            f"SensegrepId={occ_id}", f"SensegrepId={occ_id}|Sense=river"
        )
    else:
        at = next(n for n, line in enumerate(lines) if line.split("\t")[2:3] == ["old"])
        lines[at] = "\t".join(lines[at].split("\t")[:2])
        word = next(n for n, line in enumerate(lines) if line.endswith(f"*\t{occ_id}"))
        lines[word] = lines[word].replace(f"*\t{occ_id}", f"river\t{occ_id}")
    return "\n".join(lines), at + 1


@pytest.mark.parametrize("fmt", ["conllu", "webanno"])
def test_a_bad_token_line_before_the_word_is_one_bad_line(tmp_path, fmt):
    """A bad token line inside an exported sentence of a CoNLL-U or WebAnno file is one
    bad line, skipped; the exported word's own line after it still reads back. The words
    before the word were compared with the text here without the bad line's word, so
    the word's line was a second bad line, "an id edited by hand, or a file written from
    another index", its good label dropped."""
    runner = CliRunner()
    idx = tmp_path / "idx"
    text = "The old bank of the river flooded."
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"id": "d1", "text": text}])
    assert run(runner, idx, "index", str(corpus), "--model", "fake:16")[0] == 0
    (occ_id,) = [h["id"] for h in hits(run(runner, idx, "search", "bank")[1])]
    code, out, err = run(runner, idx, "export", "bank", "--to", fmt)
    assert code == 0, err
    broken, line = _broken(fmt, out, occ_id)
    path = tmp_path / f"back.{fmt}"
    path.write_text(broken, encoding="utf-8")
    code, _out, err = run(runner, idx, "import", str(path))
    assert code == 1 and "Traceback" not in err, err
    errors = [one for one in err.splitlines() if one.startswith("error: ")]
    assert len(errors) == 1 and errors[0].startswith(f"error: {path}:{line}: "), err
    assert "as the file says" not in err, err
    assert "applied 1 label(s)" in err and "1 bad (1 malformed or unreadable" in err, err
    with sensegrep.open(idx) as index:
        assert [h.label for h in index.search("bank")] == ["river"]


@pytest.mark.parametrize("suffix", ["jsonl", "csv", "conllu"])
@pytest.mark.parametrize("content", ["", "\n  \n", "\ufeff", "\ufeff\r\n\r\n"])
def test_an_empty_file_is_said_to_be_empty(tmp_path, content, suffix):
    """An empty (or blank) .jsonl was "cannot tell the format … from its first lines or
    its extension: pass --format", which then only said there was no item to read; one
    holding a byte order mark alone still was, and an empty .csv was one bad line,
    "expected a header with id and label columns" (pass 39j)."""
    runner = CliRunner()
    idx = tmp_path / "idx"
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"id": "d1", "text": "The bank closed."}])
    assert run(runner, idx, "index", str(corpus), "--model", "fake:16")[0] == 0
    path = tmp_path / f"back.{suffix}"
    path.write_text(content, encoding="utf-8")
    code, _out, err = run(runner, idx, "import", str(path))
    assert code == 1 and "Traceback" not in err, err
    empty = "is empty" if not content.strip("\ufeff") else "holds only blank lines"
    assert f"{path} {empty}: no item" in err, err
    assert "pass --format" not in err and "read as" not in err, err
    with sensegrep.open(idx) as index, pytest.raises(sensegrep.SensegrepError) as raised:
        sensegrep.api.import_labels(index, path)  # the library says the same
    assert f"{empty}: no item" in str(raised.value)


@pytest.mark.parametrize("fmt", ["prodigy", "doccano"])
@pytest.mark.parametrize(
    "first", ['{"text": "The bank', '{"note": "batch 3"}', 'text": "The old bank closed."}']
)
def test_a_bad_first_line_is_one_bad_line(tmp_path, fmt, first):
    """A JSONL export whose first line was cut or mistyped by hand was "cannot tell the
    format … pass --format", its good lines unread: the format is told by the first
    record that shows one, and the first line is a bad line; one cut at its start, no
    "{" left, was still "cannot tell the format" (pass 39j)."""
    runner = CliRunner()
    idx = tmp_path / "idx"
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"id": "d1", "text": "The old bank closed."}])
    assert run(runner, idx, "index", str(corpus), "--model", "fake:16")[0] == 0
    (occ_id,) = [h["id"] for h in hits(run(runner, idx, "search", "bank")[1])]
    code, out, err = run(runner, idx, "export", "bank", "--to", fmt)
    assert code == 0, err
    record = json.loads(out)
    if fmt == "prodigy":
        record.update(accept=["river"], answer="accept")
    else:
        record["label"] = [[*record["target"], "river"]]
    path = tmp_path / "back.jsonl"
    path.write_text(f"{first}\n{json.dumps(record)}\n", encoding="utf-8")
    code, _out, err = run(runner, idx, "import", str(path))
    assert code == 1 and "Traceback" not in err, err
    assert "(detected; --format to choose)" in err, err
    errors = [one for one in err.splitlines() if one.startswith("error: ")]
    assert len(errors) == 1 and errors[0].startswith(f"error: {path}:1: "), err
    assert "applied 1 label(s)" in err, err
    with sensegrep.open(idx) as index:
        assert index.labels("bank") == {"river": 1} and occ_id in index.search("bank").ids


def _labels_read_back_from(
    runner: CliRunner, idx: Path, tmp_path: Path, edit: Callable[[str], str]
) -> None:
    """Export the index's two occurrences of bank to CoNLL-U, ``edit`` the text as a
    hand would, label them money and river there, and import it: both labels read back."""
    first, second = [h["id"] for h in hits(run(runner, idx, "search", "bank")[1])]
    code, out, err = run(runner, idx, "export", "bank", "--to", "conllu")
    assert code == 0 and out.count("\n\n# sent_id") == 1, err
    out = edit(out)
    for occ_id, label in ((first, "money"), (second, "river")):
        out = out.replace(f"SensegrepId={occ_id}", f"SensegrepId={occ_id}|Sense={label}")
    path = tmp_path / "back.conllu"
    path.write_text(out, encoding="utf-8")
    code, _out, err = run(runner, idx, "import", str(path))
    assert code == 0 and "error" not in err, err
    assert "applied 2 label(s)" in err, err
    with sensegrep.open(idx) as index:
        assert [h.label for h in index.search("bank")] == ["money", "river"]


def test_a_deleted_blank_line_between_sentences_leaves_the_label(tmp_path):
    """A CoNLL-U export whose blank line between two sentences was deleted by hand: the
    words of the sentence before were taken for the next one's words before its word,
    so its good line was a bad line, "an id edited by hand, or a file written from
    another index", its label dropped (pass 39j). A comment after token lines opens
    the next sentence, as the blank line did."""
    runner = CliRunner()
    idx = tmp_path / "idx"
    text = "The bank closed. The old bank of the river flooded."
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"id": "d1", "text": text}])
    assert run(runner, idx, "index", str(corpus), "--model", "fake:16")[0] == 0
    _labels_read_back_from(
        runner, idx, tmp_path, lambda out: out.replace("\n\n# sent_id", "\n# sent_id")
    )


@pytest.mark.parametrize("docs", [1, 2])
def test_a_sentence_whose_blank_line_and_comments_were_deleted_keeps_its_label(tmp_path, docs):
    """The blank line and the comments between two sentences deleted by hand: the second
    was read as the first's words and document, its good line refused as "occurrence N
    is 'bank' in 'd2' here, not 'bank' in 'd1' as the line says" (or as an id edited by
    hand), its label dropped (pass 39p). A word numbered 1 again opens a sentence."""
    runner = CliRunner()
    idx = tmp_path / "idx"
    texts = ["The bank closed.", "The old bank of the river flooded."]
    records = (
        [{"id": "d1", "text": " ".join(texts)}]
        if docs == 1
        else [{"id": f"d{i}", "text": t} for i, t in enumerate(texts, start=1)]
    )
    corpus = write_jsonl(tmp_path / "c.jsonl", records)
    assert run(runner, idx, "index", str(corpus), "--model", "fake:16")[0] == 0
    _labels_read_back_from(
        runner, idx, tmp_path, lambda out: re.sub(r"\n\n(#[^\n]*\n)+", "\n", out)
    )


def test_a_multiword_tokens_line_leaves_the_sentence_checked(tmp_path):
    """A CoNLL-U file with a multiword token's line (`2-3 cannot`, as UD writes one)
    before its words: the word numbered 2 after the range 2-3 was read as opening
    another sentence, its document and text forgotten, so a line whose id was edited
    to another sentence's word of the same form labelled that word unsaid (pass 39q).
    Only a word's number opens another sentence, not a range's."""
    runner = CliRunner()
    idx = tmp_path / "idx"
    text = "We cannot bank on it. The bank of the river flooded."
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"id": "d1", "text": text}])
    assert run(runner, idx, "index", str(corpus), "--model", "fake:16")[0] == 0
    first, second = [h["id"] for h in hits(run(runner, idx, "search", "bank")[1])]
    code, out, err = run(runner, idx, "export", "bank", "--to", "conllu")
    assert code == 0 and "\n2\tcan\t" in out, err
    out = out.replace("\n2\tcan\t", "\n2-3\tcannot\t_\t_\t_\t_\t_\t_\t_\t_\n2\tcan\t", 1)
    out = out.replace(f"SensegrepId={first}", f"SensegrepId={second}|Sense=money", 1)
    path = tmp_path / "back.conllu"
    path.write_text(out, encoding="utf-8")
    code, _out, err = run(runner, idx, "import", str(path))
    assert code == 1 and "applied 0 label(s)" in err, err
    with sensegrep.open(idx) as index:
        assert [h.label for h in index.search("bank")] == [None, None]
