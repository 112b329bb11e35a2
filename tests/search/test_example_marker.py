"""The [[ ]] marker inside a word the query analyser keeps whole.

Examples are analysed by text.py, which keeps a hyphenated compound as one token
("river-bank"); English text in an index is tokenised by spaCy, which splits it ("river"
"-" "bank"). A marker on part of such a token means that part, as a token of its own,
never the whole compound (whose vector is another word's, and whose lemma made compare
call two uses of bank "different words")."""

from __future__ import annotations

import pytest

import sensegrep
from sensegrep.search.example import parse_example


@pytest.mark.parametrize(
    ("text", "words", "meant"),
    [
        ("we sat on the river-[[bank]] all day", ["river", "-", "bank"], "bank"),
        ("a [[bank]]-holiday crowd", ["bank", "-", "holiday"], "bank"),
        ("a river-[[bank]]-side path", ["river", "-", "bank", "-", "side"], "bank"),
        ("the [[river-bank]] here", ["river-bank"], "river-bank"),  # the whole word
        ("the [[ban]]k", ["bank"], "bank"),  # inside letters: the word, as before
    ],
)
def test_a_marker_on_part_of_a_token_means_that_part(text, words, meant):
    example = parse_example(text, "bank")
    assert example.target_word == meant
    joined = " ".join(example.words)
    assert " ".join(words) in joined


@pytest.mark.model
def test_compare_and_search_take_the_marked_word_not_the_compound(tmp_path):
    hyphen = "we sat on the river-[[bank]] all day"
    spaced = "we sat on the river - [[bank]] all day"  # as the index's tagger cuts it
    money = "the [[bank]] raised its rates"
    cut = sensegrep.compare(hyphen, money, model="minilm")
    assert cut.probability is not None  # two uses of one word: bank and bank
    assert float(cut) == pytest.approx(float(sensegrep.compare(spaced, money, model="minilm")))
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        '{"id": "a", "text": "Willows lean over the far bank where the current slows."}\n'
        '{"id": "b", "text": "The bank raised its interest rates in March."}\n',
        encoding="utf-8",
    )
    with sensegrep.build(tmp_path / "idx", corpus, model="minilm") as idx:
        got = [(h.doc, h.score) for h in idx.search("bank", example=hyphen, scoring="cosine")]
        want = [(h.doc, h.score) for h in idx.search("bank", example=spaced, scoring="cosine")]
    assert got == want


@pytest.mark.model
def test_a_sentence_copied_from_a_spacy_index_is_embedded_in_the_indexs_words(tmp_path):
    """The example analyser keeps "well-known" whole where spaCy, which tagged the
    index, cut it (well - known): a sentence copied from the corpus was embedded in
    other words than its occurrence, so it was not its own nearest (ELMo: 0.985, below
    other sentences: here b's 0.9966 above a's 0.9870). Cut as the index was, it scores
    1 against itself with the bundled ELMo; a marked compound stays whole."""
    from sensegrep.search.example import with_infixes_cut

    copied = "It is a well-known fact that the old bank by the mill-pond is open."
    corpus = tmp_path / "c.jsonl"
    spaced = "It is a well known fact that the old bank by the mill pond is open."
    corpus.write_text(
        f'{{"id": "a", "text": "{copied}"}}\n{{"id": "b", "text": "{spaced}"}}\n',
        encoding="utf-8",
    )
    with sensegrep.build(tmp_path / "idx", corpus, model="elmo-small") as idx:
        found = idx.search("bank", example=copied, scoring="cosine")
    assert found[0].doc == "a" and found[0].score == pytest.approx(1.0, abs=1e-4)
    assert with_infixes_cut(parse_example("the [[well-known]] bank", "")).words == [
        "the",
        "well-known",
        "bank",
    ]
