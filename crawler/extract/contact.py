"""Phones, e-mail and US street addresses found in page text."""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

from carefinder.phones import to_e164
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
STREET_TYPES = (
    r"St|Street|Rd|Road|Ave|Avenue|Av|Dr|Drive|Blvd|Boulevard|Ln|Lane|Way|Pkwy|Parkway|Hwy|Highway|"
    r"Ct|Court|Pl|Place|Cir|Circle|Ter|Terrace|Pike|Trail|Trl|Sq|Square|Plaza|Loop|Row|Center|Ctr|Mall|Alley|Walk|Crossing|Run|Path|Point|Broadway|Expressway|Expy|Freeway|Fwy"
)
UNIT = r"(?:,?\s*(?:Suite|Ste\.?|#|Unit|Bldg\.?|Building|Floor|Fl\.?|Room|Rm\.?)\s*[\w-]+)"
STATE_ALT = "|".join(sorted(US_STATES, key=len, reverse=True))
ADDRESS = re.compile(
    rf"(?P<street>\b\d{{1,6}}(?:[ -][A-Za-z0-9.'’]+){{1,6}}?\s+(?:{STREET_TYPES})\b\.?(?:\s+[NSEW]\.?\b)?{UNIT}?)"
    rf"[\s,]+(?P<city>[A-Z][A-Za-z.'’-]+(?:\s+[A-Z][A-Za-z.'’-]+){{0,3}}),?\s+"
    rf"(?P<state>{STATE_ALT}|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\.?,?\s+(?P<zip>\d{{5}})(?:-\d{{4}})?\b"
)
EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b")
PHONE_LABELS = (
    ("fax", re.compile(r"\bfax\b", re.I)),
    ("billing", re.compile(r"\bbilling\b", re.I)),
    ("admissions", re.compile(r"\b(admissions?|intake|helpline|hotline|24/7|call now)\b", re.I)),
    ("office", re.compile(r"\b(office|main|phone|tel)\b", re.I)),
)
PLACEHOLDER_PHONE = re.compile(r"(\d)\1{6,}|999-?9999|123-?4567")


@dataclass(frozen=True)
class Address:
    street: str
    city: str
    state: str
    postal_code: str
    quote: str

    def as_dict(self) -> dict:
        return {"street": self.street, "city": self.city, "state": self.state,
                "postal_code": self.postal_code}  # fmt: skip


def addresses(text: str) -> list[Address]:
    out: list[Address] = []
    for m in ADDRESS.finditer(text):
        state = (
            m["state"].upper()
            if m["state"].upper() in US_STATES
            else STATE_NAMES.get(m["state"].lower())
        )
        if not state:
            continue
        street = re.sub(r"\s+", " ", m["street"]).strip(" ,")
        address = Address(street, m["city"].strip(), state, m["zip"], m[0])
        if all((a.street.lower(), a.postal_code) != (street.lower(), m["zip"]) for a in out):
            out.append(address)
    return out


def phones(text: str) -> list[tuple[str, str, str]]:
    """(E.164, label, quote) for each valid US phone number in the text."""
    out = []
    for match in phonenumbers.PhoneNumberMatcher(text, "US", leniency=phonenumbers.Leniency.VALID):
        if PLACEHOLDER_PHONE.search(match.raw_string):
            continue
        e164 = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        before = text[max(0, match.start - 40) : match.start]
        label = next((name for name, pat in PHONE_LABELS if pat.search(before)), None)
        quote = text[max(0, match.start - 40) : match.end].strip()
        out.append((e164, label, quote))
    return out


def tel_link(href: str) -> str | None:
    return to_e164(href)


def emails(text: str) -> list[str]:
    return [e for e in EMAIL.findall(text) if not e.lower().endswith((".png", ".jpg", ".gif"))]
