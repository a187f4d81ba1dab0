"""Turn what a person types ("95610", "Chicago", "St. Louis, MO", an address, "38.7,-121.3")
into a point, saying what was used: the place's label, how precise it is, a note when the text
was read loosely (a street ignored, a misspelling corrected, one of several cities chosen) and
the alternatives.

Offline by default (the bundled ZIP/city gazetteer; usaddress splits the text into street,
city, state and ZIP). Set ``CAREFINDER_GEOCODER=nominatim`` to locate street addresses and
places the gazetteer lacks with OpenStreetMap's Nominatim through geopy, rate-limited and
cached, with the user agent from ``CAREFINDER_USER_AGENT``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cache

import usaddress

from carefinder import CarefinderError, Message, gazetteer

LATLON = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$")
ZIP = re.compile(r"\b(\d{5})(?:-\d{4})?\b")
STREET_PARTS = ("AddressNumber", "StreetName", "USPSBoxID", "BuildingName", "IntersectionSeparator")


@dataclass(frozen=True)
class Point:
    lat: float
    lon: float
    label: str  # the place searched from, in words: "Chicago, IL 60601"
    timezone: str | None = None
    precision: str = "postal_code"  # "address", "postal_code", "city" or "coordinates"
    note: str | None = None  # how the text was read, when not literally (a Message)
    alternatives: list[str] = field(default_factory=list)  # other places it may have meant


def _from_place(place: gazetteer.Place, label: str, **kw) -> Point:
    return Point(place.lat, place.lon, label, place.timezone, place.precision, **kw)


def _city_label(place: gazetteer.Place) -> str:
    return f"{place.city}, {place.state}"


def _parts(text: str) -> dict[str, str]:
    """usaddress's reading of the text; a lone name when it cannot tell."""
    try:
        tagged, _ = usaddress.tag(text)
    except usaddress.RepeatedLabelError:
        return {}
    return dict(tagged)


def geocode(text: str) -> Point:
    """A point for the text, or CarefinderError saying the place is unknown."""
    text = " ".join((text or "").split())
    if not text:
        raise CarefinderError(
            "no place given: type a ZIP code, a city ('Chicago, IL'), an address or 'lat,lon'"
        )
    if len(text) > 200:
        raise CarefinderError("place is too long (200 characters at most)")
    if m := LATLON.match(text):
        lat, lon = float(m[1]), float(m[2])
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise CarefinderError(
                "%(place)s is not a latitude,longitude pair in range", place=repr(text)
            )
        return Point(lat, lon, f"{lat:.4f},{lon:.4f}", precision="coordinates")
    parts = _parts(text)
    has_street = any(k in parts for k in STREET_PARTS)
    online = os.environ.get("CAREFINDER_GEOCODER") == "nominatim"
    # A street address goes online first when allowed; offline, its street is set aside.
    point = (has_street and online and _nominatim(text)) or _offline(text, parts)
    if point and has_street and point.precision != "address":
        note = Message(
            "Street address not used: searching from the centre of %(place)s.", place=point.label
        )
        return Point(point.lat, point.lon, point.label, point.timezone, point.precision, note)
    if point := point or (online and not has_street and _nominatim(text)):
        return point
    raise CarefinderError(
        "unknown place %(place)s: try a 5-digit ZIP code, 'City, ST' or 'lat,lon'",
        place=repr(text),
    )


def _offline(text: str, parts: dict[str, str]) -> Point | None:
    zip_match = ZIP.search(parts.get("ZipCode", "")) or ZIP.fullmatch(text)
    if zip_match and (place := gazetteer.by_zip(zip_match[1])):
        return _from_place(place, f"{_city_label(place)} {zip_match[1]}")
    state = gazetteer.state_code(parts.get("StateName"))
    city = parts.get("PlaceName") or (None if parts.get("StateName") else _lone_name(text))
    if not city:
        return None
    if state:
        return _city_in_state(city, state)
    return _city_anywhere(city)


def _lone_name(text: str) -> str | None:
    """The text as a city name when it is just words ("Los Angeles", "Kansas City")."""
    return text if re.fullmatch(r"[A-Za-z][A-Za-z .'-]*", text) else None


def _city_in_state(city: str, state: str) -> Point | None:
    if place := gazetteer.by_city(city, state):
        return _from_place(place, _city_label(place))
    close = gazetteer.similar(city, state)
    if not close:
        return None
    best, others = close[0], [_city_label(p) for p in close[1:]]
    note = Message(
        "No city called %(city)s in %(state)s: showing %(place)s, the closest name.",
        city=repr(city), state=state, place=_city_label(best),
    )  # fmt: skip
    return _from_place(best, _city_label(best), note=note, alternatives=others)


def _city_anywhere(city: str) -> Point | None:
    if places := gazetteer.named(city):
        best, others = places[0], [_city_label(p) for p in places[1:6]]
        note = None
        if others:
            note = Message(
                "Several places are called %(city)s: showing %(place)s, the largest.",
                city=best.city, place=_city_label(best),
            )  # fmt: skip
        return _from_place(best, _city_label(best), note=note, alternatives=others)
    close = gazetteer.similar(city)
    if not close:
        return None
    best, others = close[0], [_city_label(p) for p in close[1:]]
    note = Message(
        "No city called %(city)s: showing %(place)s, the closest name.",
        city=repr(city), place=_city_label(best),
    )  # fmt: skip
    return _from_place(best, _city_label(best), note=note, alternatives=others)


@cache
def _nominatim_lookup():
    from geopy.extra.rate_limiter import RateLimiter
    from geopy.geocoders import Nominatim

    agent = os.environ.get("CAREFINDER_USER_AGENT", "carefinder/0.1 (treatment finder)")
    return RateLimiter(Nominatim(user_agent=agent, timeout=10).geocode, min_delay_seconds=1)


@cache
def _nominatim(text: str) -> Point | None:
    try:
        found = _nominatim_lookup()(text, country_codes="us")
    except Exception as exc:  # geopy raises many network error types
        raise CarefinderError(
            "online geocoder failed for %(place)s: %(error)s", place=repr(text), error=str(exc)
        ) from None
    if not found:
        return None
    return Point(found.latitude, found.longitude, found.address, precision="address",
                 note=Message("Located by OpenStreetMap (Nominatim)."))  # fmt: skip
