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
