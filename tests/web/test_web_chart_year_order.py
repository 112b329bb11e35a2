"""The search page's chart by a field of years some of whose values are no number, in
Chromium (pass 39c). One document dated "c. 1990" made the field one of words: every
year's bar came most frequent first (2001 above 1985), where a field of numbers has its
bars in the order of the values. The corpus is written here (fake embedder, no
tagger); the expected bars come from its records."""

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

# Matches of "bank" by year, most frequent first: c. 1990 (4), 2001 (3), 1985 (2),
# 1990 (1) and a document without a year (1).
RECORDS = [
    {"id": "a", "text": "The bank. " * 3, "year": 2001, "genre": "news"},
    {"id": "b", "text": "The bank. " * 2, "year": 1985, "genre": "news"},
    {"id": "c", "text": "The bank. " * 4, "year": "c. 1990", "genre": "letters"},
    {"id": "d", "text": "The bank.", "year": 1990, "genre": "news"},
    {"id": "e", "text": "The bank.", "genre": "news"},
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with served(tmp_path_factory.mktemp("web-chart-years"), RECORDS) as url:
        yield url


def test_years_come_in_order_and_a_year_that_is_no_number_after_them(page: Any, server: str):
    page.goto(f"{server}/?word=bank&chart=year")
    assert chart_bars(page) == [
        ["1985", "2"],
        ["1990", "1"],
        ["2001", "3"],
        ["c. 1990", "4"],
        ["(none)", "1"],
    ]


def test_a_field_of_words_stays_most_frequent_first(page: Any, server: str):
    page.goto(f"{server}/?word=bank&chart=genre")
    assert chart_bars(page) == [["news", "7"], ["letters", "4"]]
