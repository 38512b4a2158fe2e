"""A timescale's or promise's status as a GOV.UK tag: ``{{ status|deadline_tag }}``.

A filter rather than an included template: My work and the team's lists show one on
every row, and an include costs a template render each time.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_TAG = '<strong class="govuk-tag govuk-tag--{}">{}</strong>'
_TAGS = {
    "overdue": mark_safe(_TAG.format("red", "Overdue")),  # noqa: S308 - fixed text
    "due_soon": mark_safe(_TAG.format("yellow", "Due soon")),  # noqa: S308 - fixed text
    "met_on_time": mark_safe(_TAG.format("green", "Met on time")),  # noqa: S308 - fixed text
    "met_late": mark_safe(_TAG.format("orange", "Met late")),  # noqa: S308 - fixed text
}
_DUE = mark_safe(_TAG.format("grey", "Due"))  # noqa: S308 - fixed text


@register.filter
def deadline_tag(status: object) -> SafeString:
    return _TAGS.get(str(status), _DUE)
