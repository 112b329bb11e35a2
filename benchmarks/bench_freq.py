"""Time ``freq`` (issue 24's target: ``freq --by lemma`` over 10M tokens in at most 10 s)
on an existing index with a token store, e.g. the one ``bench_scale.py --occurrences
10000000 --folder DIR`` builds:

    .venv/bin/python benchmarks/bench_freq.py --index DIR

Each ``--by`` is timed from a fresh process's first call (the vocabulary read, the token
store's columns mapped) and then once more warm. Measured, never asserted."""

from __future__ import annotations

import argparse
import time

import sensegrep


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--index", required=True)
    parser.add_argument("--by", nargs="+", default=["lemma", "form"])
    args = parser.parse_args()
    with sensegrep.open(args.index) as index:
        for by in args.by:
            for run in ("first", "warm"):
                started = time.perf_counter()
                table = index.freq(by=by)
                seconds = time.perf_counter() - started
                print(f"freq --by {by} ({run}): {seconds:.2f} s, {table.rows:,} rows, "
                      f"{table.tokens:,} tokens")  # fmt: skip


if __name__ == "__main__":
    main()
