"""How likely two usages share a sense, read from their cosine.

A raw cosine cannot be read on its own: where "same sense" begins differs by encoder
(the best WiC threshold is 0.73 for the default encoder, 0.88 for minilm's, 0.41 for
plain mpnet) and nothing on the scale says how sure a score is. A calibration maps one
encoder's cosine to the probability that the two usages are the same sense, fitted on
WiC train pairs (``benchmarks/calibrate_compare.py``).
The fitted numbers ship in ``calibration.json`` beside this module, each under the
encoder settings that shape its vectors (model, layers, pooling, projection and adapter
with their SHA-256, number format), so a changed encoder never uses another's numbers:
it gets no calibration, and compare says "cosine only".
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from sensegrep.embedder.base import EmbedderConfig

CALIBRATION_FILE = Path(__file__).with_name("calibration.json")
PLATT = "platt"
ISOTONIC = "isotonic"
# The encoder settings a calibration is keyed by: everything that moves the vectors.
# The runtime is left out (ONNX Runtime's fp32 vectors are at cosine >= 0.99999 to
# torch's); the precision is kept in `precisions`, the formats the fit holds for.
ENCODER_FIELDS = (
    "model",
    "layers",
    "pooling",
    "weights",
    "gamma",
    "projection",
    "projection_sha256",
    "adapter",
    "adapter_sha256",
)
# bf16 vectors of mpnet are at cosine 0.9999 to fp32's (BENCHMARKS.md, issue 9): one fit
# serves both. int8 moves them (mean cosine 0.97) and would need a fit of its own.
FLOAT_PRECISIONS = ("fp32", "bf16")


@dataclass(frozen=True)
class Calibration:
    """A map from cosine to P(same sense). ``platt``: 1 / (1 + exp(-(slope·cos +
    intercept))); ``isotonic``: a non-decreasing piecewise-linear curve through
    (``xs``, ``ys``), flat beyond its ends."""

    method: str
    slope: float = 0.0
    intercept: float = 0.0
    xs: tuple[float, ...] = ()
    ys: tuple[float, ...] = ()
    name: str = ""  # what it was fitted for, in words ("mpnet + mpnet-semcor, WiC train")

    def probability(self, cosine: float) -> float:
        return float(self.probabilities(np.array([cosine], dtype=np.float64))[0])

    def probabilities(self, cosines: np.ndarray) -> np.ndarray:
        values = np.asarray(cosines, dtype=np.float64)
        if self.method == PLATT:
            return 1.0 / (1.0 + np.exp(-(self.slope * values + self.intercept)))
        return np.interp(values, self.xs, self.ys)

    def to_dict(self) -> dict[str, Any]:
        if self.method == PLATT:
            return {"method": PLATT, "slope": self.slope, "intercept": self.intercept}
        return {"method": ISOTONIC, "xs": list(self.xs), "ys": list(self.ys)}

    @classmethod
    def from_dict(cls, data: dict[str, Any], name: str = "") -> Calibration:
        if data["method"] == PLATT:
            return cls(PLATT, float(data["slope"]), float(data["intercept"]), name=name)
        xs = tuple(float(x) for x in data["xs"])
        return cls(ISOTONIC, xs=xs, ys=tuple(float(y) for y in data["ys"]), name=name)


def encoder_key(config: EmbedderConfig) -> dict[str, Any]:
    """The settings of ``config`` that a calibration is fitted for (JSON values)."""
    data = config.to_dict()
    return {field: data[field] for field in ENCODER_FIELDS}


def calibration_for(config: EmbedderConfig) -> Calibration | None:
    """The shipped calibration of this encoder, or None when none was fitted for it."""
    key = encoder_key(config)
    for entry in _shipped():
        if entry["encoder"] == key and config.precision in entry["precisions"]:
            return Calibration.from_dict(entry["calibration"], entry.get("name", ""))
    return None


@cache
def _shipped() -> tuple[dict[str, Any], ...]:
    return tuple(json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))["calibrations"])


# -- fitting (benchmarks/calibrate_compare.py) ------------------------------------------


def fit_platt(cosines: np.ndarray, gold: np.ndarray, iterations: int = 100) -> Calibration:
    """Platt scaling: the logistic curve of most likelihood, by Newton's method, against
    Platt's smoothed targets ((n₊ + 1) / (n₊ + 2) and 1 / (n₋ + 2)), which keep the fit
    finite when the classes separate."""
    x = np.asarray(cosines, dtype=np.float64)
    positive = np.asarray(gold, dtype=bool)
    n_pos, n_neg = int(positive.sum()), int((~positive).sum())
    target = np.where(positive, (n_pos + 1) / (n_pos + 2), 1 / (n_neg + 2))
    design = np.stack([x, np.ones_like(x)], axis=1)
    params = np.zeros(2)
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(design @ params)))
        gradient = design.T @ (p - target)
        hessian = design.T @ (design * (p * (1 - p))[:, None]) + 1e-12 * np.eye(2)
        step = np.linalg.solve(hessian, gradient)
        params -= step
        if np.max(np.abs(step)) < 1e-12:
            break
    return Calibration(PLATT, slope=float(params[0]), intercept=float(params[1]))


def fit_isotonic(cosines: np.ndarray, gold: np.ndarray) -> Calibration:
    """Isotonic regression (pool adjacent violators) of same sense on cosine; the
    curve keeps each pooled block's first and last cosine, as scikit-learn's does.
    Only the lowest and the highest block can reach 0 or 1 (a block between them lies
    strictly between its neighbours), and a certainty drawn from a few pairs is not
    one: those two get Laplace's estimate, (same + 1) / (pairs + 2)."""
    from sklearn.isotonic import IsotonicRegression

    x = np.asarray(cosines, dtype=np.float64)
    fitted = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip")
    fitted.fit(x, np.asarray(gold, dtype=np.float64))
    fitted_ys = np.array(fitted.y_thresholds_, dtype=np.float64)
    block_of = fitted.predict(x)
    low, high = fitted_ys[0], fitted_ys[-1]
    ys = fitted_ys.copy()
    if low < high:  # one block for every cosine: nothing to say, keep its share
        between = fitted_ys[(fitted_ys > low) & (fitted_ys < high)]
        above_low = between[0] if between.size else high
        below_high = between[-1] if between.size else low
        # never past the neighbouring block, so the curve stays monotone
        ys[fitted_ys == low] = min(_laplace(low, block_of), above_low)
        ys[fitted_ys == high] = max(_laplace(high, block_of), below_high)
    xs = tuple(round(float(v), 6) for v in fitted.X_thresholds_)
    return Calibration(ISOTONIC, xs=xs, ys=tuple(round(float(v), 6) for v in ys))


def _laplace(share: float, block_of: np.ndarray) -> float:
    """(same + 1) / (pairs + 2) of the block of train pairs fitted to ``share``."""
    pairs = int(np.sum(block_of == share))
    return (share * pairs + 1) / (pairs + 2)


def expected_calibration_error(
    probabilities: np.ndarray, gold: np.ndarray, bins: int = 10
) -> float:
    """ECE of P(same sense): the mean over equal-width probability bins, weighted by
    their pairs, of |share of same-sense pairs − mean probability|."""
    p = np.clip(np.asarray(probabilities, dtype=np.float64), 0.0, 1.0)
    truth = np.asarray(gold, dtype=np.float64)
    which = np.minimum((p * bins).astype(int), bins - 1)
    error = 0.0
    for b in range(bins):
        inside = which == b
        if inside.any():
            error += inside.mean() * abs(truth[inside].mean() - p[inside].mean())
    return float(error)


def log_loss(probabilities: Sequence[float] | np.ndarray, gold: np.ndarray) -> float:
    p = np.clip(np.asarray(probabilities, dtype=np.float64), 1e-6, 1 - 1e-6)
    truth = np.asarray(gold, dtype=bool)
    return float(-np.mean(np.where(truth, np.log(p), np.log(1 - p))))
