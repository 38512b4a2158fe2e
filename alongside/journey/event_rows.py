"""The dated steps of many cases, read in one statement for the timescale clocks.

Lists of many cases (My work, a team's work list) work out every open clock of
every case on each request. Reading the steps through the ORM took a dozen queries
with prefetches and built a model object per step; this reads only the dates the
clocks count from, as one JSON document per case, in one round trip. The events it
gives are the same, in the same order, as ``journey.selectors._referral_events``
reading the models would (the journey tests run every clock through it).

Days are the local (``TIME_ZONE``) day of a moment, as ``timezone.localdate`` gives.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection

from alongside.chronology.models import Kind, Status
from alongside.journey.codes import Section47Outcome
from alongside.meetings.models import InviteeKind

# Each referral: [id, referral_date, contact_id, closed_on, assessments, discussions,
# enquiries, conferences, cp_plans, cin_plans], children in the order the clocks read them.
_SQL = """
SELECT c.id,
       (SELECT json_agg(json_build_array(k.id, (k.decided_at AT TIME ZONE %(tz)s)::date)
                        ORDER BY k.received_at DESC, k.id)
          FROM journey_contact k
         WHERE k.case_id = c.id AND k.decided_at IS NOT NULL),
       (SELECT json_agg(h.started_on ORDER BY h.started_on DESC, h.id)
          FROM journey_earlyhelpepisode h WHERE h.case_id = c.id),
       (SELECT json_agg(v.day)
          FROM (SELECT (x.occurred_at AT TIME ZONE %(tz)s)::date AS day
                  FROM chronology_entry x
                 WHERE x.case_id = c.id AND x.kind = %(visit)s AND x.status = %(published)s
                   AND x.archived_at IS NULL
                 ORDER BY x.occurred_at DESC, x.id DESC
                 LIMIT %(visits)s) v),
       (SELECT json_agg(json_build_array(
                 r.id, r.referral_date, r.contact_id, r.closed_on,
                 (SELECT json_agg(json_build_array(a.started_on, a.authorised_on)
                                  ORDER BY a.started_on, a.id)
                    FROM journey_assessment a WHERE a.referral_id = r.id),
                 (SELECT json_agg(d.held_on ORDER BY d.held_on, d.id)
                    FROM journey_strategydiscussion d WHERE d.referral_id = r.id),
                 (SELECT json_agg(json_build_array(q.outcome, qd.held_on)
                                  ORDER BY q.started_on, q.id)
                    FROM journey_section47enquiry q
                    LEFT JOIN journey_strategydiscussion qd ON qd.id = q.strategy_discussion_id
                   WHERE q.referral_id = r.id),
                 (SELECT json_agg(json_build_array(
                           f.kind, f.scheduled_for, f.held_on,
                           (SELECT CASE WHEN count(*) > 0 AND count(s.first_share) = count(*)
                                        THEN (max(s.first_share) AT TIME ZONE %(tz)s)::date END
                              FROM (SELECT (SELECT min(rs.shared_at)
                                              FROM meetings_reportshare rs
                                             WHERE rs.invitation_id = i.id) AS first_share
                                      FROM meetings_meeting m
                                      JOIN meetings_invitation i ON i.meeting_id = m.id
                                     WHERE m.conference_id = f.id
                                       AND i.invitee_kind = %(family)s) s))
                                  ORDER BY f.scheduled_for, f.id)
                    FROM journey_conference f WHERE f.referral_id = r.id),
                 (SELECT json_agg(json_build_array(
                           p.started_on, p.ended_on,
                           (SELECT json_agg(g.held_on)
                              FROM (SELECT g.held_on FROM journey_coregroup g
                                     WHERE g.plan_id = p.id
                                     ORDER BY g.held_on DESC, g.id DESC
                                     LIMIT %(latest)s) g))
                                  ORDER BY p.started_on, p.id)
                    FROM journey_childprotectionplan p WHERE p.referral_id = r.id),
                 (SELECT json_agg(json_build_array(
                           n.started_on, n.ended_on,
                           (SELECT json_agg(w.held_on)
                              FROM (SELECT w.held_on FROM journey_planreview w
                                     WHERE w.cin_plan_id = n.id
                                     ORDER BY w.held_on DESC, w.id DESC
                                     LIMIT %(latest)s) w))
                                  ORDER BY n.started_on, n.id)
                    FROM journey_childinneedplan n WHERE n.referral_id = r.id))
                        ORDER BY r.referral_date DESC, r.id DESC)
          FROM journey_referral r WHERE r.case_id = c.id),
       (SELECT v.visit_every_working_days
          FROM journey_childprotectionplan v JOIN journey_referral vr ON vr.id = v.referral_id
         WHERE vr.case_id = c.id AND v.ended_on IS NULL
         ORDER BY v.started_on DESC, v.id DESC LIMIT 1)
  FROM cases_case c
 WHERE c.id = ANY(%(ids)s)
"""


def _date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


def _day(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return json.loads(value) if isinstance(value, str) else list(value)


@dataclass
class Conference:
    kind: str
    scheduled_for: datetime.date
    held_on: datetime.date | None
    family_report_shared_on: datetime.date | None


@dataclass
class Plan:
    started_on: datetime.date
    ended_on: datetime.date | None
    meetings: list[datetime.date]  # core groups of a protection plan, reviews of a CIN plan


@dataclass
class Referral:
    id: int
    referral_date: datetime.date
    contact_id: int | None
    closed_on: datetime.date | None
    assessments: list[tuple[datetime.date, datetime.date | None]]
    discussions: list[datetime.date]
    conference_needed_from: list[datetime.date]  # enquiries ending in a conference
    conferences: list[Conference]
    cp_plans: list[Plan]
    cin_plans: list[Plan]


@dataclass
class CaseSteps:
    decided_contacts: list[tuple[int, datetime.date]] = field(default_factory=list)
    early_help_started: list[datetime.date] = field(default_factory=list)
    visits: list[datetime.date] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    # How often the current child protection plan says the child is visited, if one runs.
    visit_every: int | None = None


def _plans(rows: list[Any]) -> list[Plan]:
    return [
        Plan(_date(started), _day(ended), [_date(d) for d in meetings or []])
        for started, ended, meetings in rows
    ]


def _referral(row: list[Any]) -> Referral:
    pk, on, contact_id, closed, assessments, discussions, enquiries, conferences, cp, cin = row
    return Referral(
        id=pk,
        referral_date=_date(on),
        contact_id=contact_id,
        closed_on=_day(closed),
        assessments=[(_date(s), _day(a)) for s, a in assessments or []],
        discussions=[_date(d) for d in discussions or []],
        conference_needed_from=[
            _date(held)
            for outcome, held in enquiries or []
            if outcome == Section47Outcome.CONFERENCE and held
        ],
        conferences=[
            Conference(kind, _date(scheduled), _day(held), _day(shared))
            for kind, scheduled, held, shared in conferences or []
        ],
        cp_plans=_plans(cp or []),
        cin_plans=_plans(cin or []),
    )


def case_steps(case_ids: Sequence[int], *, open_clocks_only: bool) -> dict[int, CaseSteps]:
    """The dated steps of each of these cases, by case id, in one statement."""
    params = {
        "ids": list(case_ids),
        "tz": settings.TIME_ZONE,
        "visit": Kind.VISIT,
        "published": Status.PUBLISHED,
        "family": InviteeKind.FAMILY,
        "visits": 1 if open_clocks_only else None,
        "latest": 1 if open_clocks_only else None,
    }
    found: dict[int, CaseSteps] = {pk: CaseSteps() for pk in case_ids}
    if not case_ids:
        return found
    with connection.cursor() as cursor:
        cursor.execute(_SQL, params)
        rows = cursor.fetchall()
    for case_id, contacts, early_help, visits, referrals, visit_every in rows:
        found[case_id] = CaseSteps(
            decided_contacts=[(pk, _date(on)) for pk, on in _list(contacts)],
            early_help_started=[_date(on) for on in _list(early_help)],
            visits=[_date(on) for on in _list(visits)],
            referrals=[_referral(row) for row in _list(referrals)],
            visit_every=visit_every,
        )
    return found
