"""Nothing is hard-deleted and every change keeps who, when and why — raw SQL included."""

from __future__ import annotations

import pghistory
import pytest
from django.db import ProgrammingError, connection, transaction

from alongside.audit.models import AccessLog
from alongside.chronology.models import Entry
from alongside.chronology.services import entry_history, entry_update
from alongside.people.models import Person
from tests.factories import EntryFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_entry_update_keeps_earlier_version_with_who_and_why(cast):
    entry = EntryFactory(case=cast["case"], author_user=cast["worker"], title="First title")
    with pghistory.context(user=cast["worker"].pk):
        entry_update(
            entry=entry,
            by=cast["worker"],
            reason="Spelling of the school",
            title="Corrected title",
            text=entry.text,
            audience="family",
        )
    history = entry_history(entry)
    assert [h["title"] for h in history] == ["Corrected title", "First title"]
    assert history[0]["reason"] == "Spelling of the school"
    assert history[0]["user_id"] == cast["worker"].pk


def test_queryset_update_bulk_update_and_raw_sql_all_leave_history(cast):
    entry = EntryFactory(case=cast["case"], author_user=cast["worker"], title="v1")
    Entry.objects.filter(pk=entry.pk).update(title="v2")
    entry.title = "v3"
    Entry.objects.bulk_update([entry], ["title"])
    with connection.cursor() as cursor:
        cursor.execute("UPDATE chronology_entry SET title = 'v4' WHERE id = %s", [entry.pk])
    titles = [h["title"] for h in entry_history(entry)]
    assert titles == ["v4", "v3", "v2", "v1"]


@pytest.mark.parametrize(
    "make",
    [
        lambda cast: PersonFactory(),
        lambda cast: EntryFactory(case=cast["case"], author_user=cast["worker"]),
        lambda cast: cast["case"],
    ],
)
def test_records_cannot_be_deleted_even_by_raw_sql(cast, make):
    obj = make(cast)
    table = obj._meta.db_table
    with (
        pytest.raises(ProgrammingError, match="pgtrigger"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [obj.pk])  # noqa: S608
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_access_log_rows_cannot_be_changed_or_removed(cast):
    row = AccessLog.objects.create(user=cast["worker"], case=cast["case"], action="view_record")
    for sql in (
        "UPDATE audit_accesslog SET action = 'edit' WHERE id = %s",
        "DELETE FROM audit_accesslog WHERE id = %s",
    ):
        with (
            pytest.raises(ProgrammingError, match="pgtrigger"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [row.pk])
    assert AccessLog.objects.get(pk=row.pk).action == "view_record"


def test_person_changes_are_recorded():
    person = PersonFactory(first_names="Ash")
    Person.objects.filter(pk=person.pk).update(first_names="Asha")
    events = person.events.order_by("pgh_id")
    assert [e.first_names for e in events] == ["Ash", "Asha"]
