"""Find vocabulary terms in text: every synonym of every slug, on word boundaries."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from carefinder import vocabulary

# Facets whose terms the extractor looks for in page text.
TEXT_FACETS = ("levels_of_care", "conditions", "payment", "insurers", "populations",
               "approaches", "services", "languages")  # fmt: skip


@dataclass(frozen=True)
class Mention:
    facet: str
    slug: str
    start: int
    end: int
    text: str


@cache
def _patterns() -> list[tuple[str, re.Pattern, dict[str, str]]]:
    out = []
    for facet in TEXT_FACETS:
        exact, folded = {}, {}
        for slug, term in vocabulary.terms()[facet].items():
            for syn in term.synonyms:
                # Acronyms (IOP, PHP, MAT, ASL) only count in capitals: "mat" and "php" are words.
                (exact if syn.isupper() and len(syn) <= 5 else folded)[
                    syn if syn.isupper() and len(syn) <= 5 else syn.lower()
                ] = slug
        for table, flags in ((folded, re.I), (exact, 0)):
            if table:
                alts = "|".join(re.escape(s) for s in sorted(table, key=len, reverse=True))
                out.append((facet, re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])", flags), table))
    return out


def find(text: str, facets: tuple[str, ...] = TEXT_FACETS) -> list[Mention]:
    found = []
    for facet, pattern, table in _patterns():
        if facet not in facets:
            continue
        for m in pattern.finditer(text):
            slug = table.get(m[0]) or table.get(m[0].lower())
            if slug:
                found.append(Mention(facet, slug, m.start(), m.end(), m[0]))
    return found
