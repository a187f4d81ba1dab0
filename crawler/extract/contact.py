"""Phones, e-mail and US street addresses found in page text."""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

from carefinder.phones import parse as parse_phone
from carefinder.phones import to_e164
from carefinder.schema import EMAIL as VALID_EMAIL_PATTERN
from carefinder.schema import US_STATES

STATE_NAMES = {
    "alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA",
    "colorado": "CO", "connecticut": "CT", "delaware": "DE", "florida": "FL", "georgia": "GA",
    "hawaii": "HI", "idaho": "ID", "illinois": "IL", "indiana": "IN", "iowa": "IA", "kansas": "KS",
    "kentucky": "KY", "louisiana": "LA", "maine": "ME", "maryland": "MD", "massachusetts": "MA",
    "michigan": "MI", "minnesota": "MN", "mississippi": "MS", "missouri": "MO", "montana": "MT",
    "nebraska": "NE", "nevada": "NV", "new hampshire": "NH", "new jersey": "NJ",
    "new mexico": "NM", "new york": "NY", "north carolina": "NC", "north dakota": "ND",
    "ohio": "OH", "oklahoma": "OK", "oregon": "OR", "pennsylvania": "PA", "rhode island": "RI",
    "south carolina": "SC", "south dakota": "SD", "tennessee": "TN", "texas": "TX", "utah": "UT",
    "vermont": "VT", "virginia": "VA", "washington": "WA", "west virginia": "WV",
    "wisconsin": "WI", "wyoming": "WY", "district of columbia": "DC",
}  # fmt: skip
# Newspaper and postal-era abbreviations, always written with their dot ("Salem, Ore. 97301").
STATE_ABBREVIATIONS = {
    "ala": "AL", "ariz": "AZ", "ark": "AR", "calif": "CA", "cal": "CA", "colo": "CO",
    "conn": "CT", "del": "DE", "fla": "FL", "ill": "IL", "ind": "IN", "kan": "KS",
    "kans": "KS", "mass": "MA", "mich": "MI", "minn": "MN", "miss": "MS", "mont": "MT",
    "neb": "NE", "nebr": "NE", "nev": "NV", "n.h": "NH", "n.j": "NJ", "n.m": "NM", "n.y": "NY",
    "n.c": "NC", "n.d": "ND", "okla": "OK", "ore": "OR", "oreg": "OR", "penn": "PA",
    "penna": "PA", "r.i": "RI", "s.c": "SC", "s.d": "SD", "tenn": "TN", "tex": "TX",
    "wash": "WA", "w.va": "WV", "wis": "WI", "wisc": "WI", "wyo": "WY", "d.c": "DC",
}  # fmt: skip
STREET_TYPES = (
    r"St|Street|Rd|Road|Ave|Avenue|Av|Dr|Drive|Blvd|Boulevard|Ln|Lane|Way|Pkwy|Parkway|Hwy|Highway|"
    r"Ct|Court|Pl|Place|Cir|Circle|Ter|Terrace|Pike|Trail|Trl|Sq|Square|Plaza|Loop|Row|Center|Ctr|Mall|Alley|Walk|Crossing|Run|Path|Point|Broadway|Expressway|Expy|Freeway|Fwy"
)
STATE_ALT = "|".join(sorted(US_STATES, key=len, reverse=True))
STATE_NAME_ALT = "|".join(sorted((n.title() for n in STATE_NAMES), key=len, reverse=True))
STATE_ABBR_ALT = "|".join(
    re.escape(a.title()).replace(r"\.", r"\.\s?")
    for a in sorted(STATE_ABBREVIATIONS, key=len, reverse=True)
)
CITY_WORD = r"(?:[A-Z][\w.'’-]*|du|de|la|del|of|on|upon)"
# The reliable end of a US address: "City, ST 12345" (the comma optional, the state a name or code).
# A code in mixed case needs its dot ("Ca.") or, without one, the comma before it ("Tulsa, Ok"):
# alone, a capitalised two-letter word before five digits is too often something else.
# The city and the state stand apart (a comma or a space): glued, "USC 12101" is a law's title
# and section, not "U, SC".
TAIL = re.compile(
    rf"(?P<city>[A-Z][\w.'’-]*(?:[ \t]+{CITY_WORD}){{0,4}})(?:[ \t]*,[ \t]*|[ \t]+)"
    rf"(?P<state>{STATE_NAME_ALT}|(?:{STATE_ABBR_ALT})(?=\.)|{STATE_ALT}|[A-Z][a-z](?=\.)"
    rf"|(?<=,[ \t])[A-Z][a-z](?=[ \t]))\.?,?[ \t]+"
    rf"(?P<zip>\d{{5}})(?:-\d{{4}})?\b"
)
STREET_TYPE = re.compile(rf"\b(?:{STREET_TYPES})\b\.?(?:[ \t]+(?:[NS][EW]?|[EW])\b\.?)?", re.I)
HOUSE_NUMBER = re.compile(r"(?<![\w.,-])(?:\d{1,6}[A-Z]?|[NSEW]\d+[NSEW]\d+)(?=[ \t]+[A-Za-z0-9])")
SEPARATORS = " \t,·•|–—-:"
UNIT_WORDS = re.compile(r"^(?:Suites?|Ste|Units?|Floors?|Fl|Room|Rm|Bldg|Building)\b", re.I)
EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b")
VALID_EMAIL = re.compile(VALID_EMAIL_PATTERN)
PHONE_LABELS = (
    ("fax", re.compile(r"\bfax\b|\bF[Xx]?\s*[:.]", re.I)),
    ("billing", re.compile(r"\bbilling\b", re.I)),
    ("admissions", re.compile(r"\b(admissions?|intake|helpline|hotline|24/7|call now)\b", re.I)),
    ("office", re.compile(r"\b(office|main|phone|tel)\b|\b(?:P|Ph|T)\s*[:.]", re.I)),
)
DIGIT = re.compile(r"\d")
TEN_DIGITS = re.compile(r"\d(?:\D{0,4}\d){9}")
# A toll-free number spelt in letters ("1-800-HOPE-NOW", "(888) RECOVERY"): the matcher reads
# digits only. Spaces may not part its letters ("our 800 NEW BEDS" is no number); letters past
# the seventh are not dialled.
VANITY = re.compile(
    r"(?<![\w-])(?P<area>(?:1[-.])?(?:\(8(?:00|33|44|55|66|77|88)\) ?|8(?:00|33|44|55|66|77|88)[-.]))"
    r"(?P<rest>[A-Z0-9](?:[-.]?[A-Z0-9]){6,7})(?![\w-])"
)
PLACEHOLDER_PHONE = re.compile(r"(\d)\1{6,}|999-?9999|123-?4567")


@dataclass(frozen=True)
class Address:
    street: str
    city: str
    state: str
    postal_code: str
    quote: str
    line: int = 0  # the line of the text (the page block) where the city and ZIP stand

    def as_dict(self) -> dict:
        return {"street": self.street or None, "city": self.city, "state": self.state,
                "postal_code": self.postal_code}  # fmt: skip


def state_code(name: str) -> str | None:
    """The USPS code of a state written as its code (any case: "Ca.") or its name."""
    name = name.strip().rstrip(".")
    if name.upper() in US_STATES:
        return name.upper()
    key = name.lower().replace(" ", "")
    return STATE_NAMES.get(name.lower()) or STATE_ABBREVIATIONS.get(key)


def addresses(text: str) -> list[Address]:
    """US addresses in text whose lines are the page's blocks: found from their reliable end
    ("City, ST 12345"), the street being what stands before the city on that line (from its
    house number) or the line above; a city and ZIP alone is an address without a street."""
    out: list[Address] = []
    for m in TAIL.finditer(text):
        state = state_code(m["state"])
        if not state:
            continue
        city, city_start = _city(m)
        street = _street(text, city_start)
        line = text.count("\n", 0, city_start)
        address = Address(street, city, state, m["zip"], text[city_start : m.end()].strip(), line)
        if all((a.street.lower(), a.postal_code) != (street.lower(), m["zip"]) for a in out):
            out.append(address)
    return out


def _city(m: re.Match) -> tuple[str, int]:
    """The city without any street words a greedy match took along ("Harris Dr. Kilmarnock")."""
    city, start = m["city"], m.start("city")
    cut = 0
    for t in STREET_TYPE.finditer(city):
        cut = t.end()
    for u in re.finditer(r"\b(?:Suites?|Ste\.?|Floors?|Units?)\s+[\w-]+", city):
        cut = max(cut, u.end())
    rest = city[cut:].lstrip(SEPARATORS)
    return rest.strip(), start + len(city) - len(rest)


def _street(text: str, city_start: int) -> str:
    line_start = text.rfind("\n", 0, city_start) + 1
    same = text[line_start:city_start].strip(SEPARATORS)
    if street := _street_in(same, whole=False):
        return street
    if not same or UNIT_WORDS.match(same):  # the street stands on the line above
        prev_start = text.rfind("\n", 0, max(0, line_start - 1)) + 1
        above = text[prev_start : max(prev_start, line_start - 1)].strip(SEPARATORS)
        if street := _street_in(above, whole=True):
            return f"{street}, {same}" if same else street
    return ""


def _street_in(segment: str, whole: bool) -> str:
    """The street in a segment: from its first house number, else a short segment naming a
    street type ("West Church Street, Star Plaza"), else a line of its own above the city that
    carries a number ("Carretera 2 Km 14.5"). A line of words alone above the city is the
    place's name or tagline ("QUALITY SOBER HOUSING", "Residential & Detox Facilities"), never
    its street."""
    numbers = list(HOUSE_NUMBER.finditer(segment))
    typed = [n for n in numbers if STREET_TYPE.search(segment[n.end() :])]
    if number := (typed or numbers or [None])[-1 if typed else 0]:
        return _tidy(segment[number.start() :])
    words = segment.split()
    if (
        words
        and len(words) <= 8
        and (
            STREET_TYPE.search(segment) or whole and words[0][0].isupper() and DIGIT.search(segment)
        )
    ):
        return _tidy(segment)
    return ""


def _tidy(street: str) -> str:
    return re.sub(r"\s+", " ", street.replace("·", " ")).strip(SEPARATORS)


def phones(text: str) -> list[tuple[str, str | None, str, str | None]]:
    """(E.164, label, quote, extension) for each valid US phone number in the text."""
    out = []
    if not TEN_DIGITS.search(text):  # the matcher is slow; most blocks hold no number at all
        return _vanity_phones(text)
    for match in phonenumbers.PhoneNumberMatcher(text, "US", leniency=phonenumbers.Leniency.VALID):
        parsed = parse_phone(match.raw_string)  # the one normaliser every record producer uses
        if parsed is None or PLACEHOLDER_PHONE.search(match.raw_string):
            continue
        out.append((parsed[0], *_label_and_quote(text, match.start, match.end), parsed[1]))
    return out + _vanity_phones(text)


def _vanity_phones(text: str) -> list[tuple[str, str | None, str, None]]:
    out = []
    for match in VANITY.finditer(text):
        dialled = re.sub(r"[-.]", "", match["rest"])[:7]
        if sum(c.isalpha() for c in dialled) >= 3 and (e164 := to_e164(match["area"] + dialled)):
            out.append((e164, *_label_and_quote(text, match.start(), match.end()), None))
    return out


def _label_and_quote(text: str, start: int, end: int) -> tuple[str | None, str]:
    """The number's label from the words just before it ("Admissions:", "Fax"), and its quote."""
    before = text[max(0, start - 40) : start]
    before = re.split(r"\d{4}(?=\D*$)", before)[-1]  # the words since the number before it
    label = next((name for name, pat in PHONE_LABELS if pat.search(before)), None)
    return label, text[max(0, start - 40) : end].strip()


def tel_link(href: str) -> tuple[str, str | None] | None:
    """(E.164, extension) of a tel: link or a markup telephone ("+1-503-555-0142;ext=12")."""
    return parse_phone(href)


def emails(text: str) -> list[str]:
    """Addresses in the text that the record contract accepts (carefinder.schema.EMAIL): one it
    refuses ("info@site..org") would cost the whole record at validation."""
    return [e for e in EMAIL.findall(text)
            if VALID_EMAIL.match(e) and not e.lower().endswith((".png", ".jpg", ".gif"))]  # fmt: skip
