"""Places as people type them: each resolves near the real place, and the reading is said."""

import pytest

from carefinder import CarefinderError
from index.geo import haversine_miles
from index.geocode import geocode

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
        ("St. Louis, MO", "Saint Louis, MO", ST_LOUIS, None),
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


def test_a_city_of_many_states_takes_the_largest_and_offers_the_others():
    point = geocode("Portland")
    assert point.label == "Portland, OR" and "the largest" in point.note
    assert "Portland, ME" in point.alternatives


@pytest.mark.parametrize("text", ["", "Zzyzxqv Vrpt", "99999", "91.5,10"])
def test_unknown_places_are_a_plain_error(text):
    with pytest.raises(CarefinderError):
        geocode(text)
