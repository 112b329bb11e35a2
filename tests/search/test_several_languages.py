"""An index of Spanish and Italian text (`index es/ --lang es`, then `index it/ --lang
it` into it) reads its queries as English, and its notes were English's (pass 35c):
`search università` said nothing of the 2 *l'università* it left out, which the
Italian index alone said, nor `search explicar` of *Explícamelo*; and `search nos`
searched the English lemma *no*, 15 Spanish negations, unsaid but for the header's
`lemma "no"`. The notes of each language the index holds are now said, and a word whose
lemma in the text's languages is not the one searched says so."""

from __future__ import annotations

from pathlib import Path

import sensegrep

SPANISH = "«Explícamelo con tus palabras», le pidió. No lo explicó. Nos dijeron que no.\n"
ITALIAN = "L'università è chiusa. Le università sono grandi. Dell'università non so niente.\n"


def _index(tmp_path: Path, *texts: tuple[str, str]) -> Path:
    folder = tmp_path / "idx"
    for lang, text in texts:
        (tmp_path / f"{lang}.txt").write_text(text, encoding="utf-8")
        sensegrep.build(folder, tmp_path / f"{lang}.txt", vectors_for="none", lang=lang).close()
    return folder


def test_an_index_of_two_languages_says_the_notes_of_each(tmp_path: Path) -> None:
    with sensegrep.open(_index(tmp_path, ("es", SPANISH), ("it", ITALIAN))) as idx:
        notes = idx.search("università").notes
        assert any(n.startswith("2 more tokens hold 'università' after an elided") for n in notes)
        notes = idx.search("explicar").notes
        assert any("Explícamelo: 1" in n for n in notes)


def test_a_word_read_as_english_says_what_it_is_in_the_texts_languages(tmp_path: Path) -> None:
    with sensegrep.open(_index(tmp_path, ("es", SPANISH), ("it", ITALIAN))) as idx:
        hits = idx.search("nos")
        assert hits.total == 2  # the lemma no (No, no): English reads nos so
        (note,) = [n for n in hits.notes if "was read as" in n]
        assert note.startswith(
            "'nos' was read as en (lemma 'no'), while this index holds text in es, it: "
            "it is 'yo' in es"
        )
        assert [n for n in idx.count("nos", "form").notes if "was read as" in n] == [note]
        # a word every language reads alike, a form search: quiet
        for quiet in (idx.search("università"), idx.search("nos", form=True)):
            assert not [n for n in quiet.notes if "was read as" in n]


def test_an_index_of_one_language_says_nothing_of_it(tmp_path: Path) -> None:
    with sensegrep.open(_index(tmp_path, ("es", SPANISH))) as idx:
        hits = idx.search("nos")
        assert hits.total == 1  # the lemma yo: Nos
        assert not [n for n in hits.notes if "was read as" in n]


def test_a_word_read_as_english_with_no_match_says_what_it_is_in_the_error(
    tmp_path: Path,
) -> None:
    """`search dijeron` found nothing as English's lemma *dijeron* and said only
    "nearest: …; try --form", not that it is *decir* in Spanish (pass 35g)."""
    import pytest

    from sensegrep.errors import QueryError

    with sensegrep.open(_index(tmp_path, ("es", SPANISH), ("it", ITALIAN))) as idx:
        with pytest.raises(QueryError) as raised:
            idx.search("dijeron")
        said = str(raised.value)
        assert said.startswith("no occurrences of 'dijeron' (by lemma)")
        assert "'dijeron' was read as en" in said and "it is 'decir' in es" in said
