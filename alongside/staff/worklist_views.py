"""Work lists: what is due or overdue, soonest first, for a team (managers).

A worker's own list is on *My work*; this is the team's, filterable by worker, stage
and status, with overdue counts per worker. Only the cases the policy lets the
manager open are listed (a restricted case they are not on stays out).
"""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from alongside import policy
from alongside.accounts.models import Role
from alongside.cases.models import Stage
from alongside.core.forms import GovukForm
from alongside.staff.decorators import role_required
from alongside.timescales.engine import Status
from alongside.workforce import selectors
from alongside.workforce.worklist import STATUS_WORDS, counts_per_worker, due_items


class TeamDueForm(GovukForm):
    worker = forms.TypedChoiceField(label="Worker", required=False, coerce=int, empty_value=None)
    stage = forms.ChoiceField(
        label="Stage",
        required=False,
        choices=[("", "All stages"), *[(s.value, s.label) for s in Stage if s != Stage.CLOSED]],
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Everything due"), *[(s.value, w) for s, w in STATUS_WORDS.items()]],
    )

    def __init__(self, *args: object, workers: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["worker"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "Everyone"), *workers]


@require_GET
@role_required(Role.TEAM_MANAGER)
def team_due(request: HttpRequest) -> HttpResponse:
    team_ids = policy.managed_team_ids(request.user)
    workers = list(selectors.team_workers(team_ids))
    form = TeamDueForm(request.GET or None, workers=[(w.pk, w.full_name) for w in workers])
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else {}
    cases = (
        selectors.team_open_cases(team_ids) & policy.cases_visible_to(request.user)
    ).select_related("child", "worker", "team")
    all_items = due_items(list(cases))
    counts = counts_per_worker(all_items, workers)
    items = all_items
    if chosen.get("worker"):
        items = [i for i in items if i.case.worker_id == chosen["worker"]]
    if chosen.get("stage"):
        items = [i for i in items if i.case.stage == chosen["stage"]]
    if chosen.get("status"):
        items = [i for i in items if i.status == Status(chosen["status"])]
    context = {
        "form": form,
        "items": items,
        "counts": counts,
        "total": len(all_items),
        "filtered": bool(chosen.get("worker") or chosen.get("stage") or chosen.get("status")),
    }
    return render(request, "staff/worklist/team.html", context)
