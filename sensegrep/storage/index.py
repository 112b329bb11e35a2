"""One index = one folder: ``index.sqlite`` (documents, sentences, tokens), ``vectors/``
(FAISS shards) and ``manifest.json`` (the embedder it was built with); or the same
tables in a schema of a PostgreSQL database (storage/database.py).

:class:`Index` opens an index (checking its manifest, taking the write lock, migrating
its tables) and holds its handles. Each job on it is a module of functions over those
handles (storage/handles.py), offered here as methods so that callers write
``index.candidates(word)``: writing.py (adding batches), occurrences.py (reads),
checking.py (check, info), removal.py (remove, compact, vacuum), any_word.py (search
across words), labels.py, senses.py, corpus.py and patterns.py. The job modules own
their SQL; none imports this module.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from sensegrep import failpoints
from sensegrep.embedder.base import EmbedderConfig
from sensegrep.errors import IndexMismatchError, SensegrepError
from sensegrep.storage import (
    adding_vectors,
    any_word,
    checking,
    corpus,
    database,
    fields,
    labels,
    leases,
    migrations,
    occurrences,
    patterns,
    removal,
    senses,
    state,
    token_store,
    totals,
    vector_lemmas,
    writing,
    written_forms,
)
from sensegrep.storage.database import DB_NAME
from sensegrep.storage.locking import LOCK_NAME, WriteLock
from sensegrep.storage.manifest import (
    MANIFEST_NAME,
    VECTORS_FOR_ALL,
    VECTORS_FOR_CHOSEN,
    Manifest,
    check_compatible,
    read_manifest,
    vectors_for_mismatch,
    with_text_analysis,
    write_manifest,
)
from sensegrep.storage.vectors import DEFAULT_CODEC, ShardFolder

VECTORS_DIR = "vectors"


class Index:
    """An open index: its folder, manifest, database engine and vector shards. The
    methods after ``read_again`` are the job modules' functions (see above)."""

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
            self.engine = database.sqlite_engine(folder / DB_NAME, self.read_only, writable)
        else:
            url = database.chosen_database(db) or server["url"]
            self.engine = database.postgres_engine(url, server["schema"])
        self.shards = ShardFolder(folder / VECTORS_DIR, manifest.embedder.dim, manifest.vectors)
        self._shard_files: dict[int, str] = {}
        self._lock: WriteLock | None = None  # held while open for writing
        self._lease: Path | None = None  # a reader's lease on the files it reads (leases.py)
        self.leases = False  # whether this reader takes leases (Index.open's ``lease``)

    @property
    def on_server(self) -> bool:
        """Whether the metadata is in a PostgreSQL database (not index.sqlite)."""
        return self.manifest.database is not None

    @property
    def shard_files(self) -> dict[int, str]:
        """Shard id -> file, cached by reads (occurrences.py); see read_again."""
        return self._shard_files

    @shard_files.setter
    def shard_files(self, files: dict[int, str]) -> None:
        self._shard_files = files

    @property
    def where(self) -> str:
        """The index as messages name it: its folder, and its database when on a server."""
        server = self.manifest.database
        if server is None:
            return str(self.folder)
        return f"{self.folder} (schema {server['schema']} at {server['url']})"

    # -- opening -----------------------------------------------------------------

    @classmethod
    def open(cls, folder: Path | str, db: str | None = None, *, lease: bool = True) -> Index:
        """Open an existing index for reading. ``db``: the PostgreSQL URL to reach its
        database by (default: SENSEGREP_DB, else the URL its manifest recorded).
        ``lease=False``: write nothing into the folder, not even this reader's lease
        (storage/leases.py; ``serve --read-only``): vectors whose shards a compaction
        merges away under it are then located again by id."""
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
        database.check_schema(index.engine, folder, manifest.database)
        if len(manifest.text_analysis or {}) > 1 and (kept := index._languages_held()) is not None:
            # A run killed (kill -9) after recording its text's language, before any of
            # that text was kept: its queries are read in the languages of the text held,
            # as the next run or `remove` records (settle_languages).
            index.manifest = replace(index.manifest, text_analysis=kept)
        # A folder this process cannot write (a share) holds no lease: it is read as it is.
        index.leases = lease and not index.read_only and _can_write(folder)
        # Before the first read: the shards this reader locates vectors in stay until it
        # closes, even if a compaction merges them away meanwhile.
        index._lease = leases.take(index) if index.leases else None
        return index

    @classmethod
    def open_for_writing(
        cls,
        folder: Path | str,
        embedder: EmbedderConfig,
        vectors: str | None = None,
        db: str | None = None,
        vectors_for: str | None = None,
    ) -> Index:
        """Open (or create) an index to add to; refuses one built with another embedder,
        or storing its vectors in another codec than ``vectors`` (None: the index's own;
        for a new index, DEFAULT_CODEC), or giving vectors to other tokens than
        ``vectors_for`` ("all", "none"; None: the index's own, "all" for a new one). A
        new index keeps its metadata in a schema of the PostgreSQL database ``db``
        (default: SENSEGREP_DB) when one is given."""
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
            manifest = Manifest.new(
                embedder, vectors or DEFAULT_CODEC, public, vectors_for or VECTORS_FOR_ALL
            )
            left = _pending_database(folder)
            if manifest.database is not None and left is not None and left["url"] == public:
                # A creation killed after making its schema: take that schema over
                # (emptied) rather than leave it on the server, named by no index.
                manifest = replace(manifest, database=left)
        else:
            manifest = _matching(folder, read_manifest(folder), db)
            check_compatible(folder, manifest.embedder, embedder)
            if vectors is not None and vectors != manifest.vectors:
                raise IndexMismatchError(
                    f"{folder} stores its vectors as {manifest.vectors}, not {vectors}: "
                    f"leave out --vectors, or use another --index folder"
                )
            if vectors_for is not None and vectors_for != manifest.vectors_for:
                raise IndexMismatchError(vectors_for_mismatch(folder, manifest.vectors_for))
        index = cls(folder, manifest, writable=True, db=db)
        schema = None if manifest.database is None else manifest.database["schema"]
        index._lock = WriteLock(folder, index.engine, schema, index.where)
        failpoints.reach("create:locked")
        if creating:
            # The manifest is written last, so a folder without one holds at most what a
            # creation killed half-way left: no document was ever added. Start it over.
            _remove_creation_leftovers(folder)
            if manifest.database is not None:
                _record_pending_database(folder, manifest.database)  # before it exists
                database.create_schema(index.engine, manifest.database["schema"])
        else:
            database.check_schema(index.engine, folder, manifest.database)
            (folder / PENDING_NAME).unlink(missing_ok=True)  # a kill after the manifest
        migrations.migrate(index.engine)
        token_store.cover(index)  # an index made before the token store gets one
        fields.cover(index)  # and its documents' fields
        failpoints.reach("create:schema")
        if not creating and (kept := index._languages_held()) is not None:
            # the language of a run killed before its text was kept (open's reading)
            manifest = index.manifest = replace(manifest, text_analysis=kept)
        write_manifest(folder, manifest)
        (folder / PENDING_NAME).unlink(missing_ok=True)  # the manifest names the schema now
        removal.remove_garbage(index)
        return index

    def close(self) -> None:
        if self._lock is not None:
            _release_retired(self)
        self.shards.close()
        leases.give_back(self._lease)
        self._lease = None
        if self._lock is not None:
            self._lock.release_server()
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def has_vectors(self) -> bool:
        """False for a text-only index (``index --vectors-for none``)."""
        return self.manifest.has_vectors

    @property
    def embedder_config(self) -> EmbedderConfig:
        return self.manifest.embedder

    def record_text_analysis(self, lang: str, analysis: dict[str, Any]) -> None:
        """Record what tokenises and tags this index's plain text and JSONL in ``lang``
        (tagger.description), or refuse with IndexMismatchError when text in that
        language was tokenised by something else: tokens, lemmas and POS of two
        analysers would not match each other in a search."""
        if not self.writable:
            raise SensegrepError(f"{self.folder} is open for reading only")
        has_text = self.manifest.text_analysis is None and self.last_document_row() > 0
        manifest = with_text_analysis(self.folder, self.manifest, lang, analysis, has_text)
        if manifest != self.manifest:
            write_manifest(self.folder, manifest)
            self.manifest = manifest

    def settle_parse(self) -> bool:
        """Record the plain text of each language recorded as parsed in part ("mixed") as
        parsed (``--parse``) when every live token now has a dependency relation, as not
        parsed when none has: the text indexed the other way was removed since (``remove
        --source FILE``, then ``index --parse FILE``, as the mixing run's note advises), so
        that ``info`` and the next run do not say some text is parsed and some not. True
        when the manifest changed."""
        recorded = dict(self.manifest.text_analysis or {})
        mixed = [lang for lang, entry in recorded.items() if entry.get("parse") == "mixed"]
        relations = self.tags_in("deprel") if mixed and self.writable else None
        if relations is None or (relations and self.untagged_tokens("deprel")):
            return False  # cannot tell, or tokens with and without a relation
        for lang in mixed:
            recorded[lang] = {**recorded[lang], "parse": bool(relations)}
        manifest = replace(self.manifest, text_analysis=recorded)
        write_manifest(self.folder, manifest)
        self.manifest = manifest
        return True

    def tell_older_languages(self) -> None:
        """The documents of an index made before each one's language was kept are of
        the one language it recorded, or of none, until it records another: told before
        then (its French text added, then removed, left it saying "text in de, fr" and
        reading queries as English while any older document was left)."""
        recorded = self.manifest.text_analysis
        if self.writable and recorded is not None and len(recorded) <= 1:
            self.tell_unknown_languages(next(iter(recorded), None))

    def settle_languages(self) -> bool:
        """Record no language whose text is all gone (removed, or replaced by text in
        another language): the index's queries are read in the languages of the text it
        holds (a French file replaced by German text still said "text in de, fr" and read
        queries as English). True when the manifest changed."""
        kept = self._languages_held() if self.writable else None
        if kept is None:
            return False
        manifest = replace(self.manifest, text_analysis=kept)
        write_manifest(self.folder, manifest)
        self.manifest = manifest
        return True

    def _languages_held(self) -> dict[str, Any] | None:
        """The manifest's text analyses of the languages the index holds text in, where
        it records one it holds none of; None when it records none such (or cannot
        tell)."""
        recorded = self.manifest.text_analysis or {}
        held = self.text_languages() if recorded else None
        if held is None:
            return None
        kept = {lang: entry for lang, entry in recorded.items() if lang in held}
        return None if kept == recorded else kept

    def take_encoder(
        self, embedder: EmbedderConfig, vectors: str | None = None, all_tokens: bool | None = None
    ) -> bool:
        """Make ready to add vectors for chosen words (``sensegrep vectors add``) with
        ``embedder`` in codec ``vectors`` to the tokens ``all_tokens`` says (every one,
        or the content words): a text-only index records them (it becomes "chosen"); an
        index with vectors refuses other ones (check_compatible). The all_tokens in
        force."""
        if not self.writable:
            raise SensegrepError(f"{self.folder} is open for reading only")
        manifest = self.manifest
        if manifest.has_vectors:
            check_compatible(self.folder, manifest.embedder, embedder)
            if vectors is not None and vectors != manifest.vectors:
                raise IndexMismatchError(
                    f"{self.folder} stores its vectors as {manifest.vectors}, not {vectors}: "
                    "leave out --vectors"
                )
            recorded = manifest.all_tokens
            if recorded is None and all_tokens:  # an index built all at once records none
                raise IndexMismatchError(
                    f"{self.folder} gives vectors to the tokens its indexing chose (not "
                    "recorded): leave out --all-tokens"
                )
            if all_tokens is not None and recorded is not None and all_tokens != recorded:
                raise IndexMismatchError(
                    f"{self.folder} gives vectors to "
                    f"{'every token' if recorded else 'content words only'}: "
                    f"{'add' if recorded else 'leave out'} --all-tokens"
                )
            return bool(all_tokens if recorded is None else recorded)
        manifest = replace(
            manifest,
            embedder=embedder,
            vectors=vectors or DEFAULT_CODEC,
            vectors_for=VECTORS_FOR_CHOSEN,
            all_tokens=bool(all_tokens),
        )
        write_manifest(self.folder, manifest)
        self.manifest = manifest
        self.shards.close()
        self.shards = ShardFolder(self.folder / VECTORS_DIR, embedder.dim, manifest.vectors)
        return bool(all_tokens)

    def read_again(self) -> None:
        """Forget cached shard files after a StaleRead, before reading again, and which
        tables the database has (a write may have brought an older index up to date). A
        reader's lease is renewed at the current generation: what it located before is
        forgotten, so the shards merged away since then need not wait for it."""
        self._shard_files.clear()
        self.shards.close()
        database.forget_tables(self.engine)
        if self._lease is not None:
            old, self._lease = self._lease, leases.take(self)  # the new one first: no gap
            leases.give_back(old)

    def release_lease(self) -> None:
        """Stop keeping merged shards for this reader (it is being replaced): a read still
        running through it locates its vectors again by id if they are gone."""
        leases.give_back(self._lease)
        self._lease = None

    # -- writing (writing.py) ------------------------------------------------------
    has_file = writing.has_file
    file_with_content = writing.file_with_content
    has_documents_from = writing.has_documents_from
    withdrawn_documents = writing.withdrawn_documents
    has_withdrawn_from = writing.has_withdrawn_from
    has_file_named = writing.has_file_named
    file_paths_named = writing.file_paths_named
    file_names_at = writing.file_names_at
    file_names_ending = writing.file_names_ending
    files_placed_under = writing.files_placed_under
    unplaced_file_names = writing.unplaced_file_names
    place_file = writing.place_file
    tell_unknown_languages = writing.tell_unknown_languages
    has_document = writing.has_document
    document_versions = writing.document_versions
    stored_versions = writing.stored_versions
    last_document_row = writing.last_document_row
    add_batch = writing.add_batch
    add_pieces = writing.add_pieces
    # -- vectors for chosen words (adding_vectors.py, vector_lemmas.py) ---------------
    plan_vectors = adding_vectors.plan
    write_vectors = adding_vectors.write_batch
    mark_complete = adding_vectors.mark_complete
    vector_status = adding_vectors.status
    vector_coverage = adding_vectors.coverage
    complete_lemmas = vector_lemmas.complete_lemmas
    word_has_vectors = vector_lemmas.word_has_vectors
    # -- reading occurrences (occurrences.py) --------------------------------------
    candidates = occurrences.candidates
    candidate_totals = occurrences.candidate_totals
    passing_documents = occurrences.passing_documents
    docs_left_out = occurrences.docs_left_out
    written_as = written_forms.written_as
    written_forms_held = written_forms.written_forms_held
    count_tokens = occurrences.count_tokens
    require_vectors = occurrences.require_vectors
    candidates_by_id = occurrences.candidates_by_id
    existing_tokens = occurrences.existing_tokens
    removed_tokens = occurrences.removed_tokens
    token_places = occurrences.token_places
    missing_occurrences_message = occurrences.missing_occurrences_message
    unembedded_lemmas = occurrences.unembedded_lemmas
    passing = occurrences.passing
    check_filters = occurrences.check_filters
    require_tags = occurrences.require_tags
    labelled = occurrences.labelled
    existing = occurrences.existing
    vectors_of = occurrences.vectors_of
    inner_products = occurrences.inner_products
    norms_of = occurrences.norms_of
    vectors = occurrences.vectors
    contexts = occurrences.contexts
    sentence_tokens = occurrences.sentence_tokens
    # -- search across words (any_word.py) -----------------------------------------
    update_ann = any_word.maintain
    nearest = any_word.nearest
    ann_coverage = any_word.coverage
    # -- checking (checking.py) ----------------------------------------------------
    check = checking.check
    info = checking.info
    has_pos = checking.has_pos
    tags_in = checking.tags_in
    has_untagged = checking.has_untagged
    untagged_tokens = checking.untagged_tokens
    coarse_pos_documents = checking.coarse_pos_documents
    text_languages = checking.text_languages
    source_languages = checking.source_languages
    # -- removal and compaction (removal.py) ---------------------------------------
    remove = removal.remove
    compact = removal.compact
    vacuum = removal.vacuum
    # -- labels (labels.py) --------------------------------------------------------
    occurrence_labels = labels.occurrence_labels
    token_labels = labels.token_labels
    missing_occurrences = labels.missing_occurrences
    labelled_occurrences = labels.labelled_occurrences
    labelled_vectors_at = labels.labelled_vectors_at
    set_labels = labels.set_labels
    set_predictions = labels.set_predictions
    clear_labels = labels.clear_labels
    label_times = labels.label_times
    removed_labels = labels.removed_labels
    # -- sense runs (senses.py) ----------------------------------------------------
    sense_run_head = senses.sense_run_head
    sense_run_heads = senses.sense_run_heads
    current_sense_run = senses.current_sense_run
    current_sense_runs = senses.current_sense_runs
    sense_run_clusters = senses.sense_run_clusters
    sense_run_members = senses.sense_run_members
    sense_run_member_counts = senses.sense_run_member_counts
    save_sense_run = senses.save_sense_run
    add_sense_members = senses.add_sense_members
    set_sense_run_centroids = senses.set_sense_run_centroids
    pin_sense_run = senses.pin_sense_run
    # -- sentences and document metadata (corpus.py) -------------------------------
    sentence_words = corpus.sentence_words
    sentence_lemmas = corpus.sentence_lemmas
    sentence_frequencies = corpus.sentence_frequencies
    field_values = corpus.field_values
    metadata_fields = corpus.metadata_fields
    metadata_values = corpus.metadata_values
    list_fields = corpus.list_fields
    # -- metadata fields by value (fields.py) --------------------------------------
    field_names = fields.field_names
    values_of_field = fields.values_of
    commonest_first = fields.commonest_first
    describe_fields = fields.describe
    document_field_values = fields.document_values
    numberless_notes = fields.numberless_notes
    documents_with = fields.documents_with
    documents_holding = fields.documents_holding
    documents_lacking = fields.documents_lacking
    occurrence_window = corpus.occurrence_window
    # -- pattern reads (patterns.py) -----------------------------------------------
    word_frequency = patterns.word_frequency
    tokens_with = patterns.tokens_with
    sentences_of = patterns.sentences_of
    sentence_id_chunks = patterns.sentence_id_chunks
    stored_sentences = patterns.stored_sentences
    document_metadata = patterns.document_metadata
    # -- the token store (token_store.py; its lookups in patterns.py) ---------------
    token_snapshot = token_store.snapshot
    token_store_complete = token_store.covers_all
    token_details = patterns.token_details
    words_with_key = patterns.words_with_key
    word_texts = patterns.word_texts
    forms_of_lemma = patterns.forms_of_lemma
    vocabulary = patterns.vocabulary
    words_held = patterns.words_held
    nearest_words = patterns.nearest_words
    tag_texts = patterns.tag_texts
    # -- sizes for a concordance's totals (totals.py) -------------------------------
    corpus_tokens = totals.corpus_tokens
    subcorpus_tokens = totals.subcorpus_tokens
    tokens_by_value = totals.tokens_by_value
    tokens_by_document = totals.tokens_by_document
    document_rows = totals.document_rows
    document_count = totals.document_count
    document_names = totals.document_names
    index_state = state.index_state
    subcorpus_documents = totals.subcorpus_documents


# What a first run can leave in the folder before its manifest exists.
# The database a creation chose, written before its schema is made and removed once the
# manifest names it: a creation killed in between left that schema, and the next one
# takes it over (or the server would keep a schema of 14 tables that no index names).
PENDING_NAME = "creating.json"
_CREATION_FILES = frozenset(
    {LOCK_NAME, VECTORS_DIR, token_store.FOLDER, leases.FOLDER, "manifest.tmp", PENDING_NAME}
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


def _record_pending_database(folder: Path, server: dict[str, str]) -> None:
    path = folder / PENDING_NAME
    with open(path, "w", encoding="utf-8") as out:
        json.dump(server, out)
        out.flush()
        os.fsync(out.fileno())  # on disk before the schema is


def _pending_database(folder: Path) -> dict[str, str] | None:
    """The database a creation killed before its manifest chose ({url, schema}), or
    None (none, or a record cut short: then its schema was never made)."""
    try:
        found = json.loads((folder / PENDING_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(found, dict) or not {"url", "schema"} <= found.keys():
        return None
    schema = str(found["schema"])
    if not schema.startswith("sensegrep_") or not schema[10:].isalnum():
        return None  # only a name sensegrep makes is dropped and made again
    return {"url": str(found["url"]), "schema": schema}


def _release_retired(index: Index) -> None:
    """A writer's close deletes the retired shard files no open reader needs any more."""
    # A closing writer that lost its database or disk leaves it to the next open.
    with contextlib.suppress(SQLAlchemyError, OSError):
        removal.remove_garbage(index)


def _can_write(folder: Path) -> bool:
    db = folder / DB_NAME
    return os.access(folder, os.W_OK) and (not db.exists() or os.access(db, os.W_OK))


def _matching(folder: Path, manifest: Manifest, db: str | None) -> Manifest:
    """The manifest, once sure that an explicit ``db`` does not contradict it: an index
    in index.sqlite has no server database to point at."""
    if db and manifest.database is None:
        raise SensegrepError(
            f"{folder} keeps its metadata in {folder / DB_NAME}, not in a server "
            f"database: leave out --db {database.public_url(db)}"
        )
    return manifest
