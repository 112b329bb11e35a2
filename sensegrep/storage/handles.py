"""What the storage jobs work through: the handles of an open index.

Each job of storage/ (writing.py, occurrences.py, checking.py, removal.py, any_word.py,
labels.py, senses.py, corpus.py, patterns.py) is a module of functions whose first
argument is an open index, typed as :class:`Handles` so that no job module imports
storage/index.py (which imports them all to offer their functions as methods).
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from sqlalchemy import Engine

from sensegrep.storage.manifest import Manifest
from sensegrep.storage.vectors import ShardFolder


class Handles(Protocol):
    """An open index (:class:`sensegrep.storage.Index` is the one there is)."""

    folder: Path
    manifest: Manifest
    engine: Engine  # the metadata: index.sqlite, or the index's schema on a server
    shards: ShardFolder  # the vector shards and the ANN file
    writable: bool  # opened for writing, holding the write lock
    shard_files: dict[int, str]  # shard id -> file, cached by reads; see read_again

    @property
    def on_server(self) -> bool:
        """Whether the metadata is in a PostgreSQL database (not index.sqlite)."""
        ...

    def read_again(self) -> None:
        """Forget cached shard files (a compaction replaced them), before reading again."""
        ...
