"""SAMHSA formats → valid records, on real rows from ../shared/data/samhsa and tricky cases."""

import json
from itertools import islice

import pytest

from carefinder.cli import main
from carefinder.samhsa.convert import Report, convert, to_record
from carefinder.samhsa.readers import Row, read
from carefinder.validate import problems
from conftest import shared_path


def first(name: str, n: int = 40) -> list[dict]:
    report = Report()
    records = list(convert(islice(read(shared_path("data", "samhsa", name)), n), report))
    assert report.imported == len(records) == n
    for record in records:
        assert problems(record) == [], record["name"]
    return records


def test_sa_directory_rows_map_codes_with_evidence():
    shelby = first("national_directory_sa_2022.xlsx", 3)[0]
    assert shelby["name"] == "Shelby County Treatment Center"
    assert shelby["address"] == {
        "street": "750 Highway 31 South", "city": "Alabaster", "state": "AL", "postal_code": "35007"
    }  # fmt: skip
    assert shelby["phones"][0] == {"e164": "+12052160200", "label": "main"}
    assert {"detox", "outpatient", "iop"} <= set(shelby["levels_of_care"])
    assert {"medicaid", "medicare", "private_insurance", "self_pay"} <= set(shelby["payment"])
    assert {"methadone", "buprenorphine", "naltrexone", "mat"} <= set(shelby["services"])
    quote = next(e["quote"] for e in shelby["evidence"] if e["value"] == "iop")
    assert (
        quote == "national_directory_sa_2022.xlsx row 2: code OIT (Intensive outpatient treatment)"
    )
    assert shelby["location"]["precision"] == "postal_code"  # geocoded offline by ZIP
    assert shelby["sources"] == ["samhsa"]


def test_mh_directory_uses_its_own_code_meanings():
    rows = first("national_directory_mh_2022.xlsx", 60)
    assert any("php" in r["levels_of_care"] for r in rows)  # PHDT exists only in the MH list
    spectra = rows[0]
    assert "co_occurring" in spectra["conditions"]  # SUMH counts as co-occurring in MH only
    sa_row = Row("sa.xlsx", 2, "X", codes=["SUMH"], directory="sa")
    assert to_record(sa_row, Report())["conditions"] == []


def test_locator_export_csv_and_api_json_and_2025_csv():
    locator = first("locator_export_2022-05-25_mh_residential_eating.csv", 20)
    assert all("residential" in r["levels_of_care"] for r in locator)
    assert all(r["location"]["precision"] == "address" for r in locator)
    api = first("findtreatment_api_listing_sample_2019.json", 30)
    assert api[0]["name"] == "Region Ten Community Services Board – Mohr Center"
    assert "residential" in api[0]["levels_of_care"]
    ca = first("findtreatment_2025_ca_residential.csv", 30)
    assert ca[0]["name"] == "Friendship House"
    assert {"medicaid", "private_insurance", "ihs"} <= set(ca[0]["payment"])
    assert ca[0]["website"] == "http://www.friendshiphousesf.org"


def test_location_only_files():
    otp = first("otp_directory_2021_geocoded.csv", 5)
    assert otp[0]["address"]["postal_code"] == "99654"  # ZIP+4 trimmed
    assert "mat" in otp[0]["services"] and "substance_use" in otp[0]["conditions"]
    first("locator_2021_su_locations.csv", 5)


@pytest.mark.parametrize(
    ("raw_zip", "expected"), [("2134", "02134"), ("02134-1234", "02134"), ("", None)]
)
def test_leading_zero_zips(raw_zip, expected):
    record = to_record(Row("f.csv", 7, "Clinic", city="Boston", state="MA", zip=raw_zip), Report())
    assert record["address"]["postal_code"] == expected
    assert record["location"] is not None  # ZIP centroid, else the city's


def test_row_problems_are_reported_and_others_import():
    report = Report()
    rows = [
        Row("f.csv", 2, "", city="Boston", state="MA"),
        Row("f.csv", 3, "Good", city="Boston", state="Massachusetts", zip="abc"),
        Row("f.csv", 4, "Other", codes=["ZZZ", "OIT"]),
    ]
    records = list(convert(rows, report))
    assert [r["name"] for r in records] == ["Good", "Other"]
    assert report.problems == [
        "f.csv row 2: no facility name; row skipped",
        "f.csv row 3: ZIP 'abc' is not a ZIP code",
        "f.csv row 3: state 'Massachusetts' is not a USPS code",
    ]
    assert report.unmapped["SA code ZZZ"] == 1
    assert records[1]["levels_of_care"] == ["iop"]


def test_import_command_writes_records_and_websites(tmp_path, capsys):
    src = shared_path("data", "samhsa", "findtreatment_api_listing_sample_2019.json")
    out, sites = tmp_path / "r.jsonl", tmp_path / "sites.txt"
    assert main(["import", "samhsa", str(src), "-o", str(out), "--websites", str(sites)]) == 0
    lines = out.read_text().splitlines()
    assert len(lines) == 30 and all(problems(json.loads(x)) == [] for x in lines)
    urls = sites.read_text().splitlines()
    assert "http://www.regionten.org" in urls and len(urls) == len(set(urls))
    assert "imported 30 of 30 rows" in capsys.readouterr().out


def test_import_reports_missing_and_unknown_files(tmp_path, capsys):
    assert main(["import", "samhsa", str(tmp_path / "x.xlsx"), "-o", str(tmp_path / "o")]) == 1
    (tmp_path / "x.txt").write_text("hello")
    assert main(["import", "samhsa", str(tmp_path / "x.txt"), "-o", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert "no such file" in err and "unknown SAMHSA file type" in err


def test_duplicate_facility_in_both_directories_merges_to_one():
    from carefinder.merge import merge

    report = Report()
    sa = Row("national_directory_sa_2022.xlsx", 40, "South Point Counseling", street1="12 Pine St",
             city="Provo", state="UT", zip="84601", phones=[("801-555-0110", "main")],
             codes=["SA", "OIT", "MD"], directory="sa")  # fmt: skip
    mh = Row("national_directory_mh_2022.xlsx", 77, "South Point Counseling", street1="12 Pine St",
             city="Provo", state="UT", zip="84601", phones=[("801-555-0110", "main")],
             codes=["MH", "PHDT", "SS"], directory="mh")  # fmt: skip
    (merged,) = merge(list(convert([sa, mh], report)))
    assert merged["levels_of_care"] == ["iop", "php"]
    assert {"medicaid", "sliding_scale"} <= set(merged["payment"])
    sources = {e["quote"].split(" row")[0] for e in merged["evidence"]}
    assert sources == {"national_directory_sa_2022.xlsx", "national_directory_mh_2022.xlsx"}
