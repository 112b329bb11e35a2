"""`senses` counts each sense's collocates in a seeded sample of its sentences when the
sense is big (``MAX_COLLOCATE_CONTEXTS``): the G² figures it prints are then of the
sample, and it says so, in the text and in JSONL (issue 23: on a word of 4,516
occurrences, one sense, it printed "money 5924.3" where all the sentences give 8900.4,
without a word about a sample)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner

import sensegrep.senses as senses_package

from ..helpers import run, write_jsonl


def g2(a: int, n1: int, b: int, n2: int) -> float:
    """Dunning's G² of [[a, n1-a], [b, n2-b]], written out here."""
    total, present = n1 + n2, a + b
    cells = [(a, n1, present), (n1 - a, n1, total - present)]
    cells += [(b, n2, present), (n2 - b, n2, total - present)]
    return 2 * sum(o * math.log(o / (r * c / total)) for o, r, c in cells if o > 0)


@pytest.fixture
def index(tmp_path: Path) -> Path:
    # 40 sentences with "bank" (12 of them with "money"), 60 without it.
    texts = ["The bank kept the money."] * 12 + ["The bank was old."] * 28
    records = [{"id": f"b{i}", "text": text} for i, text in enumerate(texts)]
    records += [{"id": f"o{i}", "text": "A cat slept."} for i in range(60)]
    idx = tmp_path / "idx"
    code, _out, err = run(
        CliRunner(), idx, "index", str(write_jsonl(tmp_path / "c.jsonl", records)),
        "--model", "fake:16", "--tagger", "none",
    )  # fmt: skip
    assert code == 0, err
    return idx


def test_collocates_of_a_sample_say_so(index: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(senses_package, "MAX_COLLOCATE_CONTEXTS", 10)
    code, out, err = run(CliRunner(), index, "senses", "bank", "--n", "1")
    assert code == 0, err
    assert "counted in a sample of at most 10 sentences a sense: 10 of 40" in " ".join(out.split())
    code, out, _ = run(CliRunner(), index, "senses", "bank", "--format", "jsonl")
    record = json.loads(out.splitlines()[0])
    assert record["collocates_sample"] == {"per_sense": 10, "sentences": 10, "of": 40}


def test_collocates_of_every_sentence_are_the_hand_computed_figure(index: Path):
    code, out, err = run(CliRunner(), index, "senses", "bank", "--n", "1", "--format", "jsonl")
    assert code == 0, err
    record = json.loads(out.splitlines()[0])
    assert record["collocates_sample"] is None
    score = {c["word"]: c["score"] for c in record["collocates"]}["money"]
    # money: in 12 of bank's 40 sentences, in none of the other 60.
    assert score == pytest.approx(g2(12, 40, 0, 60), abs=1e-3)
