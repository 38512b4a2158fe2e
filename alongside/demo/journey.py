"""The statutory journey of every demo case, made from its path of stages.

A case's path (referral, early help, assessment, child in need, child protection,
looked after, closed) becomes the records the journey app keeps: contacts and their
decisions, referrals (child in need episodes), early help episodes, assessments,
strategy discussions, section 47 enquiries, conferences, plans, core groups, reviews,
and recent visits while a child protection plan is open. The rules the DfE CIN
census checks hold by construction: see tests/test_seed_demo.py.

Each case has two random streams. ``sched`` is shared by brothers and sisters who
joined the work on the same day, so they have the same meetings on the same days;
``own`` makes the child's own factors and words.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable, Sequence

from alongside.cases.models import ClosureReason, Stage
from alongside.demo import journey_texts as jt
from alongside.demo.journey_contacts import context, decide, new_contact
from alongside.demo.journey_cp import ProtectionPhase, category_factors
from alongside.demo.specs import (
    AllocationSpec,
    AssessmentSpec,
    CaseSpec,
    CinPlanSpec,
    CpPlanSpec,
    EarlyHelpSpec,
    JourneySpec,
    MeetingSpec,
    Plan,
    ReferralSpec,
    StrategySpec,
)
from alongside.demo.timing import DAY, pick, wd, working
from alongside.demo.wording import band_on, capitalise, for_band, split_tag
from alongside.journey.codes import (
    AssessmentOutcome,
    NextStep,
    StrategyDecision,
)
from alongside.timescales.calendar import add_months, subtract_working_days

S = Stage
R = ClosureReason
Next = tuple[str, datetime.date] | None
# What an assessment concluded, by the stage that followed it or the reason the case closed.
OUTCOMES: dict[str, str] = {
    S.EARLY_HELP: AssessmentOutcome.EARLY_HELP,
    S.CHILD_PROTECTION: AssessmentOutcome.STRATEGY_DISCUSSION,
    R.RC9: AssessmentOutcome.EARLY_HELP,
}
NO_FACTORS: dict[str, float] = {R.RC8: 0.35, R.RC9: 0.1}


class JourneyPlanner:
    """Fills in every case's journey, then the contacts waiting at the front door."""

    def __init__(self, plan: Plan, first_names: Sequence[str], surnames: Sequence[str]) -> None:
        self.plan = plan
        self.names = (first_names, surnames)
        self.first_start: dict[int, datetime.date] = {}

    def run(self) -> None:
        for case in self.plan.cases:
            known = self.first_start.get(case.child)
            if known is None or case.referral_date < known:
                self.first_start[case.child] = case.referral_date
        for index, case in enumerate(self.plan.cases):
            first = self.first_start[case.child] == case.referral_date
            case.journey = CaseJourney(self, index, first_case=first).make()
        FrontDoor(self).add()


class FrontDoor:
    """A few contacts still waiting for a decision: most due today, a couple overdue."""

    def __init__(self, planner: JourneyPlanner) -> None:
        self.planner = planner
        self.plan = planner.plan

    def add(self) -> None:
        plan = self.plan
        rng = random.Random(f"{plan.seed}:front-door")
        latest: dict[int, int] = {}
        for index, case in enumerate(plan.cases):
            if not plan.families[case.family].demo_worker:
                latest[case.child] = index  # cases are in date order for each child
        children = sorted(latest)
        for child in rng.sample(children, min(len(children), max(4, plan.size.children // 250))):
            self._waiting(latest[child], rng)

    def _waiting(self, index: int, rng: random.Random) -> None:
        plan = self.plan
        case = plan.cases[index]
        back = 1 if rng.random() < 0.7 else rng.randint(2, 3)
        day = subtract_working_days(plan.today, back)
        journey = CaseJourney(self.planner, index, first_case=False)
        spec = new_contact(journey, day, pick(rng, jt.REFERRAL_SOURCES), rng)
        if case.closed_on is None and case.referral_date <= day:
            case.journey.contacts.append(spec)
        else:
            spec.on_case = False
            plan.front_door_contacts.append(spec)


class CaseJourney:
    """One case's journey, walked stage by stage along its path."""

    def __init__(self, planner: JourneyPlanner, index: int, *, first_case: bool) -> None:
        plan = planner.plan
        self.plan, self.names, self.index, self.first_case = plan, planner.names, index, first_case
        self.case: CaseSpec = plan.cases[index]
        case = self.case
        self.family = plan.families[case.family]
        self.today = plan.today
        self.limit = min(case.closed_on or plan.today, plan.today - DAY)
        self.sched = random.Random(f"{plan.seed}:{case.family}:{case.referral_date}:{case.path}")
        self.own = random.Random(f"{plan.seed}:case:{index}")
        self.journey = JourneySpec()
        self.child = plan.persons[case.child]
        self.ctx = context(plan, case)
        self.tidy = self.family.demo_worker and case.closed_on is None
        self.referral: ReferralSpec | None = None
        self.assessment: AssessmentSpec | None = None
        self.early_help: EarlyHelpSpec | None = None
        self.cin: CinPlanSpec | None = None
        self.cp: CpPlanSpec | None = None
        self.category = pick(self.sched, jt.CATEGORY_WEIGHTS)

    def make(self) -> JourneySpec:
        if self.first_case:
            self._earlier_request()
        path = self.case.path
        handlers: dict[str, Callable[[datetime.date, Next], None]] = {
            S.REFERRAL: self._referral_stage,
            S.ASSESSMENT: self._assessment_stage,
            S.EARLY_HELP: self._early_help_stage,
            S.CHILD_IN_NEED: self._in_need_stage,
            S.CHILD_PROTECTION: ProtectionPhase(self).run,
            S.LOOKED_AFTER: self._looked_after_stage,
            S.CLOSED: self._closed_stage,
        }
        for position, (stage, day) in enumerate(path):
            nxt = path[position + 1] if position + 1 < len(path) else None
            handlers[stage](day, nxt)
        return self.journey

    # --- People and words -------------------------------------------------------------

    def allocation_on(self, day: datetime.date) -> AllocationSpec:
        found = self.case.allocations[0]
        for allocation in self.case.allocations:
            if allocation.started_on <= day:
                found = allocation
        return found

    def staff_on(self, day: datetime.date) -> int:
        """The allocated worker that day, or the team manager if nobody was allocated."""
        allocation = self.allocation_on(day)
        if allocation.worker is not None:
            return allocation.worker
        return self.plan.managers[allocation.team]

    def manager_on(self, day: datetime.date) -> int:
        return self.plan.managers[self.allocation_on(day).team]

    def name(self, rng: random.Random) -> tuple[str, str]:
        """An invented professional's first name and surname."""
        first_names, surnames = self.names
        return rng.choice(first_names), rng.choice(surnames)

    def fill(self, rng: random.Random, pool: Sequence[str], day: datetime.date) -> str:
        band = band_on(self.child.date_of_birth, day)
        self.ctx["child"] = "the baby" if band == "unborn" else self.ctx["name"]
        suitable = for_band(pool, band) or [split_tag(sentence)[1] for sentence in pool]
        return capitalise(rng.choice(suitable).format_map(self.ctx))

    # --- Contacts and referrals ---------------------------------------------------------

    def contact(
        self,
        day: datetime.date,
        step: str,
        *,
        rng: random.Random | None = None,
        source: str = "",
        cap: datetime.date | None = None,
    ) -> int:
        """A decided contact received on ``day``; returns its index in the journey."""
        rng = rng or self.sched
        source = source or pick(rng, self._sources(day))
        spec = new_contact(self, day, source, rng)
        decide(self, spec, step, rng, cap=cap)
        self.journey.contacts.append(spec)
        return len(self.journey.contacts) - 1

    def _sources(self, day: datetime.date) -> dict[str, int]:
        if band_on(self.child.date_of_birth, day) == "unborn":
            return jt.UNBORN_SOURCES
        if any(stage == S.EARLY_HELP for stage, _ in self.case.path[:2]):
            return jt.EARLY_HELP_SOURCES
        return jt.REFERRAL_SOURCES

    def open_referral(self, day: datetime.date, contact: int, *, nfa: bool = False) -> ReferralSpec:
        spec = self.journey.contacts[contact]
        need = pick(self.sched, jt.NEEDS[self._need_kind(day, nfa)])
        by = spec.decided_by if spec.decided_by is not None else spec.by
        referral = ReferralSpec(contact, day, spec.source, need, by, no_further_action=nfa)
        self.journey.referrals.append(referral)
        if not nfa:
            self.referral = referral
        return referral

    def _need_kind(self, day: datetime.date, nfa: bool) -> str:
        if nfa:
            return "nfa"
        ahead = {stage for stage, since in self.case.path if since >= day}
        if ahead & {S.CHILD_PROTECTION, S.LOOKED_AFTER}:
            return "protection"
        if S.CHILD_IN_NEED in ahead:
            return "in_need"
        return "early_help" if S.EARLY_HELP in ahead else "closed"

    def close_referral(
        self, day: datetime.date, reason: str, offer: str, plan_end: str = "Case closed"
    ) -> None:
        referral = self.referral
        if referral is None:
            return
        self.end_cin(day, plan_end)
        referral.closed_on, referral.closure_reason = day, reason
        referral.step_down_offer = offer.format_map(self.ctx)
        self.referral = None

    def ensure_referral(self, day: datetime.date, step: str = NextStep.ASSESSMENT) -> ReferralSpec:
        """The open referral; a child who joined without one is referred on ``day``."""
        if self.referral is None:
            self.open_referral(day, self.contact(day, step))
        assert self.referral is not None
        return self.referral

    def assessed_only(self) -> bool:
        """An authorised assessment and nothing else: the only episode RC8 and RC9 may close."""
        referral = self.referral
        return bool(
            referral
            and any(a.authorised_on for a in referral.assessments)
            and not (referral.strategies or referral.cp_plans or referral.cin_plans)
        )

    def _earlier_request(self) -> None:
        """Some families asked for help years before: advice then, on the chronology now."""
        born, start = self.child.date_of_birth, self.case.referral_date
        if born is None or (start - born).days < 900 or self.own.random() >= 0.12:
            return
        earliest = max(born + 60 * DAY, start - 5 * 365 * DAY)
        latest = start - 365 * DAY
        day = earliest + self.own.randint(0, max(0, (latest - earliest).days)) * DAY
        self.contact(day, NextStep.INFORMATION_ADVICE, rng=self.own, source="1C")

    # --- Assessment -------------------------------------------------------------------

    def start_assessment(self, day: datetime.date) -> AssessmentSpec:
        referral = self.ensure_referral(day)
        assessment = AssessmentSpec(day, self.staff_on(day))
        referral.assessments.append(assessment)
        self.assessment = assessment
        return assessment

    def finish_assessment(
        self, on: datetime.date, outcome: str, *, no_factors: bool = False
    ) -> None:
        """Completed (a day or so before) and authorised by the team manager on ``on``."""
        assessment = self.assessment or self.start_assessment(
            self.ensure_referral(on).referral_date
        )
        referral = self.referral
        assert referral is not None
        on = max(on, assessment.started_on)
        back = self.sched.randint(0, 3) * DAY
        assessment.completed_on = max(assessment.started_on, on - back)
        assessment.authorised_on, assessment.authorised_by = on, self.manager_on(on)
        assessment.outcome = outcome
        self.conclude(assessment, on, no_factors=no_factors)
        if on > wd(referral.referral_date, 45):
            assessment.late_reason = self.fill(self.sched, jt.LATE_REASONS, on)
        self.assessment = None

    def conclude(self, assessment: AssessmentSpec, on: datetime.date, *, no_factors: bool) -> None:
        """Factors, and what the family and the child said."""
        own = self.own
        band = band_on(self.child.date_of_birth, on)
        if no_factors:
            assessment.factors = ["21"]
        else:
            weights = dict(jt.FACTORS[band])
            wanted = own.choice((1, 2, 2, 2, 3, 3, 4))
            factors: list[str] = []
            while len(factors) < wanted and weights:
                factors.append(pick(own, weights))
                weights.pop(factors[-1])
            if self._protection_ahead(on):
                factors += [f for f in category_factors(self.category) if f not in factors]
            assessment.factors = factors
        assessment.family_views = self.fill(own, jt.FAMILY_VIEWS, on)
        assessment.child_views = self.fill(own, jt.CHILD_VIEWS, on)
        assessment.child_seen = band != "unborn"
        assessment.child_seen_alone = band in ("school", "teen") and own.random() < 0.75

    def _protection_ahead(self, day: datetime.date) -> bool:
        return any(stage == S.CHILD_PROTECTION for stage, since in self.case.path if since >= day)

    def _ensure_assessed(self, day: datetime.date) -> None:
        referral = self.ensure_referral(day)
        if not any(a.authorised_on for a in referral.assessments):
            self.finish_assessment(day, AssessmentOutcome.CHILD_IN_NEED_PLAN)

    # --- Stages -------------------------------------------------------------------------

    def _referral_stage(self, day: datetime.date, nxt: Next) -> None:
        step = first_step(nxt)
        soon = [since for stage, since in self.case.path if stage == S.CHILD_PROTECTION]
        if step == NextStep.ASSESSMENT and soon and (soon[0] - day).days <= 10:
            step = NextStep.STRATEGY_DISCUSSION  # significant harm: straight to a discussion
        contact = self.contact(day, step, cap=nxt[1] if nxt else None)
        if step != NextStep.EARLY_HELP:
            self.open_referral(day, contact)

    def _assessment_stage(self, day: datetime.date, nxt: Next) -> None:
        if self.referral is None:
            self._step_up(day)
        self.start_assessment(day)
        if nxt is None:
            self._open_assessment(day)
            return
        stage, end = nxt
        if stage == S.CHILD_IN_NEED and self.sched.random() < 0.06:
            self._strategy_without_enquiry(day, end)
        reason = self.case.closure_reason if stage == S.CLOSED else ""
        outcome = OUTCOMES.get(reason or stage, AssessmentOutcome.CHILD_IN_NEED_PLAN)
        if stage == S.CLOSED and reason != R.RC9:
            outcome = AssessmentOutcome.NO_FURTHER_ACTION
        chance = NO_FACTORS.get(reason, 0.0)  # "no factors identified" only closes the case
        self.finish_assessment(end, outcome, no_factors=self.sched.random() < chance)

    def _open_assessment(self, day: datetime.date) -> None:
        """Still going; some are written up and waiting for the manager to sign them off."""
        assessment = self.assessment
        assert assessment is not None
        if self.limit > day + 10 * DAY and self.sched.random() < 0.3:
            assessment.completed_on = self.limit - self.sched.randint(0, 5) * DAY
            self.conclude(assessment, assessment.completed_on, no_factors=False)

    def _strategy_without_enquiry(self, day: datetime.date, end: datetime.date) -> None:
        held = min(working(day + self.sched.randint(2, 10) * DAY), end - DAY)
        if held <= day or self.referral is None:
            return
        participants = ProtectionPhase(self).participants(held)
        self.referral.strategies.append(
            StrategySpec(
                held, StrategyDecision.NO_SECTION_47, self.staff_on(held),
                self.fill(self.sched, jt.STRATEGY_NOTES, held), jt.NO_ENQUIRY_TOLD, participants,
            )
        )  # fmt: skip

    def _step_up(self, day: datetime.date) -> None:
        """Early help steps up: a referral from early help, the family plan carried across."""
        episode = self.early_help
        reason = self.fill(self.sched, jt.STEP_UP_REASONS, day)
        contact = self.contact(day, NextStep.ASSESSMENT, source="5D" if episode else "")
        self.open_referral(day, contact)
        if episode is None:
            return
        episode.ended_on, episode.end_reason = day, f"Stepped up: {reason}"[:200]
        assert self.referral is not None
        carried = CinPlanSpec(day, self.staff_on(day), episode.family_plan)
        carried.carried_from = self.journey.early_help.index(episode)
        self.referral.cin_plans.append(carried)
        self.cin, self.early_help = carried, None

    def _early_help_stage(self, day: datetime.date, nxt: Next) -> None:
        lead = self.staff_on(day)
        self.ctx["lead"] = self.plan.staff[lead].full_name
        if self.referral is not None:
            if self.assessment is not None:
                self.finish_assessment(day, AssessmentOutcome.EARLY_HELP)
            reason = R.RC9 if self.assessed_only() else R.RC7
            why = self.fill(self.sched, jt.STEP_DOWN_REASONS, day)
            offer = f"Early help with {{lead}}: {why}"
            self.close_referral(day, reason, offer, "Stepped down to early help")
        episode = EarlyHelpSpec(lead, day, self.fill(self.sched, jt.FAMILY_PLANS, day))
        self.journey.early_help.append(episode)
        self.early_help = episode
        until = nxt[1] if nxt else self.limit
        direct = not self.journey.referrals
        if direct and not self.tidy and (until - day).days >= 90 and self.sched.random() < 0.4:
            self._nfa_referral(day, until)

    def _nfa_referral(self, start: datetime.date, until: datetime.date) -> None:
        """A professional refers while early help is going: no further action from social care."""
        day = start + self.sched.randint(30, (until - start).days - 10) * DAY
        source = pick(self.sched, {"2A": 4, "3B": 2, "6": 3, "3A": 1})
        contact = self.contact(day, NextStep.NO_FURTHER_ACTION, source=source, cap=until)
        referral = self.open_referral(day, contact, nfa=True)
        decided = self.journey.contacts[contact].decided_at
        assert decided is not None
        referral.closed_on, referral.closure_reason = decided.date(), R.RC7
        referral.step_down_offer = jt.NFA_OFFER.format_map(self.ctx)

    def _in_need_stage(self, day: datetime.date, nxt: Next) -> None:
        self._ensure_assessed(day)
        if self.cin is None:
            assert self.referral is not None
            self.cin = CinPlanSpec(
                day, self.staff_on(day), self.fill(self.sched, jt.CIN_PLANS, day)
            )
            self.referral.cin_plans.append(self.cin)
        self._cin_reviews(self.cin, nxt[1] if nxt else None)
        if nxt and nxt[0] == S.LOOKED_AFTER:
            self.end_cin(nxt[1], "The child became looked after")

    def _cin_reviews(self, plan: CinPlanSpec, until: datetime.date | None) -> None:
        """Reviewed within every 3 months, mostly on time; some open plans are overdue."""
        sched = self.sched
        last = plan.reviews[-1].held_on if plan.reviews else plan.started_on
        while True:
            due = add_months(last, 3)
            late = not self.tidy and sched.random() < 0.1
            held = working(
                due + sched.randint(1, 20) * DAY if late else due - sched.randint(0, 14) * DAY
            )
            if held > self.limit or (until is not None and held >= until) or held <= last:
                break
            plan.reviews.append(self._meeting(held, jt.CIN_REVIEW_NOTES))
            last = held
        if until is not None:
            return
        if self.tidy:
            self._keep_up(plan.reviews, add_months(last, 3), jt.CIN_REVIEW_NOTES, plan.started_on)
        elif len(plan.reviews) > 1 and sched.random() < 0.12:
            plan.reviews.pop()  # the last review did not happen: overdue now

    def _keep_up(
        self,
        meetings: list[MeetingSpec],
        due: datetime.date,
        notes: Sequence[str],
        since: datetime.date,
    ) -> None:
        """On the demo worker's cases the next meeting is not due for a few days yet."""
        if due >= wd(self.today, 3):
            return
        held = self.limit
        after = meetings[-1].held_on if meetings else since
        if held > after:
            meetings.append(self._meeting(held, notes))

    def _meeting(self, day: datetime.date, notes: Sequence[str]) -> MeetingSpec:
        return MeetingSpec(day, self.staff_on(day), self.fill(self.sched, notes, day))

    def end_cin(self, day: datetime.date, reason: str) -> None:
        if self.cin is not None:
            self.cin.ended_on, self.cin.end_reason = max(day, self.cin.started_on), reason
            self.cin = None

    def _looked_after_stage(self, day: datetime.date, nxt: Next) -> None:
        self._ensure_assessed(day)
        if self.cp is not None:
            self.cp.ended_on, self.cp.end_reason = day, "The child became looked after"
            self.cp = None
        self.end_cin(day, "The child became looked after")

    def _closed_stage(self, day: datetime.date, nxt: Next) -> None:
        reason = self.case.closure_reason
        if self.cp is not None:
            self.cp.ended_on, self.cp.end_reason = day, ProtectionPhase.closing_reason(reason)
            self.cp = None
        unassessed = reason in (R.RC8, R.RC9) and not self.assessed_only()
        if self.assessment is not None or (self.referral is not None and unassessed):
            early_help = reason == R.RC9
            outcome = (
                AssessmentOutcome.EARLY_HELP if early_help else AssessmentOutcome.NO_FURTHER_ACTION
            )
            self.finish_assessment(day, outcome)
        self.close_referral(day, reason, jt.OFFERS[reason])
        if self.early_help is not None:
            self.early_help.ended_on = day
            self.early_help.end_reason = self.fill(self.sched, jt.LEAD_END_REASONS, day)[:200]
            self.early_help = None


def first_step(nxt: Next) -> str:
    """The decision on the first contact, from the stage that came next."""
    if nxt is None:
        return NextStep.ASSESSMENT
    steps: dict[str, str] = {
        S.EARLY_HELP: NextStep.EARLY_HELP,
        S.CHILD_PROTECTION: NextStep.STRATEGY_DISCUSSION,
    }
    return steps.get(nxt[0], NextStep.ASSESSMENT)
