"""Induced senses in the index (tables ``sense_runs``, ``sense_clusters``,
``sense_members`` and ``sense_pins``): the SQL behind senses/runs.py, which decides
which run a word's sense numbers mean.

Every run is kept under its id; a word's current run is its pinned one, else its newest
(``current_sense_run``). Members are the occurrences a run was induced from plus those
assigned to its centroids later (``add_sense_members``); a removed occurrence's rows go
with it (storage/removal.py).

The tables are made by the migrations of an index opened for writing, or on the first
save through an index opened for reading (as they always were), so an index made before
them reads as having no runs, and one made before runs were kept reads its runs without
centroids. Writing is best effort: an index that cannot be written (read-only files,
another process holding the write lock too long) reports it, and the caller simply
does not keep what it computed.
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from types import EllipsisType
from typing import Any, Protocol

import numpy as np
from sqlalchemy import Engine, inspect, null, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError, NoSuchTableError, OperationalError

from sensegrep.errors import PinChangedError
from sensegrep.storage import schema
from sensegrep.storage.handles import Handles
from sensegrep.storage.sql import bulk_insert, int_values, json_list, run, text_values

# (number, size when induced, typical occurrence ids, collocates as (lemma, score)).
ClusterRow = tuple[int, int, list[int], list[tuple[str, float]]]


class SenseToSave(Protocol):
    @property
    def number(self) -> int: ...
    @property
    def size(self) -> int: ...
    @property
    def examples(self) -> Sequence[int]: ...
    @property
    def collocates(self) -> Sequence[tuple[str, float]]: ...


class SenseRunToSave(Protocol):
    """What a stored run is made of (senses/runs.py's SenseRun is one)."""

    @property
    def lemma(self) -> str: ...
    @property
    def requested(self) -> int | None: ...
    @property
    def fingerprint(self) -> str: ...
    @property
    def method(self) -> str: ...
    @property
    def ids(self) -> np.ndarray: ...
    @property
    def senses(self) -> np.ndarray: ...
    @property
    def clusters(self) -> Sequence[SenseToSave]: ...
    @property
    def details(self) -> dict[str, Any]: ...
    @property
    def centre(self) -> np.ndarray | None: ...
    @property
    def centroids(self) -> np.ndarray | None: ...


@dataclass
class StoredRunHead:
    """A stored run without its members: what lists and headlines show, and the
    centroids that assign an occurrence (None in a run made before they were kept)."""

    id: int
    lemma_key: str
    requested: int | None
    fingerprint: str
    method: str
    k: int
    occurrences: int  # when induced
    created_at: str
    details: dict[str, Any]
    centre: np.ndarray | None
    centroids: np.ndarray | None


@dataclass
class StoredMembers:
    """A run's members in id order: ``senses[i]`` is the sense of ``ids[i]``;
    ``assigned[i]`` whether it joined after the induction."""

    ids: np.ndarray
    senses: np.ndarray
    assigned: np.ndarray


# -- reading -----------------------------------------------------------------------------


def sense_run_head(handles: Handles, run_id: int) -> StoredRunHead | None:
    """The run with this id (of any word), or None."""
    heads = _heads(handles, schema.sense_runs.c.id == int(run_id))
    return heads[0] if heads else None


def sense_run_heads(handles: Handles, lemma: str) -> list[StoredRunHead]:
    """Every stored run of this lemma, oldest first."""
    return _heads(handles, schema.sense_runs.c.lemma_key == lemma.lower())


def current_sense_run(handles: Handles, lemma: str) -> tuple[StoredRunHead | None, bool]:
    """The lemma's current run, and whether it is pinned: the pinned run, else the
    newest; (None, False) when the lemma has no run."""
    return current_sense_runs(handles, [lemma]).get(lemma.lower(), (None, False))


def current_sense_runs(
    handles: Handles, lemmas: Iterable[str]
) -> dict[str, tuple[StoredRunHead, bool]]:
    """Lemma key -> (its current run, whether pinned), for those of ``lemmas`` that
    have a run: one statement for the lemmas of a page of hits (run on every search)."""
    keys = sorted({lemma.lower() for lemma in lemmas})
    if not keys:
        return {}
    state = _schema_state(handles.engine)
    if state == NO_TABLES:
        return {}
    up_to_date = state == CURRENT  # an older index has no pins nor centroids
    pinned = (
        "(SELECT p.run_id FROM sense_pins p WHERE p.lemma_key = l.lemma_key)"
        if up_to_date
        else "CAST(NULL AS INTEGER)"
    )
    centroids = "r.centre, r.centroids" if up_to_date else "NULL, NULL"
    with handles.engine.connect() as conn:
        rows = run(
            conn,
            f"SELECT {', '.join(_HEAD_COLUMNS)}, {centroids}, c.pinned IS NOT NULL"
            f" FROM (SELECT l.lemma_key, {pinned} AS pinned, max(l.id) AS newest"
            f" FROM sense_runs l WHERE l.lemma_key IN ({text_values(conn)})"
            " GROUP BY l.lemma_key) c JOIN sense_runs r ON r.id = coalesce(c.pinned, c.newest)",
            (json_list(keys),),
        ).fetchall()
    return {row[1]: (_head_of(row[:-1]), bool(row[-1])) for row in rows}


_HEAD_COLUMNS = (
    "r.id",
    "r.lemma_key",
    "r.requested",
    "r.fingerprint",
    "r.method",
    "r.k",
    "r.occurrences",
    "r.created_at",
    "r.details",
)


def _head_of(row: Sequence[Any]) -> StoredRunHead:
    """A head from the values of ``_HEAD_COLUMNS``, then centre and centroids."""
    run_id, key, requested, print_, method, k, occurrences, created, details = row[:9]
    centre, centroids = _array(row[9]), _array(row[10])
    if centroids is not None and centre is not None:
        centroids = centroids.reshape(-1, len(centre))
    return StoredRunHead(
        id=int(run_id),
        lemma_key=key,
        requested=requested,
        fingerprint=print_,
        method=method,
        k=int(k),
        occurrences=int(occurrences),
        created_at=created,
        details=_json(details),
        centre=centre,
        centroids=centroids,
    )


def sense_run_clusters(handles: Handles, run_id: int) -> list[ClusterRow]:
    """The run's senses in number order."""
    c = schema.sense_clusters
    query = (
        select(c.c.sense, c.c.size, c.c.examples, c.c.collocates)
        .where(c.c.run_id == int(run_id))
        .order_by(c.c.sense)
    )
    with handles.engine.connect() as conn:
        return [
            (number, size, _json(examples), [(w, float(s)) for w, s in _json(collocates)])
            for number, size, examples, collocates in conn.execute(query)
        ]


def sense_run_members(
    handles: Handles, run_id: int, ids: np.ndarray | None = None
) -> StoredMembers:
    """The run's members, in id order: all of them, or those among ``ids``."""
    assigned = _schema_state(handles.engine) == CURRENT
    columns = "token_id, sense, " + ("assigned" if assigned else "0")
    with handles.engine.connect() as conn:
        if ids is None:
            found = run(
                conn,
                f"SELECT {columns} FROM sense_members WHERE run_id = ? ORDER BY token_id",
                (int(run_id),),
            )
        else:
            found = run(
                conn,
                f"SELECT {columns} FROM sense_members WHERE run_id = ?"
                f" AND token_id IN ({int_values(conn)}) ORDER BY token_id",
                (int(run_id), json_list(np.asarray(ids, dtype=np.int64))),
            )
        # The driver's tuples: numpy reads them ~100 times faster than SQLAlchemy rows.
        rows = found.cursor.fetchall()
    table = np.asarray(rows, dtype=np.int64).reshape(-1, 3)
    return StoredMembers(table[:, 0], table[:, 1], table[:, 2].astype(bool))


def sense_run_member_counts(handles: Handles, lemma: str) -> dict[int, tuple[int, int]]:
    """Run id -> (its members from the induction still in the index, those assigned to
    it since and stored), for every stored run of the lemma: the sizes ``senses --runs``
    shows beside the size at induction, counted without reading a member."""
    state = _schema_state(handles.engine)
    if state == NO_TABLES:
        return {}
    # An older index has no ``assigned`` column: every member is from the induction.
    assigned, by = ("m.assigned", "m.run_id, m.assigned") if state == CURRENT else ("0", "m.run_id")
    with handles.engine.connect() as conn:
        rows = run(
            conn,
            f"SELECT m.run_id, {assigned}, count(*) FROM sense_members m"
            " JOIN sense_runs r ON r.id = m.run_id WHERE r.lemma_key = ?"
            f" GROUP BY {by}",
            (lemma.lower(),),
        ).fetchall()
    counts: dict[int, list[int]] = {}
    for run_id, joined, count in rows:
        counts.setdefault(int(run_id), [0, 0])[1 if joined else 0] += int(count)
    return {run_id: (kept, joined) for run_id, (kept, joined) in counts.items()}


# -- writing -----------------------------------------------------------------------------


def save_sense_run(handles: Handles, run: SenseRunToSave) -> tuple[int, str] | None:
    """Store ``run`` as a new run: (its id, its creation time); None when the index
    cannot be written. Earlier runs of the word stay."""
    created = _now()
    try:
        ensure_sense_tables(handles.engine)
        with handles.engine.begin() as conn:
            run_id = conn.execute(
                schema.sense_runs.insert().values(
                    lemma_key=run.lemma.lower(),
                    requested=run.requested,
                    fingerprint=run.fingerprint,
                    method=run.method,
                    k=len(run.clusters),
                    occurrences=len(run.ids),
                    created_at=created,
                    details=run.details,
                    centre=_bytes(run.centre),
                    centroids=_bytes(run.centroids),
                )
            ).inserted_primary_key[0]
            _insert_clusters(conn, run_id, run)
    except OperationalError:
        return None
    return int(run_id), created


def add_sense_members(handles: Handles, run_id: int, ids: np.ndarray, senses: np.ndarray) -> bool:
    """Store occurrences assigned to a run after its induction; False when the index
    cannot be written. An occurrence another process assigned meanwhile keeps its row
    (the assignment is the same: nearest centroid)."""
    rows = [(int(run_id), int(i), int(s)) for i, s in zip(ids, senses, strict=True)]
    if not rows:
        return True
    try:
        ensure_sense_tables(handles.engine)
        with handles.engine.begin() as conn:
            run(
                conn,
                "INSERT INTO sense_members (run_id, token_id, sense, assigned)"
                " VALUES (?, ?, ?, 1) ON CONFLICT DO NOTHING",
                rows,
            )
    except OperationalError:
        return False
    return True


def set_sense_run_centroids(
    handles: Handles, run_id: int, centre: np.ndarray, centroids: np.ndarray
) -> bool:
    """Keep the centroids computed for a run stored before they were kept."""
    r = schema.sense_runs
    try:
        ensure_sense_tables(handles.engine)
        with handles.engine.begin() as conn:
            conn.execute(
                r.update()
                .where(r.c.id == int(run_id))
                .values(centre=_bytes(centre), centroids=_bytes(centroids))
            )
    except OperationalError:
        return False
    return True


def pin_sense_run(
    handles: Handles, lemma: str, run_id: int | None, expect: int | EllipsisType | None = ...
) -> bool:
    """Make ``run_id`` the lemma's current run (None: its newest again); False when
    the index cannot be written. ``expect``: the run the caller saw pinned (None: none);
    when another is pinned now, PinChangedError and nothing changed (a page's stale
    *Unpin sense run 4* removed the pin of run 1 made since, unseen)."""
    try:
        ensure_sense_tables(handles.engine)
        try:
            _replace_pin(handles, lemma.lower(), run_id, expect)
        except IntegrityError:
            # A pin made for this word by another writer while this one found none (on
            # PostgreSQL, the row it inserted was not there to lock): expecting none, the
            # pin moved; else the pin is replaced once more, that row now to be seen.
            if expect is not ...:
                run, pinned = current_sense_run(handles, lemma)
                now = run.id if run is not None and pinned else None
                raise PinChangedError(_pin_moved(now, expect), now) from None
            _replace_pin(handles, lemma.lower(), run_id, expect)
    except OperationalError:
        return False
    return True


def _replace_pin(
    handles: Handles, key: str, run_id: int | None, expect: int | EllipsisType | None
) -> None:
    p = schema.sense_pins
    with handles.engine.begin() as conn:
        if expect is not ...:
            # the pin row locked (a no-op update) before it is read and replaced
            conn.execute(p.update().where(p.c.lemma_key == key).values(run_id=p.c.run_id))
            row = conn.execute(select(p.c.run_id).where(p.c.lemma_key == key)).first()
            now = None if row is None else int(row[0])
            if now != expect:
                raise PinChangedError(_pin_moved(now, expect), now)
        conn.execute(p.delete().where(p.c.lemma_key == key))
        if run_id is not None:
            conn.execute(p.insert().values(lemma_key=key, run_id=int(run_id), pinned_at=_now()))


def _pin_moved(now: int | None, expect: int | None) -> str:
    held = f"sense run {now} is pinned now" if now is not None else "no sense run is pinned now"
    seen = f"not sense run {expect} as read" if expect is not None else "none was when read"
    return (
        f"{held}, {seen} (another user or tab changed it since): nothing was changed; look "
        "again at the word's runs"
    )


def ensure_sense_tables(engine: Engine) -> None:
    """The sense tables and columns of this version (a migration step; see its doc)."""
    from sensegrep.storage.migrations import m005_sense_runs_kept

    if engine in _CURRENT:
        return
    m005_sense_runs_kept(engine)
    _CURRENT.add(engine)


# -- helpers -------------------------------------------------------------------------------

# Engines whose sense tables have this version's columns (seen or made so): no migration
# takes a column away, so the answer is kept.
_CURRENT: weakref.WeakSet[Engine] = weakref.WeakSet()


def _heads(handles: Handles, condition: Any) -> list[StoredRunHead]:
    state = _schema_state(handles.engine)
    if state == NO_TABLES:  # an index made before sense induction
        return []
    with handles.engine.connect() as conn:
        return _head_rows(conn, condition, state == CURRENT)


def _head_rows(conn: Connection, condition: Any, has_centroids: bool) -> list[StoredRunHead]:
    r = schema.sense_runs
    columns = [r.c[name.removeprefix("r.")] for name in _HEAD_COLUMNS]
    columns += [r.c.centre, r.c.centroids] if has_centroids else [null(), null()]
    rows = conn.execute(select(*columns).where(condition).order_by(r.c.id)).all()
    return [_head_of(tuple(row)) for row in rows]


def _columns(engine: Engine, table: str) -> set[str]:
    try:
        return {c["name"] for c in inspect(engine).get_columns(table)}
    except NoSuchTableError:
        return set()


# What an index's sense tables are: this version's, an older version's (no centroids, no
# assignments, no pins: an index opened for reading is not migrated), or none yet.
CURRENT, OLDER, NO_TABLES = "current", "older", "none"


def _schema_state(engine: Engine) -> str:
    if engine in _CURRENT:
        return CURRENT
    runs = _columns(engine, "sense_runs")
    if "centroids" in runs and "assigned" in _columns(engine, "sense_members"):
        _CURRENT.add(engine)  # no migration takes a column away: kept
        return CURRENT
    return OLDER if runs else NO_TABLES


def _insert_clusters(conn: Connection, run_id: int, run_: SenseRunToSave) -> None:
    conn.execute(
        schema.sense_clusters.insert(),
        [
            {
                "run_id": run_id,
                "sense": s.number,
                "size": s.size,
                "examples": [int(i) for i in s.examples],
                "collocates": [[w, round(float(score), 3)] for w, score in s.collocates],
            }
            for s in run_.clusters
        ],
    )
    # The bulk: plain executemany on tuples, as the indexer does for tokens.
    bulk_insert(
        conn,
        "sense_members",
        ("run_id", "token_id", "sense", "assigned"),
        [(run_id, int(i), int(s), 0) for i, s in zip(run_.ids, run_.senses, strict=True)],
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _bytes(array: np.ndarray | None) -> bytes | None:
    return None if array is None else np.ascontiguousarray(array, dtype="<f8").tobytes()


def _array(data: bytes | None) -> np.ndarray | None:
    return None if data is None else np.frombuffer(bytes(data), dtype="<f8").copy()
