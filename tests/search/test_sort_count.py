"""Issue 23, items 4 and 5: ``sort`` orders ALL the matches of a plain concordance before
``k`` is taken (a ranked search keeps its ranking and sorts its page), several keys
break ties in turn as CQPweb's; ``count`` tabulates the node (a pattern's whole match),
can skip punctuation, and shows each value's share and frequency per million.

helpers.PUNCTUATED, "bank" in corpus order (token id: left1 | node | right1):
  2 The | bank | , said …   8 Zed | bank | lends …   14 river | bank | .
  17 The | Bank | lends …   22 Old | bank | , old …
32 tokens; news (d1, d3): 20 tokens."""

from __future__ import annotations

import json

import pytest

import sensegrep
from sensegrep.errors import QueryError
from sensegrep.storage import Index

from ..helpers import run


@pytest.fixture
def index(punctuated):
    with sensegrep.open(punctuated) as opened:
        yield opened


def test_sort_orders_all_matches_then_takes_k(index):
    # right1: "," (2), "," (22), "." (14), "lends" (8), "lends" (17); ties in corpus order.
    assert index.search("bank", sort="right1").ids == [2, 22, 14, 8, 17]
    # The first two of all five sorted; sorting only the first two (2, 8) gave [2, 8].
    assert index.search("bank", sort="right1", k=2).ids == [2, 22]
    assert index.search("bank", sort="right1", k=2, offset=2).ids == [14, 8]
    # left1 case-folded: old (22), river (14), the (2), the (17), zed (8).
    assert index.search("bank", sort="left1", k=3).ids == [22, 14, 2]


def test_several_sort_keys_break_ties_in_turn(index):
    # "," ties: left1 old (22) < the (2); "lends" ties: the (17) < zed (8).
    assert index.search("bank", sort="right1,left1").ids == [22, 2, 14, 17, 8]
    assert index.search("bank", sort="right1,left1", k=2).ids == [22, 2]
    # node: bank = Bank case-folded, so doc breaks nothing and corpus order stays.
    assert index.search("bank", sort="node,doc").ids == [2, 8, 14, 17, 22]
    with pytest.raises(QueryError, match="sort takes one or more of"):
        index.search("bank", sort="right1,size")


def test_ignore_punct_steps_over_punctuation(index):
    # right1 without punctuation: said (2), lends (8), none (14), lends (17), old (22).
    assert index.search("bank", sort="right1", ignore_punct=True).ids == [14, 8, 17, 22, 2]
    rows = index.count("bank", "right1", ignore_punct=True)
    assert [(r["value"], r["count"]) for r in rows] == [
        ("lends", 2), ("(none)", 1), ("old", 1), ("said", 1)
    ]  # fmt: skip
    # right2 skipping punctuation: 2 "said" → "Ann"; 22 "old" → "river".
    right2 = index.count("bank", "right2", ignore_punct=True)
    assert {r["value"]: r["count"] for r in right2} == {
        "Ann": 1, "money": 1, "(none)": 1, "cash": 1, "river": 1
    }  # fmt: skip


def test_a_ranked_search_keeps_its_ranking_and_sorts_its_page(index):
    ranked = index.search("bank", like=[2], k=2)
    page = index.search("bank", like=[2], k=2, sort="right1")
    assert sorted(page.ids) == sorted(ranked.ids)  # the same two best
    right1 = [h.right.split()[0] for h in page]
    assert right1 == sorted(right1, key=str.casefold)


def test_count_shows_share_and_per_million(index):
    rows = index.count("bank", "right1")
    assert rows == [
        {"value": ",", "count": 2, "share": 0.4, "per_million": 62_500.0,
         "per_million_subcorpus": None},
        {"value": "lends", "count": 2, "share": 0.4, "per_million": 62_500.0,
         "per_million_subcorpus": None},
        {"value": ".", "count": 1, "share": 0.2, "per_million": 31_250.0,
         "per_million_subcorpus": None},
    ]  # fmt: skip
    assert (rows.total, rows.documents, rows.per_million) == (5, 3, 156_250.0)
    news = index.count("bank", "right1", where={"genre": "news"})
    # 2 (",") , 8 ("lends"), 22 (","): per million of 32 and of the 20 news tokens.
    assert [(r["value"], r["count"], r["share"], r["per_million"], r["per_million_subcorpus"])
            for r in news] == [(",", 2, 0.6667, 62_500.0, 100_000.0),
                               ("lends", 1, 0.3333, 31_250.0, 50_000.0)]  # fmt: skip


def test_count_node_is_the_matched_form_or_a_patterns_whole_match(index):
    node = index.count("bank", "node", match_case=True)
    assert [(r["value"], r["count"], r["share"]) for r in node] == [
        ("bank", 4, 0.8), ("Bank", 1, 0.2)
    ]  # fmt: skip
    rows = index.count("", "node", cql='[lemma="bank"] [pos="PUNCT"]')
    assert [(r["value"], r["count"], r["share"], r["per_million"]) for r in rows] == [
        ("bank ,", 2, 0.6667, 62_500.0), ("bank .", 1, 0.3333, 31_250.0)
    ]  # fmt: skip
    assert rows.total == 3
    # form stays what it was: the matched words too.
    assert index.count("", "form", cql='[lemma="bank"] [pos="PUNCT"]') == rows


def test_without_the_token_store_sort_and_count_read_the_sentences(index, monkeypatch):
    """An older index opened read-only has no token store: the same order and counts."""
    monkeypatch.setattr(Index, "token_store_complete", lambda self: False)
    assert index.search("bank", sort="right1,left1", k=2).ids == [22, 2]
    assert index.search("bank", sort="right1", ignore_punct=True).ids == [14, 8, 17, 22, 2]
    rows = index.count("", "node", cql='[lemma="bank"] [pos="PUNCT"]')
    assert [(r["value"], r["count"]) for r in rows] == [("bank ,", 2), ("bank .", 1)]
    found = index.search("bank", where={"genre": "news"}, k=1)
    assert (found.total, found.documents, found.tokens, found.subcorpus_tokens) == (3, 2, 32, 20)


# -- which lines a count covers, and case (issue 23's leftovers) ---------------------------


def test_a_count_covers_the_lines_k_and_offset_select_and_says_which(index):
    """-k and --offset select the lines counted, as they select the lines shown: lines
    3-4 of the five in corpus order are 14 (". ") and 17 ("lends")."""
    rows = index.count("bank", "right1", k=2, offset=2)
    assert [(r["value"], r["count"], r["share"]) for r in rows] == [
        (".", 1, 0.5), ("lends", 1, 0.5)
    ]  # fmt: skip
    assert (rows.offset, rows.counted, rows.total, rows.complete) == (2, 2, 5, False)
    # A page's count per million tokens would read as the word's frequency: none given.
    assert {r["per_million"] for r in rows} == {None}
    whole = index.count("bank", "right1")
    assert (whole.offset, whole.counted, whole.complete) == (0, 5, True)
    assert whole[0]["per_million"] == 62_500.0
    # The lines counted are those search shows: sorted first when sorted (2 and 22).
    assert index.search("bank", sort="right1", k=2).ids == [2, 22]
    sorted_page = index.count("bank", "left1", sort="right1", k=2)
    assert {r["value"]: r["count"] for r in sorted_page} == {"The": 1, "Old": 1}
    assert sorted_page.sorted_by == "right1"


def test_the_count_summary_names_the_lines_counted(punctuated, runner):
    code, out, err = run(runner, punctuated, "search", "bank", "--count", "right1", "-k", "2",
                         "--offset", "2", "--format", "jsonl")  # fmt: skip
    assert code == 0 and [json.loads(line)["value"] for line in out.splitlines()] == [".", "lends"]
    assert err.startswith("lines 3-4 of 5 counted (corpus order), 2 distinct right1 values;")
    code, _, err = run(runner, punctuated, "search", "bank", "--count", "right1")
    assert code == 0 and err.startswith("all 5 matches counted, 3 distinct right1 values;")
    code, _, err = run(runner, punctuated, "search", "bank", "--count", "right1", "--offset", "9")
    # Past the last line is no mistake: no "no occurrences" note.
    assert code == 0 and err.startswith("no line counted: none after line 9 of 5")
    code, out, _ = run(runner, punctuated, "search", "--help")
    assert "lines -k and --offset select" in " ".join(out.split())


def test_count_and_sort_fold_case_alike_unless_match_case(index):
    # node: "bank" four times and "Bank" once; folded, the commonest spelling names both.
    assert [(r["value"], r["count"]) for r in index.count("bank", "node")] == [("bank", 5)]
    assert [(r["value"], r["count"]) for r in index.count("bank", "node", match_case=True)] == [
        ("bank", 4), ("Bank", 1)
    ]  # fmt: skip
    # "Old" and "old": a tie, named by the spelling with fewer capitals.
    olds = index.count("", "form", cql='[lemma="old"]')
    assert [(r["value"], r["count"]) for r in olds] == [("old", 2)]
    cased = index.count("", "form", cql='[lemma="old"]', match_case=True)
    assert [(r["value"], r["count"]) for r in cased] == [("Old", 1), ("old", 1)]
    # left1 folded: old (22), river (14), the (2), the (17), zed (8); with case, capitals
    # first as in code point order: Old, The, The, Zed, river.
    assert index.search("bank", sort="left1").ids == [22, 14, 2, 17, 8]
    assert index.search("bank", sort="left1", match_case=True).ids == [22, 2, 17, 8, 14]
    assert index.search("bank", sort="node,left1", match_case=True).ids == [17, 22, 2, 8, 14]
    # Names are not words: doc, label and metadata values are counted as written.
    assert [(r["value"], r["count"]) for r in index.count("bank", "doc")] == [
        ("d1", 2), ("d2", 2), ("d3", 1)
    ]  # fmt: skip


# -- per million of each metadata value (issue 23's new-user pass) ------------------------


def test_a_count_by_a_metadata_field_gives_each_values_own_frequency(index):
    """ "bank" by genre: 3 in the 20 news tokens, 2 in the 12 fiction tokens. per_million
    divides by the whole index (32 tokens), which read as "per million words of news";
    per_million_value divides by the tokens of each genre's documents, as CQPweb's
    distribution does, and value_tokens says how many those are."""
    rows = index.count("bank", "genre")
    assert [
        (r["value"], r["count"], r["per_million"], r["per_million_value"], r["value_tokens"])
        for r in rows
    ] == [("news", 3, 93_750.0, 150_000.0, 20), ("fiction", 2, 62_500.0, 166_666.67, 12)]
    # In a subcorpus, each value's documents that the filter keeps: d1 (11 tokens, 2
    # banks) and d2 (9 tokens, 2 banks).
    kept = index.count("bank", "meta:genre", doc=["d1", "d2"])
    assert {r["value"]: (r["per_million_value"], r["value_tokens"]) for r in kept} == {
        "news": (181_818.18, 11), "fiction": (222_222.22, 9)
    }  # fmt: skip
    # A page of the lines has no frequency (it would pass for the value's), its sizes stay.
    page = index.count("bank", "genre", k=2)
    assert [(r["per_million_value"], r["value_tokens"]) for r in page] == [(None, 20)]
    # The other keys have no value of a document: no such fields.
    assert "value_tokens" not in index.count("bank", "right1")[0]


def test_value_sizes_without_the_token_store_are_the_same(index, monkeypatch):
    from sensegrep.storage import token_store

    monkeypatch.setattr(token_store, "covers_all", lambda handles: False)
    rows = index.count("bank", "genre")
    assert [(r["value"], r["value_tokens"]) for r in rows] == [("news", 20), ("fiction", 12)]


def test_the_count_table_says_what_each_per_million_divides_by(punctuated, runner):
    code, out, _ = run(runner, punctuated, "search", "bank", "--count", "genre", "--format", "kwic")
    head, news, fiction = out.splitlines()
    assert code == 0 and "per million of the index" in head and "per million of its genre" in head
    assert news.split() == ["3", "60.0%", "93,750.00", "150,000.00", "20", "news"]
    assert fiction.split() == ["2", "40.0%", "62,500.00", "166,666.67", "12", "fiction"]
    # In a subcorpus a value's documents are the subcorpus's: the heads say so (the web
    # app's chart already did), not to pass for all the documents with that value.
    args = ["search", "bank", "--count", "genre", "--doc", "d1", "--format", "kwic"]
    code, out, _ = run(runner, punctuated, *args)
    assert code == 0 and "per million of its genre in the subcorpus" in out.splitlines()[0]
    assert "tokens of its genre in the subcorpus" in out.splitlines()[0]
    code, out, _ = run(runner, punctuated, "search", "bank", "--count", "genre", "--format", "csv")
    assert out.splitlines()[:2] == [
        "genre,count,share,per_million,per_million_subcorpus,per_million_value,value_tokens",
        "news,3,0.6,93750.0,,150000.0,20",
    ]
    code, out, _ = run(
        runner, punctuated, "search", "bank", "--count", "genre", "--format", "jsonl"
    )
    assert json.loads(out.splitlines()[1]) == {
        "value": "fiction", "count": 2, "share": 0.4, "per_million": 62_500.0,
        "per_million_subcorpus": None, "per_million_value": 166_666.67, "value_tokens": 12,
    }  # fmt: skip
    code, out, _ = run(
        runner, punctuated, "search", "bank", "--count", "right1", "--format", "kwic"
    )
    assert "per million of the index" in out.splitlines()[0]


def test_a_count_by_part_of_speech_names_the_frequency_list_that_gives_it(punctuated):
    """--count has no POS key: the refusal names `freq --by pos` over a pattern, whose
    rows are the matches' parts of speech (here all of bank's 5 tokens are nouns)."""
    with sensegrep.open(punctuated) as idx:
        with pytest.raises(QueryError) as refused:
            idx.count("bank", "pos")
        assert "to count the matches by part of speech" in str(refused.value)
        assert """freq --by pos --cql '[lemma="WORD"]'""" in str(refused.value)
        rows = idx.freq(by="pos", cql='[lemma="bank"]')
        assert [(r["item"], r["freq"]) for r in rows] == [("NOUN", 5)]


def test_a_value_written_none_is_in_the_none_row_with_its_size_and_said(tmp_path, runner):
    """A document whose genre is the text "(none)" counts in the (none) row with those
    without a genre; that row's value_tokens were of the latter alone (9 of its 14
    tokens: the per million of a row was of other documents than its count), and
    nothing said that `--where 'genre=(none)'` takes only the former (pass 34b)."""
    from ..helpers import write_jsonl

    corpus = write_jsonl(
        tmp_path / "n.jsonl",
        [
            {"id": "a", "text": "The bank was steep.", "genre": "news"},  # 5 tokens
            {"id": "b", "text": "The bank lent money."},  # 5
            {"id": "c", "text": "A bank of fog.", "genre": "(none)"},  # 5
            {"id": "d", "text": "The bank closed.", "genre": None},  # 4
        ],
    )
    idx = tmp_path / "idx"
    assert run(runner, idx, "index", str(corpus), "--vectors-for", "none")[0] == 0
    with sensegrep.open(idx) as opened:
        counts = opened.count("bank", "genre")
    assert [(r["value"], r["count"], r["value_tokens"]) for r in counts] == [
        ("(none)", 3, 14),
        ("news", 1, 5),
    ]
    assert counts[0]["per_million_value"] == round(3 / 14 * 1e6, 2)
    assert any("where 'genre=(none)' takes only the former" in n for n in counts.notes)
    with sensegrep.open(idx) as opened:  # no such value: nothing said
        assert not any(
            "written" in n for n in opened.count("bank", "meta:genre", doc=["a", "b"]).notes
        )


def test_an_any_word_count_says_its_none_row_holds_a_value_written_none(tmp_path):
    """Pass 35e: `search --any-word --count genre` put the lines of a document whose
    genre is written "(none)" in the (none) row with nothing said, where a count of
    every match notes that `--where 'genre=(none)'` takes only the former."""
    from ..helpers import write_jsonl

    docs = [
        {"id": "a", "text": "The bank was steep.", "genre": "news"},
        {"id": "b", "text": "The bank lent money.", "genre": "(none)"},
        {"id": "c", "text": "A bank of fog."},
    ]
    corpus = write_jsonl(tmp_path / "n.jsonl", docs)
    with sensegrep.build(tmp_path / "idx", corpus, model="fake:16", tagger="none") as opened:
        counts = opened.count("", "genre", any_word=True, example="the [[bank]] was steep")
        assert "(none)" in [r["value"] for r in counts]
        assert any("where 'genre=(none)' takes only the former" in n for n in counts.notes)
        plain = opened.count("", "genre", any_word=True, example="the [[bank]]", doc=["a", "c"])
        assert not any("written" in n for n in plain.notes)
