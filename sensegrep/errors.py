"""Domain errors. The CLI turns every one of them into a one-line message and a
non-zero exit; nothing a user can cause should surface as a traceback."""

from __future__ import annotations

import errno
import sqlite3
from dataclasses import dataclass
from pathlib import Path


class SensegrepError(Exception):
    """A mistake or a condition the user can fix; its message says what to do."""


class IndexMismatchError(SensegrepError):
    """An index was built with another model or settings than the ones asked for."""


class NoVectorsError(SensegrepError):
    """Something that needs stored vectors, asked of an index built without them
    (``index --vectors-for none``)."""


class QueryError(SensegrepError):
    """A query that cannot be answered as written (word absent, bad marker, unknown id)."""


class TimeLimitError(SensegrepError):
    """Work that ran past the time limit set around it (``serve --time-limit``;
    sensegrep/deadline.py): the web app answers 503."""

    def __init__(self, message: str, seconds: float) -> None:
        super().__init__(message)
        self.seconds = seconds


class RequestCancelled(SensegrepError):
    """Work stopped because the one who asked for it has gone (a web client that closed
    its connection): nobody reads its answer."""


class LabelChangedError(SensegrepError):
    """A label write given the label the caller saw (``expect``) on occurrences of which
    one or more hold another now (another annotator labelled them since): nothing was
    changed. ``current``: each such occurrence's label now (None: none)."""

    def __init__(self, message: str, current: dict[int, str | None]) -> None:
        super().__init__(message)
        self.current = current


class PinChangedError(SensegrepError):
    """A pin given the run the caller saw pinned (``expect``) where another is pinned
    now (another user or tab pinned or unpinned one since): nothing was changed.
    ``current``: the run pinned now (None: none)."""

    def __init__(self, message: str, current: int | None) -> None:
        super().__init__(message)
        self.current = current


def tried_too_often(error: LabelChangedError | PinChangedError, tries: int) -> SensegrepError:
    """``error`` of the last of ``tries`` writes, each read again after another user's
    change: said so, as the command line's error ("not “x” as expected" read as the
    user's own mistake, and nothing said to try again, pass 39n)."""
    said = f"{error}; read again and tried {tries} times, changed by someone else each time: "
    return type(error)(said + "run it again", error.current)


class SensegrepNote(UserWarning):
    """What a result says once where the result has no place for it: a call that
    returns plain text (``SenseIndex.export``) warns each of its notes (a sense run
    made to balance by) with this category, which ``warnings`` filters can name."""


@dataclass
class InputError(SensegrepError):
    """Bad input in one file. ``line`` is 1-based where known.

    ``fatal`` means the whole file is skipped; otherwise only the record on ``line`` is,
    unless ``kept``: the record was taken all the same (a later record of a duplicate
    id, which replaces the earlier), and the message says what became of it.
    """

    path: Path | str
    message: str
    line: int | None = None
    fatal: bool = True
    kept: bool = False

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else f"{self.path}"
        if self.kept:
            return f"{where}: {self.message}"
        skipped = "file skipped" if self.fatal else "record skipped"
        return f"{where}: {self.message} ({skipped})"


_OS_ADVICE = {
    errno.ENOSPC: "the disk is full: free some space and run the same command again "
    "(what was already indexed is kept)",
    errno.EDQUOT: "the disk quota is used up: free some space and run the same command again",
    errno.EACCES: "permission denied: check the owner and mode of the file or folder",
    errno.EPERM: "operation not permitted: check the owner and mode of the file or folder",
    errno.EROFS: "the file system is read-only: write the index somewhere else",
    errno.EIO: "input/output error: the disk or share may be failing",
}
_SQLITE_ADVICE = {
    "disk is full": "the disk is full: free some space and run the same command again "
    "(what was already indexed is kept)",
    "database is locked": "the index is busy (another process holds a lock on it): "
    "try again when it is done",
    "readonly database": "the index cannot be written here (read-only folder or file)",
    "unable to open database": "cannot open the index database: check that the folder "
    "exists and can be read",
    "malformed": "the index database is damaged: build the index again in a new folder",
    "not a database": "the index database is damaged: build the index again in a new folder",
}


def system_error_message(exc: BaseException, index_dir: Path) -> str | None:
    """One line for an operating-system or SQLite error a user can act on (disk full,
    permissions, a busy or damaged database), naming the file; None for anything else."""
    if isinstance(exc, OSError) and exc.errno in _OS_ADVICE:
        where = exc.filename or index_dir
        return f"{where}: {_OS_ADVICE[exc.errno]}"
    if isinstance(exc, OSError) and exc.filename and exc.strerror:
        # Any other error on a named path (an output file in a folder that does not exist)
        return f"{exc.filename}: {exc.strerror[0].lower()}{exc.strerror[1:]}"
    if isinstance(exc, ValueError) and str(exc) == "embedded null byte":
        # os.stat() of a name with a NUL in it (click checks a path option this way):
        # no file can be named so.
        return "a file name cannot hold a NUL character (\\x00): check the path given"
    cause = getattr(exc, "orig", exc)  # SQLAlchemy wraps the driver's exception
    if _is_server_condition(cause):
        first = str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
        if "password" in first:
            # The manifest keeps the URL without its password: a member who gives none
            # is asked for it, and may not know where else it can be given.
            return (
                f"the index database server: {first} (give the role's password in the URL "
                "of --db or SENSEGREP_DB, or by PGPASSWORD or ~/.pgpass: the index's "
                "manifest keeps its URL without the password)"
            )
        return (
            f"the index database server: {first} (check the URL given by --db or "
            "SENSEGREP_DB, and that the server is running; what was committed is kept)"
        )
    if _is_refused_privilege(cause):
        first = str(cause).strip().splitlines()[0]
        return (
            f"the index database server: {first} (the role given by --db or SENSEGREP_DB "
            "may not do this on the index's tables: ask the index's owner to GRANT it, "
            "e.g. GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA … TO the "
            "role)"
        )
    if isinstance(cause, sqlite3.Error):
        text = str(cause)
        for key, advice in _SQLITE_ADVICE.items():
            if key in text:
                return f"{index_dir / 'index.sqlite'}: {advice}"
    return None


def _is_server_condition(cause: BaseException) -> bool:
    """A PostgreSQL condition, not a bug: no connection, a dropped one, a deadlock or a
    full disk on the server (psycopg's OperationalError; psycopg is not imported here,
    so that SQLite-only installs never load it)."""
    return any(
        cls.__module__.startswith("psycopg") and cls.__name__ == "OperationalError"
        for cls in type(cause).__mro__
    )


def _is_refused_privilege(cause: BaseException) -> bool:
    """PostgreSQL's "permission denied" (psycopg's InsufficientPrivilege): the role a
    team member connects as lacks a grant on the index's schema or tables."""
    return any(
        cls.__module__.startswith("psycopg") and cls.__name__ == "InsufficientPrivilege"
        for cls in type(cause).__mro__
    )
