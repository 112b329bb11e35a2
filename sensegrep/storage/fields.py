"""Documents by metadata value (the ``document_fields`` table): which documents a
``--where`` filter keeps, read through an index instead of every document's row.

Each value is stored as text made in Python (``value_text``: true and false for
booleans, compact JSON for lists and objects), the text a count by the field shows, so
that SQLite and PostgreSQL store, filter and count the same. An older index opened
read-only, whose table lags, is read from the documents' JSON by the backend's own
functions (``_expanded``), which agree with it on every scalar.
"""

from __future__ import annotations

import difflib
import json
import math
import re
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from sensegrep.document import list_items, metadata_text
from sensegrep.errors import QueryError
from sensegrep.storage import database, schema
from sensegrep.storage.handles import Handles
from sensegrep.storage.manifest import text_language
from sensegrep.storage.sql import bulk_insert, int_values, is_postgres, json_list, run, text_values
from sensegrep.text import (
    DOTLESS_I_LANGUAGES,
    composed,
    spellings,
    turkish_case,
    undotted,
    without_diacritics,
)


def add(
    conn: Connection, after: int, metadata: Sequence[tuple[int, dict[str, Any]]] | None = None
) -> None:
    """Write the fields of the documents whose row id is above ``after`` (``metadata``:
    their row ids and metadata, when the caller has them; else read back). The text of
    each value is made here (value_text), not by the backend's JSON functions, so that
    SQLite and PostgreSQL store the same text for the same value."""
    if metadata is None:
        d = schema.documents
        metadata = conn.execute(select(d.c.id, d.c.meta).where(d.c.id > after)).all()
    rows: list[tuple[int, str, str | None]] = []
    for doc_id, meta in metadata:
        values = [(doc_id, str(k), value_text(v)) for k, v in (meta or {}).items()]
        kept = [row for row in values if row[2] is not None]
        rows += kept or [(doc_id, schema.NO_FIELDS, None)]
    bulk_insert(conn, "document_fields", ("doc_id", "field", "value"), rows)


def value_text(value: Any) -> str | None:
    """A metadata value as ``--where`` compares it, a count by its field shows it and the
    fields table stores it, alike on both backends (document.metadata_text, which a
    pattern's ``[FIELD="…"]`` tests too). The backends' own JSON functions differ:
    SQLite's json_each gives a boolean as 1 or 0 and an array's non-ASCII as \\u escapes,
    PostgreSQL's json_each_text an array as written."""
    return metadata_text(value)


def rewrite_values(conn: Connection) -> None:
    """Give the values stored before value_text made them their text from it: SQLite's
    booleans (1 and 0) and both backends' objects and arrays (not compact, or escaped).
    Changes nothing when run again (migrations.m008)."""
    d, f = schema.documents, schema.document_fields
    if not is_postgres(conn):
        conn.exec_driver_sql(
            "UPDATE document_fields SET value = (SELECT j.type FROM documents d,"
            " json_each(d.meta) AS j WHERE d.id = document_fields.doc_id"
            " AND j.key = document_fields.field AND j.type IN ('true', 'false'))"
            " WHERE value IN ('0', '1') AND EXISTS (SELECT 1 FROM documents d,"
            " json_each(d.meta) AS j WHERE d.id = document_fields.doc_id"
            " AND j.key = document_fields.field AND j.type IN ('true', 'false'))"
        )
    nested = conn.execute(
        select(f.c.doc_id, f.c.field, f.c.value).where(f.c.value.like("[%") | f.c.value.like("{%"))
    ).all()
    stale = [(doc, field) for doc, field, text in nested if not _compact(text)]
    for doc, field in stale:
        meta = conn.execute(select(d.c.meta).where(d.c.id == doc)).scalar() or {}
        text = value_text(meta.get(field))
        if isinstance(meta.get(field), dict | list):
            conn.execute(
                f.update().where((f.c.doc_id == doc) & (f.c.field == field)).values(value=text)
            )


def forget_empty_lists(conn: Connection) -> None:
    """Forget the fields stored as having a value "[]" before value_text read an empty
    list as no value (rewrite_values, run before, leaves such a row without a value): a
    count by the field put their documents under "[]", where a missing field's are under
    (none). A document left with no field is marked so, as one indexed without any.
    Only a JSON list is forgotten, never the string "[]". Changes nothing when run
    again (migrations.m012)."""
    d, f = schema.documents, schema.document_fields
    empty = (f.c.value == "[]") | (f.c.value.is_(None) & (f.c.field != schema.NO_FIELDS))
    for doc, field in conn.execute(select(f.c.doc_id, f.c.field).where(empty)).all():
        meta = conn.execute(select(d.c.meta).where(d.c.id == doc)).scalar() or {}
        if isinstance(meta, str):
            meta = json.loads(meta)
        if meta.get(field) not in ([], None):
            continue
        conn.execute(f.delete().where((f.c.doc_id == doc) & (f.c.field == field)))
        if conn.execute(select(f.c.doc_id).where(f.c.doc_id == doc).limit(1)).first() is None:
            conn.execute(f.insert().values(doc_id=doc, field=schema.NO_FIELDS, value=None))


def rewrite_whole_floats(conn: Connection) -> None:
    """Give the whole numbers a JSON file wrote with a fraction (1999.0), stored before
    value_text wrote them as whole numbers, their text from it (1999), so that
    ``--where year=1999`` takes them and a count by the field has one row for the year.
    Only values stored as ``….0`` are candidates; a JSON string "1999.0" stays.
    Changes nothing when run again (migrations.m009)."""
    d, f = schema.documents, schema.document_fields
    candidates = conn.execute(
        select(f.c.doc_id, f.c.field, f.c.value).where(f.c.value.like("%.0"))
    ).all()
    for doc, field, text in candidates:
        meta = conn.execute(select(d.c.meta).where(d.c.id == doc)).scalar() or {}
        value = meta.get(field)
        if isinstance(value, float) and value_text(value) != text:
            conn.execute(
                f.update()
                .where((f.c.doc_id == doc) & (f.c.field == field))
                .values(value=value_text(value))
            )


def _compact(text: str) -> bool:
    """Whether ``text`` is JSON as value_text writes it (or no JSON: a text value)."""
    try:
        return value_text(json.loads(text)) == text
    except ValueError:
        return True


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
    candidates' documents) whose fields have all these values (each value as
    :func:`wanted` reads it: alternatives, ranges), or None when the table does not
    cover every document (an older index opened read-only: the caller reads the
    documents table)."""
    if not database.has_table(handles.engine, "document_fields"):
        return None
    with handles.engine.connect() as conn:
        last = conn.execute(select(func.max(schema.documents.c.id))).scalar() or 0
        if covered_until(conn) < last or _holds_empty_lists(conn):
            return None
        found: np.ndarray | None = None
        for key, text in where:
            field, asked = field_name(key), wanted(text)
            if asked.exact:  # through the (field, value) index; lists holding one too
                values = [s for a in asked.alternatives for s in a.spellings]
                values += _lists_taking(handles, conn, last, field, asked)
                ids = _with_values(conn, field, values, among)
            elif among is not None:  # a range, a few documents: their values tested here
                ids = _among_taking(conn, field, asked, among)
            else:  # a range: the values it takes, through the index
                ids = _with_values(conn, field, _accepted(handles, conn, last, field, text))
            found = ids if found is None else np.intersect1d(found, ids)
    return np.sort(found) if found is not None else np.zeros(0, dtype=np.int64)


def _with_values(
    conn: Connection, field: str, values: Sequence[str], among: np.ndarray | None = None
) -> np.ndarray:
    """The documents (``among`` these, when given) whose ``field`` has one of ``values``:
    a few as a list (SQLite searches the index for each), many as one JSON parameter;
    none for no values (PostgreSQL refuses `IN ()`, which SQLite reads as nothing)."""
    if not values:
        return np.zeros(0, dtype=np.int64)
    if len(values) <= 50:
        listed, params = ", ".join("?" * len(values)), list(values)
    else:
        listed, params = text_values(conn), [json_list(values)]
    restrict, extra = "", []
    if among is not None:
        restrict, extra = f" AND doc_id IN ({int_values(conn)})", [json_list(among)]
    rows = run(
        conn,
        f"SELECT doc_id FROM document_fields WHERE field = ? AND value IN ({listed}){restrict}",
        (field, *params, *extra),
    ).fetchall()
    return np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))


def _among_taking(conn: Connection, field: str, asked: Wanted, among: np.ndarray) -> np.ndarray:
    """The documents among ``among`` whose value of ``field`` ``asked`` takes: one seek
    per document by its key, not one per value a range takes."""
    rows = _values_among(conn, field, among)
    taken = [doc for doc, value in rows if value is not None and asked.accepts(value)]
    return np.asarray(taken, dtype=np.int64)


def _values_among(conn: Connection, field: str, among: np.ndarray) -> list[Any]:
    """(document, value) of ``field`` for each of the documents ``among`` that has it."""
    return run(
        conn,
        f"SELECT doc_id, value FROM document_fields WHERE doc_id IN ({int_values(conn)})"
        " AND field = ?",
        (json_list(among), field),
    ).fetchall()


def _accepted(handles: Handles, conn: Connection, last: int, field: str, text: str) -> list[str]:
    """The stored values of ``field`` that the ``--where`` value ``text`` (with a range)
    takes, from the field's distinct values, kept while no document is added."""
    asked = wanted(text)
    return _remembered(
        (id(handles), last, field, text),
        lambda: [v for v in _field_values(handles, conn, last, field) if asked.accepts(v)],
    )


def _lists_taking(
    handles: Handles, conn: Connection, last: int, field: str, asked: Wanted
) -> list[str]:
    """The list values of ``field`` (``["news","sport"]``) an item of which ``asked``
    takes: their documents have the value asked among theirs."""
    lists = _remembered((id(handles), last, field, "[lists]"), lambda: _list_values(conn, field))
    return [v for v in lists if any(a.accepts(v) for a in asked.alternatives)]


def list_test(conn: Connection) -> str:
    """The SQL test that a ``document_fields`` value is a JSON list (its compact JSON
    begins with "["): on SQLite a range of the (field, value) index, whose text order is
    the bytes'; PostgreSQL's is the database's collation, so no range of "[" there."""
    return "value LIKE '[%'" if is_postgres(conn) else "value >= '[' AND value < '\\'"


def _list_values(conn: Connection, field: str) -> list[str]:
    """The distinct values of ``field`` that are JSON lists."""
    rows = run(
        conn,
        f"SELECT DISTINCT value FROM document_fields WHERE field = ? AND {list_test(conn)}",
        (field,),
    ).fetchall()
    return [r[0] for r in rows if list_items(r[0])]


def _field_values(handles: Handles, conn: Connection, last: int, field: str) -> list[str]:
    """Every distinct value of ``field``, kept while no document is added (a removed
    one leaves values no document has: harmless in an IN list)."""
    return _remembered((id(handles), last, field, None), lambda: _distinct_values(conn, field))


_REMEMBERED: OrderedDict[tuple, list[str]] = OrderedDict()
_REMEMBER = 32
_REMEMBERED_LOCK = threading.Lock()


def _remembered(key: tuple, read: Callable[[], list[str]]) -> list[str]:
    with _REMEMBERED_LOCK:
        found = _REMEMBERED.get(key)
        if found is not None:
            _REMEMBERED.move_to_end(key)
            return found
    found = read()
    with _REMEMBERED_LOCK:
        _REMEMBERED[key] = found
        while len(_REMEMBERED) > _REMEMBER:
            _REMEMBERED.popitem(last=False)
    return found


def _distinct_values(conn: Connection, field: str, limit: int | None = None) -> list[str]:
    """The distinct values of ``field`` (the first ``limit`` in text order), one index
    seek each: a field of years has few, whatever the number of documents."""
    cap = "" if limit is None else f" LIMIT {int(limit)}"
    rows = run(
        conn,
        "WITH RECURSIVE v(x) AS ("
        " SELECT min(value) FROM document_fields WHERE field = ?"
        " UNION ALL SELECT (SELECT min(value) FROM document_fields WHERE field = ? AND value > x)"
        f" FROM v WHERE x IS NOT NULL) SELECT x FROM v WHERE x IS NOT NULL{cap}",
        (field, field),
    ).fetchall()
    return [r[0] for r in rows]


def _field_names(conn: Connection) -> list[str]:
    """The metadata fields some document has, sorted (one index seek each)."""
    rows = run(
        conn,
        "WITH RECURSIVE f(x) AS ("
        " SELECT min(field) FROM document_fields WHERE field > ?"
        " UNION ALL SELECT (SELECT min(field) FROM document_fields WHERE field > x)"
        " FROM f WHERE x IS NOT NULL) SELECT x FROM f WHERE x IS NOT NULL",
        (schema.NO_FIELDS,),
    ).fetchall()
    return [r[0] for r in rows]


# -- what a --where value asks for ------------------------------------------------------

META_PREFIX = "meta:"


def field_name(key: str) -> str:
    """The metadata field a filter or a group-by names: ``meta:FIELD`` is FIELD, the way
    to name a field called like a built-in key (sense, form, lemma, pos, doc…)."""
    name = key[len(META_PREFIX) :] if key.startswith(META_PREFIX) else key
    return composed(name)  # as a document's field names are stored (document.py)


def latin_digits(text: str) -> str:
    """``text`` with its digits of any script written 0-9 (Arabic-Indic ٢٠٠٢: 2002)."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)


def value_key(value: str) -> str:
    """A metadata value as ``--where`` takes it, and so as a count, a table or a timeline
    by its field groups it: composed (NFC), its digits written 0-9. "Genève" written
    either way is one value, and so are ٢٠٠٢ and 2002 (rows 2002: 13 and ٢٠٠٢: 29, each
    row's where taking all 42)."""
    return latin_digits(composed(value))


@lru_cache(maxsize=1)
def _digit_zeros() -> tuple[int, ...]:
    """The zero of each script's digits but 0 (Arabic-Indic ٠, Persian ۰, Devanagari ०,
    Thai ๐, full-width ０…), in the Basic Multilingual Plane."""
    return tuple(
        cp
        for cp in range(0x80, 0x10000)
        if unicodedata.category(chr(cp)) == "Nd" and unicodedata.decimal(chr(cp)) == 0
    )


def digit_spellings(text: str) -> list[str]:
    """``text`` as written, and with its digits written in each script's digits: the
    stored values that are the same number or date to a reader (a JSON file may write
    a year ٢٠٠٢ or 2002). Just ``text`` when it has no digit."""
    latin = latin_digits(text)
    if not any("0" <= ch <= "9" for ch in latin):
        return [text]
    others = (latin.translate({48 + d: zero + d for d in range(10)}) for zero in _digit_zeros())
    return list(dict.fromkeys([text, latin, *others]))


@dataclass(frozen=True)
class Alternative:
    """One alternative of a ``--where`` value: an exact value, or an inclusive range
    whose open end is None."""

    text: str  # as written (escapes resolved), for messages
    low: str | None = None
    high: str | None = None
    is_range: bool = False

    @property
    def numeric_range(self) -> bool:
        """A range whose bounds are numbers (1950.., ..1949): it places numbers only."""
        low, high = _number(self.low), _number(self.high)
        return (
            self.is_range
            and (self.low is None or low is not None)
            and (self.high is None or high is not None)
        )

    @property
    def date_range(self) -> bool:
        """A range whose bounds are ISO dates (2020-01-01.., 2020-01..2020-06)."""
        bounds = [b for b in (self.low, self.high) if b is not None]
        return self.is_range and all(ISO_DATE.fullmatch(b) for b in bounds)

    @property
    def spellings(self) -> list[str]:
        """The stored values an exact alternative takes: its text composed and
        decomposed (an NFD "Zürich" is the NFC one), its digits in each script (a year
        written ٢٠٠٢ is 2002, which a range 2001..2002 takes as a number)."""
        found = (spellings(variant) for variant in digit_spellings(self.text))
        return list(dict.fromkeys(text for group in found for text in group))

    def accepts(self, value: str) -> bool:
        """Whether the value, or an item of it when it is a list (``["news","sport"]``
        is taken by ``genre=sport``, as BlackLab reads a field of several values), is
        one this alternative takes. A list as a whole is only ever equal to a value."""
        items = list_items(value)
        if items:
            return value == self.text or any(map(self._takes, items))
        return self._takes(value)

    def _takes(self, value: str) -> bool:
        if not self.is_range:
            return value == self.text or value_key(value) == value_key(self.text)
        number, low, high = _number(value), _number(self.low), _number(self.high)
        numeric = (self.low is None or low is not None) and (self.high is None or high is not None)
        if numeric:
            if number is None:
                # A text that begins with a number ("1999/2000", "1950s", 1949-12-31) is
                # placed by that number, as a timeline by decade places it: compared as
                # text, "950s" was in 1500.. and not in ..1499, and "1100s" in ..999.
                # "unknown", "n.d.", "c. 1952": no number to place in 1950.. (as text,
                # every value beginning with a letter came after all the digits).
                number = _leading_number(value)
                if number is None:
                    return False
            return (low is None or low <= number) and (high is None or number <= high)
        # As text: the upper bound takes every value it begins (..1949 takes 1949-12-31),
        # digits written 0-9 (a date ٢٠٢٠-٠٥-١٤ is 2020-05-14, in 2020-05..2020-05).
        value, lo, hi = value_key(value), self._key(self.low), self._key(self.high)
        above = lo is None or value >= lo
        below = hi is None or value <= hi or value.startswith(hi)
        return above and below

    @staticmethod
    def _key(bound: str | None) -> str | None:
        return None if bound is None else value_key(bound)


@dataclass(frozen=True)
class Wanted:
    """A ``--where`` value: any of its alternatives (``news,fiction``), each an exact
    value or an inclusive range (``1900..1949``, ``1900..``, ``..1949``). A backslash
    before a comma, a dot or a backslash makes it plain (``Hello\\, world``,
    ``a\\.\\.b``); any other backslash is itself."""

    text: str
    alternatives: tuple[Alternative, ...]

    @property
    def exact(self) -> bool:
        return not any(a.is_range for a in self.alternatives)

    def accepts(self, value: str) -> bool:
        return any(a.accepts(value) for a in self.alternatives)


def wanted(text: str) -> Wanted:
    """The alternatives of a ``--where`` value; a QueryError for an empty alternative,
    a range without bounds or with its bounds the wrong way round."""
    pieces = _split_alternatives(text)
    if len(pieces) == 1 and not pieces[0][1] and not "".join(pieces[0][0]).strip():
        return Wanted(text, (Alternative(""),))  # key= : the empty value
    alternatives = []
    for parts, is_range in pieces:
        # the spaces around a piece are left out, but for an escaped one (`\ news`)
        bounds = [_unkept(p.strip()) for p in parts]
        if not is_range:
            if not bounds[0]:
                raise QueryError(f"where: {text!r} has an empty alternative (between commas)")
            alternatives.append(Alternative(bounds[0]))
            continue
        low, high = bounds[0] or None, bounds[1] or None
        if THREE_DOTS.search(text):
            # 1900...1949 read as 1900 .. .1949: "empty", which hid the slip
            raise QueryError(
                f"where: {text!r}: a range is LOW..HIGH with two dots (1900..1949); "
                "\\. writes a plain dot"
            )
        shown = f"{low or ''}..{high or ''}"
        if low is None and high is None:
            raise QueryError(
                f"where: the range {text!r} needs a bound (1900..1949, 1900.., ..1949)"
            )
        if low is not None and high is not None:
            _check_numberlike(shown, low, high)
        if low is not None and high is not None and _before(high, low):
            _check_mixed(shown, low, high)
            raise QueryError(f"where: the range {shown} is empty: its low bound comes first")
        alternatives.append(Alternative(shown, low, high, True))
    return Wanted(text, tuple(alternatives))


def _check_numberlike(shown: str, low: str, high: str) -> None:
    """A range of two bounds that begin with numbers whose order as text, a digit at a
    time, is not their numbers' (950s..1100s): it was "empty", which said something
    false, and 1100s..950s took what lies between as text ('1500s')."""
    if not (_numberlike(low) and _numberlike(high)):
        return
    in_order = (_leading_number(low) or 0) <= (_leading_number(high) or 0)
    if in_order == _before(high, low):
        raise QueryError(
            f"where: the range {shown} is compared as text, a digit at a time, which orders "
            f"{low!r} and {high!r} otherwise than their numbers: write both bounds as "
            "numbers (950..1199 for the 950s to the 1100s)"
        )


def _check_mixed(shown: str, low: str, high: str) -> None:
    """A range with one bound a number and the other not (x..2000, a slip): compared as
    text it takes nothing, and "empty" would hide what is wrong, so say that."""
    numbers = [bound for bound in (low, high) if _number(bound) is not None]
    if len(numbers) == 1:
        odd = high if numbers[0] == low else low
        raise QueryError(
            f"where: the range {shown}: {odd!r} is not a number, and {numbers[0]} is: write "
            f"both bounds as numbers (1900..1949), or leave one side open "
            f"({'..' + numbers[0] if numbers[0] == high else numbers[0] + '..'})"
        )


ESCAPED = ",.\\ "  # what a backslash makes plain (another backslash is itself)
# An escaped space (a tab, any white space) while a piece is read: a character of a
# private-use plane, kept where the spaces around it are left out.
KEPT = 0xF0000
THREE_DOTS = re.compile(r"(?<!\\)\.\.\.")  # 1900...1949: a slip for a range
# A value a numeric range can place though it is no number: a date or a number with
# more after it (1949-12-31, 1950s), compared as text.
NUMBER_START = re.compile(r"[+-]?\d")
LEADING_NUMBER = re.compile(r"[+-]?\d+")  # what such a value is placed by in that range
# A number with words after it apart ("500 BC", "44 BCE", "12 May 2020"): counted back,
# or a day, so no value a range of numbers places by it (500 BC was in 400..600).
WORDS_AFTER_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?\s+[^\W\d_]")
# A number whose digits go on after a comma (1,000, 12,500.50, German 3,5): one number to
# a reader, which no range places by the digits before the comma.
COMMA_NUMBER = re.compile(r"[+-]?\d+(?:,\d+)+(?:\.\d+)?\Z")
# An ISO date, a month or a day (a time may follow the day): what a range of dates orders.
ISO_DATE = re.compile(r"\d{4}-\d{2}(-\d{2}([T ].*)?)?")
# A year or a month as an exact value (date=2020-05): the dates within it are other values.
DATE_PREFIX = re.compile(r"\d{4}(-\d{2})?")


def plain_value(value: str) -> str:
    """A value written so that --where reads it as itself: its backslashes, commas and
    dots escaped, and the spaces around it (`news `, which --where reads as `news`), a
    tab or other white space as well as a space."""
    text = "".join("\\" + ch if ch in "\\,." else ch for ch in value)
    body = text.strip()
    if not body:
        return "".join("\\" + ch for ch in text)
    start, end = text.index(body), text.index(body) + len(body)
    return (
        "".join("\\" + ch for ch in text[:start]) + body + "".join("\\" + ch for ch in text[end:])
    )


def _unkept(piece: str) -> str:
    """A piece read with its escaped spaces as they were (see :data:`KEPT`)."""
    return "".join(chr(ord(c) - KEPT) if _kept(c) else c for c in piece)


def _kept(c: str) -> bool:
    return KEPT <= ord(c) <= KEPT + 0x3000 and chr(ord(c) - KEPT).isspace()


def _split_alternatives(text: str) -> list[tuple[list[str], bool]]:
    """``text`` cut at unescaped commas, each piece cut at its first unescaped ``..``:
    (its parts, whether it is a range)."""
    pieces: list[tuple[list[str], bool]] = []
    parts, current, i = [], [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and (text[i + 1] in ESCAPED or text[i + 1].isspace()):
            escaped = text[i + 1]
            current.append(chr(KEPT + ord(escaped)) if escaped.isspace() else escaped)
            i += 2
            continue
        if ch == ",":
            pieces.append(([*parts, "".join(current)], bool(parts)))
            parts, current = [], []
        elif text.startswith("..", i) and not parts:
            parts, current = ["".join(current)], []
            i += 2
            continue
        else:
            current.append(ch)
        i += 1
    pieces.append(([*parts, "".join(current)], bool(parts)))
    return pieces


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _leading_number(value: str) -> float | None:
    """The whole number a value that is no number begins with ("1999/2000": 1999,
    "1950s": 1950, "1949-12-31": 1949, digits in any script), or None ("n.d.")."""
    if not placeable(value):
        return None
    return float(LEADING_NUMBER.match(value_key(value)).group())


def placeable(value: str) -> bool:
    """Whether a range of numbers places ``value`` by the number it begins with: not
    "n.d.", nor "500 BC", whose words after the number count it back (pass 37h), nor
    "1,000" or "3,5", whose number goes on after its comma (placed by 1 and 3, price=12..
    left out a price of 1,000 and rating=0.. took it, unsaid, pass 40h)."""
    key = value_key(value)
    return (
        bool(NUMBER_START.match(value))
        and not WORDS_AFTER_NUMBER.match(key)
        and not COMMA_NUMBER.match(key)
    )


def _placed(value: str) -> float | None:
    """Where a range of numbers places a value: its number, or the one it begins with."""
    number = _number(value)
    return _leading_number(value) if number is None else number


def _before(high: str, low: str) -> bool:
    """Whether a range's ``high`` bound comes before its ``low`` one (so that it takes
    nothing): as numbers when both are, else as text, where a high bound takes every
    value it begins."""
    x, y = _number(high), _number(low)
    if x is not None and y is not None:
        return x < y
    high, low = value_key(high), value_key(low)
    return high < low and not low.startswith(high)


# -- reading fields and values (also on an index whose table does not cover them all) --


def _covered(handles: Handles, conn: Connection, empty_lists_held: bool = False) -> bool:
    """Whether the fields table covers every document: both maxima read in one
    statement, since a removal of the newest documents committed between two made the
    table look behind (and a field's values empty: pass 29a); and holds no empty list
    as a value "[]" (unless ``empty_lists_held``: a read that such a row cannot mislead).
    """
    if not database.has_table(handles.engine, "document_fields"):
        return False
    last_document = select(func.max(schema.documents.c.id)).scalar_subquery()
    last_covered = select(func.max(schema.document_fields.c.doc_id)).scalar_subquery()
    last, covered = conn.execute(select(last_document, last_covered)).one()
    if int(covered or 0) < int(last or 0):
        return False
    return empty_lists_held or not _holds_empty_lists(conn)


def _holds_empty_lists(conn: Connection) -> bool:
    """Whether some field has a value "[]" stored: an empty list, in an index made before
    an empty list was no value and opened read-only since (m012 forgets them on an open
    for writing), whose info and freq --by showed "[]" where a count by the field read
    it as (none) (pass 40g); its documents' own fields are read instead, as they are
    where the table is behind. One index seek a field; a text "[]" (rare) is read so too.
    """
    query = "SELECT 1 FROM document_fields WHERE field = ? AND value = '[]' LIMIT 1"
    return any(run(conn, query, (field,)).first() for field in _field_names(conn))


def field_names(handles: Handles) -> list[str]:
    """The metadata fields some document has, sorted."""
    with handles.engine.connect() as conn:
        if _covered(handles, conn):
            return _field_names(conn)
        expand, _value = _expanded(conn)
        rows = run(conn, f"SELECT DISTINCT j.key FROM documents d, {expand} ORDER BY j.key")
        return [str(r[0]) for r in rows.fetchall()]


def documents_with_values(handles: Handles, field: str) -> tuple[np.ndarray, list[str]]:
    """Every document that has a value of ``field``: their row ids and values (text, as
    ``--where`` compares them and a count by the field shows them), read from the
    documents themselves where the fields table does not cover them all."""
    with handles.engine.connect() as conn:
        if _covered(handles, conn):
            sql = "SELECT doc_id, value FROM document_fields WHERE field = ? AND value IS NOT NULL"
        else:
            expand, value = _expanded(conn)
            sql = (
                f"SELECT d.id, {value} FROM documents d, {expand}"
                f" WHERE j.key = ? AND {value} IS NOT NULL"
            )
        rows = run(conn, sql, (field,)).fetchall()
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    return ids, [str(r[1]) for r in rows]


def values_of(handles: Handles, field: str, limit: int | None = None) -> list[str]:
    """The distinct values of ``field`` as ``--where`` compares them (text), in text
    order; the first ``limit`` when given."""
    with handles.engine.connect() as conn:
        return _values(handles, conn, field, limit)


def _values(handles: Handles, conn: Connection, field: str, limit: int | None) -> list[str]:
    if _covered(handles, conn):
        return _distinct_values(conn, field, limit)
    expand, value = _expanded(conn)
    cap = "" if limit is None else f" LIMIT {int(limit)}"
    rows = run(
        conn,
        f"SELECT DISTINCT {value} FROM documents d, {expand}"
        f" WHERE j.key = ? AND {value} IS NOT NULL ORDER BY 1{cap}",
        (field,),
    ).fetchall()
    return [str(r[0]) for r in rows]


def _expanded(conn: Connection) -> tuple[str, str]:
    """Each document's fields as rows ``j`` (``j.key``), and their value as text: what
    value_text makes of a scalar (an array or object is the backend's JSON text)."""
    if is_postgres(conn):
        # (an empty list is no value, as value_text has it)
        return "json_each_text(d.meta) AS j", "NULLIF(j.value, '[]')"
    return "json_each(d.meta) AS j", SQLITE_VALUE_TEXT


# A JSON value as text on SQLite as PostgreSQL's json_each_text gives it: json_each's
# value of a boolean is 1 or 0, which would make `--where translated=true` match on one
# backend only (and a count by the field show 1 and 0).
SQLITE_VALUE_TEXT = (
    "CASE j.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false'"
    " WHEN 'array' THEN NULLIF(CAST(j.value AS TEXT), '[]') ELSE CAST(j.value AS TEXT) END"
)


def accepted_values(handles: Handles, key: str, text: str) -> list[str]:
    """The stored values of the field ``key`` names that the ``--where`` value ``text``
    takes (for a filter that reads the documents table)."""
    asked = wanted(text)
    if asked.exact:
        return [a.text for a in asked.alternatives]
    return [v for v in values_of(handles, field_name(key)) if asked.accepts(v)]


def numberless_notes(
    handles: Handles,
    where: Sequence[tuple[str, str]],
    within: Sequence[tuple[str, str]] = (),
    docs: Sequence[str] = (),
    groups: Sequence[tuple[str, str]] = (),
    among: np.ndarray | None = None,
) -> list[str]:
    """A note for each ``--where`` condition (and pattern's ``within`` clause, the same
    filter) with a range of numbers on a field some of whose values are no number
    ("c. 1900", "unknown"): no range of numbers takes them, so their documents are left
    out, which a user counting what falls before 1985 is told (nothing when the fields
    table does not cover every document); and for each exact value that some documents
    write in another case (genre=news beside 'News', from another source): values are
    matched as written, so those documents are left out too. Each counts among the
    documents the other conditions, ``docs`` and ``among`` (those a pattern's tests of
    metadata keep) keep."""
    notes = []
    lang = text_language(handles.manifest)
    conditions = [(key, text, False) for key, text in where]
    conditions += [(key, text, True) for key, text in within]
    pairs = [(key, text) for key, text, _ in conditions]
    kept_by_others = _kept_by_the_others(pairs, handles, docs, groups, among)
    conditions += [(key, text, False) for key, text in groups]
    with handles.engine.connect() as conn:
        if not _covered(handles, conn, empty_lists_held=True):  # ("[]" has no case, no number)
            return []
        last = conn.execute(select(func.max(schema.documents.c.id))).scalar() or 0
        for (key, text, clause), among in zip(conditions, kept_by_others, strict=True):
            asked = wanted(text)
            field = field_name(key)
            if asked.exact:
                values = _field_values(handles, conn, last, field)
                keys = {case_key(a.text, lang) for a in asked.alternatives}
                other_case = [
                    v for v in values if not asked.accepts(v) and case_key(v, lang) in keys
                ]
                if other_case:
                    named = condition_text(key, text, clause)
                    notes.append(
                        _other_spelling_note(conn, named, field, other_case, "case", clause, among)
                    )
                other = _other_spellings(asked, values, lang)
                for kind in ("spaces", "number", "within"):
                    some = [v for v, how in other if how == kind]
                    if some:
                        named = condition_text(key, text, clause)
                        note = _other_spelling_note(conn, named, field, some, kind, clause, among)
                        notes.append(note)
                continue
            if not any(a.numeric_range for a in asked.alternatives):
                if any(a.date_range for a in asked.alternatives):
                    values = _field_values(handles, conn, last, field)
                    # '2020', 'May 2020', '2020-5-1': compared as text, no date range
                    # of ISO dates takes them (2020 comes before 2020-01-01)
                    # (a list's items are its values: a list of dates is compared so)
                    odd = [
                        v
                        for v in values
                        if not all(ISO_DATE.match(item) for item in list_items(v) or (v,))
                    ]
                    named = condition_text(key, text, clause)
                    for taken in (False, True):
                        # taken by a date of its list, not by the text: not named taken
                        some = [
                            v
                            for v in odd
                            if asked.accepts(v) == taken
                            and not (taken and _taken_by_a_date(asked, v))
                        ]
                        if some:
                            notes.append(_dateless_note(conn, named, field, some, taken, among))
                else:
                    notes += _text_range_case_notes(conn, handles, last, (key, text, clause), among)
                continue
            values = _field_values(handles, conn, last, field)
            # No number as the range reads one (float: " 1991" is 1991), nor a text
            # beginning with one (compared as text): a value no range of numbers takes.
            # A list's items are its values: named when none is a number ('["1920",
            # "1930"]' was "no number", though 1900..1949 takes it by its items).
            skipped = [
                v
                for v in values
                if not asked.accepts(v)
                and not any(
                    _number(item) is not None or placeable(item) for item in list_items(v) or (v,)
                )
            ]
            if skipped:
                named = condition_text(key, text, clause)
                notes.append(_numberless_note(conn, named, field, skipped, among))
    # (a note whose documents the other conditions all leave out is none: "")
    return [note for note in notes if note]


def _kept_by_the_others(
    conditions: Sequence[tuple[str, str]],
    handles: Handles,
    docs: Sequence[str] = (),
    groups: Sequence[tuple[str, str]] = (),
    among: np.ndarray | None = None,
) -> list[np.ndarray | None]:
    """For each condition, then for each of ``groups`` more, the documents every other
    condition and ``docs`` (--doc ids) keep (None: there is no other filter), among
    which its note counts what it leaves out: `genre=letter` beside `year=1850..1855`
    said it left out all 30 'Letter' documents of the index, none of which was in
    1850..1855 (pass 40i). A group (a period of `change`) is a subcorpus of its own:
    neither the conditions nor the other groups are read as having to hold it.
    ``among``: the documents a pattern's tests of metadata keep (`[rating="1.0"]`), the
    only ones it can match in (pass 40k)."""
    named = _documents_named(handles, docs) if docs else None
    if among is not None:
        named = among if named is None else np.intersect1d(named, among)
    every = documents_where(handles, conditions, named) if conditions else named
    if groups:  # a condition's note counts the documents of either group: `change
        # --where genre=letter` of 1850s and 1860s counted the 'Letter' of 1880 (pass 40k)
        pieces = [documents_where(handles, [group], named) for group in groups]
        named = np.unique(np.concatenate(pieces))
    kept: list[np.ndarray | None] = []
    for i in range(len(conditions)):
        others = [*conditions[:i], *conditions[i + 1 :]]
        kept.append(documents_where(handles, others, named) if others else named)
    return kept + [every] * len(groups)


def _documents_named(handles: Handles, docs: Sequence[str]) -> np.ndarray:
    """The row ids (ascending) of the documents these --doc ids name (as typed, composed
    or decomposed)."""
    d = schema.documents
    typed = list(dict.fromkeys(text for doc in docs for text in spellings(doc)))
    with handles.engine.connect() as conn:
        rows = conn.execute(select(d.c.id).where(d.c.ext_id.in_(typed))).fetchall()
    return np.array(sorted(row[0] for row in rows), dtype=np.int64)


def _text_range_case_notes(
    conn: Connection,
    handles: Handles,
    last: int,
    condition: tuple[str, str, bool],
    among: np.ndarray | None = None,
) -> list[str]:
    """The note of a range of texts (genre=a..z) that leaves out a value only in another
    case than one it takes ('News' beside news: compared as text, N comes before a; or
    'Fiction', which a..z takes as fiction), as an exact value's note says it; such a
    range left them out unsaid (pass 38k)."""
    key, text, clause = condition
    asked, field = wanted(text), field_name(key)
    lang = text_language(handles.manifest)
    values = _field_values(handles, conn, last, field)
    taken = {case_key(v, lang) for v in values if asked.accepts(v)}
    # a value the range takes written in another case ('Fiction': fiction is in a..z),
    # though no document has it so: named too (pass 38n: a..z named 'News' beside news
    # but not 'Fiction', and said a..z,News took the rest)
    other_case = [
        v
        for v in values
        if not asked.accepts(v)
        and (
            case_key(v, lang) in taken
            or any(asked.accepts(c) for c in (v.lower(), v.upper(), v.capitalize()))
        )
    ]
    if not other_case:
        return []
    named = condition_text(key, text, clause)
    return [_other_spelling_note(conn, named, field, other_case, "case", clause, among)]


def _taken_by_a_date(asked: Wanted, value: str) -> bool:
    """Whether an item of a list ``value`` written YYYY-MM(-DD) is one ``asked`` takes
    (``["2020","2020-02-02"]`` in ``2020-02..`` by its date, whatever its ``2020``)."""
    return any(ISO_DATE.match(item) and asked.accepts(item) for item in list_items(value))


def case_key(text: str, lang: str | None) -> str:
    """How a value is compared with another case of it: case-folded, a capital İ as i
    (İZMİR is izmir, which casefold made i + a dot); on a Turkish or Azerbaijani index
    I as ı (KIR is kır there, not kir)."""
    if lang in DOTLESS_I_LANGUAGES:
        return turkish_case(text)
    return undotted(composed(text).casefold())


def _other_spellings(asked: Wanted, values: list[str], lang: str | None) -> list[tuple[str, str]]:
    """The values an exact ``asked`` leaves out that are one it asks for to a reader but
    for the spaces around them (' news', 'news ' beside news: "spaces") or the same
    number written otherwise (a text '1999.0' beside 1999: "number"), in any case: the
    other-case note names those only in another case."""
    keys = {case_key(a.text, lang) for a in asked.alternatives}
    spaced = {case_key(a.text.strip(), lang) for a in asked.alternatives}
    numbers = {_number(a.text) for a in asked.alternatives} - {None}
    periods = tuple(
        value_key(a.text) + "-" for a in asked.alternatives if DATE_PREFIX.fullmatch(a.text)
    )
    found = []
    for v in values:
        if asked.accepts(v) or case_key(v, lang) in keys:
            continue
        if case_key(v.strip(), lang) in spaced:
            found.append((v, "spaces"))
        elif _number(v.strip()) in numbers:
            found.append((v, "number"))
        elif periods and value_key(v).startswith(periods) and ISO_DATE.fullmatch(v):
            found.append((v, "within"))
    return found


def _other_spelling_note(
    conn: Connection,
    named: str,
    field: str,
    other: list[str],
    kind: str,
    clause: bool,
    among: np.ndarray | None = None,
) -> str:
    """What ``named`` leaves out: the documents (``among`` those the other conditions
    keep) whose value is one of ``other``, the same as one asked for in another case,
    but for the spaces around it, or the same number written otherwise (``kind``), and
    (unless ``clause``) the condition that takes them; "" when there is none."""
    n, other = _held_among(conn, field, other, among)
    if not n:
        return ""
    # a value written composed and decomposed once, as --where reads it ('Zürich' twice)
    distinct = list(dict.fromkeys(composed(v) for v in other))
    shown = ", ".join(repr(v) for v in distinct[:3]) + (", …" if len(distinct) > 3 else "")
    one = n == 1
    also = (
        ""
        if clause
        # every value, not the three shown: the condition takes all n documents
        else f": {named},{','.join(plain_value(v) for v in distinct)} takes "
        f"{'it' if one else 'them'} too"
    )
    period = named.rpartition("=")[2]
    if kind == "within" and not clause:  # a range of the period takes every date in it
        also = (
            f": a range, {named}..{period}, takes every date within it"
            if DATE_PREFIX.fullmatch(period)
            else ": a range (2020-05..2020-05) takes every date within a year or month"
        )
    how = {
        "case": "the same in another case",
        "spaces": "the same but for the spaces around it",
        "number": "the same number written otherwise",
        "within": "a date within the year or month asked for",
    }[kind]
    return (
        f"{named} leaves out {n:,} document{'' if one else 's'} whose {field} is {shown}, "
        f"{how} (values are matched as written){also}"
    )


def _held_among(
    conn: Connection, field: str, values: list[str], among: np.ndarray | None
) -> tuple[int, list[str]]:
    """How many documents (``among`` these, when given) have one of ``values`` of
    ``field``, and those of ``values`` they have (in their order): what a note names."""
    if among is None:
        return len(_with_values(conn, field, values)), values
    rows = _values_among(conn, field, among)
    wanted_values = set(values)
    held = [(doc, value) for doc, value in rows if value in wanted_values]
    present = {value for _, value in held}
    return len({doc for doc, _ in held}), [v for v in values if v in present]


def _dateless_note(
    conn: Connection,
    named: str,
    field: str,
    odd: list[str],
    taken: bool,
    among: np.ndarray | None = None,
) -> str:
    n, odd = _held_among(conn, field, odd, among)
    if not n:
        return ""
    shown = ", ".join(repr(v) for v in odd[:3]) + (", …" if len(odd) > 3 else "")
    one = n == 1
    return (
        f"{named} {'takes' if taken else 'leaves out'} {n:,} document{'' if one else 's'} "
        f"whose {field} is no date written YYYY-MM or YYYY-MM-DD ({shown}): a range of "
        f"dates compares {'it' if one else 'them'} as text"
    )


def _numberless_note(
    conn: Connection, named: str, field: str, skipped: list[str], among: np.ndarray | None = None
) -> str:
    n, skipped = _held_among(conn, field, skipped, among)
    if not n:
        return ""
    shown = ", ".join(repr(v) for v in skipped[:3]) + (", …" if len(skipped) > 3 else "")
    one = n == 1
    return (
        f"{named} leaves out {n:,} document{'' if one else 's'} whose {field} "
        f"is no number ({shown}): no range of numbers takes "
        f"{'it' if one else 'them'}{_comma_number_why(skipped)}"
    )


def _comma_number_why(values: Sequence[str]) -> str:
    """Why a number written with a comma is none a range reads, when one is among
    ``values``: a comma may part thousands (1,000) or a fraction (3,5)."""
    if not any(COMMA_NUMBER.match(value_key(v)) for v in values):
        return ""
    return " (a range reads a number with no comma in it, such as 1000 or 3.5)"


# -- saying why a filter matches nothing ------------------------------------------------

# Values read to suggest the nearest ones to a value no document has.
SUGGEST_FROM = 10_000


def check_where(handles: Handles, where: Sequence[tuple[str, str]], within: bool = False) -> None:
    """A QueryError, in one line, when a ``--where`` condition cannot match because of
    how it is written: a field no document has (the message lists the index's fields),
    or an alternative no document's value satisfies (with the nearest values). A
    condition that matches some documents passes, even if it leaves no hit.
    ``within``: the conditions are a CQL pattern's ``within FIELD="VALUE"`` clauses,
    which the messages name as written there."""
    if not where:
        return
    with handles.engine.connect() as conn:
        covered = _covered(handles, conn)
        for key, text in where:
            named = condition_text(key, text, within)
            asked = _wanted_in(named, text)
            field = field_name(key)
            if not _field_present(handles, conn, field, covered):
                known = _field_list(handles, conn)
                raise QueryError(_unknown_field(named, key, field, known))
            _check_read_as_written(handles, conn, named, key, text, asked, covered, within)
            for alternative in asked.alternatives:
                if alternative.is_range:
                    _check_bounds(handles, conn, named, field, alternative)
                if not _satisfied(handles, conn, field, alternative, covered):
                    read = _values(handles, conn, field, SUGGEST_FROM)
                    values = _each_item(read)
                    commonest = _commonest_first(handles, conn, field, values)
                    every = _every_value(handles, conn, field, alternative, read)
                    raise QueryError(
                        _nothing_has(
                            named, key, text, field, alternative, values, within, commonest,
                            every,
                        )
                    )  # fmt: skip


def _every_value(
    handles: Handles, conn: Connection, field: str, alternative: Alternative, read: list[str]
) -> list[str] | None:
    """Every value of ``field``, for a range's span or the range a comparison
    (``>3``) is, when the values read to suggest from are the first in text order alone:
    read from those, `score=<5` over scores 1 to 4.6 was hinted as score=..3.9997, which
    left out 2,000 of 12,000 documents, and a range said the values ran to 3.9997 (pass
    40h); None when those are every value, or the hint needs no span."""
    if len(read) < SUGGEST_FROM:
        return None
    if not alternative.is_range and not _COMPARED.fullmatch(alternative.text):
        return None
    return _each_item(_values(handles, conn, field, None))


def commonest_first(handles: Handles, field: str, values: Sequence[str]) -> list[str]:
    """``values`` of ``field`` ordered by how many documents hold each, most first (ties
    as given): the order the nearest values to a value no document has are offered in,
    as nearest_values reads it."""
    with handles.engine.connect() as conn:
        return _commonest_first(handles, conn, field, values)


def _commonest_first(
    handles: Handles, conn: Connection, field: str, values: Sequence[str]
) -> list[str]:
    if len(values) >= DESCRIBE_FROM:  # (counted each as one there: text order kept)
        return list(values)
    counts = _item_counts(_value_counts(handles, conn, field, _covered(handles, conn)))
    return sorted(values, key=lambda value: -counts.get(value_key(value), 0))


def _each_item(values: Sequence[str]) -> list[str]:
    """Values as a message suggests them: a list's items (``["news","sport"]``: news,
    sport), each once, as --where takes them; it suggested '["finance"]' for Finance."""
    return sorted({item for v in values for item in (list_items(v) or (v,))})


def _check_read_as_written(
    handles: Handles,
    conn: Connection,
    named: str,
    key: str,
    text: str,
    asked: Wanted,
    covered: bool,
    within: bool,
) -> None:
    """Refuse a value that reads as a range or alternatives while the text itself is one
    of the field's values (genre=news..old where "news..old" is a genre): the range
    took that value and "news" besides, silently; either could be meant, so the message
    says how to write each."""
    if len(asked.alternatives) == 1 and asked.exact:
        return
    whole = text.replace("\\", "")
    field = field_name(key)
    if not _satisfied(handles, conn, field, Alternative(whole), covered):
        return
    if asked.exact:
        reading = "the alternatives " + ", ".join(repr(a.text) for a in asked.alternatives)
    else:
        reading = "the range" if len(asked.alternatives) == 1 else "alternatives and a range"
        reading += " " + ", ".join(a.text for a in asked.alternatives)
    escaped = text.replace(",", "\\,").replace("..", "\\.\\.")
    written = f"write {condition_text(key, escaped, within).removeprefix('where ')} for it"
    if "\\" not in text:  # spaces around , and .. keep the reading, not the value
        spaced = re.sub(r" *(,|\.\.) *", r" \1 ", text)
        written += f", {condition_text(key, spaced, within).removeprefix('where ')} for {reading}"
    raise QueryError(
        f"{named}: {whole!r} is a value of {field}, but this reads as {reading} (a comma "
        f"separates alternatives, .. makes a range): {written}"
    )


def condition_text(key: str, text: str, within: bool = False) -> str:
    """How a message names a metadata condition: ``where genre=news`` as --where (and
    the library's and web's where) give it, ``within genre="news"`` as a pattern does."""
    return f'within {key}="{text}"' if within else f"where {key}={text}"


def _wanted_in(named: str, text: str) -> Wanted:
    """:func:`wanted`, its mistakes naming the condition as written (``wanted`` itself
    knows only the value, and says ``where:``)."""
    try:
        return wanted(text)
    except QueryError as exc:
        raise QueryError(f"{named}: {str(exc).removeprefix('where: ')}") from None


def _check_bounds(
    handles: Handles, conn: Connection, named: str, field: str, alternative: Alternative
) -> None:
    """A range over a field whose values are all numbers, with a bound that is not one
    (1950..x), would be read as text and take nearly everything: refused instead. So is
    one over a field of numbers and some texts ('n.d.') with a bound that begins with a
    number but is none (1950s..1960s, not an ISO date): compared as text, a digit at a
    time, it took 1951 to 1957 but not 1950 or 1965, and 1980s.. took 'n.d.', unsaid."""
    bounds = [b for b in (alternative.low, alternative.high) if b is not None]
    if all(_number(b) is not None for b in bounds):
        return
    values = _values(handles, conn, field, SUGGEST_FROM)
    numbers = [v for v in values if _number(v) is not None]
    if values and len(numbers) == len(values):
        odd = next(b for b in bounds if _number(b) is None)
        raise QueryError(
            f"{named}: {field}'s values are numbers and {odd!r} is not one: "
            "write both bounds as numbers (1900..1949), or one side open (1950..)"
        )
    placed = [v for v in values if _placed(v) is not None]  # 1500, and 950s, 1999/2000
    if values and not placed:
        _check_number_bound(named, field, alternative, _each_item(values))
    if 2 * len(placed) > len(values):
        _check_word_bound(named, field, alternative, _each_item(values))
    odd = next((b for b in bounds if _number(b) is None and _numberlike(b)), None)
    if numbers and odd is not None:
        raise QueryError(
            f"{named}: {odd!r} begins with a number but is none, so the range would compare "
            f"{field}'s values, numbers among them, as text, a digit at a time: write both "
            "bounds as numbers (1950..1969 for the 1950s and 1960s), or one side open (1950..)"
        )
    if odd is not None and all(NUMBER_START.match(b) for b in bounds):
        _check_text_order(named, field, odd, alternative, _each_item(values))


def _check_word_bound(
    named: str, field: str, alternative: Alternative, values: Sequence[str]
) -> None:
    """A range with a number for one bound and a word for the other (1950..present), or
    a word for its one bound (..present), over a field mostly of numbers, beside some
    texts ('n.d.'): compared as text, it took 'n.d.' (n comes before p), unsaid, where a
    field of numbers alone refuses it."""
    low, high = alternative.low, alternative.high
    # an ISO date is such a bound too: 2020-05..present took 'n.d.' as 2020..present did
    number = next((b for b in (low, high) if b is not None and _placed_bound(b)), None)
    word = next((b for b in (low, high) if b is not None and not NUMBER_START.match(b)), None)
    if word is None or (number is None and None not in (low, high)):
        return  # a range of two words (a..m) is one of text
    # the numbers' own range (1950..): what the text range takes beyond it is said
    span = Alternative("", *(b if b == number else None for b in (low, high)), True)
    texts = [v for v in values if _placed(v) is None]
    # (a range of dates is one of text: the texts it takes are those it takes)
    taken = [v for v in values if alternative.accepts(v) and (v in texts or not span.accepts(v))]
    dated = [v for v in values if ISO_DATE.fullmatch(value_key(v))]  # 2020-05..present
    dates = (number is not None and _number(number) is None) or 2 * len(dated) > len(values)
    kind, example = ("dates", "2020-01..2020-06") if dates else ("numbers", "1900..1949")
    what = f"are {kind} but for {_listed(texts)}" if texts else f"begin with {kind}"
    said = f", which takes {_listed(taken)}" if taken else ""
    opened = "2020-01.." if dates else "1950.."
    side = opened if number is None else f"{number}.." if number == low else f"..{number}"
    raise QueryError(
        f"{named}: {field}'s values {what}, and {word!r} is not one, so the range would "
        f"compare them as text, a digit at a time{said}: write both bounds as {kind} "
        f"({example}), or one side open ({side})"
    )


def _check_number_bound(
    named: str, field: str, alternative: Alternative, values: Sequence[str]
) -> None:
    """A range with a number for one bound and a word for the other (1950..present)
    over a field of words alone (early, late): compared as text, the number comes before
    every letter, and it took 'early' and 'late', unsaid (pass 37o)."""
    number = next((b for b in (alternative.low, alternative.high) if b and _placed_bound(b)), None)
    if number is None or None in (alternative.low, alternative.high):
        return  # (a range of words is one of text; 1950.. over words says it takes none)
    taken = [v for v in values if alternative.accepts(v)]
    said = f", which takes {_listed(taken)}" if taken else ""
    raise QueryError(
        f"{named}: {field}'s values are no numbers ({_listed(values)}), and {number!r} "
        f"is one, so the range would compare them with it as text{said}: write both "
        "bounds as words (a..m)"
    )


def _placed_bound(bound: str) -> bool:
    """Whether a range's bound is a number or an ISO date (2020-05), which a range over
    a field of numbers or dates places its values by."""
    return _number(bound) is not None or ISO_DATE.fullmatch(value_key(bound)) is not None


def _listed(values: Sequence[str]) -> str:
    """The first three values, quoted, as a message names them."""
    return ", ".join(map(repr, values[:3])) + (" …" if len(values) > 3 else "")


def _check_text_order(
    named: str, field: str, odd: str, alternative: Alternative, values: Sequence[str]
) -> None:
    """A range with a bound like 1950s over a field of such texts alone ('950s', '1100s',
    'n.d.') is compared as text, a digit at a time: 950s.. took 'n.d.' and left out
    '1100s', ..1960s left out '950s', unsaid (pass 37h). Refused where that takes other
    values than the range of the numbers the bounds begin with, which places each value
    by the number it begins with; answered as text where both take the same."""
    bounds = (alternative.low, alternative.high)
    low, high = (None if b is None else _leading_number(b) for b in bounds)
    placed = Alternative("", _shown_bound(low), _shown_bound(high), True)
    taken = [v for v in values if alternative.accepts(v) and not placed.accepts(v)]
    # one placed at a bound's own number may be left out by the text's finer order
    # (2020/01/14 by 2020/05..2020/12, dates written with slashes): not said
    missed = [
        v
        for v in values
        if placed.accepts(v) and not alternative.accepts(v) and _placed(v) not in (low, high)
    ]
    if not taken and not missed:
        return
    said = " and ".join(
        f"{what} {', '.join(map(repr, listed[:3]))}{' …' if len(listed) > 3 else ''}"
        for what, listed in (("takes", taken), ("leaves out", missed))
        if listed
    )
    raise QueryError(
        f"{named}: {odd!r} begins with a number but is none, so the range compares "
        f"{field}'s values as text, a digit at a time, which {said}: write the bounds as "
        f"numbers ({placed.low or ''}..{placed.high or ''}), which place each value by "
        "the number it begins with"
    )


def _shown_bound(number: float | None) -> str | None:
    """A bound's leading number as a range's bound is written (950, not 950.0)."""
    return None if number is None else _shown_number(number)


def _numberlike(bound: str) -> bool:
    """Whether a range's bound begins with a number and is no ISO date (1950s,
    1999/2000), which a range of dates (2020-01..2020-06) takes as it is written."""
    return bool(NUMBER_START.match(bound)) and not ISO_DATE.fullmatch(value_key(bound))


def _field_present(handles: Handles, conn: Connection, field: str, covered: bool) -> bool:
    """Whether some document has the field."""
    if covered:
        query = "SELECT 1 FROM document_fields WHERE field = ? LIMIT 1"
        return run(conn, query, (field,)).first() is not None
    return field in field_names(handles)


def _field_list(handles: Handles, conn: Connection) -> list[str]:
    return _field_names(conn) if _covered(handles, conn) else field_names(handles)


def _satisfied(
    handles: Handles, conn: Connection, field: str, alternative: Alternative, covered: bool
) -> bool:
    """Whether some document's value of ``field`` is one the alternative takes."""
    if not covered:
        return any(alternative.accepts(v) for v in _values(handles, conn, field, None))
    last = covered_until(conn)
    if not alternative.is_range:
        taken = alternative.spellings
        query = (
            "SELECT 1 FROM document_fields WHERE field = ? "
            f"AND value IN ({', '.join('?' * len(taken))}) LIMIT 1"
        )
        if run(conn, query, (field, *taken)).first() is not None:
            return True
        return bool(_lists_taking(handles, conn, last, field, Wanted("", (alternative,))))
    return any(map(alternative.accepts, _field_values(handles, conn, last, field)))


def _unknown_field(named: str, key: str, field: str, known: Sequence[str]) -> str:
    fields = ", ".join(known[:30]) + (" …" if len(known) > 30 else "")
    listed = f"its fields: {fields}" if known else "its documents have no metadata fields"
    hint = ""
    if field in ("doc", "id"):
        hint = "; a document id is --doc ID"
    elif not key.startswith(META_PREFIX):
        hint = case_hint(field, known)
    return f"{named}: no document has a metadata field {field!r} ({listed}){hint}"


def case_hint(field: str, known: Sequence[str]) -> str:
    """``; field names are case-sensitive: genre`` for a field named in another case
    than the index's (every message about an unknown field says it, as --where's does);
    "" otherwise."""
    keys = {case_key(field, None), case_key(field, "tr")}  # YIL for yıl, as Turkish pairs I
    match = next((k for k in known if k != field and case_key(k, None) in keys), None)
    if match is None:
        match = next((k for k in known if k != field and case_key(k, "tr") in keys), None)
    return "" if match is None else f"; field names are case-sensitive: {match}"


def _nothing_has(
    named: str,
    key: str,
    text: str,
    field: str,
    alternative: Alternative,
    values: Sequence[str],
    within: bool = False,
    commonest: Sequence[str] | None = None,
    every: Sequence[str] | None = None,
) -> str:
    head = f"{named}: 0 documents have"
    if alternative.is_range:
        span = _span(alternative, values if every is None else every)
        return f"{head} {field} in {alternative.text} (its values run from {span})"
    # (commonest first: 'News' of 1 document was offered before 'news' of 300, pass 40d)
    nearest = nearest_values(alternative.text, values if commonest is None else commonest)
    if "," in text or ".." in text:
        # The whole text is a value: it was read as alternatives or a range.
        whole = text.replace("\\", "")
        if whole in values:
            escaped = text.replace(",", "\\,").replace("..", "\\.\\.")
            return (
                f"{head} {field} {alternative.text!r}; {whole!r} is a value: a comma "
                "separates alternatives and .. makes a range, so write "
                f"{condition_text(key, escaped, within).removeprefix('where ')}"
            )
    hint = (
        _empty_list_hint(field, alternative.text)
        or _number_hint(key, text, values, within)
        or _range_hint(key, alternative.text, values if every is None else every, within)
        or _period_hint(key, alternative.text, values, within)
        or _plain_item_hint(key, text, within)
        or _alternatives_hint(key, text, alternative.text, values, within)
        or _regex_hint(key, alternative.text, values, within)
    )
    if nearest:
        listed = ", ".join(map(repr, nearest))
        return f"{head} {field} {alternative.text!r} (nearest: {listed}){hint}"
    # a value written composed and decomposed once ('Nëws' is one value, as --where reads it)
    distinct = list(dict.fromkeys(composed(v) for v in values))
    some = ", ".join(map(repr, distinct[:8])) + (" …" if len(distinct) > 8 else "")
    return f"{head} {field} {alternative.text!r} (its values: {some or 'none'}){hint}"


def _empty_list_hint(field: str, value: str) -> str:
    """Why ``--where topics=[]`` takes no document, where the input gave some ``[]``: an
    empty list is no value, as null is (value_text); "0 documents have topics '[]'" was
    said alone of a file holding 15, as the README still said it took them (pass 40g)."""
    if value.strip() != "[]":
        return ""
    return (
        f"; an empty list is no value, as null is: documents whose {field} is [] are "
        f"counted under (none), with those without {field} and those whose {field} is null"
    )


# 1950-1969, 1950–1969, 1950:1969: a range as other tools write it, a value to sensegrep.
_OTHER_RANGE = re.compile(r"\s*(\d+)\s*(?:-|–|—|:|/|to)\s*(\d+)\s*")


def _plain_item_hint(key: str, text: str, within: bool) -> str:
    """A value whose commas or dots are escaped, as request.py writes each item of a
    list (``{"year": ["1955..1960"]}`` is the value '1955..1960', not the range): how to
    ask for the range or the alternatives instead; "" for any other value."""
    if "\\.\\." not in text and "\\," not in text:
        return ""
    bare = condition_text(key, text.replace("\\,", ",").replace("\\.", "."), within)
    return (
        "; an escaped comma or dots, as each item of a list is read, are plain: for "
        f"alternatives or a range write {bare.removeprefix('where ')} (in the library and "
        "--queries, as one string)"
    )


# news;letters, news|letters, news / letters, news or letters: alternatives as other
# tools (and the search page's Document and Other filters boxes, by ;) write them.
_OTHER_ALTERNATIVES = re.compile(r"\s*(?:;|\||/|\s+or\s+)\s*", re.IGNORECASE)  # OR too


def _alternatives_hint(key: str, text: str, value: str, values: Sequence[str], within: bool) -> str:
    """``; alternatives are separated by commas: genre=news,letters`` for a condition of
    one value (``text``, no comma) that no document has, whose parts, split where other
    tools separate alternatives, are each a value some document has; "" else."""
    parts = _OTHER_ALTERNATIVES.split(value)
    known = {value_key(v) for v in values}
    if "," in text or len(parts) < 2 or not all(p and value_key(p) in known for p in parts):
        return ""
    written = condition_text(key, ",".join(parts), within).removeprefix("where ")
    return f"; alternatives are separated by commas: {written}"


# A value written as a regular expression, as a token's test ([genre="n.*"]) reads it.
_REGEX_MARKS = re.compile(r"[.*+?\[\]()^$\\{}]")


def _regex_hint(key: str, value: str, values: Sequence[str], within: bool) -> str:
    """``; a value is matched as written, not as a regular expression …: within
    genre="news"`` for a value written as one (``n.*``) that takes some of the field's
    values read so, as CQP users write it: `within genre="n.*"` said only that no
    document has genre 'n.*' (pass 38i); "" else."""
    if not _REGEX_MARKS.search(value):
        return ""
    import re2

    options = re2.Options()
    options.log_errors = False
    try:
        regex = re2.compile(value, options)
    except re2.error:
        return ""
    taken = [v for v in dict.fromkeys(values) if regex.fullmatch(v)]
    if not taken or any("," in v or ".." in v for v in taken):
        return ""
    test = f'[{key}="{value}"]'
    written = condition_text(key, ",".join(taken), within).removeprefix("where ")
    return (
        f"; a value is matched as written, not as a regular expression (as {test} on a "
        f"token is): the documents that one takes are {written}"
    )


_COMPARED = re.compile(r"\s*(>=|<=|>|<)\s*([+-]?\d+(?:\.\d+)?)\s*")


def _period_hint(key: str, text: str, values: Sequence[str], within: bool) -> str:
    """``; dates within it ('2020-05-14', …): a range takes them, date=2020..2020`` for a
    year or month no document has as its value but some have dates within; "" else."""
    if not DATE_PREFIX.fullmatch(text):
        return ""
    period = value_key(text) + "-"  # ٢٠٢٠-٠٥ names 2020-05-14 within it, 2020-05 ٢٠٢٠-٠٥-١٤
    dates = [v for v in values if value_key(v).startswith(period) and ISO_DATE.fullmatch(v)]
    if not dates:
        return ""
    shown = ", ".join(map(repr, dates[:3])) + (", …" if len(dates) > 3 else "")
    written = condition_text(key, f"{text}..{text}", within).removeprefix("where ")
    return (
        f"; values are matched as written, and dates within it ({shown}) are other "
        f"values: a range takes them, {written}"
    )


def _number_hint(key: str, text: str, values: Sequence[str], within: bool) -> str:
    """``; values are matched as written, and rating has the same number written
    otherwise ('1' for '1.0'): rating=1`` for a condition whose numbers no document has
    as written but some have written otherwise: a JSON file's 1.0 is stored as 1
    (document.metadata_text), so the value as the file writes it was said to be in no
    document, 1 merely among the nearest values (pass 40b); "" else."""
    field = field_name(key)
    parts, swapped = [], []
    for alternative in wanted(text).alternatives:
        stored = [] if alternative.is_range else same_number(alternative.text, values)
        if stored and alternative.text not in stored:
            parts += [_where_text(v) for v in stored]
            swapped += [f"{v!r} for {alternative.text!r}" for v in stored]
        else:
            parts.append(
                alternative.text if alternative.is_range else _where_text(alternative.text)
            )
    if not swapped:
        return ""
    written = condition_text(key, ",".join(parts), within).removeprefix("where ")
    return (
        f"; values are matched as written, and {field} has the same number written "
        f"otherwise ({', '.join(swapped)}): {written}"
    )


def documents_with(
    handles: Handles, field: str, values: Sequence[str], among: np.ndarray | None = None
) -> int:
    """How many documents' ``field`` is one of ``values`` (``among`` these, when given)."""
    return len(documents_holding(handles, field, values, among))


def documents_holding(
    handles: Handles, field: str, values: Sequence[str], among: np.ndarray | None = None
) -> np.ndarray:
    """The row ids (ascending) of the documents whose ``field`` is one of ``values``
    (``among`` these, when given)."""
    with handles.engine.connect() as conn:
        return _with_values(conn, field, values, among)


def documents_lacking(
    handles: Handles, field: str, values: Sequence[str], among: np.ndarray | None = None
) -> np.ndarray:
    """The row ids (ascending) of the documents whose ``field`` is none of ``values``,
    those without the field too (``among`` these, when given): what a pattern's
    ``field!="…"`` keeps, as CQP's != takes a document without the field."""
    held = set(documents_holding(handles, field, values, among).tolist()) if values else set()
    with handles.engine.connect() as conn:
        if among is None:
            rows = conn.execute(select(schema.documents.c.id)).fetchall()
            candidates = [int(r[0]) for r in rows]
        else:
            candidates = [int(doc) for doc in among]
    return np.asarray(sorted(d for d in candidates if d not in held), dtype=np.int64)


def same_number(text: str, values: Sequence[str]) -> list[str]:
    """The values that are the number ``text`` is, written otherwise ('1' for '1.0', as
    a JSON file's 1.0 is stored); [] for a text that is no number."""
    number = _number(text)
    if number is None:
        return []
    return [v for v in dict.fromkeys(values) if v != text and _number(v) == number]


def _where_text(value: str) -> str:
    """``value`` as a condition writes it: as it is where --where reads it so (2.5),
    else escaped (plain_value: 'a, b' is a\\, b)."""
    try:
        read = wanted(value).alternatives if value.strip() == value else ()
    except QueryError:  # "..", read as a range without bounds
        read = ()
    return value if read == (Alternative(value),) else plain_value(value)


def _range_hint(key: str, text: str, values: Sequence[str], within: bool) -> str:
    """``; a range is LOW..HIGH: year=1950..1969`` for a value no document has that
    reads as a range of numbers written otherwise, on a field of numbers; "" else."""
    if not any(_number(v) is not None for v in values):
        return ""
    compared = _COMPARED.fullmatch(text)  # {"year": ">1980"} in a --queries file
    if compared:
        op, number = compared.group(1), compared.group(2)
        written = condition_text(key, _compared_range(op, number, values), within)
        return f"; a range is LOW..HIGH, both ends included: {written.removeprefix('where ')}"
    found = _OTHER_RANGE.fullmatch(text)
    if not found:
        return ""
    low, high = found.groups()
    if len(low) != len(high) or int(low) > int(high):  # 1999-04 is a month, not a range
        return ""
    written = condition_text(key, f"{low}..{high}", within).removeprefix("where ")
    return f"; a range is LOW..HIGH: {written}"


def _compared_range(op: str, written: str, values: Sequence[str]) -> str:
    """The range of ``op written`` (``>``, ``>=``, ``<``, ``<=`` and a number) over the
    field's values, both ends included: the first whole number past the bound on a field
    of whole numbers (>1949: 1950..; >3.5: 4..), else the nearest value past it that the
    field has (>3 over ratings 2.5, 3, 3.5: 3.5..; 4.. left out 3.5 unsaid, pass 40b)."""
    if op == ">=":
        return f"{written}.."
    if op == "<=":
        return f"..{written}"
    number, above = float(written), op == ">"
    whole = f"{math.floor(number) + 1}.." if above else f"..{math.ceil(number) - 1}"
    numbers = [n for n in map(_number, values) if n is not None]
    beyond = [n for n in numbers if (n > number if above else n < number)]
    # (nothing past the bound: any range past it takes nothing)
    if all(n.is_integer() for n in numbers) or not beyond:
        return whole
    nearest = _shown_number(min(beyond) if above else max(beyond))
    return f"{nearest}.." if above else f"..{nearest}"


def _span(alternative: Alternative, values: Sequence[str]) -> str:
    """``1950 to 2021``: where a field's values run, as the range compares them. A range
    of numbers places numbers only, so its span is of the numbers, the values that are no
    number named apart (text order would put 'c. 1952' after 2021 and say the years end
    there)."""
    numbers = sorted(n for n in map(_number, values) if n is not None)
    if alternative.numeric_range:  # "950s" at 950, as the range places it (not as text)
        numbers = sorted(n for n in map(_placed, values) if n is not None)
    if not numbers or (len(numbers) < len(values) and not alternative.numeric_range):
        # compared as the range compares them, digits 0-9 (٢٠١٩-٠١-٠١ is 2019-01-01)
        ordered = sorted(map(value_key, values))
        return f"{ordered[0]!r} to {ordered[-1]!r}" if ordered else "none"
    span = f"{_shown_number(numbers[0])} to {_shown_number(numbers[-1])}"
    # A value that begins with a number ("1999/2000", "1950s") is placed by that number
    # (..1999 takes "1999/2000"): only the others are in no range.
    others = [v for v in values if _number(v) is None and not placeable(v)]
    as_text = [v for v in values if _number(v) is None and placeable(v)]
    for listed, kind in ((others, "that no range of numbers takes"), (as_text, "")):
        if listed:
            kind = kind or ("placed by the number " + ("it begins" if len(listed) == 1
                                                         else "they begin") + " with")  # fmt: skip
            shown = ", ".join(map(repr, listed[:3])) + (" …" if len(listed) > 3 else "")
            span += f", and {_count(len(listed), 'value')} {kind}: {shown}"
    return span


def _count(n: int, what: str) -> str:
    return f"{n:,} {what}" + ("" if n == 1 else "s")


def nearest_values(text: str, values: Sequence[str], n: int = 3) -> list[str]:
    """The values nearest to ``text``: those equal but for case first, then the
    closest spellings (difflib's ratio). A value stored composed and decomposed
    ("Genève") is named once, composed."""
    values = list(dict.fromkeys(composed(v) for v in values))
    text = composed(text)
    asked = _number(text)
    numbers = [_number(v) for v in values]
    if asked is not None and values and all(n is not None for n in numbers):
        # Numbers are near by distance, not by spelling: 1900 is not near 1990.
        by_distance = sorted(zip(numbers, values, strict=True), key=lambda p: abs(p[0] - asked))
        return [v for _n, v in by_distance if v != text][:n]
    folded = text.casefold()
    same = [v for v in values if v.casefold() == folded and v != text]
    # Then those equal but for diacritics, as a keyboard without them types a word
    # (lodz: Łódź, zolw: żółw), which difflib ranked below 'od'.
    bare = without_diacritics(folded)
    same += [
        v
        for v in values
        if abs(len(v) - len(text)) <= 1 and v not in same and v != text and _bare(v) == bare
    ]
    close = difflib.get_close_matches(text, list(values), n=n, cutoff=0.6)
    # A folded match stands for the first value folding so (the commonest, where values
    # come most first): mapped through the last, `fielld` beside field (3) and Field (1)
    # was said near Field, and a value matched as written was mapped too (pass 39g).
    by_fold: dict[str, str] = {}
    for value in values:
        by_fold.setdefault(value.casefold(), value)
    folds = difflib.get_close_matches(folded, list(by_fold), n=n, cutoff=0.6)
    found = same + close + [by_fold[v] for v in folds]
    # Two letters typed the wrong way round (bnak) is the commonest slip, and difflib
    # ranks bask as near as bank: such a value comes next after the case spellings.
    swapped = [v for v in found if v not in same and _swapped(folded, v.casefold())]
    found = same + swapped + [v for v in found if v not in swapped]
    return list(dict.fromkeys(v for v in found if v != text))[:n]


def _bare(value: str) -> str:
    return without_diacritics(value.casefold())


def _swapped(first: str, second: str) -> bool:
    """Whether ``second`` is ``first`` with two neighbouring letters exchanged."""
    if len(first) != len(second):
        return False
    differ = [i for i, (a, b) in enumerate(zip(first, second, strict=True)) if a != b]
    return (
        len(differ) == 2
        and differ[1] == differ[0] + 1
        and first[differ[0]] == second[differ[1]]
        and first[differ[1]] == second[differ[0]]
    )


def _shown_number(number: float) -> str:
    return str(int(number)) if number.is_integer() else str(number)


# -- what `info` says about the fields --------------------------------------------------

# Distinct values read per field to describe it; a field with more (a title, an id) is
# described from the first ones in text order.
DESCRIBE_FROM = 1_000
_DATE = re.compile(
    r"\d{4}(-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?"
)


def document_values(handles: Handles, field: str) -> dict[int, str]:
    """Every document's value of ``field`` (row id → the value as ``--where`` reads it);
    documents without the field are left out. Read from the documents themselves where
    the table does not cover them all (an older index opened read-only), as
    documents_with_values reads them: empty, freq --by counted every token (none)."""
    ids, values = documents_with_values(handles, field_name(field))
    return {int(doc): value for doc, value in zip(ids.tolist(), values, strict=True)}


def describe(handles: Handles, examples: int = 5) -> dict[str, dict[str, Any]]:
    """Each metadata field: its ``type`` as inferred from its values (``number`` when
    every value is one, ``date`` when every value is an ISO date such as 1999-04 or
    1999-04-01, else ``text``), how many ``documents`` have it, how many ``distinct``
    values it has (DESCRIBE_FROM at most: ``distinct_capped``), its ``min`` and ``max``
    (numbers and dates), and its commonest ``values`` (a few)."""
    out: dict[str, dict[str, Any]] = {}
    with handles.engine.connect() as conn:
        covered = _covered(handles, conn)
        for field in _field_list(handles, conn):
            whole = _value_counts(handles, conn, field, covered)
            counts = _item_counts(whole)
            values = list(counts)
            kind = _kind(values)
            one: dict[str, Any] = {
                "type": kind,
                "documents": sum(whole.values()),
                "distinct": len(values),
            }
            if len(values) >= DESCRIBE_FROM:
                one["distinct_capped"] = True
                one["documents"] = _documents_with(handles, conn, field, covered)
            if kind in ("number", "date") and values:
                key = _number if kind == "number" else str
                ordered = sorted(values, key=key)  # type: ignore[arg-type]
                one["min"], one["max"] = ordered[0], ordered[-1]
            else:
                one.update(_mostly_numbers(values, examples))
            common = sorted(values, key=lambda v: (-counts[v], v))[:examples]
            one["values"] = common
            out[field] = one
    return out


def _mostly_numbers(values: Sequence[str], examples: int) -> dict[str, Any]:
    """A text field whose values are mostly numbers (years, and one 'c. 1952'): the span
    of its numbers, as a range of numbers takes them, and the values that are no number
    (``not_numbers``); {} for any other text field."""
    numbers = sorted((n, v) for v in values if (n := _number(v)) is not None)
    others = sorted(v for v in values if _number(v) is None)
    if len(numbers) <= len(others):
        return {}
    return {"min": numbers[0][1], "max": numbers[-1][1], "not_numbers": others[:examples]}


def _value_counts(handles: Handles, conn: Connection, field: str, covered: bool) -> dict[str, int]:
    """The documents per value of ``field``; with DESCRIBE_FROM values or more, the
    first ones in text order, each counted as one."""
    first = _values(handles, conn, field, DESCRIBE_FROM)
    if len(first) >= DESCRIBE_FROM:
        return dict.fromkeys(first, 1)
    if covered:
        query = "SELECT value, count(*) FROM document_fields WHERE field = ? GROUP BY value"
    else:
        expand, value = _expanded(conn)
        query = (
            f"SELECT {value}, count(*) FROM documents d, {expand}"
            f" WHERE j.key = ? AND {value} IS NOT NULL GROUP BY {value}"
        )
    counts: dict[str, int] = {}
    for v, n in run(conn, query, (field,)).fetchall():
        if v is not None:  # composed: an NFD "Lefèvre" is the NFC one, as --where takes
            key = value_key(str(v))  # it, and ٢٠٢٠ is 2020, as a count by the field shows it
            counts[key] = counts.get(key, 0) + int(n)
    return counts


def _item_counts(counts: dict[str, int]) -> dict[str, int]:
    """The documents per value, a list's items each a value (["news","sport"]: news and
    sport), as --where and a count take them: info said genre had 5 values, one of them
    '["news","sport"]', where a count by genre has 4."""
    out: dict[str, int] = {}
    for value, n in counts.items():
        for item in dict.fromkeys(map(value_key, list_items(value) or (value,))):
            out[item] = out.get(item, 0) + n
    return out


def _documents_with(handles: Handles, conn: Connection, field: str, covered: bool) -> int:
    if covered:
        query = "SELECT count(*) FROM document_fields WHERE field = ? AND value IS NOT NULL"
    else:
        expand, value = _expanded(conn)
        query = (
            f"SELECT count(*) FROM documents d, {expand} WHERE j.key = ? AND {value} IS NOT NULL"
        )
    return int(run(conn, query, (field,)).scalar_one())


def _kind(values: Sequence[str]) -> str:
    if values and all(_number(v) is not None for v in values):
        return "number"
    if values and all(_DATE.fullmatch(v) for v in values):
        return "date"
    return "text"
