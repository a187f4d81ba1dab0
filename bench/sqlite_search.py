"""The same search in SQLite, as a user would write it with the standard library: FTS5 for the
text, an R*Tree for the radius, facet rows for the filters and disjunctive counts in one
GROUP BY. The anchor bench/index_bench.py compares carefinder's engine with.

It indexes the same documents (``index.schema.to_document``: implied facet values, the same
body text) and keeps the engine's rules, so both must find the same totals and counts:
values of one kind OR together, different kinds AND; a facet's counts ignore its own kind's
choices; free text ORs its words over name and body, plus the facilities having the terms its
everyday words name (quoted phrases are searched as their words: the benchmark has none);
distances are haversine, with the WGS-84 geodesic within 1 % of the edge.
Hours filters (``open``) are not written here: the benchmark's queries use none; with levels
chosen, the ``open`` counts are those levels' programs' hours, as in the engine.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from whoosh.analysis import STOP_WORDS

from carefinder.query import SearchQuery
from index.geo import bounding_box, geodesic_miles, haversine_miles
from index.geocode import geocode
from index.schema import FILTERS, KIND, PROGRAM_OPEN, REFERRAL, named_terms, to_document
from index.text import plain

SCHEMA = """
CREATE TABLE facility (docid INTEGER PRIMARY KEY, id TEXT, lat REAL, lon REAL,
                       referral INTEGER, summary TEXT);
CREATE TABLE facet (docid INTEGER, facet TEXT, value TEXT,
                    PRIMARY KEY (docid, facet, value)) WITHOUT ROWID;
CREATE INDEX facet_value ON facet (facet, value, docid);
CREATE TABLE program_hours (docid INTEGER, value TEXT, PRIMARY KEY (docid, value)) WITHOUT ROWID;
CREATE VIRTUAL TABLE text USING fts5 (name, body, tokenize = 'porter unicode61');
CREATE VIRTUAL TABLE area USING rtree (docid, south, north, west, east);
"""


def build(path: Path, records: Iterable[dict]) -> int:
    """A new database of the records; returns how many were written."""
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path, isolation_level=None)  # transactions as written here
    db.executescript("PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF;" + SCHEMA)
    db.execute("BEGIN")
    count = 0
    for docid, record in enumerate(records):
        _insert(db, docid, to_document(record))
        count += 1
    db.execute("COMMIT")
    db.execute("INSERT INTO text (text) VALUES ('optimize')")
    db.execute("ANALYZE")
    db.close()
    return count


def _insert(db: sqlite3.Connection, docid: int, doc: dict) -> None:
    lat, lon = doc.get("lat"), doc.get("lon")
    db.execute(
        "INSERT INTO facility VALUES (?, ?, ?, ?, ?, ?)",
        (docid, doc["id"], lat, lon, doc[KIND] == REFERRAL, doc["summary"]),
    )
    db.executemany(
        "INSERT OR IGNORE INTO facet VALUES (?, ?, ?)",
        [(docid, f, v) for f in FILTERS for v in (doc.get(f) or "").split(",") if v],
    )
    db.executemany(
        "INSERT OR IGNORE INTO program_hours VALUES (?, ?)",
        [(docid, v) for v in doc[PROGRAM_OPEN].split(",") if v],
    )
    db.execute("INSERT INTO text (rowid, name, body) VALUES (?, ?, ?)", (docid, doc["name"], doc["body"]))  # fmt: skip
    if lat is not None:
        db.execute("INSERT INTO area VALUES (?, ?, ?, ?, ?)", (docid, lat, lat, lon, lon))


class SqliteSearch:
    def __init__(self, path: Path):
        self.db = sqlite3.connect(path, check_same_thread=False)
        self.db.executescript(
            "PRAGMA temp_store = MEMORY; "
            "PRAGMA cache_size = -262144; PRAGMA mmap_size = 1073741824;"
        )

    def search(self, q: SearchQuery) -> tuple[int, dict[str, dict[str, int]], list[dict]]:
        """(total, disjunctive facet counts, the page's records) for a query with a place."""
        point = geocode(q.near)
        near = self._within(point, q.radius)
        kinds = [(f, vs) for f, vs in q.filters.items() if vs]
        fails = " + ".join(
            f"(NOT EXISTS (SELECT 1 FROM facet f WHERE f.docid = c.docid AND f.facet = ? "
            f"AND f.value IN ({_marks(vs)}))) * {1 << i}"
            for i, (_, vs) in enumerate(kinds)
        )
        params: list = []  # in the order of the statement's text: kinds, places, words
        for facet, values in kinds:
            params += [facet, *values]
        params.append(json.dumps(near))
        where = ""
        if q.text.strip():
            words = " OR ".join(f'"{w}"' for w in _words(q.text))
            terms = named_terms(q.text)
            where = (
                "WHERE c.docid IN (SELECT rowid FROM text WHERE text MATCH ?)"
                if words
                else "WHERE 0"
            )
            params += [words] if words else []
            if terms:
                pairs = ", ".join("(?, ?)" for _ in terms)
                where += f" OR c.docid IN (SELECT docid FROM facet WHERE (facet, value) IN (VALUES {pairs}))"  # fmt: skip
                params += [x for term in terms for x in term]
        self.db.execute("DROP TABLE IF EXISTS temp.m")
        self.db.execute(
            "CREATE TEMP TABLE m AS SELECT c.docid AS docid, c.dist AS dist, "
            f"{fails or 0} AS fails FROM (SELECT CAST(key AS INTEGER) AS docid, value AS dist "
            f"FROM json_each(?)) AS c {where}",
            params,
        )
        bit = " ".join(f"WHEN '{facet}' THEN {1 << i}" for i, (facet, _) in enumerate(kinds))
        counts: dict[str, dict[str, int]] = {f: {} for f in FILTERS}
        for facet, value, n in self.db.execute(
            "SELECT f.facet, f.value, count(*) FROM m JOIN facet f ON f.docid = m.docid "
            f"WHERE m.fails = 0 OR m.fails = CASE f.facet {bit} ELSE -1 END "
            "GROUP BY f.facet, f.value"
            if bit
            else "SELECT f.facet, f.value, count(*) FROM m JOIN facet f ON f.docid = m.docid "
            "GROUP BY f.facet, f.value"
        ):
            counts[facet][value] = n
        if levels := q.filters.get("levels_of_care"):
            counts["open"] = self._program_hours(levels)
        (total,) = self.db.execute("SELECT count(*) FROM m WHERE fails = 0").fetchone()
        start = (q.page - 1) * q.per_page
        page = self.db.execute(
            "SELECT x.summary, x.lat, x.lon FROM m JOIN facility x ON x.docid = m.docid "
            "WHERE m.fails = 0 ORDER BY x.referral, m.dist, x.id LIMIT ? OFFSET ?",
            (q.per_page, start),
        ).fetchall()
        hits = [
            {**json.loads(s), "distance_miles": round(geodesic_miles(point.lat, point.lon, la, lo), 2)}
            for s, la, lo in page
        ]  # fmt: skip
        return total, counts, hits

    def _program_hours(self, levels: list[str]) -> dict[str, int]:
        """Facilities whose chosen levels' programs are open evenings, weekends."""
        tags = [f"{level}:{t}" for level in levels for t in ("evening", "weekend")]
        rows = self.db.execute(
            "SELECT substr(p.value, instr(p.value, ':') + 1) AS tag, count(DISTINCT m.docid) "
            "FROM m JOIN program_hours p ON p.docid = m.docid "
            f"WHERE m.fails = 0 AND p.value IN ({_marks(tags)}) GROUP BY tag",
            tags,
        )
        return dict(rows.fetchall())

    def _within(self, point, radius: float) -> dict[int, float]:
        """Facilities within the radius, by the R*Tree's box and then their distance (from the
        table's exact coordinates: an R*Tree keeps 32-bit floats)."""
        south, north, west, east = bounding_box(point, radius)
        rows = self.db.execute(
            "SELECT a.docid, x.lat, x.lon FROM area a JOIN facility x ON x.docid = a.docid "
            "WHERE a.north >= ? AND a.south <= ? AND a.east >= ? AND a.west <= ?",
            (south, north, west, east),
        )
        out = {}
        for docid, lat, lon in rows:
            rough = haversine_miles(point.lat, point.lon, lat, lon)
            if rough <= radius * 0.99:
                out[docid] = rough
            elif (
                rough <= radius * 1.01
                and (exact := geodesic_miles(point.lat, point.lon, lat, lon)) <= radius
            ):
                out[docid] = exact
        return out


def _words(text: str) -> list[str]:
    """The words Whoosh's analyzer keeps (no stop words, none under two letters); a quoted
    phrase is searched as its words (the benchmark has none)."""
    words = plain(text).replace('"', "").split()
    return [w for w in words if len(w) > 1 and w.lower() not in STOP_WORDS]


def _marks(values: list) -> str:
    return ", ".join("?" * len(values))
