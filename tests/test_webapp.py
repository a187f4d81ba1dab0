"""Every route and error of the Flask app, with the real index (Flask's test client)."""

import csv
import io

import pytest


def test_search_page_without_query_shows_form_and_banner(client):
    r = client.get("/")
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert '<html lang="en">' in html and 'href="#main"' in html
    assert "988" in html and "911" in html and "never paid placements" in html
    assert 'label for="near"' in html and "Intensive outpatient (IOP)" in html


def test_search_by_zip_with_filters_lists_nearest_first(client):
    r = client.get("/?near=80205&radius=25&level=iop")
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "Cedar Grove Behavioral Health – Denver Downtown" in html
    assert "Aurora" not in html.split("results-heading")[1]  # Aurora has no IOP
    assert 'href="tel:+13035550110">(303) 555-0110</a>' in html
    assert "(1)" in html  # facet counts beside the options


def test_empty_result_offers_wider_radius_or_fewer_filters_with_counts(client):
    r = client.get("/?near=95814&radius=5&level=detox&insurer=aetna")
    html = r.get_data(as_text=True)
    assert "No facility matches" in html
    assert "within 20 miles</a>: 1 facility" not in html  # no detox near Sacramento takes Aetna
    assert "without the levels of care filter</a>: 1 facility" in html  # Harbor Light: Aetna
    link = html.split('<ul class="relax">')[1].split('href="')[1].split('"')[0]
    assert "level=" not in link and "insurer=aetna" in link.replace("&amp;", "&")


def test_results_say_why_they_matched_and_can_sort(client):
    html = client.get("/?near=95814&radius=50&insurer=aetna&level=iop&sort=relevance").get_data(
        as_text=True
    )
    assert "Matches: Intensive outpatient (IOP), Aetna" in html
    assert '<option value="relevance" selected>' in html and "Sorted by relevance" in html
    implied = client.get("/?near=95814&radius=50&payment=private_insurance").get_data(as_text=True)
    assert "Matches: Private insurance" in implied  # Harbor Light names insurers


def test_bad_input_gives_400_page_with_plain_words(client):
    r = client.get("/?near=Atlantis")
    assert r.status_code == 400 and "unknown place" in r.get_data(as_text=True)
    r = client.get("/?level=rehab")
    assert r.status_code == 400 and "valid: detox" in r.get_data(as_text=True)


def test_facility_page_shows_facts_with_evidence_and_hours(client):
    hit = client.get("/api/search?q=Northside").get_json()["results"][0]["record"]
    html = client.get(f"/facility/{hit['id']}").get_data(as_text=True)
    assert "Northside MAT Clinic" in html and "Buprenorphine (Suboxone)" in html
    assert "Monday" in html and "06:00–14:00" in html  # weekly table
    assert "“" in html and ">source</a>" in html  # evidence quote and link
    assert "Report a problem" in html and "Last checked 2026-11-22" in html


def test_unknown_facility_is_404(client):
    assert client.get("/facility/nope").status_code == 404
    r = client.get("/api/facility/nope")
    assert r.status_code == 404 and r.get_json()["error"]


def test_referral_sheet_and_csv(client):
    ids = [
        h["record"]["id"]
        for h in client.get("/api/search?near=80205&radius=50").get_json()["results"]
    ]
    html = client.get("/referral?" + "&".join(f"id={i}" for i in ids)).get_data(as_text=True)
    assert html.count("<li>") >= len(ids) == 3
    r = client.get("/api/export.csv?" + "&".join(f"id={i}" for i in ids))
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))
    assert r.mimetype == "text/csv" and {row["id"] for row in rows} == set(ids)
    assert client.get("/referral").status_code == 400


def test_api_search_and_vocabulary(client):
    data = client.get("/api/search?near=Denver, CO&radius=30&payment=medicaid").get_json()
    assert data["total"] == 3
    assert all(r["distance_miles"] is not None for r in data["results"])
    assert data["facets"]["levels_of_care"]["outpatient"] == 2
    vocab = client.get("/api/vocabulary").get_json()
    assert {"slug": "iop", "label": "Intensive outpatient (IOP)"}.items() <= vocab[
        "levels_of_care"
    ][4].items()


@pytest.mark.parametrize(
    ("query", "parameter"),
    [("level=rehab", "level"), ("radius=abc", "radius"), ("radius=-3", "radius"),
     ("page=0", "page"), ("per_page=100000", "per_page"), ("open=midnight", "open"),
     ("sort=random", "sort"), ("q=" + "x" * 600, "q")],
)  # fmt: skip
def test_api_bad_parameters_name_the_parameter(client, query, parameter):
    r = client.get(f"/api/search?{query}")
    assert r.status_code == 400
    assert r.get_json()["parameter"] == parameter


def test_untrusted_text_is_escaped_everywhere(client):
    r = client.get("/facility/hostile0000000001")
    html = r.get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert "<script>document.title" not in html
    assert 'href="javascript:' not in html and "<img src=x" not in html
    listing = client.get("/?q=Evil").get_data(as_text=True)
    assert "<script>alert" not in listing and "&lt;script&gt;" in listing
    assert client.get("/api/export.csv?q=Evil").status_code == 200


def test_security_headers_and_no_debug(client):
    r = client.get("/")
    assert "script-src 'self'" in r.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in r.headers["Content-Security-Policy"]
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] == "no-referrer"
    assert not client.application.debug
    assert client.post("/api/search").status_code == 405  # nothing writes


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "name:foo AND (bar OR",  # Whoosh query syntax, unbalanced
        "'; DROP TABLE facilities; --",
        "*:* OR 1=1",
        "x" * 499,
        "\u202e\u0000\ud7ff 𝕏 é ñ 漢字 🙂",
        "iop~2^3 [a TO z]",
    ],
)
def test_hostile_queries_are_answered_and_never_reflected_raw(client, text):
    for path in ("/", "/api/search"):
        r = client.get(path, query_string={"q": text, "near": text[:200]})
        assert r.status_code in (200, 400)
        body = r.get_data(as_text=True)
        assert "<script>alert(1)</script>" not in body or path == "/api/search" and r.is_json
    r = client.get("/api/search", query_string={"q": text})
    assert r.status_code == 200 and "total" in r.get_json()


def test_repeated_filter_values_count_once(client):
    from index.search import SearchQuery

    query = SearchQuery(
        filters={"payment": ["medicaid"] * 210}, open=["evening"] * 9, ids=["a", "a"]
    )
    assert (query.filters, query.open, query.ids) == ({"payment": ["medicaid"]}, ["evening"], ["a"])
    html = client.get("/?near=80205&radius=50&" + "&".join(["payment=medicaid"] * 210)).get_data(
        as_text=True
    )
    assert "Matches: Medicaid</p>" in html  # said once, not 210 times


def test_an_unparsable_phone_in_an_older_index_still_renders(tmp_path, spec_record):
    from index import store
    from webapp import create_app

    spec_record["phones"][0]["e164"] = (
        "+99912345678"  # passed validation before numbers were checked
    )
    store.build(tmp_path, [spec_record])
    client = create_app({"INDEX_DIR": str(tmp_path), "TESTING": True}).test_client()
    rid = spec_record["id"]
    for path in (
        f"/facility/{rid}",
        "/?q=Citrus",
        f"/referral?id={rid}",
        f"/api/export.csv?id={rid}",
    ):
        r = client.get(path)
        assert r.status_code == 200 and "+99912345678" in r.get_data(as_text=True), path


def _app(index_dir, **config):
    from webapp import create_app

    return create_app({"INDEX_DIR": str(index_dir), "TESTING": True, **config}).test_client()


def _damage(index_dir):
    from index import store

    for segment in store.current(index_dir).glob("*.seg"):
        segment.write_bytes(b"\0" * 64)


@pytest.mark.parametrize("breakage", ["missing", "corrupt"])
def test_no_usable_index_is_a_503_without_paths(tmp_path, spec_record, breakage):
    from index import store

    if breakage == "corrupt":
        store.build(tmp_path, [spec_record])
        _damage(tmp_path)
    client = _app(tmp_path)
    for path in ("/?near=95610", "/api/search?near=95610", "/api/facility/x", "/facility/x"):
        r = client.get(path)
        body = r.get_data(as_text=True)
        assert r.status_code == 503 and "index is unavailable" in body, (path, body[:300])
        assert str(tmp_path) not in body and "/tmp" not in body
        assert r.is_json == path.startswith("/api/")


def test_a_search_past_its_time_budget_is_a_503(sample_index):
    client = _app(sample_index, SEARCH_BUDGET=0)
    r = client.get("/api/search?near=80205")
    assert r.status_code == 503 and r.get_json()["error"].startswith("The search took too long")
    assert client.get("/?near=80205").status_code == 503
    assert _app(sample_index).get("/api/search?near=80205").status_code == 200


@pytest.mark.parametrize("first", [True, False])
def test_next_and_previous_move_whatever_the_parameter_order(sample_index, first):
    import re
    from urllib.parse import parse_qs, urlsplit

    client = _app(sample_index)
    rest = "near=95814&radius=500&level=outpatient&level=iop"  # 3 facilities
    url = "/?page=2&per_page=1&" + rest if first else f"/?{rest}&per_page=1&page=2"
    html = client.get(url).get_data(as_text=True)
    links = dict(re.findall(r'rel="(prev|next)" href="([^"]+)"', html))
    for rel, page in (("prev", ["1"]), ("next", ["3"])):
        params = parse_qs(urlsplit(links[rel].replace("&amp;", "&")).query)
        assert params["page"] == page and params["level"] == ["outpatient", "iop"]


@pytest.mark.parametrize("query", ["radius=", "page=2&page=3", "q=a&q=b", "per_page="])
def test_a_single_value_parameter_given_twice_or_empty_is_a_400(client, query):
    r = client.get(f"/api/search?{query}")
    assert r.status_code == 400 and r.get_json()["parameter"] == query.split("=")[0]


def test_every_csv_cell_is_defused_and_mailto_is_encoded(tmp_path, spec_record):
    from index import store

    spec_record.update(name="Plain Name", id="abc-1")
    spec_record["address"].update(street='=HYPERLINK("http://x")', city="@SUM(A1)")
    spec_record["opening_hours"] = None
    store.build(tmp_path, [spec_record])
    client = _app(tmp_path)
    rows = list(
        csv.reader(io.StringIO(client.get("/api/export.csv?id=abc-1").get_data(as_text=True)))
    )
    cells = [c for c in rows[1] if c]
    assert cells and all(c[0] not in "=+-@\t\r" for c in cells), cells
    assert "'=HYPERLINK" in rows[1][2] and rows[1][6] == "'+18669694300"
    html = client.get("/facility/abc-1").get_data(as_text=True)
    assert "?subject=Problem%20with%20listing%20abc-1" in html


def test_a_crafted_id_in_an_older_index_cannot_add_mail_headers(tmp_path, spec_record):
    from index import store

    spec_record["id"] = "x&cc=evil"  # ids are now checked at the record boundary; older indexes
    store.build(tmp_path, [spec_record])
    html = _app(tmp_path).get("/facility/x&cc=evil").get_data(as_text=True)
    assert "listing%20x%26cc%3Devil" in html and "&cc=evil" not in html.split("mailto:")[1][:200]


def test_cache_control_on_every_response_and_csp_names_no_script_host(client):
    for path in ("/", "/?near=80205", "/api/search?q=iop", "/api/export.csv?near=80205",
                 "/facility/nope", "/api/facility/nope", "/referral"):  # fmt: skip
        r = client.get(path)
        assert r.headers["Cache-Control"] == "no-store", path
    for path in ("/static/style.css", "/api/vocabulary"):
        assert client.get(path).headers["Cache-Control"].startswith("public, max-age="), path
    csp = client.get("/").headers["Content-Security-Policy"]
    assert "unpkg" not in csp and "script-src 'self';" in csp and "style-src 'self';" in csp
    assert "unpkg" not in client.get("/?near=80205").get_data(as_text=True)


def test_leaflet_is_served_from_the_installed_package(client):
    html = client.get("/?near=80205&radius=50").get_data(as_text=True)
    base = html.split('data-leaflet="')[1].split('"')[0]
    r = client.get(base + "leaflet.js")
    assert r.status_code == 200 and b"Leaflet" in r.data[:400]
    assert "max-age=31536000" in r.headers["Cache-Control"]
    assert "unpkg" not in client.get("/static/map.js").get_data(as_text=True)


def test_api_errors_are_json_whatever_raised_them(client):
    from werkzeug.exceptions import RequestEntityTooLarge

    app = client.application

    @app.get("/api/too-large-for-test")
    def too_large():  # werkzeug raises this one itself for an over-long body
        raise RequestEntityTooLarge()

    r = client.get("/api/too-large-for-test")
    assert r.status_code == 413 and r.is_json and r.get_json()["status"] == 413
