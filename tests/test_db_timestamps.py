"""Timestamps read from PostgreSQL are the instants written, as aware datetimes in UTC."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection, transaction
from django.db.backends.postgresql.psycopg_any import BaseTzLoader
from hypothesis import given, settings
from hypothesis import strategies as st
from psycopg.pq import Format

from alongside.chronology.models import Entry
from alongside.core.db import UtcTimestamptzLoader
from tests.factories import CaseFactory, EntryFactory

pytestmark = pytest.mark.django_db

_OFFSETS = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: datetime.timezone(datetime.timedelta(minutes=minutes))
)
_INSTANTS = st.datetimes(
    min_value=datetime.datetime(1, 1, 2),
    max_value=datetime.datetime(9999, 12, 30),
    timezones=_OFFSETS,
)


def _read(value: datetime.datetime, zone: str) -> tuple[datetime.datetime, str]:
    """The value written, read back in a session whose time zone is ``zone``; and as text."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL TIME ZONE %s", [zone])
        cursor.execute("SELECT %s::timestamptz, %s::timestamptz::text", [value, value])
        return cursor.fetchone()


def test_connections_read_timestamps_with_the_compiled_loader():
    connection.ensure_connection()
    loader = connection.connection.adapters.get_loader(1184, Format.TEXT)
    assert loader is UtcTimestamptzLoader


@settings(max_examples=200, deadline=None)
@given(value=_INSTANTS, zone=st.sampled_from(["UTC", "Europe/London", "Pacific/Kiritimati"]))
def test_a_timestamp_reads_back_as_the_same_instant_in_utc(value, zone):
    read, text = _read(value, zone)
    assert read == value
    assert read.tzinfo is datetime.UTC
    if zone == "UTC":
        # What Django's own loader makes of the same text (it assumes a UTC session).
        class Djangos(BaseTzLoader):
            timezone = datetime.UTC

        with connection.cursor() as cursor:
            djangos = Djangos(1184, cursor.cursor).load(text.encode())
        assert read == djangos and read.utcoffset() == djangos.utcoffset()


def test_model_fields_read_aware_utc_datetimes(cast):
    at = datetime.datetime(2026, 3, 29, 1, 30, 15, 123456, tzinfo=datetime.UTC)
    entry = EntryFactory(case=CaseFactory(team=cast["team_a"]), occurred_at=at)
    read = Entry.objects.get(pk=entry.pk)
    assert read.occurred_at == at and read.occurred_at.tzinfo is datetime.UTC
    assert read.created_at.tzinfo is datetime.UTC
