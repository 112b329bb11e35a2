"""French text keeps a verb and the pronouns joined to it by hyphens one token, whose
lemma is itself (simplemma's: *allez-vous*, *dit-elle*, *a-t-il*), so a search by lemma
left them out unsaid (pass 34h): `search aller` counted *va* and not *allez-vous*. The
result now says how many such tokens hold a form of the word, and the pattern that
lists them."""

from __future__ import annotations

from pathlib import Path

import pytest

import sensegrep

TEXT = (
    "Allez-vous à Paris ? Il va bien. « Oui », dit-elle. A-t-il dit ça ? "
    "Nous allons au marché. Elle a faim. Allez-vous bien ? Sur la table, sur-le-champ.\n"
)


def _index(tmp_path: Path, lang: str) -> Path:
    (tmp_path / "t.txt").write_text(TEXT, encoding="utf-8")
    folder = tmp_path / f"idx-{lang}"
    sensegrep.build(folder, tmp_path / "t.txt", vectors_for="none", lang=lang).close()
    return folder


def _said(notes: list[str]) -> list[str]:
    return [n for n in notes if "joined by hyphens" in n]


def test_a_search_by_lemma_says_what_pronouns_joined_by_hyphens_hide(tmp_path: Path) -> None:
    with sensegrep.open(_index(tmp_path, "fr")) as idx:
        hits = idx.search("aller")
        assert hits.total == 2  # va, allons
        (note,) = _said(hits.notes)
        assert note.startswith(
            "2 more tokens hold a form of 'aller' with pronouns joined by hyphens (Allez-vous: 2)"
        )
        pattern = '[word="allez-vous"%c & lemma!="aller"%c]'
        assert pattern in note
        assert idx.search("", cql=pattern).total == 2
        assert _said(idx.search("va").notes) == [note]  # a form: its lemma's
        assert _said(idx.count("aller", "form").notes) == [note]
        (said,) = _said(idx.search("dire").notes)
        assert said.startswith("1 more token holds a form of 'dire'") and "dit-elle: 1" in said
        assert "a-t-il" in _said(idx.search("avoir").notes)[0]
        # a form search, a word with no such token, or a hyphen word of other words: quiet
        for quiet in (idx.search("va", form=True), idx.search("marché"), idx.search("sur")):
            assert not _said(quiet.notes)


def test_other_languages_say_nothing_of_it(tmp_path: Path) -> None:
    with sensegrep.open(_index(tmp_path, "de")) as idx:
        assert not _said(idx.search("Allez-vous").notes)


def test_a_word_found_only_with_pronouns_joined_by_hyphens_is_no_bare_no_occurrences(
    tmp_path: Path,
) -> None:
    """`search aller` on text whose only *aller* is *Allez-vous* raised "no occurrences"
    alone, where a search that found a *va* said the note (pass 35m)."""
    import pytest

    from sensegrep.errors import QueryError

    (tmp_path / "t.txt").write_text("Allez-vous bien ? Dit-elle non.\n", encoding="utf-8")
    with (
        sensegrep.build(tmp_path / "idx", tmp_path / "t.txt", vectors_for="none", lang="fr") as idx,
        pytest.raises(QueryError) as raised,
    ):
        idx.search("aller")
    said = str(raised.value)
    assert said.startswith("no occurrences of 'aller'")
    assert "1 more token holds a form of 'aller' with pronouns joined by hyphens" in said


PT_TEXT = (
    "Dá-me o livro. Ele deu-lhe o recado. A câmara deu o prémio. Dir-lhe-ei tudo. "
    "Faz-me um favor. O guarda-chuva ficou na sala.\n"
)
CA_TEXT = "Digues-me la veritat. Dona-m'ho ara. Dona'm la mà. La dona va donar el llibre.\n"


def _built(tmp_path: Path, text: str, lang: str) -> Path:
    (tmp_path / f"{lang}.txt").write_text(text, encoding="utf-8")
    folder = tmp_path / f"idx-{lang}"
    sensegrep.build(folder, tmp_path / f"{lang}.txt", vectors_for="none", lang=lang).close()
    return folder


def test_portuguese_pronouns_joined_by_hyphens_are_said(tmp_path: Path) -> None:
    """`search dar` on Portuguese text found *deu* and left out *Dá-me* and *deu-lhe*
    (one token each, its lemma as written), and `search dizer` the mesoclisis
    *Dir-lhe-ei* (lemma *dir-lhe-eis*), unsaid: the notes covered French alone (pass
    35q)."""
    with sensegrep.open(_built(tmp_path, PT_TEXT, "pt")) as idx:
        hits = idx.search("dar")
        assert hits.total == 1  # deu
        (note,) = _said(hits.notes)
        assert note.startswith("2 more tokens hold a form of 'dar' with pronouns joined by")
        assert "Dá-me: 1" in note and "deu-lhe: 1" in note
        (said,) = _said(_notes_or_error(idx, "dizer"))
        assert "1 more token holds a form of 'dizer'" in said and "Dir-lhe-ei: 1" in said
        assert not _said(_notes_or_error(idx, "chuva"))  # guarda-chuva: no pronoun


def test_catalan_pronouns_joined_by_hyphens_or_apostrophes_are_said(tmp_path: Path) -> None:
    """`search donar` on Catalan text left out *Dona-m'ho* and *Dona'm* unsaid (pass
    35q)."""
    with sensegrep.open(_built(tmp_path, CA_TEXT, "ca")) as idx:
        hits = idx.search("donar")
        assert hits.total == 1  # va donar
        (note,) = _said(hits.notes)
        assert note.startswith(
            "2 more tokens hold a form of 'donar' with pronouns joined by hyphens or apostrophes"
        )
        assert "Dona-m'ho: 1" in note and "Dona'm: 1" in note
        assert "Digues-me: 1" in _said(_notes_or_error(idx, "dir"))[0]


def _has(idx: sensegrep.SenseIndex, word: str) -> bool:
    try:
        idx.search(word)
    except Exception:
        return False
    return True


def _error(idx: sensegrep.SenseIndex, word: str) -> list[str]:
    from sensegrep.errors import QueryError

    try:
        idx.search(word)
    except QueryError as error:
        return str(error).split("; ")[1:]
    return []


def _notes_or_error(idx: sensegrep.SenseIndex, word: str) -> list[str]:
    return idx.search(word).notes if _has(idx, word) else _error(idx, word)


def test_the_preposition_por_is_not_said_to_hide_in_po_lo(tmp_path: Path) -> None:
    """The accent was left off every Portuguese verb before its pronouns (fazê-lo:
    fazer), so *pô-lo*, of *pôr*, was counted a form of the preposition *por* left out
    by `search por` (pass 35r)."""
    (tmp_path / "t.txt").write_text("Vou pô-lo na mesa. Passou por aqui.\n", encoding="utf-8")
    with sensegrep.build(
        tmp_path / "idx", tmp_path / "t.txt", vectors_for="none", lang="pt"
    ) as idx:
        assert not _said(idx.search("por").notes)
        with pytest.raises(sensegrep.SensegrepError, match="pô-lo"):
            idx.search("pôr")


RO_TEXT = (
    "Ea dă pâine copiilor. Dă-mi cartea. L-am văzut ieri. N-am știut nimic. "
    "Copiii s-au jucat. S-a dus acasă. Am văzut-o la teatru. Ceai sau cafea? "
    "Ne-am întâlnit la prim-ministru.\n"
)


def test_romanian_pronouns_joined_by_hyphens_before_or_after_the_verb_are_said(
    tmp_path: Path,
) -> None:
    """Romanian joins pronouns (and n- of nu) to the verb before it (l-am, s-au) or
    after it (dă-mi, văzut-o); simplemma keeps such a word one token, its lemma the
    parts' (l-avea, dă-eu) or another word's read whole (s-au: *sau*, "or"; ne-am:
    *neam*): `search avea` left out *L-am* and *N-am*, `search da` *Dă-mi*, and `search
    sau` listed *s-au* as the conjunction, unsaid (pass 36d)."""
    with sensegrep.open(_built(tmp_path, RO_TEXT, "ro")) as idx:
        hits = idx.search("avea")
        assert hits.total == 1  # Am (văzut-o)
        (note,) = _said(hits.notes)
        assert note.startswith(
            "4 more tokens hold a form of 'avea' with pronouns or n- (nu) joined by hyphens"
        ), note
        assert "l-avea" not in note  # (a lemma's text, no token's form, in no pattern)
        assert "L-am: 1" in note and "N-am: 1" in note and '|s-au"%c & lemma!="avea"' in note
        (said,) = _said(idx.search("da").notes)  # da: the word as lemma, as searched
        assert said.startswith("1 more token holds a form of 'da'") and "Dă-mi: 1" in said
        (said,) = _said(idx.search("vedea").notes)
        assert "văzut-o: 1" in said
        either = idx.search("sau")
        assert either.total == 2  # sau, s-au
        (misread,) = [n for n in either.notes if "reads whole as 'sau'" in n]
        assert misread.startswith("1 of these matches is a word with pronouns joined by hyphens")
        assert '[lemma="sau"%c & word="s-au"%c]' in misread
        assert not _said(_notes_or_error(idx, "ministru"))  # prim-ministru: no pronoun


def test_a_pronoun_joined_by_a_hyphen_to_a_verb_is_said_by_a_search_of_the_pronoun(
    tmp_path: Path,
) -> None:
    """`search sine` (Romanian se) said "no occurrences" of text whose se is only
    written s-a, s-au, and `search nu` left out n-am, unsaid (pass 36d): each
    pronoun of such a token is read as the word it stands for (s-: se, n-: nu, and
    și-: își, not the conjunction și)."""
    text = RO_TEXT + "Și-a găsit cheile. Nu vine. Ion și Maria.\n"
    with sensegrep.open(_built(tmp_path, text, "ro")) as idx:
        said = " ".join(_notes_or_error(idx, "sine"))
        assert "3 more tokens hold a form of 'sine' joined by a hyphen to another word" in said
        assert "S-a: 1" in said and "s-au: 1" in said and "Și-a: 1" in said
        (note,) = [n for n in idx.search("nu").notes if "joined by a hyphen" in n]
        assert note.startswith("1 more token holds a form of 'nu' joined by a hyphen")
        assert "N-am: 1" in note
        assert not [n for n in idx.search("și").notes if "joined by a hyphen" in n]
