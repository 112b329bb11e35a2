"""Ranking techniques for sense search, scored on vectors embedded once (issue 25 §1-2).

Every sentence of the CoarseWSD-20 retrieval split (``sensegrep eval retrieval``'s:
per sense at most 60 occurrences drawn with the seed, half indexed, half queried) and of
WiC train/dev is embedded ONCE with the default encoder and cached under /tmp/rank25/:
the target's plain vector (mpnet layer 12, before the projection), its projected vector
(the default's, as stored), and the sentence's mean-pooled vector in both spaces.
Each technique is then a few lines of numpy over the cache:

    python benchmarks/rank_sweep.py embed            # ~40 min on 2 shared cores
    python benchmarks/rank_sweep.py ablation         # the ranking table (P@10, 1-NN, WiC)
    python benchmarks/rank_sweep.py examples         # several examples, --unlike

Hyper-parameters (a mixing weight α, a feedback depth M, CSLS's k) are chosen by
cross-validation over words: the 20 words in 2 seeded folds, the value with the best
P@10 on one fold reported on the other, and the two reports averaged, so no figure is
tuned on the words it is reported on. WiC dev accuracy uses a threshold fitted on WiC
train (``eval wic``'s rule).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

SHARED = Path(os.environ.get("SENSEGREP_SHARED_DATA", REPO.parent / "shared" / "data"))
CACHE = Path(os.environ.get("RANK25_CACHE", "/tmp/rank25"))
PLAIN_LAYER = 12  # the plain encoder: mpnet's last layer (DEFAULT_LAYERS)
CHUNK = 64  # sentences per embed_layers call (progress, memory)
K = 10


def unit(v: np.ndarray) -> np.ndarray:
    v = np.asarray(v, dtype=np.float32)
    return v / np.maximum(np.linalg.norm(v, axis=-1, keepdims=True), 1e-12)


# --- embedding once ---------------------------------------------------------------------


def _encode(embedder: object, sentences: list[list[str]], targets: list[int]) -> dict:
    """Per sentence: target plain / projected vectors, sentence mean plain / projected."""
    from sensegrep.embedder.onnx_encoder import layer_weights

    base, mapping = embedder.base, embedder.mapping  # type: ignore[attr-defined]
    weights = None
    out: dict[str, list[np.ndarray]] = {
        "tok_plain": [],
        "tok_proj": [],
        "sen_plain": [],
        "sen_proj": [],
    }
    start = time.time()
    for at in range(0, len(sentences), CHUNK):
        layered = base.embed_layers(sentences[at : at + CHUNK])
        for layers, target in zip(layered, targets[at : at + CHUNK], strict=True):
            if weights is None:
                weights = layer_weights(base.config, layers.shape[0])
            mixed = np.einsum("l,lwd->wd", weights, layers.astype(np.float32))
            projected = mapping.apply(mixed)
            plain = layers[PLAIN_LAYER].astype(np.float32)
            out["tok_plain"].append(plain[target])
            out["tok_proj"].append(projected[target])
            out["sen_plain"].append(plain.mean(axis=0))
            out["sen_proj"].append(projected.mean(axis=0))
        done = min(at + CHUNK, len(sentences))
        print(f"  {done}/{len(sentences)} sentences, {time.time() - start:.0f} s", flush=True)
    return {k: np.stack(v).astype(np.float32) for k, v in out.items()}


def cmd_embed(args: argparse.Namespace) -> None:
    from sensegrep.embedder import load_embedder
    from sensegrep.evaluate import retrieval, wic

    CACHE.mkdir(parents=True, exist_ok=True)
    embedder = load_embedder()
    print(f"encoder: {embedder.config}", flush=True)
    _check_projected(embedder)
    rng = np.random.default_rng(args.seed)  # consumed as `eval retrieval` consumes it
    sentences, targets, meta = [], [], {"word": [], "part": [], "sense": []}
    for folder in retrieval.word_folders(SHARED / "coarsewsd20"):
        indexed, queries = retrieval.split(retrieval.read_word(folder), args.per_sense, rng)
        for part, occurrences in (("idx", indexed), ("q", queries)):
            for o in occurrences:
                sentences.append(o.words)
                targets.append(o.target)
                meta["word"].append(folder.name)
                meta["part"].append(part)
                meta["sense"].append(o.sense)
    print(f"CoarseWSD-20: {len(sentences)} sentences", flush=True)
    vectors = _encode(embedder, sentences, targets)
    np.savez(CACHE / "coarse.npz", **vectors, **{k: np.array(v) for k, v in meta.items()})
    for split in ("dev", "train"):
        pairs, gold = wic.read_wic(SHARED / "wic" / split)
        print(f"WiC {split}: {len(pairs)} pairs", flush=True)
        out = {"gold": gold, "lemma": np.array([p.word.lower() for p in pairs])}
        for side, (words, target) in (("a", ("words1", "target1")), ("b", ("words2", "target2"))):
            got = _encode(
                embedder, [getattr(p, words) for p in pairs], [getattr(p, target) for p in pairs]
            )
            out.update({f"{k}_{side}": v for k, v in got.items()})
        np.savez(CACHE / f"wic_{split}.npz", **out)


def _check_projected(embedder: object) -> None:
    """The projected vectors computed here from the layers are the encoder's own."""
    from sensegrep.embedder.onnx_encoder import layer_weights

    probe = [["the", "bank", "of", "the", "river"], ["he", "paid", "in", "pounds"]]
    direct = embedder.embed(probe)  # type: ignore[attr-defined]
    layered = embedder.base.embed_layers(probe)  # type: ignore[attr-defined]
    w = layer_weights(embedder.base.config, layered[0].shape[0])  # type: ignore[attr-defined]
    for d, layers in zip(direct, layered, strict=True):
        mine = embedder.mapping.apply(np.einsum("l,lwd->wd", w, layers))  # type: ignore[attr-defined]
        cos = (unit(mine) * unit(d)).sum(axis=1)
        if cos.min() < 0.9999:
            sys.exit(f"projected vectors differ from the encoder's: cosine {cos.min():.5f}")


# --- the data as arrays -------------------------------------------------------------------


@dataclass
class Word:
    name: str
    idx: dict[str, np.ndarray]  # kind -> (n, d)
    q: dict[str, np.ndarray]
    idx_sense: np.ndarray
    q_sense: np.ndarray


def load_coarse(codec: str | None) -> list[Word]:
    data = np.load(CACHE / "coarse.npz")
    kinds = ("tok_plain", "tok_proj", "sen_plain", "sen_proj")
    stored = {k: data[k] for k in kinds}
    if codec:  # the indexed side as the index gives it back (eval's index stores tok_proj)
        is_idx = data["part"] == "idx"
        for k in ("tok_proj",):
            back = stored[k].copy()
            back[is_idx] = _stored(stored[k][is_idx], codec)
            stored[k] = back
    words = []
    for name in dict.fromkeys(data["word"].tolist()):
        mine = data["word"] == name
        i, q = mine & (data["part"] == "idx"), mine & (data["part"] == "q")
        words.append(
            Word(
                name,
                {k: v[i] for k, v in stored.items()},
                {k: v[q] for k, v in stored.items()},
                data["sense"][i],
                data["sense"][q],
            )
        )
    return words


def _stored(vectors: np.ndarray, codec: str) -> np.ndarray:
    """``vectors`` written as one shard in ``codec`` and read back by the storage code
    (as `eval retrieval`'s temporary index holds them)."""
    import tempfile

    from sensegrep.storage import vectors as storage
    from sensegrep.storage.vectors import ShardFolder

    storage.TRAIN_MIN.update(dict.fromkeys(storage.TRAIN_MIN, 1))
    with tempfile.TemporaryDirectory() as tmp:
        store = ShardFolder(Path(tmp), vectors.shape[1], codec)
        store.write("s.faiss", vectors)
        back = store.rows("s.faiss", np.arange(len(vectors)))
        store.close()
    return back


# --- scoring --------------------------------------------------------------------------------


def macro(values: np.ndarray, senses: np.ndarray) -> float:
    return float(np.mean([values[senses == s].mean() for s in np.unique(senses)]))


def p10_1nn(sims: np.ndarray, idx_sense: np.ndarray, q_sense: np.ndarray) -> tuple[float, float]:
    """Macro P@10 and 1-NN over the senses of one word (ties in index order, as _top)."""
    top = np.argsort(-sims, axis=1, kind="stable")[:, :K]
    same = idx_sense[top] == q_sense[:, None]
    return macro(same.mean(axis=1), q_sense), macro(same[:, 0].astype(float), q_sense)


# A ranker: (word, params) -> query × index similarity matrix.
Ranker = Callable[[Word, dict], np.ndarray]


def score_words(words: Sequence[Word], ranker: Ranker, params: dict) -> np.ndarray:
    """Per word: (P@10, 1-NN)."""
    return np.array([p10_1nn(ranker(w, params), w.idx_sense, w.q_sense) for w in words])


def folds(n: int, seed: int = 0, k: int = 2) -> list[np.ndarray]:
    order = np.random.default_rng(seed).permutation(n)
    return [np.sort(order[i::k]) for i in range(k)]


def cross_validated(
    words: Sequence[Word], ranker: Ranker, grid: list[dict]
) -> tuple[float, float, list[dict]]:
    """(P@10, 1-NN) over all words, each fold's figure with the grid point chosen on the
    other fold(s) by P@10; and the chosen points."""
    table = np.stack([score_words(words, ranker, g) for g in grid])  # grid × words × 2
    per_word = np.zeros((len(words), 2))
    chosen = []
    for test in folds(len(words)):
        train = np.setdiff1d(np.arange(len(words)), test)
        best = int(np.argmax(table[:, train, 0].mean(axis=1)))
        chosen.append(grid[best])
        per_word[test] = table[best, test]
    return 100 * per_word[:, 0].mean(), 100 * per_word[:, 1].mean(), chosen


# --- vectors per technique -------------------------------------------------------------------


def token_vectors(w: Word, p: dict, side: str) -> np.ndarray:
    """The vectors a technique ranks with, before any index-level step."""
    part = getattr(w, side)
    space = p.get("space", "proj")
    if space == "concat":  # projection ⊕ β · plain, each unit length first
        v = np.hstack([unit(part["tok_proj"]), p.get("beta", 1.0) * unit(part["tok_plain"])])
    else:
        v = unit(part[f"tok_{space}"])
    alpha = p.get("alpha", 0.0)
    if alpha:  # token ⊕ sentence: (1-α)·token + α·sentence, each unit length
        s = (
            part[f"sen_{space}"]
            if space != "concat"
            else np.hstack([unit(part["sen_proj"]), p.get("beta", 1.0) * unit(part["sen_plain"])])
        )
        v = (1 - alpha) * unit(v) + alpha * unit(s)
    return v


def centred(idx: np.ndarray, q: np.ndarray, p: dict) -> tuple[np.ndarray, np.ndarray]:
    """Per-lemma centring (and scaling) with the mean of the word's indexed occurrences."""
    idx, q = unit(idx), unit(q)
    if p.get("centre"):
        mu = idx.mean(axis=0)
        idx, q = idx - p["centre"] * mu, q - p["centre"] * mu
        if p.get("scale"):  # per-dimension standard deviation of the indexed occurrences
            sd = np.maximum(idx.std(axis=0), 1e-6)
            idx, q = idx / sd, q / sd
        if p.get("pcs"):  # all-but-the-top: the lemma's top principal directions removed
            _, _, vt = np.linalg.svd(idx, full_matrices=False)
            top = vt[: p["pcs"]]
            idx, q = idx - (idx @ top.T) @ top, q - (q @ top.T) @ top
    return unit(idx), unit(q)


def rank_sims(w: Word, p: dict) -> np.ndarray:
    idx, q = centred(token_vectors(w, p, "idx"), token_vectors(w, p, "q"), p)
    sims = q @ idx.T
    if p.get("csls"):  # CSLS: 2cos − r_index(hit) (the query's own r is a constant per row)
        kk = p["csls"]
        inner = idx @ idx.T
        np.fill_diagonal(inner, -np.inf)
        r_idx = np.sort(inner, axis=1)[:, -kk:].mean(axis=1)
        sims = 2 * sims - r_idx[None, :]
    if p.get("expand"):  # relevance feedback, as Searcher: centroid of query + top M
        m = p["expand"]
        top = np.argsort(-sims, axis=1, kind="stable")[:, :m]
        # weight of the top M's centroid against the query's; today's --expand: M
        direction = q + (p.get("fb") or m) * idx[top].mean(axis=1)
        sims = direction @ idx.T
        if p.get("csls"):
            sims = 2 * sims - r_idx[None, :]
    return sims


# --- WiC ----------------------------------------------------------------------------------


def wic_vectors(split: str, p: dict, train: dict | None = None) -> tuple[np.ndarray, ...]:
    data = np.load(CACHE / f"wic_{split}.npz")

    class Side:
        def __init__(self, s: str) -> None:
            self.part = {
                k: data[f"{k}_{s}"] for k in ("tok_plain", "tok_proj", "sen_plain", "sen_proj")
            }

    holder = Word("wic", Side("a").part, Side("b").part, np.array([]), np.array([]))
    a, b = token_vectors(holder, p, "idx"), token_vectors(holder, p, "q")
    return unit(a), unit(b), data["gold"], data["lemma"]


WIC_LEMMA_MIN = 4  # train occurrences a lemma needs for a mean of its own


def _wic_centred(ta, tb, tlemma, da, db, dlemma, weight: float) -> tuple[np.ndarray, ...]:
    """WiC's vectors centred per lemma: on the mean of the lemma's WiC train occurrences
    (both sentences of its pairs; for a train pair, those of its other pairs only, or
    each pair of a lemma seen once would be centred onto itself, cosine −1) when there
    are at least WIC_LEMMA_MIN of them, else on the mean of all train occurrences."""
    occ, lem = np.vstack([ta, tb]), np.concatenate([tlemma, tlemma])
    overall = occ.mean(axis=0)
    sums = {x: occ[lem == x].sum(axis=0) for x in np.unique(lem)}
    counts = {x: int((lem == x).sum()) for x in sums}

    def mean(lemma: str, less: np.ndarray | None) -> np.ndarray:
        total, n = sums.get(lemma, 0.0), counts.get(lemma, 0)
        if less is not None:
            total, n = total - less, n - 2
        return total / n if n >= WIC_LEMMA_MIN else overall

    tmu = np.stack([mean(x, a + b) for x, a, b in zip(tlemma, ta, tb, strict=True)])
    dmu = np.stack([mean(x, None) for x in dlemma])
    return (
        unit(ta - weight * tmu),
        unit(tb - weight * tmu),
        unit(da - weight * dmu),
        unit(db - weight * dmu),
    )


def wic_accuracy(p: dict) -> float | None:
    """WiC dev accuracy, threshold fitted on WiC train; per-lemma centring as
    ``_wic_centred``. CSLS and feedback change the ranking within an index only: n/a."""
    from sensegrep.evaluate import wic

    if p.get("csls") or p.get("expand") or not (CACHE / "wic_train.npz").is_file():
        return None
    ta, tb, tgold, tlemma = wic_vectors("train", p)
    da, db, dgold, dlemma = wic_vectors("dev", p)
    if p.get("centre"):
        ta, tb, da, db = _wic_centred(ta, tb, tlemma, da, db, dlemma, p["centre"])
    tcos, dcos = (ta * tb).sum(axis=1), (da * db).sum(axis=1)
    threshold = wic.fit_threshold(tcos, tgold)
    return 100 * wic.accuracy(dcos, dgold, threshold)


# --- the ablation table ------------------------------------------------------------------------


def grid_of(**axes: list) -> list[dict]:
    keys = list(axes)
    return [dict(zip(keys, values, strict=True)) for values in itertools.product(*axes.values())]


VARIANTS: list[tuple[str, list[dict]]] = [
    ("plain encoder (layer 12)", [{"space": "plain"}]),
    ("projection (today's default)", [{"space": "proj"}]),
    ("concat(projection, plain)", grid_of(space=["concat"], beta=[0.5, 0.75, 1.0, 1.5])),
    ("projection + lemma centring", grid_of(centre=[0.5, 0.75, 1.0, 1.25])),
    ("projection + lemma centring + scaling", grid_of(centre=[1.0], scale=[True])),
    ("projection + CSLS", grid_of(csls=[5, 10, 20])),
    ("projection ⊕ sentence (α)", grid_of(alpha=[0.1, 0.2, 0.3, 0.4, 0.5])),
    ("projection + feedback (M)", grid_of(expand=[3, 5, 10, 20])),
    ("plain + lemma centring", grid_of(space=["plain"], centre=[0.5, 0.75, 1.0])),
    ("plain ⊕ sentence (α)", grid_of(space=["plain"], alpha=[0.1, 0.2, 0.3, 0.4, 0.5])),
    ("plain + feedback (M)", grid_of(space=["plain"], expand=[3, 5, 10, 20])),
    ("projection + lemma centring + top PCs removed", grid_of(centre=[1.0], pcs=[1, 2, 4])),
    ("projection + lemma centring + CSLS", grid_of(centre=[1.0], csls=[5, 10, 20])),
    (
        "projection + lemma centring ⊕ sentence (α)",
        grid_of(centre=[1.0], alpha=[0.1, 0.2, 0.3]),
    ),
    (
        "projection + lemma centring + feedback (M, weight)",
        grid_of(centre=[1.0], expand=[3, 5, 10, 20], fb=[0.25, 0.5, 1.0]),
    ),
    ("projection + feedback (M, weight)", grid_of(expand=[3, 5, 10, 20], fb=[0.25, 0.5, 1.0])),
    (
        "concat + lemma centring",
        grid_of(space=["concat"], beta=[0.75, 1.0, 1.5], centre=[0.75, 1.0]),
    ),
]


def cmd_ablation(args: argparse.Namespace) -> None:
    words = load_coarse(args.codec)
    extra = [json.loads(e) for e in args.variant]
    variants = VARIANTS + [(e.pop("name"), grid_of(**e)) for e in extra]
    if args.only:
        variants = [v for v in variants if any(o in v[0] for o in args.only)]
    print("| ranking | P@10 | 1-NN | WiC dev | chosen on the other fold |")
    print("|---|---:|---:|---:|---|")
    for name, grid in variants:
        p10, nn, chosen = cross_validated(words, rank_sims, grid)
        wics = {json.dumps(c, sort_keys=True): wic_accuracy(c) for c in chosen}
        wic_text = " / ".join("n/a" if v is None else f"{v:.1f}" for v in wics.values())
        picked = " / ".join(sorted(set(wics))) if len(grid) > 1 else ""
        print(f"| {name} | {p10:.1f} | {nn:.1f} | {wic_text} | {picked} |", flush=True)


# --- several examples ---------------------------------------------------------------


def combine_sims(
    ex: np.ndarray,
    idx: np.ndarray,
    how: str,
    weights: np.ndarray | None = None,
) -> np.ndarray:
    """One score per indexed occurrence from several example vectors (rows of ``ex``)."""
    sims = ex @ idx.T  # examples × index
    if how == "mean":  # mean of the unit vectors = mean cosine (ranking-equivalent)
        return sims.mean(axis=0)
    if how == "max":
        return sims.max(axis=0)
    if how == "rrf":  # reciprocal-rank fusion, k = 60 (Cormack et al. 2009)
        ranks = np.argsort(np.argsort(-sims, axis=1, kind="stable"), axis=1)
        return (1.0 / (60 + 1 + ranks)).sum(axis=0)
    if how == "softmax":  # a soft maximum: log-mean-exp at temperature 0.05
        t = 0.05
        return t * np.log(np.exp((sims - sims.max(axis=0)) / t).mean(axis=0)) + sims.max(axis=0)
    raise ValueError(how)


def cmd_examples(args: argparse.Namespace) -> None:
    """For each query, n examples of its sense drawn from the query half (the query and
    n-1 others of the same sense), combined each way."""
    words = load_coarse(args.codec)
    p = json.loads(args.params)
    rng = np.random.default_rng(args.seed)
    hows = ("mean", "rrf", "max", "softmax")
    rows = []
    for n in (1, 3, 5):
        got: dict[str, list[float]] = {h: [] for h in (*hows, "avg single", "best single")}
        for w in words:
            idx, q = centred(token_vectors(w, p, "idx"), token_vectors(w, p, "q"), p)
            per: dict[str, list[float]] = {h: [] for h in got}
            for i, sense in enumerate(w.q_sense):
                same = np.flatnonzero(w.q_sense == sense)
                others = same[same != i]
                if len(others) < n - 1:
                    continue
                chosen = np.concatenate([[i], rng.choice(others, n - 1, replace=False)])
                ex = q[chosen]
                for h in hows:
                    per[h].append(_p10(combine_sims(ex, idx, h), w.idx_sense, sense))
                singles = [_p10(e @ idx.T, w.idx_sense, sense) for e in ex]
                per["avg single"].append(float(np.mean(singles)))
                per["best single"].append(float(np.max(singles)))
            senses = w.q_sense[: len(per["mean"])]
            kept = [s for s in w.q_sense if (w.q_sense == s).sum() >= n]
            for h in got:
                got[h].append(macro(np.array(per[h]), np.array(kept)))
        del senses
        rows.append((n, {h: 100 * float(np.mean(v)) for h, v in got.items()}))
    print(f"vectors: {p}")
    print("| examples per query | " + " | ".join(rows[0][1]) + " |")
    print("|---|" + "---:|" * len(rows[0][1]))
    for n, r in rows:
        print(f"| {n} | " + " | ".join(f"{v:.1f}" for v in r.values()) + " |")
    _unlike(words, p, rng)


def _p10(scores: np.ndarray, idx_sense: np.ndarray, sense: str) -> float:
    top = np.argsort(-scores, kind="stable")[:K]
    return float((idx_sense[top] == sense).mean())


def _unlike(words: Sequence[Word], p: dict, rng: np.random.Generator) -> None:
    """One example of the query's sense and one of another sense (from the query half):
    score = cos(positive) − λ·cos(negative); λ = 1 is today's --unlike."""
    lambdas = (0.0, 0.25, 0.5, 0.75, 1.0)
    got: dict[float, list[float]] = {lam: [] for lam in lambdas}
    for w in words:
        idx, q = centred(token_vectors(w, p, "idx"), token_vectors(w, p, "q"), p)
        per: dict[float, list[float]] = {lam: [] for lam in lambdas}
        for i, sense in enumerate(w.q_sense):
            other = rng.choice(np.flatnonzero(w.q_sense != sense))
            pos, neg = q[i] @ idx.T, q[other] @ idx.T
            for lam in lambdas:
                per[lam].append(_p10(pos - lam * neg, w.idx_sense, sense))
        for lam in lambdas:
            got[lam].append(macro(np.array(per[lam]), w.q_sense))
    table = np.array([got[lam] for lam in lambdas])  # λ × words
    per_word = np.zeros(len(words))
    chosen = []
    for test in folds(len(words)):
        train = np.setdiff1d(np.arange(len(words)), test)
        best = int(np.argmax(table[:, train].mean(axis=1)))
        chosen.append(lambdas[best])
        per_word[test] = table[best, test]
    print("\n--unlike (one example of another sense), score = cos(+) − λ·cos(−):")
    print("| λ | " + " | ".join(f"{lam:g}" for lam in lambdas) + " | λ chosen on the other fold |")
    print("|---|" + "---:|" * (len(lambdas) + 1))
    print(
        "| P@10 | "
        + " | ".join(f"{100 * np.mean(got[lam]):.1f}" for lam in lambdas)
        + f" | {100 * per_word.mean():.1f} (λ = {' / '.join(map(str, chosen))}) |"
    )


def cmd_few(args: argparse.Namespace) -> None:
    """Centring with few indexed occurrences: each word's index part subsampled to n
    (5 seeded draws, the same draw for both scorings)."""
    words = load_coarse(args.codec)
    print(
        "| indexed occurrences per word | P@10 cosine | 1-NN cosine | P@10 centred | 1-NN centred |"
    )
    print("|---:|---:|---:|---:|---:|")
    for n in (4, 8, 16, 32):
        got: dict[float, list] = {0.0: [], 1.0: []}
        for draw in range(5):
            rng = np.random.default_rng(draw)
            for w in words:
                keep = np.sort(rng.permutation(len(w.idx_sense))[:n])
                few = Word(
                    w.name,
                    {k: v[keep] for k, v in w.idx.items()},
                    w.q,
                    w.idx_sense[keep],
                    w.q_sense,
                )
                for c, kept in got.items():
                    kept.append(p10_1nn(rank_sims(few, {"centre": c}), few.idx_sense, few.q_sense))
        (p0, n0), (p1, n1) = (100 * np.mean(got[c], axis=0) for c in (0.0, 1.0))
        print(f"| {n} | {p0:.1f} | {n0:.1f} | {p1:.1f} | {n1:.1f} |")


# --- end to end ------------------------------------------------------------------------------


def cmd_eval(args: argparse.Namespace) -> None:
    """`sensegrep eval retrieval` (the library's retrieval.evaluate: a temporary index,
    every query through Searcher.search) once per scoring, each sentence embedded once:
    the encoder is wrapped in a cache, so the runs differ only in how they rank."""
    from sensegrep.embedder import load_embedder
    from sensegrep.evaluate import retrieval

    embedder = Memo(load_embedder())
    for scoring, expand in ((s, e) for s in args.scoring for e in args.expand):
        started = time.time()
        got = retrieval.evaluate(
            embedder,
            SHARED / "coarsewsd20",
            args.per_sense,
            args.seed,
            expand=expand,
            scoring=scoring,
        )
        print(
            f"scoring={scoring} expand={expand}: P@10 {100 * got.mean('precision'):.1f}, "
            f"1-NN {100 * got.mean('one_nn'):.1f} ({time.time() - started:.0f} s)",
            flush=True,
        )


class Memo:
    """An embedder that embeds each distinct sentence once (the same vectors again)."""

    def __init__(self, base: object) -> None:
        self.base = base
        self.kept: dict[tuple[str, ...], np.ndarray] = {}

    @property
    def config(self) -> object:
        return self.base.config  # type: ignore[attr-defined]

    @property
    def dim(self) -> int:
        return self.base.dim  # type: ignore[attr-defined]

    def embed(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        missing = list(dict.fromkeys(tuple(s) for s in sentences if tuple(s) not in self.kept))
        if missing:
            for words, vectors in zip(missing, self.base.embed(missing), strict=True):  # type: ignore[attr-defined]
                self.kept[words] = vectors
        return [self.kept[tuple(s)] for s in sentences]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("embed")
    p.add_argument("--per-sense", type=int, default=60)
    p.add_argument("--seed", type=int, default=0)
    for name in ("ablation", "examples", "few"):
        p = sub.add_parser(name)
        p.add_argument("--codec", default="sq4", help="store the index part in this codec")
        p.add_argument("--seed", type=int, default=0)
    sub.choices["ablation"].add_argument("--only", action="append", default=[])
    sub.choices["ablation"].add_argument(
        "--variant",
        action="append",
        default=[],
        help='JSON {"name": …, axis: [values…]}: another row',
    )
    sub.choices["examples"].add_argument("--params", default='{"space": "proj"}')
    p = sub.add_parser("eval")
    p.add_argument("--per-sense", type=int, default=60)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--scoring", action="append", default=None)
    p.add_argument("--expand", action="append", type=int, default=None)
    args = parser.parse_args()
    if args.command == "eval":
        args.scoring = args.scoring or ["cosine", "centred"]
        args.expand = args.expand or [0]
    commands = {
        "embed": cmd_embed,
        "ablation": cmd_ablation,
        "examples": cmd_examples,
        "eval": cmd_eval,
        "few": cmd_few,
    }
    commands[args.command](args)


if __name__ == "__main__":
    main()
