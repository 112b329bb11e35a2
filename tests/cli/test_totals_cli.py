"""Issue 23 in the CLI: the totals of every search on stderr (JSONL, CSV: stdout stays one
hit a line) or in the KWIC header; --offset pages; --sort over all matches with several
keys, and a note when a ranking keeps its order; --count node, --ignore-punct and the
share and per-million columns. helpers.PUNCTUATED: 32 tokens, "bank" 5 times in 3
documents (ids 2, 8, 14, 17, 22)."""

from __future__ import annotations

import csv
import io
import json

import sensegrep

from ..helpers import hits, run

TOTALS = "5 matches in 3 documents; 156,250.00 per million tokens (32 tokens)"


def test_totals_go_to_stderr_and_stdout_stays_one_hit_a_line(runner, punctuated):
    code, out, err = run(runner, punctuated, "search", "bank", "-k", "2", "--format", "jsonl")
    assert code == 0 and [h["id"] for h in hits(out)] == [2, 8]
    assert err.strip() == f"{TOTALS}; lines 1-2 (next page: --offset 2)"
    code, out, err = run(
        runner, punctuated, "search", "bank", "-k", "2", "--offset", "4", "--format", "csv"
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["id"] for r in rows] == ["22"] and [r["rank"] for r in rows] == ["5"]
    assert err.strip() == f"{TOTALS}; lines 5-5"


def test_a_page_past_the_last_line_is_said_once_in_the_header(runner, punctuated, tmp_path):
    """The header's "no line after 40" and not also the library's note on it (a new
    user read the same fact twice), alone and in --queries."""
    for fmt in ("kwic", "jsonl"):
        code, out, err = run(
            runner, punctuated, "search", "bank", "--offset", "40", "--format", fmt
        )
        said = out + err
        assert code == 0 and said.count("no line after 40") == 1, said
        assert "past the last" not in said and "note:" not in said
    queries = tmp_path / "q.jsonl"
    queries.write_text('{"word": "bank", "offset": 40}\n{"word": "bank", "k": 1}\n')
    code, out, err = run(runner, punctuated, "search", "--queries", str(queries))
    assert code == 0 and err.count("no line after 40") == 1 and "note:" not in err, err
    assert err.startswith(f"query 0: {TOTALS}; no line after 40 (the last is line 5)\n")


def test_the_kwic_header_states_the_totals_of_a_filtered_search(runner, punctuated):
    code, out, _ = run(
        runner, punctuated, "search", "bank", "--where", "genre=news", "--format", "kwic"
    )
    lines = out.splitlines()
    assert code == 0 and len(lines) == 4
    assert lines[0] == (
        "# 3 matches in 2 documents; 93,750.00 per million tokens (32 tokens); "
        "150,000.00 per million in the filtered subcorpus (20 tokens); lines 1-3"
    )


def test_an_empty_subcorpus_has_no_per_million_of_its_own(runner, punctuated):
    """Two conditions no document has together: 0 matches of 0 tokens is no frequency
    (it read "0.00 per million in the filtered subcorpus (0 tokens)")."""
    code, _, err = run(runner, punctuated, "search", "bank", "--where", "genre=news",
                       "--where", "genre=fiction", "--count", "genre")  # fmt: skip
    assert code == 0 and "the filtered subcorpus is empty (0 tokens)" in err
    assert "per million in the filtered subcorpus" not in err


def test_sort_takes_several_keys_and_sorts_all_before_k(runner, punctuated):
    code, out, _ = run(
        runner, punctuated, "search", "bank", "--sort", "right1,left1", "-k", "2",
        "--format", "jsonl",
    )  # fmt: skip
    assert code == 0 and [h["id"] for h in hits(out)] == [22, 2]
    code, _, err = run(runner, punctuated, "search", "bank", "--sort", "right1,size")
    assert code == 2 and "'size' is not one of" in err


def test_sort_with_a_ranking_says_it_sorts_the_page_only(runner, punctuated):
    code, out, err = run(
        runner, punctuated, "search", "bank", "--like", "2", "-k", "2", "--sort", "right1",
        "--format", "jsonl",
    )  # fmt: skip
    assert code == 0 and len(hits(out)) == 2
    assert "4 matches in 3 documents" in err
    # The page's order as it is (issue 23: "best first" was said of lines sorted by right1).
    assert "lines 1-2 (next page: --offset 2), the 2 best, sorted by right1\n" in err
    assert "best first" not in err
    assert "note: a ranked search keeps its best lines: --sort orders only this page" in err


def test_count_node_and_punctuation_with_relative_frequencies(runner, punctuated):
    code, out, err = run(
        runner, punctuated, "search", "--cql", '[lemma="bank"] [pos="PUNCT"]',
        "--count", "node", "--format", "kwic",
    )  # fmt: skip
    assert code == 0
    assert out.splitlines() == [
        "  count   share  per million of the index  node",
        "      2   66.7%                 62,500.00  bank ,",
        "      1   33.3%                 31,250.00  bank .",
    ]
    assert err.strip() == (
        "all 3 matches counted, 2 distinct node values; 3 matches in 3 documents; "
        "93,750.00 per million tokens (32 tokens)"
    )
    code, out, _ = run(
        runner, punctuated, "search", "bank", "--count", "right1", "--ignore-punct",
        "--where", "genre=news", "--format", "csv",
    )  # fmt: skip
    assert code == 0
    assert out.splitlines() == [
        "right1,count,share,per_million,per_million_subcorpus",
        "lends,1,0.3333,31250.0,50000.0",
        "old,1,0.3333,31250.0,50000.0",
        "said,1,0.3333,31250.0,50000.0",
    ]


def test_max_per_doc_keeps_the_totals_and_says_how_many_lines(runner, punctuated):
    """--max-per-doc chooses lines, as --sample does: the totals stay those of all the
    matches (it once printed "3 matches in 3 documents"), the page says its lines."""
    code, out, err = run(
        runner, punctuated, "search", "bank", "--max-per-doc", "1", "-k", "2", "--format", "jsonl"
    )
    assert code == 0 and [h["id"] for h in hits(out)] == [2, 14]
    assert err.strip() == (
        f"{TOTALS}; lines 1-2 of 3 lines (at most 1 per document) (next page: --offset 2)"
    )
    code, _, err = run(runner, punctuated, "search", "bank", "--max-per-doc", "1", "--count", "doc")
    assert code == 0
    assert err.startswith("all 3 lines (at most 1 per document) of the 5 matches counted")
    assert TOTALS in err


def test_a_ranked_page_sorted_after_says_which_ranks_it_holds(runner, punctuated):
    code, out, err = run(
        runner, punctuated, "search", "bank", "--like", "2", "-k", "2", "--offset", "2",
        "--sort", "right1", "--format", "jsonl",
    )  # fmt: skip
    assert code == 0 and len(hits(out)) == 2
    assert "lines 3-4, ranks 3-4, sorted by right1\n" in err


def test_sort_score_on_a_plain_concordance_says_it_keeps_corpus_order(runner, punctuated):
    code, out, err = run(
        runner, punctuated, "search", "bank", "--sort", "score", "--format", "jsonl"
    )
    assert code == 0 and [h["id"] for h in hits(out)] == [2, 8, 14, 17, 22]
    assert "note: a plain concordance has no scores: --sort score keeps its lines in " in err
    code, _, err = run(runner, punctuated, "search", "bank", "--sort", "right1", "--format", "csv")
    assert code == 0 and "no scores" not in err and err.strip().endswith(", sorted by right1")


def test_each_note_of_a_queries_file_names_its_query(runner, punctuated, tmp_path):
    """A --queries file's notes said "note: a ranked search keeps its best lines…" with
    no word of which query they were about, where its headers say "query 1: …"."""
    first = json.loads(run(runner, punctuated, "search", "bank", "-k", "1")[1])["id"]
    queries = tmp_path / "q.jsonl"
    lines = [{"word": "bank", "k": 1}, {"word": "bank", "like": [first], "sort": "right1", "k": 2}]
    queries.write_text("".join(json.dumps(line) + "\n" for line in lines))
    code, _out, err = run(runner, punctuated, "search", "--queries", str(queries))
    notes = [line for line in err.splitlines() if line.startswith("note:")]
    assert code == 0 and notes and all(n.startswith("note: query 1: ") for n in notes), err
    assert any("a ranked search keeps its best lines" in note for note in notes)
    code, _out, err = run(runner, punctuated, "search", "bank", "--like", str(first),
                          "--sort", "right1", "-k", "2")  # fmt: skip
    assert code == 0 and "note: a ranked search keeps its best lines" in err  # alone: as before


def test_a_sample_of_more_than_the_matches_says_it_is_all_of_them(runner, punctuated):
    """`--sample 50` of 5 matches said "a random sample of 5", then "all 5 in a random
    order" of lines in corpus order (a user taking the first lines for a random draw):
    every match, in the page's order, is what it is."""
    code, out, _ = run(runner, punctuated, "search", "bank", "--sample", "50", "--format", "kwic")
    assert (
        code == 0
        and out.splitlines()[0] == f"# {TOTALS}; lines 1-5 of all 5 (--sample 50 asks more)"
    )
    _code, every, _ = run(runner, punctuated, "search", "bank", "--format", "jsonl")
    _code, sampled, _ = run(
        runner, punctuated, "search", "bank", "--sample", "50", "--format", "jsonl"
    )
    ids = [json.loads(line)["id"] for line in sampled.splitlines()]
    assert ids == [json.loads(line)["id"] for line in every.splitlines()] == sorted(ids)
    code, out, _ = run(runner, punctuated, "search", "bank", "--sample", "2", "--format", "kwic")
    assert code == 0 and "lines 1-2 of a random sample of 2" in out.splitlines()[0]


def test_a_senses_header_names_its_sense_run(runner, punctuated, tmp_path):
    """`search bank --sense 1` said "# 3 matches in 2 documents …" with no word of which
    clustering sense 1 is of (each JSONL line has sense_run; the web page says it)."""
    import shutil

    index = shutil.copytree(punctuated, tmp_path / "idx")
    import sensegrep

    assert run(runner, index, "senses", "bank", "--n", "2")[0] == 0
    with sensegrep.open(index) as idx:
        (made,) = idx.sense_runs("bank")
    run_id = made.id
    code, out, _ = run(runner, index, "search", "bank", "--sense", "1", "--format", "kwic")
    assert code == 0 and out.startswith(f"# sense 1 of sense run {run_id}: "), out
    code, _out, err = run(runner, index, "search", "bank", "--sense", "1", "--format", "jsonl")
    assert err.startswith(f"sense 1 of sense run {run_id}: ")


def test_a_sort_or_count_that_skips_punctuation_says_so(runner, punctuated):
    """`--sort right1 --ignore-punct` said "sorted by right1", as the sort that takes the
    comma after "bank ," as its right1 says it: lines in another order under the same
    words (the web page's caption said "punctuation skipped"; the CLI, a count's summary
    and a repr did not). Both now say it; a key that is no word beside the node, not."""
    code, out, err = run(
        runner, punctuated, "search", "bank", "--sort", "right1", "--ignore-punct", "--format",
        "jsonl",
    )  # fmt: skip
    assert code == 0 and [h["id"] for h in hits(out)] == [14, 8, 17, 22, 2]
    assert err.strip() == f"{TOTALS}; lines 1-5, sorted by right1 (punctuation skipped)"
    code, out, err = run(runner, punctuated, "search", "bank", "--sort", "right1")
    assert code == 0 and [h["id"] for h in hits(out)] == [2, 22, 14, 8, 17]
    assert err.strip() == f"{TOTALS}; lines 1-5, sorted by right1"
    code, _out, err = run(
        runner, punctuated, "search", "bank", "--count", "right1", "--ignore-punct", "-k", "2",
        "--sort", "left1",
    )  # fmt: skip
    assert code == 0 and err.startswith(
        "lines 1-2 of 5 counted (sorted by left1, punctuation skipped), 2 distinct right1 "
        "values (punctuation skipped); "
    ), err
    code, _out, err = run(
        runner, punctuated, "search", "bank", "--count", "doc", "--ignore-punct", "-k", "2",
        "--sort", "doc",
    )  # fmt: skip
    assert code == 0 and "punctuation skipped" not in err


def test_a_repr_of_a_sort_or_count_that_skips_punctuation_says_so(punctuated):
    idx = sensegrep.open(punctuated)
    try:
        hits_ = idx.search("bank", sort="right1", ignore_punct=True, k=2)
        assert repr(hits_) == (
            '<Hits: lines 1-2 of 5 matches of "bank" in 3 documents, sorted by right1 '
            "(punctuation skipped)>"
        )
        counts = idx.count("bank", "right1", ignore_punct=True)
        assert repr(counts).startswith("<Counts by right1 (punctuation skipped): 4 rows, 5 ")
        assert "punctuation" not in repr(idx.search("bank", sort="right1", k=2))
    finally:
        idx.close()
