"""The fixed vocabulary of events that start, meet and stop statutory clocks.

An event is something that happened (or, for ``*_scheduled``, a meeting date
that has been set) on a date. Timescale rules name these events; the engine
counts from their dates. Each constant's comment says which date it carries.
"""

from __future__ import annotations

from typing import Final

REFERRAL_RECEIVED: Final = "referral_received"  # the referral date (not allocation)
REFERRAL_DECIDED: Final = "referral_decided"  # the decision on what happens next
ASSESSMENT_AUTHORISED: Final = "assessment_authorised"  # manager authorised the assessment
# The strategy discussion at which section 47 enquiries were started (WT2023: if
# there was more than one, the one that started the enquiries).
ICPC_NEEDED: Final = "icpc_needed"
ICPC_SCHEDULED: Final = "icpc_scheduled"  # the date the ICPC is booked for
REPORT_SHARED_INITIAL: Final = "report_shared_initial"  # ICPC report given to parents
ICPC_HELD: Final = "icpc_held"
CP_PLAN_STARTED: Final = "cp_plan_started"  # normally the ICPC date
CORE_GROUP_HELD: Final = "core_group_held"
CP_VISIT: Final = "cp_visit"  # the child was seen on a child protection visit
REVIEW_SCHEDULED: Final = "review_scheduled"  # the date a review conference is booked for
REPORT_SHARED_REVIEW: Final = "report_shared_review"  # review report given to parents
REVIEW_CONFERENCE_HELD: Final = "review_conference_held"
CP_PLAN_ENDED: Final = "cp_plan_ended"
CIN_PLAN_STARTED: Final = "cin_plan_started"
CIN_PLAN_REVIEWED: Final = "cin_plan_reviewed"
CIN_PLAN_ENDED: Final = "cin_plan_ended"
CASE_CLOSED: Final = "case_closed"
REFERRAL_CLOSED: Final = "referral_closed"  # the episode closed (no further action included)

#: Plain words for each event, for pages that list rules.
LABELS: Final[dict[str, str]] = {
    REFERRAL_RECEIVED: "Referral received",
    REFERRAL_DECIDED: "Decision on the referral",
    ASSESSMENT_AUTHORISED: "Assessment authorised",
    ICPC_NEEDED: "Strategy discussion decides a conference is needed",
    ICPC_SCHEDULED: "Initial child protection conference date",
    REPORT_SHARED_INITIAL: "Conference report shared with parents",
    ICPC_HELD: "Initial child protection conference held",
    CP_PLAN_STARTED: "Child protection plan starts",
    CORE_GROUP_HELD: "Core group meets",
    CP_VISIT: "Child protection visit",
    REVIEW_SCHEDULED: "Review conference date",
    REPORT_SHARED_REVIEW: "Review report shared with parents",
    REVIEW_CONFERENCE_HELD: "Review conference held",
    CP_PLAN_ENDED: "Child protection plan ends",
    CIN_PLAN_STARTED: "Child in need plan starts",
    CIN_PLAN_REVIEWED: "Child in need plan reviewed",
    CIN_PLAN_ENDED: "Child in need plan ends",
    CASE_CLOSED: "Case closed",
    REFERRAL_CLOSED: "Referral closed",
}

#: Events that end a plan, an episode or the case. On any one day they come after
#: everything else that happened that day: a plan that ends at a review conference
#: ends after the conference, and a visit on the day a plan ends was a visit under it.
ENDINGS: Final[frozenset[str]] = frozenset(
    {CP_PLAN_ENDED, CIN_PLAN_ENDED, REFERRAL_CLOSED, CASE_CLOSED}
)

ALL: Final[frozenset[str]] = frozenset(LABELS)


def same_day_order(name: str) -> tuple[int, str]:
    """Sort key for events on one day: endings last, the rest by name (a fixed order)."""
    return (1 if name in ENDINGS else 0, name)


def label(name: str) -> str:
    return LABELS.get(name, name.replace("_", " ").capitalize())
