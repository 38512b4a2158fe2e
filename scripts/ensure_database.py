"""Create the database named in DATABASE_URL if it does not exist yet.

Connects to the "postgres" maintenance database on the same server with the same
credentials. Used by `make db` when DATABASE_URL is set.
"""

from __future__ import annotations

import os
import sys

import dj_database_url
import psycopg
from psycopg import sql


def main() -> int:
    url = os.environ.get("DATABASE_URL")
    if not url:
        print("DATABASE_URL is not set", file=sys.stderr)
        return 2
    config = dj_database_url.parse(url)
    name = config["NAME"]
    params = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
    }
    params = {key: value for key, value in params.items() if value}
    last_error: Exception | None = None
    for maintenance_db in ("postgres", "template1"):
        try:
            conn = psycopg.connect(dbname=maintenance_db, autocommit=True, **params)
        except psycopg.OperationalError as error:
            last_error = error
            continue
        with conn:
            found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if found:
                print(f"Database {name} exists")
            else:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                print(f"Database {name} created")
        return 0
    print(f"Cannot connect to the server in DATABASE_URL: {last_error}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
