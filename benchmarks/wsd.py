"""All-words WSD the way `sensegrep classify FILE --format raganato` does it, scored like
the framework of Raganato et al. (2017).

Scoring: an answer counts as right when it is one of the instance's gold keys (several
answered keys share the credit); P = correct / answered, R = correct / all instances,
F1 = 2PR / (P + R).

    # score a key file against a gold key file
    .venv/bin/python benchmarks/wsd.py score /tmp/keys.txt GOLD.gold.key.txt

    # WordNet first-sense baseline
    .venv/bin/python benchmarks/wsd.py baseline DATA.data.xml --wordnet DICT

    # k × weighting sweep of classify on a dev set (embeds the file once), optionally
    # building the labelled index from SemCor first when it does not exist yet
    .venv/bin/python benchmarks/wsd.py sweep DATA.data.xml --index /tmp/semcor-idx \\
        --wordnet DICT [--build SEMCOR.data.xml] [--out /tmp/wsd.md]

Tune only on the development set (SemEval-2007); the sweep prints what it measured and
never reads any other evaluation set.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run from a checkout without installing the package

from sensegrep.evaluate.wsd import Score, gold_of, read_key_lines, score  # noqa: E402
from sensegrep.labels import classify as cl  # noqa: E402

DEFAULT_KS = (1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 100)


# -- commands ---------------------------------------------------------------------


def cmd_score(args: argparse.Namespace) -> None:
    print(score(read_key_lines(args.keys), read_key_lines(args.gold)).line())


def cmd_baseline(args: argparse.Namespace) -> None:
    from sensegrep.wordnet import WordNet

    wordnet = WordNet.open(args.wordnet)
    instances, _sentences = cl.read_instances(args.data)
    answers = {}
    for ins in instances:
        first = wordnet.first_sense(ins.lemma, ins.pos or "")
        answers[ins.id] = [first] if first else []
    print(f"WordNet first sense on {args.data.name}: {score(answers, gold_of(args.data)).line()}")


def build_index(index: Path, semcor: Path) -> None:
    """Index SemCor with the default model, as the README's command does."""
    command = [
        str(Path(sys.executable).with_name("sensegrep")),
        "--index",
        str(index),
        "index",
        str(semcor),
        "--format",
        "raganato",
        "--no-progress",
    ]
    print("$", " ".join(command), file=sys.stderr)
    subprocess.run(command, check=True)


def cmd_sweep(args: argparse.Namespace) -> None:
    from sensegrep.embedder import load_embedder_from_config
    from sensegrep.storage import Index
    from sensegrep.wordnet import WordNet

    if args.build and not (args.index / "manifest.json").exists():
        build_index(args.index, args.build)
    wordnet = WordNet.open(args.wordnet) if args.wordnet else None
    gold = gold_of(args.data)
    with Index.open(args.index) as index:
        started = time.perf_counter()
        instances, sentences = cl.read_instances(args.data)
        vectors = cl.embed_instances(
            load_embedder_from_config(index.embedder_config), instances, sentences
        )
        neighbours = ranked_neighbours(cl.ReferenceCache(index), instances, vectors, max(args.k))
        seconds = time.perf_counter() - started
    rows = sweep(instances, neighbours, args.k, args.weighting, wordnet, gold)
    report = render(args, rows, instances, neighbours, seconds)
    report += "\n\n" + confidence_table(instances, neighbours, gold)
    print(report)
    if args.out:
        args.out.write_text(report + "\n", encoding="utf-8")


Ranked = tuple[list[tuple[str, ...]], np.ndarray] | None


def ranked_neighbours(
    cache: cl.ReferenceCache, instances: Sequence[cl.Instance], vectors: np.ndarray, k: int
) -> list[Ranked]:
    """Each instance's k nearest references (labels, cosines), or None without any."""
    found: list[Ranked] = []
    for ins, vector in zip(instances, vectors, strict=True):
        refs = cache.get(ins.lemma, ins.pos)
        if refs is None:
            found.append(None)
            continue
        positions, sims = cl.nearest(refs, vector[None, :], k)
        found.append(([refs.labels[p] for p in positions[0]], sims[0]))
    return found


def sweep(
    instances: Sequence[cl.Instance],
    neighbours: Sequence[Ranked],
    ks: Sequence[int],
    weightings: Sequence[str],
    wordnet: object,
    gold: dict[str, list[str]],
) -> list[tuple[int, str, Score, Score]]:
    """(k, weighting, score without fallback, score with the first-sense fallback)."""
    rows = []
    for weighting in weightings:
        for k in ks:
            plain, backed = {}, {}
            for ins, ranked in zip(instances, neighbours, strict=True):
                if ranked is not None:
                    label, _conf = cl.vote(ranked[0][:k], ranked[1][:k], weighting)
                    plain[ins.id] = backed[ins.id] = [label]
                elif wordnet is not None:
                    first = wordnet.first_sense(ins.lemma, ins.pos or "")  # type: ignore[attr-defined]
                    backed[ins.id] = [first] if first else []
            rows.append((k, weighting, score(plain, gold), score(backed, gold)))
    return rows


def render(
    args: argparse.Namespace,
    rows: list[tuple[int, str, Score, Score]],
    instances: Sequence[cl.Instance],
    neighbours: Sequence[Ranked],
    seconds: float,
) -> str:
    covered = sum(r is not None for r in neighbours)
    lines = [
        f"{args.data.name}: {len(instances)} instances, {covered} with labelled occurrences "
        f"of their lemma+POS in {args.index}; embedding + neighbour search {seconds:.1f} s",
        "",
        "| k | weighting | P (no fallback) | R (no fallback) | F1 (no fallback) "
        "| F1 with first-sense fallback |",
        "|---|---|---|---|---|---|",
    ]
    for k, weighting, plain, backed in rows:
        lines.append(
            f"| {k} | {weighting} | {100 * plain.precision:.1f} | {100 * plain.recall:.1f} "
            f"| {100 * plain.f1:.1f} | {100 * backed.f1:.1f} |"
        )
    return "\n".join(lines)


def confidence_table(
    instances: Sequence[cl.Instance], neighbours: Sequence[Ranked], gold: dict[str, list[str]]
) -> str:
    """Accuracy by confidence quartile with the default k and weighting: does a low
    confidence (what `classify --review` shows first) mark the likely mistakes?"""
    k, weighting = cl.DEFAULT_K, cl.DEFAULT_WEIGHTING
    scored = []
    for ins, ranked in zip(instances, neighbours, strict=True):
        if ranked is not None:
            label, confidence = cl.vote(ranked[0][:k], ranked[1][:k], weighting)
            scored.append((confidence, label in gold.get(ins.id, ())))
    scored.sort(key=lambda pair: pair[0])
    lines = [
        f"Confidence quartiles (k={k}, {weighting}; instances answered from neighbours):",
        "",
        "| quartile | instances | confidence | accuracy |",
        "|---|---|---|---|",
    ]
    for number, part in enumerate(np.array_split(np.arange(len(scored)), 4), start=1):
        chunk = [scored[i] for i in part]
        accuracy = 100 * sum(ok for _c, ok in chunk) / len(chunk)
        lines.append(
            f"| {number} | {len(chunk)} | {chunk[0][0]:.2f}–{chunk[-1][0]:.2f} | {accuracy:.1f} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("score", help="P/R/F1 of a key file against a gold key file")
    p.add_argument("keys", type=Path)
    p.add_argument("gold", type=Path)
    p.set_defaults(run=cmd_score)
    p = commands.add_parser("baseline", help="WordNet first-sense baseline")
    p.add_argument("data", type=Path)
    p.add_argument("--wordnet", type=Path, required=True)
    p.set_defaults(run=cmd_baseline)
    p = commands.add_parser("sweep", help="k × weighting of classify on a dev set")
    p.add_argument("data", type=Path)
    p.add_argument("--index", type=Path, required=True)
    p.add_argument("--wordnet", type=Path)
    p.add_argument("--build", type=Path, help="SemCor data.xml to index when --index is absent")
    p.add_argument("--k", type=_ints, default=DEFAULT_KS, help="e.g. 1,3,5,10")
    p.add_argument(
        "--weighting", type=lambda v: v.split(","), default=list(cl.WEIGHTINGS), help="e.g. cosine"
    )
    p.add_argument("--out", type=Path, help="also write the table here")
    p.set_defaults(run=cmd_sweep)
    args = parser.parse_args(argv)
    args.run(args)


def _ints(value: str) -> tuple[int, ...]:
    return tuple(int(v) for v in value.split(","))


if __name__ == "__main__":
    main()
