"""Records in plain words for the pages: labels for slugs, evidence beside each fact."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from carefinder import provenance
from carefinder.hours import HoursWords, in_words, weekly
from webapp.i18n import ui_label

# Titles of the filters by parameter, and what each kind is called in "no listing … states …".
FILTER_TITLES = {"level": _l("Level of care"), "condition": _l("Condition"),
                 "payment": _l("Payment"), "insurer": _l("Insurance plan"),
                 "population": _l("Programs for"), "language": _l("Language"),
                 "service": _l("Services"), "approach": _l("Approaches"),
                 "accreditation": _l("Quality marks"), "intake": _l("Intake"),
                 "open": _l("Hours")}  # fmt: skip
STATED = {"level": _l("a level of care"), "condition": _l("conditions"), "payment": _l("payment"),
          "insurer": _l("insurer names"), "population": _l("groups served"),
          "language": _l("languages"), "service": _l("services"), "approach": _l("approaches"),
          "accreditation": _l("quality marks"), "intake": _l("intake state")}  # fmt: skip
HOURS_WORDS = {"evening": _l("evening hours"), "weekend": _l("weekend hours")}
FACET_TITLES = {
    "levels_of_care": _l("Levels of care"),
    "conditions": _l("Conditions treated"),
    "payment": _l("Payment accepted"),
    "insurers": _l("Insurance plans named"),
    "populations": _l("Programs for"),
    "approaches": _l("Approaches"),
    "services": _l("Services"),
    "languages": _l("Languages"),
    "accreditations": _l("Quality marks"),
    "intake": _l("Intake"),
}


def _stale(record: dict, cited: list[dict], today: date) -> bool:
    """A fact is older than a year when every source stating it is."""
    return bool(cited) and all(provenance.of_evidence(e, record).stale(today) for e in cited)


def facility_view(record: dict, today: date | None = None) -> dict:
    today = today or datetime.now(UTC).date()
    evidence: dict[tuple[str, str], list[dict]] = {}
    for e in record.get("evidence") or []:
        evidence.setdefault((e["field"], str(e["value"])), []).append(e)
    facets = [
        {
            "facet": facet,
            "title": title,
            "items": [
                {
                    "slug": v,
                    "label": ui_label(facet, v),
                    "evidence": evidence.get((facet, str(v)), []),
                    "stale": _stale(record, evidence.get((facet, str(v)), []), today),
                }
                for v in record.get(facet) or []
            ],
        }  # fmt: skip
        for facet, title in FACET_TITLES.items()
    ]
    address = record.get("address") or {}
    return {
        "id": record["id"],
        "name": record["name"],
        "kind": record.get("kind", "provider"),
        "street": address.get("street"),
        "city_line": ", ".join(
            filter(
                None,
                [
                    address.get("city"),
                    " ".join(filter(None, [address.get("state"), address.get("postal_code")])),
                ],
            )
        ),
        "phones": record.get("phones") or [],
        "website": record.get("website"),
        "email": record.get("email"),
        "facets": facets,
        "levels": [ui_label("levels_of_care", s) for s in record.get("levels_of_care") or []],
        "opening_hours": record.get("opening_hours"),
        "schedules": record.get("program_schedules") or [],
        "conflicts": record.get("conflicts") or [],
        "sources": record.get("sources") or [],
        "crawled_at": record.get("crawled_at"),
        "source_urls": record.get("source_urls") or [],
    }


DAY_NAMES = {"Monday": _l("Monday"), "Tuesday": _l("Tuesday"), "Wednesday": _l("Wednesday"),
             "Thursday": _l("Thursday"), "Friday": _l("Friday"), "Saturday": _l("Saturday"),
             "Sunday": _l("Sunday"), "Closed": _l("Closed")}  # fmt: skip


def hours_words() -> HoursWords:
    """The words hours are told in, in the page's language."""
    return HoursWords(
        days=(_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")),
        all_day=_("all day"), every_day=_("Every day %(times)s"), always=_("Every day, 24 hours"),
        noon=_("noon"), midnight=_("midnight"), am=_("am"), pm=_("pm"),
    )  # fmt: skip


def hours_in_words(expression: str | None) -> str | None:
    """ "Mon–Fri 9 am–5 pm" in the page's language; the expression itself when unreadable."""
    return in_words(expression, hours_words()) or expression


def hours_table(record: dict) -> list[tuple[str, str]]:
    """(day, hours) rows for the facility page, day names and "Closed" in the page's language."""
    return [(str(DAY_NAMES[day]), str(DAY_NAMES.get(span, span)))
            for day, span in weekly(record.get("opening_hours"))]  # fmt: skip


def source_text(source: provenance.Source) -> str:
    """A source in words: "facility website, crawled 2026-11-30", "SAMHSA National Directory,
    2022 survey"."""
    if source.label == provenance.WEBSITE:
        if source.as_of:
            return _("facility website, crawled %(date)s", date=source.as_of)
        return _("facility website")
    if source.as_of and len(source.as_of) == 4:
        return _("%(name)s, %(year)s survey", name=source.label, year=source.as_of)
    return f"{source.label}, {source.as_of}" if source.as_of else source.label


def _source(record: dict, field: str, value) -> str | None:
    cited = [e for e in record.get("evidence") or [] if (e["field"], e["value"]) == (field, value)]
    return source_text(provenance.of_evidence(cited[0], record)) if cited else None


def trust_view(record: dict, today: date | None = None) -> dict:
    """Quality marks and intake state with their sources, and each source's age, for a card or
    a facility page; ``stale`` marks a source older than a year."""
    today = today or datetime.now(UTC).date()
    sources = provenance.of_record(record)
    # A record with one source says it once, on the "As of" line; with several, each fact
    # names its own, once for a run of facts from the same one.
    named = len(sources) > 1

    def items(facet: str) -> list[dict]:
        return _runs(
            (ui_label(facet, slug), _source(record, facet, slug) if named else None)
            for slug in record.get(facet) or []
        )

    intake = items("intake")
    if not intake and record.get("accepting_new_patients") is not None:
        accepting = record["accepting_new_patients"]
        stated = ui_label("intake", "accepting") if accepting else _("Not taking new patients")
        intake = [{"labels": [stated], "source": None}]
    return {
        "marks": items("accreditations"),
        "intake": intake,
        "sources": [{"text": source_text(s), "stale": s.stale(today)} for s in sources],
    }


def _runs(labelled) -> list[dict]:
    """(label, source) pairs as runs of labels sharing one source."""
    runs: list[dict] = []
    for label, source in labelled:
        if runs and runs[-1]["source"] == source:
            runs[-1]["labels"].append(label)
        else:
            runs.append({"labels": [label], "source": source})
    return runs


INTAKE_LABELS = ("admissions", "intake")
# What a phone line is for, as importers and the crawler name it (RECORD.md: free text).
PHONE_LABELS = {"main": _l("main"), "intake": _l("intake"), "admissions": _l("admissions"),
                "office": _l("office"), "fax": _l("fax"), "billing": _l("billing")}  # fmt: skip


def phone_label(label: str) -> str:
    """A phone's label in the page's language; one no importer writes, as it is."""
    return str(PHONE_LABELS.get(label.lower(), label))


def phone_parts(record: dict) -> tuple[dict | None, dict | None]:
    """The main phone (the first listed) and the intake line (the first labelled admissions or
    intake), each a phone of the record or None."""
    phones = record.get("phones") or []
    intake = next((p for p in phones if (p.get("label") or "") in INTAKE_LABELS), None)
    return (phones[0] if phones else None), intake


def full_address(record: dict) -> str:
    a = record.get("address") or {}
    state_zip = " ".join(filter(None, [a.get("state"), a.get("postal_code")]))
    return ", ".join(filter(None, [a.get("street"), a.get("city"), state_zip]))


def data_date(record: dict) -> str:
    """When the facts were gathered, in words."""
    if record.get("crawled_at"):
        return _("website checked %(date)s", date=record["crawled_at"][:10])
    if directories := _directories(record):
        return "; ".join(directories)
    if "samhsa" in (record.get("sources") or []):
        return _("SAMHSA National Directory (year not stated)")
    return _("date not known")


def _directories(record: dict) -> list[str]:
    """The record's directory sources with their year or date: "SAMHSA National Directory,
    2022 survey" (from the evidence, which names the publication and its year)."""
    return [
        source_text(s)
        for s in provenance.of_record(record)
        if s.label != provenance.WEBSITE and s.as_of
    ]


def criteria(query, place) -> str:
    """The search in words: "Partial hospitalization (PHP); Medicaid; within 30 miles of …"."""
    parts = [one_of(ui_label(facet, v) for v in values) for facet, values in query.filters.items()]
    if tags := [o for o in query.open if o != "now"]:
        parts.append(one_of(str(HOURS_WORDS.get(t, t)) for t in tags))
    if "now" in query.open:
        parts.append(_("open now"))
    if query.text.strip():
        parts.append(f"“{query.text.strip()}”")
    if place:
        parts.append(_("within %(radius)s miles of %(place)s", radius=f"{query.radius:g}",
                       place=place.label))  # fmt: skip
    if query.ids:
        parts.append(chosen_criteria(len(query.ids)))
    return "; ".join(parts) or _("every facility")


def chosen_criteria(n: int) -> str:
    return ngettext("%(num)d chosen facility", "%(num)d chosen facilities", n)


CARD_PAYMENTS = 4  # ways to pay named on a result card; the facility page names them all


def takes(record: dict, query) -> str:
    """A card's "Takes:" line: the plans asked for (else every plan named), then the ways to
    pay, those asked for first, at most ``CARD_PAYMENTS`` and how many more."""
    plans = record.get("insurers") or []
    plans = [p for p in plans if p in query.filters.get("insurers", [])] or plans
    asked = query.filters.get("payment", [])
    ways = sorted(record.get("payment") or [], key=lambda slug: slug not in asked)
    words = [ui_label("insurers", p) for p in plans]
    words += [ui_label("payment", w) for w in ways[:CARD_PAYMENTS]]
    more = len(ways) - CARD_PAYMENTS
    text = ", ".join(words)
    if more > 0:
        text += " " + ngettext("and %(num)d more", "and %(num)d more", more)
    return text


def read_as(query) -> list[str]:
    """The keyword box's words read as filters, in words: "“Aetna” read as the insurance plan
    filter"."""
    return [_("“%(words)s” read as the %(filter)s filter", words=r.words,
              filter=str(FILTER_TITLES[r.param]).lower()) for r in query.read]  # fmt: skip


def one_of(words) -> str:
    """ "Medicaid or Medicare": alternatives in words."""
    separator = _("or")
    return f" {separator} ".join(words)


def matched_schedules(record: dict, query) -> list[dict]:
    """Program schedules to show on a card, in words: the chosen levels' programs (those open
    at the chosen times when an hours filter is on), else every program's."""
    from carefinder.hours import availability

    levels = query.filters.get("levels_of_care")
    tags = [o for o in query.open if o != "now"]
    shown = []
    for s in record.get("program_schedules") or []:
        if levels and s.get("level") not in levels:
            continue
        if tags and not set(tags) & set(availability([s["opening_hours"]])):
            continue
        words = in_words(s["opening_hours"], hours_words())
        if words:
            label = s.get("label") or ui_label("levels_of_care", s.get("level") or "")
            shown.append({"label": label[:1].upper() + label[1:], "words": words})
    return shown


def data_age(records: list[dict]) -> str:
    """How old the listed facts are: "websites checked 2026-11-20 to 2026-11-22; SAMHSA …"."""
    dates = sorted(r["crawled_at"][:10] for r in records if r.get("crawled_at"))
    parts = []
    if dates:
        span = dates[0] if dates[0] == dates[-1] else _("%(first)s to %(last)s", first=dates[0],
                                                            last=dates[-1])  # fmt: skip
        parts.append(_("websites checked %(dates)s", dates=span))
    undated = [r for r in records if not r.get("crawled_at")]
    parts += sorted({d for r in undated for d in _directories(r)})
    if any("samhsa" in (r.get("sources") or []) and not _directories(r) for r in undated):
        parts.append(_("SAMHSA National Directory listings (year not stated)"))
    return "; ".join(parts) or _("date not known")


def page_numbers(page: int, pages: int, around: int = 2) -> list[int | None]:
    """The result pages to link: the first, the last and those within ``around`` of this one,
    None where numbers are left out (shown as "…")."""
    shown = sorted({1, pages, *range(max(1, page - around), min(pages, page + around) + 1)})
    out: list[int | None] = []
    for n in shown:
        if out and n - out[-1] > 1:
            out.append(None)
        out.append(n)
    return out
