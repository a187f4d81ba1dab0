"""Search with facet filters, free text, radius and distance sort: the webapp's one entry point."""

from __future__ import annotations

import json
import logging
import math
import pickle
import struct
import sys
import threading
import time
import zlib
from array import array
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_
from pathlib import Path

from whoosh import query as wq

from carefinder import CarefinderError
from carefinder.query import SearchQuery
from index.facets import all_but_one, click_counts, counts, disjunctive_counts, kind_masks
from index.geo import covering_cells, geodesic_miles, haversine_miles
from index.geocode import Point, geocode
from index.results import Hit, SearchResult
from index.schema import FILTERS, KIND, PROGRAM_OPEN, REFERRAL, STATED, named_terms
from index.store import (
    IndexUnavailable,
    index_dir,
    linked,
    open_generation,
    serving,
    unreadable,
)

log = logging.getLogger(__name__)
# What reading a damaged segment raises in Whoosh's layers (cut short: EOFError, struct.error,
# KeyError from stored fields that came back empty; overwritten: pickle and zlib errors too).
DAMAGED = (OSError, EOFError, ValueError, IndexError, KeyError, struct.error, zlib.error,
           pickle.UnpicklingError)  # fmt: skip
TEXT_CACHE = 256  # free-text match sets kept per index generation
# Text terms in at least this share of the documents are read into bitmasks when a generation
# opens: reading one on a new text's first search took tens of milliseconds at national scale
# (the engine's p99 was five times its p95); rarer terms' posting lists are short to read.
WARM_SHARE = 0.01
TEXT_FIELDS = ("name", "body")
BUDGET = 0.8  # seconds one search (or one page's searches together) may work; then it stops


class SearchTooSlow(CarefinderError):
    """A search went past its time budget (a very broad search on a busy server)."""


def deadline_after(seconds: float = BUDGET) -> float:
    return time.monotonic() + seconds


def _in_time(deadline: float) -> None:
    _let_others_run()
    if time.monotonic() > deadline:
        raise SearchTooSlow(
            "the search took too long; try a smaller radius, fewer words or a filter"
        )


def _let_others_run() -> None:
    """Under gevent's monkey-patching a long search yields at each budget check: greenlets are
    never preempted, so one broad search would stall every request of its worker (threads are
    preempted by the interpreter and need nothing)."""
    monkey = sys.modules.get("gevent.monkey")
    if monkey is not None and monkey.is_module_patched("time"):
        time.sleep(0)  # gevent's sleep: switch to the other greenlets that are ready


@dataclass
class Snapshot:
    """One index generation, opened once: its searcher, posting lists as bitmasks (bit n set =
    document n has the term) and the columns a query reads for every candidate."""

    gen: Path
    searcher: object
    postings: dict[tuple[str, str], int]  # facet, "open" and "program_open" values
    cells: dict[str, int]  # grid cells, kept apart: there are thousands
    live: int  # documents not deleted
    lat: list[float]
    lon: list[float]
    ids: list[str]
    names: list[str]  # case-folded names for name order (ids in indexes built before them)
    referrals: frozenset[int]  # referral services' documents: they rank after the providers
    words: dict[tuple[str, str], int]  # frequent text terms (WARM_SHARE)
    texts: dict[str, _Text] = field(default_factory=dict)
    texts_lock: threading.Lock = field(default_factory=threading.Lock)  # threaded servers
    link: str | None = None  # the generation ``current`` named when this one was chosen
    why: str | None = None  # why this is not ``current``'s generation (None when it is)

    def text(self, text: str) -> _Text:
        """The documents matching ``text`` (a bitmask, from the terms' posting lists without
        scoring), kept with its parsed query and scores for the generation's recent texts."""
        key = " ".join(text.split())
        if found := self.texts.get(key):
            return found
        # Words and quoted phrases only (no wildcard, range or field syntax reaches Whoosh),
        # plus the facilities having the terms its everyday words name.
        from index.text import parse as text_query  # Whoosh's query parser: only for words

        parsed = text_query(text, self.searcher.schema)
        mask = _text_mask(self.searcher, parsed, self.words)
        for term in named_terms(text):
            mask |= self.postings.get(term, 0)
        found = _Text(mask, parsed, len(self.ids))
        with self.texts_lock:
            while len(self.texts) >= TEXT_CACHE:
                self.texts.pop(next(iter(self.texts)))
            self.texts[key] = found
        return found

    @classmethod
    def open(cls, gen: Path) -> Snapshot:
        try:
            return cls._read(gen)
        except IndexUnavailable:
            raise
        except Exception as exc:  # a damaged file can fail in any of whoosh's layers
            raise IndexUnavailable(f"{gen.name} cannot be read ({unreadable(exc)})") from exc

    @classmethod
    def _read(cls, gen: Path) -> Snapshot:
        searcher = open_generation(gen).searcher()
        reader = searcher.reader()
        postings, cells = {}, {}
        # An index built by an earlier version may lack the newer fields: search it as it is.
        fields = [f for f in (*FILTERS, PROGRAM_OPEN, KIND, "cell") if f in reader.schema]
        for fname in fields:
            for term in reader.lexicon(fname):
                text = term.decode("utf-8") if isinstance(term, bytes) else term
                mask = _mask(reader.postings(fname, term).all_ids())
                if fname == "cell":
                    cells[text] = mask
                else:
                    postings[(fname, text)] = mask
        size = reader.doc_count_all()
        names = ("lat", "lon", "id", "sort_name" if "sort_name" in reader.schema else "id")
        columns = [list(reader.column_reader(f)) if size else [] for f in names]
        if len(columns[3]) != len(columns[2]):  # segments written before the column existed
            columns[3] = columns[2]
        live = _mask(reader.all_doc_ids())
        if PROGRAM_OPEN not in reader.schema:  # no record of who states hours: ask them all
            postings[(PROGRAM_OPEN, STATED)] = live
        referrals = frozenset(_docs(postings.get((KIND, REFERRAL), 0)))
        words = _frequent_terms(reader, max(1, math.ceil(size * WARM_SHARE)))
        return cls(gen, searcher, postings, cells, live, *columns, referrals, words)


@dataclass
class _Text:
    """One free text of a generation: the documents it matches, its query, and the BM25 scores
    worked out so far (scores do not depend on filters, so every search with the text reuses
    them; a facility found only through a named term scores 0)."""

    mask: int
    parsed: object
    size: int  # documents in the generation
    scores: array | None = None  # float32 per document, NaN where not yet worked out

    def scores_of(self, searcher, docs: list[int], deadline: float) -> array:
        if self.scores is None:  # 4 bytes a document: bounded memory however many texts
            self.scores = array("f", [math.nan]) * self.size
        scores = self.scores
        missing = [d for d in docs if math.isnan(scores[d])]
        found = _text_scores(searcher, self.parsed, missing, deadline) if missing else {}
        for d in missing:
            scores[d] = found.get(d, 0.0)
        return scores


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
    """Searches the current index generation (the newest intact one when it is damaged),
    reopening when a new one is swapped in or when a read finds the open one damaged."""

    def __init__(self, root: str | Path | None = None):
        self.root = index_dir(root)
        self._lock = threading.Lock()
        self._reads = threading.Lock()
        self._snapshot: Snapshot | None = None

    def snapshot(self) -> Snapshot:
        """The generation served; while one thread opens a newly swapped-in generation, the
        others keep answering from the previous one instead of waiting."""
        snap = self._snapshot
        if snap is not None and linked(self.root) == snap.link:  # one readlink per search
            return snap
        if not self._lock.acquire(blocking=snap is None):
            return snap
        try:
            if self._snapshot is None or linked(self.root) != self._snapshot.link:
                self._snapshot = self._open()
            return self._snapshot
        finally:
            self._lock.release()

    def _open(self) -> Snapshot:
        snap, chosen = serving(self.root, Snapshot.open)
        snap.link, snap.why = chosen.link, chosen.why
        if chosen.why:
            log.warning(chosen.why)
        return snap

    @contextmanager
    def _reading(self, snap: Snapshot) -> Iterator[None]:
        """Whoosh reads of one search. A read the damaged files refuse (a segment cut short
        under the server) answers IndexUnavailable, and the next search reopens (falling back
        to an intact generation). Threads take turns: without a memory map Whoosh seeks and
        reads one shared file per segment. Greenlets need no turns (a file read never yields)
        and must not take them (a long search yields to the others while it works)."""
        monkey = sys.modules.get("gevent.monkey")
        threads = monkey is None or not monkey.is_module_patched("threading")
        try:
            with self._reads if threads else nullcontext():
                yield
        except DAMAGED as exc:
            with self._lock:
                if self._snapshot is snap:
                    self._snapshot = None
            raise IndexUnavailable(f"{snap.gen.name} cannot be read ({unreadable(exc)})") from exc

    def _found(self, query: SearchQuery, deadline: float | None) -> _Found:
        # Opening a generation (once per generation: reading 21,000 documents' postings took
        # 2.5 s on a busy machine, while the search itself needed 0.04 s) and loading the
        # gazetteer (once per process) are not this query's work: the budget, even one that
        # started with the request, is moved on by the time they took.
        started = time.monotonic()
        snap = self.snapshot()
        query.check()
        point = geocode(query.near) if query.near else None
        deadline = (deadline or started + BUDGET) + time.monotonic() - started
        with self._reading(snap):
            return _Found.run(snap, query, point, deadline)

    def searcher(self):
        snap = self.snapshot()
        return snap.searcher, snap.postings

    def search(self, query: SearchQuery, deadline: float | None = None) -> SearchResult:
        """One page of results, with every facet value's disjunctive count; past ``deadline``
        (``time.monotonic()``; default ``BUDGET`` from now) it stops with ``SearchTooSlow``."""
        found = self._found(query, deadline)
        start, end = (query.page - 1) * query.per_page, query.page * query.per_page
        with self._reading(found.snap):
            return found.result(found.hits(found.ordered(end)[start:end]))

    def export(
        self, query: SearchQuery, deadline: float | None = None
    ) -> tuple[SearchResult, Iterator[Hit]]:
        """Every result of the search in page order (the query's page and per_page ignored):
        the result without hits, and the hits one by one as they are read."""
        found = self._found(query, deadline)
        with self._reading(found.snap):
            ordered = found.ordered(found.total)
        return found.result([]), self._hits(found, ordered)

    def _hits(self, found: _Found, ordered: list[int]) -> Iterator[Hit]:
        for d in ordered:
            with self._reading(found.snap):
                hit = found.hit(d)
            yield hit

    def available(self) -> dict[str, dict[str, int]]:
        """How many facilities in the whole index have each facet value."""
        snap = self.snapshot()
        return counts(snap.postings, snap.live)

    def stats(self) -> dict:
        """Counts of the generation served, which one it is, and why when not ``current``'s."""
        snap = self.snapshot()
        located = reduce(or_, snap.cells.values(), 0).bit_count()
        return {
            "generation": snap.gen, "why": snap.why, "records": snap.live.bit_count(),
            "located": located, "facets": counts(snap.postings, snap.live),
        }  # fmt: skip


@dataclass
class _Found:
    """The documents of one search (as a bitmask), with what ordering and display need."""

    snap: Snapshot
    query: SearchQuery
    point: Point | None
    docs: int
    scores: array | None  # relevance, by document number
    distances: dict[int, float]
    facets: dict[str, dict[str, int]]
    clicks: dict[str, dict[str, int]]

    @classmethod
    def run(cls, snap: Snapshot, query: SearchQuery, point: Point | None, deadline: float):
        base = snap.live
        if query.ids:
            number = snap.searcher.document_number
            base &= _mask(n for i in query.ids if (n := number(id=i)) is not None)
        kinds = kind_masks(snap.postings, query)
        # Facet counts ignore their own kind of filter, so text, radius and "open now" are
        # settled on every document that passes all kinds of filter but one.
        loose = base & all_but_one(kind_masks(snap.postings, query, by_level=False))
        distances: dict[int, float] = {}
        if point:
            loose, distances = _near(snap, loose, point, query.radius, deadline)
        _in_time(deadline)
        text = None
        if query.text.strip():
            text = snap.text(query.text)
            loose &= text.mask
        if "now" in query.open:
            loose &= snap.postings.get((PROGRAM_OPEN, STATED), 0)
            loose = _mask(
                d for d in _docs(loose) if _in_time(deadline) or _open_now(snap.searcher, d)
            )
        _in_time(deadline)
        docs = reduce(and_, kinds.values(), loose)
        facets = disjunctive_counts(snap.postings, query, loose, kinds)
        clicks = click_counts(snap.postings, query, loose)
        scores = None
        if text is not None and not _by_distance(query):  # relevance order needs scores
            scores = text.scores_of(snap.searcher, _docs(docs), deadline)
        return cls(snap, query, point, docs, scores, distances, facets, clicks)

    @property
    def total(self) -> int:
        return self.docs.bit_count()

    def ordered(self, end: int) -> list[int]:
        """Every document in result order, exact (geodesic) distances for the first ``end``."""
        docs, snap, point = _docs(self.docs), self.snap, self.point
        if not point:
            return _order(snap, docs, self.query, self.scores, self.distances)
        if not _by_distance(self.query):  # only the shown ones need a distance, an exact one
            ordered = _order(snap, docs, self.query, self.scores, self.distances)
            for d in ordered[:end]:
                self.distances[d] = geodesic_miles(point.lat, point.lon, snap.lat[d], snap.lon[d])
            return ordered
        for d in docs:
            if d not in self.distances:
                self.distances[d] = haversine_miles(point.lat, point.lon, snap.lat[d], snap.lon[d])
        ordered = _order(snap, docs, self.query, self.scores, self.distances)
        return _geodesic_prefix(snap, ordered, self.distances, point, end) if ordered else ordered

    def hit(self, docnum: int) -> Hit:
        stored = self.snap.searcher.stored_fields(docnum)
        field_name = "record" if self.query.evidence else "summary"
        record = json.loads(stored.get(field_name) or stored["record"])
        if field_name not in stored:  # an index from before "summary": drop the full evidence
            record.pop("evidence", None)
        distance = self.distances.get(docnum)
        return Hit(record, round(distance, 2) if self.point and distance is not None else None)

    def hits(self, docnums: list[int]) -> list[Hit]:
        return [self.hit(d) for d in docnums]

    def result(self, hits: list[Hit]) -> SearchResult:
        return SearchResult(self.query, self.point, self.total, self.facets, hits, self.clicks)


def _near(
    snap: Snapshot, docs: int, point: Point, radius: float, deadline: float
) -> tuple[int, dict[int, float]]:
    """The documents within the radius, and the distances measured on the way: documents of
    grid cells wholly inside need no measuring."""
    inside = edge = 0
    for key, whole in covering_cells(point, radius):
        if whole:
            inside |= snap.cells.get(key, 0)
        else:
            edge |= snap.cells.get(key, 0)
    distances = _within(snap, _docs(edge & docs), point, radius, deadline)
    return (inside & docs) | _mask(distances), distances


def _frequent_terms(reader, least: int) -> dict[tuple[str, str], int]:
    """The posting lists of the text terms found in at least ``least`` documents."""
    return {
        (fname, term.decode("utf-8")): _mask(reader.postings(fname, term).all_ids())
        for fname in TEXT_FIELDS
        if fname in reader.schema
        for term, info in reader.iter_field(fname)
        if info.doc_frequency() >= least
    }


def _text_mask(searcher, parsed, words: dict[tuple[str, str], int]) -> int:
    """Documents matching the parsed text: ORs and ANDs of terms from the frequent terms read
    at open or straight from their posting lists; anything else (phrases) through Whoosh's
    matcher."""
    reader = searcher.reader()

    def walk(q) -> int:
        if isinstance(q, wq.Term):
            if (q.fieldname, q.text) in words:
                return words[(q.fieldname, q.text)]
            if (q.fieldname, q.text) not in reader:
                return 0
            return _mask(reader.postings(q.fieldname, q.text).all_ids())
        if isinstance(q, wq.Or):
            return reduce(or_, map(walk, q.subqueries), 0)
        if isinstance(q, wq.And):
            return reduce(and_, map(walk, q.subqueries), -1)
        return _mask(q.docs(searcher))

    return walk(parsed) if parsed is not wq.NullQuery else 0


def _text_scores(searcher, parsed, docs: list[int], deadline: float) -> dict[int, float]:
    """BM25 scores of those ``docs`` the text's words match (ascending document numbers): the
    matcher jumps to each instead of walking every posting."""
    scores: dict[int, float] = {}
    for leaf, offset in searcher.leaf_searchers():
        matcher = parsed.matcher(leaf, leaf.context())
        size = leaf.doc_count_all()
        for n, doc in enumerate(d - offset for d in docs if offset <= d < offset + size):
            if not n % 256:
                _in_time(deadline)
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
    from carefinder import hours  # opening-hours parsing: only for "open now"

    stored = searcher.stored_fields(docnum)
    return hours.open_now(stored.get("hours") or [], stored.get("timezone"))


def _by_distance(query: SearchQuery) -> bool:
    return query.sort == "distance" or (query.sort is None and bool(query.near) and not query.ids)


def _order(snap: Snapshot, docs, query, scores, distances) -> list[int]:
    """Chosen ids in the order given (a referral list keeps its own order), else distance, else
    relevance, else name; referral services after every provider; ties broken by id so pages
    are stable."""
    ids = snap.ids
    if query.ids and query.sort is None:
        position = {i: n for n, i in enumerate(query.ids)}
        return sorted(docs, key=lambda d: position[ids[d]])
    referral = snap.referrals
    if _by_distance(query) and distances:
        return sorted(docs, key=lambda d: (d in referral, distances[d], ids[d]))
    if scores:
        return sorted(docs, key=lambda d: (d in referral, -scores[d], ids[d]))
    names = snap.names
    return sorted(docs, key=lambda d: (d in referral, names[d], ids[d]))


def _geodesic_prefix(snap: Snapshot, ordered: list[int], distances: dict, point: Point, end: int):
    """Re-sort the head of a haversine-sorted list by geodesic distance, far enough down that
    nothing after it can be nearer (the two measures differ by under 0.6 %)."""
    limit = distances[ordered[min(end, len(ordered)) - 1]] * 1.006
    cut = end
    while cut < len(ordered) and distances[ordered[cut]] <= limit:
        cut += 1
    for d in ordered[:cut]:
        distances[d] = geodesic_miles(point.lat, point.lon, snap.lat[d], snap.lon[d])
    # Referral services follow the providers (_order), each part nearest first.
    head = sorted(ordered[:cut], key=lambda d: (d in snap.referrals, distances[d], snap.ids[d]))
    return head + ordered[cut:]
