"""The annotate page of an inflected word, in Chromium (pass 38b). /annotate/banks
labelled the occurrences of the lemma bank (no token of the corpus is "banks") under
"Annotate banks", "Labels of “banks”" and "0 of 3 occurrences labelled": it opens the
lemma's page, as the senses page shows the lemma's senses. Fake embedder, no tagger."""

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

# "bank" 3 times, "banks" never.
RECORDS = [
    {"id": "a", "text": "A bank. The bank."},
    {"id": "b", "text": "My bank."},
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("web-annotate-lemma")
    write_jsonl(folder / "corpus.jsonl", RECORDS)
    sensegrep.build(folder / "idx", folder / "corpus.jsonl", model="fake:16", tagger="none").close()
    with background_server(create_app(folder / "idx")) as url:
        yield url


@pytest.mark.parametrize("typed", ["banks", "Bank"])
def test_the_page_of_an_inflected_word_is_its_lemmas(page: Any, server: str, typed: str):
    page.goto(f"{server}/annotate/{typed}")
    page.wait_for_selector("#item-text:not(:empty)")
    assert page.url == f"{server}/annotate/bank"
    assert page.text_content(".annotate-main h1").strip() == "Annotate bank"
    assert page.text_content(".annotate-side h2") == "Labels of “bank”"
    assert page.text_content("#progress").startswith("0 of 3 occurrences labelled")


def test_the_form_and_the_sense_run_go_along(page: Any, server: str):
    page.goto(f"{server}/annotate?word=banks")
    page.wait_for_selector("#item-text:not(:empty)")
    assert page.url == f"{server}/annotate/bank"
    answer = page.request.get(f"{server}/api/labels/banks").json()
    assert (answer["word"], answer["occurrences"]) == ("bank", 3)
    answer = page.request.get(f"{server}/api/annotate/banks").json()
    assert (answer["word"], answer["occurrences"]) == ("bank", 3)
    response = page.request.get(f"{server}/annotate/banks?senses=7", max_redirects=0)
    assert response.status == 303
    assert response.headers["location"] == "/annotate/bank?senses=7"
