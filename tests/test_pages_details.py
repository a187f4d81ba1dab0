"""Details of the pages a person meets (issue 20, points 4 and 10) through the real Flask app
on the sample index: the referral list across searches, plural forms, page numbers, the way
back from a facility, the favicon, phone labels and extensions."""

import csv
import io
import re

import pytest

DENVER, SACRAMENTO = "near=80205&radius=50", "near=95814&radius=50"


def first_id(client, query: str) -> str:
    return client.get(f"/api/search?{query}&per_page=1").get_json()["results"][0]["record"]["id"]


def test_the_referral_list_keeps_picks_from_two_places(client):
    """One pick near Denver, one near Sacramento: the sheet lists both, each measured from
    its own place, whatever place the last search had; its count is its rows; so is the CSV."""
    denver, sacramento = first_id(client, DENVER), first_id(client, SACRAMENTO)
    query = f"id={denver}&id={sacramento}&at={denver}:80205&at={sacramento}:95814"
    sheet = client.get(f"/referral?{query}&near=80205&radius=5").get_data(as_text=True)
    rows = sheet.split('<ol class="referral">')[1].split("<li>")[1:]
    assert len(rows) == 2
    assert "Search:</strong> 2 chosen facilities." in sheet
    assert "<strong>2</strong> facilities" in sheet
    assert "0.0 miles from Denver, CO 80205 ·" in rows[0]
    assert "0.0 miles from Sacramento, CA 95814 ·" in rows[1]
    csv_link = re.search(r'href="(/referral\.csv\?[^"]+)">Download as CSV', sheet)[1]
    r = client.get(csv_link.replace("&amp;", "&"))
    lines = list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))
    assert [row["id"] for row in lines] == [denver, sacramento] == [r_["id"] for r_ in lines]
    assert [row["distance_from"] for row in lines] == ["Denver, CO 80205", "Sacramento, CA 95814"]
    assert lines[0]["search"] == "2 chosen facilities"


def test_a_pick_without_a_place_has_no_distance_and_gone_ones_are_counted(client):
    denver = first_id(client, DENVER)
    sheet = client.get(f"/referral?id={denver}&id=gone-away").get_data(as_text=True)
    row = sheet.split('<ol class="referral">')[1]
    assert "miles" not in row.split("</p>")[0]
    assert "<strong>1</strong> facility; 1 chosen facility is no longer listed." in sheet


def test_plural_forms(client):
    html = client.get(f"/?{SACRAMENTO}&level=iop").get_data(as_text=True)
    assert "1 facility within 50 miles" in html
    assert "Print 1 result</a>" in html and "Export 1 result as CSV</a>" in html
    spanish = client.get(f"/?{SACRAMENTO}&level=iop&lang=es").get_data(as_text=True)
    assert "Imprimir 1 resultado</a>" in spanish
    many = client.get(f"/?{DENVER}").get_data(as_text=True)
    assert "Print all 3 results</a>" in many and "Export all 3 as CSV</a>" in many


def test_page_numbers(client):
    html = client.get("/?payment=private_insurance&per_page=1&page=5").get_data(as_text=True)
    nav = html.split('class="pages no-print"')[1].split("</nav>")[0]
    words = re.findall(r">([^<>\s][^<>]*)</(?:a|span)>", nav)
    total = int(re.search(r'id="results-heading">(\d+)', html)[1])
    assert total == 11
    assert words == ["Previous", "1", "…", "3", "4", "5", "6", "7", "…", "11", "Next"]
    assert '<span aria-current="page">5</span>' in nav
    assert 'href="/?payment=private_insurance&amp;per_page=1&amp;page=7#results"' in nav
    single = client.get(f"/?{DENVER}").get_data(as_text=True)
    assert 'class="pages' not in single  # one page: nothing to number


def test_a_facility_page_leads_back_to_its_results(client):
    html = client.get(f"/?{DENVER}&level=iop&page=1").get_data(as_text=True)
    link = re.search(r'<h3><a href="([^"]+)"', html)[1].replace("&amp;", "&")
    assert link.endswith("?near=80205&radius=50&level=iop&page=1")
    page = client.get(link).get_data(as_text=True)
    back = re.search(r'<p class="back no-print"><a href="([^"]+)">← Back to the results', page)
    assert back[1].replace("&amp;", "&") == "/?near=80205&radius=50&level=iop&page=1#results"
    direct = client.get(link.split("?")[0]).get_data(as_text=True)
    assert "Back to the results" not in direct and "Start a new search" in direct


def test_favicon(client):
    r = client.get("/favicon.ico")
    assert r.status_code == 200 and r.data[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert "max-age" in r.headers["Cache-Control"]
    assert '<link rel="icon" href="/favicon.ico">' in client.get("/").get_data(as_text=True)


@pytest.fixture
def phones_client(tmp_path, spec_record):
    """An index written before import dropped "x0" extensions, with labelled phones."""
    from index import store
    from webapp import create_app

    spec_record.update(id="ph-1", phones=[
        {"e164": "+13129263964", "label": "main", "extension": None},
        {"e164": "+13129263965", "label": "intake", "extension": "0"},
    ])  # fmt: skip
    store.build(tmp_path, [spec_record])
    return create_app({"INDEX_DIR": str(tmp_path), "TESTING": True}).test_client()


def test_no_extension_zero_and_phone_labels_in_spanish(phones_client):
    page = phones_client.get("/facility/ph-1").get_data(as_text=True)
    assert "ext. 0" not in page and ";ext=0" not in page
    assert '<a href="tel:+13129263965">(312) 926-3965</a> (intake)' in page
    spanish = phones_client.get("/facility/ph-1?lang=es").get_data(as_text=True)
    assert "(312) 926-3964</a> (principal)" in spanish and "(admisión)" in spanish
    row = next(csv.DictReader(io.StringIO(phones_client.get("/api/export.csv?id=ph-1").get_data(
        as_text=True))))  # fmt: skip
    assert (row["phone"], row["phone_e164"]) == ("(312) 926-3964", "+13129263964")
    assert row["intake_extension"] == ""
