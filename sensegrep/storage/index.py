"""One index = one folder: ``index.sqlite`` (documents, sentences, tokens), ``vectors/``
(FAISS shards) and ``manifest.json`` (the embedder it was built with); or the same
tables in a schema of a PostgreSQL database (storage/database.py).

The database is the source of truth. A batch of documents becomes visible in one transaction,
together with the shard that holds its vectors, so an indexing run killed at any moment
leaves the index as it was after its last committed batch.
"""

from __future__ import annotations

import fcntl
import functools
import json
import os
import shutil
import uuid
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import chain
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from sqlalchemy import Engine, Text, cast, func, literal, select
from sqlalchemy.engine import Connection
from sqlalchemy.schema import CreateIndex

from sensegrep import failpoints
from sensegrep.document import Document
from sensegrep.embedder.base import EmbedderConfig
from sensegrep.errors import IndexMismatchError, QueryError, SensegrepError
from sensegrep.storage import database, removal, schema
from sensegrep.storage.corpus import CorpusReads
from sensegrep.storage.database import DB_NAME
from sensegrep.storage.labels import LabelStore
from sensegrep.storage.manifest import (
    MANIFEST_NAME,
    Manifest,
    check_compatible,
    read_manifest,
    write_manifest,
)
from sensegrep.storage.patterns import PatternReads
from sensegrep.storage.senses import SenseStore
from sensegrep.storage.sql import (
    bulk_insert,
    bulk_update,
    form_of,
    id_list,
    in_sentence,
    json_list,
    lemma_of,
    pos_of,
    run,
    text_values,
    vocab_ids,
)
from sensegrep.storage.vectors import DEFAULT_CODEC, SHARD_SUFFIX, ShardStore, file_size


class StaleRead(SensegrepError):
    """What a read was based on changed under it (a concurrent compaction merged the
    shards it located its vectors in): reading again sees the new state."""


_Read = TypeVar("_Read", bound=Callable[..., Any])


def retry_stale(read: _Read) -> _Read:
    """Run a whole read again (up to 3 times) when a concurrent indexing run removed
    occurrences it had located and then compacted their shards away: a rare race that
    relocating vectors by id cannot mend, since those occurrences no longer exist."""

    @functools.wraps(read)
    def again(*args: Any, **kwargs: Any) -> Any:
        for attempt in range(3):
            try:
                return read(*args, **kwargs)
            except StaleRead:
                if attempt == 2:
                    raise
        return None  # not reached

    return again  # type: ignore[return-value]


VECTORS_DIR = "vectors"
LOCK_NAME = "write.lock"
# More shards than this are merged into one after an indexing run.
MAX_SHARDS = 16
COMPACT_CHUNK = 200_000  # vectors re-encoded at a time by a compaction


@dataclass
class FileRecord:
    name: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Removal:
    """What ``Index.remove`` removed, and what it was asked to remove but did not know."""

    documents: int
    occurrences: int
    unknown_docs: list[str]
    unknown_sources: list[str]


@dataclass(frozen=True)
class StoredDocument:
    row: int  # increases with the time it was added
    sha256: str
    source: str


@dataclass
class PreparedDocument:
    """A document ready to store: ``vector_rows[s][t]`` is the row of token t of sentence s
    in the batch's vector array, or -1 when that token has no vector."""

    document: Document
    sha256: str
    source: str
    vector_rows: list[list[int]]


@dataclass
class Candidates:
    """The occurrences a query may return, in corpus order."""

    ids: np.ndarray
    shard_ids: np.ndarray
    rows: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)

    def take(self, positions: np.ndarray) -> Candidates:
        return Candidates(self.ids[positions], self.shard_ids[positions], self.rows[positions])


@dataclass
class OccurrenceContext:
    id: int
    doc: str
    start: int
    end: int
    form: str
    lemma: str
    pos: str | None
    label: str | None
    sentence: str
    left: str
    right: str
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass
class SentenceToken:
    id: int
    form: str
    lemma: str
    pos: str | None
    start: int  # relative to the sentence
    end: int
    is_target: bool


@dataclass
class Filters:
    pos: Sequence[str] = ()
    where: Sequence[tuple[str, str]] = ()
    docs: Sequence[str] = ()


class Index(LabelStore, SenseStore, CorpusReads, PatternReads):
    """An open index. storage/ is the only package that writes SQL: queries on labels,
    sense runs, the text around occurrences and patterns are in the mixins this class
    inherits (labels.py, senses.py, corpus.py, patterns.py); removal.py runs inside
    ``add_batch``'s transaction."""

    def __init__(
        self, folder: Path, manifest: Manifest, writable: bool, db: str | None = None
    ) -> None:
        self.folder = folder
        self.manifest = manifest
        self.writable = writable
        server = manifest.database
        # A folder this process cannot write (a read-only share, a snapshot) is read as
        # an immutable database: no WAL or shared-memory file is needed, none is made.
        self.read_only = server is None and not writable and not _can_write(folder)
        if server is None:
            self.engine = database.sqlite_engine(folder / DB_NAME, self.read_only)
        else:
            url = database.chosen_database(db) or server["url"]
            self.engine = database.postgres_engine(url, server["schema"])
        self.shards = ShardStore(folder / VECTORS_DIR, manifest.embedder.dim, manifest.vectors)
        self._shard_files: dict[int, str] = {}
        self._lock_fd: int | None = None
        self._server_lock: database.ServerWriteLock | None = None

    @property
    def on_server(self) -> bool:
        """Whether the metadata is in a PostgreSQL database (not index.sqlite)."""
        return self.manifest.database is not None

    @property
    def where(self) -> str:
        """The index as messages name it: its folder, and its database when on a server."""
        server = self.manifest.database
        if server is None:
            return str(self.folder)
        return f"{self.folder} (schema {server['schema']} at {server['url']})"

    # -- opening -----------------------------------------------------------------

    @classmethod
    def open(cls, folder: Path | str, db: str | None = None) -> Index:
        """Open an existing index for reading. ``db``: the PostgreSQL URL to reach its
        database by (default: SENSEGREP_DB, else the URL its manifest recorded)."""
        folder = Path(folder)
        if not (folder / MANIFEST_NAME).exists():
            raise SensegrepError(
                f"no sensegrep index at {folder}: create one with "
                f"`sensegrep --index {folder} index FILES…` (or set SENSEGREP_INDEX)"
            )
        manifest = read_manifest(folder)
        if manifest.database is None and not (folder / DB_NAME).is_file():
            # SQLite would silently create an empty database in its place.
            raise SensegrepError(
                f"{folder / DB_NAME} is missing: the index is damaged; build it again "
                f"in a new folder (`sensegrep --index NEW index FILES…`)"
            )
        index = cls(folder, _matching(folder, manifest, db), writable=False, db=db)
        index._check_database()
        return index

    @classmethod
    def open_for_writing(
        cls,
        folder: Path | str,
        embedder: EmbedderConfig,
        vectors: str | None = None,
        db: str | None = None,
    ) -> Index:
        """Open (or create) an index to add to; refuses one built with another embedder,
        or storing its vectors in another codec than ``vectors`` (None: the index's own;
        for a new index, DEFAULT_CODEC). A new index keeps its metadata in a schema of
        the PostgreSQL database ``db`` (default: SENSEGREP_DB) when one is given."""
        folder = Path(folder)
        if folder.exists() and not folder.is_dir():
            raise SensegrepError(f"--index {folder} is a file; an index is a folder")
        folder.mkdir(parents=True, exist_ok=True)
        creating = not (folder / MANIFEST_NAME).exists()
        if creating:
            if any(p.name not in _CREATION_FILES for p in folder.iterdir()):
                raise SensegrepError(
                    f"{folder} is not empty and holds no sensegrep index: choose another --index"
                )
            server = database.chosen_database(db)
            public = None if server is None else database.public_url(server)
            manifest = Manifest.new(embedder, vectors or DEFAULT_CODEC, public)
        else:
            manifest = _matching(folder, read_manifest(folder), db)
            check_compatible(folder, manifest.embedder, embedder)
            if vectors is not None and vectors != manifest.vectors:
                raise IndexMismatchError(
                    f"{folder} stores its vectors as {manifest.vectors}, not {vectors}: "
                    f"leave out --vectors, or use another --index folder"
                )
        index = cls(folder, manifest, writable=True, db=db)
        index._acquire_lock()
        failpoints.reach("create:locked")
        if creating:
            # The manifest is written last, so a folder without one holds at most what a
            # creation killed half-way left: no document was ever added. Start it over.
            _remove_creation_leftovers(folder)
            if manifest.database is not None:
                database.create_schema(index.engine, manifest.database["schema"])
        else:
            index._check_database()
        schema.metadata.create_all(index.engine)
        _add_new_indexes(index.engine)
        failpoints.reach("create:schema")
        write_manifest(folder, manifest)
        index._remove_garbage()
        return index

    def close(self) -> None:
        self.shards.close()
        if self._server_lock is not None:
            self._server_lock.release()
            self._server_lock = None
        self.engine.dispose()
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def embedder_config(self) -> EmbedderConfig:
        return self.manifest.embedder

    def _acquire_lock(self) -> None:
        fd = os.open(self.folder / LOCK_NAME, os.O_CREAT | os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            os.close(fd)
            raise SensegrepError(
                f"another sensegrep process is writing to {self.folder}; wait for it to finish"
            ) from exc
        self._lock_fd = fd
        if self.manifest.database is not None:
            try:
                self._server_lock = database.ServerWriteLock(
                    self.engine, self.manifest.database["schema"], self.where
                )
            except BaseException:
                os.close(fd)
                self._lock_fd = None
                raise

    def _check_database(self) -> None:
        """A PostgreSQL URL naming another database than the index's: say so, rather
        than read an empty index or create its tables there."""
        server = self.manifest.database
        if server is None:
            return
        with self.engine.connect() as conn:
            if not database.schema_exists(conn, server["schema"]):
                url = conn.engine.url.render_as_string(hide_password=True)
                raise SensegrepError(
                    f"{self.folder}: its database schema {server['schema']} is not in {url}: "
                    f"give the URL of the database it was built in ({server['url']}) with "
                    "--db or SENSEGREP_DB"
                )

    def _remove_garbage(self) -> None:
        with self.engine.connect() as conn:
            referenced = set(conn.scalars(select(schema.shards.c.file)))
            referenced |= set(conn.scalars(select(schema.ann_state.c.file)))
        self.shards.remove_unreferenced(referenced)

    # -- writing -----------------------------------------------------------------

    def has_file(self, sha256: str) -> bool:
        return self._exists(schema.files.c.sha256, sha256)

    def has_file_named(self, name: str) -> bool:
        """Whether a file was indexed under this name (with any content)."""
        return self._exists(schema.files.c.name, name)

    def has_document(self, sha256: str) -> bool:
        return self._exists(schema.documents.c.sha256, sha256)

    def document_versions(self, ext_id: str) -> list[StoredDocument]:
        """The stored documents with this id (more than one only with ``--on-duplicate
        keep``)."""
        d = schema.documents
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(d.c.id, d.c.sha256, d.c.source).where(d.c.ext_id == ext_id)
            ).all()
        return [StoredDocument(*row) for row in rows]

    def last_document_row(self) -> int:
        """The newest document's row id (0 when empty): later rows were added after."""
        with self.engine.connect() as conn:
            return conn.execute(select(func.max(schema.documents.c.id))).scalar() or 0

    def _exists(self, column: Any, value: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(column).where(column == value).limit(1)).first() is not None

    def add_batch(
        self,
        documents: Sequence[PreparedDocument],
        vectors: np.ndarray,
        files: Sequence[FileRecord] = (),
        replace: Sequence[str] = (),
        retire: Mapping[str, Collection[str]] | None = None,
    ) -> None:
        """Store documents with their vectors, and mark ``files`` as done, atomically.
        Stored documents whose id is in ``replace`` are removed in the same transaction;
        their hand-set labels follow unchanged occurrences (see storage/removal.py).
        ``retire``: for a file indexed again with new content, {its name: the document
        ids its new version has}; its other documents are removed, and so is the record
        of its old content."""
        if not self.writable:
            raise SensegrepError("this index was opened read-only")
        shard_file, order = None, None
        if len(vectors):
            names, ranks, order = _shard_order(documents)
            shard_file = f"{uuid.uuid4().hex}{SHARD_SUFFIX}"
            self.shards.write(shard_file, vectors[order])
        failpoints.reach("batch:shard-written")
        try:
            with self.engine.begin() as conn:
                shard_id = None
                if shard_file is not None:
                    shard_id = conn.execute(
                        schema.shards.insert().values(file=shard_file, count=len(vectors))
                    ).inserted_primary_key[0]
                carried = []
                if replace:
                    carried = removal.remove_documents(conn, replace)
                    failpoints.reach("batch:old-removed")
                row_of = np.empty(len(vectors), dtype=np.int64)
                if order is not None:
                    row_of[order] = np.arange(len(vectors))
                row_ids = _insert_documents(conn, documents, shard_id, row_of)
                if shard_id is not None:
                    _insert_runs(conn, shard_id, names, ranks[order], row_ids)
                if carried:
                    removal.carry_labels(conn, carried)
                for name, kept in (retire or {}).items():
                    removal.remove_document_rows(conn, removal.stale_rows(conn, name, kept))
                    conn.execute(schema.files.delete().where(schema.files.c.name == name))
                now = datetime.now(UTC).isoformat(timespec="seconds")
                for f in files:
                    conn.execute(
                        schema.files.insert().values(
                            name=f.name, sha256=f.sha256, size=f.size, indexed_at=now
                        )
                    )
                failpoints.reach("batch:before-commit")
            failpoints.reach("batch:committed")
        except BaseException:
            if shard_file is not None:
                (self.shards.folder / shard_file).unlink(missing_ok=True)
            raise

    def remove(self, docs: Sequence[str] = (), sources: Sequence[str] = ()) -> Removal:
        """Remove documents by id, and every document indexed from these files (which are
        then forgotten, so they can be indexed again), in one transaction; then compact
        when most stored vectors are dead. Unknown ids and files are reported back."""
        if not self.writable:
            raise SensegrepError("this index was opened read-only")
        d = schema.documents
        with self.engine.begin() as conn:
            known = set(conn.scalars(select(d.c.ext_id).where(d.c.ext_id.in_(list(docs)))))
            present = set(conn.scalars(select(d.c.source).where(d.c.source.in_(list(sources)))))
            present |= set(
                conn.scalars(
                    select(schema.files.c.name).where(schema.files.c.name.in_(list(sources)))
                )
            )
            rows = removal.document_rows(conn, ext_ids=docs, sources=sources)
            occurrences = removal.count_occurrences(conn, rows)
            removal.remove_document_rows(conn, rows)
            conn.execute(schema.files.delete().where(schema.files.c.name.in_(list(sources))))
        self.compact()
        self.update_ann()
        return Removal(
            documents=len(rows),
            occurrences=occurrences,
            unknown_docs=[d for d in docs if d not in known],
            unknown_sources=[s for s in sources if s not in present],
        )

    def compact(self, max_shards: int | None = None) -> bool:
        """Merge all shards into one when there are more than ``max_shards`` (default
        MAX_SHARDS), or when most of their rows belong to removed documents (the rewrite
        reclaims them)."""
        if not self._needs_compaction(MAX_SHARDS if max_shards is None else max_shards):
            return False
        with self.engine.connect() as conn:
            t = schema.tokens
            occ = conn.execute(
                select(t.c.id, t.c.shard_id, t.c.row, func.coalesce(t.c.lemma_id, t.c.form_id))
                .where(t.c.shard_id.isnot(None))
                .order_by(t.c.id)
            ).cursor.fetchall()
            names, rank_of_word = _key_ranks(conn)
        table = np.asarray(occ, dtype=np.int64).reshape(-1, 4)
        # Sorted by lemma key (ties by id, as fetched): each run's ids ascend.
        all_ranks = rank_of_word[table[:, 3]]
        order = np.argsort(all_ranks, kind="stable")
        found = Candidates(table[:, 0], table[:, 1], table[:, 2]).take(order)
        ids, shard_ids, rows, ranks = found.ids, found.shard_ids, found.rows, all_ranks[order]
        if not len(ids):  # every document was removed: nothing to merge, drop them all
            with self.engine.begin() as conn:
                conn.execute(schema.lemma_runs.delete())
                conn.execute(schema.shards.delete())
            self.read_again()
            self._remove_garbage()
            return True
        del occ
        new_file = f"{uuid.uuid4().hex}{SHARD_SUFFIX}"
        # Decoded and re-encoded a chunk at a time: 10M vectors never sit in memory.
        chunks = (
            self.vectors(shard_ids[at : at + COMPACT_CHUNK], rows[at : at + COMPACT_CHUNK])
            for at in range(0, len(ids), COMPACT_CHUNK)
        )
        self.shards.write(new_file, chunks)
        failpoints.reach("compact:shard-written")
        with self.engine.begin() as conn:
            new_id = conn.execute(
                schema.shards.insert().values(file=new_file, count=len(ids))
            ).inserted_primary_key[0]
            bulk_update(
                conn,
                "tokens",
                ["shard_id", "row"],
                [(new_id, row, int(tid)) for row, tid in enumerate(ids)],
            )
            conn.execute(schema.lemma_runs.delete())
            _insert_runs(conn, new_id, names, ranks, ids)
            conn.execute(schema.shards.delete().where(schema.shards.c.id != new_id))
            failpoints.reach("compact:before-commit")
        failpoints.reach("compact:committed")
        self.shards.close()
        self._shard_files.clear()
        self._remove_garbage()
        return True

    def update_ann(self) -> str | None:
        """Bring search across words up to date (storage/ann.py): "built", "extended"
        or None when nothing was needed."""
        from sensegrep.storage import ann

        return ann.maintain(self)

    def nearest(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(ids, cosines) of the ``k`` occurrences of any word nearest to ``query``."""
        from sensegrep.storage import ann

        return ann.nearest(self, query, k)

    def vacuum(self) -> None:
        """Give the space of removed rows back to the file system (SQLite keeps it for
        reuse otherwise). Rewrites the database: needs as much free space again. On
        PostgreSQL, VACUUM FULL of the index's tables (outside a transaction, as it must
        run): it locks each table while rewriting it, so readers wait that long."""
        with self.engine.connect() as conn:
            if not self.on_server:
                conn.exec_driver_sql("VACUUM")
                return
            autocommit = conn.execution_options(isolation_level="AUTOCOMMIT")
            for table in schema.metadata.sorted_tables:
                autocommit.exec_driver_sql(f"VACUUM (FULL, ANALYZE) {table.name}")

    def _needs_compaction(self, max_shards: int) -> bool:
        with self.engine.connect() as conn:
            shards, stored = conn.execute(
                select(func.count(), func.coalesce(func.sum(schema.shards.c.count), 0)).select_from(
                    schema.shards
                )
            ).one()
            live = conn.execute(
                select(func.count()).where(schema.tokens.c.shard_id.isnot(None))
            ).scalar_one()
        return shards > max_shards or (stored - live) * 2 >= max(stored, 1)

    # -- reading -----------------------------------------------------------------

    def candidates(
        self, word: str, by_form: bool = False, filters: Filters | None = None
    ) -> Candidates:
        """The occurrences of ``word`` (by lemma, or by form), filtered, in corpus order."""
        filters = filters or Filters()
        found = self._form_candidates(word) if by_form else self._lemma_candidates(word)
        if len(found) and (filters.pos or filters.where or filters.docs):
            keep = self.passing(found.ids, filters)
            found = found.take(np.flatnonzero(np.isin(found.ids, keep)))
        return found

    def _form_candidates(self, word: str) -> Candidates:
        """All occurrences of a form, by its case-folded key: the vocab ids of the key,
        then their occurrences through ix_occurrence_form."""
        t = schema.tokens
        with self.engine.connect() as conn:
            words = vocab_ids(conn, _lemma_key(word))
            query = (
                select(t.c.id, t.c.shard_id, t.c.row)
                .where(t.c.form_id.in_(list(words)), t.c.shard_id.isnot(None))
                .order_by(t.c.id)
            )
            # Straight from the DBAPI cursor: Row objects cost more than the query.
            return _candidates_from_rows(conn.execute(query).cursor.fetchall())

    def labelled(self, ids: np.ndarray, label: str) -> np.ndarray:
        """The ids among ``ids`` whose labels (space-separated) include ``label``."""
        t = schema.tokens
        padded = literal(" ") + t.c.label + literal(" ")  # match whole labels only
        query = select(t.c.id).where(
            t.c.id.in_(id_list(ids)), padded.contains(f" {label} ", autoescape=True)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).cursor.fetchall()
        return np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))

    def passing(self, ids: np.ndarray, filters: Filters) -> np.ndarray:
        """The ids among ``ids`` whose token and document pass ``filters``."""
        t, d = schema.tokens, schema.documents
        query = select(t.c.id).where(t.c.id.in_(id_list(ids)))
        if filters.pos:
            p = schema.pos_tags
            tags = select(p.c.id).where(func.upper(p.c.tag).in_([x.upper() for x in filters.pos]))
            query = query.where(t.c.pos_id.in_(tags))
        if filters.where or filters.docs:
            query = query.join(d, d.c.id == t.c.doc_id)
        for key, value in filters.where:
            query = query.where(cast(d.c.meta[key].as_string(), Text) == value)
        if filters.docs:
            query = query.where(d.c.ext_id.in_(list(filters.docs)))
        with self.engine.connect() as conn:
            rows = conn.execute(query).cursor.fetchall()
        return np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))

    def _lemma_candidates(self, word: str) -> Candidates:
        """All occurrences of a lemma from its runs: a few rows, whatever its frequency."""
        r = schema.lemma_runs
        with self.engine.connect() as conn:
            runs = conn.execute(
                select(r.c.shard_id, r.c.start, r.c.count, r.c.ids).where(
                    r.c.lemma_key == _lemma_key(word)
                )
            ).all()
        if not runs:
            return _candidates_from_rows([])
        ids = np.concatenate([schema.decode_ids(blob) for *_rest, blob in runs])
        shard_ids = np.concatenate([np.full(n, shard, np.int64) for shard, _s, n, _b in runs])
        rows = np.concatenate([np.arange(start, start + n) for _sh, start, n, _b in runs])
        if len(runs) == 1 and schema.ids_ascending(runs[0][3]):
            return Candidates(ids, shard_ids, rows)  # one run (compacted): in order already
        order = np.argsort(ids, kind="stable")  # corpus order across shards
        return Candidates(ids[order], shard_ids[order], rows[order])

    def candidates_by_id(self, ids: Iterable[int]) -> Candidates:
        """Occurrences by id, in the order given; unknown ids are an error."""
        wanted = [int(i) for i in ids]
        t = schema.tokens
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(t.c.id, t.c.shard_id, t.c.row).where(
                    t.c.id.in_(wanted), t.c.shard_id.isnot(None)
                )
            ).all()
        found = {r[0]: r for r in rows}
        missing = [i for i in wanted if i not in found]
        if missing:
            raise QueryError(
                f"no occurrence with id {', '.join(map(str, missing))} in {self.folder}: "
                "use the id column of search output"
            )
        return _candidates_from_rows([found[i] for i in wanted])

    def vectors_of(self, found: Candidates) -> np.ndarray:
        """The vectors of ``found``'s occurrences. If a concurrent compaction merged the
        shards they were located in, they are located again by id and read once more."""
        try:
            return self.vectors(found.shard_ids, found.rows)
        except StaleRead:
            self.read_again()
            again = self._relocate(found.ids)
            return self.vectors(again.shard_ids, again.rows)

    def existing(self, ids: np.ndarray) -> Candidates:
        """Where the occurrences among ``ids`` that still exist are, in the order given
        (a removed one is left out)."""
        t = schema.tokens
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(t.c.id, t.c.shard_id, t.c.row).where(
                    t.c.id.in_(id_list(ids)), t.c.shard_id.isnot(None)
                )
            ).all()
        at = {r[0]: r for r in rows}
        return _candidates_from_rows([at[int(i)] for i in ids if int(i) in at])

    def _relocate(self, ids: np.ndarray) -> Candidates:
        """Current (shard, row) of occurrences, in the order of ``ids``; StaleRead when
        some were removed meanwhile."""
        found = self.existing(ids)
        if len(found) != len(ids):
            raise StaleRead("occurrences were removed while they were being read")
        return found

    def vectors(self, shard_ids: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """The vectors at (shard, row); StaleRead when a concurrent compaction merged
        those shards away after they were looked up (``vectors_of`` reads again)."""
        try:
            shards = np.unique(shard_ids)
            if len(shards) == 1:  # the common case after compaction: no gather needed
                return self.shards.rows(self._shard_file(int(shards[0])), rows)
            out = np.empty((len(rows), self.manifest.embedder.dim), dtype=np.float32)
            for shard_id in shards:
                mask = shard_ids == shard_id
                out[mask] = self.shards.rows(self._shard_file(int(shard_id)), rows[mask])
            return out
        except FileNotFoundError as exc:
            raise StaleRead(
                f"vector shard {exc} is missing (deleted, or merged away by a compaction "
                "running now): if this persists, run `sensegrep check`"
            ) from None

    def _shard_file(self, shard_id: int) -> str:
        if shard_id not in self._shard_files:
            with self.engine.connect() as conn:
                self._shard_files = dict(
                    conn.execute(select(schema.shards.c.id, schema.shards.c.file)).all()
                )
        if shard_id not in self._shard_files:
            raise StaleRead(f"shard {shard_id} was merged away by a concurrent compaction")
        return self._shard_files[shard_id]

    def read_again(self) -> None:
        """Forget cached shard files after a StaleRead, before reading again."""
        self._shard_files.clear()
        self.shards.close()

    def contexts(self, ids: Sequence[int]) -> dict[int, OccurrenceContext]:
        """Concordance context of occurrences: sentence, left and right of the word."""
        t, s, d = schema.tokens, schema.sentences, schema.documents
        sentence_text = func.substr(d.c.text, s.c.char_start + 1, s.c.char_end - s.c.char_start)
        query = (
            select(
                t.c.id,
                d.c.ext_id,
                t.c.char_start,
                t.c.char_end,
                form_of(t),
                lemma_of(t),
                pos_of(t),
                t.c.label,
                s.c.char_start,
                sentence_text,
                d.c.meta,
            )
            .join(s, s.c.id == t.c.sentence_id)
            .join(d, d.c.id == t.c.doc_id)
            .where(t.c.id.in_(id_list(np.asarray(ids, dtype=np.int64))))
        )
        out = {}
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                tid, doc, start, end, form, lemma, pos, label, s_start, sentence, meta = row
                out[tid] = OccurrenceContext(
                    id=tid,
                    doc=doc,
                    start=start,
                    end=end,
                    form=form,
                    lemma=lemma,
                    pos=pos,
                    label=label,
                    sentence=sentence,
                    left=sentence[: start - s_start],
                    right=sentence[end - s_start :],
                    metadata=meta if isinstance(meta, dict) else json.loads(meta),
                )
        return out

    def sentence_tokens(self, ids: Sequence[int]) -> dict[int, list[SentenceToken]]:
        """Every token of each occurrence's sentence, offsets relative to the sentence."""
        t, other, s = schema.tokens, schema.tokens.alias("other"), schema.sentences
        query = (
            select(
                t.c.id,
                other.c.id,
                form_of(other),
                lemma_of(other),
                pos_of(other),
                other.c.char_start - s.c.char_start,
                other.c.char_end - s.c.char_start,
            )
            .join(s, s.c.id == t.c.sentence_id)
            .join(other, in_sentence(other, s))
            .where(t.c.id.in_(id_list(np.asarray(ids, dtype=np.int64))))
            .order_by(t.c.id, other.c.id)
        )
        out: dict[int, list[SentenceToken]] = {}
        with self.engine.connect() as conn:
            for occ_id, tok_id, form, lemma, pos, start, end in conn.execute(query):
                out.setdefault(occ_id, []).append(
                    SentenceToken(tok_id, form, lemma, pos, start, end, tok_id == occ_id)
                )
        return out

    def check(self) -> list[str]:
        """Problems found in the index, one line each (none: it is sound): SQLite's
        integrity check, every shard file readable with its recorded row count and
        dimension, every occurrence pointing inside a shard, lemma runs matching the
        occurrences, every token inside its sentence's id range and the vocabulary. A
        damaged shard's line names the input files to index again."""
        problems: list[str] = []
        with self.engine.connect() as conn:
            # PostgreSQL checks its own pages (and has no quick_check to ask).
            verdict = "ok"
            if not self.on_server:
                verdict = conn.exec_driver_sql("PRAGMA quick_check").scalar()
            if verdict != "ok":
                return [f"{self.folder / DB_NAME}: SQLite integrity check failed ({verdict})"]
            shards = conn.execute(
                select(schema.shards.c.id, schema.shards.c.file, schema.shards.c.count)
            ).all()
            for shard_id, file, count in shards:
                problem = self.shards.check(file, count)
                if problem:
                    problems.append(
                        f"{problem}; index these files again: {self._sources_of(conn, shard_id)}"
                    )
            problems += self._check_rows(conn)
        return problems

    def _sources_of(self, conn: Connection, shard_id: int) -> str:
        rows = (
            run(
                conn,
                "SELECT DISTINCT d.source FROM tokens t JOIN documents d ON d.id = t.doc_id "
                "WHERE +t.shard_id = ? ORDER BY d.source LIMIT 20",
                (shard_id,),
            )
            .scalars()
            .all()
        )
        return ", ".join(rows) or "(none)"

    def _check_rows(self, conn: Connection) -> list[str]:
        # Unary +: a plain scan of the table, not a walk through the occurrences' form
        # index with a lookup of each row (random reads).
        problems = []
        outside = run(
            conn,
            "SELECT count(*) FROM tokens t LEFT JOIN shards s ON s.id = t.shard_id "
            "WHERE +t.shard_id IS NOT NULL AND (s.id IS NULL OR t.row < 0 OR t.row >= s.count)",
        ).scalar()
        if outside:
            problems.append(f"{outside:,} occurrences point outside their shard")
        with_vectors = run(conn, "SELECT count(*) FROM tokens WHERE shard_id IS NOT NULL").scalar()
        in_runs = run(conn, "SELECT coalesce(sum(count), 0) FROM lemma_runs").scalar()
        # The width byte and the length of each packed run (a few rows per lemma).
        runs = run(conn, "SELECT count, length(ids), substr(ids, 1, 1) FROM lemma_runs")
        bad_runs = sum(
            not schema.run_is_sound(count, length, bytes(head)) for count, length, head in runs
        )
        if in_runs != with_vectors or bad_runs:
            problems.append(
                f"lemma runs list {in_runs:,} occurrences ({bad_runs} malformed) for "
                f"{with_vectors:,} with vectors: build the index again"
            )
        return problems + _check_tokens(conn)

    def info(self) -> dict[str, Any]:
        t = schema.tokens
        with self.engine.connect() as conn:
            count = lambda q: conn.execute(q).scalar_one()  # noqa: E731
            occurrences = count(select(func.count()).where(t.c.shard_id.isnot(None)))
            stats = {
                "index": str(self.folder),
                "files": count(select(func.count()).select_from(schema.files)),
                "documents": count(select(func.count()).select_from(schema.documents)),
                "sentences": count(select(func.count()).select_from(schema.sentences)),
                "tokens": count(select(func.count()).select_from(t)),
                "occurrences": occurrences,
                # Every occurrence is in its lemma's runs: a few rows per lemma to count.
                "lemmas": count(select(func.count(func.distinct(schema.lemma_runs.c.lemma_key)))),
                "shards": count(select(func.count()).select_from(schema.shards)),
            }
            database_bytes = _server_bytes(conn) if self.on_server else 0
        if self.manifest.database is not None:
            stats["database"] = dict(self.manifest.database)
        disk = sum(file_size(p) for p in self.folder.rglob("*")) + database_bytes
        stats.update(
            model=self.manifest.embedder.model,
            layers=list(self.manifest.embedder.layers),
            pooling=self.manifest.embedder.pooling,
            dim=self.manifest.embedder.dim,
            vectors=self.manifest.vectors,
            disk_bytes=disk,
            vector_bytes=self.shards.disk_bytes(),
            bytes_per_occurrence=round(disk / occurrences, 1) if occurrences else None,
        )
        return stats


# What a first run can leave in the folder before its manifest exists.
_CREATION_FILES = frozenset(
    {LOCK_NAME, VECTORS_DIR, "manifest.tmp"}
    | {DB_NAME + suffix for suffix in ("", "-journal", "-wal", "-shm")}
)


def _remove_creation_leftovers(folder: Path) -> None:
    for path in folder.iterdir():
        if path.name == LOCK_NAME:
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def _can_write(folder: Path) -> bool:
    db = folder / DB_NAME
    return os.access(folder, os.W_OK) and (not db.exists() or os.access(db, os.W_OK))


def _add_new_indexes(engine: Engine) -> None:
    """Indexes added to the schema after an index was made (create_all makes those of
    new tables only): the CQL lookups; until a write adds them, patterns scan."""
    with engine.begin() as conn:
        for table_index in schema.tokens.indexes:
            conn.execute(CreateIndex(table_index, if_not_exists=True))


def _matching(folder: Path, manifest: Manifest, db: str | None) -> Manifest:
    """The manifest, once sure that an explicit ``db`` does not contradict it: an index
    in index.sqlite has no server database to point at."""
    if db and manifest.database is None:
        raise SensegrepError(
            f"{folder} keeps its metadata in {folder / DB_NAME}, not in a server "
            f"database: leave out --db {database.public_url(db)}"
        )
    return manifest


def _server_bytes(conn: Connection) -> int:
    """The bytes of the index's tables and their indexes in the server database."""
    return int(
        run(
            conn,
            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = current_schema() AND c.relkind = 'r'",
        ).scalar()
    )


def _lemma_key(word: str) -> str:
    return word.lower()


def _shard_order(documents: Sequence[PreparedDocument]) -> tuple[list[str], np.ndarray, Any]:
    """(the distinct lemma keys of the batch's vector rows, sorted; each row's key as an
    index into them; the order of the rows in the shard). Sorted by key, one word's
    vectors are contiguous; ties in corpus order, so each run's token ids ascend."""
    found = []  # (vector row, place in corpus order, lemma key)
    for prepared in documents:
        for sentence, rows in zip(prepared.document.sentences, prepared.vector_rows, strict=True):
            for tok, row in zip(sentence.tokens, rows, strict=True):
                if row >= 0:
                    found.append((row, len(found), _lemma_key(tok.lemma or tok.form)))
    found.sort(key=lambda item: item[0])
    names, ranks = np.unique(
        np.asarray([key for *_, key in found], dtype=object), return_inverse=True
    )
    corpus = np.fromiter((place for _row, place, _key in found), dtype=np.int64, count=len(found))
    return list(names), ranks, np.lexsort((corpus, ranks))


def _key_ranks(conn: Connection) -> tuple[list[str], np.ndarray]:
    """(every distinct vocab key, sorted; for each vocab id, its key's index in them)."""
    words = run(conn, "SELECT id, coalesce(key, text) FROM vocab").fetchall()
    names, ranks = np.unique(
        np.asarray([key for _id, key in words], dtype=object), return_inverse=True
    )
    rank_of_word = np.zeros(max((i for i, _key in words), default=0) + 1, dtype=np.int64)
    rank_of_word[np.fromiter((i for i, _key in words), dtype=np.int64, count=len(words))] = ranks
    return list(names), rank_of_word


def _check_tokens(conn: Connection) -> list[str]:
    """What the tokens table has no foreign keys to guard: every token inside its
    sentence's id range and every id range full, every word a vocabulary entry (vocab ids
    are 1 … n: entries are never removed)."""
    words = run(conn, "SELECT count(*), coalesce(max(id), 0) FROM vocab").one()
    astray = run(
        conn,
        "SELECT count(*) FROM tokens t LEFT JOIN sentences s ON s.id = t.sentence_id"
        " WHERE s.id IS NULL OR t.id < s.first_token OR t.id >= s.first_token + s.n_tokens"
        " OR t.form_id NOT BETWEEN 1 AND ? OR t.lemma_id NOT BETWEEN 1 AND ?",
        (words[1], words[1]),
    ).scalar()
    in_ranges = run(conn, "SELECT coalesce(sum(n_tokens), 0) FROM sentences").scalar()
    stored = run(conn, "SELECT count(*) FROM tokens").scalar()
    if astray or in_ranges != stored or words[0] != words[1]:
        return [
            f"{astray:,} tokens outside their sentence or vocabulary, {stored:,} tokens for "
            f"{in_ranges:,} in sentences: build the index again"
        ]
    return []


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
            rows = [(known[t], t, None if _lemma_key(t) == t else _lemma_key(t)) for t in new]
            bulk_insert(conn, "vocab", ("id", "text", "key"), rows)
        else:
            bulk_insert(conn, "pos_tags", ("id", "tag"), [(known[t], t) for t in new])
    return known


def _known_words(conn: Connection, texts: Collection[str]) -> dict[str, int]:
    """The vocab ids of the texts already there, found through their keys' index."""
    keys = json_list(sorted({_lemma_key(t) for t in texts}))
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
                if tok.pos is not None:
                    tags[tok.pos] += 1
    return _intern(conn, "vocab", words), _intern(conn, "pos_tags", tags)


def _insert_documents(
    conn: Connection,
    documents: Sequence[PreparedDocument],
    shard_id: int | None,
    row_of: np.ndarray,
) -> np.ndarray:
    """Insert the rows; return the token id of each shard row."""
    doc_id = _next_id(conn, schema.documents)
    sentence_id = _next_id(conn, schema.sentences)
    token_id = _next_id(conn, schema.tokens)
    words, tags = _word_ids(conn, documents)
    doc_rows, sentence_rows, token_rows = [], [], []
    row_ids = np.zeros(len(row_of), dtype=np.int64)
    for prepared in documents:
        doc = prepared.document
        doc_rows.append(
            {
                "id": doc_id,
                "ext_id": doc.id,
                "source": prepared.source,
                "sha256": prepared.sha256,
                "text": doc.text,
                "meta": doc.metadata,
            }
        )
        for s_pos, (sentence, rows) in enumerate(
            zip(doc.sentences, prepared.vector_rows, strict=True)
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
            for tok, vec_row in zip(sentence.tokens, rows, strict=True):
                has_vector = vec_row >= 0
                if has_vector:
                    row_ids[row_of[vec_row]] = token_id
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
                        int(row_of[vec_row]) if has_vector else None,
                    )
                )
                token_id += 1
            sentence_id += 1
        doc_id += 1
    if doc_rows:
        conn.execute(schema.documents.insert(), doc_rows)
    if sentence_rows:
        conn.execute(schema.sentences.insert(), sentence_rows)
    # The bulk of the data: plain executemany (COPY) on tuples is several times faster.
    bulk_insert(conn, "tokens", _TOKEN_COLUMNS, token_rows)
    return row_ids


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


def _insert_runs(
    conn: Connection, shard_id: int, names: Sequence[str], ranks: np.ndarray, row_ids: np.ndarray
) -> None:
    """One lemma_runs row per key; ``ranks[r]`` indexes the key of shard row r in
    ``names`` and is sorted, as the shard rows are."""
    if not len(ranks):
        return
    starts = np.flatnonzero(np.concatenate([[True], ranks[1:] != ranks[:-1]]))
    ends = np.append(starts[1:], len(ranks))
    conn.execute(
        schema.lemma_runs.insert(),
        [
            {
                "lemma_key": names[ranks[start]],
                "shard_id": shard_id,
                "start": int(start),
                "count": int(end - start),
                "ids": schema.encode_ids(row_ids[start:end]),
            }
            for start, end in zip(starts, ends, strict=True)
        ],
    )


def _candidates_from_rows(rows: Sequence[Any]) -> Candidates:
    flat = np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=3 * len(rows))
    table = flat.reshape(len(rows), 3)
    return Candidates(ids=table[:, 0], shard_ids=table[:, 1], rows=table[:, 2])
