"""Lemmas are lower-cased, so two that differ in case alone are one here: German
*Kosten* (the noun) and *kosten* (the verb), *Essen* and *essen*, which simplemma tells
apart (pass 34h). `search Kosten` counted *kostet* among its matches with nothing said;
the result now names the lemmas its matches are of, with the patterns that list each."""

from __future__ import annotations

from pathlib import Path

import sensegrep

TEXT = (
    "Die Kosten sind hoch. Das kostet viel. Die Kosten steigen. Das Essen ist gut. "
    "Er isst gern. Der Mann lacht. Die Männer lachen.\n"
)


def _said(notes: list[str]) -> list[str]:
    return [n for n in notes if "differ in case alone" in n]


def test_a_search_by_lemma_names_lemmas_that_differ_in_case_alone(tmp_path: Path) -> None:
    (tmp_path / "t.txt").write_text(TEXT, encoding="utf-8")
    folder = tmp_path / "idx"
    sensegrep.build(folder, tmp_path / "t.txt", vectors_for="none", lang="de").close()
    with sensegrep.open(folder) as idx:
        hits = idx.search("Kosten")
        assert hits.total == 3
        (note,) = _said(hits.notes)
        assert "2 lemmas that differ in case alone (Kosten: 2, kosten: 1)" in note
        assert 'Kosten: [word="Kosten"]; kosten: [word="kostet"]' in note
        assert idx.search("", cql='[word="kostet"]').total == 1
        assert _said(idx.search("kostet").notes) == [note]
        assert _said(idx.count("essen", "doc").notes)  # Essen: 1, essen: 1
        for quiet in (idx.search("Mann"), idx.search("Kosten", form=True)):
            assert not _said(quiet.notes)


def test_a_sentence_first_word_unknown_in_that_case_is_no_other_lemma(tmp_path: Path) -> None:
    """French *Temps* opening a sentence is *temps*: simplemma, which has no entry for
    it, gave it back as written, and the note said `search temps` found 2 lemmas that
    differ in case alone (temps, Temps) (pass 34m)."""
    (tmp_path / "t.txt").write_text(
        "Le temps passe vite. Temps perdu ne se rattrape jamais. Il fait beau temps.\n",
        encoding="utf-8",
    )
    folder = tmp_path / "idx"
    sensegrep.build(folder, tmp_path / "t.txt", vectors_for="none", lang="fr").close()
    with sensegrep.open(folder) as idx:
        hits = idx.search("temps")
        assert hits.total == 3
        assert not _said(hits.notes)


def test_a_capital_only_a_sentence_start_gives_is_no_other_lemma(tmp_path: Path) -> None:
    """Spanish *Libro* opening a sentence is *libro*: simplemma lists the capitalised
    word too, so the note said `search libro` found 2 lemmas that differ in case alone
    (libro, Libro) (pass 34m). A capital that only sentence starts give says nothing of
    the word; one written within a sentence too (German *Kosten*, above) still does."""
    (tmp_path / "t.txt").write_text(
        "Libro nuevo en la mesa. El libro es rojo. Compré un libro ayer.\n\n"
        "Libro viejo. Los libros son caros.\n",
        encoding="utf-8",
    )
    folder = tmp_path / "idx"
    sensegrep.build(folder, tmp_path / "t.txt", vectors_for="none", lang="es").close()
    with sensegrep.open(folder) as idx:
        hits = idx.search("libro")
        assert hits.total == 5
        assert not _said(hits.notes), hits.notes


def test_a_german_noun_found_only_opening_sentences_is_said_to_be_maybe_another_lemma(
    tmp_path: Path,
) -> None:
    """German *Kosten steigen.*: the noun opens its sentence, so its capital was read as
    the sentence's and `search kosten` counted it with *kostet*, nothing said (pass 34r):
    the note says which matches may be of the capitalised lemma, with their pattern."""
    (tmp_path / "t.txt").write_text(
        "Kosten steigen. Das kostet viel. Es kostet nichts.\n", encoding="utf-8"
    )
    folder = tmp_path / "idx"
    sensegrep.build(folder, tmp_path / "t.txt", vectors_for="none", lang="de").close()
    with sensegrep.open(folder) as idx:
        hits = idx.search("kosten")
        assert hits.total == 3
        assert not _said(hits.notes)
        (note,) = [n for n in hits.notes if "capitalised only where" in n]
        # (one match: "is", "it"; it said "1 of these matches … are …, so they may be")
        assert note.startswith(
            "1 of these matches (Kosten) is capitalised only where it begins a sentence, "
            "so it may be of another lemma"
        )
        assert '[word="Kosten"]' in note


def test_a_spanish_word_found_only_opening_sentences_is_not_said_to_be_a_german_noun(
    tmp_path: Path,
) -> None:
    """Spanish *Libro nuevo.*: simplemma lists *Libro* too, so the note says the match
    may be of that lemma; it said so "as a German noun is told from its verb" (pass
    35c), where a Spanish capital tells a name."""
    (tmp_path / "t.txt").write_text("Libro nuevo. El libro es caro.\n", encoding="utf-8")
    folder = tmp_path / "idx"
    sensegrep.build(folder, tmp_path / "t.txt", vectors_for="none", lang="es").close()
    with sensegrep.open(folder) as idx:
        (note,) = [n for n in idx.search("libro").notes if "capitalised only where" in n]
        assert "(Libro, as a name is told from a word)" in note and "German" not in note


def test_a_name_opening_a_sentence_in_one_form_is_the_name_written_within_one(
    tmp_path: Path,
) -> None:
    """Turkish *Ankara'dan* opening its sentences and *Ankara'dır* within one are one
    name: the opening form was read as a lower-cased word, and `search ankara` said its
    matches were of 2 lemmas that differ in case alone (ankara: 2, Ankara: 1) (pass
    37g). A word whose capital only sentence starts give still joins the lower-cased
    lemma (Spanish *Libro*, above)."""
    (tmp_path / "t.txt").write_text(
        "Ankara'dan İzmir'e gittik. Türkiye'nin başkenti Ankara'dır.\n\n"
        "Ankara'dan otobüsle döndük.\n",
        encoding="utf-8",
    )
    folder = tmp_path / "idx"
    sensegrep.build(folder, tmp_path / "t.txt", vectors_for="none", lang="tr").close()
    with sensegrep.open(folder) as idx:
        hits = idx.search("ankara")
        assert hits.total == 3
        assert not _said(hits.notes), hits.notes


def test_a_turkish_name_with_suffixes_opening_sentences_is_said_to_be_no_other_lemma(
    tmp_path: Path,
) -> None:
    """Turkish writes a name's suffixes after an apostrophe, a name's alone: *Türkiye'nin*
    opening its sentences is the name, whose capital is its own, where the note said its
    matches may be of another lemma that simplemma tells apart by its capital (pass
    37g). A Spanish *Libro* opening its sentence still gets the note (above)."""
    (tmp_path / "t.txt").write_text(
        "Türkiye'nin başkenti Ankara. Türkiye'nin nüfusu büyük.\n", encoding="utf-8"
    )
    folder = tmp_path / "idx"
    sensegrep.build(folder, tmp_path / "t.txt", vectors_for="none", lang="tr").close()
    with sensegrep.open(folder) as idx:
        hits = idx.search("türkiye")
        assert hits.total == 2
        assert not [n for n in hits.notes if "capitalised only where" in n], hits.notes
