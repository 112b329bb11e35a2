"""Choose which hidden layers make a model's word vectors, on development data.

For each candidate layer set (every single layer, the last 2, the last 4, all), measure:
  * CoarseWSD-20 train: leave-one-out 1-NN sense accuracy and precision@10 (the fraction
    of an occurrence's 10 nearest occurrences of the same word that share its sense),
    on a sense-balanced subsample (at most --per-sense occurrences per sense, fixed seed),
    macro-averaged over the 20 words;
  * WiC train: same-sense accuracy from the cosine of the two target words, with the
    threshold fitted on one half of a --wic-pairs subsample and scored on the other
    (2-fold), so the number is not a fit to itself.
The model runs once (embed_layers); layer sets are combined in numpy afterwards.
Only train splits are used: WiC dev and the WSD evaluation sets stay untouched.

    .venv/bin/python benchmarks/choose_layers.py --out /tmp/layers.md
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run from a checkout without installing the package
sys.path.insert(0, str(REPO / "benchmarks"))

from evaluation_data import as_columns, coarsewsd_train, shared_data  # noqa: E402


@dataclass
class Occurrences:
    """Target words to embed: sentence, index of the target in it, and a label."""

    sentences: list[list[str]]
    targets: list[int]
    labels: list[str]


def load_coarsewsd(root: Path, per_sense: int, seed: int) -> dict[str, Occurrences]:
    """Per word, at most ``per_sense`` train occurrences of each sense (seeded), in file
    order."""
    rng = random.Random(seed)
    by_word = {}
    for word, occurrences in coarsewsd_train(root).items():
        by_sense: dict[str, list[int]] = defaultdict(list)
        for i, (_words, _target, label) in enumerate(occurrences):
            by_sense[label].append(i)
        chosen = sorted(
            i for rows in by_sense.values() for i in rng.sample(rows, min(per_sense, len(rows)))
        )
        by_word[word] = Occurrences(*as_columns([occurrences[i] for i in chosen]))
    return by_word


def load_wic(root: Path, n_pairs: int, seed: int) -> tuple[Occurrences, np.ndarray]:
    """WiC pairs as 2n occurrences (s1 of pair k at 2k, s2 at 2k + 1) and gold same-sense."""
    lines = (root / "wic" / "train" / "train.data.txt").read_text(encoding="utf-8").splitlines()
    gold = (root / "wic" / "train" / "train.gold.txt").read_text(encoding="utf-8").split()
    chosen = sorted(random.Random(seed).sample(range(len(lines)), min(n_pairs, len(lines))))
    occ = Occurrences([], [], [])
    for i in chosen:
        _, _, indices, s1, s2 = lines[i].split("\t")
        for sentence, index in zip((s1, s2), indices.split("-"), strict=True):
            occ.sentences.append(sentence.split(" "))
            occ.targets.append(int(index))
            occ.labels.append(gold[i])
    return occ, np.array([gold[i] == "T" for i in chosen])


def target_layers(embedder, occ: Occurrences) -> np.ndarray:
    """(n_occurrences, n_layers, dim): every hidden layer of each target word."""
    out = embedder.embed_layers(occ.sentences)
    return np.stack([layers[:, t] for layers, t in zip(out, occ.targets, strict=True)])


def unit(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12)


def nn_scores(vectors: np.ndarray, labels: list[str], k: int = 10) -> tuple[float, float]:
    """Leave-one-out 1-NN accuracy and mean precision@k by cosine."""
    v = unit(vectors)
    sims = v @ v.T
    np.fill_diagonal(sims, -np.inf)
    lab = np.asarray(labels)
    k = min(k, len(lab) - 1)
    order = np.argsort(-sims, axis=1)[:, :k]
    same = lab[order] == lab[:, None]
    return float(same[:, 0].mean()), float(same.mean())


def wic_accuracy(vectors: np.ndarray, gold: np.ndarray) -> float:
    """2-fold: threshold fitted on one half of the pairs, accuracy on the other."""
    v = unit(vectors)
    cos = np.einsum("id,id->i", v[0::2], v[1::2])
    half = np.arange(len(gold)) % 2 == 0
    accs = []
    for fit in (half, ~half):
        threshold = best_threshold(cos[fit], gold[fit])
        accs.append(float(((cos[~fit] >= threshold) == gold[~fit]).mean()))
    return float(np.mean(accs))


def best_threshold(cos: np.ndarray, gold: np.ndarray) -> float:
    candidates = np.sort(cos)
    accs = [((cos >= t) == gold).mean() for t in candidates]
    return float(candidates[int(np.argmax(accs))])


def candidate_sets(n_hidden: int) -> dict[str, tuple[int, ...]]:
    top = n_hidden - 1
    sets = {f"layer {i}": (i,) for i in range(n_hidden)}
    sets[f"last 2 ({top - 1}-{top})"] = (top - 1, top)
    sets[f"last 4 ({top - 3}-{top})"] = tuple(range(top - 3, top + 1))
    sets[f"all (0-{top})"] = tuple(range(n_hidden))
    return sets


def evaluate(coarse: dict[str, tuple[np.ndarray, list[str]]], wic, layers) -> dict[str, float]:
    per_word = np.array([nn_scores(v[:, layers].mean(axis=1), lab) for v, lab in coarse.values()])
    nn, p10 = per_word.mean(axis=0)
    wic_vectors, wic_gold = wic
    scores = {
        "coarse_1nn": float(nn),
        "coarse_p10": float(p10),
        "wic": wic_accuracy(wic_vectors[:, layers].mean(axis=1), wic_gold),
    }
    scores["score"] = float(np.mean(list(scores.values())))
    return scores


def table(results: dict[str, dict[str, float]], chosen: str) -> str:
    rows = [
        "| layers | CoarseWSD-20 1-NN | CoarseWSD-20 P@10 | WiC acc (2-fold) | mean |",
        "|---|---|---|---|---|",
    ]
    for name, s in results.items():
        mark = " **(chosen)**" if name == chosen else ""
        rows.append(
            f"| {name}{mark} | {s['coarse_1nn']:.3f} | {s['coarse_p10']:.3f} | "
            f"{s['wic']:.3f} | {s['score']:.3f} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="minilm")
    parser.add_argument("--per-sense", type=int, default=60)
    parser.add_argument("--wic-pairs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--out", type=Path, help="write a markdown section here")
    args = parser.parse_args(argv)

    root = shared_data()
    if not (root / "coarsewsd20").is_dir() or not (root / "wic").is_dir():
        print(f"skipped: shared data not found at {root} (set SENSEGREP_SHARED_DATA)")
        return 0

    from sensegrep.embedder.transformer import TransformerEmbedder

    embedder = TransformerEmbedder.load(args.model)
    start = time.perf_counter()
    coarse_occ = load_coarsewsd(root, args.per_sense, args.seed)
    wic_occ, wic_gold = load_wic(root, args.wic_pairs, args.seed)
    coarse = {w: (target_layers(embedder, o), o.labels) for w, o in coarse_occ.items()}
    wic = (target_layers(embedder, wic_occ), wic_gold)
    n_coarse = sum(len(o.labels) for o in coarse_occ.values())
    elapsed = time.perf_counter() - start

    sets = candidate_sets(embedder.n_hidden_states)
    results = {name: evaluate(coarse, wic, list(layers)) for name, layers in sets.items()}
    chosen = max(results, key=lambda name: results[name]["score"])
    command = "python benchmarks/choose_layers.py" + "".join(
        f" {a}" for a in (argv if argv is not None else sys.argv[1:])
    )
    summary = (
        f"model `{embedder.config.model}`, {n_coarse} CoarseWSD-20 train occurrences "
        f"(≤{args.per_sense} per sense, 20 words), {len(wic_gold)} WiC train pairs, "
        f"seed {args.seed}; embedding took {elapsed:.0f} s"
    )
    text = table(results, chosen)
    print(summary)
    print(text)
    print(f"chosen: {chosen} = hidden states {sets[chosen]}")
    if args.out:
        args.out.write_text(markdown(summary, text, chosen, sets[chosen], command), "utf-8")
        print(f"wrote {args.out}")
    return 0


def markdown(summary: str, text: str, chosen: str, layers, command: str) -> str:
    return (
        "## Choosing the default layers\n\n"
        "Which hidden states (0 = input embeddings) make a word vector, chosen on train "
        "data only (dev and test sets stay unseen). CoarseWSD-20 scores are leave-one-out "
        "nearest neighbours among a word's occurrences on a sense-balanced subsample, "
        "macro-averaged over words; WiC is the cosine of the two targets against a threshold "
        "fitted on the other half of the pairs. `mean` is the plain mean of the three.\n\n"
        f"{summary}.\n\n{text}\n\n"
        f"Chosen: **{chosen}**, i.e. `layers={tuple(layers)}` with mean pooling.\n\n"
        f"```\n{command}\n```\n"
    )


if __name__ == "__main__":
    sys.exit(main())
