"""PostgreSQL connections: timestamps read by psycopg's compiled parser.

Django reads every ``timestamptz`` with a loader written in Python (a regular expression
a value, about 5 µs), which on a page of 50 chronology entries and their authors is
hundreds of values. ``UtcTimestamptzLoader`` gives the same thing, an aware datetime in
UTC, from psycopg's own loader (compiled when psycopg's binary package is installed).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db.backends.signals import connection_created
from psycopg import adapters, postgres
from psycopg.adapt import Loader
from psycopg.pq import Format

_TIMESTAMPTZ = postgres.types["timestamptz"].oid
# psycopg's loader for text timestamptz: the compiled one when it is installed.
_PARSER = adapters.get_loader(_TIMESTAMPTZ, Format.TEXT)


class UtcTimestamptzLoader(Loader):
    # Django's cursors compare this with the connection's time zone before reading.
    timezone = datetime.UTC

    def __init__(self, oid: int, context: Any = None) -> None:
        super().__init__(oid, context)
        assert _PARSER is not None
        self._parser = _PARSER(oid, context)

    def load(self, data: Any) -> datetime.datetime:
        return self._parser.load(data).astimezone(datetime.UTC)


def use_compiled_timestamps(sender: Any, connection: Any, **kwargs: Any) -> None:
    """On each new PostgreSQL connection of a project that stores times in UTC."""
    if connection.vendor != "postgresql" or not settings.USE_TZ:
        return
    if connection.timezone != datetime.UTC:
        return
    connection.connection.adapters.register_loader(_TIMESTAMPTZ, UtcTimestamptzLoader)


def connect_signals() -> None:
    connection_created.connect(use_compiled_timestamps, dispatch_uid="alongside-timestamps")
