"""Visits: planned with the family, told at once, and counted against whoever caused a slip."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, ProgrammingError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alongside.accounts.models import Role
from alongside.chronology.models import Entry, Kind
from alongside.messaging.models import Message
from alongside.people.codes import RelationshipKind
from alongside.people.models import Relationship
from alongside.plain.readability import read
from alongside.visits import services, words
from alongside.visits.models import Outcome, Side, Visit, VisitMove
from alongside.visits.reliability import (
    SHORT_NOTICE,
    reliability,
    reliability_grouped,
)
from alongside.visits.selectors import reliability_for_teams
from tests.conftest import staff_client
from tests.factories import CaseFactory, PersonFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

TZ = timezone.get_current_timezone()
PAST_DAY = datetime.date(2025, 3, 12)  # a Wednesday, well in the past


def at(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=TZ)


def next_weekday(weekday: int, *, hour: int = 10, weeks: int = 1) -> datetime.datetime:
    """A time on the given weekday (0 = Monday), at least a week ahead."""
    day = timezone.localdate() + datetime.timedelta(days=7 * weeks)
    day += datetime.timedelta(days=(weekday - day.weekday()) % 7)
    return at(day, hour)


def visit_row(case, worker, *, starts_at=None, outcome="", by=None, **fields) -> Visit:
    """A visit written straight to the table, for figures about the past."""
    starts_at = starts_at or at(PAST_DAY)
    recorded = {"recorded_at": starts_at, "recorded_by": by or worker} if outcome else {}
    values = {
        "kind": "home_visit",
        "ends_at": starts_at + datetime.timedelta(hours=1),
        "place": "12 Mill Lane",
        "purpose_for_family": "To see how the week went",
        **recorded,
        **fields,
    }
    return Visit.objects.create(
        case=case, worker=worker, starts_at=starts_at, outcome=outcome, **values
    )


def late(case, worker, side, minutes=20, **kw) -> Visit:
    return visit_row(
        case,
        worker,
        outcome=Outcome.LATE,
        late_minutes=minutes,
        late_reason="Traffic",
        late_caused_by=side,
        **kw,
    )


def cancelled(case, worker, side, *, notice, starts_at=None) -> Visit:
    starts_at = starts_at or at(PAST_DAY)
    return visit_row(
        case,
        worker,
        starts_at=starts_at,
        outcome=Outcome.CANCELLED,
        cancelled_by=side,
        cancelled_at=starts_at - notice,
        cancel_reason="Unwell",
    )


def figures_for(visits=None, start=PAST_DAY, end=PAST_DAY):
    return reliability(
        visits if visits is not None else Visit.objects.all(), period_start=start, period_end=end
    )


@pytest.fixture
def family(cast):
    """The cast's child with a mother (email) and father (text only) holding parental responsibility."""
    child = cast["case"].child
    mother = PersonFactory(first_names="Aisha", email="aisha@example.test", phone="07700900111")
    father = PersonFactory(first_names="Dev", email="", phone="07700900222")
    for parent in (mother, father):
        Relationship.objects.create(
            from_person=parent,
            to_person=child,
            kind=RelationshipKind.PARENT,
            parental_responsibility=True,
        )
    return {**cast, "mother": mother, "father": father}


def plan(case, worker, *, starts_at=None, **overrides) -> Visit:
    starts_at = starts_at or next_weekday(2)
    data = {
        "case": case,
        "worker": worker,
        "kind": "home_visit",
        "starts_at": starts_at,
        "ends_at": starts_at + datetime.timedelta(hours=1),
        "place": "12 Mill Lane, Leeds",
        "purpose_for_family": "To talk about how school is going and what would help.",
        "what_to_bring": "Sam's school letter",
        "who_they_may_bring": "Your sister, if you want",
        "by": worker,
    }
    data.update(overrides)
    return services.visit_plan(**data)


def in_the_past(visit: Visit, days: int = 1) -> Visit:
    """Slide a planned visit into the past so its outcome can be recorded."""
    starts_at = timezone.now() - datetime.timedelta(days=days)
    Visit.objects.filter(pk=visit.pk).update(
        starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=1)
    )
    visit.refresh_from_db()
    return visit


# --- Reliability: the one calculator -------------------------------------------------------


def test_a_late_visit_caused_by_the_family_counts_against_the_family_not_the_worker(cast):
    late(cast["case"], cast["worker"], Side.FAMILY, minutes=25)
    figures = figures_for()
    assert figures.late == 1 and figures.kept == 1
    assert figures.family.late == 1 and figures.family.late_minutes == 25
    assert figures.worker.late == 0 and figures.worker.late_minutes == 0


def test_a_late_visit_caused_by_the_worker_counts_against_the_worker(cast):
    late(cast["case"], cast["worker"], Side.WORKER, minutes=40)
    figures = figures_for()
    assert figures.worker.late == 1 and figures.worker.late_minutes == 40
    assert figures.family.late == 0


def test_cancellations_count_only_against_the_side_that_cancelled(cast):
    case, worker = cast["case"], cast["worker"]
    cancelled(case, worker, Side.FAMILY, notice=datetime.timedelta(days=3))
    cancelled(case, worker, Side.WORKER, notice=datetime.timedelta(hours=2))
    cancelled(case, worker, Side.OTHER, notice=datetime.timedelta(hours=1))
    figures = figures_for()
    assert figures.cancelled == 3 and figures.cancelled_short_notice == 2
    assert (figures.family.cancelled, figures.family.cancelled_short_notice) == (1, 0)
    assert (figures.worker.cancelled, figures.worker.cancelled_short_notice) == (1, 1)
    assert (figures.other.cancelled, figures.other.cancelled_short_notice) == (1, 1)


def test_short_notice_is_less_than_24_hours(cast):
    case, worker = cast["case"], cast["worker"]
    assert datetime.timedelta(hours=24) == SHORT_NOTICE
    second = datetime.timedelta(seconds=1)
    cancelled(case, worker, Side.WORKER, notice=SHORT_NOTICE)  # exactly 24 hours: not short
    cancelled(case, worker, Side.WORKER, notice=SHORT_NOTICE + second)
    cancelled(case, worker, Side.WORKER, notice=SHORT_NOTICE - second)  # short
    cancelled(case, worker, Side.WORKER, notice=-datetime.timedelta(hours=1))  # after the start
    figures = figures_for()
    assert figures.worker.cancelled == 4
    assert figures.worker.cancelled_short_notice == 2


def test_the_period_takes_in_its_first_and_last_days_and_nothing_either_side(cast):
    case, worker = cast["case"], cast["worker"]
    first, last = datetime.date(2025, 3, 1), datetime.date(2025, 3, 31)
    inside = [at(first, 0, 0), at(last, 23, 59)]
    outside = [at(first - datetime.timedelta(days=1), 23, 59), at(datetime.date(2025, 4, 1), 0, 0)]
    for moment in inside + outside:
        visit_row(case, worker, starts_at=moment, outcome=Outcome.ON_TIME)
    figures = figures_for(start=first, end=last)
    assert figures.planned == 2 and figures.on_time == 2
    assert (figures.period_start, figures.period_end) == (first, last)


def test_the_period_is_counted_in_local_time_across_the_clocks_changing(cast):
    # 30 March 2025 is when British Summer Time starts.
    visit_row(cast["case"], cast["worker"], starts_at=at(datetime.date(2025, 3, 31), 0, 30))
    assert (
        figures_for(start=datetime.date(2025, 3, 31), end=datetime.date(2025, 3, 31)).planned == 1
    )
    assert (
        figures_for(start=datetime.date(2025, 3, 30), end=datetime.date(2025, 3, 30)).planned == 0
    )


def test_planned_kept_and_not_yet_recorded_are_counted_apart(cast):
    case, worker = cast["case"], cast["worker"]
    visit_row(case, worker, outcome=Outcome.ON_TIME)
    late(case, worker, Side.OTHER)
    visit_row(case, worker, outcome=Outcome.NO_ACCESS)
    visit_row(case, worker)  # past, nothing recorded yet
    figures = figures_for()
    assert (figures.planned, figures.kept, figures.on_time, figures.late) == (4, 2, 1, 1)
    assert figures.no_access == 1 and figures.family.no_access == 1
    assert figures.worker.no_access == 0
    assert figures.not_recorded == 1 and figures.to_come == 0
    assert figures.other.late == 1


def test_moves_count_against_whoever_asked_with_their_notice(cast):
    case, worker = cast["case"], cast["worker"]
    visit = visit_row(case, worker, starts_at=at(PAST_DAY, 14))
    for asked_by, notice in [
        (Side.WORKER, datetime.timedelta(hours=3)),
        (Side.FAMILY, datetime.timedelta(days=5)),
        (Side.FAMILY, datetime.timedelta(hours=23)),
    ]:
        VisitMove.objects.create(
            visit=visit,
            moved_at=at(PAST_DAY, 14) - notice,
            moved_by=worker,
            asked_by=asked_by,
            reason="Clash",
            from_starts_at=at(PAST_DAY, 14),
            to_starts_at=at(PAST_DAY, 16),
            from_place="Home",
            to_place="Home",
        )
    figures = figures_for()
    assert (figures.moved, figures.moved_short_notice) == (3, 2)
    assert (figures.worker.moved, figures.worker.moved_short_notice) == (1, 1)
    assert (figures.family.moved, figures.family.moved_short_notice) == (2, 1)


def test_figures_by_worker_and_team_add_up_to_the_same_rules(cast):
    case, worker, colleague = cast["case"], cast["worker"], cast["colleague"]
    late(case, worker, Side.WORKER)
    late(case, colleague, Side.FAMILY)
    cancelled(case, colleague, Side.WORKER, notice=datetime.timedelta(hours=1))
    grouped = reliability_grouped(
        Visit.objects.all(),
        by="worker",
        period_start=PAST_DAY,
        period_end=PAST_DAY,
        keys=[cast["other_worker"].pk],
    )
    assert grouped[worker.pk] == figures_for(Visit.objects.filter(worker=worker))
    assert grouped[colleague.pk].worker.cancelled_short_notice == 1
    assert grouped[colleague.pk].family.late == 1
    assert grouped[cast["other_worker"].pk].planned == 0
    teams = reliability_grouped(
        Visit.objects.all(), by="team", period_start=PAST_DAY, period_end=PAST_DAY
    )
    assert teams[cast["team_a"].pk] == figures_for()


def test_reliability_takes_two_queries_however_many_visits(cast, django_assert_num_queries):
    for side in Side:
        late(cast["case"], cast["worker"], side)
        cancelled(cast["case"], cast["worker"], side, notice=datetime.timedelta(hours=2))
    with django_assert_num_queries(2):
        figures_for()
    with django_assert_num_queries(2):
        reliability_grouped(
            Visit.objects.all(), by="worker", period_start=PAST_DAY, period_end=PAST_DAY
        )


def test_team_figures_take_the_same_queries_for_one_worker_or_many(cast):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            reliability_for_teams([cast["team_a"].pk], period_start=PAST_DAY, period_end=PAST_DAY)
        return len(queries)

    late(cast["case"], cast["worker"], Side.WORKER)
    few = count()
    for _ in range(4):
        extra = UserFactory(team=cast["team_a"], role=Role.SOCIAL_WORKER)
        late(cast["case"], extra, Side.FAMILY)
    assert count() == few


# --- Database constraints --------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"outcome": Outcome.LATE},
        {"outcome": Outcome.LATE, "late_minutes": 10, "late_reason": "Bus"},
        {
            "outcome": Outcome.LATE,
            "late_minutes": 0,
            "late_reason": "Bus",
            "late_caused_by": "worker",
        },
        {"outcome": Outcome.ON_TIME, "late_minutes": 10},
        {"outcome": Outcome.CANCELLED, "cancelled_by": "family", "cancel_reason": "Ill"},
        {"outcome": Outcome.CANCELLED, "cancelled_at": at(PAST_DAY), "cancelled_by": "family"},
        {"outcome": Outcome.CANCELLED, "cancelled_at": at(PAST_DAY), "cancel_reason": "Ill"},
        {"outcome": Outcome.ON_TIME, "cancelled_by": "worker"},
        {"outcome": "maybe"},
        {"outside_family_days": True},
        {"purpose_for_family": ""},
        {"place": ""},
    ],
)
def test_the_database_refuses_incomplete_visits(cast, fields):
    outcome = fields.pop("outcome", "")
    with pytest.raises(IntegrityError), transaction.atomic():
        visit_row(cast["case"], cast["worker"], outcome=outcome, **fields)


def test_the_database_refuses_an_outcome_without_who_recorded_it(cast):
    with pytest.raises(IntegrityError), transaction.atomic():
        Visit.objects.create(
            case=cast["case"],
            worker=cast["worker"],
            kind="home_visit",
            starts_at=at(PAST_DAY),
            ends_at=at(PAST_DAY, 11),
            place="Home",
            purpose_for_family="To talk",
            outcome=Outcome.ON_TIME,
        )


def test_the_database_refuses_a_visit_that_ends_before_it_starts(cast):
    with pytest.raises(IntegrityError), transaction.atomic():
        Visit.objects.create(
            case=cast["case"],
            worker=cast["worker"],
            kind="home_visit",
            starts_at=at(PAST_DAY, 11),
            ends_at=at(PAST_DAY, 10),
            place="Home",
            purpose_for_family="To talk",
        )


def test_visits_are_never_deleted_and_moves_never_changed(cast):
    visit = visit_row(cast["case"], cast["worker"])
    with pytest.raises(ProgrammingError, match="pgtrigger"), transaction.atomic():
        Visit.objects.filter(pk=visit.pk).delete()
    move = VisitMove.objects.create(
        visit=visit,
        moved_at=at(PAST_DAY, 8),
        moved_by=cast["worker"],
        asked_by=Side.FAMILY,
        reason="Doctor",
        from_starts_at=at(PAST_DAY),
        to_starts_at=at(PAST_DAY, 15),
        from_place="Home",
        to_place="Home",
    )
    with pytest.raises(ProgrammingError, match="pgtrigger"), transaction.atomic():
        VisitMove.objects.filter(pk=move.pk).update(reason="Changed")


# --- Planning, moving and cancelling: the chronology and the family told ------------------------


def test_planning_a_visit_tells_the_family_at_once_in_plain_words(
    family, django_capture_on_commit_callbacks
):
    case, worker = family["case"], family["worker"]
    with django_capture_on_commit_callbacks(execute=True):
        visit = plan(case, worker)
    messages = {m.to_address: m for m in Message.objects.filter(purpose="visit_planned")}
    assert set(messages) == {
        "aisha@example.test",
        "07700900222",
        family["parent"].email,
        "young@example.test",
    }
    email = messages["aisha@example.test"]
    assert email.channel == "email" and email.status == "sent"
    assert messages["07700900222"].channel == "sms"
    body = email.body
    assert body.startswith("Hello Aisha,")
    assert f"{worker.full_name} is coming to see you at home." in body
    assert "When: " in body and "Where: 12 Mill Lane, Leeds" in body
    assert f"Who: {worker.full_name}" in body
    assert "Why: To talk about how school is going" in body
    assert "What to bring: Sam's school letter" in body
    assert "Who you can bring: Your sister, if you want" in body
    note = Entry.objects.get(case=case, kind=Kind.NOTE)
    assert note.audience == "family" and "planned" in note.title
    assert visit.outcome == "" and visit.created_by == worker


def test_the_family_is_told_who_they_can_bring_when_the_worker_leaves_it_empty(family):
    plan(family["case"], family["worker"], who_they_may_bring="", what_to_bring="")
    body = Message.objects.filter(purpose="visit_planned").first().body
    assert "You can have someone with you for support" in body
    assert "You do not need to bring anything." in body


def test_a_time_outside_the_days_the_family_gave_needs_a_reason_naming_those_days(family):
    mother = family["mother"]
    mother.contact_days = ["mon", "wed"]
    mother.save()
    with pytest.raises(ValidationError) as error:
        plan(family["case"], family["worker"], starts_at=next_weekday(4))  # a Friday
    message = error.value.message_dict["availability_clash_reason"][0]
    assert "The family said these days suit them: Monday, Wednesday" in message
    visit = plan(
        family["case"],
        family["worker"],
        starts_at=next_weekday(4),
        availability_clash_reason="The court hearing is on the Thursday.",
    )
    assert visit.outside_family_days
    assert (
        plan(family["case"], family["worker"], starts_at=next_weekday(0)).outside_family_days
        is False
    )


def test_the_childs_own_days_count_too_and_no_days_means_no_clash(cast):
    visit = plan(cast["case"], cast["worker"], starts_at=next_weekday(5))
    assert visit.outside_family_days is False and visit.availability_clash_reason == ""
    child = cast["case"].child
    child.contact_days = ["sat"]
    child.save()
    with pytest.raises(ValidationError):
        plan(cast["case"], cast["worker"], starts_at=next_weekday(1))


def test_a_visit_cannot_be_planned_in_the_past_or_without_a_purpose(cast):
    with pytest.raises(ValidationError) as error:
        plan(
            cast["case"],
            cast["worker"],
            starts_at=timezone.now() - datetime.timedelta(days=1),
            purpose_for_family="  ",
        )
    assert set(error.value.message_dict) == {"starts_at", "purpose_for_family"}


def test_moving_a_visit_keeps_the_move_and_tells_the_family(
    family, django_capture_on_commit_callbacks
):
    visit = plan(family["case"], family["worker"])
    old = visit.starts_at
    new = old + datetime.timedelta(days=1, hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        services.visit_reschedule(
            visit=visit,
            starts_at=new,
            ends_at=new + datetime.timedelta(hours=1),
            by_whom=Side.WORKER,
            reason="I have to be in court that morning.",
            by=family["worker"],
        )
    visit.refresh_from_db()
    assert visit.starts_at == new
    move = VisitMove.objects.get(visit=visit)
    assert (move.from_starts_at, move.to_starts_at, move.asked_by) == (old, new, "worker")
    moved = Message.objects.filter(purpose="visit_moved", to_address="aisha@example.test").get()
    assert "has moved" in moved.body and "We are sorry for the change." in moved.body
    assert "Why it moved: I have to be in court that morning." in moved.body
    assert moved.status == "sent"
    assert Entry.objects.filter(case=family["case"], title__contains="moved").exists()
    assert visit.events.count() == 2  # type: ignore[attr-defined]


def test_moving_needs_who_asked_and_why(cast):
    visit = plan(cast["case"], cast["worker"])
    with pytest.raises(ValidationError) as error:
        services.visit_reschedule(
            visit=visit,
            starts_at=visit.starts_at,
            ends_at=visit.ends_at,
            by_whom="",
            reason="",
            by=cast["worker"],
        )
    assert {"by_whom", "reason", "starts_at"} <= set(error.value.message_dict)


def test_cancelling_records_who_why_and_notice_and_tells_the_family(
    family, django_capture_on_commit_callbacks
):
    visit = plan(family["case"], family["worker"])
    told = visit.starts_at - datetime.timedelta(hours=5)
    with django_capture_on_commit_callbacks(execute=True):
        services.visit_cancel(
            visit=visit,
            by_whom=Side.WORKER,
            reason="I am off sick.",
            by=family["worker"],
            cancelled_at=min(told, timezone.now()),
        )
    visit.refresh_from_db()
    assert visit.outcome == "cancelled" and visit.cancelled_by == "worker"
    assert visit.notice is not None and visit.notice_hours is not None
    message = Message.objects.get(purpose="visit_cancelled", to_address="aisha@example.test")
    assert "has cancelled" in message.body and "We are sorry." in message.body
    assert "Why: I am off sick." in message.body and message.status == "sent"
    entry = Entry.objects.get(case=family["case"], title__contains="cancelled")
    assert entry.kind == Kind.NOTE and "Notice given:" in entry.text
    with pytest.raises(ValidationError):
        services.visit_cancel(visit=visit, by_whom="family", reason="Again", by=family["worker"])


def test_a_family_cancellation_thanks_them(family):
    visit = plan(family["case"], family["worker"])
    services.visit_cancel(
        visit=visit,
        by_whom=Side.FAMILY,
        reason="Sam has a hospital appointment",
        by=family["worker"],
    )
    body = Message.objects.get(purpose="visit_cancelled", to_address="aisha@example.test").body
    assert "as you asked" in body and "Thank you for telling us." in body


def test_a_cancellation_cannot_be_dated_in_the_future(cast):
    visit = plan(cast["case"], cast["worker"])
    with pytest.raises(ValidationError) as error:
        services.visit_cancel(
            visit=visit,
            by_whom=Side.FAMILY,
            reason="Away",
            by=cast["worker"],
            cancelled_at=timezone.now() + datetime.timedelta(days=1),
        )
    assert "cancelled_at" in error.value.message_dict


# --- What happened ---------------------------------------------------------------------------


def test_a_visit_that_happened_goes_on_the_chronology_as_a_visit(cast):
    visit = in_the_past(plan(cast["case"], cast["worker"]))
    services.visit_record_outcome(
        visit=visit, outcome=Outcome.ON_TIME, by=cast["worker"], note="We played a board game."
    )
    entry = Entry.objects.get(case=cast["case"], kind=Kind.VISIT)
    assert entry.occurred_at == visit.starts_at and entry.status == "published"
    assert "We played a board game." in entry.text and entry.audience == "family"
    visit.refresh_from_db()
    assert visit.recorded_by == cast["worker"] and visit.recorded_at is not None


def test_a_late_visit_needs_minutes_reason_and_who_was_late(cast):
    visit = in_the_past(plan(cast["case"], cast["worker"]))
    with pytest.raises(ValidationError) as error:
        services.visit_record_outcome(visit=visit, outcome=Outcome.LATE, by=cast["worker"])
    assert set(error.value.message_dict) == {"late_minutes", "late_reason", "late_caused_by"}
    services.visit_record_outcome(
        visit=visit,
        outcome=Outcome.LATE,
        by=cast["worker"],
        late_minutes=15,
        late_reason="Mum was collecting Sam from school",
        late_caused_by=Side.FAMILY,
    )
    entry = Entry.objects.get(case=cast["case"], kind=Kind.VISIT)
    assert "15 minutes late" in entry.title and "Late because of: the family" in entry.text


def test_nobody_in_is_a_note_not_a_visit_and_a_call_is_a_phone_call(cast):
    home = in_the_past(plan(cast["case"], cast["worker"]))
    call = in_the_past(plan(cast["case"], cast["worker"], kind="call", place="By phone"), days=2)
    services.visit_record_outcome(visit=home, outcome=Outcome.NO_ACCESS, by=cast["worker"])
    services.visit_record_outcome(visit=call, outcome=Outcome.ON_TIME, by=cast["worker"])
    assert not Entry.objects.filter(case=cast["case"], kind=Kind.VISIT).exists()
    assert Entry.objects.filter(case=cast["case"], kind=Kind.PHONE_CALL).count() == 1
    assert Entry.objects.filter(case=cast["case"], title__contains="nobody was in").exists()


def test_what_happened_waits_until_the_visit_has_started_and_is_recorded_once(cast):
    visit = plan(cast["case"], cast["worker"])
    with pytest.raises(ValidationError):
        services.visit_record_outcome(visit=visit, outcome=Outcome.ON_TIME, by=cast["worker"])
    visit = in_the_past(visit)
    services.visit_record_outcome(visit=visit, outcome=Outcome.ON_TIME, by=cast["worker"])
    with pytest.raises(ValidationError):
        services.visit_record_outcome(visit=visit, outcome=Outcome.ON_TIME, by=cast["worker"])


def test_a_new_worker_must_read_the_handover_before_recording_a_visit(cast):
    """Through the workforce app's own API: allocate to a new worker, then acknowledge."""
    from alongside.workforce.models import HandoverPack
    from alongside.workforce.services import handover_acknowledge, worker_allocate

    case, colleague = cast["case"], cast["colleague"]
    worker_allocate(
        case=case,
        worker=colleague,
        team=cast["team_a"],
        by=cast["manager"],
        reason="Alex is moving to another team",
    )
    visit = in_the_past(plan(case, colleague))
    with pytest.raises(ValidationError, match="handover pack"):
        services.visit_record_outcome(visit=visit, outcome=Outcome.ON_TIME, by=colleague)
    handover_acknowledge(pack=HandoverPack.objects.get(case=case), by=colleague)
    services.visit_record_outcome(visit=visit, outcome=Outcome.ON_TIME, by=colleague)


# --- Staff pages ------------------------------------------------------------------------------


def visits_url(case, rest: str = "") -> str:
    return f"/staff/cases/{case.pk}/visits/{rest}"


def plan_post(starts_at: datetime.datetime, **overrides) -> dict:
    local = timezone.localtime(starts_at)
    data = {
        "kind": "home_visit",
        "starts_on_day": local.day,
        "starts_on_month": local.month,
        "starts_on_year": local.year,
        "starts_time": local.strftime("%H:%M"),
        "duration": "60",
        "place": "12 Mill Lane, Leeds",
        "purpose_for_family": "To talk about Sam's new school.",
        "what_to_bring": "",
        "who_they_may_bring": "",
        "availability_clash_reason": "",
    }
    data.update(overrides)
    return data


def test_the_worker_plans_a_visit_from_the_visits_page(family):
    client = staff_client(family["worker"])
    page = client.get(visits_url(family["case"]))
    assert page.status_code == 200 and "Plan a visit" in page.content.decode()
    form = client.get(visits_url(family["case"], "new/"))
    assert form.status_code == 200
    when = next_weekday(2, hour=14)
    response = client.post(
        visits_url(family["case"], "new/"), plan_post(when, worker=family["worker"].pk)
    )
    assert response.status_code == 302 and response["Location"] == visits_url(family["case"])
    visit = Visit.objects.get(case=family["case"])
    assert visit.starts_at == when and visit.duration_minutes == 60
    assert Message.objects.filter(purpose="visit_planned").count() == 4
    page = client.get(visits_url(family["case"])).content.decode()
    assert "Coming up" in page and "12 Mill Lane, Leeds" in page


def test_the_plan_form_names_the_days_the_family_gave_when_the_day_clashes(family):
    family["mother"].contact_days = ["tue", "thu"]
    family["mother"].contact_times = "After 3pm"
    family["mother"].save()
    client = staff_client(family["worker"])
    response = client.post(
        visits_url(family["case"], "new/"),
        plan_post(next_weekday(0), worker=family["worker"].pk, place="At the family centre"),
    )
    page = response.content.decode()
    assert response.status_code == 200 and not Visit.objects.exists()
    assert "The family said these days suit them: Tuesday, Thursday" in page
    assert "After 3pm" in page
    assert 'value="At the family centre"' in page


def test_the_worker_records_what_happened_in_one_form(cast):
    visit = in_the_past(plan(cast["case"], cast["worker"]))
    client = staff_client(cast["worker"])
    assert "Record what happened" in client.get(visits_url(cast["case"])).content.decode()
    response = client.post(
        visits_url(cast["case"], f"{visit.pk}/outcome/"),
        {"outcome": "late", "late_minutes": "10", "late_caused_by": "worker", "late_reason": "Bus"},
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.outcome == "late" and visit.late_caused_by == "worker"


def test_a_late_outcome_without_details_shows_each_error(cast):
    visit = in_the_past(plan(cast["case"], cast["worker"]))
    client = staff_client(cast["worker"])
    response = client.post(visits_url(cast["case"], f"{visit.pk}/outcome/"), {"outcome": "late"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter how many minutes late it started" in page
    assert "Choose who was late" in page and "Say why it started late" in page


def test_the_worker_moves_and_cancels_a_visit(family):
    visit = plan(family["case"], family["worker"])
    client = staff_client(family["worker"])
    when = visit.starts_at + datetime.timedelta(days=7)
    response = client.post(
        visits_url(family["case"], f"{visit.pk}/move/"),
        {**plan_post(when), "by_whom": "family", "reason": "Mum starts a new job"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    visit.refresh_from_db()
    assert visit.starts_at == when
    now = timezone.localtime()
    response = client.post(
        visits_url(family["case"], f"{visit.pk}/cancel/"),
        {
            "by_whom": "worker",
            "reason": "I am on a training course",
            "told_on_day": now.day,
            "told_on_month": now.month,
            "told_on_year": now.year,
            "told_time": now.strftime("%H:%M"),
        },
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.outcome == "cancelled"
    assert client.get(visits_url(family["case"], f"{visit.pk}/move/")).status_code == 404
    page = client.get(visits_url(family["case"])).content.decode()
    assert "Cancelled by the worker" in page and "I am on a training course" in page


def test_after_each_change_the_page_shows_what_the_family_is_sent_with_its_reading(family):
    client = staff_client(family["worker"])
    when = next_weekday(2, hour=14)
    client.post(visits_url(family["case"], "new/"), plan_post(when, worker=family["worker"].pk))
    visit = Visit.objects.get(case=family["case"])
    page = client.get(visits_url(family["case"])).content.decode()
    sent = words.planned(visit)
    assert "What the family is sent" in page and "12 Mill Lane, Leeds" in page
    assert f"Reading score: grade {read(sent).grade:.1f}" in page
    assert "What the family is sent" not in client.get(visits_url(family["case"])).content.decode()

    client.post(
        visits_url(family["case"], f"{visit.pk}/move/"),
        {**plan_post(when + datetime.timedelta(days=7)), "by_whom": "family", "reason": "New job"},
    )
    visit.refresh_from_db()
    page = client.get(visits_url(family["case"])).content.decode()
    sent = words.moved(visit, visit.moves.get())
    assert "Why it moved: New job" in page
    assert f"Reading score: grade {read(sent).grade:.1f}" in page

    now = timezone.localtime()
    client.post(
        visits_url(family["case"], f"{visit.pk}/cancel/"),
        {
            "by_whom": "worker",
            "reason": "The core group moved",
            "told_on_day": now.day,
            "told_on_month": now.month,
            "told_on_year": now.year,
            "told_time": now.strftime("%H:%M"),
        },
    )
    visit.refresh_from_db()
    page = client.get(visits_url(family["case"])).content.decode()
    assert "Why: The core group moved" in page
    assert f"Reading score: grade {read(words.cancelled(visit)).grade:.1f}" in page
    assert "A small group of your family and workers." in page  # core group, plainly


def test_visits_pages_follow_the_policy(cast):
    from alongside.cases.services import break_glass_open

    visit = plan(cast["case"], cast["worker"])
    case = cast["case"]
    forms = [
        visits_url(case, "new/"),
        visits_url(case, f"{visit.pk}/move/"),
        visits_url(case, f"{visit.pk}/cancel/"),
        visits_url(case, f"{visit.pk}/outcome/"),
    ]
    for who in ("worker", "colleague", "manager"):
        client = staff_client(cast[who])
        assert client.get(visits_url(case)).status_code == 200, who
        for url in forms:
            assert client.get(url).status_code == 200, (who, url)
    for who in ("other_worker", "other_manager"):
        client = staff_client(cast[who])
        assert client.get(visits_url(case)).status_code == 404, who
        for url in forms:
            assert client.post(url, {}).status_code == 404, (who, url)
    parent = Client()
    parent.force_login(cast["parent"])
    assert parent.get(visits_url(case)).status_code == 404
    break_glass_open(
        user=cast["other_worker"],
        case=case,
        reason_kind="duty",
        reason="Duty desk call about the child tonight",
        mfa_at=timezone.now(),
    )
    glass = staff_client(cast["other_worker"])
    page = glass.get(visits_url(case))
    assert page.status_code == 200 and "Plan a visit" not in page.content.decode()
    for url in forms:
        assert glass.get(url).status_code == 403, url
        assert glass.post(url, {}).status_code == 403, url
    assert Visit.objects.get().outcome == ""


def test_a_visit_from_another_case_is_not_found(cast):
    other = CaseFactory(team=cast["team_a"], worker=cast["worker"])
    visit = plan(other, cast["worker"])
    client = staff_client(cast["worker"])
    assert client.get(visits_url(cast["case"], f"{visit.pk}/cancel/")).status_code == 404


def test_the_visits_page_takes_the_same_queries_for_one_visit_or_many(cast):
    client = staff_client(cast["worker"])
    plan(cast["case"], cast["worker"])
    late(
        cast["case"],
        cast["worker"],
        Side.FAMILY,
        starts_at=timezone.now() - datetime.timedelta(days=3),
    )
    with CaptureQueriesContext(connection) as few:
        client.get(visits_url(cast["case"]))
    for n in range(4):
        plan(cast["case"], cast["colleague"], starts_at=next_weekday(n, weeks=2))
        cancelled(
            cast["case"],
            cast["colleague"],
            Side.WORKER,
            notice=datetime.timedelta(hours=2),
            starts_at=timezone.now() - datetime.timedelta(days=n + 1),
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(visits_url(cast["case"]))
    assert response.status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


# --- The reliability page -------------------------------------------------------------------


def test_a_worker_sees_their_own_figures_side_by_side(cast):
    recent = timezone.now() - datetime.timedelta(days=10)
    late(cast["case"], cast["worker"], Side.FAMILY, starts_at=recent)
    late(cast["case"], cast["colleague"], Side.WORKER, starts_at=recent)
    page = staff_client(cast["worker"]).get("/staff/reliability/").content.decode()
    assert (
        "Your visits" in page and "Caused by the worker" in page and "Caused by the family" in page
    )
    assert cast["colleague"].full_name not in page


def test_a_manager_sees_every_worker_in_the_team_and_the_team_total(cast):
    recent = timezone.now() - datetime.timedelta(days=10)
    late(cast["case"], cast["worker"], Side.WORKER, starts_at=recent)
    late(cast["case"], cast["colleague"], Side.FAMILY, starts_at=recent)
    late(cast["case"], cast["other_worker"], Side.WORKER, starts_at=recent)
    response = staff_client(cast["manager"]).get("/staff/reliability/")
    page = response.content.decode()
    assert response.status_code == 200
    assert cast["worker"].full_name in page and cast["colleague"].full_name in page
    assert cast["other_worker"].full_name not in page
    assert "Team total" in page and "Team A" in page
    teams = response.context["teams"]
    assert teams[0].totals.worker.late == 1 and teams[0].totals.family.late == 1


def test_the_period_can_be_chosen_and_a_wrong_period_is_explained(cast):
    late(cast["case"], cast["worker"], Side.WORKER)  # PAST_DAY, long ago
    client = staff_client(cast["worker"])
    default = client.get("/staff/reliability/")
    assert default.context["mine"].planned == 0
    chosen = client.get(
        "/staff/reliability/",
        {
            "period_start_day": 1,
            "period_start_month": 3,
            "period_start_year": 2025,
            "period_end_day": 31,
            "period_end_month": 3,
            "period_end_year": 2025,
        },
    )
    assert chosen.context["mine"].planned == 1 and chosen.context["mine"].worker.late == 1
    wrong = client.get(
        "/staff/reliability/",
        {
            "period_start_day": 31,
            "period_start_month": 3,
            "period_start_year": 2025,
            "period_end_day": 1,
            "period_end_month": 3,
            "period_end_year": 2025,
        },
    )
    assert "The end date must be on or after the start date" in wrong.content.decode()


def test_the_reliability_page_is_for_caseworkers_and_managers_only(cast):
    assert staff_client(cast["chair"]).get("/staff/reliability/").status_code == 404
    parent = Client()
    parent.force_login(cast["parent"])
    assert parent.get("/staff/reliability/").status_code == 404


def test_the_manager_page_takes_the_same_queries_for_one_worker_or_many(cast):
    client = staff_client(cast["manager"])
    recent = timezone.now() - datetime.timedelta(days=5)
    late(cast["case"], cast["worker"], Side.WORKER, starts_at=recent)
    with CaptureQueriesContext(connection) as few:
        client.get("/staff/reliability/")
    for _ in range(4):
        extra = UserFactory(team=cast["team_a"], role=Role.FAMILY_SUPPORT_WORKER)
        late(cast["case"], extra, Side.FAMILY, starts_at=recent)
    with CaptureQueriesContext(connection) as many:
        client.get("/staff/reliability/")
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


# --- The family portal ------------------------------------------------------------------------


def family_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_family_sees_what_is_coming_and_the_figures_both_ways(cast):
    visit = plan(cast["case"], cast["worker"], what_to_bring="Sam's red book")
    recent = timezone.now() - datetime.timedelta(days=10)
    late(cast["case"], cast["worker"], Side.WORKER, starts_at=recent)
    cancelled(
        cast["case"],
        cast["worker"],
        Side.FAMILY,
        notice=datetime.timedelta(days=2),
        starts_at=recent,
    )
    response = family_client(cast["parent"]).get(f"/portal/children/{cast['case'].pk}/visits/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Home visit" in page and visit.place in page and "Sam&#x27;s red book" in page
    assert visit.purpose_for_family in page and cast["worker"].full_name in page
    assert "Who you can bring" in page and "Your sister, if you want" in page
    figures = response.context["figures"]
    assert figures.worker.late == 1 and figures.family.cancelled == 1
    assert figures.worker.cancelled == 0 and figures.family.late == 0
    assert "Caused by the worker" in page and "Caused by the family" in page
    workers = response.context["workers"]
    assert [w for w, _ in workers] == [cast["worker"]]


def test_a_cancelled_visit_shows_as_cancelled_with_the_reason(cast):
    visit = plan(cast["case"], cast["worker"])
    services.visit_cancel(visit=visit, by_whom="worker", reason="I am unwell", by=cast["worker"])
    page = family_client(cast["parent"]).get(f"/portal/children/{cast['case'].pk}/visits/")
    assert "Cancelled" in page.content.decode() and "I am unwell" in page.content.decode()


def test_the_portal_visits_page_follows_the_policy(cast):
    url = f"/portal/children/{cast['case'].pk}/visits/"
    assert family_client(cast["young_person"]).get(url).status_code == 200
    assert family_client(cast["other_parent"]).get(url).status_code == 404
    staff = staff_client(cast["worker"])
    assert staff.get(url).status_code == 302
    assert Client().get(url).status_code == 302


def test_the_portal_page_takes_the_same_queries_for_one_visit_or_many(cast):
    client = family_client(cast["parent"])
    url = f"/portal/children/{cast['case'].pk}/visits/"
    plan(cast["case"], cast["worker"])
    client.get(url)  # the first request of a session writes its start time: not counted
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    other_team_worker = UserFactory(team=TeamFactory(), role=Role.SOCIAL_WORKER)
    for n in range(4):
        plan(cast["case"], cast["colleague"], starts_at=next_weekday(n, weeks=2))
        plan(cast["case"], other_team_worker, starts_at=next_weekday(n, weeks=3))
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


# --- Plain words ----------------------------------------------------------------------------


def short_names(cast) -> None:
    """Short fixed names: the checks measure our own words, not the names in them."""
    for person, first, last in (
        (cast["parent"].person, "Jo", "Lee"),
        (cast["case"].child, "Sam", "Lee"),
    ):
        person.first_names, person.last_name = first, last
        person.save()
    cast["worker"].full_name = "Kim Day"
    cast["worker"].save()


def test_what_the_family_is_told_reads_at_about_age_nine(cast):
    from alongside.plain.readability import TARGET_GRADE, read

    short_names(cast)
    visit = plan(cast["case"], cast["worker"], purpose_for_family="To see how Sam is.")
    new = visit.starts_at + datetime.timedelta(days=2)
    services.visit_reschedule(
        visit=visit,
        starts_at=new,
        ends_at=new + datetime.timedelta(hours=1),
        by_whom=Side.WORKER,
        reason="I am ill.",
        by=cast["worker"],
    )
    services.visit_cancel(visit=visit, by_whom=Side.FAMILY, reason="Sam is ill.", by=cast["worker"])
    for message in Message.objects.filter(
        purpose__startswith="visit_", to_address=cast["parent"].email
    ):
        reading = read(message.body)
        assert reading.grade <= TARGET_GRADE + 1, (message.purpose, reading.grade, message.body)
        assert not reading.unexplained, (message.purpose, reading.unexplained)


def test_the_portal_visits_page_reads_plainly(cast):
    from alongside.plain.readability import TARGET_GRADE, read
    from tests.test_plain_words import visible_text

    short_names(cast)
    plan(cast["case"], cast["worker"], purpose_for_family="To see how Sam is.")
    response = family_client(cast["parent"]).get(f"/portal/children/{cast['case'].pk}/visits/")
    text = " ".join(visible_text(response.content.decode()).split())
    reading = read(text)
    assert reading.grade <= TARGET_GRADE + 1, (reading.grade, text[:500])
    assert not reading.unexplained, reading.unexplained


def test_the_next_visit_of_many_cases_comes_in_one_query(cast, django_assert_num_queries):
    other = CaseFactory(team=cast["team_a"], worker=cast["worker"])
    later = plan(cast["case"], cast["worker"], starts_at=next_weekday(3, weeks=2))
    sooner = plan(cast["case"], cast["worker"], starts_at=next_weekday(3))
    services.visit_cancel(visit=sooner, by_whom="family", reason="Away", by=cast["worker"])
    theirs = plan(other, cast["worker"])
    from alongside.visits.selectors import next_visits_for_cases

    with django_assert_num_queries(1):
        found = next_visits_for_cases([cast["case"].pk, other.pk])
        assert {k: v.pk for k, v in found.items()} == {
            cast["case"].pk: later.pk,
            other.pk: theirs.pk,
        }
        assert found[other.pk].worker.full_name
