"""Phone numbers: to E.164 with the extension kept apart, checked to be real numbers, and shown
to people.

Every producer (SAMHSA import, crawl, validation) goes through here, so a number that passes
validation is one the pages can always format.
"""

from __future__ import annotations

import phonenumbers


def parse(text: str | None, region: str = "US") -> tuple[str, str | None] | None:
    """(E.164, extension digits or None) for a US (or +-prefixed) number in ``text``, else None.

    "205-216-0200 x123" gives ("+12052160200", "123"); vanity letters (800-999-HOPE) are dialled.
    """
    if not text:
        return None
    text = text.strip()
    # A "+" followed by exactly ten digits is a US number whose country code was left off.
    digits = "".join(ch for ch in text if ch.isdigit())
    if text.startswith("+") and len(digits) == 10:
        text = digits
    number = _parse(text, region)
    if number is None or not phonenumbers.is_valid_number(number):
        return None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return e164, extension(number.extension)


def extension(digits: str | None) -> str | None:
    """The extension to dial, or None: the national directories write "x0" on some intake lines
    (the switchboard, reached without dialling anything more), which is no extension."""
    return digits if digits and digits.strip("0") else None


def to_e164(text: str | None, region: str = "US") -> str | None:
    """The E.164 form of a US (or +-prefixed) phone number in ``text``, else None."""
    parsed = parse(text, region)
    return parsed[0] if parsed else None


def is_valid(e164: str) -> bool:
    """True for a valid number written in E.164: a country code that exists and a number in
    one of its ranges (``+99912345678`` is E.164-shaped, but no such country exists)."""
    number = _parse(e164, None)
    return (
        number is not None
        and phonenumbers.is_valid_number(number)
        and phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) == e164
    )


def display(e164: str) -> str:
    """(303) 555-0110 for US numbers, others in international form; an unparsable value (an
    index written before validation checked numbers) is shown as it is."""
    number = _parse(e164, None)
    if number is None:
        return e164
    style = phonenumbers.PhoneNumberFormat
    return phonenumbers.format_number(
        number, style.NATIONAL if number.country_code == 1 else style.INTERNATIONAL
    )


def _parse(text: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
