"""Phone numbers to E.164."""

from __future__ import annotations

import phonenumbers


def to_e164(text: str | None, region: str = "US") -> str | None:
    """The E.164 form of a US (or +-prefixed) phone number in ``text``, else None."""
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
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
