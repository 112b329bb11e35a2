"""French text keeps a verb and the pronouns joined to it by hyphens one token, whose
lemma is itself (simplemma's: *allez-vous*, *dit-elle*, *a-t-il*), so a search by lemma
left them out unsaid (pass 34h): `search aller` counted *va* and not *allez-vous*. The
result now says how many such tokens hold a form of the word, and the pattern that
lists them."""

from __future__ import annotations

from pathlib import Path

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
