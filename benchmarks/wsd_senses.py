"""WordNet sense vectors on a WSD dev set: cache the parts once, then score variants.

    python benchmarks/wsd_senses.py parts TEST.data.xml --index SEMCOR_INDEX \
        --wordnet ../shared/data/wordnet30/dict -o parts.npz
    python benchmarks/wsd_senses.py sweep parts.npz --index SEMCOR_INDEX \
        --wordnet ../shared/data/wordnet30/dict
    python benchmarks/wsd_senses.py build parts.npz --index SEMCOR_INDEX \
        --wordnet ../shared/data/wordnet30/dict -o senses.npz

``parts`` embeds the test instances and, for every WordNet sense of their lemmas and
POS, the gloss sentence's lemma vector and its examples' lemma vectors, with the
index's encoder (the slow part); ``sweep`` builds the index's sense vectors
(labels/sense_vectors.py) and prints P/R/F1 of each level of propagation and of the
gloss variants and weights, as ``eval wsd --method`` scores them; ``build`` writes the
index's sense vectors with those gloss vectors, for ``eval wsd --sense-vectors`` (the
same as ``wordnet build --glosses-for TEST`` without embedding the glosses again).
Tune only on dev.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sensegrep.embedder import embedder_for
from sensegrep.evaluate.wsd import gold_of, score
from sensegrep.labels import sense_vectors as sv
from sensegrep.labels.classify import embed_instances, read_instances
from sensegrep.storage import Index
from sensegrep.wordnet import WordNet, read_graph


def parts(args: argparse.Namespace) -> None:
    wordnet = WordNet.open(args.wordnet)
    with Index.open(args.index) as index:
        embedder = embedder_for(index.embedder_config)
    instances, sentences = read_instances(args.test)
    started = time.perf_counter()
    queries = embed_instances(embedder, instances, sentences)
    keys = sv.keys_of_lemmas(wordnet, {(i.lemma, i.pos) for i in instances})
    heads, examples, counts = sv.gloss_parts(embedder, read_graph(wordnet), keys, print)
    np.savez(
        args.out,
        ids=np.array([i.id for i in instances]),
        queries=queries,
        keys=np.array(keys),
        heads=heads,
        examples=examples,
        counts=counts,
    )
    print(
        f"{len(keys):,} senses, {int((counts > 0).sum()):,} with a usage in an example, "
        f"{time.perf_counter() - started:.0f} s"
    )


def sweep(args: argparse.Namespace) -> None:
    wordnet = WordNet.open(args.wordnet)
    got = np.load(args.parts)
    instances, _sentences = read_instances(args.test)
    gold = gold_of(args.test)
    with Index.open(args.index) as index:
        vectors = sv.build(index, wordnet)
    print(vectors.counts())
    keys = [str(k) for k in got["keys"]]
    has = got["counts"][:, None] > 0
    variants = {
        "gloss sentence": got["heads"],
        "examples (else gloss sentence)": np.where(has, got["examples"], got["heads"]),
        "gloss sentence + examples": got["heads"] + np.where(has, got["examples"], 0.0),
    }
    print("| method | gloss vector | weight | P | R | F1 |")
    print("|---|---|---|---|---|---|")
    for name in ("centroids", "synset", "hypernym", "propagated"):
        _row(vectors, wordnet, instances, got["queries"], gold, sv.method(name), name, "", "")
    for label, gloss in variants.items():
        vectors.gloss_keys, vectors.gloss_vectors = [], None
        vectors.add_glosses(keys, gloss)
        for weight in args.weights:
            how = sv.Method(sv.NO_VECTOR - 1, weight)
            _row(vectors, wordnet, instances, got["queries"], gold, how, "lmms", label, weight)


def build(args: argparse.Namespace) -> None:
    """The index's sense vectors with the gloss vectors of ``parts`` (as
    ``sense_vectors.embed_glosses`` makes them), written for ``--sense-vectors``: one
    snapshot that every ``eval wsd --method`` run then reads."""
    wordnet = WordNet.open(args.wordnet)
    got = np.load(args.parts)
    with Index.open(args.index) as index:
        vectors = sv.build(index, wordnet, print)
    has = got["counts"][:, None] > 0
    vectors.add_glosses([str(k) for k in got["keys"]], np.where(has, got["examples"], got["heads"]))
    sv.save(vectors, args.out)
    print(args.out, vectors.counts(), f"{len(vectors.gloss_keys):,} glosses")


def _row(vectors, wordnet, instances, queries, gold, how, name, label, weight) -> None:
    answers = sv.answer_instances(vectors, wordnet, instances, queries, how)
    got = score({a.instance_id: [a.label] for a in answers if a.label}, gold)
    print(
        f"| {name} | {label} | {weight} | {100 * got.precision:.1f} | "
        f"{100 * got.recall:.1f} | {100 * got.f1:.1f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    one = commands.add_parser("parts")
    one.add_argument("test", type=Path)
    one.add_argument("--index", type=Path, required=True)
    one.add_argument("--wordnet", type=Path, required=True)
    one.add_argument("-o", "--out", type=Path, required=True)
    two = commands.add_parser("sweep")
    two.add_argument("parts", type=Path)
    two.add_argument(
        "--test",
        type=Path,
        default=Path("../shared/data/wsd_eval/semeval2007/semeval2007.data.xml"),
    )
    two.add_argument("--index", type=Path, required=True)
    two.add_argument("--wordnet", type=Path, required=True)
    two.add_argument(
        "--weights", type=float, nargs="+", default=[0.1, 0.2, 0.3, 0.4, 0.5, 0.7, 1.0]
    )
    three = commands.add_parser("build")
    three.add_argument("parts", type=Path)
    three.add_argument("--index", type=Path, required=True)
    three.add_argument("--wordnet", type=Path, required=True)
    three.add_argument("-o", "--out", type=Path, required=True)
    args = parser.parse_args()
    {"parts": parts, "sweep": sweep, "build": build}[args.command](args)


if __name__ == "__main__":
    main()
