"""The OpenAPI 3 document of the JSON API, built from the vocabulary so the two never drift."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from carefinder.query import PARAMS, Param
from carefinder.schema import build_schema
from openreferral import api as hsds

TYPES = {str: "string", int: "integer", float: "number", bool: "boolean"}


SPACE = "[ \\t\\r\\n]*"  # what carefinder.query.SPACE strips around a value


def _any_case(word: str) -> str:
    """A regex of ``word`` in any ASCII case: "iop" → "[Ii][Oo][Pp]"."""
    return "".join(f"[{c.upper()}{c}]" if c.isalpha() else re.escape(c) for c in word)


def _closed(words: list[str], codes: str = "") -> dict:
    """The accepted values: the canonical ones listed, and the same in any case with spaces
    around (``level=IOP`` and ``level= iop `` are iop), as carefinder.query reads them."""
    alternatives = "|".join([*(_any_case(w) for w in words), *filter(None, [codes])])
    pattern = {"type": "string", "pattern": f"^{SPACE}(?:{alternatives}){SPACE}$"}
    return {"anyOf": [{"type": "string", "enum": words}, pattern]}


def _schema(p: Param) -> dict:
    if p.facet == "languages":  # any ISO 639-1 code; the vocabulary labels some
        return _closed(["asl"], "[A-Za-z]{2}")
    if p.choices:
        return _closed(list(p.choices()))
    schema: dict = {"type": TYPES[p.kind]}
    if p.low is not None:
        schema.update(minimum=p.low, maximum=p.high)
    if p.max_length and not p.many:
        schema["maxLength"] = p.max_length
    if p.many:  # a blank value is refused (not read as "any"): at least one non-space
        schema["pattern"] = "[^ \\t\\r\\n]"
    return schema


def _params(only: Sequence[str] = tuple(PARAMS), renamed: Mapping[str, str] | None = None):
    """The query contract (or ``only`` these of its names) as OpenAPI parameters, each under
    its ``renamed`` name where another API spells it otherwise (HSDS's ``search`` for ``q``)."""
    theirs = {ours: name for name, ours in (renamed or {}).items()}
    out = []
    for p in PARAMS.values():
        if p.name not in only:
            continue
        spec = {
            "name": theirs.get(p.name, p.name),
            "in": "query",
            "required": False,
            "description": p.help,
        }
        if p.many:
            spec.update(style="form", explode=True, schema={"type": "array", "items": _schema(p)})
            if p.max_length:
                spec["schema"]["maxItems"] = p.max_length
        else:
            spec["schema"] = _schema(p)
        out.append(spec)
    return out


ERROR = {"description": "Bad parameter: a value out of bounds or not offered, blank, given twice, or a name the API does not have", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}  # fmt: skip
UNAVAILABLE = {**ERROR, "description": "Index unavailable, or the search ran past its time budget"}


def _typed(spec: dict) -> dict:
    """A record property as OpenAPI 3.0 types it: its JSON type, nullable when null is allowed
    (3.0 has no type lists). The full checks stay in record.schema.json."""
    types = []
    for choice in spec.get("anyOf") or [spec]:
        kind = choice.get("type", [])
        types += [kind] if isinstance(kind, str) else kind
    out: dict = {"nullable": True} if "null" in types else {}
    if kind := next((t for t in types if t != "null"), None):
        out["type"] = kind
    if kind == "array":  # OpenAPI 3.0 requires items with an array type
        out["items"] = {}
    return out


def _record() -> dict:
    """Every property and required field of the record's JSON Schema (carefinder/schema.py), so
    a field added to the record is described here too (tests/test_record_mappings.py checks
    both against the record model)."""
    schema = build_schema()
    props = {name: _typed(spec) for name, spec in schema["properties"].items()}
    return {"type": "object", "required": schema["required"], "properties": props}


def document() -> dict:
    record = _record()
    return {
        "openapi": "3.0.3",
        "info": {"title": "carefinder API", "version": "0.1.0"},
        "paths": {
            "/api/search": {"get": {
                "parameters": _params(),
                "responses": {
                    "200": {"description": "Search results", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SearchResult"}}}},
                    "400": ERROR,
                    "503": UNAVAILABLE,
                },
            }},
            "/api/facility/{id}": {"get": {
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {
                    "200": {"description": "One facility record", "content": {"application/json": {"schema": record}}},
                    "404": {"description": "No such facility", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                    "503": UNAVAILABLE,
                },
            }},
            "/api/export.csv": {"get": {
                "parameters": _params(),
                "description": "Every result of the search (page and per_page ignored), or the given ids in their order, one row each in the order the site lists them.",
                "responses": {"200": {"description": "CSV", "headers": {"X-Total-Count": {"description": "rows in the file (the search's total)", "schema": {"type": "integer"}}}, "content": {"text/csv": {"schema": {"type": "string"}}}}, "400": ERROR, "503": UNAVAILABLE},
            }},
            "/api/hsds/services": {"get": {
                "description": "The search as an Open Referral HSDS 3.0 page of nested services. HSDS names the full-text parameter `search` (the search's `q`); the others are the search's. Attributes refer to taxonomy terms by `taxonomy_term_id` (see /api/hsds/taxonomy_terms).",
                "parameters": _params(renamed=hsds.RENAMED),
                "responses": {
                    "200": {"description": "HSDS page", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HSDSPage"}}}},
                    "400": ERROR,
                    "503": UNAVAILABLE,
                },
            }},
            "/api/hsds/taxonomy_terms": {"get": {
                "description": "The terms of carefinder's vocabulary taxonomy as an HSDS page; `search` matches name, code or description",
                "parameters": _params([hsds.RENAMED.get(n, n) for n in hsds.TERM_NAMES], hsds.RENAMED),
                "responses": {
                    "200": {"description": "HSDS page of taxonomy terms", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HSDSPage"}}}},
                    "400": ERROR,
                },
            }},
            "/api/hsds/taxonomy_terms/{id}": {"get": {
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {
                    "200": {"description": "One taxonomy term", "content": {"application/json": {"schema": {"type": "object", "required": ["id", "name", "description"]}}}},
                    "404": {"description": "No such term", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                },
            }},
            "/api/vocabulary": {"get": {"responses": {"200": {"description": "Slugs and labels", "content": {"application/json": {"schema": {"type": "object"}}}}}}},
        },
        "components": {"schemas": {
            "Error": {"type": "object", "required": ["error", "status"], "properties": {
                "error": {"type": "string"}, "status": {"type": "integer"}, "parameter": {"type": "string"},
                "choices": {"type": "array", "items": {"type": "string"}, "description": "Places an unknown place may mean: each is a valid near value"}}},
            "HSDSPage": {"type": "object", "required": ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"], "properties": {
                "total_items": {"type": "integer", "minimum": 0}, "total_pages": {"type": "integer", "minimum": 1},
                "page_number": {"type": "integer"}, "size": {"type": "integer"}, "first_page": {"type": "boolean"},
                "last_page": {"type": "boolean"}, "empty": {"type": "boolean"},
                "contents": {"type": "array", "items": {"type": "object", "required": ["id", "name"]}}}},
            "SearchResult": {"type": "object", "required": ["query", "total", "facets", "results"], "properties": {
                "query": {"type": "object"},
                "total": {"type": "integer", "minimum": 0},
                "facets": {"type": "object", "additionalProperties": {"type": "object", "additionalProperties": {"type": "integer"}}},
                "wider_match": {"type": "object", "nullable": True, "description": "named mental conditions no listing here states, and how many listings here are for mental health in general (condition=mental_health instead)", "properties": {"unstated": {"type": "array", "items": {"type": "string"}}, "param": {"type": "string"}, "value": {"type": "string"}, "total": {"type": "integer"}}},
                "results": {"type": "array", "items": {"type": "object", "required": ["record", "distance_miles"], "properties": {
                    "record": record, "distance_miles": {"type": "number", "nullable": True}}}},
                "explanation": {"$ref": "#/components/schemas/Explanation"},
            }},
            "Explanation": {"type": "object", "description": "Only when nothing is found: why, and what would find something (as the search page says it)", "required": ["reasons", "options", "area"], "properties": {
                "reasons": {"type": "array", "items": {"type": "object", "required": ["parameter", "text"], "properties": {
                    "parameter": {"type": "string", "description": "the filter that empties the search"}, "text": {"type": "string"}}}},
                "options": {"type": "array", "items": {"type": "object", "required": ["text", "total", "drop", "radius"], "properties": {
                    "text": {"type": "string"}, "total": {"type": "integer", "minimum": 1, "description": "facilities found this way"},
                    "drop": {"type": "array", "items": {"type": "string"}, "description": "the filter left out"},
                    "radius": {"type": "number", "nullable": True, "description": "the nearest wider radius that finds something"}}}},
                "area": {"type": "integer", "minimum": 0, "description": "facilities near the place with no filter"}}},
        }},
    }  # fmt: skip
