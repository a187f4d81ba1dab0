"""The pages: search, facility, referral sheet."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from flask import Blueprint, abort, g, render_template, request
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from carefinder import CarefinderError, vocabulary
from carefinder.query import FILTER_PARAMS, PARAMS, RADIUS_MENU, SearchQuery
from index.search import SearchTooSlow
from index.store import IndexUnavailable
from webapp import present
from webapp.engine import get_engine, request_query
from webapp.i18n import translate, ui_label

bp = Blueprint("site", __name__)
SHEET_LIMIT = 1000  # facilities on one printed sheet; the CSV always has every one
PARAM_OF = {facet: param for param, facet in FILTER_PARAMS.items()}
SHORT_FORM = ("level", "payment")  # filters in the short form; the others fold away


def _asked(args) -> bool:
    """Whether the request asks for a search (a place, words or a filter), not just the form."""
    names = ("near", "q", "open", *FILTER_PARAMS)
    return any(v.strip() for name in names for v in args.getlist(name))


@bp.get("/")
def home():
    args = request.args
    engine = get_engine()
    error, result, query, explain, wider = None, None, None, None, None
    try:
        query = request_query(form=True)
        if _asked(args):
            result = engine.search(query, g.deadline)
        elif args:
            error = _("Type a ZIP code, city or address (or choose a filter) to search.")
    except (IndexUnavailable, SearchTooSlow):
        raise  # the server's trouble, not the person's input: a 503 from the app's handler
    except CarefinderError as exc:
        error = translate(exc.message)
    if result is not None and result.total == 0:
        explain = _explain(query, result.wider)
    elif result is not None and result.wider:  # found for another chosen condition
        wider = _wider_option(result.wider)
    if query and query.read:
        args = _as_read(args, query)
    return render_template(
        "search.html", args=args, result=result, error=error, query=query or SearchQuery(),
        explain=explain, wider=wider, filters=_filter_groups(query, result, engine.available()),
        radius_menu=_radius_menu(query), present=present, short_form=SHORT_FORM,
        available_hours=engine.available()["open"],
    ), (400 if error and args else 200)  # fmt: skip


def _as_read(args, query: SearchQuery) -> MultiDict:
    """The request's arguments with the keyword box's words that were read as filters moved
    to those filters: the form shows them chosen, and every link (pages, "without the … filter",
    print, CSV) carries them as filters one can drop, not as words that would come back."""
    out = MultiDict(args)
    out.setlist("q", [query.text] if query.text else [])
    for reading in query.read:
        if reading.value not in out.getlist(reading.param):
            out.add(reading.param, reading.value)
    return out


def _radius_menu(query: SearchQuery | None) -> list[float]:
    """The menu, plus the asked-for radius when it is not on it: a radius is kept exactly."""
    asked = query.radius if query else PARAMS["radius"].default
    return sorted({*RADIUS_MENU, asked})


def _filter_groups(query, result, available: dict[str, dict[str, int]]) -> list[dict]:
    """Per filter kind, the values to offer: those some facility in the index has (or chosen),
    each with its disjunctive count when a search ran."""
    groups = []
    chosen_all = query.filters if query else {}
    for param, facet in FILTER_PARAMS.items():
        chosen = chosen_all.get(facet, [])
        have = available.get(facet, {})
        known = vocabulary.slugs(facet)
        values = [*known, *sorted(({*have} | {*chosen}) - {*known})]  # e.g. unlabelled languages
        options = [
            {"slug": slug, "label": ui_label(facet, slug), "chosen": slug in chosen,
             "count": result.facets[facet].get(slug, 0) if result else None,
             "none_anywhere": not have.get(slug)}
            for slug in values
            if have.get(slug) or slug in chosen
        ]  # fmt: skip
        title = present.FILTER_TITLES.get(param, param.capitalize())  # a lazy string
        groups.append({"param": param, "facet": facet, "title": title, "options": options,
                       "chosen": len(chosen)})  # fmt: skip
    return groups


def _explain(query: SearchQuery, wider: dict | None = None) -> dict:
    """Why a search found nothing: which kind of filter emptied it and why, and the nearest
    relaxations that find something (the wider match for a named mental condition, a wider
    radius from the menu, or one kind dropped)."""
    engine = get_engine()
    area = engine.search(replace(query, filters={}, open=[], page=1, per_page=1))
    reasons = []
    for facet, values in query.filters.items():
        stated = present.STATED.get(PARAM_OF[facet], facet.replace("_", " "))
        if not engine.available().get(facet):
            reasons.append(_("no listing in this directory states %(what)s", what=stated))
        elif area.total and not area.facets.get(facet):
            reasons.append(_("no listing in this area states %(what)s", what=stated))
        elif area.total and not any(area.facets[facet].get(v) for v in values):
            names = present.one_of(ui_label(facet, v) for v in values)
            reasons.append(_("no listing in this area has %(values)s", values=names))
    tags = [o for o in query.open if o != "now"]
    if tags and area.total and not any(area.facets["open"].get(t) for t in tags):
        reasons.append(_("no listing in this area states evening or weekend hours"))
    options = [_wider_option(wider)] if wider else []
    if query.near:
        for radius in (r for r in RADIUS_MENU if r > query.radius):
            total = engine.search(replace(query, radius=float(radius), page=1, per_page=1)).total
            if total:
                options.append({"text": _("within %(radius)s miles", radius=radius),
                                "total": total, "drop": [], "radius": radius})  # fmt: skip
                break
    kinds = [PARAM_OF[f] for f in query.filters] + (["open"] if query.open else [])
    options += filter(None, (_without(query, [param]) for param in kinds))
    if not options and len(unstated := _unstated_here(query, area)) > 1:
        # Each kind alone empties the search ("Aetna" and "evening" where no listing names an
        # insurer or hours): a wider radius cannot help, dropping them together may.
        options += filter(None, [_without(query, unstated)])
    return {"reasons": reasons, "options": options, "area": area.total}


def _without(query: SearchQuery, params: list[str]) -> dict | None:
    """The relaxation dropping those kinds of filter, when it finds something."""
    fewer = replace(
        query,
        filters={f: v for f, v in query.filters.items() if PARAM_OF[f] not in params},
        open=[] if "open" in params else query.open, page=1, per_page=1,
    )  # fmt: skip
    if not (total := get_engine().search(fewer).total):
        return None
    names = [str(present.FILTER_TITLES[param]).lower() for param in params]
    if len(names) == 1:
        text = _("without the %(kind)s filter", kind=names[0])
    else:
        text = _("without the %(kinds)s filters", kinds=_(" and ").join(names))
    return {"text": text, "total": total, "drop": params, "radius": None}


def _unstated_here(query: SearchQuery, area) -> list[str]:
    """The kinds of filter none of whose chosen values any listing in the area has."""
    out = [PARAM_OF[f] for f, values in query.filters.items()
           if not any(area.facets.get(f, {}).get(v) for v in values)]  # fmt: skip
    tags = [o for o in query.open if o != "now"]
    return out + ["open"] * bool(tags and not any(area.facets["open"].get(t) for t in tags))


def _wider_option(wider: dict) -> dict:
    """The listings for mental health in general, offered in place of the named conditions."""
    named = present.one_of(ui_label("conditions", c) for c in wider["unstated"])
    text = _("listings for mental health in general (none here names %(named)s)", named=named)
    return {"text": text, "total": wider["total"], "drop": [wider["param"]], "radius": None,
            "add": {wider["param"]: wider["value"]}}  # fmt: skip


def why(record: dict, query) -> list[str]:
    """Labels of the chosen filter values this facility has (directly or by implication)."""
    reasons = []
    for facet, values in query.filters.items():
        have = set(record.get(facet) or [])
        for slug in values:
            implied_by = vocabulary.implying(facet, slug)
            if slug in have or any(s in (record.get(f) or []) for f, s in implied_by):
                reasons.append(ui_label(facet, slug))
    return reasons


bp.add_app_template_global(why, "why")


@bp.get("/facility/<record_id>")
def facility(record_id: str):
    result = get_engine().search(SearchQuery(ids=[record_id[:64]], per_page=1, evidence=True))
    if not result.results:
        abort(404)
    record = result.results[0].record
    return render_template(
        "facility.html", f=present.facility_view(record), record=record,
        hours=present.hours_table(record),
    )  # fmt: skip


@bp.get("/referral")
def referral():
    """The sheet to print: the chosen ``id``s in the order given, else every result of the
    search in the order the site lists them; distances from ``near`` when given."""
    query = replace(request_query(form=True), page=1, per_page=1)
    if not query.ids and not _asked(request.args):
        return render_template("referral.html", result=None, hits=[], query=query)
    result, hits = get_engine().export(query)
    shown = [hit for _, hit in zip(range(SHEET_LIMIT), hits, strict=False)]
    return render_template(
        "referral.html", result=result, hits=shown, query=query, present=present,
        criteria=present.criteria(query, result.place), today=date.today().isoformat(),
        limit=SHEET_LIMIT,
    )  # fmt: skip
