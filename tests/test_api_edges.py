"""Round three, API edges (issues 20 and 21): a strict API that forgives case and spaces,
explains an empty result as the page does, and whose OpenAPI document says what it accepts
(through the real Flask app over the real sample index)."""

import re

import pytest

from carefinder.query import PARAMS


@pytest.mark.parametrize("path", ["/api/search", "/api/export.csv", "/api/hsds/services"])
def test_an_unknown_parameter_is_a_400_naming_the_known_ones(client, path):
    r = client.get(f"{path}?near=80205&levl=iop")
    body = r.get_json()
    assert r.status_code == 400 and body["parameter"] == "levl"
    assert body["error"].startswith("unknown parameter levl; known: ")
    assert "level" in body["error"] and "radius" in body["error"]


def test_the_unknown_parameter_message_names_every_contract_parameter(client):
    known = client.get("/api/search?levl=iop").get_json()["error"].split("known: ")[1]
    assert known.split(", ") == list(PARAMS)


def test_the_page_still_ignores_names_that_are_not_the_contracts(client):
    assert client.get("/?near=80205&level=iop&lang=es&utm_source=x").status_code == 200


@pytest.mark.parametrize("value", ["IOP", " iop ", "Iop", "%20IOP%09"])
def test_values_are_read_whatever_their_case_and_surrounding_spaces(client, value):
    exact = client.get("/api/search?near=80205&radius=50&level=iop").get_json()
    r = client.get(f"/api/search?near=80205&radius=50&level={value}")
    assert r.status_code == 200 and r.get_json()["total"] == exact["total"] > 0
    assert r.get_json()["query"]["filters"] == {"levels_of_care": ["iop"]}


def test_sort_open_and_language_forgive_case_too(client):
    for query in ("sort=RELEVANCE", "open=Evening", "language=EN"):
        assert client.get(f"/api/search?near=80205&{query}").status_code == 200, query


def test_the_openapi_document_accepts_exactly_what_the_api_reads(client):
    params = client.get("/api/openapi.json").get_json()["paths"]["/api/search"]["get"]
    schema = {p["name"]: p["schema"] for p in params["parameters"]}
    canonical, any_case = schema["level"]["items"]["anyOf"]
    assert "iop" in canonical["enum"]
    pattern = re.compile(any_case["pattern"])
    for value in ("IOP", " iop ", "Sober_Living"):
        assert pattern.search(value), value
    assert not pattern.search("rehab") and not pattern.search("i op")
    assert client.get("/api/search?level=Sober_Living").status_code == 200


def test_an_empty_id_is_refused_and_the_schema_says_so(client):
    """Issue 21 #11: the schema allowed `id=` and the API answered 400."""
    params = client.get("/api/openapi.json").get_json()["paths"]["/api/search"]["get"]
    item = next(p for p in params["parameters"] if p["name"] == "id")["schema"]["items"]
    assert not re.search(item["pattern"], "") and not re.search(item["pattern"], " \t")
    assert re.search(item["pattern"], "abc")
    r = client.get("/api/search?id=")
    assert r.status_code == 400 and r.get_json()["parameter"] == "id"


def test_an_empty_result_is_explained_in_the_json_as_on_the_page(client):
    query = "near=80205&radius=5&level=residential"
    page = client.get(f"/?{query}").get_data(as_text=True)
    body = client.get(f"/api/search?{query}").get_json()
    assert body["total"] == 0
    explanation = body["explanation"]
    reason = explanation["reasons"][0]
    assert reason == {
        "parameter": "level",
        "text": "no listing in this area has Residential treatment",
    }
    assert f"No facility matches every choice: {reason['text']}" in page
    wider = next(o for o in explanation["options"] if o["radius"])
    total = client.get(f"/api/search?near=80205&radius={wider['radius']}&level=residential")
    assert wider["total"] == total.get_json()["total"] > 0
    assert f"within {wider['radius']} miles</a>: {wider['total']} facilit" in page
    without = next(o for o in explanation["options"] if o["drop"] == ["level"])
    assert without["total"] == client.get("/api/search?near=80205&radius=5").get_json()["total"]
    assert explanation["area"] == without["total"]


def test_a_result_with_facilities_carries_no_explanation(client):
    assert "explanation" not in client.get("/api/search?near=80205&radius=50").get_json()


def test_the_export_link_of_a_spanish_page_with_blank_choices_works(client):
    html = client.get("/?near=80205&radius=50&level=&payment=&lang=es").get_data(as_text=True)
    link = re.search(r'href="(/api/export\.csv[^"]*)"', html)[1].replace("&amp;", "&")
    assert "lang=" not in link and "level=" not in link
    assert client.get(link).status_code == 200
