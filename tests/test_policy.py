"""The access policy, rule by rule, across roles × audiences × restriction."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from alongside import policy
from alongside.cases.models import BreakGlass, FamilyAccess, RestrictedAccess
from alongside.cases.services import break_glass_open, case_restrict
from alongside.chronology.models import Audience, Status
from alongside.chronology.services import entry_family_account_add
from tests.factories import CaseFactory, EntryFactory, UserFactory, grant_family

pytestmark = pytest.mark.django_db

EXPECTED_CASE_LEVEL = {
    "worker": policy.Level.WRITE,
    "colleague": policy.Level.WRITE,
    "manager": policy.Level.WRITE,
    "other_worker": policy.Level.NONE,
    "other_manager": policy.Level.NONE,
    "admin": policy.Level.NONE,
    "chair": policy.Level.NONE,
    "parent": policy.Level.READ,
    "young_person": policy.Level.READ,
    "other_parent": policy.Level.NONE,
}


@pytest.mark.parametrize(("who", "level"), EXPECTED_CASE_LEVEL.items())
def test_case_access_matrix(cast, who, level):
    access = policy.case_access(cast[who], cast["case"])
    assert access.level == level
    visible = policy.cases_visible_to(cast[who]).filter(pk=cast["case"].pk).exists()
    assert visible == (level > policy.Level.NONE)


def test_signed_out_and_disabled_users_see_nothing(cast):
    from django.contrib.auth.models import AnonymousUser

    assert policy.case_access(AnonymousUser(), cast["case"]).level == policy.Level.NONE
    worker = cast["worker"]
    worker.is_active = False
    assert policy.case_access(worker, cast["case"]).level == policy.Level.NONE
    assert not policy.cases_visible_to(worker).exists()


def test_manager_of_a_team_through_managed_teams_may_write(cast):
    senior = UserFactory(team=cast["team_b"], role="team_manager")
    assert policy.case_access(senior, cast["case"]).level == policy.Level.NONE
    senior.managed_teams.add(cast["team_a"])
    senior = type(senior).objects.get(pk=senior.pk)
    assert policy.case_access(senior, cast["case"]).basis == policy.Basis.MANAGER


def test_revoked_family_access_hides_the_case(cast):
    grant = FamilyAccess.objects.get(case=cast["case"], person=cast["parent"].person)
    grant.revoked_at = timezone.now()
    grant.save()
    assert policy.case_access(cast["parent"], cast["case"]).level == policy.Level.NONE
    assert not policy.cases_visible_to(cast["parent"]).exists()


def _entries(cast):
    case = cast["case"]
    worker = cast["worker"]
    return {
        "family": EntryFactory(case=case, author_user=worker),
        "professionals": EntryFactory(
            case=case,
            author_user=worker,
            audience=Audience.PROFESSIONALS,
            withheld_reason="third_party",
        ),
        "restricted": EntryFactory(
            case=case,
            author_user=cast["colleague"],
            audience=Audience.RESTRICTED,
            withheld_reason="police_enquiry",
        ),
        "worker_draft": EntryFactory(case=case, author_user=worker, status=Status.DRAFT),
    }


EXPECTED_ENTRIES = {
    "worker": {"family", "professionals", "restricted", "worker_draft"},
    "colleague": {"family", "professionals", "restricted"},
    "manager": {"family", "professionals", "restricted"},
    "parent": {"family"},
    "young_person": {"family"},
    "other_worker": set(),
    "other_parent": set(),
    "admin": set(),
}


@pytest.mark.parametrize(("who", "expected"), EXPECTED_ENTRIES.items())
def test_entry_audience_matrix(cast, who, expected):
    entries = _entries(cast)
    user = cast[who]
    access = policy.case_access(user, cast["case"])
    seen = set(policy.entries_visible_to(user, cast["case"], access).values_list("pk", flat=True))
    assert seen == {entries[name].pk for name in expected}


@pytest.mark.parametrize("who", [*EXPECTED_ENTRIES, "chair"])
def test_entries_on_several_cases_are_each_case_s_own_rule(cast, who):
    """Reading several cases at once gives what reading each alone gives, no more."""
    _entries(cast)
    # A second case of team A held by the colleague: the worker reads it without its
    # restricted entries, the parent reads it as family, the young person not at all.
    second = CaseFactory(team=cast["team_a"], worker=cast["colleague"])
    grant_family(second, cast["parent"])
    EntryFactory(case=second, author_user=cast["colleague"])
    EntryFactory(
        case=second,
        author_user=cast["colleague"],
        audience=Audience.RESTRICTED,
        withheld_reason="police_enquiry",
    )
    entry_family_account_add(
        case=cast["case"], by=cast["young_person"], text="Mine.", private_from_family=True
    )
    EntryFactory(case=second, author_user=cast["worker"], status=Status.DRAFT)
    EntryFactory(case=second, author_user=cast["colleague"], archived_at=timezone.now())
    user = cast[who]
    loaded = [(case, policy.case_access(user, case)) for case in (cast["case"], second)]
    one_by_one = set()
    for case, access in loaded:
        one_by_one |= set(
            policy.entries_visible_to(user, case, access).values_list("pk", flat=True)
        )
    together = set(policy.entries_visible_among(user, loaded).values_list("pk", flat=True))
    assert together == one_by_one
    assert set(policy.entries_visible_among(user, []).values_list("pk", flat=True)) == set()


def test_restricted_entry_hidden_from_team_member_who_is_not_author_or_worker(cast):
    entries = _entries(cast)
    restricted_by_worker = EntryFactory(
        case=cast["case"],
        author_user=cast["worker"],
        audience=Audience.RESTRICTED,
        withheld_reason="legal_advice",
    )
    colleague = cast["colleague"]
    access = policy.case_access(colleague, cast["case"])
    seen = set(
        policy.entries_visible_to(colleague, cast["case"], access).values_list("pk", flat=True)
    )
    assert restricted_by_worker.pk not in seen
    assert entries["restricted"].pk in seen  # their own


def test_break_glass_gives_read_only_access_that_expires(cast):
    other = cast["other_worker"]
    break_glass_open(
        user=other,
        case=cast["case"],
        reason_kind="urgent",
        reason="Police called out of hours about this child",
        mfa_at=timezone.now(),
    )
    access = policy.case_access(other, cast["case"])
    assert access.level == policy.Level.READ
    assert access.basis == policy.Basis.BREAK_GLASS
    entries = _entries(cast)
    seen = set(policy.entries_visible_to(other, cast["case"], access).values_list("pk", flat=True))
    assert seen == {entries["family"].pk, entries["professionals"].pk}
    later = timezone.now() + datetime.timedelta(minutes=31)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: later)
        assert policy.case_access(other, cast["case"]).level == policy.Level.NONE
        assert not policy.cases_visible_to(other).filter(pk=cast["case"].pk).exists()


def test_break_glass_needs_a_reason_and_a_recent_second_factor(cast):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as no_reason:
        break_glass_open(
            user=cast["other_worker"],
            case=cast["case"],
            reason_kind="other",
            reason="",
            mfa_at=timezone.now(),
        )
    assert "reason" in no_reason.value.message_dict
    with pytest.raises(ValidationError) as stale:
        break_glass_open(
            user=cast["other_worker"],
            case=cast["case"],
            reason_kind="other",
            reason="Covering the duty desk this evening",
            mfa_at=timezone.now() - datetime.timedelta(minutes=6),
        )
    assert "code" in stale.value.message_dict
    assert not BreakGlass.objects.exists()


def test_restricted_case_hidden_from_everyone_not_listed(cast):
    case = cast["case"]
    case_restrict(
        case=case,
        reason="A staff member's own family",
        allowed=[cast["manager"]],
        by=cast["manager"],
    )
    assert policy.case_access(cast["worker"], case).level == policy.Level.NONE
    assert policy.case_access(cast["colleague"], case).level == policy.Level.NONE
    assert policy.case_access(cast["manager"], case).level == policy.Level.WRITE
    assert not policy.cases_visible_to(cast["worker"]).filter(pk=case.pk).exists()
    assert not policy.can_break_glass(cast["other_worker"], case)
    listed_outsider = cast["other_worker"]
    RestrictedAccess.objects.create(case=case, user=listed_outsider, reason="IG lead")
    assert policy.case_access(listed_outsider, case).level == policy.Level.READ


def test_restricted_case_cannot_be_opened_by_break_glass(cast):
    from django.core.exceptions import ValidationError

    case_restrict(
        case=cast["case"], reason="Staff family", allowed=[cast["manager"]], by=cast["manager"]
    )
    with pytest.raises(ValidationError):
        break_glass_open(
            user=cast["other_worker"],
            case=cast["case"],
            reason_kind="urgent",
            reason="Urgent concern raised by police",
            mfa_at=timezone.now(),
        )


def test_cases_visible_to_matches_case_access_for_every_case(cast):
    other_case = CaseFactory(team=cast["team_b"], worker=cast["other_worker"])
    for name in EXPECTED_CASE_LEVEL:
        user = cast[name]
        listed = set(policy.cases_visible_to(user).values_list("pk", flat=True))
        for case in (cast["case"], other_case):
            assert (case.pk in listed) == policy.case_access(user, case).can_read, name


@pytest.mark.parametrize(
    ("scope", "sees_entries"),
    [("meetings", False), ("meetings_documents", False), ("everything", True)],
)
def test_supporter_sees_what_the_family_chose_and_no_more(cast, scope, sees_entries):
    from alongside.cases.models import SupporterAccess
    from tests.factories import UserFactory

    supporter = UserFactory(role="supporter", team=None, email="advocate@example.test")
    entries = _entries(cast)
    assert policy.case_access(supporter, cast["case"]).level == policy.Level.NONE
    grant = SupporterAccess.objects.create(
        case=cast["case"], user=supporter, invited_by=cast["parent"], scope=scope
    )
    access = policy.case_access(supporter, cast["case"])
    assert access.level == policy.Level.READ and access.is_supporter
    seen = set(
        policy.entries_visible_to(supporter, cast["case"], access).values_list("pk", flat=True)
    )
    assert seen == ({entries["family"].pk} if sees_entries else set())
    assert policy.cases_visible_to(supporter).filter(pk=cast["case"].pk).exists()
    grant.revoked_at = timezone.now()
    grant.save()
    assert policy.case_access(supporter, cast["case"]).level == policy.Level.NONE
    assert not policy.cases_visible_to(supporter).exists()


def test_a_chair_reads_the_case_of_a_conference_they_chair(cast):
    from alongside.journey.models import Conference, Referral
    from alongside.journey.services import conference_assign_chair

    chair = UserFactory(team=cast["team_b"], role="chair")
    referral = Referral.objects.create(
        case=cast["case"], referral_date=cast["case"].referral_date, source="2A"
    )
    conference = Conference.objects.create(
        referral=referral, kind="initial", scheduled_for=timezone.localdate()
    )
    assert policy.case_access(chair, cast["case"]).level == policy.Level.NONE
    conference_assign_chair(conference=conference, chair=chair, by=cast["manager"])
    access = policy.case_access(chair, cast["case"])
    assert access.level == policy.Level.READ and access.basis == policy.Basis.CHAIR
    assert policy.cases_visible_to(chair).filter(pk=cast["case"].pk).exists()
    entries = _entries(cast)
    seen = set(policy.entries_visible_to(chair, cast["case"], access).values_list("pk", flat=True))
    assert seen == {entries["family"].pk, entries["professionals"].pk}


def test_a_chair_from_the_holding_team_is_refused(cast):
    from django.core.exceptions import ValidationError

    from alongside.journey.models import Conference, Referral
    from alongside.journey.services import conference_assign_chair

    referral = Referral.objects.create(
        case=cast["case"], referral_date=cast["case"].referral_date, source="2A"
    )
    conference = Conference.objects.create(
        referral=referral, kind="initial", scheduled_for=timezone.localdate()
    )
    with pytest.raises(ValidationError):
        conference_assign_chair(conference=conference, chair=cast["chair"], by=cast["manager"])


def test_the_front_door_reads_a_case_only_while_a_contact_about_the_child_waits(cast):
    from alongside.journey.models import Contact
    from alongside.journey.services import contact_decide, contact_record

    officer = UserFactory(team=cast["team_b"], role="front_door")
    case, other = cast["case"], CaseFactory(team=cast["team_b"], worker=cast["other_worker"])
    assert policy.case_access(officer, case).level == policy.Level.NONE
    contact = contact_record(
        child=case.child,
        received_at=timezone.now() - datetime.timedelta(hours=1),
        kind="concern",
        source="9",
        reason="A neighbour heard shouting late at night.",
        sharing_basis="consent",
        by=officer,
    )
    access = policy.case_access(officer, case)
    assert access.level == policy.Level.READ and access.basis == policy.Basis.FRONT_DOOR
    assert not access.can_write
    visible = set(policy.cases_visible_to(officer).values_list("pk", flat=True))
    assert case.pk in visible and other.pk not in visible
    # Restricted entries stay with the worker and managers.
    seen = policy.entries_visible_to(officer, case, access)
    assert not seen.filter(audience=Audience.RESTRICTED).exists()
    contact_decide(contact=contact, next_step="advice", reason="Leaflet sent", by=officer)
    assert Contact.objects.get(pk=contact.pk).next_step == "advice"
    assert policy.case_access(officer, case).level == policy.Level.NONE
    assert not policy.cases_visible_to(officer).filter(pk=case.pk).exists()


def test_a_waiting_contact_does_not_open_a_restricted_case_to_the_front_door(cast):
    from alongside.journey.services import contact_record

    officer = UserFactory(team=cast["team_b"], role="front_door")
    case_restrict(
        case=cast["case"], reason="Staff family", allowed=[cast["manager"]], by=cast["manager"]
    )
    contact_record(
        child=cast["case"].child,
        received_at=timezone.now() - datetime.timedelta(hours=1),
        kind="concern",
        source="9",
        reason="A neighbour heard shouting late at night.",
        sharing_basis="consent",
        by=officer,
    )
    assert policy.case_access(officer, cast["case"]).level == policy.Level.NONE
    assert not policy.cases_visible_to(officer).filter(pk=cast["case"].pk).exists()


def test_a_waiting_contact_does_not_open_a_closed_case_to_the_front_door(cast):
    from alongside.journey.services import contact_record

    officer = UserFactory(team=cast["team_b"], role="front_door")
    closed = CaseFactory(
        child=cast["case"].child,
        team=cast["team_a"],
        worker=cast["worker"],
        closed_on=datetime.date(2020, 5, 1),
        closure_reason="RC7",
        stage="closed",
    )
    contact_record(
        child=cast["case"].child,
        received_at=timezone.now() - datetime.timedelta(hours=1),
        kind="concern",
        source="9",
        reason="A neighbour heard shouting late at night.",
        sharing_basis="consent",
        by=officer,
    )
    assert policy.case_access(officer, cast["case"]).can_read
    assert policy.case_access(officer, closed).level == policy.Level.NONE
    visible = set(policy.cases_visible_to(officer).values_list("pk", flat=True))
    assert cast["case"].pk in visible and closed.pk not in visible
