"""Compare sense projections (and precisions) quickly, on vectors embedded once.

Embedding SemCor with every hidden layer takes ~10 minutes with mpnet on 2 cores, and a
projection trains in minutes on those vectors; this script caches both sides once so
that each variant of `sensegrep tune`'s options is scored in a minute, with the same
library code `tune` and `eval` use (tune.data.gather / tune.train.train; the WiC
threshold rule, the CoarseWSD-20 split and P@10, classify's k-NN vote with the WordNet
fallback). The figures it prints are dev-set figures for choosing; the shipped default
is then measured end to end with `sensegrep eval` (BENCHMARKS.md).

    python benchmarks/projection_sweep.py semcor --model mpnet --precision bf16 \\
        --labels-index semcor-labels-index -o sweep/semcor-mpnet.npz
    python benchmarks/projection_sweep.py dev --model mpnet --precision bf16 -o sweep/dev-mpnet.npz
    python benchmarks/projection_sweep.py train sweep/semcor-mpnet.npz --labels-index \\
        semcor-labels-index -o sweep/p-steps500.npz --option steps=500
    python benchmarks/projection_sweep.py score sweep/dev-mpnet.npz sweep/p-steps500.npz \\
        --semcor sweep/semcor-mpnet.npz --labels-index semcor-labels-index

`semcor-labels-index` is SemCor indexed with any model (`make tune-mpnet` makes one with
the fake embedder): only its labels and sentences are read.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

SHARED = Path(os.environ.get("SENSEGREP_SHARED_DATA", REPO.parent / "shared" / "data"))
SEMEVAL = SHARED / "wsd_eval" / "semeval2007" / "semeval2007.data.xml"


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)


def cmd_semcor(args: argparse.Namespace) -> None:
    """All-layer vectors of the labelled occurrences, as `tune` gathers them."""
    from sensegrep.embedder import load_embedder
    from sensegrep.storage import Index
    from sensegrep.tune.data import gather, labelled_tokens

    embedder = load_embedder(args.model, projection="none", precision=args.precision)
    n_layers = embedder.embed_layers([["probe"]])[0].shape[0]
    with Index.open(args.labels_index) as index:
        tokens = labelled_tokens(index)
        data = gather(index, tokens, embedder, tuple(range(n_layers)))
    np.savez(args.output, vectors=data.vectors, group=data.group, sense=data.sense)


def cmd_dev(args: argparse.Namespace) -> None:
    """All-layer target vectors of WiC train/dev, the CoarseWSD-20 split and SemEval-2007."""
    from sensegrep.embedder import load_embedder
    from sensegrep.evaluate import retrieval, wic
    from sensegrep.labels.classify import read_instances

    embedder = load_embedder(args.model, projection="none", precision=args.precision)

    def targets(sentences: list, positions: list) -> np.ndarray:
        layered = embedder.embed_layers(sentences)
        return np.stack([v[:, t] for v, t in zip(layered, positions, strict=True)]).astype(
            np.float16
        )

    out: dict[str, np.ndarray] = {}
    for split in ("train", "dev"):
        pairs, gold = wic.read_wic(SHARED / "wic" / split)
        out[f"wic_{split}_a"] = targets([p.words1 for p in pairs], [p.target1 for p in pairs])
        out[f"wic_{split}_b"] = targets([p.words2 for p in pairs], [p.target2 for p in pairs])
        out[f"wic_{split}_gold"] = gold
    rng = np.random.default_rng(args.seed)
    words = []
    for folder in retrieval.word_folders(SHARED / "coarsewsd20"):
        indexed, queries = retrieval.split(retrieval.read_word(folder), args.per_sense, rng)
        for part, occurrences in (("idx", indexed), ("q", queries)):
            out[f"cw_{folder.name}_{part}"] = targets(
                [o.words for o in occurrences], [o.target for o in occurrences]
            )
            out[f"cw_{folder.name}_{part}_sense"] = np.array([o.sense for o in occurrences])
        words.append(folder.name)
    out["cw_words"] = np.array(words)
    instances, sentences = read_instances(SEMEVAL)
    layered = embedder.embed_layers(sentences)
    out["wsd_test"] = np.stack([layered[i.sentence][:, i.position] for i in instances]).astype(
        np.float16
    )
    np.savez(args.output, **out)


def cmd_train(args: argparse.Namespace) -> None:
    """A projection from cached SemCor vectors, with `tune`'s trainer and options."""
    from sensegrep.storage import Index
    from sensegrep.tune.data import LabelledSet, _codes, labelled_tokens
    from sensegrep.tune.train import TuneOptions, train

    options = TuneOptions(**{k: json.loads(v) for k, v in (o.split("=", 1) for o in args.option)})
    with Index.open(args.labels_index) as index:
        group, sense, coarse = _codes(labelled_tokens(index))
    cached = np.load(args.semcor)
    if not (np.array_equal(cached["group"], group) and np.array_equal(cached["sense"], sense)):
        sys.exit("the cached vectors were gathered from another labels index")
    data = LabelledSet(cached["vectors"], group, sense, coarse)
    layers = tuple(range(data.vectors.shape[1]))
    projection = train(data, args.model, layers, options)
    projection.save(args.output)
    print(f"{args.output}: {options}; final loss {projection.details['final_loss']:.3f}")


def _stored(vectors: np.ndarray, codec: str) -> np.ndarray:
    """``vectors`` as the index gives them back: written as one shard in ``codec`` (the
    codec trained on them, as on a first batch) and read again, by the storage code."""
    import tempfile

    from sensegrep.storage import vectors as storage
    from sensegrep.storage.vectors import ShardFolder

    storage.TRAIN_MIN.update(dict.fromkeys(storage.TRAIN_MIN, 1))  # train on whatever is given
    with tempfile.TemporaryDirectory() as tmp:
        store = ShardFolder(Path(tmp), vectors.shape[1], codec)
        store.write("s.faiss", vectors)
        back = store.rows("s.faiss", np.arange(len(vectors)))
        store.close()
    return back


def _projected(x: np.ndarray, projection: object | None, layer: int) -> np.ndarray:
    x = x.astype(np.float32)
    if projection is None:
        return x[:, layer]
    weights = np.exp(np.array(projection.weights) - max(projection.weights))  # type: ignore[attr-defined]
    weights /= weights.sum()
    mixed = np.einsum("l,nld->nd", weights, x[:, list(projection.layers)])  # type: ignore[attr-defined]
    return projection.apply(mixed)  # type: ignore[attr-defined]


def cmd_score(args: argparse.Namespace) -> None:
    from sensegrep.embedder.projection import Projection

    projection = None if args.projection == "none" else Projection.load(Path(args.projection))
    dev = np.load(args.dev)
    scores = {"wic_dev": _wic(dev, projection, args.layer)}
    scores.update(_retrieval(dev, projection, args.layer, args.expand, args.vectors))
    if args.semcor:
        scores["wsd_f1"] = _wsd(
            dev, projection, args.layer, args.semcor, args.labels_index, args.vectors
        )
    rounded = {k: round(v, 1) for k, v in scores.items()}
    print(json.dumps({"projection": args.projection, "vectors": args.vectors, **rounded}))


def _wic(dev: np.lib.npyio.NpzFile, projection: object | None, layer: int) -> float:
    from sensegrep.evaluate import wic

    cos = {}
    for split in ("train", "dev"):
        a = _unit(_projected(dev[f"wic_{split}_a"], projection, layer))
        b = _unit(_projected(dev[f"wic_{split}_b"], projection, layer))
        cos[split] = (np.einsum("ij,ij->i", a, b), dev[f"wic_{split}_gold"])
    threshold = wic.fit_threshold(*cos["train"])
    return 100 * wic.accuracy(*cos["dev"], threshold)


def _retrieval(
    dev: np.lib.npyio.NpzFile,
    projection: object | None,
    layer: int,
    expand: int,
    codec: str = "f16",
) -> dict[str, float]:
    from sensegrep.evaluate.retrieval import macro

    precisions, firsts = [], []
    # All words' index parts in one store, as one index holds them (and trains its codec).
    parts = [_projected(dev[f"cw_{word}_idx"], projection, layer) for word in dev["cw_words"]]
    stored = np.split(_stored(np.concatenate(parts), codec), np.cumsum([len(p) for p in parts]))
    for word, indexed in zip(dev["cw_words"], stored, strict=False):
        indexed = _unit(indexed)
        queries = _unit(_projected(dev[f"cw_{word}_q"], projection, layer))
        index_sense, query_sense = dev[f"cw_{word}_idx_sense"], dev[f"cw_{word}_q_sense"]
        sims = queries @ indexed.T
        if expand:  # as Searcher: centroid of the query and its first top m
            top = np.argsort(-sims, axis=1, kind="stable")[:, :expand]
            sims = ((queries + indexed[top].sum(axis=1)) / (1 + expand)) @ indexed.T
        top10 = np.argsort(-sims, axis=1, kind="stable")[:, :10]
        same = index_sense[top10] == query_sense[:, None]
        precisions.append(macro(list(same.mean(axis=1)), list(query_sense)))
        firsts.append(macro(list(same[:, 0].astype(float)), list(query_sense)))
    return {"cw_p10": 100 * float(np.mean(precisions)), "cw_1nn": 100 * float(np.mean(firsts))}


def _wsd(
    dev: np.lib.npyio.NpzFile,
    projection: object | None,
    layer: int,
    semcor: Path,
    labels_index: Path,
    codec: str = "f16",
) -> float:
    """classify's k-NN over SemCor's labelled occurrences (first label of each), WordNet
    first sense where a lemma+POS has none; framework scoring."""
    from sensegrep.evaluate.wsd import gold_of, score
    from sensegrep.labels.classify import References, answer_instances, read_instances
    from sensegrep.storage import Index
    from sensegrep.tune.data import labelled_tokens
    from sensegrep.wordnet import WordNet

    with Index.open(labels_index) as index:
        tokens = labelled_tokens(index)
    raw = np.load(semcor)["vectors"]
    vectors = np.concatenate(
        [_projected(raw[i : i + 20_000], projection, layer) for i in range(0, len(raw), 20_000)]
    )
    vectors = _unit(_stored(vectors, codec))
    rows_of: dict[tuple[str, str | None], list[int]] = {}
    for row, token in enumerate(tokens):
        rows_of.setdefault((token.lemma.lower(), token.pos), []).append(row)

    class CachedReferences:
        def get(self, lemma: str, pos: str | None) -> References | None:
            rows = rows_of.get((lemma.lower(), pos))
            if not rows:
                return None
            return References(np.array(rows), vectors[rows], [(tokens[r].label,) for r in rows])

    instances, _ = read_instances(SEMEVAL)
    queries = _unit(_projected(dev["wsd_test"], projection, layer))
    wordnet = WordNet.open(SHARED / "wordnet30" / "dict")
    answers = answer_instances(CachedReferences(), instances, queries, wordnet=wordnet)  # type: ignore[arg-type]
    keyed = {a.instance_id: [a.label] for a in answers if a.label}
    return 100 * score(keyed, gold_of(SEMEVAL)).f1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("semcor", "dev"):
        p = sub.add_parser(name)
        p.add_argument("--model", default="mpnet")
        p.add_argument("--precision", default=None)
        p.add_argument("-o", "--output", type=Path, required=True)
        p.add_argument("--labels-index", type=Path, default=Path("semcor-labels-index"))
        p.add_argument("--per-sense", type=int, default=60)
        p.add_argument("--seed", type=int, default=0)
    p = sub.add_parser("train")
    p.add_argument("semcor", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True)
    p.add_argument("--model", default="mpnet")
    p.add_argument("--labels-index", type=Path, default=Path("semcor-labels-index"))
    p.add_argument("--option", action="append", default=[], help="TuneOptions field=JSON value")
    p = sub.add_parser("score")
    p.add_argument("dev", type=Path)
    p.add_argument("projection", help="a projection file, or none for a plain layer")
    p.add_argument("--layer", type=int, default=-1, help="plain layer (with none)")
    p.add_argument("--expand", type=int, default=0)
    p.add_argument("--semcor", type=Path, help="cached SemCor vectors: adds WSD F1")
    p.add_argument(
        "--vectors",
        default="f16",
        help="store the indexed side (CoarseWSD index part, SemCor) in this codec",
    )
    p.add_argument("--labels-index", type=Path, default=Path("semcor-labels-index"))
    args = parser.parse_args()
    {"semcor": cmd_semcor, "dev": cmd_dev, "train": cmd_train, "score": cmd_score}[args.command](
        args
    )


if __name__ == "__main__":
    main()
