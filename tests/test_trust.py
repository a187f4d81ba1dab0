"""Quality marks, intake and the age of each source: filters, cards, facility pages (issue 14)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from records import quoted

from carefinder import provenance
from webapp.present import source_text, trust_view

DIRECTORY = "SAMHSA National Directory 2022"
RECENT = (datetime.now(UTC) - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%SZ")  # a fresh crawl


def record(id, name, zip, lat, lon, url=None, say="", **extra):
    return quoted(
        id=id, name=name, url=url, quote=say,
        address={"street": "1 Main St", "city": "Chicago", "state": "IL", "postal_code": zip},
        location={"lat": lat, "lon": lon, "precision": "address"},
        **{"sources": ["samhsa"], **extra},
    )  # fmt: skip


RECORDS = [
    record("dir", "Lakefront Directory Clinic", "60601", 41.886, -87.62,
           accreditations=["carf", "state_licensed"], levels_of_care=["iop"],
           say=f"{DIRECTORY}: ",
           phones=[{"e164": "+13125550100", "label": "main", "extension": "204"}]),
    record("web", "Loop Recovery Center", "60602", 41.883, -87.63,
           accreditations=["joint_commission"], intake=["same_day", "accepting"],
           accepting_new_patients=True, url="https://loop.example/", say="We offer ",
           sources=["crawl"], crawled_at=RECENT),
    record("old", "Wacker Counseling", "60606", 41.88, -87.64, accepting_new_patients=True,
           sources=["crawl"], crawled_at="2024-05-01T10:00:00Z"),
    record("none", "Quiet Street Clinic", "60607", 41.87, -87.65),
]  # fmt: skip


@pytest.fixture(scope="module")
def trust_client(tmp_path_factory):
    from index import store
    from webapp import create_app

    root = tmp_path_factory.mktemp("trust-index")
    store.build(root, RECORDS)
    return create_app({"INDEX_DIR": str(root), "TESTING": True}).test_client()


def ids(client, query: str) -> set[str]:
    return {h["record"]["id"] for h in client.get(f"/api/search?{query}").get_json()["results"]}


def test_accreditation_and_accepting_filters(trust_client):
    near = "near=60601&radius=10"
    assert ids(trust_client, f"{near}&accreditation=carf") == {"dir"}
    assert ids(trust_client, f"{near}&accreditation=carf&accreditation=joint_commission") == {
        "dir",
        "web",
    }
    # accepting new patients: stated intake, or accepting_new_patients true without details
    assert ids(trust_client, f"{near}&intake=accepting") == {"web", "old"}
    assert ids(trust_client, f"{near}&intake=same_day") == {"web"}
    facets = trust_client.get(f"/api/search?{near}").get_json()["facets"]
    assert facets["accreditations"] == {"carf": 1, "state_licensed": 1, "joint_commission": 1}
    assert facets["intake"] == {"accepting": 2, "same_day": 1}


def test_bad_accreditation_names_the_valid_ones(trust_client):
    r = trust_client.get("/api/search?accreditation=iso9001")
    assert r.status_code == 400 and r.get_json()["parameter"] == "accreditation"
    assert "joint_commission" in r.get_json()["error"]


def test_cards_show_marks_with_source_intake_and_age(trust_client):
    html = trust_client.get("/?near=60601&radius=10").get_data(as_text=True)
    cards = {c.split("</a></h3>")[0].rsplit(">", 1)[1]: c for c in html.split('class="result"')[1:]}
    directory = cards["Lakefront Directory Clinic"].split("</li>")[0]
    # One source, said once (issue 20: the survey was named five times on one card)
    assert "Quality marks: CARF accredited, State licensed · New patients:" in directory
    assert directory.count("2022 survey") == 1
    assert "New patients: not stated; call to ask" in directory
    assert 'SAMHSA National Directory, 2022 survey <strong class="stale">' in directory
    assert 'href="tel:+13125550100;ext=204">(312) 555-0100 ext. 204</a>' in directory
    web = cards["Loop Recovery Center"]
    assert "Quality marks: Joint Commission accredited · New patients:" in web
    assert "New patients: Same-day or next-day admission" in web
    assert f"As of: facility website, crawled {RECENT[:10]}</p>" in web
    old = cards["Wacker Counseling"]
    assert "New patients: Accepting new patients" in old and "Quality marks: none stated" in old
    assert 'crawled 2024-05-01 <strong class="stale">(older than a year)</strong>' in old


def test_facility_page_shows_marks_and_sources(trust_client):
    html = trust_client.get("/facility/dir").get_data(as_text=True)
    assert '<h2 id="f-accreditations">Quality marks</h2>' in html
    assert f"“{DIRECTORY}: carf”" in html  # the directory's wording as evidence
    assert "As of: SAMHSA National Directory, 2022 survey" in html
    assert '<strong>CARF accredited</strong> <span class="stale">(older than a year)</span>' in html
    fresh = trust_client.get("/facility/web").get_data(as_text=True)
    assert "<strong>Joint Commission accredited</strong>\n" in fresh  # crawled this week


@pytest.mark.parametrize(
    ("as_of", "stale"),
    [("2022", True), ("2025", False), ("2024-12-01", True), ("2025-12-05", False), (None, False)],
)
def test_stale_after_a_year(as_of, stale):
    assert provenance.Source("x", as_of).stale(date(2026, 12, 2)) is stale


def test_sources_in_words_and_card_evidence():
    rec = RECORDS[0] | {
        "evidence": RECORDS[0]["evidence"]
        + [{"field": "payment", "value": "medicaid", "url": None, "quote": f"{DIRECTORY}: Medicaid"}]
        + [{"field": "payment", "value": "free", "url": None, "quote": "SAMHSA treatment "
            "locator 2022-05-25: service code np"}]
    }  # fmt: skip
    texts = [source_text(s) for s in provenance.of_record(rec)]
    assert texts == [
        "SAMHSA National Directory, 2022 survey",
        "SAMHSA treatment locator, 2022-05-25",
    ]
    kept = provenance.card_evidence(rec["evidence"])
    assert [e["value"] for e in kept] == ["carf", "state_licensed", "free"]
    view = trust_view(rec, today=date(2023, 6, 1))
    # the 2022 survey counts from 2022-12-31; the locator export from its own date
    assert [s["stale"] for s in view["sources"]] == [False, True]
    # two sources: each run of marks names its own, once
    assert view["marks"] == [{"labels": ["CARF accredited", "State licensed"], "source": texts[0]}]


def test_marks_from_two_sources_name_each_once():
    web = {"field": "accreditations", "url": "https://a.example/", "quote": "x"}
    rec = RECORDS[0] | {
        "accreditations": ["carf", "joint_commission", "state_licensed"],
        "crawled_at": RECENT, "sources": ["samhsa", "crawl"],
        "evidence": [RECORDS[0]["evidence"][0], web | {"value": "joint_commission"},
                     RECORDS[0]["evidence"][1]],
    }  # fmt: skip
    marks = trust_view(rec)["marks"]
    assert [(m["labels"], m["source"][:20]) for m in marks] == [
        (["CARF accredited"], "SAMHSA National Dire"),
        (["Joint Commission accredited"], "facility website, cr"),
        (["State licensed"], "SAMHSA National Dire"),
    ]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("CARF", {"dir"}),  # a quality mark by its short name
        ("same-day admission", {"web"}),
        ("OTP", set()),  # nobody here is an opioid treatment program
    ],
)
def test_free_text_finds_values_by_everyday_words(trust_client, words, expected):
    assert ids(trust_client, f"q={words}&near=60601&radius=10") == expected


def test_free_text_opioid_finds_medication_and_otp(tmp_path):
    from carefinder.query import SearchQuery
    from index import store
    from index.search import Engine

    otp = record("otp", "Harbor Clinic", "60601", 41.886, -87.62, accreditations=["samhsa_otp"])
    mat = record("mat", "Bayside Clinic", "60601", 41.886, -87.62) | {"services": ["methadone"]}
    mat["evidence"] = [{"field": "services", "value": "methadone", "url": None, "quote": "x"}]
    rehab = record(
        "res", "Lakeside Clinic", "60601", 41.886, -87.62, levels_of_care=["residential"]
    )
    store.build(tmp_path, [otp, mat, rehab])

    def found(text):
        return {h.record["id"] for h in Engine(tmp_path).search(SearchQuery(text=text)).results}

    assert found("opioid") == {"otp", "mat"}  # OTP by its name, methadone → MAT's words
    assert found("rehab") == {"res"}
    assert found("OTP") == {"otp", "mat"}  # the vocabulary counts "OTP" as a word for MAT too
