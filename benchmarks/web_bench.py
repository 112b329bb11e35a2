"""`make bench-web`: the web app's warm query latency through HTTP, and its memory.

A synthetic corpus gives one word ("bank") 10,000 occurrences; it is indexed (with the
fake embedder at mpnet's width by default, so the figures measure HTTP, search and
scoring rather than the encoder; ``--model mpnet`` for the real one), served by
``sensegrep serve`` in a subprocess, and queried with an HTTP client (keep-alive, one
request at a time): ``--like`` queries (1-3 random ids) and ``--example`` queries (varied
sentences), after a warm-up. The same queries are timed through the library in this
process, to show what HTTP adds. The server's resident memory (VmRSS) is read after start
(encoder loaded) and after the queries. Measured, never asserted.

    .venv/bin/python benchmarks/web_bench.py
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import httpx  # noqa: E402

import sensegrep  # noqa: E402

ADJECTIVES = ["grassy", "muddy", "old", "central", "steep", "national", "far", "local", "north"]
NOUNS = ["river", "loan", "canal", "account", "village", "reeds", "rates", "willows", "cheque"]
VERBS = ["flooded", "closed", "opened", "collapsed", "lent", "held", "raised", "sheltered"]


def corpus(path: Path, n: int, rng: random.Random) -> None:
    """n one-sentence documents, each with one "bank"."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            adj, noun, verb = rng.choice(ADJECTIVES), rng.choice(NOUNS), rng.choice(VERBS)
            text = f"Near the {noun} the {adj} bank {verb} again in week {i % 52}."
            record = {"id": f"d{i}", "text": text, "genre": rng.choice(["news", "fiction"])}
            out.write(json.dumps(record) + "\n")


def example(rng: random.Random) -> str:
    return f"the {rng.choice(ADJECTIVES)} [[bank]] by the {rng.choice(NOUNS)}"


def start_server(index: Path) -> tuple[subprocess.Popen, str]:
    code = "from sensegrep.cli import main; main()"
    command = [sys.executable, "-c", code, "--index", str(index), "serve", "--port", "0"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert server.stdout is not None
    for line in server.stdout:
        found = re.search(r"sensegrep serve: (http://\S+?)/", line)
        if found:
            return server, found.group(1)
    raise RuntimeError("sensegrep serve did not print its address")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def timed(calls: list[Callable[[], object]]) -> list[float]:
    times = []
    for call in calls:
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def quantiles(times: list[float]) -> tuple[float, float]:
    return statistics.median(times), statistics.quantiles(times, n=20)[18]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--occurrences", type=int, default=10_000)
    parser.add_argument("--model", default="fake:768")
    parser.add_argument("--queries", type=int, default=200, help="per kind")
    parser.add_argument("-k", type=int, default=20)
    parser.add_argument(
        "--index", type=Path, help="build the index here and keep it (reused if it exists)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        index = args.index or Path(tmp) / "idx"
        built_s = build(index, args, Path(tmp))
        rng = random.Random(1)
        with sensegrep.open(index) as idx:
            ids = idx.search("bank").ids
        likes = [rng.sample(ids, rng.randint(1, 3)) for _ in range(args.queries)]
        examples = [example(rng) for _ in range(args.queries)]
        load_before = os.getloadavg()[0]
        server, url = start_server(index)
        try:
            figures = measure(server.pid, url, likes, examples, args.k)
        finally:
            server.terminate()
            server.wait(timeout=30)
        # In a fresh process, as the server is: this one has built an index (and loaded
        # an encoder for it), which slowed its own queries tenfold with mpnet.
        spawn = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(1, mp_context=spawn) as pool:
            library = pool.submit(measure_library, index, likes, examples, args.k).result()
    figures["load"] = (load_before, os.getloadavg()[0])
    print(report(args, built_s, len(ids), figures, library))


def build(index: Path, args: argparse.Namespace, tmp: Path) -> float | None:
    """Seconds to build the index; None when an existing one is reused."""
    if (index / "manifest.json").exists():
        return None
    corpus(tmp / "corpus.jsonl", args.occurrences, random.Random(0))
    started = time.perf_counter()
    sensegrep.build(index, tmp / "corpus.jsonl", model=args.model).close()
    return time.perf_counter() - started


def measure(pid: int, url: str, likes: list, examples: list, k: int) -> dict:
    with httpx.Client(base_url=url, timeout=120) as client:
        client.get("/api/info").raise_for_status()
        time.sleep(1.0)
        at_start = rss_mb(pid)

        def like(ids: list[int]) -> Callable[[], object]:
            params = [("word", "bank"), ("k", k)] + [("like", i) for i in ids]
            return lambda: client.get("/api/search", params=params).raise_for_status()

        def by_example(text: str) -> Callable[[], object]:
            params = {"word": "bank", "k": k, "example": text}
            return lambda: client.get("/api/search", params=params).raise_for_status()

        timed([like(ids) for ids in likes[:10]] + [by_example(t) for t in examples[:10]])
        like_ms = timed([like(ids) for ids in likes])
        example_ms = timed([by_example(t) for t in examples])
        time.sleep(1.0)
        return {
            "like": quantiles(like_ms),
            "example": quantiles(example_ms),
            "rss_start": at_start,
            "rss_after": rss_mb(pid),
        }


def measure_library(index: Path, likes: list, examples: list, k: int) -> dict:
    with sensegrep.open(index) as idx:
        warm = [lambda ids=ids: idx.search("bank", like=ids, k=k) for ids in likes[:10]]
        timed(warm + [lambda t=t: idx.search("bank", t, k=k) for t in examples[:10]])
        like_ms = timed([lambda ids=ids: idx.search("bank", like=ids, k=k) for ids in likes])
        example_ms = timed([lambda t=t: idx.search("bank", t, k=k) for t in examples])
    return {"like": quantiles(like_ms), "example": quantiles(example_ms)}


def report(
    args: argparse.Namespace, built_s: float | None, n: int, web: dict, library: dict
) -> str:
    built = "an existing index" if built_s is None else f"index built in {built_s:.0f} s"
    lines = [
        f"{n:,} occurrences of the word, encoder `{args.model}`, {args.queries} queries of each "
        f"kind, k={args.k}, one client, keep-alive ({built})",
        "",
        "| query | HTTP p50 ms | HTTP p95 ms | library p50 ms | library p95 ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for kind, name in (("like", "`--like` (1-3 ids)"), ("example", "`--example`")):
        (p50, p95), (l50, l95) = web[kind], library[kind]
        lines.append(f"| {name} | {p50:.1f} | {p95:.1f} | {l50:.1f} | {l95:.1f} |")
    lines += [
        "",
        f"Server resident memory (VmRSS): {web['rss_start']:.0f} MB after start (encoder "
        f"loaded), {web['rss_after']:.0f} MB after the queries. Load average (1 min) "
        f"{web['load'][0]:.1f} before, {web['load'][1]:.1f} after, on {os.cpu_count()} cores.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
