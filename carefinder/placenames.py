"""How people write US place names: state names and their abbreviations, and the one form of a
city name that compares equal however it was typed (St./Saint, accents, hyphens, apostrophes)."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# USPS codes by name: people type "Denver, Colorado" as often as "Denver, CO".
STATES = {
    "alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA",
    "colorado": "CO", "connecticut": "CT", "delaware": "DE", "district of columbia": "DC",
    "florida": "FL", "georgia": "GA", "hawaii": "HI", "idaho": "ID", "illinois": "IL",
    "indiana": "IN", "iowa": "IA", "kansas": "KS", "kentucky": "KY", "louisiana": "LA",
    "maine": "ME", "maryland": "MD", "massachusetts": "MA", "michigan": "MI", "minnesota": "MN",
    "mississippi": "MS", "missouri": "MO", "montana": "MT", "nebraska": "NE", "nevada": "NV",
    "new hampshire": "NH", "new jersey": "NJ", "new mexico": "NM", "new york": "NY",
    "north carolina": "NC", "north dakota": "ND", "ohio": "OH", "oklahoma": "OK", "oregon": "OR",
    "pennsylvania": "PA", "rhode island": "RI", "south carolina": "SC", "south dakota": "SD",
    "tennessee": "TN", "texas": "TX", "utah": "UT", "vermont": "VT", "virginia": "VA",
    "washington": "WA", "west virginia": "WV", "wisconsin": "WI", "wyoming": "WY",
    "puerto rico": "PR", "guam": "GU", "virgin islands": "VI", "american samoa": "AS",
    "northern mariana islands": "MP",
}  # fmt: skip
# The abbreviations of newspapers and old addresses (AP style and its variants).
OLD_ABBREVIATIONS = {
    "ala": "AL", "ariz": "AZ", "ark": "AR", "calif": "CA", "cal": "CA", "colo": "CO",
    "conn": "CT", "del": "DE", "fla": "FL", "ill": "IL", "ind": "IN", "kan": "KS", "kans": "KS",
    "mass": "MA", "mich": "MI", "minn": "MN", "miss": "MS", "mont": "MT", "neb": "NE",
    "nebr": "NE", "nev": "NV", "nmex": "NM", "ndak": "ND", "sdak": "SD", "okla": "OK",
    "ore": "OR", "oreg": "OR", "penn": "PA", "penna": "PA", "tenn": "TN", "tex": "TX",
    "wash": "WA", "wva": "WV", "wis": "WI", "wisc": "WI", "wyo": "WY", "washdc": "DC",
}  # fmt: skip
DIRECTIONS = {"n": "north", "s": "south", "e": "east", "w": "west"}
_APOSTROPHES = re.compile(r"['\u2019]")
_PUNCTUATION = re.compile(r"[^a-z0-9]+")
# Words spelt out, so "St. Louis" and "Saint Louis", "Mt. Shasta" and "Mount Shasta" are one.
WORDS = {
    "st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount", "pt": "point",
    "nyc": "new york city", "wash": "washington",
}  # fmt: skip


def fold(text: str) -> str:
    """Lower case, accents and apostrophes dropped, other punctuation a space:
    "Cañon City" is "canon city", "Coeur d'Alene" "coeur dalene"."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _PUNCTUATION.sub(" ", _APOSTROPHES.sub("", text.lower())).strip()


@cache
def words(city: str) -> str:
    """The city's name as words, abbreviations spelt out and a leading "the" dropped."""
    folded = fold(city).split()
    # "N. Las Vegas" is North Las Vegas; a lone "N" is no place.
    out = [
        WORDS.get(w) or (i < len(folded) - 1 and DIRECTIONS.get(w)) or w
        for i, w in enumerate(folded)
    ]
    return " ".join(out[1:] if out[:1] == ["the"] and len(out) > 1 else out)


@cache
def key(city: str) -> str:
    """The form a city name is compared in: words spelt out and joined without spaces, and a
    leading "the" dropped, so "St. Louis", "Saint-Louis", "The Bronx"/"Bronx", "DeKalb"/"De Kalb"
    and "Winston Salem"/"Winston-Salem" each compare equal."""
    return words(city).replace(" ", "")


def state_code(text: str | None) -> str | None:
    """The USPS code for a state's code, name or abbreviation in any case and punctuation
    ("co", "Colorado", "Colo.", "N.Y.", "D.C."); None when it is none of them."""
    squeezed = fold(text or "").replace(" ", "")
    if len(squeezed) == 2 and squeezed.upper() in _CODES:
        return squeezed.upper()
    return _BY_NAME.get(squeezed)


def state_name(code: str) -> str | None:
    """The state's name for its USPS code in any case ("az" → "arizona"); None for no code."""
    return _NAMES.get(code.upper())


_CODES = set(STATES.values())
_NAMES = {code: name for name, code in STATES.items()}
_BY_NAME = {name.replace(" ", ""): code for name, code in STATES.items()} | OLD_ABBREVIATIONS
