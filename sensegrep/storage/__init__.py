"""Storage: SQLite or PostgreSQL (through SQLAlchemy) for text and metadata, FAISS shards
for vectors."""

from sensegrep.storage.index import (
    Candidates,
    FileRecord,
    Filters,
    Index,
    OccurrenceContext,
    PreparedDocument,
    StoredDocument,
    retry_stale,
)

__all__ = [
    "Candidates",
    "FileRecord",
    "Filters",
    "Index",
    "OccurrenceContext",
    "PreparedDocument",
    "StoredDocument",
    "retry_stale",
]
