"""Real headless Chromium (Debian's /usr/bin/chromium via Playwright) against the served app."""

import csv
import re
import threading

import pytest
from waitress import create_server

from conftest import ROOT
from webapp import create_app

# The README's pictures are written by these tests on every run, so a picture of a page that
# has changed cannot outlive the change: commit docs/*.png with the change that moves them.
DOCS = ROOT / "docs"
PICTURES = {"search-results.png", "facility.png", "referral-list.png"}


def test_every_readme_picture_is_written_by_a_browser_test():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert set(re.findall(r"\]\(docs/([\w-]+\.png)\)", readme)) == PICTURES


@pytest.fixture(scope="module")
def base_url(sample_index):
    server = create_server(create_app({"INDEX_DIR": str(sample_index)}), host="127.0.0.1", port=0)
    threading.Thread(target=server.run, daemon=True).start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    yield context.new_page()
    context.close()


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


def test_search_by_zip_with_filters_then_open_facility(page, base_url):
    page.goto(base_url + "/")
    page.fill("#near", "80205")
    page.select_option("#radius", "50")
    page.select_option("#f-payment", "medicaid")
    page.get_by_role("button", name="Search").click()
    heading = page.locator("#results-heading")
    assert "3 facilities within 50 miles of Denver" in heading.inner_text()
    names = page.locator(".result h3").all_inner_texts()
    assert names[0] == "Cedar Grove Behavioral Health – Denver Downtown"
    page.locator(".results").screenshot(path=str(DOCS / "search-results.png"))
    assert serious_violations(page) == []
    page.locator(".result h3 a").first.click()
    assert page.locator("h1").inner_text() == names[0]
    assert page.locator("blockquote.evidence").count() > 0
    page.screenshot(path=str(DOCS / "facility.png"), full_page=True)
    assert serious_violations(page) == []
    page.get_by_role("link", name="← Back to the results").click()
    page.wait_for_load_state()
    assert "3 facilities within 50 miles of Denver" in page.locator("#results-heading").inner_text()
    assert page.locator("#f-payment").input_value() == "medicaid"  # the same search


def test_the_referral_list_keeps_picks_from_two_places(page, base_url, tmp_path):
    """Ticked near Denver, then near Sacramento: the sheet and its CSV list both, each with
    its distance from its own place (the sheet said "2 chosen facilities" above one)."""
    picked = []
    for near in ("80205", "95814"):
        page.goto(f"{base_url}/?near={near}&radius=50")
        picked.append(page.locator(".result h3").first.inner_text())
        page.get_by_label("Add to referral list").first.check()
    page.get_by_role("link", name="Print or export the list").click()
    page.wait_for_load_state()
    assert page.locator("ol.referral > li h2").all_inner_texts() == picked
    head = page.locator(".sheet-head").inner_text()
    assert "2 chosen facilities" in head and "2 facilities" in head
    rows = page.locator("ol.referral > li").all_inner_texts()
    assert "miles from Denver, CO 80205" in rows[0] and "miles from Sacramento, CA 95814" in rows[1]
    page.locator("ol.referral").screenshot(path=str(DOCS / "referral-list.png"))
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV").click()
    path = tmp_path / "list.csv"
    download.value.save_as(path)
    lines = list(csv.DictReader(path.open(encoding="utf-8")))
    assert [row["name"] for row in lines] == picked
    assert [row["distance_from"] for row in lines] == ["Denver, CO 80205", "Sacramento, CA 95814"]


def test_referral_list_prints_without_site_chrome(page, base_url):
    page.goto(base_url + "/?near=80205&radius=50")
    boxes = page.get_by_label("Add to referral list")
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.get_by_role("button", name="Print ticked facilities").click()
    assert page.locator("ol.referral > li").count() == 2
    page.emulate_media(media="print")
    assert not page.locator(".crisis").is_visible()  # print stylesheet: just the list
    assert page.locator("ol.referral > li").first.is_visible()
    assert len(page.pdf()) > 1000  # a real one-page sheet


def test_keyboard_only_search(page, base_url):
    page.goto(base_url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "near":
            break
    assert page.evaluate("document.activeElement.id") == "near"
    page.keyboard.type("Denver, CO")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "facilities within 25 miles of Denver" in page.locator("#results-heading").inner_text()
    outline = page.evaluate(
        "(() => { const a = document.querySelector('.result h3 a'); a.focus();"
        " return getComputedStyle(a).outlineStyle; })()"
    )
    assert outline != "none"  # visible focus


def test_bad_place_shows_plain_error(page, base_url):
    page.goto(base_url + "/?near=Zzyzxqv Vrpt")
    assert "unknown place" in page.locator("[role=alert]").inner_text()
    assert serious_violations(page) == []


def test_no_third_party_request_until_the_map_is_asked_for(page, base_url):
    requests, tiles = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.route("https://tile.openstreetmap.org/**", lambda route: (tiles.append(route.request.url), route.abort()))  # fmt: skip
    page.goto(f"{base_url}/?near=80205&radius=50")
    page.wait_for_load_state("networkidle")
    assert requests and all(u.startswith(base_url) for u in requests), requests
    assert page.locator("#map").is_hidden() and not tiles
    button = page.get_by_role("button", name="Show map")
    assert "OpenStreetMap" in page.locator(".map-toggle").inner_text()
    button.click()
    # wait_for_selector, not wait_for_function: a polled predicate is evaluated with eval() in
    # the page, which the site's CSP (no 'unsafe-eval') refuses whenever the map is not up yet
    page.wait_for_selector("#map .leaflet-marker-icon")
    assert page.evaluate("() => Boolean(window.L)")
    assert page.locator("#map").is_visible()
    ours = [u for u in requests if u.startswith(base_url)]
    assert any("/vendor/leaflet-" in u and u.endswith("leaflet.js") for u in ours)
    page.wait_for_timeout(300)
    assert tiles and all(u.startswith("https://tile.openstreetmap.org/") for u in tiles)
    others = {u.split("/")[2] for u in requests if not u.startswith(base_url)}
    assert others == {"tile.openstreetmap.org"}, others
