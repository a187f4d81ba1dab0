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


def _spans(parsed, day: datetime) -> list[tuple[datetime, datetime]]:
    """Open intervals within one day (an end at the next midnight kept as that midnight)."""
    return [
        (a, b)
        for a, b, state, _ in parsed.intervals(day, day + timedelta(days=1))
        if str(state).lower().endswith("open")
    ]


def _week(expression: str | None) -> list[list[tuple[datetime, datetime]]] | None:
    parsed = _parse(expression) if expression else None
    if parsed is None:
        return None
    return [_spans(parsed, MONDAY + timedelta(days=offset)) for offset in range(7)]


def weekly_spans(expression: str | None) -> list[list[tuple[str, str]]]:
    """Seven lists (Monday first) of ("08:00", "17:00") spans for an ordinary week; a span
    running to midnight ends at "24:00"."""
    week = _week(expression)
    if week is None:
        return []
    return [
        [(f"{a:%H:%M}", "24:00" if b.date() > a.date() else f"{b:%H:%M}") for a, b in spans]
        for spans in week
    ]


def weekly(expression: str | None) -> list[tuple[str, str]]:
    """(day, "08:00–17:00" or "Closed") for an ordinary week, for display."""
    week = _week(expression)
    if week is None:
        return []
    rows = []
    for name, spans in zip(DAY_NAMES, week, strict=True):
        text = [f"{a:%H:%M}–{'24:00' if b.date() > a.date() else f'{b:%H:%M}'}" for a, b in spans]
        rows.append((name, ", ".join(text) or "Closed"))
    return rows


def _clock(t: datetime, next_day: bool) -> tuple[str, str]:
    """("6:30", "pm") for 18:30; midnight and noon by name."""
    if next_day or (t.hour, t.minute) == (0, 0):
        return "midnight", ""
    if (t.hour, t.minute) == (12, 0):
        return "noon", ""
    hour = t.hour % 12 or 12
    return (f"{hour}:{t.minute:02d}" if t.minute else str(hour)), ("am" if t.hour < 12 else "pm")


def _span_words(a: datetime, b: datetime) -> str:
    if b - a >= timedelta(hours=24) or (a.hour, a.minute) == (0, 0) and b.date() > a.date():
        return "all day"
    (start, half1), (end, half2) = _clock(a, False), _clock(b, b.date() > a.date())
    if half1 and half1 == half2:
        return f"{start}–{end} {half2}"
    return f"{f'{start} {half1}'.strip()}–{f'{end} {half2}'.strip()}"


def _days_words(days: list[int]) -> str:
    """ "Mon–Fri" for a run of three or more days, else "Mon, Wed, Thu"."""
    runs: list[list[int]] = []
    for d in days:
        if runs and runs[-1][-1] == d - 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    short = [name[:3] for name in DAY_NAMES]
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{short[run[0]]}–{short[run[-1]]}")
        else:
            parts += [short[d] for d in run]
    return ", ".join(parts)


def in_words(expression: str | None) -> str | None:
    """ "Mon, Wed, Thu 6–9 pm; Sat 9 am–noon" for an OSM expression; None when unreadable."""
    week = _week(expression)
    if not week:
        return None
    groups: dict[str, list[int]] = {}
    for day, spans in enumerate(week):
        if spans:
            groups.setdefault(", ".join(_span_words(a, b) for a, b in spans), []).append(day)
    if len(groups) == 1 and len(next(iter(groups.values()))) == 7:
        times = next(iter(groups))
        return "Every day, 24 hours" if times == "all day" else f"Every day {times}"
    return "; ".join(f"{_days_words(days)} {times}" for times, days in groups.items()) or None
