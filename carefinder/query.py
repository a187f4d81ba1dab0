"""The query contract: every search parameter's name, type, bounds and allowed values, once.

The search engine's checks, the web form, the JSON API, the OpenAPI document and the CLI all
read ``PARAMS``; ``parse`` turns raw text values (a query string, CLI options) into a checked
``SearchQuery``, and ``SearchQuery.check`` holds a query built in code to the same rules.
"""

from __future__ import annotations

import math
import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from carefinder import CarefinderError, vocabulary, words
from carefinder.words import Reading

OPEN_VALUES = tuple(vocabulary.slugs(vocabulary.HOURS))  # evening, weekend, now
SORTS = ("distance", "relevance")
RADIUS_MENU = (5, 10, 15, 20, 25, 30, 40, 50, 75, 100, 250, 500)  # miles offered in the form


class BadParameter(CarefinderError):
    """A parameter the contract refuses; ``parameter`` names it for the API's 400 body. The
    message is a literal template with its values (``name`` is the parameter), so the web
    layer can translate it: pybabel extracts ``BadParameter``'s second argument."""

    def __init__(self, parameter: str, message: str, /, **values):
        super().__init__(message, name=parameter, **values)
        self.parameter = parameter


@dataclass(frozen=True)
class Param:
    name: str  # in URLs, the API, OpenAPI; the CLI option is --name with - for _
    kind: type  # str, int, float or bool (of each value when ``many``)
    help: str
    default: object = None
    low: float | None = None
    high: float | None = None
    max_length: int | None = None  # characters (str) or values (many)
    choices: Callable[[], Sequence[str]] | None = None  # allowed values, when closed
    many: bool = False
    facet: str | None = None  # the record facet a filter parameter selects on

    def allowed(self, value: str) -> bool:
        if self.facet:
            return vocabulary.is_valid(self.facet, value)
        return self.choices is None or value in self.choices()


def _facet_param(name: str, facet: str) -> Param:
    def choices():
        return vocabulary.slugs(facet)

    return Param(name, str, f"{facet.replace('_', ' ')} (any of)", many=True, facet=facet,
                 choices=choices)  # fmt: skip


PARAMS: dict[str, Param] = {
    p.name: p
    for p in (
        Param("q", str, "words: those naming a level, condition, payment, insurer, group, "
              "language or hours become that filter (listed in query.read); the rest and "
              '"quoted phrases" search names and text', "", max_length=500),
        Param("near", str, "ZIP code, 'City, ST', city, address or 'lat,lon'", None,
              max_length=200),
        Param("radius", float, "miles around the place", 25.0, low=1, high=500),
        *(_facet_param(name, facet) for name, facet in vocabulary.FILTER_NAMES.items()),
        Param("open", str, "evening or weekend hours (of the chosen level's program), or now",
              many=True, choices=lambda: OPEN_VALUES),
        Param("sort", str, "result order (default: distance when a place is given)",
              choices=lambda: SORTS),
        Param("page", int, "result page", 1, low=1, high=10_000),
        Param("per_page", int, "results per page", 20, low=1, high=200),
        Param("id", str, "only these facility ids", many=True, max_length=200),
        Param("evidence", bool, "include evidence quotes in results", False),
    )
}  # fmt: skip
FILTER_PARAMS = {name: p.facet for name, p in PARAMS.items() if p.facet}
TRUE, FALSE = ("true", "1"), ("false", "0")
# Around a value, these are ignored (the same set as the OpenAPI document's patterns say).
SPACE = " \t\r\n"
# ASCII only, as the OpenAPI patterns: str.lower would also read the Kelvin sign as "k".
ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


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
    ids: list[str] = field(default_factory=list)  # only these facilities (e.g. a referral list)
    evidence: bool = False  # include each record's evidence quotes (they are 80 % of its size)
    read: list[Reading] = field(default_factory=list)  # keyword-box words taken as filters

    def __post_init__(self) -> None:
        # A value given twice means the same as once; 200 copies must not cost 200 times.
        self.filters = {f: list(dict.fromkeys(v)) for f, v in self.filters.items()}
        self.open = list(dict.fromkeys(self.open))
        self.ids = list(dict.fromkeys(self.ids))

    def raw(self) -> dict[str, list[str]]:
        """The query as parameter name → text values (what a URL or the CLI carries)."""
        out = {"q": [self.text], "near": [self.near or ""], "radius": [f"{self.radius:g}"],
               "open": list(self.open), "sort": [self.sort or ""], "page": [str(self.page)],
               "per_page": [str(self.per_page)], "id": list(self.ids),
               "evidence": ["true" if self.evidence else "false"]}  # fmt: skip
        for name, facet in FILTER_PARAMS.items():
            out[name] = list(self.filters.get(facet, []))
        for facet in self.filters:
            if facet not in FILTER_PARAMS.values():
                raise CarefinderError(
                    f"unknown filter {facet!r}; valid: {', '.join(FILTER_PARAMS)}"
                )
        return out

    def check(self) -> None:
        """Raise BadParameter naming the bad parameter and its valid values."""
        parse(self.raw(), blank_is_absent=True)


def _scalar(p: Param, raw: str):
    if p.kind is bool:
        if raw.lower() not in TRUE + FALSE:
            raise BadParameter(p.name, "%(name)s must be true or false, not %(value)s",
                               value=repr(raw[:20]))  # fmt: skip
        return raw.lower() in TRUE
    if p.kind in (int, float):
        try:
            value = p.kind(raw)
        except ValueError:
            if p.kind is int:
                raise BadParameter(p.name, "%(name)s must be a whole number, not %(value)s",
                                   value=repr(raw[:40])) from None  # fmt: skip
            raise BadParameter(p.name, "%(name)s must be a number, not %(value)s",
                               value=repr(raw[:40])) from None  # fmt: skip
        if not (math.isfinite(value) and p.low <= value <= p.high):
            raise BadParameter(p.name, "%(name)s must be between %(low)s and %(high)s",
                               low=f"{p.low:g}", high=f"{p.high:g}")  # fmt: skip
        return value
    if p.max_length and not p.many and len(raw) > p.max_length:
        raise BadParameter(p.name, "%(name)s is too long (%(most)s characters at most)",
                           most=p.max_length)  # fmt: skip
    if p.choices:
        raw = raw.translate(ASCII_LOWER)  # slugs, codes and keywords are lower case: IOP is iop
    if p.choices and not p.allowed(raw):
        raise BadParameter(p.name, "unknown %(name)s %(value)s; valid: %(valid)s",
                           value=repr(raw[:40]), valid=", ".join(p.choices()))  # fmt: skip
    return raw


def _value(p: Param, values: list[str], blank_is_absent: bool):
    values = [v.strip(SPACE) for v in values]
    if not blank_is_absent and "" in values and (p.kind is not str or p.choices or p.many):
        # An empty number or choice is a mistake, not "the default": say so rather than guess.
        raise BadParameter(p.name, "%(name)s is empty: give a value or leave it out")
    values = [v for v in values if v]
    if not blank_is_absent and not p.many and len(values) > 1:
        raise BadParameter(p.name, "%(name)s is given %(times)s times: give it once",
                           times=len(values))  # fmt: skip
    if p.many:
        if p.max_length and len(values) > p.max_length:
            raise BadParameter(p.name, "at most %(most)s %(name)s values at once",
                               most=p.max_length)  # fmt: skip
        return [_scalar(p, v) for v in values]
    return _scalar(p, values[-1]) if values else p.default


def refuse_unknown(args: Iterable[str], known: Iterable[str]) -> None:
    """BadParameter for the first name of ``args`` not in ``known``, naming the known ones."""
    known = list(known)
    for name in args:
        if name not in known:
            raise BadParameter(name[:40], "unknown parameter %(name)s; known: %(known)s",
                               known=", ".join(known))  # fmt: skip


def parse(
    args: Mapping[str, Sequence[str]], blank_is_absent: bool = False, known_only: bool = False
) -> SearchQuery:
    """A checked SearchQuery from parameter name → text values.

    A blank value is refused (the API), or taken as not given (a web form's "Any" choice). A
    name outside the contract is refused with ``known_only`` (the API: ``levl=iop`` must not
    quietly search everything), else ignored (a page's ``lang``, a link's tracking tags).
    Words of ``q`` that name a filter become that filter (``words.read``), said in ``read``."""
    if known_only:
        refuse_unknown(args, PARAMS)
    values = {name: list(args.get(name, ())) for name in PARAMS}
    v = {name: _value(p, values[name], blank_is_absent) for name, p in PARAMS.items()}
    text, read = words.read(v["q"])
    for reading in read:
        v[reading.param] = list(dict.fromkeys([*v[reading.param], reading.value]))
    return SearchQuery(
        text=text,
        near=v["near"],
        radius=v["radius"],
        filters={facet: v[name] for name, facet in FILTER_PARAMS.items() if v[name]},
        open=v["open"],
        sort=v["sort"],
        page=v["page"],
        per_page=v["per_page"],
        ids=v["id"],
        evidence=v["evidence"],
        read=read,
    )
