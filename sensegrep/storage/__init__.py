"""Storage: SQLite (through SQLAlchemy) for text and metadata, FAISS shards for vectors."""

from sensegrep.storage.index import (
    Candidates,
    FileRecord,
    Filters,
    Index,
    OccurrenceContext,
    PreparedDocument,
)

__all__ = [
    "Candidates",
    "FileRecord",
    "Filters",
    "Index",
    "OccurrenceContext",
    "PreparedDocument",
]
