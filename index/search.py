"""Search with facet filters, free text, radius and distance sort: the webapp's one entry point."""

from __future__ import annotations

import json
import math
import threading
import time
from dataclasses import asdict, dataclass, field
from functools import reduce
from operator import and_, or_
from pathlib import Path

from geographiclib.geodesic import Geodesic

from carefinder import CarefinderError, vocabulary
from index import hours
from index.geocode import Point, geocode
from index.schema import CELL_SIZES, FILTERS, HOURS_TAG, HOURS_TAGGED, cell
from index.store import IndexUnavailable, current, index_dir, open_current
from index.text import parse as text_query

EARTH_RADIUS_MILES = 3958.7613
MAX_RADIUS = 500.0
MAX_CELLS = 64
SKIP_SCORING_LIMIT = 5000  # candidates up to this many are scored one by one
OPEN_VALUES = ("evening", "weekend", "now")
SORTS = ("distance", "relevance")
BUDGET = 0.8  # seconds one search (or one page's searches together) may work; then it stops


class SearchTooSlow(CarefinderError):
    """A search went past its time budget (a very broad search on a busy server)."""


def deadline_after(seconds: float = BUDGET) -> float:
    return time.monotonic() + seconds


def _in_time(deadline: float) -> None:
    if time.monotonic() > deadline:
        raise SearchTooSlow(
            "the search took too long; try a smaller radius, fewer words or a filter"
        )


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
    evidence: bool = False  # include each record's evidence quotes (they are 80 % of its size)

    def __post_init__(self) -> None:
        # A value given twice means the same as once; 200 copies must not cost 200 times.
        self.filters = {f: list(dict.fromkeys(v)) for f, v in self.filters.items()}
        self.open = list(dict.fromkeys(self.open))
        self.ids = list(dict.fromkeys(self.ids))

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


METERS_PER_MILE = 1609.344


def geodesic_miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """WGS-84 geodesic distance: what geopy's ``geodesic`` computes (it wraps geographiclib),
    asking for the distance only, which is four times cheaper than geopy's wrapper."""
    return (
        Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2, Geodesic.DISTANCE)["s12"] / METERS_PER_MILE
    )


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


@dataclass
class Snapshot:
    """One index generation, opened once: its searcher, posting lists as bitmasks (bit n set =
    document n has the term) and the columns a query reads for every candidate."""

    gen: Path
    searcher: object
    postings: dict[tuple[str, str], int]  # facet and "open" values
    cells: dict[str, int]  # grid cells, kept apart: there are thousands
    live: int  # documents not deleted
    lat: list[float]
    lon: list[float]
    ids: list[str]
    # Documents stating hours; None for an index written before they were tagged (no
    # HOURS_TAGGED file), until ``hours_mask`` has looked at every document once.
    with_hours: int | None = None

    @classmethod
    def open(cls, root: Path, gen: Path) -> Snapshot:
        try:
            return cls._read(root, gen)
        except IndexUnavailable:
            raise
        except Exception as exc:  # a damaged file can fail in any of whoosh's layers
            raise IndexUnavailable(f"the index at {gen} cannot be read: {exc!r}") from exc

    @classmethod
    def _read(cls, root: Path, gen: Path) -> Snapshot:
        searcher = open_current(root).searcher()
        reader = searcher.reader()
        postings, cells = {}, {}
        # An index written before a facet joined the vocabulary lacks its field: until it is
        # rebuilt, filtering on that facet finds nothing instead of failing every search.
        for fname in (f for f in (*FILTERS, "cell") if f in reader.schema):
            for term in reader.lexicon(fname):
                text = term.decode("utf-8") if isinstance(term, bytes) else term
                mask = _mask(reader.postings(fname, term).all_ids())
                if fname == "cell":
                    cells[text] = mask
                else:
                    postings[(fname, text)] = mask
        size = reader.doc_count_all()
        columns = (
            [list(reader.column_reader(f)) for f in ("lat", "lon", "id")] if size else [[], [], []]
        )
        live = _mask(reader.all_doc_ids())
        tagged = (gen / HOURS_TAGGED).exists()
        with_hours = postings.pop(("open", HOURS_TAG), 0 if tagged else None)
        return cls(gen, searcher, postings, cells, live, *columns, with_hours=with_hours)

    def hours_mask(self) -> int:
        if self.with_hours is None:
            stored = self.searcher.stored_fields
            self.with_hours = _mask(d for d in _docs(self.live) if stored(d).get("hours"))
        return self.with_hours


def _mask(docs) -> int:
    bits = bytearray()
    for d in docs:
        if d >> 3 >= len(bits):
            bits.extend(bytes((d >> 3) - len(bits) + 1))
        bits[d >> 3] |= 1 << (d & 7)
    return int.from_bytes(bits, "little")


def _docs(mask: int) -> list[int]:
    """The document numbers whose bits are set."""
    text = bin(mask)[:1:-1]  # least significant bit first
    out, i = [], text.find("1")
    while i != -1:
        out.append(i)
        i = text.find("1", i + 1)
    return out


class Engine:
    """Searches the current index generation, reopening it when a new one is swapped in."""

    def __init__(self, root: str | Path | None = None):
        self.root = index_dir(root)
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None

    def snapshot(self) -> Snapshot:
        """The current generation; while one thread opens a newly swapped-in generation, the
        others keep answering from the previous one instead of waiting."""
        gen = current(self.root)
        snap = self._snapshot
        if snap is not None and snap.gen == gen:
            return snap
        if not self._lock.acquire(blocking=snap is None):
            return snap
        try:
            if self._snapshot is None or self._snapshot.gen != gen:
                self._snapshot = Snapshot.open(self.root, gen)
            return self._snapshot
        finally:
            self._lock.release()

    def searcher(self):
        snap = self.snapshot()
        return snap.searcher, snap.postings

    def search(self, query: SearchQuery, deadline: float | None = None) -> dict:
        """Run ``query``; past ``deadline`` (``time.monotonic()``; default: ``BUDGET`` from now)
        it stops with ``SearchTooSlow``."""
        query.check()
        started = time.monotonic()
        snap = self.snapshot()
        if "now" in query.open:
            snap.hours_mask()
        point = geocode(query.near) if query.near else None
        # Opening a new generation and loading the gazetteer are once-per-process work, not
        # this query's: the budget starts after them.
        deadline = (deadline or started + BUDGET) + time.monotonic() - started
        searcher = snap.searcher
        allowed = _candidates(snap, query, point)
        if query.ids:
            wanted = _mask(
                n for i in query.ids if (n := searcher.document_number(id=i)) is not None
            )
            allowed = wanted if allowed is None else allowed & wanted
        scores = None
        if query.text.strip():
            scores = _text_scores(searcher, query.text, None if allowed is None else _docs(allowed))
            docs = list(scores)
        elif allowed is not None:
            docs = _docs(allowed)
        else:
            docs = _docs(snap.live)
        _in_time(deadline)
        distances = _within(snap, docs, point, query.radius, deadline) if point else {}
        if point:
            docs = [d for d in docs if d in distances]
        if "now" in query.open:
            docs = [d for d in docs if _in_time(deadline) or _open_now(searcher, d)]
        ordered = _order(snap, docs, query, scores, distances)
        _in_time(deadline)
        start, end = (query.page - 1) * query.per_page, query.page * query.per_page
        if point and ordered and _by_distance(query):
            ordered = _geodesic_prefix(snap, ordered, distances, point, end)
        field_name = "record" if query.evidence else "summary"
        results = [
            _result(searcher, d, distances.get(d), point, field_name) for d in ordered[start:end]
        ]
        return {
            "query": {**asdict(query), "near_resolved": asdict(point) if point else None},
            "total": len(docs),
            "facets": _facet_counts(snap.postings, _mask(docs)),
            "results": results,
        }

    def stats(self) -> dict:
        snap = self.snapshot()
        everything = snap.live
        located = reduce(or_, snap.cells.values(), 0).bit_count()
        return {
            "records": snap.live.bit_count(),
            "located": located,
            "facets": _facet_counts(snap.postings, everything),
        }


def _candidates(snap: Snapshot, query: SearchQuery, point: Point | None) -> int | None:
    """Bitmask of the documents passing every filter (OR within a kind, AND across kinds);
    None when there is no filter."""
    groups = [[(facet, v) for v in values] for facet, values in query.filters.items() if values]
    if tags := [o for o in query.open if o != "now"]:
        groups.append([("open", t) for t in tags])
    masks = [reduce(or_, (snap.postings.get(key, 0) for key in keys), 0) for keys in groups]
    if "now" in query.open:
        masks.append(snap.hours_mask())
    if point:
        cover = covering_cells(point, query.radius)
        masks.append(reduce(or_, (snap.cells.get(c, 0) for c in cover), 0))
    return reduce(and_, masks, snap.live) if masks else None


def _text_scores(searcher, text: str, allowed: list[int] | None) -> dict[int, float]:
    """BM25 scores of the documents matching ``text`` (only among ``allowed`` when given)."""
    parsed = text_query(text, searcher.schema)
    if allowed is None or len(allowed) > SKIP_SCORING_LIMIT:
        keep = None if allowed is None else set(allowed)
        return {hit.docnum: hit.score for hit in searcher.search(parsed, filter=keep, limit=None)}
    # Few candidates: jump the matcher to each one instead of walking every posting.
    scores: dict[int, float] = {}
    for leaf, offset in searcher.leaf_searchers():
        matcher = parsed.matcher(leaf, leaf.context())
        size = leaf.doc_count_all()
        for doc in (d - offset for d in allowed if offset <= d < offset + size):
            if not matcher.is_active():
                break
            if matcher.id() < doc:
                matcher.skip_to(doc)
            if matcher.is_active() and matcher.id() == doc:
                scores[doc + offset] = matcher.score()
    return scores


def _within(
    snap: Snapshot, docs: list[int], point: Point, radius: float, deadline: float
) -> dict[int, float]:
    """Distance in miles of every doc within the radius: haversine, with the geodesic settling
    the cases within 1 % of the edge (sphere and ellipsoid differ by less than that)."""
    out = {}
    for n, d in enumerate(docs):
        if not n % 2048:
            _in_time(deadline)
        lat, lon = snap.lat[d], snap.lon[d]
        rough = haversine_miles(point.lat, point.lon, lat, lon)
        if rough <= radius * 0.99:
            out[d] = rough
        elif rough <= radius * 1.01:
            exact = geodesic_miles(point.lat, point.lon, lat, lon)
            if exact <= radius:
                out[d] = exact
    return out


def _open_now(searcher, docnum: int) -> bool:
    stored = searcher.stored_fields(docnum)
    return hours.open_now(stored.get("hours") or [], stored.get("timezone"))


def _by_distance(query: SearchQuery) -> bool:
    return query.sort == "distance" or (query.sort is None and bool(query.near))


def _order(snap: Snapshot, docs, query, scores, distances) -> list[int]:
    """Distance, else relevance, else id order; ties broken by id so pages are stable."""
    ids = snap.ids
    if _by_distance(query) and distances:
        return sorted(docs, key=lambda d: (distances[d], ids[d]))
    if scores:
        return sorted(docs, key=lambda d: (-scores[d], ids[d]))
    return sorted(docs, key=ids.__getitem__)


def _geodesic_prefix(snap: Snapshot, ordered: list[int], distances: dict, point: Point, end: int):
    """Re-sort the head of a haversine-sorted list by geodesic distance, far enough down that
    nothing after it can be nearer (the two measures differ by under 0.6 %)."""
    limit = distances[ordered[min(end, len(ordered)) - 1]] * 1.006
    cut = end
    while cut < len(ordered) and distances[ordered[cut]] <= limit:
        cut += 1
    for d in ordered[:cut]:
        distances[d] = geodesic_miles(point.lat, point.lon, snap.lat[d], snap.lon[d])
    head = sorted(ordered[:cut], key=lambda d: (distances[d], snap.ids[d]))
    return head + ordered[cut:]


def _result(searcher, docnum: int, distance, point: Point | None, field_name: str) -> dict:
    stored = searcher.stored_fields(docnum)
    record = json.loads(stored.get(field_name) or stored["record"])  # indexes before "summary"
    if field_name == "summary":
        record.pop("evidence", None)
    return {"record": record, "distance_miles": round(distance, 2) if point else None}


def _facet_counts(postings, docs: int) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {f: {} for f in FILTERS}
    for (fname, slug), mask in postings.items():
        if n := (mask & docs).bit_count():
            counts[fname][slug] = n
    return counts


_engines: dict[Path, Engine] = {}


def search(query: SearchQuery, root: str | Path | None = None, deadline: float | None = None):
    """Run one search against the index at ``root`` (see ``index.store.index_dir``)."""
    path = index_dir(root)
    engine = _engines.setdefault(path, Engine(path))
    return engine.search(query, deadline)
