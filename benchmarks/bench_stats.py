"""Timings of the corpus statistics of issue 24 on text-only indexes, one section per
name given. Measured, never asserted.

- ``semcor`` (``make bench-stats``): SemCor (../shared/data, 802,443 tokens with its
  lemmas and POS, one document per Brown text) indexed text-only into
  ``--folder``/semcor, then ``freq``, ``collocates`` and ``keywords`` timed each in a
  fresh process: its first call and the median of ``--repeats`` more
  (benchmarks/_common.py), the issue's targets beside them;
- ``keywords``: ``keywords`` cases on a generated corpus of ``--tokens`` (SemCor's
  sentences in documents of 20, each with a year 1900-2019, bench_textonly.py's
  ``write_corpus``) indexed text-only with simplemma into ``--folder``/idx.

    .venv/bin/python benchmarks/bench_stats.py semcor keywords --folder /tmp/bench-stats

Each index is built once: a later run finds it there and reuses it. Never committed: it
is derived from shared data.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from _common import (  # noqa: E402
    TARGET_COLLOCATES,
    TARGET_FREQ,
    Case,
    append,
    generated_text_index,
    load,
    machine,
    semcor_text_index,
    stamp,
    statistics_table,
    time_statistics,
    timed,
    word_of_frequency,
)

import sensegrep  # noqa: E402

# -- SemCor: freq, collocates, keywords --------------------------------------------------------


def semcor_section(args: argparse.Namespace) -> str:
    index, built = semcor_text_index(args.folder / "semcor")
    with sensegrep.open(index) as idx:
        size = idx.storage.corpus_tokens()
        cases = semcor_cases(idx)
    started = load()
    measured = time_statistics(index, cases, args.repeats)
    how = f"built in {built:.0f} s" if built is not None else "reused"
    return "\n".join([
        f"## Corpus statistics on SemCor ({size:,} tokens), {stamp()}",
        "",
        f"{machine()}, SQLite index; {started} at the start, {load()} at the end (other "
        "jobs may share the machine: compare rows of one run). Command: `python "
        f"benchmarks/bench_stats.py semcor --folder {args.folder} --repeats {args.repeats}` "
        f"(`make bench-stats`). SemCor's Raganato XML indexed text-only (its own lemmas and "
        f"POS; {how}); the learned texts (Brown J) are the subcorpus and the keywords' focus.",
        "",
        statistics_table(measured, args.repeats),
    ])  # fmt: skip


def semcor_cases(idx: sensegrep.SenseIndex) -> list[Case]:
    """freq by each item kind, collocates of SemCor's words nearest 10k and 1k
    occurrences and of its second commonest lemma ("be"), keywords of the learned texts."""
    sources = [r["item"] for r in idx.freq(by="source")]
    learned = {"source": ",".join(sorted(s for s in sources if s.startswith("br-j")))}
    fiction = {"source": ",".join(sorted(s for s in sources if s.startswith("br-k")))}
    near_10k, near_1k = word_of_frequency(idx, 10_000), word_of_frequency(idx, 1_000)
    counts = {r["item"]: r["freq"] for r in idx.freq(ignore_punct=True, k=2000)}
    brown_j = f"source=br-j… ({learned['source'].count(',') + 1} texts)"
    cases = [
        Case("freq --by lemma", "freq", target=TARGET_FREQ),
        Case("freq --by form", "freq", options={"by": "form"}),
        Case("freq --by lemma_pos", "freq", options={"by": "lemma_pos"}),
        Case(f"freq --where {brown_j}", "freq", options={"where": learned}),
    ]
    for word in dict.fromkeys([near_10k, "be", near_1k]):
        target = TARGET_COLLOCATES if word == near_10k else ""
        label = f"collocates {word} ({counts.get(word, 0):,} occurrences)"
        cases.append(Case(label, "collocates", [word], target=target))
    cases += [
        Case(f"collocates {near_10k} --where {brown_j}", "collocates", [near_10k],
             {"where": learned}),
        Case(f"keywords --where {brown_j}", "keywords", options={"where": learned}),
        Case(f"keywords --where {brown_j} --by form", "keywords",
             options={"where": learned, "by": "form"}),
        Case(f"keywords --where {brown_j} --reference-where source=br-k…", "keywords",
             options={"where": learned, "reference_where": fiction}),
    ]  # fmt: skip
    return cases


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
    index, built = generated_text_index(args.folder / "idx", args.tokens)
    rows = []
    with sensegrep.open(index) as idx:
        size = idx.storage.corpus_tokens()
        other = {"where": {"year": "1900..1929"}, "reference": str(index)}
        cases = [*KEYWORD_CASES, ("lemmas, against another index (--reference DIR)", other)]
        for name, options in cases:
            timing = timed(lambda o=options: idx.keywords(**o), args.repeats)
            table, first, best = timing.answer, timing.first, timing.best
            top = ", ".join(r["item"] for r in table[:5])
            rows.append((name, table.tokens, table.reference_tokens, table.rows, first, best, top))
            print(f"  {name}: {first:.2f} s first, {best:.2f} s best; {top}", file=sys.stderr)
    return _keywords_report(args, size, built, rows)


def _keywords_report(args: argparse.Namespace, size: int, built: float | None, rows) -> str:
    lines = [
        f"## keywords on a text-only index of {size:,} tokens, {stamp()}",
        "",
        f"{machine()}, SQLite index, {load()} at the start.",
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


SECTIONS: dict[str, Callable[[argparse.Namespace], str]] = {
    "semcor": semcor_section,
    "keywords": keywords_section,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sections", nargs="+", choices=sorted(SECTIONS))
    parser.add_argument("--tokens", type=int, default=1_500_000, help="generated corpus size")
    parser.add_argument("--folder", type=Path, default=Path("/tmp/bench-stats"),
                        help="where the indexes are built (and found again)")  # fmt: skip
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--append", type=Path, help="append the sections to this file")
    args = parser.parse_args()
    for name in args.sections:
        append(SECTIONS[name](args), args.append)


if __name__ == "__main__":
    main()
