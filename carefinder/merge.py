"""Combine records of the same facility from several sources or pages.

Two records are the same facility when their postal codes agree (or one has none) and either
their names match or two independent signals agree (similar name, main phone, street, website).
A shared building or a shared intake line alone is not enough: two programmes can share both.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import fields
from urllib.parse import urlsplit

from carefinder.record import PRECISIONS, Record, declared, make

STOPWORDS = {"the", "inc", "llc", "of", "and", "center", "centers", "treatment", "services"}


def normal_name(name: str | None) -> str:
    words = re.sub(r"[^a-z0-9]+", " ", (name or "").lower()).split()
    return " ".join(w for w in words if w not in STOPWORDS)


def origin(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    return host or None


def _postal(record: dict) -> str | None:
    return (record.get("address") or {}).get("postal_code")


def _keys(record: dict) -> set[str]:
    """Blocking keys: records that share none are never compared."""
    postal = _postal(record) or ""
    keys = {f"phone:{p['e164']}" for p in record.get("phones") or []}
    if name := normal_name(record.get("name")):
        keys.add(f"name:{postal}:{name}")
    if street := street_key(record):
        keys.add(f"street:{postal}:{street}")
    if host := origin(record.get("website")):
        keys.add(f"site:{host}")
    return keys


def _crawled_first(records: list[dict]) -> list[dict]:
    return sorted(records, key=lambda r: ("crawl" not in (r.get("sources") or []), r["id"]))


def _uniq(values: Iterable) -> list:
    """Distinct values (lists and dicts too), first seen first."""
    return _uniq_by(values, lambda v: json.dumps(v, sort_keys=True))


ABSENT = object()  # a rule's answer when the merged record leaves the field out


def _first(name: str, ordered: list[dict]):
    """The identity of the merged facility: the first (crawled) record's."""
    return ordered[0].get(name, ABSENT)


def _given(name: str, ordered: list[dict]) -> list:
    """The records' distinct non-null values of a field, crawled first."""
    return _uniq(r.get(name) for r in ordered if r.get(name) is not None)


def _scalar(name: str, ordered: list[dict]):
    values = _given(name, ordered)
    return values[0] if values else None


def _union(name: str, ordered: list[dict]) -> list:
    return _uniq(v for r in ordered for v in r.get(name) or [])


def _union_or_absent(name: str, ordered: list[dict]):
    return _union(name, ordered) or ABSENT


def _sorted_union(name: str, ordered: list[dict]) -> list:
    return sorted({v for r in ordered for v in r.get(name) or []})


def _union_by_number(name: str, ordered: list[dict]) -> list:
    """Phones: one entry per number and extension, whatever their labels."""
    return _uniq_by(
        (p for r in ordered for p in r.get(name) or []), lambda p: (p["e164"], p.get("extension"))
    )


def _address_with_street(name: str, ordered: list[dict]):
    """The first address with a street, else the first address at all."""
    with_street = [r for r in ordered if (r.get(name) or {}).get("street")]
    return (with_street or [r for r in ordered if r.get(name)] or ordered)[0].get(name)


_RANK = {precision: n for n, precision in enumerate(PRECISIONS)}


def _most_precise(name: str, ordered: list[dict]):
    located = [r[name] for r in ordered if r.get(name)]
    return min(located, key=lambda loc: _RANK.get(loc.get("precision"), 3)) if located else None


def _first_per_key(name: str, ordered: list[dict]) -> dict:
    """A dict of every record's keys, each with the first record's value for it."""
    return {k: v for r in reversed(ordered) for k, v in (r.get(name) or {}).items()}


def _latest(name: str, ordered: list[dict]):
    stamps = [r[name] for r in ordered if r.get(name)]
    return max(stamps) if stamps else None


_CONFLICTING = [f.name for f in fields(Record) if declared(f).merge == "scalar_conflict"]


def _conflicts(name: str, ordered: list[dict]) -> list:
    """The records' conflicts, and a new one for each ``scalar_conflict`` field they disagree on."""
    found = [c for r in ordered for c in r.get(name) or []]
    for field_name in _CONFLICTING:
        values = _given(field_name, ordered)
        if len(values) > 1:
            urls = [u for r in ordered if r.get(field_name) in values
                    for u in r.get("source_urls") or []]  # fmt: skip
            found.append({"field": field_name, "values": values, "urls": _uniq(urls)})
    return _uniq(found)


# Each merge rule a Record field may declare (``Spec.merge``), by name.
RULES = {
    "first": _first,
    "scalar": _scalar,
    "scalar_conflict": _scalar,  # and a disagreement goes to conflicts (``_conflicts``)
    "union": _union,
    "union_or_absent": _union_or_absent,
    "sorted_union": _sorted_union,
    "union_by_number": _union_by_number,
    "address_with_street": _address_with_street,
    "most_precise": _most_precise,
    "first_per_key": _first_per_key,
    "latest": _latest,
    "conflicts": _conflicts,
}


def _plan(record_type: type = Record) -> list[tuple[str, Callable]]:
    """Each field with its rule; a field without a known rule stops the import here, since
    merge would otherwise keep one source's value of it and lose the others'."""
    plan = []
    for f in fields(record_type):
        rule = declared(f).merge
        if rule not in RULES:
            raise TypeError(f"field {f.name!r} declares no known merge rule ({rule!r})")
        plan.append((f.name, RULES[rule]))
    return plan


PLAN = _plan()


def combine(records: list[dict]) -> dict:
    """One record from several records of one facility: crawled values first, each field by
    the merge rule it declares in ``carefinder.record.Record``, disagreements kept."""
    ordered = _crawled_first(records)
    merged = {}
    for name, rule in PLAN:
        value = rule(name, ordered)
        if value is not ABSENT:
            merged[name] = value
    return make(**merged)


def _uniq_by(items: Iterable, key: Callable) -> list:
    out, seen = [], set()
    for item in items:
        if (k := key(item)) not in seen:
            seen.add(k)
            out.append(item)
    return out


def main_phone(record: dict) -> str | None:
    """The first phone listed: the facility's own line."""
    phones = record.get("phones") or []
    return phones[0]["e164"] if phones else None


STREET_WORDS = {
    "street": "st", "road": "rd", "avenue": "ave", "av": "ave", "drive": "dr", "boulevard": "blvd",
    "lane": "ln", "court": "ct", "highway": "hwy", "parkway": "pkwy", "place": "pl", "suite": "ste",
    "north": "n", "south": "s", "east": "e", "west": "w", "circle": "cir", "terrace": "ter",
    "northeast": "ne", "northwest": "nw", "southeast": "se", "southwest": "sw", "square": "sq",
    "unit": "ste", "apt": "ste", "room": "ste", "rm": "ste", "floor": "fl", "building": "bldg",
    "expressway": "expy", "freeway": "fwy", "route": "rte", "mount": "mt", "fort": "ft",
    "saint": "st", "trail": "trl", "way": "way", "center": "ctr", "centre": "ctr",
}  # fmt: skip


def street_key(record: dict) -> str:
    """The street in one spelling: case, punctuation, "Street"/"St", "North"/"N", and the unit
    forms "Suite 102", "Ste. 102", "Unit 102", "#102" all read the same ("ste 102")."""
    street = ((record.get("address") or {}).get("street") or "").lower()
    words = re.sub(r"[^a-z0-9]+", " ", re.sub(r"#\s*", " ste ", street))
    return " ".join(STREET_WORDS.get(w, w) for w in words.split())


def _similar_names(a: str, b: str) -> bool:
    ta, tb = set(a.split()), set(b.split())
    return bool(ta and tb) and (ta <= tb or tb <= ta or len(ta & tb) / len(ta | tb) >= 0.5)


def same_facility(a: dict, b: dict) -> bool:
    """Postal codes agree (or one is missing), and the names match or two signals agree."""
    pa, pb = _postal(a), _postal(b)
    if pa and pb and pa != pb:
        return False
    same_site = origin(a.get("website")) is not None and origin(a.get("website")) == origin(
        b.get("website")
    )
    if same_site and street_key(a) and street_key(b) and street_key(a) != street_key(b):
        return False  # one site's two addresses are two locations, even in one ZIP
    na, nb = normal_name(a.get("name")), normal_name(b.get("name"))
    if na and na == nb:
        return True
    signals = [
        _similar_names(na, nb),
        main_phone(a) is not None and main_phone(a) == main_phone(b),
        bool(street_key(a)) and street_key(a) == street_key(b),
        origin(a.get("website")) is not None
        and origin(a.get("website")) == origin(b.get("website")),
    ]
    return sum(signals) >= 2


class Groups:
    """Disjoint sets of the indexes 0..n-1 (union-find with path halving)."""

    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(self, keep: int, other: int) -> None:
        """``other``'s group joins ``keep``'s (whose root stays the root)."""
        self.parent[self.find(other)] = self.find(keep)

    def members(self) -> list[list[int]]:
        """Each group's indexes, groups in the order of their first index."""
        out: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.parent)):
            out[self.find(i)].append(i)
        return list(out.values())


MAX_BLOCK = 200  # a key shared by more records than this says nothing about identity


def merge(records: Iterable[dict]) -> list[dict]:
    """Group records of the same facility (see ``same_facility``; records sharing an id are always
    one) and combine each group, so no two results share an id; a combined record is completed
    again, since facts of several sources can imply what none implied alone."""
    from carefinder.complete import complete  # implications load validation: not on searches

    records = list(records)
    groups = Groups(len(records))
    first_with_id: dict[str, int] = {}
    for i, record in enumerate(records):  # one id is one facility, whatever else differs
        groups.join(first_with_id.setdefault(record["id"], i), i)
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, record in enumerate(records):
        for key in _keys(record):
            blocks[key].append(i)
    for members in blocks.values():
        if len(members) > MAX_BLOCK:
            continue
        for n, j in enumerate(members):
            for i in members[:n]:
                if groups.find(i) != groups.find(j) and same_facility(records[i], records[j]):
                    groups.join(i, j)
    return [
        complete(combine([records[i] for i in group])) if len(group) > 1 else records[group[0]]
        for group in groups.members()
    ]
