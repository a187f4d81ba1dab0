"""Offline US place look-ups (ZIP and city centroids, time zones) from the `zipcodes` package."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Place:
    lat: float
    lon: float
    city: str
    state: str
    timezone: str | None
    precision: str  # "postal_code" or "city"


def _key(city: str, state: str) -> tuple[str, str]:
    return (" ".join(city.lower().replace(".", "").split()), state.upper())


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
            key[0].title(),
            key[1],
            pts[0].timezone,
            "city",
        )
    return by_zip, by_city


def by_zip(postal_code: str | None) -> Place | None:
    if not postal_code:
        return None
    return _tables()[0].get(postal_code.strip()[:5].zfill(5))


def by_city(city: str | None, state: str | None) -> Place | None:
    if not city or not state:
        return None
    return _tables()[1].get(_key(city, state))


def locate(address: dict | None) -> Place | None:
    """Best offline guess for a record address: its ZIP centroid, else its city centroid."""
    if not address:
        return None
    return by_zip(address.get("postal_code")) or by_city(address.get("city"), address.get("state"))
