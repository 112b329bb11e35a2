"""Where an index keeps its metadata: ``index.sqlite`` in its folder (the default), or its
own schema in a PostgreSQL database (``--db postgresql+psycopg://…``, env SENSEGREP_DB),
so that many machines and many annotators can use one index at once. The vector shards
stay in the index folder either way, on a file system every node can read.

A PostgreSQL database holds any number of indexes, one schema each (named in the
manifest); connections set their ``search_path`` to it, so the same SQL serves both
backends (storage/sql.py adapts what differs).
"""

from __future__ import annotations

import os
import weakref
import zlib
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError

from sensegrep.errors import SensegrepError

DB_NAME = "index.sqlite"
DB_ENV = "SENSEGREP_DB"
_DRIVER = "postgresql+psycopg"


def server_url(db: str) -> str:
    """``db`` as the URL SQLAlchemy connects with: PostgreSQL through psycopg 3."""
    try:
        url = make_url(db)
    except ArgumentError:
        url = None
    if url is not None and url.get_backend_name() == "postgres":
        url = url.set(drivername=_DRIVER)  # libpq's other spelling, postgres://
    if url is None or url.get_backend_name() != "postgresql":
        raise SensegrepError(
            f"--db {public_url(db)!r} is not a PostgreSQL URL: give "
            "postgresql+psycopg://USER@HOST/DATABASE (leave out --db to keep the metadata "
            "in the index folder)"
        )
    return url.set(drivername=_DRIVER).render_as_string(hide_password=False)


# libpq's connection parameters that hold a secret, which a URL may give in its query
# (postgresql://sg@host/db?password=…) rather than after the user name.
_SECRET_PARAMETERS = ("password", "sslpassword")


def public_url(db: str) -> str:
    """The URL without its password: what the manifest records and messages show."""
    try:
        url = make_url(db)
    except ArgumentError:
        return db.split("@")[-1]
    # URL.set() ignores None: a URL is a named tuple, so _replace clears the field.
    url = url._replace(password=None).difference_update_query(_SECRET_PARAMETERS)
    return url.render_as_string(hide_password=False)


def chosen_database(db: str | None) -> str | None:
    """The server URL asked for by ``db``, else by SENSEGREP_DB; None: SQLite."""
    chosen = db or os.environ.get(DB_ENV) or None
    return server_url(chosen) if chosen else None


# The page cache of the indexer's connection, in KiB (SQLite's default is 2 MiB): every
# batch inserts into the token indexes (by word, ix_token_*) at scattered places, and
# with a small cache most of those pages are read again from the file for each batch.
# 64 MiB makes a text-only index of a million tokens about 1.5x as fast; readers keep the
# default (a web app may hold many connections).
WRITER_CACHE_KIB = 65_536


def sqlite_engine(path: Path, read_only: bool = False, writer: bool = False) -> Engine:
    if read_only:
        engine = create_engine(f"sqlite:///file:{quote(str(path))}?mode=ro&immutable=1&uri=true")
    else:
        engine = create_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        cursor = dbapi_conn.cursor()
        if not read_only:
            # WAL: readers never block the indexer. FULL: a commit is on disk when it
            # returns (NORMAL could lose the last batches on power loss).
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
        if writer:
            cursor.execute(f"PRAGMA cache_size=-{WRITER_CACHE_KIB}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine


def postgres_engine(url: str, schema: str) -> Engine:
    """An engine whose connections work inside the index's schema."""
    return create_engine(
        server_url(url),
        pool_pre_ping=True,  # a server restarted between two commands of a shell
        connect_args={"options": f"-csearch_path={schema}", "connect_timeout": 10},
    )


def create_schema(engine: Engine, schema: str) -> None:
    """Make the index's schema, empty, through its own engine (whose search_path names
    it already: harmless before it exists). A schema of that name is what a creation
    killed before its manifest was written left (index.py's ``PENDING_NAME``): no
    manifest names it, nothing was ever added to it, so it is dropped first."""
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))


def schema_exists(conn: Connection, schema: str) -> bool:
    """Whether the database has this schema, whether or not the connection's role may
    use it (information_schema lists only the schemas a role has a privilege on)."""
    found = conn.execute(
        text("SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = :name"), {"name": schema}
    )
    return found.first() is not None


# A table every index has had since the first version: a schema without it holds no
# index (emptied, or made by hand).
_CORE_TABLE = "documents"


def check_schema(engine: Engine, folder: Path, server: dict[str, str] | None) -> None:
    """A PostgreSQL URL naming another database than the index's (``server``: where its
    manifest says it is; None: index.sqlite): say so, rather than read an empty index or
    create its tables there. So too a role that may not read the schema, and a schema
    whose tables are gone, rather than fail in the first query (or make new tables
    beside the folder's token store and vectors)."""
    if server is None:
        return
    schema = server["schema"]
    with engine.connect() as conn:
        url = public_url(conn.engine.url.render_as_string(hide_password=False))
        if not schema_exists(conn, schema):
            raise SensegrepError(
                f"{folder}: its database schema {schema} is not in {url}: "
                f"give the URL of the database it was built in ({server['url']}) with "
                "--db or SENSEGREP_DB"
            )
        role = conn.execute(text("SELECT current_user")).scalar()
        found = conn.execute(
            text(
                "SELECT c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n"
                " ON n.oid = c.relnamespace WHERE n.nspname = :s AND c.relname = :t"
            ),
            {"s": schema, "t": _CORE_TABLE},
        ).scalar()
        if found is None:
            raise SensegrepError(
                f"{folder}: its database schema {schema} in {url} holds no sensegrep "
                "tables (dropped since it was built): the index is damaged; build it "
                "again in a new folder (`sensegrep --index NEW index FILES…`)"
            )
        usable = conn.execute(
            text(
                "SELECT has_schema_privilege(:s, 'USAGE')"
                " AND has_table_privilege(CAST(:oid AS oid), 'SELECT')"
            ),
            {"s": schema, "oid": found},
        ).scalar()
        if not usable:
            raise SensegrepError(
                f"{folder}: the role {role} may not read its database schema {schema} in "
                f"{url}: ask the index's owner to GRANT USAGE ON SCHEMA {schema} TO {role} "
                f"and GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {role} (INSERT, "
                "UPDATE, DELETE too to label or index), or give another role with --db"
            )


class ServerWriteLock:
    """The one-writer rule on a shared database: a session-level advisory lock, held on
    its own connection for as long as the index is open for writing (released by the
    server if this process dies). Complements the folder's lock file, which a network
    file system may not honour across machines."""

    def __init__(self, engine: Engine, schema: str, where: str) -> None:
        self._key = zlib.crc32(schema.encode("utf-8"))
        self._conn = engine.connect()
        got = self._conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": self._key})
        if not got.scalar():
            self._conn.close()
            raise SensegrepError(
                f"another sensegrep process is writing to {where}; wait for it to finish"
            )
        self._conn.commit()

    def release(self) -> None:
        try:
            self._conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self._key})
            self._conn.commit()
        finally:
            self._conn.close()


# The tables of each open database, read once: an index made by an older version lacks
# the newer ones until it is opened for writing, and a reader then keeps to what it has.
_TABLES: weakref.WeakKeyDictionary[Engine, frozenset[str]] = weakref.WeakKeyDictionary()


def has_table(engine: Engine, name: str) -> bool:
    """Whether the index's database has this table (as first read by this engine)."""
    tables = _TABLES.get(engine)
    if tables is None:
        tables = _TABLES[engine] = frozenset(inspect(engine).get_table_names())
    return name in tables


def forget_tables(engine: Engine) -> None:
    """Read the tables again at the next ``has_table``."""
    _TABLES.pop(engine, None)
