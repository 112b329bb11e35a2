"""Reads of the stored text and metadata around occurrences, for sense induction,
reports and fine-tuning (concordance lines are in occurrences.py: ``contexts``)."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from sensegrep.document import list_items
from sensegrep.storage import database, schema
from sensegrep.storage.fields import list_test, value_key, value_text
from sensegrep.storage.handles import Handles
from sensegrep.storage.sql import (
    FORM,
    SENTENCE_TOKENS,
    id_list,
    in_sentence,
    int_values,
    is_postgres,
    json_list,
    lemma_of,
    pos_of,
    run,
    text_values,
)


def sentence_words(handles: Handles, sentence_ids: Sequence[int]) -> dict[int, list[str]]:
    """The word forms of each sentence, in order."""
    with handles.engine.connect() as conn:
        rows = run(
            conn,
            f"SELECT s.id, {FORM} FROM sentences s JOIN tokens t ON {SENTENCE_TOKENS} "
            f"WHERE s.id IN ({int_values(conn)}) ORDER BY s.id, t.id",
            (json_list(map(int, sentence_ids)),),
        )
        words: dict[int, list[str]] = {}
        for sentence_id, form in rows:
            words.setdefault(sentence_id, []).append(form)
    return words


def sentence_lemmas(
    handles: Handles, ids: Sequence[int]
) -> dict[int, list[tuple[str, str | None]]]:
    """For each occurrence: (lemma, POS) of the other tokens of its sentence."""
    t, o, s = schema.tokens, schema.tokens.alias("o"), schema.sentences
    query = (
        select(o.c.id, lemma_of(t), pos_of(t))
        .join(s, s.c.id == o.c.sentence_id)
        .join(t, in_sentence(t, s))
        .where(o.c.id.in_(id_list(ids)), t.c.id != o.c.id)
    )
    out: dict[int, list[tuple[str, str | None]]] = {int(i): [] for i in ids}
    with handles.engine.connect() as conn:
        for occ_id, lemma, pos in conn.execute(query).cursor.fetchall():
            out[occ_id].append((lemma, pos))
    return out


def sentence_frequencies(handles: Handles, lemmas: Sequence[str]) -> tuple[dict[str, int], int]:
    """In how many sentences each lemma (lower-cased) occurs, and the number of
    sentences in the index."""
    # One pass over the tokens comparing integers: the lemmas' vocab ids are found
    # first (SQLite makes the IN list a lookup table), their keys joined on the few hits.
    with handles.engine.connect() as conn:
        query = (
            "SELECT coalesce(v.key, v.text), count(DISTINCT t.sentence_id) FROM tokens t"
            " JOIN vocab v ON v.id = coalesce(t.lemma_id, t.form_id)"
            " WHERE coalesce(t.lemma_id, t.form_id) IN (SELECT id FROM vocab"
            f" WHERE coalesce(key, text) IN ({text_values(conn)}))"
            " GROUP BY coalesce(v.key, v.text)"
        )
        wanted = (json_list(lemmas),)
        counts = dict(run(conn, query, wanted).fetchall()) if lemmas else {}
        total = conn.execute(select(func.count()).select_from(schema.sentences)).scalar_one()
    return counts, int(total)


def field_values(handles: Handles, ids: Sequence[int], field_name: str) -> dict[int, Any]:
    """The document metadata value ``field_name`` of each occurrence (None when absent;
    objects and arrays as JSON text)."""
    t, d = schema.tokens, schema.documents
    with handles.engine.connect() as conn:
        if is_postgres(conn):
            field = d.c.meta.op("->")(field_name)  # JSON, decoded by the driver
            kind = field  # a boolean comes back as one
        else:
            path = '$."' + field_name.replace('"', '\\"') + '"'
            field = func.json_extract(d.c.meta, path)  # a boolean comes back as 1 or 0
            kind = func.json_type(d.c.meta, path)
        query = (
            select(t.c.id, field, kind)
            .join(d, d.c.id == t.c.doc_id)
            .where(t.c.id.in_(id_list(ids)))
        )
        rows = conn.execute(query).cursor.fetchall()
    return {i: _as_text_reads(value, kind) for i, value, kind in rows}


def metadata_fields(handles: Handles, limit: int = 20) -> list[str]:
    """Names of document metadata fields in the index, sorted (the first ``limit``)."""
    with handles.engine.connect() as conn:
        keys = run(
            conn,
            f"SELECT DISTINCT j.key FROM documents, {_fields(conn)} AS j ORDER BY j.key LIMIT ?",
            (limit,),
        )
        return [str(k) for k in keys.scalars()]


def occurrence_window(handles: Handles, occurrence: int, sentences: int) -> dict[str, Any] | None:
    """The document text from ``sentences`` sentences before an occurrence's own to
    as many after, with offsets to cut it: None when the occurrence does not exist.
    Only that stretch of the document is read (a document may be a whole book)."""
    # Any token has its paragraph, with a sense vector or not: a plain concordance
    # lists every token of a word ("the", an auxiliary "have"), each line with its id.
    with handles.engine.connect() as conn:
        row = run(
            conn,
            "SELECT t.doc_id, t.char_start, t.char_end, s.position, s.char_start, "
            "s.char_end FROM tokens t JOIN sentences s ON s.id = t.sentence_id "
            "WHERE t.id = ?",
            (int(occurrence),),
        ).first()
        if row is None:
            return None
        doc_id, start, end, position, s_start, s_end = row
        low, high = run(
            conn,
            "SELECT min(char_start), max(char_end) FROM sentences "
            "WHERE doc_id = ? AND position BETWEEN ? AND ?",
            (doc_id, position - sentences, position + sentences),
        ).one()
        ext_id, window = run(
            conn,
            "SELECT ext_id, substr(text, ? + 1, ? - ?) FROM documents WHERE id = ?",
            (low, high, low, doc_id),
        ).one()
    return {
        "doc": ext_id,
        "window": window,
        "start": start - low,
        "end": end - low,
        "sentence_start": s_start - low,
        "sentence_end": s_end - low,
    }


def metadata_values(
    handles: Handles, max_fields: int = 20, max_values: int = 50
) -> dict[str, list[str]]:
    """Document metadata fields (the first ``max_fields``) with their most frequent
    scalar values (``max_values`` each, as text: what ``where`` compares); a list's
    items are values of its field (``"topics": ["river", "finance"]``: river, finance),
    as ``where`` takes them, so a field whose values are all lists is listed too."""
    counts: dict[str, dict[str, int]] = {}
    with handles.engine.connect() as conn:
        # (a number as itself: value_text writes 1999.0 as where takes it, 1999; SQLite
        # gives the number, PostgreSQL its JSON text, read here as JSON)
        if is_postgres(conn):
            kind = "json_typeof(j.value_json)"
            scalar = f"{kind} IN ('string', 'number')"
        else:
            kind = "j.type"
            scalar = f"{kind} IN ('text', 'integer', 'real')"
        query = (
            f"SELECT j.key, j.value, {kind}, count(*) AS n FROM documents, {_fields(conn)}"
            f" AS j WHERE {scalar} GROUP BY j.key, j.value, {kind} ORDER BY j.key, n DESC"
        )
        # each value as where takes it (٢٠٠٢ is 2002, "Genève" either way is one), its
        # spellings' documents summed: the commonest values, not the commonest spellings
        for key, text, type_, n in run(conn, query):
            if type_ == "number":
                text = json.loads(text)
            mine = counts.setdefault(str(key), {})
            one = value_key(str(value_text(text)))
            mine[one] = mine.get(one, 0) + int(n)
        for key, text, n in _list_values(conn):
            mine = counts.setdefault(str(key), {})
            for item in map(value_key, list_items(text)):
                mine[item] = mine.get(item, 0) + int(n)
    fields: dict[str, list[str]] = {}
    for key in sorted(counts)[:max_fields]:
        # a tie by text (SQL's order of equal counts is its own: 60 years of one document
        # each offered 1960-2009, leaving out the 1950s); numbers by value
        ordered = sorted(counts[key].items(), key=lambda pair: (-pair[1], _in_order(pair[0])))
        fields[key] = [text for text, _n in ordered[:max_values]]
    return fields


def _in_order(text: str) -> tuple[int, float, str]:
    """A value's place among equals: numbers by value (``1950`` before ``200``), first."""
    try:
        number = float(text)
    except ValueError:
        return (1, 0.0, text)
    return (0, number, text) if math.isfinite(number) else (1, 0.0, text)


def list_fields(handles: Handles) -> set[str]:
    """The fields some document holds a JSON list in (``"topics": ["farm", "tech"]``):
    a document may have several of their values at once."""
    with handles.engine.connect() as conn:
        return {field for field, _text, _n in _list_values(conn)}


def _list_values(conn: Connection) -> list[tuple[str, str, int]]:
    """Each field's values that are JSON lists, with their documents: from the fields'
    text (document_fields), where a list is its compact JSON; none on an older index
    opened read-only, which has no such table (its values are its documents' JSON)."""
    if not database.has_table(conn.engine, "document_fields"):
        return []
    query = (
        "SELECT field, value, count(*) FROM document_fields"
        f" WHERE {list_test(conn)} GROUP BY field, value"
    )
    return [(str(f), str(v), int(n)) for f, v, n in run(conn, query)]


def _fields(conn: Connection) -> str:
    """A table of each document's metadata fields: ``key`` and its ``value`` (on
    PostgreSQL as text, and the JSON value as ``value_json``)."""
    if is_postgres(conn):
        return (
            "LATERAL (SELECT e.key, e.value AS value_json, e.value #>> '{}' AS value"
            " FROM json_each(documents.meta) AS e)"
        )
    return "json_each(documents.meta)"


def _as_text_reads(value: Any, kind: Any) -> Any:
    """A metadata value as ``--where`` reads it (fields.py): objects and arrays as JSON
    text, booleans as true or false (``kind``: SQLite's json_type, or the value itself),
    so that both backends, and a count and a filter by the field, answer alike."""
    if kind in ("true", "false"):
        return kind
    if isinstance(value, bool | dict | list):  # (a number stays one: binned by senses --by)
        return value_text(value)
    return value
