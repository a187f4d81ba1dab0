"""The Spanish interface in headless Chromium: from the browser's language, and chosen by link;
no English interface text left on the search page, an error or the referral sheet."""

import re

import pytest
from babel.messages.pofile import read_po
from test_browser import base_url, serious_violations  # noqa: F401 (fixtures)
from test_i18n import CATALOG

from carefinder import vocabulary
from carefinder.jsonl import read_records
from conftest import INDEXED
from webapp import create_app
from webapp.present import full_address

# Every piece of text a person meets: text nodes, and the attributes read aloud or shown.
TEXTS = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!["SCRIPT", "STYLE"].includes(node.parentElement.tagName) && node.textContent.trim()) {
      out.push(node.textContent.trim().replace(/\\s+/g, " "));
    }
  }
  document.querySelectorAll("[placeholder], [aria-label], [title], [alt]").forEach((el) => {
    ["placeholder", "aria-label", "title", "alt"].forEach((name) => {
      if (el.getAttribute(name)) { out.push(el.getAttribute(name)); }
    });
  });
  out.push(document.title);
  return out;
}"""


def _data_texts() -> set[str]:
    """Text that is data, the same in any language: names, addresses, phones, brand labels."""
    app = create_app({"INDEX_DIR": "unused"})
    texts = {"carefinder", "English", "988", "911", "·", "|"}
    with app.test_request_context("/"):
        phone = app.jinja_env.filters["phone"]
        for r in read_records(INDEXED):
            texts |= {r["name"], full_address(r), r.get("website") or ""}
            texts |= {phone(p) for p in r.get("phones") or []}
    for terms in vocabulary.terms().values():
        texts |= {t.label for t in terms.values() if dict(t.labels).get("es", t.label) == t.label}
    return texts


def untranslated(english: list[str], spanish: list[str]) -> set[str]:
    """Text the Spanish page shows just as the English one does, that is not data (names,
    addresses, numbers, brands): interface text nobody translated, marked or not."""
    data = _data_texts()
    same = {re.sub(r"\s*\(\d+\)$", "", t) for t in set(english) & set(spanish)}  # "Aetna (3)"

    def is_data(text: str) -> bool:
        return text in data or not re.search(r"[A-Za-z]{2}", text) or any(text in d for d in data)

    return {t for t in same if not all(is_data(part) for part in t.split(" · "))}


def english_msgids_shown(spanish: list[str]) -> list[str]:
    """English catalog messages (their words between placeholders and tags) found on the page."""
    catalog = read_po(open(CATALOG / "messages.po", "rb"))
    text = " | ".join(spanish)
    shown = []
    for message in catalog:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        translations = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid in ids:
            if not msgid or msgid in translations:
                continue
            for part in re.split(r"%\(\w+\)[sd]|<[^>]+>|&amp;", msgid):
                part = part.strip(" .,:;()")
                if len(part) > 3 and re.search(rf"(?<!\w){re.escape(part)}(?!\w)", text):
                    shown.append(part)
    return shown


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
    page.get_by_role("button", name="Buscar").first.click()
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


def _texts(browser, url: str, locale: str, prepare=None) -> list[str]:
    context = browser.new_context(locale=locale)
    page = context.new_page()
    page.goto(url)
    if prepare:
        prepare(page)
    texts = page.evaluate(TEXTS)
    context.close()
    return texts


def _open_folded_filters(page):
    page.locator("details.more summary").click()


def _tick_two_then_print(page):
    """The referral list kept by the script: its bar's words, then the sheet it opens."""
    boxes = page.locator(".pick input")
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.locator("#referral-bar a").wait_for()
    page.locator(".referral-form button[type=submit]").click()
    page.wait_for_url("**/referral?**")


PAGES = {
    "search results, folded filters open": ("/?near=80205&radius=50&open=evening&sort=distance",
                                           _open_folded_filters),
    "empty result and its explanation": ("/?near=80205&radius=5&level=detox&insurer=aetna", None),
    "no place found": ("/?near=Qwxyzzy", None),
    "bad parameter": ("/?near=80205&radius=abc", None),
    "not found": ("/facility/nope", None),
    "referral sheet of a search": ("/referral?near=80205&radius=50", None),
    "referral sheet of ticked facilities": ("/?near=80205&radius=50", _tick_two_then_print),
    "empty referral sheet": ("/referral", None),
    "form": ("/", None),
}  # fmt: skip


@pytest.mark.parametrize("name", PAGES)
def test_no_english_interface_text_left_in_spanish(browser, base_url, name):  # noqa: F811
    path, prepare = PAGES[name]
    english = _texts(browser, base_url + path, "en-US", prepare)
    spanish = _texts(browser, base_url + path, "es-MX", prepare)
    assert len(spanish) > 5 and spanish != english
    assert english_msgids_shown(spanish) == []
    assert untranslated(english, spanish) == set()


def test_referral_list_bar_and_sheet_keep_spanish(spanish_page, base_url):  # noqa: F811
    page = spanish_page
    page.goto(base_url + "/?near=80205&radius=50&lang=es")
    page.locator(".pick input").first.check()
    assert (
        page.locator("#referral-bar").inner_text().startswith("Su lista de derivación: 1 centro.")
    )
    page.locator("#referral-bar a").click()
    assert "lang=es" in page.url and page.locator("h1").inner_text() == "Lista de derivación"
    assert "llame o envíe un mensaje de texto al 988" in page.locator(".sheet-head").inner_text()
    page.locator("#clear-list").click()
    page.wait_for_url("**/referral?lang=es")
    assert page.locator("#referral-empty").inner_text().startswith("Aún no ha elegido nada.")
