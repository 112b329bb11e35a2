"""A progress bar for long indexing runs: bytes of input (for the ETA), documents and
tokens per second. Silent when stderr is not a terminal, so logs and pipes stay clean."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from tqdm import tqdm

# Counting lines lets a large file's bar move before the file is finished.
_LINE_COUNT_MIN_BYTES = 1 << 20


class Progress:
    def __init__(self, total_bytes: int, enabled: bool | None = None) -> None:
        if enabled is None:
            enabled = sys.stderr.isatty()
        self._bar = tqdm(
            total=total_bytes,
            unit="B",
            unit_scale=True,
            disable=not enabled,
            desc="indexing",
            file=sys.stderr,
            dynamic_ncols=True,
        )
        self._started = time.perf_counter()
        self._docs = 0
        self._tokens = 0
        self._file_start = 0  # bytes of the files before the current one
        self._file_size = 0
        self._file_lines = 0

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.close()

    def start_file(self, path: Path, size: int) -> None:
        self._file_start = self._bar.n
        self._file_size = size
        self._file_lines = (
            _count_lines(path) if not self._bar.disable and size > _LINE_COUNT_MIN_BYTES else 0
        )

    def reached_line(self, line: int | None) -> None:
        if line and self._file_lines:
            target = self._file_start + int(self._file_size * min(line / self._file_lines, 1.0))
            if target > self._bar.n:
                self._bar.update(target - self._bar.n)

    def reached(self, fraction: float) -> None:
        """The file is stored up to this fraction of it (a plain-text file stored a
        piece at a time: its bar moved only when the whole file was stored)."""
        target = self._file_start + int(self._file_size * min(fraction, 1.0))
        if target > self._bar.n:
            self._bar.update(target - self._bar.n)

    def advance_file(self, size: int) -> None:
        """The file is done: move the bar to its end."""
        self._bar.update(max(self._file_start + size - self._bar.n, 0) if self._file_size else size)
        self._file_size = 0

    def add_work(self, documents: int, tokens: int) -> None:
        self._docs += documents
        self._tokens += tokens
        elapsed = max(time.perf_counter() - self._started, 1e-9)
        self._bar.set_postfix(docs=self._docs, tok_s=f"{self._tokens / elapsed:,.0f}")


def _count_lines(path: Path) -> int:
    count = 0
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            count += chunk.count(b"\n")
    return max(count, 1)


def progress_bar(total: int, desc: str, enabled: bool | None = None) -> tqdm:
    """A plain counting bar on stderr; silent when stderr is not a terminal (default)."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    return tqdm(total=total, desc=desc, disable=not enabled, file=sys.stderr, dynamic_ncols=True)
