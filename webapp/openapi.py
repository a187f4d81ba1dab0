"""The OpenAPI 3 document of the JSON API, built from the vocabulary so the two never drift."""

from __future__ import annotations

from carefinder import vocabulary
from index.search import OPEN_VALUES, SORTS
from webapp.params import FILTER_PARAMS


def _array_param(name: str, enum: list[str], description: str) -> dict:
    return {
        "name": name, "in": "query", "required": False, "description": description,
        "style": "form", "explode": True,
        "schema": {"type": "array", "items": {"type": "string", "enum": enum}},
    }  # fmt: skip


def _params() -> list[dict]:
    params = [
        {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 500}},
        {"name": "near", "in": "query", "description": "ZIP code, 'City, ST', address or 'lat,lon'",
         "schema": {"type": "string", "maxLength": 200}},
        {"name": "radius", "in": "query", "schema": {"type": "number", "minimum": 1, "maximum": 500}},
        {"name": "sort", "in": "query", "schema": {"type": "string", "enum": list(SORTS)}},
        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 10000}},
        {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200}},
        _array_param("open", list(OPEN_VALUES), "evening, weekend or now"),
        {"name": "evidence", "in": "query", "description": "include evidence quotes in results",
         "schema": {"type": "boolean"}},
    ]  # fmt: skip
    for param, facet in FILTER_PARAMS.items():
        if facet == "languages":
            params.append({"name": param, "in": "query", "style": "form", "explode": True,
                           "schema": {"type": "array", "items": {"type": "string", "pattern": "^(?:[a-z]{2}|asl)$"}}})  # fmt: skip
        else:
            params.append(_array_param(param, vocabulary.slugs(facet), f"{facet} slugs (any of)"))
    return params


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
                "responses": {"200": {"description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}}, "400": ERROR, "503": UNAVAILABLE},
            }},
            "/api/vocabulary": {"get": {"responses": {"200": {"description": "Slugs and labels", "content": {"application/json": {"schema": {"type": "object"}}}}}}},
        },
        "components": {"schemas": {
            "Error": {"type": "object", "required": ["error", "status"], "properties": {
                "error": {"type": "string"}, "status": {"type": "integer"}, "parameter": {"type": "string"}}},
            "SearchResult": {"type": "object", "required": ["query", "total", "facets", "results"], "properties": {
                "query": {"type": "object"},
                "total": {"type": "integer", "minimum": 0},
                "facets": {"type": "object", "additionalProperties": {"type": "object", "additionalProperties": {"type": "integer"}}},
                "results": {"type": "array", "items": {"type": "object", "required": ["record", "distance_miles"], "properties": {
                    "record": record, "distance_miles": {"type": "number", "nullable": True}}}},
            }},
        }},
    }  # fmt: skip
