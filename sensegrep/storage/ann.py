"""The approximate nearest-neighbour (ANN) file over occurrence vectors: a FAISS IVF-PQ
index (one byte per 8 dimensions, ids = token ids), trained, extended, written and
searched from arrays. Which occurrences it covers, and when it is rebuilt, is
storage/any_word.py's business: this module knows neither the database nor the index.
"""

from __future__ import annotations

import math
import os
import uuid
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from sensegrep.embedder.base import unit_rows
from sensegrep.storage.vectors import faiss, write_index_atomically

TRAIN_MAX = 200_000  # vectors the coarse quantiser and PQ are trained on
ANN_PREFIX = "ann-"


def nlist_for(count: int) -> int:
    """Inverted lists: ~sqrt(n)/2 rounded to a power of two (adding n vectors costs
    n × nlist dot products: 2,048 lists for 10M occurrences on 2 cores)."""
    return int(2 ** round(math.log2(max(math.sqrt(count) / 2, 16))))


def nprobe_for(nlist: int) -> int:
    """Lists a query visits (recall of the exact top 10 is measured in make bench-scale)."""
    return max(8, nlist // 16)


def training_rows(count: int) -> np.ndarray:
    """Which of ``count`` vectors (positions, ascending) to train on: all of them, or a
    fixed sample of TRAIN_MAX."""
    if count > TRAIN_MAX:
        return np.sort(np.random.default_rng(0).choice(count, TRAIN_MAX, False))
    return np.arange(count)


def trained(dim: int, nlist: int, vectors: np.ndarray) -> faiss.Index:
    """A new, empty IVF-PQ with ``nlist`` lists, trained on ``vectors`` (see
    :func:`training_rows`)."""
    ann = faiss.IndexIVFPQ(faiss.IndexFlatIP(dim), dim, nlist, dim // 8, 8)
    ann.metric_type = faiss.METRIC_INNER_PRODUCT
    with _threads():
        ann.train(unit_rows(vectors))
    return ann


def add(ann: faiss.Index, chunks: Iterable[tuple[np.ndarray, np.ndarray]]) -> None:
    """Add (vectors, their token ids), a chunk at a time: a caller decoding vectors
    chunk by chunk never holds them all."""
    with _threads():
        for vectors, ids in chunks:
            ann.add_with_ids(unit_rows(vectors), ids)


def write(ann: faiss.Index, folder: Path) -> str:
    """Write ``ann`` under a new name in ``folder``; return that name."""
    name = f"{ANN_PREFIX}{uuid.uuid4().hex}.faiss"
    folder.mkdir(parents=True, exist_ok=True)
    write_index_atomically(ann, folder / name)
    return name


def read(path: Path) -> faiss.Index:
    return faiss.read_index(str(path))


def readable(path: Path) -> bool:
    """Whether ``path`` opens as an index (memory-mapped: its lists are not read)."""
    try:
        faiss.read_index(str(path), faiss.IO_FLAG_MMAP)
    except RuntimeError:
        return False
    return True


def search(ann: faiss.Index, nlist: int, query: np.ndarray, k: int) -> np.ndarray:
    """The ids of the ``k`` vectors nearest to ``query`` (one unit row), or of all when
    the file holds fewer. The lists :func:`nprobe_for` names may hold fewer than ``k``:
    more are visited then, until ``k`` are found (a query for many came back short, and
    neighbours said it had looked through all the index has)."""
    nprobe = nprobe_for(nlist)
    wanted = min(k, ann.ntotal)
    while True:
        ann.nprobe = nprobe
        with _threads():
            _scores, ids = ann.search(query, k)
        found = ids[0][ids[0] >= 0]
        if len(found) >= wanted or nprobe >= nlist:
            return found
        nprobe = min(nlist, nprobe * 4)


class _threads:
    """FAISS's threads for the heavy work here (the module keeps one thread otherwise)."""

    def __enter__(self) -> None:
        faiss.omp_set_num_threads(os.cpu_count() or 1)

    def __exit__(self, *exc: object) -> None:
        faiss.omp_set_num_threads(1)
