"""`make bench-ray`: indexing speed locally and on a local Ray instance, side by side.

The same corpus (the first SemCor documents in ../shared/data up to --tokens tokens,
written as --files VRT files; the example corpus when SemCor is absent) is indexed
(a) locally, (b) with --ray --workers 1 and (c) with --ray --workers 2, with --model
(default: the default model); then (d) with the fake encoder (fake:256) and --ray
--workers 2, where embedding costs almost nothing: the time the driver (the one process
that replays the stream and commits) spends busy, not waiting for Ray, gives its commit
rate, which bounds how many workers one driver keeps fed.

Ray runs start and stop their own local instance, as `sensegrep index --ray` does: the
wall column counts that, the indexing column (the run's own report) does not; both
count the actors loading their model. Measured, never asserted.

    .venv/bin/python benchmarks/bench_ray.py --tokens 50000 --append BENCHMARKS.md
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from bench import SEMCOR, commit, machine, write_vrt  # noqa: E402

from sensegrep.document import Document  # noqa: E402
from sensegrep.embedder import DEFAULT_MODEL, load_embedder  # noqa: E402
from sensegrep.embedder.base import Embedder  # noqa: E402
from sensegrep.evaluate.report import describe  # noqa: E402
from sensegrep.indexer.distributed import ClusterOptions, RayIndexer  # noqa: E402
from sensegrep.indexer.pipeline import Indexer, IndexOptions  # noqa: E402
from sensegrep.indexer.readers import read_documents  # noqa: E402
from sensegrep.storage import Index  # noqa: E402

FAKE = "fake:256"  # the default model's dimension, so the driver stores as much


class TimedRayIndexer(RayIndexer):
    """A RayIndexer that counts the time the driver waits for Ray's next batch of rows,
    and for the first one (actors starting and loading their model, a first batch read
    and embedded). Unpacking the rows counts as the driver's own work."""

    waited = 0.0
    first = 0.0

    def _dataset(self, files: Sequence[Any]) -> Any:
        return _TimedDataset(super()._dataset(files), self)


class _TimedDataset:
    def __init__(self, dataset: Any, owner: TimedRayIndexer) -> None:
        self.dataset, self.owner = dataset, owner

    def iter_batches(self, **options: Any) -> Iterator[Any]:
        batches = iter(self.dataset.iter_batches(**options))
        while True:
            started = time.perf_counter()
            batch = next(batches, None)
            self.owner.waited += time.perf_counter() - started
            self.owner.first = self.owner.first or self.owner.waited
            if batch is None:
                return
            yield batch


def corpus(folder: Path, tokens: int, n_files: int) -> tuple[str, list[Path]]:
    """SemCor's first documents up to ``tokens`` tokens, in ``n_files`` VRT files."""
    if not SEMCOR.exists():
        return "examples/corpus.jsonl", [REPO / "examples" / "corpus.jsonl"]
    docs: list[Document] = []
    total = 0
    for item in read_documents(SEMCOR, "raganato"):
        if isinstance(item, Document):
            docs.append(item)
            total += sum(len(s.tokens) for s in item.sentences)
            if total >= tokens:
                break
    files = []
    for n in range(min(n_files, len(docs))):
        files.append(folder / f"part{n:02d}.vrt")
        write_vrt(docs[n::n_files], files[-1])
    return f"SemCor, first {len(docs)} documents in {len(files)} VRT files", files


def index_once(
    folder: Path, files: list[Path], embedder: Embedder, cluster: ClusterOptions | None
) -> dict[str, float]:
    options = IndexOptions(progress=False)
    started = time.perf_counter()
    with Index.open_for_writing(folder, embedder.config) as idx:
        if cluster is None:
            indexer: Indexer = Indexer(idx, embedder, options)
        else:
            indexer = TimedRayIndexer(idx, embedder, options, cluster=cluster)
        report = indexer.run(files)
    wall = time.perf_counter() - started
    if report.errors:
        raise SystemExit(f"indexing reported errors: {report.errors[:3]}")
    return {
        "tokens": report.tokens,
        "occurrences": report.occurrences,
        "seconds": report.seconds,
        "wall": wall,
        "waited": getattr(indexer, "waited", 0.0),
        "first": getattr(indexer, "first", 0.0),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tokens", type=int, default=50_000, help="corpus size (a)-(c)")
    parser.add_argument("--commit-tokens", type=int, default=200_000, help="corpus size (d)")
    parser.add_argument("--files", type=int, default=8, help="VRT files the corpus is cut in")
    parser.add_argument("--model", default=DEFAULT_MODEL, help="encoder of (a)-(c)")
    parser.add_argument("--cpus-per-worker", type=float, default=1.0)
    parser.add_argument("--append", type=Path, help="append the markdown section here")
    args = parser.parse_args()
    embedder = load_embedder(args.model)  # loaded before timing, as the CLI does
    fake = load_embedder(FAKE)
    runs: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="sensegrep-ray-") as tmp:
        source, files = corpus(Path(tmp), args.tokens, args.files)
        sizes = [("local", None), ("--ray --workers 1", 1), ("--ray --workers 2", 2)]
        for name, workers in sizes:
            cluster = ClusterOptions(None, workers, args.cpus_per_worker) if workers else None
            runs[name] = index_once(Path(tmp) / name.replace(" ", ""), files, embedder, cluster)
            print(f"{name}: {runs[name]}", file=sys.stderr)
        big = Path(tmp) / "big"
        big.mkdir()
        commit_source, commit_files = corpus(big, args.commit_tokens, args.files)
        driver = index_once(big / "idx", commit_files, fake, ClusterOptions(None, 2, 1.0))
        print(f"driver: {driver}", file=sys.stderr)
    section = report(args, source, describe(embedder.config), runs, commit_source, driver)
    print(section)
    if args.append:
        with args.append.open("a", encoding="utf-8") as out:
            out.write("\n" + section + "\n")


def report(
    args: argparse.Namespace,
    source: str,
    model: str,
    runs: dict[str, dict[str, float]],
    commit_source: str,
    driver: dict[str, float],
) -> str:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    first = next(iter(runs.values()))
    lines = [
        f"## make bench-ray — {when}, commit {commit()}",
        "",
        f"{machine()}. Corpus: {source}: {first['tokens']:,} tokens, "
        f"{first['occurrences']:,} occurrences. Model: {model}; "
        f"{args.cpus_per_worker:g} CPU(s) per worker.",
        "",
        "| run | indexing s | tokens/s | first row s | wall s (with Ray start/stop) "
        "| tokens/s (wall) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, run in runs.items():
        first = f"{run['first']:.1f}" if run["first"] else "–"
        lines.append(
            f"| {name} | {run['seconds']:.1f} | {run['tokens'] / run['seconds']:,.0f} "
            f"| {first} | {run['wall']:.1f} | {run['tokens'] / run['wall']:,.0f} |"
        )
    lines.append(
        "\nfirst row: how long the driver waited for the first embedded document "
        "(worker processes starting, the model loading in each actor, a first batch)."
    )
    busy = driver["seconds"] - driver["waited"]
    rate = driver["occurrences"] / busy
    local = runs["local"]
    local_rate = local["occurrences"] / local["seconds"]
    lines += [
        "",
        f"Driver commit rate ({FAKE}, --ray --workers 2, {commit_source}: "
        f"{driver['tokens']:,} tokens, {driver['occurrences']:,} occurrences): the run took "
        f"{driver['seconds']:.1f} s, of which the driver waited {driver['waited']:.1f} s for "
        f"Ray and was busy {busy:.1f} s (replay, dedup, commits, compaction): "
        f"**{rate:,.0f} occurrences/s** committed "
        f"({driver['occurrences'] / driver['seconds']:,.0f}/s end to end). The local run "
        f"(a) embeds {local_rate:,.0f} occurrences/s on this machine, so one driver keeps "
        f"about {rate / local_rate:,.1f} machines like this one fed.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
