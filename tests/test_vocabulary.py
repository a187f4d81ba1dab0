"""The vocabulary matches RECORD.md and its implication rules."""

import re
from dataclasses import fields

import pytest

from carefinder import implications, vocabulary
from carefinder.mentions import find
from carefinder.record import Record
from conftest import shared_path


def spec_slugs() -> dict[str, set[str]]:
    """Slugs per facet as RECORD.md section 2 lists them (tables and backquoted lists).

    Backquoted JSON literals and record field names in the prose are not slugs.
    """
    not_slugs = {"true", "false", "null"} | {f.name for f in fields(Record)}
    text = shared_path("spec", "RECORD.md").read_text(encoding="utf-8")
    section = text.split("## 2. Vocabularies", 1)[1].split("## 3.", 1)[0]
    out = {}
    for block in section.split("### ")[1:]:
        facet = block.split()[0]
        rows = re.findall(r"^\| (\w+) \|", block, re.M)
        found = set(rows) - {"slug"} if rows else set(re.findall(r"`([a-z_]+)`", block))
        found -= not_slugs
        out[facet] = found
    return out


def test_every_spec_slug_exists():
    spec = spec_slugs()
    assert set(spec) == set(vocabulary.FACETS)
    for facet, expected in spec.items():
        if facet == "languages":
            assert all(vocabulary.is_valid(facet, s) for s in expected)
        else:
            assert expected <= set(vocabulary.slugs(facet)), facet


def test_every_term_has_label_and_synonyms():
    for facet, terms in vocabulary.terms().items():
        for slug, term in terms.items():
            assert term.label and term.synonyms, (facet, slug)
            assert re.fullmatch(r"[a-z0-9_]+", slug)
            for f, s in term.implies:
                assert vocabulary.is_valid(f, s), (slug, f, s)


@pytest.mark.parametrize(
    ("facet", "slug", "expected"),
    [
        ("conditions", "opioids", ("conditions", "substance_use")),
        ("conditions", "cannabis", ("conditions", "substance_use")),
        ("insurers", "aetna", ("payment", "private_insurance")),
        ("services", "buprenorphine", ("services", "mat")),
    ],
)
def test_implications(facet, slug, expected):
    assert expected in vocabulary.implied(facet, slug)
    assert (facet, slug) in vocabulary.implying(*expected)


def test_apply_implications_reports_what_it_added():
    facets = {"conditions": ["opioids"], "insurers": ["cigna"], "services": ["methadone"]}
    added = vocabulary.apply_implications(facets)
    assert facets["conditions"] == ["opioids", "substance_use"]
    assert facets["payment"] == ["private_insurance"]
    assert facets["services"] == ["methadone", "mat"]
    assert added["payment"] == [("private_insurance", "insurers", "cigna")]


def test_no_implication_from_unrelated_values():
    facets = {"conditions": ["gambling"], "payment": ["medicaid"]}
    assert vocabulary.apply_implications(facets) == {}
    assert facets == {"conditions": ["gambling"], "payment": ["medicaid"]}


def test_a_named_mental_condition_implies_mental_health_and_nothing_implies_a_named_one():
    """RECORD.md §2: a specific mental condition implies ``mental_health``; the general term
    never stands for a named condition."""
    named = ["depression", "anxiety", "bipolar", "ptsd", "ocd", "eating_disorders", "psychosis",
             "personality_disorders"]  # fmt: skip
    implying = {s for f, s in vocabulary.implying("conditions", "mental_health")}
    assert implying == set(named)
    assert vocabulary.implied("conditions", "mental_health") == []
    assert ("conditions", "mental_health") not in vocabulary.implied("conditions", "alcohol")


def test_open_intake_makes_unknown_accepting_true():
    record = {"intake": ["same_day"], "accepting_new_patients": None, "evidence": []}
    assert implications.apply(record)["accepting_new_patients"] is True
    record = {"intake": ["waitlist"], "accepting_new_patients": None, "evidence": []}
    assert implications.apply(record)["accepting_new_patients"] is None
    record = {"intake": ["accepting"], "accepting_new_patients": False, "evidence": []}
    assert implications.apply(record)["accepting_new_patients"] is False


def test_a_named_mental_condition_implies_mental_health_except_in_page_records():
    """RECORD.md §2: a named mental condition implies mental_health. Records read from a
    facility's pages keep the conditions they name (mental_health is the directory's
    category); directory records and index documents carry the implication."""
    page = implications.apply({"sources": ["crawl"], "conditions": ["depression"], "evidence": []})
    listing = implications.apply({"sources": ["samhsa"], "conditions": ["ptsd"], "evidence": []})
    assert page["conditions"] == ["depression"]
    assert listing["conditions"] == ["ptsd", "mental_health"]
    facets = {"conditions": ["anxiety"]}
    vocabulary.apply_implications(facets)
    assert facets["conditions"] == ["anxiety", "mental_health"]


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("two sober living homes", "sober_living"),  # "homes" is "home" + s, not "hom" + es
        ("recovery residences", "sober_living"),
        ("sober houses", "sober_living"),
    ],
)
def test_a_synonym_in_the_plural_is_found(text, slug):
    assert [m.slug for m in find(text, ("levels_of_care",))] == [slug]


@pytest.mark.parametrize(
    "text",
    [
        "Appointments take place by video conference.",
        "Telepsychiatry for adults across the state",
        "We offer tele-therapy on weekday evenings.",
        "Doctor visits are held over secure video calls.",
        "Sessions use HIPAA-compliant videoconferencing.",
    ],
)
def test_telehealth_in_other_words(text):
    """RECORD.md §2 `telehealth`: care given over video or as telepsychiatry, however it is
    called."""
    assert [m.slug for m in find(text, ("services",))] == ["telehealth"]
