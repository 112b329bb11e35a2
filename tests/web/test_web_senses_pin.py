"""The senses page pins the run it shows (sensegrep senses WORD --use RUN) in Chromium:
it said "not the word's current run" and gave no way to make it so but the command line
or a POST. The button pins it, pins the newest, or unpins it; a read-only server has no
button. On the seeded clusters of tests/senses/seeded.py."""

from __future__ import annotations

from pathlib import Path

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
def folder(tmp_path: Path) -> Path:
    seeded_index(tmp_path / "idx")
    return tmp_path / "idx"


def current_run(folder: Path) -> tuple[int, bool]:
    with sensegrep.open(folder) as idx:
        (run,) = [r for r in idx.sense_runs("bank") if r.current]
        return run.id, run.pinned


def test_the_senses_page_pins_and_unpins_the_run_it_shows(page, folder):
    with sensegrep.open(folder) as idx:
        older = idx.senses("bank", 2, new=True).run.id
        newer = idx.senses("bank", 3, new=True).run.id
    assert current_run(folder) == (newer, False)
    with background_server(create_app(folder)) as url:
        page.goto(f"{url}/senses/bank?senses={older}")
        assert "not the word's current run" in page.text_content("#runs")
        page.click(f"#use-run:has-text('Make sense run {older} the current run')")
        page.wait_for_function(
            "document.querySelector('#runs').textContent.includes(\"current run (pinned)\")"
        )
        assert current_run(folder) == (older, True)
        assert page.text_content("#headline").endswith(f"(sense run {older})")
        page.click(f"#use-run:has-text('Unpin sense run {older}')")
        page.wait_for_function(
            "document.querySelector('#runs').textContent.includes(\"not the word's current\")"
        )
        assert current_run(folder) == (newer, False)
        page.goto(f"{url}/senses/bank")  # the newest, current unpinned: pinned to stay so
        page.click(f"#use-run:has-text('Pin sense run {newer}')")
        page.wait_for_function(
            "document.querySelector('#runs').textContent.includes(\"current run (pinned)\")"
        )
        assert current_run(folder) == (newer, True)


def test_a_read_only_senses_page_offers_no_pin(page, folder):
    with sensegrep.open(folder) as idx:
        idx.senses("bank", 2, new=True)
        idx.senses("bank", 3, new=True)
    with background_server(create_app(folder, read_only=True)) as url:
        page.goto(f"{url}/senses/bank?senses=1")
        assert "not the word's current run" in page.text_content("#runs")
        assert page.query_selector("#use-run") is None


def test_a_pin_button_changed_since_by_another_tab_changes_nothing(page, folder):
    """Pass 34c: a page showing run A pinned ("Unpin sense run A"), and another tab or
    user pinning run B meanwhile: the button removed B's pin, unseen, and every later
    search's sense N meant the newest run. It expects the run it showed pinned: nothing
    changes, and it says which run is pinned now."""
    from sensegrep.errors import PinChangedError

    with sensegrep.open(folder) as idx:
        older = idx.senses("bank", 2, new=True).run.id
        newer = idx.senses("bank", 3, new=True).run.id
        idx.use_senses("bank", older)
    with background_server(create_app(folder)) as url:
        page.goto(f"{url}/senses/bank?senses={older}")
        assert page.text_content("#use-run") == f"Unpin sense run {older}"
        with sensegrep.open(folder) as idx:
            idx.use_senses("bank", newer)  # another user, meanwhile
        page.click("#use-run")
        page.wait_for_selector("#use-run-message:has-text('is pinned now')")
        message = page.text_content("#use-run-message")
        assert message.startswith(f"sense run {newer} is pinned now, not sense run {older}")
        assert current_run(folder) == (newer, True)
    with sensegrep.open(folder) as idx, pytest.raises(PinChangedError, match="is pinned now"):
        idx.use_senses("bank", None, expect=older)
    assert current_run(folder) == (newer, True)
