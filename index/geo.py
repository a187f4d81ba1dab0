"""Distances and the grid cells that cover a radius: plain functions of coordinates."""

from __future__ import annotations

import math

from geographiclib.geodesic import Geodesic

from index.geocode import Point
from index.schema import CELL_SIZES, cell

EARTH_RADIUS_MILES = 3958.7613
MAX_CELLS = 64
METERS_PER_MILE = 1609.344


WGS84_A = 6378137.0  # metres
WGS84_F = 1 / 298.257223563
WGS84_B = WGS84_A * (1 - WGS84_F)


def geodesic_miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """WGS-84 geodesic distance, what geopy's ``geodesic`` computes (it wraps geographiclib):
    Vincenty's inverse formula, which agrees with geographiclib to within 0.01 mm at these
    distances and costs a fourteenth; geographiclib itself where Vincenty does not converge
    (nearly antipodal points)."""
    metres = _vincenty(lat1, lon1, lat2, lon2)
    if metres is None:
        metres = Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2, Geodesic.DISTANCE)["s12"]
    return metres / METERS_PER_MILE


def _vincenty(lat1: float, lon1: float, lat2: float, lon2: float) -> float | None:
    f, a, b = WGS84_F, WGS84_A, WGS84_B
    big_l = math.radians(lon2 - lon1)
    u1 = math.atan((1 - f) * math.tan(math.radians(lat1)))
    u2 = math.atan((1 - f) * math.tan(math.radians(lat2)))
    sin_u1, cos_u1, sin_u2, cos_u2 = math.sin(u1), math.cos(u1), math.sin(u2), math.cos(u2)
    lam = big_l
    for _ in range(100):
        sin_lam, cos_lam = math.sin(lam), math.cos(lam)
        sin_s = math.hypot(cos_u2 * sin_lam, cos_u1 * sin_u2 - sin_u1 * cos_u2 * cos_lam)
        if sin_s == 0:
            return 0.0  # the same point
        cos_s = sin_u1 * sin_u2 + cos_u1 * cos_u2 * cos_lam
        sigma = math.atan2(sin_s, cos_s)
        sin_alpha = cos_u1 * cos_u2 * sin_lam / sin_s
        cos2_alpha = 1 - sin_alpha * sin_alpha
        cos_2sm = cos_s - 2 * sin_u1 * sin_u2 / cos2_alpha if cos2_alpha else 0.0  # equator
        c = f / 16 * cos2_alpha * (4 + f * (4 - 3 * cos2_alpha))
        previous = lam
        lam = big_l + (1 - c) * f * sin_alpha * (
            sigma + c * sin_s * (cos_2sm + c * cos_s * (-1 + 2 * cos_2sm**2))
        )
        if abs(lam - previous) < 1e-12:
            break
    else:
        return None
    u_sq = cos2_alpha * (a * a - b * b) / (b * b)
    big_a = 1 + u_sq / 16384 * (4096 + u_sq * (-768 + u_sq * (320 - 175 * u_sq)))
    big_b = u_sq / 1024 * (256 + u_sq * (-128 + u_sq * (74 - 47 * u_sq)))
    delta = big_b * sin_s * (
        cos_2sm
        + big_b / 4 * (cos_s * (-1 + 2 * cos_2sm**2)
                       - big_b / 6 * cos_2sm * (-3 + 4 * sin_s**2) * (-3 + 4 * cos_2sm**2))
    )  # fmt: skip
    return b * big_a * (sigma - delta)


def haversine_miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(point: Point, radius: float) -> tuple[float, float, float, float]:
    dlat = radius / 69.0
    coslat = max(math.cos(math.radians(point.lat)), 0.01)
    dlon = min(180.0, radius / (69.17 * coslat))
    return point.lat - dlat, point.lat + dlat, point.lon - dlon, point.lon + dlon


def covering_cells(point: Point, radius: float) -> list[tuple[str, bool]]:
    """Grid cells covering the radius's bounding box, at the finest size with few cells, each
    with whether it lies wholly inside the radius (then its documents need no distance check).

    A lat/lon rectangle's farthest point from a point within a few hundred miles is one of its
    corners, so four corner distances under the radius (less the 1 % the sphere may be off
    the ellipsoid) put the whole cell inside."""
    south, north, west, east = bounding_box(point, radius)
    for size in CELL_SIZES:
        rows = range(math.floor(south / size), math.floor(north / size) + 1)
        cols = range(math.floor(west / size), math.floor(east / size) + 1)
        if len(rows) * len(cols) <= MAX_CELLS or size == CELL_SIZES[-1]:
            return [
                (cell(r * size + size / 2, c * size + size / 2, size),
                 _inside(point, radius * 0.99, r * size, c * size, size))
                for r in rows for c in cols
            ]  # fmt: skip
    raise AssertionError("unreachable")


def _inside(point: Point, radius: float, south: float, west: float, size: float) -> bool:
    return all(
        haversine_miles(point.lat, point.lon, lat, lon) <= radius
        for lat in (south, south + size)
        for lon in (west, west + size)
    )
