"""Domain errors. The CLI turns every one of them into a one-line message and a
non-zero exit; nothing a user can cause should surface as a traceback."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class SensegrepError(Exception):
    """A mistake or a condition the user can fix; its message says what to do."""


class IndexMismatchError(SensegrepError):
    """An index was built with another model or settings than the ones asked for."""


class QueryError(SensegrepError):
    """A query that cannot be answered as written (word absent, bad marker, unknown id)."""


@dataclass
class InputError(SensegrepError):
    """Bad input in one file. ``line`` is 1-based where known.

    ``fatal`` means the whole file is skipped; otherwise only the record on ``line`` is.
    """

    path: Path | str
    message: str
    line: int | None = None
    fatal: bool = True

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else f"{self.path}"
        skipped = "file skipped" if self.fatal else "record skipped"
        return f"{where}: {self.message} ({skipped})"
