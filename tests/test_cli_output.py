"""What the CLI prints for a person (issue 20): plural forms, a pipe closed by its reader, why
an import wrote no websites, and which records an index build cannot place."""

import json
import os
import subprocess
import sys

import openpyxl

from carefinder_cli.main import main


def test_one_facility_is_singular(sample_index, capsys):
    assert main(["search", "--index", str(sample_index), "--near", "95814", "--radius", "50",
                 "--level", "iop"]) == 0  # fmt: skip
    assert capsys.readouterr().out.startswith("1 facility within 50 miles of Sacramento, CA")


def test_index_build_says_which_records_it_cannot_place(tmp_path, capsys):
    """The index places no record itself: a record written before records were completed (a
    ZIP but no location) is indexed as it is, and the build says it is not placed."""
    from conftest import DATA

    old, complete = map(json.loads, (DATA / "sample_records.jsonl").read_text().splitlines()[:2])
    records = tmp_path / "r.jsonl"
    records.write_text(json.dumps({**old, "location": None}) + "\n" + json.dumps(complete) + "\n")
    assert main(["index", "build", str(records), "--index", str(tmp_path / "ix")]) == 0
    printed = capsys.readouterr()
    assert "build: 2 records indexed" in printed.out
    assert "1 record has no location (no ZIP or city known offline" in printed.err


def test_a_pipe_closed_by_its_reader_ends_quietly(sample_index):
    """`carefinder search … | head` printed "[Errno 32] Broken pipe": the reader's end is
    closed before the command starts, so its first write meets the closed pipe."""
    read, write = os.pipe()
    os.close(read)
    command = [sys.executable, "-m", "carefinder_cli", "search", "--index", str(sample_index),
               "--near", "80205", "--radius", "500"]  # fmt: skip
    try:
        done = subprocess.run(command, stdout=write, stderr=subprocess.PIPE, text=True, check=False)
    finally:
        os.close(write)
    assert done.stderr == "" and done.returncode == 141


def test_import_says_why_it_wrote_no_websites(tmp_path, capsys):
    """The 2022 National Directory workbooks have no website column: "0 origins" says so."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Facilities List"
    sheet.append(["name1", "name2", "street1", "street2", "city", "state", "zip", "phone",
                  "service_code_info"])  # fmt: skip
    sheet.append(["Pine Counseling", "", "12 Pine St", "", "Provo", "UT", "84601",
                  "801-555-0110 x0", "SA OP"])  # fmt: skip
    path = tmp_path / "national_directory_sa_2022.xlsx"
    book.save(path)
    out, sites = tmp_path / "r.jsonl", tmp_path / "sites.txt"
    assert main(["import", "samhsa", str(path), "-o", str(out), "--websites", str(sites)]) == 0
    printed = capsys.readouterr().out
    assert f"websites: 0 origins written to {sites} (no row of these files gives a website: " in (
        printed
    )
    assert "workbooks have no website column" in printed
    assert '"extension": null' in out.read_text()  # "x0": the switchboard, no extension
