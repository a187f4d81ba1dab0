"""The keyword box's words that name a filter: "Aetna evening" asks for the Aetna plan and
evening hours, as the form's insurer and hours filters do, not for those words in a listing's
text (the national directory names no insurer, and "opioid use disorder" as text finds every
listing that says "use"). The query contract (``query.parse``) reads them for the site, the API
and the CLI alike; only the words left over search names and text. A "quoted phrase" stays
text, so a facility named "Evening Star" can still be found by its name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from carefinder import mentions, vocabulary

# What a family types in place of a filter: levels, conditions (with their clinical names),
# payment, insurers, groups served, languages and hours. Approaches and services stay text.
FACETS = ("levels_of_care", "conditions", "payment", "insurers", "populations", "languages",
          vocabulary.HOURS)  # fmt: skip
PARAM = {facet: name for name, facet in vocabulary.FILTER_NAMES.items()} | {
    vocabulary.HOURS: "open"
}
QUOTED = re.compile(r'"[^"]*"?')
# Words that only join the others ("Aetna and Cigna near me"): alone, they search nothing.
FILLER = frozenset(
    """a an and or the of for in at to with near me my our that who which takes
take taking accepts accept accepting open hours program programs treatment services service care
center centers facility facilities clinic clinics help s""".split()
)


@dataclass(frozen=True)
class Reading:
    """Words of the keyword box read as a filter: ``param`` (the query contract's name) and
    ``value``, as a form or URL gives them."""

    words: str  # as typed
    param: str  # level, condition, payment, insurer, population, language or open
    value: str


def read(text: str) -> tuple[str, list[Reading]]:
    """The text left for names and text search, and the filters the rest of ``text`` names, in
    the order typed. Overlapping terms go to the longest ("opioid use disorder", not "use")."""
    if not text.strip():
        return text, []  # nothing typed: the matcher's patterns need not even be compiled
    readings, kept, start = [], [], 0
    for quoted in [*QUOTED.finditer(text), None]:
        end = quoted.start() if quoted else len(text)
        part_left, part_readings = _read_part(text[start:end])
        kept.append(part_left)
        readings += part_readings
        if quoted:
            kept.append(quoted[0])
            start = quoted.end()
    left = " ".join(" ".join(kept).split())
    if readings and all(w.lower() in FILLER for w in re.findall(r"\w+", left.replace('"', ""))):
        left = ""
    return left, readings


def _read_part(text: str) -> tuple[str, list[Reading]]:
    found = mentions.find(text, FACETS, any_case=True)
    taken: list[mentions.Mention] = []
    for m in sorted(found, key=lambda m: (-(m.end - m.start), m.start)):
        if all(m.end <= t.start or m.start >= t.end for t in taken):
            taken.append(m)
    taken.sort(key=lambda m: m.start)
    left, cut = [], 0
    for m in taken:
        left.append(text[cut : m.start])
        cut = m.end
    left.append(text[cut:])
    readings = [Reading(m.text, PARAM[m.facet], m.slug) for m in taken]
    return " ".join(left), readings
