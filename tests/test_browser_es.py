"""The Spanish interface in headless Chromium: from the browser's language, and chosen by link."""

import pytest
from test_browser import base_url, serious_violations  # noqa: F401 (fixtures)


@pytest.fixture
def spanish_page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="es-MX")
    yield context.new_page()
    context.close()


def test_spanish_browser_gets_spanish_search_and_facility_pages(spanish_page, base_url):  # noqa: F811
    page = spanish_page
    page.goto(base_url + "/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert "¿Está en crisis?" in page.locator(".crisis").inner_text()
    page.fill("#near", "80205")
    page.select_option("#f-level", "iop")
    assert "Ambulatorio intensivo (IOP)" in page.locator("#f-level option[value=iop]").inner_text()
    page.get_by_role("button", name="Search").first.click()
    page.locator(".result h3 a").first.click()
    assert page.locator("#hours-h").inner_text() == "Horario de oficina"
    assert "Pacientes nuevos:" in page.locator(".intake").first.inner_text()
    assert serious_violations(page) == []


def test_language_link_switches_and_the_choice_stays_in_links(browser, base_url):  # noqa: F811
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.goto(base_url + "/?near=80205&radius=25&lang=es")
    assert page.locator("html").get_attribute("lang") == "es"  # chosen beats the browser's
    page.locator(".result h3 a").first.click()
    assert "lang=es" in page.url and page.locator("html").get_attribute("lang") == "es"
    page.get_by_role("link", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#hours-h").inner_text() == "Office hours"
    context.close()
