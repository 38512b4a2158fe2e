"""Write the demo's journey records with COPY, after the people, cases and entries.

Rows that others point at (contacts, referrals, early help episodes, strategy
discussions and plans) take ids reserved from their sequences first, so every row
can be written in one pass per table. A contact points at the chronology entry that
records it: the entry ids come from the entry loader.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from alongside.demo.load import at_ten, copy_rows, reserve_ids
from alongside.demo.specs import (
    CinPlanSpec,
    ContactSpec,
    CpPlanSpec,
    EarlyHelpSpec,
    ReferralSpec,
    StrategySpec,
)
from alongside.journey.models import (
    Assessment,
    ChildInNeedPlan,
    ChildProtectionPlan,
    Conference,
    Contact,
    CoreGroup,
    EarlyHelpEpisode,
    PlanReview,
    Referral,
    Section47Enquiry,
    StrategyDiscussion,
    StrategyParticipant,
)

if TYPE_CHECKING:
    from alongside.demo.load import Loader

WHO = ("created_at", "updated_at", "created_by_id", "updated_by_id")
CONTACT_COLUMNS = (
    "id", "child_id", "case_id", "received_at", "kind", "source", "referrer_name",
    "referrer_organisation", "referrer_email", "referrer_phone", "reason", "sharing_basis",
    "lawful_reason", "next_step", "decision_reason", "decided_at", "decided_by_id", "family_told",
    "family_not_told_reason", "chronology_entry_id", *WHO,
)  # fmt: skip
REFERRAL_COLUMNS = (
    "id", "case_id", "contact_id", "referral_date", "source", "primary_need", "no_further_action",
    "closed_on", "closure_reason", "step_down_offer", *WHO,
)  # fmt: skip
EARLY_HELP_COLUMNS = (
    "id", "case_id", "lead_practitioner_id", "started_on", "ended_on", "end_reason", "family_plan",
    *WHO,
)  # fmt: skip
ASSESSMENT_COLUMNS = (
    "referral_id", "started_on", "factors", "family_views", "child_views", "child_seen",
    "child_seen_alone", "outcome", "completed_on", "authorised_on", "authorised_by_id",
    "late_reason", *WHO,
)  # fmt: skip
STRATEGY_COLUMNS = ("id", "referral_id", "held_on", "decision", "notes", "family_told", *WHO)
PARTICIPANT_COLUMNS = ("discussion_id", "name", "agency", "role", *WHO)
ENQUIRY_COLUMNS = (
    "referral_id", "strategy_discussion_id", "started_on", "completed_on", "outcome", *WHO,
)  # fmt: skip
CP_PLAN_COLUMNS = (
    "id", "referral_id", "started_on", "initial_category", "latest_category",
    "visit_every_working_days", "ended_on", "end_reason", *WHO,
)  # fmt: skip
CONFERENCE_COLUMNS = (
    "referral_id", "kind", "scheduled_for", "held_on", "plan_needed", "category", "plan_id", *WHO,
)  # fmt: skip
MEETING_COLUMNS = ("held_on", "notes", *WHO)
CIN_PLAN_COLUMNS = (
    "id", "referral_id", "started_on", "ended_on", "end_reason", "carried_from_id", "plan", *WHO,
)  # fmt: skip


def who(
    started: datetime.date, changed: datetime.date | None, by: int | None, staff: list[int]
) -> tuple[Any, ...]:
    user = None if by is None else staff[by]
    return at_ten(started), at_ten(changed or started), user, user


@dataclass
class Ids:
    """Every journey row that others point at, with the id reserved for it."""

    contacts: dict[tuple[int, int], int] = field(default_factory=dict)  # (case, index)
    referrals: list[tuple[int, ReferralSpec, int]] = field(default_factory=list)
    early_help: dict[tuple[int, int], int] = field(default_factory=dict)
    strategies: list[tuple[int, StrategySpec, int]] = field(default_factory=list)  # referral id
    cp_plans: dict[tuple[int, int], int] = field(default_factory=dict)  # (referral id, index)
    cin_plans: list[tuple[int, int, CinPlanSpec, int]] = field(default_factory=list)


class JourneyLoader:
    def __init__(self, loader: Loader, entry_of: dict[tuple[int, int], int]) -> None:
        self.plan = loader.plan
        self.staff = loader.staff_ids
        self.persons = loader.person_ids
        self.cases = loader.case_ids
        self.entry_of = entry_of
        self.ids = Ids()

    def run(self) -> dict[str, int]:
        self._reserve()
        return {
            "contacts": copy_rows(Contact, CONTACT_COLUMNS, self._contacts()),
            "referrals": copy_rows(Referral, REFERRAL_COLUMNS, self._referrals()),
            "early help episodes": copy_rows(
                EarlyHelpEpisode, EARLY_HELP_COLUMNS, self._early_help()
            ),
            "assessments": copy_rows(Assessment, ASSESSMENT_COLUMNS, self._assessments()),
            "strategy discussions": copy_rows(
                StrategyDiscussion, STRATEGY_COLUMNS, self._strategies()
            ),
            "participants": copy_rows(
                StrategyParticipant, PARTICIPANT_COLUMNS, self._participants()
            ),
            "section 47 enquiries": copy_rows(Section47Enquiry, ENQUIRY_COLUMNS, self._enquiries()),
            "child protection plans": copy_rows(
                ChildProtectionPlan, CP_PLAN_COLUMNS, self._cp_plans()
            ),
            "conferences": copy_rows(Conference, CONFERENCE_COLUMNS, self._conferences()),
            "core groups": copy_rows(CoreGroup, ("plan_id", *MEETING_COLUMNS), self._core_groups()),
            "child in need plans": copy_rows(ChildInNeedPlan, CIN_PLAN_COLUMNS, self._cin_plans()),
            "child in need reviews": copy_rows(
                PlanReview, ("cin_plan_id", *MEETING_COLUMNS), self._reviews()
            ),
        }

    def _reserve(self) -> None:
        ids, cases = self.ids, self.plan.cases
        keys = [(i, n) for i, c in enumerate(cases) for n in range(len(c.journey.contacts))]
        keys += [(-1, n) for n in range(len(self.plan.front_door_contacts))]
        ids.contacts = dict(zip(keys, reserve_ids(Contact, len(keys)), strict=True))
        referrals = [(i, r) for i, c in enumerate(cases) for r in c.journey.referrals]
        found = reserve_ids(Referral, len(referrals))
        ids.referrals = [(i, r, pk) for (i, r), pk in zip(referrals, found, strict=True)]
        keys = [(i, n) for i, c in enumerate(cases) for n in range(len(c.journey.early_help))]
        ids.early_help = dict(zip(keys, reserve_ids(EarlyHelpEpisode, len(keys)), strict=True))
        strategies = [(pk, s) for _, r, pk in ids.referrals for s in r.strategies]
        found = reserve_ids(StrategyDiscussion, len(strategies))
        ids.strategies = [(ref, s, pk) for (ref, s), pk in zip(strategies, found, strict=True)]
        keys = [(pk, n) for _, r, pk in ids.referrals for n in range(len(r.cp_plans))]
        ids.cp_plans = dict(zip(keys, reserve_ids(ChildProtectionPlan, len(keys)), strict=True))
        plans = [(i, pk, p) for i, r, pk in ids.referrals for p in r.cin_plans]
        found = reserve_ids(ChildInNeedPlan, len(plans))
        ids.cin_plans = [(i, ref, p, pk) for (i, ref, p), pk in zip(plans, found, strict=True)]

    # --- Rows -------------------------------------------------------------------------------

    def _contacts(self) -> Iterator[tuple[Any, ...]]:
        for index, case in enumerate(self.plan.cases):
            for number, contact in enumerate(case.journey.contacts):
                yield self._contact(index, number, contact)
        for number, contact in enumerate(self.plan.front_door_contacts):
            yield self._contact(-1, number, contact)

    def _contact(self, index: int, number: int, c: ContactSpec) -> tuple[Any, ...]:
        staff = self.staff
        on_case = c.on_case and index >= 0
        case = self.cases[index] if on_case else None
        entry = self.entry_of.get((index, number)) if on_case else None
        decided_by = None if c.decided_by is None else staff[c.decided_by]
        changed = c.decided_at or c.received_at
        return (
            self.ids.contacts[(index, number)], self.persons[c.child], case, c.received_at, c.kind,
            c.source, c.referrer_name, c.referrer_organisation, c.referrer_email,
            c.referrer_phone, c.reason, c.sharing_basis, c.lawful_reason, c.next_step,
            c.decision_reason, c.decided_at, decided_by, c.family_told, c.family_not_told_reason,
            entry, c.received_at, changed, staff[c.by], decided_by or staff[c.by],
        )  # fmt: skip

    def _referrals(self) -> Iterator[tuple[Any, ...]]:
        for index, r, pk in self.ids.referrals:
            contact = self.ids.contacts[(index, r.contact)]
            yield (
                pk, self.cases[index], contact, r.referral_date, r.source, r.primary_need,
                r.no_further_action, r.closed_on, r.closure_reason, r.step_down_offer,
                *who(r.referral_date, r.closed_on, r.by, self.staff),
            )  # fmt: skip

    def _early_help(self) -> Iterator[tuple[Any, ...]]:
        for index, case in enumerate(self.plan.cases):
            for number, e in enumerate(case.journey.early_help):
                yield self._episode(self.ids.early_help[(index, number)], self.cases[index], e)

    def _episode(self, pk: int, case: int, e: EarlyHelpSpec) -> tuple[Any, ...]:
        return (
            pk, case, self.staff[e.lead], e.started_on, e.ended_on, e.end_reason, e.family_plan,
            *who(e.started_on, e.ended_on, e.lead, self.staff),
        )  # fmt: skip

    def _assessments(self) -> Iterator[tuple[Any, ...]]:
        staff = self.staff
        for _, r, pk in self.ids.referrals:
            for a in r.assessments:
                by = None if a.authorised_by is None else staff[a.authorised_by]
                changed = a.authorised_on or a.completed_on
                yield (
                    pk, a.started_on, a.factors, a.family_views, a.child_views, a.child_seen,
                    a.child_seen_alone, a.outcome, a.completed_on, a.authorised_on, by,
                    a.late_reason, *who(a.started_on, changed, a.by, staff),
                )  # fmt: skip

    def _strategies(self) -> Iterator[tuple[Any, ...]]:
        for referral, s, pk in self.ids.strategies:
            yield (
                pk, referral, s.held_on, s.decision, s.notes, s.family_told,
                *who(s.held_on, None, s.by, self.staff),
            )  # fmt: skip

    def _participants(self) -> Iterator[tuple[Any, ...]]:
        for _, s, pk in self.ids.strategies:
            for name, agency, role in s.participants:
                yield (pk, name, agency, role, *who(s.held_on, None, s.by, self.staff))

    def _enquiries(self) -> Iterator[tuple[Any, ...]]:
        for referral, s, pk in self.ids.strategies:
            e = s.enquiry
            if e is not None:
                yield (
                    referral, pk, e.started_on, e.completed_on, e.outcome,
                    *who(e.started_on, e.completed_on, s.by, self.staff),
                )  # fmt: skip

    def _cp_plans(self) -> Iterator[tuple[Any, ...]]:
        for _, r, pk in self.ids.referrals:
            for number, p in enumerate(r.cp_plans):
                yield self._cp_plan(self.ids.cp_plans[(pk, number)], pk, p)

    def _cp_plan(self, pk: int, referral: int, p: CpPlanSpec) -> tuple[Any, ...]:
        return (
            pk, referral, p.started_on, p.category, p.latest_category, p.visit_every, p.ended_on,
            p.end_reason, *who(p.started_on, p.ended_on, p.by, self.staff),
        )  # fmt: skip

    def _conferences(self) -> Iterator[tuple[Any, ...]]:
        for _, r, pk in self.ids.referrals:
            for c in r.conferences:
                plan = self.ids.cp_plans.get((pk, c.plan))
                yield (
                    pk, c.kind, c.held_on, c.held_on, c.plan_needed, c.category, plan,
                    *who(c.held_on, None, c.chair, self.staff),
                )  # fmt: skip

    def _core_groups(self) -> Iterator[tuple[Any, ...]]:
        for _, r, pk in self.ids.referrals:
            for number, p in enumerate(r.cp_plans):
                plan = self.ids.cp_plans[(pk, number)]
                for g in p.core_groups:
                    yield (plan, g.held_on, g.notes, *who(g.held_on, None, g.by, self.staff))

    def _cin_plans(self) -> Iterator[tuple[Any, ...]]:
        for index, referral, p, pk in self.ids.cin_plans:
            carried = (
                self.ids.early_help.get((index, p.carried_from)) if p.carried_from >= 0 else None
            )
            yield (
                pk, referral, p.started_on, p.ended_on, p.end_reason, carried, p.plan,
                *who(p.started_on, p.ended_on, p.by, self.staff),
            )  # fmt: skip

    def _reviews(self) -> Iterator[tuple[Any, ...]]:
        for _, _, p, pk in self.ids.cin_plans:
            for review in p.reviews:
                yield (
                    pk,
                    review.held_on,
                    review.notes,
                    *who(review.held_on, None, review.by, self.staff),
                )
