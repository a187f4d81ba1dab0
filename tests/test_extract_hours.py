"""Opening hours: the forms sites write, to OSM syntax that an independent parser accepts."""

import opening_hours
import pytest

from carefinder.hours import parse

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
    ("M-Th 9a-7p, F 9a-3p, Closed weekends", "Mo-Th 09:00-19:00; Fr 09:00-15:00"),
    ("Weekdays 6 a.m.–2 p.m.; Saturdays 7 a.m.–11 a.m.", "Mo-Fr 06:00-14:00; Sa 07:00-11:00"),
    ("Mon–Thu 8–8, Fri 8–5", "Mo-Th 08:00-20:00; Fr 08:00-17:00"),
    ("Monday: 8:00 AM – 8:00 PM\nTuesday: 8:00 AM – 8:00 PM", "Mo,Tu 08:00-20:00"),
    ("Mo-Th 08:00-19:00\nFr 08:00-16:00", "Mo-Th 08:00-19:00; Fr 08:00-16:00"),
    ("Lunes a jueves: 9:00 a. m. – 7:00 p. m.\nViernes: 9:00 a. m. – 3:00 p. m.",
     "Mo-Th 09:00-19:00; Fr 09:00-15:00"),
    ("Lunes a viernes de 8:00 a 17:00", "Mo-Fr 08:00-17:00"),
    ("Open 24 hours, every day", "24/7"),
    ("Admissions: open 24 hours a day, 365 days a year", "24/7"),
    # a list of days with the serial comma, and a span said "between … and …"
    ("Groups meet Monday, Wednesday, and Friday, 6-9 pm", "Mo,We,Fr 18:00-21:00"),
    ("Tuesday and Thursday between the hours of 8:30 AM and 12:30 PM", "Tu,Th 08:30-12:30"),
    ("Saturdays between 9 and 1", "Sa 09:00-13:00"),
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
        "Our support line is answered 24 hours a day, 7 days a week: (937) 440-7121",
        "Sessions run from 9 am to 3 pm",  # no day from "from"
        "Visit us at 1600 16th St, Phoenix, call 602-555-0148",  # no time from numbers
        "79 North Clinton Ave., Floors 1-7, Rochester, NY 14604",  # no Thursday in "North"
        "",
    ],
)
def test_no_hours_from_phone_lines_or_prose(text):
    assert not parse(text)


def page_hours(body: str) -> str | None:
    from crawler.extract.site import extract

    html = f"<html><head><title>Contact | Maple Clinic</title></head><body>{body}</body></html>"
    (record,) = extract(html, "https://maple.example/contact", "text/html")
    quotes = [e for e in record["evidence"] if e["field"] == "opening_hours"]
    assert bool(quotes) == bool(record["opening_hours"])  # every hours value has its quote
    return record["opening_hours"]


def test_a_schedule_written_over_several_blocks_is_one_value():
    body = (
        "<p>We offer outpatient counseling.</p><h2>Office Hours</h2>"
        "<table><tr><td>Monday:</td><td>10a-6p</td></tr><tr><td>Tuesday:</td><td>CLOSED</td></tr>"
        "<tr><td>Wednesday:</td><td>11a-7p</td></tr></table>"
        "<ul><li>Thursday: 9:00 AM – 5:00 PM</li><li>Friday: 9:00 AM – 1:00 PM</li></ul>"
    )
    assert (
        page_hours(body) == "Mo 10:00-18:00; Tu off; We 11:00-19:00; Th 09:00-17:00; Fr 09:00-13:00"
    )


def test_opening_and_closing_times_in_cells_of_their_own_are_one_span():
    body = (
        "<p>We offer outpatient counseling.</p><h2>Office Hours</h2><table>"
        "<tr><th>Day</th><th>Open</th><th>Close</th></tr>"
        "<tr><td>Monday</td><td>8:00am</td><td>5:00pm</td></tr>"
        "<tr><td>Friday</td><td>8:00am</td><td>noon</td></tr>"
        "<tr><td>Saturday</td><td>Closed</td></tr></table>"
    )
    assert page_hours(body) == "Mo 08:00-17:00; Fr 08:00-12:00"  # unlisted days are closed


def test_a_sentence_opening_with_we_names_no_wednesday():
    """ "We offer outpatient counseling." above office hours is no day of a programme schedule."""
    body = "<h2>Hours</h2><p>We offer outpatient counseling.</p><p>Mon-Fri 9am-5pm</p>"
    assert page_hours(body) == "Mo-Fr 09:00-17:00"


def test_program_schedules_and_helplines_are_not_opening_hours():
    body = (
        "<p>We offer an intensive outpatient program.</p>"
        "<p>Call our helpline 24/7 at (555) 201-3344.</p>"
        "<h2>Evening IOP</h2><p>The evening IOP meets Mon, Wed, Thu 6-9 pm.</p>"
        "<h2>Hours</h2><p>Hours are Monday through Friday, 9:00am to 5:00pm "
        "(10:00am to 2:30pm for programs)</p>"
    )
    assert page_hours(body) == "Mo-Fr 09:00-17:00"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Monday - Sunday: 12:00 AM - 11:59 PM", "24/7"),
        ("Mon-Sun 00:00-24:00", "24/7"),
        ("Mon-Sat 12:00 AM - 11:59 PM", "Mo-Sa 00:00-23:59"),  # six days are not round the clock
    ],
)
def test_every_day_midnight_to_midnight_is_24_7(text, expected):
    assert str(parse(text)) == expected
