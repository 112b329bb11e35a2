"""Issue 23, new-user pass: a plain concordance of a word on an index with vectors covers
every token of its lemma (or form), not only the tokens with a sense vector; a ranked
search and --sense, which can take only those, say how many matches they left out.

The corpus is helpers.AUXILIARIES: "have" at token ids 2 (AUX, d1), 6 (VERB, d1), 11
(AUX, d2), 17 (VERB, d2) and 20 (AUX "Has", d3), the VERB ones with a vector; "the" once
(13, no vector); 23 tokens."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import sensegrep
from sensegrep.errors import QueryError

HAVE = [2, 6, 11, 17, 20]
AUX, VERB = [2, 11, 20], [6, 17]


@pytest.fixture(scope="module")
def idx(auxiliaries_index: Path, tmp_path_factory: pytest.TempPathFactory):
    """A copy: --sense and --count sense store a sense run."""
    folder = Path(shutil.copytree(auxiliaries_index, tmp_path_factory.mktemp("aux") / "idx"))
    with sensegrep.open(folder) as opened:
        yield opened


def test_a_plain_concordance_takes_every_token_of_the_lemma(idx):
    found = idx.search("have")
    assert found.ids == HAVE  # was [6, 17]: the verb uses only, and "2 matches"
    assert [h.pos for h in found] == ["AUX", "VERB", "AUX", "VERB", "AUX"]
    assert (found.total, found.documents, found.tokens) == (5, 3, 23)
    assert found.per_million == 217_391.3  # 5 / 23 × 10⁶
    assert (found.matches_without_vectors, found.lines_available) == (0, 5)
    # The same as the pattern of the lemma, which always took every token.
    pattern = idx.search("", cql='[lemma="have"]')
    assert (pattern.ids, pattern.total, pattern.documents) == (HAVE, 5, 3)
    assert all(h.score is None and h.sense is None for h in found)


def test_a_word_whose_tokens_have_no_vector_is_listed_not_refused(idx):
    assert idx.search("the").ids == [13]  # was "no occurrences of 'the'"
    assert idx.search("has", form=True).ids == [20]  # the form, auxiliary and all
    assert idx.search("has").ids == HAVE  # its lemma
    assert idx.total("the") == 1


def test_pages_sorts_filters_and_counts_cover_every_token(idx):
    pages = [idx.search("have", k=2, offset=offset).ids for offset in (0, 2, 4)]
    assert pages == [[2, 6], [11, 17], [20]]
    assert {idx.search("have", k=2, offset=2).total} == {5}
    by_right = idx.search("have", sort="right1", k=3)
    assert [h.right.split()[0] for h in by_right] == ["a", "it", "left"]
    assert by_right.total == 5
    assert idx.search("have", pos=["AUX"]).ids == AUX
    assert idx.search("have", where={"genre": "news"}).ids == [2, 6, 20]
    assert idx.search("have", max_per_doc=1).ids == [2, 11, 20]
    counts = idx.count("have", "form")
    assert [(r["value"], r["count"]) for r in counts] == [("have", 4), ("Has", 1)]
    assert counts.complete and counts.total == 5


def test_a_ranked_search_says_how_many_matches_it_cannot_rank(idx):
    ranked = idx.search("have", like=[6])
    assert ranked.ids == [17]  # the verb use not liked: all it can rank
    assert ranked.total == 1 and ranked.matches_without_vectors == 3
    assert ranked.totals()["matches_without_vectors"] == 3  # the web API's field
    news = idx.search("have", like=[6], where={"genre": "news"})
    assert news.total == 0 and news.matches_without_vectors == 2  # 2 and 20
    pattern = idx.search("", cql='[lemma="have"]', like=[6])  # leaves the liked out too
    assert pattern.ids == [17] and pattern.matches_without_vectors == 3
    assert idx.search("have").matches_without_vectors == 0


def test_a_sense_says_how_many_matches_are_in_no_sense(idx):
    idx.senses("have", n=1)
    in_sense = idx.search("have", sense=1)
    assert in_sense.ids == VERB and in_sense.matches_without_vectors == 3
    # A plain concordance's lines: a sense where there is one, none for the auxiliary.
    assert [h.sense for h in idx.search("have")] == [None, 1, None, 1, None]
    counts = idx.count("have", "sense")
    assert sorted((r["value"] or 0, r["count"]) for r in counts) == [(0, 3), (1, 2)]
    assert [r["count"] for r in idx.count("the", "sense")] == [1]  # not refused


def test_the_repr_says_the_matches_without_a_vector_a_ranking_left_out(idx):
    """repr(idx.search("have", like=[6])) said "of 1 match of \"have\"" of a word with
    5, where the CLI's header says "ranked 1 occurrence with a sense vector …; 3 more
    matches have no sense vector": a notebook's first line says it too."""
    ranked = idx.search("have", like=[6])
    assert ' of 1 match of "have" with a sense vector (3 more have none) in ' in repr(ranked)
    idx.senses("have", n=1)
    in_sense = idx.search("have", sense=1)
    assert "with a sense vector (3 more have none)" in repr(in_sense)
    assert "sense vector" not in repr(idx.search("have"))  # every token: nothing left out


def test_every_line_of_a_plain_concordance_has_its_paragraph(idx):
    """paragraph(2) of an auxiliary "have" a plain concordance listed said "no
    occurrence with id 2" (the web app's "show the paragraph" of such a line too): a
    line's id has its paragraph whether its token has a sense vector or not."""
    for hit in idx.search("have"):
        around = idx.paragraph(hit.id)
        assert (around["form"], around["doc"]) == (hit.form, hit.doc)
        assert around["label"] is None
    assert idx.paragraph(13)["form"] == "the"


def test_what_needs_a_vector_says_the_token_has_none(idx):
    with pytest.raises(QueryError, match=r"no occurrences of 'the' .* with a sense vector: "
                       r"its 1 token has none .* a plain concordance"):  # fmt: skip
        idx.search("the", like=[6])
    with pytest.raises(QueryError, match=r"token 2 of .* has no sense vector .* can be liked"):
        idx.search("have", like=[2])
    with pytest.raises(QueryError, match=r"token 11 of .* no sense vector.*nothing was changed"):
        idx.label([11], "aux")
    with pytest.raises(QueryError, match=r"no occurrence with id 999 in "):
        idx.label([999], "x")


def test_an_empty_word_is_refused_as_empty(idx):
    for word in ("", "   "):
        with pytest.raises(QueryError, match=r"^an empty word: give the word to search for"):
            idx.search(word)
    with pytest.raises(QueryError, match=r"^an empty word"):
        idx.count("", "pos")


def test_a_label_file_line_on_a_token_without_a_vector_says_so(idx, tmp_path):
    from sensegrep.api import label_from_file

    labels = tmp_path / "labels.csv"
    labels.write_text("id,label\n6,own\n11,aux\n999,x\n", encoding="utf-8")
    result = label_from_file(idx, labels)
    assert result.labelled == 1
    problems = [str(p) for p in result.problems]
    assert "unknown occurrence id 11: that token has no sense vector" in problems[0]
    assert "unknown occurrence id 999: no occurrence of" in problems[1]


def test_quality_of_a_word_without_vectors_says_why_it_has_no_typicality(idx):
    found = idx.search("the", sort="quality")
    assert found.ids == [13]
    assert any("no token of it has a sense vector" in note for note in found.notes)


def test_a_word_tagged_only_as_an_auxiliary_is_told_auxiliaries_get_none(tmp_path):
    """`search have --example …` on the demo index, whose spaCy without --parse tags
    every *have* AUX, said "function words and punctuation get none" (pass 34l): *have*
    is neither, and the reason is that auxiliaries get none."""
    from ..helpers import conllu

    corpus = tmp_path / "corpus.conllu"
    corpus.write_text(conllu(([], AUXILIARIES_ONLY)), encoding="utf-8")
    said = r"\(function words, auxiliaries and punctuation"
    with (
        sensegrep.build(tmp_path / "idx", corpus, model="fake:16") as index,
        pytest.raises(QueryError, match=said),
    ):
        index.search("have", example="I [[have]] a dog")


AUXILIARIES_ONLY = "They/they/PRON have/have/AUX left/leave/VERB ././PUNCT"
