"""What a page costs now that every answer carries its totals (issue 23), side by side.

For each query, on an existing index:

- **first page**: ``-k 20`` of a query not asked before, with the exact totals of all
  its matches (total, documents, per million), counted as a new process would;
- **next page**: ``--offset 20 -k 20`` right after the first (code that keeps a
  query's totals reads them; other code counts them again);
- **exact total**: ``SenseIndex.total`` of a query not asked before;
- **page alone**: the engine's page without totals (what a page cost before them).

The index is read as an immutable snapshot: nothing is written to it, not even
SQLite's WAL files, so a shared index (``--index /work/scale10m``) can be measured in
place. ``--before DIR`` names another code tree (a ``git archive`` of main, say): each
round runs every tree in a process of its own, one after the other, so that the
machine's load falls on both alike, and the table gives both medians and their ratio.

    .venv/bin/python benchmarks/bench_totals.py --index /work/scale10m \\
        --before /tmp/main-code --rounds 3 --repeats 5

Measured, never asserted; prints a markdown section.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
PAGE = 20

# (label, word, options): planted words of bench_scale.py's corpus and its patterns;
# a query whose word the index lacks is left out.
QUERIES: list[tuple[str, str, dict[str, Any]]] = [
    ("w1m (1M occurrences)", "w1m", {}),
    ("w100k", "w100k", {}),
    ("w1k", "w1k", {}),
    ("w1m, --where genre=news", "w1m", {"where": {"genre": "news"}}),
    ("w1m, --pos NOUN", "w1m", {"pos": ["NOUN"]}),
    ('`[pos="ADJ"] [pos="NOUN"]` (no literal)', "", {"cql": '[pos="ADJ"] [pos="NOUN"]'}),
    ('`[lemma="w1k"] []`', "", {"cql": '[lemma="w1k"] []'}),
    ('`"v1" [] [lemma="w1m"]`', "", {"cql": '"v1" [] [lemma="w1m"]'}),
    ('`[word="w1.*"] [pos="NOUN"]` (regex)', "", {"cql": '[word="w1.*"] [pos="NOUN"]'}),
]
KINDS = ("first page", "next page", "exact total", "page alone")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True, help="an existing index")
    parser.add_argument("--before", type=Path, help="another code tree to compare with")
    parser.add_argument("--rounds", type=int, default=3, help="processes per tree")
    parser.add_argument("--repeats", type=int, default=5, help="timings per process")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(measure(args.index, args.repeats)))
        return
    trees = {"this code": REPO}
    if args.before:
        trees = {"before": args.before.resolve(), **trees}
    timings: dict[str, dict[tuple[str, str], list[float]]] = {name: {} for name in trees}
    loads = [os.getloadavg()[0]]
    for round_number in range(args.rounds):
        for name, tree in trees.items():
            print(f"round {round_number + 1}: {name}", file=sys.stderr)
            for row in run_worker(tree, args.index, args.repeats):
                timings[name].setdefault((row["query"], row["kind"]), []).extend(row["ms"])
            loads.append(os.getloadavg()[0])
    print(report(args, trees, timings, loads))


def run_worker(tree: Path, index: Path, repeats: int) -> list[dict[str, Any]]:
    """The measurements of one process running the code of ``tree``."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    command = [sys.executable, __file__, "--worker", "--index", str(index)]
    done = subprocess.run(
        [*command, "--repeats", str(repeats)], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


# -- one process -----------------------------------------------------------------------


def measure(folder: Path, repeats: int) -> list[dict[str, Any]]:
    import sensegrep
    from sensegrep.api.querying import search_request
    from sensegrep.errors import SensegrepError
    from sensegrep.storage import index as storage_index

    storage_index._can_write = lambda _folder: False  # an immutable snapshot: no WAL
    rows = []
    with sensegrep.open(folder) as idx:
        searcher = idx.searcher
        forget = getattr(searcher, "forget_totals", lambda: None)  # code that keeps none

        def first(word: str, options: dict[str, Any]) -> Callable[[], object]:
            return lambda: (forget(), idx.search(word, k=PAGE, **options))

        def following(word: str, options: dict[str, Any]) -> Callable[[], object]:
            return lambda: idx.search(word, k=PAGE, offset=PAGE, **options)

        def total(word: str, options: dict[str, Any]) -> Callable[[], object]:
            return lambda: (forget(), idx.total(word, **options))

        def alone(word: str, options: dict[str, Any]) -> Callable[[], object]:
            request = search_request(word, k=PAGE, **options)
            return lambda: searcher.search(request)

        for label, word, options in QUERIES:
            try:
                found = idx.search(word, k=PAGE, **options)
            except SensegrepError:
                continue  # not in this index
            label = f"{label}: {found.total:,} matches in {found.documents:,} documents"
            makers = {"first page": first, "exact total": total, "page alone": alone}
            for kind in KINDS:
                if kind == "next page":
                    ms = timed(following(word, options), repeats, before=first(word, options))
                else:
                    ms = timed(makers[kind](word, options), repeats)
                rows.append({"query": label, "kind": kind, "ms": ms})
    return rows


def timed(query: Callable[[], object], repeats: int, before: Callable[[], object] | None = None):
    """Milliseconds of ``repeats`` calls (after one untimed call warming the caches);
    ``before`` runs untimed ahead of each."""
    query()
    times = []
    for _ in range(repeats):
        if before is not None:
            before()
        started = time.perf_counter()
        query()
        times.append((time.perf_counter() - started) * 1000)
    return times


# -- the report ------------------------------------------------------------------------


def report(args: argparse.Namespace, trees: dict[str, Path], timings: dict, loads: list) -> str:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from _common import commit, machine

    names = list(trees)
    header = "| query | measure | " + " | ".join(f"{n} p50 ms" for n in names)
    header += " | before ÷ this |" if len(names) > 1 else " |"
    rule = "|---|---|" + "---:|" * len(names) + ("---:|" if len(names) > 1 else "")
    lines = [
        f"Machine: {machine()}; commit {commit()}. Command: `python benchmarks/bench_totals.py "
        f"--index {args.index}"
        + (f" --before {args.before}" if args.before else "")
        + f" --rounds {args.rounds} --repeats {args.repeats}`; "
        f"load average (1 min) {min(loads):.1f}–{max(loads):.1f} during the run"
        + (" (contended)" if max(loads) > 1 else "")
        + ".",
        "",
        header,
        rule,
    ]
    keys = list(timings[names[-1]])
    for query, kind in keys:
        medians = [statistics.median(timings[n].get((query, kind), [float("nan")])) for n in names]
        cells = " | ".join(f"{m:,.1f}" for m in medians)
        ratio = f" | {medians[0] / medians[-1]:,.1f}×" if len(names) > 1 else ""
        lines.append(f"| {query} | {kind} | {cells}{ratio} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
