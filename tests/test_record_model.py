import json

import pytest
from records import FIELDS, declared_keys

from carefinder.record import Evidence, Phone, Record, make, stable_id


def test_round_trip_is_lossless(spec_record):
    record = Record.from_dict(spec_record)
    assert isinstance(record.phones[0], Phone)
    assert isinstance(record.evidence[0], Evidence)
    assert record.to_dict() == spec_record
    assert list(record.to_dict()) == list(spec_record)  # field order as in RECORD.md


def test_unknown_field_is_rejected(spec_record):
    with pytest.raises(TypeError, match="rating"):
        Record.from_dict({**spec_record, "rating": 5})


def test_minimal_record_defaults_to_unknown():
    data = Record(id="x", name="A clinic").to_dict()
    assert data["levels_of_care"] == [] and data["opening_hours"] is None
    assert json.loads(json.dumps(data)) == data


def test_stable_id_ignores_case_and_whitespace():
    assert stable_id("https://a.org", "1 Main St ") == stable_id("https://A.org", "1 main st")
    assert stable_id("https://a.org", "1 Main St") != stable_id("https://a.org", "2 Main St")


def test_make_refuses_a_key_the_record_type_does_not_declare():
    with pytest.raises(TypeError, match="unknown record field.*wheelchair"):
        make(id="x", name="A clinic", wheelchair="yes")


def test_make_asks_for_a_field_without_a_default():
    with pytest.raises(TypeError, match="'name'"):
        make(id="x")


def test_make_fills_declared_defaults_in_field_order(spec_record):
    made = make(name="A clinic", id="x", sources=["crawl"])
    assert list(made) == declared_keys(made) == [f for f in FIELDS if f != "changed"]
    assert made == Record(id="x", name="A clinic", sources=["crawl"]).to_dict()
    assert made["levels_of_care"] == []
    assert made["levels_of_care"] is not make(id="y", name="B")["levels_of_care"]  # not shared
    assert make(**spec_record) == spec_record and list(make(**spec_record)) == list(spec_record)
    # a field the JSON leaves out when it has no value is left out, not written null
    assert "changed" not in make(id="x", name="A clinic", changed=None)
    assert list(make(id="x", name="A clinic", changed=["name"]))[-1] == "changed"
