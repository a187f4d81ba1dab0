"""Places as people type them: each resolves near the real place, and the reading is said."""

import csv

import pytest

from carefinder import CarefinderError
from carefinder.placenames import key
from conftest import ROOT
from index.geo import haversine_miles
from index.geocode import UnknownPlace, geocode

# Real place strings from every state, DC and Puerto Rico, of every size and spelling, each with
# the place's well-known point (not read from the gazetteer): see bench/RESULTS.md for accuracy.
TABLE = list(csv.DictReader((ROOT / "tests" / "data" / "places.csv").open(encoding="utf-8")))

CHICAGO, DENVER = (41.88, -87.63), (39.74, -104.99)
ST_LOUIS, LOS_ANGELES, BOSTON = (38.63, -90.20), (34.05, -118.24), (42.36, -71.06)


@pytest.mark.parametrize(
    ("text", "label", "near", "note"),
    [
        ("60601", "Chicago, IL 60601", CHICAGO, None),
        ("60601-1234", "Chicago, IL 60601", CHICAGO, None),
        ("Chicago", "Chicago, IL", CHICAGO, None),
        ("Chicgo, IL", "Chicago, IL", CHICAGO, "No city called 'Chicgo' in IL"),
        ("chcago", "Chicago, IL", CHICAGO, "the closest name"),
        ("Denver, Colorado", "Denver, CO", DENVER, None),
        ("St. Louis, MO", "St. Louis, MO", ST_LOUIS, None),
        ("Los Angeles", "Los Angeles, CA", LOS_ANGELES, None),
        ("Boston,MA", "Boston, MA", BOSTON, None),
        ("Chicago IL", "Chicago, IL", CHICAGO, None),
        ("233 S Wacker Dr, Chicago, IL", "Chicago, IL", CHICAGO, "Street address not used"),
        ("233 S Wacker Dr, Chicago, IL 60606", "Chicago, IL 60606", CHICAGO, "Street address"),
        ("41.88,-87.63", "41.8800,-87.6300", CHICAGO, None),
    ],
)
def test_places_resolve_near_the_real_place_and_say_how(text, label, near, note):
    point = geocode(text)
    assert point.label == label
    assert haversine_miles(point.lat, point.lon, *near) < 10
    if note:
        assert note in point.note
    else:
        assert point.note is None


def test_the_gazetteer_file_carries_the_keys_the_code_computes():
    """places.csv stores each name's key so loading needs no normalising: a change to
    placenames.key without running bench/derive_places.py again fails here."""
    with (ROOT / "carefinder" / "places.csv").open(encoding="utf-8") as f:
        wrong = [row["name"] for row in csv.DictReader(f) if row["key"] != key(row["name"])]
    assert wrong == []


def test_the_table_covers_every_state_size_and_spelling():
    assert len(TABLE) >= 200
    assert len({row["state"] for row in TABLE}) == 52  # 50 states, DC and Puerto Rico
    spellings = {row["spelling"] for row in TABLE}
    assert {"old abbreviation", "no comma", "accent", "hyphen", "apostrophe", "St."} <= spellings


@pytest.mark.parametrize("row", TABLE, ids=[row["place"] for row in TABLE])
def test_every_place_of_the_table_lands_where_the_person_meant(row):
    point = geocode(row["place"])
    assert point.label.rsplit(", ", 1)[1] == row["state"]
    assert haversine_miles(point.lat, point.lon, float(row["lat"]), float(row["lon"])) < 10


def test_a_city_of_many_states_takes_the_largest_by_population_and_says_so():
    point = geocode("Springfield")
    assert point.label == "Springfield, MO"
    assert point.note == (
        "Several places are called Springfield: showing Springfield, MO, the largest "
        "(population 170,188)."
    )
    assert {"Springfield, MA", "Springfield, IL"} <= set(point.alternatives)
    assert "Portland, ME" in geocode("Portland").alternatives


@pytest.mark.parametrize("text", ["Saint", "San", "Fort", "Los"])
def test_words_that_only_begin_a_name_are_refused_with_the_places_they_may_mean(text):
    with pytest.raises(UnknownPlace, match="no place is called exactly") as caught:
        geocode(text)
    assert caught.value.choices and caught.value.parameter == "near"
    assert all(", " in choice for choice in caught.value.choices)
    geocode(caught.value.choices[0])  # each choice is itself a place that resolves


def test_saint_offers_the_saints():
    with pytest.raises(UnknownPlace) as caught:
        geocode("Saint")
    assert {"Saint Paul, MN", "St. Louis, MO"} <= set(caught.value.choices)


def test_a_hamlet_named_exactly_is_shown_with_the_bigger_places_it_begins():
    point = geocode("Santa")  # Santa, Idaho exists; the person may mean Santa Fe or Santa Ana
    assert point.label == "Santa, ID"
    assert point.note == "Only one place is called exactly Santa: showing Santa, ID."
    assert "Santa Ana, CA" in point.alternatives


@pytest.mark.parametrize(
    ("text", "choice"), [("Colorado", "Denver, CO"), ("Indiana", "Indiana, PA")]
)
def test_a_state_alone_is_refused_with_its_cities(text, choice):
    with pytest.raises(UnknownPlace, match="is a whole state") as caught:
        geocode(text)
    assert choice in caught.value.choices


@pytest.mark.parametrize(("text", "label"), [("Washington", "Washington, DC"), ("New York", "New York City, NY"), ("DC", "Washington, DC")])  # fmt: skip
def test_a_state_name_that_is_also_a_big_city_is_the_city(text, label):
    assert geocode(text).label == label


@pytest.mark.parametrize("text", ["", "Zzyzxqv Vrpt", "99999", "91.5,10"])
def test_unknown_places_are_a_plain_error(text):
    with pytest.raises(CarefinderError):
        geocode(text)
