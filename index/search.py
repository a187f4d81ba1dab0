"""Search with facet filters, free text, radius and distance sort: the webapp's one entry point."""

from __future__ import annotations

import json
import math
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path

from geopy.distance import geodesic
from whoosh import query as Q
from whoosh.qparser import MultifieldParser, OrGroup

from carefinder import CarefinderError, vocabulary
from index import hours
from index.geocode import Point, geocode
from index.schema import CELL_SIZES, FILTERS, cell
from index.store import current, index_dir, open_current

EARTH_RADIUS_MILES = 3958.7613
MAX_RADIUS = 500.0
MAX_CELLS = 64
SKIP_SCORING_LIMIT = 3000  # candidates up to this many are scored one by one
OPEN_VALUES = ("evening", "weekend", "now")
SORTS = ("distance", "relevance")


@dataclass
class SearchQuery:
    text: str = ""
    near: str | None = None
    radius: float = 25.0
    filters: dict[str, list[str]] = field(default_factory=dict)
    open: list[str] = field(default_factory=list)
    sort: str | None = None
    page: int = 1
    per_page: int = 20
    ids: list[str] = field(default_factory=list)  # only these facilities (e.g. one facility page)

    def check(self) -> None:
        """Raise CarefinderError naming the bad parameter and its valid values."""
        for facet, values in self.filters.items():
            if facet not in vocabulary.FACETS:
                raise CarefinderError(f"unknown filter {facet!r}; valid: {', '.join(FILTERS)}")
            for v in values:
                if not vocabulary.is_valid(facet, v):
                    valid = ", ".join(vocabulary.slugs(facet))
                    raise CarefinderError(f"unknown {facet} slug {v!r}; valid: {valid}")
        for v in self.open:
            if v not in OPEN_VALUES:
                raise CarefinderError(f"unknown open value {v!r}; valid: {', '.join(OPEN_VALUES)}")
        if not (isinstance(self.radius, int | float) and 0 < self.radius <= MAX_RADIUS):
            raise CarefinderError(f"radius must be more than 0 and at most {MAX_RADIUS:g} miles")
        if self.sort not in (None, *SORTS):
            raise CarefinderError(f"unknown sort {self.sort!r}; valid: {', '.join(SORTS)}")
        if not 1 <= self.page <= 10_000:
            raise CarefinderError("page must be between 1 and 10000")
        if not 1 <= self.per_page <= 1000:
            raise CarefinderError("per_page (limit) must be between 1 and 1000")
        if len(self.ids) > 1000:
            raise CarefinderError("at most 1000 facility ids at once")
        if len(self.text) > 500:
            raise CarefinderError("query text is too long (500 characters at most)")


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


def covering_cells(point: Point, radius: float) -> list[str]:
    """Grid cells covering the radius's bounding box, at the finest size with few cells."""
    south, north, west, east = bounding_box(point, radius)
    for size in CELL_SIZES:
        rows = range(math.floor(south / size), math.floor(north / size) + 1)
        cols = range(math.floor(west / size), math.floor(east / size) + 1)
        if len(rows) * len(cols) <= MAX_CELLS or size == CELL_SIZES[-1]:
            return [
                cell(r * size + size / 2, c * size + size / 2, size) for r in rows for c in cols
            ]
    raise AssertionError("unreachable")


class Engine:
    """A searcher over the current index generation, reopened when the generation changes."""

    def __init__(self, root: str | Path | None = None):
        self.root = index_dir(root)
        self._lock = threading.Lock()
        self._gen: Path | None = None
        self._searcher = None
        self._postings: dict[tuple[str, str], frozenset[int]] = {}

    def searcher(self):
        gen = current(self.root)
        with self._lock:
            if gen != self._gen:
                self._searcher = open_current(self.root).searcher()
                self._gen, self._postings = gen, self._load_postings(self._searcher)
            return self._searcher, self._postings

    @staticmethod
    def _load_postings(searcher) -> dict[tuple[str, str], frozenset[int]]:
        reader = searcher.reader()
        out = {}
        for fname in (*FILTERS, "cell"):
            for term in reader.lexicon(fname):
                text = term.decode("utf-8") if isinstance(term, bytes) else term
                out[(fname, text)] = frozenset(reader.postings(fname, term).all_ids())
        return out

    def search(self, query: SearchQuery) -> dict:
        query.check()
        point = geocode(query.near) if query.near else None
        searcher, postings = self.searcher()
        candidates = _candidates(postings, query, point)
        if query.ids:
            wanted = {n for i in query.ids if (n := searcher.document_number(id=i)) is not None}
            candidates = wanted if candidates is None else candidates & wanted
        if query.text.strip():
            scores = _text_scores(searcher, query.text, candidates)
            docs = set(scores)
        else:
            scores = None
            docs = candidates if candidates is not None else set(searcher.reader().all_doc_ids())
        distances = _within(searcher, docs, point, query.radius) if point else {}
        if point:
            docs &= set(distances)
        if "now" in query.open:
            docs = {d for d in docs if _open_now(searcher, d)}
        ordered = _order(searcher, docs, query, scores, distances)
        start, end = (query.page - 1) * query.per_page, query.page * query.per_page
        if point and ordered and distances and ordered[0] in distances and _by_distance(query):
            ordered = _geodesic_prefix(searcher, ordered, distances, point, end)
        results = [_result(searcher, d, distances.get(d), point) for d in ordered[start:end]]
        return {
            "query": {**asdict(query), "near_resolved": asdict(point) if point else None},
            "total": len(docs),
            "facets": _facet_counts(postings, docs),
            "results": results,
        }

    def stats(self) -> dict:
        searcher, postings = self.searcher()
        docs = set(searcher.reader().all_doc_ids())
        located = sum(1 for _ in searcher.docs_for_query(Q.Every("cell")))
        return {"records": len(docs), "located": located, "facets": _facet_counts(postings, docs)}


def _candidates(postings, query: SearchQuery, point: Point | None) -> set[int] | None:
    """Documents passing every filter (OR within a kind, AND across kinds); None when no filter.

    Posting lists are cached per index generation, so this is set algebra, not a Whoosh query.
    """
    groups = [[(facet, v) for v in values] for facet, values in query.filters.items() if values]
    if tags := [o for o in query.open if o != "now"]:
        groups.append([("open", t) for t in tags])
    if point:
        groups.append([("cell", c) for c in covering_cells(point, query.radius)])
    if not groups:
        return None
    unions = sorted(
        (frozenset().union(*(postings.get(key, frozenset()) for key in keys)) for keys in groups),
        key=len,
    )
    result = set(unions[0])
    for other in unions[1:]:
        result &= other
    return result


def _text_scores(searcher, text: str, allowed: set[int] | None) -> dict[int, float]:
    """BM25 scores of the documents matching ``text`` (only among ``allowed`` when given)."""
    parser = MultifieldParser(["name", "body"], searcher.schema, group=OrGroup.factory(0.9))
    try:
        parsed = parser.parse(text)
    except Exception:  # whoosh's parser can trip on odd syntax; fall back to plain words
        parsed = parser.parse(" ".join(w for w in text.split() if w.isalnum()))
    if allowed is None or len(allowed) > SKIP_SCORING_LIMIT:
        return {
            hit.docnum: hit.score for hit in searcher.search(parsed, filter=allowed, limit=None)
        }
    # Few candidates: jump the matcher to each one instead of walking every posting.
    scores: dict[int, float] = {}
    for leaf, offset in searcher.leaf_searchers():
        matcher = parsed.matcher(leaf, leaf.context())
        size = leaf.doc_count_all()
        for doc in sorted(d - offset for d in allowed if offset <= d < offset + size):
            if not matcher.is_active():
                break
            if matcher.id() < doc:
                matcher.skip_to(doc)
            if matcher.is_active() and matcher.id() == doc:
                scores[doc + offset] = matcher.score()
    return scores


def _within(searcher, docs: set[int], point: Point, radius: float) -> dict[int, float]:
    """Distance in miles of every doc within the radius: haversine, with the geodesic settling
    the cases within 1 % of the edge (sphere and ellipsoid differ by less than that)."""
    if not docs:
        return {}
    reader = searcher.reader()
    lats, lons = reader.column_reader("lat"), reader.column_reader("lon")
    out = {}
    for d in docs:
        lat, lon = lats[d], lons[d]
        rough = haversine_miles(point.lat, point.lon, lat, lon)
        if rough <= radius * 0.99:
            out[d] = rough
        elif (
            rough <= radius * 1.01
            and (exact := geodesic((point.lat, point.lon), (lat, lon)).miles) <= radius
        ):
            out[d] = exact
    return out


def _open_now(searcher, docnum: int) -> bool:
    stored = searcher.stored_fields(docnum)
    return hours.open_now(stored.get("hours") or [], stored.get("timezone"))


def _order(searcher, docs, query, scores, distances) -> list[int]:
    if not docs:
        return []
    ids = searcher.reader().column_reader("id")
    tie = ids.__getitem__
    by_distance = query.sort == "distance" or (query.sort is None and distances)
    if by_distance and distances:
        return sorted(docs, key=lambda d: (distances[d], tie(d)))
    if scores:
        return sorted(docs, key=lambda d: (-scores[d], tie(d)))
    return sorted(docs, key=tie)


def _by_distance(query: SearchQuery) -> bool:
    return query.sort == "distance" or (query.sort is None and bool(query.near))


def _geodesic_prefix(searcher, ordered: list[int], distances: dict, point: Point, end: int):
    """Re-sort the head of a haversine-sorted list by geodesic distance, far enough down that
    nothing after it can be nearer (the two measures differ by under 0.6 %)."""
    if not ordered[:end]:
        return ordered
    reader = searcher.reader()
    lats, lons, ids = (reader.column_reader(f) for f in ("lat", "lon", "id"))
    limit = distances[ordered[min(end, len(ordered)) - 1]] * 1.006
    cut = end
    while cut < len(ordered) and distances[ordered[cut]] <= limit:
        cut += 1
    for d in ordered[:cut]:
        distances[d] = geodesic((point.lat, point.lon), (lats[d], lons[d])).miles
    head = sorted(ordered[:cut], key=lambda d: (distances[d], ids[d]))
    return head + ordered[cut:]


def _result(searcher, docnum: int, distance: float | None, point: Point | None) -> dict:
    record = json.loads(searcher.stored_fields(docnum)["record"])
    return {"record": record, "distance_miles": round(distance, 2) if point else None}


def _facet_counts(postings, docs: set[int]) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {f: {} for f in FILTERS}
    for (fname, slug), ids in postings.items():
        if fname == "cell":
            continue
        n = len(ids & docs) if len(docs) < len(ids) else len(docs & ids)
        if n:
            counts[fname][slug] = n
    return counts


_engines: dict[Path, Engine] = {}


def search(query: SearchQuery, root: str | Path | None = None) -> dict:
    """Run one search against the index at ``root`` (see ``index.store.index_dir``)."""
    path = index_dir(root)
    engine = _engines.setdefault(path, Engine(path))
    return engine.search(query)
