"""Timings of the corpus statistics of issue 24 (``keywords`` …) on a text-only index.

Measured, never asserted. Each section is a function of its own; run the ones named:

    .venv/bin/python benchmarks/bench_stats.py keywords --tokens 1500000 --folder /tmp/kw-bench

The corpus is generated from SemCor's sentences (benchmarks/bench_textonly.py's
``write_corpus``: documents of 20 sentences, each with a ``year`` from 1900 to 2019) and
indexed text-only with simplemma (no POS) into ``--folder``, once: a later run finds the
index there and reuses it. Never committed: it is derived from shared data.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_textonly import write_corpus  # noqa: E402

import sensegrep  # noqa: E402


def text_index(folder: Path, tokens: int) -> tuple[Path, float | None]:
    """The benchmark's text-only index in ``folder`` (built when absent): its path, and
    the seconds the build took (None: reused)."""
    index = folder / "idx"
    if (index / "manifest.json").exists():
        return index, None
    folder.mkdir(parents=True, exist_ok=True)
    corpus = folder / "corpus.jsonl"
    write_corpus(corpus, tokens)
    started = time.perf_counter()
    report = sensegrep.add(index, corpus, vectors_for="none", format="jsonl", tagger="none")
    if report.errors:
        raise SystemExit(f"indexing errors: {report.errors[:3]}")
    return index, time.perf_counter() - started


def timed(call: Callable[[], object], repeats: int) -> tuple[float, float, object]:
    """(the first call's seconds, the best of the next ``repeats``, its answer)."""
    started = time.perf_counter()
    answer = call()
    first = time.perf_counter() - started
    best = first
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - started)
    return first, best, answer


# -- keywords (issue 24, part 4) --------------------------------------------------------------

KEYWORD_CASES: list[tuple[str, dict]] = [
    ("lemmas, focus 1900..1929 against the rest", {"where": {"year": "1900..1929"}}),
    ("forms, the same", {"where": {"year": "1900..1929"}, "by": "form"}),
    (
        "lemmas, against --reference-where year=1990..2019",
        {"where": {"year": "1900..1929"}, "reference_where": {"year": "1990..2019"}},
    ),
    (
        "lemmas, logratio with --max-p 0.05, both directions",
        {
            "where": {"year": "1900..1929"},
            "measure": "logratio",
            "max_p": 0.05,
            "direction": "both",
        },
    ),
    ("lemmas, a small focus (year=1950) against the rest", {"where": {"year": "1950"}}),
]


def keywords_section(args: argparse.Namespace) -> str:
    """``keywords`` on the generated corpus: each case opened once, its first call and
    the best of ``--repeats`` more; and one against another index (the same folder:
    its items matched by name)."""
    index, built = text_index(args.folder, args.tokens)
    rows = []
    with sensegrep.open(index) as idx:
        size = idx.storage.corpus_tokens()
        other = {"where": {"year": "1900..1929"}, "reference": str(index)}
        cases = [*KEYWORD_CASES, ("lemmas, against another index (--reference DIR)", other)]
        for name, options in cases:
            first, best, table = timed(lambda o=options: idx.keywords(**o), args.repeats)
            top = ", ".join(r["item"] for r in table[:5])
            rows.append((name, table.tokens, table.reference_tokens, table.rows, first, best, top))
            print(f"  {name}: {first:.2f} s first, {best:.2f} s best; {top}", file=sys.stderr)
    return _keywords_report(args, size, built, rows)


def _keywords_report(args: argparse.Namespace, size: int, built: float | None, rows) -> str:
    lines = [
        f"## keywords on a text-only index of {size:,} tokens, {_stamp()}",
        "",
        _machine(),
        f"Command: `python benchmarks/bench_stats.py keywords --tokens {args.tokens} "
        f"--folder {args.folder}`. The corpus: SemCor's sentences in documents of 20, each "
        "with a year 1900-2019, indexed text-only with simplemma"
        + (f" (built in {built:.0f} s)." if built is not None else " (index reused)."),
        "Per case: the first call on the opened index, and the best of "
        f"{args.repeats} more (the token store's columns in the page cache by then).",
        "",
        "| case | focus tokens | reference tokens | rows | first s | best s | top 5 |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for name, focus, reference, count, first, best, top in rows:
        lines.append(
            f"| {name} | {focus:,} | {reference:,} | {count:,} | {first:.2f} | {best:.2f} | {top} |"
        )
    return "\n".join(lines) + "\n"


# -- shared ----------------------------------------------------------------------------------


def _stamp() -> str:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    return f"{datetime.now(UTC):%Y-%m-%d}, commit {commit}"


def _machine() -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, SQLite index, load average {load:.1f} at the start."
    )


SECTIONS: dict[str, Callable[[argparse.Namespace], str]] = {"keywords": keywords_section}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sections", nargs="+", choices=sorted(SECTIONS))
    parser.add_argument("--tokens", type=int, default=1_500_000, help="generated corpus size")
    parser.add_argument("--folder", type=Path, default=Path("/tmp/kw-bench"),
                        help="where the index is built (and found again)")  # fmt: skip
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--append", type=Path, help="append the sections to this file")
    args = parser.parse_args()
    for name in args.sections:
        section = SECTIONS[name](args)
        print(section)
        if args.append:
            with args.append.open("a", encoding="utf-8") as out:
                out.write("\n" + section)


if __name__ == "__main__":
    main()
