"""The schema of an index (SQLAlchemy Core), on SQLite or PostgreSQL.

Every token is stored so that concordance lines can be cut from the document text;
a token that also has a vector (an *occurrence*) carries the shard and row of that
vector. Token ids follow corpus order within an indexing run, so ``ORDER BY id`` is
corpus order. Format 2 (manifest.py) stores a token's words as vocabulary ids and the
ids of a lemma run packed (``encode_ids``): about half the bytes per token of format 1.
"""

from __future__ import annotations

import numpy as np
from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    func,
)

metadata = MetaData()

# documents.lang of the documents indexed before each one's language was kept: which of
# the languages the index recorded their text is in cannot be told.
UNKNOWN_LANGUAGE = "?"

# Counts and ids of tokens pass 2**31 in a billion-token corpus: 64-bit on PostgreSQL
# (SQLite's INTEGER is 64-bit already, and must stay INTEGER to be the rowid).
BigId = Integer().with_variant(BigInteger(), "postgresql")

files = Table(
    "files",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, index=True),  # a file indexed again by name
    Column("sha256", String(64), nullable=False, unique=True),
    Column("size", BigId, nullable=False),
    Column("indexed_at", String(32), nullable=False),
    # Where the file lay (absolute, links resolved), so that the same file given by
    # another path keeps its name, hence its documents' ids; None before it was kept.
    Column("path", Text, nullable=True, index=True),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("ext_id", Text, nullable=False, index=True),
    Column("source", Text, nullable=False, index=True),  # remove --source, retire
    Column("sha256", String(64), nullable=False, unique=True),
    Column("text", Text, nullable=False),
    Column("meta", JSON, nullable=False),
    # The tag set its POS were mapped from when coarser than UPOS (document.Document):
    # "penn", "stts", "treetagger-fr", "universal"; None for UPOS, no POS, or a document
    # indexed before.
    Column("pos_tags", Text, nullable=True),
    # The language of its text's analysis (Document.lang); NULL: its format brought its
    # own tokens; UNKNOWN_LANGUAGE: indexed before languages were kept per document.
    Column("lang", Text, nullable=True),
)

# The tokens of a sentence are the ids first_token … first_token + n_tokens - 1 (ids are
# handed out in corpus order, a document at a time, and rows are only ever removed a whole
# document at a time): a sentence's tokens are read as a range of the tokens table, which
# needs no index on tokens.sentence_id, and a token's position is its id - first_token.
sentences = Table(
    "sentences",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("doc_id", Integer, ForeignKey("documents.id"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("char_start", Integer, nullable=False),
    Column("char_end", Integer, nullable=False),
    Column("first_token", BigId, nullable=False),
    Column("n_tokens", Integer, nullable=False),
)

shards = Table(
    "shards",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("file", Text, nullable=False, unique=True),
    Column("count", Integer, nullable=False),
)

# Files a write superseded, kept while a reader that may still open them is open
# (storage/leases.py): the shards a compaction merged away (``shard_id`` their id, which a
# reader's located (shard, row) names) and the any-word ANN files a rebuild replaced
# (``shard_id`` NULL). ``generation`` is the number of the retirement, compared with the
# generation each reader's lease names.
retired_files = Table(
    "retired_files",
    metadata,
    Column("file", Text, primary_key=True),
    Column("shard_id", Integer, nullable=True),
    Column("generation", BigId, nullable=False),
)

# Every distinct word form and lemma, once (never removed: a few bytes per word type).
# ``key`` is the case-folded lookup key (runs.py: lemma_key) that ``--form`` matches,
# NULL when it is the text itself (most words): ``coalesce(key, text)``, indexed. Texts
# are unique, but found by key (writing.py: _intern), so no index on text is needed.
vocab = Table(
    "vocab",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("key", Text),
)
VOCAB_KEY = "coalesce(key, text)"
Index("ix_vocab_key", func.coalesce(vocab.c.key, vocab.c.text))

# Every distinct POS tag: a token stores a one-byte id instead of the string.
pos_tags = Table(
    "pos_tags",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("tag", Text, nullable=False, unique=True),
)

# The bulk of the database: every column costs bytes on every token, so words are vocab
# ids, the position is derived (see sentences) and there are no foreign keys: SQLite
# would look up the tokens of every deleted sentence, document and shard, each lookup
# needing an index on tokens. Storage code keeps the references sound; ``check`` checks.
tokens = Table(
    "tokens",
    metadata,
    Column("id", BigId, primary_key=True),
    Column("doc_id", Integer, nullable=False),
    Column("sentence_id", Integer, nullable=False),
    Column("char_start", Integer, nullable=False),
    Column("char_end", Integer, nullable=False),
    Column("form_id", Integer, nullable=False),  # vocab.id
    Column("lemma_id", Integer),  # vocab.id; NULL (a header byte only): the form
    Column("pos_id", Integer),  # pos_tags.id
    Column("label", Text),
    Column("instance_id", Text),
    # Set only for occurrences (tokens that have a vector).
    Column("shard_id", Integer),
    Column("row", Integer),
)

# One row per lemma per shard: where its vectors lie (rows start … start+count-1, the
# shard being sorted by lemma) and which occurrences they are (``ids``: token ids in row
# order, ascending, packed by ``encode_ids``). An unfiltered query reads these few rows
# instead of one per occurrence. No foreign key on shard_id (nor its index, a row per
# run): compaction removes every run before the shards they point to.
lemma_runs = Table(
    "lemma_runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("lemma_key", Text, nullable=False, index=True),
    Column("shard_id", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("count", Integer, nullable=False),
    Column("ids", LargeBinary, nullable=False),
)

# ``--form`` queries find the vocab ids of a key, then their occurrences here, in id
# (corpus) order. It holds form_id and the row id only (11 bytes per occurrence; format
# 1's copy of id, shard and row doubled that): shard and row are read from the table.
Index(
    "ix_occurrence_form",
    tokens.c.form_id,
    sqlite_where=tokens.c.shard_id.isnot(None),
    postgresql_where=tokens.c.shard_id.isnot(None),
)

# Indexes made before the token store (ix_token_lemma, ix_token_form: the tokens without
# a vector by lemma and by form) are dropped by migrations.py: its inverted lists answer
# those lookups. An older index opened read-only still has them, for the old reads.

# Each document's top-level metadata fields as text (what ``--where`` compares), one row
# per field, found by (field, value): a filter reads the documents it names instead of
# every document's row (whose text comes first). A document without fields has one row
# with field NO_FIELDS, so that the rows say which documents they cover (fields.py).
document_fields = Table(
    "document_fields",
    metadata,
    Column("doc_id", Integer, primary_key=True),
    Column("field", Text, primary_key=True),
    Column("value", Text),
    Index("ix_document_fields_value", "field", "value", "doc_id"),  # covering: no row reads
)
NO_FIELDS = ""  # with value NULL, which no --where matches

# The forms a CoNLL-U file wrote as multiword tokens (3-4 zum), which the tokens hold as
# their words (zu dem): the form, its key (lower-cased), the words' text and where they
# stand in their document (written_forms.py).
written_forms = Table(
    "written_forms",
    metadata,
    Column("doc_id", Integer, nullable=False),
    Column("char_start", Integer, nullable=False),
    Column("char_end", Integer, nullable=False),
    Column("form", Text, nullable=False),
    Column("form_key", Text, nullable=False),
    Column("words", Text, nullable=False),
    Index("ix_written_forms_key", "form_key", "doc_id"),
    Index("ix_written_forms_doc", "doc_id"),
)

# The token store's segments (token_store.py): files in the index folder's tokens/, each
# holding the tokens first_token … last_token that were live when it was written.
token_segments = Table(
    "token_segments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("file", Text, nullable=False, unique=True),
    Column("first_token", BigId, nullable=False, index=True),
    Column("last_token", BigId, nullable=False),
    Column("tokens", BigId, nullable=False),
)

# Documents removed since the segments holding their tokens were written: readers skip
# their sentences until a compaction rewrites the segments (and empties this table).
removed_documents = Table(
    "removed_documents",
    metadata,
    Column("doc_id", Integer, primary_key=True),
)

# Documents a user removed by id (``remove --doc``), by the file they came from and the
# start of their content hash (16 hex digits tell documents apart, at a fifth of the
# bytes: a removal must give its space back): a file read again (one with a bad record is
# not marked done; an edited one; another file with the same document) leaves them out
# while they are unchanged, rather than bringing them back silently. ``remove --source``
# forgets a file's rows with the file.
withdrawn_documents = Table(
    "withdrawn_documents",
    metadata,
    Column("source", Text, primary_key=True),
    Column("digest", String(16), primary_key=True),
    sqlite_with_rowid=False,
)

# Induced senses (``sensegrep senses``). Every run is kept, under its id (what a user
# names with ``--senses RUN``): a word's sense numbers mean one clustering for as long
# as the user wants. ``requested`` is the k asked for (NULL: chosen automatically),
# ``fingerprint`` the sha256 of the occurrence ids it was induced from, ``method`` the
# algorithm and its parameters. ``centre`` (the word's mean unit vector then) and
# ``centroids`` (k unit vectors, in the space the clustering saw) assign occurrences
# added later; both float64 bytes, NULL in a run made before they were kept.
sense_runs = Table(
    "sense_runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("lemma_key", Text, nullable=False, index=True),
    Column("requested", Integer),
    Column("fingerprint", String(64), nullable=False),
    Column("method", Text, nullable=False),
    Column("k", Integer, nullable=False),
    Column("occurrences", Integer, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("details", JSON, nullable=False),
    Column("centre", LargeBinary),
    Column("centroids", LargeBinary),
)

# One row per induced sense: its size when induced, most typical occurrences (ids, best
# first) and distinctive collocates ([[lemma, score], …], best first).
sense_clusters = Table(
    "sense_clusters",
    metadata,
    Column("run_id", Integer, ForeignKey("sense_runs.id", ondelete="CASCADE"), primary_key=True),
    Column("sense", Integer, primary_key=True),
    Column("size", Integer, nullable=False),
    Column("examples", JSON, nullable=False),
    Column("collocates", JSON, nullable=False),
)

# Which occurrence is in which sense (numbered from 1, biggest first). ``assigned`` 1:
# the occurrence came after the run and joined its nearest centroid.
sense_members = Table(
    "sense_members",
    metadata,
    Column("run_id", Integer, ForeignKey("sense_runs.id", ondelete="CASCADE"), primary_key=True),
    # No foreign key to tokens: SQLite would scan this table for every token removed
    # (token_id is not the key's first column); removal deletes a removed token's rows.
    Column("token_id", BigId, primary_key=True),
    Column("sense", Integer, nullable=False),
    Column("assigned", Integer, nullable=False, server_default="0"),
)

# A word's pinned run (``sensegrep senses WORD --use RUN``): its current run, whatever
# runs are made later. Without a row, the word's newest run is current.
sense_pins = Table(
    "sense_pins",
    metadata,
    Column("lemma_key", Text, primary_key=True),
    Column("run_id", Integer, ForeignKey("sense_runs.id", ondelete="CASCADE"), nullable=False),
    Column("pinned_at", String(32), nullable=False),
)


# Where a label came from (see labels/labelling.py): no row means it came with the input;
# ``manual`` was set with ``sensegrep label``, ``predicted`` by ``classify --apply``.
label_sources = Table(
    "label_sources",
    metadata,
    Column("token_id", BigId, primary_key=True),
    Column("source", String(16), nullable=False),
    Column("confidence", Float),
    Column("updated_at", String(32), nullable=False),
)

# The last label taken off each occurrence (`label --remove`, an undo) and when: an
# export read back with that label unchanged is then told from one of an index built
# again, which holds no such row, and the removal is kept (pass 29g: the label came back).
removed_labels = Table(
    "removed_labels",
    metadata,
    Column("token_id", BigId, primary_key=True),
    Column("label", Text, nullable=False),
    Column("removed_at", String(32), nullable=False),
)

# Ids are never reused, even after documents are removed: label files, exports and sense
# runs name occurrences by id. ``next_id`` is the floor for the next id of ``name``'s table,
# written when rows are removed (otherwise max(id) + 1 is the next id). The row named
# ``shard_generation`` is no table's: the number of the last file retirement (leases.py).
id_floors = Table(
    "id_floors",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("next_id", BigId, nullable=False),
)

# The ANN file over every occurrence (storage/any_word.py): one row, or none while the index
# is too small to need one. Token ids <= ``upto`` are in ``file``; newer ones are scored
# exactly. ``trained``: how many occurrences the index had when the file was trained.
ann_state = Table(
    "ann_state",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("file", String(64), nullable=False),
    Column("upto", BigId, nullable=False),
    Column("count", BigId, nullable=False),
    Column("trained", BigId, nullable=False),
    Column("nlist", Integer, nullable=False),
)


# The lemmas whose vectors ``sensegrep vectors add`` completed on an index with vectors
# for chosen words (manifest vectors_for "chosen"): every token of theirs that an
# all-at-once index embeds has its vector (new documents get them too). Any other
# word there behaves as on a text-only index. Empty on other indexes.
vector_lemmas = Table(
    "vector_lemmas",
    metadata,
    Column("lemma_key", Text, primary_key=True),
    Column("completed_at", String(32), nullable=False),
)

# Occurrences whose vectors were added (``vectors add``) below ann_state.upto: the ANN
# file lacks them, so a query scores them exactly, like the tail, until the file is
# extended with them (any_word.py) and the rows are removed.
ann_pending = Table(
    "ann_pending",
    metadata,
    Column("token_id", BigId, primary_key=True),
)


# -- lemma_runs.ids ---------------------------------------------------------------------
# One byte: the width of the differences between successive ids (1, 2 or 4: unsigned, the
# ids ascending; 8: signed, any order), the first id (int64), then the differences. A
# frequent word's ids are about a byte each (8 in format 1); decoding is a cumulative sum.
_DELTAS = {1: np.dtype("<u1"), 2: np.dtype("<u2"), 4: np.dtype("<u4"), 8: np.dtype("<i8")}
RUN_HEADER = 9  # bytes before the differences


def encode_ids(ids: np.ndarray) -> bytes:
    """A run's token ids (in row order, at least one) as stored in ``lemma_runs.ids``."""
    ids = np.asarray(ids, dtype=np.int64)
    deltas = np.diff(ids)
    width = 8
    if not len(deltas) or deltas.min() > 0:
        top = int(deltas.max()) if len(deltas) else 0
        width = next(w for w in (1, 2, 4, 8) if top <= np.iinfo(_DELTAS[w]).max)
    head = bytes([width]) + ids[:1].astype("<i8").tobytes()
    return head + deltas.astype(_DELTAS[width]).tobytes()


def encode_runs(ids: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> list[bytes]:
    """``encode_ids(ids[start:end])`` for each run, the same bytes, with the differences,
    their widths and casts computed once for all runs (a batch has tens of thousands of
    runs: one numpy call per run cost a quarter of storing it)."""
    ids = np.asarray(ids, dtype=np.int64)
    if not len(starts):
        return []
    deltas = np.diff(ids)
    # A run's differences are deltas[start:end - 1]; the one at end - 1 crosses runs.
    heads = ids[starts].astype("<i8").tobytes()
    longer = ends - starts > 1
    low = np.zeros(len(starts), dtype=np.int64)
    top = np.zeros(len(starts), dtype=np.int64)
    if longer.any():
        low[longer], top[longer] = _run_extremes(deltas, starts[longer], ends[longer] - 1)
    widths = np.full(len(starts), 8, dtype=np.int64)
    ascending = low > 0
    for w in (4, 2, 1):
        widths[ascending & (top <= np.iinfo(_DELTAS[w]).max)] = w
    widths[~longer] = 1
    packed = {w: deltas.astype(_DELTAS[w]).tobytes() for w in set(widths.tolist())}
    blobs = []
    for n, (start, end, width) in enumerate(
        zip(starts.tolist(), ends.tolist(), widths.tolist(), strict=True)
    ):
        buf = packed[width]
        blobs.append(
            bytes([width]) + heads[8 * n : 8 * n + 8] + buf[start * width : (end - 1) * width]
        )
    return blobs


def _run_extremes(
    deltas: np.ndarray, firsts: np.ndarray, ends: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The least and greatest of deltas[first:end] for each (first, end), end > first."""
    bounds = np.stack([firsts, ends], axis=1).ravel()
    padded = np.append(deltas, 0)  # reduceat may be given len(deltas) as a bound
    lows = np.minimum.reduceat(padded, bounds)[::2]
    tops = np.maximum.reduceat(padded, bounds)[::2]
    return lows, tops


def decode_ids(blob: bytes) -> np.ndarray:
    """The token ids of ``encode_ids``'s blob, in row order."""
    deltas = np.frombuffer(blob, _DELTAS[blob[0]], offset=RUN_HEADER)
    ids = np.empty(len(deltas) + 1, dtype=np.int64)
    ids[0] = np.frombuffer(blob, "<i8", count=1, offset=1)[0]
    ids[1:] = deltas  # widened here, then summed in place: one pass each
    return np.cumsum(ids, out=ids)


def ids_ascending(blob: bytes) -> bool:
    """Whether the blob's ids are known to ascend (the unsigned widths)."""
    return blob[0] != 8


def run_is_sound(count: int, length: int, head: bytes) -> bool:
    """Whether a stored run's blob (its first byte and length) can hold ``count`` ids."""
    width = head[0] if head else 0
    return width in _DELTAS and length == RUN_HEADER + (count - 1) * width
