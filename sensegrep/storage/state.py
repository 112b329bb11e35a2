"""The index's state: a key that changes with every write that can change what a read
finds. Kept totals are keyed by it (search/cache.py), and a read of several statements
(a search's lines and totals, ``info``'s counts) is taken again when it changed under
it. A module of its own, below every job module that reads it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sensegrep.storage import database
from sensegrep.storage.handles import Handles
from sensegrep.storage.sql import run


def index_state(handles: Handles) -> tuple[str, ...]:
    """What the index holds, as a key that changes with every write that can change a
    search's matches or sizes: the token store's segments (an add, a merge, a
    compaction), its removed documents (only ever added to until a compaction writes
    new segments), the vector shards (``vectors add`` gives words vectors), the last
    token and document ids (an older index without a store). Read in one statement."""
    parts = [
        "SELECT 'shard', CAST(id AS TEXT) FROM shards",
        "SELECT 'tokens', CAST(max(id) AS TEXT) FROM tokens",
        "SELECT 'documents', CAST(max(id) AS TEXT) FROM documents",
    ]
    if database.has_table(handles.engine, "token_segments"):
        parts += [
            "SELECT 'segment', file FROM token_segments",
            "SELECT 'removed', CAST(count(*) AS TEXT) || ':' || CAST(coalesce(sum(doc_id), 0)"
            " AS TEXT) FROM removed_documents",
        ]
    with handles.engine.connect() as conn:
        rows = run(conn, " UNION ALL ".join(parts)).fetchall()
    return tuple(sorted(f"{kind}={value}" for kind, value in rows))


T = TypeVar("T")

# How many times a read of several statements is taken while the index changes under it.
STATE_READS = 5


def of_one_state(
    state: Callable[[], object],
    read: Callable[[], T],
    retry: type[Exception] | tuple[type[Exception], ...] = (),
) -> T:
    """``read()`` of one state of the index: taken again while ``state()`` (the index's
    state key) after it is not the one before it, since another process committed
    between its statements (a writer's commits are seconds apart; a read, milliseconds);
    the last try is returned as it is. ``retry``: errors a read meets when a write moved
    things under it ("occurrence 2 … was in a document removed since"), taken again
    then, raised when the state did not move."""
    for _ in range(STATE_READS - 1):
        before = state()
        try:
            result = read()
        except retry:
            if state() == before:
                raise
            continue
        if state() == before:
            return result
    return read()
