"""Pages of long lists whose rows are wide.

Django's ``Paginator`` sorts the whole list with every column of every joined row and
then keeps a page of it. For a list of thousands of rows sorted by something no index
serves (a team's open cases, unallocated first, then by the child's surname) most of that
work is carrying columns that are thrown away. ``page_of`` sorts only the ids, then fetches
the page's rows by id, with the queryset's joins and prefetches, in the sorted order. It
costs one statement more, so a list whose index already gives a page cheaply (a
chronology, newest first) is better paged by ``Paginator``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet


def page_of(
    queryset: QuerySet[Any],
    number: Any,
    per_page: int,
    *,
    fetch: Callable[[list[Any]], QuerySet[Any]] | None = None,
) -> Page:
    """The page ``number`` of ``queryset`` (its own order kept), as ``Paginator.get_page`` does.

    The queryset must be ordered by something that ends in a unique column, so that its
    ids come back in one fixed order. ``fetch`` reads the page's rows from their ids (by
    default the queryset filtered to them); a queryset whose filter is costly to build
    (the access policy's) can pass a plain read by id, since the ids came through it.
    """
    ids = queryset.values_list("pk", flat=True)
    page = Paginator(ids, per_page).get_page(number)
    wanted = list(page.object_list)
    found = fetch(wanted) if fetch is not None else queryset.filter(pk__in=wanted)
    rows: dict[Any, Model] = {row.pk: row for row in found.order_by()}
    page.object_list = [rows[pk] for pk in wanted if pk in rows]
    return page
