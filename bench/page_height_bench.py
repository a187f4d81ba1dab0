"""How tall a results page of 20 is on a phone (390x844, headless Chromium), on a real index:
the national directories' cards are the heavy ones (issue 20: 14,751 px before).

    python bench/page_height_bench.py INDEX_DIR ["near=60601&radius=25" ...]

Prints each query's page height in CSS pixels and its tallest card. Needs /usr/bin/chromium.
"""

from __future__ import annotations

import sys
import threading

from playwright.sync_api import sync_playwright
from waitress import create_server

from webapp import create_app

QUERIES = ["near=60601&radius=25", "near=10001&radius=10", "near=80205&radius=25",
           "near=60601&radius=25&level=iop&payment=medicaid",
           "near=90012&radius=25&condition=co_occurring&payment=medicaid&language=es"]  # fmt: skip
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def main(index: str, queries: list[str]) -> None:
    # A generous budget: the first search opens the national index.
    app = create_app({"INDEX_DIR": index, "SEARCH_BUDGET": 60})
    server = create_server(app, host="127.0.0.1", port=0)
    threading.Thread(target=server.run, daemon=True).start()
    base = f"http://127.0.0.1:{server.effective_port}/?"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_context(**PHONE).new_page()
        for query in queries:
            page.goto(base + query)
            height = page.evaluate("document.documentElement.scrollHeight")
            cards = page.evaluate(
                "[...document.querySelectorAll('.result')].map(c => c.offsetHeight)"
            )
            print(f"{height:6d} px  {len(cards)} cards, tallest {max(cards or [0])} px  {query}")
        browser.close()
    server.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:] or QUERIES)
