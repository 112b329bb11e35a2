"""Fit the calibration that turns `compare`'s cosine into P(same sense), per encoder.

For each encoder (the presets with their default projection and without one), the
cosines of the two targets of every WiC train and dev pair are computed as `eval wic`
computes them (sensegrep.evaluate.wic.cosines) and cached in --cache (embedding WiC
train takes minutes on two cores). Platt scaling and isotonic regression are fitted on
train only; dev measures them: accuracy at P = 0.5 against the best cosine threshold
(fitted on train, as `eval wic` does), and the expected calibration error (10 bins)
of the raw cosine read as a probability and of each calibration. The method with the
lowest dev ECE among those within 1 point of the threshold's accuracy is kept (Platt
on a tie within 0.005: two numbers, a smooth curve). --write stores the kept fits in
sensegrep/search/calibration.json, keyed by each encoder's settings.

    .venv/bin/python benchmarks/calibrate_compare.py --write --out /tmp/calibration.md
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run from a checkout without installing the package
sys.path.insert(0, str(REPO / "benchmarks"))

from evaluation_data import shared_data  # noqa: E402

from sensegrep.embedder import load_embedder  # noqa: E402
from sensegrep.embedder.base import Embedder  # noqa: E402
from sensegrep.evaluate import wic  # noqa: E402
from sensegrep.search import calibration as calib  # noqa: E402
from sensegrep.search.compare import compare_pairs  # noqa: E402

# (model, projection: None = the preset's default, "none" = the plain layers)
ENCODERS = [("mpnet", None), ("mpnet", "none"), ("minilm", None), ("minilm", "none")]
COMMAND = "python benchmarks/calibrate_compare.py --write"
TIE = 0.005


def main() -> None:
    args = parse_args()
    root = shared_data() / "wic"
    train_pairs, train_gold = wic.read_wic(root / "train")
    dev_pairs, dev_gold = wic.read_wic(root / "dev")
    entries, lines, checks = [], [header(len(train_gold), len(dev_gold))], []
    shipped = ["", "Shipped (lowest dev ECE within 1 point of the threshold's accuracy):"]
    for model, projection in args.encoders:
        started = time.perf_counter()
        embedder = load_embedder(model, projection=projection)
        train = cached_cosines(embedder, train_pairs, "train", args.cache)
        dev = cached_cosines(embedder, dev_pairs, "dev", args.cache)
        name = described(model, embedder)
        print(f"{name}: cosines in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        kept, rows = measure(train, train_gold, dev, dev_gold)
        lines += [f"| {name} | {row}" for row in rows]
        shipped.append(f"- {name}: {kept.method}; {chance_ece(kept.probabilities(dev))}")
        entries.append(entry(embedder, name, kept, len(train_gold)))
        if args.check_compare and not checks:
            checks.append(check_compare(embedder, name, dev_pairs, dev, dev_gold, kept))
    text = "\n".join(lines + shipped + checks) + f"\n\nCommand: `{COMMAND}`\n"
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    if args.write:
        calib.CALIBRATION_FILE.write_text(calibration_file(entries), encoding="utf-8")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/calib-cosines"))
    parser.add_argument("--out", type=Path, help="also write the markdown table here")
    parser.add_argument("--write", action="store_true", help="update calibration.json")
    parser.add_argument(
        "--check-compare",
        action="store_true",
        help="also score WiC dev through `compare` (its own tokeniser) with the first fit",
    )
    parser.add_argument(
        "--only", choices=sorted({m for m, _ in ENCODERS}), help="one preset's encoders only"
    )
    args = parser.parse_args()
    args.encoders = [e for e in ENCODERS if args.only in (None, e[0])]
    return args


def cached_cosines(embedder: Embedder, pairs: list, split: str, cache: Path) -> np.ndarray:
    """WiC cosines of ``split`` for this encoder, from the cache when present."""
    key = calib.encoder_key(embedder.config) | {"precision": embedder.config.precision}
    digest = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:16]
    path = cache / f"{digest}-{split}-{len(pairs)}.npy"
    if path.is_file():
        return np.load(path)
    cache.mkdir(parents=True, exist_ok=True)
    cosines = wic.cosines(embedder, pairs)
    np.save(path, cosines)
    return cosines


def measure(
    train: np.ndarray, train_gold: np.ndarray, dev: np.ndarray, dev_gold: np.ndarray
) -> tuple[calib.Calibration, list[str]]:
    """The kept calibration and one table row per way of reading the cosine."""
    threshold = wic.fit_threshold(train, train_gold)
    best = wic.accuracy(dev, dev_gold, threshold)
    raw = np.clip(dev, 0.0, 1.0)
    rows = [
        f"cosine ≥ {threshold:.3f} (best on train) | {100 * best:.1f} | "
        f"{calib.expected_calibration_error(raw, dev_gold):.3f} | "
        f"{calib.log_loss(raw, dev_gold):.3f} | raw cosine as P |"
    ]
    fits = {
        calib.PLATT: calib.fit_platt(train, train_gold),
        calib.ISOTONIC: calib.fit_isotonic(train, train_gold),
    }
    scores = {}
    for method, fitted in fits.items():
        p = fitted.probabilities(dev)
        accuracy = float(np.mean((p >= 0.5) == dev_gold))
        ece = calib.expected_calibration_error(p, dev_gold)
        scores[method] = (accuracy, ece)
        rows.append(
            f"{method}: P ≥ 0.5 | {100 * accuracy:.1f} | {ece:.3f} | "
            f"{calib.log_loss(p, dev_gold):.3f} | {fitted_numbers(fitted)} |"
        )
    return fits[choose(scores, best)], rows


def check_compare(
    embedder: Embedder,
    name: str,
    pairs: list[wic.Pair],
    dev: np.ndarray,
    gold: np.ndarray,
    kept: calib.Calibration,
) -> str:
    """WiC dev as `compare` sees it: each sentence re-tokenised from its text with the
    target marked [[ ]]; how far its cosines are from `eval wic`'s, and the kept fit on
    them."""
    marked = [(n, _marked(p.words1, p.target1), _marked(p.words2, p.target2), None)
              for n, p in enumerate(pairs)]  # fmt: skip
    found = {n: cosine for n, cosine, _ in compare_pairs(embedder, marked, None)}
    seen = np.array([n in found and found[n] is not None for n in range(len(pairs))])
    cosines = np.array([found.get(n) or 0.0 for n in range(len(pairs))])[seen]
    p = kept.probabilities(cosines)
    accuracy = float(np.mean((p >= 0.5) == gold[seen]))
    return (
        f"\nThrough `compare` ({name}; {int(seen.sum())} of {len(pairs)} dev pairs compared): "
        f"mean |cosine − eval wic's| {np.mean(np.abs(cosines - dev[seen])):.4f}; "
        f"P ≥ 0.5 accuracy {100 * accuracy:.1f}, "
        f"ECE {calib.expected_calibration_error(p, gold[seen]):.3f}."
    )


def _marked(words: list[str], target: int) -> str:
    return " ".join([*words[:target], f"[[{words[target]}]]", *words[target + 1 :]])


def chance_ece(probabilities: np.ndarray, draws: int = 2000) -> str:
    """The ECE a perfectly calibrated P would show on these pairs by chance alone: gold
    labels drawn from P itself (seeded), so a dev ECE near it is as good as dev can tell."""
    rng = np.random.default_rng(0)
    found = [
        calib.expected_calibration_error(
            probabilities, rng.random(len(probabilities)) < probabilities
        )
        for _ in range(draws)
    ]
    return (
        f"a perfectly calibrated P would show a dev ECE of {np.mean(found):.3f} by chance "
        f"(95th percentile {np.percentile(found, 95):.3f})"
    )


def choose(scores: dict[str, tuple[float, float]], best: float) -> str:
    """Lowest dev ECE among the methods within 1 point of the threshold's accuracy (all
    of them if none is); Platt unless another is better by more than TIE."""
    within = {m: s for m, s in scores.items() if s[0] >= best - 0.01} or scores
    lowest = min(ece for _, ece in within.values())
    if calib.PLATT in within and within[calib.PLATT][1] <= lowest + TIE:
        return calib.PLATT
    return min(within, key=lambda m: within[m][1])


def fitted_numbers(fitted: calib.Calibration) -> str:
    if fitted.method == calib.PLATT:
        return f"slope {fitted.slope:.2f}, intercept {fitted.intercept:.2f}"
    return f"{len(fitted.xs)} points"


def entry(embedder: Embedder, name: str, kept: calib.Calibration, n_train: int) -> dict:
    return {
        "name": f"{name}, WiC train ({n_train} pairs)",
        "encoder": calib.encoder_key(embedder.config),
        "precisions": list(calib.FLOAT_PRECISIONS),
        "calibration": kept.to_dict(),
    }


def calibration_file(entries: list[dict]) -> str:
    """The JSON of calibration.json, one encoder a line (short diffs on a refit)."""
    lines = ",\n  ".join(json.dumps(e, ensure_ascii=False) for e in entries)
    return f'{{"command": {json.dumps(COMMAND)},\n "calibrations": [\n  {lines}\n ]}}\n'


def described(model: str, embedder: Embedder) -> str:
    projection = embedder.config.projection
    return f"{model} + {Path(projection).name}" if projection else f"{model}, no projection"


def header(n_train: int, n_dev: int) -> str:
    return (
        f"Fitted on WiC train ({n_train} pairs), measured on WiC dev ({n_dev} pairs); "
        "ECE: 10 equal-width bins of P(same sense); log loss on dev.\n\n"
        "| encoder | read as | dev accuracy | dev ECE | dev log loss | fit |\n"
        "|---|---|---|---|---|---|"
    )


if __name__ == "__main__":
    main()
