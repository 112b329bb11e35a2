"""SHA-256 digests of files, read in 1 MB blocks (ELMo weights and corpus files run to
hundreds of MB): the one helper for the indexer (a file's content, to tell a changed
file), the encoders (the weights an index is pinned to) and projections. A ground
module: it imports nothing of sensegrep."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

BLOCK = 1 << 20


def file_sha256(path: Path) -> str:
    """The SHA-256 of one file's bytes, as hex."""
    return _read_into(hashlib.sha256(), path).hexdigest()


def files_sha256(paths: Iterable[Path]) -> str:
    """One SHA-256 over several files, each as its name, a NUL and its bytes, in the
    order given (a model folder's weight files, by name)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0")
        _read_into(digest, path)
    return digest.hexdigest()


def _read_into(digest: hashlib._Hash, path: Path) -> hashlib._Hash:
    with path.open("rb") as fin:
        while block := fin.read(BLOCK):
            digest.update(block)
    return digest
