"""National-scale index benchmark: build the SAMHSA 2022 directories, time a fixed query mix.

    .venv/bin/python bench/index_bench.py [--shared ../shared] [--out bench/out]

Compares carefinder's search (grid cells + cached postings + geodesic check) with the naive
Whoosh way (float NumericRange on lat and lon, stored-field reads) and with SQLite (FTS5,
R*Tree, facet rows: bench/sqlite_search.py) on the same queries, checking that all find the
same totals (and SQLite the same disjunctive facet counts).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import time
from itertools import chain
from pathlib import Path

import sqlite_search
from geopy.distance import geodesic
from whoosh import query as Q
from whoosh.qparser import MultifieldParser, OrGroup

from carefinder.query import SearchQuery
from carefinder.samhsa.convert import Report, convert
from carefinder.samhsa.readers import read
from index import store
from index.geo import bounding_box
from index.schema import expanded_facets, named_terms
from index.search import Engine

FILTER_CHOICES = {
    "levels_of_care": ["iop", "outpatient", "residential", "detox", "php"],
    "payment": ["medicaid", "private_insurance", "medicare", "self_pay", "sliding_scale"],
    "conditions": ["co_occurring", "substance_use", "ptsd"],
    "populations": ["adolescents", "women", "veterans", "adults"],
    "services": ["buprenorphine", "telehealth", "mat"],
}
TEXTS = ["counseling", "recovery", "family", "behavioral health", "methadone", "youth services"]


def query_mix(records: list[dict], n: int, seed: int = 2026) -> list[SearchQuery]:
    rng = random.Random(seed)
    zips = sorted({r["address"]["postal_code"] for r in records if r["address"]["postal_code"]})
    mix = []
    for i in range(n):
        kinds = rng.sample(sorted(FILTER_CHOICES), rng.randint(1, 4))
        filters = {k: [rng.choice(FILTER_CHOICES[k])] for k in kinds}
        text = rng.choice(TEXTS) if i % 3 == 0 else ""
        mix.append(
            SearchQuery(
                text=text, near=rng.choice(zips), radius=rng.choice([10, 25, 50, 100]),
                filters=filters, per_page=20,
            )
        )  # fmt: skip
    return mix


def naive(searcher, q: SearchQuery, point) -> int:
    """The reference: float NumericRange box, then distances and facets from stored fields."""
    south, north, west, east = bounding_box(point, q.radius)
    parts = [Q.NumericRange("lat", south, north), Q.NumericRange("lon", west, east)]
    parts += [Q.Or([Q.Term(f, v) for v in vs]) for f, vs in q.filters.items()]
    if q.text:
        # What the engine finds for a text: its words, or a term its everyday words name.
        parser = MultifieldParser(["name", "body"], searcher.schema, group=OrGroup.factory(0.9))
        named = [Q.Term(facet, slug) for facet, slug in named_terms(q.text)]
        parts.append(Q.Or([parser.parse(q.text), *named]))
    hits = searcher.search(Q.And(parts), limit=None)
    kept, counts = [], {}
    for hit in hits:
        stored = hit.fields()
        d = geodesic((point.lat, point.lon), (stored["lat"], stored["lon"])).miles
        if d <= q.radius:
            kept.append((d, stored["id"]))
            for facet, values in json.loads(stored["record"]).items():
                if facet in FILTER_CHOICES:
                    for v in values:
                        counts[(facet, v)] = counts.get((facet, v), 0) + 1
    kept.sort()
    return len(kept)


def brute_facets(records: list[dict], q: SearchQuery, point) -> dict[str, dict[str, int]]:
    """Disjunctive facet counts the slow, obvious way: every record, geodesic distance, each
    kind's own filter ignored (queries without free text only)."""
    south, north, west, east = bounding_box(point, q.radius)
    area = []
    for r in records:
        loc = r.get("location")  # placed by the import (carefinder.complete)
        inside = loc and south <= loc["lat"] <= north and west <= loc["lon"] <= east
        if inside and geodesic((point.lat, point.lon), (loc["lat"], loc["lon"])).miles <= q.radius:
            area.append(expanded_facets(r))
    counts: dict[str, dict[str, int]] = {}
    for facet in FILTER_CHOICES:
        tally: dict[str, int] = {}
        for values in area:
            if all(set(values[f]) & set(vs) for f, vs in q.filters.items() if f != facet):
                for v in values[facet]:
                    tally[v] = tally.get(v, 0) + 1
        counts[facet] = tally
    return counts


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def search_only(root: Path, n: int) -> None:
    """The query mix against an index already built: the engine alone, as a server runs it."""
    engine = Engine(root)
    t0 = time.perf_counter()
    searcher, _ = engine.searcher()
    print(f"opening the generation: {(time.perf_counter() - t0) * 1000:.0f} ms")
    records = [json.loads(f["summary"]) for f in searcher.reader().all_stored_fields()]
    mix = query_mix(records, n)
    engine.search(mix[0])
    for run in ("first pass (text matches not yet cached)", "second pass"):
        times = []
        for q in mix:
            t0 = time.perf_counter()
            engine.search(q)
            times.append((time.perf_counter() - t0) * 1000)
        print(
            run,
            {p: round(pct(times, p), 2) for p in (50, 95, 99)},
            "ms; load average",
            os.getloadavg(),
        )


def sqlite_anchor(path: Path, records: list[dict], mix: list[SearchQuery], results) -> dict:
    """Build the SQLite database of the records and run the mix on it, as the engine ran it
    (opened, one query to warm it, then the whole mix)."""
    t0 = time.perf_counter()
    sqlite_search.build(path, records)
    t_build = time.perf_counter() - t0
    lite = sqlite_search.SqliteSearch(path)
    lite.search(mix[0])
    times, same_totals, same_facets = [], 0, 0
    for q, result in zip(mix, results, strict=True):
        t0 = time.perf_counter()
        total, facets, _ = lite.search(q)
        times.append((time.perf_counter() - t0) * 1000)
        same_totals += total == result.total
        same_facets += facets == result.facets
    return {
        "sqlite_build_s": round(t_build, 1),
        "sqlite_mb": round(path.stat().st_size / 1e6, 1),
        "sqlite_ms": {p: round(pct(times, p), 2) for p in (50, 95, 99)},
        "sqlite_same_totals": f"{same_totals}/{len(mix)}",
        "sqlite_same_facet_counts": f"{same_facets}/{len(mix)}",
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--out", default="bench/out")
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument(
        "--search-only",
        action="store_true",
        help="time only carefinder's search, twice, on the index an earlier run built",
    )
    args = ap.parse_args()
    if args.search_only:
        return search_only(Path(args.out) / "national-index", args.queries)
    data = Path(args.shared) / "data" / "samhsa"
    files = [data / "national_directory_sa_2022.xlsx", data / "national_directory_mh_2022.xlsx"]
    t0 = time.perf_counter()
    records = list(convert(chain.from_iterable(read(f) for f in files), Report()))
    t_import = time.perf_counter() - t0
    root = Path(args.out) / "national-index"
    t0 = time.perf_counter()
    store.build(root, records)
    t_build = time.perf_counter() - t0
    size = sum(p.stat().st_size for p in store.current(root).iterdir())
    engine = Engine(root)
    mix = query_mix(records, args.queries)
    engine.search(mix[0])  # open the searcher and load postings once, as a server does
    ours, ref, totals = [], [], []
    searcher, _ = engine.searcher()
    from index.geocode import geocode

    # Each way runs the whole mix on its own, as a server would: interleaved, the naive way's
    # garbage (hundreds of thousands of stored-field dicts) was collected during our queries.
    results = []
    for q in mix:
        t0 = time.perf_counter()
        results.append(engine.search(q))
        ours.append((time.perf_counter() - t0) * 1000)
    for q, result in zip(mix, results, strict=True):
        point = geocode(q.near)
        t0 = time.perf_counter()
        n = naive(searcher, q, point)
        ref.append((time.perf_counter() - t0) * 1000)
        totals.append((result.total, n))
    agree = sum(a == b for a, b in totals)
    anchor = sqlite_anchor(Path(args.out) / "national.sqlite", records, mix, results)
    checked = [q for q in mix if not q.text][:20]
    exact = sum(
        {f: c for f, c in engine.search(q).facets.items() if f in FILTER_CHOICES}
        == brute_facets(records, q, geocode(q.near))
        for q in checked
    )
    rows = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "date": time.strftime("%Y-%m-%d"),
        "records": len(records),
        "import_s": round(t_import, 1),
        "build_s": round(t_build, 1),
        "index_mb": round(size / 1e6, 1),
        "queries": len(mix),
        "ours_ms": {p: round(pct(ours, p), 2) for p in (50, 95, 99)},
        "naive_ms": {p: round(pct(ref, p), 2) for p in (50, 95, 99)},
        "speedup_p95": round(pct(ref, 95) / pct(ours, 95), 1),
        "same_totals": f"{agree}/{len(mix)}",
        "facet_counts_exact": f"{exact}/{len(checked)}",
        "median_results": statistics.median(t for t, _ in totals),
        "ours_p99_over_p95": round(pct(ours, 99) / pct(ours, 95), 1),
        **anchor,
        "ours_faster_than_sqlite_p95": round(anchor["sqlite_ms"][95] / pct(ours, 95), 1),
        "load_average": os.getloadavg(),
    }
    print(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
