"""robots.txt as RFC 9309 says, on top of Scrapy's middleware (parsing stays Protego's).

- At least the first 500 KiB are honoured whatever the file's size: the download of robots.txt
  is exempt from the page size cap and stops (keeping what arrived) at 500 KiB.
- 4xx (and a redirect off the site): "unavailable", every page may be fetched.
- 5xx or no answer at all: "unreachable", nothing of the site is fetched; each refused request
  is reported with that reason (the frontier makes that the start URL alone).
"""

from __future__ import annotations

from scrapy import signals
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest, StopDownload

from crawler.failures import describe_exception

ROBOTS_LIMIT = 500 * 1024


class Unreachable:
    """Stands for the parser of a site whose robots.txt could not be read: nothing allowed."""

    def __init__(self, reason: str):
        self.reason = reason

    def allowed(self, url, user_agent) -> bool:
        return False


def _is_robots(request) -> bool:
    return bool(request.meta.get("dont_obey_robotstxt")) and request.url.endswith("/robots.txt")


class Rfc9309RobotsMiddleware(RobotsTxtMiddleware):
    @classmethod
    def from_crawler(cls, crawler):
        middleware = cls(crawler)
        crawler.signals.connect(middleware._received, signal=signals.bytes_received)
        return middleware

    async def process_request(self, request, spider=None):
        if _is_robots(request):
            request.meta["download_maxsize"] = 0  # no cap: we stop it at ROBOTS_LIMIT ourselves
            request.meta["robots_bytes"] = 0
            return None
        return await super().process_request(request)

    def _received(self, data, request, spider=None):
        if "robots_bytes" in request.meta:
            request.meta["robots_bytes"] += len(data)
            if request.meta["robots_bytes"] > ROBOTS_LIMIT:
                raise StopDownload(fail=False)  # keep what arrived; Protego reads the start

    async def _parse_robots(self, response, netloc, request):
        if 400 <= response.status < 500:
            response = response.replace(body=b"")  # unavailable: no rules
        elif response.status >= 500:
            return self._settle(netloc, f"robots.txt answered HTTP {response.status}")
        else:
            response = response.replace(body=response.body[:ROBOTS_LIMIT])
        return await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc, netloc):
        if isinstance(exc, IgnoreRequest):  # e.g. it redirects off the site: unavailable
            return super()._robots_error(exc, netloc)
        self._settle(netloc, f"robots.txt could not be fetched ({describe_exception(exc)})")

    def _settle(self, netloc: str, reason: str) -> None:
        parser = Unreachable(reason)
        waiting = self._parsers[netloc]
        self._parsers[netloc] = parser
        waiting.callback(parser)

    def process_request_2(self, rp, request):
        if isinstance(rp, Unreachable):
            raise IgnoreRequest(f"not fetched: {rp.reason}, so nothing of this site is (RFC 9309)")
        return super().process_request_2(rp, request)
