"""The chronology entries a case's journey writes, as the journey services write them.

Every contact on a case is on its chronology (a family's own request for help as a
request for help, anyone else's as a contact) and the contact points at its entry;
each decision, assessment, strategy discussion, enquiry, conference, core group,
review and early help episode is written there on its day, and so is every recent
child protection visit.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import TYPE_CHECKING

from alongside.chronology.models import Audience, AuthorKind, Kind
from alongside.chronology.models import WithheldReason as Why
from alongside.demo import texts
from alongside.demo.rows import Author, EntryRow
from alongside.demo.specs import ConferenceSpec, ContactSpec, Plan, ReferralSpec
from alongside.journey.codes import (
    AssessmentOutcome,
    ConferenceKind,
    ContactKind,
    NextStep,
    Section47Outcome,
)

if TYPE_CHECKING:
    from alongside.demo.entries import CaseWriter

CONTACT_TITLES = {
    ContactKind.REQUEST_FOR_HELP: "The family asked for help",
    ContactKind.CONCERN: ContactKind.CONCERN.label,
    ContactKind.REFERRAL: ContactKind.REFERRAL.label,
}
PLAN_ENDED = (
    "The review conference, chaired by {chair}, agreed that {child} no longer needs a child "
    "protection plan. A child protection plan is not needed."
)


def staff(user: int) -> Author:
    return Author(AuthorKind.STAFF, user=user)


def contact_entry(case: int, number: int, contact: ContactSpec) -> EntryRow:
    """The entry that records a contact on the case's chronology, as the services write it."""
    if contact.kind == ContactKind.REQUEST_FOR_HELP:
        author, kind = Author(AuthorKind.FAMILY, person=contact.asked_by), Kind.REQUEST_FOR_HELP
    elif contact.kind == ContactKind.REFERRAL:
        author, kind = Author(AuthorKind.AGENCY, agency=contact.referrer_organisation), Kind.CONTACT
    else:
        author, kind = staff(contact.by), Kind.CONTACT
    title = CONTACT_TITLES[ContactKind(contact.kind)]
    return EntryRow(
        case, kind, contact.received_at, author, Audience.FAMILY, "", title, contact.reason,
        contact=number,
    )  # fmt: skip


def contact_entries(plan: Plan) -> Iterator[EntryRow]:
    """Every contact entry: the loader writes these first, so contacts can point at them."""
    for index, case in enumerate(plan.cases):
        for number, contact in enumerate(case.journey.contacts):
            if contact.on_case:
                yield contact_entry(index, number, contact)


class JourneyEntries:
    def __init__(self, writer: CaseWriter) -> None:
        self.w = writer
        self.journey = writer.case.journey

    def rows(self) -> list[EntryRow]:
        rows: list[EntryRow] = []
        for index, contact in enumerate(self.journey.contacts):
            if contact.on_case:
                rows += self._contact(index, contact)
        for referral in self.journey.referrals:
            rows += self._referral(referral)
        rows += self._early_help()
        rows += [self._visit(day) for day in self.journey.visits]
        return rows

    def _on(self, day: datetime.date, user: int) -> tuple[Author, datetime.datetime]:
        """The author, with the day's words set (the child's age, the worker's name)."""
        self.w.on(day)
        self.w.context["worker"] = self.w.plan.staff[user].full_name
        return staff(user), self.w.stamp(day)

    def _contact(self, index: int, contact: ContactSpec) -> list[EntryRow]:
        rows = [contact_entry(self.w.index, index, contact)]
        if contact.decided_at is None or contact.decided_by is None:
            return rows
        title = f"Decision: {NextStep(contact.next_step).label}"
        audience, why = Audience.FAMILY, ""
        if not contact.family_told:
            audience, why = Audience.PROFESSIONALS, Why.POLICE_ENQUIRY
        decider = staff(contact.decided_by)
        text = contact.decision_reason or NextStep(contact.next_step).label
        rows.append(
            self.w.exact(Kind.DECISION, contact.decided_at, decider, title, text, audience, why)
        )
        return rows

    def _referral(self, referral: ReferralSpec) -> list[EntryRow]:
        rows = [] if referral.no_further_action else [self._accepted(referral)]
        for assessment in referral.assessments:
            if assessment.authorised_on and assessment.authorised_by is not None:
                author, at = self._on(assessment.authorised_on, assessment.authorised_by)
                outcome = AssessmentOutcome(assessment.outcome).label
                text = f"Outcome: {outcome}."
                rows.append(self.w.exact(Kind.DECISION, at, author, "Assessment finished", text))
        for strategy in referral.strategies:
            author, at = self._on(strategy.held_on, strategy.by)
            rows.append(
                self.w.exact(Kind.MEETING, at, author, "Strategy discussion", strategy.family_told)
            )
            enquiry = strategy.enquiry
            if enquiry and enquiry.completed_on:
                author, at = self._on(enquiry.completed_on, strategy.by)
                outcome = Section47Outcome(enquiry.outcome).label
                rows.append(
                    self.w.exact(Kind.DECISION, at, author, "Section 47 enquiry finished", outcome)
                )
        rows += [self._conference(conference) for conference in referral.conferences]
        for plan in referral.cp_plans:
            for group in plan.core_groups:
                author, at = self._on(group.held_on, group.by)
                rows.append(
                    self.w.exact(Kind.MEETING, at, author, "Core group meeting", group.notes)
                )
        for cin_plan in referral.cin_plans:
            rows += self._cin_plan(cin_plan.started_on, cin_plan.by, cin_plan.carried_from >= 0)
            for review in cin_plan.reviews:
                author, at = self._on(review.held_on, review.by)
                rows.append(
                    self.w.exact(Kind.MEETING, at, author, "Child in need review", review.notes)
                )
        return rows

    def _accepted(self, referral: ReferralSpec) -> EntryRow:
        """The front door passes the referral on, a few minutes after deciding."""
        contact = self.journey.contacts[referral.contact]
        moment = (contact.decided_at or contact.received_at) + datetime.timedelta(minutes=10)
        title, body = self.w.routine_text(Kind.REFERRAL, moment.date())
        return self.w.exact(Kind.REFERRAL, moment, staff(referral.by), title, body)

    def _conference(self, conference: ConferenceSpec) -> EntryRow:
        author, at = self._on(conference.held_on, conference.chair)
        self.w.context["chair"] = self.w.plan.staff[conference.chair].full_name
        if conference.kind == ConferenceKind.INITIAL:
            body = texts.STAGE_DECISIONS["child_protection"][1]
        elif conference.plan_needed:
            body = texts.REVIEW_CONFERENCE[1]
        else:
            body = PLAN_ENDED
        title = ConferenceKind(conference.kind).label
        return self.w.exact(Kind.MEETING, at, author, title, self.w.fill(body))

    def _cin_plan(self, day: datetime.date, by: int, carried: bool) -> list[EntryRow]:
        if carried:
            return []  # the step up from early help says so
        author, at = self._on(day, by)
        title, body = texts.STAGE_DECISIONS["child_in_need"]
        return [self.w.exact(Kind.DECISION, at, author, self.w.fill(title), self.w.fill(body))]

    def _early_help(self) -> list[EntryRow]:
        rows: list[EntryRow] = []
        for episode in self.journey.early_help:
            author, at = self._on(episode.started_on, episode.lead)
            text = f"{self.w.plan.staff[episode.lead].full_name} is the lead practitioner."
            rows.append(self.w.exact(Kind.DECISION, at, author, "Early help started", text))
            reason = episode.end_reason.removeprefix("Stepped up: ")
            if episode.ended_on and reason != episode.end_reason:
                author, at = self._on(episode.ended_on, episode.lead)
                rows.append(
                    self.w.exact(Kind.DECISION, at, author, "Stepped up from early help", reason)
                )
        return rows

    def _visit(self, day: datetime.date) -> EntryRow:
        author = self.w.staff(day)
        title, body = self.w.routine_text(Kind.VISIT, day, author)
        return self.w.exact(Kind.VISIT, self.w.stamp(day), author, title, body)
