"""Making statutory returns: from the data team's page (through a task) or the command line.

Every build reads the record in one REPEATABLE READ transaction, so the file is one
consistent picture even while work is being recorded, and is written down as a
``ReturnExport`` with its SHA-256; every download of a built file is a
``ReturnDownload``.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone

from alongside.accounts.models import User
from alongside.returns.census import FIRST_YEAR, Counts, census_period, collection_year_for
from alongside.returns.census import census_xml as write_xml
from alongside.returns.census import counts as count_rows
from alongside.returns.models import (
    Collection,
    ExportStatus,
    ExportVia,
    ReturnDownload,
    ReturnExport,
)
from alongside.returns.selectors import census_children, census_header

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Built:
    xml: bytes
    counts: Counts
    sha256: str


@contextlib.contextmanager
def _snapshot() -> Iterator[None]:
    """One consistent view of the database for every query of a build."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


def check_year(year: int, *, today: datetime.date | None = None) -> None:
    latest = collection_year_for(today or timezone.localdate())
    if not FIRST_YEAR <= year <= latest:
        raise ValidationError(
            {"year": f"Choose a collection year from {FIRST_YEAR} to {latest}"}, code="year"
        )


def cin_census_build(*, year: int, generated_at: datetime.datetime | None = None) -> Built:
    """The CIN census XML for the year ending 31 March ``year``, from the record as it stands."""
    with _snapshot():
        children = census_children(census_period(year))
    xml = write_xml(census_header(year, generated_at=generated_at), children)
    return Built(xml, count_rows(children), hashlib.sha256(xml).hexdigest())


def _record(export: ReturnExport, built: Built) -> None:
    export.status = ExportStatus.READY
    export.built_at = timezone.now()
    export.children = built.counts.children
    export.episodes = built.counts.episodes
    export.size = len(built.xml)
    export.sha256 = built.sha256
    export.updated_at = export.built_at


def cin_census_write(*, year: int) -> tuple[Built, ReturnExport]:
    """Build the return for the command line; the caller writes the file where it was told."""
    check_year(year)
    built = cin_census_build(year=year)
    export = ReturnExport(collection=Collection.CIN, year=year, via=ExportVia.COMMAND)
    _record(export, built)
    export.save()
    return built, export


@transaction.atomic
def cin_census_export_request(*, year: int, by: User) -> ReturnExport:
    """The data team asks for the return; a task builds it after this transaction commits."""
    check_year(year)
    export = ReturnExport.objects.create(
        collection=Collection.CIN, year=year, via=ExportVia.PAGE, created_by=by, updated_by=by
    )
    from alongside.returns.tasks import build_cin_census

    transaction.on_commit(lambda: build_cin_census.enqueue(export.pk))
    return export


def cin_census_export_build(*, export_id: int) -> ReturnExport:
    """Build a requested return and store the file. Safe to run twice: a built one is kept."""
    export = ReturnExport.objects.get(pk=export_id)
    if export.status != ExportStatus.QUEUED:
        return export
    try:
        built = cin_census_build(year=export.year)
    except Exception as error:
        logger.exception("CIN census %s could not be built", export.year)
        export.status = ExportStatus.FAILED
        export.error = f"{type(error).__name__}: {error}"[:2000]
        export.updated_at = timezone.now()
        export.save(update_fields=["status", "error", "updated_at"])
        return export
    with transaction.atomic():
        export = ReturnExport.objects.select_for_update().get(pk=export_id)
        if export.status != ExportStatus.QUEUED:
            return export
        _record(export, built)
        export.file.save(export.filename, ContentFile(built.xml), save=False)
        export.save()
    return export


@transaction.atomic
def return_download_record(*, export: ReturnExport, by: User) -> ReturnDownload:
    if export.status != ExportStatus.READY or not export.file:
        raise ValidationError("This return has not been built")
    return ReturnDownload.objects.create(export=export, user=by)
