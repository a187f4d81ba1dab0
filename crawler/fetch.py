"""Fetch one page for ``carefinder extract URL`` (the crawl itself goes through Scrapy)."""

from __future__ import annotations

import urllib.error
import urllib.request

from carefinder import CarefinderError
from crawler.settings import DOWNLOAD_MAXSIZE, DOWNLOAD_TIMEOUT, USER_AGENT


def fetch(url: str) -> tuple[str, str]:
    """(text, content type) of the page, or CarefinderError saying why not."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT) as response:
            body = response.read(DOWNLOAD_MAXSIZE + 1)
            content_type = response.headers.get("Content-Type", "")
            charset = response.headers.get_content_charset() or "utf-8"
    except urllib.error.HTTPError as exc:
        raise CarefinderError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise CarefinderError(f"{url}: cannot fetch ({getattr(exc, 'reason', exc)})") from None
    if len(body) > DOWNLOAD_MAXSIZE:
        raise CarefinderError(f"{url}: page larger than {DOWNLOAD_MAXSIZE // 1_000_000} MB")
    try:
        text = body.decode(charset)
    except (LookupError, UnicodeDecodeError):
        text = body.decode("utf-8", errors="replace")
    return text, content_type.lower()
