"""The word a pattern's target stands for (patterns.target_word): what its ranking is
centred on and what `sense` means. It was read at the target's place among the top-level
elements but looked up among the token elements, groups opened, so a group before the
target named a word of the group: ("at" "the") @[lemma="bank"] ranked and took senses
as "the"."""

from __future__ import annotations

import pytest

import sensegrep
from sensegrep.search.cql import parse
from sensegrep.search.patterns import target_word

from ..helpers import write_jsonl


@pytest.mark.parametrize(
    "query,word",
    [
        ('("on" "the") @[lemma="bank"]', "bank"),
        ('("at" "the") [pos="ADJ"] [lemma="bank"]', ""),  # the target, ADJ, names none
        ('("the")+ [lemma="bank"]', "bank"),
        ('"the" "the" @[lemma="bank"]', "bank"),
        ('([]{0,2} "of") @"river"', "river"),
        ('[lemma="bank"] ("of" "the")', "bank"),
    ],
)
def test_the_target_word_is_the_targets_own(query: str, word: str) -> None:
    assert target_word(parse(query)) == word


def test_a_group_before_the_target_ranks_as_the_same_tokens_without_it(tmp_path) -> None:
    records = [
        {"id": f"d{i}", "text": text}
        for i, text in enumerate(
            [
                "We sat at the bank of the river.",
                "She paid at the bank in town.",
                "The boat drifted to the bank.",
                "He waited at the bank for the loan.",
            ]
        )
    ]
    corpus = write_jsonl(tmp_path / "c.jsonl", records)
    with sensegrep.build(tmp_path / "idx", corpus, model="fake:16", tagger="none") as idx:
        example = "we sat on the grassy [[bank]]"
        grouped = idx.search("", example, cql='("at" "the") @[lemma="bank"]')
        plain = idx.search("", example, cql='"at" "the" @[lemma="bank"]')
        assert grouped.total == plain.total == 3
        assert [(h.id, h.score) for h in grouped] == [(h.id, h.score) for h in plain]


def test_a_target_chosen_by_default_that_names_no_word_is_said(tmp_path) -> None:
    """[] "bank" ranks by the sense of the token before bank (the first single token):
    a note says so and how to mark bank; with @ or a plain concordance, no note."""
    corpus = write_jsonl(
        tmp_path / "c.jsonl",
        [{"id": "d1", "text": "We sat by the grassy bank. The old bank lent money."}],
    )
    with sensegrep.build(tmp_path / "idx", corpus, model="fake:16", tagger="none") as idx:
        example = "we sat on the grassy [[bank]]"
        ranked = idx.search("", example, cql='[] "bank"')
        assert ranked.total == 2
        assert (
            "each match's sense is its target's, [] (a pattern's first single token unless @ "
            "marks another), which names no word: mark the token whose sense counts with @, "
            'as in [] @"bank"'
        ) in ranked.notes
        for quiet in (idx.search("", example, cql='[] @"bank"'), idx.search("", cql='[] "bank"')):
            assert not any("whose sense counts" in note for note in quiet.notes)


def test_pos_beside_a_pattern_says_it_tests_the_target_token(tmp_path) -> None:
    """Pass 27a: `--cql '"the" [lemma="bank"]' --pos PROPN` tests "the" (the target,
    the first single token) and answered 0 matches with nothing more, read as "no proper
    noun Bank after the". The answer says which token --pos tests; a pattern of one
    token needs no word of it."""
    records = [{"id": "d1", "text": "The Bank of England met."}, {"id": "d2", "text": "The bank."}]
    corpus = write_jsonl(tmp_path / "c.jsonl", records)
    with sensegrep.build(tmp_path / "idx", corpus, vectors_for="none") as idx:
        empty = idx.search("", cql='"the"%c [lemma="bank"%c]', pos=["PROPN"])
        assert empty.total == 0
        said = [n for n in empty.notes if "tests each match's target token" in n]
        assert len(said) == 1 and '"the"%c' in said[0]
        marked = idx.search("", cql='"the"%c @[lemma="bank"%c]', pos=["PROPN"])
        assert marked.total == 1
        assert any('target token, [lemma="bank"%c]' in n for n in marked.notes)
        one = idx.search("", cql='[lemma="bank"%c]', pos=["PROPN"])
        assert one.total == 1 and not [n for n in one.notes if "target token" in n]


def test_a_count_by_lemma_says_it_counts_the_target_token(tmp_path) -> None:
    """Pass 31i: `--cql '[pos="DET"] [pos="NOUN"]' --count lemma` counted the
    determiners' lemmas (the, a) with nothing said, where --count node and form count
    the whole match: a CQPweb user's breakdown by lemma read as the match's or the
    noun's. The table says which token it counts; a pattern of one token says nothing."""
    records = [{"id": "d1", "text": "The dog saw a cat."}, {"id": "d2", "text": "The dogs ran."}]
    corpus = write_jsonl(tmp_path / "c.jsonl", records)
    with sensegrep.build(tmp_path / "idx", corpus, vectors_for="none") as idx:
        counted = idx.count("", "lemma", cql='[pos="DET"] [pos="NOUN"]')
        assert {row["value"]: row["count"] for row in counted} == {"the": 2, "a": 1}
        said = [n for n in counted.notes if "counts each match's target token" in n]
        assert said == [
            "by='lemma' counts each match's target token, [pos=\"DET\"] (a pattern's first "
            "single token unless @ marks another), where a count by node or form takes the "
            "whole match"
        ]
        marked = idx.count("", "lemma", cql='[pos="DET"] @[pos="NOUN"]')
        assert {row["value"]: row["count"] for row in marked} == {"dog": 2, "cat": 1}
        assert any('target token, [pos="NOUN"]' in n for n in marked.notes)
        single = idx.count("", "lemma", cql='[pos="NOUN"]')
        assert not any("target token" in n for n in single.notes)


def test_a_ranked_pattern_with_no_match_is_an_empty_result(tmp_path) -> None:
    """A ranked pattern that matches nothing ("bank" "river" in a corpus where they never
    stand together) was refused with "no match of the pattern has a target with a vector
    to rank: mark a content word as the target with @", of bank, a content word with
    vectors; without ranking, the same pattern is 0 matches with a note (pass 39l,
    misleads). Ranked, it is 0 matches too, said as the plain search says it."""
    corpus = write_jsonl(
        tmp_path / "c.jsonl",
        [{"id": "d1", "text": "We sat by the grassy bank. The river ran past the bank."}],
    )
    with sensegrep.build(tmp_path / "idx", corpus, model="fake:16", tagger="none") as idx:
        pattern = '@[lemma="bank"] [lemma="river"]'
        plain = idx.search(cql=pattern)
        ranked = idx.search(cql=pattern, example="the grassy [[bank]]")
        glossed = idx.search(cql=pattern, gloss="sloping land beside a river")
        assert plain.total == ranked.total == glossed.total == 0
        assert plain.notes and ranked.notes[0] == glossed.notes[0] == plain.notes[0]
        near = idx.search(cql='[lemma="bank"]', near="past", window=1, example="a [[bank]]")
        assert near.total == 0


def test_a_label_no_match_of_a_pattern_of_several_lemmas_has_is_said_of_its_matches(
    tmp_path,
) -> None:
    """--label with a pattern whose target names no one lemma ([lemma="bank|river"])
    was refused with "no occurrence of '' among the matches has that label", of a word
    never given (pass 39l, misleads): it is said of the pattern's matches."""
    corpus = write_jsonl(
        tmp_path / "c.jsonl",
        [{"id": "d1", "text": "We sat by the grassy bank. The river ran past the bank."}],
    )
    with sensegrep.build(tmp_path / "idx", corpus, model="fake:16", tagger="none") as idx:
        idx.label(idx.search("bank").ids[:1], "slope", notes=False)
        with pytest.raises(sensegrep.QueryError) as refused:
            idx.search(cql='[lemma="bank|river"]', label="slop")
        assert str(refused.value) == (
            "label='slop': no match of the pattern has that label (their labels, nearest "
            "first: 'slope')"
        )


def test_a_ranked_pattern_whose_targets_are_words_not_chosen_names_them(tmp_path) -> None:
    """On an index with vectors for chosen words, a ranked pattern whose every target is
    a content word not chosen yet (`[word="The"] @[pos="NOUN"] [word="flooded"]`, each
    a river; here @[word="river|lake"]) was told "mark a content word as the target
    with @", which it did (pass 39p, misleads): the error names the words and the
    command that gives them vectors."""
    corpus = write_jsonl(
        tmp_path / "c.jsonl",
        [{"id": "d1", "text": "The river flooded. The river flooded again. The bank held."}],
    )
    with sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none") as idx:
        idx.add_vectors(["bank"], model="fake:16")
        with pytest.raises(sensegrep.QueryError) as refused:
            idx.search(
                cql='[lemma="the"] @[word="river|lake"] [lemma="flood"]', example="a [[bank]]"
            )
        assert str(refused.value) == (
            "no match of the pattern has a target with a vector to rank: 2 of their 2 targets "
            "are tokens of content words this index has given no vectors (it has them for "
            "chosen words): river (2); `sensegrep vectors add river` gives them theirs"
        )


def test_a_ranked_pattern_with_one_target_not_chosen_names_it_in_the_singular(tmp_path) -> None:
    """One target of a content word without vectors was said as "1 of their 2 targets
    are tokens of content words" (pass 39q, polish)."""
    corpus = write_jsonl(
        tmp_path / "c.jsonl",
        [{"id": "d1", "text": "The river flooded. The 3 flooded. The bank held."}],
    )
    with sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none") as idx:
        idx.add_vectors(["bank"], model="fake:16")
        with pytest.raises(sensegrep.QueryError) as refused:
            idx.search(cql='[lemma="the"] @[word="river|3"] [lemma="flood"]', example="a [[bank]]")
        assert "1 of their 2 targets is a token of a content word this index" in str(refused.value)
