"""Concordance lines of right-to-left text on the search page (issue 23: a result must
not silently mean something else). An Arabic or Hebrew line was laid out left to right:
the cell left of the node held the words before it, which, running right to left, put
the sentence's start beside the node and cut off (under the ellipsis) the very words
that stand before it. Such a line now reads from the right, each context clipped on its
far side, so that the words shown beside the node are its neighbours in the text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytest.importorskip("fastapi", reason="the web extra is not installed")

import sensegrep
from sensegrep.web import create_app
from sensegrep.web.server import background_server

LONG = " ".join(["كلمة"] * 40)
ARABIC = f"البداية {LONG} قبل المدرسة بعد {LONG} النهاية"
ENGLISH = f"start {' '.join(['word'] * 40)} before school after {' '.join(['word'] * 40)} end"

# Whether a word of a context cell is drawn inside the cell's visible box: the last
# occurrence of the word (the one beside the node, before it) or its first (after it).
VISIBLE = """([selector, word, last]) => {
  const cell = document.querySelector(selector);
  const box = cell.getBoundingClientRect();
  const text = cell.querySelector('span') ? cell.querySelector('span').firstChild : cell.firstChild;
  const at = last ? text.data.lastIndexOf(word) : text.data.indexOf(word);
  const range = document.createRange();
  range.setStart(text, at);
  range.setEnd(text, at + word.length);
  const r = range.getBoundingClientRect();
  return r.left >= box.left - 1 && r.right <= box.right + 1;
}"""


@pytest.fixture
def index(tmp_path: Path) -> Path:
    corpus = tmp_path / "rtl.jsonl"
    docs = [
        {"id": "ar", "text": ARABIC},
        {"id": "en", "text": ENGLISH},
        {"id": "mx", "text": "The city القاهرة is big."},  # an English line
    ]
    corpus.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), "utf-8")
    sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none").close()
    return tmp_path / "idx"


def visible(page: Any, selector: str, word: str, last: bool) -> bool:
    return page.evaluate(VISIBLE, [selector, word, last])


def test_a_right_to_left_line_shows_the_node_s_neighbours_beside_it(page, index):
    with background_server(create_app(index)) as url:
        page.goto(url + "/?word=المدرسة&form=1")
        page.wait_for_selector("#hits tr.hit")
        row = "#hits tr.hit"
        # Read from the right: the words before the node are in the cell on its right.
        assert page.text_content(f"{row} td.right").strip().endswith("قبل")
        assert page.text_content(f"{row} td.left").strip().startswith("بعد")
        assert visible(page, f"{row} td.right .kr", "قبل", last=True)
        assert visible(page, f"{row} td.left .kl", "بعد", last=False)
        assert not visible(page, f"{row} td.right .kr", "البداية", last=False)
        # An Arabic word in an English sentence: a left-to-right line, as it was.
        page.goto(url + "/?word=القاهرة&form=1")
        page.wait_for_selector("#hits tr.hit")
        assert page.text_content(f"{row} td.left").strip() == "The city"
        assert page.locator("#hits tr.hit.rtl").count() == 0
        # A left-to-right line is as it was.
        page.goto(url + "/?word=school&form=1")
        page.wait_for_selector("#hits tr.hit")
        assert page.text_content(f"{row} td.left").strip().endswith("before")
        assert visible(page, f"{row} td.left .kl", "before", last=True)
        assert visible(page, f"{row} td.right .kr", "after", last=False)


def test_a_chart_by_years_in_arabic_indic_digits_is_in_the_order_of_the_years(
    page, tmp_path: Path
) -> None:
    """A chart by a field of numbers draws its bars in the order of the values; a year
    written ٢٠٠٢ was no number to it, so the bars fell back to most frequent first
    (2003, 2001, ٢٠٠٢), which read as a timeline out of order."""
    corpus = tmp_path / "years.jsonl"
    docs = [
        {"id": "a", "text": "كتاب.", "year": "2001"},
        {"id": "b", "text": "كتاب.", "year": "2001"},
        {"id": "c", "text": "كتاب.", "year": "٢٠٠٢"},
        {"id": "d", "text": "كتاب.", "year": "2003"},
        {"id": "e", "text": "كتاب.", "year": "2003"},
        {"id": "f", "text": "كتاب.", "year": "2003"},
    ]
    corpus.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), "utf-8")
    sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none").close()
    with background_server(create_app(tmp_path / "idx")) as url:
        page.goto(url + "/?word=كتاب&form=1&count=year")
        page.wait_for_selector("#chart-svg g.bar")
        order = page.eval_on_selector_all("#chart-svg g.bar", "gs => gs.map(g => g.dataset.value)")
    # ٢٠٠٢ is the year 2002, counted and shown as --where takes it (fields.value_key):
    # one bar for it, with any 2002 written 0-9.
    assert order == ["2001", "2002", "2003"]
