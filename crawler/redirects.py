"""Redirects that stay on the site: Scrapy's redirect middlewares, asking the spider first.

A redirect is followed only where the spider says the target belongs to the site (same host on
another scheme or port, or the ``www.`` twin); anything else -- another host, an IP literal the
site did not start on, a non-http scheme -- is refused with "redirects off-site to …", so a
website cannot make the crawler fetch internal addresses (server-side request forgery).
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.response import get_meta_refresh
from w3lib.url import safe_url_string

from crawler.urls import WEB_SCHEMES

REDIRECT_STATUSES = {301, 302, 303, 307, 308}


class Duplicate(IgnoreRequest):
    """The redirect leads to a page this site already has: nothing to report."""


def offsite(target: str) -> IgnoreRequest:
    return IgnoreRequest(f"redirects off-site to {target}")


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
    def process_response(self, request, response, spider=None):
        result = super().process_response(request, response)
        if result is response and hasattr(response, "text"):
            _, target = get_meta_refresh(response, ignore_tags=self._ignore_tags)
            if target and urlsplit(target).scheme not in WEB_SCHEMES:
                raise offsite(target)
        return result
