"""Storage: SQLite or PostgreSQL (through SQLAlchemy) for text and metadata, FAISS shards
for vectors. :class:`Index` opens an index; one module per job works on it (see
storage/index.py)."""

from sensegrep.storage.index import Index
from sensegrep.storage.manifest import recorded_encoder
from sensegrep.storage.occurrences import (
    Candidates,
    Filters,
    OccurrenceContext,
    StaleRead,
    retry_stale,
)
from sensegrep.storage.writing import FileRecord, PreparedDocument, StoredDocument

__all__ = [
    "Candidates",
    "FileRecord",
    "Filters",
    "Index",
    "OccurrenceContext",
    "PreparedDocument",
    "StaleRead",
    "StoredDocument",
    "recorded_encoder",
    "retry_stale",
]
