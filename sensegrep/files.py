"""Files written whole or not at all.

Every file sensegrep writes for later reading (the manifest, a token store, a FAISS
shard, a lease, an export, an ONNX model, trained weights, ``serve.json``) is written
under a temporary name beside its final one and renamed over it once complete: a crash,
Ctrl-C, SIGTERM or a full disk leaves the old file or the new one, never half of one,
and a reader never sees a file being written. :func:`write_whole` is that one job;
each caller picks the temporary's name (what its folder's clean-up recognises).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def write_whole(
    target: Path,
    write: Callable[[Path], None],
    *,
    temporary: Path | None = None,
    durable: bool = False,
    mode: int | None = None,
) -> None:
    """Write ``target`` through ``write(temporary)``, then rename the temporary over
    it; the temporary is removed whatever fails (the OSError or any other exception
    goes on to the caller, who says it in its words).

    ``temporary``: the name to write under (default ``target`` + ".tmp"); the same
    folder, so that the rename is atomic. ``durable``: the file, then the rename, reach
    the disk before this returns (a database row is about to name the file: after a
    power loss it must never name a missing or empty one). ``mode``: the permission bits
    the file gets before it is renamed (a temporary from :func:`unique_temporary` is
    owner-only)."""
    partial = temporary or target.with_name(target.name + ".tmp")
    try:
        write(partial)
        if mode is not None:
            os.chmod(partial, mode)
        if durable:
            fsync_path(partial)
        os.replace(partial, target)
        if durable:
            fsync_path(target.parent)
    finally:
        partial.unlink(missing_ok=True)  # after the rename there is nothing left to remove


def unique_temporary(target: Path) -> Path:
    """An empty, owner-only file beside ``target`` named ``.STEM-RANDOM.tmp``, which no
    other process writes: for a file two processes may write at once (a shared model
    cache), where a fixed temporary name would mix their bytes."""
    handle, name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".tmp", dir=target.parent)
    os.close(handle)
    return Path(name)


def shared_mode() -> int:
    """The mode a new file gets under this process's umask: what a file made owner-only
    by :func:`unique_temporary` is given before it is shared (a group's model cache)."""
    return 0o666 & ~_umask()


def _umask() -> int:
    """The process's umask, read without setting it (os.umask would change it for every
    thread for a moment); 022 where /proc does not say."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return 0o022


def fsync_path(path: Path) -> None:
    """Flush ``path`` (a file or a folder: a rename in it) to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
