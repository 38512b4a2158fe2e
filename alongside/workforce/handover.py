"""What a new worker is handed: the family's story, as it stands, in one snapshot.

The snapshot is plain JSON so the pack shows what was handed over at the time,
even after the record moves on. It never holds restricted chronology entries:
anyone who may read the case may read its handover.

- **The family's own account**: published "In our words" (family account) entries.
- **Key people**: the child's current relationships, parental responsibility marked.
- **Standing arrangements**: published decision entries whose title says
  "arrangement" (for example "Standing arrangement: contact with dad on Saturdays").
  Workers record them with the ordinary "Add to the chronology" form, so they are
  written once and the family can read them; the allocation form can add one too.
- **Open promises**: every open commitment on the case, after the outgoing
  worker's have been passed to the new worker.
- **Preferences**: formats, language, interpreter, contact days and times, and the
  wishes about the worker, for the child and each parent.
- **The current plan**: the open child protection plan, child in need plan or
  early help plan.
- **Risks**: the factors of the latest assessment and the child protection category.
- **The story so far**: the latest entries on the chronology, titles only.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from alongside.cases.models import Case
from alongside.chronology.models import Audience, Entry, Kind, Status
from alongside.journey.codes import AssessmentFactor
from alongside.journey.models import (
    Assessment,
    ChildInNeedPlan,
    ChildProtectionPlan,
    EarlyHelpEpisode,
)
from alongside.people.codes import Format, Weekday
from alongside.people.selectors import network_of
from alongside.plans.models import Commitment, CommitmentAudience
from alongside.workforce.selectors import family_people, worker_preferences

FAMILY_ACCOUNT_LIMIT = 20
STORY_LIMIT = 12
FORMATS = dict(Format.choices)
WEEKDAYS = dict(Weekday.choices)
FACTORS = dict(AssessmentFactor.choices)


def _day(value: datetime.date | datetime.datetime | None) -> dict[str, str]:
    if value is None:
        return {"date": "", "date_text": ""}
    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value)
    return {"date": value.isoformat(), "date_text": f"{value:%-d %B %Y}"}


def _entries(case: Case) -> QuerySet[Entry]:
    """Published, current entries anyone with access to the case may read."""
    return (
        Entry.objects.filter(case=case, status=Status.PUBLISHED, archived_at__isnull=True)
        .exclude(audience=Audience.RESTRICTED)
        .select_related("author_user", "author_person")
        .order_by("-occurred_at", "-id")
    )


def family_account(case: Case) -> list[dict[str, str]]:
    entries = _entries(case).filter(kind=Kind.FAMILY_ACCOUNT)[:FAMILY_ACCOUNT_LIMIT]
    return [
        {"title": e.title, "text": e.text, "by": e.author_display, **_day(e.occurred_at)}
        for e in entries
    ]


def standing_arrangements(case: Case) -> list[dict[str, str]]:
    entries = _entries(case).filter(kind=Kind.DECISION, title__icontains="arrangement")
    return [{"title": e.title, "text": e.text, **_day(e.occurred_at)} for e in entries]


def key_people(case: Case) -> list[dict[str, Any]]:
    child = case.child
    people = []
    for rel in network_of(child):
        other = rel.to_person if rel.from_person_id == child.pk else rel.from_person
        said = (
            f"{rel.from_person.display_name} is {rel.get_kind_display().lower()} "
            f"{rel.to_person.display_name}"
        )
        name = other.display_name
        people.append(
            {
                "name": name,
                "relationship": said,
                "parental_responsibility": rel.parental_responsibility,
                "notes": rel.notes,
            }
        )
    return people


def preferences(case: Case) -> list[dict[str, Any]]:
    wishes = worker_preferences(case)
    found = []
    for person, relation in family_people(case):
        found.append(
            {
                "name": person.display_name,
                "relation": relation,
                "formats": [FORMATS.get(f, f) for f in person.preferred_formats],
                "language": person.first_language,
                "interpreter_needed": person.interpreter_needed,
                "communication_needs": person.communication_needs,
                "contact_days": [WEEKDAYS.get(d, d) for d in person.contact_days],
                "contact_times": person.contact_times,
                "worker_wishes": [w.text for w in wishes if w.person == person.display_name],
            }
        )
    return found


def current_plan(case: Case) -> dict[str, Any]:
    cp = (
        ChildProtectionPlan.objects.filter(referral__case=case, ended_on__isnull=True)
        .order_by("-started_on")
        .first()
    )
    cin = (
        ChildInNeedPlan.objects.filter(referral__case=case, ended_on__isnull=True)
        .order_by("-started_on")
        .first()
    )
    early = (
        EarlyHelpEpisode.objects.filter(case=case, ended_on__isnull=True)
        .select_related("lead_practitioner")
        .order_by("-started_on")
        .first()
    )
    plan: dict[str, Any] = {}
    if cp is not None:
        plan["child_protection"] = {
            "category": cp.get_latest_category_display(),
            "visit_every_working_days": cp.visit_every_working_days,
            **_day(cp.started_on),
        }
    if cin is not None:
        plan["child_in_need"] = {"plan": cin.plan, **_day(cin.started_on)}
    if early is not None:
        plan["early_help"] = {
            "plan": early.family_plan,
            "lead": early.lead_practitioner.full_name,
            **_day(early.started_on),
        }
    return plan


def risks(case: Case) -> dict[str, Any]:
    assessment = (
        Assessment.objects.filter(referral__case=case)
        .exclude(factors=[])
        .order_by("-completed_on", "-started_on", "-id")
        .first()
    )
    cp = (
        ChildProtectionPlan.objects.filter(referral__case=case, ended_on__isnull=True)
        .order_by("-started_on")
        .first()
    )
    return {
        "assessment_factors": [FACTORS.get(f, f) for f in assessment.factors] if assessment else [],
        "assessment": _day(assessment.completed_on if assessment else None),
        "cp_category": cp.get_latest_category_display() if cp else "",
    }


def story_so_far(case: Case) -> list[dict[str, str]]:
    return [
        {"kind": e.get_kind_display(), "title": e.title, **_day(e.occurred_at)}
        for e in _entries(case)[:STORY_LIMIT]
    ]


def commitment_rows(commitments: Iterable[Commitment]) -> list[dict[str, Any]]:
    return [
        {
            "title": c.title,
            "owner": c.owner_name,
            "professional": c.is_professional,
            "overdue": c.is_overdue,
            "family_can_see": c.audience == CommitmentAudience.FAMILY,
            **_day(c.due_on),
        }
        for c in commitments
    ]


def assemble(case: Case, *, commitments: Iterable[Commitment]) -> dict[str, Any]:
    """The snapshot for a handover pack, as the case stands now."""
    return {
        "family_account": family_account(case),
        "key_people": key_people(case),
        "standing_arrangements": standing_arrangements(case),
        "commitments": commitment_rows(commitments),
        "preferences": preferences(case),
        "plan": current_plan(case),
        "risks": risks(case),
        "story": story_so_far(case),
    }
