"""Facet filters and counts over posting-list bitmasks (bit n set = document n has the value).

Counts are disjunctive: the count beside a value is what a search with that value instead of
its kind's choices would find. Hours belong to the chosen levels' programs, so the level and
hours kinds are counted together. A checkbox adds its value to its kind's choices (values of
one kind OR together) or takes it out, so in a kind that has a choice the number a click gives
is not the disjunctive count: ``click_counts`` works that number out.
"""

from __future__ import annotations

from dataclasses import replace
from functools import reduce
from operator import and_, or_

from carefinder.query import SearchQuery
from index.schema import FILTERS, PROGRAM_OPEN

Postings = dict[tuple[str, str], int]


def open_tags(query: SearchQuery) -> list[str]:
    return [o for o in query.open if o != "now"]


def open_mask(postings: Postings, tags: list[str], levels: list[str] | None) -> int:
    """Facilities open at those times: any hours, or (levels given) those levels' programs."""
    if not levels:
        keys = [("open", t) for t in tags]
    else:
        keys = [(PROGRAM_OPEN, f"{level}:{t}") for level in levels for t in tags]
    return reduce(or_, (postings.get(k, 0) for k in keys), 0)


def kind_masks(postings: Postings, query: SearchQuery, by_level: bool = True) -> dict[str, int]:
    """Per kind of filter, the documents passing it (values of one kind OR together). With
    ``by_level`` false, hours count for any program (a superset, for counting)."""
    masks = {
        facet: reduce(or_, (postings.get((facet, v), 0) for v in values), 0)
        for facet, values in query.filters.items()
        if values
    }
    if tags := open_tags(query):
        levels = query.filters.get("levels_of_care") if by_level else None
        masks["open"] = open_mask(postings, tags, levels)
    return masks


def all_but_one(kinds: dict[str, int]) -> int:
    """Documents passing every kind of filter, or all kinds but one; -1 (all bits) for none."""
    if len(kinds) < 2:
        return -1
    masks = list(kinds.values())
    return reduce(or_, (reduce(and_, masks[:i] + masks[i + 1 :], -1) for i in range(len(masks))), 0)


def disjunctive_counts(postings: Postings, query: SearchQuery, loose: int, kinds: dict[str, int]):
    """Per facet value, what a search with that value instead of the facet's own choices would
    find. Hours belong to the chosen levels' programs, so the two kinds are counted together."""
    tags = open_tags(query)
    levels = query.filters.get("levels_of_care")
    result = {}
    for fname in FILTERS:
        coupled = (fname == "levels_of_care" and tags) or (fname == "open" and levels)
        skip = {fname, "open"} if coupled else {fname}
        others = reduce(and_, (m for k, m in kinds.items() if k not in skip), loose)
        if fname == "levels_of_care" and tags:
            result[fname] = {
                slug: n
                for (f, slug), mask in postings.items()
                if f == fname
                and (n := (mask & others & open_mask(postings, tags, [slug])).bit_count())
            }
        elif fname == "open" and levels:
            result[fname] = {
                t: n for t in ("evening", "weekend")
                if (n := (others & open_mask(postings, [t], levels)).bit_count())
            }  # fmt: skip
        else:
            result[fname] = counts(postings, others, fname)[fname]
    return result


def click_counts(postings: Postings, query: SearchQuery, loose: int) -> dict[str, dict[str, int]]:
    """Per value of each kind that has a choice (hours included), what the search finds once a
    click ticks it (added to the kind's choices) or unticks it (taken out). ``loose`` holds every
    document passing all kinds of filter but one, so it holds every result of such a search."""
    kinds = {**query.filters, "open": open_tags(query)}
    out = {}
    for facet, chosen in kinds.items():
        if not chosen:
            continue
        values = {s for f, s in postings if f == facet} | set(chosen)
        out[facet] = {v: _total(postings, _toggled(query, facet, v), loose) for v in values}
    return out


def _toggled(query: SearchQuery, facet: str, value: str) -> SearchQuery:
    """The query once ``value`` of ``facet`` is ticked or unticked."""
    chosen = open_tags(query) if facet == "open" else query.filters[facet]
    values = [v for v in chosen if v != value] if value in chosen else [*chosen, value]
    if facet == "open":
        return replace(query, open=values + ["now"] * ("now" in query.open))
    return replace(query, filters={**query.filters, facet: values})


def _total(postings: Postings, query: SearchQuery, loose: int) -> int:
    return reduce(and_, kind_masks(postings, query).values(), loose).bit_count()


def counts(postings: Postings, docs: int, only: str | None = None) -> dict[str, dict[str, int]]:
    """How many of ``docs`` have each value (of the one facet ``only`` when given)."""
    out: dict[str, dict[str, int]] = {f: {} for f in FILTERS}
    for (fname, slug), mask in postings.items():
        if fname in out and (only is None or fname == only) and (n := (mask & docs).bit_count()):
            out[fname][slug] = n
    return out
