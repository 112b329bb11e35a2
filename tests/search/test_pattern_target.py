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
