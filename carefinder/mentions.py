"""Find vocabulary terms in text: every synonym of every slug, on word boundaries. The one
matcher for the crawler's pages and the search's keyword box (``carefinder.words``).

Spelling variation is handled once, here, for every synonym: a space and a hyphen are the same
("cognitive-behavioral therapy"), "in-patient" is "inpatient", a final plural is optional ("case managers"), a term may open a
hyphenated compound ("Medicare-participating"), and coordinated modifiers share their head noun
("individual, group and family therapy" names three approaches).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from carefinder import vocabulary

# Facets whose terms the extractor looks for in page text.
TEXT_FACETS = ("levels_of_care", "conditions", "payment", "insurers", "populations",
               "approaches", "services", "languages", "accreditations", "intake")  # fmt: skip

SEPARATOR = r"[\s\-‐‑–]+"
DASHES = str.maketrans("-‐‑–", "    ")  # same length: positions in the text stay valid
COORDINATION = re.compile(
    r"(?<![\w-])((?:[A-Za-z][\w'’-]*\s*,\s*)*[A-Za-z][\w'’-]*,?\s+(?:and|or|&|/)\s+)"
    r"([A-Za-z][\w'’-]*(?:\s+[A-Za-z][\w'’-]*)?)"
)
WORD = re.compile(r"[A-Za-z][\w'’-]*")
# "in-patient", "out patient", "bi-polar": a prefix some pages split off ("inpatient",
# "bipolar" in the vocabulary)
SPLIT_PREFIX = re.compile(r"^(in|out|bi)(patients?|polar)$", re.I)
SPLIT_PREFIX_TEXT = re.compile(r"\b(in|out|bi) (patient|polar)", re.I)


@dataclass(frozen=True)
class Mention:
    facet: str
    slug: str
    start: int
    end: int
    text: str


def _spaced(text: str) -> str:
    """Lower case, one space for any run of spaces/hyphens, split prefixes joined again."""
    return SPLIT_PREFIX_TEXT.sub(r"\1\2", re.sub(SEPARATOR, " ", text.lower()))


def _key(text: str) -> str:
    """The lookup form of a matched text."""
    return _spaced(text).removesuffix("es").removesuffix("s")


def _pattern(syn: str) -> str:
    """The synonym as a pattern over text whose dashes became spaces (one space between words)."""
    words = [SPLIT_PREFIX.sub(r"\1 ?\2", re.escape(w)) for w in re.split(SEPARATOR, syn)]
    plural = r"(?:s|es)?" if syn[-1].isalpha() and not syn.isupper() else ""
    return " +".join(words) + plural


@cache
def _patterns(any_case: bool) -> list[tuple[str, re.Pattern, dict[str, str]]]:
    out = []
    for facet in vocabulary.terms():
        exact, folded = {}, {}
        for slug, term in vocabulary.terms()[facet].items():
            # a directory category (mental_health) is typed into the search box, never read
            # from a page: there "mental health" names the field a facility works in
            for syn in term.synonyms if term.from_pages or any_case else ():
                # Acronyms (IOP, PHP, MAT, ASL) only count in capitals: "mat" and "php" are words
                # on a page. A search box is typed in lower case, and there three letters or more
                # ("iop", "ptsd") mean the term; two ("va", "mi") are more often a state.
                acronym = syn.isupper() and len(syn) <= (2 if any_case else 5)
                (exact if acronym else folded)[syn] = slug
        for table, flags in ((folded, re.I), (exact, 0)):
            if table:
                alts = "|".join(_pattern(s) for s in sorted(table, key=len, reverse=True))
                lookup = {_key(s): slug for s, slug in table.items()}
                lookup.update({s: slug for s, slug in table.items()})
                out.append((facet, re.compile(rf"(?<!\w)(?:{alts})(?!\w)", flags), lookup))
    return out


def _lookup(table: dict[str, str], text: str) -> str | None:
    # "homes" loses "es" in _key ("hom"): the plain "s" is tried too ("sober living homes")
    singular = _spaced(text).removesuffix("s")
    return (
        table.get(text)
        or table.get(_key(text))
        or table.get(_key(text) + "s")
        or table.get(_key(singular))
    )


def _direct(text: str, facets: tuple[str, ...], any_case: bool = False) -> list[Mention]:
    found = []
    flat = text.translate(DASHES)
    for facet, pattern, table in _patterns(any_case):
        if facet not in facets:
            continue
        for m in pattern.finditer(flat):
            if m.start() and text[m.start() - 1] in "-‐‑–":
                continue  # the tail of a compound ("non-medical"), not the term
            if slug := _lookup(table, text[m.start() : m.end()]):
                found.append(Mention(facet, slug, m.start(), m.end(), text[m.start() : m.end()]))
    return found


def _coordinated(text: str, facets: tuple[str, ...], known: set) -> list[Mention]:
    """Modifiers sharing a head noun: "individual and group therapy" → "individual therapy"."""
    found = []
    for m in COORDINATION.finditer(text):
        head_words = m[2].split()
        for w in WORD.finditer(m[1]):
            if w[0].lower() in ("and", "or"):
                continue
            for n in range(len(head_words), 0, -1):
                phrase = f"{w[0]} {' '.join(head_words[-n:])}"
                hits = _direct(phrase, facets)
                if hits and hits[0].start == 0 and hits[0].end == len(phrase):
                    start = m.start(1) + w.start()
                    mention = Mention(hits[0].facet, hits[0].slug, start, start + len(w[0]), w[0])
                    if (mention.facet, mention.slug, mention.start) not in known:
                        found.append(mention)
                    break
    return found


@lru_cache(maxsize=50_000)  # headers, footers and sentences repeat on every page of a site
def _find(text: str, facets: tuple[str, ...], any_case: bool) -> tuple[Mention, ...]:
    found = _direct(text, facets, any_case)
    if any_case:
        return tuple(found)  # a search's words are not a page's prose: no shared head nouns
    if " and " in text or " or " in text or "&" in text or "/" in text:
        known = {(m.facet, m.slug, m.start) for m in found}
        found += _coordinated(text, facets, known)
    return tuple(found)


@cache
def _grid_names() -> dict[str, str]:
    return {
        name.lower(): slug
        for slug, term in vocabulary.terms()["insurers"].items()
        for name in term.grid_names
    }


# What a logo's label adds to the brand, alone or stacked ("Beacon Logo", "Beacon Insurance
# Logo", "Beacon Health Insurance Logo" — a site builder's alt pattern)
LOGO_WORDS = re.compile(r"(?:\s+(?:logo|insurance|health insurance))+$", re.I)


def grid_name(text: str) -> Mention | None:
    """The carrier a logo names by its short brand alone ("Beacon"): the caller reads it only
    in a grid of carriers' logos, since the word is in providers' names too."""
    name = LOGO_WORDS.sub("", text.strip())
    slug = _grid_names().get(name.lower())
    return Mention("insurers", slug, 0, len(name), name) if slug else None


def find(text: str, facets: tuple[str, ...] = TEXT_FACETS, any_case: bool = False) -> list[Mention]:
    """Every vocabulary mention in ``text`` for the given facets; with ``any_case``, acronyms of
    three letters or more in any case too (typed words)."""
    return list(_find(text, facets, any_case))
