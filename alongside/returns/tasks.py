"""Background work for returns: thin, idempotent, calling a service."""

from __future__ import annotations

from django_tasks import task

from alongside.returns.services import cin_census_export_build


@task()
def build_cin_census(export_id: int) -> None:
    cin_census_export_build(export_id=export_id)
