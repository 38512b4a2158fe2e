"""A child protection stage of a demo case.

A strategy discussion starts a section 47 enquiry. Usually there is then an initial
child protection conference within 15 working days of the discussion, and a plan
that starts on the conference day, with core groups (the first within 10 working
days), review conferences (within 3 months, then every 6 months) and, while it is
open, recent visits at the plan's frequency. A short stage is an enquiry alone.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING

from alongside.cases.models import ClosureReason, Stage
from alongside.demo import journey_texts as jt
from alongside.demo.specs import ConferenceSpec, CpPlanSpec, EnquirySpec, MeetingSpec, StrategySpec
from alongside.demo.timing import DAY, pick, wd, working
from alongside.journey.codes import (
    AssessmentOutcome,
    ConferenceKind,
    NextStep,
    Section47Outcome,
    StrategyDecision,
)
from alongside.timescales.calendar import add_months, subtract_working_days

if TYPE_CHECKING:
    from alongside.demo.journey import CaseJourney, Next

S = Stage
VISIT_EVERY = {10: 60, 5: 10, 15: 10, 20: 20}  # working days between visits, set by the plan
# The demo family's children, eldest first: their next visit is due in 1 and 2 working
# days, and the youngest's is 2 working days overdue.
DEMO_VISITS_DUE = (1, 2, -2)


def category_factors(category: str) -> tuple[str, ...]:
    """Assessment factors that go with a category of abuse."""
    return jt.CATEGORY_FACTORS[category]


class ProtectionPhase:
    def __init__(self, journey: CaseJourney) -> None:
        self.j = journey
        self.sched = journey.sched

    @staticmethod
    def closing_reason(reason: str) -> str:
        if reason == ClosureReason.RC5:
            return "Transferred to another local authority"
        return "The plan ended when the case closed"

    def run(self, day: datetime.date, nxt: Next) -> None:
        j = self.j
        referral = j.ensure_referral(day, NextStep.STRATEGY_DISCUSSION)
        if not referral.assessments:
            j.start_assessment(day)
        strategy = self._strategy(day)
        referral.strategies.append(strategy)
        enquiry = strategy.enquiry
        assert enquiry is not None
        end = nxt[1] if nxt else None
        icpc = self._icpc_day(day, end, nxt)
        if icpc is None:
            self._enquiry_only(enquiry, end, nxt)
            return
        back = self.sched.randint(1, 3)
        enquiry.completed_on = max(day, subtract_working_days(icpc, back))
        enquiry.outcome = Section47Outcome.CONFERENCE
        if j.assessment is not None:
            j.finish_assessment(enquiry.completed_on, AssessmentOutcome.STRATEGY_DISCUSSION)
        j.end_cin(icpc, "Replaced by a child protection plan")
        plan = self._plan(icpc)
        self._core_groups(plan, end)
        self._reviews(plan, end, nxt)
        if nxt is None:
            self._visits(plan)

    # --- Strategy discussion and enquiry ----------------------------------------------------

    def _strategy(self, day: datetime.date) -> StrategySpec:
        sched, j = self.sched, self.j
        joint = sched.random() < 0.6
        decision = (
            StrategyDecision.SECTION_47_JOINT if joint else StrategyDecision.SECTION_47_SINGLE
        )
        told_now = not joint or sched.random() < 0.4
        told = jt.STRATEGY_TOLD_NOW if told_now else jt.STRATEGY_TOLD_LATER
        return StrategySpec(
            day,
            decision,
            j.staff_on(day),
            j.fill(sched, jt.STRATEGY_NOTES, day),
            j.fill(sched, told, day),
            self.participants(day),
            EnquirySpec(day),
            told_now,
        )

    def participants(self, day: datetime.date) -> list[tuple[str, str, str]]:
        """Two to four people from the agencies: police and health first."""
        sched, j = self.sched, self.j
        found = []
        for agency in ("Police public protection unit", "Health safeguarding team"):
            found.append(
                (" ".join(j.name(sched)), agency, sched.choice(jt.PARTICIPANT_ROLES[agency]))
            )
        if j.ctx["school"] != "the school":
            found.append((" ".join(j.name(sched)), j.ctx["school"], jt.SCHOOL_ROLE))
        worker = j.plan.staff[j.staff_on(day)]
        found.append((worker.full_name, "Children's social care", "Social worker"))
        return found[: sched.randint(2, 4)]

    def _icpc_day(
        self, day: datetime.date, end: datetime.date | None, nxt: Next
    ) -> datetime.date | None:
        """The initial conference: within 15 working days, now and then late; None if no room."""
        j, sched = self.j, self.sched
        if nxt is not None:
            room = (nxt[1] - day).days
            if room < 30 or (nxt[0] == S.CHILD_IN_NEED and room < 90):
                return None
        latest = end - 2 * DAY if end else j.limit
        late = not j.tidy and sched.random() < 0.1
        count = sched.randint(16, 22) if late else sched.randint(8, 15)
        while count >= 5 and wd(day, count) > latest:
            count -= 1
        return wd(day, count) if count >= 5 else None

    def _enquiry_only(self, enquiry: EnquirySpec, end: datetime.date | None, nxt: Next) -> None:
        """An enquiry that did not lead to a conference (or has not finished yet)."""
        j = self.j
        if nxt is None:
            return
        latest = max(enquiry.started_on, end - DAY) if end else j.limit
        enquiry.completed_on = min(wd(enquiry.started_on, self.sched.randint(3, 8)), latest)
        services = nxt[0] in (S.CHILD_IN_NEED, S.LOOKED_AFTER)
        enquiry.outcome = (
            Section47Outcome.SERVICES if services else Section47Outcome.NO_FURTHER_ACTION
        )
        if j.assessment is not None:
            outcome = (
                AssessmentOutcome.CHILD_IN_NEED_PLAN
                if services
                else AssessmentOutcome.NO_FURTHER_ACTION
            )
            j.finish_assessment(enquiry.completed_on, outcome)

    # --- The plan -------------------------------------------------------------------------

    def _plan(self, icpc: datetime.date) -> CpPlanSpec:
        j = self.j
        referral = j.referral
        assert referral is not None
        every = 10 if j.index in j.plan.demo.cases else pick(self.sched, VISIT_EVERY)
        plan = CpPlanSpec(icpc, j.category, j.category, every, j.staff_on(icpc))
        referral.cp_plans.append(plan)
        chair = self.sched.choice(j.plan.chairs)
        initial = ConferenceSpec(
            ConferenceKind.INITIAL, icpc, chair, True, j.category, len(referral.cp_plans) - 1
        )
        referral.conferences.append(initial)
        j.cp = plan
        return plan

    def _core_groups(self, plan: CpPlanSpec, end: datetime.date | None) -> None:
        j, sched = self.j, self.sched
        until = end or j.limit + DAY
        late = not j.tidy and sched.random() < 0.08
        day = wd(plan.started_on, sched.randint(11, 15) if late else sched.randint(3, 10))
        while day < until and day <= j.limit:
            plan.core_groups.append(self._meeting(day, jt.CORE_GROUP_NOTES))
            day = wd(day, sched.randint(20, 30))

    def _meeting(self, day: datetime.date, notes: Sequence[str]) -> MeetingSpec:
        return MeetingSpec(day, self.j.staff_on(day), self.j.fill(self.sched, notes, day))

    def _reviews(self, plan: CpPlanSpec, end: datetime.date | None, nxt: Next) -> None:
        """Review conferences: within 3 months of the plan, then within every 6 months."""
        j, sched = self.j, self.sched
        referral = j.referral
        assert referral is not None
        chair = referral.conferences[-1].chair
        index = len(referral.cp_plans) - 1
        last, months = plan.started_on, 3
        until = end or j.limit + DAY
        while True:
            due = add_months(last, months)
            late = not j.tidy and sched.random() < 0.08
            held = working(
                due + sched.randint(1, 15) * DAY if late else due - sched.randint(0, 12) * DAY
            )
            if held >= until or held > j.limit or held <= last:
                break
            if sched.random() < 0.1:
                plan.latest_category = pick(sched, jt.CATEGORY_WEIGHTS)
            review = ConferenceSpec(
                ConferenceKind.REVIEW, held, chair, True, plan.latest_category, index
            )
            referral.conferences.append(review)
            last, months = held, 6
        if end is not None and nxt is not None and self._ended_by_review(nxt):
            referral.conferences.append(
                ConferenceSpec(ConferenceKind.REVIEW, end, chair, False, "", index)
            )
            plan.ended_on, plan.end_reason = end, "The review conference ended the plan"
            j.cp = None
        elif (
            end is None and j.tidy and add_months(last, months) < wd(j.today, 3) and j.limit > last
        ):
            referral.conferences.append(
                ConferenceSpec(
                    ConferenceKind.REVIEW, j.limit, chair, True, plan.latest_category, index
                )
            )

    def _ended_by_review(self, nxt: tuple[str, datetime.date]) -> bool:
        if nxt[0] == S.LOOKED_AFTER:
            return False
        return nxt[0] != S.CLOSED or self.j.case.closure_reason != ClosureReason.RC5

    # --- Visits ---------------------------------------------------------------------------

    def _visits(self, plan: CpPlanSpec) -> None:
        """Visits over the last three months at about the plan's frequency, the last one
        placed so that the next is due when wanted (on time, due soon or overdue)."""
        j, sched = self.j, self.sched
        every = plan.visit_every
        last = min(subtract_working_days(self._next_visit_due(every), every), j.limit)
        if last <= plan.started_on:
            if wd(plan.started_on, 1) > j.limit:
                return  # the plan started yesterday: the first visit is not due yet
            last = min(wd(plan.started_on, sched.randint(1, every)), j.limit)
        window = max(plan.started_on + DAY, j.today - 90 * DAY)
        visits = [last]
        while True:
            slow = not j.tidy and sched.random() < 0.1
            gap = every + sched.randint(1, 5) if slow else max(1, every - sched.randint(0, 2))
            earlier = subtract_working_days(visits[-1], gap)
            if earlier < window:
                break
            visits.append(earlier)
        j.journey.visits = sorted(visits)

    def _next_visit_due(self, every: int) -> datetime.date:
        j, sched = self.j, self.sched
        today = j.today
        if j.index in j.plan.demo.cases:
            due_in = DEMO_VISITS_DUE[min(j.plan.demo.cases.index(j.index), 2)]
            return wd(today, due_in) if due_in >= 0 else subtract_working_days(today, -due_in)
        roll = 0.0 if j.tidy else sched.random()
        if roll < 0.7:
            return wd(today, sched.randint(3, max(3, every - 1)))
        if roll < 0.85:
            return wd(today, sched.randint(0, 2))
        return subtract_working_days(today, sched.randint(1, 8))
