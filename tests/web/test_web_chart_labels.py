"""The bar charts' labels in Chromium (pass 36c): a label is cut to the chart's width,
and two bars never read alike. Document ids that share a long beginning (a folder, a
common prefix) were cut at their ends, so the chart of the matches by document labelled
its bars "collection-alpha/part-2/a-r…" over 3 and 2 matches of two documents. The corpus
is written here (fake embedder, no tagger); the expected labels come from its ids."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ..helpers import CHROMIUM, write_jsonl

if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytest.importorskip("fastapi", reason="the web extra is not installed")

import sensegrep
from sensegrep.web import create_app
from sensegrep.web.server import background_server

PREFIX = "collection-alpha/part-2/a-rather-long-document-identifier-"  # 58 characters
# "bank" 3 times in ...-027, twice in ...-023, once in short: three bars, most first.
RECORDS = [
    {"id": f"{PREFIX}027", "text": "A bank. A bank. A bank.", "source": f"{PREFIX}027"},
    {"id": f"{PREFIX}023", "text": "A bank. A bank.", "source": f"{PREFIX}023"},
    {"id": "short", "text": "A bank.", "source": "short"},
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("web-chart-labels")
    write_jsonl(folder / "corpus.jsonl", RECORDS)
    sensegrep.build(folder / "idx", folder / "corpus.jsonl", model="fake:16", tagger="none").close()
    with background_server(create_app(folder / "idx")) as url:
        yield url


def _labels(page: Any, selector: str) -> list[tuple[str, str]]:
    """Each bar's label and its tooltip's first words (the whole value)."""
    page.wait_for_selector(f"{selector} g.bar")
    return page.eval_on_selector_all(
        f"{selector} g.bar",
        "gs => gs.map(g => [g.querySelector('.bar-label').textContent,"
        " g.querySelector('title').textContent.split(':')[0]])",
    )


@pytest.mark.parametrize("by", ["doc", "source"])
def test_bars_of_ids_sharing_a_long_beginning_read_apart(page: Any, server: str, by: str):
    page.goto(f"{server}/?word=bank&chart={by}")
    bars = _labels(page, "#chart-svg")
    assert [whole for _, whole in bars] == [f"{PREFIX}027", f"{PREFIX}023", "short"]
    labels = [label for label, _ in bars]
    assert len(set(labels)) == 3, labels
    # each long label keeps the end that tells it apart, and fits the chart (28)
    assert labels[0].endswith("identifier-027") and labels[1].endswith("identifier-023")
    assert all(len(label) <= 28 for label in labels) and labels[2] == "short"


def test_the_statistics_chart_labels_read_apart_too(page: Any, server: str):
    page.goto(f"{server}/stats/freq?by=source")
    bars = _labels(page, "#chart-svg")
    labels = [label for label, _ in bars]
    assert [whole for _, whole in bars] == [f"{PREFIX}027", f"{PREFIX}023", "short"]
    assert len(set(labels)) == 3 and all(len(label) <= 32 for label in labels), labels


def test_a_long_label_alone_is_still_cut_at_its_end(page: Any, server: str):
    """Only names that would read alike are cut otherwise: one long id keeps its start."""
    page.goto(f"{server}/?word=bank&chart=doc&doc={PREFIX}027;short")
    labels = [label for label, _ in _labels(page, "#chart-svg")]
    assert labels == [PREFIX[:27] + "…", "short"]


def test_a_chart_by_a_field_no_document_has_says_it_in_the_pages_words(page: Any, server: str):
    """chart=sourc in the address (a bookmark from before a field was removed): the
    caption said "count takes form, node, …", a parameter the page calls *Chart of the
    matches by* (pass 36c, polish)."""
    page.goto(f"{server}/?word=bank&chart=sourc")
    # (the caption is empty until the page starts counting, then "Counting …": wait
    # for the answer itself, which a loaded machine gives seconds later)
    page.wait_for_function(
        "() => document.querySelector('#chart-caption').textContent.includes(' takes ')"
    )
    caption = page.text_content("#chart-caption")
    assert caption.startswith("“Chart of the matches by” takes "), caption
    assert "no document has a field 'sourc' (fields: source)" in caption
