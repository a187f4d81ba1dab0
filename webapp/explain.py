"""Why a search found nothing, and what would find something: one answer for the search page
and the JSON API."""

from __future__ import annotations

from dataclasses import replace

from flask_babel import gettext as _

from carefinder.query import FILTER_PARAMS, RADIUS_MENU, SearchQuery
from webapp import present
from webapp.engine import get_engine
from webapp.i18n import ui_label

PARAM_OF = {facet: param for param, facet in FILTER_PARAMS.items()}


def explain_empty(query: SearchQuery, wider: dict | None = None) -> dict:
    """Why a search found nothing: which kind of filter emptied it and why, and the nearest
    relaxations that find something (the wider match for a named mental condition, a wider
    radius from the menu, one kind dropped, or the kinds no listing here states), each
    with its total. Words in the request's language; the page shows them, the API (in English)
    returns them with the parameter each one is about."""
    engine = get_engine()
    area = engine.search(replace(query, filters={}, open=[], page=1, per_page=1))
    reasons = []
    for facet, values in query.filters.items():
        stated = present.STATED.get(PARAM_OF[facet], facet.replace("_", " "))
        if not engine.available().get(facet):
            reasons.append(
                _reason(facet, _("no listing in this directory states %(what)s", what=stated))
            )
        elif area.total and not area.facets.get(facet):
            reasons.append(
                _reason(facet, _("no listing in this area states %(what)s", what=stated))
            )
        elif area.total and not any(area.facets[facet].get(v) for v in values):
            names = present.one_of(ui_label(facet, v) for v in values)
            reasons.append(
                _reason(facet, _("no listing in this area has %(values)s", values=names))
            )
    tags = [o for o in query.open if o != "now"]
    if tags and area.total and not any(area.facets["open"].get(t) for t in tags):
        reasons.append(
            {
                "parameter": "open",
                "text": _("no listing in this area states evening or weekend hours"),
            }
        )
    options = [wider_option(wider)] if wider else []
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


def _reason(facet: str, text: str) -> dict:
    return {"parameter": PARAM_OF[facet], "text": text}


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


def wider_option(wider: dict) -> dict:
    """The listings for mental health in general, offered in place of the named conditions."""
    named = present.one_of(ui_label("conditions", c) for c in wider["unstated"])
    text = _("listings for mental health in general (none here names %(named)s)", named=named)
    return {"text": text, "total": wider["total"], "drop": [wider["param"]], "radius": None,
            "add": {wider["param"]: wider["value"]}}  # fmt: skip
