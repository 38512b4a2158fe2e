"""Bulk writing for the demo: COPY rows in, reserve ids, and write the history events.

pghistory's insert triggers are switched off while the demo loads (see ``load``); the
same insert events are then written with one INSERT ... SELECT per table.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection, models
from psycopg import sql

LONDON = ZoneInfo("Europe/London")


def at_ten(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, 10, tzinfo=LONDON)


def copy_rows(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """COPY rows into a model's table. Columns not named get the field's default."""
    names = {f.column for f in model._meta.concrete_fields}
    unknown = set(columns) - names
    if unknown:
        raise ValueError(f"{model.__name__} has no columns {sorted(unknown)}")
    extras = {
        f.column: f.get_default()
        for f in model._meta.concrete_fields
        if f.column not in columns and not f.primary_key
    }
    extra_values = tuple(extras.values())
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(model._meta.db_table),
        sql.SQL(", ").join([sql.Identifier(str(c)) for c in (*columns, *extras)]),
    )
    count = 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")  # sets pgtrigger's and pghistory's session variables
        with cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row((*row, *extra_values))
                count += 1
    return count


def record_insert_events(model: type[models.Model], after_id: int) -> int:
    """Write the events pghistory's insert trigger would have written, in one statement."""
    event = model.pgh_event_models["insert"]  # type: ignore[attr-defined]
    copied = [f.column for f in event._meta.concrete_fields if not f.column.startswith("pgh_")]
    columns = sql.SQL(", ").join(sql.Identifier(c) for c in copied)
    statement = sql.SQL(
        "INSERT INTO {event} ({columns}, pgh_created_at, pgh_label, pgh_obj_id, pgh_context_id) "
        "SELECT {columns}, NOW(), 'insert', id, _pgh_attach_context() FROM {table} WHERE id > %s"
    ).format(
        event=sql.Identifier(event._meta.db_table),
        columns=columns,
        table=sql.Identifier(model._meta.db_table),
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")  # sets pghistory's context variables
        cursor.cursor.execute(statement, [after_id])
        return int(cursor.cursor.rowcount)


def last_id(model: type[models.Model]) -> int:
    found = model._default_manager.order_by("-pk").values_list("pk", flat=True).first()
    return int(found or 0)


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """Take ``count`` ids from the table's sequence, so rows can refer to each other."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return [row[0] for row in cursor.fetchall()]
