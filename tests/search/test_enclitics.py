"""Spanish and Italian verbs with pronouns written on them (*dámelo*, *explícamelo*,
*Siediti*) are one token, which simplemma keeps as written (always with a capital, as a
sentence's or a line of dialogue's first word has: *Explícamelo*, though it lemmatises
*explícamelo*) or lemmatises as another word (*dímelo*: *dimir*), so a search by lemma
left them out unsaid (pass 35c): `search explicar` counted *explicó* and not
*Explícamelo*. The result now says how many such tokens hold a form of the word, and
the pattern that lists them."""

from __future__ import annotations

from pathlib import Path

import sensegrep

SPANISH = (
    "El alcalde explicó el plan. «Explícamelo con tus palabras», le pidió. "
    "—Cuídala bien —dijo ella. Quiero cuidar la casa. Este año es difícil.\n"
)
ITALIAN = (
    "La nonna si sedette, vuole sedere. «Siediti» disse Marco. Non posso farlo adesso. "
    "Devo fare la spesa. Questa casa è grande.\n"
)


def _index(tmp_path: Path, text: str, lang: str) -> Path:
    (tmp_path / f"{lang}.txt").write_text(text, encoding="utf-8")
    folder = tmp_path / f"idx-{lang}"
    sensegrep.build(folder, tmp_path / f"{lang}.txt", vectors_for="none", lang=lang).close()
    return folder


def _said(notes: list[str]) -> list[str]:
    return [n for n in notes if "pronouns written on it" in n]


def test_a_spanish_search_by_lemma_says_what_enclitic_pronouns_hide(tmp_path: Path) -> None:
    with sensegrep.open(_index(tmp_path, SPANISH, "es")) as idx:
        hits = idx.search("explicar")
        assert hits.total == 1  # explicó
        (note,) = _said(hits.notes)
        assert note.startswith(
            "1 more token holds a form of 'explicar' with pronouns written on it (Explícamelo: 1)"
        )
        pattern = '[word="explícamelo"%c & lemma!="explicar"%c]'
        assert pattern in note
        assert idx.search("", cql=pattern).total == 1
        assert _said(idx.count("explicar", "form").notes) == [note]
        (said,) = _said(idx.search("cuidar").notes)
        assert said.startswith("1 more token holds a form of 'cuidar'") and "Cuídala: 1" in said
        # a form search, a word with no such token, a known word that only ends so (este,
        # not es + te): quiet
        quiet = (idx.search("explicó", form=True), idx.search("casa"), idx.search("ser"))
        for result in quiet:
            assert not _said(result.notes)


def test_an_italian_search_by_lemma_says_so_too(tmp_path: Path) -> None:
    with sensegrep.open(_index(tmp_path, ITALIAN, "it")) as idx:
        (said,) = _said(idx.search("sedere").notes)
        assert said.startswith("1 more token holds a form of 'sedere'") and "Siediti: 1" in said
        assert "sedette" not in said  # sedet + te: no pronoun on it
        (said,) = _said(idx.search("fare").notes)
        assert said.startswith("1 more token holds a form of 'fare'") and "farlo: 1" in said


def test_other_languages_say_nothing_of_it(tmp_path: Path) -> None:
    with sensegrep.open(_index(tmp_path, SPANISH, "fr")) as idx:
        assert not _said(idx.search("cuidar").notes)


def test_a_word_found_only_with_pronouns_written_on_it_is_no_bare_no_occurrences(
    tmp_path: Path,
) -> None:
    """A word whose only tokens hold pronouns written on it raised "no occurrences" alone:
    the note of them was said only beside some other match (pass 35g)."""
    import pytest

    from sensegrep.errors import QueryError

    text = "«Siediti» disse Marco. Ho mangiato un po' di pane.\n"
    with sensegrep.open(_index(tmp_path, text, "it")) as idx:
        with pytest.raises(QueryError) as raised:
            idx.search("sedere")
        said = str(raised.value)
        assert said.startswith("no occurrences of 'sedere' (by lemma)")
        assert "(Siediti: 1)" in said and '[word="siediti"%c & lemma!="sedere"%c]' in said
        with pytest.raises(QueryError) as raised:  # and a count of its matches
            idx.count("sedere", "form")
        assert "(Siediti: 1)" in str(raised.value)
        with pytest.raises(QueryError) as raised:
            idx.search("poco")
        assert "written short with an apostrophe (po')" in str(raised.value)
        with pytest.raises(QueryError) as raised:  # nothing left out: as before
            idx.search("zzzz")
        assert "more token" not in str(raised.value)


GALICIAN = (
    "O avó deu o libro ao neno. Dálle o libro á túa irmá. —Dálle un bico! —dixo ela. "
    "Déronllo sen dicir nada. Compreino no mercado. O mesmo caso e o mesmo prezo.\n"
)


def test_a_galician_search_by_lemma_says_what_enclitic_pronouns_hide(tmp_path: Path) -> None:
    """Galician writes its pronouns on the verb as Spanish does (dálle, déronllo, and
    -no after a diphthong, compreino), which simplemma keeps as written: `search dar`
    counted *deu* alone, unsaid (pass 36d)."""
    with sensegrep.open(_index(tmp_path, GALICIAN, "gl")) as idx:
        hits = idx.search("dar")
        assert hits.total == 1  # deu
        (note,) = _said(hits.notes)
        assert note.startswith(
            "3 more tokens hold a form of 'dar' with pronouns written on it (Dálle: 2, Déronllo: 1)"
        ), note
        assert '[word="dálle|déronllo"%c & lemma!="dar"%c]' in note
        # known words that only end like a pronoun (mesmo, caso) are none
        assert not _said(idx.search("mercado").notes) and not _said(idx.search("mesmo").notes)
        from sensegrep.errors import QueryError

        try:
            idx.search("comprar")
        except QueryError as error:
            assert "(Compreino: 1)" in str(error)
        else:
            raise AssertionError("comprar has no bare occurrence")


def test_a_search_of_a_pronoun_says_the_tokens_that_write_it_on_a_verb(tmp_path: Path) -> None:
    """`search lle` on Galician text said "no occurrences" of *Dálle* and *Déronllo*
    (llo: lle + o), and Spanish `search yo` (me) left out *Explícamelo*, unsaid (pass
    36d): a search of a pronoun says how many tokens hold it written on a verb."""
    with sensegrep.open(_index(tmp_path, GALICIAN, "gl")) as idx:
        from sensegrep.errors import QueryError

        try:
            idx.search("lle")
        except QueryError as error:
            said = str(error)
        else:
            raise AssertionError("lle has no bare occurrence")
        assert (
            "3 more tokens hold a form of 'lle' written on a verb (Dálle: 2, Déronllo: 1)" in said
        )
        (note,) = [n for n in idx.search("o").notes if "written on a verb" in n]
        assert "Compreino: 1" in note and "Déronllo: 1" in note and "Dálle" not in note
        assert not [n for n in idx.search("mesmo").notes if "written on a verb" in n]
    with sensegrep.open(_index(tmp_path, SPANISH, "es")) as idx:
        (note,) = [n for n in idx.search("él").notes if "on a verb" in n]  # le, lo
        assert "Explícamelo: 1" in note, note
