"""Bytes to text: the declared charset when it really fits, else the detected one.

Sites often declare UTF-8 and serve windows-1252 (old templates, pasted text); decoding such
bytes as declared leaves U+FFFD where the page had "é". charset-normalizer (maintained, pure
Python, already installed with Scrapy's dependencies) detects the encoding the bytes fit best.
"""

from __future__ import annotations

import charset_normalizer
from scrapy.http import TextResponse

REPLACEMENT = "\ufffd"


def response_text(response: TextResponse) -> tuple[str, str | None]:
    """(text, note): note says when the declared charset was wrong and what was used instead."""
    body = response.body
    try:
        text = body.decode(response.encoding)
    except (UnicodeDecodeError, LookupError):
        text = None
    if text is not None and REPLACEMENT not in text:
        return text, None
    best = charset_normalizer.from_bytes(body).best()
    if best is None:  # not text in any encoding: keep what the declared one gives
        return response.text, None
    detected = str(best)
    if text is not None and detected.count(REPLACEMENT) >= text.count(REPLACEMENT):
        return text, None  # the page itself holds U+FFFD: nothing better to find
    return detected, f"declared {response.encoding} but the bytes are {best.encoding}"


class Unreadable(Exception):
    """A fetched page that is not text to read (its message says why)."""


def page_text(response) -> tuple[str, str, str | None]:
    """(text, content type, charset note) of a fetched page, the way the crawl reads every
    page; Unreadable when it is not HTML, plain text or XML."""
    if not isinstance(response, TextResponse):
        ctype = response.headers.get("Content-Type", b"?").decode(errors="replace")
        raise Unreadable(f"not a text page ({ctype})")
    content_type = response.headers.get("Content-Type", b"").decode("latin-1").lower()
    if content_type and not any(t in content_type for t in ("html", "text/plain", "xml")):
        raise Unreadable(f"skipped content type {content_type}")
    text, note = response_text(response)
    return text, content_type, note
