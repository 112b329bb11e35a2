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
        pattern = '[word="Prace" & lemma!="praca"%c]'
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


def test_a_german_capital_said_by_the_note_of_the_word_written_so_is_not_said_again(
    tmp_path: Path,
) -> None:
    """German *Reisen bildet* (travel, the noun's plural for simplemma: lemma reise) is
    written as the word searched: `search reisen` said it in the note of tokens written
    'reisen' with another lemma and again as "1 more token holds what may be 'reisen'
    written with a capital … (a name it lists)", two tokens to a reader where one was
    left out, and no name (pass 37h). Said once; where the other note is not given (the
    lemma's matches outnumber the tokens written so), this one says it, without calling
    a German noun a name."""
    (tmp_path / "de.txt").write_text("Reisen bildet. Wir reisen gern.\n", encoding="utf-8")
    sensegrep.build(tmp_path / "a", tmp_path / "de.txt", vectors_for="none", lang="de").close()
    with sensegrep.open(tmp_path / "a") as idx:
        notes = idx.search("reisen").notes
    assert [n for n in notes if "Reisen: 1" in n or "reise: 1" in n] == [
        n for n in notes if "written 'reisen' with another lemma (reise: 1)" in n
    ]
    text = "Reisen bildet. Er reist gern. Sie reiste. Wir reisen.\n"
    (tmp_path / "de.txt").write_text(text, encoding="utf-8")
    sensegrep.build(tmp_path / "b", tmp_path / "de.txt", vectors_for="none", lang="de").close()
    with sensegrep.open(tmp_path / "b") as idx:
        (note,) = _said(idx.search("reisen").notes)
    assert note.startswith("1 more token holds what may be 'reisen' written with a capital")
    assert "a name it lists" not in note


ENGLISH = (
    "The tide turned. Fishermen's boats crowded the harbour.\n\n"
    "A fisherman waved from the quay. Two fishermen mended nets.\n\n"
    "Oxen pulled the boat ashore. The Sound of Mull was calm.\n"
)


def test_english_tagged_by_spacy_says_a_capitalised_first_word_with_a_lemma_of_its_own(
    tmp_path: Path,
) -> None:
    """spaCy's tagger read a sentence's first *Fishermen* as a name (PROPN) with the
    lemma Fishermen (and *Oxen* so): `search fisherman` said 1 match of the
    lexicographer's 6, unsaid (pass 40a), the note of
    pass 37c being for simplemma's languages alone. English text says them too; a word
    whose tokens have its lemma (*tide*) is not noted."""
    (tmp_path / "en.txt").write_text(ENGLISH, encoding="utf-8")
    folder = tmp_path / "idx"
    sensegrep.build(folder, tmp_path / "en.txt", vectors_for="none").close()
    with sensegrep.open(folder) as idx:
        hits = idx.search("fisherman")
        assert sorted(hit.form for hit in hits) == ["fisherman", "fishermen"]
        (note,) = _said(hits.notes)
        assert note.startswith("1 more token holds what may be 'fisherman' written with a capital")
        assert "(Fishermen: 1)" in note and "the tagger gave a lemma of its own" in note
        pattern = '[word="Fishermen" & lemma!="fisherman"%c]'
        assert pattern in note and idx.search("", cql=pattern).total == 1
        # A form written nowhere in lower case is not said (the index is the lexicon
        # here, pass 40j's cost of simplemma's): the error's nearest word names it.
        with pytest.raises(QueryError) as raised:
            idx.search("ox")
        assert "nearest: 'oxen'" in str(raised.value)
        assert not _said(idx.search("tide").notes)
        assert not _said(idx.search("fisherman", form=True).notes)


def test_an_export_of_the_word_says_the_capitalised_tokens_it_leaves_out(
    tmp_path: Path, runner
) -> None:
    """`export fisherman` wrote 1 occurrence and said nothing of the 5 *Fishermen*
    that `search fisherman` notes (pass 40a): an export takes the lines of the search
    of its word, and says what that search leaves out."""
    from ..helpers import run

    (tmp_path / "en.txt").write_text(ENGLISH, encoding="utf-8")
    folder = tmp_path / "idx"
    sensegrep.build(folder, tmp_path / "en.txt", vectors_for="none").close()
    with sensegrep.open(folder) as idx:
        (said,) = _said(idx.search("fisherman").notes)
        items = idx.annotation_items("fisherman", "csv")
        assert len(items) == 2 and _said(items.notes) == [said]
        assert not _said(idx.annotation_items("fisherman", "csv", form=True).notes)
    code, _out, err = run(runner, folder, "export", "fisherman", "--to", "csv", "-o",
                          str(tmp_path / "f.csv"))  # fmt: skip
    assert code == 0 and "more token holds what may be 'fisherman'" in err


def test_english_capitals_of_irregular_forms_and_of_forms_written_capitalised_alone(
    tmp_path: Path,
) -> None:
    """The note read only the capitals sharing the lemma's first two letters, and only
    those held in lower case: a sentence's first *Geese* (lemma geese; *geese* elsewhere
    goose) and a headline's *Knives* (lemma knives; the other *Knives*, all sentence-
    first, knife) were left out by `search goose` and `search knife`, unsaid (pass 40l).
    The forms the index holds with the lemma, in any case, are the lexicon."""
    text = (
        "A child watched the geese.\n\nGeese, ducks and swans.\n\nGeese everywhere.\n\n"
        "Knives were laid on the bench.\n\nKnives Union meeting\n"
    )
    (tmp_path / "en.txt").write_text(text, encoding="utf-8")
    folder = tmp_path / "idx"
    sensegrep.build(folder, tmp_path / "en.txt", vectors_for="none").close()
    with sensegrep.open(folder) as idx:
        goose, knife = idx.search("goose"), idx.search("knife")
        assert goose.total == 1 and knife.total == 1  # spaCy's reading, as pinned here
        (note,) = _said(goose.notes)
        assert note.startswith("2 more tokens hold what may be 'goose' written with a capital")
        assert "(Geese: 2)" in note
        pattern = '[word="Geese" & lemma!="goose"%c]'
        assert pattern in note and idx.search("", cql=pattern).total == 2
        (note,) = _said(knife.notes)
        assert note.startswith("1 more token holds what may be 'knife' written with a capital")
        pattern = '[word="Knives" & lemma!="knife"%c]'
        assert pattern in note and idx.search("", cql=pattern).total == 1


def test_english_capitals_note_counts_the_capitalised_tokens_alone(tmp_path: Path) -> None:
    """`search leave` said "7 more tokens hold what may be 'leave' written with a
    capital, as a sentence's first word is (left: 7)": its pattern, [word="left"%c & …],
    took every lower-case adjective *left* (the left bank) with the one sentence's first
    *Left* (pass 40l). The note counts, and its pattern lists, the tokens written with
    the capital alone."""
    text = (
        "He left bank notes under the lamp.\n\nThe left banks of both rivers were steep.\n\n"
        "The men rested on the left bank.\n\nLeft bank cafes were full of painters.\n"
    )
    (tmp_path / "en.txt").write_text(text, encoding="utf-8")
    folder = tmp_path / "idx"
    sensegrep.build(folder, tmp_path / "en.txt", vectors_for="none").close()
    with sensegrep.open(folder) as idx:
        assert idx.search("leave").total == 1  # spaCy's reading, as pinned here
        (note,) = _said(idx.search("leave").notes)
        assert note.startswith("1 more token holds what may be 'leave' written with a capital")
        assert "(Left: 1)" in note
        pattern = '[word="Left" & lemma!="leave"%c]'
        assert pattern in note and idx.search("", cql=pattern).total == 1
