"""Pages of one site → one record per facility location, every list value with its quotes."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime
from urllib.parse import urlsplit

from carefinder import hours, vocabulary
from carefinder.merge import street_key
from carefinder.record import make, stable_id
from crawler.extract import contact, structured
from crawler.extract.page import Location, PageFacts
from crawler.extract.rules import LIVE_IN, STAY, cue
from crawler.urls import origin

MAX_QUOTES = 3  # evidence entries kept per value
# A location's own section overrides the site's levels; other facts are the organisation's.
LOCATION_FACETS = ("levels_of_care",)
SKIP_PHONE_LABELS = {"fax", "billing"}
UNIT_PART = re.compile(r" (?:ste|fl|bldg)\b.*$")  # the unit words of merge.street_key's spelling


def structured_names(pages: list[PageFacts]) -> tuple[list[str], list[str]]:
    """schema.org organisation names: (those the pages also show, those only in markup)."""
    names = list(dict.fromkeys(str(o["name"]).strip() for p in pages for o in p.structured))
    text = " ".join(p.visible_text for p in pages).lower()
    return [n for n in names if n.lower() in text], [n for n in names if n.lower() not in text]


def organisation_name(pages: list[PageFacts]) -> str:
    """og:site_name, a schema.org name the page also shows, the title part most pages share,
    or the home page's title; markup naming someone the page never shows is not trusted."""
    for p in pages:
        if p.site_name:
            return p.site_name
    shown, _hidden = structured_names(pages)
    if shown:
        return shown[0]
    parts = [[t for t in p.title_parts if not _generic_heading(t)] for p in pages]
    counts = Counter(part for titled in parts for part in dict.fromkeys(titled))
    if counts and counts.most_common(1)[0][1] >= 2:
        return counts.most_common(1)[0][0]
    titled = [(p, t) for p, t in zip(pages, parts, strict=True) if t]
    if named := _part_naming_host(titled):
        return named
    if titled:  # the home page's title, else the shortest path's; never "Home" or "Programs"
        home = min(titled, key=lambda pt: (len(urlsplit(pt[0].url).path.strip("/")), pt[0].url))
        return (
            home[1][-1] if len(home[1]) > 1 and len(urlsplit(home[0].url).path) > 1 else home[1][0]
        )
    host = urlsplit(pages[0].url).hostname or "unknown site"
    return host.removeprefix("www.")


def _part_naming_host(titled) -> str | None:
    """The title part the host spells ("Oak Hill Recovery | Insurance" on oakhillrecovery.org):
    titles put the site's name first or last, the host says which."""
    for page, parts in titled:
        host = _squashed(urlsplit(page.url).hostname or "")
        spelled = [p for p in parts if len(_squashed(p)) >= 4 and _squashed(p) in host]
        if spelled:
            return max(spelled, key=len)
    return None


def _squashed(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _same_place(address: dict | None, location: Location | None) -> bool:
    """Markup whose address is this location's (street number and ZIP agree)."""
    if not address or location is None or not address.get("postal_code"):
        return False
    number = (address.get("street") or "").split(" ")[0]
    return address["postal_code"] == location.address.postal_code and (
        number == location.address.street.split(" ")[0]
    )


def _in(location: Location, block: int) -> bool:
    return location.block_range[0] <= block < location.block_range[1]


def _values(pairs) -> dict[str, dict[str, list[tuple[str, str]]]]:
    """facet → slug → [(quote, url)] from (url, claim) pairs."""
    out: dict[str, dict[str, list[tuple[str, str]]]] = {}
    for url, claim in pairs:
        quotes = out.setdefault(claim.facet, {}).setdefault(claim.slug, [])
        if (claim.quote, url) not in quotes and len(quotes) < MAX_QUOTES:
            quotes.append((claim.quote, url))
    return out


def _record_base(
    org: str, name: str, site: str, address: dict | None, pages: list[PageFacts]
) -> dict:
    return make(
        id=stable_id(site, (address or {}).get("street"), (address or {}).get("postal_code")),
        name=name,
        organization=org if name != org else None,
        website=site + "/",
        source_urls=[p.url for p in pages],
        address=address,
        sources=["crawl"],
        crawled_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    )


def _levels_in_other_words(values: dict) -> None:
    """A provider that names no level but offers therapy sessions, medication visits or
    dosing offers the level that care is (``offered_as`` in the vocabulary: outpatient).
    Where it speaks of a stay with it (people who live there, a stay at its facility, house
    meetings), the sessions and medication are part of that stay, never outpatient."""
    if values.get("levels_of_care"):
        return
    care = values.get("care", {})
    stay = any(care.get(slug) for _, slug in (LIVE_IN, STAY))
    for slug, term in vocabulary.terms()["levels_of_care"].items():
        if stay and slug == "outpatient":
            continue
        quotes = [q for f, s in term.offered_as for q in values.get(f, {}).get(s, [])]
        if quotes:
            values.setdefault("levels_of_care", {})[slug] = quotes[:MAX_QUOTES]


def _fill(record: dict, values: dict) -> None:
    for facet in vocabulary.FACETS:
        for slug, quotes in values.get(facet, {}).items():
            record[facet].append(slug)
            for quote, url in quotes:
                record["evidence"].append(
                    {"field": facet, "value": slug, "url": url, "quote": quote}
                )


def _phones(
    pages: list[PageFacts], location: Location | None, page_of_location, place
) -> list[dict]:
    chosen: list[tuple[str, str | None, str | None]] = []
    if location is not None:
        chosen = [(e, label, ext) for e, label, _, b, ext in page_of_location.phones
                  if _in(location, b) and label not in SKIP_PHONE_LABELS]  # fmt: skip
    if not chosen:  # the site's numbers, but never one written in a sibling unit's part
        every = [(e, label, ext) for p in pages for e, label, _, b, ext in p.phones
                 if not _siblings(p, location, b, place)]  # fmt: skip
        counts = Counter(e for e, label, _ in every if label not in SKIP_PHONE_LABELS)
        labels = {e: label for e, label, _ in every if label}
        chosen = [(e, labels.get(e), _extension(e, every)) for e, _ in counts.most_common(2)]
    seen, out = set(), []
    for e164, label, ext in chosen:
        if (e164, ext) not in seen:
            seen.add((e164, ext))
            out.append({"e164": e164, "label": label, "extension": ext})
    return out


def _siblings(page: PageFacts, location: Location | None, block: int, place) -> bool:
    """The block stands in the part of the page of another unit than this one (a footer's
    address is the organisation's, so its number stays everyone's; the same place written
    again is no other unit)."""
    return location is not None and any(
        _in(loc, block)
        for loc in page.locations
        if place(loc) != place(location) and not loc.in_footer
    )


def _extension(e164: str, every: list[tuple[str, str | None, str | None]]) -> str | None:
    """The number's extension when the site always writes it with the same one; a number also
    written bare is the line itself (the extension was one desk's)."""
    exts = {ext for e, _, ext in every if e == e164}
    return exts.pop() if len(exts) == 1 else None


def _hours(
    record: dict, pages: list[PageFacts], location: Location | None, loc_page, several: bool
) -> None:
    """Office hours, each value with its quote: with several locations, those in the
    location's own section (first) or on pages that name no location; with one, all of them."""
    own, other = [], []  # (hours, quote, url)
    for p in pages:
        for found, quote, block in p.opening_hours:
            mine = location is not None and p is loc_page and _in(location, block)
            if several and p.locations and not mine:
                continue
            (own if mine else other).append((found, quote, p.url))
        for org in p.structured:
            h = hours.from_schema_org(org)
            if h and (_same_place(structured.address(org), location) or not several):
                other.append((h, f"schema.org openingHours: {h}", p.url))
    # A "24/7" in text is most often the admissions phone line: hours stated for days and
    # times (the office's, or the markup's openingHours) come first when both are given.
    ranked = sorted(own + other, key=lambda found: found[0].round_the_clock())
    distinct: dict[tuple, tuple] = {}
    for h, q, url in ranked:
        distinct.setdefault(h.key(), (h, q, url))
    distinct = list(distinct.values())
    if distinct:
        chosen, quote, url = distinct[0]
        record["opening_hours"] = str(chosen)
        record["evidence"].append(
            {"field": "opening_hours", "value": str(chosen), "url": url, "quote": quote}
        )
        if len(distinct) > 1:
            record["conflicts"].append({
                "field": "opening_hours",
                "values": [str(h) for h, _, _ in distinct],
                "urls": [url for _, _, url in distinct],
            })  # fmt: skip
    for p in pages:
        for s in p.schedules:
            item = {"level": s.level, "opening_hours": s.hours, "label": s.label}
            if item not in record["program_schedules"]:
                record["program_schedules"].append(item)
                record["evidence"].append(
                    {"field": "program_schedules", "value": s.hours, "url": p.url, "quote": s.quote}
                )


def _places(pages: list[PageFacts]):
    """Which place a location is: its street in one spelling (``merge.street_key``: "Road"/"Rd",
    "Avenue"/"Ave", "Suite"/"#") and its ZIP. A street written once without the suite it has
    elsewhere on the site is that place too ("68487 E Palm Canyon Dr" in the header, "…, STE 44"
    under Location); two suites at one street stay two units."""
    forms: dict[tuple[str, str], set[str]] = {}
    for loc in (loc for p in pages for loc in p.locations):
        key = street_key({"address": {"street": loc.address.street}})
        forms.setdefault((UNIT_PART.sub("", key), loc.address.postal_code), set()).add(key)

    def place(location: Location | None) -> tuple[str, str] | None:
        if location is None:
            return None
        key = street_key({"address": {"street": location.address.street}})
        found = forms.get((key, location.address.postal_code), set()) - {key}
        return (found.pop() if len(found) == 1 else key, location.address.postal_code)

    return place


def _placed_locations(pages: list[PageFacts], place) -> list[tuple[Location, PageFacts]]:
    """Each distinct place once, from the page where it has a section of its own (under its
    own name, not a footer or contact block listing every location together), preferring one
    that says which levels of care it offers, then one that gives its number, then the
    tightest; its address is the fullest the site writes for it (with the suite)."""
    placed: dict[tuple[str, str], tuple[Location, PageFacts, tuple]] = {}
    fullest: dict[tuple[str, str], contact.Address] = {}
    for p in pages:
        for loc in p.locations:
            known = fullest.setdefault(place(loc), loc.address)
            if len(loc.address.street) > len(known.street):
                fullest[place(loc)] = loc.address
            own = sum(q.block_range == loc.block_range for q in p.locations) == 1
            levels = any(c.facet == "levels_of_care" and _in(loc, b) for b, c in p.claims)
            named = bool(loc.heading) and not _generic_heading(loc.heading)
            phoned = any(_in(loc, b) for _, _, _, b, _ in p.phones)
            score = (own, named, not loc.in_footer, levels, phoned,
                     loc.block_range[0] - loc.block_range[1])  # fmt: skip
            if place(loc) not in placed or score > placed[place(loc)][2]:
                placed[place(loc)] = (loc, p, score)
    return [(replace(loc, address=fullest[key]), p) for key, (loc, p, _) in placed.items()]


def _generic_heading(heading: str) -> bool:
    """ "Contact Us", "Get in Touch", "Hours": a section's name, not a location's."""
    return bool(cue("generic_heading").fullmatch(heading.strip(" :")))


def _location_name(org: str, location: Location) -> str:
    """The location's own heading without the organisation's name, else its city."""
    heading = location.heading.strip()
    if not heading or _generic_heading(heading):
        return location.address.city
    rest = heading.removeprefix(org).strip(" –—-:|,")
    return rest or location.address.city


def _accepting(pages: list[PageFacts]) -> bool | None:
    """False when a page says no new patients are taken; else what the markup says (true is
    also implied later by an `accepting` or `same_day` intake claim)."""
    if any(p.intake_closed for p in pages):
        return False
    marked = (structured.accepting_new_patients(o) for p in pages for o in p.structured)
    return next((v for v in marked if v is not None), None)


def site_kind(pages: list[PageFacts]) -> tuple[str | None, str]:
    """What the site is, and why: a site that says on any page that it provides no care (a
    directory, a publication) or that it refers people on is not a provider, whatever its other
    pages list; otherwise it is a provider when one of its pages is."""
    for kind in ("referral_service", "not_provider", "provider"):
        page = next((p for p in pages if p.verdict == kind), None)
        if page is not None:
            return (None if kind == "not_provider" else kind), f"{page.url}: {page.reason}"
    return None, "no page names a provider"


def _reading_order(page: PageFacts) -> tuple[int, str]:
    path = urlsplit(page.url).path.strip("/")
    return (path.count("/") + 1 if path else 0, page.url)


def site_records(pages: list[PageFacts]) -> list[dict]:
    """Records for the provider (or referral service) the pages describe; [] when none. The
    same records whatever order the pages arrived in: pages are read home first, then by depth
    and URL (where two pages state one fact differently, the nearer the home page is quoted)."""
    pages = sorted(pages, key=_reading_order)
    kind, _reason = site_kind(pages)
    if kind is None:
        return []
    site = origin(pages[0].url)
    org = organisation_name(pages)
    place = _places(pages)
    placed = _placed_locations(pages, place)
    in_location = {(p.url, b) for loc, p in placed for b in range(*loc.block_range)}
    site_wide = _values(
        (p.url, c)
        for p in pages
        for b, c in p.claims
        if (p.url, b) not in in_location or len(placed) < 2
    )
    targets = placed if placed else [(None, None)]
    records = []
    for location, loc_page in targets:
        address = location.address.as_dict() if location else None
        name = org if len(targets) == 1 else f"{org} – {_location_name(org, location)}"
        record = _record_base(org, name, site, address, pages)
        values = {f: dict(v) for f, v in site_wide.items()}
        if location is not None and len(targets) > 1:
            own = _values((loc_page.url, c) for b, c in loc_page.claims if _in(location, b))
            for facet, slugs in own.items():
                values[facet] = (
                    slugs if facet in LOCATION_FACETS else {**values.get(facet, {}), **slugs}
                )
        if kind == "provider":
            _levels_in_other_words(values)
        _fill(record, values)
        record["phones"] = _phones(pages, location, loc_page, place)
        record["email"] = next((e for p in pages for e in p.emails), None)
        record["accepting_new_patients"] = _accepting(pages)
        _hours(record, pages, location, loc_page, len(targets) > 1)
        record["kind"] = kind
        _, hidden = structured_names(pages)
        if hidden:  # the markup describes another facility than the page: say so
            urls = [p.url for p in pages if p.structured]
            record["conflicts"].append({"field": "name", "values": [name, *hidden], "urls": urls})
        records.append(record)
    return records


def extract(content: str, url: str, content_type: str = "") -> list[dict]:
    """Records one page supports on its own (``carefinder extract``)."""
    return explain(content, url, content_type)[0]


def explain(content: str, url: str, content_type: str = "") -> tuple[list[dict], PageFacts]:
    """The page's records and the facts they were made from (each claim says why it counts,
    each rejected mention why it does not): ``carefinder extract --explain``."""
    from carefinder.complete import complete
    from crawler.extract.page import page_facts

    facts = page_facts(content, url, content_type)
    return [complete(r) for r in site_records([facts])], facts


def _in_other_words(facts: PageFacts, evidence: dict) -> str:
    """Why a value taken from care said in other words (``offered_as``) counts."""
    # hours and program schedules have evidence too but no vocabulary
    term = vocabulary.terms().get(evidence["field"], {}).get(evidence["value"])
    for _, c in facts.claims:
        if term and (c.facet, c.slug) in term.offered_as and c.quote == evidence["quote"]:
            return f"in other words ({c.facet}={c.slug}: {c.why})"
    return "implied or read from markup"


def explanation(records: list[dict], facts: PageFacts) -> list[str]:
    """Plain lines: the page's kind and why, each value with what made it an offer, and each
    mention that was not one with the rule that said so."""
    kind, reason = site_kind([facts])
    lines = [f"page: {kind or 'no record'} ({reason})"]
    why = {(c.facet, c.slug, c.quote): c.why for _, c in facts.claims}
    for record in records:
        lines.append(f"record: {record['name']} [{record['kind']}]")
        for e in record.get("evidence", []):
            basis = why.get((e["field"], e["value"], e["quote"])) or _in_other_words(facts, e)
            lines.append(f"  {e['field']}={e['value']}: {basis} <- {e['quote'][:160]!r}")
    for c in facts.rejected:
        lines.append(f"  not {c.facet}={c.slug}: {c.why} <- {c.quote[:160]!r}")
    return lines
