"""`make bench-patterns`: CQL pattern latency on a real tagged corpus, and what the
pattern indexes cost on disk.

SemCor (../shared/data, 802,443 tokens with lemmas and POS) is indexed with the fake
encoder (vectors do not matter to matching), then each pattern is timed for its first
page (``-k 20``, warm, median of 5), for its exact total (``SenseIndex.total``: the token
store's matches, counted), and for listing every match with its context (once); beside
them, in the same run, the total by the sentence-by-sentence matcher that answered
before the token store (what an index made before it still uses when opened
read-only). Disk: the token store's bytes per token, and the database's (vacuumed).

    .venv/bin/python benchmarks/bench_patterns.py

Measured, never asserted. Prints a markdown section; --append adds it to a file.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import sensegrep  # noqa: E402

SEMCOR = REPO.parent / "shared" / "data" / "semcor" / "semcor.data.xml"
PATTERNS = [
    '[lemma="bank"] "of"',
    '[pos="ADJ"] [lemma="bank"]',
    '"take"%c []{0,2} "off"',
    '[lemma="be"] [pos="ADJ"]',
    '[pos="ADJ"] [pos="NOUN"]',
    '[word="[A-Z].*"] [pos="VERB"]',
    '[pos="DET"] [pos="ADJ"]{2,} [pos="NOUN"]',
    '[word=".*ness"]',
    '"(a|a)*b"',
    # groups (issue 24), beside their token-level equivalents above
    '([pos="ADJ"])+ [lemma="bank"]',
    '([pos="ADJ"] ","?){1,3} [lemma="bank"]',
    '"take"%c ([]){0,2} "off"',
    '[pos="DET"] ([pos="ADJ"]){2,} [pos="NOUN"]',
    '[pos="DET"] ([pos="ADJ"] | [pos="ADV"] [pos="ADJ"])+ [pos="NOUN"]',
    '[lemma="be"] ([pos="ADV"])* [pos="ADJ"]',
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=SEMCOR)
    parser.add_argument("--append", type=Path, help="append the markdown section here")
    args = parser.parse_args()
    if not args.corpus.is_file():
        sys.exit(f"{args.corpus} not found: the benchmark needs ../shared/data")
    with tempfile.TemporaryDirectory(prefix="bench-patterns-") as tmp:
        folder = Path(tmp) / "idx"
        with sensegrep.build(folder, args.corpus, model="fake:16") as index:
            tokens = index.info()["tokens"]
            rows = [measure(index, pattern) for pattern in PATTERNS]
        disk = index_bytes(folder / "index.sqlite", Path(tmp) / "copy.sqlite")
        disk["store"] = sum(p.stat().st_size for p in (folder / "tokens").iterdir())
    section = report(rows, tokens, disk, args.corpus)
    print(section)
    if args.append:
        with args.append.open("a", encoding="utf-8") as handle:
            handle.write("\n" + section)


def measure(index: sensegrep.SenseIndex, pattern: str) -> dict:
    from sensegrep.search import patterns
    from sensegrep.search.cql import parse

    first_page = timed(lambda: index.search("", cql=pattern, k=20), 5)
    total_ms = timed(lambda: index.total(cql=pattern), 5)
    started = time.perf_counter()
    matches = len(index.search("", cql=pattern))
    every = (time.perf_counter() - started) * 1000
    assert index.total(cql=pattern) == matches
    parsed = parse(pattern)
    started = time.perf_counter()
    old = len(patterns._sentence_by_sentence(index.storage, parsed))
    old_ms = (time.perf_counter() - started) * 1000
    assert old == matches
    return {
        "pattern": pattern,
        "matches": matches,
        "first_ms": first_page,
        "total_ms": total_ms,
        "all_ms": every,
        "old_ms": old_ms,
    }


def timed(query: Callable[[], object], repeats: int) -> float:
    query()  # warm
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        query()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def index_bytes(database: Path, copy: Path) -> dict:
    """The database's size, vacuumed (a copy)."""
    shutil.copy(database, copy)
    with sqlite3.connect(copy) as conn:
        conn.execute("VACUUM")
    return {"sqlite": copy.stat().st_size}


def _cell(text: str) -> str:
    """Text fit for a markdown table cell (a pattern's | would end the cell)."""
    return text.replace("|", "\\|")


def report(rows: list[dict], tokens: int, disk: dict, corpus: Path) -> str:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO
    ).stdout.strip()
    lines = [
        f"### CQL patterns on SemCor ({tokens:,} tokens; {time.strftime('%Y-%m-%d')}, "
        f"commit {commit})",
        "",
        "`.venv/bin/python benchmarks/bench_patterns.py` (`make bench-patterns`), corpus "
        f"`{os.path.relpath(corpus, REPO)}`, indexed with the fake encoder.",
        "",
        "| pattern | matches | first page (`-k 20`) p50 | exact total p50 | every match"
        " with its context | total by the old sentence matcher (without its SQLite"
        " indexes, which are no longer made) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| `{_cell(r['pattern'])}` | {r['matches']:,} | {r['first_ms']:.1f} ms | "
        f"{r['total_ms']:,.1f} ms | {r['all_ms']:,.0f} ms | {r['old_ms']:,.0f} ms "
        f"({r['old_ms'] / max(r['total_ms'], 1e-9):,.0f}×) |"
        for r in rows
    ]
    lines += [
        "",
        f"The token store: {disk['store'] / 2**20:.1f} MiB = {disk['store'] / tokens:.1f} "
        "bytes/token (form, lemma, POS and their inverted lists; no tags or heads in this "
        "corpus).",
        "",
        f"The database beside it (vacuumed): {disk['sqlite'] / 2**20:.1f} MiB = "
        f"{disk['sqlite'] / tokens:.1f} bytes/token (documents' text, every token's row, "
        "vectors' locations). The two SQLite indexes the old matcher read (ix_token_lemma,"
        " ix_token_form, 9.3 bytes/token) are no longer made.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
