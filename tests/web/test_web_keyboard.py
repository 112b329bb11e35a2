"""The senses and timeline pages driven from the keyboard alone (Tab, arrow keys, Enter),
as a lexicographer who uses no mouse drives them: what a control changes, the rest of the
view keeps. On the seeded clusters of tests/senses/seeded.py (fake vectors, years and
genres), with stored sense runs of "bank"; the expected figures come from the JSON API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ..helpers import CHROMIUM

if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytest.importorskip("fastapi", reason="the web extra is not installed")

import sensegrep
from sensegrep.web import create_app
from sensegrep.web.server import background_server

from ..senses.seeded import seeded_index


@pytest.fixture
def index(tmp_path: Path) -> Path:
    folder = tmp_path / "idx"
    seeded_index(folder)
    return folder


@pytest.fixture
def served(index: Path) -> Iterator[str]:
    with background_server(create_app(index)) as url:
        yield url


def tab_to(page: Any, selector: str, most: int = 60) -> None:
    """Tab until the control ``selector`` has the focus (as a user without a mouse)."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_changing_by_on_a_senses_page_keeps_the_sense_run_it_showed(page, index, served):
    """Pass 32a: the senses page of the word's current run (/senses/bank, run A), once
    another run B had become current (made or pinned elsewhere), answered "By: year" with
    run B's senses, numbered another way (sense 1 another sense), where the user changed
    only the table's field. The form carries the run shown, as its links do."""
    with sensegrep.open(index) as opened:
        shown = opened.senses("bank", 2, new=True).info.id
    page.goto(served + "/senses/bank")
    assert f"(sense run {shown})" in page.text_content("#headline")
    with sensegrep.open(index) as opened:
        newer = opened.senses("bank", 3, new=True).info.id  # now the current run
    assert newer != shown
    tab_to(page, "select[name=by]")
    page.keyboard.press("ArrowDown")  # genre -> year
    assert page.input_value("select[name=by]") == "year"
    tab_to(page, "button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "by=year" in page.url
    assert f"(sense run {shown})" in page.text_content("#headline")
    table = page.text_content("#by-table thead")
    assert "3" not in table  # the 2 senses of the run shown, not the newer run's 3


def open_timeline(page: Any, address: str) -> None:
    page.goto(address)
    wait_drawn(page)


def wait_drawn(page: Any) -> None:
    page.wait_for_function(
        "() => { const s = document.querySelector('#status').textContent;"
        " return s && s !== 'Counting…'; }"
    )


def drawn_run(page: Any) -> str:
    return page.get_attribute("#timeline-run", "data-run") or ""


def test_bins_typed_on_a_timeline_keep_the_sense_run_it_drew(page, index, served):
    """Pass 32a: the timeline of the word's current run (no run in its address), its
    bins changed from the keyboard once another run had become current, drew that other
    run: other bars under the same sense numbers, where the user changed only the bins.
    Draw keeps the run drawn, as the senses page's form does; a number of senses typed
    asks for that number's run, and another word for its own runs."""
    with sensegrep.open(index) as opened:
        shown = opened.senses("bank", 2, new=True).info.id
    open_timeline(page, served + "/senses/bank/timeline?by=year")
    assert drawn_run(page) == str(shown)
    with sensegrep.open(index) as opened:
        newer = opened.senses("bank", 3, new=True).info.id  # now the current run
    tab_to(page, "#t-bin-width")
    page.keyboard.type("10")
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('bin_width=10')")
    wait_drawn(page)
    assert drawn_run(page) == str(shown)
    assert f"senses={shown}" in page.url
    assert page.input_value("#t-senses") == str(shown)
    # A number of senses typed asks for the newest run of that many (the run in the box
    # was carried from the address, not typed): no "not both" refusal.
    tab_to(page, "#t-n")
    page.keyboard.type("3")
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('n=3')")
    wait_drawn(page)
    assert "not both" not in page.text_content("#status")
    assert drawn_run(page) == str(newer)
    # Another word: its own current run, not bank's run number carried in the box.
    with sensegrep.open(index) as opened:
        river = opened.senses("river").info.id
    open_timeline(page, served + f"/senses/bank/timeline?by=year&senses={shown}")
    tab_to(page, "#t-word")
    page.keyboard.press("Control+a")
    page.keyboard.type("river")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    wait_drawn(page)
    assert "/senses/river/timeline" in page.url
    assert "is of 'bank'" not in page.text_content("#status")
    assert drawn_run(page) == str(river)
