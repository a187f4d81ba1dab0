"""Offline US place look-ups (ZIP and city centroids, time zones) from the `zipcodes` package."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
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
# Abbreviations spelt out, so "St. Louis" finds the gazetteer's "Saint Louis".
ABBREVIATIONS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}


@dataclass(frozen=True)
class Place:
    lat: float
    lon: float
    city: str
    state: str
    timezone: str | None
    precision: str  # "postal_code" or "city"
    zips: int = 1  # ZIP codes of the city: the size that picks among places of one name


@cache
def _name(city: str) -> str:
    words = city.lower().replace(".", " ").replace("-", " ").split()
    return " ".join([ABBREVIATIONS.get(w, w) for w in words])


def _key(city: str, state: str) -> tuple[str, str]:
    return (_name(city), state.upper())


def state_code(text: str | None) -> str | None:
    """The USPS code for a state's code or name, any case; None when it is neither."""
    text = " ".join((text or "").replace(".", "").split())
    if len(text) == 2 and text.upper() in STATES.values():
        return text.upper()
    return STATES.get(text.lower())


@cache
def _tables() -> tuple[dict[str, Place], dict[tuple[str, str], Place]]:
    import zipcodes

    by_zip: dict[str, Place] = {}
    primary: dict[tuple[str, str], list[Place]] = {}
    alternate: dict[tuple[str, str], list[Place]] = {}
    for row in zipcodes.list_all():
        try:
            lat, lon = float(row["lat"]), float(row["long"])
        except (TypeError, ValueError):
            continue
        if lat == lon == 0:  # a few ZIPs (PO boxes) carry 0,0 for "unknown"
            continue
        place = Place(lat, lon, row["city"], row["state"], row.get("timezone"), "postal_code")
        by_zip[row["zip_code"]] = place
        primary.setdefault(_key(row["city"], row["state"]), []).append(place)
        for name in row.get("acceptable_cities", []):
            alternate.setdefault(_key(name, row["state"]), []).append(place)
    by_city = {}
    for key in {*primary, *alternate}:
        # A city's own ZIPs when it has any; ZIPs that merely accept its name otherwise.
        pts = primary.get(key) or alternate[key]
        by_city[key] = Place(
            sum(p.lat for p in pts) / len(pts),
            sum(p.lon for p in pts) / len(pts),
            pts[0].city if key in primary else key[0].title(),
            key[1],
            pts[0].timezone,
            "city",
            len(pts),
        )
    return by_zip, by_city


@cache
def _by_name() -> dict[str, list[Place]]:
    """Every state's place of a name, largest (most ZIP codes) first."""
    out: dict[str, list[Place]] = {}
    for (name, _), place in _tables()[1].items():
        out.setdefault(name, []).append(place)
    for places in out.values():
        places.sort(key=lambda p: (-p.zips, p.state))
    return out


def by_zip(postal_code: str | None) -> Place | None:
    if not postal_code:
        return None
    return _tables()[0].get(postal_code.strip()[:5].zfill(5))


def by_city(city: str | None, state: str | None) -> Place | None:
    if not city or not state:
        return None
    return _tables()[1].get(_key(city, state))


def named(city: str) -> list[Place]:
    """Places called ``city`` in any state, largest first."""
    return _by_name().get(_name(city), [])


def similar(city: str, state: str | None = None, n: int = 4) -> list[Place]:
    """Places whose names are closest to a misspelt ``city`` (within ``state`` when given),
    closest first."""
    if state:
        names = [name for name, st in _tables()[1] if st == state.upper()]
    else:
        names = list(_by_name())
    close = difflib.get_close_matches(_name(city), names, n=n, cutoff=0.75)
    if state:
        return [_tables()[1][(name, state.upper())] for name in close]
    return [_by_name()[name][0] for name in close]


def locate(address: dict | None) -> Place | None:
    """Best offline guess for a record address: its ZIP centroid, else its city centroid."""
    if not address:
        return None
    return by_zip(address.get("postal_code")) or by_city(address.get("city"), address.get("state"))
