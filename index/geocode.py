"""Turn what a person types ("95610", "Sacramento, CA", an address, "38.7,-121.3") into a point.

Offline by default (the bundled ZIP/city gazetteer). Set ``CAREFINDER_GEOCODER=nominatim`` to
fall back to OpenStreetMap's Nominatim through geopy, rate-limited and cached, with the user
agent from ``CAREFINDER_USER_AGENT``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache

from carefinder import CarefinderError, gazetteer

LATLON = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$")
ZIP = re.compile(r"\b(\d{5})(?:-\d{4})?\s*$")
CITY_STATE = re.compile(
    r"([A-Za-z][A-Za-z .'-]*?)\s*,?\s+([A-Za-z]{2})\.?\s*(?:\d{5}(?:-\d{4})?)?\s*$"
)


@dataclass(frozen=True)
class Point:
    lat: float
    lon: float
    label: str
    timezone: str | None = None


def _from_place(place: gazetteer.Place, label: str) -> Point:
    return Point(place.lat, place.lon, label, place.timezone)


def geocode(text: str) -> Point:
    """A point for the text, or CarefinderError saying the place is unknown."""
    text = (text or "").strip()
    if not text:
        raise CarefinderError(
            "no place given: type a ZIP code, 'City, ST', an address or 'lat,lon'"
        )
    if len(text) > 200:
        raise CarefinderError("place is too long (200 characters at most)")
    if m := LATLON.match(text):
        lat, lon = float(m[1]), float(m[2])
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise CarefinderError(f"{text!r} is not a latitude,longitude pair in range")
        return Point(lat, lon, f"{lat:.4f},{lon:.4f}")
    if (m := ZIP.search(text)) and (place := gazetteer.by_zip(m[1])):
        return _from_place(place, f"{place.city}, {place.state} {m[1]}")
    if m := CITY_STATE.search(text):
        city = m[1].split(",")[-1].strip()
        if place := gazetteer.by_city(city, m[2]):
            return _from_place(place, f"{place.city}, {place.state}")
    if os.environ.get("CAREFINDER_GEOCODER") == "nominatim":
        point = _nominatim(text)
        if point:
            return point
    raise CarefinderError(
        f"unknown place {text!r}: try a 5-digit ZIP code, 'City, ST' or 'lat,lon'"
    )


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
        raise CarefinderError(f"online geocoder failed for {text!r}: {exc}") from None
    return Point(found.latitude, found.longitude, found.address) if found else None
