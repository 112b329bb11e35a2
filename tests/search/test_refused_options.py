"""Options a search would silently ignore or misread are refused in one line that says
what to do (issue 23, new-user pass): WORD beside --cql (the word was dropped), --expand
on a plain concordance (nothing to re-rank), a --label no occurrence of the word has
(the message now lists the labels it has, nearest first). On helpers.DOCS with the fake
embedder (conftest's ``built``)."""

from __future__ import annotations

from collections import Counter

import pytest

from sensegrep.errors import QueryError

from ..helpers import run


def test_a_word_beside_a_pattern_is_refused(built, runner):
    with pytest.raises(QueryError, match=r"^give WORD or cql=PATTERN, not both"):
        built.search("banks", cql='[lemma="bank"]')
    assert built.search(cql='[lemma="bank"]').total == 4
    code, out, err = run(runner, built.path, "search", "banks", "--cql", '[lemma="bank"]')
    assert (code, out) == (1, "") and "leave out 'banks', or --cql" in err


def test_expand_needs_a_ranking(built):
    with pytest.raises(QueryError, match=r"^expand re-ranks a ranked search"):
        built.search("bank", expand=2)
    assert len(built.search("bank", example="the [[bank]] of the river", expand=2)) == 4


def test_a_label_no_occurrence_has_lists_the_labels_nearest_first(built):
    ids = built.search("bank").ids
    built.label(ids[:2], "river")
    built.label(ids[2:], "money")
    with pytest.raises(QueryError) as refused:
        built.search("bank", label="rivr")
    assert str(refused.value) == (
        "label='rivr': no occurrence of 'bank' has that label (their labels, nearest first: "
        "'river', 'money')"
    )
    with pytest.raises(QueryError, match=r"none of them has a label yet"):
        built.search("rate", label="x")
    assert built.search("bank", label="river").total == 4  # it ranks them all


def test_a_label_outside_the_filter_still_ranks_the_filtered_matches(built, runner):
    """--label is the centroid of the word's occurrences with that label, wherever they
    are (README): a filter or pattern that leaves them out still ranks its matches by
    them, instead of a message saying the word has no such label (issue 23)."""
    fiction = built.search("bank", where={"genre": "fiction"}).ids
    built.label(fiction, "river")
    ranked = built.search("bank", where={"genre": "news"}, label="river")
    assert ranked.total == 2 and not set(ranked.ids) & set(fiction)
    code, out, err = run(
        runner, built.path, "search", "bank", "--where", "genre=news", "--label", "river"
    )
    assert code == 0 and "has that label" not in err and out
    with pytest.raises(QueryError, match=r"no occurrence of 'bank' has that label"):
        built.search("bank", where={"genre": "news"}, label="money")


def test_one_occurrence_both_liked_and_unliked_is_refused(built):
    """Its cosine cancels out: every line scored 0, in corpus order, as if ranked."""
    first = built.search("bank").ids[0]
    with pytest.raises(QueryError, match=f"both name occurrence {first}: give it to one"):
        built.search("bank", like=[first], unlike=[first])


def test_an_empty_text_typed_is_refused_not_taken_as_absent(built, runner):
    """`--label ""` searched without a label (a plain concordance), silently; an empty
    web form field still means "not given"."""
    for name in ("label", "gloss", "near"):
        with pytest.raises(QueryError, match=f"^{name} is empty: give one, or leave out {name}"):
            built.search("bank", **{name: ""})
    code, _out, err = run(runner, built.path, "search", "bank", "--label", "")
    assert code == 1 and err == "Error: --label is empty: give one, or leave out --label\n"
    assert built.search("bank", near="river").total == 1


def test_an_empty_usage_or_count_key_is_refused_not_taken_as_absent(built, runner):
    """`--example ""` (an unset shell variable, say) answered the plain concordance,
    unranked, and `--count ""` printed the lines instead of a table, both with exit
    status 0 (issue 23). A usage of only spaces is empty too."""
    river = "the grassy [[bank]] of the river"
    for options in (
        {"example": ""},
        {"example": [river, " "]},
        {"example": river, "unlike_example": ""},
    ):
        name = "unlike_example" if "unlike_example" in options else "example"
        with pytest.raises(QueryError, match=f"^{name} is empty: give a usage with its word"):
            built.search("bank", **options)
    for args in (["--example", ""], ["--example", river, "--unlike-example", " "]):
        code, out, err = run(runner, built.path, "search", "bank", *args)
        flag = args[-2]
        assert (code, out) == (1, "") and f"Error: {flag} is empty: give a usage" in err, err
    for key in ("", "  "):
        code, out, err = run(runner, built.path, "search", "bank", "--count", key)
        assert (code, out) == (1, "") and "--count is empty: give one, or leave out" in err, err


def test_a_ranking_beside_a_count_of_every_match_is_refused(built, runner):
    """--count without -k counts every match: --label, --example or --gloss only rank,
    so they changed nothing, silently (issue 23)."""
    built.label(built.search("bank").ids[:2], "river")
    with pytest.raises(QueryError, match=r"^a count of every match: label only ranks"):
        built.count("bank", "right1", label="river")
    code, out, err = run(runner, built.path, "search", "bank", "--label", "river",
                         "--count", "right1")  # fmt: skip
    assert (code, out) == (1, "") and "--gloss only ranks" not in err
    assert "a count of every match: --label only ranks, so it changes nothing here" in err
    code, _out, err = run(runner, built.path, "search", "bank", "--gloss", "land by water",
                          "--count", "right1")  # fmt: skip
    assert code == 1 and "--gloss only ranks" in err
    assert built.count("bank", "right1", label="river", k=2).counted == 2  # the 2 best
    # Pass 27a: with --sample the lines counted are the sample's, not every match.
    code, _out, err = run(runner, built.path, "search", "bank", "--label", "river",
                          "--sample", "2", "--count", "right1")  # fmt: skip
    assert code == 1 and "a count of a --sample's lines: --label only ranks" in err, err


def test_like_and_unlike_beside_a_count_of_every_match_are_refused(built, runner):
    """`--like ID --count genre` without -k counted every match but ID, the ranking by
    ID dropped unsaid (issue 23): refused as --label is; with -k, the N most like it."""
    first, second = built.search("bank").ids[:2]
    for name in ("like", "unlike"):
        with pytest.raises(QueryError, match=f"^a count of every match: {name} only ranks"):
            built.count("bank", "genre", **{name: [first]})
        code, out, err = run(runner, built.path, "search", "bank", f"--{name}", str(first),
                             "--count", "genre")  # fmt: skip
        assert (code, out) == (1, "")
        assert f"a count of every match: --{name} only ranks, so it changes nothing here" in err
    counted = built.count("bank", "genre", like=[first], k=2)
    best = built.search("bank", like=[first], k=2)
    by_genre = Counter(h.meta["genre"] for h in best)
    assert counted.counted == 2 and {r["value"]: r["count"] for r in counted} == by_genre
    assert built.count("bank", "genre", like=[first], unlike=[second], k=1).counted == 1


def test_a_gloss_with_a_pattern_of_no_one_lemma_is_refused_for_what_it_is(built, runner):
    """A gloss is read as the word's definition; a pattern of several lemmas has no
    word, and search said "unbalanced [[ ]] in the example '[[]] - sloping land': write
    it as [[word]]", of an example never given (pass 39g, misleads)."""
    # a lemma's alternatives are no one lemma, said so (pass 39l, polish)
    with pytest.raises(QueryError, match=r"^gloss with cql needs a target of one literal lemma"):
        built.search(cql='[lemma="bank|river"]', gloss="sloping land")
    assert built.search(cql='[lemma="bank"]', gloss="sloping land").total == 4
    pattern = '[lemma="bank|river"]'
    code, out, err = run(runner, built.path, "search", "--cql", pattern, "--gloss", "land")
    assert (code, out) == (1, "") and "--gloss with --cql needs a target" in err, err
    assert "unbalanced" not in err
    assert "not alternatives, bank|shore, nor a wildcard): search each word" in err, err
