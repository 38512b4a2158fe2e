"""The demo council: seed_demo builds a consistent, deterministic, idempotent council."""

from __future__ import annotations

import datetime
import hashlib
import io
import itertools

import pytest
from django.core.management import call_command
from django.db.models import Count, Max, Q
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from alongside import policy
from alongside.accounts.models import Role, Team, User
from alongside.cases.models import Allocation, Case, FamilyAccess, RestrictedAccess, Stage
from alongside.chronology.models import Audience, AuthorKind, Entry, Kind
from alongside.demo.entries import iter_entries
from alongside.demo.planner import make_plan
from alongside.demo.signins import (
    DEMO_PASSWORD,
    MANAGER,
    PARENT,
    STAFF_SIGNINS,
    WORKER,
    WORKER2,
    YOUNG_PERSON,
)
from alongside.demo.specs import SIZES
from alongside.people.identifiers import validate_nhs_number, validate_upn
from alongside.people.models import Person


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", size="small", seed=1, stdout=out)
    return out.getvalue()


def fingerprint(seed_value: int, today: datetime.date) -> str:
    plan = make_plan(SIZES["small"], seed_value, today)
    digest = hashlib.sha256()
    for p in plan.persons:
        digest.update(f"{p.first_names}|{p.last_name}|{p.date_of_birth}|{p.nhs_number}".encode())
    for c in plan.cases:
        digest.update(f"{c.child}|{c.stage}|{c.referral_date}|{c.worker}".encode())
    for e in itertools.islice(iter_entries(plan), 500):
        digest.update(f"{e.title}|{e.text}|{e.occurred_at}".encode())
    return digest.hexdigest()


def test_the_plan_is_the_same_for_the_same_seed():
    today = datetime.date(2026, 1, 15)
    assert fingerprint(1, today) == fingerprint(1, today)
    assert fingerprint(1, today) != fingerprint(2, today)


@pytest.mark.django_db
def test_seed_small_builds_a_consistent_demo_council():
    assert "Totals" in seed()
    plan = make_plan(SIZES["small"], 1, timezone.localdate())
    names = sorted(Person.objects.values_list("first_names", "last_name"))
    assert names == sorted((p.first_names, p.last_name) for p in plan.persons)

    check_counts()
    check_allocations()
    check_entries()
    check_people()
    check_sign_ins()
    check_restricted_cases()

    before = (Person.objects.count(), Case.objects.count(), Entry.objects.count())
    assert "already loaded" in seed()
    assert (Person.objects.count(), Case.objects.count(), Entry.objects.count()) == before


def check_counts() -> None:
    assert Team.objects.filter(code__startswith="demo").count() == 3
    assert 20 <= User.objects.exclude(role__in=[Role.FAMILY, Role.YOUNG_PERSON]).count() <= 30
    assert 190 <= Case.objects.values("child").distinct().count() <= 210
    assert 3_000 <= Entry.objects.count() <= 6_000
    assert set(Case.objects.values_list("stage", flat=True)) == set(Stage.values)
    assert not Case.objects.filter(stage=Stage.CLOSED, closure_reason="").exists()
    assert set(Entry.objects.values_list("kind", flat=True)) == set(Kind.values)


def check_allocations() -> None:
    open_counts = Case.objects.annotate(
        current=Count("allocations", filter=Q(allocations__ended_on__isnull=True))
    )
    assert set(open_counts.filter(closed_on__isnull=True).values_list("current", flat=True)) == {1}
    # A closed case keeps its allocations, all ended on the day it closed.
    assert set(open_counts.filter(closed_on__isnull=False).values_list("current", flat=True)) == {0}
    for allocation in Allocation.objects.filter(ended_on__isnull=True).select_related("case"):
        assert allocation.worker_id == allocation.case.worker_id
        assert allocation.team_id == allocation.case.team_id
        latest = allocation.case.allocations.aggregate(latest=Max("started_on"))["latest"]
        assert allocation.started_on == latest
    several = Case.objects.annotate(n=Count("allocations")).filter(n__gte=3).count()
    assert several >= 20


def check_entries() -> None:
    withheld = Entry.objects.exclude(audience=Audience.FAMILY)
    assert withheld.exists()
    assert not withheld.filter(withheld_reason="").exists()
    assert not Entry.objects.filter(audience=Audience.FAMILY).exclude(withheld_reason="").exists()
    family_share = Entry.objects.filter(audience=Audience.FAMILY).count() / Entry.objects.count()
    assert 0.8 <= family_share <= 0.95
    by_family = Entry.objects.filter(author_kind=AuthorKind.FAMILY)
    assert by_family.exists()
    assert not by_family.filter(author_person__isnull=True).exists()
    assert Entry.objects.filter(author_kind=AuthorKind.AGENCY).exclude(author_agency="").exists()
    asked = Entry.objects.filter(kind=Kind.REQUEST_FOR_HELP).values("case").distinct().count()
    assert asked >= Case.objects.count() // 3


def check_people() -> None:
    numbers = list(Person.objects.exclude(nhs_number=None).values_list("nhs_number", flat=True))
    assert len(numbers) > 400
    for number in numbers:
        validate_nhs_number(number)
    upns = list(Person.objects.exclude(upn=None).values_list("upn", flat=True))
    assert len(upns) > 100
    for upn in upns:
        validate_upn(upn)
    assert Person.objects.values("council_id").distinct().count() == Person.objects.count()


def check_sign_ins() -> None:
    for signin in STAFF_SIGNINS:
        user = User.objects.get(email=signin.email)
        assert user.role == signin.role
        assert user.check_password(DEMO_PASSWORD)
        assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    worker = User.objects.get(email=WORKER.email)
    assert User.objects.get(email=WORKER2.email).team_id != worker.team_id
    assert User.objects.get(email=MANAGER.email).team_id == worker.team_id
    assert 10 <= Case.objects.filter(worker=worker, closed_on__isnull=True).count() <= 15

    parent = User.objects.get(email=PARENT.email, role=Role.FAMILY, phone=PARENT.phone)
    young = User.objects.get(email=YOUNG_PERSON.email, role=Role.YOUNG_PERSON)
    assert young.person.age_on(timezone.localdate()) >= 12
    assert FamilyAccess.objects.filter(person=young.person, case__child=young.person).exists()
    cases = Case.objects.filter(family_access__person=parent.person)
    assert cases.count() >= 2
    for case in cases:
        assert case.worker == worker
        entries = Entry.objects.filter(case=case)
        assert entries.filter(audience=Audience.PROFESSIONALS).exists()
        seen_by_parent = policy.entries_visible_to(parent, case, policy.case_access(parent, case))
        assert not seen_by_parent.exclude(audience=Audience.FAMILY).exists()
        seen_by_worker = policy.entries_visible_to(worker, case, policy.case_access(worker, case))
        assert seen_by_worker.filter(audience=Audience.PROFESSIONALS).exists()


def check_restricted_cases() -> None:
    restricted = Case.objects.filter(is_restricted=True)
    assert restricted.count() >= 2
    for case in restricted:
        assert case.restriction_reason
        names = RestrictedAccess.objects.filter(case=case, revoked_at=None)
        assert names.filter(user__role=Role.TEAM_MANAGER, user__team=case.team).exists()
