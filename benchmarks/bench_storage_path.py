"""The storage path alone: batches of generated documents with vectors written through
``add_batch`` (shard, token rows, token store, lemma runs), then one compaction; no
encoder, no reading of files. Prints occurrences/s. To compare two checkouts side by
side, run it from each in turn (PYTHONPATH=checkout), alternating.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_storage_path.py --occurrences 200000
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_scale

import sensegrep
from sensegrep.embedder.base import EmbedderConfig
from sensegrep.storage import Index


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--occurrences", type=int, default=200_000)
    total = parser.parse_args().occurrences
    dim = bench_scale.default_dim()
    data = list(bench_scale.batches(total, {"bank": 2000}, dim))  # generated before timing
    folder = Path(tempfile.mkdtemp(prefix="sensegrep-storage-path-"))
    config = EmbedderConfig(model=f"fake:{dim}", layers=(0,), pooling="mean", dim=dim)
    try:
        with Index.open_for_writing(folder, config, None) as index:
            started = time.perf_counter()
            for documents, vectors in data:
                index.add_batch(documents, vectors)
            stored = time.perf_counter() - started
            started = time.perf_counter()
            index.compact()
            compacted = time.perf_counter() - started
    finally:
        shutil.rmtree(folder)
    checkout = Path(sensegrep.__file__).resolve().parents[1]
    print(
        f"{checkout}: {total:,} occurrences stored in {stored:.2f} s "
        f"({total / stored:,.0f} occurrences/s), compaction {compacted:.2f} s"
    )


if __name__ == "__main__":
    main()
