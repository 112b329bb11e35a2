"""What a result says once, said by the library for every front end (issue 23): why a
result with no match at all is empty (``why_empty``, also a note), and the ``like`` and
``unlike`` occurrences a search leaves out of its lines and its total; each in the
caller's words (the library's keywords, the command line's flags, a route's query
parameters: tests/web/test_web_messages.py). On the session's helpers.SUBCORPUS index
(8 tokens of "bank" in 4 documents)."""

from __future__ import annotations

from pathlib import Path

import pytest

import sensegrep
from sensegrep.api.remote import answer
from sensegrep.api.spelling import spoken_by

from ..helpers import hits, run

EMPTY = {"genre": "letters", "year": "1900"}  # each value exists; together, no document


@pytest.fixture(scope="module")
def idx(subcorpus_index: Path):
    with sensegrep.open(subcorpus_index) as opened:
        yield opened


def test_an_empty_result_says_why_in_the_librarys_keywords(idx):
    found = idx.search("bank", where=EMPTY)
    said = "0 matches for 'bank' with where='genre=letters' where='year=1900'; 8 without them"
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
        "8 without them"
    )
    # A page past the last line, and a result with lines, are no empty result.
    assert idx.search("bank", offset=100).why_empty is None
    assert idx.search("bank").why_empty is None and idx.search("bank").notes == []


def test_the_command_line_and_a_server_answering_it_keep_the_flags(idx):
    with spoken_by("cli"):
        found = idx.search("bank", where=EMPTY)
    said = "0 matches for 'bank' with --where genre=letters --where year=1900; 8 without them"
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
    assert idx.count("bank", "form", like=[first]).notes == [found.notes[0]]
    # One the filters leave out anyway is not left out by like: nothing to say.
    assert idx.search("bank", like=[first], doc=["b"]).notes == []
    code, out, err = run(runner, subcorpus_index, "search", "bank", "--like", str(first),
                         "--format", "jsonl")  # fmt: skip
    assert code == 0 and len(hits(out)) == 7
    assert "note: the 1 occurrence given by --like is left out of the lines and the total" in err


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
    assert idx.count("", "form", cql=pattern, like=[first]).notes == [by_word.notes[0]]
    code, out, err = run(runner, subcorpus_index, "search", "--cql", pattern, "--like",
                         str(first), "--format", "jsonl")  # fmt: skip
    assert code == 0 and first not in [h["id"] for h in hits(out)] and len(hits(out)) == 7
    assert "note: the 1 occurrence given by --like is left out of the lines and the total" in err
