"""Timings of the corpus statistics (issue 24) on an existing index: one section per
statistic, each a function of its own, run when its option is given.

- ``--collocates``: ``collocates`` of a word of about ``--occurrences`` occurrences
  (default 10,000; the issue's target is 1 s), or of ``--word``, each way in a fresh
  process (benchmarks/_common.py): its first call (the vocabulary read, the token
  store's columns mapped) and the median of ``--repeats`` later ones, with the default
  settings (logDice, window 5, lemmas), with every measure, by form, window 10, in a
  ``--where`` subcorpus (``--where KEY=VALUE``); and the lines behind the top row
  (``search --near``'s total).

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
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from _common import (  # noqa: E402
    TARGET_COLLOCATES,
    Case,
    append,
    generated_text_index,
    load,
    machine,
    stamp,
    statistics_table,
    time_statistics,
    timed,
    word_of_frequency,
)

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
        corpus = args.index.with_name(args.index.name + "-corpus.jsonl")
        _, seconds = generated_text_index(args.index, args.build, corpus)
        print(f"built in {seconds:.0f} s", file=sys.stderr)
    sections = [header(args)]
    if args.collocates:
        sections.append(collocates_section(args))
    append("\n".join(sections), args.append)


def header(args: argparse.Namespace) -> str:
    with sensegrep.open(args.index) as index:
        tokens = index.storage.corpus_tokens()
    return (
        f"## Corpus statistics, {stamp()}\n\n"
        f"Index `{args.index}`: {tokens:,} tokens. {machine()}, {load()} at the start "
        "(shared: timings are noisy; compare rows of one run)."
    )


# -- collocates ---------------------------------------------------------------------------


def collocates_section(args: argparse.Namespace) -> str:
    """collocates of one word, several ways, each in a fresh process; and the lines
    behind the top row (``search --near``); a markdown table."""
    with sensegrep.open(args.index) as index:
        word = args.word or word_of_frequency(index, args.occurrences)
    cases = [
        Case(f"collocates {word}", "collocates", [word], target=TARGET_COLLOCATES),
        Case(f"collocates {word} --measure (all 8)", "collocates", [word],
             {"measure": "logdice,mi,mi3,t,z,ll,dice,logratio"}),
        Case(f"collocates {word} --by form", "collocates", [word], {"by": "form"}),
        Case(f"collocates {word} --window 10", "collocates", [word], {"window": 10}),
    ]  # fmt: skip
    if args.where:
        key, _, value = args.where.partition("=")
        cases.append(Case(f"collocates {word} --where {args.where}", "collocates", [word],
                          {"where": {key: value}}))  # fmt: skip
    measured = time_statistics(args.index, cases, args.repeats)
    with sensegrep.open(args.index) as index:
        top = index.collocates(word)[0]
        lines = timed(lambda: index.search(**top["search"], k=20), args.repeats)
    return "\n".join([
        "",
        f"### `collocates {word}` (target: ≤ 1 s for a word of 10,000 occurrences)",
        "",
        statistics_table(measured, args.repeats),
        f"The top row's lines, `search {word} --near {top['collocate']}` (k=20; "
        f"{lines.answer.total:,} lines, the row's `lines` {top['lines']:,}), in one "
        f"process: first call {lines.first:.3f} s, median of later {lines.median:.3f} s.",
    ])  # fmt: skip


if __name__ == "__main__":
    main()
