"""The generic site spider: from each start URL, follow in-site links that look relevant."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import scrapy
from scrapy import signals
from scrapy.http import TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import DNSLookupError, TCPTimedOutError, TimeoutError

from crawler.extract.claims import article_page
from crawler.items import PageItem

RELEVANT = re.compile(
    r"program|treatment|service|care|level|detox|residential|inpatient|outpatient|iop|php|"
    r"partial|intensive|rehab|recovery|therap|insurance|admission|payment|cost|fee|financ|"
    r"location|contact|about|hours|visit|find-us|condition|addiction|mental|who-we|what-we|"
    r"family|teen|adolescent|women|men|veteran|mat|suboxone|methadone",
    re.I,
)
SKIP_PATH = re.compile(
    r"\.(pdf|jpe?g|png|gif|svg|webp|ico|css|js|zip|docx?|xlsx?|pptx?|mp[34]|mov|avi|woff2?|ttf|xml|json)$|"
    r"/(wp-admin|wp-login|login|logout|signin|sign-in|register|cart|checkout|account|feed|tag|author|"
    r"calendar|events?)(/|$)|[?&](replytocom|share|print|date|month|year|page)=",
    re.I,
)
MAX_ARTICLES = 3


def describe_failure(failure) -> str:
    """Plain words for why a request failed."""
    value = failure.value
    name = type(value).__name__
    if failure.check(HttpError):
        return f"HTTP {value.response.status}"
    if failure.check(DNSLookupError):
        return "host not found"
    if "Timeout" in name or failure.check(TimeoutError, TCPTimedOutError):
        return "timed out"
    text = str(value)
    if "robots.txt" in text:
        return "forbidden by robots.txt"
    if "max redirections" in text or "redirect" in text.lower():
        return "too many redirects"
    if "download max size" in text or "maxsize" in text.lower() or "Cancelled" in name:
        return "page larger than the size limit"
    if "ConnectionLost" in text or "ConnectionRefused" in name or "ResponseNeverReceived" in name:
        return "connection lost or refused"
    return f"{name}: {text[:200]}"


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def read_start_urls(path: str) -> list[str]:
    """URLs from a file: one a line, blank lines and # comments ignored."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


class SiteSpider(scrapy.Spider):
    name = "site"

    def __init__(
        self, urls: str = "", url_file: str = "", max_pages: int | str | None = None, **kw
    ):
        super().__init__(**kw)
        self.seeds = [u for u in urls.split(",") if u] + (
            read_start_urls(url_file) if url_file else []
        )
        self.max_pages = int(max_pages) if max_pages else None
        self.seen: dict[str, set[str]] = {}  # site → URLs scheduled
        self.articles: dict[str, int] = {}
        self.failures: dict[str, list[str]] = {}  # site → reasons
        self.answered: dict[str, int] = {}  # site → requests answered (page, error or dropped)

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        if spider.max_pages is None:
            spider.max_pages = crawler.settings.getint("CAREFINDER_MAX_PAGES_PER_SITE", 40)
        crawler.signals.connect(spider.dropped, signal=signals.request_dropped)
        return spider

    def dropped(self, request, spider=None):
        """A redirect back to a URL already fetched is a loop: say so (Scrapy drops it quietly)."""
        chain = request.meta.get("redirect_urls")
        if chain:
            site = request.cb_kwargs.get("site") or origin(chain[0])
            self._answered(site)
            self.fail(site, f"{chain[0]}: too many redirects (a redirect loop)")

    async def start(self):
        for url in self.seeds:
            if urlsplit(url).scheme not in ("http", "https"):
                self.fail(url, f"not an http(s) URL: {url}")
                continue
            site = origin(url)
            self.seen.setdefault(site, set()).add(url)
            yield scrapy.Request(
                url, callback=self.parse, errback=self.error, cb_kwargs={"site": site}
            )

    def fail(self, site: str, reason: str) -> None:
        self.failures.setdefault(site, []).append(reason)
        self.logger.info("%s: %s", site, reason)  # the crawl summary reports it once

    def sites_done(self) -> int:
        """Sites whose every scheduled request has been answered."""
        return sum(self.answered.get(site, 0) >= len(urls) for site, urls in self.seen.items())

    def _answered(self, site: str) -> None:
        self.answered[site] = self.answered.get(site, 0) + 1

    def parse(self, response, site: str):
        self._answered(site)
        if not isinstance(response, TextResponse):
            self.fail(
                site,
                f"{response.url}: not a text page ({response.headers.get('Content-Type', b'?').decode(errors='replace')})",
            )
            return
        content_type = response.headers.get("Content-Type", b"").decode("latin-1").lower()
        if content_type and not any(t in content_type for t in ("html", "text/plain", "xml")):
            self.fail(site, f"{response.url}: skipped content type {content_type}")
            return
        try:
            text = response.text
        except (UnicodeDecodeError, LookupError) as exc:
            text = response.body.decode("utf-8", errors="replace")
            self.logger.info("%s: decoded with replacement (%s)", response.url, exc)
        yield PageItem(site=site, url=response.url, content=text, content_type=content_type)
        if "html" not in content_type and not text.lstrip().startswith("<"):
            return
        for link in self._links(response, site):
            yield response.follow(
                link, callback=self.parse, errback=self.error, cb_kwargs={"site": site}
            )

    def _links(self, response, site: str) -> list[str]:
        """New in-site links worth fetching, relevant-looking first, within the page budget."""
        hrefs = response.css("a::attr(href), [to]::attr(to)").getall()
        hrefs.sort(key=lambda h: not RELEVANT.search(h))
        seen = self.seen.setdefault(site, {response.url})
        out = []
        for href in hrefs:
            url = urldefrag(response.urljoin(href.strip()))[0]
            if url in seen or origin(url) != site or SKIP_PATH.search(url):
                continue
            if article_page(url):  # blog and news pages: a few, not the archive
                if self.articles.get(site, 0) >= MAX_ARTICLES:
                    continue
                self.articles[site] = self.articles.get(site, 0) + 1
            if len(seen) >= self.max_pages:
                break
            seen.add(url)
            out.append(url)
        return out

    def error(self, failure):
        """Record why a request failed, in plain words, against its site."""
        request = failure.request
        site = request.cb_kwargs.get("site") or origin(request.url)
        self._answered(site)
        self.fail(site, f"{request.url}: {describe_failure(failure)}")
