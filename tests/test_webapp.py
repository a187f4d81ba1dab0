"""Every route and error of the Flask app, with the real index (Flask's test client)."""

import csv
import io
from datetime import date

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
    assert "without the level of care filter</a>: 1 facility" in html  # Harbor Light: Aetna
    link = html.split('<ul class="relax">')[1].split('href="')[1].split('"')[0]
    assert "level=" not in link and "insurer=aetna" in link.replace("&amp;", "&")


def test_results_say_why_they_matched_and_can_sort(client):
    html = client.get("/?near=95814&radius=50&insurer=aetna&level=iop&sort=relevance").get_data(
        as_text=True
    )
    card = html.split('class="result"')[1].split("</li>")[0]
    assert "Takes: Aetna" in card and "Intensive outpatient (IOP)" in card  # shown once each
    assert "Matches:" not in card  # the card lists the level and the plan already
    assert '<option value="relevance" selected>' in html and "Sorted by relevance" in html
    implied = client.get("/?near=95814&radius=50&payment=private_insurance").get_data(as_text=True)
    assert "Takes: Aetna, Cigna, Blue Cross Blue Shield, Private insurance" in implied
    co_occurring = client.get("/?near=95814&radius=50&condition=co_occurring").get_data(
        as_text=True
    )
    assert "Matches: Co-occurring disorders (dual diagnosis)" in co_occurring  # not elsewhere


def test_bad_input_gives_400_page_with_plain_words(client):
    r = client.get("/?near=Zzyzxqv Vrpt")
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


def _ids(client, query: str) -> list[str]:
    return [h["record"]["id"] for h in client.get(f"/api/search?{query}").get_json()["results"]]


def test_referral_sheet_and_csv_keep_the_order_given(client):
    ids = _ids(client, "near=80205&radius=50")[::-1]  # not distance order: the list's own
    assert len(ids) == 3
    html = client.get("/referral?near=80205&" + "&".join(f"id={i}" for i in ids)).get_data(
        as_text=True
    )
    names = [client.get(f"/api/facility/{i}").get_json()["name"] for i in ids]
    positions = [html.index(f"<h2>{n}</h2>") for n in names]
    assert positions == sorted(positions)
    assert "miles from Denver, CO 80205 ·" in html and "988" in html and "1-800-662-4357" in html
    assert "Printed:" in html and "website checked 2026-11-22" in html
    assert "Data:</strong> websites checked 2026-11-22 (each" in html
    r = client.get("/api/export.csv?near=80205&" + "&".join(f"id={i}" for i in ids))
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))
    assert r.mimetype == "text/csv" and [row["id"] for row in rows] == ids
    assert all(row["distance_miles"] and row["address"] and row["search"] for row in rows)
    assert all("988" in row["help"] and "1-800-662-4357" in row["help"] for row in rows)


def test_referral_without_choices_explains_instead_of_failing(client):
    r = client.get("/referral")
    assert r.status_code == 200 and "Nothing chosen yet" in r.get_data(as_text=True)


def test_print_and_export_all_results_in_screen_order(client):
    query = "near=80205&radius=50"
    screen = _ids(client, query)
    html = client.get(f"/?{query}").get_data(as_text=True)
    assert "Print all 3 results" in html and "Export all 3 as CSV" in html
    sheet = client.get(f"/referral?{query}").get_data(as_text=True)
    assert sheet.count("<li>") >= 3 and "within 50 miles of Denver, CO 80205" in sheet
    rows = list(
        csv.DictReader(io.StringIO(client.get(f"/api/export.csv?{query}").get_data(as_text=True)))
    )
    assert [row["id"] for row in rows] == screen


def test_csv_has_every_row_of_the_search_not_one_page(client):
    total = client.get("/api/search?per_page=1").get_json()["total"]
    r = client.get("/api/export.csv?q=")
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))
    assert len(rows) == total == int(r.headers["X-Total-Count"]) > 1
    assert [row["rank"] for row in rows] == [str(n) for n in range(1, total + 1)]


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


@pytest.mark.parametrize("radius", ["30", "37.5", "500", "1"])
def test_any_radius_is_kept_exactly_in_form_and_heading(client, radius):
    html = client.get(f"/?near=80205&radius={radius}").get_data(as_text=True)
    assert f'<option value="{radius}" selected>{radius} miles</option>' in html
    assert f"within {radius} miles of Denver" in html
    assert html.count(" selected>") == 1 + html.count('<option value="" selected>')


def test_radius_menu_offers_the_agreed_steps(client):
    html = client.get("/").get_data(as_text=True)
    menu = html.split('id="radius"')[1].split("</select>")[0]
    values = [v.split('"')[0] for v in menu.split('value="')[1:]]
    assert values == ["5", "10", "15", "20", "25", "30", "40", "50", "75", "100", "250", "500"]


def test_form_is_short_with_other_filters_folded_and_counted(client):
    html = client.get("/?near=80205&radius=50&condition=co_occurring&language=es").get_data(
        as_text=True
    )
    form = html.split('id="search"')[1].split("</form>")[0]
    short = form.split("<details")[0]
    assert 'name="level"' in short and 'name="payment"' in short and 'name="near"' in short
    assert 'name="condition"' not in short and 'name="insurer"' not in short
    assert 'More filters <span class="chosen">(2 chosen)</span>' in form
    assert html.index('id="search"') < html.index('id="results"')


def test_values_no_facility_has_are_not_offered(client):
    html = client.get("/").get_data(as_text=True)
    offered = client.get("/api/search?per_page=1").get_json()["facets"]["conditions"]
    assert "gambling" not in offered and 'value="gambling"' not in html
    assert 'value="co_occurring"' in html
    chosen = client.get("/?condition=gambling").get_data(
        as_text=True
    )  # chosen anyway: kept and flagged
    assert 'value="gambling" checked' in chosen and "(no listing states this)" in chosen


def test_empty_search_without_place_asks_for_one(client):
    r = client.get("/?near=&q=&radius=25")
    html = r.get_data(as_text=True)
    assert "Type a ZIP code, city or address" in html and "Sorted by" not in html
    filtered = client.get("/?level=iop").get_data(as_text=True)
    assert "in the whole directory (no place given)" in filtered and "Sorted by name" in filtered


def test_empty_result_says_which_filter_emptied_it(client):
    html = client.get("/?near=80205&radius=50&insurer=aetna").get_data(as_text=True)
    assert "No facility matches every choice: no listing in this area has Aetna" in html


@pytest.mark.parametrize(
    ("near", "shown", "note"),
    [("Chicgo, IL", "Chicago, IL", "closest name"), ("Denver, Colorado", "Denver, CO", None),
     ("233 S Wacker Dr, Chicago, IL", "Chicago, IL", "Street address not used"),
     ("Boston,MA", "Boston, MA", None), ("Kansas City", "Kansas City, MO", "the largest")],
)  # fmt: skip
def test_places_are_read_and_the_reading_is_shown(client, near, shown, note):
    html = client.get("/", query_string={"near": near, "radius": 25}).get_data(as_text=True)
    assert f"miles of {shown}" in html
    if note:
        assert note in html


def test_an_unknown_place_offers_its_choices_on_the_page_and_in_the_api(client):
    r = client.get("/", query_string={"near": "Saint", "radius": 25, "level": "iop"})
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and "no place is called exactly" in html
    choices = html.split('class="place-choices"')[1].split("</p>")[0]
    assert "Did you mean:" in choices
    assert 'href="/?near=Saint+Paul,+MN&amp;radius=25&amp;level=iop&amp;page=1#results"' in choices
    api = client.get("/api/search?near=Saint")
    body = api.get_json()
    assert api.status_code == 400 and body["parameter"] == "near"
    assert body["error"] == "no place is called exactly 'Saint'"
    assert "Saint Paul, MN" in body["choices"]


def test_a_place_read_as_the_largest_of_its_name_offers_the_others(client):
    html = client.get("/", query_string={"near": "Springfield", "radius": 25}).get_data(
        as_text=True
    )
    note = html.split('class="place-note"')[1].split("</div>")[0]
    assert "the largest (population 170,188)" in note
    assert 'href="/?near=Springfield,+IL&amp;radius=25&amp;page=1#results"' in note
    api = client.get("/api/search?near=Springfield").get_json()["query"]["near_resolved"]
    assert api["label"] == "Springfield, MO" and "Springfield, IL" in api["alternatives"]


def test_card_shows_street_phone_schedule_in_words_and_data_date(client):
    html = client.get("/?near=95814&radius=25&level=iop&open=evening").get_data(as_text=True)
    card = html.split('class="result"')[1].split("</li>")[0]
    assert "1450 Capitol Mall Suite 210, Sacramento, CA 95814" in card
    assert 'href="tel:+19165550142"' in card
    assert "Evening IOP: Mon, Wed, Thu 6–9 pm" in card and "day PHP" not in card
    assert "As of: facility website, crawled 2026-11-22" in card and "Data:" not in card
    plain = client.get("/?near=80205&radius=5").get_data(as_text=True)  # no program schedule
    assert "Office hours: Mon–Thu 8 am–7 pm; Fri 8 am–4 pm" in plain


def test_api_refuses_blank_values_the_form_treats_as_any(client):
    r = client.get("/api/search?per_page=")
    assert r.status_code == 400 and r.get_json()["parameter"] == "per_page"
    assert client.get("/api/search?level=").status_code == 400
    assert client.get("/?near=80205&level=&payment=&radius=25").status_code == 200


def test_directory_without_hours_or_insurers_does_not_offer_those_filters(tmp_path):
    """National data states neither insurers nor hours: those filters are not offered."""
    import json

    from conftest import DATA
    from index import store
    from webapp import create_app

    lines = (DATA / "sample_records.jsonl").read_text(encoding="utf-8").splitlines()
    bare = [{**json.loads(line), "insurers": [], "opening_hours": None, "program_schedules": []}
            for line in lines]  # fmt: skip
    for r in bare:
        r["payment"] = [p for p in r["payment"] if p != "private_insurance"]
    store.build(tmp_path, bare)
    html = create_app({"INDEX_DIR": str(tmp_path)}).test_client().get("/").get_data(as_text=True)
    assert "No listing in this directory states its hours." in html
    assert 'name="insurer"' not in html and 'name="open"' not in html


def test_repeated_filter_values_count_once(client):
    from index.search import SearchQuery

    query = SearchQuery(
        filters={"payment": ["medicaid"] * 210}, open=["evening"] * 9, ids=["a", "a"]
    )
    assert (query.filters, query.open, query.ids) == ({"payment": ["medicaid"]}, ["evening"], ["a"])
    html = client.get("/?near=80205&radius=50&" + "&".join(["payment=medicaid"] * 210)).get_data(
        as_text=True
    )
    card = html.split('class="result"')[1].split("</li>")[0]
    assert card.count("Medicaid") == 1  # said once, not 210 times


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
    row = dict(zip(rows[0], rows[1], strict=True))
    # E.164 numbers are left as machines read them: a "+" and digits compute nothing
    cells = [c for k, c in row.items() if c and not k.endswith("e164")]
    assert cells and all(c[0] not in "=+-@\t\r" for c in cells), cells
    assert row["street"].startswith("'=HYPERLINK") and row["phone"] == "(866) 969-4300"
    assert row["phone_e164"] == "+18669694300"
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


def _listing(rid: str, name: str, street: str, lat: float, **fields) -> dict:
    return {"id": rid, "kind": "provider", "name": name,
            "address": {"street": street, "city": "Chicago", "state": "IL", "postal_code": "60601"},
            "location": {"lat": lat, "lon": -87.6181, "precision": "address"},
            "levels_of_care": ["php", "iop"], "payment": ["medicaid", "self_pay"], **fields}  # fmt: skip


def test_sheet_and_csv_carry_everything_a_referral_needs(tmp_path):
    """Distance, full address, main and intake phones with extensions, levels, payment, the
    search, the date, the data's age (a directory's year too) and 988 / SAMHSA's helpline."""
    from index import store

    crawled = _listing(
        "ref-web", "Alpha Recovery", "10 W Lake St", 41.8900,
        phones=[{"e164": "+13125550100", "label": "main", "extension": "12"},
                {"e164": "+13125550199", "label": "admissions", "extension": "7"}],
        sources=["crawl"], crawled_at="2026-11-20T10:00:00Z",
    )  # fmt: skip
    directory = _listing(
        "ref-dir", "Beta Center", "200 N State St", 41.9100,
        phones=[{"e164": "+13125550200", "label": None, "extension": "305"}], sources=["samhsa"],
        evidence=[{"field": "levels_of_care", "value": "php", "url": None,
                   "quote": "SAMHSA National Directory 2022: Partial hospitalization"}],
    )  # fmt: skip
    store.build(tmp_path, [crawled, directory])
    client = _app(tmp_path)
    query = "near=60601&radius=10&level=php&payment=medicaid"
    today = date.today().isoformat()

    sheet = client.get(f"/referral?{query}").get_data(as_text=True)
    head = sheet.split('<ol class="referral">')[0]
    assert "Partial hospitalization (PHP); Medicaid; within 10 miles of Chicago, IL 60601" in head
    assert f"Printed:</strong> {today}" in head
    assert "websites checked 2026-11-20; SAMHSA National Directory, 2022 survey" in head
    assert "988" in head and "1-800-662-4357" in head
    alpha, beta = sheet.split("<h2>")[1:3]
    assert alpha.startswith("Alpha Recovery") and beta.startswith("Beta Center")  # nearest first
    assert "0.3 miles · 10 W Lake St, Chicago, IL 60601" in alpha
    assert "Phone: (312) 555-0100 ext. 12 · Intake: (312) 555-0199 ext. 7" in alpha
    assert "Levels: Partial hospitalization (PHP), Intensive outpatient (IOP)" in alpha
    assert "Payment: Medicaid, Self-pay" in alpha
    assert "Data: website checked 2026-11-20" in alpha
    assert "Phone: (312) 555-0200 ext. 305" in beta
    assert "Data: SAMHSA National Directory, 2022 survey" in beta

    r = client.get(f"/api/export.csv?{query}")
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))
    assert [row["name"] for row in rows] == ["Alpha Recovery", "Beta Center"]
    a, b = rows
    assert float(a["distance_miles"]) == pytest.approx(0.29, abs=0.01)
    assert a["address"] == "10 W Lake St, Chicago, IL 60601"
    # the words the sheet shows (issue 20), and E.164 numbers for machines
    assert (a["phone"], a["phone_extension"]) == ("(312) 555-0100", "12")
    assert (a["intake_phone"], a["intake_extension"]) == ("(312) 555-0199", "7")
    assert (a["phone_e164"], a["intake_phone_e164"]) == ("+13125550100", "+13125550199")
    assert a["levels_of_care"] == "Partial hospitalization (PHP); Intensive outpatient (IOP)"
    assert a["payment"] == "Medicaid; Self-pay (cash)"
    assert a["distance_from"] == "Chicago, IL 60601"
    assert (
        a["search"]
        == "Partial hospitalization (PHP); Medicaid; within 10 miles of Chicago, IL 60601"
    )
    assert a["exported"] == today and a["data"] == "website checked 2026-11-20"
    assert (b["phone"], b["phone_extension"]) == ("(312) 555-0200", "305")
    assert b["data"] == "SAMHSA National Directory, 2022 survey"
    assert all("988" in row["help"] and "1-800-662-4357" in row["help"] for row in rows)


def test_a_whole_country_csv_has_every_row(tmp_path):
    """21,000 facilities across the country (the national directories' size): the export of
    the whole directory and of a 500-mile search stream every row, each once, none cut."""
    import random

    from index import store

    rng = random.Random(21)
    store.build(tmp_path, [
        {"id": f"n{i:05d}", "kind": "provider", "name": f"Facility {i}",
         "address": {"street": f"{i} Main St", "city": "Lebanon", "state": "KS",
                     "postal_code": "66952"},
         "location": {"lat": rng.uniform(25, 49), "lon": rng.uniform(-124, -67),
                      "precision": "address"},
         "levels_of_care": ["outpatient"], "payment": ["medicaid"], "sources": ["samhsa"]}
        for i in range(21_000)
    ])  # fmt: skip
    # What this checks is completeness, not speed: a generous budget, so a slow or busy machine
    # cannot turn a search into "took too long" (speed is measured in bench/)
    client = _app(tmp_path, SEARCH_BUDGET=120)
    totals = []
    for query in ("", "near=66952&radius=500"):
        total = client.get(f"/api/search?per_page=1&{query}").get_json()["total"]
        totals.append(total)
        r = client.get(f"/api/export.csv?{query}")
        rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))
        assert len(rows) == total == int(r.headers["X-Total-Count"])
        assert len({row["id"] for row in rows}) == total
        assert rows[-1]["rank"] == str(total)
    assert totals[0] == 21_000 and totals[1] > 2_000  # more than any page or sheet


def test_menu_values_show_what_choosing_them_finds(client):
    """A menu's value replaces its choice: the count beside it is the total of the search with
    that value as its kind's only choice (the other kinds kept): "PHP (n)" with IOP chosen
    finds n. Checkboxes add or take out values: tests/test_facet_clicks.py."""
    import re

    html = client.get(
        "/?near=80205&radius=50&level=iop&condition=co_occurring&payment=medicaid"
    ).get_data(as_text=True)
    menu = html.split('id="f-level"')[1].split("</select>")[0]
    levels = {v: int(n) for v, n in re.findall(r'<option value="(\w+)"[^>]*>[^<]*\((\d+)\)', menu)}
    assert '<option value="iop" selected>' in html and {"iop", "php", "outpatient"} <= set(levels)
    for level, n in levels.items():
        query = f"near=80205&radius=50&level={level}&condition=co_occurring&payment=medicaid"
        assert n == client.get(f"/api/search?{query}&per_page=1").get_json()["total"], level


def test_an_empty_result_offers_the_nearest_radius_that_finds_something(client):
    html = client.get("/?near=80205&radius=5&level=residential").get_data(as_text=True)
    assert "No facility matches every choice: no listing in this area has Residential" in html
    menu = [10, 15, 20, 25, 30, 40, 50, 75, 100, 250, 500]
    totals = {
        r: client.get(f"/api/search?near=80205&radius={r}&level=residential").get_json()["total"]
        for r in menu
    }
    nearest = next(r for r in menu if totals[r])
    found = totals[nearest]
    offers = html.split('<ul class="relax">')[1].split("</ul>")[0]
    assert offers.count("miles</a>") == 1  # one wider radius: the nearest that finds any
    assert f"within {nearest} miles</a>: {found} facilit" in offers
    link = offers.split('href="')[1].split('"')[0].replace("&amp;", "&")
    assert f"radius={nearest}" in link and "level=residential" in link and "radius=5" not in link


def test_a_referral_service_says_so_on_its_card_and_never_leads_a_care_search(client):
    """The sample web's lead-generation helpline: labelled where it is listed, and no detox
    search puts it before a detox provider."""
    html = client.get("/?q=Rehab+Match+Helpline").get_data(as_text=True)
    card = html[html.index(">Rehab Match Helpline</a></h3>") :]
    assert "This is a referral service, not a treatment provider." in card[:2000]
    detox = client.get("/api/search?level=detox&per_page=100").get_json()["results"]
    assert detox and all(r["record"]["kind"] == "provider" for r in detox)
    words = client.get("/api/search?q=detox&per_page=100").get_json()["results"]
    kinds = [r["record"]["kind"] for r in words]
    assert kinds[0] == "provider" and kinds == sorted(kinds)  # provider < referral_service
