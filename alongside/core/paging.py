"""Pages of long lists whose rows are wide.

Django's ``Paginator`` counts the list, then sorts the whole list with every column of every
joined row and keeps a page of it. For a list of thousands of rows sorted by something no
index serves (a team's open cases, unallocated first, then by the child's surname) most of
that work is carrying columns that are thrown away. ``page_of`` sorts only the ids, counting
them in the same statement, then fetches the page's rows by id, with the queryset's joins
and prefetches, in the sorted order. A list whose index already gives a page cheaply (a
chronology, newest first) is better paged by ``Paginator``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Model, QuerySet, Window


def _number(number: Any) -> int:
    """The page asked for, as ``Paginator.get_page`` reads it: anything not a number is 1."""
    try:
        return max(1, int(number))
    except (TypeError, ValueError):
        return 1


def page_of(
    queryset: QuerySet[Any],
    number: Any,
    per_page: int,
    *,
    fetch: Callable[[list[Any]], QuerySet[Any]] | None = None,
) -> Page:
    """The page ``number`` of ``queryset`` (its own order kept), as ``Paginator.get_page`` does:
    a page past the end gives the last page.

    The queryset must be ordered by something that ends in a unique column, so that its
    ids come back in one fixed order. ``fetch`` reads the page's rows from their ids (by
    default the queryset filtered to them); a queryset whose filter is costly to build
    (the access policy's) can pass a plain read by id, since the ids came through it.
    """
    ids = queryset.values_list("pk", flat=True)
    wanted_page = _number(number)
    start = (wanted_page - 1) * per_page
    counted = list(
        queryset.annotate(_listed=Window(Count("pk"))).values_list("pk", "_listed")[
            start : start + per_page
        ]
    )
    paginator = Paginator(ids, per_page)
    # Count once, with the ids; only a page past the end needs the count on its own.
    paginator.count = counted[0][1] if counted else queryset.count()  # type: ignore[misc]
    page = paginator.get_page(wanted_page)
    wanted = [pk for pk, _ in counted] if page.number == wanted_page else list(page.object_list)
    found = fetch(wanted) if fetch is not None else queryset.filter(pk__in=wanted)
    rows: dict[Any, Model] = {row.pk: row for row in found.order_by()}
    page.object_list = [rows[pk] for pk in wanted if pk in rows]
    return page
