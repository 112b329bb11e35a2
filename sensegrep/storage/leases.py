"""Snapshot pinning: the vector files a write supersedes outlive the readers that may
still need them.

A compaction merges shards into a new one, and a rebuild of the any-word ANN file
(any_word.py) replaces it; the files they supersede are *retired*, not deleted:
``retired_files`` keeps their name (a shard's id too) and the retirement's generation (a
counter kept in ``id_floors`` under ``GENERATION``, raised by each retirement). A reader
(``Index.open``) writes a lease, ``leases/HOST-PID-RANDOM.json``, naming its process and
the generation it opened at, before its first read, and removes it when it closes. A
retired file is deleted, by a writer (at its next open, compaction or close; never by a
reader), once no live lease is older than its retirement: every reader that may have
located a vector in it, or read the ANN file's name, has closed.

Why the order is safe: the lease's generation is read *before* the lease is written, and
every read of the reader's state starts after that (SQLite WAL and PostgreSQL each begin
a read at the newest commit), so the reader never reads a state older than its lease
says. A retirement the reader must be kept from commits after that state, hence after
the lease was on disk, and the writer that later deletes retired files sees the lease.

A lease of a process that is gone (same host, PID not alive), or older than
``MAX_AGE_S``, keeps nothing; a reader whose lease was so dropped, or that takes none (a
read-only folder, ``serve --read-only``: ``Index.open(lease=False)``), falls back to
locating its vectors again by id (occurrences.py: ``_relocate``).

The token store's segments need none of this: a reader maps every segment of its
snapshot when it takes it, and a mapping outlives the file's deletion; a file deleted
between the list and the mapping makes it read the list again (token_store.snapshot).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select, true
from sqlalchemy.engine import Connection

from sensegrep.files import write_whole
from sensegrep.storage import database, schema
from sensegrep.storage.handles import Handles
from sensegrep.storage.sql import run

FOLDER = "leases"
GENERATION = "shard_generation"  # the id_floors row holding the last retirement's number
# A reader's lease is ignored after this long (a process on another host, whose PID this
# one cannot check, or a long-lived server): its retired files then go, and it relocates.
MAX_AGE_S = 3600.0


@dataclass(frozen=True)
class Lease:
    """What a reader's lease file says."""

    path: Path
    host: str
    pid: int
    generation: int
    created: float


def generation(conn: Connection) -> int:
    """The number of the last retirement (0 before the first)."""
    if not database.has_table(conn.engine, schema.id_floors.name):
        return 0
    found = conn.execute(
        select(schema.id_floors.c.next_id).where(schema.id_floors.c.name == GENERATION)
    ).scalar()
    return int(found or 0)


def take(handles: Handles) -> Path | None:
    """Write this reader's lease (before it reads anything); None when the folder cannot
    be written (the reader then relocates if its shards are merged away)."""
    with handles.engine.connect() as conn:
        current = generation(conn)
    folder = handles.folder / FOLDER
    record = {"host": socket.gethostname(), "pid": os.getpid(), "generation": current}
    record["created"] = time.time()
    path = folder / f"{record['host']}-{record['pid']}-{uuid.uuid4().hex[:12]}.json"
    try:
        folder.mkdir(exist_ok=True)
        # Whole or not at all: a writer never reads half of one.
        text = json.dumps(record)
        write_whole(
            path,
            lambda tmp: tmp.write_text(text, encoding="utf-8"),
            temporary=path.with_suffix(".tmp"),
        )
    except OSError:
        return None
    return path


def give_back(path: Path | None) -> None:
    """Remove a reader's lease (it closes)."""
    if path is not None:
        path.unlink(missing_ok=True)


def retire(conn: Connection, keep: int | None = None) -> None:
    """Inside a compaction's transaction: keep the files of every shard but ``keep`` in
    ``retired_files`` under a new generation, before their rows leave ``shards``."""
    shards = schema.shards
    query = select(shards.c.id, shards.c.file)
    if keep is not None:
        query = query.where(shards.c.id != keep)
    rows = conn.execute(query).all()
    if not rows:
        return
    # A shard id is never handed out again: a reader's location (shard, row) must not
    # name another file's row once its shard was merged away (writes take next_shard_id).
    run(
        conn,
        "INSERT INTO id_floors (name, next_id) VALUES (?, ?)"
        " ON CONFLICT (name) DO UPDATE SET next_id = CASE"
        " WHEN excluded.next_id > id_floors.next_id THEN excluded.next_id"
        " ELSE id_floors.next_id END",
        (shards.name, max(r.id for r in rows) + 1),
    )
    _retire(conn, [(r.file, r.id) for r in rows])


def retire_file(conn: Connection, name: str) -> None:
    """Inside the transaction that publishes its successor: keep the ANN file ``name``
    (any_word.py) for the readers that may have read its name."""
    _retire(conn, [(name, None)])


def _retire(conn: Connection, files: list[tuple[str, int | None]]) -> None:
    number = generation(conn) + 1
    run(
        conn,
        "INSERT INTO id_floors (name, next_id) VALUES (?, ?)"
        " ON CONFLICT (name) DO UPDATE SET next_id = excluded.next_id",
        (GENERATION, number),
    )
    conn.execute(
        schema.retired_files.insert(),
        [{"file": name, "shard_id": shard, "generation": number} for name, shard in files],
    )


def next_shard_id(conn: Connection) -> int:
    """The id of a new shard: above every shard's there is and ever was."""
    shards = schema.shards
    floor = conn.execute(
        select(schema.id_floors.c.next_id).where(schema.id_floors.c.name == shards.name)
    ).scalar()
    top = conn.execute(select(func.max(shards.c.id))).scalar()
    return max((top or 0) + 1, floor or 1)


def live(handles: Handles, now: float | None = None) -> list[Lease]:
    """The leases that still pin files; the files of dead or expired ones are removed
    (only a writer calls this)."""
    folder = handles.folder / FOLDER
    if not folder.is_dir():
        return []
    now = time.time() if now is None else now
    here, found = socket.gethostname(), []
    for path in folder.glob("*.tmp"):  # a reader killed while writing its lease
        with contextlib.suppress(OSError):
            if now - path.stat().st_mtime > MAX_AGE_S:
                path.unlink()
    for path in folder.glob("*.json"):
        lease = _read(path)
        if lease is None:
            continue  # removed meanwhile
        alive = lease.host != here or _pid_alive(lease.pid)
        if alive and now - lease.created <= MAX_AGE_S:
            found.append(lease)
        else:
            path.unlink(missing_ok=True)
    return found


def release(handles: Handles) -> None:
    """Forget the retired files no live lease needs (they are then unreferenced and
    deleted by ``removal.remove_garbage``)."""
    if not database.has_table(handles.engine, schema.retired_files.name):
        return
    oldest = min((lease.generation for lease in live(handles)), default=None)
    r = schema.retired_files
    # A reader at generation g needs what was retired after g.
    needless = r.c.generation <= oldest if oldest is not None else true()
    with handles.engine.begin() as conn:
        # Nothing written when there is nothing to forget (a writer's every open and close
        # comes here: an empty DELETE would still add to SQLite's WAL).
        if conn.execute(select(func.count()).select_from(r).where(needless)).scalar():
            conn.execute(r.delete().where(needless))


def retired_shards(conn: Connection) -> dict[int, str]:
    """Retired shard id -> file, for readers still holding their locations."""
    if not database.has_table(conn.engine, schema.retired_files.name):
        return {}
    r = schema.retired_files
    rows = conn.execute(select(r.c.shard_id, r.c.file).where(r.c.shard_id.isnot(None)))
    return {row[0]: row[1] for row in rows}


def retired_names(conn: Connection) -> set[str]:
    """Every retired file (shards and ANN files), still referenced: not garbage."""
    if not database.has_table(conn.engine, schema.retired_files.name):
        return set()
    return set(conn.scalars(select(schema.retired_files.c.file)))


def retired_bytes(handles: Handles) -> int:
    """Bytes of retired files still on disk, awaiting the readers that may use them."""
    with handles.engine.connect() as conn:
        files = retired_names(conn)
    total = 0
    for name in files:
        with contextlib.suppress(FileNotFoundError):  # deleted by a writer meanwhile
            total += (handles.shards.folder / name).stat().st_size
    return total


def _read(path: Path) -> Lease | None:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        return Lease(
            path,
            str(record["host"]),
            int(record["pid"]),
            int(record["generation"]),
            float(record["created"]),
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        # Not a lease this code wrote (leases are renamed into place whole): keeps nothing.
        return Lease(path, "", 0, 0, 0.0)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's live process
    except OSError:
        return False
    return True
