"""The national import (both 2022 directories) against brute force over the raw workbooks:
one record per facility, accreditation filters near 60601, and a valid HSDS export of it all."""

import openpyxl
import pytest
from geopy.distance import geodesic
from hsds_schemas import table_errors

from carefinder import gazetteer
from carefinder.phones import parse as parse_phone
from conftest import SAMHSA_2022, national_app, shared_path
from openreferral.files import listing, listings, load, write


def raw_rows() -> list[dict]:
    """Every facility row of both workbooks, read with openpyxl alone."""
    rows = []
    for name in SAMHSA_2022:
        book = openpyxl.load_workbook(shared_path("data", "samhsa", name), read_only=True)
        sheet = book["Facilities List"].iter_rows(values_only=True)
        header = next(sheet)
        for values in sheet:
            d = {
                h: " ".join(str(v).split()) if v is not None else ""
                for h, v in zip(header, values, strict=False)
            }
            if any(d.values()):
                d["codes"] = set(d["service_code_info"].split())
                d["directory"] = name
                rows.append(d)
        book.close()
    return rows


@pytest.fixture(scope="module")
def national(national_import):
    return {**national_import, "raw": raw_rows()}


def facility_key(row: dict) -> tuple:
    return (row["name1"].lower(), row["name2"].lower(), row["street1"].lower(),
            row["street2"].lower(), row["zip"].zfill(5))  # fmt: skip


def phone_columns(row: dict) -> list[str]:  # the workbook's order: main first
    return [row[k] for k in ("phone", "intake1", "intake2", "intake1a", "intake2a") if row.get(k)]


def places(rows: list[dict]) -> int:
    """How many places the rows are: one per name and address (``facility_key``), less the
    listings joined as one place under two names (the rule of carefinder.samhsa.places, tested
    on its own in test_samhsa_import; here it only groups the brute force's rows)."""
    from carefinder.samhsa.places import same_places

    keys: dict[tuple, dict] = {}
    for row in rows:
        key = facility_key(row)
        entry = keys.setdefault(key, {"listings": set(), "record": {
            "name": " ".join([row["name1"], row["name2"]]),
            "phones": [{"e164": number[0]} for number in map(parse_phone, phone_columns(row)) if number],
            "address": {"street": ", ".join(filter(None, [row["street1"], row["street2"]])),
                        "postal_code": row["zip"].zfill(5)},
        }})  # fmt: skip
        entry["listings"].add(row["directory"])
    entries = list(keys.values())
    return len(
        same_places([e["record"] for e in entries], [frozenset(e["listings"]) for e in entries])
    )


def test_one_record_per_facility(national):
    records, raw = national["records"], national["raw"]
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))
    # the same name and address in both workbooks is one facility; so is one place listed under
    # two names in the two workbooks (18,802 of 19,136 name-and-address facilities, measured)
    keys = len({facility_key(r) for r in raw})
    assert len(records) == places(raw) < keys < len(raw)
    assert keys - len(records) == 334
    assert f"imported {len(raw)} of {len(raw)} rows" in national["printed"]
    assert f": {len(records)} facilities" in national["printed"]


def records_at(national) -> callable:
    """The records at a raw row's address (its record may carry the other directory's name)."""
    by_zip = {}
    for r in national["records"]:
        by_zip.setdefault(r["address"]["postal_code"], []).append(r)

    def at(row):
        return [r for r in by_zip[row["zip"].zfill(5)]
                if (r["address"]["street"] or "").lower().startswith(row["street1"].lower())]  # fmt: skip

    return at


def test_gender_only_and_co_occurring_match_the_raw_codes(national):
    at = records_at(national)
    for codes, slug, facet in (({"FEM"}, "women", "populations"), ({"MALE"}, "men", "populations"),
                               ({"SUMH"}, "co_occurring", "conditions")):  # fmt: skip
        rows = [r for r in national["raw"] if codes <= r["codes"]
                and (slug == "co_occurring" or not r["codes"] & ({"FEM", "MALE"} - codes))]  # fmt: skip
        assert rows
        for row in rows[::25]:  # every 25th row: each its own record carrying the slug
            found = at(row)
            assert found and any(slug in r[facet] for r in found), (slug, row["name1"])


def test_mental_health_facilities_carry_mental_health_and_no_made_up_condition(national):
    """RECORD.md §2: every mental-health directory row's record and every SUMH row's has
    mental_health; no record names a condition no code of either directory lists."""
    at = records_at(national)
    rows = [r for r in national["raw"] if "_mh_" in r["directory"] or "SUMH" in r["codes"]]
    assert len(rows) > 10_000
    for row in rows[::25]:
        assert any("mental_health" in r["conditions"] for r in at(row)), row["name1"]
    named = {"depression", "anxiety", "bipolar", "ocd", "personality_disorders"}
    assert not [r["name"] for r in national["records"] if named & set(r["conditions"])]
    carrying = sum("mental_health" in r["conditions"] for r in national["records"])
    assert carrying > len(national["records"]) // 2


@pytest.fixture(scope="module")
def chicago_client(national_index):
    return national_app(national_index, TESTING=True).test_client()


@pytest.mark.parametrize(
    ("slug", "codes"),
    [("carf", {"CARF"}), ("joint_commission", {"JC"}), ("samhsa_otp", {"SOTP", "OTP"}),
     ("state_licensed", {"STAG", "STMH", "STDH", "HLA"}), ("fqhc", {"FQHC"})],
)  # fmt: skip
def test_accreditation_filter_near_60601_agrees_with_brute_force(national, chicago_client, slug,
                                                                  codes):  # fmt: skip
    radius = 30
    centre = gazetteer.by_zip("60601")
    expected = []
    for row in national["raw"]:
        if not row["codes"] & codes:
            continue
        place = gazetteer.locate({"postal_code": row["zip"].zfill(5), "city": row["city"],
                                  "state": row["state"]})  # fmt: skip
        if place and geodesic((centre.lat, centre.lon), (place.lat, place.lon)).miles <= radius:
            expected.append(row)
    got = chicago_client.get(f"/api/search?near=60601&radius={radius}&accreditation={slug}")
    assert got.get_json()["total"] == places(expected) > 0


def test_national_hsds_export_is_valid_and_round_trips(national, tmp_path):
    out = tmp_path / "hsds"
    write(out, national["records"])  # (the CLI path is tested on the sample)
    found = load(out)
    assert table_errors(found) == []
    back = {x["id"]: x for x in listings(found)}
    assert len(back) == len(national["records"])
    assert all(back[r["id"]] == listing(r) for r in national["records"])
    phones = sum(len(r["phones"]) for r in national["records"])
    assert len(found["phones"]) == phones and any(p.get("extension") for p in found["phones"])


def _total(client, query: str) -> int:
    return client.get(f"/api/search?per_page=1&{query}").get_json()["total"]


def test_typed_condition_finds_what_its_filter_finds_near_60601(chicago_client):
    """Issue 20: "opioid use disorder" as text found 377 of 399 listings near 60601."""
    typed = _total(chicago_client, "near=60601&q=opioid%20use%20disorder")
    assert typed == _total(chicago_client, "near=60601&condition=opioids") > 0
    assert typed < _total(chicago_client, "near=60601") / 2


def test_typed_insurer_and_hours_explain_themselves_near_60601(chicago_client):
    html = chicago_client.get("/?near=60601&level=iop&q=Aetna+evening").get_data(as_text=True)
    assert "“Aetna” read as the insurance plan filter" in html
    assert "“evening” read as the hours filter" in html
    assert "no listing in this directory states insurer names" in html
    assert "within 30 miles</a>" not in html  # a wider radius finds no insurer either
    iop = _total(chicago_client, "near=60601&level=iop")
    assert f"without the insurance plan and hours filters</a>: {iop} facilities" in html


def test_depression_near_60601_offers_the_mental_health_listings(chicago_client):
    body = chicago_client.get("/api/search?near=60601&q=depression").get_json()
    general = _total(chicago_client, "near=60601&condition=mental_health")
    assert body["total"] == 0 and general > 50
    assert body["wider_match"] == {"unstated": ["depression"], "param": "condition",
                                   "value": "mental_health", "total": general}  # fmt: skip
    html = chicago_client.get("/?near=60601&q=depression").get_data(as_text=True)
    assert "no listing in this area has Depression" in html
    assert (f"listings for mental health in general (none here names Depression)</a>: "
            f"{general} facilities") in html  # fmt: skip
