"""What the spider hands the pipelines: one fetched page of one site."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class PageItem:
    site: str  # the start URL's origin
    url: str
    content: str
    content_type: str
