"""``{% link_to %}`` gives exactly what ``{% url %}`` gives, for every route of the project."""

from __future__ import annotations

import pytest
from django.template import engines
from django.urls import URLPattern, URLResolver, get_resolver, reverse, set_script_prefix
from django.urls.converters import IntConverter
from hypothesis import given, settings
from hypothesis import strategies as st

from alongside.core.templatetags.links import link_to


def _routes(patterns=None, namespace="", converters=()) -> list[tuple[str, tuple]]:
    """Every named route with its converters, in order."""
    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        own = tuple(getattr(entry.pattern, "converters", {}).values())
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += _routes(entry.url_patterns, inner, converters + own)
        elif isinstance(entry, URLPattern) and entry.name:
            found.append((f"{namespace}{entry.name}", converters + own))
    return found


NUMBERED = sorted(
    {
        name
        for name, converters in _routes()
        if converters and all(isinstance(c, IntConverter) for c in converters)
    }
)
ARGS = {name: len(converters) for name, converters in _routes() if name in NUMBERED}


def test_the_project_has_numbered_routes_to_check():
    assert {"staff:case", "staff:entry", "portal:entry"} <= set(NUMBERED)


@pytest.mark.parametrize("name", NUMBERED)
@settings(max_examples=20, deadline=None)
@given(numbers=st.lists(st.integers(min_value=0, max_value=10**12), min_size=4, max_size=4))
def test_every_numbered_route_links_as_url_does(name, numbers):
    args = numbers[: ARGS[name]]
    assert link_to(name, *args) == reverse(name, args=args)


def test_the_script_prefix_of_the_request_is_kept():
    link_to("staff:case", 1)  # the route's pieces are kept before the prefix changes
    set_script_prefix("/council/")
    try:
        assert (
            link_to("staff:case", 5) == reverse("staff:case", args=[5]) == "/council/staff/cases/5/"
        )
    finally:
        set_script_prefix("/")


def test_other_arguments_go_to_reverse():
    assert link_to("staff:case", "7") == reverse("staff:case", args=["7"])
    assert link_to("staff:my-work") == reverse("staff:my-work")


def test_in_a_template():
    html = (
        engines["django"].from_string("{% load links %}{% link_to 'staff:entry' 3 44 %}").render({})
    )
    assert html == reverse("staff:entry", args=[3, 44])
