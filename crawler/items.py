"""What the spider hands the pipelines: fetched pages, then word that a site is finished."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class PageItem:
    site: str  # the start URL's origin
    url: str
    content: str
    content_type: str


@dataclass
class SiteDone:
    """Every page of the site has been handed over (``pages`` of them) and nothing is pending."""

    site: str
    pages: int
    problems: list[str] = field(default_factory=list)
