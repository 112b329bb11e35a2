"""The command line's side of honest filters (issue 23, items 2, 7 and 11): a filter
written wrong is exit 1 with one line, a right one that leaves nothing is exit 0 with
one line on stderr; --max-per-doc, ranges and alternatives from the options and from
--queries; info's metadata fields. On the session's helpers.SUBCORPUS index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import sensegrep
import sensegrep.errors

from ..helpers import hits, run, write_jsonl


def test_a_filter_written_wrong_is_one_line_and_exit_1(runner, subcorpus_index: Path):
    for args, message in [
        (["--where", "gnre=news"], "no document has a metadata field 'gnre' (its fields: date,"),
        (["--where", "genre=NEWS"], "0 documents have genre 'NEWS' (nearest: 'News', 'news')"),
        (["--pos", "NN"], "--pos NN: no token of"),
        (["--doc", "zz"], "--doc zz: no document of"),
    ]:
        code, out, err = run(runner, subcorpus_index, "search", "bank", *args)
        assert code == 1 and out == "", args
        assert err.startswith("Error: ") and message in err and err.count("\n") == 1, err
    # A comparison, as other tools write one: how --where writes it (it said only
    # "expected key=value", or read year>=1980 as a field 'year>'). A usage error.
    for where, written in [("year>1949", "year=1950.."), ("year>=1950", "year=1950.."),
                           ("year<1950", "year=..1949")]:  # fmt: skip
        code, out, err = run(runner, subcorpus_index, "search", "bank", "--where", where)
        assert code == 2 and out == "", where
        assert f"a range is FIELD=LOW..HIGH, both ends included: {written}" in err, err

    # A negation: read as a field 'genre!', said to be a field no document has; it is
    # none a filter has, and a pattern says it.
    code, out, err = run(runner, subcorpus_index, "search", "bank", "--where", "genre!=news")
    assert code == 2 and out == ""
    assert (
        """a filter has no negation, a pattern has: --cql '[lemma="WORD" & genre!="news"]'""" in err
    )
    with sensegrep.open(subcorpus_index) as idx, pytest.raises(sensegrep.errors.QueryError) as e:
        idx.search("bank", where=["genre != news"])
    assert "a filter has no negation" in str(e.value)


def test_a_right_filter_that_leaves_nothing_is_an_empty_result_said_on_stderr(
    runner, subcorpus_index: Path
):
    args = ["search", "bank", "--where", "genre=letters", "--where", "year=1900"]
    code, out, err = run(runner, subcorpus_index, *args, "--format", "jsonl")
    assert (code, out) == (0, "")
    assert err == (
        "0 matches for 'bank' with --where genre=letters --where year=1900; 8 without them; "
        "no document meets them all: the subcorpus is empty\n"
    )
    code, out, err = run(runner, subcorpus_index, *args, "--count", "genre", "--format", "tsv")
    assert code == 0 and "0 matches for 'bank' with --where genre=letters" in err


def test_ranges_alternatives_and_max_per_doc_from_the_options(runner, subcorpus_index: Path):
    code, out, _ = run(
        runner,
        subcorpus_index,
        "search",
        "bank",
        "--where",
        "year=..1950",
        "--where",
        "genre=news,letters",
        "--max-per-doc",
        "1",
        "--format",
        "jsonl",
    )
    assert code == 0 and [(h["id"], h["doc"]) for h in hits(out)] == [(2, "a"), (23, "c")]
    code, out, _ = run(
        runner, subcorpus_index, "search", "bank", "--count", "meta:sense", "--format", "tsv"
    )
    rows = [line.split("\t")[:3] for line in out.splitlines()[1:]]  # value, count, share
    assert code == 0 and rows == [["x", "5", "0.625"], ["(none)", "2", "0.25"], ["y", "1", "0.125"]]


def test_max_per_doc_and_ranges_in_a_queries_file(runner, subcorpus_index: Path, tmp_path: Path):
    queries = tmp_path / "q.jsonl"
    lines = [
        {"word": "bank", "max_per_doc": 1},
        {"word": "bank", "where": {"year": "1900..1949"}},
        {"word": "bank", "where": {"genre": ["news", "fiction"]}, "max_per_doc": 2},
    ]
    queries.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    code, out, err = run(runner, subcorpus_index, "search", "--queries", str(queries))
    assert code == 0, err
    by_query: dict[int, list[int]] = {}
    for hit in hits(out):
        by_query.setdefault(hit["query"], []).append(hit["id"])
    assert by_query == {0: [2, 18, 23, 31], 1: [2, 7, 14, 18], 2: [2, 7, 18]}


def test_a_queries_file_keeps_the_command_lines_where(runner, subcorpus_index: Path, tmp_path):
    """--where on the command line restricts every line of --queries, a line's own
    where too: every condition holds, as repeated --where do (the line's replaced it,
    so the second line searched fiction and letters as well; issue 23, new-user pass)."""
    queries = tmp_path / "q.jsonl"
    lines = [{"word": "bank"}, {"word": "bank", "where": {"year": "1900..1949"}}]
    queries.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    code, out, err = run(runner, subcorpus_index, "search", "--queries", str(queries),
                         "--where", "genre=news")  # fmt: skip
    assert code == 0, err
    by_query: dict[int, list[str]] = {}
    for hit in hits(out):
        by_query.setdefault(hit["query"], []).append(hit["doc"])
    assert by_query == {0: ["a", "a", "a"], 1: ["a", "a", "a"]}


def test_case_flag_after_a_space_and_absent_relations(runner, subcorpus_index: Path):
    code, out, _ = run(runner, subcorpus_index, "search", "--cql", '[word="BANK" %c]')
    assert code == 0 and len(hits(out)) == 8
    code, out, err = run(runner, subcorpus_index, "search", "--cql", '[deprel="nsubj"]')
    assert code == 1 and out == "" and "needs dependency relations" in err


def test_info_lists_the_metadata_fields(runner, subcorpus_index: Path):
    code, out, _ = run(runner, subcorpus_index, "info")
    assert code == 0
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("metadata fields"))
    assert lines[at].split() == ["metadata", "fields", "6"]
    assert [line.split()[:2] for line in lines[at + 1 :]] == [
        ["date", "date"],
        ["genre", "text,"],
        ["pos", "text,"],
        ["sense", "text,"],
        ["title", "text,"],
        ["year", "number"],
    ]
    assert " ".join(lines[-1].split()) == (
        "year number 1900..2001, 4 documents, 4 values, commonest: 1900, 1949, 1950, 2001"
    )
    code, out, _ = run(runner, subcorpus_index, "info", "--json")
    assert json.loads(out)["metadata"]["genre"]["values"] == ["News", "fiction", "letters", "news"]


def test_export_with_pos_says_why_it_has_nothing(runner, subcorpus_index: Path):
    code, out, err = run(runner, subcorpus_index, "export", "bank", "--to", "csv", "--pos", "VRB")
    assert code == 1 and "--pos VRB: no token of" in err and "(its tags: ADJ," in err
    code, out, err = run(runner, subcorpus_index, "export", "bank", "--to", "csv", "--pos", "VERB")
    assert code == 0 and out.splitlines() == [
        "id,doc,left,word,right,label,label_predicted,label_exported"
    ]
    total = sensegrep.open(subcorpus_index).total("bank")
    assert err == f"0 matches for 'bank' with --pos VERB; {total} without them\n"


def test_an_empty_export_says_why_as_search_does(runner, subcorpus_index: Path):
    """Two values of one field (each --where must hold) left export with "no occurrences
    of 'bank' with …", without the count or the hint search gives, and the API's
    annotation_items and export said nothing at all (issue 23)."""
    flags = ["--where", "genre=news", "--where", "genre=fiction"]
    _code, _out, said = run(runner, subcorpus_index, "search", "bank", *flags, "--format", "jsonl")
    code, out, err = run(runner, subcorpus_index, "export", "bank", "--to", "csv", *flags)
    assert code == 0 and len(out.splitlines()) == 1  # the header
    assert said.strip() and err == said  # search's line, word for word
    assert "genre=news,fiction" in err and " without them" in err
    with sensegrep.open(subcorpus_index) as idx:
        items = idx.annotation_items("bank", "csv", where=["genre=news", "genre=fiction"])
        assert (
            not items
            and items.why_empty
            == idx.search("bank", where=["genre=news", "genre=fiction"]).why_empty
        )
        assert items.notes[-1] == items.why_empty
        with pytest.warns(sensegrep.errors.SensegrepNote, match="without them"):
            idx.export("bank", "csv", where=["genre=news", "genre=fiction"])


def test_no_pos_on_conllu_does_not_promise_a_retagging(runner, tmp_path) -> None:
    from ..helpers import conllu

    (tmp_path / "c.conllu").write_text(conllu(([], "the/the/_ bank/bank/_")), encoding="utf-8")
    code, _out, err = run(runner, tmp_path / "idx", "index", str(tmp_path / "c.conllu"),
                          "--vectors-for", "none")  # fmt: skip
    assert code == 0, err
    code, _out, err = run(runner, tmp_path / "idx", "search", "bank", "--pos", "NOUN")
    assert code == 1 and "CoNLL-U/VRT files themselves" in err


def test_an_empty_result_names_the_within_clauses_and_near_that_left_nothing(
    runner, subcorpus_index: Path, tmp_path: Path
):
    """Contradicting within clauses, a within against --where and --near left an empty
    result unexplained, or counted "without them" with a within still in (issue 23)."""
    pattern = '"bank" within genre="news" within genre="fiction"'
    code, out, err = run(runner, subcorpus_index, "search", "--cql", pattern, "--format", "jsonl")
    assert (code, out) == (0, "")
    # (the subcorpus spells genre "News" once, which genre="news" leaves out: not said,
    # for genre="fiction" leaves that document out too (pass 40i: it was said))
    other_case = ""
    assert err == other_case + (
        '0 matches for the pattern "bank" with within genre="news" within genre="fiction"; '
        "8 without them; no document meets them all: the subcorpus is empty\n"
    )
    args = ["--cql", '"bank" within genre="news"', "--where", "genre=fiction"]
    code, _, err = run(runner, subcorpus_index, "search", *args, "--format", "jsonl")
    assert code == 0 and err == other_case + (
        '0 matches for the pattern "bank" with within genre="news" --where genre=fiction; '
        "8 without them; no document meets them all: the subcorpus is empty\n"
    )
    args = ["bank", "--near", "fog", "--window", "1", "--format", "jsonl"]
    code, _, err = run(runner, subcorpus_index, "search", *args)
    assert code == 0 and err == "0 matches for 'bank' with --near fog --window 1; 8 without them\n"
    # A batch says it of each query left empty.
    queries = tmp_path / "queries.jsonl"
    lines = [{"word": "bank", "near": "fog", "window": 1}, {"word": "bank", "k": 1}]
    queries.write_text("".join(json.dumps(q) + "\n" for q in lines), encoding="utf-8")
    code, out, err = run(runner, subcorpus_index, "search", "--queries", str(queries),
                         "--format", "jsonl")  # fmt: skip
    assert code == 0 and len(hits(out)) == 1
    assert "query 0: 0 matches for 'bank' with --near fog --window 1; 8 without them" in err


def test_a_value_in_another_unicode_form_is_the_same_value(runner, tmp_path):
    """An NFD "Zürich" in the file (u + combining diaeresis), typed NFC: it said "0
    documents have city 'Zürich' (nearest: 'Zürich')", two identical-looking strings,
    then that they differ in composition; the two spellings are now one value."""
    held = "Zu\u0308rich"
    records = [{"id": "a", "text": "The bank of the river.", "city": held}]
    corpus = tmp_path / "c.jsonl"
    write_jsonl(corpus, records)
    index = tmp_path / "idx"
    assert run(runner, index, "index", str(corpus), "--model", "fake:16")[0] == 0
    for typed in ("Z\u00fcrich", held):
        code, out, err = run(runner, index, "search", "bank", "--where", f"city={typed}",
                             "--format", "jsonl")  # fmt: skip
        assert code == 0 and [json.loads(line)["doc"] for line in out.splitlines()] == ["a"], err


def test_info_quotes_a_value_with_a_comma_in_its_list(runner, tmp_path: Path):
    """info listed a genre 'Press, the' beside news as `commonest: Press, the, news`,
    read as three values Press, the and news: a value holding a comma is quoted."""
    records = [
        {"id": "a", "text": "A bank.", "genre": "Press, the"},
        {"id": "b", "text": "A bank.", "genre": "news"},
    ]
    idx = tmp_path / "idx"
    path = write_jsonl(tmp_path / "m.jsonl", records)
    assert run(runner, idx, "index", str(path), "--vectors-for", "none", "--tagger", "none")[0] == 0
    code, out, _ = run(runner, idx, "info")
    assert code == 0
    assert "commonest: 'Press, the', news" in out, out


def test_a_doc_that_where_leaves_out_is_said(runner, subcorpus_index: Path):
    """`--doc a --doc b --where genre=news` searched document a alone (b is fiction:
    every filter must hold) and said nothing of b, so the lines read as those of both
    documents (pass 38a; stop 48 left it). A count and a statistic say it too; a --doc
    that --where keeps is not named."""
    note = (
        "note: where genre=news leaves out --doc b: every filter must hold, so it is not in "
        "the subcorpus searched\n"
    )
    args = ["--doc", "a", "--doc", "b", "--where", "genre=news"]
    code, out, err = run(runner, subcorpus_index, "search", "bank", *args, "--format", "jsonl")
    assert code == 0 and {hit["doc"] for hit in hits(out)} == {"a"}
    assert note in err
    code, _, err = run(runner, subcorpus_index, "search", "bank", *args, "--count", "doc")
    assert code == 0 and note in err
    code, _, err = run(runner, subcorpus_index, "freq", *args)
    assert code == 0 and note in err
    code, _, err = run(runner, subcorpus_index, "search", "bank", "--doc", "a", "--doc", "d",
                       "--where", "genre=news,News", "--format", "jsonl")  # fmt: skip
    assert code == 0 and "leaves out --doc" not in err
    with sensegrep.open(subcorpus_index) as idx:
        found = idx.search("bank", doc=["a", "b"], where={"genre": "news"})
    assert "where genre=news leaves out doc='b'" in " ".join(found.notes)
