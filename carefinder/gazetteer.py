"""Offline US place look-ups: cities from GeoNames (carefinder/places.csv: each place's own
point, population and time zone), ZIP codes and the smallest towns from carefinder/zips.csv (a
town GeoNames lacks is the mean of its ZIP centroids). Both files are derived from PyPI packages
by bench/derive_places.py; places.LICENSE.txt says where the data comes from."""

from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from carefinder import placenames
from carefinder.placenames import key, state_code

__all__ = ["Place", "by_city", "by_zip", "cities", "key", "largest", "locate", "named", "similar",
           "starting", "state_code"]  # fmt: skip

PLACES_CSV = Path(__file__).with_name("places.csv")
ZIPS_CSV = Path(__file__).with_name("zips.csv")


@dataclass(frozen=True)
class Place:
    lat: float
    lon: float
    city: str
    state: str
    timezone: str | None
    precision: str  # "postal_code" or "city"
    population: int | None = None  # GeoNames' count; None for a town known only by its ZIPs


@cache
def _geonames() -> tuple[dict[tuple[str, str], str], dict[tuple[str, str], str]]:
    """places.csv's lines by (name key, state), and by (alias key, state) for the names GeoNames
    gives the same place ("New York" for New York City). The file carries each name's key (a
    test checks it is placenames.key's) and lists a state's places of one name largest first, so
    loading is a split of each line: each is parsed into a Place only when asked for."""
    own: dict[tuple[str, str], str] = {}
    alias: dict[tuple[str, str], str] = {}
    for line in PLACES_CSV.read_text(encoding="utf-8").splitlines()[1:]:
        k, state, aliases, _ = line.split(",", 3)
        own.setdefault((k, state), line)
        for a in aliases.split("|") if aliases else ():
            alias.setdefault((a, state), line)
    return own, alias


@cache
def _place(line: str) -> Place:
    _, state, _, rest = line.split(",", 3)
    name, lat, lon, population, timezone = next(csv.reader([rest]))
    return Place(float(lat), float(lon), name, state, timezone, "city", int(population))


@cache
def _zip_lines() -> dict[str, str]:
    """zips.csv's lines by ZIP code, each parsed only when asked for: a few milliseconds to
    load, where a parse of its 42,000 rows takes a second."""
    lines = ZIPS_CSV.read_text(encoding="utf-8").splitlines()[1:]
    return {line[:5]: line for line in lines}


def _zip_place(line: str) -> Place:
    _, lat, lon, city, state, timezone = next(csv.reader([line]))
    return Place(float(lat), float(lon), city, state, timezone or None, "postal_code")


@cache
def _towns() -> dict[tuple[str, str], Place]:
    """Towns by (name key, state), each the mean of its ZIP centroids: the towns GeoNames lacks
    (under 500 people) are found here."""
    towns: dict[tuple[str, str], list[Place]] = {}
    for line in _zip_lines().values():
        place = _zip_place(line)
        towns.setdefault((key(place.city), place.state), []).append(place)
    return {
        k: Place(
            sum(p.lat for p in pts) / len(pts),
            sum(p.lon for p in pts) / len(pts),
            pts[0].city,
            k[1],
            pts[0].timezone,
            "city",
        )  # fmt: skip
        for k, pts in towns.items()
    }


def _largest_first(places) -> list[Place]:
    return sorted(places, key=lambda p: (-(p.population or 0), p.state))


@cache
def _geonames_by_name() -> dict[str, list[Place]]:
    """GeoNames' places by name key, largest first."""
    out: dict[str, list[Place]] = {}
    for (name, _), line in _geonames()[0].items():
        out.setdefault(name, []).append(_place(line))
    return {name: _largest_first(places) for name, places in out.items()}


@cache
def cities(population: int) -> frozenset[str]:
    """The name keys of the places of at least ``population`` people: the cities a page may be
    written about ("Los Angeles Rehab Options"). Read from the lines, not parsed Places: every
    page's title asks, and parsing 20,000 places would cost half a second."""
    return frozenset(
        name
        for table in _geonames()  # "New York" is GeoNames' other name of New York City
        for (name, _), line in table.items()
        if int(line.rsplit(",", 2)[-2] or 0) >= population
    )


@cache
def _by_name() -> dict[str, list[Place]]:
    """Every place by name key, largest first: GeoNames' places by population, then the towns
    only the ZIP table knows (loading it takes a second: only for names GeoNames lacks)."""
    out = {name: list(places) for name, places in _geonames_by_name().items()}
    own = _geonames()[0]
    for k, town in _towns().items():
        if k not in own:
            out.setdefault(k[0], []).append(town)
    return out


def by_zip(postal_code: str | None) -> Place | None:
    line = _zip_lines().get((postal_code or "").strip()[:5].zfill(5))
    return _zip_place(line) if line else None


def by_city(city: str | None, state: str | None) -> Place | None:
    """The place of exactly this name (or a name GeoNames gives the same place) in the state."""
    if not city or not state:
        return None
    k = (key(city), state.upper())
    own, alias = _geonames()
    line = own.get(k) or alias.get(k)
    return _place(line) if line else _towns().get(k)


def named(city: str) -> list[Place]:
    """Places called exactly ``city`` in any state, largest first; else the places GeoNames
    gives that name ("New York" for New York City); else the towns only ZIP codes name."""
    k = key(city)
    for table in _geonames():
        if found := [_place(line) for (name, _), line in table.items() if name == k]:
            return _largest_first(found)
    return _by_name().get(k, [])


def starting(text: str, state: str | None = None, n: int = 5) -> list[Place]:
    """The largest places whose name begins with these whole words ("Santa" → Santa Ana, Santa
    Fe...): choices to offer, never an answer by themselves."""
    prefix = placenames.words(text) + " "
    found = [
        p for places in _geonames_by_name().values() for p in places
        if (not state or p.state == state) and placenames.words(p.city).startswith(prefix)
    ]  # fmt: skip
    return _largest_first(found)[:n]


def largest(state: str, n: int = 5) -> list[Place]:
    """The state's most populous places."""
    return _largest_first(_place(line) for (_, st), line in _geonames()[0].items() if st == state)[
        :n
    ]


def similar(city: str, state: str | None = None, n: int = 4) -> list[Place]:
    """Places whose names are closest to a misspelt ``city`` (within ``state`` when given),
    closest first."""
    names = _by_name()
    pool = [name for name, places in names.items() if not state or any(p.state == state for p in places)]  # fmt: skip
    close = difflib.get_close_matches(key(city), pool, n=n, cutoff=0.75)
    return [next(p for p in names[name] if not state or p.state == state) for name in close]


def locate(address: dict | None) -> Place | None:
    """Best offline guess for a record address: its ZIP centroid, else its city's point."""
    if not address:
        return None
    return by_zip(address.get("postal_code")) or by_city(address.get("city"), address.get("state"))
