"""Choose how `sensegrep senses` picks the number of senses, on labelled development data.

Each method clusters a word's occurrence vectors (the default encoder, as an index
stores them) and is scored against the gold senses with the adjusted Rand index (ARI)
and V-measure, averaged over words (macro), per data set:

  * SemCor (Raganato XML): a seeded sample of lemmas with at least --min-count tagged
    occurrences, whatever their number of senses (fine-grained WordNet senses; many
    lemmas have one dominant sense);
  * CoarseWSD-20 train: all 20 nouns (coarse senses, natural sense distribution, so
    "bank" is 96 % the money sense and "pitcher" almost only the baseball one);
  * Senseval line / hard / serve / interest (NLTK packaging).

At most --per-word occurrences per word are drawn at random (fixed seed), keeping the
natural sense distribution: a method that splits a one-sense word is penalised, as it
should be. Gold k counts the senses that hold at least 10 % of a word's sample.
Embedding the ~8,000 sentences takes about two minutes on 2 CPU cores; --cache keeps
the vectors between runs.

    .venv/bin/python benchmarks/sense_induction.py --out /tmp/sense_induction.md
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import sys
import time
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run from a checkout without installing the package
sys.path.insert(0, str(REPO / "benchmarks"))

from evaluation_data import Occurrence, as_columns, coarsewsd_train, shared_data  # noqa: E402


@dataclass
class Word:
    """One word's sampled occurrences: sentence, index of the target, gold sense."""

    dataset: str
    name: str
    sentences: list[list[str]]
    targets: list[int]
    gold: list[str]


def sample(rng: random.Random, items: list, n: int) -> list:
    return items if len(items) <= n else rng.sample(items, n)


# -- data -------------------------------------------------------------------------------


def load_semcor(root: Path, n_words: int, per_word: int, min_count: int, seed: int) -> list[Word]:
    from sensegrep.indexer.readers import read_documents

    found: dict[str, list[Occurrence]] = defaultdict(list)
    for doc in read_documents(root / "semcor" / "semcor.data.xml", "raganato"):
        if isinstance(doc, Exception):
            raise doc
        for sentence in doc.sentences:
            words = sentence.words
            for i, token in enumerate(sentence.tokens):
                if token.label and token.lemma:
                    # Several gold keys: the first, as WSD evaluations commonly do.
                    found[token.lemma.lower()].append((words, i, token.label.split()[0]))
    rng = random.Random(seed)
    eligible = sorted(lemma for lemma, occ in found.items() if len(occ) >= min_count)
    return [
        _word("SemCor", lemma, sample(rng, found[lemma], per_word))
        for lemma in sorted(rng.sample(eligible, min(n_words, len(eligible))))
    ]


def load_coarsewsd(root: Path, per_word: int, seed: int) -> list[Word]:
    rng = random.Random(seed)
    return [
        _word("CoarseWSD-20", word, sample(rng, occurrences, per_word))
        for word, occurrences in coarsewsd_train(root).items()
    ]


_INSTANCE = re.compile(r"<instance .*?</instance>", re.S)
_ANSWER = re.compile(r'senseid="([^"]+)"')
_TOKEN = re.compile(r"(<head>\s*)?<wf[^>]*>([^<]*)</wf>")


def load_senseval(root: Path, per_word: int, seed: int) -> list[Word]:
    rng = random.Random(seed)
    out = []
    with zipfile.ZipFile(root / "senseval_nltk" / "senseval.zip") as archive:
        for name in ("hard", "interest", "line", "serve"):
            text = archive.read(f"senseval/{name}.pos").decode("utf-8", "replace")
            occ = [_senseval_instance(block) for block in _INSTANCE.findall(text)]
            occ = [o for o in occ if o is not None]
            out.append(_word("Senseval", name, sample(rng, occ, per_word)))
    return out


def _senseval_instance(block: str) -> Occurrence | None:
    answer = _ANSWER.search(block)
    words, target = [], None
    for head, word in _TOKEN.findall(block):
        if head:
            target = len(words)
        words.append(word)
    if answer is None or target is None:
        return None
    return words, target, answer.group(1)


def _word(dataset: str, name: str, occ: list[Occurrence]) -> Word:
    return Word(dataset, name, *as_columns(occ))


# -- vectors ----------------------------------------------------------------------------


def embed_words(words: list[Word], model: str, cache: Path | None) -> list[np.ndarray]:
    """The target's vector in every occurrence, as `sensegrep index` would store it."""
    key = hashlib.sha256(
        repr([(w.name, w.sentences, w.targets) for w in words]).encode() + model.encode()
    ).hexdigest()[:16]
    path = cache / f"sense_induction-{key}.npz" if cache else None
    if path is not None and path.exists():
        stored = np.load(path)
        return [stored[str(i)] for i in range(len(words))]
    from sensegrep.embedder import load_embedder

    embedder = load_embedder(model)
    out = []
    for w in words:
        vectors = embedder.embed(w.sentences)
        # fp16, as the index's shards hold them.
        out.append(
            np.stack([v[t] for v, t in zip(vectors, w.targets, strict=True)]).astype(np.float16)
        )
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez(path, **{str(i): v for i, v in enumerate(out)})
    return [v.astype(np.float32) for v in out]


def gold_k(gold: list[str], min_share: float = 0.10) -> int:
    counts = Counter(gold)
    return sum(c / len(gold) >= min_share for c in counts.values())


# -- methods ----------------------------------------------------------------------------

DATASETS = ("SemCor", "CoarseWSD-20", "Senseval")
TAUS = (0.0, 0.05, 0.075, 0.10, 0.125, 0.15, 0.175, 0.20, 0.25)
THRESHOLDS = (0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2)  # cosine distance, average linkage
SMALL_SAMPLES = (60, 30)  # occurrences per word, besides --per-word
SMALL_SEED = 7


@dataclass
class Sweep:
    """Every word's admissible clusterings (k = 2…8, no sense under the product's
    minimum size) and their silhouettes."""

    labels: list[dict[int, np.ndarray]]
    silhouettes: list[dict[int, float]]


def kmeans_sweep(xs: list[np.ndarray]) -> Sweep:
    """The product's own k-means runs (sensegrep.senses.induce.clusterings)."""
    from sensegrep.senses.induce import Params, clusterings

    out = Sweep([], [])
    for x in xs:
        tried = clusterings(x, Params())
        out.labels.append({k: lab for k, (lab, _s) in tried.items()})
        out.silhouettes.append({k: s for k, (_lab, s) in tried.items()})
    return out


def sweep(xs: list[np.ndarray], cluster) -> Sweep:
    from sklearn.metrics import silhouette_score

    from sensegrep.senses.induce import MIN_SIZE, admissible

    out = Sweep([], [])
    for x in xs:
        labels = {k: cluster(x, k) for k in range(2, 9)}
        labels = {k: lab for k, lab in labels.items() if admissible(lab, MIN_SIZE)}
        out.labels.append(labels)
        out.silhouettes.append(
            {k: float(silhouette_score(x, lab, metric="cosine")) for k, lab in labels.items()}
        )
    return out


def agglomerative(linkage: str):
    from sklearn.cluster import AgglomerativeClustering

    def cluster(x: np.ndarray, k: int) -> np.ndarray:
        metric = "euclidean" if linkage == "ward" else "cosine"
        return AgglomerativeClustering(k, linkage=linkage, metric=metric).fit_predict(x)

    return cluster


def threshold_labels(x: np.ndarray, distance: float) -> np.ndarray:
    """Average-linkage clusters cut at a cosine distance, at most 8 of them."""
    from sklearn.cluster import AgglomerativeClustering

    labels = AgglomerativeClustering(
        None, linkage="average", metric="cosine", distance_threshold=distance
    ).fit_predict(x)
    if labels.max() + 1 > 8:
        labels = AgglomerativeClustering(8, linkage="average", metric="cosine").fit_predict(x)
    return labels


def gaussian_null(x: np.ndarray, seed: int = 0) -> np.ndarray:
    """Data without clusters but with x's covariance: a Gaussian, rows unit-normalised."""
    rng = np.random.default_rng(seed)
    _u, s, vt = np.linalg.svd(x - x.mean(axis=0), full_matrices=False)
    z = (rng.standard_normal((len(x), len(s))) * (s / np.sqrt(max(len(x) - 1, 1)))) @ vt
    return z / np.maximum(np.linalg.norm(z, axis=1, keepdims=True), 1e-12)


def beats_null(words: list[Word], xs: list[np.ndarray], sw: Sweep) -> Result:
    """Parameter-free alternative to τ: several senses only when the best silhouette
    beats the best silhouette of the same k-means on the word's Gaussian null."""
    null = kmeans_sweep([gaussian_null(x) for x in xs])
    labels = []
    for i, w in enumerate(words):
        real, ref = sw.silhouettes[i], null.silhouettes[i]
        k = max(real, key=real.get) if real else 1
        if k > 1 and real[k] <= max(ref.values(), default=0.0):
            k = 1
        labels.append(np.zeros(len(w.gold), int) if k == 1 else sw.labels[i][k])
    return scores(words, labels)


# -- scoring ----------------------------------------------------------------------------

Result = dict[str, tuple[float, ...]]  # data set → (ARI, V-measure, k found, gold k)


def scores(words: list[Word], labels: list[np.ndarray]) -> Result:
    """Per data set: mean ARI, mean V-measure, mean k found, mean gold k."""
    from sklearn.metrics import adjusted_rand_score, v_measure_score

    rows: dict[str, list[tuple[float, ...]]] = defaultdict(list)
    for w, lab in zip(words, labels, strict=True):
        rows[w.dataset].append(
            (
                adjusted_rand_score(w.gold, lab),
                v_measure_score(w.gold, lab),
                len(np.unique(lab)),
                gold_k(w.gold),
            )
        )
    return {d: tuple(np.mean(rows[d], axis=0)) for d in DATASETS if rows[d]}


def overall(result: Result, only: tuple[str, ...] = DATASETS) -> float:
    """Selection score: ARI and V-measure averaged, macro over data sets."""
    return float(np.mean([(result[d][0] + result[d][1]) / 2 for d in only if d in result]))


def with_tau(words: list[Word], sw: Sweep, tau: float) -> Result:
    from sensegrep.senses.induce import choose_k

    labels = []
    for i, w in enumerate(words):
        k = choose_k(sw.silhouettes[i], tau)
        labels.append(np.zeros(len(w.gold), int) if k == 1 else sw.labels[i][k])
    return scores(words, labels)


def best_tau(words: list[Word], sw: Sweep, only: tuple[str, ...] = DATASETS) -> float:
    return max(TAUS, key=lambda t: (overall(with_tau(words, sw, t), only), -t))


def held_out(words: list[Word], sw: Sweep) -> dict[str, tuple]:
    """Each data set scored with the τ chosen on the other two: does τ transfer?"""
    out = {}
    for d in DATASETS:
        tau = best_tau(words, sw, tuple(o for o in DATASETS if o != d))
        out[d] = (*with_tau(words, sw, tau)[d], tau)
    return out


def subsample(
    words: list[Word], vectors: list[np.ndarray], n: int, seed: int
) -> tuple[list[Word], list[np.ndarray]]:
    """The same words with at most n occurrences each (seeded)."""
    rng = np.random.default_rng(seed)
    picks = [rng.choice(len(v), size=min(n, len(v)), replace=False) for v in vectors]
    small = [
        Word(w.dataset, w.name, [], [], [w.gold[i] for i in pick])
        for w, pick in zip(words, picks, strict=True)
    ]
    return small, [v[pick] for v, pick in zip(vectors, picks, strict=True)]


def by_sample_size(words: list[Word], vectors: list[np.ndarray], full: Sweep, per_word: int):
    """Score of every τ, and of the Gaussian-null rule, at the full sample and at fewer
    occurrences per word."""
    from sensegrep.senses.induce import prepare

    xs = [prepare(v) for v in vectors]
    taus = {per_word: {t: with_tau(words, full, t) for t in TAUS}}
    null = {per_word: beats_null(words, xs, full)}
    for n in SMALL_SAMPLES:
        small, vecs = subsample(words, vectors, n, SMALL_SEED)
        small_xs = [prepare(v) for v in vecs]
        sw = kmeans_sweep(small_xs)
        taus[n] = {t: with_tau(small, sw, t) for t in TAUS}
        null[n] = beats_null(small, small_xs, sw)
    return taus, null


def evaluate(words: list[Word], vectors: list[np.ndarray], per_word: int) -> tuple[list, dict]:
    from sensegrep.senses import induce as product

    xs = [product.prepare(v) for v in vectors]
    params = product.Params()
    km = kmeans_sweep(xs)
    by_size, null = by_sample_size(words, vectors, km, per_word)
    mean_score = {t: np.mean([overall(r[t]) for r in by_size.values()]) for t in TAUS}
    rows = [
        ("one sense for every word", scores(words, [np.zeros(len(x), int) for x in xs])),
        (
            "k-means, k = 2 for every word",
            scores(words, [product.kmeans(x, 2, params) for x in xs]),
        ),
        ("k-means + silhouette, k = 2…8 (never 1)", with_tau(words, km, -1.0)),
        (
            f"**k-means + silhouette, one sense below {product.MIN_SILHOUETTE} (chosen)**",
            scores(words, [product.induce(v).labels for v in vectors]),
        ),
    ]
    rows.append(
        (
            "k-means + silhouette, one sense unless it beats a Gaussian null",
            null[per_word],
        )
    )
    for name, linkage in (("average-link (cosine)", "average"), ("Ward", "ward")):
        sw = sweep(xs, agglomerative(linkage))
        t = best_tau(words, sw)
        rows.append((f"{name} + silhouette, one sense below {t}", with_tau(words, sw, t)))
    cut = {d: scores(words, [threshold_labels(x, d) for x in xs]) for d in THRESHOLDS}
    best_d = max(THRESHOLDS, key=lambda d: overall(cut[d]))
    rows.append((f"average-link cut at cosine distance {best_d}", cut[best_d]))
    oracle = [
        product.kmeans(x, min(8, gold_k(w.gold)), params) for w, x in zip(words, xs, strict=True)
    ]
    rows.append(("k-means with the gold k (oracle, not available)", scores(words, oracle)))
    extra = {
        "by_size": by_size,
        "null": null,
        "mean_score": mean_score,
        "best_tau": max(TAUS, key=lambda t: (mean_score[t], -t)),
        "held_out": held_out(words, km),
    }
    return rows, extra


# -- report -----------------------------------------------------------------------------


def method_table(rows: list) -> str:
    head = "| method | " + " | ".join(f"{d} ARI | {d} V | {d} k" for d in DATASETS)
    lines = [head + " | mean ARI | mean V |", "|---" * (2 + 3 * len(DATASETS) + 1) + "|"]
    for name, result in rows:
        cells = " | ".join(
            f"{result[d][0]:.3f} | {result[d][1]:.3f} | {result[d][2]:.1f}" for d in DATASETS
        )
        mean_ari = np.mean([result[d][0] for d in DATASETS])
        mean_v = np.mean([result[d][1] for d in DATASETS])
        lines.append(f"| {name} | {cells} | {mean_ari:.3f} | {mean_v:.3f} |")
    return "\n".join(lines)


def tau_table(extra: dict) -> str:
    sizes = list(extra["by_size"])
    full = extra["by_size"][sizes[0]]
    lines = [
        "| τ | "
        + " | ".join(f"{d} ARI / V / k" for d in DATASETS)
        + " | "
        + " | ".join(f"score, {n} per word" for n in sizes)
        + " | mean score |",
        "|---" * (len(DATASETS) + len(sizes) + 2) + "|",
    ]
    for tau in TAUS:
        mark = " **(chosen)**" if tau == extra["best_tau"] else ""
        cells = " | ".join(
            f"{full[tau][d][0]:.3f} / {full[tau][d][1]:.3f} / {full[tau][d][2]:.1f}"
            for d in DATASETS
        )
        by_n = " | ".join(f"{overall(extra['by_size'][n][tau]):.3f}" for n in sizes)
        lines.append(f"| {tau}{mark} | {cells} | {by_n} | {extra['mean_score'][tau]:.3f} |")
    return "\n".join(lines)


def null_line(extra: dict) -> str:
    scores_by_n = {n: overall(r) for n, r in extra["null"].items()}
    shown = ", ".join(f"{s:.3f} at {n}" for n, s in scores_by_n.items())
    return f"{shown} per word (mean {np.mean(list(scores_by_n.values())):.3f})"


def held_out_line(extra: dict) -> str:
    held = extra["held_out"]
    return "; ".join(
        f"{d} ARI {held[d][0]:.3f}, V {held[d][1]:.3f} with τ = {held[d][4]}" for d in DATASETS
    )


def summary(words: list[Word], seconds: dict[str, float], args: argparse.Namespace) -> str:
    counts, occ = Counter(w.dataset for w in words), Counter()
    for w in words:
        occ[w.dataset] += len(w.gold)
    sets = ", ".join(f"{d}: {counts[d]} words, {occ[d]:,} occurrences" for d in DATASETS)
    gold = ", ".join(
        f"{d} {np.mean([gold_k(w.gold) for w in words if w.dataset == d]):.1f}" for d in DATASETS
    )
    return (
        f"Model `{args.model}` (default layers), at most {args.per_word} occurrences per word "
        f"drawn with seed {args.seed} ({sets}); mean gold k (senses with ≥10 % of a word's "
        f"sample): {gold}. Reading and embedding took {seconds['embed']:.0f} s, clustering "
        f"{seconds['cluster']:.0f} s ({os.cpu_count()} CPU cores)."
    )


def markdown(summary_text: str, rows: list, extra: dict, command: str) -> str:
    from sensegrep.senses.induce import MIN_SILHOUETTE, MIN_SIZE

    agrees = (
        "the default in sensegrep/senses/induce.py"
        if extra["best_tau"] == MIN_SILHOUETTE
        else f"**not the default {MIN_SILHOUETTE} of sensegrep/senses/induce.py**"
    )
    sizes = ", ".join(str(n) for n in extra["by_size"])
    return (
        "## Sense induction: choosing the number of senses\n\n"
        "`sensegrep senses WORD` clusters a word's stored occurrence vectors. Scored "
        "against gold senses: adjusted Rand index (ARI; 0 = chance, so one sense for "
        "every word scores 0 wherever the gold has two senses) and V-measure, macro over "
        "words; `k` is the mean number of senses found. Every method clusters the same "
        "vectors (unit-normalised, centred on the word's mean, normalised again), tries "
        f"k = 2…8, and drops a k that leaves a sense with fewer than {MIN_SIZE} "
        "occurrences; the silhouette methods give one sense when the best silhouette is "
        "below a threshold τ.\n\n"
        f"{summary_text}\n\n{method_table(rows)}\n\n"
        "Choosing τ for k-means (score = mean of ARI and V-measure, macro over the three "
        f"sets), at {sizes} occurrences per word (subsamples with seed {SMALL_SEED}), since "
        "a word may have few occurrences in a user's corpus; τ is the best mean over these "
        "sample sizes:\n\n"
        f"{tau_table(extra)}\n\n"
        f"Chosen τ = {extra['best_tau']}, {agrees}. The parameter-free rule (one sense "
        "unless the best silhouette beats that of the same k-means on a Gaussian with the "
        f"word's covariance) scores {null_line(extra)}. Leave-one-set-out at the full sample "
        f"(τ chosen on the other two sets): {held_out_line(extra)}.\n\n"
        f"```\n{command}\n```\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="minilm")
    parser.add_argument("--semcor-words", type=int, default=30)
    parser.add_argument("--per-word", type=int, default=150)
    parser.add_argument("--min-count", type=int, default=50)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--cache", type=Path, help="keep the embedded vectors here")
    parser.add_argument("--out", type=Path, help="write the markdown section here")
    args = parser.parse_args(argv)

    root = shared_data()
    needed = ("semcor", "coarsewsd20", "senseval_nltk")
    if not all((root / name).is_dir() for name in needed):
        print(f"skipped: shared data not found at {root} (set SENSEGREP_SHARED_DATA)")
        return 0
    start = time.perf_counter()
    words = (
        load_semcor(root, args.semcor_words, args.per_word, args.min_count, args.seed)
        + load_coarsewsd(root, args.per_word, args.seed)
        + load_senseval(root, args.per_word, args.seed)
    )
    vectors = embed_words(words, args.model, args.cache)
    seconds = {"embed": time.perf_counter() - start}
    start = time.perf_counter()
    rows, extra = evaluate(words, vectors, args.per_word)
    seconds["cluster"] = time.perf_counter() - start
    command = ".venv/bin/python benchmarks/sense_induction.py" + "".join(
        f" {a}" for a in (argv if argv is not None else sys.argv[1:])
    )
    text = markdown(summary(words, seconds, args), rows, extra, command)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
