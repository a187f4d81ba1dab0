"""Opening hours, once for the whole project: a value object printing OpenStreetMap syntax,
parsers for the ways sites write hours (text in English and Spanish, schema.org markup), and
the check that a stored value is valid OSM syntax. The crawler, validation and the index use it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import opening_hours

DAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
DAY_URIS = {d: i for i, d in enumerate(
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])}  # fmt: skip
DAY_WORDS = {
    "mo": 0, "mon": 0, "monday": 0, "m": 0, "tu": 1, "tue": 1, "tues": 1, "tuesday": 1,
    "we": 2, "wed": 2, "weds": 2, "wednesday": 2, "w": 2, "th": 3, "thu": 3, "thur": 3, "thurs": 3,
    "thursday": 3, "r": 3, "fr": 4, "fri": 4, "friday": 4, "f": 4, "sa": 5, "sat": 5,
    "saturday": 5, "su": 6, "sun": 6, "sunday": 6,
    # Spanish (pages for Spanish speakers state hours the same way)
    "lunes": 0, "martes": 1, "miércoles": 2, "miercoles": 2, "jueves": 3, "viernes": 4,
    "sábado": 5, "sabado": 5, "domingo": 6,
}  # fmt: skip
DAY = r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|sábado|domingo)s?|lunes|martes|mi[ée]rcoles|jueves|viernes|sabado|mon|tues?|weds?|thu(?:rs?)?|fri|sat|sun|mo|tu|we|th|fr|sa|su)(?![a-z])\.?"
SHORT_DAY = r"(?:M|T|W|R|F|Th|Tu|Sa|Su)"
RANGE_SEP = r"\s*(?:-|–|—|to|through|thru|until|\ba\b|hasta)\s*"
DAYSPEC = re.compile(
    rf"(?<![\w-])(?P<days>(?:weekdays|weekends|daily|every day|7 days a week|(?:{DAY})(?:(?:{RANGE_SEP}|\s*(?:,\s*(?:and|&|y)?|&|and|y|/)\s*)(?:{DAY}))*)"
    rf"|\b{SHORT_DAY}{RANGE_SEP}{SHORT_DAY}\b|(?-i:\b[MTWRF]\b)(?=\s*\d))",
    re.I,
)
TIME = r"(?:\d{1,2}(?::\d{2})?\s*(?:a\.?\s?m?\.?|p\.?\s?m?\.?)?|noon|midnight|mediod[ií]a)"
TIMESPAN = re.compile(rf"(?P<a>{TIME})\s*(?:-|–|—|to|until|\ba\b|hasta)\s*(?P<b>{TIME})", re.I)
# "between the hours of 8:30 AM and 12:30 PM" is the span "8:30 AM - 12:30 PM"
BETWEEN = re.compile(rf"\bbetween\s+(?:the\s+hours\s+of\s+)?({TIME})\s+and\s+({TIME})", re.I)
CLOSED = re.compile(r"\bclosed\b", re.I)
ALWAYS = re.compile(
    r"\b(open|staffed|care|admissions?)\b[^.]{0,30}(24/7|\b24 hours a day\b|\b24 hours,? (?:7 days|every day|daily|a day)|"
    r"\baround the clock\b|\b24/7/365\b)",
    re.I,
)
PHONE_CONTEXT = re.compile(
    r"\b(call|phone|line|helpline|hotline|text|reach|answer|admissions team|available by)\b", re.I
)


@dataclass
class OpeningHours:
    """Weekly intervals per day (minutes from midnight); ``str()`` is OSM opening_hours."""

    days: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    always: bool = False
    closed: set[int] = field(default_factory=set)

    def add(self, day: int, start: int, end: int) -> None:
        spans = self.days.setdefault(day, [])
        if (start, end) not in spans:
            spans.append((start, end))
            spans.sort()

    def __bool__(self) -> bool:
        return self.always or bool(self.days)

    def round_the_clock(self) -> bool:
        """24/7, said as such or as every day from midnight to midnight ("00:00-23:59")."""
        whole = ([(0, 24 * 60)], [(0, 24 * 60 - 1)])
        return self.always or (len(self.days) == 7 and all(s in whole for s in self.days.values()))

    def __str__(self) -> str:
        if self.round_the_clock():
            return "24/7"
        groups: dict[tuple, list[int]] = {}
        for day in sorted(self.days):
            groups.setdefault(tuple(self.days[day]), []).append(day)
        rules = [
            (days[0], f"{_day_list(days)} " + ",".join(f"{_hm(a)}-{_hm(b)}" for a, b in spans))
            for spans, days in groups.items()
        ]
        first, last = min(self.days, default=0), max(self.days, default=0)
        rules += [
            (d, f"{DAYS[d]} off") for d in self.closed if first < d < last and d not in self.days
        ]
        return "; ".join(rule for _, rule in sorted(rules))

    def key(self) -> tuple:
        """What two values must share to mean the same hours."""
        return (
            ("24/7",)
            if self.round_the_clock()
            else tuple(sorted((d, tuple(s)) for d, s in self.days.items()))
        )


def _day_list(days: list[int], names=DAYS, dash: str = "-", comma: str = ",") -> str:
    """Mo-Fr for a run of three or more days, Mo,We for others (in ``names``, joined as asked:
    the OSM form by default, "Mon–Fri" / "Mon, Wed" for people)."""
    runs: list[list[int]] = []
    for d in days:
        if runs and d == runs[-1][-1] + 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{names[run[0]]}{dash}{names[run[-1]]}")
        else:
            parts += [names[d] for d in run]
    return comma.join(parts)


def _hm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _minutes(text: str) -> tuple[int, str | None] | None:
    t = text.lower().replace(".", "").replace(" ", "")
    if t in ("noon", "mediodia", "mediodía"):
        return 12 * 60, "pm"
    if t == "midnight":
        return 24 * 60, "am"
    m = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?(am?|pm?)?", t)
    if not m:
        return None
    hour, minute, ampm = int(m[1]), int(m[2] or 0), m[3]
    if hour > 24 or minute > 59:
        return None
    suffix = "am" if ampm and ampm.startswith("a") else "pm" if ampm else None
    if suffix == "pm" and hour < 12:
        hour += 12
    if suffix == "am" and hour == 12:
        hour = 0
    return hour * 60 + minute, suffix


def span(a: str, b: str) -> tuple[int, int] | None:
    """Minutes for a time span; "9-5" and "9-7" read as daytime hours (end in the afternoon)."""
    start, end = _minutes(a), _minutes(b)
    if not start or not end:
        return None
    (s, s_suffix), (e, e_suffix) = start, end
    if e_suffix is None and e <= s and e < 12 * 60:
        e += 12 * 60
    if (
        s_suffix is None
        and e_suffix == "pm"
        and s + 12 * 60 < e
        and s < 12 * 60
        and s >= 7 * 60 - 12 * 60
    ):
        pass  # "9-5pm": 9 stays morning
    if s_suffix is None and e_suffix == "pm" and s < 7 * 60 and s + 12 * 60 < e:
        s += 12 * 60  # "6-9pm" is evening
    if e <= s or e > 24 * 60:
        return None
    return s, e


def _day_word(word: str) -> int | None:
    word = word.strip().rstrip(".")
    return DAY_WORDS.get(word, DAY_WORDS.get(word.removesuffix("s")) if len(word) > 6 else None)


def days(text: str) -> list[int]:
    t = text.lower().strip().rstrip(".")
    if t in ("daily", "every day", "7 days a week"):
        return list(range(7))
    if t == "weekdays":
        return list(range(5))
    if t == "weekends":
        return [5, 6]
    out: list[int] = []
    for part in re.split(r"\s*(?:,|&|\band\b|\by\b|/)\s*", t):
        bounds = re.split(RANGE_SEP, part)
        names = [_day_word(b) for b in bounds if b.strip()]
        if any(n is None for n in names) or not names:
            continue
        if len(names) == 2:
            a, b = names
            out += list(range(a, b + 1)) if a <= b else [*range(a, 7), *range(0, b + 1)]
        else:
            out += names
    return sorted(set(out))


def parse(text: str) -> OpeningHours:
    """Every day/time statement in ``text`` (``24/7`` only for the facility, not a phone line)."""
    hours = OpeningHours()
    if ALWAYS.search(text) and not PHONE_CONTEXT.search(text):
        hours.always = True
        return hours
    for segment in re.split(
        r"[;\n|]|(?<=[ap]m)\s*,\s*(?-i:(?=[A-Z]))|(?<![ap]\.m)(?<!\b[ap])\.\s+(?-i:(?=[A-Z]))",
        text,
        flags=re.I,
    ):
        segment = BETWEEN.sub(r"\1 - \2", segment)
        found = list(DAYSPEC.finditer(segment))
        for i, dm in enumerate(found):
            tail_end = found[i + 1].start() if i + 1 < len(found) else len(segment)
            tail = segment[dm.end() : tail_end]
            day_list = days(dm["days"])
            if not day_list:
                continue
            if CLOSED.match(tail.strip(" :,-–")):
                hours.closed.update(day_list)
                continue
            spans = [s for t in TIMESPAN.finditer(tail[:60]) if (s := span(t["a"], t["b"]))]
            if not spans and i + 1 < len(found) and not tail.strip(" :,-–&"):
                continue
            for d in day_list:
                for s in spans:
                    hours.add(d, *s)
    return hours


def from_schema_org(item: dict) -> OpeningHours:
    """Hours from ``openingHours`` strings or ``openingHoursSpecification`` (no times → none)."""
    result = OpeningHours()
    raw = item.get("openingHours")
    for text in [raw] if isinstance(raw, str) else raw or []:
        if str(text).strip().lower() in ("24/7", "mo-su 00:00-24:00"):
            result.always = True
            continue
        parsed = parse(str(text))
        for d, spans in parsed.days.items():
            for s in spans:
                result.add(d, *s)
    specs = item.get("openingHoursSpecification") or []
    for spec in [specs] if isinstance(specs, dict) else specs:
        if not isinstance(spec, dict):
            continue
        times = span(str(spec.get("opens", "")), str(spec.get("closes", "")))
        days = spec.get("dayOfWeek") or []
        for day in [days] if isinstance(days, str) else days:
            name = str(day).rsplit("/", 1)[-1]
            if times and name in DAY_URIS:
                result.add(DAY_URIS[name], *times)
    return result


def valid(expression: str) -> bool:
    """Whether a stored value is OpenStreetMap opening_hours syntax (an independent parser)."""
    return bool(opening_hours.validate(expression))


# What OSM opening-hours strings say: evening, weekend and right-now availability, and the
# hours in words for people (used by the index and the pages).
MONDAY = datetime(2026, 1, 5)  # any ordinary week (no holidays) serves as the reference
EVENING_HOURS = (18, 19, 20)  # open at any of these (on the half hour) means evening hours


@cache
def _osm(expression: str) -> opening_hours.OpeningHours | None:
    try:
        return opening_hours.OpeningHours(expression)
    except (opening_hours.ParserError, SyntaxError, ValueError):
        return None


def _open_at(expression: str, when: datetime) -> bool:
    parsed = _osm(expression)
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
    parsed = _osm(expression) if expression else None
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


@dataclass(frozen=True)
class HoursWords:
    """The words hours are told in: English by default; an interface in another language
    passes its own (the web layer fills one from its catalog)."""

    days: tuple[str, ...] = tuple(name[:3] for name in DAY_NAMES)
    all_day: str = "all day"
    every_day: str = "Every day %(times)s"
    always: str = "Every day, 24 hours"
    noon: str = "noon"
    midnight: str = "midnight"
    am: str = "am"
    pm: str = "pm"


ENGLISH = HoursWords()


def _clock(t: datetime, next_day: bool, words: HoursWords) -> tuple[str, str]:
    """("6:30", "pm") for 18:30; midnight and noon by name."""
    if next_day or (t.hour, t.minute) == (0, 0):
        return words.midnight, ""
    if (t.hour, t.minute) == (12, 0):
        return words.noon, ""
    hour = t.hour % 12 or 12
    half = words.am if t.hour < 12 else words.pm
    return (f"{hour}:{t.minute:02d}" if t.minute else str(hour)), half


def _span_words(a: datetime, b: datetime, words: HoursWords) -> str:
    if b - a >= timedelta(hours=24) or (a.hour, a.minute) == (0, 0) and b.date() > a.date():
        return words.all_day
    (start, half1), (end, half2) = _clock(a, False, words), _clock(b, b.date() > a.date(), words)
    if half1 and half1 == half2:
        return f"{start}–{end} {half2}"
    return f"{f'{start} {half1}'.strip()}–{f'{end} {half2}'.strip()}"


def in_words(expression: str | None, words: HoursWords = ENGLISH) -> str | None:
    """ "Mon, Wed, Thu 6–9 pm; Sat 9 am–noon" for an OSM expression; None when unreadable."""
    week = _week(expression)
    if not week:
        return None
    groups: dict[str, list[int]] = {}
    for day, spans in enumerate(week):
        if spans:
            times = ", ".join(_span_words(a, b, words) for a, b in spans)
            groups.setdefault(times, []).append(day)
    if len(groups) == 1 and len(next(iter(groups.values()))) == 7:
        times = next(iter(groups))
        return words.always if times == words.all_day else words.every_day % {"times": times}

    def days_words(days: list[int]) -> str:  # "Mon–Fri" for a run of three or more days
        return _day_list(days, words.days, "–", ", ")

    return "; ".join(f"{days_words(days)} {times}" for times, days in groups.items()) or None
