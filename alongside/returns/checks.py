"""The CIN census checks, in words a worker understands, with where to fix each one.

Each check is a DfE CIN census validation rule (the code is the DfE rule number, as
the data-to-insight validator ``csc-validator-be-cin`` implements it; a ``Q`` ends
the code of a query, which the council may explain rather than correct). They run on
the same ``CensusChild`` the return is written from, so the record shows exactly
what the return would carry. Clocks run to the reference date for a finished year
and to today for the year in progress.

Not every DfE rule is here: rules about the whole return (2883, 2886Q, 2887Q, 2888Q)
and ones the database already makes impossible are left to the validator.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.urls import reverse

from alongside.cases.models import ClosureReason
from alongside.journey.codes import AbuseCategory, AssessmentFactor, PrimaryNeed, ReferralSource
from alongside.people.codes import Disability
from alongside.people.identifiers import validate_upn
from alongside.returns.census import (
    AssessmentRow,
    CensusChild,
    Episode,
    Period,
    school_age_born_by,
)
from alongside.timescales.calendar import add_months, subtract_working_days

ERROR = "error"
QUERY = "query"
CHILD_EDIT = "staff:child-edit"
JOURNEY = "staff:journey"


def _la_codes() -> frozenset[str]:
    """LA and pseudo-LA codes DfE accepts as characters 2 to 4 of a UPN (rule 1530)."""
    ranges = [
        (1, 5), (201, 213), (301, 320), (330, 336), (340, 344), (350, 359), (370, 373),
        (380, 384), (390, 394), (660, 681), (701, 708), (800, 803), (805, 808), (810, 813),
        (820, 823), (835, 839), (850, 852), (855, 857), (865, 896), (935, 938), (940, 941),
    ]  # fmt: skip
    singles = [
        420, 815, 816, 825, 826, 830, 831, 840, 841, 845, 846, 860, 861, 908, 909, 916, 919,
        921, 925, 926, 928, 929, 931, 933, 942, 943,
    ]  # fmt: skip
    codes = {n for low, high in ranges for n in range(low, high + 1)} | set(singles)
    return frozenset(f"{n:03d}" for n in codes)


LA_CODES = _la_codes()


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    title: str


RULES: dict[str, Rule] = {
    r.code: r
    for r in [
        Rule("1510", ERROR, "Unique pupil number is not right"),
        Rule("1530", ERROR, "Unique pupil number has no known council code"),
        Rule("1560Q", QUERY, "Former unique pupil number is not in the right form"),
        Rule("1570", ERROR, "Council id is longer than 20 characters"),
        Rule("1580", ERROR, "Council id has characters other than letters and digits"),
        Rule("8770Q", QUERY, "School-age child with no unique pupil number"),
        Rule("8750", ERROR, "Sex of an unborn child is not 'not known'"),
        Rule("8525Q", QUERY, "No date of birth or expected date of birth"),
        Rule("8530Q", QUERY, "Expected date of birth is far from the census date"),
        Rule("8540", ERROR, "Disability not recorded"),
        Rule("8790", ERROR, "'No disability' recorded with a disability"),
        Rule("8585Q", QUERY, "Closed because the child died, with no date of death"),
        Rule("8866", ERROR, "Referral source missing or not a DfE code"),
        Rule("8610", ERROR, "Primary need missing or not a DfE code"),
        Rule("8831", ERROR, "Work recorded on a referral with no further action"),
        Rule("8805", ERROR, "Closure date and reason do not go together"),
        Rule("8825Q", QUERY, "Closed after assessment, but no assessment"),
        Rule("2990", ERROR, "Closed after assessment, but more work was recorded"),
        Rule("8867", ERROR, "Episode closed with an assessment still open"),
        Rule("8868", ERROR, "Episode closed with a section 47 enquiry not concluded"),
        Rule("8897Q", QUERY, "Authorised assessment without factors"),
        Rule("8869", ERROR, "'No factors identified' chosen with other factors"),
        Rule("8736", ERROR, "Open assessment started before the census year"),
        Rule("8670Q", QUERY, "Assessment open for more than 45 working days"),
        Rule("8740", ERROR, "Section 47 enquiry from before the census year with no conference"),
        Rule("8675Q", QUERY, "Section 47 enquiry with no conference after 15 working days"),
        Rule("2991Q", QUERY, "Section 47 enquiry with no assessment in the episode"),
        Rule("8870Q", QUERY, "Conference target date falls at a weekend"),
        Rule("8875", ERROR, "Initial conference held at a weekend"),
        Rule("2885", ERROR, "Child protection plan does not start on a conference day"),
        Rule("8840", ERROR, "Child protection plan starts and ends on the same day"),
        Rule("8841", ERROR, "Review conference on or before the plan started"),
        Rule("4001", ERROR, "Child in need plan open during a child protection plan"),
        Rule("1103", ERROR, "Work dated before the referral"),
    ]
}


@dataclass(frozen=True)
class Problem:
    """One thing the census would reject or query, about one record."""

    code: str
    message: str
    fix: str
    url_name: str
    url_kwargs: tuple[tuple[str, int], ...]
    record: str
    record_id: int
    person_id: int
    case_id: int
    case_reference: str
    la_child_id: str
    year: int

    @property
    def rule(self) -> Rule:
        return RULES[self.code]

    @property
    def severity(self) -> str:
        return self.rule.severity

    @property
    def title(self) -> str:
        return self.rule.title

    @property
    def url(self) -> str:
        return reverse(self.url_name, kwargs=dict(self.url_kwargs)) if self.url_name else ""


@dataclass(frozen=True)
class Where:
    """The journey record a problem is about: fixed on its episode's journey page."""

    episode: Episode
    record: str
    record_id: int


@dataclass(frozen=True)
class Context:
    child: CensusChild
    period: Period
    as_at: datetime.date
    case_id: int

    @property
    def year_ended(self) -> bool:
        """Some rules only make sense once the year is over: until then, work can still finish."""
        return self.as_at >= self.period.end

    def problem(self, code: str, message: str, fix: str, at: Where | None = None) -> Problem:
        """A problem with the child's own details, or with the record ``at`` names."""
        child = self.child
        case_id = at.episode.case_id if at is not None else self.case_id
        url_name = JOURNEY if at is not None else CHILD_EDIT
        if code in ("1570", "1580"):
            url_name = ""  # the council id comes from the council's own systems
        return Problem(
            code=code,
            message=message,
            fix=fix,
            url_name=url_name,
            url_kwargs=(("case_id", case_id),) if url_name else (),
            record=at.record if at is not None else "child",
            record_id=at.record_id if at is not None else child.person_id,
            person_id=child.person_id,
            case_id=case_id,
            case_reference=child.case_reference,
            la_child_id=child.la_child_id,
            year=self.period.year,
        )


def _day(day: datetime.date) -> str:
    return f"{day:%-d %B %Y}"


def _weekend(day: datetime.date) -> bool:
    return day.weekday() >= 5


# --- The child --------------------------------------------------------------------------


def _identifiers(ctx: Context) -> Iterator[Problem]:
    child = ctx.child
    if len(child.la_child_id) > 20:
        yield ctx.problem(
            "1570",
            f"The council id {child.la_child_id} is longer than the 20 characters DfE allows.",
            "Ask the data team to give this child a shorter council id.",
        )
    if not re.fullmatch(r"[A-Za-z0-9]*", child.la_child_id):
        yield ctx.problem(
            "1580",
            f"The council id {child.la_child_id} has characters that are not letters or digits.",
            "Ask the data team to give this child a council id of letters and digits only.",
        )
    if child.upn:
        try:
            validate_upn(child.upn)
        except ValidationError as error:
            why = (
                "the first letter does not match the rest"
                if error.error_list[0].code == "upn_checksum"
                else "it is not a letter, 11 digits, then a digit or letter"
            )
            yield ctx.problem(
                "1510",
                f"The unique pupil number {child.upn} is not right: {why}.",
                "Check the unique pupil number with the school and correct it.",
            )
        else:
            if child.upn[1:4] not in LA_CODES:
                yield ctx.problem(
                    "1530",
                    f"The unique pupil number {child.upn} does not start with a council code "
                    f"DfE knows ({child.upn[1:4]}).",
                    "Check the unique pupil number with the school and correct it.",
                )
    former = child.former_upn
    if former and not re.fullmatch(r"[A-Za-z]\d{12}", former):
        yield ctx.problem(
            "1560Q",
            f"The earlier unique pupil number {former} is not a letter and 12 digits.",
            "If the earlier number was temporary, the data team can explain this to DfE.",
        )
    school_age = child.birth_date is not None and child.birth_date <= school_age_born_by(ctx.period)
    further = any(not e.no_further_action for e in child.episodes)
    if not child.upn and not child.upn_unknown and school_age and further:
        yield ctx.problem(
            "8770Q",
            "The child is of school age but has no unique pupil number.",
            "Ask the child's school for the unique pupil number and record it.",
        )


def _characteristics(ctx: Context) -> Iterator[Problem]:
    child = ctx.child
    if child.is_unborn and child.sex != "U":
        yield ctx.problem(
            "8750",
            "The child is not born yet, so DfE needs sex recorded as 'Not known or not yet born'.",
            "Change sex to 'Not known or not yet born' until the baby is born.",
        )
    if child.birth_date is None and child.expected_birth_date is None:
        yield ctx.problem(
            "8525Q",
            "There is no date of birth or expected date of birth.",
            "Record the date of birth, or the expected date of birth for a baby not yet born.",
        )
    expected = child.expected_birth_date
    # Asked once the year is over, or sooner if the expected day has passed with no birth.
    due = expected is not None and (ctx.year_ended or expected < ctx.as_at)
    if (
        expected is not None
        and due
        and not (
            ctx.period.end - datetime.timedelta(days=30) < expected < add_months(ctx.period.end, 9)
        )
    ):
        yield ctx.problem(
            "8530Q",
            f"The baby is expected on {_day(expected)}, more than a month before or nine "
            f"months after the census date ({_day(ctx.period.end)}).",
            "Check the expected date of birth. If the baby has been born, record the date "
            "of birth.",
        )
    further = any(not e.no_further_action for e in child.episodes)
    if child.birth_date is not None and further and not child.disabilities:
        yield ctx.problem(
            "8540",
            "Nothing is recorded about disability.",
            "Record the child's disabilities, or 'No disability' if they have none.",
        )
    if Disability.NONE in child.disabilities and len(child.disabilities) > 1:
        yield ctx.problem(
            "8790",
            "'No disability' is recorded together with a disability.",
            "Untick 'No disability', or untick the others.",
        )
    if child.death_date is None and any(e.closure_reason == "RC2" for e in child.episodes):
        yield ctx.problem(
            "8585Q",
            "An episode closed because the child died, but there is no date of death.",
            "Record the date of death on the child's details.",
        )


# --- Each episode ---------------------------------------------------------------------------


def _episode_codes(ctx: Context, e: Episode) -> Iterator[Problem]:
    if e.source not in ReferralSource.values:
        yield ctx.problem(
            "8866",
            f"The referral of {_day(e.referral_date)} has no DfE referral source.",
            "Record who made the referral.",
            Where(e, "referral", e.id),
        )
    if not e.no_further_action and e.primary_need not in PrimaryNeed.values:
        yield ctx.problem(
            "8610",
            f"The referral of {_day(e.referral_date)} has no DfE primary need.",
            "Record the child's main need.",
            Where(e, "referral", e.id),
        )
    if e.closed_on and e.closure_reason not in ClosureReason.values:
        yield ctx.problem(
            "8805",
            f"The episode closed on {_day(e.closed_on)} has no DfE reason for closing.",
            "Record why the episode closed.",
            Where(e, "referral", e.id),
        )


def _no_further_action(ctx: Context, e: Episode) -> Iterator[Problem]:
    if not e.no_further_action:
        return
    work = [
        ("an assessment", e.assessments),
        ("a section 47 enquiry", e.enquiries),
        ("a child in need plan", e.cin_plans),
        ("a child protection plan", e.cp_plans),
        ("an initial conference", [e.icpc_date] if e.icpc_date else []),
    ]
    found = [name for name, rows in work if rows]
    if found:
        yield ctx.problem(
            "8831",
            f"The referral of {_day(e.referral_date)} is marked 'no further action', "
            f"but it has {' and '.join(found)}.",
            "If the work went ahead, the referral was not 'no further action': correct it.",
            Where(e, "referral", e.id),
        )


def _closure(ctx: Context, e: Episode) -> Iterator[Problem]:
    at = Where(e, "referral", e.id)
    if e.closure_reason in ("RC8", "RC9"):
        if not e.assessments:
            yield ctx.problem(
                "8825Q",
                f"The episode closed on {_day(e.closed_on or e.referral_date)} 'after assessment', "
                "but there is no assessment in it.",
                "Record the assessment, or choose the reason for closing that fits.",
                at,
            )
        more = [
            name
            for name, rows in [
                ("a section 47 enquiry", e.enquiries),
                ("a child in need plan", e.cin_plans),
                ("a child protection plan", e.cp_plans),
                ("an initial conference", [e.icpc_date] if e.icpc_date else []),
            ]
            if rows
        ]
        if more:
            yield ctx.problem(
                "2990",
                f"The episode closed 'after assessment' ({e.closure_reason}) but it has "
                f"{' and '.join(more)}.",
                "Choose the reason for closing that fits what happened.",
                at,
            )
    if e.closed_on is None:
        return
    if any(a.authorised_on is None for a in e.assessments):
        yield ctx.problem(
            "8867",
            f"The episode closed on {_day(e.closed_on)} with an assessment not authorised.",
            "Finish and authorise the assessment.",
            at,
        )
    if any(s.icpc_date is None and not s.icpc_not_required for s in e.enquiries):
        yield ctx.problem(
            "8868",
            f"The episode closed on {_day(e.closed_on)} with a section 47 enquiry that has "
            "neither a conference date nor an outcome that needs no conference.",
            "Record the enquiry's outcome, or the conference it led to.",
            at,
        )


def _factors(ctx: Context, e: Episode, a: AssessmentRow) -> Iterator[Problem]:
    at = Where(e, "assessment", a.id)
    if a.authorised_on and not a.factors:
        yield ctx.problem(
            "8897Q",
            f"The assessment authorised on {_day(a.authorised_on)} has no factors recorded.",
            "Record the factors the assessment found, or 'No factors identified'.",
            at,
        )
    if AssessmentFactor.F21 in a.factors and len(a.factors) > 1:
        yield ctx.problem(
            "8869",
            f"The assessment of {_day(a.started_on)} has 'No factors identified' and other factors.",
            "Keep either 'No factors identified' or the factors found.",
            at,
        )


def _assessments(ctx: Context, e: Episode) -> Iterator[Problem]:
    overdue_before = subtract_working_days(ctx.as_at, 44)
    for a in e.assessments:
        at = Where(e, "assessment", a.id)
        yield from _factors(ctx, e, a)
        if a.started_on < e.referral_date:
            yield ctx.problem(
                "1103",
                f"The assessment started on {_day(a.started_on)}, before the referral of "
                f"{_day(e.referral_date)}.",
                "Correct the assessment's start date or the referral date.",
                at,
            )
        if a.authorised_on is not None:
            continue
        if a.started_on < ctx.period.start and ctx.year_ended:
            yield ctx.problem(
                "8736",
                f"The assessment started on {_day(a.started_on)}, before this census year, "
                "and is still not authorised.",
                "Finish and authorise the assessment, with the date it was really finished.",
                at,
            )
        elif a.started_on < overdue_before:
            yield ctx.problem(
                "8670Q",
                f"The assessment started on {_day(a.started_on)} has been open for more than "
                "45 working days.",
                "Finish and authorise the assessment, and record why it took longer.",
                at,
            )


def _enquiries(ctx: Context, e: Episode) -> Iterator[Problem]:
    waiting_before = subtract_working_days(ctx.as_at, 14)
    if e.enquiries and not e.assessments:
        yield ctx.problem(
            "2991Q",
            f"The episode from {_day(e.referral_date)} has a section 47 enquiry but no "
            "child and family assessment.",
            "Record the assessment that went alongside the enquiry, or the data team explains "
            "why there was none.",
            Where(e, "section47", e.enquiries[0].id),
        )
    for s in e.enquiries:
        at = Where(e, "section47", s.id)
        pending = s.icpc_date is None and not s.icpc_not_required
        if s.started_on < e.referral_date:
            yield ctx.problem(
                "1103",
                f"The section 47 enquiry started on {_day(s.started_on)}, before the referral.",
                "Correct the enquiry's start date or the referral date.",
                at,
            )
        if pending and s.started_on < ctx.period.start and ctx.year_ended:
            yield ctx.problem(
                "8740",
                f"The section 47 enquiry started on {_day(s.started_on)}, before this census "
                "year, has no conference and no outcome.",
                "Record the enquiry's outcome, or the conference it led to.",
                at,
            )
        elif pending and s.started_on < waiting_before:
            yield ctx.problem(
                "8675Q",
                f"The section 47 enquiry started on {_day(s.started_on)} has had no initial "
                "conference for more than 15 working days.",
                "Record the conference, or the outcome if no conference is needed.",
                at,
            )
        if s.icpc_target is not None and _weekend(s.icpc_target):
            yield ctx.problem(
                "8870Q",
                f"The conference target date {_day(s.icpc_target)} is at a weekend.",
                "Check the strategy discussion date.",
                at,
            )
        if s.icpc_date is not None and _weekend(s.icpc_date):
            yield ctx.problem(
                "8875",
                f"The initial conference is recorded on {_day(s.icpc_date)}, a weekend.",
                "Correct the conference date.",
                at,
            )


def _protection_plans(ctx: Context, e: Episode) -> Iterator[Problem]:
    icpc_days = {s.icpc_date for s in e.enquiries if s.icpc_date and not s.icpc_not_required}
    if not e.enquiries and e.icpc_date:
        icpc_days.add(e.icpc_date)
    for p in e.cp_plans:
        at = Where(e, "cp_plan", p.id)
        if p.started_on in ctx.period and p.started_on not in icpc_days:
            yield ctx.problem(
                "2885",
                f"The child protection plan starts on {_day(p.started_on)}, which is not the day "
                "of an initial child protection conference in this episode.",
                "A plan starts on the day the initial conference decides it: correct the dates.",
                at,
            )
        if p.ended_on == p.started_on:
            yield ctx.problem(
                "8840",
                f"The child protection plan starts and ends on {_day(p.started_on)}.",
                "Correct the plan's start or end date.",
                at,
            )
        if any(day <= p.started_on for day in p.review_dates):
            yield ctx.problem(
                "8841",
                "A review conference is dated on or before the day the plan started.",
                "Correct the review conference date.",
                at,
            )
        if p.started_on < e.referral_date or p.initial_category not in AbuseCategory.values:
            yield ctx.problem(
                "1103",
                f"The child protection plan of {_day(p.started_on)} starts before the referral "
                "or has no DfE category of abuse.",
                "Correct the plan's start date or category.",
                at,
            )
        for c in e.cin_plans:
            if _overlap(c.started_on, c.ended_on, p.started_on, p.ended_on, ctx.period.end):
                yield ctx.problem(
                    "4001",
                    f"The child in need plan of {_day(c.started_on)} is open while the child "
                    f"protection plan of {_day(p.started_on)} is.",
                    "End the child in need plan on the day the child protection plan starts, "
                    "or start it on the day the child protection plan ends.",
                    at,
                )


def _overlap(
    a_start: datetime.date,
    a_end: datetime.date | None,
    b_start: datetime.date,
    b_end: datetime.date | None,
    end: datetime.date,
) -> bool:
    """Two periods share a day; one may end on the day the other starts."""
    return a_start < (b_end or end + datetime.timedelta(days=1)) and b_start < (
        a_end or end + datetime.timedelta(days=1)
    )


EPISODE_CHECKS: list[Callable[[Context, Episode], Iterator[Problem]]] = [
    _episode_codes,
    _no_further_action,
    _closure,
    _assessments,
    _enquiries,
    _protection_plans,
]


def check_child(
    child: CensusChild, period: Period, *, today: datetime.date, case_id: int | None = None
) -> list[Problem]:
    """Every problem with this child's part of the return, child first, then each episode.

    ``case_id`` is the case whose pages fix the child's own details (the child's latest
    case when not given); an episode is fixed on its own case's journey page.
    """
    ctx = Context(child, period, min(today, period.end), case_id or child.case_id)
    problems = [*_identifiers(ctx), *_characteristics(ctx)]
    for episode in child.episodes:
        for check in EPISODE_CHECKS:
            problems.extend(check(ctx, episode))
    return problems
