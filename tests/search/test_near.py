"""``search WORD --near LEMMA --window N``: only the lines with the lemma within N
tokens of their node in the same sentence (the lines behind a ``collocates`` row), on
the conftest's ``punctuated`` corpus (helpers.PUNCTUATED, indexed with vectors):

    s1 (d1 news)    The bank , said Ann .       bank at 1
    s2 (d1 news)    Zed bank lends money .      bank at 1
    s3 (d2 fiction) A river bank .              bank at 2
    s4 (d2 fiction) The Bank lends cash .       bank at 1
    s5 (d3 news)    Old bank , old river .      bank at 1
"""

from __future__ import annotations

import json

import pytest

import sensegrep
from sensegrep.errors import QueryError

from ..helpers import run


@pytest.fixture
def index(punctuated):
    with sensegrep.open(punctuated) as opened:
        yield opened


def docs_and_totals(hits) -> tuple[list[str], int]:
    return [h.doc for h in hits], hits.total


def test_only_lines_with_the_lemma_near(index) -> None:
    assert docs_and_totals(index.search("bank", near="lend")) == (["d1", "d2"], 2)
    assert index.search("bank", near="River", window=1).total == 1  # case-folded: s3
    # s5's river is 3 positions after bank: the comma takes one.
    assert index.search("bank", near="river", window=2).total == 1
    assert docs_and_totals(index.search("bank", near="river", window=3)) == (["d2", "d3"], 2)


def test_the_window_stops_at_the_sentence_edge(index) -> None:
    # "Zed" opens s2, right after s1's "." : near s2's bank only, never s1's.
    assert index.search("bank", near="zed", window=5).total == 1
    assert docs_and_totals(index.search("bank", near="the", window=5)) == (["d1", "d2"], 2)


def test_totals_count_every_line_near_before_the_page(index) -> None:
    page = index.search("bank", near="river", window=3, k=1)
    assert len(page) == 1 and page.total == 2 and page.documents == 2
    second = index.search("bank", near="river", window=3, k=1, offset=1)
    assert [h.doc for h in second] == ["d3"]
    news = index.search("bank", near="river", window=3, where={"genre": "news"})
    assert docs_and_totals(news) == (["d3"], 1)
    ranked = index.search("bank", example="the [[bank]] lends money", near="lend", k=1)
    assert ranked.total == 2 and len(ranked) == 1


def test_a_pattern_counts_from_its_first_and_last_tokens(index) -> None:
    pattern = '[lemma="river"] [lemma="bank"]'
    assert index.search(cql=pattern, near="a", window=1).total == 1
    assert index.search(cql=pattern, near="river", window=5).total == 0  # its own token


def test_mistakes(index) -> None:
    with pytest.raises(QueryError, match="no token"):
        index.search("bank", near="zebra")
    with pytest.raises(QueryError, match=r"^near needs a word"):  # the library's keyword
        index.search_any("the [[bank]] lends money", near="lend")
    with pytest.raises(QueryError, match="window"):
        index.search("bank", near="lend", window=0)


def test_every_front_end(runner, punctuated) -> None:
    code, out, err = run(runner, punctuated, "search", "bank", "--near", "river", "--window",
                         "3", "--format", "jsonl")  # fmt: skip
    assert code == 0, err
    assert [json.loads(line)["doc"] for line in out.splitlines()] == ["d2", "d3"]
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from sensegrep.web import create_app

    with TestClient(create_app(punctuated, read_only=True)) as client:
        params = {"word": "bank", "near": "river", "window": 3}
        assert client.get("/api/search", params=params).json()["total"] == 2
        too_wide = client.get("/api/search", params={**params, "window": 1000})
        assert too_wide.status_code == 400


def test_near_resolves_its_word_as_a_search_word_does_and_says_so(index) -> None:
    """`--near lends` (issue 23): a word that is no lemma falls back to its lemma, as
    `search banks` does, and the answer says what was used; a word no token has is
    refused naming the nearest lemmas."""
    found = index.search("bank", near="lends")
    assert docs_and_totals(found) == (["d1", "d2"], 2)
    assert list(found.notes) == ['near: lemma "lend" (from "lends")']
    assert not index.search("bank", near="Lend").notes  # the word itself, in any case
    assert index.total("bank", near="lends") == 2
    with pytest.raises(QueryError) as refused:
        index.search("bank", near="rivr")
    message = str(refused.value)  # (the library's spelling of --near)
    assert message.startswith("near='rivr': no token of ")
    assert message.endswith(" has that lemma (nearest: 'river')")


def test_the_cli_says_what_near_used_and_why_a_result_is_empty(runner, punctuated) -> None:
    code, out, err = run(runner, punctuated, "search", "bank", "--near", "lends", "--format",
                         "jsonl")  # fmt: skip
    assert code == 0 and len(out.splitlines()) == 2
    assert 'note: near: lemma "lend" (from "lends")' in err.splitlines()
    code, out, err = run(runner, punctuated, "search", "bank", "--near", "cash", "--window",
                         "1", "--format", "jsonl")  # fmt: skip
    assert (code, out) == (0, "")
    assert err == "0 matches for 'bank' with --near cash --window 1; 5 without them\n"


def test_a_count_says_what_near_used(index) -> None:
    counts = index.count("bank", "right1", near="lends")
    assert counts.total == 2 and list(counts.notes) == ['near: lemma "lend" (from "lends")']
