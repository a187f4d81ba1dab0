"""The interface in English and Spanish (Flask-Babel): the language the user chose, kept in the
URL as ``lang``, else the browser's Accept-Language, else English."""

from __future__ import annotations

from flask import Flask, has_request_context, request
from flask_babel import Babel, force_locale, get_locale, gettext

from carefinder import Message, vocabulary

LANGUAGES = ("en", "es")
LANGUAGE_NAMES = {"en": "English", "es": "Español"}


def chosen() -> str | None:
    """The language named in the URL, when it is one the interface speaks."""
    lang = request.args.get("lang")
    return lang if lang in LANGUAGES else None


def select_locale() -> str:
    return chosen() or request.accept_languages.best_match(LANGUAGES) or "en"


def language() -> str:
    """The current request's language ("en" outside a request)."""
    return str(get_locale()) if has_request_context() else "en"


def ui_label(facet: str, slug: str) -> str:
    """A vocabulary value's label in the interface language."""
    return vocabulary.label(facet, slug, language())


def translate(text) -> str:
    """Text for the page in the interface language: a core Message through the catalog (its
    template is the msgid), a lazy string rendered now, anything else as it is."""
    if isinstance(text, Message):
        return gettext(text.template, **text.values)
    return str(text) if text is not None else ""


def in_english(text) -> str:
    """The same text in English whatever the request's language (the JSON API's messages)."""
    with force_locale("en"):
        return translate(text)


def _keep_language(endpoint: str, values: dict) -> None:
    """Links built with url_for carry the language the user chose (not static files, and not
    the API's: it speaks English and refuses parameters it does not have)."""
    translated = endpoint != "static" and not endpoint.startswith("api.")
    if translated and has_request_context() and (lang := chosen()):
        values.setdefault("lang", lang)


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=select_locale)
    app.url_defaults(_keep_language)
    app.add_template_filter(lambda slug, facet: ui_label(facet, slug), "label")
    app.add_template_filter(translate, "translate")
    app.add_template_global(language, "language")
    app.add_template_global(chosen, "chosen_language")
    app.add_template_global(LANGUAGE_NAMES, "language_names")
