"""Both users' journeys end to end in headless Chromium, on a phone (390×844) and a desktop:
the referral coordinator's printed sheet and CSV, the family's evening IOP from a misspelt city.

The index is built from synthetic facilities around Chicago (our own invented names), enough
for several result pages."""

import csv
import json
import random
import threading
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest
from test_browser import serious_violations
from waitress import create_server

from webapp import create_app

CHICAGO = (41.8858, -87.6181)  # ZIP 60601
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def facility(i: int, rng: random.Random) -> dict:
    lat, lon = CHICAGO[0] + rng.uniform(-0.35, 0.35), CHICAGO[1] + rng.uniform(-0.35, 0.1)
    levels = ["php"] * (i % 2 == 0) + rng.sample(["iop", "outpatient", "residential"], 1)
    schedules = []
    if "iop" in levels and i % 3 == 0:
        schedules.append({"level": "iop", "opening_hours": "Mo,We,Th 18:00-21:00", "label": "evening IOP"})  # fmt: skip
    return {
        "id": f"chi{i:04d}", "kind": "provider", "name": f"Lakefront Care Center {i}",
        "phones": [{"e164": f"+1312555{i:04d}", "label": "admissions", "extension": str(i % 7 + 1)}],
        "address": {"street": f"{100 + i} W Example St", "city": "Chicago", "state": "IL",
                    "postal_code": "60601"},
        "location": {"lat": lat, "lon": lon, "precision": "address"},
        "levels_of_care": levels,
        "conditions": ["substance_use"] + ["co_occurring"] * (i % 3 != 2),
        "payment": ["self_pay"] + ["medicaid"] * (i % 4 != 3)
        + ["private_insurance", "state_funded", "sliding_scale", "medicare", "tricare"][: i % 6],
        "accreditations": ["state_licensed", "carf"][: i % 3],
        "program_schedules": schedules,
        "opening_hours": "Mo-Fr 09:00-17:00",
        "sources": ["crawl"], "crawled_at": "2026-11-20T10:00:00Z",
    }  # fmt: skip


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    from index import store

    rng = random.Random(15)
    root = tmp_path_factory.mktemp("journeys")
    store.build(root, [facility(i, rng) for i in range(160)])
    server = create_server(create_app({"INDEX_DIR": str(root)}), host="127.0.0.1", port=0)
    threading.Thread(target=server.run, daemon=True).start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()


def api_total(base_url: str, query: str) -> int:
    with urllib.request.urlopen(f"{base_url}/api/search?{query}&per_page=1") as r:
        return json.load(r)["total"]


def coordinator_searches(page, base_url: str) -> None:
    """The referral coordinator's search, typed into the form: every PHP within 30 miles of
    60601 that treats co-occurring disorders and takes Medicaid."""
    page.goto(base_url + "/")
    page.fill("#near", "60601")
    page.select_option("#radius", "30")
    page.select_option("#f-level", "php")
    page.select_option("#f-payment", "medicaid")
    page.locator("details.more summary").click()
    page.get_by_label("Co-occurring", exact=False).check()
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_load_state()
    landed_on_results(page)


def landed_on_results(page) -> None:
    """Focus is on the results and their heading is on screen."""
    assert page.evaluate("document.activeElement.id") == "results"
    top = page.locator("#results-heading").bounding_box()["y"]
    assert 0 <= top < page.viewport_size["height"] / 2


@pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_coordinator_prints_and_exports_a_referral_list(browser, base_url, device, tmp_path):
    context = browser.new_context(accept_downloads=True, **device)
    page = context.new_page()
    coordinator_searches(page, base_url)
    query = "near=60601&radius=30&level=php&payment=medicaid&condition=co_occurring"
    total = api_total(base_url, query)
    assert total > 20  # more than one page
    heading = page.locator("#results-heading").inner_text()
    assert f"{total} facilities within 30 miles of Chicago, IL 60601" in heading
    assert page.locator("#radius").input_value() == "30"
    assert "(1 chosen)" in page.locator("details.more summary").inner_text()
    assert serious_violations(page) == []

    # Ticks on two pages, kept when coming back; the sheet lists them in screen order.
    names = page.locator(".result h3").all_inner_texts()
    boxes = page.get_by_label("Add to referral list")
    boxes.nth(1).check()
    boxes.nth(0).check()
    page.get_by_role("link", name="Next").click()
    page.wait_for_load_state()
    names2 = page.locator(".result h3").all_inner_texts()
    page.get_by_label("Add to referral list").nth(2).check()
    page.get_by_role("link", name="Previous").click()
    page.wait_for_load_state()
    assert [boxes.nth(i).is_checked() for i in range(3)] == [True, True, False]
    assert "3 facilities" in page.locator("#referral-bar").inner_text()
    page.get_by_role("button", name="Print ticked facilities").click()
    page.wait_for_load_state()
    sheet = page.locator("ol.referral > li h2").all_inner_texts()
    assert sheet == [names[0], names[1], names2[2]]
    text = page.locator("main").inner_text()
    assert "988" in text and "1-800-662-4357" in text and "ext." in text
    assert "miles from Chicago, IL 60601 ·" in text  # from the search each was picked in
    assert serious_violations(page) == []
    page.emulate_media(media="print")
    assert not page.locator(".crisis").is_visible() and page.locator("ol.referral").is_visible()
    assert page.pdf()[:4] == b"%PDF"
    page.emulate_media(media="screen")

    # Print or export all N: the CSV has exactly the search's rows, in screen order.
    page.goto(f"{base_url}/?{query}")
    with page.expect_download() as download:
        page.get_by_role("link", name=f"Export all {total} as CSV").click()
    path = tmp_path / "list.csv"
    download.value.save_as(path)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert len(rows) == total
    assert [r["name"] for r in rows[:2]] == names[:2]
    assert all(r["phone_extension"] and r["search"] for r in rows)
    page.get_by_role("link", name=f"Print all {total} results").click()
    page.wait_for_load_state()
    assert page.locator("ol.referral > li").count() == total
    context.close()


@pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_family_finds_an_evening_iop_from_a_misspelt_city(browser, base_url, device):
    context = browser.new_context(**device)
    page = context.new_page()
    page.goto(base_url + "/")
    assert serious_violations(page) == []
    page.fill("#near", "Chicgo, IL")
    page.select_option("#f-level", "iop")
    page.locator("details.more summary").click()
    page.get_by_label("Evening hours").check()
    with page.expect_navigation():
        page.locator("#near").press("Enter")  # the keyboard's way to search
    landed_on_results(page)
    assert "Chicago, IL" in page.locator("#results-heading").inner_text()
    assert "closest name" in page.locator(".place-note").inner_text()
    card = page.locator(".result").first
    assert "Evening IOP: Mon, Wed, Thu 6–9 pm" in card.inner_text()
    tel = card.locator(".phone a").first.get_attribute("href")
    assert tel.startswith("tel:+1312555") and ";ext=" in tel
    assert serious_violations(page) == []
    page.emulate_media(media="print")
    assert not page.locator("form.search").is_visible() and card.is_visible()
    assert not page.locator(".pick").first.is_visible()
    context.close()


def test_referral_list_spans_searches_and_clears(browser, base_url):
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    picked = []
    for level in ("php", "iop"):
        page.goto(f"{base_url}/?near=60601&radius=10&level={level}#results")
        picked.append(page.locator(".result h3").nth(1).inner_text())
        page.get_by_label("Add to referral list").nth(1).check()
    assert "2 facilities" in page.locator("#referral-bar").inner_text()
    page.get_by_role("link", name="Print or export the list").click()
    page.wait_for_load_state()
    assert page.locator("ol.referral > li h2").all_inner_texts() == picked
    page.get_by_role("button", name="Clear my referral list").click()
    page.wait_for_load_state()
    assert "Nothing chosen yet" in page.locator("main").inner_text()
    page.goto(f"{base_url}/?near=60601&radius=10&level=php")
    assert page.locator("#referral-bar").is_hidden()
    assert not page.get_by_label("Add to referral list").nth(1).is_checked()
    context.close()


def test_a_radius_off_the_menu_is_kept_through_search_and_pages(browser, base_url):
    """radius=17 in a shared link stays 17: in the menu, after "Search", on the next page."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{base_url}/?near=60601&radius=17")
    assert page.locator("#radius").input_value() == "17"
    total = api_total(base_url, "near=60601&radius=17")
    neighbours = {api_total(base_url, f"near=60601&radius={r}") for r in (15, 20)}
    assert total > 20 and total not in neighbours  # a menu step would show in the count
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_load_state()
    assert parse_qs(urlsplit(page.url).query)["radius"] == ["17"]
    assert f"{total} facilities within 17 miles" in page.locator("#results-heading").inner_text()
    page.get_by_role("link", name="Next").click()
    page.wait_for_load_state()
    assert parse_qs(urlsplit(page.url).query)["radius"] == ["17"]
    assert page.locator("#radius").input_value() == "17"
    context.close()


def test_twenty_results_fit_a_phone_page_with_page_numbers(browser, base_url):
    """20 national cards made a 14,751 px phone page with only "Next" (issue 20): at most
    8,000 px here (7,250-7,850 px on the national directories near Chicago, New York and Los
    Angeles), page numbers, and no request of the page answered 404 (the favicon was one)."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    missing = []
    page.on("response", lambda r: r.status == 404 and missing.append(r.url))
    page.goto(f"{base_url}/?near=60601&radius=30&payment=medicaid")
    assert page.locator(".result").count() == 20
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= 8000, height
    nav = page.get_by_role("navigation", name="Result pages")
    assert nav.locator("[aria-current=page]").inner_text() == "1"
    nav.get_by_role("link", name="Page 3").click()
    page.wait_for_load_state()
    assert parse_qs(urlsplit(page.url).query)["page"] == ["3"]
    assert nav.locator("[aria-current=page]").inner_text() == "3"
    assert missing == []
    context.close()
