"""Fetch one page for ``carefinder extract URL`` (the crawl itself goes through Scrapy).

The same rules as the crawl: redirects -- by HTTP status or by a meta refresh due in under
METAREFRESH_MAXDELAY seconds -- are followed only within the site (crawler/redirects.py), the
page is turned into text the way the crawl does it (crawler/decode.py), and every failure is a
CarefinderError in one line.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.client import HTTPException
from urllib.parse import urljoin, urlsplit

from scrapy.http import Headers
from scrapy.responsetypes import responsetypes
from scrapy.settings.default_settings import METAREFRESH_IGNORE_TAGS, METAREFRESH_MAXDELAY
from w3lib.url import safe_url_string

from carefinder import CarefinderError
from crawler.decode import Unreadable, page_text
from crawler.redirects import REDIRECT_STATUSES, meta_refresh, refusal
from crawler.settings import DOWNLOAD_MAXSIZE, DOWNLOAD_TIMEOUT, REDIRECT_MAX_TIMES, USER_AGENT
from crawler.urls import WEB_SCHEMES, host

CHUNK = 64 * 1024


@dataclass
class Page:
    url: str  # where the page was found, after the redirects followed
    text: str
    content_type: str
    notes: list[str] = field(default_factory=list)  # worth saying, not failures


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # every 3xx comes back as it is: the site's rules decide, not urllib's


_opener = urllib.request.build_opener(_NoRedirects)


def _get(url: str, timeout: float) -> tuple[int, Headers, bytes]:
    """(status, headers, body) of one GET, whatever the status; CarefinderError when none."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    deadline = time.monotonic() + timeout
    try:
        try:
            response = _opener.open(request, timeout=timeout)
        except urllib.error.HTTPError as answer:  # 3xx, 4xx, 5xx: an answer all the same
            response = answer
        with response:
            chunks, size = [], 0
            while chunk := response.read(CHUNK):
                chunks.append(chunk)
                size += len(chunk)
                if size > DOWNLOAD_MAXSIZE:
                    raise CarefinderError(
                        f"{url}: page larger than {DOWNLOAD_MAXSIZE // 1_048_576} MB"
                    )
                if time.monotonic() > deadline:
                    raise TimeoutError
            headers = Headers(list(response.headers.items()))
            return response.status, headers, b"".join(chunks)
    except TimeoutError:
        raise CarefinderError(f"{url}: timed out after {timeout:g} s") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise CarefinderError(f"{url}: timed out after {timeout:g} s") from None
        raise CarefinderError(f"{url}: cannot fetch ({reason})") from None
    except (HTTPException, ValueError) as exc:  # a broken answer, or a URL urllib cannot use
        raise CarefinderError(f"{url}: cannot fetch ({exc or type(exc).__name__})") from None
    except OSError as exc:
        raise CarefinderError(f"{url}: cannot fetch ({exc.strerror or exc})") from None


def _web_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
        return parts.scheme in WEB_SCHEMES and bool(parts.hostname) and parts.port != 0
    except ValueError:  # "http://[::1/", a port out of range
        return False


def fetch(url: str, timeout: float = DOWNLOAD_TIMEOUT) -> Page:
    """The page at ``url`` as text, after the redirects the crawl would follow."""
    if not _web_url(url):
        raise CarefinderError(f"{url}: not a valid http(s) URL")
    hosts, chain, notes = {host(url)}, [], []
    while True:
        status, headers, body = _get(url, timeout)
        location = headers.get("Location")
        target, response = None, None
        if status in REDIRECT_STATUSES and location:
            target = urljoin(url, safe_url_string(location.decode("latin-1")))
        elif status >= 300:
            raise CarefinderError(f"{url}: HTTP {status}")
        else:
            kind = responsetypes.from_args(headers=headers, url=url, body=body)
            response = kind(url=url, status=status, headers=headers, body=body)
            refresh = meta_refresh(response, METAREFRESH_IGNORE_TAGS)
            if refresh and refresh[0] < METAREFRESH_MAXDELAY:
                target = refresh[1]
            elif refresh and (reason := refusal(refresh[1], hosts)):
                notes.append(f"{url}: {reason} after {refresh[0]:g} s (not followed)")
        if target is None:
            break
        if not _web_url(target):  # an http(s) URL no client can use, or another scheme
            raise CarefinderError(f"{url}: redirects off-site to {target}")
        reason = refusal(target, hosts, [*chain, url])
        if reason:
            raise CarefinderError(f"{url}: {reason}")
        chain.append(url)
        if len(chain) > REDIRECT_MAX_TIMES:
            raise CarefinderError(f"{chain[0]}: too many redirects")
        hosts.add(host(target))  # same host on another scheme or port, or its www twin
        url = target
    try:
        text, content_type, note = page_text(response)
    except Unreadable as exc:
        raise CarefinderError(f"{url}: {exc}") from None
    return Page(url, text, content_type, notes + ([f"{url}: {note}"] if note else []))
