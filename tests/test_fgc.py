"""Family group conferences: referral to a coordinator, the network, the day, private family
time, the family's plan as commitments, each child's offer record and the team figures."""

from __future__ import annotations

import datetime
import re
from io import StringIO

import pytest
import textstat
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alongside import policy
from alongside.accounts.models import Role
from alongside.cases.models import RestrictedAccess
from alongside.chronology.models import Entry
from alongside.demo.signins import PARENT
from alongside.fgc import services
from alongside.fgc.models import (
    FamilyGroupConference,
    FgcOffer,
    FgcRole,
    NotHeldReason,
    OfferOutcome,
    PlanAction,
)
from alongside.fgc.selectors import (
    Standing,
    family_network,
    fgc_for_case,
    fgc_rate_for_teams,
    fgc_record,
)
from alongside.meetings.models import Meeting, MeetingKind
from alongside.meetings.services import meeting_schedule
from alongside.messaging.models import Message
from alongside.people.models import Relationship
from alongside.plain.readability import TARGET_GRADE, read
from alongside.plans.models import Commitment, OwnerKind, SourceKind
from tests.conftest import staff_client
from tests.factories import CaseFactory, PersonFactory, UserFactory
from tests.test_plain_words import visible_text

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _network(cast):
    """Jo (parent, with a portal account) and Nan (Jo's mother and the child's grandmother)."""
    case = cast["case"]
    parent = cast["parent"].person
    grandmother = PersonFactory(first_names="Nan", last_name="Bright", date_of_birth=None)
    Relationship.objects.create(
        from_person=parent, to_person=case.child, kind="parent", parental_responsibility=True
    )
    Relationship.objects.create(from_person=grandmother, to_person=case.child, kind="grandparent")
    Relationship.objects.create(from_person=grandmother, to_person=parent, kind="parent")
    return parent, grandmother


@pytest.fixture
def coordinator(cast):
    return UserFactory(team=None, role=Role.FGC_COORDINATOR, full_name="Rae Holt")


@pytest.fixture
def fgc(cast, coordinator):
    _network(cast)
    return services.fgc_refer(
        case=cast["case"],
        coordinator=coordinator,
        question="How can the family make sure Sam gets to school every day?",
        worries="Sam has missed many days of school this term.",
        by=cast["worker"],
    )


def _arrange(fgc, by, days=7):
    when = timezone.now() + datetime.timedelta(days=days)
    return services.fgc_arrange(fgc=fgc, starts_at=when, place="Oak Community Hall", by=by)


def _hold(fgc, by):
    """The day, recorded as if it happened today (the meeting was arranged for the future)."""
    Meeting.objects.filter(pk=fgc.meeting_id).update(starts_at=timezone.now())
    fgc.meeting.refresh_from_db()
    return services.fgc_held(
        fgc=fgc,
        held_on=TODAY(),
        attended=[i.pk for i in fgc.meeting.invitations.all()],
        private_started=datetime.time(10, 30),
        private_ended=datetime.time(11, 45),
        professionals_left=True,
        by=by,
    )


# --- Referral ----------------------------------------------------------------------------------


def test_referral_goes_to_a_coordinator_records_the_offer_and_writes_the_chronology(
    cast, fgc, coordinator
):
    assert fgc.coordinator == coordinator
    assert fgc.step == "referred"
    offer = FgcOffer.objects.get(case=cast["case"])
    assert offer.outcome == OfferOutcome.ACCEPTED and offer.offered_on == TODAY()
    told = Message.objects.get(purpose="fgc_referral")
    assert told.to_user == coordinator and cast["case"].reference in told.subject
    assert f"/family-group-conferences/{fgc.pk}/" in told.body
    entry = Entry.objects.filter(case=cast["case"]).latest("id")
    assert entry.title == "Referred for a family group conference"
    assert "Rae Holt" in entry.text and entry.audience == "family"


def test_referral_needs_a_coordinator_and_one_at_a_time(cast, fgc):
    with pytest.raises(ValidationError) as error:
        services.fgc_refer(
            case=cast["case"],
            coordinator=cast["colleague"],
            question="",
            worries="",
            by=cast["worker"],
        )
    assert set(error.value.message_dict) == {"coordinator", "question", "worries"}
    another = UserFactory(team=None, role=Role.FGC_COORDINATOR)
    with pytest.raises(ValidationError, match="already has a family group conference"):
        services.fgc_refer(
            case=cast["case"], coordinator=another, question="Q", worries="W", by=cast["worker"]
        )


# --- Policy ------------------------------------------------------------------------------------


def test_the_coordinator_reads_the_case_only_while_the_conference_is_open(cast, fgc, coordinator):
    case = cast["case"]
    access = policy.case_access(coordinator, case)
    assert access.level == policy.Level.READ and access.basis == policy.Basis.COORDINATOR
    assert policy.cases_visible_to(coordinator).filter(pk=case.pk).exists()
    assert policy.can_change_fgc(coordinator, fgc, access)
    services.fgc_close(fgc=fgc, reason="The family's plan is working", by=coordinator)
    assert policy.case_access(coordinator, case).level == policy.Level.NONE
    assert not policy.cases_visible_to(coordinator).filter(pk=case.pk).exists()


def test_another_coordinator_sees_nothing(cast, fgc):
    other = UserFactory(team=None, role=Role.FGC_COORDINATOR)
    assert policy.case_access(other, cast["case"]).level == policy.Level.NONE
    assert not policy.cases_visible_to(other).filter(pk=cast["case"].pk).exists()


def test_a_coordinator_of_a_restricted_case_needs_to_be_on_its_list(cast, fgc, coordinator):
    case = cast["case"]
    case.is_restricted = True
    case.restriction_reason = "A member of staff's family"
    case.save()
    assert policy.case_access(coordinator, case).level == policy.Level.NONE
    assert not policy.cases_visible_to(coordinator).filter(pk=case.pk).exists()
    RestrictedAccess.objects.create(case=case, user=coordinator, reason="Coordinating")
    assert policy.case_access(coordinator, case).level == policy.Level.READ


@pytest.mark.parametrize(
    ("who", "changes"),
    [
        ("worker", True),
        ("manager", True),
        ("chair", False),
        ("other_worker", False),
        ("parent", False),
    ],
)
def test_who_may_change_the_conference(cast, fgc, who, changes):
    access = policy.case_access(cast[who], cast["case"])
    assert policy.can_change_fgc(cast[who], fgc, access) is changes


# --- Network, invitations and the day ---------------------------------------------------------


def test_network_diagram_draws_the_graph_with_who_is_invited(cast, fgc, coordinator):
    parent, grandmother = (
        cast["parent"].person,
        Relationship.objects.get(kind="grandparent").from_person,
    )
    _arrange(fgc, coordinator)
    services.fgc_invite(fgc=fgc, role=FgcRole.FAMILY, person=grandmother, by=coordinator)
    services.fgc_invite(
        fgc=fgc,
        role=FgcRole.INFORMATION_GIVER,
        name="Dev Rowe",
        organisation="Hill Primary School",
        by=coordinator,
    )
    network = family_network(fgc_for_case(cast["case"], fgc.pk))
    by_person = {n.person.pk: n for n in network.nodes}
    assert network.nodes[0].person == cast["case"].child
    assert set(by_person) == {cast["case"].child_id, parent.pk, grandmother.pk}
    assert by_person[grandmother.pk].participant.role == FgcRole.FAMILY
    assert by_person[parent.pk].participant is None
    assert any("is parent of" in link for link in by_person[grandmother.pk].links)
    assert len(network.edges) == 3
    assert [p.invitation.name for p in network.others] == ["Dev Rowe"]
    invitation = by_person[grandmother.pk].participant.invitation
    assert invitation.meeting.kind == MeetingKind.FAMILY_GROUP_CONFERENCE
    assert invitation.role == "grandparent"


def test_invitations_keep_to_the_network_and_their_roles(cast, fgc, coordinator):
    with pytest.raises(ValidationError, match="Agree the date"):
        services.fgc_invite(
            fgc=fgc, role=FgcRole.FAMILY, person=cast["parent"].person, by=coordinator
        )
    _arrange(fgc, coordinator)
    with pytest.raises(ValidationError, match="child's network"):
        services.fgc_invite(fgc=fgc, role=FgcRole.FAMILY, person=PersonFactory(), by=coordinator)
    with pytest.raises(ValidationError, match="Only the child"):
        services.fgc_invite(
            fgc=fgc, role=FgcRole.CHILD, person=cast["parent"].person, by=coordinator
        )
    with pytest.raises(ValidationError, match="cannot come in this role"):
        services.fgc_invite(
            fgc=fgc, role=FgcRole.INTERPRETER, person=cast["parent"].person, by=coordinator
        )


def test_private_family_time_is_recorded_as_times_only(cast, fgc, coordinator):
    _arrange(fgc, coordinator)
    services.fgc_invite(fgc=fgc, role=FgcRole.FAMILY, person=cast["parent"].person, by=coordinator)
    with pytest.raises(ValidationError) as error:
        services.fgc_held(
            fgc=fgc,
            held_on=TODAY(),
            attended=[],
            private_started=datetime.time(11, 0),
            private_ended=datetime.time(10, 0),
            professionals_left=False,
            by=coordinator,
        )
    assert set(error.value.message_dict) == {"professionals_left", "private_ended"}
    _hold(fgc, coordinator)
    fgc.refresh_from_db()
    assert fgc.professionals_left is True
    assert timezone.localtime(fgc.private_time_started_at).time() == datetime.time(10, 30)
    assert fgc.meeting.held_on == TODAY()
    entry = Entry.objects.filter(case=cast["case"], kind="meeting").latest("id")
    assert "private family time from 10:30 to 11:45" in entry.text
    assert "only the plan they choose to share" in entry.text


def test_private_time_cannot_be_stored_without_professionals_leaving(cast, fgc):
    with pytest.raises(IntegrityError), transaction.atomic():
        FamilyGroupConference.objects.filter(pk=fgc.pk).update(
            private_time_started_at=timezone.now(),
            private_time_ended_at=timezone.now() + datetime.timedelta(hours=1),
            professionals_left=False,
        )


# --- The family's plan -------------------------------------------------------------------------


def test_nothing_of_the_plan_is_written_unless_the_family_chose_to_share_it(cast, fgc, coordinator):
    _arrange(fgc, coordinator)
    _hold(fgc, coordinator)
    with pytest.raises(ValidationError, match="chose to share"):
        services.action_add(
            fgc=fgc,
            what="Walk Sam to school",
            due_on=TODAY(),
            owner_person=cast["parent"].person,
            by=coordinator,
        )
    with pytest.raises(ValidationError, match="only if the family chose"):
        services.plan_share(fgc=fgc, family_chose=False, words="", by=coordinator)


def test_adopting_the_plan_makes_each_action_a_commitment_on_the_case_plan(cast, fgc, coordinator):
    grandmother = Relationship.objects.get(kind="grandparent").from_person
    _arrange(fgc, coordinator)
    _hold(fgc, coordinator)
    services.plan_share(
        fgc=fgc, family_chose=True, words="We will share the school run.", by=coordinator
    )
    due = TODAY() + datetime.timedelta(days=14)
    services.action_add(
        fgc=fgc,
        what="Walk Sam to school on Mondays",
        due_on=due,
        owner_person=grandmother,
        by=coordinator,
    )
    services.action_add(
        fgc=fgc, what="Arrange a bus pass", due_on=due, owner_user=cast["worker"], by=coordinator
    )
    dropped = services.action_add(
        fgc=fgc,
        what="A step the family changed",
        due_on=due,
        owner_person=grandmother,
        by=coordinator,
    )
    services.action_remove(action=dropped, reason="The family changed their mind", by=coordinator)
    made = services.plan_adopt(fgc=fgc, by=cast["worker"])
    assert len(made) == 2
    family_step = Commitment.objects.get(title="Walk Sam to school on Mondays")
    assert family_step.owner_kind == OwnerKind.FAMILY and family_step.owner_person == grandmother
    assert family_step.source == SourceKind.PLAN_ACTION and family_step.due_on == due
    assert "family group conference" in family_step.detail
    ours = Commitment.objects.get(title="Arrange a bus pass")
    assert ours.owner_kind == OwnerKind.STAFF and ours.owner_user == cast["worker"]
    assert not Commitment.objects.filter(title="A step the family changed").exists()
    assert PlanAction.objects.get(pk=dropped.pk).archived_reason == "The family changed their mind"
    fgc.refresh_from_db()
    assert fgc.step == "adopted" and fgc.adopted_by == cast["worker"]
    entry = Entry.objects.filter(case=cast["case"], kind="decision").latest("id")
    assert entry.title == "The family's plan is now part of the plan"
    assert "Walk Sam to school on Mondays" in entry.text
    with pytest.raises(ValidationError, match="already"):
        services.plan_adopt(fgc=fgc, by=cast["worker"])


def test_an_action_needs_one_owner_from_the_network_or_staff(cast, fgc, coordinator):
    _arrange(fgc, coordinator)
    _hold(fgc, coordinator)
    services.plan_share(fgc=fgc, family_chose=True, words="", by=coordinator)
    with pytest.raises(ValidationError) as error:
        services.action_add(
            fgc=fgc, what="", due_on=TODAY() - datetime.timedelta(days=1), by=coordinator
        )
    assert set(error.value.message_dict) == {"what", "owner", "due_on"}
    with pytest.raises(ValidationError, match="child's network"):
        services.action_add(
            fgc=fgc, what="Help", due_on=TODAY(), owner_person=PersonFactory(), by=coordinator
        )


def test_conference_records_are_never_deleted(cast, fgc):
    with pytest.raises(Exception, match="Cannot delete"), transaction.atomic():
        fgc.delete()


# --- Each child's offer record and pre-proceedings ---------------------------------------------


def test_offer_not_made_needs_a_reason_and_other_needs_words(cast):
    case = cast["case"]
    with pytest.raises(ValidationError) as error:
        services.offer_record(case=case, outcome=OfferOutcome.NOT_OFFERED, by=cast["worker"])
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.offer_record(
            case=case,
            outcome=OfferOutcome.NOT_OFFERED,
            reason=NotHeldReason.OTHER,
            by=cast["worker"],
        )
    assert "reason_detail" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.offer_record(case=case, outcome=OfferOutcome.DECLINED, by=cast["worker"])
    assert {"offered_on", "offered_to"} <= set(error.value.message_dict)
    offer = services.offer_record(
        case=case,
        outcome=OfferOutcome.DECLINED,
        offered_on=TODAY(),
        offered_to="Both parents",
        by=cast["worker"],
    )
    assert offer.reason == NotHeldReason.FAMILY_DECLINED
    assert fgc_record(case).standing == Standing.DECLINED


def test_record_standing_moves_from_nothing_to_offered_to_held(cast, fgc, coordinator):
    other = CaseFactory(team=cast["team_a"], worker=cast["worker"])
    assert fgc_record(other).standing == Standing.NONE
    assert fgc_record(cast["case"]).standing == Standing.OFFERED
    _arrange(fgc, coordinator)
    _hold(fgc, coordinator)
    record = fgc_record(cast["case"])
    assert record.standing == Standing.HELD and record.held_on == TODAY()


def test_a_pre_proceedings_meeting_cannot_be_planned_without_the_record(cast):
    client = staff_client(cast["worker"])
    case = cast["case"]
    day = TODAY() + datetime.timedelta(days=10)
    data = {
        "kind": "pre_proceedings",
        "starts_on_day": day.day,
        "starts_on_month": day.month,
        "starts_on_year": day.year,
        "starts_time": "10:00",
        "place": "Civic Centre, Room 2",
        "purpose": "",
    }
    response = client.post(f"/staff/cases/{case.pk}/meetings/new/", data)
    assert response.status_code == 200
    assert "record that a family group conference was offered" in response.content.decode()
    assert 'value="Civic Centre, Room 2"' in response.content.decode()
    assert not Meeting.objects.filter(case=case).exists()
    services.offer_record(
        case=case,
        outcome=OfferOutcome.NOT_OFFERED,
        reason=NotHeldReason.URGENT,
        by=cast["worker"],
    )
    response = client.post(f"/staff/cases/{case.pk}/meetings/new/", data)
    assert response.status_code == 302
    assert Meeting.objects.filter(case=case, kind="pre_proceedings").exists()


def test_every_route_that_plans_a_meeting_asks_for_the_record_first(cast):
    case = cast["case"]
    plan = {
        "case": case,
        "kind": MeetingKind.PRE_PROCEEDINGS,
        "starts_at": timezone.now() + datetime.timedelta(days=10),
        "place": "Civic Centre, Room 2",
        "purpose": "",
        "by": cast["worker"],
    }
    with pytest.raises(ValidationError) as refused:
        meeting_schedule(**plan)
    assert refused.value.message_dict["kind"] == [
        "Before a pre-proceedings meeting, record that a family group conference "
        "was offered, or the reason it was not, on the Family group conferences tab"
    ]
    assert not Meeting.objects.filter(case=case).exists()
    services.offer_record(
        case=case,
        outcome=OfferOutcome.NOT_OFFERED,
        reason=NotHeldReason.URGENT,
        by=cast["worker"],
    )
    assert meeting_schedule(**plan).kind == MeetingKind.PRE_PROCEEDINGS


def test_other_meetings_need_no_record(cast):
    meeting_schedule(
        case=cast["case"],
        kind=MeetingKind.CIN_REVIEW,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        place="Home",
        purpose="",
        by=cast["worker"],
    )
    services.pre_proceedings_check(case=cast["case"], kind=MeetingKind.CIN_REVIEW)


def _pre_proceedings(case, by, days_ago=1):
    return Meeting.objects.create(
        case=case,
        kind=MeetingKind.PRE_PROCEEDINGS,
        starts_at=timezone.now() - datetime.timedelta(days=days_ago),
        place="Civic Centre",
        purpose="",
        worker=by,
    )


def test_team_rate_counts_children_reaching_pre_proceedings(cast, fgc, coordinator):
    worker, team = cast["worker"], cast["team_a"]
    _arrange(fgc, coordinator)
    _hold(fgc, coordinator)
    _pre_proceedings(cast["case"], worker, days_ago=-1)
    declined = CaseFactory(team=team, worker=worker)
    services.offer_record(
        case=declined, outcome="declined", offered_on=TODAY(), offered_to="Mother", by=worker
    )
    FgcOffer.objects.filter(case=declined).update(
        created_at=timezone.now() - datetime.timedelta(days=5)
    )
    _pre_proceedings(declined, worker)
    urgent = CaseFactory(team=team, worker=worker)
    services.offer_record(case=urgent, outcome="not_offered", reason="urgent", by=worker)
    FgcOffer.objects.filter(case=urgent).update(
        created_at=timezone.now() - datetime.timedelta(days=5)
    )
    _pre_proceedings(urgent, worker)
    late = CaseFactory(team=team, worker=worker)
    _pre_proceedings(late, worker, days_ago=3)
    services.offer_record(case=late, outcome="not_offered", reason="no_network", by=worker)
    _pre_proceedings(CaseFactory(team=cast["team_b"]), worker)
    CaseFactory(team=team, worker=worker)  # never reached pre-proceedings
    with CaptureQueriesContext(connection) as queries:
        rate = fgc_rate_for_teams([team.pk], viewer=cast["manager"])
    assert len(queries) <= 6
    assert rate.children == 4
    assert (rate.held, rate.offered, rate.declined, rate.not_offered, rate.not_recorded) == (
        1,
        0,
        1,
        1,
        1,
    )
    assert rate.held_percent == 25 and rate.offered_percent == 50
    assert dict(rate.reasons) == {
        "The family said no": 1,
        "The child needed protecting at once": 1,
    }


def test_managers_see_the_rate_on_the_team_figures_page(cast):
    _pre_proceedings(cast["case"], cast["worker"])
    response = staff_client(cast["manager"]).get("/staff/reliability/")
    page = response.content.decode()
    assert "Family group conferences before pre-proceedings" in page
    assert "1 child reached pre-proceedings" in page


# --- Pages -------------------------------------------------------------------------------------


def test_coordinator_works_the_conference_through_the_pages(cast, fgc, coordinator):
    client = staff_client(coordinator)
    case = cast["case"]
    assert (
        fgc.case.child.display_name
        in client.get("/staff/family-group-conferences/").content.decode()
    )
    base = f"/staff/cases/{case.pk}/family-group-conferences/{fgc.pk}"
    page = client.get(f"{base}/").content.decode()
    assert 'role="img"' in page and "family network as a list" in page
    # Bad input keeps what was typed.
    response = client.post(f"{base}/arrange/", {"starts_time": "25:00", "place": "Oak Hall"})
    assert response.status_code == 200
    assert "Enter the date" in response.content.decode()
    assert 'value="Oak Hall"' in response.content.decode()
    day = TODAY() + datetime.timedelta(days=7)
    response = client.post(
        f"{base}/arrange/",
        {
            "starts_on_day": day.day,
            "starts_on_month": day.month,
            "starts_on_year": day.year,
            "starts_time": "10:00",
            "place": "Oak Hall",
        },
    )
    assert response.status_code == 302
    response = client.post(
        f"{base}/invite/", {"role": "family", "person": str(cast["parent"].person.pk)}
    )
    assert response.status_code == 302
    assert client.post(f"{base}/letters/").status_code == 302
    invitation = Meeting.objects.get(case=case).invitations.get()
    assert invitation.letter_sent_at is not None
    assert "family group conference" in invitation.letter_text.lower()
    # Agreeing the plan into the case plan is for the case's team.
    assert client.post(f"{base}/plan/agree/").status_code == 403
    # Nor may the coordinator change anything else on the case.
    assert client.get(f"/staff/cases/{case.pk}/meetings/new/").status_code == 403


@pytest.mark.parametrize(
    ("who", "status"),
    [("worker", 200), ("manager", 200), ("other_worker", 404), ("chair", 404)],
)
def test_conference_page_permission_matrix(cast, fgc, who, status):
    url = f"/staff/cases/{cast['case'].pk}/family-group-conferences/{fgc.pk}/"
    assert staff_client(cast[who]).get(url).status_code == status


def test_referral_page_keeps_what_was_typed(cast, coordinator):
    client = staff_client(cast["worker"])
    url = f"/staff/cases/{cast['case'].pk}/family-group-conferences/refer/"
    response = client.post(url, {"coordinator": "", "question": "How can we help?", "worries": ""})
    page = response.content.decode()
    assert "Choose a coordinator" in page and "How can we help?" in page
    response = client.post(
        url,
        {"coordinator": str(coordinator.pk), "question": "How can we help?", "worries": "School"},
    )
    assert response.status_code == 302
    assert FamilyGroupConference.objects.get(case=cast["case"]).coordinator == coordinator


def test_family_page_for_a_conference_explains_it_plainly(cast, fgc, coordinator):
    for person, first, last in (
        (cast["parent"].person, "Jo", "Lee"),
        (cast["case"].child, "Sam", "Lee"),
    ):
        person.first_names, person.last_name = first, last
        person.save()
    _arrange(fgc, coordinator)
    services.fgc_invite(fgc=fgc, role=FgcRole.FAMILY, person=cast["parent"].person, by=coordinator)
    client = Client()
    client.force_login(cast["parent"])
    response = client.get(f"/portal/children/{cast['case'].pk}/meetings/{fgc.meeting_id}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "What is a family group conference?" in html
    assert re.search(r'href="/portal/words/#family-group-conference"', html)
    start = html.index("What is a family group conference?")
    section = visible_text(html[start : html.index("Your letter", start)])
    reading = read(section)
    assert reading.grade <= TARGET_GRADE + 1, (reading.grade, section)
    assert not reading.unexplained
    assert textstat.flesch_reading_ease(section) >= 70


def test_conference_page_queries_do_not_grow_with_the_network(cast, fgc, coordinator):
    client = staff_client(coordinator)
    _arrange(fgc, coordinator)
    url = f"/staff/cases/{cast['case'].pk}/family-group-conferences/{fgc.pk}/"

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    for _ in range(5):
        person = PersonFactory()
        Relationship.objects.create(from_person=person, to_person=cast["case"].child, kind="friend")
        services.fgc_invite(fgc=fgc, role=FgcRole.FAMILY, person=person, by=coordinator)
    assert count() == before


def test_the_small_demo_council_has_a_conference_being_planned():
    out = StringIO()
    call_command("seed_demo", size="small", seed=1, stdout=out)
    assert "Family group conference: being planned" in out.getvalue()
    found = FamilyGroupConference.objects.select_related("meeting").get()
    assert found.meeting.kind == MeetingKind.FAMILY_GROUP_CONFERENCE
    assert found.participants.count() >= 1 and found.preparations.count() == 1
    assert found.case.family_access.filter(person__account__email=PARENT.email).exists()


def test_offer_form_explains_bad_input_and_keeps_it(cast):
    client = staff_client(cast["worker"])
    url = f"/staff/cases/{cast['case'].pk}/family-group-conferences/offer/"
    response = client.post(url, {"outcome": "not_offered", "reason": "other", "reason_detail": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Explain the reason" in page
    assert 'value="not_offered" checked' in page
    response = client.post(
        url,
        {"outcome": "not_offered", "reason": "other", "reason_detail": "The family moved away."},
    )
    assert response.status_code == 302
    assert fgc_record(cast["case"]).standing == Standing.NOT_OFFERED
    assert "The family moved away." in client.get(response["Location"]).content.decode()


def test_offer_and_referral_are_for_the_case_team(cast, fgc, coordinator):
    base = f"/staff/cases/{cast['case'].pk}/family-group-conferences"
    coordinator_client = staff_client(coordinator)
    assert coordinator_client.get(f"{base}/offer/").status_code == 403
    assert coordinator_client.get(f"{base}/refer/").status_code == 403
    assert staff_client(cast["other_worker"]).get(f"{base}/offer/").status_code == 404


def test_closing_ends_the_coordinators_access(cast, fgc, coordinator):
    client = staff_client(coordinator)
    url = f"/staff/cases/{cast['case'].pk}/family-group-conferences/{fgc.pk}/"
    response = client.post(f"{url}close/", {"reason": ""})
    assert "Say why" in response.content.decode()
    response = client.post(f"{url}close/", {"reason": "The family's plan is working well"})
    assert response["Location"] == "/staff/family-group-conferences/"
    assert client.get(url).status_code == 404
    worker_page = staff_client(cast["worker"]).get(url).content.decode()
    assert "The family&#x27;s plan is working well" in worker_page
    assert "Invite someone" not in worker_page


def test_a_conference_of_another_case_is_not_found(cast, fgc):
    other = CaseFactory(team=cast["team_a"], worker=cast["worker"])
    url = f"/staff/cases/{other.pk}/family-group-conferences/{fgc.pk}/"
    assert staff_client(cast["worker"]).get(url).status_code == 404
