"""What OSM opening-hours strings say about evening, weekend and right-now availability."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import opening_hours

MONDAY = datetime(2026, 1, 5)  # any ordinary week (no holidays) serves as the reference
EVENING_HOURS = (18, 19, 20)  # open at any of these (on the half hour) means evening hours


@cache
def _parse(expression: str) -> opening_hours.OpeningHours | None:
    try:
        return opening_hours.OpeningHours(expression)
    except (opening_hours.ParserError, SyntaxError, ValueError):
        return None


def _open_at(expression: str, when: datetime) -> bool:
    parsed = _parse(expression)
    return bool(parsed and parsed.is_open(when))


def availability(expressions: list[str]) -> list[str]:
    """Tags ``evening`` and/or ``weekend`` for the opening hours and program schedules given."""
    tags = []
    week = [MONDAY + timedelta(days=d) for d in range(7)]
    if any(
        _open_at(e, day.replace(hour=h, minute=30))
        for e in expressions
        for day in week[:5]
        for h in EVENING_HOURS
    ):
        tags.append("evening")
    if any(
        _open_at(e, day.replace(hour=h)) for e in expressions for day in week[5:] for h in range(24)
    ):
        tags.append("weekend")
    return tags


def open_now(expressions: list[str], timezone: str | None, now: datetime | None = None) -> bool:
    """Open at this moment in the facility's time zone (US Eastern when unknown)."""
    zone = ZoneInfo(timezone or "America/New_York")
    local = (now or datetime.now(zone)).astimezone(zone).replace(tzinfo=None)
    return any(_open_at(e, local) for e in expressions)


DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def weekly_spans(expression: str | None) -> list[list[tuple[str, str]]]:
    """Seven lists (Monday first) of ("08:00", "17:00") spans for an ordinary week; a span
    running to midnight ends at "24:00"."""
    parsed = _parse(expression) if expression else None
    if parsed is None:
        return []
    week = []
    for offset in range(7):
        day = MONDAY + timedelta(days=offset)
        week.append([
            (f"{a:%H:%M}", "24:00" if b.date() > day.date() else f"{b:%H:%M}")
            for a, b, state, _ in parsed.intervals(day, day + timedelta(days=1))
            if str(state).lower().endswith("open")
        ])  # fmt: skip
    return week


def weekly(expression: str | None) -> list[tuple[str, str]]:
    """(day, "08:00–17:00" or "Closed") for an ordinary week, for display."""
    return [
        (name, ", ".join(f"{a}–{b}" for a, b in spans) or "Closed")
        for name, spans in zip(DAY_NAMES, weekly_spans(expression), strict=False)
    ]
