"""/api/search names what it searched (``searched``: a new field, null when the word was
searched as typed) and refuses a pattern word no token has with a 400, as a word search
is refused. On helpers.MOLES (tests/conftest.py: moles_index)."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient

from sensegrep.web import create_app


@pytest.fixture(scope="module")
def client(moles_index):
    with TestClient(create_app(moles_index)) as opened:
        yield opened


def test_the_answer_names_what_was_searched(client):
    answer = client.get("/api/search", params={"word": "mole's"}).json()
    assert answer["searched"] == '[word="mole"%c] [word="\'s"%c]'
    assert (answer["word"], answer["total"], answer["hits"][0]["match"]) == (
        "mole's", 1, ["mole", "'s"]
    )  # fmt: skip
    assert client.get("/api/search", params={"word": "banks"}).json()["searched"] == (
        'lemma "bank"'
    )
    assert client.get("/api/search", params={"word": "bank"}).json()["searched"] is None
    counted = client.get("/api/search", params={"word": "banks", "count": "form"}).json()
    assert counted["searched"] == 'lemma "bank"'


def test_a_pattern_word_no_token_has_is_a_400(client):
    page = client.get("/api/search", params={"cql": '[lemma="bnak"]'})
    assert page.status_code == 400 and "(nearest: 'bank')" in page.json()["error"]
    page = client.get("/api/search", params={"word": "bnak"})
    assert page.status_code == 400 and "(nearest: 'bank')" in page.json()["error"]
