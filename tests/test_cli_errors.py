"""A fuzz pass over every CLI command with bad files, paths and arguments: each answers with
one line naming what is wrong and exit status 1 (2 for usage errors), never a traceback."""

import json
import resource
import signal
import socket
import subprocess
import sys

import openpyxl
import pytest

from carefinder_cli.main import main
from conftest import DATA, ROOT

SAMPLE_CSV = ROOT / "crawler" / "sample_web" / "samhsa_sample.csv"


def workbook(path, sheet="Facilities List"):
    book = openpyxl.Workbook()
    book.active.title = sheet
    book.active.append(["name1", "name2", "street1", "city", "state", "zip", "phone"])
    book.active.append(["Hope Clinic", "", "1 Main St", "Denver", "CO", "80205", "303-555-0110"])
    book.save(path)
    return path


@pytest.fixture
def files(tmp_path):
    good = workbook(tmp_path / "good.xlsx")
    deep = "[" * 100_000 + "]" * 100_000
    contents = {
        "truncated.xlsx": good.read_bytes()[:700],
        "empty.xlsx": b"",
        "renamed.xlsx": SAMPLE_CSV.read_bytes(),
        "renamed.csv": good.read_bytes(),
        "noname.csv": SAMPLE_CSV.read_bytes().replace(b"Name,", b"Title,", 1),
        "rows.json": b'{"rows": {"a": 1}}',
        "rowitems.json": b'{"rows": [1, 2]}',
        "deep.json": ('{"rows": ' + deep + "}").encode(),
        "deep.jsonl": (deep + "\n").encode(),
        "empty.jsonl": b"",
        "problems.txt": b"http://a: HTTP 404\n",  # a crawl's problems file given by mistake
        "a-file": b"not a folder",
    }
    f = {"dir": tmp_path, "records": DATA / "sample_records.jsonl"}
    for name, data in contents.items():
        f[name] = tmp_path / name
        f[name].write_bytes(data)
    f["file"] = f["a-file"]
    f["nosheet.xlsx"] = workbook(tmp_path / "nosheet.xlsx", sheet="Sheet1")
    return f


def cases(f):
    d, rec = f["dir"], str(f["records"])
    out = str(d / "out.jsonl")
    return [
        (
            ["import", "samhsa", str(f["truncated.xlsx"]), "-o", out],
            "truncated.xlsx: not a readable .xlsx",
        ),
        (["import", "samhsa", str(f["empty.xlsx"]), "-o", out], "empty.xlsx: not a readable .xlsx"),
        (
            ["import", "samhsa", str(f["renamed.xlsx"]), "-o", out],
            "renamed.xlsx: not a readable .xlsx",
        ),
        (
            ["import", "samhsa", str(f["nosheet.xlsx"]), "-o", out],
            "no 'Facilities List' sheet (sheets: Sheet1)",
        ),
        (
            ["import", "samhsa", str(f["renamed.csv"]), "-o", out],
            "renamed.csv: not text: no encoding fits its bytes",
        ),
        (["import", "samhsa", str(f["noname.csv"]), "-o", out], "noname.csv: no 'Name' column"),
        (["import", "samhsa", str(f["rows.json"]), "-o", out], "'rows' is a dict, not a list"),
        (["import", "samhsa", str(f["rowitems.json"]), "-o", out], "row 1 is a int, not an object"),
        (["import", "samhsa", str(f["deep.json"]), "-o", out], "deep.json: nested too deeply"),
        (["import", "samhsa", str(SAMPLE_CSV), "-o", str(d)], "it is a folder"),
        (
            ["import", "samhsa", str(SAMPLE_CSV), "-o", str(f["file"] / "o.jsonl")],
            "a-file is not a folder",
        ),
        (
            ["import", "samhsa", str(SAMPLE_CSV), "-o", "/proc/nope/o.jsonl"],
            "cannot write /proc/nope/o.jsonl",
        ),
        (["import", "samhsa", str(SAMPLE_CSV), "-o", out, "--websites", str(d)], "it is a folder"),
        (["merge", rec, "-o", str(f["file"] / "m.jsonl")], "cannot write"),
        (["merge", str(d), "-o", out], "Is a directory"),
        (["crawl", "http://127.0.0.1:9/", "-o", str(f["file"] / "c.jsonl")], "cannot write"),
        (["validate", str(f["deep.jsonl"])], None),  # a per-line problem, reported as such
        (["index", "build", str(f["empty.jsonl"]), "--index", str(d / "ix")], "no valid records"),
        (["index", "build", str(f["problems.txt"]), "--index", str(d / "ix")], "no valid records"),
        (["index", "build", str(f["deep.jsonl"]), "--index", str(d / "ix")], "no valid records"),
        (
            ["index", "build", rec, "--index", str(f["file"])],
            "a-file as the index folder: it is a file",
        ),
        (["index", "update", rec, "--index", str(f["file"])], "it is a file"),
        (["index", "update", rec, "--index", str(d / "none")], "no index at"),
        (
            ["index", "build", rec, "--index", "/proc/nope"],
            "cannot create the index folder /proc/nope",
        ),
        (["index", "stats", "--index", str(f["file"])], "it is a file"),
        (["search", "iop", "--index", str(f["file"])], "it is a file"),
        (["serve", "--index", str(f["file"])], "it is a file"),
        (
            ["serve", "--index", str(f["index"]), "--port", str(f["busy_port"])],
            "Address already in use",
        ),
        (
            ["serve", "--index", str(f["index"]), "--host", "no.such.host.invalid"],
            "cannot listen on",
        ),
        (["extract", str(d)], "cannot read"),
        (["eval", "realpages", "--shared", str(d)], "no such real-page set"),
    ]


def test_every_command_answers_bad_input_in_one_line(files, capsys, sample_index):
    files["index"] = sample_index
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    files["busy_port"] = busy.getsockname()[1]
    for argv, expected in cases(files):
        code = main(argv)
        captured = capsys.readouterr()
        err = [line for line in captured.err.splitlines() if "skipped" not in line]
        assert code == 1, (argv, captured.err)
        if expected is None:
            assert "nested too deeply" in captured.out
            continue
        assert len(err) == 1 and err[0].startswith("carefinder: error: "), (argv, captured.err)
        assert expected in err[0], (argv, err[0])


@pytest.mark.parametrize(
    "argv",
    [["serve", "--port", "99999"], ["serve", "--port", "http"], ["demo", "--port", "0"],
     ["search", "--radius", "far"], ["search", "--per-page", "0"], ["index", "rebuild"],
     ["import", "nih", "x.csv", "-o", "y"]],
)  # fmt: skip
def test_bad_arguments_are_usage_errors(argv, capsys):
    try:  # argparse exits; a value the query contract refuses is returned as the same status
        code = main(argv)
    except SystemExit as exit_:
        code = exit_.code
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert err.splitlines()[-1].startswith("carefinder") and "error:" in err.splitlines()[-1]


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "utf-16"])
def test_csv_in_other_encodings_is_read(tmp_path, capsys, encoding):
    text = SAMPLE_CSV.read_text(encoding="utf-8").replace("Harbor Light", "Señora Luz", 1)
    source = tmp_path / "sample.csv"
    source.write_bytes(text.encode(encoding))
    assert main(["import", "samhsa", str(source), "-o", str(tmp_path / "o.jsonl")]) == 0
    names = [json.loads(x)["name"] for x in (tmp_path / "o.jsonl").read_text().splitlines()]
    assert "Señora Luz Recovery" in names


def _limit_file_size():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (16 * 1024, 16 * 1024))


@pytest.mark.parametrize("command", [["merge"], ["index", "build"]])
def test_a_full_disk_is_one_line_and_keeps_what_was_there(tmp_path, command):
    """RLIMIT_FSIZE stands in for a full disk: writes fail part way with an OSError."""
    out = tmp_path / "out.jsonl"
    out.write_text("kept\n")
    target = ["-o", str(out)] if command == ["merge"] else ["--index", str(tmp_path / "ix")]
    run = subprocess.run([sys.executable, "-m", "carefinder_cli", *command, str(DATA / "sample_records.jsonl"), *target],
                         capture_output=True, text=True, preexec_fn=_limit_file_size, timeout=300)  # fmt: skip
    err = run.stderr.strip().splitlines()
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr[-2000:]
    assert len(err) == 1 and "File too large" in err[0], err
    assert out.read_text() == "kept\n" and not list(tmp_path.glob(".out.jsonl.*"))
    assert not (tmp_path / "ix" / "current").exists()


def test_search_runs_with_facets_that_have_no_option(sample_index, capsys):
    # accreditations and intake joined the vocabulary without a command-line filter
    assert main(["search", "--near", "80205", "--radius", "50", "--index", str(sample_index)]) == 0
    assert "3 facilities" in capsys.readouterr().out


def test_search_says_how_the_place_was_read_and_what_else_it_may_mean(sample_index, capsys):
    assert main(["search", "--near", "Springfield", "--index", str(sample_index)]) == 0
    out = capsys.readouterr().out
    assert "(Several places are called Springfield: showing Springfield, MO, the largest" in out
    assert "(did you mean: Springfield, MA; Springfield, IL;" in out


def test_an_unknown_place_is_one_line_with_its_choices(sample_index, capsys):
    assert main(["search", "--near", "Saint", "--index", str(sample_index)]) != 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "did you mean Saint Paul, MN;" in err[0], err
