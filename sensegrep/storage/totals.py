"""The sizes a concordance's totals are measured against: how many tokens the index (or
the subcorpus of the documents a ``--where`` / ``--doc`` filter keeps) holds, and which
documents a set of tokens falls in.

Every token counts, punctuation included, as CWB counts a corpus's size. The token
store knows them without reading a row per token: a sentence's size is the difference
of two of its starts, its document one column; an index made before the store (opened
read-only) is counted in the tables.
"""

from __future__ import annotations

import numpy as np

from sensegrep.arrays import distinct
from sensegrep.document import list_items
from sensegrep.storage import fields, token_store
from sensegrep.storage.handles import Handles
from sensegrep.storage.occurrences import Filters, passing_documents
from sensegrep.storage.sql import int_values, json_list, run, text_values


def corpus_tokens(handles: Handles) -> int:
    """The live tokens of the index (a removed document's are not counted)."""
    if token_store.covers_all(handles):
        return _store_tokens(token_store.snapshot(handles), None)
    with handles.engine.connect() as conn:
        return int(run(conn, "SELECT count(*) FROM tokens").scalar() or 0)


def subcorpus_tokens(
    handles: Handles, filters: Filters, documents: np.ndarray | None = None
) -> int | None:
    """The live tokens of the documents that pass the filters' ``where`` and ``docs``
    (a subcorpus, as CQPweb's restrictions by text metadata make one); None when the
    filters restrict no document (``pos`` selects tokens, not a subcorpus).
    ``documents``: those that pass (``passing_documents``), when known already."""
    if not (filters.where or filters.docs):
        return None
    if documents is None:
        documents = passing_documents(handles, filters)
    if not len(documents):
        return 0
    if token_store.covers_all(handles):
        table = np.zeros(int(documents.max()) + 1, dtype=bool)
        table[documents] = True
        return _store_tokens(token_store.snapshot(handles), table)
    with handles.engine.connect() as conn:
        sql = (
            f"SELECT coalesce(sum(n_tokens), 0) FROM sentences WHERE doc_id IN ({int_values(conn)})"
        )
        return int(run(conn, sql, (json_list(documents),)).scalar() or 0)


def tokens_by_value(handles: Handles, field: str, filters: Filters) -> dict[str | None, int]:
    """The live tokens of the documents with each value of the metadata ``field`` (None:
    of those without one), among the documents the filters' ``where`` and ``docs`` keep:
    the size each row of a count by that field is measured against (as CQPweb's
    distribution divides by each category's size). One pass over the documents' sizes
    and their values, whatever the number of values."""
    sizes = _kept_sizes(handles, filters)
    documents, values = _each_item(*fields.documents_with_values(handles, field))
    known = documents < len(sizes)
    documents = documents[known]
    # A value written composed in one document and decomposed in another ("Genève") is
    # one value, as a count by the field and --where take it: its size is of both.
    values = [fields.value_key(v) if isinstance(v, str) else v for v in values]
    names, which = np.unique(np.asarray(values, dtype=object)[known], return_inverse=True)
    summed = np.bincount(which, weights=sizes[documents], minlength=len(names))
    found: dict[str | None, int] = {
        str(name): int(n) for name, n in zip(names.tolist(), summed.tolist(), strict=True)
    }
    valued = np.zeros(len(sizes), dtype=bool)
    valued[documents] = True
    found[None] = int(sizes[~valued].sum())
    return found


def _kept_sizes(handles: Handles, filters: Filters) -> np.ndarray:
    """document_tokens, 0 for the documents the filters' ``where`` and ``docs`` leave out."""
    sizes = document_tokens(handles)
    if filters.where or filters.docs:
        kept = passing_documents(handles, filters)
        kept = kept[kept < len(sizes)]
        inside = np.zeros(len(sizes), dtype=bool)
        inside[kept] = True
        sizes = np.where(inside, sizes, 0)
    return sizes


def _each_item(documents: np.ndarray, values: list[str]) -> tuple[np.ndarray, list[str]]:
    """A document with several values (a JSON list) once for each of them: a count by
    the field counts its lines under each, so each value's size has its tokens."""
    if not any(map(list_items, values)):
        return documents, values
    # (an item twice in one list, as "Genève" composed and not, is one value: once)
    items = [tuple(dict.fromkeys(map(fields.value_key, list_items(v)))) or (v,) for v in values]
    pairs = [(d, v) for d, mine in zip(documents.tolist(), items, strict=True) for v in mine]
    return np.asarray([d for d, _ in pairs], dtype=np.int64), [v for _, v in pairs]


def document_tokens(handles: Handles) -> np.ndarray:
    """The live tokens of each document, indexed by its row id (0 for a row id that is
    no document's, or a removed one's)."""
    if not token_store.covers_all(handles):
        with handles.engine.connect() as conn:
            rows = run(conn, "SELECT doc_id, count(*) FROM tokens GROUP BY doc_id").fetchall()
        out = np.zeros(max((int(r[0]) for r in rows), default=-1) + 1, dtype=np.int64)
        for doc, n in rows:
            out[int(doc)] = int(n)
        return out
    current = token_store.snapshot(handles)
    out = np.zeros(0, dtype=np.int64)
    for segment in current.segments:
        sizes = np.diff(segment.sentence_start)
        owners = np.asarray(segment.column("sentence_doc"), dtype=np.int64)
        dead = current.dead_sentences(segment)
        if dead is not None:
            sizes, owners = sizes[~dead], owners[~dead]
        if not len(owners):
            continue
        summed = np.bincount(owners, weights=sizes).astype(np.int64)
        if len(summed) > len(out):
            out = np.concatenate([out, np.zeros(len(summed) - len(out), dtype=np.int64)])
        out[: len(summed)] += summed
    return out


def subcorpus_documents(handles: Handles, filters: Filters) -> np.ndarray | None:
    """The row ids (ascending) of the documents that pass the filters' ``where`` and
    ``docs``: the subcorpus a statistic counts in; None when they restrict no document."""
    if not (filters.where or filters.docs):
        return None
    return np.sort(passing_documents(handles, filters))


def _store_tokens(current: token_store.Snapshot, documents: np.ndarray | None) -> int:
    """The tokens of the live sentences (of the ``documents`` marked True, when given)."""
    total = 0
    for segment in current.segments:
        dead = current.dead_sentences(segment)
        if documents is None and dead is None:
            total += len(segment)  # nothing left out: no sentence is read
            continue
        sizes = np.diff(segment.sentence_start)
        keep = np.ones(len(sizes), dtype=bool)
        if dead is not None:
            keep &= ~dead
        if documents is not None:
            owners = np.asarray(segment.column("sentence_doc"), dtype=np.int64)
            inside = owners < len(documents)
            keep &= inside & documents[np.where(inside, owners, 0)]
        total += int(sizes[keep].sum())
    return total


def document_rows(handles: Handles, token_ids: np.ndarray) -> np.ndarray:
    """The document (row id) of each of ``token_ids`` (live tokens), in their order; -1
    for a token that no longer exists."""
    ids = np.asarray(token_ids, dtype=np.int64)
    if not len(ids):
        return np.zeros(0, dtype=np.int64)
    if token_store.covers_all(handles):
        return _store_documents(token_store.snapshot(handles), ids)
    unique = distinct(ids)
    with handles.engine.connect() as conn:
        rows = run(
            conn,
            f"SELECT id, doc_id FROM tokens WHERE id IN ({int_values(conn)})",
            (json_list(unique),),
        ).fetchall()
    found = dict(rows)
    return np.fromiter((found.get(int(i), -1) for i in ids), dtype=np.int64, count=len(ids))


def _store_documents(current: token_store.Snapshot, ids: np.ndarray) -> np.ndarray:
    """Each token's document from its sentence in the store: one binary search per
    token among the sentences' first token ids (a million tokens: a few ms per
    segment). Candidates are in corpus order already, so they are sorted only when not."""
    ascending = bool((ids[1:] >= ids[:-1]).all())
    order = None if ascending else np.argsort(ids, kind="stable")
    ordered = ids if order is None else ids[order]
    found = np.full(len(ids), -1, dtype=np.int64)
    for segment in current.segments:
        low = int(np.searchsorted(ordered, segment.first_token, side="left"))
        high = int(np.searchsorted(ordered, segment.last_token, side="right"))
        if low == high:
            continue
        firsts = segment.arrays["sentence_token"]
        sentence = np.searchsorted(firsts, ordered[low:high], side="right") - 1
        found[low:high] = np.asarray(segment.column("sentence_doc"))[np.maximum(sentence, 0)]
    if order is None:
        return found
    out = np.empty_like(found)
    out[order] = found
    return out


def document_count(handles: Handles, token_ids: np.ndarray) -> int:
    """How many documents ``token_ids`` (live tokens) fall in."""
    ids = np.asarray(token_ids, dtype=np.int64)
    if len(ids) and token_store.covers_all(handles):
        ascending = bool((ids[1:] >= ids[:-1]).all())  # candidates are: no sort
        rows = _store_documents_holding(
            token_store.snapshot(handles), ids if ascending else np.sort(ids)
        )
    else:
        rows = document_rows(handles, ids)
    return token_store.distinct_count(rows[rows >= 0])


def _store_documents_holding(current: token_store.Snapshot, ordered: np.ndarray) -> np.ndarray:
    """The documents that hold any of ``ordered`` (ascending token ids): each
    document's first token id looked up among the tokens (one binary search per
    document of a segment, whatever the number of tokens)."""
    found = [np.zeros(0, dtype=np.int64)]
    for segment in current.segments:
        low = int(np.searchsorted(ordered, segment.first_token, side="left"))
        high = int(np.searchsorted(ordered, segment.last_token, side="right"))
        if low == high:
            continue
        mine = ordered[low:high]
        firsts, documents = segment.document_runs()
        starts = segment.arrays["sentence_token"][firsts]
        counts = np.diff(np.searchsorted(mine, starts, side="left"), append=len(mine))
        found.append(documents[counts > 0])
    return np.concatenate(found)


def document_names(handles: Handles, rows: np.ndarray) -> dict[int, str]:
    """The external id of each of these documents (by row id)."""
    wanted = distinct(np.asarray(rows, dtype=np.int64))
    with handles.engine.connect() as conn:
        found = run(
            conn,
            f"SELECT id, ext_id FROM documents WHERE id IN ({int_values(conn)})",
            (json_list(wanted),),
        ).fetchall()
    return {int(i): str(name) for i, name in found}


def tokens_by_document(handles: Handles, ids: list[str], filters: Filters) -> dict[str, int]:
    """The live tokens of the documents with these (external) ids among those the
    filters' ``where`` and ``docs`` keep: what a count by document divides each row by,
    as AntConc's plot gives a file's hits per its size (a row per million of the index
    alone read 4,000 hits in 40,000 tokens as 99,693). Two documents kept with one id
    (--on-duplicate keep) are one row, of both sizes, unless a filter leaves one out."""
    if not ids:
        return {}
    with handles.engine.connect() as conn:
        found = run(
            conn,
            f"SELECT id, ext_id FROM documents WHERE ext_id IN ({text_values(conn)})",
            (json_list(ids),),
        ).fetchall()
    sizes = _kept_sizes(handles, filters)
    tokens: dict[str, int] = {}
    for row, name in found:  # a removed version's row has no live tokens
        held = int(sizes[int(row)]) if int(row) < len(sizes) else 0
        tokens[str(name)] = tokens.get(str(name), 0) + held
    return tokens
