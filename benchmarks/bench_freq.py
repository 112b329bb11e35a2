"""Time ``freq`` (issue 24's target: ``freq --by lemma`` over 10M tokens in at most 10 s)
on an existing index with a token store, e.g. the one ``bench_scale.py --occurrences
10000000 --folder DIR`` builds:

    .venv/bin/python benchmarks/bench_freq.py --index DIR

Each ``--by`` is timed in a fresh process of its own (benchmarks/_common.py): its first
call (the vocabulary read, the token store's columns mapped) and the median of
``--repeats`` more in that process. The index is only read. Measured, never asserted.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import TARGET_FREQ, Case, load, statistics_table, time_statistics


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", required=True, type=Path)
    parser.add_argument("--by", nargs="+", default=["lemma", "form"])
    parser.add_argument("--repeats", type=int, default=1, help="warm calls after the first")
    args = parser.parse_args()
    cases = [
        Case(f"freq --by {by}", "freq", options={"by": by},
             target=TARGET_FREQ if by == "lemma" else "")
        for by in args.by
    ]  # fmt: skip
    started = load()
    measured = time_statistics(args.index, cases, args.repeats)
    for m in measured:
        print(f"{m.case.label}: first {m.first_s:.2f} s, warm {m.median_s:.2f} s "
              f"(median of {len(m.later_s)}), {m.rows:,} rows, {m.tokens:,} tokens")  # fmt: skip
    print(f"{started} at the start, {load()} at the end\n")
    print(statistics_table(measured, args.repeats))


if __name__ == "__main__":
    main()
