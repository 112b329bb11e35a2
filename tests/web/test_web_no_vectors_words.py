"""The pages of a word without vectors on an index of chosen words, in Chromium (pass
38k). /senses/heron said "inducing senses (senses, --sense, --count sense, plot) needs
them": two command-line flags a reader of the web app cannot type, where /api/search
says sense and count=sense; and the timeline said "sense runs needs them". Fake
embedder, no tagger."""

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
from sensegrep.api.vectors import add_vectors
from sensegrep.web import create_app
from sensegrep.web.server import background_server

RECORDS = [
    {"id": "a", "text": "A heron by the bank. The bank."},
    {"id": "b", "text": "My bank has a heron."},
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("web-no-vectors-words")
    write_jsonl(folder / "corpus.jsonl", RECORDS)
    index = folder / "idx"
    sensegrep.build(index, folder / "corpus.jsonl", vectors_for="none", tagger="none").close()
    add_vectors(index, ["bank"], model="fake:16")
    with background_server(create_app(index)) as url:
        yield url


NEEDS = (
    "'heron' has no vectors yet: inducing senses (senses, sense, count=sense, plot) "
    'needs them; add them with `POST /api/vectors {"words": ["heron"]}`'
)


def test_the_senses_page_names_what_needs_vectors_as_the_web_app_does(page: Any, server: str):
    page.goto(f"{server}/senses/heron")
    said = page.text_content("main")
    assert NEEDS in said and "--" not in said


def test_the_timeline_page_says_a_sense_run_needs_them(page: Any, server: str):
    answer = page.request.get(f"{server}/api/senses/heron/runs").json()
    assert answer["error"] == (
        "'heron' has no vectors yet: a sense run needs them; "
        'add them with `POST /api/vectors {"words": ["heron"]}`'
    )
