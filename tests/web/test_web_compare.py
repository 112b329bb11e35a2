"""POST /api/compare: the cosine (``score``) and how likely the two usages share a sense
(``probability``), with a made-up calibration of the fake encoder
(conftest.calibrated_fake); null where the encoder has none."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")

from fastapi.testclient import TestClient

import sensegrep
from sensegrep.web import create_app

RIVER = "we sat on the grassy [[bank]] of the river"
USAGES = [RIVER, "the [[bank]] of a lake", "the muddy [[bank]] of the river", "the [[bank]] paid"]


@pytest.fixture
def client(built: sensegrep.SenseIndex, tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Path(shutil.copytree(built.path, tmp_path / "copy")))) as c:
        yield c


def test_compare_gives_a_probability_rising_with_the_cosine(client, calibrated_fake):
    found = [client.post("/api/compare", json={"a": RIVER, "b": b}).json() for b in USAGES]
    assert all(
        set(f) == {"score", "probability", "notes"} and 0 <= f["probability"] <= 1 for f in found
    )
    assert sorted(found, key=lambda f: f["score"]) == sorted(found, key=lambda f: f["probability"])
    assert found[0]["score"] == pytest.approx(1.0, abs=1e-5)


def test_compare_without_calibration_gives_a_null_probability(client):
    found = client.post("/api/compare", json={"a": RIVER, "b": USAGES[3]}).json()
    assert found["probability"] is None and -1 <= found["score"] <= 1


def test_two_different_words_have_a_note_and_no_probability(client, calibrated_fake):
    """Issue 23: bank against shore showed a "same sense" probability (0.11) though the
    calibration is for two uses of one word: the cosine stays, the probability is null
    and ``notes`` says why; one word's two uses keep an empty ``notes``."""
    shore = "we walked along the sandy [[shore]] of the lake"
    found = client.post("/api/compare", json={"a": RIVER, "b": shore}).json()
    assert found["probability"] is None and -1 <= found["score"] <= 1
    [note] = found["notes"]
    assert "calibrated on two uses of one word" in note and "(bank, shore)" in note
    same = client.post("/api/compare", json={"a": RIVER, "b": USAGES[1]}).json()
    assert same["notes"] == [] and same["probability"] is not None


def test_a_word_given_that_the_usages_do_not_mark_is_refused_by_its_name(client):
    """Issue 23 (new-user pass): the compare page's *Word* box, typed "spring" beside two
    usages marking bank, was dropped and bank's figures shown. The answer is a 400 naming
    the body's "word" (the page: its box), never the command line's --word."""
    body = {"a": RIVER, "b": USAGES[1], "word": "spring"}
    answer = client.post("/api/compare", json=body)
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert "marks 'bank'" in error and '"word"' in error and "--word" not in error
    assert {"name": "word", "value": None, "text": '"word"'} in answer.json()["error_parts"]
