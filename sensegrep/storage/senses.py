"""Induced senses in the index (tables ``sense_runs``, ``sense_clusters`` and
``sense_members``): the SQL behind senses/runs.py, which decides when a run is reused.

The tables are created on the first save, so an index made before sense induction reads
as having no runs. Saving is best effort: an index that cannot be written (read-only
files, another process holding the write lock too long) reports it, and the caller simply
does not keep the run.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

import numpy as np
from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError

from sensegrep.storage import schema
from sensegrep.storage.handles import Handles
from sensegrep.storage.sql import bulk_insert

SENSE_TABLES = (schema.sense_runs, schema.sense_clusters, schema.sense_members)

# (number, size, typical occurrence ids, collocates as (lemma, score)) of one sense.
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


@dataclass
class StoredSenseRun:
    """A run as stored: ``ids`` the word's occurrences (corpus order), ``senses[i]`` the
    sense number of ``ids[i]``; ``clusters`` in sense order."""

    fingerprint: str
    method: str
    details: dict[str, Any]
    clusters: list[ClusterRow]
    ids: np.ndarray
    senses: np.ndarray


def load_sense_run(
    handles: Handles, lemma: str, requested: int | None, fingerprint: str, method: str
) -> StoredSenseRun | None:
    """The stored run for this lemma and requested k (None: chosen automatically);
    None when absent, or stale (other occurrences or another method)."""
    r = schema.sense_runs
    query = select(r.c.id, r.c.fingerprint, r.c.method, r.c.details).where(
        r.c.lemma_key == lemma.lower(), _requested_is(requested)
    )
    try:
        with handles.engine.connect() as conn:
            row = conn.execute(query).first()
            if row is None or row.fingerprint != fingerprint or row.method != method:
                return None
            return _read_run(conn, row)
    except OperationalError:  # an index made before sense induction: no tables yet
        return None


def save_sense_run(handles: Handles, run: SenseRunToSave) -> bool:
    """Store ``run`` in place of any earlier one for its lemma and requested k; False
    when the index cannot be written."""
    try:
        schema.metadata.create_all(handles.engine, tables=list(SENSE_TABLES))
        with handles.engine.begin() as conn:
            _delete_runs(conn, run.lemma, run.requested)
            run_id = conn.execute(
                schema.sense_runs.insert().values(
                    lemma_key=run.lemma.lower(),
                    requested=run.requested,
                    fingerprint=run.fingerprint,
                    method=run.method,
                    k=len(run.clusters),
                    occurrences=len(run.ids),
                    created_at=datetime.now(UTC).isoformat(timespec="seconds"),
                    details=run.details,
                )
            ).inserted_primary_key[0]
            _insert_clusters(conn, run_id, run)
    except OperationalError:
        return False
    return True


def _requested_is(requested: int | None) -> Any:
    r = schema.sense_runs
    return r.c.requested.is_(None) if requested is None else r.c.requested == requested


def _read_run(conn: Connection, row: Any) -> StoredSenseRun:
    c, m = schema.sense_clusters, schema.sense_members
    clusters: list[ClusterRow] = [
        (number, size, list(examples), [(w, float(s)) for w, s in collocates])
        for number, size, examples, collocates in conn.execute(
            select(c.c.sense, c.c.size, c.c.examples, c.c.collocates)
            .where(c.c.run_id == row.id)
            .order_by(c.c.sense)
        )
    ]
    members = conn.execute(
        select(m.c.token_id, m.c.sense).where(m.c.run_id == row.id).order_by(m.c.token_id)
    ).cursor.fetchall()
    table = np.asarray(members, dtype=np.int64).reshape(-1, 2)
    details = row.details if isinstance(row.details, dict) else json.loads(row.details)
    return StoredSenseRun(
        fingerprint=row.fingerprint,
        method=row.method,
        details=details,
        clusters=clusters,
        ids=table[:, 0],
        senses=table[:, 1],
    )


def _delete_runs(conn: Connection, lemma: str, requested: int | None) -> None:
    r = schema.sense_runs
    stale = select(r.c.id).where(r.c.lemma_key == lemma.lower(), _requested_is(requested))
    ids = list(conn.scalars(stale))
    if ids:
        conn.execute(schema.sense_members.delete().where(schema.sense_members.c.run_id.in_(ids)))
        conn.execute(schema.sense_clusters.delete().where(schema.sense_clusters.c.run_id.in_(ids)))
        conn.execute(r.delete().where(r.c.id.in_(ids)))


def _insert_clusters(conn: Connection, run_id: int, run: SenseRunToSave) -> None:
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
            for s in run.clusters
        ],
    )
    # The bulk: plain executemany on tuples, as the indexer does for tokens.
    bulk_insert(
        conn,
        "sense_members",
        ("run_id", "token_id", "sense"),
        [(run_id, int(i), int(s)) for i, s in zip(run.ids, run.senses, strict=True)],
    )
