"""The Flask web site and JSON API over the search index."""

from __future__ import annotations

import os

from flask import Flask, g, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from carefinder import CarefinderError
from index.search import BUDGET, SearchTooSlow, deadline_after
from index.store import IndexUnavailable


def create_app(config: dict | None = None) -> Flask:
    """App factory; settings come from ``config``, else environment variables."""
    app = Flask(__name__)
    app.config.update(
        INDEX_DIR=os.environ.get("CAREFINDER_INDEX", "var/index"),
        SITE_NAME="carefinder",
        REPORT_EMAIL=os.environ.get("CAREFINDER_REPORT_EMAIL", "listings@carefinder.example"),
        SEARCH_BUDGET=BUDGET,  # seconds of search work per request
    )
    app.config.update(config or {})
    app.json.sort_keys = False  # records keep the field order of RECORD.md

    from webapp import api, engine, i18n, vendor, views
    from webapp.present import hours_in_words, trust_view

    i18n.init_app(app)
    app.add_template_filter(_http_only, "http_only")
    app.add_template_filter(_phone, "phone")
    app.add_template_filter(_tel, "tel")
    app.add_template_global(trust_view, "trust")
    app.add_template_filter(hours_in_words, "in_words")
    engine.init_app(app)
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(vendor.bp)
    app.after_request(_security_headers)

    @app.before_request
    def start_clock():
        # Every search of one request shares one time budget.
        g.deadline = deadline_after(app.config["SEARCH_BUDGET"])

    @app.errorhandler(CarefinderError)
    def bad_input(exc):
        return _error(
            400, exc.message, getattr(exc, "parameter", None), getattr(exc, "choices", None)
        )

    @app.errorhandler(IndexUnavailable)
    def no_index(exc):
        app.logger.error("index unavailable: %s", exc)  # the folder, for the operator only
        return _error(503, _l("The search index is unavailable right now. Please try again later."))

    @app.errorhandler(SearchTooSlow)
    def too_slow(exc):
        return _error(
            503, _l("The search took too long; try a smaller radius, fewer words or a filter.")
        )

    @app.errorhandler(500)
    def server_error(exc):
        return _error(500, _l("Something went wrong on our side. Please try again later."))

    @app.errorhandler(HTTPException)
    def http_error(exc):  # any other (413, 414, 400 from werkzeug ...): JSON on /api/* too
        return _error(exc.code or 500, exc.description or exc.name)

    @app.errorhandler(404)
    def not_found(exc):
        return _error(404, _l("No such page or facility."))

    @app.errorhandler(405)
    def not_allowed(exc):
        response, status = _error(405, _l("That method is not allowed here."))
        response = app.make_response((response, status))
        response.headers["Allow"] = ", ".join(sorted(exc.valid_methods or ["GET", "HEAD"]))
        return response

    return app


def _phone(phone: dict | str) -> str:
    """(303) 555-0110 ext. 204 for US numbers; other numbers as international; a value that is
    no number (an index written before validation checked numbers) as it is."""
    from carefinder import phones

    e164, ext = (
        (phone["e164"], phone.get("extension")) if isinstance(phone, dict) else (phone, None)
    )
    text, ext = phones.display(e164), phones.extension(ext)
    return f"{text} ext. {ext}" if ext else text


def _tel(phone: dict) -> str:
    """The tel: URI (RFC 3966) that dials the number and then its extension."""
    from carefinder import phones

    ext = phones.extension(phone.get("extension"))
    return f"tel:{phone['e164']}" + (f";ext={ext}" if ext else "")


def _http_only(url: str | None) -> str | None:
    """Links to crawled URLs only when they are http(s): never javascript: or data:."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


def _error(status: int, message, parameter: str | None = None, choices: list | None = None):
    """The error as JSON on /api/* (in English: {"error", "status", "parameter", "choices"}),
    else as the error page in the interface language; ``message`` is text, a core Message or a
    lazy string; ``choices`` are the places an unknown place may mean."""
    from webapp.i18n import in_english, translate

    if request.path.startswith("/api/"):
        body = {"error": in_english(message), "status": status}
        if parameter:
            body["parameter"] = parameter
        if choices:
            body["choices"] = choices
        return jsonify(body), status
    return render_template("error.html", message=translate(message), status=status), status


CACHEABLE = ("/static/", "/vendor/", "/api/vocabulary", "/api/openapi.json", "/favicon.ico")


def _security_headers(response):
    # Scripts, styles and fonts only from this site; map tiles only once the person asks.
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        "img-src 'self' data: https://tile.openstreetmap.org; object-src 'none'; "
        "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    # Searches and facility pages say what someone looks for: no copy in any cache.
    if not request.path.startswith(CACHEABLE):
        response.headers["Cache-Control"] = "no-store"
    elif "max-age" not in (response.headers.get("Cache-Control") or ""):
        response.headers["Cache-Control"] = "public, max-age=3600"
    return response
