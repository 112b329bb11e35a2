"""Hindi and Bengali text writes numbers in its own digits or in 0-9, often in one
document (२०२० and 2020): a search takes each as another word, so `search 2020` found
the ASCII years alone, unsaid, where `--where year=2020` takes every script's digits
(pass 38d). The result now says how many matches write the number otherwise, and the
pattern that lists them."""

from __future__ import annotations

from pathlib import Path

import pytest

import sensegrep

TEXT = (
    "अमित ने १ जनवरी २०२० को भाषण दिया। प्रिया ने 2020 में कहा। शुल्क ₹500 है। "
    "রহিম ২০২০ তারিখে এলেন। ফি ৫০০ টাকা। ফাতেমা ২০২০ সালে গেল।\n"
)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("digits")
    (folder / "hi.txt").write_text(TEXT, encoding="utf-8")
    sensegrep.build(folder / "idx", folder / "hi.txt", vectors_for="none", tagger="none").close()
    return folder / "idx"


def _said(notes: list[str]) -> list[str]:
    return [note for note in notes if "in another script's digits" in note]


def test_a_search_of_a_number_says_the_matches_in_other_digits(index: Path) -> None:
    with sensegrep.open(index) as idx:
        found = idx.search("2020")
        assert found.total == 1
        (note,) = _said(found.notes)
        assert note == (
            "3 more matches write '2020' in another script's digits (२०२०, ২০২০), which a "
            'search takes as another word: the pattern [word="२०२०" | word="২০২০"] (cql) '
            "lists them"
        ), note
        assert idx.search(cql='[word="२०२०" | word="২০২০"]').total == 3
        (said,) = _said(idx.search("२०२०").notes)
        assert said.startswith("3 more matches write '२०२०' in another script's digits (2020, ")
        assert _said(idx.count("500", "form").notes)[0].startswith("1 more match writes '500'")
        assert not _said(idx.search("१").notes)  # (no 1 nor ১ in the text)
        assert not _said(idx.search("भाषण").notes)
