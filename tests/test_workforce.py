"""Caseloads, allocation, handover and change-of-worker requests.

The story stays when the worker goes (principle 4); caseloads are weighted, with
limits managers can see (principle 7).
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from alongside.accounts.models import Role
from alongside.cases.models import Allocation, Stage
from alongside.chronology.models import Audience, Entry, Kind
from alongside.journey.models import Assessment, ChildProtectionPlan, Referral
from alongside.messaging.models import Message
from alongside.people.models import Relationship
from alongside.plain.readability import TARGET_GRADE, read
from alongside.plans.models import Commitment, CommitmentStatus
from alongside.plans.services import commitment_create
from alongside.timescales.calendar import add_working_days, is_working_day, working_days_between
from alongside.workforce import letters, selectors
from alongside.workforce.models import (
    AllocationDecision,
    CaseloadLimit,
    CaseWeight,
    HandoverPack,
    Level,
    WorkerChangeRequest,
)
from alongside.workforce.selectors import Limits
from alongside.workforce.services import (
    handover_acknowledge,
    worker_allocate,
    worker_change_decide,
    worker_change_request,
)
from tests.conftest import staff_client
from tests.factories import CaseFactory, EntryFactory, PersonFactory, UserFactory
from tests.test_plain_words import visible_text

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def load_worker(worker, units: int, *, stage: str = Stage.REFERRAL) -> None:
    """Give a worker ``units`` open cases that count one unit each."""
    for _ in range(units):
        CaseFactory(team=worker.team, worker=worker, stage=stage)


def parent_of(case, user):
    """Make the family user a parent with parental responsibility for the case's child."""
    Relationship.objects.create(
        from_person=user.person, to_person=case.child, kind="parent", parental_responsibility=True
    )
    return user.person


def allocate(cast, worker, **extra):
    data = {
        "case": cast["case"],
        "worker": worker,
        "team": worker.team,
        "by": cast["manager"],
        "reason": "The worker is leaving the team",
    }
    data.update(extra)
    return worker_allocate(**data)


# --- Weights and limits --------------------------------------------------------------------


def test_default_weights_and_limits_are_loaded_with_their_sources():
    weights = dict(CaseWeight.objects.values_list("stage", "weight"))
    assert weights["referral"] == Decimal("1.00")
    assert weights["early_help"] == Decimal("0.50")
    assert weights["child_protection"] == Decimal("1.50")
    assert weights["looked_after"] == Decimal("1.50")
    limit = CaseloadLimit.objects.get(name="default")
    assert (limit.warning_above, limit.stop_above) == (Decimal(15), Decimal(20))
    assert all(CaseWeight.objects.values_list("source", flat=True))


@given(units=st.decimals(min_value=0, max_value=60, places=2))
def test_the_level_is_within_to_15_a_warning_to_20_and_stop_above(units):
    limits = Limits(Decimal(15), Decimal(20), Decimal("0.5"), {})
    level = limits.level_of(units)
    if units <= 15:
        assert level == Level.WITHIN
    elif units <= 20:
        assert level == Level.WARNING
    else:
        assert level == Level.STOP


@given(
    stage=st.sampled_from([s for s in Stage.values if s != Stage.CLOSED]),
    restricted=st.booleans(),
)
def test_a_restricted_case_weighs_its_stage_plus_the_extra(stage, restricted):
    limits = Limits(Decimal(15), Decimal(20), Decimal("0.5"), {stage: Decimal("1.5")})
    expected = Decimal("1.5") + (Decimal("0.5") if restricted else 0)
    assert limits.weight_of(stage, restricted) == expected
    assert limits.weight_of("unknown", False) == Decimal(1)


def test_weighted_caseload_counts_open_cases_by_stage(cast):
    worker = cast["worker"]  # already holds cast["case"], a referral: 1 unit
    CaseFactory(team=cast["team_a"], worker=worker, stage=Stage.CHILD_PROTECTION)
    CaseFactory(team=cast["team_a"], worker=worker, stage=Stage.EARLY_HELP)
    CaseFactory(
        team=cast["team_a"],
        worker=worker,
        stage=Stage.LOOKED_AFTER,
        is_restricted=True,
        restriction_reason="A staff member's child",
    )
    CaseFactory(
        team=cast["team_a"],
        worker=worker,
        closed_on=TODAY(),
        closure_reason="RC8",
        stage=Stage.CLOSED,
    )
    load = selectors.worker_caseload(worker)
    assert load.cases == 4
    assert load.units == Decimal("1") + Decimal("1.5") + Decimal("0.5") + Decimal("2.0")
    assert load.units_text == "5"
    assert load.level == Level.WITHIN


def test_team_caseloads_take_a_fixed_number_of_queries(cast):
    team = cast["team_a"]
    with CaptureQueriesContext(connection) as few:
        selectors.team_caseloads(team)
    for _ in range(4):
        load_worker(UserFactory(team=team, role=Role.SOCIAL_WORKER), 3)
    with CaptureQueriesContext(connection) as many:
        loads = selectors.team_caseloads(team)
    # The limits, the stage weights, the case types' weights, the workers, and two
    # grouped counts (stages, case types).
    assert len(many) == len(few) == 6
    assert sum(load.cases for load in loads) == 13


def test_an_allocation_above_15_goes_ahead_with_a_warning(cast):
    colleague = cast["colleague"]
    load_worker(colleague, 15)
    decision = allocate(cast, colleague)
    assert decision.level == Level.WARNING
    assert (decision.units_before, decision.units_after) == (Decimal(15), Decimal(16))
    assert decision.override_reason == ""


def test_an_allocation_above_20_needs_the_managers_reason(cast):
    colleague = cast["colleague"]
    load_worker(colleague, 20)
    with pytest.raises(ValidationError) as refused:
        allocate(cast, colleague)
    assert "above the limit of 20" in refused.value.message_dict["override_reason"][0]
    assert not AllocationDecision.objects.exists()
    cast["case"].refresh_from_db()
    assert cast["case"].worker == cast["worker"]

    decision = allocate(cast, colleague, override_reason="Two cases close next week")
    assert decision.level == Level.STOP
    assert decision.override_reason == "Two cases close next week"


def test_only_a_manager_of_the_team_allocates(cast):
    for who in ("worker", "other_manager"):
        with pytest.raises(ValidationError):
            allocate(cast, cast["colleague"], by=cast[who])
    with pytest.raises(ValidationError) as refused:
        allocate(cast, cast["other_worker"])  # into Team B, which this manager does not manage
    assert refused.value.messages == ["Only a manager of this team can allocate its cases"]
    with pytest.raises(ValidationError) as refused:
        allocate(cast, cast["other_worker"], team=cast["team_a"])
    assert refused.value.message_dict["worker"] == ["Choose a worker in the team"]


# --- What the family asked for ----------------------------------------------------------------


def test_a_worker_who_is_not_who_the_family_asked_for_needs_a_reason_the_family_sees(cast):
    person = parent_of(cast["case"], cast["parent"])
    person.preferred_worker_gender = "woman"
    person.save()
    man = UserFactory(team=cast["team_a"], role=Role.SOCIAL_WORKER, gender="man")
    with pytest.raises(ValidationError) as refused:
        allocate(cast, man)
    assert "against_preference_reason" in refused.value.message_dict

    decision = allocate(
        cast,
        man,
        against_preference_reason="Both women in the team are on leave until June.",
    )
    assert decision.preferences_unmet == [
        f"{person.display_name} (parent) would like a worker who is a woman"
    ]
    entry = decision.family_entry
    assert entry.audience == Audience.FAMILY and entry.kind == Kind.ALLOCATION
    assert "Your family asked for a worker who is a woman" in entry.text
    assert "Both women in the team are on leave until June." in entry.text

    family = Client()
    family.force_login(cast["parent"])
    page = family.get(f"/portal/children/{cast['case'].pk}/worker/").content.decode()
    assert "Both women in the team are on leave until June." in page


def test_a_worker_who_speaks_the_language_asked_for_matches(cast):
    child = cast["case"].child
    child.preferred_worker_language = "Polish"
    child.save()
    speaker = UserFactory(team=cast["team_a"], role=Role.SOCIAL_WORKER, languages=["polish"])
    other = UserFactory(team=cast["team_a"], role=Role.SOCIAL_WORKER, languages=["Urdu"])
    matches = {m.worker.pk: m for m in selectors.worker_matches(cast["case"], [speaker, other])}
    assert [w.wish for w in matches[speaker.pk].met] == ["a worker who speaks Polish"]
    assert [w.wish for w in matches[other.pk].unmet] == ["a worker who speaks Polish"]
    decision = allocate(cast, speaker)
    assert decision.preferences_unmet == []


def test_wishes_the_family_sets_in_the_portal_are_seen_at_allocation(cast):
    person = parent_of(cast["case"], cast["parent"])
    family = Client()
    family.force_login(cast["parent"])
    page = family.get("/portal/preferences/").content.decode()
    assert "Would you like a worker who is a man or a woman?" in page
    assert "I do not mind" in page
    assert "Would you like a worker who speaks your language?" in page
    response = family.post(
        "/portal/preferences/",
        {"preferred_worker_gender": "woman", "preferred_worker_language": "Polish"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.preferred_worker_gender, person.preferred_worker_language) == (
        "woman",
        "Polish",
    )
    assert 'value="woman" checked' in family.get("/portal/preferences/").content.decode()

    name = person.display_name
    assert [w.text for w in selectors.worker_preferences(cast["case"])] == [
        f"{name} (parent) would like a worker who is a woman",
        f"{name} (parent) would like a worker who speaks Polish",
    ]
    man = UserFactory(team=cast["team_a"], role=Role.SOCIAL_WORKER, gender="man", languages=[])
    woman = UserFactory(
        team=cast["team_a"], role=Role.SOCIAL_WORKER, gender="woman", languages=["Polish"]
    )
    matches = {m.worker.pk: m for m in selectors.worker_matches(cast["case"], [man, woman])}
    assert len(matches[man.pk].unmet) == 2 and matches[woman.pk].unmet == []
    with pytest.raises(ValidationError) as refused:
        allocate(cast, man)
    assert "against_preference_reason" in refused.value.message_dict
    assert allocate(cast, woman).preferences_unmet == []

    # "I do not mind" takes the wishes away again.
    family.post("/portal/preferences/", {"preferred_worker_gender": ""})
    person.refresh_from_db()
    assert (person.preferred_worker_gender, person.preferred_worker_language) == ("", "")
    assert selectors.worker_preferences(cast["case"]) == []


def test_a_wish_for_an_english_speaker_is_always_met():
    wish = selectors.Preference("Sam", "the child", "language", "English")
    assert wish.met_by(UserFactory.build(languages=[]))


# --- Handover ---------------------------------------------------------------------------------


@pytest.fixture
def story(cast):
    """A case with a family account, a network, arrangements, promises, a plan and risks."""
    case, worker = cast["case"], cast["worker"]
    parent = parent_of(case, cast["parent"])
    parent.preferred_formats = ["easy_read"]
    parent.contact_days = ["mon", "wed"]
    parent.contact_times = "After 3pm"
    parent.save()
    Relationship.objects.create(
        from_person=PersonFactory(first_names="Grace", last_name="Okafor"),
        to_person=case.child,
        kind="grandparent",
    )
    EntryFactory(
        case=case,
        author_user=worker,
        kind=Kind.FAMILY_ACCOUNT,
        title="What mum wants you to know",
        text="We moved three times last year. The children sleep badly when it is noisy.",
    )
    EntryFactory(
        case=case,
        author_user=worker,
        kind=Kind.DECISION,
        title="Standing arrangement: contact with dad",
        text="Dad sees the children every Saturday at the family centre.",
    )
    EntryFactory(
        case=case,
        author_user=worker,
        audience=Audience.RESTRICTED,
        withheld_reason="police_enquiry",
        kind=Kind.FAMILY_ACCOUNT,
        title="Police note",
        text="A separate police matter.",
    )
    referral = Referral.objects.create(case=case, referral_date=case.referral_date, source="2A")
    Assessment.objects.create(
        referral=referral,
        started_on=case.referral_date,
        completed_on=case.referral_date + datetime.timedelta(days=30),
        factors=["3B", "16A"],
    )
    ChildProtectionPlan.objects.create(
        referral=referral,
        started_on=case.referral_date + datetime.timedelta(days=40),
        initial_category="NEG",
        latest_category="NEG",
    )
    commitment_create(
        case=case,
        title="Refer the family to the food bank",
        due_on=TODAY() + datetime.timedelta(days=7),
        by=worker,
        owner_user=worker,
    )
    commitment_create(
        case=case,
        title="Book the GP appointment",
        due_on=TODAY() + datetime.timedelta(days=14),
        by=worker,
        owner_person=parent,
    )
    return cast


def test_a_first_allocation_makes_no_handover_pack(cast):
    case = CaseFactory(team=cast["team_a"], worker=None)
    decision = worker_allocate(
        case=case,
        worker=cast["colleague"],
        team=cast["team_a"],
        by=cast["manager"],
        reason="New referral",
    )
    assert not HandoverPack.objects.exists()
    assert decision.from_worker is None
    assert "has a worker now" in decision.family_entry.text
    assert selectors.handover_pending(case=case, worker=cast["colleague"]) is False


def test_a_change_of_worker_hands_over_the_story(story):
    cast = story
    old, new = cast["worker"], cast["colleague"]
    open_before = Commitment.objects.filter(status=CommitmentStatus.OPEN).count()
    decision = allocate(cast, new)
    pack = decision.handover_pack
    assert (pack.from_worker, pack.to_worker) == (old, new)
    snapshot = pack.snapshot

    assert [a["title"] for a in snapshot["family_account"]] == ["What mum wants you to know"]
    assert "We moved three times" in snapshot["family_account"][0]["text"]
    assert "Police note" not in str(snapshot)
    people = {p["name"]: p for p in snapshot["key_people"]}
    assert people[cast["parent"].person.display_name]["parental_responsibility"] is True
    assert "Grace Okafor is grandparent of" in people["Grace Okafor"]["relationship"]
    assert [a["title"] for a in snapshot["standing_arrangements"]] == [
        "Standing arrangement: contact with dad"
    ]
    parent_prefs = next(p for p in snapshot["preferences"] if p["relation"] == "parent")
    assert parent_prefs["formats"] == ["Easy read"]
    assert parent_prefs["contact_days"] == ["Monday", "Wednesday"]
    assert parent_prefs["contact_times"] == "After 3pm"
    assert snapshot["plan"]["child_protection"]["category"] == "Neglect"
    assert snapshot["risks"]["assessment_factors"] == [
        "Domestic abuse: parent or carer",
        "Neglect",
    ]
    assert snapshot["risks"]["cp_category"] == "Neglect"
    assert snapshot["story"]

    # Promises: the worker's move to the new worker, the family's stay theirs; none dropped.
    titles = {c["title"]: c for c in snapshot["commitments"]}
    assert titles["Refer the family to the food bank"]["owner"] == new.full_name
    assert titles["Book the GP appointment"]["professional"] is False
    assert pack.commitments_transferred == 1
    assert Commitment.objects.filter(status=CommitmentStatus.OPEN).count() == open_before
    assert not Commitment.objects.filter(owner_user=old, status=CommitmentStatus.OPEN).exists()


def test_arrangements_written_at_allocation_go_on_the_chronology_and_into_the_pack(cast):
    decision = allocate(
        cast, cast["colleague"], arrangements="Sam goes to nan's every other weekend."
    )
    entry = Entry.objects.get(case=cast["case"], kind=Kind.DECISION)
    assert entry.title == "Standing arrangements" and entry.audience == Audience.FAMILY
    assert decision.handover_pack.snapshot["standing_arrangements"][0]["text"] == (
        "Sam goes to nan's every other weekend."
    )


def test_the_handover_is_pending_until_the_new_worker_reads_it(cast):
    case, new = cast["case"], cast["colleague"]
    pack = allocate(cast, new).handover_pack
    assert selectors.handover_pending(case=case, worker=new) is True
    assert selectors.handover_pending(case=case, worker=cast["worker"]) is False
    assert list(selectors.handovers_to_read(new)) == [pack]
    with pytest.raises(ValidationError):
        handover_acknowledge(pack=pack, by=cast["manager"])
    handover_acknowledge(pack=pack, by=new)
    assert selectors.handover_pending(case=case, worker=new) is False
    with pytest.raises(ValidationError):
        handover_acknowledge(pack=pack, by=new)


def test_the_first_visit_outcome_waits_until_the_handover_is_read(cast):
    from alongside.visits.models import Visit
    from alongside.visits.services import visit_record_outcome

    new = cast["colleague"]
    pack = allocate(cast, new).handover_pack
    start = timezone.now() - datetime.timedelta(hours=1)
    visit = Visit.objects.create(
        case=cast["case"],
        worker=new,
        kind="home_visit",
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=45),
        place="Home",
        purpose_for_family="To meet you and hear how things are.",
    )
    with pytest.raises(ValidationError) as refused:
        visit_record_outcome(visit=visit, outcome="on_time", by=new)
    assert "handover" in " ".join(refused.value.messages)
    handover_acknowledge(pack=pack, by=new)
    visit = visit_record_outcome(visit=visit, outcome="on_time", by=new)
    assert visit.outcome == "on_time"


def test_a_visit_entry_on_the_chronology_waits_until_the_handover_is_read(cast):
    from alongside.chronology.services import entry_create

    case, new = cast["case"], cast["colleague"]
    pack = allocate(cast, new).handover_pack
    when = timezone.now() - datetime.timedelta(hours=2)
    visit = {
        "case": case,
        "by": new,
        "kind": Kind.VISIT,
        "occurred_at": when,
        "title": "First home visit",
        "text": "Met the children at home.",
    }
    with pytest.raises(ValidationError) as refused:
        entry_create(**visit)
    assert "handover pack" in refused.value.message_dict["kind"][0]
    assert not Entry.objects.filter(case=case, title="First home visit").exists()
    # Other kinds of entry are not held back, and the worker who read no pack is not either.
    entry_create(**{**visit, "kind": Kind.PHONE_CALL, "title": "Phone call"})
    entry_create(**{**visit, "by": cast["worker"], "title": "Last visit before leaving"})

    handover_acknowledge(pack=pack, by=new)
    assert entry_create(**visit).kind == Kind.VISIT


def test_the_add_entry_page_refuses_a_visit_before_the_handover_and_keeps_the_words(cast):
    case, new = cast["case"], cast["colleague"]
    pack = allocate(cast, new).handover_pack
    day = timezone.localdate() - datetime.timedelta(days=1)
    data = {
        "kind": "visit",
        "occurred_on_day": day.day,
        "occurred_on_month": day.month,
        "occurred_on_year": day.year,
        "occurred_time": "09:30",
        "title": "First home visit",
        "text": "The children showed me their drawings.",
        "audience": "family",
        "withheld_reason": "",
    }
    client = staff_client(new)
    response = client.post(f"/staff/cases/{case.pk}/entries/new/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "You have not yet read and acknowledged the handover pack" in page
    assert "The children showed me their drawings." in page
    assert "First home visit" in page
    assert not Entry.objects.filter(case=case, kind=Kind.VISIT).exists()

    handover_acknowledge(pack=pack, by=new)
    response = client.post(f"/staff/cases/{case.pk}/entries/new/", data)
    assert response.status_code == 302
    assert Entry.objects.get(case=case, kind=Kind.VISIT).title == "First home visit"


def test_the_family_gets_an_introduction_to_the_new_worker(story):
    cast = story
    new = cast["colleague"]
    new.contact_phone = "01632 960123"
    new.save()
    allocate(cast, new)
    to_parent = Message.objects.get(purpose="worker_introduction", to_address=cast["parent"].email)
    assert to_parent.to_user == cast["parent"]
    assert new.full_name in to_parent.subject and new.full_name in to_parent.body
    assert "01632 960123" in to_parent.body and new.email in to_parent.body
    assert "We told" in to_parent.body and "You do not need to say it again." in to_parent.body
    assert "You told us you like easy read" in to_parent.body
    # Easy read: one short sentence to a line, 15 words or fewer.
    for sentence in re.split(r"(?<=[.!?])\s+", to_parent.body):
        assert len(sentence.split()) <= 15, sentence

    to_young_person = Message.objects.get(
        purpose="worker_introduction", to_address=cast["young_person"].email
    )
    assert "You do not have to tell your story again." in to_young_person.body
    assert "easy read" not in to_young_person.body


# --- How many workers a child has had ------------------------------------------------------


def test_workers_in_the_last_12_months_counts_each_worker_once(cast):
    case, today = cast["case"], TODAY()
    Allocation.objects.filter(case=case).update(started_on=today - datetime.timedelta(days=30))
    a, b = UserFactory(team=cast["team_a"]), UserFactory(team=cast["team_a"])
    for worker, start, end in [
        (a, 800, 400),  # ended more than 12 months ago: not counted
        (b, 390, 200),
        (a, 200, 100),
        (b, 100, 30),
    ]:
        Allocation.objects.create(
            case=case,
            worker=worker,
            team=cast["team_a"],
            started_on=today - datetime.timedelta(days=start),
            ended_on=today - datetime.timedelta(days=end),
        )
    assert selectors.workers_in_last_12_months(case) == 3
    changes = selectors.team_worker_changes([cast["team_a"].pk], case_ids=[case.pk])
    assert changes.changes_by_case[case.pk] == 3
    assert (changes.children, changes.two_or_more) == (1, 1)


def test_one_change_of_worker_is_not_counted_in_the_team_figure(cast):
    allocate(cast, cast["colleague"])
    assert selectors.workers_in_last_12_months(cast["case"]) == 2
    changes = selectors.team_worker_changes([cast["team_a"].pk], case_ids=[cast["case"].pk])
    assert changes.changes_by_case[cast["case"].pk] == 1
    assert changes.two_or_more == 0


# --- Asking for a different worker ------------------------------------------------------------


def test_the_reply_is_due_10_working_days_on_across_christmas():
    # Friday 19 December 2025: Christmas Day, Boxing Day and New Year's Day are bank holidays.
    due = selectors.change_request_due_on(datetime.date(2025, 12, 19))
    assert due == datetime.date(2026, 1, 7)
    assert due == add_working_days(datetime.date(2025, 12, 19), 10)


@given(day=st.dates(min_value=datetime.date(2024, 1, 1), max_value=datetime.date(2027, 12, 31)))
def test_the_reply_is_always_due_on_the_10th_working_day_after(day):
    due = selectors.change_request_due_on(day)
    assert is_working_day(due)
    assert working_days_between(day, due) == 10
    # Two weekends at least; from a working day, two whole weeks at least.
    assert due - day >= datetime.timedelta(days=14 if is_working_day(day) else 12)


def test_a_request_recorded_for_a_family_counts_from_the_day_they_asked(cast):
    asked = timezone.make_aware(datetime.datetime(2025, 12, 19, 11, 0))
    change = worker_change_request(case=cast["case"], by=cast["worker"], raised_at=asked)
    assert change.due_on == datetime.date(2026, 1, 7)
    assert change.worker == cast["worker"]
    notice = Message.objects.get(purpose="worker_change_request")
    assert notice.to_user == cast["manager"] and "7 January 2026" in notice.body


def test_a_family_asks_once_at_a_time_and_the_manager_answers_with_reasons(cast):
    case = cast["case"]
    parent_of(case, cast["parent"])
    change = worker_change_request(case=case, by=cast["parent"], reason="We do not get on.")
    assert change.due_on == add_working_days(TODAY(), 10)
    with pytest.raises(ValidationError) as again:
        worker_change_request(case=case, by=cast["parent"])
    assert "already been asked for" in again.value.message_dict["reason"][0]

    with pytest.raises(ValidationError) as bare:
        worker_change_decide(
            change_request=change, decision="agreed", explanation=" ", by=cast["manager"]
        )
    assert "explanation" in bare.value.message_dict
    for who in ("worker", "other_manager"):
        with pytest.raises(ValidationError):
            worker_change_decide(
                change_request=change, decision="agreed", explanation="Yes", by=cast[who]
            )

    worker_change_decide(
        change_request=change,
        decision="declined",
        explanation="Jo knows the children well. We will meet with you both to talk it through.",
        by=cast["manager"],
    )
    change.refresh_from_db()
    assert change.decision == "declined" and change.decided_by == cast["manager"]
    answer = Message.objects.get(purpose="worker_change_answer", to_address=cast["parent"].email)
    assert "We said no." in answer.body and "Jo knows the children well." in answer.body
    with pytest.raises(ValidationError):
        worker_change_decide(
            change_request=change, decision="agreed", explanation="Changed", by=cast["manager"]
        )
    # Answered, they may ask again.
    worker_change_request(case=case, by=cast["parent"])


def test_a_request_is_kept_off_the_chronology(cast):
    worker_change_request(case=cast["case"], by=cast["parent"], reason="Private reason")
    assert not Entry.objects.filter(text__contains="Private reason").exists()


def test_another_family_cannot_ask_about_this_child(cast):
    with pytest.raises(ValidationError):
        worker_change_request(case=cast["case"], by=cast["other_parent"])
    with pytest.raises(ValidationError):
        worker_change_request(case=cast["case"], by=cast["other_worker"])


# --- Staff pages --------------------------------------------------------------------------------


def test_the_manager_sees_each_workers_weighted_caseload_with_its_tag(cast):
    load_worker(cast["colleague"], 16)
    html = staff_client(cast["manager"]).get("/staff/team/caseloads/").content.decode()
    assert cast["colleague"].full_name in html and "Above 15" in html
    assert cast["worker"].full_name in html and "Within the limit" in html
    assert cast["case"].child.display_name in html
    assert f"/staff/cases/{cast['case'].pk}/allocate/" in html
    assert "Children with 2 or more changes of worker" in html


def test_the_caseloads_page_takes_a_fixed_number_of_queries(cast):
    client = staff_client(cast["manager"])
    with CaptureQueriesContext(connection) as few:
        assert client.get("/staff/team/caseloads/").status_code == 200
    for _ in range(3):
        load_worker(UserFactory(team=cast["team_a"], role=Role.SOCIAL_WORKER), 4)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/staff/team/caseloads/").status_code == 200
    assert len(many) == len(few)


@pytest.mark.parametrize("who", ["worker", "colleague", "chair", "admin", "other_worker"])
def test_only_managers_see_the_caseloads_page(cast, who):
    assert staff_client(cast[who]).get("/staff/team/caseloads/").status_code == 404


def test_a_manager_of_another_team_sees_only_their_own_team(cast):
    html = staff_client(cast["other_manager"]).get("/staff/team/caseloads/").content.decode()
    assert cast["worker"].full_name not in html
    assert cast["case"].child.display_name not in html


def test_a_family_member_cannot_reach_staff_pages(cast):
    client = Client()
    client.force_login(cast["parent"])
    assert client.get("/staff/team/caseloads/").status_code == 404
    assert client.get(f"/staff/cases/{cast['case'].pk}/allocate/").status_code == 404


def test_the_allocation_form_shows_the_familys_wishes_and_each_workers_match(cast):
    child = cast["case"].child
    child.preferred_worker_gender = "woman"
    child.save()
    cast["colleague"].gender = "woman"
    cast["colleague"].save()
    html = staff_client(cast["manager"]).get(f"/staff/cases/{cast['case'].pk}/allocate/")
    html = html.content.decode()
    assert f"{child.display_name} (the child) would like a worker who is a woman" in html
    assert "Matches: a worker who is a woman" in html
    assert "Does not match: a worker who is a woman" in html  # the manager, who has no gender set
    assert "with this case" in html


def test_allocating_on_the_page_goes_to_the_handover(cast):
    client = staff_client(cast["manager"])
    url = f"/staff/cases/{cast['case'].pk}/allocate/"
    response = client.post(url, {"worker": cast["colleague"].pk, "reason": "Worker leaving"})
    assert response.status_code == 302
    assert response["Location"] == f"/staff/cases/{cast['case'].pk}/handover/"
    cast["case"].refresh_from_db()
    assert cast["case"].worker == cast["colleague"]


def test_after_allocating_the_page_shows_the_introduction_with_its_reading(cast):
    client = staff_client(cast["manager"])
    url = f"/staff/cases/{cast['case'].pk}/allocate/"
    response = client.post(url, {"worker": cast["colleague"].pk, "reason": "Worker leaving"})
    html = client.get(response["Location"]).content.decode()
    sent = AllocationDecision.objects.get().family_entry.text
    assert "What the family is sent" in html
    assert "You do not have to tell your story again." in html
    assert f"Reading score: grade {read(sent).grade:.1f}" in html
    again = client.get(response["Location"]).content.decode()
    assert "What the family is sent" not in again


def test_allocating_without_a_worker_or_reason_shows_the_errors(cast):
    client = staff_client(cast["manager"])
    url = f"/staff/cases/{cast['case'].pk}/allocate/"
    html = client.post(url, {"worker": "", "reason": ""}).content.decode()
    assert "Choose a worker" in html and "There is a problem" in html
    assert 'href="#id_worker_0"' in html


def test_allocating_above_the_stop_limit_on_the_page_asks_for_the_reason(cast):
    load_worker(cast["colleague"], 20)
    client = staff_client(cast["manager"])
    url = f"/staff/cases/{cast['case'].pk}/allocate/"
    html = client.post(url, {"worker": cast["colleague"].pk, "reason": "Leaving"}).content
    assert "above the limit of 20" in html.decode()
    assert not AllocationDecision.objects.exists()


@pytest.mark.parametrize("who", ["worker", "other_manager", "other_worker"])
def test_only_the_teams_managers_can_allocate(cast, who):
    response = staff_client(cast[who]).get(f"/staff/cases/{cast['case'].pk}/allocate/")
    assert response.status_code == 404


def test_the_handover_page_shows_the_pack_and_the_new_worker_reads_it(story):
    cast = story
    case, new = cast["case"], cast["colleague"]
    pack = allocate(cast, new).handover_pack
    url = f"/staff/cases/{case.pk}/handover/"
    html = staff_client(cast["worker"]).get(url).content.decode()
    assert "What mum wants you to know" in html and "Refer the family to the food bank" in html
    assert "has not read this handover yet" in html and "I have read the handover" not in html

    colleague_post = staff_client(cast["manager"]).post(f"{url}{pack.pk}/read/")
    assert colleague_post.status_code == 403

    client = staff_client(new)
    assert "I have read the handover" in client.get(url).content.decode()
    assert client.post(f"{url}{pack.pk}/read/").status_code == 302
    pack.refresh_from_db()
    assert pack.acknowledged_by == new
    assert f"{new.full_name} read this handover" in client.get(url).content.decode()


@pytest.mark.parametrize("who", ["other_worker", "other_manager"])
def test_another_teams_staff_get_404_on_the_handover(cast, who):
    assert (
        staff_client(cast[who]).get(f"/staff/cases/{cast['case'].pk}/handover/").status_code == 404
    )


def test_a_worker_records_that_the_family_asked_for_a_different_worker(cast):
    client = staff_client(cast["colleague"])
    url = f"/staff/cases/{cast['case'].pk}/worker-change/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "Mum asked on the phone"})
    assert response.status_code == 302
    change = WorkerChangeRequest.objects.get()
    assert change.raised_by == cast["colleague"] and change.reason == "Mum asked on the phone"
    assert staff_client(cast["other_worker"]).get(url).status_code == 404


def test_the_manager_lists_requests_with_the_reply_clock_and_answers(cast):
    change = worker_change_request(case=cast["case"], by=cast["parent"])
    WorkerChangeRequest.objects.filter(pk=change.pk).update(
        due_on=TODAY() - datetime.timedelta(days=1)
    )
    client = staff_client(cast["manager"])
    html = client.get("/staff/team/change-requests/").content.decode()
    assert cast["case"].child.display_name in html and "Overdue" in html

    url = f"/staff/team/change-requests/{change.pk}/"
    assert "Explain your answer" in client.post(url, {"decision": "agreed"}).content.decode()
    response = client.post(
        url, {"decision": "agreed", "explanation": "Yes. We will tell you who by Friday."}
    )
    assert response.status_code == 302
    html = client.get("/staff/team/change-requests/").content.decode()
    assert "Yes, we will find a different worker" in html and "Late" in html


def test_the_team_view_counts_requests_waiting_and_overdue_on_the_teams_cases(cast):
    late = worker_change_request(case=cast["case"], by=cast["parent"])
    WorkerChangeRequest.objects.filter(pk=late.pk).update(
        due_on=TODAY() - datetime.timedelta(days=1)
    )
    worker_change_request(
        case=CaseFactory(team=cast["team_a"], worker=cast["colleague"]), by=cast["manager"]
    )
    answered = worker_change_request(
        case=CaseFactory(team=cast["team_a"], worker=cast["colleague"]), by=cast["manager"]
    )
    worker_change_decide(
        change_request=answered,
        decision="declined",
        explanation="No. Sam knows the family well.",
        by=cast["manager"],
    )
    worker_change_request(
        case=CaseFactory(team=cast["team_b"], worker=cast["other_worker"]), by=cast["other_manager"]
    )
    page = staff_client(cast["manager"]).get("/staff/team/caseloads/").content.decode()
    assert "2 requests for a different worker waiting for an answer" in page
    assert "1 overdue" in page


def test_the_managers_answer_shows_its_reading_before_it_is_sent(cast):
    change = worker_change_request(case=cast["case"], by=cast["parent"])
    url = f"/staff/team/change-requests/{change.pk}/"
    client = staff_client(cast["manager"])
    page = client.get(url).content.decode()
    assert "Check the reading" in page and "Reading score" not in page
    typed = "No. Jo leads the child protection plan and knows the children well."
    page = client.post(
        url, {"decision": "declined", "explanation": typed, "check": "1"}
    ).content.decode()
    assert f"Reading score: grade {read(typed).grade:.1f}" in page
    assert "A written plan to keep a child safe." in page  # the glossary's plain words
    assert "Jo leads the child protection plan" in page  # kept in the box
    change.refresh_from_db()
    assert change.is_open
    assert not Message.objects.filter(purpose="worker_change_answer").exists()


def test_only_the_teams_managers_answer_requests(cast):
    change = worker_change_request(case=cast["case"], by=cast["parent"])
    url = f"/staff/team/change-requests/{change.pk}/"
    worker = staff_client(cast["worker"])
    assert worker.get("/staff/team/change-requests/").status_code == 404
    assert worker.get(url).status_code == 404
    other = staff_client(cast["other_manager"])
    assert other.get(url).status_code == 404
    assert other.post(url, {"decision": "agreed", "explanation": "Yes"}).status_code == 404
    listed = other.get("/staff/team/change-requests/").content.decode()
    assert cast["case"].child.display_name not in listed


# --- Portal -------------------------------------------------------------------------------


def test_the_family_sees_their_worker_and_how_many_they_have_had(cast):
    cast["colleague"].contact_phone = "01632 960456"
    cast["colleague"].save()
    allocate(cast, cast["colleague"])
    client = Client()
    client.force_login(cast["parent"])
    html = client.get(f"/portal/children/{cast['case'].pk}/worker/").content.decode()
    assert cast["colleague"].full_name in html and "01632 960456" in html
    assert "has had 2 workers in the last 12 months" in html
    assert "What we told you" in html and "You do not have to tell your story again." in html


def test_the_family_is_told_when_the_new_worker_has_read_their_story(cast):
    pack = allocate(cast, cast["colleague"]).handover_pack
    client = Client()
    client.force_login(cast["parent"])
    url = f"/portal/children/{cast['case'].pk}/worker/"
    assert "has read what you told us before" not in client.get(url).content.decode()
    handover_acknowledge(pack=pack, by=cast["colleague"])
    assert "has read what you told us before" in client.get(url).content.decode()


def test_the_family_asks_for_a_different_worker_and_sees_the_answer(cast):
    client = Client()
    client.force_login(cast["parent"])
    url = f"/portal/children/{cast['case'].pk}/worker/"
    response = client.post(url, {"reason": ""})
    assert response.status_code == 302
    change = WorkerChangeRequest.objects.get()
    assert change.raised_by == cast["parent"]
    html = client.get(url).content.decode()
    assert "You asked on" in html and "Ask for a different worker</button>" not in html
    worker_change_decide(
        change_request=change,
        decision="agreed",
        explanation="Yes. Your new worker will phone you this week.",
        by=cast["manager"],
    )
    html = client.get(url).content.decode()
    assert "Your new worker will phone you this week." in html
    assert "Ask for a different worker</button>" in html


def test_another_family_gets_404_on_the_worker_page(cast):
    client = Client()
    client.force_login(cast["other_parent"])
    assert client.get(f"/portal/children/{cast['case'].pk}/worker/").status_code == 404
    assert client.post(f"/portal/children/{cast['case'].pk}/worker/", {}).status_code == 404
    assert not WorkerChangeRequest.objects.exists()


@pytest.mark.parametrize("scope", ["meetings", "everything"])
def test_a_supporter_sees_the_worker_but_only_the_family_asks(cast, scope):
    from alongside.cases.models import SupporterAccess

    change = worker_change_request(case=cast["case"], by=cast["parent"], reason="Private")
    worker_change_decide(
        change_request=change, decision="declined", explanation="Kim stays.", by=cast["manager"]
    )
    supporter = UserFactory(role="supporter", team=None)
    SupporterAccess.objects.create(
        case=cast["case"], user=supporter, invited_by=cast["parent"], scope=scope
    )
    client = Client()
    client.force_login(supporter)
    url = f"/portal/children/{cast['case'].pk}/worker/"
    html = client.get(url).content.decode()
    assert cast["worker"].full_name in html
    assert "Ask for a different worker</button>" not in html
    assert ("Kim stays." in html) is (scope == "everything")
    assert client.post(url, {"reason": "Please"}).status_code == 403
    assert WorkerChangeRequest.objects.count() == 1


def test_the_young_person_sees_their_own_worker(cast):
    client = Client()
    client.force_login(cast["young_person"])
    html = client.get(f"/portal/children/{cast['case'].pk}/worker/").content.decode()
    assert cast["worker"].full_name in html


# --- Plain words ---------------------------------------------------------------------------


@pytest.mark.parametrize("formats", [[], ["easy_read"], ["large_print", "audio", "own_language"]])
@pytest.mark.parametrize("handed_over", [True, False])
def test_the_introduction_reads_at_about_age_nine(formats, handed_over):
    intro = letters.Introduction(
        child="Sam Lee",
        worker="Kim Day",
        job="Social worker",
        team="Team A",
        phone="01632 960123",
        email="kim@example.test",
        handed_over=handed_over,
        promises=2,
        wishes_unmet=["a worker who is a woman"],
        against_preference_reason="Both women in the team have too many families just now.",
    )
    _, body = letters.introduction_message(intro, name="Jo", formats=formats, language="Polish")
    reading = read(body)
    assert reading.grade <= TARGET_GRADE, (formats, reading.grade, body)
    assert not reading.unexplained
    if "own_language" in formats:
        assert "Ask us for this in Polish." in body


@pytest.mark.parametrize("agreed", [True, False])
def test_the_answer_to_a_request_reads_at_about_age_nine(agreed):
    _, body = letters.change_answer_message(
        name="Jo",
        child="Sam Lee",
        agreed=agreed,
        explanation="Kim knows the children well.",
        formats=[],
        language="",
    )
    assert read(body).grade <= TARGET_GRADE and not read(body).unexplained


def test_the_portal_worker_page_reads_plainly(cast):
    for person, first, last in (
        (cast["parent"].person, "Jo", "Lee"),
        (cast["case"].child, "Sam", "Lee"),
    ):
        person.first_names, person.last_name = first, last
        person.save()
    for user, name in ((cast["worker"], "Kim Day"), (cast["colleague"], "Ann Fox")):
        user.full_name = name
        user.save()
    allocate(cast, cast["colleague"])
    change = worker_change_request(case=cast["case"], by=cast["parent"])
    worker_change_decide(
        change_request=change,
        decision="declined",
        explanation="Ann is new. Give her a try.",
        by=cast["manager"],
    )
    client = Client()
    client.force_login(cast["parent"])
    html = client.get(f"/portal/children/{cast['case'].pk}/worker/").content.decode()
    reading = read(re.sub(r"\s+", " ", visible_text(html)))
    assert reading.grade <= TARGET_GRADE + 1, reading.grade
    assert not reading.unexplained


def test_staff_are_sent_to_the_family_sign_in_from_the_portal(cast):
    client = staff_client(cast["worker"])
    response = client.get(f"/portal/children/{cast['case'].pk}/worker/")
    assert response.status_code == 302 and "sign-in" in response["Location"]
