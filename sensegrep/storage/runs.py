"""Lemma runs: where each word's occurrences are in a shard. A shard's rows are sorted by
lemma key, so one word's vectors are contiguous: one ``lemma_runs`` row per key and shard
(start, count, and the token ids packed, schema.encode_ids) finds them all, whatever the
word's frequency. Written by an indexing batch (writing.py, which orders a shard's rows) and a
compaction (removal.py); read by occurrences.py and patterns.py.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sqlalchemy.engine import Connection

from sensegrep.storage import schema
from sensegrep.storage.sql import bulk_insert, run


def lemma_key(word: str) -> str:
    """The key a word's lemma runs and vocabulary lookups are found by."""
    return word.lower()


def key_ranks(conn: Connection) -> tuple[list[str], np.ndarray]:
    """(every distinct vocab key, sorted; for each vocab id, its key's index in them)."""
    words = run(conn, "SELECT id, coalesce(key, text) FROM vocab").fetchall()
    names, ranks = np.unique(
        np.asarray([key for _id, key in words], dtype=object), return_inverse=True
    )
    rank_of_word = np.zeros(max((i for i, _key in words), default=0) + 1, dtype=np.int64)
    rank_of_word[np.fromiter((i for i, _key in words), dtype=np.int64, count=len(words))] = ranks
    return list(names), rank_of_word


def shard_order(
    keys: Sequence[str], corpus: np.ndarray
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """How a shard's rows are ordered: (the distinct lemma ``keys`` of its vectors, sorted;
    each vector's key as an index into them; the order of the vectors in the shard).
    Sorted by key, one word's vectors are contiguous; ties by ``corpus`` (each vector's
    place in corpus order), so each run's token ids ascend."""
    names, ranks = np.unique(np.asarray(keys, dtype=object), return_inverse=True)
    return list(names), ranks, np.lexsort((corpus, ranks))


def insert_runs(
    conn: Connection, shard_id: int, names: Sequence[str], ranks: np.ndarray, row_ids: np.ndarray
) -> None:
    """One lemma_runs row per key; ``ranks[r]`` indexes the key of shard row r in
    ``names`` and is sorted, as the shard rows are."""
    if not len(ranks):
        return
    starts = np.flatnonzero(np.concatenate([[True], ranks[1:] != ranks[:-1]]))
    ends = np.append(starts[1:], len(ranks))
    # One executemany (COPY on PostgreSQL) of tuples, the blobs packed all at once: a
    # batch has tens of thousands of runs, and a built statement per dict was slow.
    blobs = schema.encode_runs(row_ids, starts, ends)
    keys = [names[r] for r in ranks[starts].tolist()]
    rows = list(
        zip(
            keys,
            [shard_id] * len(blobs),
            starts.tolist(),
            (ends - starts).tolist(),
            blobs,
            strict=True,
        )
    )
    bulk_insert(conn, "lemma_runs", ("lemma_key", "shard_id", "start", "count", "ids"), rows)
