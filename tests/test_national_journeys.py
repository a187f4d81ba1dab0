"""Both users' journeys in headless Chromium on the national index (both SAMHSA 2022
directories, 18,802 facilities; the session's shared index from conftest): what the synthetic
Chicago index of test_journeys cannot show is how the real directories answer, and that the
honest explanation of what they do not state leads somewhere."""

import csv
import re

import pytest
from test_browser import serious_violations
from test_journeys import DESKTOP, PHONE, api_total, coordinator_searches, landed_on_results

from conftest import national_app, served

COORDINATOR = "near=60601&radius=30&level=php&payment=medicaid&condition=co_occurring"


@pytest.fixture(scope="module")
def base_url(national_index):
    with served(national_app(national_index)) as url:
        yield url


def test_coordinator_lists_every_php_for_co_occurring_on_medicaid_near_60601(
    browser, base_url, tmp_path
):
    context = browser.new_context(accept_downloads=True, **DESKTOP)
    page = context.new_page()
    coordinator_searches(page, base_url)
    total = api_total(base_url, COORDINATOR)
    assert total > 20  # 34 on the 2022 directories: more than one page
    heading = page.locator("#results-heading").inner_text()
    assert f"{total} facilities within 30 miles of Chicago, IL 60601" in heading
    cards = page.locator(".result").all_inner_texts()
    miles = [float(re.search(r"([\d.]+) miles", card)[1]) for card in cards]
    assert miles == sorted(miles) and miles[-1] <= 30
    for card in cards:  # each card shows the three facts asked for
        assert "Partial hospitalization (PHP)" in card and "Medicaid" in card, card
        assert "Co-occurring disorders" in card, card
    assert serious_violations(page) == []

    with page.expect_download() as download:
        page.get_by_role("link", name=f"Export all {total} as CSV").click()
    path = tmp_path / "list.csv"
    download.value.save_as(path)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    page.get_by_role("link", name=f"Print all {total} results").click()
    page.wait_for_load_state()
    sheet = page.locator("ol.referral > li h2").all_inner_texts()
    assert f"{total} facilities" in page.locator(".sheet-head").inner_text()
    assert len(sheet) == len(rows) == total
    assert [row["name"] for row in rows] == sheet  # the same list in the same order
    assert sheet[:20] == page_names(page, f"{base_url}/?{COORDINATOR}")
    context.close()


def page_names(page, url: str) -> list[str]:
    page.goto(url)
    return page.locator(".result h3").all_inner_texts()


def test_family_asks_for_an_evening_iop_on_their_plan_near_a_typed_city(browser, base_url):
    """The national data names no insurer and few hours: the page says so, and its offer
    without those filters leads to the IOPs there."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(base_url + "/")
    page.fill("#near", "Denver, Colo.")
    page.select_option("#f-level", "iop")
    page.fill("#q", "Aetna evening")  # the only way a family can say its plan and hours
    with page.expect_navigation():
        page.locator("#q").press("Enter")
    landed_on_results(page)
    assert "0 facilities within 25 miles of Denver, CO" in page.locator("#results-heading").inner_text()  # fmt: skip
    read = page.locator(".read-as").inner_text()
    assert "“Aetna” read as the insurance plan filter" in read and "“evening”" in read
    empty = page.locator(".empty").inner_text()
    assert "no listing in this directory states insurer names" in empty
    assert "no listing in this area states evening or weekend hours" in empty
    iop = api_total(base_url, "near=Denver,%20Colo.&level=iop")
    offer = page.get_by_role("link", name="without the insurance plan and hours filters")
    assert f"{iop} facilities" in page.locator(".relax li").first.inner_text()
    assert serious_violations(page) == []
    offer.click()
    page.wait_for_load_state()
    assert f"{iop} facilities within 25 miles of Denver, CO" in page.locator("#results-heading").inner_text()  # fmt: skip
    cards = page.locator(".result").all_inner_texts()
    assert iop > 0 and cards and all("Intensive outpatient (IOP)" in card for card in cards)
    assert page.locator(".result .phone a").first.get_attribute("href").startswith("tel:+1")
    context.close()
