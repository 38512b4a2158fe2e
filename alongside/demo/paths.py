"""The stages a case goes through, each with the day it began, in realistic proportions.

An assessment lasts weeks (a few run past 45 working days), a child protection plan
months, early help or a child in need plan months or years. A path is a list of
(stage, first day) starting with the referral; the journey records are made from it.
"""

from __future__ import annotations

import datetime
import random

from alongside.cases.models import ClosureReason, Stage

S = Stage
DAY = datetime.timedelta(days=1)
Path = list[tuple[str, datetime.date]]
Phase = tuple[str, int | None]  # stage, days it lasts (None: until the end)
CP_PLAN_DAYS = (120, 640)
S47_ONLY_DAYS = (5, 20)


def stage_on(path: Path, day: datetime.date) -> str:
    """The stage a case was at on a day."""
    current = path[0][0]
    for stage, since in path:
        if since > day:
            break
        current = stage
    return current


class PathMaker:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def make(
        self,
        final: str,
        start: datetime.date,
        end: datetime.date,
        *,
        reason: str = "",
        cp_days: int | None = None,
    ) -> Path:
        """The path from a referral on ``start`` to ``final``, lasting until ``end``.

        ``reason`` is the reason for closing on ``end`` for a path that closes there;
        ``cp_days`` fixes how long an open child protection stage has lasted.
        """
        if final == S.REFERRAL:
            return [(S.REFERRAL, start)]
        span = max(1, (end - start).days)
        first = min(self.rng.randint(1, 10), span)
        return fit(start, span, first, self._phases(final, reason, span - first, cp_days))

    def _assessment_days(self) -> int:
        rng = self.rng
        return rng.randint(15, 60) if rng.random() < 0.87 else rng.randint(64, 95)

    def _phases(self, final: str, reason: str, room: int, cp_days: int | None) -> list[Phase]:
        rng = self.rng
        if final == S.ASSESSMENT:
            return [(S.ASSESSMENT, None)]
        if final == S.EARLY_HELP:
            if rng.random() < 0.35:  # assessed first, then stepped down to early help
                return [(S.ASSESSMENT, self._assessment_days()), (S.EARLY_HELP, None)]
            return [(S.EARLY_HELP, None)]
        if final == S.CHILD_IN_NEED:
            return self._child_in_need()
        if final == S.CHILD_PROTECTION:
            return self._child_protection(reason, room, cp_days)
        return self._looked_after()

    def _child_in_need(self) -> list[Phase]:
        rng = self.rng
        roll = rng.random()
        assess = (S.ASSESSMENT, self._assessment_days())
        if roll < 0.12:  # stepped down to early help, then referred again within the year
            again = (S.ASSESSMENT, self._assessment_days())
            return [assess, (S.EARLY_HELP, rng.randint(40, 200)), again, (S.CHILD_IN_NEED, None)]
        if roll < 0.22:  # a section 47 enquiry that did not lead to a conference
            short = (S.CHILD_PROTECTION, rng.randint(*S47_ONLY_DAYS))
            return [(S.ASSESSMENT, rng.randint(5, 30)), short, (S.CHILD_IN_NEED, None)]
        if roll < 0.37:  # a child protection plan that ended, stepped down to child in need
            plan = (S.CHILD_PROTECTION, rng.randint(*CP_PLAN_DAYS))
            return [assess, plan, (S.CHILD_IN_NEED, None)]
        return [assess, (S.CHILD_IN_NEED, None)]

    def _child_protection(self, reason: str, room: int, cp_days: int | None) -> list[Phase]:
        """Child protection last: open now, or closing with ``reason``."""
        rng = self.rng
        assess = self._assessment_days()
        if reason:
            before = [(S.CHILD_IN_NEED, rng.randint(60, 400))] if rng.random() < 0.4 else []
            if reason == ClosureReason.RC5:
                return [(S.ASSESSMENT, assess), *before, (S.CHILD_PROTECTION, None)]
            plan = (S.CHILD_PROTECTION, rng.randint(*CP_PLAN_DAYS))
            return [(S.ASSESSMENT, assess), *before, plan, (S.CHILD_IN_NEED, None)]
        lasted = cp_days or rng.randint(30, 700)
        slack = room - assess - lasted
        if slack > 60:  # a child in need plan first, for as long as the case allows
            return [(S.ASSESSMENT, assess), (S.CHILD_IN_NEED, slack), (S.CHILD_PROTECTION, None)]
        # The strategy discussion happens during the assessment.
        strategy = max(2, min(rng.randint(2, 30), room - lasted))
        return [(S.ASSESSMENT, strategy), (S.CHILD_PROTECTION, None)]

    def _looked_after(self) -> list[Phase]:
        rng = self.rng
        phases: list[Phase] = [(S.ASSESSMENT, self._assessment_days())]
        in_need = rng.random() < 0.45
        protected = rng.random() < 0.6
        if in_need or not protected:
            phases.append((S.CHILD_IN_NEED, rng.randint(60, 600)))
        if protected:
            phases.append((S.CHILD_PROTECTION, rng.randint(40, 400)))
        return [*phases, (S.LOOKED_AFTER, None)]

    def joined(self, path: Path, start: datetime.date, end: datetime.date) -> Path:
        """The path of a child who joined the work later (often born during it).

        The child has their own referral and assessment, then meets the family's path
        at its next change.
        """
        if start <= path[0][1]:
            return list(path)
        later = [(stage, day) for stage, day in path if day > start]
        until = later[0][1] if later else end
        own: Path = [(S.REFERRAL, start)]
        for stage, offset in self._own_steps(stage_on(path, start)):
            day = start + offset * DAY
            # A plan needs room for the initial conference before the family's next change.
            if day >= until or (stage == S.CHILD_PROTECTION and (until - day).days < 30):
                break
            own.append((stage, day))
        return own + later

    def _own_steps(self, family_stage: str) -> list[tuple[str, int]]:
        """A joining child's own stages up to the family's, each with its day from the start."""
        rng = self.rng
        assess = rng.randint(1, 3)
        if family_stage == S.REFERRAL:
            return []
        if family_stage == S.EARLY_HELP:
            return [(S.EARLY_HELP, rng.randint(1, 5))]
        steps: list[tuple[str, int]] = [(S.ASSESSMENT, assess)]
        if family_stage == S.CHILD_IN_NEED:
            steps.append((S.CHILD_IN_NEED, assess + rng.randint(10, 35)))
        elif family_stage == S.CHILD_PROTECTION:
            steps.append((S.CHILD_PROTECTION, assess + rng.randint(4, 12)))
        elif family_stage == S.LOOKED_AFTER:
            in_need = assess + rng.randint(10, 30)
            steps += [(S.CHILD_IN_NEED, in_need), (S.LOOKED_AFTER, in_need + rng.randint(40, 90))]
        return steps


def fit(start: datetime.date, span: int, first: int, phases: list[Phase]) -> Path:
    """Lay the phases end to end from ``start + first``; shrink them if the span is short."""
    fixed = [days for _, days in phases[:-1]]
    room = span - first - 1
    total = sum(d or 0 for d in fixed)
    if total > room:
        scale = max(0.0, room / total) if total else 0.0
        fixed = [max(1, int((d or 0) * scale)) for d in fixed]
    path: Path = [(S.REFERRAL, start)]
    day = start + first * DAY
    last = start + span * DAY
    for (stage, _), days in zip(phases, [*fixed, 0], strict=True):
        if day >= last and path[-1][0] != S.REFERRAL:
            break
        path.append((stage, min(day, last - DAY) if day >= last else day))
        day += (days or 0) * DAY
    return dedupe(path)


def dedupe(path: Path) -> Path:
    """Keep the days strictly increasing: a stage squeezed onto an earlier one's day goes."""
    kept: Path = []
    for stage, day in path:
        if kept and day <= kept[-1][1]:
            continue
        kept.append((stage, day))
    return kept
