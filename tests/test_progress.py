"""Progress of the long commands: drawn on stderr when it is a terminal (forced here with
CAREFINDER_PROGRESS=1, since a test captures stderr), never into a pipe or a log."""

import pytest

from carefinder_cli.main import main
from conftest import DATA, shared_path

RECORDS = str(DATA / "sample_records.jsonl")
COUNT = sum(1 for line in open(RECORDS, encoding="utf-8") if line.strip())


def command(name: str, tmp_path) -> tuple[list[str], list[str]]:
    """(arguments, what the progress says at the end)."""
    if name == "import":
        src = shared_path("data", "samhsa", "findtreatment_api_listing_sample_2019.json")
        return ["import", "samhsa", str(src), "-o", str(tmp_path / "r.jsonl")], ["import: 30 rows"]
    out = ["-o", str(tmp_path / "out")]
    argv = {
        "index build": ["index", "build", RECORDS, "--index", str(tmp_path / "ix")],
        "export": ["export", "hsds", RECORDS, *out],
        "merge": ["merge", RECORDS, *out],
    }[name]
    then = {
        "index build": "writing the index files",
        "export": "writing the HSDS tables",
        "merge": "joining records of one facility",
    }[name]
    return argv, [f"{name}: 100%", f"{COUNT}/{COUNT}", f"{name}: {then}"]


@pytest.mark.parametrize("name", ["import", "index build", "export", "merge"])
def test_progress_is_shown_when_forced(name, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CAREFINDER_PROGRESS", "1")
    argv, said = command(name, tmp_path)
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert all(s in err for s in said), err


@pytest.mark.parametrize("name", ["import", "index build", "export"])
def test_no_progress_in_a_pipe(name, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("CAREFINDER_PROGRESS", raising=False)
    argv, said = command(name, tmp_path)
    assert main(argv) == 0
    assert said[0] not in capsys.readouterr().err


def test_a_skipped_record_is_reported_with_the_bar(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CAREFINDER_PROGRESS", "1")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n')
    assert main(["index", "build", RECORDS, str(bad), "--index", str(tmp_path / "ix")]) == 0
    err = capsys.readouterr().err
    assert f"{bad}:1: skipped: 'kind' is a required property" in err
    assert f"{COUNT + 1}/{COUNT + 1}" in err
