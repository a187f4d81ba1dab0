"""A shared crawl's worker fetches only the sites whose lease it still holds.

Checked as each request enters the downloader: a worker paused past its lease (SIGSTOP, a
swapping machine) wakes with requests of a site that another worker has taken over; they are
dropped here, so no site is fetched by two workers at once. (A request already waiting out its
site's politeness delay inside the downloader when the pause began is not checked again.)
"""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest

from crawler.component import FromCrawler


class LeaseLost(IgnoreRequest):
    """The request's site is leased to another worker now."""


class LeaseMiddleware(FromCrawler):
    async def process_request(self, request, spider=None):
        site = request.cb_kwargs.get("site")
        if site and not await self.crawler.spider.holds(site):
            raise LeaseLost(f"{site}: leased to another worker now")
        return None
