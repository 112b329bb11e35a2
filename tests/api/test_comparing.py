"""compare's probability that two usages share a sense, beside the cosine: the API,
the CLI's text and JSONL. Plumbing with the fake encoder and a made-up calibration
(conftest.calibrated_fake); one test with the real default encoder."""

from __future__ import annotations

import json
import math
import pickle

import pytest

import sensegrep
from sensegrep import api

from ..helpers import run

RIVER = "we sat on the grassy [[bank]] of the river"
# Usages of bank further and further from RIVER for the fake encoder (its vectors see a
# word's neighbours only): cosines 1, 0.94, 0.92 and 0.79.
USAGES = [
    RIVER,
    "the [[bank]] of a lake",
    "the muddy [[bank]] of the river",
    "she paid the cheque into the [[bank]] on Monday",
]


def test_compare_is_the_cosine_with_a_probability(calibrated_fake):
    found = [sensegrep.compare(RIVER, usage, model="fake:16") for usage in USAGES]
    assert found[0] == pytest.approx(1.0, abs=1e-5)  # still the cosine, a float
    assert all(isinstance(f, float) and 0 <= f.probability <= 1 for f in found)
    assert sorted(found, key=float) == sorted(found, key=lambda f: f.probability)
    assert len({round(float(f), 4) for f in found}) == len(found)  # distinct cosines
    assert found[0].probability == pytest.approx(1 / (1 + math.exp(-3.0)), abs=1e-4)  # cosine 1
    first = found[0]
    assert first.to_dict() == {
        "score": round(float(first), 6),
        "probability": round(first.probability, 4),
        "notes": [],
    }
    assert pickle.loads(pickle.dumps(first)).probability == first.probability


def test_an_encoder_without_calibration_says_cosine_only():
    found = sensegrep.compare(RIVER, USAGES[3], model="fake:16")
    assert found.probability is None and found.to_dict()["probability"] is None
    assert found.text() == f"cosine {float(found):.4f} (no calibration for this model: cosine only)"


def test_compare_pairs_carry_the_probability(calibrated_fake):
    pairs = [(n, RIVER, usage, None) for n, usage in enumerate(USAGES, start=1)]
    found = list(api.compare_pairs(pairs, model="fake:16"))
    assert [line for line, _, _ in found] == [1, 2, 3, 4]
    single = [sensegrep.compare(RIVER, usage, model="fake:16") for usage in USAGES]
    assert [f.probability for _, f, _ in found] == [s.probability for s in single]


def test_cli_shows_the_probability_beside_the_cosine(runner, tmp_path, calibrated_fake):
    code, out, err = run(
        runner, tmp_path / "none", "compare", RIVER, USAGES[2], "--model", "fake:16"
    )
    assert code == 0, err
    expected = sensegrep.compare(RIVER, USAGES[2], model="fake:16")
    # stdout keeps the bare cosine that scripts read; the probability is on stderr
    assert out == f"{float(expected):.4f}\n"
    assert f"same sense: {expected.probability:.2f}" in err

    pairs = tmp_path / "pairs.jsonl"
    lines = [json.dumps({"a": RIVER, "b": usage}) for usage in USAGES] + ['{"a": "no"}']
    pairs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run(
        runner, tmp_path / "none", "compare", "--pairs", str(pairs), "--format", "jsonl",
        "--model", "fake:16",
    )  # fmt: skip
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and records[-1]["score"] is None and records[-1]["probability"] is None
    scored = records[:-1]
    assert all(0 <= r["probability"] <= 1 for r in scored)
    assert sorted(scored, key=lambda r: r["score"]) == sorted(
        scored, key=lambda r: r["probability"]
    )


SHORE = "we walked along the sandy [[shore]] of the lake"
TWO_WORDS = (
    "the probability is calibrated on two uses of one word; these are different words "
    "(bank, shore): cosine only"
)


def test_two_different_words_keep_the_cosine_and_say_why_no_probability(calibrated_fake):
    """Issue 23: bank against shore was given a "same sense" probability, though the
    calibration is fitted on two uses of one word. The cosine stays (the same figure as
    with the word named for both); the probability is None and a note says why. Two
    forms of one lemma (banks, bank) keep their probability."""
    found = sensegrep.compare(RIVER, SHORE, model="fake:16")
    assert found.probability is None and found.notes == [TWO_WORDS]
    assert found.to_dict()["notes"] == [TWO_WORDS] and found.to_dict()["probability"] is None
    assert found.text() == f"cosine {float(found):.4f} ({TWO_WORDS})"
    from sensegrep.embedder import embedder_for
    from sensegrep.search.compare import compare_pairs as cosines

    [(_, cosine, _)] = cosines(embedder_for(None, "fake:16"), [(1, RIVER, SHORE, None)], None)
    assert float(found) == pytest.approx(cosine, abs=1e-6)
    plural = sensegrep.compare(RIVER, "the [[banks]] of the lake", model="fake:16")
    assert plural.probability is not None and plural.notes == []
    [(_, listed, _)] = api.compare_pairs([(7, RIVER, SHORE, None)], model="fake:16")
    assert listed.notes == [TWO_WORDS] and listed.probability is None


def test_cli_says_two_different_words_have_no_probability(runner, tmp_path, calibrated_fake):
    code, out, err = run(runner, tmp_path / "none", "compare", RIVER, SHORE, "--model", "fake:16")
    expected = sensegrep.compare(RIVER, SHORE, model="fake:16")
    assert code == 0 and out == f"{float(expected):.4f}\n"
    assert TWO_WORDS in err and "same sense" not in err
    code, out, err = run(
        runner, tmp_path / "none", "compare", RIVER, SHORE, "--model", "fake:16",
        "--format", "jsonl",
    )  # fmt: skip
    record = json.loads(out)
    assert record["probability"] is None and record["notes"] == [TWO_WORDS]
    assert record["score"] == pytest.approx(float(expected), abs=1e-5)


@pytest.mark.model
def test_the_default_encoder_is_calibrated_and_tells_senses_apart():
    same = sensegrep.compare(
        "we had a picnic on the grassy [[bank]] of the river",
        "the boat drifted towards the muddy [[bank]] of the stream",
    )
    different = sensegrep.compare(
        "we had a picnic on the grassy [[bank]] of the river",
        "she paid the cheque into her account at the [[bank]]",
    )
    assert same.probability is not None and different.probability is not None
    assert same.probability > 0.5 > different.probability
    assert same.text().startswith("same sense: ")


def test_a_word_given_is_never_dropped_for_the_marked_one():
    """Issue 23 (new-user pass): two usages marking bank compared with the word spring gave
    bank's figures, the word typed silently unused; a word that occurs twice in an unmarked
    usage was compared at its first occurrence, unsaid. Both are one-line errors naming
    the usage; the marked word by its lemma or form still agrees with the word given."""
    river, money = "the [[bank]] of the river", "the [[bank]] raised rates"
    with pytest.raises(sensegrep.QueryError, match="marks 'bank' with \\[\\[ \\]\\], not"):
        sensegrep.compare(river, money, word="spring", model="fake:16")
    with pytest.raises(sensegrep.QueryError, match="'bank' occurs 2 times in the usage"):
        sensegrep.compare("the bank of the bank", "the bank raised rates", word="bank",
                          model="fake:16")  # fmt: skip
    same = sensegrep.compare(river, money, model="fake:16")
    assert float(sensegrep.compare(river, money, word="bank", model="fake:16")) == float(same)
    plural = sensegrep.compare("the [[banks]] of the river", money, word="bank", model="fake:16")
    unmarked = sensegrep.compare("the banks of the river", money, word="bank", model="fake:16")
    assert float(plural) == pytest.approx(float(unmarked))
    pairs = [(1, river, money, None), (2, "the bank of the bank", "a bank", None)]
    found = list(api.compare_pairs(pairs, word="bank", model="fake:16"))
    assert found[0][1] is not None and found[1][1] is None and "occurs 2 times" in found[1][2]
