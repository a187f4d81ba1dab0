import json

import pytest

from carefinder.record import Evidence, Phone, Record, stable_id


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
