"""Documents by metadata value (the ``document_fields`` table): which documents a
``--where`` filter keeps, read through an index instead of every document's row.

The values are written by SQL from the stored JSON, by the same backend that answers
``--where`` on the documents table (corpus.py's ``_fields``), so both give the same text
for a value: SQLite's 1/0 for booleans, JSON text for lists and objects.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from sensegrep.storage import database, schema
from sensegrep.storage.handles import Handles
from sensegrep.storage.sql import int_values, is_postgres, json_list, run


def add(conn: Connection, after: int) -> None:
    """Write the fields of the documents whose row id is above ``after``."""
    if is_postgres(conn):
        expand = "json_each_text(d.meta) AS j"
        value = "j.value"
    else:
        expand = "json_each(d.meta) AS j"
        value = "CAST(j.value AS TEXT)"
    run(
        conn,
        "INSERT INTO document_fields (doc_id, field, value)"
        f" SELECT d.id, j.key, {value} FROM documents d, {expand}"
        f" WHERE d.id > ? AND {value} IS NOT NULL",
        (after,),
    )
    run(
        conn,
        "INSERT INTO document_fields (doc_id, field, value)"
        " SELECT d.id, ?, NULL FROM documents d WHERE d.id > ?"
        " AND NOT EXISTS (SELECT 1 FROM document_fields f WHERE f.doc_id = d.id)",
        (schema.NO_FIELDS, after),
    )


def remove(conn: Connection, doc_ids: Sequence[int]) -> None:
    run(
        conn,
        f"DELETE FROM document_fields WHERE doc_id IN ({int_values(conn)})",
        (json_list(doc_ids),),
    )


def covered_until(conn: Connection) -> int:
    """The highest document row id that has its fields written (0: none)."""
    return int(conn.execute(select(func.max(schema.document_fields.c.doc_id))).scalar() or 0)


def cover(handles: Handles) -> None:
    """Write the fields of the documents stored before this table existed."""
    with handles.engine.begin() as conn:
        last = conn.execute(select(func.max(schema.documents.c.id))).scalar() or 0
        done = covered_until(conn)
        if last > done:
            add(conn, done)


def documents_where(
    handles: Handles, where: Sequence[tuple[str, str]], among: np.ndarray | None = None
) -> np.ndarray | None:
    """The row ids (ascending) of the documents (``among`` these, when given: a few
    candidates' documents) whose fields have all these values, or None when the table
    does not cover every document (an older index opened read-only: the caller reads
    the documents table)."""
    if not database.has_table(handles.engine, "document_fields"):
        return None
    with handles.engine.connect() as conn:
        last = conn.execute(select(func.max(schema.documents.c.id))).scalar() or 0
        if covered_until(conn) < last:
            return None
        found: np.ndarray | None = None
        restrict, extra = "", ()
        if among is not None:
            restrict, extra = f" AND doc_id IN ({int_values(conn)})", (json_list(among),)
        for field, value in where:
            rows = run(
                conn,
                f"SELECT doc_id FROM document_fields WHERE field = ? AND value = ?{restrict}",
                (field, value, *extra),
            ).fetchall()
            ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
            found = ids if found is None else np.intersect1d(found, ids)
    return np.sort(found) if found is not None else np.zeros(0, dtype=np.int64)
