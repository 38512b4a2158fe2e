"""Chronology entries for the demo council, made case by case from the plan.

Entries are made as they are written to the database, so a million of them never
sit in memory at once. They come from their own seeded random stream, so the same
plan always gets the same entries.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator, Sequence
from zoneinfo import ZoneInfo

from alongside.cases.models import ClosureReason, Stage
from alongside.chronology.models import Audience, AuthorKind, Kind, Status
from alongside.chronology.models import WithheldReason as Why
from alongside.demo import texts
from alongside.demo.journey_entries import JourneyEntries
from alongside.demo.rows import Author, EntryRow
from alongside.demo.specs import AllocationSpec, CaseSpec, PersonSpec, Plan
from alongside.demo.wording import TAGS, capitalise, for_band, split_tag

LONDON = ZoneInfo("Europe/London")
DAY = datetime.timedelta(days=1)
POLICE = "Police public protection unit"

# Routine entries: how often each kind comes up, and how often it is kept from the family.
ROUTINE_WEIGHTS = {
    Kind.VISIT: 24, Kind.PHONE_CALL: 20, Kind.NOTE: 14, Kind.AGENCY_UPDATE: 10,
    Kind.MEETING: 9, Kind.DOCUMENT: 5, Kind.FAMILY_ACCOUNT: 5, Kind.CONTACT: 4, Kind.DECISION: 3,
}  # fmt: skip
WITHHELD_RATE = {
    Kind.VISIT: 0.06, Kind.PHONE_CALL: 0.08, Kind.NOTE: 0.3, Kind.AGENCY_UPDATE: 0.45,
    Kind.MEETING: 0.15, Kind.DOCUMENT: 0.1, Kind.CONTACT: 0.45, Kind.DECISION: 0.25,
}  # fmt: skip
WITHHELD_WHY = {
    Kind.AGENCY_UPDATE: {Why.POLICE_ENQUIRY: 4, Why.THIRD_PARTY: 6},
    Kind.CONTACT: {Why.POLICE_ENQUIRY: 4, Why.THIRD_PARTY: 6},
    Kind.DECISION: {Why.LEGAL_ADVICE: 7, Why.RISK_TO_CHILD: 3},
    Kind.NOTE: {Why.THIRD_PARTY: 5, Why.RISK_TO_CHILD: 3, Why.POLICE_ENQUIRY: 2},
}
ROUTINE_SHARE = 0.4
OTHER_WHY = {Why.THIRD_PARTY: 6, Why.RISK_TO_CHILD: 4}
Pool = tuple[Sequence[str], int, int]  # sentences to pick from, at least, at most
T = texts
ROUTINE_TEXT: dict[str, tuple[Sequence[str], list[Pool]]] = {
    Kind.VISIT: (
        T.VISIT_TITLES,
        [(T.VISIT_OPENINGS, 1, 1), (T.VISIT_OBSERVATIONS, 1, 2), (T.CHILD_VOICE, 1, 1),
         (T.AGREED_ACTIONS, 1, 1)],
    ),
    Kind.PHONE_CALL: (T.PHONE_TITLES, [(T.PHONE_BODIES, 1, 2)]),
    Kind.NOTE: (T.NOTE_TITLES, [(T.NOTE_BODIES, 1, 2)]),
    Kind.MEETING: (T.MEETING_TITLES, [(T.MEETING_BODIES, 2, 3)]),
    Kind.DOCUMENT: (T.DOCUMENT_TITLES, [(T.DOCUMENT_BODIES, 1, 2)]),
    Kind.AGENCY_UPDATE: (T.AGENCY_TITLES, [(T.AGENCY_BODIES, 1, 2)]),
    Kind.CONTACT: (T.CONTACT_TITLES, [(T.CONTACT_BODIES, 2, 2)]),
    Kind.FAMILY_ACCOUNT: (T.FAMILY_TITLES, [(T.FAMILY_BODIES, 2, 3)]),
    Kind.REQUEST_FOR_HELP: (T.REQUEST_TITLES, [(T.REQUEST_BODIES, 2, 3)]),
    Kind.DECISION: (T.OVERSIGHT_TITLES, [(T.OVERSIGHT_BODIES, 2, 2)]),
    Kind.REFERRAL: (T.REFERRAL_TITLES, [(T.REFERRAL_BODIES, 2, 3)]),
}  # fmt: skip


def iter_entries(plan: Plan) -> Iterator[EntryRow]:
    """Every entry in the demo council, case by case, oldest first within a case."""
    rng = random.Random(plan.seed * 7919 + 1)
    for index in range(len(plan.cases)):
        yield from CaseWriter(plan, index, rng).entries()


class CaseWriter:
    """Writes one case's chronology."""

    def __init__(self, plan: Plan, index: int, rng: random.Random) -> None:
        self.plan, self.index, self.rng = plan, index, rng
        self.case: CaseSpec = plan.cases[index]
        self.family = plan.families[self.case.family]
        self.last_day = min(self.case.closed_on or plan.today, plan.today - DAY)
        self.starts = [a.started_on for a in self.case.allocations]
        child = plan.persons[self.case.child]
        self.born = child.date_of_birth
        self.name = child.preferred_name or child.first_names.split(" ")[0]
        self.school = plan.schools.get(self.case.child, "")
        self.band = "unborn"
        self.context = self._context(child)
        visits = self.case.journey.visits
        self.visits_from = visits[0] if visits else None

    def _context(self, child: PersonSpec) -> dict[str, str]:
        plan, case = self.plan, self.case
        carer = plan.persons[self.family.carers[0]]
        their, them = texts.PRONOUNS.get(child.sex, ("their", "them"))
        if child.pronouns == "they/them":
            their, them = "their", "them"
        manager = plan.managers.get(case.team)
        return {
            "child": self.name,
            "parent": carer.first_names.split(" ")[0],
            "their": their,
            "them": them,
            "school": self.school,
            "area": plan.teams[case.team].area,
            "manager": plan.staff[manager].full_name if manager is not None else "the manager",
            "chair": plan.staff[self.rng.choice(plan.chairs)].full_name,
            "worker": "",
            "worker_role": "",
            "agency": "",
            "reason": "",
        }

    # --- Putting an entry together ---------------------------------------------------

    def _age_on(self, day: datetime.date) -> int:
        return -1 if self.born is None or self.born > day else (day - self.born).days // 365

    def on(self, day: datetime.date) -> None:
        """Words that depend on how old the child was that day."""
        age = self._age_on(day)
        if age < 0:
            self.band = "unborn"
        else:
            self.band = "young" if age < 4 else "school" if age < 11 else "teen"
        self.context["child"] = "the baby" if age < 0 else self.name
        in_school = self.band in ("school", "teen") and self.school
        self.context["school"] = self.school if in_school else "the children's centre"

    def fill(self, template: str) -> str:
        return capitalise(template.format_map(self.context))

    def _body(self, pools: list[Pool]) -> str:
        sentences: list[str] = []
        for pool, low, high in pools:
            suitable = for_band(pool, self.band)
            wanted = min(len(suitable), self.rng.randint(low, high))
            sentences += self.rng.sample(suitable, wanted)
        return " ".join(self.fill(s) for s in sentences)

    def _at(self, day: datetime.date) -> datetime.datetime:
        rng = self.rng
        day = min(day, self.last_day)
        if day.weekday() >= 5 and rng.random() < 0.85:
            day = min(day + (7 - day.weekday()) * DAY, self.last_day)
        hour, minute = rng.randint(8, 18), rng.randrange(0, 60, 5)
        return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)

    def _day(self, start: datetime.date | None = None) -> datetime.date:
        start = start or self.case.referral_date
        span = max(0, (self.last_day - start).days)
        return start + self.rng.randint(0, span) * DAY

    def _allocation_on(self, day: datetime.date) -> AllocationSpec:
        position = 0
        for i, started in enumerate(self.starts):
            if started <= day:
                position = i
        return self.case.allocations[position]

    def staff(self, day: datetime.date) -> Author:
        """The worker holding the case on that day, or the team manager if nobody did."""
        allocation = self._allocation_on(day)
        worker = allocation.worker
        if worker is None:
            worker = self.plan.managers[allocation.team]
        self.context["worker"] = self.plan.staff[worker].full_name
        return Author(AuthorKind.STAFF, user=worker)

    def manager(self, day: datetime.date) -> Author:
        self.staff(day)  # entries by managers name the worker
        return Author(AuthorKind.STAFF, user=self.plan.managers[self._allocation_on(day).team])

    def _family_author(self, day: datetime.date) -> Author:
        choices = list(self.family.carers) + list(self.family.relatives[:1])
        if self._age_on(day) >= 12:
            choices.append(self.case.child)
        return Author(AuthorKind.FAMILY, person=self.rng.choice(choices))

    def _agency(self, day: datetime.date) -> Author:
        self.on(day)
        if self.band in ("school", "teen") and self.school and self.rng.random() < 0.5:
            agency = self.school
        else:
            agency = self.rng.choice(texts.OTHER_AGENCIES)
        self.context["agency"] = agency
        return Author(AuthorKind.AGENCY, agency=agency)

    def _row(
        self,
        kind: str,
        day: datetime.date,
        author: Author,
        title: str,
        text: str,
        audience: str = Audience.FAMILY,
        why: str = "",
    ) -> EntryRow:
        return EntryRow(self.index, kind, self._at(day), author, audience, why, title[:150], text)

    def stamp(self, day: datetime.date) -> datetime.datetime:
        """A time in working hours on exactly that day."""
        hour, minute = self.rng.randint(9, 17), self.rng.randrange(0, 60, 5)
        return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)

    def exact(
        self,
        kind: str,
        moment: datetime.datetime,
        author: Author,
        title: str,
        text: str,
        audience: str = Audience.FAMILY,
        why: str = "",
    ) -> EntryRow:
        return EntryRow(self.index, kind, moment, author, audience, why, title[:150], text)

    def routine_text(
        self, kind: str, day: datetime.date, author: Author | None = None
    ) -> tuple[str, str]:
        self.on(day)
        titles, pools = ROUTINE_TEXT[kind]
        if author is not None and author.person == self.case.child:
            pools = [(texts.CHILD_ACCOUNT_BODIES, 1, 2)]
        title = self.rng.choice(for_band(titles, self.band))
        return self.fill(title), self._body(pools)

    def _withheld(
        self,
        kind: str,
        day: datetime.date,
        author: Author,
        why: str,
        audience: str = "",
        text: tuple[str, str] | None = None,
    ) -> EntryRow:
        self.on(day)
        if text is None:
            pairs = [(t, b) for t, b in texts.WITHHELD[why] if split_tag(t)[0] in TAGS[self.band]]
            text = self.rng.choice(pairs or texts.WITHHELD[why])
        title, body = split_tag(text[0])[1], text[1]
        if not audience:
            restricted = self.rng.random() < 0.25
            audience = Audience.RESTRICTED if restricted else Audience.PROFESSIONALS
        return self._row(kind, day, author, self.fill(title), self.fill(body), audience, why)

    # --- The chronology --------------------------------------------------------------

    def entries(self) -> list[EntryRow]:
        rows = JourneyEntries(self).rows()
        rows += self._allocations()
        rows += self._looked_after()
        if self.case.closed_on is not None:
            rows.append(self._closure())
        if self.index in self.plan.demo.cases:
            rows += self._showcase()
        # Day-to-day recording between the formal steps: at least 40% of the case's entries.
        routine = max(self.case.entries - len(rows), round(self.case.entries * ROUTINE_SHARE))
        rows += [self._routine() for _ in range(routine)]
        rows.sort(key=lambda row: row.occurred_at)
        if self.plan.demo.cases and self.index == self.plan.demo.cases[0]:
            rows += self._drafts()
        return rows

    def _allocations(self) -> list[EntryRow]:
        rows: list[EntryRow] = []
        for allocation in self.case.allocations:
            day = allocation.started_on
            self.on(day)
            manager = Author(AuthorKind.STAFF, user=self.plan.managers[allocation.team])
            if allocation.worker is None:
                title, body = texts.UNALLOCATED_TITLE, self.fill(texts.UNALLOCATED_BODY)
                rows.append(self._row(Kind.ALLOCATION, day, manager, title, body))
                continue
            staff = self.plan.staff[allocation.worker]
            self.context["worker"] = staff.full_name
            self.context["worker_role"] = texts.ROLE_WORDS.get(staff.role, "social worker")
            self.context["reason"] = allocation.reason
            title = self.fill(self.rng.choice(texts.ALLOCATION_TITLES))
            body = " ".join(self.fill(s) for s in texts.ALLOCATION_BODIES)
            rows.append(self._row(Kind.ALLOCATION, day, manager, title, body))
        return rows

    def _looked_after(self) -> list[EntryRow]:
        """Legal planning, then the decision that the child is looked after."""
        rows: list[EntryRow] = []
        for stage, day in self.case.path[1:]:
            if stage != Stage.LOOKED_AFTER:
                continue
            before = max(self.case.referral_date, day - self.rng.randint(3, 20) * DAY)
            manager = self.manager(before)
            legal = texts.LEGAL_PLANNING
            rows.append(self._withheld(Kind.MEETING, before, manager, Why.LEGAL_ADVICE, text=legal))
            self.on(day)
            title, body = texts.STAGE_DECISIONS[stage]
            manager = self.manager(day)
            rows.append(self._row(Kind.DECISION, day, manager, self.fill(title), self.fill(body)))
        return rows

    def _closure(self) -> EntryRow:
        """Closed with the DfE reason and what the family were offered next."""
        day = self.case.closed_on or self.last_day
        reason = ClosureReason(self.case.closure_reason)
        self.on(day)
        journey = self.case.journey
        offers = [r.step_down_offer for r in journey.referrals if r.closed_on == day]
        offers += [e.end_reason for e in journey.early_help if e.ended_on == day]
        body = self.fill(texts.CLOSURE_BODIES[reason])
        if offers:
            body += f" What we offered next: {offers[-1]}"
        author = self.manager(day)
        return self.exact(
            Kind.DECISION, self.stamp(day), author, f"Case closed: {reason.label}", body
        )

    def _routine(self) -> EntryRow:
        rng = self.rng
        day = self._day()
        kind = rng.choices(list(ROUTINE_WEIGHTS), weights=list(ROUTINE_WEIGHTS.values()))[0]
        if kind == Kind.VISIT and self.visits_from is not None and day >= self.visits_from:
            kind = Kind.PHONE_CALL  # recent visits follow the child protection plan
        author = self._author_for(kind, day)
        if rng.random() < WITHHELD_RATE.get(kind, 0.0):
            weights = WITHHELD_WHY.get(kind, OTHER_WHY)
            why = rng.choices(list(weights), weights=list(weights.values()))[0]
            if why == Why.POLICE_ENQUIRY and author.kind == AuthorKind.AGENCY:
                author = Author(AuthorKind.AGENCY, agency=POLICE)
            return self._withheld(kind, day, author, why)
        title, body = self.routine_text(kind, day, author)
        row = self._row(kind, day, author, title, body)
        if rng.random() < 0.004 and day + 2 * DAY <= self.last_day:
            reason = rng.choice(texts.ARCHIVE_REASONS)
            row = row._replace(archived_at=row.occurred_at + 2 * DAY, archive_reason=reason)
        return row

    def _author_for(self, kind: str, day: datetime.date) -> Author:
        if kind in (Kind.AGENCY_UPDATE, Kind.CONTACT):
            return self._agency(day)
        if kind == Kind.FAMILY_ACCOUNT:
            return self._family_author(day)
        if kind == Kind.DECISION:
            return self.manager(day)
        return self.staff(day)

    # --- Extra entries on the demo family's cases ------------------------------------------

    def _showcase(self) -> list[EntryRow]:
        """One of everything, recently, so the demo shows what each audience sees."""
        since = max(self.starts[-1], self.last_day - 180 * DAY)
        kinds = [k for k in SHOWCASE_KINDS if k != Kind.VISIT or self.visits_from is None]
        days = sorted(self._day(since) for _ in range(len(kinds) + 5))
        rows = [self._routine_kind(kind, day) for kind, day in zip(kinds, days, strict=False)]
        extra = days[len(kinds) :]
        worker, police = self.staff(extra[0]), Author(AuthorKind.AGENCY, agency=POLICE)
        manager = self.manager(extra[2])
        rows += [
            self._withheld(Kind.NOTE, extra[0], worker, Why.THIRD_PARTY, Audience.PROFESSIONALS),
            self._withheld(
                Kind.AGENCY_UPDATE, extra[1], police, Why.POLICE_ENQUIRY, Audience.PROFESSIONALS
            ),
            self._withheld(Kind.DECISION, extra[2], manager, Why.LEGAL_ADVICE, Audience.RESTRICTED),
        ]
        parent = Author(AuthorKind.FAMILY, person=self.plan.demo.parent)
        title, body = self.routine_text(Kind.FAMILY_ACCOUNT, extra[3], parent)
        rows.append(self._row(Kind.FAMILY_ACCOUNT, extra[3], parent, title, body))
        if self.case.child == self.plan.demo.young_person:
            young = Author(AuthorKind.FAMILY, person=self.case.child)
            title, body = texts.YOUNG_PERSON_ACCOUNT
            rows.append(self._row(Kind.FAMILY_ACCOUNT, extra[4], young, title, body))
        return rows

    def _routine_kind(self, kind: str, day: datetime.date) -> EntryRow:
        author = self._author_for(kind, day)  # first: it sets who the text names
        title, body = self.routine_text(kind, day, author)
        return self._row(kind, day, author, title, body)

    def _drafts(self) -> list[EntryRow]:
        author = self.staff(self.last_day)
        self.on(self.last_day)
        return [
            self._row(Kind.VISIT, self.last_day, author, title, self.fill(body))._replace(
                status=Status.DRAFT
            )
            for title, body in texts.DRAFTS
        ]


SHOWCASE_KINDS = (
    Kind.VISIT, Kind.PHONE_CALL, Kind.MEETING, Kind.DOCUMENT, Kind.AGENCY_UPDATE, Kind.NOTE,
    Kind.CONTACT, Kind.DECISION,
)  # fmt: skip
