"""Italian writes some words short with an apostrophe (*un po'*, *di' la verità*), which
simplemma's tokeniser cuts off as a token of its own: *po'* is *po* (lemma *po*) and *'*,
so `search poco` left every *un po'* out, unsaid (pass 35c). The result now says how
many matches may be the word written so, and the pattern that lists them."""

from __future__ import annotations

from pathlib import Path

import pytest

import sensegrep

TEXT = "Aspettami ancora un po'. Ho poco tempo. Mangia un po’ di pane. Il Po è lungo.\n"


def _index(tmp_path: Path, lang: str) -> Path:
    (tmp_path / "t.txt").write_text(TEXT, encoding="utf-8")
    folder = tmp_path / f"idx-{lang}"
    sensegrep.build(folder, tmp_path / "t.txt", vectors_for="none", lang=lang).close()
    return folder


def _said(notes: list[str]) -> list[str]:
    return [n for n in notes if "written short with an apostrophe" in n]


def test_a_search_by_lemma_says_what_a_word_written_short_hides(tmp_path: Path) -> None:
    with sensegrep.open(_index(tmp_path, "it")) as idx:
        hits = idx.search("poco")
        assert hits.total == 1  # poco
        (note,) = _said(hits.notes)
        assert note.startswith("2 more matches may be 'poco' written short with an apostrophe")
        pattern = '[word="po"%c & lemma!="poco"%c] [word="[\'’ʼ᾽]"]'
        assert pattern in note
        assert idx.search("", cql=pattern).total == 2  # not the river Po
        assert _said(idx.count("poco", "form").notes) == [note]
        for quiet in (idx.search("poco", form=True), idx.search("pane")):
            assert not _said(quiet.notes)


def test_english_says_nothing_of_it(tmp_path: Path) -> None:
    with sensegrep.open(_index(tmp_path, "en")) as idx:
        assert not _said(idx.search("tempo").notes)


def test_a_greek_elision_written_with_the_koronis_is_said(tmp_path: Path) -> None:
    """Polytonic text writes an elided word with the koronis ᾽ (U+1FBD) as often as with
    an apostrophe (δ᾽ for δέ): the note's pattern took ' and ’ alone, so `search δέ` said
    no occurrences with no word of the δ᾽ in the text (pass 38e)."""
    path = tmp_path / "grc.txt"
    path.write_text("Πολλῶν δ᾽ ἀνθρώπων ἴδεν ἄστεα. Ὁ δ’ ἔγνω.\n", encoding="utf-8")
    folder = tmp_path / "idx"
    sensegrep.build(folder, path, vectors_for="none", lang="grc").close()
    with sensegrep.open(folder) as idx, pytest.raises(sensegrep.SensegrepError) as raised:
        idx.search("δέ")
    said = str(raised.value)
    assert "2 more matches may be 'δέ' written short with an apostrophe (δ')" in said, said
