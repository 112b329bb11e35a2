"""The calibration behind compare's probability: the fits on a small synthetic set, the
expected calibration error, the lookup by encoder, and the shipped numbers."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from sensegrep.digests import file_sha256
from sensegrep.embedder import DEFAULT_MODEL
from sensegrep.embedder import projection as proj
from sensegrep.embedder.fake import FakeEmbedder
from sensegrep.search import calibration as calib

COSINES = np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8])
SAME = np.array([False, False, True, False, True, False, True, True])


def test_platt_fit_on_a_synthetic_set():
    # The same optimum as scipy's BFGS on Platt's smoothed targets (5/6, 1/6).
    fitted = calib.fit_platt(COSINES, SAME)
    assert fitted.method == calib.PLATT
    assert fitted.slope == pytest.approx(3.4570398, abs=1e-6)
    assert fitted.intercept == pytest.approx(-1.5556679, abs=1e-6)
    assert fitted.probability(0.45) == pytest.approx(
        1 / (1 + np.exp(-3.4570398 * 0.45 + 1.5556679))
    )


def test_platt_stays_finite_when_the_classes_separate():
    fitted = calib.fit_platt(np.array([0.1, 0.2, 0.8, 0.9]), np.array([False, False, True, True]))
    assert np.isfinite(fitted.slope) and fitted.probability(0.5) == pytest.approx(0.5)


def test_isotonic_fit_on_a_synthetic_set():
    fitted = calib.fit_isotonic(COSINES, SAME)
    # Pooled blocks: 0.1–0.2 → 0, 0.3–0.6 → 0.5, 0.7–0.8 → 1, each kept by its ends;
    # the end blocks' 0 and 1 of two pairs each become Laplace's 1/4 and 3/4.
    assert fitted.xs == (0.1, 0.2, 0.3, 0.6, 0.7, 0.8)
    assert fitted.ys == (0.25, 0.25, 0.5, 0.5, 0.75, 0.75)
    probabilities = fitted.probabilities(np.array([0.0, 0.25, 0.45, 0.65, 1.0]))
    assert probabilities.tolist() == pytest.approx([0.25, 0.375, 0.5, 0.625, 0.75])


def test_isotonic_ends_stay_below_their_neighbours():
    # A lone different-sense pair at the bottom (0 → 1/3) under a block at 0.2 of 1,000
    # pairs: the end is held at 0.2, never above the next block.
    cosines = np.concatenate([[0.0], np.linspace(0.1, 0.9, 1000), [1.0]])
    same = np.concatenate([[False], np.arange(1000) % 5 == 0, [True]])
    fitted = calib.fit_isotonic(cosines, same)
    assert fitted.ys[0] == pytest.approx(0.2) and fitted.ys[-1] == pytest.approx(2 / 3)
    assert (np.diff(fitted.ys) >= 0).all()


def test_expected_calibration_error():
    probabilities = np.array([0.05, 0.15, 0.55, 0.95, 1.0])
    same = np.array([False, True, True, True, True])
    # bins 0, 1, 5, 9 (1.0 counts in the last): (0.05 + 0.85 + 0.45 + 0.025·2) / 5
    assert calib.expected_calibration_error(probabilities, same) == pytest.approx(0.28)
    assert calib.expected_calibration_error(
        np.array([0.3, 0.3, 0.3]), np.array([1, 0, 0]) == 1
    ) == (pytest.approx(1 / 30))


def test_a_calibration_survives_its_json_form():
    for fitted in (calib.fit_platt(COSINES, SAME), calib.fit_isotonic(COSINES, SAME)):
        again = calib.Calibration.from_dict(fitted.to_dict())
        assert again.probabilities(COSINES).tolist() == fitted.probabilities(COSINES).tolist()


def test_only_the_encoder_it_was_fitted_for_gets_it(calibrated_fake):
    config = FakeEmbedder(16).config
    assert calib.calibration_for(config).probability(0.85) == pytest.approx(0.5)
    assert calib.calibration_for(FakeEmbedder(8).config) is None
    assert calib.calibration_for(replace(config, projection="p", projection_sha256="ab")) is None
    assert calib.calibration_for(replace(config, precision="int8")) is None
    assert calib.calibration_for(replace(config, runtime="onnx")) is not None


def test_the_shipped_calibration_is_for_the_default_encoder():
    """Fails when the default model or its projection changes (or the projection is
    retrained) without `python benchmarks/calibrate_compare.py --write`."""
    name, path = proj.resolve(proj.PRESET_DEFAULT[DEFAULT_MODEL])
    mapping = proj.Projection.load(path)
    default = {
        "model": DEFAULT_MODEL,
        "layers": list(mapping.layers),
        "pooling": "scalar_mix",
        "weights": list(mapping.weights),
        "projection": name,
        "projection_sha256": file_sha256(path),
        "adapter": mapping.adapter,
    }
    found = [e for e in calib._shipped() if {k: e["encoder"][k] for k in default} == default]
    assert len(found) == 1, "no shipped calibration for the default encoder: refit it"
    assert "fp32" in found[0]["precisions"]


def test_every_shipped_calibration_is_a_probability_rising_with_the_cosine():
    cosines = np.linspace(-1.0, 1.0, 201)
    for entry in calib._shipped():
        assert set(entry["encoder"]) == set(calib.ENCODER_FIELDS), entry["name"]
        p = calib.Calibration.from_dict(entry["calibration"]).probabilities(cosines)
        assert ((p >= 0) & (p <= 1)).all() and (np.diff(p) >= 0).all(), entry["name"]
