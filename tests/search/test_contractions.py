"""simplemma reads Portuguese contractions of a preposition and another word as other
words (*pelo*, *pela*: the verb *pelar*; *no*, *na*: the article *o*), so `search pelar`
listed *pelo* unsaid (pass 35q). A search by lemma now says how many of its matches are
written so, and the pattern that lists them."""

from __future__ import annotations

from pathlib import Path

import pytest

import sensegrep

TEXT = "Mandou a carta pelo correio. Ele vai pelar a fruta. O livro está no campo.\n"


def _said(notes: list[str]) -> list[str]:
    return [n for n in notes if "Portuguese contraction" in n]


def test_a_search_by_lemma_says_which_matches_are_contractions(tmp_path: Path) -> None:
    (tmp_path / "t.txt").write_text(TEXT, encoding="utf-8")
    with sensegrep.build(
        tmp_path / "idx", tmp_path / "t.txt", vectors_for="none", lang="pt"
    ) as idx:
        hits = idx.search("pelar")
        assert hits.total == 2  # pelo, pelar
        (note,) = _said(hits.notes)
        assert note.startswith("1 of these matches is written as a Portuguese contraction")
        pattern = note.split("the pattern ")[1].split(" lists")[0]
        assert idx.search("", cql=pattern).total == 1
        (said,) = _said(idx.search("o").notes)
        assert said.startswith("1 of these matches is")  # no
        assert not _said(idx.search("livro").notes)
        assert not _said(idx.search("pelo", form=True).notes)


def test_other_languages_say_nothing_of_it(tmp_path: Path) -> None:
    (tmp_path / "t.txt").write_text("El libro del campo. Voy al campo.\n", encoding="utf-8")
    with sensegrep.build(
        tmp_path / "idx", tmp_path / "t.txt", vectors_for="none", lang="es"
    ) as idx:
        assert not _said(idx.search("del").notes)


def test_a_search_for_the_preposition_says_its_contractions_are_left_out(
    tmp_path: Path,
) -> None:
    """`search por` on *pelo correio* said "no occurrences" alone, and `search em` left
    out *no campo* unsaid, simplemma reading them as other words (pass 35r)."""
    (tmp_path / "t.txt").write_text(TEXT, encoding="utf-8")
    with sensegrep.build(
        tmp_path / "idx", tmp_path / "t.txt", vectors_for="none", lang="pt"
    ) as idx:
        with pytest.raises(sensegrep.SensegrepError) as error:
            idx.search("por")
        assert "1 more token holds a Portuguese contraction of 'por'" in str(error.value)
        pattern = str(error.value).split("the pattern ")[1].split(" lists")[0]
        assert idx.search("", cql=pattern).total == 1  # pelo
        assert not [n for n in idx.search("livro").notes if "contraction of" in n]
    (tmp_path / "u.txt").write_text("Vivo em Lisboa e no Porto.\n", encoding="utf-8")
    with sensegrep.build(
        tmp_path / "idx2", tmp_path / "u.txt", vectors_for="none", lang="pt"
    ) as idx:
        hits = idx.search("em")
        assert hits.total == 1
        (note,) = [n for n in hits.notes if "contraction of 'em'" in n]
        assert note.startswith("1 more token holds a Portuguese contraction of 'em'")
