"""The forms a CoNLL-U file wrote as multiword tokens (``3-4 zum``, French ``du``), which
the index reads as their syntactic words (*zu dem*, *de le*): the text, the tokens and
every search hold the words; this table holds the form written, its words and where they
stand in their document, so that a search of the form can say how many it leaves out.
Indexes made before it have the table empty (made by migrations.m001) until a file is
indexed again."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.engine import Connection

from sensegrep.document import Document
from sensegrep.storage import database
from sensegrep.storage.handles import Handles
from sensegrep.storage.occurrences import Filters, passing_documents
from sensegrep.storage.sql import bulk_insert, int_values, json_list, run
from sensegrep.text import composed

_COLUMNS = ("doc_id", "char_start", "char_end", "form", "form_key", "words")


@dataclass(frozen=True)
class WrittenAs:
    """How many places write a form as one multiword token, and the words the index
    reads there (each distinct spelling, lower-cased unless the case counts, most
    frequent first)."""

    total: int
    words: list[str]


def form_key(form: str) -> str:
    """The form as a search compares it when the case does not count."""
    return composed(form).lower()


def add(conn: Connection, documents: Sequence[tuple[int, Document]]) -> None:
    """Write the multiword tokens of ``documents`` (their row ids and documents)."""
    rows = [
        (doc_id, start, end, form, form_key(form), document.text[start:end])
        for doc_id, document in documents
        for start, end, form in document.written_forms
    ]
    bulk_insert(conn, "written_forms", _COLUMNS, rows)


def remove(conn: Connection, doc_ids: Sequence[int]) -> None:
    run(
        conn,
        f"DELETE FROM written_forms WHERE doc_id IN ({int_values(conn)})",
        (json_list(doc_ids),),
    )


def written_as(
    handles: Handles, form: str, filters: Filters, match_case: bool = False
) -> WrittenAs:
    """The places of the documents ``filters`` keep that write ``form`` as one multiword
    token (in any case, or as typed with ``match_case``)."""
    if not form or not database.has_table(handles.engine, "written_forms"):
        return WrittenAs(0, [])
    kept = passing_documents(handles, filters)
    test, params = "form_key = ?", [form_key(form)]
    if match_case:
        test, params = test + " AND form = ?", [*params, composed(form)]
    with handles.engine.connect() as conn:
        if kept is not None:
            test, params = test + f" AND doc_id IN ({int_values(conn)})", [*params, json_list(kept)]
        rows = run(
            conn,
            f"SELECT words, count(*) FROM written_forms WHERE {test} GROUP BY words ORDER BY words",
            tuple(params),
        ).fetchall()
    counted: Counter[str] = Counter()
    for words, n in rows:  # (the words as a search of them in any case reads them)
        counted[words if match_case else form_key(words)] += n
    return WrittenAs(counted.total(), [words for words, _ in counted.most_common()])


def written_forms_held(handles: Handles, filters: Filters) -> list[tuple[str, str]]:
    """Each distinct form written as one multiword token in the documents ``filters``
    keep, with the words the index reads there (``("zum", "zu dem")``): what a pattern's
    regular expression is matched against (notes.py)."""
    if not database.has_table(handles.engine, "written_forms"):
        return []
    kept = passing_documents(handles, filters)
    test, params = "", []
    with handles.engine.connect() as conn:
        if kept is not None:
            test, params = f" WHERE doc_id IN ({int_values(conn)})", [json_list(kept)]
        rows = run(
            conn, f"SELECT DISTINCT form, words FROM written_forms{test}", tuple(params)
        ).fetchall()
    return sorted((str(form), str(words)) for form, words in rows)
