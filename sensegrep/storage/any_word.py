"""Search across words: which occurrences, of any word, are nearest to a usage.

An approximate FAISS index over every occurrence vector (storage/ann.py), re-ranked
exactly with the stored vectors. It is kept up to date like a log-structured index: the
ANN file covers the occurrences up to a token id (``ann_state.upto``), and a query also
scores the newer ones (the *tail*) exactly; a writer rebuilds the file when the tail
passes a quarter of it. Removed occurrences are dropped from results at once (they have
no row any more) and from the file at its next rebuild. A small index (under
``MIN_TRAIN`` occurrences) has no file: every query is exact.

The file is written under a new name and published by the commit that records it, like
a shard; the old one is retired in that commit, as a compaction retires merged shards
(storage/leases.py): a reader that read its name before the commit may still open it,
and a writer deletes it once no such reader is open.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from sensegrep.embedder.base import unit_rows
from sensegrep.errors import NoVectorsError, SensegrepError
from sensegrep.storage import ann, database, leases, schema
from sensegrep.storage.checking import ann_file_problem
from sensegrep.storage.handles import Handles

if TYPE_CHECKING:
    import faiss
from sensegrep.storage.occurrences import existing, require_vectors, vectors, vectors_of
from sensegrep.storage.sql import bulk_insert

MIN_TRAIN = 20_000  # occurrences before an ANN file is worth having
TAIL_MAX = 50_000  # newer occurrences scored exactly before they join the file
REGROW = 4  # retrain (new lists) when the index has grown this much since training
CHUNK = 200_000  # vectors decoded at a time
RERANK = 10  # candidates per wanted hit re-scored with the stored vectors…
RERANK_MIN = 1_000  # …and at least this many (recall@10 0.86 → 0.98 at 300k in bench-scale)
FIRST_BLOCK = 100  # nearest's first block of lines, each next one this many times longer:
BLOCK_GROWTH = 4  # one sequence for every k, so pages join up

ann_state = schema.ann_state


@dataclass(frozen=True)
class AnnState:
    file: str
    upto: int
    count: int
    trained: int
    nlist: int


def state(handles: Handles) -> AnnState | None:
    with handles.engine.connect() as conn:
        if not conn.dialect.has_table(conn, "ann_state"):
            return None
        row = conn.execute(select(ann_state).where(ann_state.c.id == 1)).first()
    if row is None:
        return None
    return AnnState(row.file, row.upto, row.count, row.trained, row.nlist)


# -- writing ----------------------------------------------------------------------------


def maintain(handles: Handles) -> str | None:
    """Bring the ANN file up to date when the exact tail has grown past TAIL_MAX (or the
    index has become big enough to need one), or when the file is missing or damaged:
    "built", "extended", "dropped" (a missing file of an index too small to need one,
    or the file of one that removals left too small: its queries are exact) or None."""
    current = state(handles)
    live, tail = _counts(handles, current.upto if current else 0)
    if current is not None and ann_file_problem(handles, current.file):
        if live < MIN_TRAIN:
            _drop(handles)
            return "dropped"
        _publish(handles, *_build(handles, live), trained=live)
        return "built"
    if current is None:
        if live < MIN_TRAIN:
            return None
        _publish(handles, *_build(handles, live), trained=live)
        return "built"
    dead = current.count - (live - tail)  # in the file, removed since
    if tail <= TAIL_MAX and dead <= current.count / REGROW:
        return None
    if live > REGROW * current.trained or dead > current.count / REGROW:
        if live < MIN_TRAIN:  # shrunk by removals: exact, as an index that never grew
            _drop(handles)  # (retrained on fewer vectors than lists, it failed)
            return "dropped"
        _publish(handles, *_build(handles, live), trained=live)
        return "built"
    index = ann.read(handles.shards.folder / current.file)
    where = locations(handles, current.upto)
    upto = int(where[-1, 0]) if len(where) else current.upto
    pending = _pending_ids(handles)
    if len(pending):
        found = existing(handles, np.sort(pending))
        added = np.stack([found.ids, found.shard_ids, found.rows], axis=1)
        where = np.concatenate([added, where])
    ann.add(index, _chunks(handles, where))
    _publish(handles, index, current.nlist, upto, trained=current.trained)
    return "extended"


def coverage(handles: Handles) -> dict[str, int] | None:
    """What a search across words looks through: None while the index has no ANN file
    (every occurrence is scored exactly), else the live occurrences the file holds
    (``approximate``: found through its ``probes`` of its ``lists`` nearest lists, then
    re-scored with the stored vectors) and the newer ones scored exactly (``exact``)."""
    current = state(handles)
    if current is None:
        return None
    live, tail = _counts(handles, current.upto)
    return {
        "approximate": live - tail,
        "exact": tail,
        "lists": current.nlist,
        "probes": ann.nprobe_for(current.nlist),
    }


def _counts(handles: Handles, upto: int) -> tuple[int, int]:
    """The live occurrences, and those of them the ANN file does not hold: after ``upto``,
    and the pending ones still live (a removed document's stay pending, but are gone:
    counted, they passed for occurrences searched exactly, and for dead rows of the file)."""
    t = schema.tokens
    with handles.engine.connect() as conn:
        live = conn.execute(select(func.count()).where(t.c.shard_id.isnot(None))).scalar_one()
        tail = conn.execute(
            select(func.count()).where(t.c.shard_id.isnot(None), t.c.id > upto)
        ).scalar_one()
        if conn.dialect.has_table(conn, "ann_pending"):
            p = schema.ann_pending
            tail += conn.execute(
                select(func.count())
                .select_from(p.join(t, t.c.id == p.c.token_id))
                .where(t.c.shard_id.isnot(None))
            ).scalar_one()
    return live, tail


def pend(conn: Connection, ids: np.ndarray) -> None:
    """Record occurrences given vectors below the ANN file's ``upto`` (``vectors add``,
    inside its batch's transaction): queries score them exactly until the file holds
    them."""
    current = conn.execute(select(ann_state.c.upto).where(ann_state.c.id == 1)).scalar()
    if current is None:
        return
    below = np.asarray(ids, dtype=np.int64)
    below = below[below <= current]
    bulk_insert(conn, "ann_pending", ["token_id"], [(int(i),) for i in below])


def _pending_ids(handles: Handles) -> np.ndarray:
    """The occurrences ``pend`` recorded (an older index, opened read-only, has none)."""
    if not database.has_table(handles.engine, "ann_pending"):
        return np.zeros(0, dtype=np.int64)
    with handles.engine.connect() as conn:
        rows = conn.execute(select(schema.ann_pending.c.token_id)).cursor.fetchall()
    return np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))


def _build(handles: Handles, live: int) -> tuple[faiss.Index, int, int]:
    """A newly trained ANN index over every live occurrence; (it, its lists, last id)."""
    where = locations(handles, 0)
    nlist = ann.nlist_for(live)
    sample = where[ann.training_rows(len(where))]
    index = ann.trained(
        handles.manifest.embedder.dim, nlist, vectors(handles, sample[:, 1], sample[:, 2])
    )
    ann.add(index, _chunks(handles, where))
    return index, nlist, int(where[-1, 0])


def _chunks(handles: Handles, where: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(vectors, ids) of occurrences (rows of id, shard, row), a chunk at a time."""
    for start in range(0, len(where), CHUNK):
        part = where[start : start + CHUNK]
        yield vectors(handles, part[:, 1], part[:, 2]), part[:, 0]


def _publish(handles: Handles, index: faiss.Index, nlist: int, upto: int, trained: int) -> None:
    """Write the file under a new name, record it in one commit that retires the old one."""
    name = ann.write(index, handles.shards.folder)
    old = state(handles)
    with handles.engine.begin() as conn:
        conn.execute(ann_state.delete())
        if database.has_table(handles.engine, "ann_pending"):
            conn.execute(schema.ann_pending.delete())  # the new file holds them
        conn.execute(
            ann_state.insert().values(
                id=1, file=name, upto=upto, count=index.ntotal, trained=trained, nlist=nlist
            )
        )
        if old is not None:
            leases.retire_file(conn, old.file)
    if old is not None:  # gone now unless an open reader may still read it
        leases.release(handles)
        with handles.engine.connect() as conn:
            kept = old.file in leases.retired_names(conn)
        if not kept:
            (handles.shards.folder / old.file).unlink(missing_ok=True)


def _drop(handles: Handles) -> None:
    """Forget the ANN file (its queries are then exact), in one commit that retires it."""
    old = state(handles)
    with handles.engine.begin() as conn:
        conn.execute(ann_state.delete())
        if database.has_table(handles.engine, "ann_pending"):
            conn.execute(schema.ann_pending.delete())
        if old is not None:
            leases.retire_file(conn, old.file)


def locations(handles: Handles, after: int) -> np.ndarray:
    """(id, shard, row) of every live occurrence with an id above ``after``, by id."""
    t = schema.tokens
    with handles.engine.connect() as conn:
        rows = conn.execute(
            select(t.c.id, t.c.shard_id, t.c.row)
            .where(t.c.shard_id.isnot(None), t.c.id > after)
            .order_by(t.c.id)
        ).cursor.fetchall()
    return np.asarray(rows, dtype=np.int64).reshape(-1, 3)


# -- reading ----------------------------------------------------------------------------


def pool(k: int) -> int:
    """How many of the ANN file's candidates are re-scored for the nearest ``k``."""
    return max(k * RERANK, RERANK_MIN)


def block_ends(k: int) -> list[int]:
    """Where the blocks of the ranked sequence :func:`nearest` answers end, up to ``k``
    (100, 400, 1,600, …): each block is ranked among its own pool of candidates."""
    ends = [FIRST_BLOCK]
    while ends[-1] < k:
        ends.append(ends[-1] * BLOCK_GROWTH)
    return ends


def nearest(handles: Handles, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(token ids, cosines) of the ``k`` occurrences nearest to ``query`` among all,
    best first: ANN candidates and the exact tail, re-scored with the stored vectors.

    The answer is the first ``k`` of one sequence whatever ``k`` is, so that pages
    join up: its first 100 are ranked among ``pool(100)`` candidates, the next 300
    among ``pool(400)`` less those already placed, and so on (a deeper page once
    ranked among more candidates than the first: pages of 100 repeated 65 of 400
    lines and left out as many)."""
    require_vectors(handles, "search across words (--any-word, neighbours)")
    query = unit_rows(np.asarray(query, dtype=np.float32).reshape(1, -1))
    ends = block_ends(k)
    # One search of the file a block, for that block's pool alone: one search for the
    # last block's pool visits more lists when the nearest hold fewer, which changed the
    # first 1,000 candidates, and so the first blocks, with k (pages of 100 on SemCor's
    # first 25 texts repeated and left out 38 of 800 lines).
    tail, pools = _candidates(handles, query, [pool(end) for end in ends])
    ids = np.unique(np.concatenate([tail, *pools]))
    if not len(ids) and handles.manifest.chosen:
        raise NoVectorsError(
            "no word of this index has vectors yet: search across words needs them; add "
            "them with `sensegrep vectors add WORD…` (or --all)"
        )
    if not len(ids):
        return ids, np.zeros(0, dtype=np.float32)
    found = existing(handles, ids)
    scores = unit_rows(vectors_of(handles, found)) @ query[0]
    # Which blocks' pools hold each candidate (the tail is in all of them).
    within = np.stack(
        [np.isin(found.ids, tail) | np.isin(found.ids, approximate) for approximate in pools]
    )
    order = _block_order(scores, within, ends)[:k]
    return found.ids[order], scores[order]


def _block_order(scores: np.ndarray, within: np.ndarray, ends: list[int]) -> np.ndarray:
    """Positions of the candidates in the order of :func:`nearest`'s sequence: block by
    block, the best of those within the block's pool (``within[block]``) not placed
    before."""
    placed = np.zeros(len(scores), dtype=bool)
    sequence: list[np.ndarray] = []
    for block, end in enumerate(ends):
        eligible = np.flatnonzero(~placed & within[block])
        best = eligible[np.argsort(-scores[eligible], kind="stable")]
        best = best[: end - int(placed.sum())]
        placed[best] = True
        sequence.append(best)
    return np.concatenate(sequence)


def _candidates(
    handles: Handles, query: np.ndarray, wanted: list[int]
) -> tuple[np.ndarray, list[np.ndarray]]:
    """The exact tail's ids and, for each of ``wanted``, the ANN file's that many
    nearest (each its own search, as a query for that many alone would find them). A
    leased reader finds the file it read the name of even once a rebuild replaced it (it
    is retired, not deleted); a reader without a lease (``serve --read-only``) may find
    it gone, and reads the state again."""
    for _attempt in range(3):
        current = state(handles)
        tail = _tail_ids(handles, current.upto if current else 0)
        if current is None:
            return tail, [np.zeros(0, dtype=np.int64) for _ in wanted]
        try:
            index = handles.shards.ann(current.file)
        except FileNotFoundError:
            if state(handles) == current:  # not replaced: gone
                raise SensegrepError(ann_file_problem(handles, current.file) or "") from None
            continue  # replaced since its name was read
        return tail, [
            ann.search(index, current.nlist, query, count).astype(np.int64) for count in wanted
        ]
    raise SensegrepError("the search-across-words file kept changing while being read: try again")


def _tail_ids(handles: Handles, upto: int) -> np.ndarray:
    """The occurrences the ANN file does not hold: after ``upto``, and those pending."""
    t = schema.tokens
    with handles.engine.connect() as conn:
        rows = conn.execute(
            select(t.c.id).where(t.c.shard_id.isnot(None), t.c.id > upto)
        ).cursor.fetchall()
    after = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    return np.concatenate([after, _pending_ids(handles)])
