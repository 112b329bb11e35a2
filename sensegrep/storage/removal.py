"""Removing documents (``sensegrep remove``, and inside an indexing batch's transaction),
carrying their labels over to a new version of the same document, and giving the space
back: compacting the vector shards, vacuuming the database.

What goes with a removed document: its sentences and tokens, its occurrences (their ids
leave the lemma runs; their vectors stay in the shard as dead rows until a compaction
rewrites it), the provenance of their labels, and their places in stored sense runs (the
runs stay, their sense numbers unchanged). Ids are never reused.

When a document is replaced by a new version (``index --on-duplicate replace``), a label
set by hand or by ``classify --apply`` follows its occurrence when the occurrence is still
there: a sentence with exactly the same text, the same token at the same position. A label
that comes with the new version's input wins over a carried one; labels of sentences that
changed are dropped with them.

A compaction merges all shards into one when there are too many, or when most of their
rows are dead: the new shard is written first and published by the commit that points
the occurrences at it. The old shards are retired, not deleted (storage/leases.py):
their files stay while a reader that opened before the merge is open, and go at a
writer's next open, compaction or close after that.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import func, inspect, select
from sqlalchemy.engine import Connection

from sensegrep import failpoints
from sensegrep.errors import SensegrepError
from sensegrep.storage import any_word, fields, leases, runs, schema, token_store, written_forms
from sensegrep.storage.handles import Handles
from sensegrep.storage.labels import UPSERT_LABEL_SOURCE
from sensegrep.storage.occurrences import Candidates, vectors
from sensegrep.storage.sql import (
    FORM,
    LEMMA_KEY,
    SENTENCE_TOKENS,
    bulk_insert,
    bulk_update,
    int_values,
    is_postgres,
    json_list,
    run,
    text_values,
)
from sensegrep.storage.vectors import SHARD_SUFFIX

# More shards than this are merged into one after an indexing run.
MAX_SHARDS = 16
COMPACT_CHUNK = 200_000  # vectors re-encoded at a time by a compaction

# Tables whose ids must never be handed out again once rows are removed.
_ID_TABLES = (schema.documents, schema.sentences, schema.tokens)


# The hex digits of a document's content hash that withdrawn_documents keeps.
DIGEST = 16


@dataclass(frozen=True)
class CarriedLabel:
    """A label of a removed occurrence, located by its sentence's text and its position."""

    ext_id: str
    sentence_text: str
    token_position: int
    form: str
    label: str
    source: str
    confidence: float | None
    updated_at: str


@dataclass(frozen=True)
class Removal:
    """What ``Index.remove`` removed, and what it was asked to remove but did not know."""

    documents: int
    occurrences: int
    unknown_docs: list[str]
    unknown_sources: list[str]
    # Of the occurrences, those with a label set after indexing (by hand or by classify
    # --apply): the work that went with them, said rather than lost silently.
    labels: int = 0
    # Unknown sources that name, as a path, a file indexed under another name (one
    # given inside a folder is named relative to it): {as given: name indexed}.
    indexed_as: dict[str, str] = field(default_factory=dict)
    # Every token of the removed documents (``occurrences`` are only those with a sense
    # vector: none on a text-only index, which still loses its text).
    tokens: int = 0
    # The languages no text of is left (its queries were read in one of them), and the
    # language its queries' words are read in from now on when that changed (set by
    # the API: SenseIndex.remove).
    languages_gone: list[str] = field(default_factory=list)
    reading: tuple[str, str] | None = None  # (before, from now on)


def remove(handles: Handles, docs: Sequence[str] = (), sources: Sequence[str] = ()) -> Removal:
    """Remove documents by id, and every document indexed from these files (which are
    then forgotten, so they can be indexed again), in one transaction; then compact
    when most stored vectors are dead. Unknown ids and files are reported back."""
    if not handles.writable:
        raise SensegrepError("this index was opened read-only")
    d = schema.documents
    with handles.engine.begin() as conn:
        known = set(conn.scalars(select(d.c.ext_id).where(d.c.ext_id.in_(list(docs)))))
        present = set(conn.scalars(select(d.c.source).where(d.c.source.in_(list(sources)))))
        present |= set(
            conn.scalars(select(schema.files.c.name).where(schema.files.c.name.in_(list(sources))))
        )
        rows = document_rows(conn, ext_ids=docs, sources=sources)
        occurrences = count_occurrences(conn, rows)
        tokens = count_tokens(conn, rows)
        _withdraw(conn, docs, sources)
        labels = len(remove_document_rows(conn, rows))
        conn.execute(schema.files.delete().where(schema.files.c.name.in_(list(sources))))
    compact(handles)
    any_word.maintain(handles)
    return Removal(
        documents=len(rows),
        occurrences=occurrences,
        unknown_docs=[d for d in docs if d not in known],
        unknown_sources=[s for s in sources if s not in present],
        labels=labels,
        tokens=tokens,
    )


def _withdraw(conn: Connection, docs: Sequence[str], sources: Sequence[str]) -> None:
    """Remember the documents removed by id, by file and content, so that their file read
    again does not bring them back (schema.withdrawn_documents); forget those of the
    files removed whole, which are indexed again in full."""
    w = schema.withdrawn_documents
    if sources:
        conn.execute(w.delete().where(w.c.source.in_(list(sources))))
    if not docs:
        return
    texts = text_values(conn)
    rows = run(
        conn,
        f"SELECT DISTINCT source, substr(sha256, 1, {DIGEST}) FROM documents"
        f" WHERE ext_id IN ({texts}) AND source NOT IN ({texts})",
        (json_list(docs), json_list(sources)),
    ).fetchall()
    known = set(conn.execute(select(w.c.source, w.c.digest)).all()) if rows else set()
    new = [tuple(row) for row in rows if tuple(row) not in known]
    bulk_insert(conn, "withdrawn_documents", ["source", "digest"], new)


def compact(handles: Handles, max_shards: int | None = None) -> bool:
    """Merge all shards into one when there are more than ``max_shards`` (default
    MAX_SHARDS), or when most of their rows belong to removed documents (the rewrite
    reclaims them)."""
    tokens_compacted = token_store.compact(handles)
    if not _needs_compaction(handles, MAX_SHARDS if max_shards is None else max_shards):
        return tokens_compacted
    with handles.engine.connect() as conn:
        t = schema.tokens
        occ = conn.execute(
            select(t.c.id, t.c.shard_id, t.c.row, func.coalesce(t.c.lemma_id, t.c.form_id))
            .where(t.c.shard_id.isnot(None))
            .order_by(t.c.id)
        ).cursor.fetchall()
        names, rank_of_word = runs.key_ranks(conn)
    table = np.asarray(occ, dtype=np.int64).reshape(-1, 4)
    # Sorted by lemma key (ties by id, as fetched): each run's ids ascend.
    all_ranks = rank_of_word[table[:, 3]]
    order = np.argsort(all_ranks, kind="stable")
    found = Candidates(table[:, 0], table[:, 1], table[:, 2]).take(order)
    ids, shard_ids, rows, ranks = found.ids, found.shard_ids, found.rows, all_ranks[order]
    if not len(ids):  # every document was removed: nothing to merge, drop them all
        with handles.engine.begin() as conn:
            conn.execute(schema.lemma_runs.delete())
            leases.retire(conn)
            conn.execute(schema.shards.delete())
        handles.read_again()
        remove_garbage(handles)
        return True
    del occ
    new_file = f"{uuid.uuid4().hex}{SHARD_SUFFIX}"
    # Decoded and re-encoded a chunk at a time: 10M vectors never sit in memory.
    chunks = (
        vectors(handles, shard_ids[at : at + COMPACT_CHUNK], rows[at : at + COMPACT_CHUNK])
        for at in range(0, len(ids), COMPACT_CHUNK)
    )
    handles.shards.write(new_file, chunks)
    failpoints.reach("compact:shard-written")
    with handles.engine.begin() as conn:
        new_id = conn.execute(
            schema.shards.insert().values(
                id=leases.next_shard_id(conn), file=new_file, count=len(ids)
            )
        ).inserted_primary_key[0]
        bulk_update(
            conn,
            "tokens",
            ["shard_id", "row"],
            [(new_id, row, int(tid)) for row, tid in enumerate(ids)],
        )
        conn.execute(schema.lemma_runs.delete())
        runs.insert_runs(conn, new_id, names, ranks, ids)
        leases.retire(conn, keep=new_id)
        conn.execute(schema.shards.delete().where(schema.shards.c.id != new_id))
        failpoints.reach("compact:before-commit")
    failpoints.reach("compact:committed")
    handles.read_again()
    remove_garbage(handles)
    return True


def vacuum(handles: Handles) -> None:
    """Give the space of removed rows back to the file system (SQLite keeps it for
    reuse otherwise). Rewrites the database: needs as much free space again. On
    PostgreSQL, VACUUM FULL of the index's tables (outside a transaction, as it must
    run): it locks each table while rewriting it, so readers wait that long."""
    # First the retired files no reader needs: their rows deleted now, not by the
    # writer's close after the WAL was emptied (compact's figure would count that WAL).
    remove_garbage(handles)
    with handles.engine.connect() as conn:
        if not handles.on_server:
            conn.exec_driver_sql("VACUUM")
            # In WAL mode VACUUM writes the whole new database into the WAL: until a
            # checkpoint empties it the index takes twice its size on disk (compact
            # reported 8,485,644 → 16,560,876 bytes). Truncated here, it is gone at once.
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            return
        autocommit = conn.execution_options(isolation_level="AUTOCOMMIT")
        for table in schema.metadata.sorted_tables:
            autocommit.exec_driver_sql(f"VACUUM (FULL, ANALYZE) {table.name}")


def _needs_compaction(handles: Handles, max_shards: int) -> bool:
    with handles.engine.connect() as conn:
        shards, stored = conn.execute(
            select(func.count(), func.coalesce(func.sum(schema.shards.c.count), 0)).select_from(
                schema.shards
            )
        ).one()
        live = conn.execute(
            select(func.count()).where(schema.tokens.c.shard_id.isnot(None))
        ).scalar_one()
    return shards > max_shards or (stored - live) * 2 >= max(stored, 1)


def remove_garbage(handles: Handles) -> None:
    """Delete the files of the vector folder that no committed row names (what a
    killed write left behind, and the retired shards no open reader needs any more)."""
    leases.release(handles)
    with handles.engine.connect() as conn:
        referenced = set(conn.scalars(select(schema.shards.c.file)))
        referenced |= set(conn.scalars(select(schema.ann_state.c.file)))
        referenced |= leases.retired_names(conn)
    handles.shards.remove_unreferenced(referenced)
    token_store.remove_unreferenced(handles)


def remove_documents(conn: Connection, ext_ids: Sequence[str]) -> list[CarriedLabel]:
    """Remove every stored document with one of these ids; return their labels that were
    set after indexing (by hand or by classify), for :func:`carry_labels`."""
    return remove_document_rows(conn, document_rows(conn, ext_ids=ext_ids))


def document_rows(
    conn: Connection, ext_ids: Sequence[str] = (), sources: Sequence[str] = ()
) -> list[int]:
    """Row ids of the documents with one of these ids, or from one of these files."""
    texts = text_values(conn)
    rows = run(
        conn,
        f"SELECT id FROM documents WHERE ext_id IN ({texts}) OR source IN ({texts}) ORDER BY id",
        (json_list(ext_ids), json_list(sources)),
    )
    return [row[0] for row in rows]


def stale_rows(conn: Connection, source: str, kept_ids: Collection[str]) -> list[int]:
    """Row ids of the documents from ``source`` whose ids are not in ``kept_ids`` (the
    documents a new version of that file no longer has)."""
    rows = run(conn, "SELECT id, ext_id FROM documents WHERE source = ?", (source,))
    return [row for row, ext_id in rows if ext_id not in kept_ids]


def _doc_tokens(conn: Connection) -> str:
    """The tokens of the documents given as a JSON list of row ids: their sentences' id
    ranges."""
    return f"sentences s JOIN tokens t ON {SENTENCE_TOKENS} WHERE s.doc_id IN ({int_values(conn)})"


def count_occurrences(conn: Connection, doc_ids: Sequence[int]) -> int:
    """How many occurrences these documents (row ids) have."""
    return run(
        conn,
        f"SELECT count(*) FROM {_doc_tokens(conn)} AND t.shard_id IS NOT NULL",
        (json_list(doc_ids),),
    ).scalar_one()


def count_tokens(conn: Connection, doc_ids: Sequence[int]) -> int:
    """How many tokens these documents (row ids) have, with a vector or not."""
    return run(
        conn, f"SELECT count(*) FROM {_doc_tokens(conn)}", (json_list(doc_ids),)
    ).scalar_one()


def remove_document_rows(conn: Connection, doc_ids: Sequence[int]) -> list[CarriedLabel]:
    """Remove these documents (row ids) and everything of theirs; their carried labels."""
    if not doc_ids:
        return []
    _raise_id_floors(conn)
    docs = json_list(doc_ids)
    # A document's tokens are one range of ids: deleted by range, no index needed.
    in_docs = f"IN ({int_values(conn)})"
    spans = sorted(
        tuple(span)
        for span in run(
            conn,
            "SELECT min(first_token), max(first_token + n_tokens) - 1 FROM sentences"
            f" WHERE doc_id {in_docs} GROUP BY doc_id",
            (docs,),
        )
    )
    _lock_tokens(conn, spans)
    carried = _labels_to_carry(conn, docs)
    occurrences = run(
        conn,
        f"SELECT t.id, {LEMMA_KEY} FROM {_doc_tokens(conn)} AND t.shard_id IS NOT NULL",
        (docs,),
    ).fetchall()
    removed = np.asarray(sorted(tid for tid, _ in occurrences), dtype=np.int64)
    _drop_sense_members(conn, removed)
    _drop_from_runs(conn, removed, sorted({key for _, key in occurrences}))
    if spans:
        run(conn, "DELETE FROM label_sources WHERE token_id BETWEEN ? AND ?", spans)
        if inspect(conn).has_table("removed_labels"):
            run(conn, "DELETE FROM removed_labels WHERE token_id BETWEEN ? AND ?", spans)
        run(conn, "DELETE FROM tokens WHERE id BETWEEN ? AND ?", spans)
    run(conn, f"DELETE FROM sentences WHERE doc_id {in_docs}", (docs,))
    run(conn, f"DELETE FROM documents WHERE id {in_docs}", (docs,))
    fields.remove(conn, doc_ids)
    written_forms.remove(conn, doc_ids)
    # The token store's segments keep their tokens until compaction; readers skip them.
    bulk_insert(conn, "removed_documents", ["doc_id"], [(int(d),) for d in doc_ids])
    return carried


def carry_labels(
    conn: Connection,
    carried: Sequence[CarriedLabel],
    any_token: bool = False,
    overruled: list[CarriedLabel] | None = None,
) -> int:
    """Put carried labels on the matching occurrences of the documents now stored under
    their ids (``any_token``: on a text-only index, where no token has a vector, the
    matching tokens); return how many found their occurrence. Those whose occurrence is
    still there but labelled by the new version itself are appended to ``overruled``."""
    by_doc: dict[str, list[CarriedLabel]] = defaultdict(list)
    for label in carried:
        by_doc[label.ext_id].append(label)
    updates = []
    for ext_id, labels in by_doc.items():
        updates += _matches(conn, ext_id, labels, any_token, overruled)
    if updates:
        run(conn, "UPDATE tokens SET label = ? WHERE id = ?", [(c.label, t) for t, c in updates])
        run(
            conn,
            UPSERT_LABEL_SOURCE,
            [(tid, c.source, c.confidence, c.updated_at) for tid, c in updates],
        )
    return len(updates)


def _matches(
    conn: Connection,
    ext_id: str,
    labels: Sequence[CarriedLabel],
    any_token: bool,
    overruled: list[CarriedLabel] | None = None,
) -> list[tuple[int, CarriedLabel]]:
    """(new token id, label) for each carried label whose occurrence is still there."""
    tokens: dict[tuple[str, int], list[tuple[int, str, str | None]]] = defaultdict(list)
    rows = run(
        conn,
        "SELECT substr(d.text, s.char_start + 1, s.char_end - s.char_start),"
        f" t.id - s.first_token, t.id, {FORM}, t.label FROM documents d"
        f" JOIN sentences s ON s.doc_id = d.id JOIN tokens t ON {SENTENCE_TOKENS}"
        " WHERE d.ext_id = ?"
        + ("" if any_token else " AND t.shard_id IS NOT NULL")
        + " ORDER BY t.id",
        (ext_id,),
    )
    for sentence, position, tid, form, label in rows:
        tokens[(sentence, position)].append((tid, form, label))
    found = []
    for carried in labels:
        candidates = tokens.get((carried.sentence_text, carried.token_position), [])
        for i, (tid, form, input_label) in enumerate(candidates):
            if form == carried.form:
                del candidates[i]  # a repeated sentence: each copy takes one label
                if not input_label:
                    found.append((tid, carried))
                elif overruled is not None:
                    overruled.append(carried)
                break
    return found


def _lock_tokens(conn: Connection, spans: Sequence[tuple[int, int]]) -> None:
    """On PostgreSQL, lock the token rows of these id ranges (ascending, as a label
    write locks its rows) before their labels are read: a label committed between that
    read and the rows' deletion was deleted with them, neither carried to the new version
    nor counted, while `label` had said it was stored. (SQLite's write lock, taken by
    the first write of the transaction, already keeps labellers out.)"""
    if not is_postgres(conn):
        return
    lock = (
        "SELECT count(*) FROM (SELECT id FROM tokens WHERE id BETWEEN ? AND ?"
        " ORDER BY id FOR UPDATE) locked"
    )
    for first, last in spans:
        run(conn, lock, (first, last))


def _labels_to_carry(conn: Connection, docs: str) -> list[CarriedLabel]:
    rows = run(
        conn,
        "SELECT d.ext_id, substr(d.text, s.char_start + 1, s.char_end - s.char_start),"
        f" t.id - s.first_token, {FORM}, t.label, l.source, l.confidence, l.updated_at"
        f" FROM documents d JOIN sentences s ON s.doc_id = d.id JOIN tokens t ON {SENTENCE_TOKENS}"
        " JOIN label_sources l ON l.token_id = t.id"
        f" WHERE d.id IN ({int_values(conn)}) AND t.label IS NOT NULL ORDER BY t.id",
        (docs,),
    )
    return [CarriedLabel(*row) for row in rows]


def _drop_sense_members(conn: Connection, removed: np.ndarray) -> None:
    """Removed occurrences leave the sense runs that held them; the runs stay, their
    sense numbers unchanged (an occurrence that comes back is a new one, assigned)."""
    if not len(removed):
        return
    run(
        conn,
        f"DELETE FROM sense_members WHERE token_id IN ({int_values(conn)})",
        (json_list(removed),),
    )


def _drop_from_runs(conn: Connection, removed: np.ndarray, lemma_keys: Sequence[str]) -> None:
    """Take removed occurrences out of their lemma runs. A run is a contiguous block of
    shard rows, so a run with holes is split into the blocks that remain."""
    if not len(removed):
        return
    runs = run(
        conn,
        "SELECT id, lemma_key, shard_id, start, count, ids FROM lemma_runs"
        f" WHERE lemma_key IN ({text_values(conn)})",
        (json_list(lemma_keys),),
    ).fetchall()
    for run_id, key, shard_id, start, _count, blob in runs:
        ids = schema.decode_ids(blob)
        keep = ~np.isin(ids, removed)
        if keep.all():
            continue
        run(conn, "DELETE FROM lemma_runs WHERE id = ?", (run_id,))
        if not keep.any():
            continue
        run(
            conn,
            "INSERT INTO lemma_runs (lemma_key, shard_id, start, count, ids)"
            " VALUES (?, ?, ?, ?, ?)",
            [
                (
                    key,
                    shard_id,
                    start + int(first),
                    int(last - first),
                    schema.encode_ids(ids[first:last]),
                )
                for first, last in _blocks(keep)
            ],
        )


def _blocks(keep: np.ndarray) -> list[tuple[int, int]]:
    """[first, last) of each run of True in ``keep``."""
    edges = np.diff(np.concatenate([[0], keep.astype(np.int8), [0]]))
    return list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True))


def _raise_id_floors(conn: Connection) -> None:
    for table in _ID_TABLES:
        run(
            conn,
            "INSERT INTO id_floors (name, next_id)"
            f" SELECT ?, coalesce(max(id), 0) + 1 FROM {table.name} WHERE true"
            " ON CONFLICT (name) DO UPDATE SET next_id = CASE"
            " WHEN excluded.next_id > id_floors.next_id THEN excluded.next_id"
            " ELSE id_floors.next_id END",
            (table.name,),
        )
