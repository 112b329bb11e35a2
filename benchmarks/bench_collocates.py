"""Timings of the corpus statistics (issue 24) on an existing index: one section per
statistic, each a function of its own, run when its option is given.

- ``--collocates``: ``collocates`` of a word of about ``--occurrences`` occurrences
  (default 10,000; the issue's target is 1 s), or of ``--word``: the first call in the
  process (the vocabulary read, the token store's columns mapped) and the median of
  ``--repeats`` later ones, with the default settings (logDice, window 5, lemmas),
  with every measure, by form, in a ``--where`` subcorpus (``--where KEY=VALUE``), and
  the lines behind the top row (``search --near``'s total).

The index is any index with a token store: a text-only one of SemCor's sentences made
with ``--build TOKENS`` (bench_textonly.py's generated JSONL, simplemma), or
bench_scale.py's (``--text-only --folder DIR``, whose planted ``w10k`` has exactly
10,000 occurrences). Measured, never asserted; prints a markdown section, ``--append``
adds it to a file.

    .venv/bin/python benchmarks/bench_collocates.py --index /tmp/colloc-bench/idx \\
        --build 2000000 --collocates
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import sensegrep  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True, help="the index to measure")
    parser.add_argument("--build", type=int, metavar="TOKENS",
                        help="first build a text-only index of about this many tokens "
                        "there (when the folder does not exist)")  # fmt: skip
    parser.add_argument("--collocates", action="store_true", help="time collocates")
    parser.add_argument("--occurrences", type=int, default=10_000,
                        help="the node word's frequency to look for")  # fmt: skip
    parser.add_argument("--word", help="the node word (default: by --occurrences)")
    parser.add_argument("--where", help="a KEY=VALUE subcorpus to time too")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--append", type=Path, help="append the section to this file")
    args = parser.parse_args()
    if args.build and not args.index.exists():
        build(args.index, args.build)
    sections = [header(args)]
    if args.collocates:
        sections.append(collocates_section(args))
    text = "\n".join(sections)
    print(text)
    if args.append:
        with args.append.open("a", encoding="utf-8") as out:
            out.write("\n" + text)


def build(folder: Path, tokens: int) -> None:
    """A text-only index of bench_textonly.py's generated JSONL (SemCor's sentences)."""
    from bench_textonly import write_corpus

    folder.mkdir(parents=True)
    corpus = folder.with_name(folder.name + "-corpus.jsonl")
    words = write_corpus(corpus, tokens)
    started = time.perf_counter()
    report = sensegrep.add(folder, corpus, vectors_for="none", format="jsonl", tagger="none")
    print(f"built {report.tokens:,} tokens ({words:,} words) in "
          f"{time.perf_counter() - started:.0f} s", file=sys.stderr)  # fmt: skip


def header(args: argparse.Namespace) -> str:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    when = datetime.now(UTC).strftime("%Y-%m-%d")
    with sensegrep.open(args.index) as index:
        tokens = index.storage.corpus_tokens()
    return (
        f"## Corpus statistics, {when}, commit {commit}\n\n"
        f"Index `{args.index}`: {tokens:,} tokens. {os.cpu_count()} CPUs (shared: timings "
        "are noisy; compare rows of one run)."
    )


def timed(call: Callable[[], Any], repeats: int) -> tuple[float, float, Any]:
    """(the first call's seconds, the median of ``repeats`` more, the last answer)."""
    started = time.perf_counter()
    answer = call()
    first = time.perf_counter() - started
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        answer = call()
        times.append(time.perf_counter() - started)
    return first, statistics.median(times), answer


# -- collocates ---------------------------------------------------------------------------


def collocates_section(args: argparse.Namespace) -> str:
    """collocates of one word, several ways; a markdown table."""
    with sensegrep.open(args.index) as index:
        word = args.word or word_of_frequency(index, args.occurrences)
        cases: list[tuple[str, dict[str, Any]]] = [
            ("defaults (logdice, window 5, lemmas)", {}),
            ("every measure", {"measure": "logdice,mi,mi3,t,z,ll,dice,logratio"}),
            ("by form", {"by": "form"}),
            ("window 10", {"window": 10}),
        ]
        if args.where:
            key, _, value = args.where.partition("=")
            cases.append((f"--where {args.where}", {"where": {key: value}}))
        rows = []
        for name, options in cases:
            first, median, table = timed(
                lambda o=options: index.collocates(word, **o), args.repeats
            )
            rows.append(f"| {name} | {table.node_freq:,} | {table.rows:,} | {first:.3f} | "
                        f"{median:.3f} |")  # fmt: skip
        top = index.collocates(word)[0]
        first, median, hits = timed(lambda: index.search(**top["search"], k=20), args.repeats)
    lines = [
        "",
        f"### `collocates {word}` (target: ≤ 1 s for a word of 10,000 occurrences)",
        "",
        "| call | nodes | rows | first call (s) | median of later (s) |",
        "|---|---:|---:|---:|---:|",
        *rows,
        f"| the top row's lines: `search {word} --near {top['collocate']}` (k=20; "
        f"{hits.total:,} lines, the row's `lines` {top['lines']:,}) | | | {first:.3f} | "
        f"{median:.3f} |",
    ]
    return "\n".join(lines)


def word_of_frequency(index: Any, occurrences: int) -> str:
    """The lemma (with a letter) whose frequency is nearest ``occurrences``."""
    table = index.freq(ignore_punct=True)
    rows = [r for r in table if any(ch.isalpha() for ch in r["item"])]
    return min(rows, key=lambda r: abs(r["freq"] - occurrences))["item"]


if __name__ == "__main__":
    main()
