"""How many of the place strings in tests/data/places.csv land where the person meant: in the
expected state and within 10 miles of the place's well-known point.

    python bench/places_accuracy.py [--show]

Run it with PYTHONPATH pointing at another checkout to measure that checkout's geocoder on the
same table (bench/RESULTS.md has both numbers)."""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path

from carefinder import CarefinderError
from index.geo import haversine_miles
from index.geocode import geocode

TABLE = Path(__file__).resolve().parent.parent / "tests" / "data" / "places.csv"
MILES = 10


def landed(row: dict) -> tuple[bool, str]:
    """Whether the row's text lands in its state within MILES of its point, and what it read."""
    try:
        point = geocode(row["place"])
    except CarefinderError as exc:
        return False, f"refused: {exc}"
    miles = haversine_miles(point.lat, point.lon, float(row["lat"]), float(row["lon"]))
    state = point.label.split(", ")[-1][:2]
    return state == row["state"] and miles <= MILES, f"{point.label} at {miles:.1f} mi"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print every miss")
    args = parser.parse_args()
    rows = list(csv.DictReader(TABLE.open(encoding="utf-8")))
    started = time.monotonic()
    results = [(row, *landed(row)) for row in rows]
    elapsed = time.monotonic() - started
    hits = sum(ok for _, ok, _ in results)
    for row, ok, said in results:
        if args.show and not ok:
            print(f"miss: {row['place']!r} -> {said}")
    states = len({row["state"] for row in rows})
    print(f"{hits} of {len(rows)} place strings ({states} states and territories) within "
          f"{MILES} miles in the right state: {100 * hits / len(rows):.1f}% ({elapsed:.1f} s)")  # fmt: skip


if __name__ == "__main__":
    main()
