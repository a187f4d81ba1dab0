"""The referral list's picks: the facilities a person ticked in any of their searches, each
with its distance from the place of the search it was ticked in."""

from __future__ import annotations

from dataclasses import dataclass

from flask import g

from carefinder import CarefinderError
from carefinder.query import SearchQuery
from index.geo import geodesic_miles
from index.geocode import Point, geocode
from webapp.engine import get_engine

# Places looked up for one list: each may be an online look-up (CAREFINDER_GEOCODER=nominatim,
# one a second), and a list is picked from a few searches, not from hundreds.
PLACES = 20


@dataclass
class Pick:
    """A facility on a referral list, with its distance from the place it was picked near."""

    record: dict
    distance_miles: float | None
    place: str | None  # the place's label, when the distance is known


def chosen(query: SearchQuery, at: list[str]) -> list[Pick]:
    """The chosen facilities (``query.ids``) in the order given, never filtered by any search:
    each is measured from its own place (``at`` holds "ID:PLACE", the place of the search it
    was picked in), else from ``query.near``, and has no distance when neither is given or the
    place is not known."""
    places = dict(item.partition(":")[::2] for item in at)
    _, hits = get_engine().export(SearchQuery(ids=query.ids), g.deadline)
    points: dict[str | None, Point | None] = {}
    picks = []
    for hit in hits:
        record, near = hit.record, places.get(hit.record["id"]) or query.near
        if near not in points:  # each place once; a list picked from many searches stops at
            points[near] = _place(near) if len(points) < PLACES else None  # PLACES of them
        point = points[near]
        where = record.get("location")
        miles = geodesic_miles(point.lat, point.lon, where["lat"], where["lon"]) if (
            point and where) else None  # fmt: skip
        picks.append(Pick(record, None if miles is None else round(miles, 2),
                          point.label if miles is not None else None))  # fmt: skip
    return picks


def _place(near: str | None) -> Point | None:
    """The place a pick was found near, or None when none is given or it is not known now."""
    try:
        return geocode(near) if near else None
    except CarefinderError:
        return None
