"""The interface in Spanish: chosen in the URL (and kept there), or from Accept-Language."""

import ast
import re
from html import unescape
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from carefinder import CarefinderError, Message, vocabulary
from conftest import ROOT

CATALOG = ROOT / "webapp" / "translations" / "es" / "LC_MESSAGES"


def test_spanish_from_the_url_is_kept_in_links_and_the_form(client):
    html = client.get("/?near=80205&radius=25&level=iop&lang=es").get_data(as_text=True)
    assert '<html lang="es">' in html
    assert "¿Está en crisis? Llame o envíe un mensaje de texto al" in html
    assert "Ambulatorio intensivo (IOP)" in html  # the vocabulary's own Spanish label
    assert '<input type="hidden" name="lang" value="es">' in html
    facility = html.split('<h3><a href="', 1)[1].split('"', 1)[0]
    assert facility.endswith("&amp;lang=es")  # with its search, for the way back
    page = client.get(facility.replace("&amp;", "&")).get_data(as_text=True)
    assert "← Volver a los resultados" in page
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


def _extracted() -> dict:
    """msgid → locations, extracted exactly as pybabel does with webapp/babel.cfg."""
    from babel.messages.frontend import parse_mapping_cfg

    with open(ROOT / "webapp" / "babel.cfg") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    keywords = {**DEFAULT_KEYWORDS, "_l": None}
    found: dict = {}
    for path, line, msg, *_ in extract_from_dir(ROOT, method_map, options_map, keywords=keywords):
        found.setdefault(msg, []).append(f"{path}:{line}")
    return found


def test_every_interface_string_has_a_spanish_translation():
    catalog = read_po(open(CATALOG / "messages.po", "rb"))
    found = _extracted()
    assert any(loc.startswith("carefinder/query.py") for locs in found.values() for loc in locs)
    assert any(loc.startswith("index/geocode.py") for locs in found.values() for loc in locs)
    untranslated = []
    for msgid in found:
        entry = catalog.get(msgid)
        forms = (
            entry.string if entry and isinstance(entry.string, tuple) else (entry and entry.string,)
        )
        if not entry or entry.fuzzy or not all(forms) or len(forms) not in (1, catalog.num_plurals):
            untranslated.append(msgid)
    assert untranslated == [], (
        "translate in messages.po, then: pybabel compile -d webapp/translations"
    )


# Where the core raises or builds text a person reads: the message must be a literal template
# (values passed apart), or pybabel cannot extract it and the page shows it in English.
CORE_MESSAGES = {"carefinder/query.py": {"BadParameter": 1},
                 "index/geocode.py": {"CarefinderError": 0, "Message": 0}}  # fmt: skip


@pytest.mark.parametrize("path", sorted(CORE_MESSAGES))
def test_core_messages_are_literal_templates(path):
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)
             and isinstance(node.func, ast.Name) and node.func.id in CORE_MESSAGES[path]]  # fmt: skip
    assert calls
    for call in calls:
        message = call.args[CORE_MESSAGES[path][call.func.id]]
        assert isinstance(message, ast.Constant) and isinstance(message.value, str), (
            f"{path}:{call.lineno}: pass a literal template and its values, not an f-string"
        )


def test_message_is_english_text_that_keeps_its_template():
    message = Message("%(name)s must be a number, not %(value)s", name="radius", value="'x'")
    assert message == "radius must be a number, not 'x'"
    assert (message.template, message.values) == (
        "%(name)s must be a number, not %(value)s",
        {"name": "radius", "value": "'x'"},
    )
    error = CarefinderError("unknown place %(place)s: try", place="'%(x)s'")
    assert str(error) == "unknown place '%(x)s': try"  # a value is never formatted again
    assert Message("100% sure") == "100% sure"  # no values: the text as written


@pytest.mark.parametrize(
    ("url", "spanish"),
    [("/?near=80205&radius=abc", "el parámetro radius debe ser un número, no 'abc'"),
     ("/?near=80205&level=spa", "valor desconocido de level: 'spa'; valores válidos: detox"),
     ("/?near=Qwxyzzy", "lugar desconocido 'Qwxyzzy': pruebe un código postal de 5 dígitos"),
     ("/?near=80205&page=0", "el parámetro page debe estar entre 1 y 10000")],
)  # fmt: skip
def test_parameter_errors_on_the_page_are_spanish(client, url, spanish):
    r = client.get(url + "&lang=es")
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and "No pudimos hacer esa búsqueda" in html
    assert html_text(html).count(spanish) == 1


@pytest.mark.parametrize("url", ["/api/search?radius=abc", "/api/search?level=spa"])
def test_api_errors_keep_their_english_json_shape(client, url):
    r = client.get(url, headers={"Accept-Language": "es-MX,es"})
    body = r.get_json()
    assert r.status_code == 400 and set(body) == {"error", "status", "parameter"}
    assert body["error"].startswith(("radius must be a number", "unknown level 'spa'"))


def test_api_404_stays_english_for_a_spanish_browser(client):
    r = client.get("/api/facility/nope", headers={"Accept-Language": "es"})
    assert r.status_code == 404 and r.get_json() == {"error": "No such page or facility.",
                                                     "status": 404}  # fmt: skip


def test_place_notes_and_hours_in_words_are_spanish(client):
    html = html_text(client.get("/?near=Chicgo%2C+IL&radius=500&lang=es").get_data(as_text=True))
    assert "No hay ninguna ciudad llamada 'Chicgo' en IL: se muestra Chicago, IL" in html
    html = html_text(client.get("/?near=80205&radius=50&lang=es").get_data(as_text=True))
    assert "Horario de oficina: lun–jue 8 a. m.–7 p. m.; vie 8 a. m.–4 p. m." in html
    english = html_text(client.get("/?near=80205&radius=50").get_data(as_text=True))
    assert "Office hours: Mon–Thu 8 am–7 pm; Fri 8 am–4 pm" in english


def test_referral_sheet_in_spanish(client):
    html = html_text(client.get("/referral?near=80205&radius=50&lang=es").get_data(as_text=True))
    assert "Lista de derivación" in html and "Impreso:" in html
    assert "Búsqueda: a menos de 50 millas de Denver, CO 80205." in html
    assert "llame o envíe un mensaje de texto al 988" in html and "1-800-662-4357" in html
    assert "Datos: sitios web consultados: 2026-11-22" in html
    assert "Niveles: Ambulatorio intensivo (IOP), Consulta ambulatoria" in html
    # The CSV of the same search stays English, as its slugs and columns are (the API has no
    # lang parameter: it refuses it as it refuses any name not in the query contract).
    csv = client.get("/api/export.csv?near=80205&radius=50", headers={"Accept-Language": "es"})
    csv = csv.get_data(as_text=True)
    assert "within 50 miles of Denver, CO 80205" in csv and "website checked" in csv


def html_text(html: str) -> str:
    """The page's text with tags dropped and spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


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
