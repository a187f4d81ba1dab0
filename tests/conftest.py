"""Shared fixtures: paths, the spec example record, and access to ../shared."""

from __future__ import annotations

import json
import os
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
