"""--render: a client-rendered site (empty HTML shell, content built by a script) is read in
headless Chromium through scrapy-playwright; without --render it yields nothing."""

import json
import os
import subprocess
import sys

import pytest
from faultweb import Routes, serve_at

CAREFINDER = [sys.executable, "-m", "carefinder_cli"]
HTML = "text/html; charset=utf-8"
SHELL = """<!doctype html><html><head><title>Loading…</title></head><body><div id="root"></div>
<script src="/app.js"></script></body></html>"""
# Our own few lines of "framework": the page text exists only after the script has run.
APP = """
const pages = {
  "/": "<h1>Maple Grove Recovery</h1><p>We offer an intensive outpatient program for adults.</p>"
     + "<a href='/contact'>Contact us</a>",
  "/contact": "<h1>Contact</h1><address>12 Maple Grove Ave, Madison, WI 53703</address>"
            + "<p>Phone: 608-555-0112</p>",
};
document.title = "Maple Grove Recovery";
document.getElementById("root").innerHTML = pages[location.pathname] || "<p>Not found</p>";
"""


def crawl(url, out, *extra):
    cmd = [*CAREFINDER, "crawl", url, "-o", str(out), "--no-delay", *extra]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300)


def test_client_rendered_site_is_read_only_with_render(tmp_path):
    if not os.access("/usr/bin/chromium", os.X_OK):
        assert os.environ.get("CI") != "true", "CI must have Debian's chromium (./dev test)"
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    site = Routes({"/": (200, SHELL, HTML), "/contact": (200, SHELL, HTML),
                   "/app.js": (200, APP, "application/javascript")})  # fmt: skip
    with serve_at("127.0.3.10", site) as url:
        static = crawl(url, tmp_path / "static.jsonl")
        rendered = crawl(url, tmp_path / "rendered.jsonl", "--render")
    assert static.returncode == 0, static.stderr[-2000:]
    assert rendered.returncode == 0, rendered.stderr[-2000:]
    assert (tmp_path / "static.jsonl").read_text() == ""  # the shell says nothing
    (record,) = [json.loads(x) for x in (tmp_path / "rendered.jsonl").read_text().splitlines()]
    assert record["name"] == "Maple Grove Recovery"
    assert "iop" in record["levels_of_care"]
    assert record["phones"][0]["e164"] == "+16085550112"  # /contact, found in the rendered DOM
    assert record["address"]["postal_code"] == "53703"
