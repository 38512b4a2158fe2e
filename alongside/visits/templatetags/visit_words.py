"""Template filters that write visit times the way family messages do: 10am, 2:30pm, midday."""

from __future__ import annotations

import datetime

from django import template

from alongside.visits import words

register = template.Library()


@register.filter
def clock(moment: datetime.datetime | None) -> str:
    return words.clock(moment) if moment else ""


@register.filter
def visit_day(moment: datetime.datetime | None) -> str:
    return words.day(moment) if moment else ""


@register.filter
def notice(value: datetime.timedelta | None) -> str:
    return words.notice_words(value)
