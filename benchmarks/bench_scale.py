"""`make bench-scale`: storage and search at corpus scale, without the encoder's cost.

A generated corpus (seeded): sentences of 10 tokens drawn from a Zipf vocabulary, plus
four planted words of 1,000, 10,000, 100,000 and 1,000,000 occurrences (fewer when
--occurrences is small), stored through the real storage path (``Index.add_batch`` in
the indexer's batch size, then the indexer's compaction) with seeded random vectors at
the default encoder's dimension (256: mpnet's shipped projection). Every token is an
occurrence. It measures:

- build rate: occurrences/s of the storage path alone (vector generation excluded);
- bytes per token on disk, SQLite and vectors separately; peak memory (max RSS);
- query p50/p95 per word frequency: ranked search by ``like`` ids and by ``example``
  (the fake encoder's cost is ~0; the real default encoder's cost for one example is
  measured apart and reported beside it), the plain concordance (k=20, corpus order),
  a ``where`` filter, and ``senses`` (induction, then the stored run).

    .venv/bin/python benchmarks/bench_scale.py --occurrences 10000000 --append BENCHMARKS.md

Measured, never asserted. Prints a markdown section; --append adds it to a file.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import sensegrep  # noqa: E402
from sensegrep.document import Document, Sentence, Token  # noqa: E402
from sensegrep.embedder.base import EmbedderConfig  # noqa: E402
from sensegrep.storage import Index, PreparedDocument  # noqa: E402

PLANTED = {"w1k": 1_000, "w10k": 10_000, "w100k": 100_000, "w1m": 1_000_000}
SENTENCE = 10  # tokens
SENTENCES_PER_DOC = 10
BATCH = 20_000  # occurrences per add_batch, as the indexer's BATCH_OCCURRENCES
VOCABULARY = 50_000
GENRES = ("news", "fiction", "science", "travel")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--occurrences", type=int, default=10_000_000)
    parser.add_argument(
        "--dim", type=int, default=default_dim(), help="default: the default encoder's"
    )
    parser.add_argument("--repeats", type=int, default=30, help="queries per measurement")
    parser.add_argument("--folder", type=Path, help="build here and keep it (default: temp)")
    parser.add_argument("--append", type=Path, help="append the markdown section here")
    parser.add_argument("--no-encoder", action="store_true", help="skip the real encoder")
    args = parser.parse_args()
    planted = {w: n for w, n in PLANTED.items() if n * 5 <= args.occurrences}
    with tempfile.TemporaryDirectory(prefix="sensegrep-scale-") as tmp:
        folder = args.folder or Path(tmp) / "idx"
        if folder.exists():
            shutil.rmtree(folder)
        build = build_index(folder, args.occurrences, args.dim, planted)
        disk = disk_use(folder, build["occurrences"])
        queries = measure_queries(folder, planted, args.repeats)
    encoder_ms = None if args.no_encoder else encoder_cost(args.repeats)
    section = report(args, build, disk, queries, encoder_ms)
    print(section)
    if args.append:
        with args.append.open("a", encoding="utf-8") as out:
            out.write("\n" + section)


def default_dim() -> int:
    """The default encoder's output size: its shipped projection's (no model is loaded)."""
    from sensegrep.embedder import DEFAULT_MODEL
    from sensegrep.embedder.projection import PRESET_DEFAULT, Projection, resolve

    return Projection.load(resolve(PRESET_DEFAULT[DEFAULT_MODEL])[1]).dim


# -- the corpus ----------------------------------------------------------------------------


def sentences(total: int, planted: dict[str, int], rng: np.random.Generator) -> Iterator[list[str]]:
    """Sentences of SENTENCE words, ``total`` words in all; each planted word appears its
    number of times, spread evenly; the rest is Zipf (s = 1.1) over VOCABULARY lemmas."""
    n_sentences = total // SENTENCE
    slots: dict[int, list[str]] = {}
    for word, count in planted.items():
        for at in np.linspace(0, n_sentences * SENTENCE - 1, count).astype(np.int64):
            slots.setdefault(int(at) // SENTENCE, []).append(word)
    for number in range(n_sentences):
        ranks = rng.zipf(1.1, SENTENCE)
        words = [f"v{min(int(r), VOCABULARY)}" for r in ranks]
        for i, word in enumerate(slots.get(number, [])[:SENTENCE]):
            words[(number + i * 3) % SENTENCE] = word
        yield words


def batches(
    total: int, planted: dict[str, int], dim: int, seed: int = 0
) -> Iterator[tuple[list[PreparedDocument], np.ndarray]]:
    rng = np.random.default_rng(seed)
    docs: list[PreparedDocument] = []
    pending: list[list[str]] = []
    rows = 0
    doc_number = 0
    for words in sentences(total, planted, rng):
        pending.append(words)
        if len(pending) < SENTENCES_PER_DOC:
            continue
        docs.append(_document(doc_number, pending, rows))
        rows += SENTENCE * len(pending)
        doc_number += 1
        pending = []
        if rows >= BATCH:
            yield docs, rng.standard_normal((rows, dim), dtype=np.float32)
            docs, rows = [], 0
    if pending:
        docs.append(_document(doc_number, pending, rows))
        rows += SENTENCE * len(pending)
    if docs:
        yield docs, rng.standard_normal((rows, dim), dtype=np.float32)


def _document(number: int, sentence_words: list[list[str]], first_row: int) -> PreparedDocument:
    text_parts, sentence_list, vector_rows, at, row = [], [], [], 0, first_row
    for words in sentence_words:
        tokens = []
        for word in words:
            tokens.append(Token(word, at, at + len(word), lemma=word, pos="NOUN"))
            at += len(word) + 1
        sentence_list.append(Sentence(tokens))
        text_parts.append(" ".join(words))
        vector_rows.append(list(range(row, row + len(words))))
        row += len(words)
    doc = Document(
        id=f"d{number}",
        text=" ".join(text_parts),
        sentences=sentence_list,
        metadata={"genre": GENRES[number % len(GENRES)], "year": 1950 + number % 70},
    )
    return PreparedDocument(doc, f"sha-{number}", "generated", vector_rows)


# -- building ------------------------------------------------------------------------------


def build_index(folder: Path, total: int, dim: int, planted: dict[str, int]) -> dict:
    config = EmbedderConfig(model=f"fake:{dim}", layers=(0,), pooling="mean", dim=dim)
    storing = 0.0
    occurrences = 0
    started = time.perf_counter()
    with Index.open_for_writing(folder, config) as index:
        for docs, vectors in batches(total, planted, dim):
            at = time.perf_counter()
            index.add_batch(docs, vectors)
            storing += time.perf_counter() - at
            occurrences += len(vectors)
            if occurrences % 1_000_000 < len(vectors):
                rate = occurrences / storing
                print(f"  {occurrences:,} occurrences stored ({rate:,.0f}/s)", file=sys.stderr)
        at = time.perf_counter()
        index.compact()
        compacting = time.perf_counter() - at
    return {
        "occurrences": occurrences,
        "storing_s": storing,
        "compacting_s": compacting,
        "wall_s": time.perf_counter() - started,
        "peak_rss_mb": peak_rss_mb(),
    }


def disk_use(folder: Path, occurrences: int) -> dict:
    sqlite = sum(p.stat().st_size for p in folder.glob("index.sqlite*"))
    vectors = sum(p.stat().st_size for p in (folder / "vectors").iterdir())
    return {
        "sqlite_bytes": sqlite,
        "vector_bytes": vectors,
        "sqlite_per_token": sqlite / occurrences,
        "vectors_per_token": vectors / occurrences,
    }


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- querying ------------------------------------------------------------------------------


def measure_queries(folder: Path, planted: dict[str, int], repeats: int) -> list[dict]:
    out = []
    with sensegrep.open(folder) as idx:
        for word, count in planted.items():
            like = idx.search(word, k=3).ids
            example = f"v1 v2 [[{word}]] v3 v4"
            kinds: dict[str, Callable[[], object]] = {
                "like": lambda w=word, ids=like: idx.search(w, like=ids, k=20),
                "example": lambda w=word, e=example: idx.search(w, e, k=20),
                "concordance": lambda w=word: idx.search(w, k=20),
                "where": lambda w=word: idx.search(w, k=20, where={"genre": "news"}),
            }
            for kind, query in kinds.items():
                out.append({"word": word, "count": count, "kind": kind, **timed(query, repeats)})
            out.append({"word": word, "count": count, "kind": "senses (first)",
                        **timed(lambda w=word: idx.senses(w), 1, warm=False)})  # fmt: skip
            out.append({"word": word, "count": count, "kind": "senses (stored)",
                        **timed(lambda w=word: idx.senses(w), repeats)})  # fmt: skip
    return out


def timed(query: Callable[[], object], repeats: int, warm: bool = True) -> dict:
    if warm:
        query()  # first touch: page cache, SQLite cache
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        query()
        times.append((time.perf_counter() - started) * 1000)
    if len(times) == 1:
        return {"p50": times[0], "p95": times[0]}
    q = statistics.quantiles(times, n=20)
    return {"p50": statistics.median(times), "p95": q[18]}


def encoder_cost(repeats: int) -> float:
    """The real default encoder's time to embed one example sentence (ms, median)."""
    from sensegrep.embedder import embedder_for

    embedder = embedder_for(None)
    words = ["we", "had", "a", "picnic", "on", "the", "grassy", "bank", "of", "the", "river"]
    embedder.embed([words])
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        embedder.embed([words])
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


# -- the report ----------------------------------------------------------------------------


def report(args: argparse.Namespace, build: dict, disk: dict, queries: list, encoder_ms) -> str:
    from bench import commit, machine

    n = build["occurrences"]
    lines = [
        f"## bench-scale: {n:,} occurrences ({time.strftime('%Y-%m-%d')}, commit {commit()})",
        "",
        f"Machine: {machine()}. Command: `.venv/bin/python benchmarks/bench_scale.py "
        f"--occurrences {args.occurrences}`; vectors: seeded random, dim {args.dim}.",
        "",
        "| build | value |",
        "|---|---|",
        f"| storage path | {n / build['storing_s']:,.0f} occurrences/s "
        f"({build['storing_s']:,.0f} s for {n:,}) |",
        f"| compaction at the end | {build['compacting_s']:,.1f} s |",
        f"| SQLite on disk | {disk['sqlite_bytes'] / 2**20:,.0f} MiB = "
        f"{disk['sqlite_per_token']:,.1f} bytes/token |",
        f"| vectors on disk | {disk['vector_bytes'] / 2**20:,.0f} MiB = "
        f"{disk['vectors_per_token']:,.1f} bytes/token |",
        f"| peak memory (max RSS) while building | {build['peak_rss_mb']:,.0f} MiB |",
        "",
        "| word | occurrences | query | p50 ms | p95 ms |",
        "|---|---:|---|---:|---:|",
    ]
    for q in queries:
        lines.append(
            f"| {q['word']} | {q['count']:,} | {q['kind']} | {q['p50']:,.1f} | {q['p95']:,.1f} |"
        )
    if encoder_ms is not None:
        lines += [
            "",
            f"`example` queries above embed with the fake encoder (~0 ms); the real default "
            f"encoder adds {encoder_ms:,.1f} ms (median) to embed one example sentence.",
        ]
    lines.append(f"\nPeak memory of the whole run (max RSS): {peak_rss_mb():,.0f} MiB.\n")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
