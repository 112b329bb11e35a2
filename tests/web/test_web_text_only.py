"""The web app on a text-only index (``index --vectors-for none``): concordances and
patterns answer, what needs vectors is a 400 with one line."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient

import sensegrep
from sensegrep.web import create_app

from ..helpers import REPO


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("web") / "idx"
    sensegrep.build(folder, REPO / "examples" / "corpus.jsonl", vectors_for="none").close()
    with TestClient(create_app(folder)) as c:
        yield c


def test_search_and_patterns(client: TestClient) -> None:
    found = client.get("/api/search", params={"word": "the", "k": 5}).json()
    assert len(found["hits"]) == 5
    pattern = client.get("/api/search", params={"cql": '[lemma="the"] [word=".*"]', "k": 3})
    assert pattern.status_code == 200 and len(pattern.json()["hits"]) == 3
    assert client.get("/api/info").json()["vectors_for"] == "none"


def test_what_needs_vectors_is_a_400(client: TestClient) -> None:
    for response in (
        client.get("/api/search", params={"word": "match", "example": "a [[match]]"}),
        client.get("/api/senses/match"),
    ):
        assert response.status_code == 400
        assert "no vectors" in response.json()["error"]
