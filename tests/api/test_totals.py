"""Issue 23, item 3: every result reports the total number of matches, the documents
they fall in and their frequency per million tokens (of the index, and of the subcorpus
a where/doc filter keeps), and any page of all the matches can be read with ``offset``.

The corpus is helpers.PUNCTUATED: 32 tokens (punctuation included, as CWB counts), 4
documents; "bank" at token ids 2 (d1), 8 (d1), 14 (d2), 17 (d2, "Bank") and 22 (d3);
d1 and d3 are news (6 + 5 + 6 + 3 = 20 tokens), d2 and d4 fiction (4 + 5 + 3 = 12)."""

from __future__ import annotations

import pytest

import sensegrep
from tests.helpers import write_jsonl

BANKS = [2, 8, 14, 17, 22]  # corpus order


@pytest.fixture
def index(punctuated):
    with sensegrep.open(punctuated) as opened:
        yield opened


def test_a_result_reports_total_documents_and_per_million(index):
    found = index.search("bank", k=2)
    assert found.ids == [2, 8]
    assert (found.total, found.documents, found.tokens) == (5, 3, 32)
    assert found.per_million == 156_250.0  # 5 / 32 × 10⁶
    assert found.per_million_subcorpus is None and found.subcorpus_tokens is None
    assert found.offset == 0


def test_a_metadata_filter_measures_against_its_subcorpus_too(index):
    news = index.search("bank", where={"genre": "news"})
    assert news.ids == [2, 8, 22]
    assert (news.total, news.documents, news.subcorpus_tokens) == (3, 2, 20)
    assert news.per_million == 93_750.0  # 3 / 32 × 10⁶
    assert news.per_million_subcorpus == 150_000.0  # 3 / 20 × 10⁶
    one = index.search("bank", doc=["d2"], k=1)
    assert one.ids == [14]
    assert (one.total, one.documents, one.subcorpus_tokens) == (2, 1, 9)  # d2: 4 + 5 tokens
    assert one.per_million_subcorpus == 222_222.22  # 2 / 9 × 10⁶
    # A POS filter selects tokens, not documents: no subcorpus.
    nouns = index.search("bank", pos=["NOUN"])
    assert nouns.total == 5 and nouns.subcorpus_tokens is None


def test_a_pattern_counts_its_matches_and_their_documents(index):
    found = index.search("", cql='[lemma="bank"] [pos="PUNCT"]', k=1)
    assert [h.match for h in found] == [["bank", ","]]
    assert (found.total, found.documents, found.per_million) == (3, 3, 93_750.0)


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"sort": "right1"},
        {"sort": "right1,left1", "ignore_punct": True},
        {"where": {"genre": "news"}},
        {"cql": '[lemma="bank"] [pos="PUNCT"]'},
        {"cql": '[lemma="bank"] [pos="PUNCT"]', "sort": "node"},
    ],
)
def test_pages_cover_every_match_exactly_once(index, options):
    word = "" if "cql" in options else "bank"
    everything = index.search(word, **options)
    assert len(everything) == everything.total
    pages = [index.search(word, k=2, offset=offset, **options) for offset in range(0, 6, 2)]
    seen = [h.id for page in pages for h in page]
    assert seen == everything.ids and len(set(seen)) == len(seen)
    assert [h.rank for page in pages for h in page] == list(range(1, len(seen) + 1))
    assert {page.total for page in pages} == {everything.total}
    assert index.search(word, k=2, offset=10, **options).ids == []


def test_a_ranked_search_pages_through_every_candidate(index):
    """The total of a ranked search is every candidate that passes the filters (here
    all "bank" but the occurrence liked, which is left out): all ranked, page by page."""
    ranked = index.search("bank", like=[2])
    assert ranked.total == 4 and sorted(ranked.ids) == [8, 14, 17, 22] and ranked.ranked
    pages = [index.search("bank", like=[2], k=3, offset=offset) for offset in (0, 3)]
    assert [h.id for page in pages for h in page] == ranked.ids
    assert [h.score for page in pages for h in page] == [h.score for h in ranked]
    assert index.total("bank", like=[2]) == 4


def test_totals_count_every_token_of_the_index(index):
    assert index.info()["tokens"] == 32


@pytest.mark.parametrize("name", ["doc", "where", "pos", "like", "example"])
def test_an_empty_list_of_choices_is_refused_not_read_as_none_given(index, name):
    """``doc=[d for d in ids if …]`` that came out empty searched every document, its
    totals those of the whole index (5 matches in 3 documents here), with no word of it:
    a filter that silently filtered nothing. A program's empty choice is an error naming
    the keyword, for the search, its total and its counts alike."""
    for call in (index.search, index.total, lambda word, **kw: index.count(word, "doc", **kw)):
        with pytest.raises(sensegrep.QueryError, match=rf"^{name}=\[\] is empty.*leave out {name}"):
            call("bank", **{name: []})
    with pytest.raises(sensegrep.QueryError, match=r"^where=\{\} is empty"):
        index.freq(where={})
    assert index.search("bank", doc=["d1"]).total == 2  # one document still filters


@pytest.mark.parametrize(
    ("statistic", "given", "name"),
    [
        ("collocates", {"word": "bank"}, "measure"),
        ("keywords", {"where": {"genre": "news"}}, "key_senses"),
        ("change", {"by": "genre", "between": ["news", "fiction"]}, "words"),
    ],
)
def test_an_empty_list_of_a_statistic_is_refused_too(index, statistic, given, name):
    """``collocates(measure=[])`` counted logDice and ``change(words=[])`` ranked every
    word, as if the list had not been given (issue 23, a pass over the HTTP API)."""
    with pytest.raises(sensegrep.QueryError, match=rf"^{name}=\[\] is empty.*leave out {name}"):
        getattr(index, statistic)(**given, **{name: []})


def test_a_count_by_document_gives_each_document_its_own_frequency(index):
    """AntConc's plot gives each file's hits per its size; a count by document gave a
    row per million of the whole index alone (4,000 hits of a 40,000-token file read
    99,693 per million in a 40,123-token index, not 100,000), so a long file and a short
    one could not be compared. Each row has its document's tokens (d1 11, d2 9, d3 9)
    and its frequency per million of them, as a count by a metadata field has."""
    rows = {row["value"]: row for row in index.count("bank", "doc")}
    assert {doc: row["value_tokens"] for doc, row in rows.items()} == {"d1": 11, "d2": 9, "d3": 9}
    assert rows["d1"]["per_million_value"] == 181_818.18  # 2 / 11 × 10⁶
    assert rows["d2"]["per_million_value"] == 222_222.22  # 2 / 9
    assert rows["d3"]["per_million_value"] == 111_111.11  # 1 / 9
    assert rows["d1"]["per_million"] == 62_500.0  # 2 / 32, of the index, as before
    only = index.count("bank", "doc", docs=["d3"])
    assert [(r["value"], r["value_tokens"]) for r in only] == [("d3", 9)]


def test_a_count_by_document_measures_a_kept_duplicate_id_in_the_filtered_subcorpus(tmp_path):
    """Two documents sharing an id (--on-duplicate keep), one news of 6 tokens and one
    poem of 9: by document with where genre=poem the row is the poem's 3 banks in its 9
    tokens (333,333.33 per million), not of the 15 tokens of both, which the filter
    leaves out (value_tokens 15 and 200,000 per million read, pass 37l)."""
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    write_jsonl(first, [{"id": "d0", "genre": "news", "text": "A bank. The bank."}])
    write_jsonl(second, [{"id": "d0", "genre": "poem", "text": "The bank. The bank. A bank."}])
    folder = tmp_path / "idx"
    sensegrep.build(folder, first, vectors_for="none").close()
    with sensegrep.build(folder, second, vectors_for="none", on_duplicate="keep") as index:
        (both,) = index.count("bank", "doc")
        assert (both["count"], both["value_tokens"]) == (5, 15)
        (poem,) = index.count("bank", "doc", where={"genre": "poem"})
        assert (poem["count"], poem["value_tokens"]) == (3, 9)
        assert poem["per_million_value"] == 333_333.33  # 3 / 9 × 10⁶
