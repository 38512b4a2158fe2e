"""Working days and calendar arithmetic for statutory clocks in England.

A **working day** is any day except Saturday, Sunday and the England and Wales
bank holidays (Christmas Day, Boxing Day and Good Friday included, with
substitute days), as the Children Act 1989 Representations Procedure (England)
Regulations 2006 reg 2 define it. The list comes from the ``holidays`` package
(``country_holidays("GB", subdiv="ENG")``), computed once per year and cached.
Statutory clocks never use local closure days.

**Day zero.** The start date is day 0; "within N working days" means the
deadline is the N-th working day after the start. A referral on Friday that
must be decided within 1 working day is due on Monday (or Tuesday, if Monday is
a bank holiday). A start on a weekend counts from the next working day as day 1.
DfE's CIN validator counts the start as day 1, so its "older than 45 working
days" checks fire one working day before our deadlines do.

**Months** add calendar months, clamped to the end of a shorter month
(31 January + 1 month = 28 or 29 February). **Weeks** add seven days each; a
period "beginning with" a day (26 weeks of care proceedings) ends the day
before ``add_weeks(start, 26)``.
"""

from __future__ import annotations

import calendar as _calendar
import datetime
from functools import lru_cache

import holidays

ONE_DAY = datetime.timedelta(days=1)


@lru_cache(maxsize=256)
def bank_holidays(year: int) -> frozenset[datetime.date]:
    """England and Wales bank holidays in ``year``, substitute days included."""
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_working_day(d: datetime.date) -> bool:
    return d.weekday() < 5 and d not in bank_holidays(d.year)


def add_working_days(start: datetime.date, n: int) -> datetime.date:
    """The n-th working day after ``start`` (``start`` is day 0; n = 0 gives ``start``)."""
    if n < 0:
        raise ValueError("n must be 0 or more; use subtract_working_days to count back")
    d = start
    while n:
        d += ONE_DAY
        if is_working_day(d):
            n -= 1
    return d


def subtract_working_days(d: datetime.date, n: int) -> datetime.date:
    """The n-th working day before ``d``: the last day to act so ``d`` is n working days on.

    A report that must reach parents 3 working days before a Friday conference
    is due on the Tuesday: ``add_working_days(result, n) == d`` for a working ``d``.
    """
    if n < 0:
        raise ValueError("n must be 0 or more; use add_working_days to count on")
    while n:
        d -= ONE_DAY
        if is_working_day(d):
            n -= 1
    return d


def working_days_between(a: datetime.date, b: datetime.date) -> int:
    """Working days after ``a`` up to and including ``b``; negative if ``b`` is before ``a``.

    ``working_days_between(s, add_working_days(s, n)) == n`` for every s and n.
    """
    if b < a:
        return -working_days_between(b, a)
    count = 0
    d = a
    while d < b:
        d += ONE_DAY
        if is_working_day(d):
            count += 1
    return count


def add_months(d: datetime.date, n: int) -> datetime.date:
    """Same day of the month n months on (or back); the month's last day if it is shorter."""
    years, month0 = divmod(d.month - 1 + n, 12)
    year = d.year + years
    month = month0 + 1
    day = min(d.day, _calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day)


def add_weeks(d: datetime.date, n: int) -> datetime.date:
    return d + datetime.timedelta(weeks=n)
