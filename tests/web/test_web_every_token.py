"""The web app's JSON answers, new-user pass of issue 23: a plain concordance's total is
every token of the word; a ranked search's ``total`` counts what it ranked and
``matches_without_vectors`` what it could not; ``max_per_doc`` keeps ``total`` and says
``lines_available``; an empty word and a sense a run does not have are one clear line.
helpers.AUXILIARIES: "have" 5 times (2 with a vector, at 6 and 17) in 3 documents."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient

from sensegrep.web import create_app


@pytest.fixture(scope="module")
def client(
    auxiliaries_index: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("web-every-token") / "idx"
    with TestClient(create_app(Path(shutil.copytree(auxiliaries_index, folder)))) as c:
        yield c


def answer(client: TestClient, **params: object) -> dict:
    response = client.get("/api/search", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_totals_of_a_plain_and_of_a_ranked_search(client):
    plain = answer(client, word="have", k=2)
    assert (plain["total"], plain["documents"], plain["count"]) == (5, 3, 2)
    assert (plain["matches_without_vectors"], plain["lines_available"]) == (0, 5)
    ranked = answer(client, word="have", like=6)
    assert [h["id"] for h in ranked["hits"]] == [17]
    assert (ranked["total"], ranked["matches_without_vectors"]) == (1, 3)


def test_max_per_doc_keeps_the_total_of_all_the_matches(client):
    capped = answer(client, word="have", max_per_doc=1)
    assert [h["id"] for h in capped["hits"]] == [2, 11, 20]
    assert (capped["total"], capped["documents"], capped["lines_available"]) == (5, 3, 3)


@pytest.mark.parametrize("word", ["", "  "])
def test_an_empty_word_is_a_400_saying_so(client, word):
    response = client.get("/api/search", params={"word": word})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error.startswith(("an empty word: give the word", "give a word to search for"))
    assert "no occurrences" not in error and "--form" not in error


def test_a_sense_the_unstored_run_lacks_is_told_plainly(client):
    """A GET stores no sense run: the run it induced is named as such (it once read "in
    its not stored")."""
    response = client.get("/api/search", params={"word": "have", "sense": 9})
    assert response.status_code == 400
    error = response.json()["error"]
    assert "in a sense run induced for this request (not stored: a GET of the web app " in error
    assert "there is no sense 9" in error and "its not stored" not in error
