from __future__ import annotations

import datetime
import importlib

import pyotp
import pytest
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from alongside.accounts.models import Role
from alongside.accounts.services import DEMO_TOTP_SECRET_BASE32
from alongside.chronology.models import Attachment
from alongside.people.models import Relationship
from tests.factories import (
    PASSWORD,
    CaseFactory,
    EntryFactory,
    FamilyUserFactory,
    PersonFactory,
    TeamFactory,
    UserFactory,
    grant_family,
)


@pytest.fixture(autouse=True)
def statutory_rules(request):
    """The rows data migrations load (timescale rules, caseload weights, case types),
    present for every database test.

    A browser test empties the database when it ends and the rules come back only
    when the next browser test starts, so a plain test that follows would find none.
    """
    marker = request.node.get_closest_marker("django_db")
    if marker is None and not {"db", "transactional_db"} & set(request.fixturenames):
        return
    request.getfixturevalue("db")
    from alongside.timescales.models import TimescaleRule

    if not TimescaleRule.objects.exists():
        prefix = "alongside.timescales.migrations."
        importlib.import_module(f"{prefix}0002_load_statutory_timescales").load(django_apps, None)
        importlib.import_module(
            f"{prefix}0005_referral_closed_stops_assessment_and_conference"
        ).add_stop(django_apps, None)
    # The caseload weights, limits and case types, loaded the same way for the same reason.
    from alongside.cases.models import CaseType
    from alongside.workforce.models import CaseWeight

    if not CaseWeight.objects.exists():
        importlib.import_module(
            "alongside.workforce.migrations.0002_default_caseload_weights"
        ).load(django_apps, None)
    if not CaseType.objects.exists():
        importlib.import_module("alongside.cases.migrations.0005_default_case_types").load(
            django_apps, None
        )


def totp_now() -> str:
    return pyotp.TOTP(DEMO_TOTP_SECRET_BASE32).now()


def staff_client(user) -> Client:
    """A client signed in the real way: password, then authenticator code."""
    client = Client()
    response = client.post("/sign-in/", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    # A TOTP code is accepted once per device; tests sign the same person in
    # several times within one 30-second step, so forget the last one used.
    TOTPDevice.objects.filter(user=user).update(last_t=-1)
    response = client.post("/sign-in/code/", {"code": totp_now()})
    assert response.status_code == 302, response.content[:500]
    return client


@pytest.fixture
def cast(db):
    """A named cast around one child's case in team A."""
    team_a = TeamFactory(name="Team A")
    team_b = TeamFactory(name="Team B")
    worker = UserFactory(team=team_a, role=Role.SOCIAL_WORKER)
    colleague = UserFactory(team=team_a, role=Role.SOCIAL_WORKER)
    manager = UserFactory(team=team_a, role=Role.TEAM_MANAGER)
    other_worker = UserFactory(team=team_b, role=Role.SOCIAL_WORKER)
    other_manager = UserFactory(team=team_b, role=Role.TEAM_MANAGER)
    admin = UserFactory(team=None, role=Role.ADMIN)
    chair = UserFactory(team=team_a, role=Role.CHAIR)
    case = CaseFactory(team=team_a, worker=worker)
    parent = FamilyUserFactory()
    grant_family(case, parent)
    other_parent = FamilyUserFactory()
    young_person = FamilyUserFactory(
        role=Role.YOUNG_PERSON, person=case.child, email="young@example.test"
    )
    grant_family(case, young_person)
    return {
        "team_a": team_a,
        "team_b": team_b,
        "worker": worker,
        "colleague": colleague,
        "manager": manager,
        "other_worker": other_worker,
        "other_manager": other_manager,
        "admin": admin,
        "chair": chair,
        "case": case,
        "parent": parent,
        "other_parent": other_parent,
        "young_person": young_person,
        "stranger_child": PersonFactory(),
    }


@pytest.fixture
def entry_with_file(cast):
    """An entry on the cast's case with a small text file attached."""
    entry = EntryFactory(case=cast["case"], author_user=cast["worker"])
    upload = SimpleUploadedFile("plan.txt", b"the plan", content_type="text/plain")
    attachment = Attachment(
        entry=entry,
        stored_name="x.txt",
        original_name="plan.txt",
        content_type="text/plain",
        size=8,
    )
    attachment.file.save("x.txt", upload, save=False)
    attachment.save()
    return entry, attachment


@pytest.fixture
def front_door(db):
    """A front-door team with an officer, a social worker and a manager; a child and parent."""
    team = TeamFactory(name="Front door")
    officer = UserFactory(team=team, role="front_door")
    worker = UserFactory(team=team, role="social_worker")
    manager = UserFactory(team=team, role="team_manager")
    child = PersonFactory()
    parent = PersonFactory(email="parent@example.test", date_of_birth=datetime.date(1988, 1, 1))
    Relationship.objects.create(
        from_person=parent, to_person=child, kind="parent", parental_responsibility=True
    )
    return {
        "team": team,
        "officer": officer,
        "worker": worker,
        "manager": manager,
        "child": child,
        "parent": parent,
    }
