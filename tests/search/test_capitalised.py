"""simplemma's Polish dictionary lists names written as common words are (the places
*Prace* and *Źródła*), so a sentence's first *Prace* (works) has the lemma prace, not
praca: `search praca` found 1 of its 3 tokens and `search źródło` said "no occurrences"
alone, unsaid (pass 37c). The result now says how many tokens may be the word written
with a sentence's capital, and the pattern that lists them."""

from __future__ import annotations

from pathlib import Path

import pytest

import sensegrep
from sensegrep.errors import QueryError

TEXT = (
    "Prace ruszą w maju. Ta praca jest trudna. Prace trwają.\n\n"
    "Źródła podają, że jest dobrze. Mieszkam w Szczecinie od lat.\n"
)


def _said(notes: list[str]) -> list[str]:
    return [n for n in notes if "written with a capital, as a sentence's first" in n]


@pytest.fixture
def index(tmp_path: Path) -> Path:
    (tmp_path / "pl.txt").write_text(TEXT, encoding="utf-8")
    folder = tmp_path / "idx"
    sensegrep.build(folder, tmp_path / "pl.txt", vectors_for="none", lang="pl").close()
    return folder


def test_a_search_by_lemma_says_what_a_sentences_capital_hides(index: Path) -> None:
    with sensegrep.open(index) as idx:
        hits = idx.search("praca")
        assert [hit.form for hit in hits] == ["praca"]
        (note,) = _said(hits.notes)
        assert note.startswith("2 more tokens hold what may be 'praca' written with a capital")
        assert "(Prace: 2)" in note
        pattern = '[word="prace"%c & lemma!="praca"%c]'
        assert pattern in note
        assert idx.search("", cql=pattern).total == 2
        assert _said(idx.count("praca", "form").notes) == [note]
        with pytest.raises(QueryError) as raised:
            idx.search("źródło")
        assert "1 more token holds what may be 'źródło'" in str(raised.value)


def test_a_capital_inside_a_sentence_is_not_said_to_be_a_sentences(index: Path) -> None:
    # W Szczecinie: the city, which simplemma reads lower-cased as szczecina (bristle)
    with sensegrep.open(index) as idx, pytest.raises(QueryError) as raised:
        idx.search("szczecina")
    assert not _said([str(raised.value)])
    with sensegrep.open(index) as idx:
        assert not _said(idx.search("praca", form=True).notes)
