"""The search page's chart by a metadata field named like a built-in count key, in
Chromium (pass 38b). A corpus whose documents have a field ``form`` (prose, verse): its
choice under *the lines* sent ``count=form``, the built-in key, so the chart drew one
bar "bank: 3 (100%)" of the word forms with a note to use ``meta:form``, which the page
offered no way to choose. The corpus is written here (fake embedder, no tagger); the
expected bars come from its records."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ..helpers import CHROMIUM

if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytest.importorskip("fastapi", reason="the web extra is not installed")

from .charts import chart_bars, served

# "bank" twice in the prose document, once in the verse one.
RECORDS = [
    {"id": "p", "text": "A bank. The bank.", "form": "prose", "genre": "news"},
    {"id": "v", "text": "A bank.", "form": "verse", "genre": "poetry"},
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with served(tmp_path_factory.mktemp("web-chart-meta"), RECORDS) as url:
        yield url


def test_the_field_chosen_under_the_lines_is_the_field(page: Any, server: str):
    page.goto(f"{server}/?word=bank")
    page.wait_for_selector("#hits tr")
    page.select_option("#chart-by", label="form")
    assert chart_bars(page) == [["prose", "2"], ["verse", "1"]]
    caption = page.text_content("#chart-caption")
    assert caption == "Where the 3 matches fall, by form", caption
    assert "built-in" not in page.text_content("#chart-more")
    # the address holds it, and opening it again shows the field chosen
    page.goto(page.url)
    assert chart_bars(page) == [["prose", "2"], ["verse", "1"]]
    chosen = page.eval_on_selector("#chart-by", "s => s.selectedOptions[0].textContent")
    assert chosen == "form"


def test_a_field_named_like_no_count_key_keeps_its_name(page: Any, server: str):
    page.goto(f"{server}/?word=bank&chart=genre")
    assert chart_bars(page) == [["news", "2"], ["poetry", "1"]]
    assert page.input_value("#chart-by") == "genre"
