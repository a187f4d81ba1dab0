"""The search engine the app holds, as Flask's tutorial holds its database: made once per app
by ``init_app`` (it keeps the index's postings in memory and reopens new generations itself),
reached in a request through ``get_engine``."""

from __future__ import annotations

from flask import Flask, current_app, request

from carefinder.query import SearchQuery, parse
from index.search import Engine

KEY = "carefinder.engine"


def init_app(app: Flask) -> None:
    app.extensions[KEY] = Engine(app.config["INDEX_DIR"])


def get_engine() -> Engine:
    return current_app.extensions[KEY]


def request_query(form: bool = False) -> SearchQuery:
    """The request's search parameters, checked against the query contract; a web form's
    blank choice ("Any") means not given and other names are ignored, while the API refuses
    blank values and names the contract does not have."""
    return parse(request.args.to_dict(flat=False), blank_is_absent=form, known_only=not form)
