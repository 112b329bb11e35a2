"""The SQLite schema of an index (SQLAlchemy Core).

Every token is stored so that concordance lines can be cut from the document text;
a token that also has a vector (an *occurrence*) carries the shard and row of that
vector. Token ids follow corpus order within an indexing run, so ``ORDER BY id`` is
corpus order.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
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

files = Table(
    "files",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("size", Integer, nullable=False),
    Column("indexed_at", String(32), nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("ext_id", Text, nullable=False, index=True),
    Column("source", Text, nullable=False),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("text", Text, nullable=False),
    Column("meta", JSON, nullable=False),
)

sentences = Table(
    "sentences",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("doc_id", Integer, ForeignKey("documents.id"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("char_start", Integer, nullable=False),
    Column("char_end", Integer, nullable=False),
)

shards = Table(
    "shards",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("file", Text, nullable=False, unique=True),
    Column("count", Integer, nullable=False),
)

tokens = Table(
    "tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("doc_id", Integer, ForeignKey("documents.id"), nullable=False),
    Column("sentence_id", Integer, ForeignKey("sentences.id"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("char_start", Integer, nullable=False),
    Column("char_end", Integer, nullable=False),
    Column("form", Text, nullable=False),
    Column("lemma", Text, nullable=False),
    Column("pos", String(16)),
    Column("label", Text),
    Column("instance_id", Text),
    # Set only for occurrences (tokens that have a vector).
    Column("shard_id", Integer, ForeignKey("shards.id")),
    Column("row", Integer),
)

# One row per lemma per shard: where its vectors lie (rows start … start+count-1, the
# shard being sorted by lemma) and which occurrences they are (``ids``: int64 token ids
# in row order). An unfiltered query reads these few rows instead of one per occurrence.
lemma_runs = Table(
    "lemma_runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("lemma_key", Text, nullable=False, index=True),
    Column("shard_id", Integer, ForeignKey("shards.id"), nullable=False, index=True),
    Column("start", Integer, nullable=False),
    Column("count", Integer, nullable=False),
    Column("ids", LargeBinary, nullable=False),
)

# ``--form`` queries go through sg_key(form) (Python's str.lower, registered on every
# connection: SQLite's own lower() folds ASCII only). With the id next, the index
# returns occurrences in corpus order without a sort. Lemma queries use lemma_runs.
Index(
    "ix_occurrence_form",
    func.sg_key(tokens.c.form),
    tokens.c.id,
    tokens.c.shard_id,
    tokens.c.row,
    sqlite_where=tokens.c.shard_id.isnot(None),
)
Index(
    "ix_occurrence_shard",
    tokens.c.shard_id,
    tokens.c.row,
    sqlite_where=tokens.c.shard_id.isnot(None),
)

# Induced senses (``sensegrep senses``), kept until the word's occurrences change. One
# run per lemma and requested k (``requested`` NULL: chosen automatically); ``fingerprint``
# is the sha256 of the word's occurrence ids and ``method`` names the algorithm and its
# parameters, so new occurrences or a new algorithm make a run stale.
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
)

# One row per induced sense: its size, most typical occurrences (ids, best first) and
# distinctive collocates ([[lemma, score], …], best first).
sense_clusters = Table(
    "sense_clusters",
    metadata,
    Column("run_id", Integer, ForeignKey("sense_runs.id", ondelete="CASCADE"), primary_key=True),
    Column("sense", Integer, primary_key=True),
    Column("size", Integer, nullable=False),
    Column("examples", JSON, nullable=False),
    Column("collocates", JSON, nullable=False),
)

# Which occurrence is in which sense (numbered from 1, biggest first).
sense_members = Table(
    "sense_members",
    metadata,
    Column("run_id", Integer, ForeignKey("sense_runs.id", ondelete="CASCADE"), primary_key=True),
    Column("token_id", Integer, ForeignKey("tokens.id"), primary_key=True),
    Column("sense", Integer, nullable=False),
)


# Where a label came from (see labels/store.py): no row means it came with the input;
# ``manual`` was set with ``sensegrep label``, ``predicted`` by ``classify --apply``.
label_sources = Table(
    "label_sources",
    metadata,
    Column("token_id", Integer, primary_key=True),
    Column("source", String(16), nullable=False),
    Column("confidence", Float),
    Column("updated_at", String(32), nullable=False),
)

# Ids are never reused, even after documents are removed: label files, exports and sense
# runs name occurrences by id. ``next_id`` is the floor for the next id of ``name``'s table,
# written when rows are removed (otherwise max(id) + 1 is the next id).
id_floors = Table(
    "id_floors",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("next_id", Integer, nullable=False),
)

# The ANN file over every occurrence (storage/ann.py): one row, or none while the index
# is too small to need one. Token ids <= ``upto`` are in ``file``; newer ones are scored
# exactly. ``trained``: how many occurrences the index had when the file was trained.
ann_state = Table(
    "ann_state",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("file", String(64), nullable=False),
    Column("upto", Integer, nullable=False),
    Column("count", Integer, nullable=False),
    Column("trained", Integer, nullable=False),
    Column("nlist", Integer, nullable=False),
)
