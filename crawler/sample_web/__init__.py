"""The bundled sample web: fictional facility sites rendered from ``sites.json`` and served on
loopback addresses (one address per site, so Scrapy's per-host politeness treats them apart)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

SITES_FILE = Path(__file__).with_name("sites.json")


@cache
def sites() -> list[dict]:
    return json.loads(SITES_FILE.read_text(encoding="utf-8"))["sites"]
