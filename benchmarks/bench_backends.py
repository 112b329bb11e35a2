"""`make bench-backends`: the driver's side of scale-out, SQLite against PostgreSQL.

What one indexing driver can commit when embedding is free: the same generated batches
as `make bench-scale` (seeded, 20,000 occurrences each, 256-dimension vectors) stored
through ``Index.add_batch`` into index.sqlite and into a PostgreSQL schema, side by side
in one run; then the compaction, and warm query latency on each (ranked ``like`` search
and the plain concordance of a 10,000-occurrence word). The PostgreSQL server is a
private one started here (the pgserver wheel, on a Unix socket: no network round trip
counted that a real deployment would pay), unless --db names one.

    .venv/bin/python benchmarks/bench_backends.py --occurrences 300000

Measured, never asserted. Prints a markdown section; --append adds it to a file.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import bench_scale  # noqa: E402

import sensegrep  # noqa: E402
from sensegrep.embedder.base import EmbedderConfig  # noqa: E402
from sensegrep.storage import Index  # noqa: E402

DIM = 256
PLANTED = {"w1k": 1_000, "w10k": 10_000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--occurrences", type=int, default=300_000)
    parser.add_argument("--db", help="a PostgreSQL URL (default: a private server)")
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--append", type=Path, help="append the markdown section here")
    args = parser.parse_args()
    os.environ.pop("SENSEGREP_DB", None)
    with tempfile.TemporaryDirectory(prefix="bench-backends-") as tmp:
        db, server = args.db, None
        if db is None:
            import pgserver

            server = pgserver.get_server(Path(tmp) / "pg", cleanup_mode="stop")
            db = f"postgresql+psycopg://postgres@/postgres?host={Path(tmp) / 'pg'}"
        rows = [
            measure(name, Path(tmp) / name, args.occurrences, url, args.repeats)
            for name, url in (("SQLite", None), ("PostgreSQL", db))
        ]
        if server is not None:
            server.cleanup()
    section = report(rows, args.occurrences)
    print(section)
    if args.append:
        with args.append.open("a", encoding="utf-8") as handle:
            handle.write("\n" + section)


def measure(name: str, folder: Path, total: int, db: str | None, repeats: int) -> dict:
    config = EmbedderConfig(model=f"fake:{DIM}", layers=(0,), pooling="mean", dim=DIM)
    storing, batches, occurrences = [], 0, 0
    with Index.open_for_writing(folder, config, db=db) as index:
        for docs, vectors in bench_scale.batches(total, PLANTED, DIM):
            at = time.perf_counter()
            index.add_batch(docs, vectors)
            storing.append(time.perf_counter() - at)
            batches += 1
            occurrences += len(vectors)
        at = time.perf_counter()
        index.compact(max_shards=1)  # rewrites every occurrence's location
        compacting = time.perf_counter() - at
    print(f"{name}: {occurrences / sum(storing):,.0f} occurrences/s", file=sys.stderr)
    with sensegrep.open(folder, db=db) as opened:
        like = opened.search("w10k", k=1)[0].id
        ranked = timed(lambda: opened.search("w10k", like=[like], k=20), repeats)
        plain = timed(lambda: opened.search("w10k", k=20), repeats)
    return {
        "backend": name,
        "occurrences": occurrences,
        "rate": occurrences / sum(storing),
        "batch_p50_ms": statistics.median(storing) * 1000,
        "compact_s": compacting,
        "ranked_ms": ranked,
        "plain_ms": plain,
    }


def timed(query, repeats: int) -> float:
    query()  # warm
    times = []
    for _ in range(repeats):
        at = time.perf_counter()
        query()
        times.append(time.perf_counter() - at)
    return statistics.median(times) * 1000


def report(rows: list[dict], total: int) -> str:
    lines = [
        f"### Storage path by backend ({rows[0]['occurrences']:,} occurrences, "
        f"{time.strftime('%Y-%m-%d')})",
        "",
        f"`.venv/bin/python benchmarks/bench_backends.py --occurrences {total}` "
        "(`make bench-backends`): batches of 20,000 occurrences with seeded 256-d vectors "
        "stored by `Index.add_batch` (embedding excluded), then compacted; query p50 warm.",
        "",
        "| backend | commit rate | one batch p50 | compaction | ranked `like` p50 (10k) "
        "| plain concordance p50 (10k) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['backend']} | {r['rate']:,.0f} occurrences/s | {r['batch_p50_ms']:,.0f} ms "
            f"| {r['compact_s']:.1f} s | {r['ranked_ms']:.1f} ms | {r['plain_ms']:.1f} ms |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
