"""One place, one record across SAMHSA's listings.

A place that answered both surveys appears in the substance-use and the mental-health directory,
often under two names ("X Behavioral Health" / "X Behavioral Health Center", or name1/name2 cut
differently). Records of two *different* listings (a file and its directory) are one place when
their street and ZIP agree after normalisation (``merge.street_key``: case, punctuation, "Street"
/ "St", "Suite 102" / "#102") and either

- their names are the same words after normalisation (case, punctuation, the directories'
  abbreviations "Ctr", "Hlth", "Behav", "Servs", and words such as "Center" or "Inc": "X
  Behavioral Health" / "X Behavioral Health Center", "Org – Site" / "Org Site"); or
- their main phones (the first listed, the facility's own line) are the same and the names
  share a word that is not generic ("Adventist Healthcare" / "Adventist Behavioral Healthcare –
  Shady Grove Medical Center", "Carey Counseling Center Inc" / "… – Paris Site").

Never merged: two records of one listing (when a directory lists two rows at one address, it
lists two programmes: "Mens Residential" and "Womens Residential"), so a group never holds two
records of the same listing; places sharing only a building (a campus's programmes with their
own phones and names, even when one name contains the other: "BronxCare Health System" and
"BronxCare Health System – OTP" with its own numbers); places sharing only an intake or
toll-free line (not the main phone).
"""

from __future__ import annotations

import re
from collections import defaultdict

from carefinder.merge import STOPWORDS, Groups, main_phone, street_key

# Abbreviations the directories use in names ("Behav Hlth Ctr", "Csl Servs").
NAME_WORDS = {
    "ctr": "center", "hlth": "health", "behav": "behavioral", "bh": "behavioral health",
    "svcs": "services", "servs": "services", "srvs": "services", "svc": "services",
    "csl": "counseling", "trt": "treatment", "fam": "family", "childrens": "children",
    "dept": "department", "st": "saint", "mt": "mount", "hosp": "hospital", "assoc": "association",
    "co": "county", "cnty": "county", "comm": "community", "mh": "mental health",
}  # fmt: skip
# Words too common in facility names to tell one organisation from another.
GENERIC = STOPWORDS | {
    "health", "behavioral", "mental", "center", "services", "counseling", "clinic", "program",
    "programs", "hospital", "medical", "care", "healthcare", "community", "outpatient",
    "inpatient", "residential", "system", "systems", "family", "department", "county", "recovery",
    "substance", "abuse", "addiction", "addictions", "for", "a", "at", "in", "on", "to", "dba",
}  # fmt: skip


def name_words(name: str | None) -> frozenset[str]:
    words = re.sub(r"[^a-z0-9]+", " ", re.sub(r"'s\b", "s", (name or "").lower())).split()
    expanded = " ".join(NAME_WORDS.get(w, w) for w in words).split()
    return frozenset(w for w in expanded if w not in STOPWORDS)


def _strength(a: dict, b: dict) -> int:
    """How surely two records at one address are one place: 2 the same name, 1 the same main
    phone and a distinctive word in common, 0 not the same place."""
    wa, wb = name_words(a["name"]), name_words(b["name"])
    if wa and wa == wb:
        return 2
    phone = main_phone(a)
    if phone and phone == main_phone(b) and (wa & wb) - GENERIC:
        return 1
    return 0


def same_places(records: list[dict], listings: list[frozenset]) -> list[list[int]]:
    """Groups of record indexes that are one place (see the module's rule); ``listings[i]`` are
    the listings that list record i. Every record is in exactly one group."""
    by_address: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, record in enumerate(records):
        street, postal = street_key(record), (record.get("address") or {}).get("postal_code")
        if street and postal:
            by_address[(street, postal)].append(i)
    groups = Groups(len(records))
    held = [set(listing) for listing in listings]  # listings of each group, kept at its root
    for members in by_address.values():
        pairs = [
            (strength, i, j)
            for n, j in enumerate(members)
            for i in members[:n]
            if not listings[i] & listings[j] and (strength := _strength(records[i], records[j]))
        ]
        for _, i, j in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
            ri, rj = groups.find(i), groups.find(j)
            if ri != rj and not held[ri] & held[rj]:  # one listing's two rows stay two places
                groups.join(ri, rj)
                held[ri] |= held[rj]
    return groups.members()
