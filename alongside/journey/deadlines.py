"""The journey's deadlines, computed now from what has been recorded (never stored)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.utils import timezone

from alongside.cases.models import Case
from alongside.journey.models import Contact
from alongside.journey.selectors import journey_events, journey_for, visit_frequency_override
from alongside.timescales.calendar import add_working_days
from alongside.timescales.engine import Deadline, Status, compute_deadlines, status_for
from alongside.timescales.selectors import rule_specs


def case_deadlines(case: Case, today: datetime.date | None = None) -> list[Deadline]:
    return compute_deadlines(
        rule_specs(),
        journey_events(case),
        today or timezone.localdate(),
        visit_frequency_override(case),
    )


def deadlines_for_cases(
    cases: Sequence[Case], today: datetime.date | None = None
) -> dict[int, list[Deadline]]:
    """Open deadlines of many cases, in two queries (the rules; the steps with the plans)."""
    rules = rule_specs()
    day = today or timezone.localdate()
    events, overrides = journey_for(cases, open_clocks_only=True)
    return {
        case.pk: [
            d
            for d in compute_deadlines(rules, events[case.pk], day, overrides.get(case.pk, {}))
            if d.is_open
        ]
        for case in cases
    }


def contact_due_on(contact: Contact) -> datetime.date:
    """A decision on a contact is due within one working day of receiving it."""
    return add_working_days(timezone.localdate(contact.received_at), 1)


def contact_status(contact: Contact, today: datetime.date | None = None) -> Status:
    decided = timezone.localdate(contact.decided_at) if contact.decided_at else None
    return status_for(contact_due_on(contact), decided, today or timezone.localdate(), 0)
