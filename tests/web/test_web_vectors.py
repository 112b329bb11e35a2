"""The web app and vectors for chosen words: GET /api/vectors says which words have them
(and never writes), POST /api/vectors starts `vectors add` in the background with the
app's token and Origin checks, refused under --read-only; its progress is read by GET."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient

import sensegrep
from sensegrep.web import create_app

from ..helpers import REPO


@pytest.fixture
def text_index(tmp_path: Path) -> Path:
    folder = tmp_path / "idx"
    corpus = REPO / "examples" / "corpus.jsonl"
    sensegrep.build(folder, corpus, vectors_for="none", tagger="none").close()
    return folder


def _finished(c: TestClient, headers: dict[str, str]) -> dict:
    for _ in range(200):
        job = c.get("/api/vectors", headers=headers).json()["job"]
        if job["state"] != "running":
            return job
        time.sleep(0.05)
    raise AssertionError("vectors add did not finish")


def test_post_starts_vectors_add_and_get_shows_progress(text_index: Path) -> None:
    token = {"X-Sensegrep-Token": "s3cret"}
    with TestClient(create_app(text_index, token="s3cret")) as c:
        before = c.get("/api/vectors", headers=token).json()
        assert before["job"] is None and before["status"]["vectors_for"] == "none"
        body = {"words": ["bank"], "model": "fake:16"}
        assert c.post("/api/vectors", json=body).status_code == 403  # no token
        foreign = {**token, "origin": "http://evil.example"}
        assert c.post("/api/vectors", json=body, headers=foreign).status_code == 403
        started = c.post("/api/vectors", json=body, headers=token)
        assert started.status_code == 202 and started.json()["job"]["state"] == "running"
        job = _finished(c, token)
        assert job["state"] == "done" and job["lemmas"] == ["bank"]
        assert job["done"] == job["total"] == 30
        status = c.get("/api/vectors", headers=token).json()["status"]
        assert status["vectors_for"] == "chosen" and status["top_lemmas"] == [
            {"lemma": "bank", "occurrences": 30}
        ]
        ranked = c.get(
            "/api/search",
            params={"word": "bank", "example": "the [[bank]] of the river", "k": 3},
            headers=token,
        )
        assert ranked.status_code == 200 and ranked.json()["hits"][0]["score"] is not None
        refused = c.get(
            "/api/search", params={"word": "water", "example": "cold [[water]]"}, headers=token
        )
        # The request that adds them, not the command line's `sensegrep vectors add water`.
        said = refused.json()["error"]
        assert refused.status_code == 400 and '`POST /api/vectors {"words": ["water"]}`' in said
        # A failure is reported to whoever polls.
        c.post("/api/vectors", json={"words": ["river"], "model": "fake:8"}, headers=token)
        failed = _finished(c, token)
        assert failed["state"] == "failed" and "fake:16" in failed["error"]
        # In the route's words: the body's "model", not the command line's --model.
        assert 'leave out "model"' in failed["error"] and "--model" not in failed["error"]


def test_read_only_refuses_and_a_get_never_writes(text_index: Path) -> None:
    with TestClient(create_app(text_index, read_only=True)) as c:
        refused = c.post("/api/vectors", json={"words": ["bank"], "model": "fake:16"})
        assert refused.status_code == 403 and "read-only" in refused.json()["error"]
        assert c.get("/api/vectors").json()["status"]["occurrences"] == 0
    assert sensegrep.api.vector_status(text_index)["vectors_for"] == "none"


def test_a_read_only_server_advises_no_request_it_refuses(text_index: Path) -> None:
    """Issue 23 (new-user pass): on a --read-only server "add them with `POST /api/vectors
    {"words": ["water"]}`" advised the POST that server refuses (403). There the advice
    is the command line's, said as such; a server that may write names the POST."""
    params = {"word": "water", "example": "cold [[water]]"}
    with TestClient(create_app(text_index, read_only=True)) as c:
        said = c.get("/api/search", params=params).json()["error"]
    assert "POST /api/vectors" not in said
    assert "`sensegrep vectors add WORD…` on the command line" in said
    with TestClient(create_app(text_index)) as c:
        said = c.get("/api/search", params=params).json()["error"]
    assert '`POST /api/vectors {"words": ["WORD…"]}`' in said


def test_a_ranking_names_the_post_that_adds_the_words_it_left_out(text_index: Path) -> None:
    """A ranked pattern's note on the content words it left out (pass 39b) named
    `sensegrep vectors add water river` on the web, a command line: the request did
    only for one word (pass 39g). Each word is in the POST's body."""
    with sensegrep.open(text_index) as idx:
        idx.add_vectors(["bank"], model="fake:16")
    params = {"cql": '[lemma="bank|river|water"]', "example": "the [[bank]] of the river"}
    with TestClient(create_app(text_index)) as c:
        notes = c.get("/api/search", params={**params, "k": 1}).json()["notes"]
    (said,) = [note for note in notes if "gives them theirs" in note]
    assert '`POST /api/vectors {"words": ["water", "river"]}` gives them theirs' in said, said
    assert "sensegrep vectors add" not in said
