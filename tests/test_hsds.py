"""HSDS 3.0 export and API, validated against Open Referral's schemas read from ../shared."""

import json
import uuid

import pytest
from hsds_schemas import table_errors, validator

from carefinder.jsonl import read_records
from carefinder_cli.main import main
from conftest import DATA
from openreferral.files import listing, listings, load
from openreferral.nested import service
from openreferral.tables import record_rows, taxonomy_rows

SAMPLE = list(read_records([DATA / "sample_records.jsonl"]))


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("hsds")
    assert main(["export", "hsds", str(DATA / "sample_records.jsonl"), "-o", str(out)]) == 0
    return load(out)


def test_sample_export_is_valid_hsds(exported):
    assert table_errors(exported) == []
    assert len(exported["locations"]) == len(exported["services"]) == len(SAMPLE)
    for rows in exported.values():
        ids = [r["id"] for r in rows]
        assert len(ids) == len(set(ids)) and all(uuid.UUID(i) for i in ids)


def test_round_trip_keeps_every_facility_phone_location_and_schedule(exported):
    back = listings(exported)
    assert back == [listing(r) for r in SAMPLE]
    assert sum(len(x["phones"]) for x in back) == sum(len(r["phones"]) for r in SAMPLE) > 0
    assert sum(len(x["programs"]) for x in back) > 0 and any(x["address"] for x in back)


def test_every_vocabulary_value_is_an_attribute_with_a_term(exported):
    terms = {t["id"]: t for t in exported["taxonomy_terms"]}
    codes = {(a["link_id"], terms[a["taxonomy_term_id"]]["code"]) for a in exported["attributes"]}
    service_of = {s["location_id"]: s["service_id"] for s in exported["service_at_locations"]}
    location_of = {loc["external_identifier"]: loc["id"] for loc in exported["locations"]}
    for record in SAMPLE:
        sid = service_of[location_of[record["id"]]]
        for facet in ("levels_of_care", "conditions", "payment", "insurers", "accreditations"):
            for slug in record.get(facet) or []:
                assert (sid, f"{facet}.{slug}") in codes


CLINIC = {
    "id": "c1", "kind": "provider", "name": "Evening Clinic", "organization": "Night Health",
    "website": "https://night.example/",
    "phones": [{"e164": "+13125550100", "label": "intake", "extension": "204"}],
    "address": {"street": "1 Main St", "city": "Chicago", "state": "IL", "postal_code": "60601"},
    "location": {"lat": 41.88, "lon": -87.62, "precision": "address"},
    "levels_of_care": ["iop"], "languages": ["es"], "accreditations": ["carf"],
    "intake": ["waitlist"],
    "opening_hours": "Mo-Fr 08:00-17:00; Sa 10:00-14:00",
    "program_schedules": [{"level": "iop", "opening_hours": "Mo,We,Th 18:00-21:00",
                           "label": "evening IOP"}],
}  # fmt: skip


def test_schedules_phones_and_free_text_fields():
    rows = record_rows(CLINIC)
    hours = [(s["byday"], s["opens_at"], s["closes_at"], s.get("service_at_location_id") is None,
              s["description"]) for s in rows["schedules"]]  # fmt: skip
    assert hours == [
        ("MO,TU,WE,TH,FR", "08:00", "17:00", True, "office hours"),
        ("SA", "10:00", "14:00", True, "office hours"),
        ("MO,WE,TH", "18:00", "21:00", False, "evening IOP – Intensive outpatient (IOP)"),
    ]
    (phone,) = rows["phones"]
    assert (phone["number"], phone["extension"], phone["description"]) == (
        "+13125550100",
        204,
        "intake",
    )
    (svc,) = rows["services"]
    assert svc["accreditations"] == "CARF accredited"
    assert svc["application_process"] == "Waiting list"
    assert (
        rows["languages"][0]["code"] == "es" and rows["service_areas"][0]["name"] == "Chicago, IL"
    )
    assert table_errors({t: r for t, r in rows.items() if r}) == []
    always = record_rows(CLINIC | {"opening_hours": "24/7", "program_schedules": []})
    assert [(s["byday"], s["opens_at"], s["closes_at"]) for s in always["schedules"]] == [
        ("MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59")
    ]


def test_leading_zero_extension_survives_the_numeric_field(tmp_path):
    from openreferral.files import write

    clinic = CLINIC | {"phones": [{"e164": "+13125550100", "label": "main", "extension": "0437"}]}
    write(tmp_path, [clinic])
    found = load(tmp_path)
    (phone,) = found["phones"]
    assert (phone["extension"], phone["description"]) == (437, "main (extension 0437)")
    assert listings(found) == [listing(clinic)]


def test_nested_service_is_valid_against_the_compiled_schema():
    nested = service(CLINIC)
    assert list(validator("compiled/service.json").iter_errors(nested)) == []
    (sal,) = nested["service_at_locations"]
    assert sal["location"]["addresses"][0]["postal_code"] == "60601"
    assert [s["byday"] for s in sal["schedules"]] == ["MO,WE,TH"]
    assert nested["organization"]["name"] == "Night Health"
    terms = {t["id"]: t for t in taxonomy_rows()["taxonomy_terms"]}
    assert {terms[a["taxonomy_term_id"]]["code"] for a in nested["attributes"]} == {
        "levels_of_care.iop", "accreditations.carf", "intake.waitlist"
    }  # fmt: skip


def test_api_serves_the_search_as_hsds_pages(client):
    query = "near=80205&radius=25&level=outpatient&level=detox&per_page=1"
    page = client.get(f"/api/hsds/services?{query}").get_json()
    total = client.get(f"/api/search?{query}").get_json()["total"]
    assert page["total_items"] == total >= 2
    assert (page["size"], page["total_pages"], page["first_page"], page["last_page"]) == (
        1, total, True, False
    )  # fmt: skip
    check = validator("compiled/service.json")
    for item in page["contents"]:
        assert list(check.iter_errors(item)) == []
    last = client.get(f"/api/hsds/services?{query}&page={total}").get_json()
    assert last["last_page"] and not last["first_page"]
    assert last["contents"][0]["id"] != page["contents"][0]["id"]


def test_api_rejects_bad_filters_like_the_search(client):
    r = client.get("/api/hsds/services?accreditation=iso")
    assert r.status_code == 400 and r.get_json()["parameter"] == "accreditation"


def test_hsds_search_page_and_per_page_are_the_hsds_api_references(client):
    """Issue 20 #5: /api/hsds/services ignored HSDS's own `search` parameter."""
    words = client.get("/api/search?q=detox&near=80205&radius=50").get_json()["total"]
    everything = client.get("/api/hsds/services?near=80205&radius=50").get_json()["total_items"]
    page = client.get("/api/hsds/services?search=detox&near=80205&radius=50").get_json()
    assert page["total_items"] == words < everything
    for query, parameter in (("q=detox", "q"), ("search=" + "x" * 501, "search"),
                             ("per_page=201", "per_page"), ("page=0", "page")):  # fmt: skip
        r = client.get(f"/api/hsds/services?{query}")
        assert r.status_code == 400 and r.get_json()["parameter"] == parameter, query
    assert "known: search, near, radius" in client.get("/api/hsds/services?q=x").get_json()["error"]


def test_attributes_refer_to_taxonomy_terms_served_once(client):
    """Issue 20 #5: every attribute repeated its whole taxonomy term (327 KB for 20 services)."""
    page = client.get("/api/hsds/services?near=80205&radius=50&per_page=20").get_json()
    attributes = [a for s in page["contents"] for a in s["attributes"]]
    assert attributes and not any("taxonomy_term" in a for a in attributes)
    check = validator("taxonomy_term.json")
    for a in attributes:
        r = client.get(f"/api/hsds/taxonomy_terms/{a['taxonomy_term_id']}")
        assert r.status_code == 200 and list(check.iter_errors(r.get_json())) == []
    assert client.get("/api/hsds/taxonomy_terms/nope").status_code == 404
    terms = client.get("/api/hsds/taxonomy_terms?search=IOP").get_json()
    assert [t["code"] for t in terms["contents"]] == ["levels_of_care.iop"]
    first = client.get("/api/hsds/taxonomy_terms?per_page=5&page=2").get_json()
    assert first["size"] == 5 and first["total_items"] == len(taxonomy_rows()["taxonomy_terms"])
    assert client.get("/api/hsds/taxonomy_terms?near=80205").status_code == 400


def test_export_reports_unreadable_input(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "x", "kind": "provider"}) + "\n")
    assert main(["export", "hsds", str(bad), "-o", str(tmp_path / "out")]) == 0
    assert "skipped: 'name' is a required property" in capsys.readouterr().err
    assert load(tmp_path / "out")["services"] == []
