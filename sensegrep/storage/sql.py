"""Query pieces shared by the storage modules, and what differs between the two
database backends (SQLite, the embedded default, and PostgreSQL for a shared index).

A token's words are vocabulary ids (schema.py): ``form_of``, ``lemma_of`` and ``pos_of``
read them back as text in SQLAlchemy queries, ``FORM``, ``LEMMA``, ``LEMMA_KEY`` and
``POS`` in raw SQL (on a ``tokens`` row aliased ``t``). ``SENTENCE_TOKENS`` joins a
sentence ``s`` to its tokens ``t``: a range of ids, no index needed.

Raw SQL is written once, in the dialect both backends read, with SQLite's ``?``
placeholders: ``run`` adapts the placeholders, and ``int_values`` / ``text_values`` give
the subquery that unpacks a JSON list parameter (SQLite's ``json_each``, PostgreSQL's
``json_array_elements_text``): one parameter for any number of ids, where a list of
placeholders would hit the drivers' bound-variable limits.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from sqlalchemy import CursorResult, func, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement

from sensegrep.storage import schema
from sensegrep.text import key_spellings

FORM = "(SELECT text FROM vocab WHERE id = t.form_id)"
LEMMA = "(SELECT text FROM vocab WHERE id = coalesce(t.lemma_id, t.form_id))"
LEMMA_KEY = "(SELECT coalesce(key, text) FROM vocab WHERE id = coalesce(t.lemma_id, t.form_id))"
POS = "(SELECT tag FROM pos_tags WHERE id = t.pos_id)"
SENTENCE_TOKENS = "t.id BETWEEN s.first_token AND s.first_token + s.n_tokens - 1"


def is_postgres(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


def run(conn: Connection, statement: str, params: Any = None) -> CursorResult[Any]:
    """Raw SQL with ``?`` placeholders on either backend (a list of tuples: executemany).
    The driver's own call: several times faster than SQLAlchemy's for bulk rows."""
    if is_postgres(conn):
        statement = statement.replace("%", "%%").replace("?", "%s")
    return conn.exec_driver_sql(statement, params)


def int_values(conn: Connection) -> str:
    """A subquery over the integers of a JSON list given as one ``?`` parameter."""
    if is_postgres(conn):
        return "SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST(? AS JSON))"
    return "SELECT value FROM json_each(?)"


def text_values(conn: Connection) -> str:
    """A subquery over the strings of a JSON list given as one ``?`` parameter."""
    if is_postgres(conn):
        return "SELECT value FROM json_array_elements_text(CAST(? AS JSON))"
    return "SELECT value FROM json_each(?)"


def vocab_ids(conn: Connection, key: str) -> tuple[int, ...]:
    """The vocab ids of the words with this lookup key (a few: its spellings by case,
    and by Unicode composition); a tuple, which ``run`` takes as one row of parameters."""
    return tuple(int(i) for i, _text in vocab_rows(conn, key))


def vocab_rows(conn: Connection, key: str) -> list[tuple[int, str]]:
    """(id, text) of the words with this lookup key: stored as the file wrote them,
    composed or decomposed ("zürich" as one character or as u and a combining mark),
    so the key's other composition is looked up too (keys of older indexes are not
    normalised); and a capital İ's lower-case, i and a combining dot, as i
    (text.key_spellings)."""
    keys = key_spellings(key)
    rows = run(
        conn,
        f"SELECT id, text FROM vocab WHERE {schema.VOCAB_KEY} IN ({', '.join('?' * len(keys))})",
        tuple(keys),
    )
    return [(int(i), text) for i, text in rows]


def json_list(values: Iterable[Any]) -> str:
    """The parameter of ``int_values`` / ``text_values``."""
    return json.dumps(values.tolist() if isinstance(values, np.ndarray) else list(values))


class _JsonIds(FunctionElement[Any]):
    """The rows (column ``value``) of a JSON list of integers, compiled per backend."""

    inherit_cache = True
    name = "json_ids"


@compiles(_JsonIds, "sqlite")
def _json_ids_sqlite(element: _JsonIds, compiler: Any, **kw: Any) -> str:
    return f"json_each({compiler.process(element.clauses, **kw)})"


@compiles(_JsonIds, "postgresql")
def _json_ids_postgres(element: _JsonIds, compiler: Any, **kw: Any) -> str:
    param = compiler.process(element.clauses, **kw)
    return (
        "(SELECT CAST(value AS BIGINT) AS value FROM "
        f"json_array_elements_text(CAST({param} AS JSON))) AS ids"
    )


def id_list(ids: Iterable[int] | np.ndarray) -> Any:
    """A subquery over many ids, passed as one JSON parameter (no bound-variable limit)."""
    values = ids if isinstance(ids, np.ndarray) else [int(i) for i in ids]
    return select(text("value")).select_from(_JsonIds(json_list(values)))


def bulk_insert(conn: Connection, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
    """Insert many rows: executemany on SQLite, COPY on PostgreSQL (a round trip per row
    would make the server's latency the indexer's speed)."""
    if not rows:
        return
    if not is_postgres(conn):
        marks = ", ".join("?" * len(columns))
        run(conn, f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
        return
    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    with cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def bulk_update(conn: Connection, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
    """``UPDATE table SET columns… WHERE id = …`` for many rows, each ``(*values, id)``:
    executemany on SQLite; on PostgreSQL the rows are copied into a temporary table and
    applied in one statement (a compaction rewrites every occurrence's location)."""
    if not rows:
        return
    if not is_postgres(conn):
        sets = ", ".join(f"{c} = ?" for c in columns)
        run(conn, f"UPDATE {table} SET {sets} WHERE id = ?", rows)
        return
    names = ", ".join([*columns, "id"])
    run(conn, f"CREATE TEMPORARY TABLE bulk_rows AS SELECT {names} FROM {table} WHERE false")
    bulk_insert(conn, "bulk_rows", [*columns, "id"], rows)
    sets = ", ".join(f"{c} = b.{c}" for c in columns)
    run(conn, f"UPDATE {table} SET {sets} FROM bulk_rows b WHERE {table}.id = b.id")
    run(conn, "DROP TABLE bulk_rows")


def form_of(tokens: Any) -> Any:
    """The form of a row of ``tokens`` (the table or an alias), as text."""
    v = schema.vocab
    return select(v.c.text).where(v.c.id == tokens.c.form_id).scalar_subquery()


def lemma_of(tokens: Any) -> Any:
    """The lemma of a row of ``tokens``, as text (lemma_id NULL: the form)."""
    v = schema.vocab
    word = func.coalesce(tokens.c.lemma_id, tokens.c.form_id)
    return select(v.c.text).where(v.c.id == word).scalar_subquery()


def pos_of(tokens: Any) -> Any:
    """The POS tag of a row of ``tokens``, or NULL."""
    p = schema.pos_tags
    return select(p.c.tag).where(p.c.id == tokens.c.pos_id).scalar_subquery()


def in_sentence(tokens: Any, sentences: Any) -> Any:
    """The condition that a row of ``tokens`` is one of the sentence's tokens."""
    last = sentences.c.first_token + sentences.c.n_tokens - 1
    return tokens.c.id.between(sentences.c.first_token, last)
