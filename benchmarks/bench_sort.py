"""Sorting, counting and totals over every match of a frequent word (issue 23).

A text-only index of bench_scale.py's generated corpus (seeded Zipf sentences) with one
planted word of --occurrences tokens among --tokens; then, in one process, side by side:

- the first page (k=20, corpus order) with the totals of all the matches, and without
  them (the engine's page alone: what a page cost before totals);
- ``--sort right1 -k 20`` and ``--sort right1,left1 -k 20``: every match sorted, then
  the page taken (keys from the token store's columns);
- ``--count right1`` over every match;
- reading the context strings of 10,000 lines, for scale (what sorting by reading every
  line's text would pay per 10,000).

    .venv/bin/python benchmarks/bench_sort.py --tokens 3000000 --occurrences 1000000

Measured, never asserted; prints a markdown table.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_scale import build_text_index  # noqa: E402

import sensegrep  # noqa: E402
from sensegrep.api.querying import search_request  # noqa: E402

WORD = "w1m"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tokens", type=int, default=3_000_000)
    parser.add_argument("--occurrences", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--folder", type=Path, help="build here, or reuse what is there")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sensegrep-sort-") as tmp:
        folder = args.folder or Path(tmp) / "idx"
        if not (folder / "manifest.json").exists():
            if folder.exists():
                shutil.rmtree(folder)
            build = build_text_index(folder, args.tokens, {WORD: args.occurrences})
            print(f"built {build['tokens']:,} tokens in {build['wall_s']:.0f} s", file=sys.stderr)
        rows = measure(folder, args.repeats)
    print(f"\n{args.occurrences:,} occurrences of {WORD} in {args.tokens:,} tokens "
          f"(text-only index; median of {args.repeats}):\n")  # fmt: skip
    print("| query | seconds | lines | total |\n|---|---:|---:|---:|")
    for name, seconds, lines, total in rows:
        print(f"| {name} | {seconds:.3f} | {lines:,} | {total:,} |")


def measure(folder: Path, repeats: int) -> list[tuple[str, float, int, int]]:
    rows = []
    with sensegrep.open(folder) as idx:
        queries: dict[str, Callable[[], object]] = {
            "page k=20 with totals": lambda: idx.search(WORD, k=20),
            "page k=20 without totals (engine)": lambda: idx.searcher.search(
                search_request(WORD, k=20)
            ),
            "--sort right1 -k 20 (all sorted)": lambda: idx.search(WORD, k=20, sort="right1"),
            "--sort right1,left1 -k 20": lambda: idx.search(WORD, k=20, sort="right1,left1"),
            "--sort right1 --ignore-punct -k 20": lambda: idx.search(
                WORD, k=20, sort="right1", ignore_punct=True
            ),
            "--count right1 (all counted)": lambda: idx.count(WORD, "right1"),
        }
        for name, query in queries.items():
            seconds, result = timed(query, repeats)
            total = getattr(result, "total", None)
            rows.append((name, seconds, len(result), total if total is not None else 0))  # type: ignore[arg-type]
        ids = idx.search(WORD, k=10_000).ids
        seconds, found = timed(lambda: idx.storage.contexts(ids), repeats)
        rows.append(("contexts of 10,000 lines (for scale)", seconds, len(found), 0))  # type: ignore[arg-type]
    return rows


def timed(query: Callable[[], object], repeats: int) -> tuple[float, object]:
    result = query()  # warm: segments mapped, vocabulary read
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        result = query()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


if __name__ == "__main__":
    main()
