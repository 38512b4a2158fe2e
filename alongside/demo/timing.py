"""Dates and times for the demo's journey records."""

from __future__ import annotations

import datetime
import random
from functools import cache
from typing import TypeVar
from zoneinfo import ZoneInfo

from alongside.timescales.calendar import add_working_days, is_working_day

T = TypeVar("T")
DAY = datetime.timedelta(days=1)
LONDON = ZoneInfo("Europe/London")


@cache
def wd(day: datetime.date, n: int) -> datetime.date:
    """``add_working_days``, remembered: the demo asks the same questions many times."""
    return add_working_days(day, n)


def working(day: datetime.date) -> datetime.date:
    """The day itself if it is a working day, else the next working day."""
    return day if is_working_day(day) else wd(day, 1)


def pick(rng: random.Random, weights: dict[T, float] | dict[T, int]) -> T:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def at(day: datetime.date, rng: random.Random, low: int = 9, high: int = 17) -> datetime.datetime:
    """A time in working hours on ``day``, in London."""
    hour, minute = rng.randint(low, high - 1), rng.randrange(0, 60, 5)
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)
