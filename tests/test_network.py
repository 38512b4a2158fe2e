"""The child's network tab: adding people found by the front door's search or recorded new,
ending relationships, and giving and stopping family portal sign-ins."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from alongside import policy
from alongside.accounts.models import Role, User
from alongside.accounts.services import family_user_find
from alongside.audit.models import AccessLog
from alongside.cases.models import FamilyAccess, SupporterAccess, SupporterScope
from alongside.messaging.models import Message
from alongside.people.codes import RelationshipKind
from alongside.people.models import Person, Relationship
from alongside.plans.selectors import family_members
from alongside.workforce.selectors import family_people
from tests.conftest import staff_client
from tests.factories import FamilyUserFactory, PersonFactory

pytestmark = pytest.mark.django_db

REL = {"kind": "grandparent", "parental_responsibility": "no", "lives_with": "no", "notes": ""}


def base(case) -> str:
    return f"/staff/cases/{case.pk}/network"


def network_urls(case, rel, person, grant):
    b = base(case)
    return [
        ("get", f"{b}/"),
        ("get", f"{b}/find/?name=Smith"),
        ("get", f"{b}/new/"),
        ("post", f"{b}/new/"),
        ("get", f"{b}/add/{person.pk}/"),
        ("post", f"{b}/add/{person.pk}/"),
        ("get", f"{b}/relationships/{rel.pk}/end/"),
        ("post", f"{b}/relationships/{rel.pk}/end/"),
        ("get", f"{b}/portal/{person.pk}/"),
        ("post", f"{b}/portal/{person.pk}/"),
        ("get", f"{b}/portal/grants/{grant.pk}/stop/"),
        ("post", f"{b}/portal/grants/{grant.pk}/stop/"),
    ]


@pytest.fixture
def mum(cast):
    person = PersonFactory(
        first_names="Dana",
        last_name="Okafor",
        date_of_birth=datetime.date(1988, 2, 3),
        email="dana@example.test",
    )
    Relationship.objects.create(
        from_person=person,
        to_person=cast["case"].child,
        kind=RelationshipKind.PARENT,
        parental_responsibility=True,
    )
    return person


@pytest.mark.parametrize("who", ["other_worker", "other_manager", "admin", "chair"])
def test_staff_who_cannot_change_the_case_get_404_on_every_network_url(cast, mum, who):
    case = cast["case"]
    rel = Relationship.objects.get(from_person=mum)
    grant = FamilyAccess.objects.filter(case=case).first()
    client = staff_client(cast[who])
    before = AccessLog.objects.count()
    for method, url in network_urls(case, rel, mum, grant):
        response = getattr(client, method)(url, {"reason": "x"} if method == "post" else None)
        assert response.status_code == 404, (who, method, url)
    assert AccessLog.objects.count() == before
    assert Relationship.objects.get(pk=rel.pk).ended_on is None
    assert FamilyAccess.objects.get(pk=grant.pk).revoked_at is None


def test_the_tab_lists_current_relationships_both_ways_and_who_has_portal_access(cast, mum):
    case = cast["case"]
    friend = PersonFactory(first_names="Lee", last_name="Barton")
    Relationship.objects.create(
        from_person=case.child, to_person=friend, kind=RelationshipKind.FRIEND
    )
    response = staff_client(cast["worker"]).get(f"{base(case)}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dana Okafor" in html and "Lee Barton" in html
    assert f"Dana Okafor is parent of {case.child.display_name}" in html
    assert f"{case.child.display_name} is friend of Lee Barton" in html
    assert "Family and network" in html
    # The young person in the cast has portal access already; Dana may be given it.
    assert "Can sign in to the portal" in html
    assert f"/portal/{mum.pk}/" in html
    assert AccessLog.objects.filter(user=cast["worker"], case=case).exists()


def test_search_uses_the_front_door_search_and_hides_the_child(cast):
    case = cast["case"]
    gran = PersonFactory(
        first_names="Margaret", last_name="Whitfield", date_of_birth=datetime.date(1955, 6, 1)
    )
    response = staff_client(cast["worker"]).get(f"{base(case)}/find/", {"name": "Margret Whitfeld"})
    html = response.content.decode()
    assert "Margaret Whitfield" in html
    assert f"/add/{gran.pk}/" in html
    response = staff_client(cast["worker"]).get(
        f"{base(case)}/find/", {"name": case.child.full_name}
    )
    assert f"/add/{case.child.pk}/" not in response.content.decode()


def test_people_of_restricted_cases_are_not_offered(cast):
    case = cast["case"]
    hidden_child = PersonFactory(first_names="Hidden", last_name="Quarrington")
    from tests.factories import CaseFactory

    CaseFactory(
        child=hidden_child,
        team=cast["team_b"],
        is_restricted=True,
        restriction_reason="Staff family",
    )
    client = staff_client(cast["worker"])
    response = client.get(f"{base(case)}/find/", {"name": "Hidden Quarrington"})
    assert f"/add/{hidden_child.pk}/" not in response.content.decode()
    assert client.get(f"{base(case)}/add/{hidden_child.pk}/").status_code == 404


def test_adding_someone_found_puts_them_where_handover_meetings_and_fgc_read(cast):
    case = cast["case"]
    gran = PersonFactory(first_names="Margaret", last_name="Whitfield")
    client = staff_client(cast["worker"])
    response = client.post(
        f"{base(case)}/add/{gran.pk}/",
        {**REL, "parental_responsibility": "yes", "lives_with": "yes", "notes": "Weekends"},
    )
    assert response.status_code == 302
    rels = Relationship.objects.filter(from_person=gran, to_person=case.child)
    assert {r.kind for r in rels} == {"grandparent", "lives_with"}
    main = rels.get(kind="grandparent")
    assert main.parental_responsibility and main.notes == "Weekends"
    assert main.created_by == cast["worker"]
    assert gran.pk in [m.person.pk for m in family_members(case)]
    assert gran.pk in [p.pk for p, _ in family_people(case)]
    events = main.events.select_related("pgh_context")  # type: ignore[attr-defined]
    assert events.first().pgh_context.metadata["user"] == cast["worker"].pk


def test_adding_keeps_what_was_typed_and_says_what_is_missing(cast):
    case = cast["case"]
    gran = PersonFactory()
    response = staff_client(cast["worker"]).post(
        f"{base(case)}/add/{gran.pk}/", {"notes": "Lives nearby"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Choose how they are related to the child" in html
    assert "Lives nearby" in html
    assert not Relationship.objects.filter(from_person=gran).exists()


def test_the_same_relationship_twice_is_refused(cast, mum):
    response = staff_client(cast["worker"]).post(
        f"{base(cast['case'])}/add/{mum.pk}/", {**REL, "kind": "parent"}
    )
    assert "already recorded as parent of the child" in response.content.decode()
    assert Relationship.objects.filter(from_person=mum).count() == 1


def test_none_of_these_carries_what_was_typed_to_the_new_person_form(cast):
    case = cast["case"]
    client = staff_client(cast["worker"])
    query = {
        "name": "Tomasz Nowak",
        "postcode": "ls2 9jt",
        "date_of_birth_day": "4",
        "date_of_birth_month": "5",
        "date_of_birth_year": "1990",
    }
    html = client.get(f"{base(case)}/find/", query).content.decode()
    link = re.search(r'href="([^"]*/network/new/\?[^"]*)"', html)
    assert link, html
    page = client.get(link[1].replace("&amp;", "&")).content.decode()
    assert 'value="Tomasz"' in page and 'value="Nowak"' in page
    assert 'value="LS2 9JT"' in page and 'value="1990"' in page


def test_a_new_father_is_recorded_and_added(cast):
    case = cast["case"]
    data = {
        "first_names": "Tomasz",
        "last_name": "Nowak",
        "date_of_birth_day": "4",
        "date_of_birth_month": "5",
        "date_of_birth_year": "1990",
        "email": "tomasz@example.test",
        "phone": "07700 900456",
        "address": "1 Fictional Row",
        "postcode": "ls2 9jt",
        "first_language": "Polish",
        "interpreter_needed": "yes",
        **REL,
        "kind": "parent",
        "parental_responsibility": "yes",
    }
    response = staff_client(cast["worker"]).post(f"{base(case)}/new/", data)
    assert response.status_code == 302
    dad = Person.objects.get(last_name="Nowak")
    assert dad.date_of_birth == datetime.date(1990, 5, 4)
    assert dad.postcode == "LS2 9JT" and dad.interpreter_needed and dad.first_language == "Polish"
    assert dad.council_id
    rel = Relationship.objects.get(from_person=dad, to_person=case.child)
    assert rel.kind == "parent" and rel.parental_responsibility
    assert dad.pk in [p.pk for p, _ in family_people(case)]


def test_a_new_person_with_mistakes_keeps_everything_typed_and_records_nothing(cast):
    case = cast["case"]
    data = {
        "first_names": "Tomasz",
        "last_name": "Nowak",
        "date_of_birth_day": "4",
        "date_of_birth_month": "5",
        "date_of_birth_year": "2999",
        "email": "not-an-email",
        "first_language": "Polish",
        "interpreter_needed": "no",
        **REL,
    }
    response = staff_client(cast["worker"]).post(f"{base(case)}/new/", data)
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    assert "Enter an email address like name@example.com" in html
    assert 'value="Tomasz"' in html and 'value="not-an-email"' in html
    assert not Person.objects.filter(last_name="Nowak").exists()
    data["email"] = ""
    html = staff_client(cast["worker"]).post(f"{base(case)}/new/", data).content.decode()
    assert "The date of birth must be in the past" in html
    assert not Person.objects.filter(last_name="Nowak").exists()


def test_ending_a_relationship_keeps_it_with_who_when_and_why(cast, mum):
    case = cast["case"]
    rel = Relationship.objects.get(from_person=mum)
    client = staff_client(cast["worker"])
    url = f"{base(case)}/relationships/{rel.pk}/end/"
    response = client.post(url, {"on_day": "1", "on_month": "3", "on_year": "2026"})
    assert "Say why this relationship has ended" in response.content.decode()
    today = timezone.localdate()
    response = client.post(
        url,
        {
            "on_day": str(today.day),
            "on_month": str(today.month),
            "on_year": str(today.year),
            "reason": "Court order: no contact",
        },
    )
    assert response.status_code == 302
    rel.refresh_from_db()
    assert rel.ended_on == today and rel.updated_by == cast["worker"]
    event = rel.events.filter(ended_on__isnull=False).select_related("pgh_context").get()  # type: ignore[attr-defined]
    assert event.pgh_context.metadata["reason"] == "Court order: no contact"
    assert mum.pk not in [m.person.pk for m in family_members(case)]
    html = client.get(f"{base(case)}/").content.decode()
    assert "Ended relationships" in html and "Court order: no contact" in html
    assert client.get(url).status_code == 404


def test_a_relationship_of_another_child_cannot_be_ended_from_this_case(cast):
    other = Relationship.objects.create(
        from_person=PersonFactory(), to_person=PersonFactory(), kind=RelationshipKind.PARENT
    )
    url = f"{base(cast['case'])}/relationships/{other.pk}/end/"
    assert staff_client(cast["worker"]).get(url).status_code == 404


# --- Family portal ------------------------------------------------------------------------


def test_a_parent_is_given_portal_access_and_invited_to_sign_in_with_a_code(cast, mum):
    case = cast["case"]
    client = staff_client(cast["worker"])
    url = f"{base(case)}/portal/{mum.pk}/"
    assert 'value="dana@example.test"' in client.get(url).content.decode()
    response = client.post(url, {"email_or_phone": "dana@example.test"})
    assert response.status_code == 302
    account = User.objects.get(person=mum)
    assert account.role == Role.FAMILY and account.email == "dana@example.test"
    assert not account.has_usable_password()
    grant = FamilyAccess.objects.get(case=case, person=mum, revoked_at__isnull=True)
    assert grant.created_by == cast["worker"]
    message = Message.objects.get(to_user=account, purpose="portal_invite")
    assert message.to_address == "dana@example.test"
    assert "http://testserver/portal/sign-in/" in message.body
    assert "code" in message.body and "password" in message.body
    assert family_user_find("dana@example.test") == account
    assert policy.case_access(account, case).can_read
    html = client.get(f"{base(case)}/").content.decode()
    assert "Stop portal access" in html and "Dana Okafor" in html


def test_portal_access_by_mobile_number(cast, mum):
    case = cast["case"]
    response = staff_client(cast["worker"]).post(
        f"{base(case)}/portal/{mum.pk}/", {"email_or_phone": "07700 900777"}
    )
    assert response.status_code == 302
    account = User.objects.get(person=mum)
    assert account.phone == "07700900777"
    assert Message.objects.get(to_user=account, purpose="portal_invite").channel == "sms"


def test_someone_without_parental_responsibility_or_care_cannot_have_access(cast):
    case = cast["case"]
    friend = PersonFactory(date_of_birth=datetime.date(1980, 1, 1))
    Relationship.objects.create(
        from_person=friend, to_person=case.child, kind=RelationshipKind.FRIEND
    )
    response = staff_client(cast["worker"]).post(
        f"{base(case)}/portal/{friend.pk}/", {"email_or_phone": "friend@example.test"}
    )
    assert "cannot have a sign-in for this case" in response.content.decode()
    assert not User.objects.filter(person=friend).exists()
    assert not FamilyAccess.objects.filter(person=friend).exists()
    assert not Message.objects.filter(to_address="friend@example.test").exists()


def test_a_carer_the_child_lives_with_can_have_access(cast):
    case = cast["case"]
    carer = PersonFactory(date_of_birth=datetime.date(1960, 1, 1))
    Relationship.objects.create(
        from_person=carer, to_person=case.child, kind=RelationshipKind.LIVES_WITH
    )
    response = staff_client(cast["worker"]).post(
        f"{base(case)}/portal/{carer.pk}/", {"email_or_phone": "carer@example.test"}
    )
    assert response.status_code == 302
    assert FamilyAccess.objects.filter(case=case, person=carer, revoked_at=None).exists()


def test_someone_outside_the_network_is_404(cast):
    stranger = PersonFactory()
    url = f"{base(cast['case'])}/portal/{stranger.pk}/"
    assert staff_client(cast["worker"]).get(url).status_code == 404


def _years_ago(years: int) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years, day=min(today.day, 28))


def test_the_child_is_given_a_young_persons_sign_in_when_old_enough(cast):
    case = cast["case"]
    FamilyAccess.objects.filter(case=case).update(revoked_at=timezone.now())
    User.objects.filter(person=case.child).update(person=None, role=Role.SUPPORTER)
    Person.objects.filter(pk=case.child.pk).update(date_of_birth=_years_ago(8))
    client = staff_client(cast["worker"])
    url = f"{base(case)}/portal/{case.child.pk}/"
    response = client.post(url, {"email_or_phone": "child@example.test"})
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    assert "can have their own sign-in" in html
    assert not User.objects.filter(person=case.child).exists()
    Person.objects.filter(pk=case.child.pk).update(date_of_birth=_years_ago(14))
    response = client.post(url, {"email_or_phone": "child@example.test"})
    assert response.status_code == 302
    account = User.objects.get(person=case.child)
    assert account.role == Role.YOUNG_PERSON
    body = Message.objects.get(to_user=account, purpose="portal_invite").body
    assert "about you" in body


def test_the_grant_services_rules_are_shown_and_nothing_is_made(cast, mum, monkeypatch):
    """Rules the grant service holds (an age rule among them) are shown as they are written."""
    from alongside.cases import portal_access

    def refuse(**kwargs):
        raise ValidationError("Not allowed by the grant rules")

    monkeypatch.setattr(portal_access, "family_access_grant", refuse)
    response = staff_client(cast["worker"]).post(
        f"{base(cast['case'])}/portal/{mum.pk}/", {"email_or_phone": "dana@example.test"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Not allowed by the grant rules" in html
    assert "There is a problem" in html
    assert not User.objects.filter(person=mum).exists()
    assert not Message.objects.filter(purpose="portal_invite").exists()


def test_an_address_someone_else_signs_in_with_is_refused(cast, mum):
    response = staff_client(cast["worker"]).post(
        f"{base(cast['case'])}/portal/{mum.pk}/", {"email_or_phone": cast["parent"].email}
    )
    assert "Someone else already signs in with this" in response.content.decode()
    assert not User.objects.filter(person=mum).exists()


def test_stopping_access_ends_it_at_once_with_the_supporters_they_invited(cast):
    case = cast["case"]
    parent = cast["parent"]
    supporter = FamilyUserFactory(role=Role.SUPPORTER, person=None, email="sup@example.test")
    SupporterAccess.objects.create(
        case=case, user=supporter, invited_by=parent, scope=SupporterScope.EVERYTHING
    )
    grant = FamilyAccess.objects.get(case=case, person=parent.person)
    client = staff_client(cast["worker"])
    url = f"{base(case)}/portal/grants/{grant.pk}/stop/"
    refused = client.post(url, {}).content.decode()
    assert "Say why you are stopping access" in refused, refused
    response = client.post(url, {"reason": "Court order"})
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_at is not None and grant.updated_by == cast["worker"]
    assert not policy.case_access(parent, case).can_read
    assert not policy.case_access(supporter, case).can_read
    event = grant.events.filter(revoked_at__isnull=False).select_related("pgh_context").get()  # type: ignore[attr-defined]
    assert event.pgh_context.metadata["reason"].startswith("Court order")
    from django.test import Client

    portal = Client()
    portal.force_login(parent)
    assert portal.get(f"/portal/cases/{case.pk}/").status_code == 404
    html = client.get(f"{base(case)}/").content.decode()
    assert "Portal access that has stopped" in html


def test_someone_with_a_sign_in_already_keeps_it_when_given_access_again(cast):
    case, parent = cast["case"], cast["parent"]
    Relationship.objects.create(
        from_person=parent.person,
        to_person=case.child,
        kind=RelationshipKind.PARENT,
        parental_responsibility=True,
    )
    grant = FamilyAccess.objects.get(case=case, person=parent.person)
    client = staff_client(cast["worker"])
    client.post(f"{base(case)}/portal/grants/{grant.pk}/stop/", {"reason": "Moved away"})
    assert not policy.case_access(parent, case).can_read
    url = f"{base(case)}/portal/{parent.person.pk}/"
    assert f'value="{parent.email}"' in client.get(url).content.decode()
    refused = client.post(url, {"email_or_phone": "elsewhere@example.test"})
    assert "already sign in with a different email address" in refused.content.decode()
    response = client.post(url, {"email_or_phone": parent.email})
    assert response.status_code == 302
    assert User.objects.filter(person=parent.person).count() == 1
    assert policy.case_access(parent, case).can_read
    assert FamilyAccess.objects.filter(case=case, person=parent.person).count() == 2
