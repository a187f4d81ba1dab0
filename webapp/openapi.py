"""The OpenAPI 3 document of the JSON API, built from the vocabulary so the two never drift."""

from __future__ import annotations

from carefinder.query import PARAMS, Param

TYPES = {str: "string", int: "integer", float: "number", bool: "boolean"}


def _schema(p: Param) -> dict:
    schema: dict = {"type": TYPES[p.kind]}
    if p.low is not None:
        schema.update(minimum=p.low, maximum=p.high)
    if p.facet == "languages":
        schema["pattern"] = "^(?:[a-z]{2}|asl)$"  # any ISO 639-1 code; the vocabulary labels some
    elif p.choices:
        schema["enum"] = list(p.choices())
    if p.max_length and not p.many:
        schema["maxLength"] = p.max_length
    return schema


def _params() -> list[dict]:
    """The query contract as OpenAPI parameters."""
    out = []
    for p in PARAMS.values():
        spec = {"name": p.name, "in": "query", "required": False, "description": p.help}
        if p.many:
            spec.update(style="form", explode=True, schema={"type": "array", "items": _schema(p)})
            if p.max_length:
                spec["schema"]["maxItems"] = p.max_length
        else:
            spec["schema"] = _schema(p)
        out.append(spec)
    return out


ERROR = {"description": "Bad parameter", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}  # fmt: skip
UNAVAILABLE = {**ERROR, "description": "Index unavailable, or the search ran past its time budget"}


def document() -> dict:
    record = {"type": "object", "required": ["id", "name"], "properties": {"id": {"type": "string"}, "name": {"type": "string"}}}  # fmt: skip
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
                "description": "The search as an Open Referral HSDS 3.0 page of nested services",
                "parameters": _params(),
                "responses": {
                    "200": {"description": "HSDS page", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HSDSPage"}}}},
                    "400": ERROR,
                },
            }},
            "/api/vocabulary": {"get": {"responses": {"200": {"description": "Slugs and labels", "content": {"application/json": {"schema": {"type": "object"}}}}}}},
        },
        "components": {"schemas": {
            "Error": {"type": "object", "required": ["error", "status"], "properties": {
                "error": {"type": "string"}, "status": {"type": "integer"}, "parameter": {"type": "string"}}},
            "HSDSPage": {"type": "object", "required": ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"], "properties": {
                "total_items": {"type": "integer", "minimum": 0}, "total_pages": {"type": "integer", "minimum": 1},
                "page_number": {"type": "integer"}, "size": {"type": "integer"}, "first_page": {"type": "boolean"},
                "last_page": {"type": "boolean"}, "empty": {"type": "boolean"},
                "contents": {"type": "array", "items": {"type": "object", "required": ["id", "name", "status"]}}}},
            "SearchResult": {"type": "object", "required": ["query", "total", "facets", "results"], "properties": {
                "query": {"type": "object"},
                "total": {"type": "integer", "minimum": 0},
                "facets": {"type": "object", "additionalProperties": {"type": "object", "additionalProperties": {"type": "integer"}}},
                "wider_match": {"type": "object", "nullable": True, "description": "named mental conditions no listing here states, and how many listings here are for mental health in general (condition=mental_health instead)", "properties": {"unstated": {"type": "array", "items": {"type": "string"}}, "param": {"type": "string"}, "value": {"type": "string"}, "total": {"type": "integer"}}},
                "results": {"type": "array", "items": {"type": "object", "required": ["record", "distance_miles"], "properties": {
                    "record": record, "distance_miles": {"type": "number", "nullable": True}}}},
            }},
        }},
    }  # fmt: skip
