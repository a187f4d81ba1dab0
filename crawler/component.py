"""The base of carefinder's Scrapy components that need their crawler (pipelines, middlewares).

A module of its own, importing nothing: the spider module (loaded before Scrapy installs its
reactor) reaches it through the lease middleware, and importing ``twisted.internet.reactor``
that early would install the wrong reactor.
"""

from __future__ import annotations


class FromCrawler:
    """A Scrapy component that keeps the crawler it was built for."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)
