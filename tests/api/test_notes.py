"""What a result says once, said by the library for every front end (issue 23): why a
result with no match at all is empty (``why_empty``, also a note), and the ``like`` and
``unlike`` occurrences a search leaves out of its lines and its total; each in the
caller's words (the library's keywords, the command line's flags, a route's query
parameters: tests/web/test_web_messages.py). On the session's helpers.SUBCORPUS index
(8 tokens of "bank" in 4 documents)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import sensegrep
from sensegrep.api.remote import answer
from sensegrep.api.spelling import spoken_by
from sensegrep.errors import QueryError

from ..helpers import conllu, hits, run, text_only_index

EMPTY = {"genre": "letters", "year": "1900"}  # each value exists; together, no document


@pytest.fixture(scope="module")
def idx(subcorpus_index: Path):
    with sensegrep.open(subcorpus_index) as opened:
        yield opened


def test_an_empty_result_says_why_in_the_librarys_keywords(idx):
    found = idx.search("bank", where=EMPTY)
    said = (  # each value is some document's: together they leave none (said since pass 23g)
        "0 matches for 'bank' with where='genre=letters' where='year=1900'; 8 without them; "
        "no document meets them all: the subcorpus is empty"
    )
    assert (len(found), found.total, found.why_empty, found.notes) == (0, 0, said, [said])
    counts = idx.count("bank", "form", where=EMPTY)
    assert (len(counts), counts.why_empty) == (0, said)
    assert idx.search("banks", near="fog", window=1).why_empty == (
        '0 matches for lemma "bank" (from "banks") with near=\'fog\' window=1; 8 without them'
    )
    assert idx.search("bank", near="fog", doc=["b"]).why_empty == (  # the default window too
        "0 matches for 'bank' with doc='b' near='fog' window=5; 8 without them"
    )
    pattern = '"bank" within genre="news" within genre="fiction"'
    assert idx.search(cql=pattern).why_empty == (
        '0 matches for the pattern "bank" with within genre="news" within genre="fiction"; '
        "8 without them; no document meets them all: the subcorpus is empty"
    )
    # A page past the last line, and a result with lines, are no empty result.
    assert idx.search("bank", offset=100).why_empty is None
    assert idx.search("bank").why_empty is None and idx.search("bank").notes == []


def test_a_page_past_the_last_line_says_so_in_each_callers_words(idx):
    """8 matches: offset 8 and 100 show nothing and say so (the command line's header
    says "no line after 8"); offset 7 shows the last line and needs no note; 4 lines at
    most one per document (4 documents): offset 4 is past them."""
    past = idx.search("bank", offset=100)
    assert (len(past), past.total, past.notes) == (
        0, 8, ["offset=100 is past the last of the 8 lines: no line to show"],
    )  # fmt: skip
    assert idx.search("bank", offset=8).notes == [
        "offset=8 is past the last of the 8 lines: no line to show"
    ]
    assert idx.search("bank", offset=7).notes == []
    assert idx.search("bank", offset=4, max_per_doc=1).notes == [
        "offset=4 is past the last of the 4 lines: no line to show"
    ]
    with spoken_by("cli"):
        assert idx.search("bank", offset=8).notes == [
            "--offset 8 is past the last of the 8 lines: no line to show"
        ]
    # The note also on its own, as why_empty, for a front end that says it in its own
    # words (the command line's header: "no line after 8"); None on a page with lines.
    assert past.past_the_end == past.notes[0] and idx.search("bank", offset=7).past_the_end is None
    with spoken_by("cli"):
        assert idx.search("bank", offset=8).past_the_end.startswith("--offset 8 is past")


def test_the_command_line_and_a_server_answering_it_keep_the_flags(idx):
    with spoken_by("cli"):
        found = idx.search("bank", where=EMPTY)
    said = (
        "0 matches for 'bank' with --where genre=letters --where year=1900; 8 without them; "
        "no document meets them all: the subcorpus is empty"
    )
    assert found.why_empty == said
    status, body = answer(idx, {"method": "search", "args": ["bank"], "kwargs": {"where": EMPTY}})
    assert status == 200 and body["result"]["attributes"]["why_empty"] == said


def test_the_like_and_unlike_occurrences_left_out_are_said(idx, runner, subcorpus_index):
    """Occurrences named by --like/--unlike are what the ranking is like or unlike: left
    out of the lines and the total (8 becomes 7), which once went unsaid."""
    first, second, third = idx.search("bank").ids[:3]
    found = idx.search("bank", like=[first], unlike=[second, third])
    assert (found.total, sorted({first, second, third} & set(found.ids))) == (5, [])
    assert found.notes == [
        "the 1 occurrence given by like is left out of the lines and the total",
        "the 2 occurrences given by unlike are left out of the lines and the total",
    ]
    # A count of the 3 most like it (without k, like is refused: it only ranks).
    assert idx.count("bank", "form", like=[first], k=3).notes == [found.notes[0]]
    # One the filters leave out anyway is not left out by like: nothing to say.
    assert idx.search("bank", like=[first], doc=["b"]).notes == []
    code, out, err = run(runner, subcorpus_index, "search", "bank", "--like", str(first),
                         "--format", "jsonl")  # fmt: skip
    assert code == 0 and len(hits(out)) == 7
    assert "note: the 1 occurrence given by --like is left out of the lines and the total" in err


def test_a_like_occurrence_of_another_word_is_said(idx, runner, subcorpus_index):
    """An id copied from another word's search (fog's, given to a search of bank) ranked
    the lines by that word's usage without a word: the header looked as ever."""
    fog = idx.search("fog").ids[0]
    found = idx.search("bank", like=[fog])
    said = (
        f"{fog} ('fog') is an occurrence of another word than 'bank': the lines are ranked "
        "by its usage all the same"
    )
    assert found.total == 8 and found.notes == [said]
    assert idx.search("bank", like=idx.search("bank").ids[:1]).notes == [
        "the 1 occurrence given by like is left out of the lines and the total"
    ]
    code, _out, err = run(runner, subcorpus_index, "search", "bank", "--unlike", str(fog),
                          "--example", "the [[bank]] held", "--format", "jsonl")  # fmt: skip
    assert code == 0 and f"note: {said.replace('(cql', '(--cql')}" in err


def test_an_example_marking_another_word_is_said(idx, runner, subcorpus_index):
    """`search bank -e "the [[fog]] rolled over the bank"` ranked the lines by fog's usage,
    the [[ ]] put on the wrong word, with nothing said; a marked form or lemma of the word
    searched, or a span holding it, says nothing."""
    said = (
        "an example marks 'fog', not 'bank': the lines are ranked by that usage all the "
        "same; mark 'bank' in it as [[bank]] if you meant it"
    )
    assert idx.search("bank", example="the [[fog]] rolled over the bank").notes == [said]
    assert idx.search("bank", example="a bank", unlike_example="[[fog]]").notes == [said]
    for meant in ("the [[bank]] held", "the [[banks]] held", "the [[river bank]] held",
                  "the bank held"):  # fmt: skip
        assert idx.search("bank", example=meant).notes == [], meant
    code, _out, err = run(runner, subcorpus_index, "search", "bank", "--example",
                          "the [[fog]] rolled", "--format", "jsonl")  # fmt: skip
    assert code == 0 and f"note: {said.replace('(cql', '(--cql')}" in err


def test_a_pattern_leaves_the_like_and_unlike_occurrences_out_as_a_word_does(
    idx, runner, subcorpus_index
):
    """Issue 23: --cql with --like kept the liked occurrence, first at cosine 1, while
    the word's search left it out with a note; now both leave it out and say so."""
    first, second, third = idx.search("bank").ids[:3]
    pattern = '[lemma="bank"]'
    by_word = idx.search("bank", like=[first], unlike=[second, third])
    by_pattern = idx.search(cql=pattern, like=[first], unlike=[second, third])
    assert (by_pattern.total, sorted({first, second, third} & set(by_pattern.ids))) == (5, [])
    assert by_pattern.ids == by_word.ids and by_pattern.notes == by_word.notes
    assert idx.count("", "form", cql=pattern, like=[first], k=3).notes == [by_word.notes[0]]
    code, out, err = run(runner, subcorpus_index, "search", "--cql", pattern, "--like",
                         str(first), "--format", "jsonl")  # fmt: skip
    assert code == 0 and first not in [h["id"] for h in hits(out)] and len(hits(out)) == 7
    assert "note: the 1 occurrence given by --like is left out of the lines and the total" in err


def test_options_that_change_nothing_or_less_than_they_say_are_said(idx, runner, subcorpus_index):
    """Issue 23, new-user pass: ``match_case`` on a search by lemma (matched in any case)
    and ``ignore_punct`` without a sort or count by left1 … right2 changed nothing,
    silently; a ranked search's ``sort`` orders only its best lines and a plain one's
    ``sort="score"`` keeps corpus order, which only the command line said."""
    lemma = idx.search("bank", match_case=True, ignore_punct=True)
    assert lemma.total == 8  # every spelling of the lemma, as without match_case
    assert lemma.notes == [
        "ignore_punct=True changes nothing here: it skips punctuation only in a sort or a "
        "count by the words beside the node (left1 … right2)",
        "match_case=True changes nothing here: it tells upper from lower case only with "
        "form=True and in a sort or a count by words (form, node, lemma, left1 … right2); "
        "a lemma is matched in any case",
    ]
    # Where they apply, nothing to say.
    assert idx.search("bank", sort="left1", ignore_punct=True, match_case=True).notes == []
    assert idx.search("bank", form=True, match_case=True).notes == []
    assert idx.count("bank", "right1", ignore_punct=True, match_case=True).notes == []
    assert idx.count("bank", "doc", ignore_punct=True).notes == [lemma.notes[0]]
    first = idx.search("bank").ids[0]
    ranked = idx.search("bank", like=[first], sort="right1", k=3)
    assert ranked.notes[0] == (
        "a ranked search keeps its best lines: sort orders only this page (leave out "
        "example/like/label/gloss to sort all the matches)"
    )
    assert idx.search("bank", sort="score").notes == [
        "a plain concordance has no scores: sort='score' keeps its lines in corpus order (no "
        "key after it is reached); score orders a ranked search (example, like, label, gloss)"
    ]
    code, _, err = run(runner, subcorpus_index, "search", "bank", "--match-case",
                       "--format", "jsonl")  # fmt: skip
    assert code == 0 and err.count("note: --match-case changes nothing here: ") == 1


def test_one_field_asked_for_two_values_says_how_to_ask_for_either(idx, runner, subcorpus_index):
    """--where genre=news --where genre=fiction: each must hold, and no document has two
    genres; the empty result said only "0 matches" where a new user meant either
    (issue 23, new-user pass)."""
    found = idx.search("bank", where=[("genre", "news"), ("genre", "fiction")])
    assert found.why_empty == (
        "0 matches for 'bank' with where='genre=news' where='genre=fiction'; 8 without them "
        "(each where must hold, and a document has one genre: for any of them, list them "
        "in one, genre=news,fiction)"
    )
    assert "list them in one" not in idx.search("bank", where=EMPTY).why_empty  # two fields
    code, out, err = run(runner, subcorpus_index, "search", "bank", "--where", "genre=news",
                         "--where", "genre=fiction", "--format", "jsonl")  # fmt: skip
    assert (code, out) == (0, "") and err.endswith(
        "(each --where must hold, and a document has one genre: for any of them, list them "
        "in one, genre=news,fiction)\n"
    )


def test_a_list_field_asked_for_two_values_is_not_said_to_have_one(tmp_path: Path, runner):
    """A field of several values a document ("topics": ["farm", "tech"]): --where
    topics=farm --where topics=school left nothing and said "a document has one topics",
    false of a list field (a document has both farm and tech here); it says that no
    document has all of them (pass 25x)."""
    docs = [
        {"id": "d1", "text": "The fair opened.", "topics": ["farm", "tech"]},
        {"id": "d2", "text": "A fair price.", "topics": "school"},
    ]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none").close()
    with sensegrep.open(tmp_path / "idx") as index:
        assert index.search("fair", where=[("topics", "farm"), ("topics", "tech")]).total == 1
        asked = [("topics", "farm"), ("topics", "school")]
        hint = (
            "(each where must hold, and no document has all of these topics values: for "
            "any of them, list them in one, topics=farm,school)"
        )
        assert index.search("fair", where=asked).why_empty.endswith(hint)
        assert index.freq(where=asked).notes[0].endswith(hint)
    code, out, err = run(runner, tmp_path / "idx", "search", "fair", "--where", "topics=farm",
                         "--where", "topics=school", "--format", "jsonl")  # fmt: skip
    assert (code, out) == (0, "") and "a document has one" not in err
    assert err.endswith(hint.replace("each where", "each --where") + "\n")


def test_a_phrase_of_no_match_by_form_says_its_matches_by_lemma(tmp_path: Path, runner):
    """`search "street light"` is searched as the forms street light, while `search
    light` is by lemma: 0 matches, exit 0, where the text has "street lights" (55 times
    in the pass's corpus), read as a compound never used (pass 25x). The answer adds the
    pattern by lemma and its matches, with the filters; nothing when that is 0 too."""
    docs = [
        {"id": "d1", "text": "The street lights came on.", "decade": 1990},
        {"id": "d2", "text": "Two street lights failed.", "decade": 2000},
        {"id": "d3", "text": "The light was dim.", "decade": 2000},
    ]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none").close()
    pattern = '[lemma="street"%c] [lemma="light"%c]'
    with sensegrep.open(tmp_path / "idx") as index:
        assert index.search(cql=pattern).total == 2  # the lemma of "lights" is light
        found = index.search("street light")
        assert found.total == 0 and found.why_empty == (
            '0 matches for [word="street"%c] [word="light"%c] (from "street light"); a phrase '
            "is searched as word forms: by lemma, as a single word is searched, the pattern "
            f"{pattern} has 2 matches"
        )
        filtered = index.search("street light", where={"decade": "1990"}).why_empty
        assert filtered.endswith(f"the pattern {pattern} has 1 match")
        assert "by lemma" not in index.search("street came").why_empty  # none by lemma
        assert "by lemma" not in index.search("street light", form=True).why_empty
    code, out, err = run(runner, tmp_path / "idx", "search", "street light", "--format", "jsonl")
    assert (code, out) == (0, "") and err.endswith(f"the pattern {pattern} has 2 matches\n")


def test_a_phrase_typed_inflected_says_its_matches_by_the_lemma_of_its_forms(tmp_path: Path):
    """`search "grassy banks"` on text that says "grassy bank" was 0 matches and no
    word of them (pass 34l): the lemma pattern took "banks" as a lemma, which no token
    has, where a single word "banks" is searched by its lemma bank. Each inflected
    form is now also read as its lemma, as a single word is."""
    docs = [
        {"id": "d1", "text": "We pitched the tent on the grassy bank."},
        {"id": "d2", "text": "The banks closed early."},
    ]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none").close()
    pattern = '[lemma="grassy"%c] [lemma="banks"%c | lemma="bank"%c]'
    with sensegrep.open(tmp_path / "idx") as index:
        assert index.search(cql=pattern).total == 1
        found = index.search("grassy banks")
        assert found.total == 0 and found.why_empty.endswith(
            f"by lemma, as a single word is searched, the pattern {pattern} has 1 match"
        )


def test_a_phrase_found_by_form_says_its_more_matches_by_lemma(tmp_path: Path, runner):
    """`search "spring tide"` found the 6 written so and said nothing of the 8 "spring
    tides" (pass 40a), where `search tide` is by lemma and takes both: the total read as
    the phrase's. A phrase that matches by form says how many more its words match as
    lemmas, under the same filters, with the pattern that lists them; nothing when
    there are none more, nor for a search by form."""
    docs = [
        {"id": "d1", "text": "The spring tide came in.", "genre": "news"},
        {"id": "d2", "text": "Spring tides flood the marsh.", "genre": "news"},
        {"id": "d3", "text": "Two spring tides a month.", "genre": "science"},
        {"id": "d4", "text": "They don't sail. They did not sail.", "genre": "science"},
    ]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none").close()
    pattern = '[lemma="spring"%c] [lemma="tide"%c]'
    said = (
        "2 more matches of 'spring tide' by lemma are not among these: a phrase is "
        "searched as word forms, where a single word is searched by lemma; the pattern "
        f"{pattern} has 3 matches (cql lists them)"
    )  # in the API's words; the command line's says --cql
    with sensegrep.open(tmp_path / "idx") as index:
        assert index.search(cql=pattern).total == 3
        found = index.search("spring tide")
        assert found.total == 1 and said in found.notes
        assert said in index.count("spring tide", "doc").notes
        assert said in index.collocates("spring tide", min_freq=1).notes  # its nodes
        news = index.search("spring tide", where={"genre": "news"}).notes
        assert any(n.startswith("1 more match of 'spring tide' by lemma is") for n in news)
        assert not any("by lemma" in n for n in index.search("spring tide", form=True).notes)
        assert not any("by lemma" in n for n in index.search("tides flood").notes)
        # a word the analyser cuts is no phrase: "did not" is not among "don't"'s
        assert not any("by lemma" in n for n in index.search("don't").notes)
    code, _out, err = run(runner, tmp_path / "idx", "search", "spring tide", "--format", "jsonl")
    assert code == 0 and f"note: {said.replace('(cql', '(--cql')}" in err


def test_a_phrase_counts_its_more_matches_by_lemma_past_its_forms_read_otherwise(
    tmp_path: Path,
):
    """`search "left bank"` found 3 by form, 2 of them the verb (*He left bank notes*,
    lemma *leave*), and said nothing of the 2 *left banks*: the note took the pattern's 3
    matches less the 3 by form, 0 more, where 2 of its matches are not among the search's
    (pass 40j). It counts the matches by lemma that the forms do not match, and says how
    many of the search's its words read as other lemmas."""
    idx = text_only_index(
        tmp_path,
        conllu(
            (["newdoc id = d1"], "the/the/DET left/left/ADJ bank/bank/NOUN"),
            ([], "the/the/DET left/left/ADJ banks/bank/NOUN"),
            (["newdoc id = d2"], "the/the/DET left/left/ADJ banks/bank/NOUN"),
            ([], "He/he/PRON left/leave/VERB bank/bank/NOUN notes/note/NOUN"),
            ([], "She/she/PRON left/leave/VERB bank/bank/NOUN notes/note/NOUN"),
        ),
    )
    pattern = '[lemma="left"%c] [lemma="bank"%c]'
    with sensegrep.open(idx) as index:
        assert index.search(cql=pattern).total == 3
        found = index.search("left bank")
        assert found.total == 3
        said = [n for n in found.notes if "by lemma" in n]
        assert said == [
            "2 more matches of 'left bank' by lemma are not among these: a phrase is "
            "searched as word forms, where a single word is searched by lemma; the "
            f"pattern {pattern} has 3 matches (cql lists them), 2 of these not among "
            "them (their words read as other lemmas)"
        ]
        # One match by lemma is "it" (it said "has 1 match (cql lists them)"; pass 40l)
        (said,) = [n for n in index.search("left bank", doc=["d2"]).notes if "by lemma" in n]
        assert said.startswith("1 more match of 'left bank' by lemma is not among these")
        assert said.endswith(
            f"pattern {pattern} has 1 match (cql lists it), 2 of these not its match (their "
            "words read as other lemmas)"
        )


def test_a_statistic_past_its_last_row_says_so_as_a_search_does(idx, runner, subcorpus_index):
    """A statistic's page after its last row was an empty table and no word over the
    API and HTTP (the command line's summary says "none after …"); the same note as a
    search's, in each caller's words, and no second note on the command line."""
    rows = idx.freq().rows
    past = idx.freq(offset=rows + 1_000)
    said = f"offset={rows + 1_000} is past the last of the {rows} rows: no row to show"
    assert (len(past), past.rows, past.notes, past.past_the_end) == (0, rows, [said], said)
    assert idx.freq(offset=rows - 1).notes == [] and idx.freq(offset=rows - 1).past_the_end is None
    collocates = idx.collocates("bank", min_freq=1)
    assert idx.collocates("bank", min_freq=1, offset=collocates.rows).notes == [
        f"offset={collocates.rows} is past the last of the {collocates.rows} rows: no row to show"
    ]
    code, _out, err = run(runner, subcorpus_index, "freq", "--offset", str(rows + 1_000))
    assert code == 0 and f"none after {rows + 1_000:,}" in err and "note:" not in err


def test_a_statistic_of_an_empty_subcorpus_says_it_is_empty(idx, runner, subcorpus_index):
    """Conditions each some document meets, none all of them: a statistic said "0 rows;
    counted in 0 tokens" and nothing more over the API and HTTP (exit 0 on the CLI)."""
    said = (
        "no rows: no document meets all of the conditions (where, doc, a pattern's within): "
        "the subcorpus is empty"
    )
    assert said in idx.collocates("bank", where=EMPTY).notes
    assert said not in idx.collocates("bank", where={"genre": "letters"}).notes
    # freq names the conditions themselves (below), and says it once.
    assert said not in idx.freq(where=EMPTY).notes
    code, _out, err = run(runner, subcorpus_index, "collocates", "bank", "--where",
                          "genre=letters", "--where", "year=1900")  # fmt: skip
    assert code == 0 and "note: no rows: no document meets all of the conditions (--where," in err


def test_a_statistic_of_an_empty_subcorpus_says_why(idx, runner, subcorpus_index):
    """Pass 23i: `freq --where genre=news --where genre=fiction` answered "0 rows; counted
    in 0 tokens" and nothing else (exit 0), where the same filters on a search say that
    no document has both and how to ask for either."""
    table = idx.freq(where=[("genre", "news"), ("genre", "fiction")])
    assert (len(table), table.tokens) == (0, 0)
    # (the subcorpus has a genre spelt "News" once, which genre=news leaves out: said
    # alone; beside genre=fiction, which leaves it out too, not (pass 40i: it was))
    other_case = (
        "where genre=news leaves out 1 document whose genre is 'News', the same in another "
        "case (values are matched as written): where genre=news,News takes it too"
    )
    assert table.notes == [
        "no rows: no document has where='genre=news' where='genre=fiction' together (each "
        "where must hold, and a document has one genre: for any of them, list them in one, "
        "genre=news,fiction)",
    ]
    assert idx.freq(where=EMPTY).notes == [
        "no rows: no document has where='genre=letters' where='year=1900' together"
    ]
    # a subcorpus with tokens: no note of it
    assert idx.freq(where={"genre": "news"}).notes == [other_case]
    code, _out, err = run(runner, subcorpus_index, "freq", "--where", "genre=news",
                          "--where", "genre=fiction")  # fmt: skip
    assert code == 0 and err.endswith(
        "note: no rows: no document has --where genre=news --where genre=fiction together "
        "(each --where must hold, and a document has one genre: for any of them, list them "
        "in one, genre=news,fiction)\n"
    )


def test_a_count_by_sense_says_why_lines_have_no_sense(idx, runner, subcorpus_index):
    """A count by sense of a function word is one "(none)" row: it says that those tokens
    have no sense vector, not a sense the word has or a failure; with the counted lemma.
    (No count by sense of "bank" here: it would store a run in the shared index.)"""
    counts = idx.count("the", "sense")
    assert [(row["value"], row["sense_run"]) for row in counts] == [(None, None)]
    n = counts[0]["count"]
    note = f"{n:,} of the lines counted have no sense (the (none)): their tokens have no sense"
    assert any(x.startswith(note) for x in counts.notes), counts.notes
    # On this full index `vectors add the` adds nothing: the advice says where it helps.
    advice = "on a text-only index or one of chosen words, `sensegrep vectors add WORD`"
    assert any(advice in x for x in counts.notes), counts.notes
    code, _out, err = run(runner, subcorpus_index, "search", "the", "--count", "sense")
    assert code == 0 and f"note: {note}" in err


def test_a_search_across_words_says_how_much_of_the_corpus_it_searched(tmp_path: Path):
    """On an index with vectors for chosen words, search_any's "nearest usages of any
    word" and neighbours' lemmas come from those words alone: the CLI said "searched the
    30 tokens with vectors (…)", a notebook nothing; and neighbours' [] (every nearest
    occurrence the marked word's own) read as a finding about the corpus."""
    from ..helpers import REPO

    corpus = REPO / "examples" / "corpus.jsonl"
    with sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none") as built:
        built.add_vectors(["bank"], model="fake:16", runtime="torch")
        usage = "we sat on the grassy [[bank]] of the river"
        said = "searched the 30 tokens with vectors ("
        assert any(said in note for note in built.search_any(usage, k=3).notes)
        found = built.search(example=usage, any_word=True, k=3)
        assert [note for note in found.notes if said in note] == [
            note for note in built.search_any(usage, k=3).notes if said in note
        ]
        # A count of those lines (the search page's chart of them) said none of it: a
        # table of bank alone read as the words used in that sense.
        counts = built.count("", "lemma", example=usage, any_word=True, k=3)
        assert any(said in note for note in counts.notes), counts.notes
        # A content word not given vectors yet, liked, was said to be one of the
        # "function words, auxiliaries and punctuation" that get none.
        river = built.search("river", k=1).ids
        with pytest.raises(sensegrep.QueryError) as refused:
            built.search("", like=river, any_word=True, k=3)
        assert "`sensegrep vectors add river`" in str(refused.value), refused.value
        none = built.neighbours(usage, n=5)
        assert none == [] and isinstance(none, list)
        assert none.notes[0].startswith(
            "no other word is used in this sense among the 5 nearest occurrences (n=5)"
        )
        assert any(said in note for note in none.notes)


def test_a_search_by_lemma_says_the_tokens_whose_lemmas_are_joined_by_a_bar(tmp_path: Path):
    """TreeTagger writes a word's lemmas joined by | where its lexicon has several
    (Stimmen NN Stimme|Stimmen, gehört VVPP hören|gehören): `search Stimme` listed its
    one Stimme, the 2 Stimmen unsaid, and `search gehören` said no occurrences alone
    (pass 36f)."""
    vrt = tmp_path / "de.vrt"
    vrt.write_text(
        '<text id="d1">\nDie\tART\tdie\nStimme\tNN\tStimme\nwar\tVAFIN\tsein\n.\t$.\t.\n'
        "Wir\tPPER\twir\nhaben\tVAFIN\thaben\nStimmen\tNN\tStimme|Stimmen\n"
        "gehört\tVVPP\thören|gehören\n.\t$.\t.\nStimmen\tNN\tStimme|Stimmen\n.\t$.\t.\n</text>\n",
        encoding="utf-8",
    )
    with sensegrep.build(tmp_path / "idx", vrt, vectors_for="none") as built:
        found = built.search("Stimme")
        pattern = '[lemma="Stimme\\|Stimmen"%c]'
        assert (found.total, found.notes) == (1, [
            "2 more tokens have a lemma that joins 'stimme' to another by | (Stimme|Stimmen: "
            "TreeTagger's lemmas of a word its lexicon reads in several ways), which a search "
            f"by lemma leaves out: the pattern {pattern} (cql) lists them"
        ])  # fmt: skip
        assert built.search(cql=pattern).total == 2
        assert built.count("Stimme", "form").notes == found.notes
        assert found.notes[0] in built.collocates("Stimme", min_freq=1).notes  # its nodes too
        by_pattern = built.search(cql='[lemma="Stimme"]')
        assert by_pattern.total == 1 and by_pattern.notes == [
            found.notes[0].replace("a search by lemma", '[lemma="Stimme"]')
        ]
        assert built.search("Stimme", pos="VERB").total == 0
        with pytest.raises(sensegrep.QueryError) as none:
            built.search("gehören")
        assert "1 more token has a lemma that joins 'gehören' to another by |" in str(none.value)
        # a pattern's lemma, refused with those lemmas as its nearest alone (pass 36m)
        with pytest.raises(sensegrep.QueryError) as refused:
            built.search(cql='[lemma="gehören"]')
        assert str(refused.value).endswith(
            "; the lemma hören|gehören joins it to others by | (TreeTagger's lemmas of a word "
            'its lexicon reads in several ways): [lemma="hören\\|gehören"%c] matches it'
        ), refused.value
        # collocates of a word whose only tokens are such: said as search says it (pass 36m)
        with pytest.raises(sensegrep.QueryError) as no_nodes:
            built.collocates("gehören", min_freq=1)
        assert "1 more token has a lemma that joins 'gehören' to another by |" in str(
            no_nodes.value
        )


def test_tokens_written_as_the_word_with_a_barred_lemma_are_not_said_twice(tmp_path: Path):
    """`search der`, whose Der (4, lemma die|der|das) are written as the word: the note
    of the tokens written der with another lemma said 4, and the note of the lemmas
    joined by | said 4 more, the same tokens, as if 8 were left out (pass 36q)."""
    vrt = tmp_path / "de.vrt"
    one = (
        "Der\tART\tdie|der|das\nHund\tNN\tHund\n.\t$.\t.\nder\tART\tder\nMann\tNN\tMann\n.\t$.\t.\n"
    )
    rest = "die\tART\tdie|der|das\nFrau\tNN\tFrau\n.\t$.\t.\n"
    said = {
        3: "7 more tokens have a lemma that joins 'der' to another by | (die|der|das: "
        "TreeTagger's lemmas of a word its lexicon reads in several ways) (4 of them written "
        "'der': the note before counts those), which a search by lemma leaves out",
        0: "4 more tokens have a lemma that joins 'der' to another by | (die|der|das: "
        "TreeTagger's lemmas of a word its lexicon reads in several ways) (the same tokens as "
        "the note before), which a search by lemma leaves out",
    }
    for others, note in said.items():
        vrt.write_text(f'<text id="d1">\n{one * 4}{rest * others}</text>\n', encoding="utf-8")
        with sensegrep.build(tmp_path / f"idx{others}", vrt, vectors_for="none") as built:
            found = built.search("der")
        assert found.total == 4 and len(found.notes) == 2, found.notes
        assert found.notes[0].startswith("4 more tokens are written 'der' with another lemma")
        assert found.notes[1].startswith(note), found.notes


_MULTIWORD = (
    "# newdoc id = d1\n# meta::genre = news\n"
    "1\tWir\twir\tPRON\t_\t_\t2\tnsubj\t_\t_\n2\tgehen\tgehen\tVERB\t_\t_\t0\troot\t_\t_\n"
    "3-4\tzum\t_\t_\t_\t_\t_\t_\t_\t_\n3\tzu\tzu\tADP\t_\t_\t5\tcase\t_\t_\n"
    "4\tdem\tder\tDET\t_\t_\t5\tdet\t_\t_\n5\tBahnhof\tBahnhof\tNOUN\t_\t_\t2\tobl\t_\t_\n\n"
    "1-2\tZum\t_\t_\t_\t_\t_\t_\t_\t_\n1\tZu\tzu\tADP\t_\t_\t3\tcase\t_\t_\n"
    "2\tdem\tder\tDET\t_\t_\t3\tdet\t_\t_\n3\tGlück\tGlück\tNOUN\t_\t_\t0\troot\t_\t_\n\n"
    "# newdoc id = d2\n# meta::genre = fiction\n"
    "1\tSie\tsie\tPRON\t_\t_\t2\tnsubj\t_\t_\n2\tging\tgehen\tVERB\t_\t_\t0\troot\t_\t_\n"
    "3-4\tzum\t_\t_\t_\t_\t_\t_\t_\t_\n3\tzu\tzu\tADP\t_\t_\t5\tcase\t_\t_\n"
    "4\tdem\tder\tDET\t_\t_\t5\tdet\t_\t_\n5\tMarkt\tMarkt\tNOUN\t_\t_\t2\tobl\t_\t_\n\n"
)


def test_a_form_a_conllu_file_wrote_as_one_multiword_token_is_said(
    tmp_path: Path, runner, backend: str
):
    """A CoNLL-U multiword token (`3-4 zum`) is read as its words (zu dem): `search zum`
    said "no occurrences" with nothing of the 27 of 90 places pass 38l's corpus wrote
    so (stop 49's left misleads), and `index`'s note alone said the form is not kept.
    The search says how many places write it, under the same filters, and what lists
    them; `remove --source` forgets them with the file."""
    path = tmp_path / "de.conllu"
    path.write_text(_MULTIWORD, encoding="utf-8")
    idx = tmp_path / "idx"
    assert run(runner, idx, "index", str(path), "--vectors-for", "none")[0] == 0
    said = "as one CoNLL-U multiword token, which the index reads as its words"
    code, out, err = run(runner, idx, "search", "zum")
    assert (code, out) == (1, "")
    assert f"3 more places write 'zum' {said} (zu dem): `search \"zu dem\"` lists them" in err
    code, _, err = run(runner, idx, "search", "zum", "--where", "genre=fiction")
    assert (code, f"1 more place writes 'zum' {said} (zu dem)" in err) == (1, True)
    code, _, err = run(runner, idx, "search", "Zum", "--match-case", "--doc", "d1")
    assert (code, f"1 more place writes 'Zum' {said} (Zu dem)" in err) == (1, True)
    with sensegrep.open(idx) as index:
        found = index.search("zu dem")
        assert found.total == 3  # what the note points to lists them
        counted = index.search("Bahnhof")
        assert "multiword" not in " ".join(counted.notes)
    assert run(runner, idx, "remove", "--source", str(path))[0] == 0
    path.write_text(_MULTIWORD.replace("zum", "zur").replace("Zum", "Zur"), encoding="utf-8")
    assert run(runner, idx, "index", str(path), "--vectors-for", "none")[0] == 0
    assert "multiword" not in run(runner, idx, "search", "zum")[2]
    assert f"3 more places write 'zur' {said}" in run(runner, idx, "search", "zur")[2]


def test_a_ranking_says_which_content_words_it_left_out_on_an_index_of_chosen_words(
    tmp_path: Path,
) -> None:
    """On an index with vectors for chosen words, a pattern of a word with vectors and
    one without, ranked by an example, left the second's tokens out: the header said
    they "have no sense vector and cannot be ranked (function words, auxiliaries…)",
    though they were nouns, and nothing said which words or how to rank them (pass
    39b). A note names them, with how many of the matches left out each has, and the
    command that gives them vectors; a function word left out is not named."""
    corpus = tmp_path / "c.jsonl"
    texts = [
        "A huge wave hit the boat in the storm.",
        "The storm broke the mast and a wave swept the deck.",
        "Another storm came in the night.",
    ]
    corpus.write_text(
        "".join(json.dumps({"id": f"d{i}", "text": t}) + "\n" for i, t in enumerate(texts)),
        encoding="utf-8",
    )
    with sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="spacy") as idx:
        idx.add_vectors(["wave"], model="fake:16")
        pattern = '[lemma="wave|storm|the"]'
        found = idx.search(cql=pattern, example="a big [[wave]] at sea", k=5)
        # 2 waves ranked; 3 storms and 6 the left out (the: a function word)
        assert (found.total, found.matches_without_vectors) == (2, 9)
        said = (
            "3 of the 9 matches left out for want of a sense vector are tokens of content "
            "words this index has given no vectors (it has them for chosen words): storm "
            "(3); `sensegrep vectors add storm` gives them theirs"
        )
        assert said in found.notes, found.notes
        counted = idx.count("", "lemma", cql=pattern, example="a big [[wave]] at sea", k=5)
        assert said in counted.notes, counted.notes
        senses = idx.search(cql='[lemma="wave|storm"]', example="a big [[wave]] at sea", k=5)
        assert any(n.startswith("3 of the 3 matches left out") for n in senses.notes), senses.notes
        # a word with vectors of its own leaves out none: nothing said
        assert not any("chosen words" in n for n in idx.search("wave", example="a [[wave]]").notes)


def test_a_multiword_tokens_note_names_a_search_with_the_options_it_counted_with(
    tmp_path: Path, runner
):
    """`search zum --where genre=fiction` counted 1 place writing zum and named
    `search "zu dem"`, which lists 3; `search Zum --match-case` named one that lists
    zu dem in any case; and --near, which the count does not apply, went unsaid: "3 more
    places" under `--near Markt`, where 1 is near it. The search named takes the
    options the count honoured, and --near is said."""
    path = tmp_path / "de.conllu"
    path.write_text(_MULTIWORD, encoding="utf-8")
    idx = tmp_path / "idx"
    assert run(runner, idx, "index", str(path), "--vectors-for", "none")[0] == 0
    said = "as one CoNLL-U multiword token, which the index reads as its words"
    err = run(runner, idx, "search", "zum", "--where", "genre=fiction")[2]
    assert f"1 more place writes 'zum' {said} (zu dem): " in err
    assert '`search "zu dem" --where genre=fiction` lists it with any written apart' in err
    err = run(runner, idx, "search", "Zum", "--match-case", "--doc", "d1")[2]
    assert '`search "Zu dem" --form --match-case --doc d1` lists it' in err
    err = run(runner, idx, "search", "zum", "--near", "Markt")[2]
    assert (
        f"3 more places write 'zum' {said} (zu dem): `search \"zu dem\" --near Markt` lists "
        "those near 'Markt' with any written apart (--near does not limit this count)"
    ) in err
    # --pos: "no occurrences of 'zum'" alone, the 3 places unsaid (pass 39j)
    code, _, err = run(runner, idx, "search", "zum", "--pos", "ADP")
    assert (
        code == 1
        and (
            f"3 more places write 'zum' {said} (zu dem): `search \"zu dem\"` lists them with any "
            "written apart (--pos ADP limits neither this count nor that search: each of the "
            "token's words has its own part of speech)"
        )
        in err
    ), err
    with sensegrep.open(idx) as index:  # what the searches named list
        assert index.search("zu dem", where=["genre=fiction"]).total == 1
        assert index.search("Zu dem", form=True, match_case=True, doc=["d1"]).total == 1
        assert index.search("zu dem", near="Markt").total == 1


def test_a_patterns_word_a_conllu_file_wrote_as_one_multiword_token_is_said(tmp_path: Path, runner):
    """`search zum` said the 3 places a CoNLL-U file wrote zum as one multiword token,
    and `--cql '[word="zum"]'` said "no token has a form that matches it" alone
    (pass 40d). The pattern says them too, under its filters and case, with the
    pattern that lists them; one that matches other tokens says them beside its
    matches."""
    path = tmp_path / "de.conllu"
    path.write_text(_MULTIWORD, encoding="utf-8")
    idx = tmp_path / "idx"
    assert run(runner, idx, "index", str(path), "--vectors-for", "none")[0] == 0
    said = "as one CoNLL-U multiword token, which the index reads as its words"
    code, out, err = run(runner, idx, "search", "--cql", '[word="zum"%c]')
    assert (code, out) == (1, "")
    assert (
        f"3 places write 'zum' {said} (zu dem), so [word=\"zum\"%c] matches none of them: "
        'the pattern [word="zu"%c] [word="dem"%c] lists them (--cql)'
    ) in err, err
    code, _, err = run(runner, idx, "search", "--cql", '[word="zum"]', "--where", "genre=fiction")
    assert (code, f"1 place writes 'zum' {said} (zu dem)" in err) == (1, True), err
    with sensegrep.open(idx) as index:
        found = index.search(cql='[word="zum|Bahnhof"]')
        assert found.total == 1
        # a regex says the forms it matches too (pass 40g): zum twice, Zum not (case)
        assert [n[:30] for n in found.notes if "multiword" in n] == [
            "2 places write 'zum' as one Co"
        ]
        found = index.search(cql='[word="Zum" | word="Bahnhof"]')
        assert found.total == 1 and any("1 place writes 'Zum'" in n for n in found.notes)
        assert index.search(cql='[word="zu"%c] [word="dem"%c]').total == 3


def test_a_patterns_regex_says_the_multiword_tokens_it_matches(tmp_path: Path):
    """Pass 40g: `[word="zum|im"]` said "no token has a form that matches it" alone of
    places a CoNLL-U file wrote zum and im as multiword tokens, which `[word="zum"]`
    names: a regular expression names each form it matches, under its case and
    filters; one that matches the words read there (`[word="zu.*"]`: zu) says none."""
    path = tmp_path / "de.conllu"
    im = "1-2\tIm\t_\t_\t_\t_\t_\t_\t_\t_\n1\tIn\tin\tADP\t_\t_\t3\tcase\t_\t_\n"
    im += "2\tdem\tder\tDET\t_\t_\t3\tdet\t_\t_\n3\tHaus\tHaus\tNOUN\t_\t_\t0\troot\t_\t_\n\n"
    path.write_text(_MULTIWORD + im, encoding="utf-8")
    said = "as one CoNLL-U multiword token, which the index reads as its words"
    with sensegrep.build(tmp_path / "idx", path, vectors_for="none") as index:
        with pytest.raises(QueryError) as refused:
            index.search(cql='[word="zum|im"%c]')
        assert (
            f"1 place writes 'im' {said} (in dem), so [word=\"zum|im\"%c] matches none of "
            'them: the pattern [word="in"%c] [word="dem"%c] lists it'
        ) in str(refused.value)
        assert f"3 places write 'zum' {said} (zu dem)" in str(refused.value)
        with pytest.raises(QueryError) as refused:
            index.search(cql='[word="zum|im"]', where="genre=fiction")
        assert f"1 place writes 'zum' {said} (zu dem)" in str(refused.value)
        assert "'im'" not in str(refused.value)  # Im, in d2 alone, is capitalised
        found = index.search(cql='[word="zu.*"]')
        assert found.total == 2 and not [n for n in found.notes if "multiword" in n]


def test_a_ranking_leaving_out_more_than_five_words_says_its_command_adds_five(
    tmp_path: Path,
) -> None:
    """Of more than five content words left out, the note names five and `vectors add`
    of those five, which "gives them theirs" said of every one: run, it left the sixth
    without (pass 39g). It says the five named."""
    corpus = tmp_path / "c.jsonl"
    texts = ["A wave hit the boat.", "A storm hit the mast.", "A gale hit the deck."]
    corpus.write_text(
        "".join(json.dumps({"id": f"d{i}", "text": t}) + "\n" for i, t in enumerate(texts)),
        encoding="utf-8",
    )
    with sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="spacy") as idx:
        idx.add_vectors(["wave"], model="fake:16")
        nouns = "wave|boat|storm|mast|gale|deck"
        found = idx.search(cql=f'[lemma="{nouns}"]', example="a big [[wave]] at sea", k=1)
        (said,) = [note for note in found.notes if "chosen words" in note]
        assert said.startswith("5 of the 5 matches left out"), said
        assert said.endswith(
            "boat (1), deck (1), gale (1), mast (1), storm (1); `sensegrep vectors add boat "
            "deck gale mast storm` gives them theirs"
        ), said
        nouns += "|hit"
        found = idx.search(cql=f'[lemma="{nouns}"]', example="a big [[wave]] at sea", k=1)
        (said,) = [note for note in found.notes if "chosen words" in note]
        assert said.startswith("8 of the 8 matches left out"), said
        assert said.endswith(
            "hit (3), boat (1), deck (1), gale (1), mast (1) and 1 more; `sensegrep vectors "
            "add hit boat deck gale mast` gives the five named theirs"
        ), said


def test_rows_of_a_field_that_differ_only_in_case_are_said_to_be_apart(tmp_path):
    """A JSONL corpus whose genre is written law, Law and LAW counts each apart, as
    written, in `search --count genre`, `freq --by genre` and `senses --by genre`: three
    rows of one genre with nothing said, where `--where genre=law` says the documents it
    leaves out in another case (pass 39a). Each table says which rows differ only in
    case; a field whose values differ otherwise says nothing."""
    from ..helpers import write_jsonl

    genres = ["law", "Law", "LAW", "sport", "sport"]
    records = [
        {"id": f"d{i}", "text": "The court sat.", "genre": g, "source": f"s{i}"}
        for i, g in enumerate(genres)
    ]
    corpus = write_jsonl(tmp_path / "g.jsonl", records)
    said = "rows of genre whose values differ only in case are counted apart: 'LAW', 'Law', 'law'"
    with sensegrep.build(tmp_path / "idx", corpus, model="fake:16", tagger="none") as idx:
        counts = idx.count("court", "genre")
        assert sorted(row["value"] for row in counts) == ["LAW", "Law", "law", "sport"]
        assert any(note.startswith(said) for note in counts.notes), counts.notes
        table = idx.freq(by="genre")
        assert any(note.startswith(said) for note in table.notes), table.notes
        idx.senses("court", n=1)
        by = idx.senses_by("court", "genre")
        assert any(note.startswith(said) for note in by.notes), by.notes
        quiet = idx.count("court", "source").notes + idx.freq(by="source").notes
        assert not any("differ only in case" in note for note in quiet), quiet
