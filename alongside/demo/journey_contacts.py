"""Contacts about the demo's children: who got in touch, why, and what was decided.

A decision is due within one working day of the contact; most are made in time, a
few are late. Families asking for help themselves are source 1C; anyone else is a
concern (an individual) or a referral (a professional).
"""

from __future__ import annotations

import datetime
import random
from typing import TYPE_CHECKING

from alongside.demo import journey_texts as jt
from alongside.demo.people import ascii_slug
from alongside.demo.specs import CaseSpec, ContactSpec, Plan
from alongside.demo.timing import at, wd, working
from alongside.journey.codes import ContactKind, NextStep, SharingBasis

if TYPE_CHECKING:
    from alongside.demo.journey import CaseJourney


def context(plan: Plan, case: CaseSpec) -> dict[str, str]:
    """The words that fill a case's templates."""
    child = plan.persons[case.child]
    carer = plan.persons[plan.families[case.family].carers[0]]
    their, them = {"F": ("her", "her"), "M": ("his", "him")}.get(child.sex, ("their", "them"))
    if child.pronouns == "they/them":
        their, them = "their", "them"
    name = child.preferred_name or child.first_names.split(" ")[0]
    return {
        "name": name,
        "child": name,
        "parent": carer.first_names.split(" ")[0],
        "their": their,
        "them": them,
        "school": plan.schools.get(case.child, "the school"),
        "area": plan.teams[case.team].area,
        "lead": "the lead practitioner",
    }


def contact_kind(source: str) -> str:
    if source == "1C":
        return ContactKind.REQUEST_FOR_HELP
    return ContactKind.CONCERN if source in jt.INDIVIDUALS else ContactKind.REFERRAL


def new_contact(
    journey: CaseJourney, day: datetime.date, source: str, rng: random.Random
) -> ContactSpec:
    """A contact received on ``day`` from ``source``, recorded by the front door."""
    kind = contact_kind(source)
    spec = ContactSpec(
        child=journey.case.child,
        received_at=at(day, rng, 8, 17),
        kind=kind,
        source=source,
        reason=journey.fill(rng, jt.REASONS[jt.REASON_GROUPS[source]], day),
        sharing_basis=SharingBasis.CONSENT,
        by=rng.choice(journey.plan.front_door),
    )
    if kind == ContactKind.REQUEST_FOR_HELP:
        spec.sharing_basis = SharingBasis.SELF
    elif rng.random() < (0.6 if kind == ContactKind.CONCERN or source == "9" else 0.2):
        spec.sharing_basis = SharingBasis.NO_CONSENT
        spec.lawful_reason = rng.choice(jt.LAWFUL_REASONS)
    _referrer(journey, spec, rng)
    return spec


def _referrer(journey: CaseJourney, spec: ContactSpec, rng: random.Random) -> None:
    """Who got in touch, and how to reach them to tell them what was decided."""
    if spec.kind == ContactKind.REQUEST_FOR_HELP:
        parent = journey.family.carers[0]
        person = journey.plan.persons[parent]
        spec.asked_by = parent
        spec.referrer_name = f"{person.first_names} {person.last_name}"
        spec.referrer_email, spec.referrer_phone = person.email, person.phone
        return
    if spec.source in ("9", "10"):
        return
    first, last = journey.name(rng)
    spec.referrer_name = f"{first} {last}"
    if spec.kind == ContactKind.CONCERN:
        spec.referrer_phone = f"07700 900{rng.randrange(1000):03d}"
        return
    school = journey.ctx["school"] if spec.source == "2A" else ""
    spec.referrer_organisation = school or jt.ORGANISATIONS.get(spec.source, "The school")
    if rng.random() < 0.7:
        spec.referrer_email = f"{ascii_slug(first)}.{ascii_slug(last)}@example.org"
    else:
        spec.referrer_phone = f"020 7946 0{rng.randrange(1000):03d}"


def decide(
    journey: CaseJourney,
    spec: ContactSpec,
    step: str,
    rng: random.Random,
    *,
    cap: datetime.date | None = None,
) -> None:
    """The decision, mostly within one working day; never after ``cap`` or yesterday."""
    received = spec.received_at.date()
    late = not journey.tidy and rng.random() < 0.08
    if late:
        day = wd(received, rng.randint(2, 4))
    else:
        day = working(received) if rng.random() < 0.55 else wd(received, 1)
    day = max(received, min(day, journey.limit, cap or journey.limit))
    decided = at(day, rng, 9, 19)
    if decided <= spec.received_at:
        decided = spec.received_at + datetime.timedelta(minutes=rng.randrange(30, 240, 5))
    spec.next_step, spec.decided_at = step, decided
    spec.decided_by = rng.choice(journey.plan.front_door)
    pool = jt.ADVICE_REASONS if step == NextStep.INFORMATION_ADVICE else jt.DECISION_REASONS[step]
    spec.decision_reason = journey.fill(rng, pool, day)
    if step == NextStep.STRATEGY_DISCUSSION and rng.random() < 0.4:
        spec.family_told = False
        spec.family_not_told_reason = journey.fill(rng, jt.NOT_TOLD_REASONS, day)
