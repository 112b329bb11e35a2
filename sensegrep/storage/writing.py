"""Writing an index: a batch of documents with their vectors, in one transaction, and
what the indexer asks before writing (which files and documents are there already).

The database is the source of truth. A batch of documents becomes visible in one
transaction, together with the shard that holds its vectors, so an indexing run killed at
any moment leaves the index as it was after its last committed batch. Documents replaced
or retired by the batch are removed inside that transaction (storage/removal.py).
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import replace as replace_fields
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from sensegrep import failpoints
from sensegrep.document import Document, Sentence
from sensegrep.errors import SensegrepError
from sensegrep.storage import fields, leases, removal, runs, schema, token_store, written_forms
from sensegrep.storage.handles import Handles
from sensegrep.storage.runs import lemma_key
from sensegrep.storage.sql import bulk_insert, json_list, run, text_values
from sensegrep.storage.vectors import SHARD_SUFFIX


@dataclass
class FileRecord:
    name: str
    sha256: str
    size: int
    path: str | None = None  # where it lay: absolute, links resolved


@dataclass(frozen=True)
class StoredDocument:
    row: int  # increases with the time it was added
    sha256: str
    source: str


@dataclass(frozen=True)
class BatchWritten:
    """What a batch removed besides adding its documents: the documents its files' new
    versions no longer have, and the labels set after indexing that went with removed
    documents (a replaced one's changed sentences, or one no longer in its file)."""

    documents_retired: int = 0
    labels_dropped: int = 0
    # Of those, the ones whose sentence is still there, its occurrence labelled by the
    # new version itself (a file's label, which wins over one set by hand before).
    labels_overruled: int = 0


@dataclass
class PreparedDocument:
    """A document ready to handles: ``vector_rows[s][t]`` is the row of token t of sentence s
    in the batch's vector array, or -1 when that token has no vector."""

    document: Document
    sha256: str
    source: str
    vector_rows: list[list[int]]


def has_file(handles: Handles, sha256: str) -> bool:
    return _exists(handles, schema.files.c.sha256, sha256)


def file_with_content(handles: Handles, sha256: str) -> str | None:
    """The name of the indexed file with this content hash, or None (at most one file
    holds a content: files.sha256 is unique)."""
    with handles.engine.connect() as conn:
        return conn.scalar(
            select(schema.files.c.name).where(schema.files.c.sha256 == sha256).limit(1)
        )


def file_paths_named(handles: Handles, name: str) -> set[str | None]:
    """Where the files indexed under this name lie (None: one indexed before paths were
    recorded)."""
    with handles.engine.connect() as conn:
        return set(conn.scalars(select(schema.files.c.path).where(schema.files.c.name == name)))


def has_file_named(handles: Handles, name: str) -> bool:
    """Whether a file was indexed under this name (with any content)."""
    return _exists(handles, schema.files.c.name, name)


def has_documents_from(handles: Handles, name: str) -> bool:
    """Whether documents were indexed from the file of this name (done or in part)."""
    return _exists(handles, schema.documents.c.source, name)


def has_withdrawn_from(handles: Handles, name: str) -> bool:
    """Whether documents of the file of this name were removed by id (``remove --doc``)
    and are kept out of it."""
    return _exists(handles, schema.withdrawn_documents.c.source, name)


def file_names_at(handles: Handles, paths: Collection[str]) -> dict[str, str]:
    """The name each of these file paths was last indexed under, for those that were
    (a path is recorded since files.path exists)."""
    if not paths:
        return {}
    with handles.engine.connect() as conn:
        rows = run(
            conn,
            f"SELECT path, name FROM files WHERE path IN ({text_values(conn)}) ORDER BY id",
            (json_list(sorted(set(paths))),),
        ).fetchall()
    return dict(rows)  # the newest record of a path wins


def file_names_ending(handles: Handles, tail: str) -> list[str]:
    """The names of the indexed files whose last parts are ``tail`` (``extra.conllu`` of
    ``corpus/extra.conllu``), in the order indexed."""
    with handles.engine.connect() as conn:
        names = conn.scalars(select(schema.files.c.name).order_by(schema.files.c.id))
        return [name for name in names if name.endswith("/" + tail.lstrip("/"))]


def files_placed_under(handles: Handles, folder: str) -> list[tuple[str, str]]:
    """(name, path) of the files recorded as lying inside ``folder`` (a location, as
    recorded: absolute, '/'-separated), at any depth."""
    prefix = folder.rstrip("/") + "/"
    files = schema.files
    query = (
        select(files.c.name, files.c.path)
        .where(func.substr(files.c.path, 1, len(prefix)) == prefix)
        .order_by(files.c.name)
    )
    with handles.engine.connect() as conn:
        return [(name, path) for name, path in conn.execute(query)]


def unplaced_file_names(handles: Handles) -> list[str]:
    """The names of files indexed before their path was recorded."""
    with handles.engine.connect() as conn:
        return list(conn.scalars(select(schema.files.c.name).where(schema.files.c.path.is_(None))))


def place_file(handles: Handles, sha256: str, name: str, path: str) -> None:
    """Record where an unchanged file indexed under ``name`` before its path was
    recorded lies (the same content under the same name: the same file)."""
    if not handles.writable:
        raise SensegrepError("this index was opened read-only")
    files = schema.files
    with handles.engine.begin() as conn:
        conn.execute(
            files.update()
            .where(files.c.sha256 == sha256, files.c.name == name, files.c.path.is_(None))
            .values(path=path)
        )


def tell_unknown_languages(handles: Handles, lang: str | None) -> None:
    """Give the documents indexed before each one's language was kept (marked
    ``schema.UNKNOWN_LANGUAGE``) the language ``lang``; None: none, their format brought
    its own tokens."""
    if not handles.writable:
        raise SensegrepError("this index was opened read-only")
    d = schema.documents
    with handles.engine.begin() as conn:
        conn.execute(d.update().where(d.c.lang == schema.UNKNOWN_LANGUAGE).values(lang=lang))


def has_document(handles: Handles, sha256: str) -> bool:
    return _exists(handles, schema.documents.c.sha256, sha256)


def withdrawn_documents(handles: Handles) -> set[str]:
    """The documents removed by id (``remove --doc``) and not since by their file
    (``remove --source``): the start of their content hash (``removal.DIGEST`` hex
    digits)."""
    w = schema.withdrawn_documents
    with handles.engine.connect() as conn:
        return set(conn.scalars(select(w.c.digest)))


def document_versions(handles: Handles, ext_id: str) -> list[StoredDocument]:
    """The stored documents with this id (more than one only with ``--on-duplicate
    keep``)."""
    # Asked once per document read: plain SQL costs a quarter of a built statement.
    with handles.engine.connect() as conn:
        rows = run(
            conn, "SELECT id, sha256, source FROM documents WHERE ext_id = ?", (ext_id,)
        ).fetchall()
    return [StoredDocument(*row) for row in rows]


def stored_versions(handles: Handles, ext_ids: Collection[str]) -> dict[str, list[StoredDocument]]:
    """The stored documents of each of these ids that has any (document_versions for
    many ids in one query: the indexer asks for every document it reads)."""
    found: dict[str, list[StoredDocument]] = {}
    if not ext_ids:
        return found
    with handles.engine.connect() as conn:
        rows = run(
            conn,
            "SELECT ext_id, id, sha256, source FROM documents"
            f" WHERE ext_id IN ({text_values(conn)}) ORDER BY id",
            (json_list(sorted(set(ext_ids))),),
        ).fetchall()
    for ext_id, *row in rows:
        found.setdefault(ext_id, []).append(StoredDocument(*row))
    return found


def last_document_row(handles: Handles) -> int:
    """The newest document's row id (0 when empty): later rows were added after."""
    with handles.engine.connect() as conn:
        return conn.execute(select(func.max(schema.documents.c.id))).scalar() or 0


def _exists(handles: Handles, column: Any, value: str) -> bool:
    with handles.engine.connect() as conn:
        return conn.execute(select(column).where(column == value).limit(1)).first() is not None


def add_batch(
    handles: Handles,
    documents: Sequence[PreparedDocument],
    vectors: np.ndarray,
    files: Sequence[FileRecord] = (),
    replace: Sequence[str] = (),
    retire: Mapping[str, Collection[str]] | None = None,
) -> BatchWritten:
    """Store documents with their vectors, and mark ``files`` as done, atomically.
    Stored documents whose id is in ``replace`` are removed in the same transaction;
    their hand-set labels follow unchanged occurrences (see storage/removal.py).
    ``retire``: for a file indexed again with new content, {its name: the document
    ids its new version has}; its other documents are removed, and so is the record
    of its old content. Returns what went besides (BatchWritten)."""
    if not handles.writable:
        raise SensegrepError("this index was opened read-only")
    shard_file, order = None, None
    if len(vectors):
        names, ranks, order = _shard_order(documents)
        shard_file = f"{uuid.uuid4().hex}{SHARD_SUFFIX}"
        handles.shards.write(shard_file, vectors[order])
    failpoints.reach("batch:shard-written")
    written: list[str] = []  # token segments: written inside the transaction (ids)
    try:
        with handles.engine.begin() as conn:
            shard_id = None
            if shard_file is not None:
                shard_id = conn.execute(
                    schema.shards.insert().values(
                        id=leases.next_shard_id(conn), file=shard_file, count=len(vectors)
                    )
                ).inserted_primary_key[0]
            carried = []
            overruled: list[removal.CarriedLabel] = []
            if replace:
                carried = removal.remove_documents(conn, replace)
                failpoints.reach("batch:old-removed")
            row_of = np.empty(len(vectors), dtype=np.int64)
            if order is not None:
                row_of[order] = np.arange(len(vectors))
            row_ids, token_rows = _insert_documents(conn, documents, shard_id, row_of)
            if len(token_rows):
                segment = token_store.write(handles, token_rows)
                written.append(segment)
                token_store.register(conn, segment, token_rows)
            if shard_id is not None:
                runs.insert_runs(conn, shard_id, names, ranks[order], row_ids)
            dropped = retired = 0
            if carried:
                any_token = not handles.manifest.occurrences_have_vectors
                placed = removal.carry_labels(conn, carried, any_token, overruled)
                dropped = len(carried) - placed
            for name, kept in (retire or {}).items():
                stale = removal.stale_rows(conn, name, kept)
                dropped += len(removal.remove_document_rows(conn, stale))
                retired += len(stale)
                conn.execute(schema.files.delete().where(schema.files.c.name == name))
            now = datetime.now(UTC).isoformat(timespec="seconds")
            for f in files:
                conn.execute(
                    schema.files.insert().values(
                        name=f.name, sha256=f.sha256, size=f.size, indexed_at=now, path=f.path
                    )
                )
            failpoints.reach("batch:before-commit")
    except BaseException:
        # Only before the commit: after it, the index refers to these files (a Ctrl-C
        # just after the commit must not delete a published shard or segment).
        if shard_file is not None:
            (handles.shards.folder / shard_file).unlink(missing_ok=True)
        for segment in written:
            (token_store.folder_of(handles) / segment).unlink(missing_ok=True)
        raise
    failpoints.reach("batch:committed")
    token_store.merge_tail(handles)
    return BatchWritten(
        documents_retired=retired, labels_dropped=dropped, labels_overruled=len(overruled)
    )


def add_pieces(
    handles: Handles,
    document: PreparedDocument,
    pieces: Iterable[list[Sentence]],
    replace: Sequence[str] = (),
) -> tuple[BatchWritten, int]:
    """Store one document of a text-only index whose sentences come a piece at a time
    (a plain-text file read streamed: readers/text.py), atomically as add_batch stores a
    batch: in one transaction its row, then each piece's sentences and tokens with a
    token segment of their own, so that memory holds one piece's, not the document's
    (its ``sentences`` are not read). Stored documents whose id is in ``replace`` are
    removed in that transaction. Returns what went besides, and the tokens stored."""
    if not handles.writable:
        raise SensegrepError("this index was opened read-only")
    written: list[str] = []  # token segments: written inside the transaction (ids)
    tokens = dropped = 0
    no_vector = np.zeros(0, dtype=np.int64)
    try:
        with handles.engine.begin() as conn:
            carried = []
            overruled: list[removal.CarriedLabel] = []
            if replace:
                carried = removal.remove_documents(conn, replace)
                failpoints.reach("batch:old-removed")
            doc_id = _next_id(conn, schema.documents)
            row = _document_row(doc_id, document)
            conn.execute(schema.documents.insert(), [row])
            fields.add(conn, doc_id - 1, [(doc_id, row["meta"])])
            position = 0
            for sentences in pieces:
                piece = replace_fields(document.document, text="", sentences=sentences)
                rows = [[-1] * len(sentence.tokens) for sentence in sentences]
                prepared = PreparedDocument(piece, document.sha256, document.source, rows)
                _, token_rows = _insert_documents(
                    conn, [prepared], None, no_vector, piece_of=(doc_id, position)
                )
                position += len(sentences)
                if len(token_rows):
                    segment = token_store.write(handles, token_rows)
                    written.append(segment)
                    token_store.register(conn, segment, token_rows)
                    tokens += len(token_rows)
            if carried:
                any_token = not handles.manifest.occurrences_have_vectors
                placed = removal.carry_labels(conn, carried, any_token, overruled)
                dropped = len(carried) - placed
            failpoints.reach("batch:before-commit")
    except BaseException:
        for segment in written:  # as add_batch: only before the commit
            (token_store.folder_of(handles) / segment).unlink(missing_ok=True)
        raise
    failpoints.reach("batch:committed")
    token_store.merge_tail(handles)
    return BatchWritten(labels_dropped=dropped, labels_overruled=len(overruled)), tokens


def _shard_order(documents: Sequence[PreparedDocument]) -> tuple[list[str], np.ndarray, Any]:
    """(the distinct lemma keys of the batch's vector rows, sorted; each row's key as an
    index into them; the order of the rows in the shard). Sorted by key, one word's
    vectors are contiguous; ties in corpus order, so each run's token ids ascend."""
    found = []  # (vector row, place in corpus order, lemma key)
    for prepared in documents:
        for sentence, rows in zip(prepared.document.sentences, prepared.vector_rows, strict=True):
            for tok, row in zip(sentence.tokens, rows, strict=True):
                if row >= 0:
                    found.append((row, len(found), lemma_key(tok.lemma or tok.form)))
    found.sort(key=lambda item: item[0])
    corpus = np.fromiter((place for _row, place, _key in found), dtype=np.int64, count=len(found))
    return runs.shard_order([key for *_, key in found], corpus)


def _next_id(conn: Connection, table: Any) -> int:
    """max(id) + 1, but never an id that removed rows had (see schema.id_floors)."""
    floor = conn.execute(
        select(schema.id_floors.c.next_id).where(schema.id_floors.c.name == table.name)
    ).scalar()
    return max((conn.execute(select(func.max(table.c.id))).scalar() or 0) + 1, floor or 1)


def _intern(conn: Connection, table: str, counts: Counter[str]) -> dict[str, int]:
    """The id of each string of ``counts`` in ``vocab`` or ``pos_tags``, adding the new
    ones: the most frequent first, so that common words get the shortest ids."""
    known = _known_words(conn, counts) if table == "vocab" else _known_tags(conn, counts)
    new = sorted((t for t in counts if t not in known), key=lambda t: (-counts[t], t))
    if new:
        first = (run(conn, f"SELECT max(id) FROM {table}").scalar() or 0) + 1
        known.update((t, first + i) for i, t in enumerate(new))
        if table == "vocab":
            rows = [(known[t], t, None if lemma_key(t) == t else lemma_key(t)) for t in new]
            bulk_insert(conn, "vocab", ("id", "text", "key"), rows)
        else:
            bulk_insert(conn, "pos_tags", ("id", "tag"), [(known[t], t) for t in new])
    return known


def _known_words(conn: Connection, texts: Collection[str]) -> dict[str, int]:
    """The vocab ids of the texts already there, found through their keys' index."""
    keys = json_list(sorted({lemma_key(t) for t in texts}))
    in_keys = f"{schema.VOCAB_KEY} IN ({text_values(conn)})"
    rows = run(conn, f"SELECT text, id FROM vocab WHERE {in_keys}", (keys,))
    return {text: i for text, i in rows if text in texts}


def _known_tags(conn: Connection, tags: Collection[str]) -> dict[str, int]:
    rows = run(
        conn, f"SELECT tag, id FROM pos_tags WHERE tag IN ({text_values(conn)})", (json_list(tags),)
    )
    return dict(rows.fetchall())


def _word_ids(
    conn: Connection, documents: Sequence[PreparedDocument]
) -> tuple[dict[str, int], dict[str, int]]:
    """The vocab ids of the batch's forms and lemmas, and the ids of its POS tags."""
    words: Counter[str] = Counter()
    tags: Counter[str] = Counter()
    for prepared in documents:
        for sentence in prepared.document.sentences:
            for tok in sentence.tokens:
                words[tok.form] += 1
                if tok.lemma and tok.lemma != tok.form:
                    words[tok.lemma] += 1
                for tag in (tok.pos, _tag(tok), _deprel(tok)):
                    if tag is not None:
                        tags[tag] += 1
    return _intern(conn, "vocab", words), _intern(conn, "pos_tags", tags)


def _insert_documents(
    conn: Connection,
    documents: Sequence[PreparedDocument],
    shard_id: int | None,
    row_of: np.ndarray,
    piece_of: tuple[int, int] | None = None,
) -> tuple[np.ndarray, token_store.SegmentRows]:
    """Insert the rows; return the token id of each shard row, and the tokens as the
    token store's rows. ``piece_of``: (its row, its first sentence's position) when the
    one document given is a piece of the sentences of a document whose row is inserted
    already (add_pieces)."""
    doc_id = _next_id(conn, schema.documents) if piece_of is None else piece_of[0]
    first_position = 0 if piece_of is None else piece_of[1]
    sentence_id = _next_id(conn, schema.sentences)
    token_id = _next_id(conn, schema.tokens)
    words, tags = _word_ids(conn, documents)
    doc_rows, sentence_rows, token_rows = [], [], []
    syntax: list[tuple[int, int, int]] = []  # (tag, deprel, head offset) per token
    row_ids = np.zeros(len(row_of), dtype=np.int64)
    # Python ints: a numpy scalar read or write per token cost more than the token's row.
    shard_row = row_of.tolist()
    for prepared in documents:
        doc = prepared.document
        if piece_of is None:
            doc_rows.append(_document_row(doc_id, prepared))
        for s_pos, (sentence, rows) in enumerate(
            zip(doc.sentences, prepared.vector_rows, strict=True), start=first_position
        ):
            sentence_rows.append(
                {
                    "id": sentence_id,
                    "doc_id": doc_id,
                    "position": s_pos,
                    "char_start": sentence.start,
                    "char_end": sentence.end,
                    "first_token": token_id,
                    "n_tokens": len(sentence.tokens),
                }
            )
            for at, (tok, vec_row) in enumerate(zip(sentence.tokens, rows, strict=True)):
                has_vector = vec_row >= 0
                if has_vector:
                    row = shard_row[vec_row]
                    row_ids[row] = token_id
                lemma = tok.lemma or tok.form
                token_rows.append(
                    (
                        token_id,
                        doc_id,
                        sentence_id,
                        tok.start,
                        tok.end,
                        words[tok.form],
                        None if lemma == tok.form else words[lemma],
                        None if tok.pos is None else tags[tok.pos],
                        tok.label,
                        tok.instance_id,
                        shard_id if has_vector else None,
                        row if has_vector else None,
                    )
                )
                syntax.append(_syntax(tok, at, tags))
                token_id += 1
            sentence_id += 1
        doc_id += 1
    if doc_rows:
        conn.execute(schema.documents.insert(), doc_rows)
        fields.add(conn, doc_rows[0]["id"] - 1, [(r["id"], r["meta"]) for r in doc_rows])
        written = [(r["id"], p.document) for r, p in zip(doc_rows, documents, strict=True)]
        written_forms.add(conn, [(doc_id, doc) for doc_id, doc in written if doc.written_forms])
    if sentence_rows:
        conn.execute(schema.sentences.insert(), sentence_rows)
    # The bulk of the data: plain executemany (COPY) on tuples is several times faster.
    bulk_insert(conn, "tokens", *_filled_columns(_TOKEN_COLUMNS, token_rows))
    return row_ids, _segment_rows(token_rows, sentence_rows, syntax)


def _document_row(doc_id: int, prepared: PreparedDocument) -> dict[str, Any]:
    doc = prepared.document
    return {
        "id": doc_id,
        "ext_id": doc.id,
        "source": prepared.source,
        "sha256": prepared.sha256,
        "text": doc.text,
        "meta": doc.metadata,
        "pos_tags": doc.pos_tags,
        "lang": doc.lang,
    }


def _tag(token: Any) -> str | None:
    return getattr(token, "tag", None)


def _deprel(token: Any) -> str | None:
    return getattr(token, "deprel", None)


def _syntax(token: Any, at: int, tags: dict[str, int]) -> tuple[int, int, int]:
    """A token's fine-grained tag and dependency relation (ids, 0: none) and its head
    as an offset from the token (0: none), the token being the sentence's ``at``-th."""
    tag, deprel, head = _tag(token), _deprel(token), getattr(token, "head", None)
    return (
        0 if tag is None else tags[tag],
        0 if deprel is None else tags[deprel],
        0 if head is None else int(head) - at,
    )


def _segment_rows(
    token_rows: list[tuple], sentence_rows: list[dict], syntax: list[tuple[int, int, int]]
) -> token_store.SegmentRows:
    """The inserted tokens as the token store's columns (lemma: the form when none)."""
    n = len(token_rows)
    form = np.fromiter((r[5] for r in token_rows), dtype=np.int64, count=n)
    lemma = np.fromiter((r[6] or r[5] for r in token_rows), dtype=np.int64, count=n)
    pos = np.fromiter((r[7] or 0 for r in token_rows), dtype=np.int64, count=n)
    extra = np.asarray(syntax, dtype=np.int64).reshape(-1, 3)
    sizes = np.fromiter((s["n_tokens"] for s in sentence_rows), dtype=np.int64)
    return token_store.SegmentRows(
        {
            "form": form,
            "lemma": lemma,
            "pos": pos,
            "tag": extra[:, 0],
            "deprel": extra[:, 1],
            "head": extra[:, 2],
        },
        {
            "sentence_start": np.concatenate([[0], np.cumsum(sizes)]),
            "sentence_id": np.fromiter((s["id"] for s in sentence_rows), dtype=np.int64),
            "sentence_token": np.fromiter(
                (s["first_token"] for s in sentence_rows), dtype=np.int64
            ),
            "sentence_doc": np.fromiter((s["doc_id"] for s in sentence_rows), dtype=np.int64),
        },
    )


def _filled_columns(columns: Sequence[str], rows: list[tuple]) -> tuple[Sequence[str], list]:
    """The columns and rows without the optional columns that are NULL in every row (no
    vector, label or POS in a whole batch of plain text): SQLite binds each value of each
    row, and 7 columns instead of 12 insert about twice as fast."""
    keep = [
        i
        for i, name in enumerate(columns)
        if name not in _OPTIONAL_COLUMNS or list(map(itemgetter(i), rows)).count(None) < len(rows)
    ]
    if len(keep) == len(columns) or not rows:
        return columns, rows
    return [columns[i] for i in keep], list(map(itemgetter(*keep), rows))


_OPTIONAL_COLUMNS = frozenset({"lemma_id", "pos_id", "label", "instance_id", "shard_id", "row"})
_TOKEN_COLUMNS = (
    "id",
    "doc_id",
    "sentence_id",
    "char_start",
    "char_end",
    "form_id",
    "lemma_id",
    "pos_id",
    "label",
    "instance_id",
    "shard_id",
    "row",
)
