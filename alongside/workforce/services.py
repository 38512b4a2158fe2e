"""Every change to allocations, handovers and change-of-worker requests goes through here.

``worker_allocate`` is the one way a manager gives a case to a worker. In one
transaction it checks the worker's weighted caseload against the limits and the
family's wishes about their worker, allocates through ``cases.services.case_allocate``,
passes the outgoing worker's open promises to the new worker, assembles the
handover pack, writes the change onto the chronology for the family to read, and
sends the family an introduction to their new worker in the format they asked for.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from alongside import policy
from alongside.accounts.models import Role, User
from alongside.cases.models import Case, CaseType, Stage
from alongside.cases.services import case_allocate
from alongside.chronology.models import Kind
from alongside.chronology.services import entry_create
from alongside.messaging.models import Channel
from alongside.messaging.services import message_send
from alongside.plans.selectors import open_commitments
from alongside.plans.services import commitments_transfer
from alongside.policy import managed_team_ids
from alongside.workforce import handover, letters
from alongside.workforce.models import (
    AllocationDecision,
    CaseloadLimit,
    CaseWeight,
    ChangeDecision,
    HandoverPack,
    Level,
    WorkerChangeRequest,
)
from alongside.workforce.selectors import (
    CASEWORKERS,
    FamilyContact,
    Preference,
    case_units,
    caseload_limits,
    change_request_due_on,
    family_contacts,
    previous_worker,
    units_text,
    worker_caseload,
    worker_preferences,
)

if TYPE_CHECKING:
    from alongside.accounts.models import Team


def _manages(user: User, case: Case) -> bool:
    """A team manager of the case's team (restricted cases: only if they are on its list)."""
    return (
        user.role == Role.TEAM_MANAGER
        and policy.case_access(user, case).basis == policy.Basis.MANAGER
    )


@dataclass(frozen=True)
class AllocationFigures:
    """The worker's caseload before and after this case, and the wishes they do not meet."""

    before: Decimal
    after: Decimal
    level: Level
    unmet: list[Preference]


def _allocation_errors(
    *,
    case: Case,
    worker: User,
    team: Team,
    reason: str,
    override_reason: str,
    against_preference_reason: str,
) -> tuple[dict[str, str], AllocationFigures]:
    errors: dict[str, str] = {}
    if case.closed_on is not None:
        errors["worker"] = "This case is closed"
    if worker.role not in CASEWORKERS or not worker.is_active or worker.team_id != team.pk:
        errors["worker"] = "Choose a worker in the team"
    elif case.worker_id == worker.pk:
        errors["worker"] = f"{worker.full_name} already has this case"
    if not reason:
        errors["reason"] = "Say why you are giving this case to this worker"
    limits = caseload_limits()
    before = worker_caseload(worker, limits).units
    after = before + case_units(case, limits)
    level = limits.level_of(after)
    if level == Level.STOP and not override_reason:
        errors["override_reason"] = (
            f"This takes {worker.full_name} to {units_text(after)} weighted units, above the "
            f"limit of {units_text(limits.stop_above)}. Record why they can take this case"
        )
    unmet = [wish for wish in worker_preferences(case) if not wish.met_by(worker)]
    if unmet and not against_preference_reason:
        errors["against_preference_reason"] = (
            "The worker does not match what the family asked for. "
            "Say why, in words the family will read"
        )
    return errors, AllocationFigures(before, after, level, unmet)


@transaction.atomic
def worker_allocate(
    *,
    case: Case,
    worker: User,
    team: Team,
    by: User,
    reason: str,
    override_reason: str = "",
    against_preference_reason: str = "",
    arrangements: str = "",
) -> AllocationDecision:
    """Give the case to a worker; on a change of worker, hand over the family's story.

    Refused above the stop limit without ``override_reason``, and against the
    family's wishes about their worker without ``against_preference_reason`` (which
    the family reads). ``arrangements``, if given, goes on the chronology as a
    standing arrangement before the handover pack is assembled.
    """
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("child", "worker", "team")
        .get(pk=case.pk)
    )
    # One allocation at a time per worker, so two managers cannot both pass the limit check.
    User.objects.select_for_update().values_list("pk", flat=True).get(pk=worker.pk)
    if not _manages(by, case) or team.pk not in managed_team_ids(by):
        raise ValidationError("Only a manager of this team can allocate its cases")
    reason, override_reason = reason.strip(), override_reason.strip()
    against_preference_reason = against_preference_reason.strip()
    errors, figures = _allocation_errors(
        case=case,
        worker=worker,
        team=team,
        reason=reason,
        override_reason=override_reason,
        against_preference_reason=against_preference_reason,
    )
    if errors:
        raise ValidationError(errors)
    outgoing = previous_worker(case)
    changes_worker = outgoing is not None and outgoing.pk != worker.pk
    now = timezone.now()
    with pghistory.context(reason=f"Allocated to {worker.full_name}: {reason}"):
        allocation = case_allocate(case=case, worker=worker, team=team, by=by, reason=reason[:200])
        if arrangements.strip():
            entry_create(
                case=case,
                by=by,
                kind=Kind.DECISION,
                occurred_at=now,
                title="Standing arrangements",
                text=arrangements.strip(),
            )
        snapshot, transferred = None, 0
        if changes_worker:
            assert outgoing is not None
            snapshot, transferred = _hand_over(case=case, outgoing=outgoing, worker=worker, by=by)
        intro = _introduction(
            case=case,
            worker=worker,
            team=team,
            snapshot=snapshot,
            unmet=[wish.wish for wish in figures.unmet],
            against_preference_reason=against_preference_reason,
        )
        entry = entry_create(
            case=case,
            by=by,
            kind=Kind.ALLOCATION,
            occurred_at=now,
            title=f"{'New worker' if changes_worker else 'Worker'}: {worker.full_name}",
            text="\n\n".join(letters.introduction_lines(intro)),
        )
        decision = AllocationDecision.objects.create(
            case=case,
            allocation=allocation,
            from_worker=outgoing,
            to_worker=worker,
            team=team,
            reason=reason[:200],
            units_before=figures.before,
            units_after=figures.after,
            level=figures.level,
            override_reason=override_reason if figures.level == Level.STOP else "",
            preferences_unmet=[wish.text for wish in figures.unmet],
            against_preference_reason=against_preference_reason if figures.unmet else "",
            family_entry=entry,
            created_by=by,
            updated_by=by,
        )
        if snapshot is not None:
            assert outgoing is not None
            HandoverPack.objects.create(
                case=case,
                decision=decision,
                from_worker=outgoing,
                to_worker=worker,
                assembled_at=now,
                snapshot=snapshot,
                commitments_transferred=transferred,
                created_by=by,
                updated_by=by,
            )
    _introduce(case=case, intro=intro)
    return decision


def _hand_over(*, case: Case, outgoing: User, worker: User, by: User) -> tuple[dict[str, Any], int]:
    """Pass the outgoing worker's open promises on, then snapshot the story for the pack."""
    transferred = commitments_transfer(
        case=case,
        from_user=outgoing,
        to_user=worker,
        by=by,
        reason=f"Handed over from {outgoing.full_name} to {worker.full_name}",
    )
    return handover.assemble(case, commitments=open_commitments(case)), transferred


def _introduction(
    *,
    case: Case,
    worker: User,
    team: Team,
    snapshot: dict[str, Any] | None,
    unmet: list[str],
    against_preference_reason: str,
) -> letters.Introduction:
    promises = 0
    if snapshot is not None:
        promises = sum(1 for row in snapshot["commitments"] if row["professional"])
    return letters.Introduction(
        child=case.child.display_name,
        worker=worker.full_name,
        job=worker.job_title or worker.get_role_display(),
        team=team.name,
        phone=worker.contact_phone,
        email=worker.email,
        handed_over=snapshot is not None,
        promises=promises,
        wishes_unmet=unmet,
        against_preference_reason=against_preference_reason,
    )


def _send(
    contacts: list[FamilyContact], purpose: str, make: Callable[[FamilyContact], tuple[str, str]]
) -> None:
    for contact in contacts:
        subject, body = make(contact)
        message_send(
            channel=contact.channel,
            to_address=contact.address,
            to_user=contact.user,
            purpose=purpose,
            subject=subject,
            body=body,
        )


def _introduce(*, case: Case, intro: letters.Introduction) -> None:
    """Each family member gets the introduction, in their own format."""
    _send(
        family_contacts(case),
        "worker_introduction",
        lambda c: letters.introduction_message(
            intro, name=c.name, formats=c.formats, language=c.language
        ),
    )


@transaction.atomic
def handover_acknowledge(*, pack: HandoverPack, by: User) -> HandoverPack:
    """The new worker confirms they have read the handover. Only they can."""
    pack = (
        HandoverPack.objects.select_for_update(of=("self",))
        .select_related("to_worker")
        .get(pk=pack.pk)
    )
    if pack.to_worker_id != by.pk:
        raise ValidationError(
            f"Only {pack.to_worker.full_name} can confirm they have read this handover"
        )
    if pack.acknowledged_at is not None:
        raise ValidationError("This handover has already been read")
    with pghistory.context(reason="Handover read by the new worker"):
        pack.acknowledged_at = timezone.now()
        pack.acknowledged_by = by
        pack.updated_by = by
        pack.updated_at = pack.acknowledged_at
        pack.save(update_fields=["acknowledged_at", "acknowledged_by", "updated_by", "updated_at"])
    return pack


# --- Asking for a different worker -----------------------------------------------------------


def _managers_of(case: Case) -> list[User]:
    if case.team_id is None:
        return []
    return list(
        User.objects.filter(role=Role.TEAM_MANAGER, is_active=True)
        .filter(Q(managed_teams=case.team_id) | Q(team_id=case.team_id))
        .distinct()
        .order_by("full_name")
    )


@transaction.atomic
def worker_change_request(
    *, case: Case, by: User, reason: str = "", raised_at: datetime.datetime | None = None
) -> WorkerChangeRequest:
    """A family member (or a worker for them) asks for a different worker.

    The team's managers must answer within 10 working days. ``raised_at`` records
    a request the family made earlier, by phone or in person.
    """
    case = Case.objects.select_for_update(of=("self",)).select_related("team").get(pk=case.pk)
    access = policy.case_access(by, case)
    allowed = access.is_family if by.is_family else access.can_write
    if not allowed:
        raise ValidationError("You cannot ask for a different worker on this case")
    now = timezone.now()
    raised_at = raised_at or now
    if raised_at > now + datetime.timedelta(minutes=5):
        raise ValidationError({"raised_at": "The date cannot be in the future"})
    if case.closed_on is not None:
        raise ValidationError({"reason": "This case is closed"})
    waiting = WorkerChangeRequest.objects.filter(case=case, decision="").first()
    if waiting is not None:
        raise ValidationError(
            {
                "reason": "A different worker has already been asked for. "
                f"We will answer by {waiting.due_on:%-d %B %Y}"
            }
        )
    due_on = change_request_due_on(timezone.localdate(raised_at))
    change = WorkerChangeRequest.objects.create(
        case=case,
        raised_by=by,
        worker=case.worker,
        reason=reason.strip(),
        raised_at=raised_at,
        due_on=due_on,
        created_by=by,
        updated_by=by,
    )
    subject, body = letters.change_request_notice(
        reference=case.reference, due=f"{due_on:%-d %B %Y}"
    )
    for manager in _managers_of(case):
        message_send(
            channel=Channel.EMAIL,
            to_address=manager.email,
            to_user=manager,
            purpose="worker_change_request",
            subject=subject,
            body=body,
        )
    return change


@transaction.atomic
def worker_change_decide(
    *, change_request: WorkerChangeRequest, decision: str, explanation: str, by: User
) -> WorkerChangeRequest:
    """A manager of the team answers, with an explanation the family reads."""
    change = (
        WorkerChangeRequest.objects.select_for_update(of=("self",))
        .select_related("case", "case__child", "raised_by", "raised_by__person")
        .get(pk=change_request.pk)
    )
    if not _manages(by, change.case):
        raise ValidationError("Only a manager of this team can answer this request")
    if not change.is_open:
        raise ValidationError("This request has already been answered")
    errors: dict[str, str] = {}
    if decision not in ChangeDecision.values:
        errors["decision"] = "Choose yes or no"
    if not explanation.strip():
        errors["explanation"] = "Explain your answer. The family will read it"
    if errors:
        raise ValidationError(errors)
    with pghistory.context(reason=f"Change of worker {decision}"):
        change.decision = decision
        change.explanation = explanation.strip()
        change.decided_by = by
        change.decided_at = timezone.now()
        change.updated_by = by
        change.updated_at = change.decided_at
        change.save()
    raiser = change.raised_by if change.raised_by.is_family else None
    contacts = family_contacts(change.case, also=raiser)
    _send(
        contacts,
        "worker_change_answer",
        lambda c: letters.change_answer_message(
            name=c.name,
            child=change.case.child.display_name,
            agreed=change.decision == ChangeDecision.AGREED,
            explanation=change.explanation,
            formats=c.formats,
            language=c.language,
        ),
    )
    return change


# --- Weights and limits ---------------------------------------------------------------------

WEIGHT_MAX = Decimal(10)


@transaction.atomic
def caseload_settings_update(
    *,
    weights: dict[str, Decimal],
    warning_above: Decimal,
    stop_above: Decimal,
    restricted_extra: Decimal,
    reason: str,
    by: User,
    type_weights: dict[int, Decimal] | None = None,
) -> list[str]:
    """A staff administrator changes the case weights and caseload limits.

    ``type_weights`` is what each case type in use adds, by the type's id.

    Only changed rows are written; their history keeps who, when and ``reason``.
    Every caseload and allocation reads the rows, so the change applies at once.
    Returns what changed, in words.
    """
    if by.role != Role.ADMIN:
        raise ValidationError("Only a staff administrator can change the weights and limits")
    errors: dict[str, list[str]] = {}
    reason = reason.strip()
    if not reason:
        errors["reason"] = ["Say why the weights or limits are changing"]
    labels = dict(Stage.choices)
    for stage, weight in weights.items():
        if stage not in labels or stage == Stage.CLOSED:
            raise ValidationError(f"{stage} is not an open stage")
        if not Decimal(0) <= weight <= WEIGHT_MAX:
            errors[f"weight_{stage}"] = [
                f"The weight for {labels[stage].lower()} must be between 0 and {WEIGHT_MAX}"
            ]
    type_weights = type_weights or {}
    types = {
        t.pk: t
        for t in CaseType.objects.select_for_update().filter(
            pk__in=list(type_weights), is_active=True
        )
    }
    for pk, weight in type_weights.items():
        if pk not in types:
            raise ValidationError("That case type is no longer used")
        if not Decimal(0) <= weight <= WEIGHT_MAX:
            errors[f"type_{pk}"] = [
                f"The extra for {types[pk].name.lower()} must be between 0 and {WEIGHT_MAX}"
            ]
    if not Decimal(0) <= restricted_extra <= WEIGHT_MAX:
        errors["restricted_extra"] = [
            f"The extra for a restricted case must be between 0 and {WEIGHT_MAX}"
        ]
    if warning_above <= 0:
        errors["warning_above"] = ["The warning level must be more than 0"]
    if stop_above <= warning_above:
        errors["stop_above"] = ["The stop limit must be more than the warning level"]
    if errors:
        raise ValidationError(errors)
    source = f"Set by {by.full_name}: {reason}"
    changed: list[str] = []
    with pghistory.context(reason=reason):
        rows = CaseWeight.objects.select_for_update().filter(stage__in=list(weights))
        for row in rows:
            new = weights[row.stage]
            if row.weight != new:
                changed.append(
                    f"{row.get_stage_display()}: {units_text(row.weight)} to {units_text(new)}"
                )
                row.weight, row.source = new, source[:300]
                row.save(update_fields=["weight", "source"])
        for stage in set(weights) - {row.stage for row in rows}:
            CaseWeight.objects.create(stage=stage, weight=weights[stage], source=source[:300])
            changed.append(f"{labels[stage]}: {units_text(weights[stage])}")
        for pk, new in type_weights.items():
            case_type = types[pk]
            if case_type.weight != new:
                changed.append(
                    f"{case_type.name}: {units_text(case_type.weight)} to {units_text(new)} more"
                )
                case_type.weight, case_type.source = new, source[:300]
                case_type.updated_at, case_type.updated_by = timezone.now(), by
                case_type.save(update_fields=["weight", "source", "updated_at", "updated_by"])
        limit = CaseloadLimit.objects.select_for_update().filter(name="default").first()
        if limit is None:
            limit = CaseloadLimit(name="default")
        new_values = {
            "warning_above": warning_above,
            "stop_above": stop_above,
            "restricted_extra": restricted_extra,
        }
        words = {
            "warning_above": "Warning above",
            "stop_above": "Stop above",
            "restricted_extra": "A restricted case",
        }
        limit_changed = limit.pk is None
        for name, value in new_values.items():
            old = getattr(limit, name, None)
            if old != value:
                if old is not None:
                    changed.append(f"{words[name]}: {units_text(old)} to {units_text(value)}")
                setattr(limit, name, value)
                limit_changed = True
        if limit_changed:
            limit.source = source
            limit.save()
    return changed


def _admin_reason(by: User, reason: str, what: str) -> str:
    if by.role != Role.ADMIN:
        raise ValidationError("Only a staff administrator can change the case types")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": f"Say why {what}"})
    return reason


@transaction.atomic
def case_type_add(*, name: str, hint: str, weight: Decimal, reason: str, by: User) -> CaseType:
    """A staff administrator adds a case type that caseloads can weigh."""
    errors: dict[str, list[str]] = {}
    name = " ".join(name.split())
    if not by.role == Role.ADMIN:
        raise ValidationError("Only a staff administrator can change the case types")
    if not name:
        errors["name"] = ["Enter the name of the case type"]
    elif CaseType.objects.filter(name__iexact=name).exists():
        errors["name"] = [f"There is already a case type called {name}"]
    if not Decimal(0) <= weight <= WEIGHT_MAX:
        errors["weight"] = [f"The extra weight must be between 0 and {WEIGHT_MAX}"]
    if not reason.strip():
        errors["reason"] = ["Say why this case type is needed"]
    if errors:
        raise ValidationError(errors)
    reason = reason.strip()
    base = slugify(name)[:34] or "case-type"
    code, n = base, 1
    while CaseType.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    with pghistory.context(reason=reason):
        return CaseType.objects.create(
            code=code,
            name=name,
            hint=" ".join(hint.split())[:200],
            weight=weight,
            source=f"Added by {by.full_name}: {reason}"[:300],
            created_by=by,
            updated_by=by,
        )


@transaction.atomic
def case_type_retire(*, case_type: CaseType, reason: str, by: User) -> CaseType:
    """Stop using a case type: it is no longer offered and no longer adds weight.

    Cases marked with it keep the mark in their history; nothing is deleted.
    """
    reason = _admin_reason(by, reason, "this case type is no longer used")
    if not case_type.is_active:
        raise ValidationError("This case type is already no longer used")
    with pghistory.context(reason=reason):
        case_type.is_active = False
        case_type.source = f"Stopped by {by.full_name}: {reason}"[:300]
        case_type.updated_at, case_type.updated_by = timezone.now(), by
        case_type.save(update_fields=["is_active", "source", "updated_at", "updated_by"])
    return case_type
