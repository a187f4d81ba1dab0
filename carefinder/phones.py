"""Phone numbers to E.164, with their extension kept apart."""

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
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return e164, number.extension or None


def to_e164(text: str | None, region: str = "US") -> str | None:
    """The E.164 form of a US (or +-prefixed) phone number in ``text``, else None."""
    parsed = parse(text, region)
    return parsed[0] if parsed else None
