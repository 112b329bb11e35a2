"""Text tokenised without spaCy (`--tagger none`, every language but English by default)
keeps a word joined by hyphens to another one token, whose lemma is the whole's
(*river-bank*, *bank-holiday*), so a search by lemma left them out unsaid, as it once
left out *mole's* (issue 23 item 8): `search bank` found 2 of the 4 banks and said
nothing (pass 38a). The result now says how many such tokens hold the word, and the
pattern that lists them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import sensegrep
from sensegrep.errors import QueryError

TEXT = (
    "The river-bank was steep. The bank lent money. Investors feared the bank-holiday "
    "weekend. A bow-legged man bowed. The bank—and the river—were calm.\n"
)


def _index(tmp_path: Path, text: str = TEXT) -> Path:
    (tmp_path / "t.txt").write_text(text, encoding="utf-8")
    folder = tmp_path / "idx"
    sensegrep.build(folder, tmp_path / "t.txt", vectors_for="none", tagger="none").close()
    return folder


def _said(notes: list[str]) -> list[str]:
    return [n for n in notes if "joined by a hyphen to another word" in n]


def test_a_search_by_lemma_says_what_words_joined_by_hyphens_hide(tmp_path: Path) -> None:
    with sensegrep.open(_index(tmp_path)) as idx:
        hits = idx.search("bank")
        assert hits.total == 2  # "The bank lent", "The bank—and"
        (note,) = _said(hits.notes)
        assert note.startswith("2 more tokens hold 'bank' joined by a hyphen to another word (")
        assert "bank-holiday: 1" in note and "river-bank: 1" in note
        pattern = '[word="bank-holiday|river-bank"%c & lemma!="bank"%c]'
        assert pattern in note
        assert idx.search("", cql=pattern).total == 2
        assert _said(idx.search("banks").notes) == [note]  # a form: its lemma's
        assert _said(idx.count("bank", "form").notes) == [note]
        assert _said(idx.collocates("bank", min_freq=1).notes) == [note]
        (said,) = _said(idx.search("bow").notes)  # bowed: its one match
        assert said.startswith("1 more token holds 'bow' joined by a hyphen")
        assert "(bow-legged: 1)" in said
        # a form search, or a word no such token holds: quiet
        for quiet in (idx.search("bank", form=True), idx.search("steep"), idx.search("man")):
            assert not _said(quiet.notes)


def test_a_word_found_only_joined_by_a_hyphen_is_no_bare_no_occurrences(tmp_path: Path) -> None:
    folder = _index(tmp_path, "The river-bank was steep.\n")
    with sensegrep.open(folder) as idx, pytest.raises(QueryError) as raised:
        idx.search("bank")
    message = str(raised.value)
    assert message.startswith("no occurrences of 'bank'")
    assert "1 more token holds 'bank' joined by a hyphen to another word (river-bank: 1)" in message


def test_a_word_a_french_note_names_is_not_said_again_beside_english(tmp_path: Path) -> None:
    """Pass 38j: on English text (--tagger none) beside French, `search vous` said
    Allez-vous twice, "1 more token holds a form of 'vous' joined by a hyphen" and
    "1 more token holds 'vous' joined by a hyphen": 2 tokens for 1. Said once, as the
    French note says it; English words joined by hyphens are still said."""
    (tmp_path / "en.txt").write_text("The river-bank was steep. The bank lent.\n", "utf-8")
    (tmp_path / "fr.txt").write_text("Allez-vous bien ? Je vous vois.\n", "utf-8")
    folder = tmp_path / "idx"
    sensegrep.build(folder, tmp_path / "en.txt", vectors_for="none", tagger="none").close()
    sensegrep.build(folder, tmp_path / "fr.txt", vectors_for="none", lang="fr").close()
    with sensegrep.open(folder) as idx:
        vous = [n for n in idx.search("vous").notes if "Allez-vous" in n]
        bank = _said(idx.search("bank").notes)
    assert len(vous) == 1 and vous[0].startswith("1 more token holds a form of 'vous'"), vous
    assert len(bank) == 1 and "(river-bank: 1)" in bank[0], bank


def test_a_form_whose_lemma_begins_otherwise_says_its_lemmas_words(tmp_path: Path) -> None:
    """Pass 38j: `search men` searches the lemma man, as `search man` does, and found
    the same 2 tokens, but said nothing of man-made and man-eating, whose parts do not
    begin as *men* does; `search mice` nothing of mouse-trap."""
    text = (
        "The men built a man-made lake. A man-eating tiger. The man left. Mice ate. A mouse-trap.\n"
    )
    with sensegrep.open(_index(tmp_path, text)) as idx:
        men, man = idx.search("men"), idx.search("man")
        mice = idx.search("mice")
    assert men.total == man.total == 2
    (note,) = _said(men.notes)
    assert _said(man.notes) == [note]
    assert note.startswith("2 more tokens hold 'man' joined by a hyphen to another word")
    assert "man-eating: 1" in note and "man-made: 1" in note
    (said,) = _said(mice.notes)
    assert (
        said.startswith("1 more token holds 'mouse' joined by a hyphen")
        and "(mouse-trap: 1)" in said
    )


def test_the_note_of_a_word_that_is_a_lemma_loads_no_lemmatiser(tmp_path: Path) -> None:
    """Pass 38j: `search bank` beside bank-holiday and river-bank loaded simplemma to
    read the word searched and each part (half a second on a plain concordance); a word
    some token has as lemma is searched as itself, and a part written so is the lemma."""
    folder = _index(tmp_path, "The river-bank was steep. The bank-holiday bank.\n")
    code = (
        "import sys, sensegrep;"
        f"hits = sensegrep.open({str(folder)!r}).search('bank');"
        "print(hits.total, sum('joined by a hyphen' in n for n in hits.notes),"
        " 'simplemma' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["1", "1", "False"]
