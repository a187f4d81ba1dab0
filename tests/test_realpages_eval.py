"""Extraction scored on the 40 real pages of ../shared/realpages against INDEX.md's readings."""

import json

import pytest

from carefinder.validate import problems
from conftest import DATA, shared_path
from crawler.evaluate import realpages
from crawler.extract.site import extract


@pytest.fixture(scope="module")
def scores():
    return realpages(shared_path("realpages"), DATA / "realpages_truth.json").as_dict()


def test_targets_of_the_issue(scores):
    levels = scores["fields"]["levels_of_care"]
    assert levels["precision"] >= 0.95 and levels["recall"] >= 0.90, levels
    assert scores["fields"]["insurers"]["precision"] >= 0.95
    assert scores["fields"]["payment"]["precision"] >= 0.95
    assert scores["false_provider_records"] == []


def test_no_level_from_a_named_trap(scores):
    for page, errors in scores["errors"].items():
        added = [v for v in errors.get("levels_of_care", []) if v.startswith("+")]
        assert added == [], page


@pytest.mark.parametrize(
    ("name", "forbidden"),
    [
        ("028_recoverynetwork_residential.html", "php"),  # "PHP with a Pillow" critique
        ("010_actionfamily_insurance.html", "detox"),  # services insurance may cover
        ("020_alohouse_iop-template.html", "sober_living"),  # outside operators
        ("034_ucsf-lpphc_php-iop.txt", "inpatient"),  # "alternative to hospitalization"
    ],
)
def test_trap_pages(name, forbidden):
    path = shared_path("realpages", name)
    records = extract(path.read_text(encoding="utf-8"), f"https://x.example/{name}",
                      "text/html" if name.endswith(".html") else "text/plain")  # fmt: skip
    assert all(forbidden not in r["levels_of_care"] for r in records)
    assert all(problems(r) == [] for r in records)


def test_every_extracted_record_validates():
    truth = json.loads((DATA / "realpages_truth.json").read_text())["pages"]
    for name in truth:
        path = shared_path("realpages", name)
        ctype = "text/html" if name.endswith(".html") else "text/plain"
        for record in extract(path.read_text(encoding="utf-8"), f"https://x.example/{name}", ctype):
            assert problems(record) == [], name
