"""Database plumbing: engines, transactions, the SQLite writer queue and
migrations.  The store and accounts share one `Database`; nothing else opens
connections.

SQLite (the default, a file under STATE_DIR) runs in WAL mode and takes the
write lock at the start of every write transaction (BEGIN IMMEDIATE), so
concurrent writers queue instead of failing with "database is locked".
PostgreSQL is used when the URL says postgresql://.
"""
from __future__ import annotations

import threading
from functools import cache, cached_property
from contextlib import contextmanager, nullcontext
from pathlib import Path
from collections.abc import Iterator

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from geo.db.lock import FairLock
from geo.errors import DataError, StoreUnavailable

UNAVAILABLE = "The database cannot be reached just now; nothing was changed. Try again in a minute."

_BUSY_MS = 30_000
_MIGRATION_LOCK = 0x77A2D  # pg_advisory_xact_lock key: one migrator (or seeder) at a time


def normalise_url(url: str) -> str:
    """Accept the postgres:// and postgresql:// spellings hosts hand out; use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def describe_url(url: str) -> str:
    """Where the database is, fit to print: a file path, or the URL without its password."""
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() == "sqlite":
        return str(Path(parsed.database).resolve()) if parsed.database else "an in-memory SQLite database"
    return parsed.render_as_string(hide_password=True)


def _sqlite_connect(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (see _sqlite_begin)
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    # A write takes the lock up front: a deferred transaction that reads and then
    # writes can fail at once with "database is locked" instead of waiting.
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("ward_write") else "BEGIN")


def connect(url: str) -> Engine:
    """An engine for `url`: SQLite (directory created, WAL, busy timeout, foreign keys) or PostgreSQL."""
    parsed = make_url(normalise_url(url))
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if parsed.database and parsed.database != ":memory:" and not parsed.query.get("uri"):
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"timeout": _BUSY_MS / 1000, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if backend == "postgresql":
        return create_engine(parsed, pool_pre_ping=True)
    raise DataError(f"DATABASE_URL must start sqlite:/// or postgresql://, not {parsed.drivername}://.")


def alembic_config(conn: Connection):
    """Alembic configuration for geo/db/migrations, working on `conn` (no alembic.ini needed)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    config.attributes["connection"] = conn
    return config


def migrate(conn: Connection) -> None:
    """Bring the schema to the newest Alembic revision, inside the caller's transaction.
    A database already there is left alone without loading Alembic's environment: that
    is every start but the first, and every test store copied from a migrated one."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    if MigrationContext.configure(conn).get_current_revision() == head_revision():
        return
    command.upgrade(alembic_config(conn), "head")


@cache
def head_revision() -> str:
    """The newest revision in geo/db/migrations (read once per process)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(None)).get_current_head()


# Writes finished in this process, per database (every Database on the same URL counts them):
# how a value read a moment ago (geo.db.recent) learns that this process has changed the data.
_FINISHED_WRITES: dict[str, int] = {}
_FINISHED_WRITES_GUARD = threading.Lock()

# One writer at a time per SQLite file in this process: Streamlit sessions are
# threads, and queueing them here beats SQLite's sleep-and-retry busy handler.
_SQLITE_WRITERS: dict[str, FairLock] = {}
_SQLITE_WRITERS_GUARD = threading.Lock()


def _writer_lock(engine: Engine):
    if engine.dialect.name != "sqlite":
        return nullcontext()
    with _SQLITE_WRITERS_GUARD:
        return _SQLITE_WRITERS.setdefault(str(engine.url), FairLock())


@contextmanager
def _reachable() -> Iterator[None]:
    """Say StoreUnavailable, in words, when the database is down or the connection drops."""
    try:
        yield
    except (OperationalError, InterfaceError) as exc:
        raise StoreUnavailable(UNAVAILABLE) from exc
    except DBAPIError as exc:
        if exc.connection_invalidated:
            raise StoreUnavailable(UNAVAILABLE) from exc
        raise


class Database:
    """An engine with read and write transactions: what the store and accounts share."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._write_lock = _writer_lock(engine)
        self._key = engine.url.render_as_string(hide_password=False)  # its URL, password and all

    @classmethod
    def open(cls, url: str) -> Database:
        """Connect and bring the schema up to date (one migrator at a time on PostgreSQL)."""
        db = cls(connect(url))
        with db.write(exclusive=True) as conn:
            migrate(conn)
        return db

    @cached_property
    def where(self) -> str:
        return describe_url(self._key)

    @property
    def finished_writes(self) -> int:
        """How many write transactions on this database have ended in this process (any outcome)."""
        return _FINISHED_WRITES.get(self._key, 0)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with _reachable(), self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def write(self, *, exclusive: bool = False) -> Iterator[Connection]:
        """A write transaction.  exclusive=True also holds the database-wide migration lock
        (PostgreSQL; SQLite's write lock is database-wide already), for set-up steps that
        must run once however many instances start together."""
        try:
            with _reachable(), self._write_lock, self.engine.connect() as conn:
                conn.execution_options(ward_write=True)
                with conn.begin():
                    if exclusive and conn.dialect.name == "postgresql":
                        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
                    yield conn
        finally:  # counted once the transaction has ended, committed or not
            with _FINISHED_WRITES_GUARD:
                _FINISHED_WRITES[self._key] = _FINISHED_WRITES.get(self._key, 0) + 1

    def close(self) -> None:
        self.engine.dispose()
