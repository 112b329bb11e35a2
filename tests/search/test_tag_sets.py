"""A pattern's part-of-speech regular expression that the fine tags also take."""

from __future__ import annotations

import pytest

import sensegrep

PENN_VRT = (
    '<text id="p1">\n<s>\nJohn\tNNP\tJohn\nbought\tVBD\tbuy\nthree\tCD\tthree\n'
    "banks\tNNS\tbank\nand\tCC\tand\nhis\tPRP$\this\nbank\tNN\tbank\n.\tSENT\t.\n</s>\n</text>\n"
)


@pytest.fixture(scope="module")
def penn(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("penn")
    source = folder / "penn.vrt"
    source.write_text(PENN_VRT, encoding="utf-8")
    sensegrep.build(folder / "idx", [source], vectors_for="none")
    with sensegrep.open(folder / "idx") as opened:
        yield opened


def test_a_pos_regex_the_fine_tags_also_take_says_which_tags_each_means(penn) -> None:
    """Pass 33c: on a Penn-tagged VRT, CQPweb's `[pos="N.*"]` (the nouns: NN, NNS, NNP)
    matched NOUN and NUM, the Universal tags the Penn tags were mapped to: *three* in,
    *John* (PROPN) out, unsaid. The answer says which values each column takes."""
    hits = penn.search("", cql='[pos="N.*"]')
    assert [h.form for h in hits] == ["three", "banks", "bank"]  # as before: pos is UPOS
    assert (
        '[pos="N.*"] tests the parts of speech (UPOS), where it takes NOUN, NUM; [tag="N.*"] '
        "tests the fine tags (the input's own, as XPOS or a VRT's tags, or spaCy's), where it "
        "takes NN, NNP, NNS" in hits.notes
    )
    assert [h.form for h in penn.search("", cql='[tag="N.*"]')] == ["John", "banks", "bank"]
    table = penn.freq(cql='[pos="N.*"]')
    assert any(note.startswith('[pos="N.*"] tests the parts of speech') for note in table.notes)
    # A value only the parts of speech take, or one under "or", says nothing.
    for pattern in ('[pos="NOUN"]', '[pos="NOUN|PROPN"]', '[pos="N.*" | lemma="and"]'):
        assert not any("tests the parts of speech" in n for n in penn.search("", cql=pattern).notes)


def test_a_negated_pos_regex_the_fine_tags_also_take_says_which_tags_each_leaves_out(penn):
    """`[pos!="N.*"]` (every word but the nouns) kept John (NNP, PROPN) and left out
    *three* (CD, NUM) on Penn-tagged input, unsaid where `[pos="N.*"]` says it."""
    hits = penn.search("", cql='[pos!="N.*"]')
    assert "John" in [h.form for h in hits] and "three" not in [h.form for h in hits]
    assert (
        '[pos!="N.*"] tests the parts of speech (UPOS), where it leaves out NOUN, NUM; '
        "[tag!=\"N.*\"] tests the fine tags (the input's own, as XPOS or a VRT's tags, or "
        "spaCy's), where it leaves out NN, NNP, NNS" in hits.notes
    )
    assert not any(
        "tests the parts of speech" in n for n in penn.search("", cql='[pos!="NOUN"]').notes
    )
