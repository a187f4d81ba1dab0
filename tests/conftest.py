"""Shared fixtures: paths, the spec example record, and access to ../shared."""

from __future__ import annotations

import contextlib
import io
import json
import os
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).with_name("data")
# What the sample index holds: the sample records, and a hostile one an index written before
# validation refused javascript: URLs may still hold (the site must escape it, never link it).
INDEXED = [DATA / "sample_records.jsonl", DATA / "older_index_records.jsonl"]
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared; skip when absent on a user's clone, fail under CI."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing, but CI always has ../shared beside the project")
        pytest.skip(f"{path} not present: ../shared is only beside the project in CI")
    return path


SAMHSA_2022 = ("national_directory_sa_2022.xlsx", "national_directory_mh_2022.xlsx")


@pytest.fixture(scope="session")
def national_import(tmp_path_factory) -> dict:
    """Both 2022 national directories imported once a run by the CLI (13-16 s on 2 cores)."""
    from carefinder_cli.main import main

    out = tmp_path_factory.mktemp("national") / "national.jsonl"
    files = [str(shared_path("data", "samhsa", name)) for name in SAMHSA_2022]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert main(["import", "samhsa", *files, "-o", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return {"path": out, "records": records, "printed": printed.getvalue()}


@pytest.fixture(scope="session")
def national_index(national_import, tmp_path_factory) -> Path:
    """The whole national index (18,802 facilities), built once a run (30 s on 2 cores) for
    every test file that searches it."""
    from index import store

    root = tmp_path_factory.mktemp("national-index")
    store.build(root, national_import["records"])
    return root


def national_app(root: Path, **config):
    """The site on the national index. The search budget is raised: a first search opening
    18,802 facilities' segments on a loaded CI machine can pass 0.8 s, and speed is measured
    in bench/, not asserted in tests."""
    from webapp import create_app

    return create_app({"INDEX_DIR": str(root), "SEARCH_BUDGET": 30, **config})


@contextlib.contextmanager
def served(app):
    """The app behind a real waitress server on a free loopback port; yields its base URL."""
    from waitress import create_server

    server = create_server(app, host="127.0.0.1", port=0)
    threading.Thread(target=server.run, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.close()


@pytest.fixture
def spec_record() -> dict:
    return json.loads((DATA / "spec_example.jsonl").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory):
    """A real Whoosh index of the sample records (sample web crawl + one hostile record)."""
    from carefinder.jsonl import read_records
    from index import store

    root = tmp_path_factory.mktemp("index")
    store.build(root, read_records(INDEXED))
    return root


@pytest.fixture
def client(sample_index):
    from webapp import create_app

    return create_app({"INDEX_DIR": str(sample_index), "TESTING": True}).test_client()


CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(
                "CI must have Debian's chromium at /usr/bin/chromium (./dev test installs it)"
            )
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()
