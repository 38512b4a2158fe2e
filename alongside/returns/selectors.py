"""Reading the record for the CIN census, in a fixed number of queries.

``census_children(period)`` gives every child with a child in need episode in the
collection year, as the record stood on the reference date:

- an episode counts when it was open at any time in the year; a referral with no
  further action counts in the year it was made;
- an assessment, plan or enquiry counts when it was open at any time in the year;
  one finished before 1 April belongs to an earlier return;
- a date after 31 March has not happened yet: a plan that ended in April is open,
  an assessment authorised in April is still going, with no factors yet;
- the ICPC target is 15 working days after the strategy discussion
  (``timescales.calendar.add_working_days``); the date of the initial conference goes
  on the section 47 enquiry it followed, or on the episode when no enquiry led to it;
- the number of previous child protection plans counts the child's earlier plans.

``census_problems(case)`` runs the checks of ``returns.checks`` on that child the
same way, for the collection year in progress (and last year's while its return is
being made), so a worker sees what would fail the census while the work is recorded.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from alongside.cases.models import Case
from alongside.journey.codes import ConferenceKind, Section47Outcome
from alongside.journey.models import (
    Assessment,
    ChildInNeedPlan,
    ChildProtectionPlan,
    Conference,
    Referral,
    Section47Enquiry,
)
from alongside.people.models import Person
from alongside.returns.census import (
    AssessmentRow,
    CensusChild,
    CinPlanRow,
    Episode,
    Header,
    Period,
    ProtectionPlanRow,
    Section47Row,
    census_period,
    collection_year_for,
    upn_unknown_reason,
)
from alongside.returns.census_rows import CensusRows, census_rows
from alongside.returns.checks import RULES, Problem, Rule, check_child
from alongside.timescales.calendar import add_working_days

Row = Mapping[str, Any]
# While a year's return is being prepared (by the end of September), its problems still show.
RETURN_WINDOW_ENDS = (9, 30)


def _as_at(day: datetime.date | None, period: Period) -> datetime.date | None:
    """A date after the reference date has not happened yet on it."""
    return day if day is not None and day <= period.end else None


def _live(started: datetime.date, ended: datetime.date | None, period: Period) -> bool:
    """Open at some time in the year (started by its end, not finished before its start)."""
    return started <= period.end and (ended is None or ended >= period.start)


def _episode_rows(period: Period, child_ids: Collection[int] | None) -> QuerySet[Referral]:
    referrals = Referral.objects.filter(referral_date__lte=period.end).filter(
        Q(no_further_action=True, referral_date__gte=period.start)
        | (
            Q(no_further_action=False)
            & (Q(closed_on__isnull=True) | Q(closed_on__gte=period.start))
        )
    )
    if child_ids is not None:
        referrals = referrals.filter(case__child_id__in=child_ids)
    return referrals


def _by_referral(rows: Iterable[Row]) -> dict[int, list[Row]]:
    grouped: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row["referral_id"]].append(row)
    return grouped


def _assessments(rows: list[Row], period: Period) -> list[AssessmentRow]:
    kept = []
    for row in sorted(rows, key=lambda r: (r["started_on"], r["id"])):
        authorised = _as_at(row["authorised_on"], period)
        if not _live(row["started_on"], authorised, period):
            continue
        factors = tuple(row["factors"]) if authorised else ()
        kept.append(AssessmentRow(row["id"], row["started_on"], authorised, factors))
    return kept


def _cin_plans(rows: list[Row], period: Period) -> list[CinPlanRow]:
    kept = []
    for row in sorted(rows, key=lambda r: (r["started_on"], r["id"])):
        ended = _as_at(row["ended_on"], period)
        if _live(row["started_on"], ended, period):
            kept.append(CinPlanRow(row["id"], row["started_on"], ended))
    return kept


def _match_conferences(
    enquiries: list[Row], initials: list[Row]
) -> tuple[dict[int, datetime.date], list[datetime.date]]:
    """Each initial conference goes to the latest enquiry started by its day, once each.

    Returns the conference date per enquiry and the dates no enquiry led to.
    """
    matched: dict[int, datetime.date] = {}
    unmatched: list[datetime.date] = []
    for conference in sorted(initials, key=lambda c: (c["held_on"], c["id"])):
        held = conference["held_on"]
        before = [e for e in enquiries if e["started_on"] <= held and e["id"] not in matched]
        if before:
            matched[max(before, key=lambda e: (e["started_on"], e["id"]))["id"]] = held
        else:
            unmatched.append(held)
    return matched, unmatched


def _enquiries(
    rows: list[Row], initials: list[Row], period: Period
) -> tuple[list[Section47Row], datetime.date | None]:
    matched, unmatched = _match_conferences(rows, initials)
    kept = []
    for row in sorted(rows, key=lambda r: (r["started_on"], r["id"])):
        icpc = matched.get(row["id"])
        completed = _as_at(row["completed_on"], period)
        not_required = (
            icpc is None and completed is not None and row["outcome"] != Section47Outcome.CONFERENCE
        )
        if icpc is not None:
            live = icpc >= period.start
        elif not_required:
            live = _live(row["started_on"], completed, period)
        else:
            live = True  # still waiting for a conference, or an outcome, on the reference date
        if not live:
            continue
        target = add_working_days(row["strategy_discussion__held_on"], 15)
        kept.append(
            Section47Row(row["id"], row["started_on"], target, icpc, not_required, bool(completed))
        )
    episode_icpc = next((day for day in unmatched if day in period), None)
    return kept, episode_icpc


def _cp_plans(
    rows: list[Row], reviews: list[Row], earlier: list[datetime.date], period: Period
) -> list[ProtectionPlanRow]:
    review_days: dict[int, list[datetime.date]] = defaultdict(list)
    for review in reviews:
        if review["held_on"] in period:
            review_days[review["plan_id"]].append(review["held_on"])
    kept = []
    for row in sorted(rows, key=lambda r: (r["started_on"], r["id"])):
        ended = _as_at(row["ended_on"], period)
        if not _live(row["started_on"], ended, period):
            continue
        previous = sum(1 for day in earlier if day < row["started_on"])
        kept.append(
            ProtectionPlanRow(
                row["id"],
                row["started_on"],
                ended,
                row["initial_category"],
                row["latest_category"],
                previous,
                tuple(sorted(review_days[row["id"]])),
            )
        )
    return kept


def _episode(
    row: Row, parts: dict[str, dict[int, list[Row]]], earlier: list[datetime.date], period: Period
) -> Episode:
    pk = row["id"]
    closed = _as_at(row["closed_on"], period)
    conferences = parts["conferences"][pk]
    initials = [c for c in conferences if c["kind"] == ConferenceKind.INITIAL]
    reviews = [c for c in conferences if c["kind"] == ConferenceKind.REVIEW and c["plan_id"]]
    enquiries, episode_icpc = _enquiries(parts["enquiries"][pk], initials, period)
    return Episode(
        id=pk,
        case_id=row["case_id"],
        referral_date=row["referral_date"],
        source=row["source"],
        primary_need=row["primary_need"],
        no_further_action=row["no_further_action"],
        closed_on=closed,
        closure_reason=row["closure_reason"] if closed else "",
        icpc_date=episode_icpc,
        assessments=_assessments(parts["assessments"][pk], period),
        cin_plans=_cin_plans(parts["cin_plans"][pk], period),
        enquiries=enquiries,
        cp_plans=_cp_plans(parts["cp_plans"][pk], reviews, earlier, period),
    )


def _former_upns(child_ids: Collection[int]) -> dict[int, list[str]]:
    """Each child's UPNs before the current one, oldest first, from the record's history."""
    events = (
        Person.pgh_event_model.objects.filter(pgh_obj_id__in=child_ids, upn__isnull=False)  # type: ignore[attr-defined]
        .exclude(upn="")
        .order_by("pgh_obj_id", "pgh_created_at", "pgh_id")
        .values_list("pgh_obj_id", "upn")
    )
    history: dict[int, list[str]] = defaultdict(list)
    for person_id, upn in events:
        if not history[person_id] or history[person_id][-1] != upn:
            history[person_id].append(upn)
    return history


def _child(person: Row, episodes: list[Episode], former: list[str], period: Period) -> CensusChild:
    born = person["date_of_birth"]
    expected = person["expected_date_of_birth"]
    sex = person["sex"]
    if born is not None and born > period.end:
        # Born after the reference date: on it, the child was still to be born.
        born, expected, sex = None, born, "U"
    upn = person["upn"] or ""
    latest = episodes[-1]
    child = CensusChild(
        person_id=person["id"],
        case_id=latest.case_id,
        la_child_id=person["council_id"],
        upn=upn,
        former_upn=next((u for u in reversed(former) if u != upn), ""),
        birth_date=born,
        expected_birth_date=expected,
        sex=sex,
        death_date=_as_at(person["date_of_death"], period),
        ethnicity=person["ethnicity"],
        disabilities=tuple(person["disabilities"]),
        episodes=episodes,
    )
    child.upn_unknown = upn_unknown_reason(child, period)
    return child


def council_rows(period: Period, child_ids: Collection[int] | None = None) -> CensusRows:
    """The census rows of every child (or of these children), one query per kind of record.

    For the whole council's return; ``census_rows`` reads a few children in one statement.
    """
    rows = CensusRows()
    referrals = _episode_rows(period, child_ids)
    ids = referrals.values("id")
    rows.episodes = list(
        referrals.order_by("referral_date", "id").values(
            "id",
            "case_id",
            "case__child_id",
            "case__reference",
            "referral_date",
            "source",
            "primary_need",
            "no_further_action",
            "closed_on",
            "closure_reason",
        )  # fmt: skip
    )
    if not rows.episodes:
        return rows
    on_or_before = {"referral_id__in": ids}
    rows.parts = {
        "assessments": _by_referral(
            Assessment.objects.filter(**on_or_before, started_on__lte=period.end).values(
                "id", "referral_id", "started_on", "authorised_on", "factors"
            )
        ),
        "cin_plans": _by_referral(
            ChildInNeedPlan.objects.filter(**on_or_before, started_on__lte=period.end).values(
                "id", "referral_id", "started_on", "ended_on"
            )
        ),
        "enquiries": _by_referral(
            Section47Enquiry.objects.filter(**on_or_before, started_on__lte=period.end).values(
                "id",
                "referral_id",
                "started_on",
                "completed_on",
                "outcome",
                "strategy_discussion__held_on",
            )  # fmt: skip
        ),
        "conferences": _by_referral(
            Conference.objects.filter(**on_or_before, held_on__lte=period.end).values(
                "id", "referral_id", "kind", "held_on", "plan_id"
            )
        ),
        "cp_plans": _by_referral(
            ChildProtectionPlan.objects.filter(**on_or_before, started_on__lte=period.end).values(
                "id", "referral_id", "started_on", "ended_on", "initial_category", "latest_category"
            )
        ),
    }
    found = {row["case__child_id"] for row in rows.episodes}
    for child_id, started in ChildProtectionPlan.objects.filter(
        referral__case__child_id__in=found
    ).values_list("referral__case__child_id", "started_on"):
        rows.earlier[child_id].append(started)
    rows.people = {
        p["id"]: p
        for p in Person.objects.filter(id__in=found).values(
            "id",
            "council_id",
            "upn",
            "date_of_birth",
            "expected_date_of_birth",
            "sex",
            "date_of_death",
            "ethnicity",
            "disabilities",
        )  # fmt: skip
    }
    rows.former = _former_upns(found)
    return rows


def census_children_from(rows: CensusRows, period: Period) -> list[CensusChild]:
    """The children, built from their rows, ordered by LA child id."""
    episodes: dict[int, list[Episode]] = defaultdict(list)
    references: dict[int, str] = {}
    for row in rows.episodes:
        child_id = row["case__child_id"]
        episodes[child_id].append(_episode(row, rows.parts, rows.earlier[child_id], period))
        references[child_id] = row["case__reference"]
    children = []
    for child_id, child_episodes in episodes.items():
        child = _child(rows.people[child_id], child_episodes, rows.former[child_id], period)
        child.case_reference = references[child_id]
        children.append(child)
    return sorted(children, key=lambda c: (c.la_child_id, c.person_id))


def census_children(
    period: Period, *, child_ids: Collection[int] | None = None
) -> list[CensusChild]:
    """Every child with a child in need episode in the year (or those of these children).

    The whole council is read one kind of record at a time; a few children (the child's
    record checks one) in one statement.
    """
    rows = council_rows(period) if child_ids is None else census_rows(period, child_ids)
    return census_children_from(rows, period)


def census_header(year: int, *, generated_at: datetime.datetime | None = None) -> Header:
    return Header(year=year, la_code=settings.LA_CODE, generated_at=generated_at or timezone.now())


# --- Problems ---------------------------------------------------------------------------


def open_years(today: datetime.date) -> list[int]:
    """The collection years whose problems still matter on ``today``, latest first."""
    year = collection_year_for(today)
    if (today.month, today.day) <= RETURN_WINDOW_ENDS:
        return [year, year - 1]
    return [year]


def census_problems(case: Case, *, today: datetime.date | None = None) -> list[Problem]:
    """What would fail the CIN census for this case's child, with where to fix it."""
    today = today or timezone.localdate()
    problems: list[Problem] = []
    seen: set[tuple[str, str, int]] = set()
    for year in open_years(today):
        period = census_period(year)
        for child in census_children(period, child_ids=[case.child_id]):
            for problem in check_child(child, period, today=today, case_id=case.pk):
                key = (problem.code, problem.record, problem.record_id)
                if key not in seen:
                    seen.add(key)
                    problems.append(problem)
    return problems


@dataclass(frozen=True)
class CensusCheck:
    year: int
    children: int
    episodes: int
    problems: list[Problem]

    def by_rule(self) -> list[tuple[Rule, int]]:
        """Each rule that fails, with how many records fail it: errors first."""
        counted = Counter(p.code for p in self.problems)
        rules = sorted(counted, key=lambda code: (RULES[code].severity != "error", code))
        return [(RULES[code], counted[code]) for code in rules]


def census_check(year: int, *, today: datetime.date | None = None) -> CensusCheck:
    """Every child's problems for one collection year, in LA child id order."""
    today = today or timezone.localdate()
    period = census_period(year)
    children = census_children(period)
    problems: list[Problem] = []
    for child in children:
        problems.extend(check_child(child, period, today=today))
    episodes = sum(len(c.episodes) for c in children)
    return CensusCheck(year, len(children), episodes, problems)
