"""Engine factory: SQLite (WAL, foreign keys) for the embedded mode, PostgreSQL (psycopg 3) for production."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import MetaData, create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


WRITE_OPTION = "aktiv_write"
WRITE = {WRITE_OPTION: True}


def naming_metadata() -> MetaData:
    """A MetaData with the project's constraint naming convention (stable names for Alembic)."""
    return MetaData(naming_convention=NAMING)


def normalise_url(url: str) -> str:
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def make_engine(url: str, pool_size: int = 5) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):  # pragma: no cover - trivial
            # Let SQLAlchemy emit BEGIN itself so BEGIN IMMEDIATE works and transactions are real.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn):  # pragma: no cover - trivial
            # Writers (units of work, the relay) take the write lock up front, so a transaction never has to
            # upgrade from read to write; plain reads stay deferred and, in WAL mode, never block a writer.
            write = conn.get_execution_options().get(WRITE_OPTION, False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine
    # A database host that drops packets must not hang a consumer's first apply for the OS's TCP timeout
    # (minutes): connecting gives up after 5 s unless the URL says otherwise, and the outage backoff takes over.
    connect_args = {} if "connect_timeout=" in url else {"connect_timeout": 5}
    return create_engine(
        url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True, pool_recycle=1800,
        connect_args=connect_args,
    )


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A Core transaction that writes. On SQLite it takes the write lock up front (``BEGIN IMMEDIATE``): a deferred
    transaction that reads first and then writes must upgrade its lock, and SQLite refuses that upgrade at once
    ("database is locked", no busy wait) while another connection writes. On PostgreSQL it is a plain begin."""
    with engine.connect().execution_options(**WRITE) as conn, conn.begin():
        yield conn


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False, future=True)


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"
