"""An editable index: `remove --doc/--source`, a changed file indexed again replaces its
documents, `compact` gives the space back. Removal leaves no trace anywhere."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from sensegrep import api
from sensegrep.errors import QueryError

from ..helpers import DOCS, hits, run, sensegrep, write_jsonl

pytestmark = pytest.mark.usefixtures("backend")  # SQLite and PostgreSQL


def index(runner: CliRunner, idx: Path, *paths: Path) -> None:
    code, _, err = run(runner, idx, "index", *map(str, paths), "--model", "fake:16")
    assert code == 0, err


def docs_found(runner: CliRunner, idx: Path, word: str = "bank") -> set[str]:
    code, out, err = run(runner, idx, "search", word, "--format", "jsonl")
    assert code == 0, err
    return {h["doc"] for h in hits(out)}


def test_a_removed_document_leaves_no_trace(tmp_path: Path, runner: CliRunner):
    idx = tmp_path / "idx"
    index(runner, idx, write_jsonl(tmp_path / "c.jsonl", DOCS))
    r1 = [h["id"] for h in hits(run(runner, idx, "search", "bank", "--doc", "r1")[1])]
    run(runner, idx, "label", *map(str, r1), "--as", "shore")
    assert run(runner, idx, "senses", "bank")[0] == 0

    code, _, err = run(runner, idx, "remove", "--doc", "r1")
    assert code == 0, err
    # Its hand-set label is counted as it goes (issue 23), as its occurrences are.
    said = (
        r"removed 1 document\(s\), 14 tokens, \d+ occurrences with sense vectors; "
        r"1 label\(s\) set by hand or classify"
    )
    assert re.search(said, err)
    assert docs_found(runner, idx) == {"m1", "r2", "m2"}
    code, _, err = run(runner, idx, "search", "water")  # every word of it, not only bank
    assert code == 1 and "no occurrences of 'water'" in err
    assert "shore" not in run(runner, idx, "labels", "bank", "--format", "jsonl")[1]
    senses = hits(run(runner, idx, "senses", "bank", "--format", "jsonl")[1])
    assert sum(s["size"] for s in senses) == 3
    assert "r1" not in run(runner, idx, "export", "bank", "--to", "csv")[1]
    assert json.loads(run(runner, idx, "info", "--json")[1])["documents"] == 3
    # Its ids are said to be removed, not unknown (issue 23: "no occurrence with id").
    removed = f"occurrence {r1[0]} of {idx} was in a document removed since"
    code, _, err = run(runner, idx, "search", "bank", "--like", str(r1[0]))
    assert code == 1 and removed in err and "take ids from a new search" in err
    code, _, err = run(runner, idx, "label", str(r1[0]), "--as", "x")
    assert code == 1 and removed in err and err.rstrip().endswith("nothing was changed")
    with api.open(idx) as opened, pytest.raises(QueryError, match=re.escape(removed)):
        opened.contexts([r1[0]])
    # The paragraph a search line's detail shows (GET /api/context/ID) says so too.
    with api.open(idx) as opened, pytest.raises(QueryError, match=re.escape(removed)):
        opened.paragraph(r1[0])
    code, _, err = run(runner, idx, "search", "bank", "--like", "999999")  # never an id
    assert code == 1 and f"no occurrence with id 999999 in {idx}" in err
    assert run(runner, idx, "check")[0] == 0


def test_remove_says_the_tokens_that_went_and_what_its_occurrences_are(tmp_path, runner):
    """On a text-only index `remove` once said `removed 1 document(s), 0 occurrences`:
    its occurrences are those with a sense vector, but read as no text removed."""
    idx = tmp_path / "idx"
    corpus = write_jsonl(tmp_path / "c.jsonl", DOCS)
    code, _, err = run(runner, idx, "index", str(corpus), "--vectors-for", "none")
    assert code == 0, err
    before = json.loads(run(runner, idx, "info", "--json")[1])["tokens"]
    code, _, err = run(runner, idx, "remove", "--doc", "r1")
    assert code == 0, err
    # r1: "We sat on the bank of the river. The water was cold." is 14 tokens.
    assert "removed 1 document(s), 14 tokens, 0 occurrences with sense vectors" in err
    assert json.loads(run(runner, idx, "info", "--json")[1])["tokens"] == before - 14
    with api.open(idx) as opened:
        assert opened.remove(docs=["r2"]).tokens > 0


def test_remove_a_source_and_index_it_again(tmp_path: Path, runner: CliRunner):
    idx = tmp_path / "idx"
    first = write_jsonl(tmp_path / "a.jsonl", DOCS[:2])
    second = write_jsonl(tmp_path / "b.jsonl", DOCS[2:])
    index(runner, idx, first, second)
    code, _, err = run(runner, idx, "remove", "--source", str(first))
    assert code == 0, err
    assert docs_found(runner, idx) == {"r2", "m2"}
    index(runner, idx, first)  # forgotten: indexed again, not skipped as unchanged
    assert docs_found(runner, idx) == {"r1", "m1", "r2", "m2"}


def test_unknown_ids_and_files_are_named_and_the_rest_removed(tmp_path, runner):
    idx = tmp_path / "idx"
    index(runner, idx, write_jsonl(tmp_path / "c.jsonl", DOCS))
    code, _, err = run(runner, idx, "remove", "--doc", "m1", "--doc", "zz", "--source", "x.txt")
    assert code == 1
    assert f"error: no document with id 'zz' in {idx}" in err
    assert f"error: no file indexed as 'x.txt' in {idx}" in err
    assert docs_found(runner, idx) == {"r1", "r2", "m2"}


def test_a_file_given_by_another_path_than_its_name_is_named_as_indexed(
    tmp_path, runner, monkeypatch
):
    """A file indexed from a folder is named relative to it; `remove --source` with the
    path the user typed says the name to give, instead of only that it is unknown."""
    idx, texts = tmp_path / "idx", tmp_path / "texts"
    texts.mkdir()
    write_jsonl(texts / "c.jsonl", DOCS)
    monkeypatch.chdir(tmp_path)
    index(runner, idx, Path("texts"))
    code, _, err = run(runner, idx, "remove", "--source", "texts/c.jsonl")
    assert code == 1
    assert (
        f"error: no file indexed as 'texts/c.jsonl' in {idx}: that file was indexed as "
        "'c.jsonl' (--source c.jsonl)"
    ) in err
    assert docs_found(runner, idx) == {"r1", "m1", "r2", "m2"}
    assert run(runner, idx, "remove", "--source", "c.jsonl")[0] == 0


def test_a_renamed_file_is_named_by_the_name_its_content_was_indexed_under(
    tmp_path, runner, monkeypatch
):
    """A file renamed in its folder is read again as the file it was (its content is
    indexed under its first name, as `index` said); `remove --source` with its new name
    said only that it is unknown, leaving a data manager no way to it (pass 33g)."""
    idx, texts = tmp_path / "idx", tmp_path / "texts"
    texts.mkdir()
    write_jsonl(texts / "c.jsonl", DOCS)
    monkeypatch.chdir(tmp_path)
    index(runner, idx, Path("texts"))
    (texts / "c.jsonl").rename(texts / "renamed.jsonl")
    code, _, err = run(runner, idx, "remove", "--source", "texts/renamed.jsonl")
    assert code == 1
    assert "that file was indexed as 'c.jsonl' (--source c.jsonl)" in err, err
    assert docs_found(runner, idx) == {"r1", "m1", "r2", "m2"}


def test_a_changed_file_indexed_again_replaces_its_documents(tmp_path, runner):
    idx, corpus = tmp_path / "idx", tmp_path / "c.jsonl"
    index(runner, idx, write_jsonl(corpus, DOCS))
    edited = [dict(DOCS[0], text="The bank of the river flooded."), DOCS[2], DOCS[3]]
    code, _, err = run(runner, idx, "index", str(write_jsonl(corpus, edited)))
    assert code == 0, err  # m1 deleted, r1 changed: both said
    assert "1 replacing older versions, 1 removed: no longer in their file" in err
    assert docs_found(runner, idx) == {"r1", "r2", "m2"}
    sentences = {h["sentence"] for h in hits(run(runner, idx, "search", "bank")[1])}
    assert "The bank of the river flooded." in sentences
    assert json.loads(run(runner, idx, "info", "--json")[1])["files"] == 1


def test_removing_half_the_documents_then_compacting_halves_the_index(tmp_path, runner):
    idx = tmp_path / "idx"
    words = [
        "the",
        "bank",
        "of",
        "the",
        "river",
        "was",
        "muddy",
        "after",
        "the",
        "storm",
        "and",
        "the",
        "water",
        "rose",
    ]
    docs = [{"id": f"d{i}", "text": " ".join(words[i % 5 :] + words[: i % 5])} for i in range(600)]
    index(runner, idx, write_jsonl(tmp_path / "c.jsonl", docs))
    before = json.loads(run(runner, idx, "info", "--json")[1])
    half = [arg for i in range(0, 600, 2) for arg in ("--doc", f"d{i}")]
    assert run(runner, idx, "remove", *half)[0] == 0
    code, _, err = run(runner, idx, "compact")
    assert code == 0, err
    after = json.loads(run(runner, idx, "info", "--json")[1])
    assert after["occurrences"] * 2 == before["occurrences"]
    assert 0.4 < after["vector_bytes"] / before["vector_bytes"] < 0.6
    assert 0.35 < after["disk_bytes"] / before["disk_bytes"] < 0.65
    assert docs_found(runner, idx) == {f"d{i}" for i in range(1, 600, 2)}


def _du(folder: Path) -> int:
    """What ``du --apparent-size`` counts: the bytes of every file in the folder."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _compact_figures(idx: Path) -> tuple[int, int]:
    """`compact` in its own process: the sizes it reports, before and after."""
    done = sensegrep(idx, "compact")
    assert done.returncode == 0, done.stderr
    found = re.search(r"compacted .*: ([\d,]+) → ([\d,]+) bytes", done.stderr)
    assert found, done.stderr
    before, after = (int(n.replace(",", "")) for n in found.groups())
    return before, after


def test_compact_reports_the_size_info_and_du_say(tmp_path: Path, runner: CliRunner, backend):
    """Issue 26: `compact` reported 8,485,644 → 16,560,876 bytes while `info` and `du` said
    8,485,644 (VACUUM's copy of the database left in the WAL, and SQLite's shared-memory
    file counted). Its figures are the folder's files, as `du` counts them once no process
    has the index open, and `info`'s disk_bytes; also on an index compact already."""
    if backend != "sqlite":
        pytest.skip("du measures the folder; a PostgreSQL index's tables are on the server")
    idx = tmp_path / "idx"
    docs = [{"id": f"d{i}", "text": f"the bank of the river number {i} was muddy"}
            for i in range(300)]  # fmt: skip
    index(runner, idx, write_jsonl(tmp_path / "c.jsonl", docs))
    assert (
        run(runner, idx, "remove", *[a for i in range(0, 300, 2) for a in ("--doc", f"d{i}")])[0]
        == 0
    )
    for _ in range(2):  # the second run finds it compact already
        on_disk = _du(idx)
        before, after = _compact_figures(idx)
        assert before == on_disk
        assert after == _du(idx) <= before
        info = sensegrep(idx, "info", "--json")
        assert json.loads(info.stdout)["disk_bytes"] == after == _du(idx)
    assert after == before  # nothing left to give back


def test_a_removed_document_stays_out_of_its_file_read_again(tmp_path, runner):
    """A file with a bad record is read again by the next run (as the summary says), and
    an edited file too: a document removed by id, unchanged in it, stays removed and is
    named, instead of silently coming back into every total (issue 23)."""
    idx, corpus = tmp_path / "idx", tmp_path / "c.jsonl"
    write_jsonl(corpus, DOCS)
    with corpus.open("a", encoding="utf-8") as f:
        f.write('{"id": "bad", "text": \n')
    assert run(runner, idx, "index", str(corpus), "--model", "fake:16")[0] == 1
    assert run(runner, idx, "remove", "--doc", "m1")[0] == 0
    code, _, err = run(runner, idx, "index", str(corpus))
    assert code == 1  # the bad record again, nothing else
    assert docs_found(runner, idx) == {"r1", "r2", "m2"}
    assert "1 left out as removed by `sensegrep remove --doc`" in err
    assert f"note: removed before by `sensegrep remove --doc`, left out: m1 ({corpus})" in err
    info = json.loads(run(runner, idx, "info", "--json")[1])
    # Its documents are in, the file is not done: info says so, not just "files 0".
    assert (info["documents"], info["files"], info["files_in_part"]) == (3, 0, 1)
    assert re.search(
        r"files in part +1 \(read again by the next `index`", run(runner, idx, "info")[1]
    )

    edited = [dict(DOCS[0], text="The bank of the river flooded."), *DOCS[1:]]
    assert run(runner, idx, "index", str(write_jsonl(corpus, edited)))[0] == 0
    assert docs_found(runner, idx) == {"r1", "r2", "m2"}
    info = json.loads(run(runner, idx, "info", "--json")[1])
    assert (info["files"], info["files_in_part"]) == (1, 0)
    assert "files in part" not in run(runner, idx, "info")[1]

    # remove --source forgets the file, and what was removed from it: all of it is back.
    assert run(runner, idx, "remove", "--source", str(corpus))[0] == 0
    code, _, err = run(runner, idx, "index", str(corpus))
    assert code == 0, err
    assert docs_found(runner, idx) == {"r1", "m1", "r2", "m2"}


def test_a_removed_document_comes_back_changed(tmp_path, runner):
    """What stays out is the removed text: the same id with new text is a new document."""
    idx, corpus = tmp_path / "idx", tmp_path / "c.jsonl"
    index(runner, idx, write_jsonl(corpus, DOCS))
    assert run(runner, idx, "remove", "--doc", "m1")[0] == 0
    edited = [DOCS[0], dict(DOCS[1], text="The bank closed its doors."), *DOCS[2:]]
    code, _, err = run(runner, idx, "index", str(write_jsonl(corpus, edited)))
    assert code == 0, err
    assert docs_found(runner, idx) == {"r1", "m1", "r2", "m2"}
    assert "left out" not in err


def test_a_removed_document_stays_out_when_another_file_holds_it_unchanged(tmp_path, runner):
    """The same document (id, text, metadata) in a second file is the removed one."""
    idx = tmp_path / "idx"
    index(runner, idx, write_jsonl(tmp_path / "a.jsonl", DOCS))
    assert run(runner, idx, "remove", "--doc", "m1")[0] == 0
    code, _, err = run(runner, idx, "index", str(write_jsonl(tmp_path / "b.jsonl", DOCS[1:2])))
    assert code == 0, err
    assert docs_found(runner, idx) == {"r1", "r2", "m2"}
    assert "m1 (" in err and "left out" in err


def test_a_file_fixed_after_a_bad_record_drops_the_documents_it_no_longer_has(tmp_path, runner):
    """A file read in part (a bad record, or an interrupted run) and then edited is a new
    version of that file like any other: the documents it no longer has leave the index,
    instead of staying in every total while no indexed file holds them."""
    idx, corpus = tmp_path / "idx", tmp_path / "c.jsonl"
    write_jsonl(corpus, DOCS)
    with corpus.open("a", encoding="utf-8") as f:
        f.write('{"id": "bad", "text": \n')
    assert run(runner, idx, "index", str(corpus), "--model", "fake:16")[0] == 1
    assert docs_found(runner, idx) == {"r1", "m1", "r2", "m2"}
    fixed = [d for d in DOCS if d["id"] != "m1"]  # the bad line fixed, m1 dropped
    code, _, err = run(runner, idx, "index", str(write_jsonl(corpus, fixed)))
    assert code == 0, err
    assert "1 removed: no longer in their file" in err
    assert docs_found(runner, idx) == {"r1", "r2", "m2"}
    info = json.loads(run(runner, idx, "info", "--json")[1])
    assert (info["files"], info["documents"]) == (1, 3)


def test_a_vrt_file_with_a_kept_attribute_error_is_read_whole(tmp_path: Path, runner: CliRunner):
    """Pass 35a: a <text> attribute without a value, or given twice, is a non-fatal error
    whose document is indexed all the same; yet its file was counted "in part: bad
    records skipped" (none was), read again by every run, and a document deleted from it
    stayed in search, in no count of the removed. A record taken is no record skipped:
    the file is read whole, and its deleted documents go."""
    idx, corpus = tmp_path / "idx", tmp_path / "c.vrt"
    texts = {
        "a": '<text id="a" title=The Old House>\nThe\tDT\tthe\nbank\tNN\tbank\n</text>\n',
        "b": '<text id="b" genre="news" genre="blog">\nA\tDT\ta\nbank\tNN\tbank\n</text>\n',
        "c": '<text id="c">\nRiver\tNN\triver\nbank\tNN\tbank\n</text>\n',
    }
    corpus.write_text("".join(texts.values()), encoding="utf-8")
    code, _, err = run(runner, idx, "index", str(corpus), "--vectors-for", "none")
    assert code == 1 and "in part" not in err and "indexed 1 file(s)" in err, err
    code, _, err = run(runner, idx, "index", str(corpus), "--vectors-for", "none")
    assert code == 0 and "(1 unchanged, skipped)" in err, err
    corpus.write_text(texts["a"] + texts["b"], encoding="utf-8")  # c deleted
    code, _, err = run(runner, idx, "index", str(corpus), "--vectors-for", "none")
    assert "1 removed: no longer in their file" in err and "in part" not in err, err
    assert docs_found(runner, idx) == {"a", "b"}


def test_several_ids_after_one_doc_are_refused_with_the_command_that_removes_them(tmp_path, runner):
    """`remove --doc r1 m1` (as the README's heading, `--doc ID…`, reads) was answered
    with click's "Got unexpected extra argument (m1)"; it now gives the command line that
    removes both, and removes nothing until given it."""
    idx = tmp_path / "idx"
    index(runner, idx, write_jsonl(tmp_path / "c.jsonl", DOCS))
    code, _, err = run(runner, idx, "remove", "--doc", "r1", "m1")
    assert code == 2
    assert "--doc takes one value; give it again before each: --doc r1 --doc m1" in err, err
    code, _, err = run(runner, idx, "remove", "r1")
    assert code == 2 and "give each document id after --doc (--doc r1)" in err, err
    assert docs_found(runner, idx) == {"r1", "m1", "r2", "m2"}


def test_a_file_named_by_its_last_parts_is_named_as_indexed(tmp_path, runner, monkeypatch):
    """`remove --source extra.conllu` for a file indexed as corpus/extra.conllu, given from
    a folder where no such path is, said only that it is unknown (pass 39e); the name
    whose last parts it is, when one file's is, is now said. Two such names: neither."""
    idx, texts = tmp_path / "idx", tmp_path / "texts"
    (texts / "b").mkdir(parents=True)
    write_jsonl(texts / "c.jsonl", DOCS[:2])
    write_jsonl(texts / "b" / "c.jsonl", DOCS[2:])
    monkeypatch.chdir(tmp_path)
    index(runner, idx, Path("texts/c.jsonl"), Path("texts/b/c.jsonl"))
    code, _, err = run(runner, idx, "remove", "--source", "b/c.jsonl")
    assert code == 1
    assert "that file was indexed as 'texts/b/c.jsonl' (--source texts/b/c.jsonl)" in err, err
    for given in ("c.jsonl", "jsonl"):  # two names end so; none (a part of a part)
        code, _, err = run(runner, idx, "remove", "--source", given)
        assert code == 1 and "that file was indexed as" not in err, err
    assert docs_found(runner, idx) == {"r1", "m1", "r2", "m2"}
