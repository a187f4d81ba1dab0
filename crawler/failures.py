"""Plain words for why a request failed (the crawl summary and problems file show them)."""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest, ResponseDataLossError
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import DNSLookupError, TCPTimedOutError, TimeoutError

from crawler.redirects import LOOP


def describe_exception(value: BaseException) -> str:
    name = type(value).__name__
    if isinstance(value, HttpError):
        return f"HTTP {value.response.status}"
    if isinstance(value, DNSLookupError):
        return "host not found"
    if "Timeout" in name or isinstance(value, TimeoutError | TCPTimedOutError):
        return "timed out"
    text = str(value)
    if isinstance(value, IgnoreRequest) and text.startswith(
        ("redirects off-site", "not fetched", LOOP)
    ):
        return text
    if "robots.txt" in text:
        return "forbidden by robots.txt"
    if "max redirections" in text or "redirect" in text.lower():
        return "too many redirects"
    if "download max size" in text or "maxsize" in text.lower() or "Cancelled" in name:
        return "page larger than the size limit"
    if isinstance(value, ResponseDataLossError):  # Scrapy gives it no text
        return "connection lost mid-page (the server sent less than it announced)"
    if "ConnectionLost" in text or "ConnectionRefused" in name or "ResponseNeverReceived" in name:
        return "connection lost or refused"
    return f"{name}: {text[:200]}" if text.strip() else f"{name} (no reason given)"


def describe_failure(failure) -> str:
    return describe_exception(failure.value)
