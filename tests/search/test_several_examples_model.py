"""Several examples of a sense, combined, rank at least as well as one of them: the
real default encoder on a small built-in set (two senses of "bass", written for this
test), scored by which sense each document was written for."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import sensegrep

FISH = [
    "we caught a large bass in the lake this morning",
    "the striped bass swam upstream to spawn",
    "he grilled the bass with lemon and herbs",
    "anglers prize the bass for its fight on the line",
    "a bass hid under the fallen log near the shore",
    "the fishmonger sold fresh sea bass at the market",
    "largemouth bass feed on minnows and frogs",
    "she reeled in a bass weighing four pounds",
    "the pond was stocked with bass and trout",
    "the bass darted away when the boat came near",
]
MUSIC = [
    "he plays bass in a jazz trio",
    "the bass was too loud in the mix",
    "she tuned the bass before the concert",
    "the singer has a deep bass voice",
    "turn up the bass on the speakers",
    "the band hired a new bass player",
    "a walking bass line held the song together",
    "he bought a vintage electric bass guitar",
    "the bass and drums locked into a groove",
    "the choir needs another bass for the low parts",
]
EXAMPLES = {
    "fish": [
        "the fisherman landed a [[bass]] from the river",
        "we ate baked [[bass]] for dinner",
        "a [[bass]] jumped out of the water",
    ],
    "music": [
        "the [[bass]] guitar sounded great on stage",
        "she sang the [[bass]] part in the choir",
        "the drummer and the [[bass]] player rehearsed",
    ],
}


@pytest.fixture(scope="module")
def bass_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bass")
    docs = [{"id": f"fish{n}", "text": t} for n, t in enumerate(FISH)]
    docs += [{"id": f"music{n}", "text": t} for n, t in enumerate(MUSIC)]
    corpus = folder / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    sensegrep.build(folder / "idx", corpus).close()
    return folder / "idx"


def _precision(index: sensegrep.SenseIndex, sense: str, examples: list[str], **kw: str) -> float:
    hits = index.search("bass", examples, k=10, **kw)
    assert len(hits) == 10
    return float(np.mean([h.doc.startswith(sense) for h in hits]))


@pytest.mark.model
@pytest.mark.parametrize("scoring", ["centred", "cosine"])
def test_three_examples_rank_at_least_as_well_as_one(bass_index: Path, scoring: str):
    with sensegrep.open(bass_index) as index:
        for sense, examples in EXAMPLES.items():
            singles = [_precision(index, sense, [e], scoring=scoring) for e in examples]
            combined = _precision(index, sense, examples, scoring=scoring)
            assert combined >= np.mean(singles), (sense, singles, combined)
            assert combined >= 0.8, (sense, combined)


@pytest.mark.model
def test_an_unlike_usage_of_the_other_sense_does_not_hurt(bass_index: Path):
    with sensegrep.open(bass_index) as index:
        for sense, other in (("fish", "music"), ("music", "fish")):
            alone = _precision(index, sense, EXAMPLES[sense][:1])
            hits = index.search("bass", EXAMPLES[sense][:1], unlike_example=EXAMPLES[other][0],
                                k=10)  # fmt: skip
            assert np.mean([h.doc.startswith(sense) for h in hits]) >= alone
