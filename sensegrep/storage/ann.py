"""Search across words: which occurrences, of any word, are nearest to a usage.

An approximate FAISS index over every occurrence vector (IVF-PQ: one byte per 8
dimensions, ids = token ids), re-ranked exactly with the stored vectors. It is kept up
to date like a log-structured index: the ANN file covers the occurrences up to a token id
(``ann_state.upto``), and a query also scores the newer ones (the *tail*) exactly; a
writer rebuilds the file when the tail passes a quarter of it. Removed occurrences are
dropped from results at once (they have no row any more) and from the file at its next
rebuild. A small index (under ``MIN_TRAIN`` occurrences) has no file: every query is
exact.

The file is written under a new name and published by the SQLite commit that records
it, like a shard; the old one is deleted after.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

import faiss
import numpy as np
from sqlalchemy import func, select

from sensegrep.embedder.base import unit_rows
from sensegrep.storage import schema
from sensegrep.storage.vectors import write_index_atomically

if TYPE_CHECKING:
    from sensegrep.storage.index import Index

MIN_TRAIN = 20_000  # occurrences before an ANN file is worth having
TRAIN_MAX = 200_000  # vectors the coarse quantiser and PQ are trained on
TAIL_MAX = 50_000  # newer occurrences scored exactly before they join the file
REGROW = 4  # retrain (new lists) when the index has grown this much since training
CHUNK = 200_000  # vectors decoded at a time
RERANK = 10  # candidates per wanted hit re-scored with the stored vectors…
RERANK_MIN = 1_000  # …and at least this many (recall@10 0.86 → 0.98 at 300k in bench-scale)
ANN_PREFIX = "ann-"

ann_state = schema.ann_state


@dataclass(frozen=True)
class AnnState:
    file: str
    upto: int
    count: int
    trained: int
    nlist: int


def state(index: Index) -> AnnState | None:
    with index.engine.connect() as conn:
        if not conn.dialect.has_table(conn, "ann_state"):
            return None
        row = conn.execute(select(ann_state).where(ann_state.c.id == 1)).first()
    if row is None:
        return None
    return AnnState(row.file, row.upto, row.count, row.trained, row.nlist)


def nprobe_for(nlist: int) -> int:
    """Lists a query visits (recall of the exact top 10 is measured in make bench-scale)."""
    return max(8, nlist // 16)


# -- writing ----------------------------------------------------------------------------


def maintain(index: Index) -> str | None:
    """Bring the ANN file up to date when the exact tail has grown past TAIL_MAX (or the
    index has become big enough to need one): "built", "extended" or None."""
    current = state(index)
    live, tail = _counts(index, current.upto if current else 0)
    if current is None:
        if live < MIN_TRAIN:
            return None
        _publish(index, *_build(index, live), trained=live)
        return "built"
    dead = current.count - (live - tail)  # in the file, removed since
    if tail <= TAIL_MAX and dead <= current.count / REGROW:
        return None
    if live > REGROW * current.trained or dead > current.count / REGROW:
        _publish(index, *_build(index, live), trained=live)
        return "built"
    ann = faiss.read_index(str(index.shards.folder / current.file))
    where = _locations(index, current.upto)
    _add(index, ann, where)
    _publish(index, ann, current.nlist, int(where[-1, 0]), trained=current.trained)
    return "extended"


def _counts(index: Index, upto: int) -> tuple[int, int]:
    t = schema.tokens
    with index.engine.connect() as conn:
        live = conn.execute(select(func.count()).where(t.c.shard_id.isnot(None))).scalar_one()
        tail = conn.execute(
            select(func.count()).where(t.c.shard_id.isnot(None), t.c.id > upto)
        ).scalar_one()
    return live, tail


def _build(index: Index, live: int) -> tuple[faiss.Index, int, int]:
    """A newly trained IVF-PQ over every live occurrence; (it, its lists, last id)."""
    where = _locations(index, 0)
    dim = index.embedder_config.dim
    nlist = _nlist(live)
    ann = faiss.IndexIVFPQ(faiss.IndexFlatIP(dim), dim, nlist, dim // 8, 8)
    ann.metric_type = faiss.METRIC_INNER_PRODUCT
    sample = where
    if len(where) > TRAIN_MAX:
        sample = where[np.sort(np.random.default_rng(0).choice(len(where), TRAIN_MAX, False))]
    with _threads():
        ann.train(unit_rows(index.vectors(sample[:, 1], sample[:, 2])))
    _add(index, ann, where)
    return ann, nlist, int(where[-1, 0])


def _add(index: Index, ann: faiss.Index, where: np.ndarray) -> None:
    """Add occurrences (rows of id, shard, row), a chunk of decoded vectors at a time."""
    with _threads():
        for start in range(0, len(where), CHUNK):
            part = where[start : start + CHUNK]
            ann.add_with_ids(unit_rows(index.vectors(part[:, 1], part[:, 2])), part[:, 0])


def _publish(index: Index, ann: faiss.Index, nlist: int, upto: int, trained: int) -> None:
    """Write the file under a new name, record it in one commit, delete the old one."""
    name = f"{ANN_PREFIX}{uuid.uuid4().hex}.faiss"
    folder = index.shards.folder
    folder.mkdir(parents=True, exist_ok=True)
    write_index_atomically(ann, folder / name)
    old = state(index)
    with index.engine.begin() as conn:
        conn.execute(ann_state.delete())
        conn.execute(
            ann_state.insert().values(
                id=1, file=name, upto=upto, count=ann.ntotal, trained=trained, nlist=nlist
            )
        )
    if old is not None:
        (folder / old.file).unlink(missing_ok=True)


def _nlist(count: int) -> int:
    """Inverted lists: ~sqrt(n)/2 rounded to a power of two (adding n vectors costs
    n × nlist dot products: 2,048 lists for 10M occurrences on 2 cores)."""
    return int(2 ** round(math.log2(max(math.sqrt(count) / 2, 16))))


def _locations(index: Index, after: int) -> np.ndarray:
    """(id, shard, row) of every live occurrence with an id above ``after``, by id."""
    t = schema.tokens
    with index.engine.connect() as conn:
        rows = conn.execute(
            select(t.c.id, t.c.shard_id, t.c.row)
            .where(t.c.shard_id.isnot(None), t.c.id > after)
            .order_by(t.c.id)
        ).cursor.fetchall()
    return np.asarray(rows, dtype=np.int64).reshape(-1, 3)


# -- reading ----------------------------------------------------------------------------


def nearest(index: Index, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(token ids, cosines) of the ``k`` occurrences nearest to ``query`` among all,
    best first: ANN candidates and the exact tail, re-scored with the stored vectors."""
    query = unit_rows(np.asarray(query, dtype=np.float32).reshape(1, -1))
    current = state(index)
    candidates = [_tail_ids(index, current.upto if current else 0)]
    if current is not None:
        candidates.append(_ann_ids(index, current, query, max(k * RERANK, RERANK_MIN)))
    ids = np.unique(np.concatenate(candidates))
    if not len(ids):
        return ids, np.zeros(0, dtype=np.float32)
    found = index.existing(ids)
    scores = unit_rows(index.vectors_of(found)) @ query[0]
    order = np.argsort(-scores, kind="stable")[:k]
    return found.ids[order], scores[order]


def _ann_ids(index: Index, current: AnnState, query: np.ndarray, k: int) -> np.ndarray:
    ann = index.shards.ann(current.file)
    ann.nprobe = nprobe_for(current.nlist)
    with _threads():
        _scores, ids = ann.search(query, k)
    return ids[0][ids[0] >= 0]


def _tail_ids(index: Index, upto: int) -> np.ndarray:
    t = schema.tokens
    with index.engine.connect() as conn:
        rows = conn.execute(
            select(t.c.id).where(t.c.shard_id.isnot(None), t.c.id > upto)
        ).cursor.fetchall()
    return np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))


class _threads:
    """FAISS's threads for the heavy work here (the module keeps one thread otherwise)."""

    def __enter__(self) -> None:
        import os

        faiss.omp_set_num_threads(os.cpu_count() or 1)

    def __exit__(self, *exc: object) -> None:
        faiss.omp_set_num_threads(1)
