"""The CIN census problems of a case's child, for the child's record page."""

from __future__ import annotations

from django import template

from alongside.cases.models import Case
from alongside.returns.checks import Problem
from alongside.returns.selectors import census_problems as problems_for

register = template.Library()


@register.simple_tag
def census_problems(case: Case) -> list[Problem]:
    """``{% census_problems case as problems %}``: what would fail or be queried, errors first."""
    return sorted(problems_for(case), key=lambda p: (p.severity != "error", p.code))
