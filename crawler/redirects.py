"""Redirects that stay on the site, for the crawl (Scrapy's redirect middlewares, asking the
spider first) and for ``carefinder extract URL`` (crawler/fetch.py), by one policy.

A redirect is followed only where its target belongs to the site (same host on another scheme
or port, or the ``www.`` twin); anything else -- another host, an IP literal the site did not
start on, a non-http scheme -- is refused with "redirects off-site to …", so a website cannot
make the crawler fetch internal addresses (server-side request forgery).

Meta refresh is read the way browsers read it (HTML's "shared declarative refresh steps"), not
by w3lib's narrower pattern, which misses ``0,url=…``, ``0; http://…`` and spaces around the
``=``: a refresh the crawler cannot see is one it can neither refuse nor report. A refresh due
in under ``METAREFRESH_MAXDELAY`` seconds is a redirect; a later one leaves the page to be read
as it is, and its target counts as one of the page's links (off-site: reported, not fetched).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse
from w3lib.url import safe_url_string

from crawler.urls import WEB_SCHEMES, canonical, host, same_host

REDIRECT_STATUSES = {301, 302, 303, 307, 308}
LOOP = "too many redirects (a redirect loop)"
WHITESPACE = " \t\n\f\r"
REFRESH_META = re.compile(rb"refresh", re.I)  # cheap test before parsing a page for it
URL_EQUALS = re.compile(r"url[\t\n\f\r ]*=[\t\n\f\r ]*", re.I)


class Duplicate(IgnoreRequest):
    """The redirect leads to a page this site already has: nothing to report."""


def offsite(target: str) -> IgnoreRequest:
    return IgnoreRequest(f"redirects off-site to {target}")


def refusal(target: str, hosts: Iterable[str], chain: Iterable[str] = ()) -> str | None:
    """None when a redirect to ``target`` may be followed by a site on ``hosts`` that came
    through the URLs of ``chain``; else why not, in the words the problems report uses."""
    if urlsplit(target).scheme not in WEB_SCHEMES or not any(
        same_host(host(target), h) for h in hosts
    ):
        return f"redirects off-site to {target}"
    if canonical(target) in {canonical(u) for u in chain}:
        return LOOP
    return None


def parse_refresh(content: str) -> tuple[float, str | None] | None:
    """(delay in seconds, URL text or None for "reload this page") of a refresh's ``content``,
    as HTML's shared declarative refresh steps read it; None where a browser ignores it."""
    rest = content.lstrip(WHITESPACE)
    digits = re.match(r"\d*", rest).group()
    if not digits and not rest.startswith("."):
        return None
    delay = float(digits or 0)
    rest = rest[len(re.match(r"[\d.]*", rest).group()) :]
    if not rest:
        return delay, None
    if rest[0] not in ";," + WHITESPACE:
        return None
    rest = rest.lstrip(WHITESPACE)
    rest = rest[1:] if rest[:1] in (";", ",") else rest
    rest = rest.lstrip(WHITESPACE)
    rest = rest[URL_EQUALS.match(rest).end() :] if URL_EQUALS.match(rest) else rest
    if rest[:1] in ("'", '"'):
        rest = rest[1:].split(rest[0], 1)[0]
    rest = rest.strip(WHITESPACE)
    return delay, rest or None


def meta_refresh(response, ignore_tags: Iterable[str] = ()) -> tuple[float, str] | None:
    """(delay, absolute URL) of the page's first meta refresh that leads to another URL, outside
    ``ignore_tags`` (Scrapy's METAREFRESH_IGNORE_TAGS: ``noscript`` by default); else None."""
    if not isinstance(response, HtmlResponse) or not REFRESH_META.search(response.body):
        return None
    outside = "".join(f"[not(ancestor::{tag})]" for tag in ignore_tags if tag.isidentifier())
    for meta in response.xpath(f"//meta[@http-equiv]{outside}"):
        if meta.attrib["http-equiv"].strip(WHITESPACE).lower() != "refresh":
            continue
        parsed = parse_refresh(meta.attrib.get("content", ""))
        if parsed is None:
            continue
        delay, target = parsed
        target = response.urljoin(target) if target else response.url
        if canonical(target) == canonical(response.url):
            return None  # a reload of the page itself, not a redirect
        return delay, safe_url_string(target)
    return None


class _AskTheSpider:
    def _redirect(self, redirected, request, reason):
        judge = getattr(self.crawler.spider, "redirect_verdict", None)
        verdict = judge(request, redirected.url) if judge else None
        if verdict == "duplicate":
            raise Duplicate(redirected.url)
        if verdict:
            raise IgnoreRequest(verdict)
        return super()._redirect(redirected, request, reason)


class SiteRedirectMiddleware(_AskTheSpider, RedirectMiddleware):
    def process_response(self, request, response, spider=None):
        location = response.headers.get("Location")
        if (
            location
            and response.status in REDIRECT_STATUSES
            and not request.meta.get("dont_redirect")
        ):
            target = urljoin(request.url, safe_url_string(location))
            if urlsplit(target).scheme not in WEB_SCHEMES:  # Scrapy would hand back the 3xx
                raise offsite(target)
        return super().process_response(request, response)


class SiteMetaRefreshMiddleware(_AskTheSpider, MetaRefreshMiddleware):
    """Every meta refresh the page carries, whatever its delay, is followed (in-site, due in
    under METAREFRESH_MAXDELAY seconds), refused ("redirects off-site to …"), or -- a later
    one -- handed to the spider as ``meta["later_refresh"]`` to treat as one of the links."""

    def process_response(self, request, response, spider=None):
        if request.meta.get("dont_redirect") or request.method == "HEAD":
            return response
        refresh = meta_refresh(response, self._ignore_tags)
        if refresh is None:
            return response
        delay, target = refresh
        if delay >= self._maxdelay:
            request.meta["later_refresh"] = target
            return response
        if urlsplit(target).scheme not in WEB_SCHEMES:
            raise offsite(target)
        redirected = self._redirect_request_using_get(request, response, target)
        return self._redirect(redirected, request, "meta refresh")
