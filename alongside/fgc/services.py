"""Every change to a family group conference goes through these functions.

- ``fgc_refer``: a referral to a coordinator, who is told by email; the family said
  yes, so the offer is recorded as accepted. On the chronology.
- ``fgc_arrange``: the day, as a meeting of the family group conference kind
  (``meetings.meeting_schedule``); invitations belong to that meeting.
- ``fgc_invite``: one invitee (``meetings.invitation_add``) and their part on the day.
- ``preparation_record``: the coordinator met someone to prepare them.
- ``fgc_held``: the day happened: who came and the private family time, as times
  only and that the professionals left. Nothing the family said is recorded.
- ``plan_share``: the family chose to share their plan; ``action_add`` and
  ``action_remove`` write its steps down (removed, never deleted, with a reason).
- ``plan_adopt``: the council agrees the plan; every action becomes a commitment
  (``plans.commitment_create``) and the chronology says so.
- ``fgc_close``: the coordinator's part ends, with a reason.
- ``offer_record``: for a child, a conference offered and the family's answer, or why not.
- ``pre_proceedings_check``: a pre-proceedings meeting needs a conference held or a
  recorded offer (or the reason there was none) first.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.models import Role
from alongside.chronology.models import Audience, Kind
from alongside.chronology.services import entry_create
from alongside.fgc.models import (
    FamilyGroupConference,
    FgcOffer,
    FgcRole,
    NotHeldReason,
    OfferOutcome,
    Participant,
    PlanAction,
    Preparation,
)
from alongside.fgc.selectors import open_fgc
from alongside.meetings import services as meetings_services
from alongside.meetings.models import InviteeKind, MeetingKind
from alongside.meetings.services import invitation_add, meeting_record, meeting_schedule
from alongside.messaging.models import Channel
from alongside.messaging.services import message_send
from alongside.plans.models import Commitment, SourceKind
from alongside.plans.selectors import family_members, open_plans
from alongside.plans.services import commitment_create

if TYPE_CHECKING:
    from alongside.accounts.models import User
    from alongside.cases.models import Case
    from alongside.people.models import Person

INVITEE_KIND = {
    FgcRole.FAMILY: InviteeKind.FAMILY,
    FgcRole.CHILD: InviteeKind.FAMILY,
    FgcRole.CHILD_ADVOCATE: InviteeKind.SUPPORTER,
    FgcRole.SUPPORTER: InviteeKind.SUPPORTER,
    FgcRole.INFORMATION_GIVER: InviteeKind.AGENCY,
    FgcRole.INTERPRETER: InviteeKind.INTERPRETER,
}


def _day(value: datetime.date) -> str:
    return f"{value.day} {value:%B %Y}"


def _note(*, case: Case, by: User, kind: Kind, title: str, text: str) -> None:
    entry_create(
        case=case,
        by=by,
        kind=kind,
        occurred_at=timezone.now(),
        title=title[:150],
        text=text,
        audience=Audience.FAMILY,
    )


def _open(fgc: FamilyGroupConference) -> None:
    if fgc.closed_at is not None:
        raise ValidationError("This family group conference is closed")


@transaction.atomic
def fgc_refer(
    *, case: Case, coordinator: User, question: str, worries: str, by: User
) -> FamilyGroupConference:
    errors: dict[str, str] = {}
    if not case.is_open:
        errors["coordinator"] = "The case is closed"
    if coordinator.role != Role.FGC_COORDINATOR or not coordinator.is_active:
        errors["coordinator"] = "Choose a family group conference coordinator who is working now"
    if not question.strip():
        errors["question"] = "Enter the question the family will plan for"
    if not worries.strip():
        errors["worries"] = "Enter what you are worried about"
    if open_fgc(case) is not None:
        errors["coordinator"] = "This child already has a family group conference under way"
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate()
    fgc = FamilyGroupConference.objects.create(
        case=case,
        coordinator=coordinator,
        referred_by=by,
        referred_on=today,
        question=question.strip(),
        worries=worries.strip(),
        created_by=by,
        updated_by=by,
    )
    FgcOffer.objects.create(
        case=case,
        outcome=OfferOutcome.ACCEPTED,
        offered_on=today,
        offered_to="The family, who said yes",
        created_by=by,
        updated_by=by,
    )
    message_send(
        channel=Channel.EMAIL,
        to_address=coordinator.email,
        to_user=coordinator,
        purpose="fgc_referral",
        subject=f"A family group conference referral ({case.reference})",
        body=(
            f"{by.full_name} has referred {case.child.display_name} ({case.reference}) to you "
            f"for a family group conference. You can now open the case. "
            f"{reverse('staff:fgc', args=[case.pk, fgc.pk])}"
        ),
    )
    _note(
        case=case,
        by=by,
        kind=Kind.REFERRAL,
        title="Referred for a family group conference",
        text=(
            f"{coordinator.full_name}, a family group conference coordinator, will get in touch "
            f"to plan it with the family.\n\nThe question for the family: {fgc.question}"
        ),
    )
    return fgc


@transaction.atomic
def fgc_arrange(
    *, fgc: FamilyGroupConference, starts_at: datetime.datetime, place: str, by: User
) -> FamilyGroupConference:
    _open(fgc)
    if fgc.meeting_id is not None:
        raise ValidationError({"place": "The day is already arranged"})
    if starts_at < timezone.now():
        raise ValidationError({"starts_on": "The date must be in the future"})
    meeting = meeting_schedule(
        case=fgc.case,
        kind=MeetingKind.FAMILY_GROUP_CONFERENCE,
        starts_at=starts_at,
        place=place,
        purpose=fgc.question,
        by=by,
    )
    fgc.meeting = meeting
    fgc.updated_by = by
    fgc.updated_at = timezone.now()
    fgc.save(update_fields=["meeting", "updated_by", "updated_at"])
    return fgc


@transaction.atomic
def fgc_invite(
    *,
    fgc: FamilyGroupConference,
    role: FgcRole | str,
    by: User,
    person: Person | None = None,
    name: str = "",
    organisation: str = "",
    email: str = "",
    language: str = "",
) -> Participant:
    _open(fgc)
    if fgc.meeting is None:
        raise ValidationError({"role": "Agree the date and place first"})
    if role not in FgcRole.values:
        raise ValidationError({"role": "Choose what they will do on the day"})
    role = FgcRole(role)
    relation = ""
    if person is not None:
        network = {m.person.pk: m.relation for m in family_members(fgc.case)}
        if person.pk not in network:
            raise ValidationError({"person": "Choose someone from the child's network"})
        relation = network[person.pk]
        if role == FgcRole.CHILD and person.pk != fgc.case.child_id:
            raise ValidationError({"person": "Only the child can come as the child"})
        if role in (FgcRole.INFORMATION_GIVER, FgcRole.INTERPRETER, FgcRole.CHILD_ADVOCATE):
            raise ValidationError({"person": "Someone from the family cannot come in this role"})
    elif role in (FgcRole.FAMILY, FgcRole.CHILD):
        raise ValidationError({"person": "Choose who in the family to invite"})
    invitation = invitation_add(
        meeting=fgc.meeting,
        invitee_kind=INVITEE_KIND[role],
        by=by,
        person=person,
        name=name,
        organisation=organisation,
        email=email,
        role=relation or role.label.lower(),
        language=language,
    )
    return Participant.objects.create(
        fgc=fgc, invitation=invitation, role=role, created_by=by, updated_by=by
    )


@transaction.atomic
def preparation_record(
    *,
    fgc: FamilyGroupConference,
    on: datetime.date,
    note: str,
    by: User,
    person: Person | None = None,
    with_whom: str = "",
) -> Preparation:
    _open(fgc)
    errors: dict[str, str] = {}
    if person is None and not with_whom.strip():
        errors["person"] = "Choose who you met, or write their name"
    if on > timezone.localdate():
        errors["on"] = "The date cannot be in the future"
    if not note.strip():
        errors["note"] = "Write what you agreed for the day"
    if errors:
        raise ValidationError(errors)
    return Preparation.objects.create(
        fgc=fgc,
        person=person,
        with_whom=with_whom.strip(),
        on=on,
        note=note.strip(),
        created_by=by,
        updated_by=by,
    )


@transaction.atomic
def fgc_held(
    *,
    fgc: FamilyGroupConference,
    held_on: datetime.date,
    attended: Iterable[int],
    private_started: datetime.time,
    private_ended: datetime.time,
    professionals_left: bool,
    by: User,
) -> FamilyGroupConference:
    """The day happened. Private family time is recorded by its times alone."""
    _open(fgc)
    meeting = fgc.meeting
    if meeting is None:
        raise ValidationError({"held_on": "Agree the date and place first"})
    if meeting.held_on is not None:
        raise ValidationError({"held_on": "The day is already recorded"})
    errors: dict[str, str] = {}
    if not professionals_left:
        errors["professionals_left"] = (
            "Private family time is the family on their own: confirm that every professional left"
        )
    if private_ended <= private_started:
        errors["private_ended"] = "The end must be after the start"
    if held_on > timezone.localdate():
        errors["held_on"] = "The date cannot be in the future"
    elif held_on < fgc.referred_on:
        errors["held_on"] = "The date cannot be before the referral"
    if errors:
        raise ValidationError(errors)
    started = timezone.make_aware(datetime.datetime.combine(held_on, private_started))
    ended = timezone.make_aware(datetime.datetime.combine(held_on, private_ended))
    words = (
        f"The family had private family time from {private_started:%H:%M} to "
        f"{private_ended:%H:%M}. Every professional left the room. What the family said "
        "in that time is theirs: only the plan they choose to share is written down."
    )
    meeting_record(meeting=meeting, held_on=held_on, attended=attended, decisions=words, by=by)
    with pghistory.context(reason="Family group conference held"):
        fgc.private_time_started_at = started
        fgc.private_time_ended_at = ended
        fgc.professionals_left = True
        fgc.updated_by = by
        fgc.updated_at = timezone.now()
        fgc.save()
    return fgc


@transaction.atomic
def plan_share(
    *, fgc: FamilyGroupConference, family_chose: bool, words: str, by: User
) -> FamilyGroupConference:
    _open(fgc)
    if fgc.held_on is None:
        raise ValidationError({"family_chose": "Record the day first"})
    if fgc.adopted_at is not None:
        raise ValidationError({"words": "The plan is already part of the case plan"})
    if not family_chose:
        raise ValidationError(
            {"family_chose": "Write the plan down only if the family chose to share it"}
        )
    fgc.plan_shared_on = fgc.plan_shared_on or timezone.localdate()
    fgc.plan_words = words.strip()
    fgc.updated_by = by
    fgc.updated_at = timezone.now()
    fgc.save()
    return fgc


@transaction.atomic
def action_add(
    *,
    fgc: FamilyGroupConference,
    what: str,
    due_on: datetime.date,
    by: User,
    owner_user: User | None = None,
    owner_person: Person | None = None,
) -> PlanAction:
    _open(fgc)
    errors: dict[str, str] = {}
    if fgc.plan_shared_on is None:
        errors["what"] = "Record that the family chose to share their plan first"
    elif fgc.adopted_at is not None:
        errors["what"] = "The plan is already part of the case plan: add to the plan both ways"
    if not what.strip():
        errors["what"] = "Enter what will be done"
    if (owner_user is None) == (owner_person is None):
        errors["owner"] = "Choose who will do it: one family member or one professional"
    elif owner_person is not None and owner_person.pk not in {
        m.person.pk for m in family_members(fgc.case)
    }:
        errors["owner"] = "Choose someone from the child's network"
    elif owner_user is not None and not (owner_user.is_active and owner_user.is_staff_member):
        errors["owner"] = "Choose a member of staff who is working now"
    if due_on < timezone.localdate():
        errors["due_on"] = "The date cannot be in the past"
    if errors:
        raise ValidationError(errors)
    return PlanAction.objects.create(
        fgc=fgc,
        what=what.strip()[:150],
        owner_user=owner_user,
        owner_person=owner_person,
        due_on=due_on,
        created_by=by,
        updated_by=by,
    )


@transaction.atomic
def action_remove(*, action: PlanAction, reason: str, by: User) -> PlanAction:
    if action.commitment_id is not None or action.archived_at is not None:
        raise ValidationError("Only a step not yet added to the case plan can be taken off")
    if not reason.strip():
        raise ValidationError({"reason": "Say why it is taken off"})
    with pghistory.context(reason=reason.strip()):
        action.archived_at = timezone.now()
        action.archived_reason = reason.strip()
        action.updated_by = by
        action.save()
    return action


@transaction.atomic
def plan_adopt(*, fgc: FamilyGroupConference, by: User) -> list[Commitment]:
    """The council agrees the family's plan: each action becomes a commitment on the case plan."""
    _open(fgc)
    if fgc.plan_shared_on is None:
        raise ValidationError("The family has not shared a plan")
    if fgc.adopted_at is not None:
        raise ValidationError("The plan is already part of the case plan")
    actions = list(
        PlanAction.objects.select_for_update(of=("self",))
        .filter(fgc=fgc, archived_at__isnull=True)
        .select_related("owner_user", "owner_person")
    )
    if not actions:
        raise ValidationError("Add the plan's steps first")
    held_on = fgc.held_on
    assert held_on is not None
    plans = open_plans(fgc.case)
    plan = plans[0] if plans else None
    detail = f"From the family's plan made at their family group conference on {_day(held_on)}."
    made = []
    for action in actions:
        commitment = commitment_create(
            case=fgc.case,
            title=action.what,
            due_on=action.due_on,
            by=by,
            source=SourceKind.PLAN_ACTION,
            owner_user=action.owner_user,
            owner_person=action.owner_person,
            detail=detail,
            cin_plan=plan.cin_plan if plan else None,
            cp_plan=plan.cp_plan if plan else None,
            early_help=plan.early_help if plan else None,
        )
        action.commitment = commitment
        action.updated_by = by
        action.save(update_fields=["commitment", "updated_by", "updated_at"])
        made.append(commitment)
    with pghistory.context(reason="Family plan agreed"):
        fgc.adopted_at = timezone.now()
        fgc.adopted_by = by
        fgc.updated_by = by
        fgc.save()
    steps = "\n".join(f"- {a.owner_name}: {a.what}, by {_day(a.due_on)}." for a in actions)
    _note(
        case=fgc.case,
        by=by,
        kind=Kind.DECISION,
        title="The family's plan is now part of the plan",
        text=(
            f"We agreed the plan the family made at their family group conference on "
            f"{_day(held_on)}. Each step is now on the plan both ways.\n\n{steps}"
        ),
    )
    return made


@transaction.atomic
def fgc_close(*, fgc: FamilyGroupConference, reason: str, by: User) -> FamilyGroupConference:
    _open(fgc)
    if not reason.strip():
        raise ValidationError({"reason": "Say why it is closing"})
    with pghistory.context(reason=reason.strip()):
        fgc.closed_at = timezone.now()
        fgc.closed_reason = reason.strip()
        fgc.updated_by = by
        fgc.save()
    return fgc


@transaction.atomic
def offer_record(
    *,
    case: Case,
    outcome: OfferOutcome | str,
    by: User,
    offered_on: datetime.date | None = None,
    offered_to: str = "",
    reason: str = "",
    reason_detail: str = "",
) -> FgcOffer:
    """A family group conference offered and the family's answer, or the reason it was not."""
    errors: dict[str, str] = {}
    if outcome not in OfferOutcome.values:
        errors["outcome"] = "Choose whether it was offered"
    if outcome == OfferOutcome.DECLINED:
        reason = NotHeldReason.FAMILY_DECLINED
    elif outcome == OfferOutcome.ACCEPTED:
        reason = ""
    if outcome in (OfferOutcome.ACCEPTED, OfferOutcome.DECLINED):
        if offered_on is None:
            errors["offered_on"] = "Enter the date it was offered"
        elif offered_on > timezone.localdate():
            errors["offered_on"] = "The date cannot be in the future"
        if not offered_to.strip():
            errors["offered_to"] = "Enter who it was offered to"
    else:
        offered_on = None
        if reason not in NotHeldReason.values or reason == NotHeldReason.FAMILY_DECLINED:
            errors["reason"] = "Choose why it was not offered"
    if reason == NotHeldReason.OTHER and not reason_detail.strip():
        errors["reason_detail"] = "Explain the reason"
    if errors:
        raise ValidationError(errors)
    offer = FgcOffer.objects.create(
        case=case,
        outcome=outcome,
        offered_on=offered_on,
        offered_to=offered_to.strip(),
        reason=reason,
        reason_detail=reason_detail.strip(),
        created_by=by,
        updated_by=by,
    )
    if outcome == OfferOutcome.NOT_OFFERED:
        text = f"A family group conference was not offered. Why: {offer.get_reason_display()}."
    else:
        text = f"A family group conference was offered to {offer.offered_to} on {_day(offered_on)}."  # type: ignore[arg-type]
        if outcome == OfferOutcome.DECLINED:
            text += " The family said no."
        else:
            text += " The family said yes."
    if offer.reason_detail:
        text += f" {offer.reason_detail}"
    _note(case=case, by=by, kind=Kind.DECISION, title="Family group conference offer", text=text)
    return offer


def pre_proceedings_check(*, case: Case, kind: str) -> None:
    """Refuse a pre-proceedings meeting until a conference was held or the offer is recorded.

    The rule lives with ``meetings.services.meeting_schedule``, which every route asks.
    """
    meetings_services.pre_proceedings_check(case=case, kind=kind)
