"""Where the benchmark's databases live. No Django here: it runs before settings load.

Without DATABASE_URL the databases are on the embedded PostgreSQL server under
./var/pgdata (the one `make run` and `make test` use); with it, they are siblings of
that database on the same server. The `alongside` database itself is never touched.

    BENCH_DB        name of the large council's database (default alongside_bench)
                    the small council goes in <BENCH_DB>_small
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote

import psycopg
from psycopg import sql

LARGE = os.environ.get("BENCH_DB", "alongside_bench")
SMALL = f"{LARGE}_small"


@dataclass(frozen=True)
class Database:
    name: str
    host: str
    port: str
    user: str
    password: str

    @property
    def url(self) -> str:
        """A DATABASE_URL for Django (dj-database-url understands a %2F-quoted socket dir)."""
        auth = quote(self.user, safe="")
        if self.password:
            auth += ":" + quote(self.password, safe="")
        host = quote(self.host, safe="")
        port = f":{self.port}" if self.port else ""
        return f"postgres://{auth}@{host}{port}/{quote(self.name, safe='')}"

    def connect_kwargs(self, dbname: str | None = None) -> dict[str, Any]:
        params: dict[str, Any] = {"dbname": dbname or self.name, "user": self.user}
        if self.host:
            params["host"] = self.host
        if self.port:
            params["port"] = self.port
        if self.password:
            params["password"] = self.password
        return params

    def connect(self, **kwargs: Any) -> psycopg.Connection:
        return psycopg.connect(**self.connect_kwargs(), **kwargs)


def database(name: str) -> Database:
    url = os.environ.get("DATABASE_URL")
    if url:
        import dj_database_url

        config = dj_database_url.parse(url)
        return Database(
            name=name,
            host=str(config.get("HOST") or ""),
            port=str(config.get("PORT") or ""),
            user=str(config.get("USER") or ""),
            password=str(config.get("PASSWORD") or ""),
        )
    # The embedded server: started if needed (it keeps running afterwards).
    from alongside.devdb import embedded_database

    config = embedded_database(name)
    return Database(
        name=name,
        host=str(config["HOST"]),
        port=str(config["PORT"]),
        user=str(config["USER"]),
        password=str(config["PASSWORD"]),
    )


def _maintenance(db: Database) -> psycopg.Connection:
    last: Exception | None = None
    for maintenance in ("postgres", "template1"):
        try:
            conn = psycopg.connect(**db.connect_kwargs(maintenance), autocommit=True)
        except psycopg.OperationalError as error:
            last = error
            continue
        # DROP DATABASE waits for every backend on the server to answer a signal; one
        # stuck elsewhere (another program's unfinished COPY) would hold us forever.
        conn.execute("SET statement_timeout = '60s'")
        return conn
    raise RuntimeError(f"Cannot reach the PostgreSQL server for {db.name}: {last}")


def _refuse(name: str) -> None:
    if name in {"alongside", "postgres", "template0", "template1"}:
        raise RuntimeError(f"Refusing to drop or rename {name}")


def ensure(db: Database) -> bool:
    """Create the database if it is missing. True if it was created."""
    with _maintenance(db) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db.name]).fetchone()
        if found:
            return False
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db.name)))
        return True


def fresh(db: Database) -> Database:
    """A new, empty database beside ``db`` to build in: <name>_next_<time>."""
    new = replace(db, name=f"{db.name}_next_{int(time.time())}")
    ensure(new)
    return new


def swap(new: Database, old: Database) -> None:
    """Put ``new`` in the place of ``old``; the old one is renamed aside, then dropped.

    Renaming never waits on the rest of the server; dropping can, so a drop that
    does not finish in time is left for the next run (see ``drop_leftovers``).
    """
    _refuse(old.name)
    retired = f"{old.name}_retired_{int(time.time())}"
    with _maintenance(old) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [old.name]).fetchone()
        if found:
            # Only the benchmark connects to its databases: close what it left open.
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                [old.name],
            )
            conn.execute(
                sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                    sql.Identifier(old.name), sql.Identifier(retired)
                )
            )
        conn.execute(
            sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                sql.Identifier(new.name), sql.Identifier(old.name)
            )
        )
    drop_leftovers(old)


def drop_leftovers(db: Database) -> list[str]:
    """Drop earlier half-built or replaced copies of ``db``; those that will not go stay."""
    left = []
    with _maintenance(db) as conn:
        conn.execute("SET statement_timeout = '20s'")
        names = [
            row[0]
            for row in conn.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s OR datname LIKE %s",
                [f"{db.name}\\_next\\_%", f"{db.name}\\_retired\\_%"],
            ).fetchall()
        ]
        for name in names:
            _refuse(name)
            try:
                conn.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )
            except psycopg.Error as error:
                print(f"[dbs] could not drop {name} yet ({error.sqlstate}); next run tries again")
                left.append(name)
    return left
