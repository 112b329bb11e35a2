"""``SenseIndex.paragraph`` (the web's ▸ and ``/api/context``): the text around an
occurrence is cut at its paragraph's blank lines whatever the file's line ends, as the
tagger cuts paragraphs: a CRLF or lone-CR file showed the next paragraph as this one."""

from __future__ import annotations

from pathlib import Path

import pytest

import sensegrep


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r", "\n  "])
def test_the_paragraph_stops_at_a_blank_line_in_any_line_ends(tmp_path: Path, end: str) -> None:
    text = end.join(["Rain fell all day.", "The bank flooded.", "", "Later the sun came out."])
    (tmp_path / "t.txt").write_bytes(text.encode("utf-8"))
    with sensegrep.build(tmp_path / "idx", tmp_path / "t.txt", vectors_for="none",
                         tagger="none") as idx:  # fmt: skip
        bank = idx.search("bank")[0]
        later = idx.search("later")[0]
        around_bank = idx.paragraph(bank.id, 2)
        around_later = idx.paragraph(later.id, 2)
    assert around_bank["before"].strip() == "Rain fell all day."
    assert around_bank["after"].strip() == ""
    assert around_later["before"].strip() == ""
    assert around_later["right"].strip() == "the sun came out."


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r", "\r\r\n"])
def test_the_paragraph_holds_none_of_the_blank_line_after_it(tmp_path: Path, end: str) -> None:
    """Pass 36a: in a file whose lines end in CR CR LF (read as one line end, as editors
    show it) the text after the occurrence's sentence ended in the first CR of the blank
    line's: its paragraph is the text up to the line end, as in any other line ends."""
    text = end.join(["Rain fell all day.", "The bank flooded.", "", "Later the sun came out."])
    (tmp_path / "t.txt").write_bytes(text.encode("utf-8"))
    with sensegrep.build(tmp_path / "idx", tmp_path / "t.txt", vectors_for="none",
                         tagger="none") as idx:  # fmt: skip
        rain = idx.paragraph(idx.search("rain")[0].id, 2)
    assert (rain["form"], rain["right"]) == ("Rain", " fell all day.")
    assert rain["after"] == end + "The bank flooded."


@pytest.mark.parametrize(
    ("sentences", "at", "more"),
    [
        (1, "Three", (True, True)),  # Two, Three, Four of One … Five
        (2, "Three", (False, False)),  # One to Five: the whole paragraph
        (1, "One", (False, True)),
        (1, "Five", (True, False)),
        (0, "Five", (True, False)),
        (5, "Six", (False, False)),  # the next paragraph's: One to Five are not in it
    ],
)
def test_the_answer_says_whether_the_paragraph_goes_on(
    tmp_path: Path, sentences: int, at: str, more: tuple[bool, bool]
) -> None:
    """Pass 39c: the sentences given either side are a part of a longer paragraph, and
    more_before / more_after say so (the web's ▸ showed such a part as the paragraph)."""
    first = " ".join(f"{n} came." for n in ("One", "Two", "Three", "Four", "Five"))
    (tmp_path / "t.txt").write_text(first + "\n\n  Six came. Seven came.\n", encoding="utf-8")
    with sensegrep.build(tmp_path / "idx", tmp_path / "t.txt", vectors_for="none",
                         tagger="none") as idx:  # fmt: skip
        found = idx.paragraph(idx.search(at.lower())[0].id, sentences)
    assert (found["more_before"], found["more_after"]) == more
