"""Turn what a person types ("95610", "Chicago", "St. Louis, MO", an address, "38.7,-121.3")
into a point, saying what was used: the place's label, how precise it is, a note when the text
was read loosely (a street ignored, a misspelling corrected, one of several cities chosen) and
the alternatives.

Offline by default (the bundled gazetteer, carefinder/gazetteer.py; usaddress splits the text into street,
city, state and ZIP). Set ``CAREFINDER_GEOCODER=nominatim`` to locate street addresses and
places the gazetteer lacks with OpenStreetMap's Nominatim through geopy, following Nominatim's
usage policy: one request a second at most (across every process of the machine), each answer
cached per address, the user agent from ``CAREFINDER_USER_AGENT``. ``CAREFINDER_NOMINATIM_URL``
names another Nominatim server (your own, or a test one); ``CAREFINDER_NOMINATIM_TIMEOUT`` bounds
a look-up in seconds. When Nominatim fails or is slow the offline reading is used and says so.
"""

from __future__ import annotations

import difflib
import fcntl
import hashlib
import logging
import os
import re
import tempfile
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from carefinder import CarefinderError, Message, gazetteer

LATLON = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$")
ZIP = re.compile(r"\b(\d{5})(?:-\d{4})?\b")
BIG_CITY = 100_000  # people: a city big enough that its name alone means it, not its state
STREET_PARTS = ("AddressNumber", "StreetName", "USPSBoxID", "BuildingName", "IntersectionSeparator")


@dataclass(frozen=True)
class Point:
    lat: float
    lon: float
    label: str  # the place searched from, in words: "Chicago, IL 60601"
    timezone: str | None = None
    precision: str = "postal_code"  # "address", "postal_code", "city" or "coordinates"
    note: str | None = None  # how the text was read, when not literally (a Message)
    alternatives: list[str] = field(default_factory=list)  # other places it may have meant


def _from_place(place: gazetteer.Place, label: str, **kw) -> Point:
    return Point(place.lat, place.lon, label, place.timezone, place.precision, **kw)


def _city_label(place: gazetteer.Place) -> str:
    return f"{place.city}, {place.state}"


def _parts(text: str) -> dict[str, str]:
    """usaddress's reading of the text; a lone name when it cannot tell. (Imported here: its
    model takes a tenth of a second to load, and a ZIP code does not need it.)"""
    if ZIP.fullmatch(text):
        return {}
    import usaddress

    try:
        tagged, _ = usaddress.tag(text)
    except usaddress.RepeatedLabelError:
        return {}
    return dict(tagged)


def geocode(text: str) -> Point:
    """A point for the text, or CarefinderError saying the place is unknown."""
    text = " ".join((text or "").split())
    if not text:
        raise CarefinderError(
            "no place given: type a ZIP code, a city ('Chicago, IL'), an address or 'lat,lon'"
        )
    if len(text) > 200:
        raise CarefinderError("place is too long (200 characters at most)")
    if m := LATLON.match(text):
        lat, lon = float(m[1]), float(m[2])
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise CarefinderError(
                "%(place)s is not a latitude,longitude pair in range", place=repr(text)
            )
        return Point(lat, lon, f"{lat:.4f},{lon:.4f}", precision="coordinates")
    parts = _parts(text)
    has_street = any(k in parts for k in STREET_PARTS)
    online = _online()
    # A street address goes online first when allowed; offline, its street is set aside.
    found = _nominatim(text, online) if online and has_street else None
    if isinstance(found, Point):
        return found
    try:
        point, unknown = _offline(text, parts), None
    except UnknownPlace as exc:  # said after the online geocoder, when allowed, has had its try
        point, unknown = None, exc
    if point and has_street and point.precision != "address":
        if found is FAILED:
            note = Message(
                "The address could not be located online (OpenStreetMap did not answer): "
                "searching from the centre of %(place)s.",
                place=point.label,
            )
        else:
            note = Message(
                "Street address not used: searching from the centre of %(place)s.",
                place=point.label,
            )
        return Point(point.lat, point.lon, point.label, point.timezone, point.precision, note)
    if point:
        return point
    if online and not has_street:
        found = _nominatim(text, online)
        if isinstance(found, Point):
            return found
    if found is FAILED:
        raise CarefinderError(
            "unknown place %(place)s (the online geocoder did not answer): try a 5-digit ZIP "
            "code, 'City, ST' or 'lat,lon'",
            place=repr(text),
        )
    raise unknown or _unknown(text)


class UnknownPlace(CarefinderError):
    """No place of that name: the message says so, ``choices`` are the places it may mean (the
    page shows them as links, the API as a list; the one-line text has them too)."""

    parameter = "near"

    def __init__(self, message: str, choices: list[str], /, **values):
        super().__init__(message, **values)
        self.choices = choices

    def __str__(self) -> str:
        return (
            f"{self.message}; did you mean {'; '.join(self.choices)}?"
            if self.choices
            else self.message
        )


def _offline(text: str, parts: dict[str, str]) -> Point | None:
    zip_match = ZIP.search(parts.get("ZipCode", "")) or ZIP.fullmatch(text)
    if zip_match and (place := gazetteer.by_zip(zip_match[1])):
        return _from_place(place, f"{_city_label(place)} {zip_match[1]}")
    if (state := gazetteer.state_code(text)) and not parts.get("PlaceName"):
        return _state_alone(state, text)
    readings = _readings(text)
    # usaddress reads a street address's city and state ("233 S Wacker Dr, Chicago, IL").
    if city := parts.get("PlaceName"):
        state = gazetteer.state_code(parts.get("StateName"))
        readings.insert(0 if state else len(readings), (city, state))
    for city, state in readings:
        if point := _exact(city, state):
            return point
    if any(k in parts for k in STREET_PARTS) and not parts.get("PlaceName"):
        return None  # a street without a town: nothing to offer
    return _inexact(*readings[0], text)


def _readings(text: str) -> list[tuple[str, str | None]]:
    """The ways the text splits into a city and a state, most likely first: at its last comma
    ("Denver, Colo."), at a state name or abbreviation that ends it ("Austin Texas", "Kansas
    City Missouri"), then the whole text as a city of any state ("Santa Fe")."""
    text = re.sub(r",?\s*(USA|U\.S\.A\.|United States)\.?$", "", text, flags=re.I).strip(" ,")
    out = []
    head, comma, tail = text.rpartition(",")
    if comma and head.strip() and (state := gazetteer.state_code(tail)):
        out.append((head.rpartition(",")[2].strip(), state))
    words = text.replace(",", " ").split()
    for k in (3, 2, 1):
        if len(words) > k and (state := gazetteer.state_code(" ".join(words[-k:]))):
            out.append((" ".join(words[:-k]), state))
    return [*out, (text.replace(",", " "), None)]


def _exact(city: str, state: str | None) -> Point | None:
    """The place of exactly that name: in the state, or the largest of any state (said so)."""
    if state:
        place = gazetteer.by_city(city, state)
        return place and _from_place(place, _city_label(place))
    places = gazetteer.named(city)
    if not places:
        return None
    best, others = places[0], [_city_label(p) for p in places[1:6]]
    size = best.population or 0
    bigger = [] if others or size >= BIG_CITY else gazetteer.starting(city)
    bigger = [p for p in bigger if (p.population or 0) > size]
    note = None
    if bigger:
        # "Santa" is a hamlet in Idaho, but the person may mean Santa Fe: say so, offer them.
        note = Message(
            "Only one place is called exactly %(city)s: showing %(place)s.",
            city=best.city, place=_city_label(best),
        )  # fmt: skip
        others = [_city_label(p) for p in bigger]
    elif others and best.population:
        note = Message(
            "Several places are called %(city)s: showing %(place)s, the largest "
            "(population %(population)s).",
            city=best.city, place=_city_label(best), population=f"{best.population:,}",
        )  # fmt: skip
    elif others:
        note = Message(
            "Several places are called %(city)s: showing %(place)s.",
            city=best.city, place=_city_label(best),
        )  # fmt: skip
    return _from_place(best, _city_label(best), note=note, alternatives=others)


def _inexact(city: str, state: str | None, text: str) -> Point:
    """No place has that name. A plain misspelling ("Chicgo") is read as the closest name, with
    a note; anything else is refused with the places it may mean, so a word that starts a name
    ("Santa", "Saint") never stands for one place."""
    close = gazetteer.similar(city, state)
    if close and _typo(city, close[0].city):
        best, others = close[0], [_city_label(p) for p in close[1:]]
        if state:
            note = Message(
                "No city called %(city)s in %(state)s: showing %(place)s, the closest name.",
                city=repr(city), state=state, place=_city_label(best),
            )  # fmt: skip
        else:
            note = Message(
                "No city called %(city)s: showing %(place)s, the closest name.",
                city=repr(city), place=_city_label(best),
            )  # fmt: skip
        return _from_place(best, _city_label(best), note=note, alternatives=others)
    choices = [*gazetteer.starting(city, state), *close, *gazetteer.named(city)]
    labels = list(dict.fromkeys(_city_label(p) for p in choices))[:6]
    if not labels:
        raise _unknown(text)
    raise UnknownPlace("no place is called exactly %(place)s", labels, place=repr(text))


def _unknown(text: str) -> UnknownPlace:
    return UnknownPlace(
        "unknown place %(place)s: try a 5-digit ZIP code, 'City, ST' or 'lat,lon'",
        [], place=repr(text),
    )  # fmt: skip


def _state_alone(state: str, text: str) -> Point:
    """A state's name alone: a big city of that name ("Washington", "New York"), the District's
    one city for "DC"; otherwise a state is too wide a place, and its cities are offered."""
    if state == "DC":
        return _exact("Washington", "DC")
    named = gazetteer.named(text)
    if named and (named[0].population or 0) >= BIG_CITY:
        return _exact(text, None)
    labels = [_city_label(p) for p in [*gazetteer.largest(state), *named[:3]]]
    raise UnknownPlace(
        "%(place)s is a whole state: type a city or ZIP code in it", labels, place=repr(text)
    )


def _typo(typed: str, name: str) -> bool:
    """A misspelling of the name (a letter or two wrong), not another, shorter or longer name."""
    a, b = gazetteer.key(typed), gazetteer.key(name)
    if len(a) < 5:  # in a short word one letter is another name: "San" is not Swan, IA
        return False
    return abs(len(a) - len(b)) <= 2 and difflib.SequenceMatcher(None, a, b).ratio() >= 0.85


log = logging.getLogger(__name__)

NOMINATIM_URL = "https://nominatim.openstreetmap.org"
USER_AGENT = "carefinder/0.1 (treatment finder)"
TIMEOUT = 3.0  # seconds; a search page should not hang on a slow geocoder
MIN_INTERVAL = 1.0  # Nominatim's usage policy: an absolute maximum of one request a second
CACHE_SIZE = 4096  # addresses remembered per process (answers, "not found" included)
FAILURE_MEMORY = 60.0  # seconds a failed address is not asked again (one page asks many times)
FAILED = object()  # Nominatim failed (error, timeout): not cached like an answer


@dataclass(frozen=True)
class Online:
    """Where and how to ask Nominatim, from the environment."""

    url: str
    user_agent: str
    timeout: float


def _online() -> Online | None:
    if os.environ.get("CAREFINDER_GEOCODER") != "nominatim":
        return None
    url = os.environ.get("CAREFINDER_NOMINATIM_URL") or NOMINATIM_URL
    agent = os.environ.get("CAREFINDER_USER_AGENT") or USER_AGENT
    timeout = float(os.environ.get("CAREFINDER_NOMINATIM_TIMEOUT") or TIMEOUT)
    return Online(url.rstrip("/"), agent, timeout)


_lock = threading.Lock()
_answers: dict[tuple[Online, str], Point | None] = {}  # in insertion order: oldest first
_failures: dict[tuple[Online, str], float] = {}  # when each address last failed


def _nominatim(text: str, online: Online) -> Point | None | object:
    """Nominatim's point for the text, None when it knows no such place, FAILED when it could
    not answer. Answers are cached per address; failures are retried after a minute."""
    key = (online, text.casefold())
    with _lock:
        if key in _answers:
            return _answers[key]
        failed = _failures.get(key)
        if failed is not None and time.monotonic() - failed < FAILURE_MEMORY:
            return FAILED
    try:
        found = _ask(online, text)
    except Exception as exc:  # geopy raises many network error types; any means "no answer"
        log.warning("Nominatim failed for a look-up: %s", type(exc).__name__)
        with _lock:
            _failures[key] = time.monotonic()
        return FAILED
    point = None
    if found:
        point = Point(found.latitude, found.longitude, found.address, precision="address",
                      note=Message("Located by OpenStreetMap (Nominatim)."))  # fmt: skip
    with _lock:
        _failures.pop(key, None)
        _answers[key] = point
        while len(_answers) > CACHE_SIZE:
            del _answers[next(iter(_answers))]
    return point


def _ask(online: Online, text: str):
    from geopy.adapters import URLLibAdapter
    from geopy.geocoders import Nominatim

    parts = urlsplit(online.url if "://" in online.url else f"https://{online.url}")
    geocoder = Nominatim(
        domain=parts.netloc + parts.path, scheme=parts.scheme or "https",
        user_agent=online.user_agent, timeout=online.timeout,
        adapter_factory=URLLibAdapter,  # no hidden retries: one look-up, one paced request
    )  # fmt: skip
    _take_slot(online.url)
    return geocoder.geocode(text, country_codes="us", exactly_one=True)


def _take_slot(url: str) -> None:
    """Waits for this machine's next one-a-second slot for the server: a time stamp in a file
    under an exclusive lock, so every worker process of ``carefinder serve`` and every thread
    together start at most one request a second (geopy's RateLimiter paces one process only)."""
    with open(_stamp_path(url), "a+", encoding="ascii") as stamp:
        while True:
            try:
                fcntl.flock(stamp, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                time.sleep(0.01)  # cooperative under gevent, unlike a blocking flock
        try:
            stamp.seek(0)
            try:
                last = float(stamp.read() or 0)
            except ValueError:
                last = 0.0
            wait = min(last + MIN_INTERVAL - time.time(), MIN_INTERVAL)
            if wait > 0:
                time.sleep(wait)
            stamp.seek(0)
            stamp.truncate()
            stamp.write(repr(time.time()))
            stamp.flush()
        finally:
            fcntl.flock(stamp, fcntl.LOCK_UN)


def _stamp_path(url: str) -> str:
    digest = hashlib.sha256(url.encode()).hexdigest()[:16]
    return os.path.join(tempfile.gettempdir(), f"carefinder-nominatim-{digest}.stamp")
