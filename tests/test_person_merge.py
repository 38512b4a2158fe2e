"""Merging duplicate records keeps every history and moves everything to the kept record."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from alongside.people.models import Person, Relationship
from alongside.people.search import people_search
from alongside.people.services import person_merge
from tests.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_manager_merges_a_duplicate_child(cast):
    keep = cast["case"].child
    duplicate = PersonFactory(
        first_names=keep.first_names, last_name=keep.last_name, nhs_number="9434765919"
    )
    old_case = CaseFactory(
        child=duplicate, team=cast["team_a"], closed_on=timezone.localdate(), closure_reason="RC7"
    )
    grandparent = PersonFactory()
    Relationship.objects.create(from_person=grandparent, to_person=duplicate, kind="grandparent")
    person_merge(keep=keep, duplicate=duplicate, by=cast["manager"], reason="Same child, typo")
    duplicate.refresh_from_db()
    keep.refresh_from_db()
    old_case.refresh_from_db()
    assert duplicate.merged_into == keep and duplicate.archived_at is not None
    assert old_case.child == keep
    assert keep.nhs_number == "9434765919"
    assert Relationship.objects.filter(
        from_person=grandparent, to_person=keep, kind="grandparent", ended_on=None
    ).exists()
    assert Relationship.objects.get(to_person=duplicate).ended_on is not None
    assert [m.person.pk for m in people_search(name=keep.full_name)].count(duplicate.pk) == 0
    assert Person.objects.filter(pk=duplicate.pk).exists()
    reasons = [
        e.pgh_context.metadata.get("reason", "") for e in duplicate.events.all() if e.pgh_context
    ]
    assert any("Same child, typo" in r for r in reasons)


def test_only_managers_merge_and_a_reason_is_needed(cast):
    keep = PersonFactory()
    duplicate = PersonFactory()
    with pytest.raises(ValidationError):
        person_merge(keep=keep, duplicate=duplicate, by=cast["worker"], reason="Same")
    with pytest.raises(ValidationError):
        person_merge(keep=keep, duplicate=duplicate, by=cast["manager"], reason=" ")


def test_two_open_cases_must_be_resolved_first(cast):
    duplicate = PersonFactory()
    CaseFactory(child=duplicate, team=cast["team_a"])
    with pytest.raises(ValidationError):
        person_merge(
            keep=cast["case"].child, duplicate=duplicate, by=cast["manager"], reason="Same"
        )


def test_merge_page_is_for_managers_and_keeps_what_was_typed(cast):
    from tests.conftest import staff_client

    assert staff_client(cast["worker"]).get("/staff/people/merge/").status_code == 404
    client = staff_client(cast["manager"])
    page = client.post(
        "/staff/people/merge/", {"keep": "P404", "duplicate": "P405", "reason": "Same person"}
    ).content.decode()
    assert "Enter the council ids of two current records" in page and "Same person" in page
    duplicate = PersonFactory()
    keep = cast["case"].child
    response = client.post(
        "/staff/people/merge/",
        {"keep": keep.council_id, "duplicate": duplicate.council_id, "reason": "Same person"},
    )
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == keep
