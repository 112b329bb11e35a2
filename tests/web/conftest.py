"""What the web app's browser tests share: one headless Chromium per module (Debian's,
driven by Playwright) and a fresh page per test that fails it on any script error or
dialog. Each browser test module skips itself when Chromium or Playwright is absent."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ..helpers import CHROMIUM

TIMEOUT_MS = 60_000  # the first sense query of a cold encoder can take a while on 2 cores


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    from sensegrep.web.server import CHROMIUM_ARGS

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page (own cookies) that fails the test on any script error or dialog. The
    app's Content-Security-Policy is bypassed: Playwright evaluates its own checks as
    strings, and the markup tests then show that escaping alone keeps corpus text inert."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.problems = []
    page.on("pageerror", lambda error: page.problems.append(f"script error: {error}"))
    page.on("dialog", lambda dialog: _refuse_dialog(page, dialog))
    yield page
    context.close()
    assert page.problems == []


def _refuse_dialog(page: Any, dialog: Any) -> None:
    page.problems.append(f"dialog: {dialog.message}")
    dialog.dismiss()
