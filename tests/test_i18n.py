"""The interface in Spanish: chosen in the URL (and kept there), or from Accept-Language."""

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from carefinder import vocabulary
from conftest import ROOT

CATALOG = ROOT / "webapp" / "translations" / "es" / "LC_MESSAGES"


def test_spanish_from_the_url_is_kept_in_links_and_the_form(client):
    html = client.get("/?near=80205&radius=25&level=iop&lang=es").get_data(as_text=True)
    assert '<html lang="es">' in html
    assert "¿Está en crisis? Llame o envíe un mensaje de texto al" in html
    assert "Ambulatorio intensivo (IOP)" in html  # the vocabulary's own Spanish label
    assert '<input type="hidden" name="lang" value="es">' in html
    facility = html.split('<h3><a href="', 1)[1].split('"', 1)[0]
    assert facility.endswith("?lang=es")
    page = client.get(facility).get_data(as_text=True)
    assert "Horario de oficina" in page and "Pacientes nuevos:" in page
    assert 'lang="en" hreflang="en"' in page and ">English</a>" in page  # the way back


@pytest.mark.parametrize(
    ("header", "url", "expected"),
    [("es-MX,es;q=0.9,en;q=0.5", "/", "es"), ("en-US,en;q=0.9", "/", "en"),
     ("es-MX", "/?lang=en", "en"), ("fr-FR", "/", "en"), ("", "/?lang=xx", "en")],
)  # fmt: skip
def test_language_from_accept_language_unless_chosen(client, header, url, expected):
    html = client.get(url, headers={"Accept-Language": header}).get_data(as_text=True)
    assert f'<html lang="{expected}">' in html


def test_error_page_in_spanish(client):
    r = client.get("/facility/nope?lang=es")
    assert r.status_code == 404 and "No encontrado" in r.get_data(as_text=True)


def test_every_interface_string_has_a_spanish_translation():
    catalog = read_po(open(CATALOG / "messages.po", "rb"))
    method_map = [("webapp/**.py", "python"), ("webapp/templates/**.html", "jinja2")]
    keywords = {"_": None, "_l": None, "gettext": None}
    found = {msg for _, _, msg, *_ in extract_from_dir(ROOT, method_map, keywords=keywords)}
    untranslated = [m for m in found if not (catalog.get(m) and catalog.get(m).string)]
    assert untranslated == []


def test_compiled_catalog_matches_its_source(tmp_path):
    compiled = Path(tmp_path / "messages.mo")
    with open(compiled, "wb") as out:
        write_mo(out, read_po(open(CATALOG / "messages.po", "rb")))
    assert compiled.read_bytes() == (CATALOG / "messages.mo").read_bytes(), (
        "run: pybabel compile -d webapp/translations"
    )


def test_vocabulary_labels_have_spanish():
    for facet, terms in vocabulary.terms().items():
        if facet == "insurers":  # brand names
            continue
        for slug in terms:
            assert dict(terms[slug].labels).get("es"), (facet, slug)
