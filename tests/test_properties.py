"""Arbitrary text never breaks a parser, and what comes out always validates (hypothesis)."""

import opening_hours
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carefinder import hours, mentions
from carefinder.phones import to_e164
from carefinder.schema import E164
from carefinder.validate import problems
from crawler.extract import contact
from crawler.extract.site import extract

WORDS = st.sampled_from([
    "Mon", "Monday", "Tue", "Fri", "Sat", "Sun", "M-F", "through", "to", "-", "–", "&", ",", ";",
    "9", "9am", "5pm", "8:30", "12", "noon", "midnight", "closed", "24/7", "open", "call", "IOP",
    "PHP", "detox", "we", "our", "not", "offer", "Aetna", "Medicaid", "(555)", "555-0100", "Suite",
    "#4", "12", "Main", "St", "Springfield", "IL", "62701", "<b>", "?", ".", "\n", "é", "𝕏",
])  # fmt: skip
TEXT = st.one_of(st.text(max_size=300), st.lists(WORDS, max_size=40).map(" ".join))
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(TEXT)
def test_hours_parser_never_raises_and_prints_valid_osm(text):
    parsed = hours.parse(text)
    if parsed:
        assert opening_hours.validate(str(parsed)), str(parsed)


@FAST
@given(TEXT)
def test_phone_parsers_give_e164_or_nothing(text):
    import re

    value = to_e164(text)
    assert value is None or re.fullmatch(E164, value)
    for e164, _label, quote, _ext in contact.phones(text):
        assert re.fullmatch(E164, e164) and quote


@FAST
@given(TEXT)
def test_address_parser_never_raises(text):
    from carefinder.schema import US_STATES

    for address in contact.addresses(text):
        assert address.state in US_STATES and len(address.postal_code) == 5


@FAST
@given(TEXT)
def test_vocabulary_matching_gives_valid_slugs(text):
    from carefinder import vocabulary

    for m in mentions.find(text):
        assert vocabulary.is_valid(m.facet, m.slug) and text[m.start : m.end] == m.text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXT, max_size=6), st.booleans())
def test_extraction_of_arbitrary_pages_validates(parts, as_html):
    content = "".join(f"<p>{p}</p>" for p in parts) if as_html else "\n\n".join(parts)
    for record in extract(content, "https://any.example/page", "text/html" if as_html else ""):
        assert problems(record) == []
