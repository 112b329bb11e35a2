"""What the benchmarks share: the report's stamp and machine line, timing a call (its
first run, then the median and best of more), appending a section to a file, text-only
indexes of SemCor and of generated JSONL, and the statistics timings (``freq``,
``collocates``, ``keywords``) that bench_scale.py, bench_stats.py, bench_freq.py and
bench_collocates.py report.

A statistic is timed in a fresh process of its own (this file run as a worker, the case
given as JSON on stdin): its first call pays what a user's first command pays (reading
the vocabulary and its lemma keys, mapping the token store's columns; the files may be
in the page cache already), the later calls what a running web app or shell pays.
Measured, never asserted.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
SHARED = Path(os.environ.get("SENSEGREP_SHARED_DATA", REPO.parent / "shared" / "data"))
SEMCOR = SHARED / "semcor" / "semcor.data.xml"

# The targets (issue 24), shown beside the figures, never asserted.
TARGET_FREQ = "≤ 10 s over 10M tokens"
TARGET_COLLOCATES = "≤ 1 s for a word of 10k occurrences"


# -- the report ----------------------------------------------------------------------------


def commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def stamp() -> str:
    """Today's date and the commit measured."""
    return f"{datetime.now(UTC):%Y-%m-%d}, commit {commit()}"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def load() -> str:
    """The load averages now (1, 5, 15 minutes): other jobs on a shared machine."""
    if not hasattr(os, "getloadavg"):
        return "load average unknown"
    return "load average " + " / ".join(f"{x:.1f}" for x in os.getloadavg())


def append(section: str, path: Path | None) -> None:
    """Print the section, and add it to ``path`` when given."""
    print(section)
    if path is not None:
        with path.open("a", encoding="utf-8") as out:
            out.write("\n" + section)


def peak_rss_mb() -> float:
    """This process's peak resident memory, MiB: /proc's VmHWM where there is one (a
    process started by another one inherits its parent's ru_maxrss across exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- timing --------------------------------------------------------------------------------


@dataclass
class Timing:
    """A call's first run and the ``repeats`` after it (seconds), and its last answer."""

    first: float
    later: list[float]
    answer: Any = field(default=None, repr=False)

    @property
    def median(self) -> float:
        return statistics.median(self.later) if self.later else self.first

    @property
    def best(self) -> float:
        return min(self.later, default=self.first)


def timed(call: Callable[[], Any], repeats: int) -> Timing:
    started = time.perf_counter()
    answer = call()
    first = time.perf_counter() - started
    later = []
    for _ in range(repeats):
        started = time.perf_counter()
        answer = call()
        later.append(time.perf_counter() - started)
    return Timing(first, later, answer)


# -- indexes to measure --------------------------------------------------------------------


def built(index: Path, make: Callable[[], None]) -> float | None:
    """Build the index with ``make`` unless it is there: the seconds it took (None:
    reused)."""
    if (index / "manifest.json").exists():
        return None
    index.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    make()
    return time.perf_counter() - started


def add_text_only(index: Path, corpus: Path, **options: Any) -> None:
    """``corpus`` indexed without vectors into ``index``; any input error stops."""
    import sensegrep

    report = sensegrep.add(index, corpus, vectors_for="none", **options)
    if report.errors:
        raise SystemExit(f"indexing errors: {report.errors[:3]}")


def generated_text_index(
    index: Path, tokens: int, corpus: Path | None = None
) -> tuple[Path, float | None]:
    """A text-only index (simplemma) at ``index`` of bench_textonly.py's generated JSONL
    (SemCor's sentences, documents of 20, each with a year 1900-2019) of about
    ``tokens`` words, written to ``corpus`` (default: corpus.jsonl beside the index),
    built when absent: its path, and the build's seconds (None: reused)."""
    from bench_textonly import write_corpus

    corpus = corpus or index.parent / "corpus.jsonl"

    def make() -> None:
        write_corpus(corpus, tokens)
        add_text_only(index, corpus, format="jsonl", tagger="none")

    return index, built(index, make)


def semcor_text_index(folder: Path) -> tuple[Path, float | None]:
    """SemCor (Raganato XML: its lemmas and POS, one document per Brown text, a
    ``source`` field) indexed text-only into ``folder/idx`` when absent: its path, and
    the build's seconds (None: reused)."""
    if not SEMCOR.is_file():
        raise SystemExit(f"{SEMCOR} not found: this benchmark needs ../shared/data")
    index = folder / "idx"
    return index, built(index, lambda: add_text_only(index, SEMCOR))


def word_of_frequency(index: Any, occurrences: int) -> str:
    """The lemma (with a letter) whose frequency is nearest ``occurrences``."""
    table = index.freq(ignore_punct=True)
    rows = [r for r in table if any(ch.isalpha() for ch in r["item"])]
    return min(rows, key=lambda r: abs(r["freq"] - occurrences))["item"]


# -- statistics, each in a fresh process ---------------------------------------------------


@dataclass
class Case:
    """One statistic's call: ``SenseIndex.<method>(*args, **options)``."""

    label: str
    method: str
    args: list[Any] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)
    target: str = ""


@dataclass
class Measured:
    case: Case
    open_s: float
    first_s: float
    later_s: list[float]
    rows: int
    tokens: int
    nodes: int | None
    top: list[str]
    peak_rss_mb: float

    @property
    def median_s(self) -> float:
        return statistics.median(self.later_s) if self.later_s else self.first_s


def time_statistics(index: Path, cases: Sequence[Case], repeats: int) -> list[Measured]:
    """Each case in a fresh process of its own (see the module's docstring)."""
    out = []
    for case in cases:
        job = json.dumps({"index": str(index), "case": asdict(case), "repeats": repeats})
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "benchmarks")])}
        done = subprocess.run(
            [sys.executable, __file__], input=job, capture_output=True, text=True, env=env
        )
        if done.returncode != 0:
            raise SystemExit(f"{case.label}: {done.stderr.strip()}")
        got = json.loads(done.stdout.strip().splitlines()[-1])
        out.append(Measured(case=case, **got))
        print(f"  {case.label}: {got['first_s']:.3f} s first, "
              f"{out[-1].median_s:.3f} s median later", file=sys.stderr)  # fmt: skip
    return out


def _measure_one() -> None:
    """The worker: one case read from stdin, its figures written to stdout as JSON."""
    import sensegrep

    job = json.loads(sys.stdin.read())
    case = Case(**job["case"])
    started = time.perf_counter()
    with sensegrep.open(job["index"]) as index:
        open_s = time.perf_counter() - started
        call = getattr(index, case.method)
        timing = timed(lambda: call(*case.args, **case.options), job["repeats"])
    table = timing.answer
    print(json.dumps({
        "open_s": open_s,
        "first_s": timing.first,
        "later_s": timing.later,
        "rows": table.rows,
        "tokens": table.tokens,
        "nodes": getattr(table, "node_freq", None),
        "top": [_shown(row) for row in table[:3]],
        "peak_rss_mb": peak_rss_mb(),
    }))  # fmt: skip


def _shown(row: dict[str, Any]) -> str:
    if "sense" in row and "word" in row:
        return f"{row['word']} sense {row['sense']}"
    return str(row.get("item", row.get("collocate", "")))


def statistics_table(measured: Sequence[Measured], repeats: int) -> str:
    """A markdown table of the timings, the targets beside them."""
    lines = [
        f"Each call in a fresh process: opening the index, the first call, then the median "
        f"of {repeats} more in that process (the index's files may be in the page cache "
        "already). Targets are the issue's, shown beside the figures, never asserted.",
        "",
        "| call | tokens counted | nodes | rows | open s | first call s | median later s "
        "| target | top 3 | peak RSS MiB |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|---:|",
    ]
    for m in measured:
        nodes = "" if m.nodes is None else f"{m.nodes:,}"
        lines.append(
            f"| `{m.case.label}` | {m.tokens:,} | {nodes} | {m.rows:,} | {m.open_s:.2f} | "
            f"{m.first_s:.2f} | {m.median_s:.2f} | {m.case.target} | "
            f"{', '.join(m.top)} | {m.peak_rss_mb:,.0f} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    _measure_one()
