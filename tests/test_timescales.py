"""Timescales: working days, rules as data, the deadline engine and the rules page."""

from __future__ import annotations

import datetime
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import ProgrammingError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from alongside.timescales import events as ev
from alongside.timescales.calendar import (
    add_months,
    add_weeks,
    add_working_days,
    bank_holidays,
    is_working_day,
    subtract_working_days,
    working_days_between,
)
from alongside.timescales.engine import (
    Deadline,
    Direction,
    Event,
    RuleSpec,
    Status,
    Unit,
    compute_deadlines,
    describe_count,
)
from alongside.timescales.models import TimescaleRule
from alongside.timescales.selectors import rule_spec, rule_specs
from tests.conftest import staff_client

D = datetime.date

# ---------------------------------------------------------------------------
# Working days


# England and Wales bank holidays from the domain reference, §0.3.
DOMAIN_BANK_HOLIDAYS = {
    2022: "3 Jan, 15 Apr, 18 Apr, 2 May, 2 Jun, 3 Jun, 29 Aug, 19 Sep, 26 Dec, 27 Dec",
    2023: "2 Jan, 7 Apr, 10 Apr, 1 May, 8 May, 29 May, 28 Aug, 25 Dec, 26 Dec",
    2024: "1 Jan, 29 Mar, 1 Apr, 6 May, 27 May, 26 Aug, 25 Dec, 26 Dec",
    2025: "1 Jan, 18 Apr, 21 Apr, 5 May, 26 May, 25 Aug, 25 Dec, 26 Dec",
    2026: "1 Jan, 3 Apr, 6 Apr, 4 May, 25 May, 31 Aug, 25 Dec, 28 Dec",
    2027: "1 Jan, 26 Mar, 29 Mar, 3 May, 31 May, 30 Aug, 27 Dec, 28 Dec",
}


@pytest.mark.parametrize("year", sorted(DOMAIN_BANK_HOLIDAYS))
def test_weekday_bank_holidays_match_the_gov_uk_list(year):
    expected = {
        datetime.datetime.strptime(f"{text} {year}", "%d %b %Y").date()
        for text in DOMAIN_BANK_HOLIDAYS[year].split(", ")
    }
    weekday_holidays = {d for d in bank_holidays(year) if d.weekday() < 5}
    assert weekday_holidays == expected
    assert not any(is_working_day(d) for d in expected)


def test_weekends_are_not_working_days_and_ordinary_weekdays_are():
    assert not is_working_day(D(2024, 1, 6))  # Saturday
    assert not is_working_day(D(2024, 1, 7))  # Sunday
    assert is_working_day(D(2024, 1, 8))


def test_day_zero_is_the_start_and_one_working_day_after_friday_is_monday():
    assert add_working_days(D(2024, 1, 12), 0) == D(2024, 1, 12)
    assert add_working_days(D(2024, 1, 12), 1) == D(2024, 1, 15)


def test_a_start_on_a_weekend_counts_the_next_working_day_as_day_one():
    assert add_working_days(D(2024, 1, 13), 1) == D(2024, 1, 15)


def test_working_days_skip_easter_and_substitute_days():
    assert add_working_days(D(2023, 4, 6), 1) == D(2023, 4, 11)  # Good Friday, Easter Monday
    assert add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 29)  # Boxing Day substitute
    assert add_working_days(D(2027, 12, 24), 1) == D(2027, 12, 29)  # two substitute days


def test_subtract_working_days_counts_back_over_holidays():
    # Report 3 working days before a Thursday conference after Easter 2023.
    assert subtract_working_days(D(2023, 4, 13), 3) == D(2023, 4, 6)
    assert subtract_working_days(D(2024, 1, 19), 0) == D(2024, 1, 19)


def test_working_days_between_counts_days_after_the_first_up_to_the_second():
    assert working_days_between(D(2023, 12, 22), D(2023, 12, 27)) == 1
    assert working_days_between(D(2023, 12, 27), D(2023, 12, 22)) == -1
    assert working_days_between(D(2024, 1, 8), D(2024, 1, 8)) == 0


def test_negative_working_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2024, 1, 8), -1)
    with pytest.raises(ValueError):
        subtract_working_days(D(2024, 1, 8), -1)


def test_months_clamp_to_the_end_of_a_shorter_month():
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2023, 1, 31), 1) == D(2023, 2, 28)
    assert add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)
    assert add_months(D(2023, 8, 31), 6) == D(2024, 2, 29)
    assert add_months(D(2023, 11, 15), 3) == D(2024, 2, 15)
    assert add_months(D(2024, 3, 31), -1) == D(2024, 2, 29)


def test_weeks_are_seven_days_each():
    assert add_weeks(D(2024, 1, 1), 26) == D(2024, 7, 1)


dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2060, 12, 31))
working_dates = dates.filter(is_working_day)
counts = st.integers(min_value=0, max_value=120)


@given(dates, st.integers(min_value=1, max_value=120))
def test_adding_working_days_never_lands_on_a_weekend_or_bank_holiday(start, n):
    due = add_working_days(start, n)
    assert due.weekday() < 5 and due not in bank_holidays(due.year)


@given(dates, st.integers(min_value=1, max_value=120))
def test_subtracting_working_days_never_lands_on_a_weekend_or_bank_holiday(d, n):
    assert is_working_day(subtract_working_days(d, n))


@given(dates, dates, counts)
def test_adding_working_days_is_monotone_in_the_start(a, b, n):
    a, b = min(a, b), max(a, b)
    assert add_working_days(a, n) <= add_working_days(b, n)


@given(dates, counts, counts)
def test_adding_more_working_days_is_later(start, n, m):
    assume(n != m)
    n, m = min(n, m), max(n, m)
    assert add_working_days(start, n) < add_working_days(start, m)


@given(working_dates, counts)
def test_add_then_subtract_round_trips_from_a_working_day(start, n):
    assert subtract_working_days(add_working_days(start, n), n) == start
    assert add_working_days(subtract_working_days(start, n), n) == start


@given(dates, counts)
def test_working_days_between_undoes_adding(start, n):
    assert working_days_between(start, add_working_days(start, n)) == n


@given(dates, st.integers(min_value=-48, max_value=48))
def test_adding_months_keeps_the_day_or_clamps_to_the_month_end(d, n):
    result = add_months(d, n)
    assert (result.year * 12 + result.month) - (d.year * 12 + d.month) == n
    if result.day != d.day:
        assert result.day < d.day
        assert (result + datetime.timedelta(days=1)).day == 1


# Leap years from 2000 to 2060 (2000 is one: divisible by 400), drawn directly rather than
# filtered, so Hypothesis never rejects most of what it draws.
leap_years = st.integers(min_value=500, max_value=515).map(lambda k: 4 * k)


@given(leap_years, st.integers(min_value=-24, max_value=24))
def test_29_february_goes_to_28_february_in_ordinary_years(year, n):
    assert year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    result = add_months(D(year, 2, 29), n)
    if result.month == 2:
        leap = result.year % 4 == 0 and (result.year % 100 != 0 or result.year % 400 == 0)
        assert result.day == (29 if leap else 28)
    else:
        assert result.day == 29


# ---------------------------------------------------------------------------
# Rules as data


@pytest.fixture
def rules(db, statutory_rules) -> dict[str, RuleSpec]:
    """Every rule the data migration loaded, paused ones included, as the engine sees them."""
    return {rule.code: rule_spec(rule) for rule in TimescaleRule.objects.all()}


def test_the_migration_loads_the_ten_rules(rules):
    assert sorted(rules) == [
        "T01", "T03", "T06", "T07", "T08", "T10", "T11", "T12", "T13", "T15",
    ]  # fmt: skip
    assert rules["T06"].start_events == (ev.ICPC_NEEDED,)
    assert rules["T06"].amount == 15 and rules["T06"].unit == Unit.WORKING_DAYS
    assert rules["T10"].start_events == (ev.CP_PLAN_STARTED, ev.CP_VISIT)
    assert rules["T10"].recurring and rules["T12"].recurring
    assert rules["T13"].direction == Direction.BEFORE and rules["T13"].amount == 5
    assert rules["T11"].unit == Unit.MONTHS and rules["T12"].amount == 6


@pytest.mark.django_db
def test_every_rule_has_a_source_a_description_and_known_events():
    for rule in TimescaleRule.objects.all():
        assert rule.source and rule.description and rule.kind
        named = {*rule.start_events, rule.end_event, *rule.stop_events}
        assert named <= ev.ALL, (rule.code, named - ev.ALL)


@pytest.mark.django_db
def test_sources_follow_the_domain_reference():
    by_code = {r.code: r for r in TimescaleRule.objects.all()}
    assert "Working Together to Safeguard Children 2023" in by_code["T01"].source
    assert "2018" in by_code["T08"].source
    assert by_code["T07"].kind == by_code["T10"].kind == by_code["T15"].kind == "local"
    assert by_code["T03"].kind == "statutory_guidance"


@pytest.mark.django_db
def test_report_sharing_clocks_run_now_reports_are_recorded():
    # meetings.ReportShare records sharing; timescales migration 0004 switched T07/T13 back on.
    assert {"T07", "T13"} <= {spec.code for spec in rule_specs()}


@pytest.mark.django_db
def test_inactive_rules_are_left_out_of_the_engine():
    TimescaleRule.objects.filter(code="T15").update(active=False)
    assert "T15" not in {spec.code for spec in rule_specs()}


@pytest.mark.django_db
def test_rules_cannot_be_deleted():
    with pytest.raises(ProgrammingError, match="Cannot delete"), transaction.atomic():
        TimescaleRule.objects.filter(code="T01").delete()


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "timescales", "--check", "--dry-run", stdout=StringIO())


def test_counts_read_as_plain_words():
    assert describe_count(Unit.WORKING_DAYS, 15, Direction.AFTER) == "15 working days after"
    assert describe_count(Unit.WORKING_DAYS, 1, Direction.AFTER) == "1 working day after"
    assert describe_count(Unit.MONTHS, 3, Direction.AFTER) == "3 months after"
    assert describe_count(Unit.WORKING_DAYS, 3, Direction.BEFORE) == "3 working days before"


# ---------------------------------------------------------------------------
# The engine, rule by rule


def only(rules, code, events, today, **kwargs) -> list[Deadline]:
    return compute_deadlines([rules[code]], events, today, **kwargs)


def one(rules, code, events, today, **kwargs) -> Deadline:
    (deadline,) = only(rules, code, events, today, **kwargs)
    return deadline


def test_t01_referral_on_friday_before_christmas_is_due_the_wednesday_after(rules):
    d = one(rules, "T01", [Event(ev.REFERRAL_RECEIVED, D(2023, 12, 22), "ref-1")], D(2023, 12, 22))
    assert (d.started_on, d.due_on, d.ref) == (D(2023, 12, 22), D(2023, 12, 27), "ref-1")
    assert d.status == Status.DUE_SOON and d.met_on is None


def test_t01_decision_on_the_same_day_meets_it(rules):
    events = [Event(ev.REFERRAL_DECIDED, D(2024, 1, 8)), Event(ev.REFERRAL_RECEIVED, D(2024, 1, 8))]
    d = one(rules, "T01", events, D(2024, 3, 1))
    assert (d.status, d.met_on) == (Status.MET_ON_TIME, D(2024, 1, 8))


def test_t01_decision_after_the_deadline_is_met_late(rules):
    events = [
        Event(ev.REFERRAL_RECEIVED, D(2023, 12, 22)),
        Event(ev.REFERRAL_DECIDED, D(2023, 12, 28)),
    ]
    d = one(rules, "T01", events, D(2024, 1, 10))
    assert (d.status, d.met_on) == (Status.MET_LATE, D(2023, 12, 28))


def test_t01_is_overdue_the_day_after_the_deadline(rules):
    referral = [Event(ev.REFERRAL_RECEIVED, D(2023, 12, 22))]
    assert one(rules, "T01", referral, D(2023, 12, 27)).status == Status.DUE_SOON
    assert one(rules, "T01", referral, D(2023, 12, 28)).status == Status.OVERDUE


def test_removing_the_decision_makes_the_referral_overdue_again(rules):
    received = Event(ev.REFERRAL_RECEIVED, D(2024, 1, 8))
    decided = Event(ev.REFERRAL_DECIDED, D(2024, 1, 9))
    assert one(rules, "T01", [received, decided], D(2024, 2, 1)).status == Status.MET_ON_TIME
    assert one(rules, "T01", [received], D(2024, 2, 1)).status == Status.OVERDUE


def test_correcting_the_referral_date_moves_the_deadline(rules):
    first = one(rules, "T01", [Event(ev.REFERRAL_RECEIVED, D(2024, 1, 8))], D(2024, 1, 8))
    fixed = one(rules, "T01", [Event(ev.REFERRAL_RECEIVED, D(2024, 1, 5))], D(2024, 1, 8))
    assert (first.due_on, fixed.due_on) == (D(2024, 1, 9), D(2024, 1, 8))


def test_t03_45_working_days_across_christmas_and_new_year(rules):
    d = one(rules, "T03", [Event(ev.REFERRAL_RECEIVED, D(2023, 12, 22))], D(2024, 1, 15))
    assert d.due_on == D(2024, 2, 28)
    assert working_days_between(D(2023, 12, 22), d.due_on) == 45
    assert d.status == Status.DUE


def test_t03_due_soon_within_two_working_days_over_a_weekend(rules):
    referral = [Event(ev.REFERRAL_RECEIVED, D(2023, 12, 22))]
    assert one(rules, "T03", referral, D(2024, 2, 23)).status == Status.DUE  # Fri: 3 WD
    assert one(rules, "T03", referral, D(2024, 2, 25)).status == Status.DUE  # Sun: 3 WD
    assert one(rules, "T03", referral, D(2024, 2, 26)).status == Status.DUE_SOON  # Mon: 2 WD
    assert one(rules, "T03", referral, D(2024, 2, 28)).status == Status.DUE_SOON  # the day
    assert one(rules, "T03", referral, D(2024, 2, 29)).status == Status.OVERDUE


def test_t03_only_the_latest_referral_counts(rules):
    events = [
        Event(ev.REFERRAL_RECEIVED, D(2023, 6, 1)),
        Event(ev.ASSESSMENT_AUTHORISED, D(2023, 7, 1)),
        Event(ev.REFERRAL_RECEIVED, D(2023, 12, 22)),
    ]
    d = one(rules, "T03", events, D(2024, 1, 15))
    assert (d.started_on, d.met_on, d.status) == (D(2023, 12, 22), None, Status.DUE)


def test_t03_stopped_when_the_case_closes_first(rules):
    events = [
        Event(ev.REFERRAL_RECEIVED, D(2024, 1, 8)),
        Event(ev.CASE_CLOSED, D(2024, 1, 20)),
        Event(ev.ASSESSMENT_AUTHORISED, D(2024, 1, 25)),
    ]
    d = one(rules, "T03", events, D(2024, 6, 1))
    assert (d.status, d.stopped_on, d.met_on) == (Status.STOPPED, D(2024, 1, 20), None)
    assert not d.is_open


def test_t06_fifteen_working_days_over_easter(rules):
    d = one(rules, "T06", [Event(ev.ICPC_NEEDED, D(2023, 4, 3))], D(2023, 4, 3))
    assert d.due_on == D(2023, 4, 26)
    held = [Event(ev.ICPC_NEEDED, D(2023, 4, 3)), Event(ev.ICPC_HELD, D(2023, 4, 27))]
    assert one(rules, "T06", held, D(2023, 5, 1)).status == Status.MET_LATE


def test_t07_report_due_three_working_days_before_the_conference(rules):
    scheduled = Event(ev.ICPC_SCHEDULED, D(2023, 4, 13))
    d = one(rules, "T07", [scheduled], D(2023, 3, 20))
    assert (d.started_on, d.due_on, d.status) == (D(2023, 4, 13), D(2023, 4, 6), Status.DUE)
    shared = Event(ev.REPORT_SHARED_INITIAL, D(2023, 4, 5))
    assert one(rules, "T07", [scheduled, shared], D(2023, 4, 13)).status == Status.MET_ON_TIME
    late = Event(ev.REPORT_SHARED_INITIAL, D(2023, 4, 11))
    assert one(rules, "T07", [scheduled, late], D(2023, 4, 13)).status == Status.MET_LATE


def test_t07_a_report_shared_after_the_conference_does_not_count(rules):
    events = [
        Event(ev.ICPC_SCHEDULED, D(2023, 4, 13)),
        Event(ev.REPORT_SHARED_INITIAL, D(2023, 4, 14)),
    ]
    d = one(rules, "T07", events, D(2023, 4, 20))
    assert (d.status, d.met_on) == (Status.OVERDUE, None)


def test_t08_first_core_group_skips_the_coronation_bank_holiday(rules):
    events = [Event(ev.CP_PLAN_STARTED, D(2023, 4, 26)), Event(ev.CORE_GROUP_HELD, D(2023, 5, 12))]
    d = one(rules, "T08", events, D(2023, 6, 1))
    assert (d.due_on, d.status) == (D(2023, 5, 12), Status.MET_ON_TIME)


def test_t08_stops_when_the_plan_ends_before_the_core_group(rules):
    events = [Event(ev.CP_PLAN_STARTED, D(2024, 1, 8)), Event(ev.CP_PLAN_ENDED, D(2024, 1, 10))]
    d = one(rules, "T08", events, D(2024, 3, 1))
    assert (d.status, d.stopped_on) == (Status.STOPPED, D(2024, 1, 10))


def test_t08_met_on_the_day_the_case_closes_counts_as_met(rules):
    events = [
        Event(ev.CP_PLAN_STARTED, D(2024, 1, 8)),
        Event(ev.CASE_CLOSED, D(2024, 1, 12)),
        Event(ev.CORE_GROUP_HELD, D(2024, 1, 12)),
    ]
    d = one(rules, "T08", events, D(2024, 3, 1))
    assert (d.status, d.stopped_on) == (Status.MET_ON_TIME, None)


def test_a_stop_before_the_clock_starts_does_not_stop_it(rules):
    events = [
        Event(ev.CP_PLAN_STARTED, D(2023, 1, 9)),
        Event(ev.CP_PLAN_ENDED, D(2023, 6, 1)),
        Event(ev.CP_PLAN_STARTED, D(2024, 1, 8)),
    ]
    d = one(rules, "T08", events, D(2024, 1, 9))
    assert (d.started_on, d.status) == (D(2024, 1, 8), Status.DUE)


def test_a_plan_ending_and_a_new_one_starting_on_the_same_day(rules):
    events = [Event(ev.CP_PLAN_ENDED, D(2024, 1, 8)), Event(ev.CP_PLAN_STARTED, D(2024, 1, 8))]
    assert one(rules, "T08", events, D(2024, 1, 9)).status == Status.DUE


def test_t10_each_visit_starts_the_next_clock(rules):
    events = [
        Event(ev.CP_PLAN_STARTED, D(2024, 1, 8), "plan"),
        Event(ev.CP_VISIT, D(2024, 1, 19), "v1"),
        Event(ev.CP_VISIT, D(2024, 2, 2), "v2"),
        Event(ev.CP_VISIT, D(2024, 2, 20), "v3"),
    ]
    got = [
        (d.ref, d.started_on, d.due_on, d.met_on, d.status)
        for d in only(rules, "T10", events, D(2024, 2, 21))
    ]
    assert got == [
        ("plan", D(2024, 1, 8), D(2024, 1, 22), D(2024, 1, 19), Status.MET_ON_TIME),
        ("v1", D(2024, 1, 19), D(2024, 2, 2), D(2024, 2, 2), Status.MET_ON_TIME),
        ("v2", D(2024, 2, 2), D(2024, 2, 16), D(2024, 2, 20), Status.MET_LATE),
        ("v3", D(2024, 2, 20), D(2024, 3, 5), None, Status.DUE),
    ]


def test_t10_a_visit_on_the_day_the_plan_starts_starts_one_clock(rules):
    events = [Event(ev.CP_PLAN_STARTED, D(2024, 1, 8)), Event(ev.CP_VISIT, D(2024, 1, 8))]
    d = one(rules, "T10", events, D(2024, 1, 9))
    assert (d.started_on, d.due_on, d.met_on) == (D(2024, 1, 8), D(2024, 1, 22), None)


def test_t10_the_plan_can_set_its_own_visit_frequency(rules):
    plan = [Event(ev.CP_PLAN_STARTED, D(2024, 1, 8))]
    assert one(rules, "T10", plan, D(2024, 1, 8)).due_on == D(2024, 1, 22)
    assert one(rules, "T10", plan, D(2024, 1, 8), overrides={"T10": 5}).due_on == D(2024, 1, 15)
    other = only(rules, "T08", plan, D(2024, 1, 8), overrides={"T10": 5})
    assert other[0].due_on == D(2024, 1, 22)


def test_an_override_of_zero_is_refused(rules):
    with pytest.raises(ValueError):
        compute_deadlines([rules["T10"]], [], D(2024, 1, 8), overrides={"T10": 0})


def test_t10_last_visit_clock_stops_when_the_plan_ends(rules):
    events = [
        Event(ev.CP_PLAN_STARTED, D(2024, 1, 8)),
        Event(ev.CP_VISIT, D(2024, 1, 19)),
        Event(ev.CP_PLAN_ENDED, D(2024, 1, 25)),
    ]
    statuses = [d.status for d in only(rules, "T10", events, D(2024, 3, 1))]
    assert statuses == [Status.MET_ON_TIME, Status.STOPPED]


def test_t11_first_review_three_months_after_the_plan_clamps_to_february(rules):
    d = one(rules, "T11", [Event(ev.CP_PLAN_STARTED, D(2023, 11, 30))], D(2024, 2, 28))
    assert (d.due_on, d.status) == (D(2024, 2, 29), Status.DUE_SOON)


def test_t11_and_t12_chain_through_the_review_conferences(rules):
    events = [
        Event(ev.CP_PLAN_STARTED, D(2023, 5, 31)),
        Event(ev.REVIEW_CONFERENCE_HELD, D(2023, 8, 31), "r1"),
        Event(ev.REVIEW_CONFERENCE_HELD, D(2024, 2, 29), "r2"),
    ]
    got = [
        (d.rule_code, d.started_on, d.due_on, d.met_on, d.status)
        for d in compute_deadlines([rules["T11"], rules["T12"]], events, D(2024, 3, 1))
    ]
    assert got == [
        ("T11", D(2023, 5, 31), D(2023, 8, 31), D(2023, 8, 31), Status.MET_ON_TIME),
        ("T12", D(2023, 8, 31), D(2024, 2, 29), D(2024, 2, 29), Status.MET_ON_TIME),
        ("T12", D(2024, 2, 29), D(2024, 8, 29), None, Status.DUE),
    ]


def test_t12_late_review_is_met_late_and_the_next_counts_from_it(rules):
    events = [
        Event(ev.REVIEW_CONFERENCE_HELD, D(2023, 8, 31)),
        Event(ev.REVIEW_CONFERENCE_HELD, D(2024, 3, 4)),
    ]
    first, second = only(rules, "T12", events, D(2024, 9, 5))
    assert (first.status, second.due_on, second.status) == (
        Status.MET_LATE,
        D(2024, 9, 4),
        Status.OVERDUE,
    )


def test_t12_stops_when_the_plan_ends(rules):
    events = [
        Event(ev.REVIEW_CONFERENCE_HELD, D(2023, 8, 31)),
        Event(ev.CP_PLAN_ENDED, D(2023, 8, 31)),
    ]
    assert one(rules, "T12", events, D(2024, 6, 1)).status == Status.STOPPED


def test_t13_each_review_has_its_own_report_deadline_across_christmas(rules):
    events = [
        Event(ev.REPORT_SHARED_REVIEW, D(2023, 6, 20)),
        Event(ev.REVIEW_SCHEDULED, D(2023, 6, 30), "r1"),
        Event(ev.REVIEW_SCHEDULED, D(2024, 1, 2), "r2"),
    ]
    first, second = only(rules, "T13", events, D(2023, 12, 20))
    assert (first.ref, first.due_on, first.status) == ("r1", D(2023, 6, 23), Status.MET_ON_TIME)
    # The June report does not count for January; 5 WD before 2 Jan skips 3 holidays.
    assert (second.ref, second.due_on, second.status) == ("r2", D(2023, 12, 21), Status.DUE_SOON)


def test_t15_review_chain_for_a_child_in_need_plan(rules):
    events = [
        Event(ev.CIN_PLAN_STARTED, D(2024, 1, 31)),
        Event(ev.CIN_PLAN_REVIEWED, D(2024, 4, 15)),
    ]
    got = [(d.due_on, d.status) for d in only(rules, "T15", events, D(2024, 7, 16))]
    assert got == [(D(2024, 4, 30), Status.MET_ON_TIME), (D(2024, 7, 15), Status.OVERDUE)]
    ended = [*events, Event(ev.CIN_PLAN_ENDED, D(2024, 6, 1))]
    assert only(rules, "T15", ended, D(2024, 7, 16))[-1].status == Status.STOPPED


def test_a_rule_with_no_start_event_gives_no_deadline(rules):
    assert compute_deadlines(list(rules.values()), [], D(2024, 1, 8)) == []


def test_deadlines_come_soonest_first(rules):
    events = [Event(ev.REFERRAL_RECEIVED, D(2024, 1, 8)), Event(ev.CP_PLAN_STARTED, D(2024, 1, 8))]
    due = [d.due_on for d in compute_deadlines(list(rules.values()), events, D(2024, 1, 8))]
    assert due == sorted(due)


# ---------------------------------------------------------------------------
# The engine, properties

event_names = st.sampled_from(sorted(ev.ALL))
event_dates = st.dates(min_value=D(2022, 1, 1), max_value=D(2028, 12, 31))
event_lists = st.lists(
    st.builds(Event, name=event_names, on=event_dates, ref=st.text(max_size=3)), max_size=12
)
working_day_rules = st.builds(
    RuleSpec,
    code=st.just("X01"),
    name=st.just("Generated"),
    start_events=st.lists(event_names, min_size=1, max_size=2, unique=True).map(tuple),
    end_event=event_names,
    unit=st.just(Unit.WORKING_DAYS),
    amount=st.integers(min_value=1, max_value=60),
    direction=st.sampled_from(Direction),
    stop_events=st.lists(event_names, max_size=2, unique=True).map(tuple),
    recurring=st.booleans(),
    due_soon_working_days=st.integers(min_value=0, max_value=5),
)


@given(working_day_rules, event_lists, event_dates)
def test_working_day_deadlines_never_fall_on_a_weekend_or_bank_holiday(rule, events, today):
    for d in compute_deadlines([rule], events, today):
        assert is_working_day(d.due_on)


# The rules fixture is read once per test and never changed by an example.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(event_lists, event_dates, event_dates, st.text(min_size=1, max_size=8))
def test_an_unrelated_event_never_changes_a_deadline(rules, events, today, on, suffix):
    unrelated = Event(f"unrelated_{suffix}", on)
    specs = list(rules.values())
    before = compute_deadlines(specs, events, today)
    for position in (0, len(events)):
        changed = [*events[:position], unrelated, *events[position:]]
        assert compute_deadlines(specs, changed, today) == before


# The rules fixture is read once per test and never changed by an example.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(event_lists, event_dates, st.randoms(use_true_random=False))
def test_the_order_of_events_on_different_days_does_not_matter(rules, events, today, rnd):
    by_day = {e.on: e for e in events}  # one event a day
    shuffled = list(by_day.values())
    rnd.shuffle(shuffled)
    specs = list(rules.values())
    assert compute_deadlines(specs, shuffled, today) == compute_deadlines(
        specs, sorted(by_day.values(), key=lambda e: e.on), today
    )


@given(working_day_rules, event_lists, event_dates)
def test_statuses_agree_with_the_dates(rule, events, today):
    for d in compute_deadlines([rule], events, today):
        if d.status == Status.STOPPED:
            assert d.met_on is None and d.stopped_on is not None
            continue
        assert d.stopped_on is None
        if d.met_on is not None:
            assert d.status == (Status.MET_ON_TIME if d.met_on <= d.due_on else Status.MET_LATE)
        elif today > d.due_on:
            assert d.status == Status.OVERDUE
        else:
            assert d.status in (Status.DUE, Status.DUE_SOON)
        if rule.direction == Direction.AFTER:
            assert d.due_on > d.started_on
            assert d.met_on is None or d.met_on >= d.started_on
        else:
            assert d.due_on < d.started_on
            assert d.met_on is None or d.met_on <= d.started_on


# ---------------------------------------------------------------------------
# The rules page


def test_worker_sees_every_rule_with_its_count_and_source(cast):
    response = staff_client(cast["worker"]).get("/staff/timescales/")
    assert response.status_code == 200
    html = response.content.decode()
    for rule in TimescaleRule.objects.all():
        assert f">{rule.code}<" in html
        assert rule.count_text in html
    assert "15 working days after" in html
    assert "3 working days before" in html
    assert "Working Together to Safeguard Children 2023, chapter 3" in html
    assert 'aria-labelledby="rules-caption"' in html and 'id="rules-caption"' in html
    assert 'role="region"' in html and 'tabindex="0"' in html
    assert len(re.findall(r'<th scope="col"', html)) == 7


def test_inactive_rules_are_listed_and_marked(cast):
    TimescaleRule.objects.filter(code="T15").update(active=False)
    html = staff_client(cast["worker"]).get("/staff/timescales/").content.decode()
    assert ">T15<" in html and "Not in use" in html


def test_the_rules_page_takes_the_same_queries_however_many_rules(cast):
    client = staff_client(cast["worker"])
    with CaptureQueriesContext(connection) as ten:
        client.get("/staff/timescales/")
    TimescaleRule.objects.create(
        code="L01",
        name="Local check",
        description="A local check.",
        start_events=[ev.CASE_CLOSED],
        end_event=ev.CASE_CLOSED,
        unit="weeks",
        amount=4,
        source="Local procedure",
        kind="local",
    )
    with CaptureQueriesContext(connection) as eleven:
        response = client.get("/staff/timescales/")
    assert "4 weeks after" in response.content.decode()
    assert len(eleven) == len(ten)


def test_signed_out_visitors_are_sent_to_sign_in(db):
    response = Client().get("/staff/timescales/")
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_family_members_cannot_see_the_rules_page(cast):
    client = Client()
    client.force_login(cast["parent"])
    assert client.get("/staff/timescales/").status_code == 404
