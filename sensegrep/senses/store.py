"""Induced senses kept in the index (tables ``sense_runs``, ``sense_clusters`` and
``sense_members``), and the SQL reads that sense induction needs.

A run is reused while the word's occurrences are the ones it was computed from (same
sha256 of their ids) and the method is the same; otherwise it is recomputed and replaces
the stale one. Storing is best effort: an index that cannot be written (read-only files,
another process holding the write lock too long) still gets its senses, just not kept.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

from sensegrep.storage import Index, schema

SENSE_TABLES = (schema.sense_runs, schema.sense_clusters, schema.sense_members)


@dataclass
class Sense:
    """One induced sense: number (from 1, biggest first), size, typical occurrence ids
    (best first) and distinctive collocates (lemma, score; best first)."""

    number: int
    size: int
    examples: list[int]
    collocates: list[tuple[str, float]]


@dataclass
class SenseRun:
    """The senses of one lemma: ``ids`` its occurrences (corpus order), ``senses[i]`` the
    sense number of ``ids[i]``."""

    lemma: str
    requested: int | None
    fingerprint: str
    method: str
    ids: np.ndarray
    senses: np.ndarray
    clusters: list[Sense]
    details: dict[str, Any] = field(default_factory=dict)
    stored: bool = False

    @property
    def k(self) -> int:
        return len(self.clusters)


def fingerprint(ids: np.ndarray) -> str:
    """What a run depends on: exactly these occurrences (ids never change or get reused)."""
    return hashlib.sha256(np.ascontiguousarray(ids, dtype=np.int64).tobytes()).hexdigest()


def load_run(
    index: Index, lemma: str, requested: int | None, method: str, print_: str
) -> SenseRun | None:
    """The stored run for this lemma and requested k, or None when absent or stale."""
    r = schema.sense_runs
    query = select(r.c.id, r.c.fingerprint, r.c.method, r.c.details).where(
        r.c.lemma_key == lemma.lower(),
        r.c.requested.is_(None) if requested is None else r.c.requested == requested,
    )
    try:
        with index.engine.connect() as conn:
            row = conn.execute(query).first()
            if row is None or row.fingerprint != print_ or row.method != method:
                return None
            return _read_run(conn, row, lemma, requested)
    except OperationalError:  # an index made before sense induction: no tables yet
        return None


def _read_run(conn: Any, row: Any, lemma: str, requested: int | None) -> SenseRun:
    c, m = schema.sense_clusters, schema.sense_members
    clusters = [
        Sense(number, size, list(examples), [(w, float(s)) for w, s in collocates])
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
    return SenseRun(
        lemma=lemma,
        requested=requested,
        fingerprint=row.fingerprint,
        method=row.method,
        ids=table[:, 0],
        senses=table[:, 1],
        clusters=clusters,
        details=details,
        stored=True,
    )


def save_run(index: Index, run: SenseRun) -> bool:
    """Store ``run`` in place of any earlier one for its lemma and requested k; False when
    the index cannot be written (the run is then simply not kept)."""
    try:
        schema.metadata.create_all(index.engine, tables=list(SENSE_TABLES))
        with index.engine.begin() as conn:
            _delete_runs(conn, run.lemma, run.requested)
            run_id = conn.execute(
                schema.sense_runs.insert().values(
                    lemma_key=run.lemma.lower(),
                    requested=run.requested,
                    fingerprint=run.fingerprint,
                    method=run.method,
                    k=run.k,
                    occurrences=len(run.ids),
                    created_at=datetime.now(UTC).isoformat(timespec="seconds"),
                    details=run.details,
                )
            ).inserted_primary_key[0]
            _insert_clusters(conn, run_id, run)
    except OperationalError:
        return False
    run.stored = True
    return True


def _delete_runs(conn: Any, lemma: str, requested: int | None) -> None:
    r = schema.sense_runs
    stale = select(r.c.id).where(
        r.c.lemma_key == lemma.lower(),
        r.c.requested.is_(None) if requested is None else r.c.requested == requested,
    )
    ids = list(conn.scalars(stale))
    if ids:
        conn.execute(schema.sense_members.delete().where(schema.sense_members.c.run_id.in_(ids)))
        conn.execute(schema.sense_clusters.delete().where(schema.sense_clusters.c.run_id.in_(ids)))
        conn.execute(r.delete().where(r.c.id.in_(ids)))


def _insert_clusters(conn: Any, run_id: int, run: SenseRun) -> None:
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
    conn.exec_driver_sql(
        "INSERT INTO sense_members (run_id, token_id, sense) VALUES (?, ?, ?)",
        [(run_id, int(i), int(s)) for i, s in zip(run.ids, run.senses, strict=True)],
    )


# -- reads for induction and reports ------------------------------------------------------


def sentence_lemmas(index: Index, ids: Sequence[int]) -> dict[int, list[tuple[str, str | None]]]:
    """For each occurrence: (lemma, POS) of the other tokens of its sentence."""
    t, o = schema.tokens, schema.tokens.alias("o")
    wanted = select(text("value")).select_from(func.json_each(json.dumps([int(i) for i in ids])))
    query = (
        select(o.c.id, t.c.lemma, t.c.pos)
        .join(t, t.c.sentence_id == o.c.sentence_id)
        .where(o.c.id.in_(wanted), t.c.id != o.c.id)
    )
    out: dict[int, list[tuple[str, str | None]]] = {int(i): [] for i in ids}
    with index.engine.connect() as conn:
        for occ_id, lemma, pos in conn.execute(query).cursor.fetchall():
            out[occ_id].append((lemma, pos))
    return out


def sentence_frequencies(index: Index, lemmas: Sequence[str]) -> tuple[dict[str, int], int]:
    """In how many sentences of the whole corpus each lemma (lower-cased) occurs, and the
    number of sentences: the reference for the collocates of a one-sense word."""
    t = schema.tokens
    key = func.sg_key(t.c.lemma)
    query = (
        select(key, func.count(func.distinct(t.c.sentence_id)))
        .where(key.in_(list(lemmas)))
        .group_by(key)
    )
    with index.engine.connect() as conn:
        counts = dict(conn.execute(query).all()) if lemmas else {}
        total = conn.execute(select(func.count()).select_from(schema.sentences)).scalar_one()
    return counts, int(total)


def field_values(index: Index, ids: Sequence[int], field_name: str) -> dict[int, Any]:
    """The document metadata value ``field_name`` of each occurrence (None when absent;
    objects and arrays as JSON text)."""
    t, d = schema.tokens, schema.documents
    path = '$."' + field_name.replace('"', '\\"') + '"'
    wanted = select(text("value")).select_from(func.json_each(json.dumps([int(i) for i in ids])))
    query = (
        select(t.c.id, func.json_extract(d.c.meta, path))
        .join(d, d.c.id == t.c.doc_id)
        .where(t.c.id.in_(wanted))
    )
    with index.engine.connect() as conn:
        return dict(conn.execute(query).cursor.fetchall())


def metadata_fields(index: Index, limit: int = 20) -> list[str]:
    """Names of document metadata fields in the index (for error messages)."""
    query = text(
        "SELECT DISTINCT j.key FROM documents, json_each(documents.meta) AS j "
        "ORDER BY j.key LIMIT :limit"
    )
    with index.engine.connect() as conn:
        return [str(k) for k in conn.scalars(query, {"limit": limit})]


def token_labels(index: Index, ids: Sequence[int]) -> dict[int, str | None]:
    """The stored sense label (from the input) of each occurrence."""
    t = schema.tokens
    wanted = select(text("value")).select_from(func.json_each(json.dumps([int(i) for i in ids])))
    with index.engine.connect() as conn:
        rows = conn.execute(select(t.c.id, t.c.label).where(t.c.id.in_(wanted))).cursor.fetchall()
    return dict(rows)
