"""One writer at a time: the lock an index opened for writing holds until it is closed.

The folder's ``write.lock`` (flock: released by the kernel if the process dies) and, for
an index on a PostgreSQL server, the database's advisory lock too (database.py), since a
network file system may not honour flock across machines.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from sqlalchemy import Engine

from sensegrep.errors import SensegrepError
from sensegrep.storage import database

LOCK_NAME = "write.lock"


class WriteLock:
    """Taken on creation (or SensegrepError: another process writes), until ``release``."""

    def __init__(self, folder: Path, engine: Engine, schema: str | None, where: str) -> None:
        """``schema``: the index's schema on a server (None: index.sqlite); ``where``:
        the index as messages name it."""
        fd = os.open(folder / LOCK_NAME, os.O_CREAT | os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            os.close(fd)
            raise SensegrepError(
                f"another sensegrep process is writing to {folder}; wait for it to finish"
            ) from exc
        self._fd: int | None = fd
        self._server_lock: database.ServerWriteLock | None = None
        if schema is not None:
            try:
                self._server_lock = database.ServerWriteLock(engine, schema, where)
            except BaseException:
                self.release()
                raise

    def release_server(self) -> None:
        """Release the server's lock (before the engine is disposed of)."""
        if self._server_lock is not None:
            self._server_lock.release()
            self._server_lock = None

    def release(self) -> None:
        self.release_server()
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
