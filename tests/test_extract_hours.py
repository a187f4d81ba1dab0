"""Opening hours: the forms sites write, to OSM syntax that an independent parser accepts."""

import opening_hours
import pytest

from crawler.extract.hours import parse

CASES = [
    ("Mon–Fri 8:00am–5:00pm", "Mo-Fr 08:00-17:00"),
    ("M-F 8a-5p", "Mo-Fr 08:00-17:00"),
    ("Monday through Thursday 9-7, Friday 9-3", "Mo-Th 09:00-19:00; Fr 09:00-15:00"),
    ("Open 24/7", "24/7"),
    ("Mon 10a–6p; Tue 11a–7p; Wed closed; Thu 11a–7p; Fri 11a–5p",
     "Mo 10:00-18:00; Tu,Th 11:00-19:00; We off; Fr 11:00-17:00"),
    ("Monday - Friday: 9:00 a.m. - 5:00 p.m.", "Mo-Fr 09:00-17:00"),
    ("Mon, Wed, Thu 6-9 pm", "Mo,We,Th 18:00-21:00"),
    ("Tues & Thurs 5:30-8:30pm", "Tu,Th 17:30-20:30"),
    ("Mon-Fri 8am-12pm, 1pm-5pm", "Mo-Fr 08:00-12:00,13:00-17:00"),
    ("Hours: Weekdays 8-4:30", "Mo-Fr 08:00-16:30"),
    ("Monday 6:00 AM - 2:00 PM Tuesday 6:00 AM - 2:00 PM Sunday Closed", "Mo,Tu 06:00-14:00"),
    ("Saturday noon to 4pm", "Sa 12:00-16:00"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_hours_to_osm(text, expected):
    value = str(parse(text))
    assert value == expected
    assert opening_hours.validate(value)  # the independent OSM parser agrees


@pytest.mark.parametrize(
    "text",
    [
        "Call us 24/7 at our admissions line",
        "Our helpline is open 24/7",
        "We reply within 24 hours",
        "",
    ],
)
def test_no_hours_from_phone_lines_or_prose(text):
    assert not parse(text)
