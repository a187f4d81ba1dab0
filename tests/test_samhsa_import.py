"""SAMHSA formats → valid records, on real rows from ../shared/data/samhsa and tricky cases."""

import json
from itertools import islice

import pytest
from records import declared_keys

from carefinder.samhsa.convert import Report, convert, to_record
from carefinder.samhsa.readers import Row, read
from carefinder.validate import problems
from carefinder_cli.main import main
from conftest import shared_path


def first(name: str, n: int = 40) -> list[dict]:
    report = Report()
    records = convert(islice(read(shared_path("data", "samhsa", name)), n), report)
    assert report.converted == n and report.imported == len(records)
    for record in records:
        assert problems(record) == [], record["name"]
    return records


def test_sa_directory_rows_map_codes_with_evidence():
    shelby = first("national_directory_sa_2022.xlsx", 3)[0]
    assert shelby["name"] == "Shelby County Treatment Center"
    assert shelby["address"] == {
        "street": "750 Highway 31 South", "city": "Alabaster", "state": "AL", "postal_code": "35007"
    }  # fmt: skip
    assert shelby["phones"][0] == {"e164": "+12052160200", "label": "main", "extension": None}
    assert {"detox", "outpatient", "iop"} <= set(shelby["levels_of_care"])
    assert {"medicaid", "medicare", "private_insurance", "self_pay"} <= set(shelby["payment"])
    assert {"methadone", "buprenorphine", "naltrexone", "mat"} <= set(shelby["services"])
    quote = next(e["quote"] for e in shelby["evidence"] if e["value"] == "iop")
    assert quote == "SAMHSA National Directory 2022: Intensive outpatient treatment"
    # OTP (opioid treatment type) and the LCA codes STAG STMH CARF SOTP (DEA has no slug)
    assert shelby["accreditations"] == ["samhsa_otp", "state_licensed", "carf"]
    assert "co_occurring" in shelby["conditions"]  # SUMH on the SA code sheet too
    assert {"alcohol", "opioids", "stimulants", "benzodiazepines"} <= set(shelby["conditions"])
    assert "women" in shelby["populations"]  # the WN group, not gender: it accepts FEM and MALE
    assert shelby["location"]["precision"] == "postal_code"  # geocoded offline by ZIP
    assert shelby["sources"] == ["samhsa"]


def test_mh_directory_uses_its_own_code_sheet():
    rows = first("national_directory_mh_2022.xlsx", 60)
    assert any("php" in r["levels_of_care"] for r in rows)  # PHDT exists only in the MH list
    spectra = rows[0]
    assert spectra["name"] == "SpectraCare Health Systems – Henry County Clinic"
    assert spectra["organization"] == "SpectraCare Health Systems"
    assert "co_occurring" in spectra["conditions"]
    assert "walk_in" in spectra["services"]
    walk_in = next(e for e in spectra["evidence"] if e["value"] == "walk_in")
    assert (
        walk_in["quote"] == "SAMHSA National Directory 2022: Psychiatric emergency walk-in services"
    )
    report = Report()
    sheet = {"SUMH": "Treatment for co-occurring ...", "OIT": "Intensive outpatient treatment"}
    row = Row("mh.xlsx", 2, "X", codes=["SUMH", "OIT"], directory="mh", code_names=sheet)
    assert to_record(row, report)["conditions"] == ["co_occurring", "mental_health"]
    sheet.pop("OIT")  # a code its own sheet does not list is not read, and is reported
    assert to_record(row, report)["levels_of_care"] == []
    assert report.unmapped == {"MH code OIT (not on its code sheet)": 1}


@pytest.mark.parametrize(
    ("directory", "codes", "names", "conditions", "quote"),
    [("mh", ["MH"], [], ["mental_health"], "Mental health treatment"),
     ("mh", ["PHDT"], [], ["mental_health"], "listed in the mental health directory"),
     ("sa", ["SA", "SUMH"], [], ["substance_use", "co_occurring", "mental_health"],
      "Treatment for co-occurring substance use"),
     ("sa", ["SA"], [], ["substance_use"], None),
     ("mh", [], ["Mental health treatment"], ["mental_health"], "Mental health treatment"),
     ("sa", [], ["Mental health services"], ["mental_health"], "Mental health services"),
     ("mh", ["MH", "PTSD"], [], ["mental_health", "ptsd"], "Mental health treatment")],
)  # fmt: skip
def test_mental_health_facilities_get_mental_health_and_no_unlisted_named_condition(
    directory, codes, names, conditions, quote
):
    """RECORD.md §2: the MH directory and the MH/SUMH type-of-care codes give mental_health;
    only a code naming a condition (PTSD here) gives that condition."""
    sheet = {"MH": "Mental health treatment", "PHDT": "Partial hospitalization/day treatment",
             "SA": "Substance use treatment", "PTSD": "Persons with PTSD",
             "SUMH": "Treatment for co-occurring substance use plus either serious mental health "
                     "illness in adults/serious emotional disturbance in children"}  # fmt: skip
    row = Row("x_2022.xlsx", 2, "X", codes=codes, names=names, directory=directory,
              code_names={c: sheet[c] for c in codes}, label="SAMHSA National Directory 2022")  # fmt: skip
    record = to_record(row, Report())
    assert record["conditions"] == conditions
    cited = [e["quote"] for e in record["evidence"] if e["value"] == "mental_health"]
    assert cited[0].startswith(f"SAMHSA National Directory 2022: {quote}") if quote else not cited


@pytest.mark.parametrize(
    ("codes", "expected"),
    [(["FEM"], ["women"]), (["MALE"], ["men"]), (["FEM", "MALE"], []), ([], [])],
)
def test_gender_accepted_only_one(codes, expected):
    sheet = {"FEM": "Female", "MALE": "Male"}
    row = Row(
        "sa.xlsx", 2, "X", codes=codes, code_names=sheet, label="SAMHSA National Directory 2022"
    )
    record = to_record(row, Report())
    assert record["populations"] == expected
    if expected:
        quote = record["evidence"][0]["quote"]
        assert quote == f"SAMHSA National Directory 2022: gender accepted: {sheet[codes[0]]} only"


def test_every_code_with_a_slug_is_carried():
    codes = ["JC", "CARF", "COA", "HFAP", "NCQA", "STAG", "STMH", "STDH", "HLA", "SOTP", "FQHC",
             "CIT", "PEON", "PEOFF", "WI", "SP", "AH", "F70", "F47", "F92", "F81", "F67", "F66",
             "F36", "F19", "F42", "F43"]  # fmt: skip
    record = to_record(Row("x.csv", 2, "X", codes=codes), Report())
    assert record["accreditations"] == [
        "joint_commission", "carf", "coa", "hfap", "ncqa", "state_licensed", "samhsa_otp", "fqhc"
    ]  # fmt: skip
    assert record["services"] == ["crisis", "walk_in"]
    assert record["languages"] == [
        "es", "asl", "ru", "ko", "vi", "tl", "pt", "pl", "hi", "ht", "it", "ja"
    ]  # fmt: skip
    assert problems(record) == []


@pytest.mark.parametrize(
    ("name1", "name2", "name", "organization"),
    [
        ("Luminous Counseling and", "Consulting LLC", "Luminous Counseling and Consulting LLC", None),
        ("Safe Harbor Treatment Center", "for Women LLC", "Safe Harbor Treatment Center for Women LLC",
         None),
        ("Jewish Community Services of", "South Florida", "Jewish Community Services of South Florida",
         None),
        ("SalusCare", "Evans Campus", "SalusCare – Evans Campus", "SalusCare"),
        ("  Denver  Recovery Group", "", "Denver Recovery Group", None),
    ],
)  # fmt: skip
def test_names_rejoined_without_splitting_phrases(name1, name2, name, organization):
    record = to_record(Row("f.csv", 2, name1, name2), Report())
    assert (record["name"], record["organization"]) == (name, organization)


def test_phone_extensions_and_vanity_intake_lines_are_kept():
    phones = [("205-216-0200 x123", "main"), ("205-216-0200", "intake"),
              ("866-PARNEXT", "intake"), ("205-216-0200 x123", "intake")]  # fmt: skip
    record = to_record(Row("f.csv", 2, "X", phones=phones), Report())
    assert record["phones"] == [
        {"e164": "+12052160200", "label": "main", "extension": "123"},
        {"e164": "+12052160200", "label": "intake", "extension": None},
        {"e164": "+18667276398", "label": "intake", "extension": None},
    ]
    assert problems(record) == []


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
    # the listing has Region Ten's Greene County Office twice (MH and SA rows): one record; and
    # four places as an MH and an SA row under two names (same address and main phone: Region
    # Ten's Fluvanna and Louisa offices, Empowering Families, Valley CSB): one record each
    assert len(lines) == 25 and all(problems(json.loads(x)) == [] for x in lines)
    # a row's record and a record merged from rows: the same keys, the record type's
    assert all(list(r) == declared_keys(r) for r in map(json.loads, lines))
    urls = sites.read_text().splitlines()
    assert "http://www.regionten.org" in urls and len(urls) == len(set(urls))
    assert f"imported 30 of 30 rows into {out}: 25 facilities" in capsys.readouterr().out


def test_import_reports_missing_and_unknown_files(tmp_path, capsys):
    assert main(["import", "samhsa", str(tmp_path / "x.xlsx"), "-o", str(tmp_path / "o")]) == 1
    (tmp_path / "x.txt").write_text("hello")
    assert main(["import", "samhsa", str(tmp_path / "x.txt"), "-o", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert "no such file" in err and "unknown SAMHSA file type" in err


def test_rows_of_one_facility_in_both_directories_import_as_one_record():
    report = Report()
    sa = Row("national_directory_sa_2022.xlsx", 40, "South Point Counseling", street1="12 Pine St",
             city="Provo", state="UT", zip="84601", phones=[("801-555-0110", "main")],
             codes=["SA", "OIT", "MD"], directory="sa")  # fmt: skip
    mh = Row("national_directory_mh_2022.xlsx", 77, "South Point Counseling", street1="12 Pine St",
             city="Provo", state="UT", zip="84601", phones=[("801-555-0110", "main")],
             codes=["MH", "PHDT", "SS", "WI"], directory="mh")  # fmt: skip
    other = Row("national_directory_mh_2022.xlsx", 78, "South Point Counseling",
                street1="90 Elm St", city="Provo", state="UT", zip="84601")  # fmt: skip
    merged, elsewhere = convert([sa, mh, other], report)
    assert merged["levels_of_care"] == ["iop", "php"]
    assert {"medicaid", "sliding_scale"} <= set(merged["payment"])
    assert merged["services"] == ["walk_in"] and len(merged["phones"]) == 1
    assert elsewhere["id"] != merged["id"]
    assert (report.rows, report.converted, report.imported) == (3, 3, 2)
    assert report.facets["services"] == {"walk_in": 1}
    assert problems(merged) == []


SA_FILE, MH_FILE = "national_directory_sa_2022.xlsx", "national_directory_mh_2022.xlsx"


def _row(file: str, number: int, name1: str, street: str, phones=(), name2: str = "", **kw) -> Row:
    return Row(file, number, name1, name2, street1=street, city="Provo", state="UT", zip="84601",
               phones=[(p, "main") for p in phones], directory="mh" if "_mh_" in file else "sa",
               **kw)  # fmt: skip


def _names(records: list[dict]) -> list[list[str]]:
    """Each record as the names of the rows it holds (the evidence quotes say which row)."""
    return sorted(sorted({e["quote"].split(":")[0] for e in r["evidence"]}) for r in records)


@pytest.mark.parametrize(
    ("sa", "mh"),
    [  # the same name, once with "Center", abbreviations, suite and street written differently
     (_row(SA_FILE, 2, "Juniper Behavioral Health", "12 North Pine Street, Suite 4",
           ["801-555-0110"], codes=["OIT"]),
      _row(MH_FILE, 3, "Juniper Behav Hlth Ctr", "12 N. Pine St #4", ["801-555-0199"],
           codes=["PHDT"])),
     # name1/name2 cut differently: "Org – Site" and "Org Site"
     (_row(SA_FILE, 2, "Juniper Valley Services", "12 Pine St", name2="Provo Office",
           codes=["OIT"]),
      _row(MH_FILE, 3, "Juniper Valley Services Provo", "12 Pine Street", name2="Office",
           codes=["PHDT"])),
     # other names, the same main phone and a distinctive word in common
     (_row(SA_FILE, 2, "Juniper Counseling Inc", "12 Pine St", name2="Substance Use Division",
           phones=["801-555-0110", "800-555-0100"], codes=["OIT"]),
      _row(MH_FILE, 3, "Juniper Counseling", "12 Pine St", name2="Provo Clinic",
           phones=["801-555-0110"], codes=["PHDT"])),
    ],
)  # fmt: skip
def test_one_place_under_two_names_in_the_two_directories_is_one_record(sa, mh):
    for rows in ([sa, mh], [mh, sa]):  # whichever file is read first
        report = Report()
        (record,) = convert(rows, report)
        assert sorted(record["levels_of_care"]) == ["iop", "php"]  # the union of both rows
        fields = {(e["field"], e["value"]) for e in record["evidence"]}
        assert {("levels_of_care", "iop"), ("levels_of_care", "php")} <= fields
        assert (report.converted, report.imported, report.same_place) == (2, 1, 1)
        assert problems(record) == []


@pytest.mark.parametrize(
    "rows",
    [  # a hospital campus: programmes with their own names and phones in one building
     [_row(SA_FILE, 2, "Mercy Hospital", "1 Mercy Way", ["801-555-0101"], name2="OTP"),
      _row(MH_FILE, 3, "Mercy Hospital", "1 Mercy Way", ["801-555-0102"],
           name2="Psychiatric Unit")],
     # one name within the other, but each with its own numbers
     [_row(SA_FILE, 2, "Mercy Hospital", "1 Mercy Way", ["801-555-0101"], name2="OTP"),
      _row(MH_FILE, 3, "Mercy Hospital", "1 Mercy Way", ["801-555-0102"])],
     # only a shared intake (toll-free) line
     [_row(SA_FILE, 2, "Juniper Ranch", "7 Elm St", ["801-555-0101", "800-555-0100"],
           name2="Boys Home"),
      _row(MH_FILE, 3, "Juniper Ranch", "7 Elm St", ["801-555-0102", "800-555-0100"],
           name2="Center for Hope")],
     # the same main phone but nothing in the names beyond generic words
     [_row(SA_FILE, 2, "Valley Behavioral Health", "7 Elm St", ["801-555-0101"]),
      _row(MH_FILE, 3, "Summit Mental Health Center", "7 Elm St", ["801-555-0101"])],
     # the same name in two suites of one street address
     [_row(SA_FILE, 2, "Juniper Counseling", "7 Elm St, Suite 100", ["801-555-0101"]),
      _row(MH_FILE, 3, "Juniper Counseling", "7 Elm St, Suite 200", ["801-555-0102"])],
     # one directory's two rows at one address are two programmes, even with one phone
     [_row(SA_FILE, 2, "Harbor House", "7 Elm St", ["801-555-0101"], name2="Mens Residential"),
      _row(SA_FILE, 3, "Harbor House", "7 Elm St", ["801-555-0101"],
           name2="Womens Residential")],
    ],
)  # fmt: skip
def test_distinct_places_sharing_a_building_stay_apart(rows):
    report = Report()
    assert len(convert(rows, report)) == 2 and report.same_place == 0


def test_one_record_never_holds_two_rows_of_one_directory():
    """The mental-health listing is one place with one of the substance-use programmes (the one
    whose name it shares), never the glue that joins the two programmes."""
    rows = [_row(SA_FILE, 2, "Harbor House", "7 Elm St", ["801-555-0101"], name2="Mens Unit"),
            _row(SA_FILE, 3, "Harbor House", "7 Elm St", ["801-555-0101"], name2="Womens Unit"),
            _row(MH_FILE, 4, "Harbor House", "7 Elm St", ["801-555-0101"], name2="Mens Unit")]  # fmt: skip
    report = Report()
    records = convert(rows, report)
    assert sorted(r["name"] for r in records) == ["Harbor House – Mens Unit",
                                                 "Harbor House – Womens Unit"]  # fmt: skip
    assert report.same_place == 0  # same name and address: one id, merged as before
    rows[2] = _row(MH_FILE, 4, "Harbor House", "7 Elm St", ["801-555-0101"])
    records = convert(rows, Report())
    assert len(records) == 2  # "Harbor House" joins one unit at most, not both


@pytest.mark.parametrize("bom", [b"\xef\xbb\xbf", b""])
def test_a_utf8_bom_before_windows_1252_text_is_honoured(tmp_path, capsys, bom):
    """Excel's "CSV UTF-8" edited by a tool that writes Windows-1252: the file was read whole as
    Windows-1252, the header became "ï»¿name1" and the layout was unknown."""
    text = (
        "name1,street1,city,state,zip,phone\n"
        "Señora Luz Recovery Café,12 Elm St,Denver,CO,80205,303-555-0110\n"
        "Résumé House,40 Oak St,Boulder,CO,80302,303-555-0120\n"
    )
    source = tmp_path / "locator_export.csv"
    source.write_bytes(bom + text.encode("cp1252"))
    assert [row.name1 for row in read(source)] == ["Señora Luz Recovery Café", "Résumé House"]
    assert main(["import", "samhsa", str(source), "-o", str(tmp_path / "o.jsonl")]) == 0
    assert "imported 2 of 2 rows" in capsys.readouterr().out


HEADER = ["name1", "street1", "city", "state", "zip", "phone", "service_code_info"]


def workbook(path, rows, last_row: int | None = None):
    """A generated national-directory workbook; ``last_row`` puts one more cell that far down
    (a reader makes up every empty row before it)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Facilities List"
    for row in [HEADER, *rows]:
        sheet.append(row)
    if last_row:
        sheet.cell(row=last_row, column=1, value="Far Down Clinic")
    book.save(path)
    return path


def clinic(n: int, name: str = "Clinic") -> list:
    return [f"{name} {n}", "12 Elm St", "Denver", "CO", "80205", "303-555-0110", "OP"]


def test_a_workbook_inflating_past_the_part_limit_is_refused_unread(tmp_path, capsys):
    """A sheet that inflates 140-fold (the attack's were shared strings: any part is checked),
    refused from the zip's directory before anything is inflated."""
    names = [clinic(n, "Recovery " * 1200) for n in range(250)]  # 10,800 characters a name
    source = workbook(tmp_path / "national_directory_sa_2022.xlsx", names)
    out = tmp_path / "o.jsonl"
    assert source.stat().st_size < 40_000  # a small file ...
    args = ["import", "samhsa", str(source), "-o", str(out)]
    assert main([*args, "--max-part-mb", "1"]) == 1  # ... whose sheet is 2.8 MB
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert "its part xl/worksheets/sheet1.xml inflates to 3 MB, over the limit of 1 MB" in err
    assert not out.exists()
    assert main([*args, "--max-part-mb", "3"]) == 0  # under the limit: read


def test_a_workbook_with_more_rows_than_the_limit_is_refused(tmp_path, capsys):
    """One cell on row 2,000 makes 1,998 rows to read out of a 5 KB file (12 million in 1.7 MB
    ran for minutes); the limit counts them, empty ones included."""
    source = workbook(tmp_path / "national_directory_sa_2022.xlsx", [clinic(1)], last_row=2000)
    out = tmp_path / "o.jsonl"
    args = ["import", "samhsa", str(source), "-o", str(out)]
    assert main([*args, "--max-rows", "1000"]) == 1
    err = capsys.readouterr().err.strip()
    assert err == (
        f"carefinder: error: {source}: the sheet 'Facilities List' has more than 1,000 rows "
        "(--max-rows to raise the limit)"
    )
    assert not out.exists()
    assert main([*args, "--max-rows", "2000"]) == 0
    assert "imported 2 of 2 rows" in capsys.readouterr().out
