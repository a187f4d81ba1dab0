"""schema.org data (JSON-LD, microdata) about the facility: name, phone, address, hours."""

from __future__ import annotations

import json
import re

import extruct

ORG_TYPES = re.compile(
    r"(Medical|Clinic|Hospital|Organization|LocalBusiness|Physician|HealthAndBeauty|Dentist|"
    r"MentalHealth|Psychiatric|Place|ProfessionalService)",
)


def _types(item: dict) -> list[str]:
    t = item.get("@type") or []
    return [t] if isinstance(t, str) else [str(x) for x in t]


def _walk(node):
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from _walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from _walk(v)


def organisations(document, url: str) -> list[dict]:
    """Every schema.org organisation-like item on the page (its HTML or parsed tree), uniform
    JSON-LD form."""
    try:
        data = extruct.extract(
            document, base_url=url, syntaxes=["json-ld", "microdata"], uniform=True
        )
    except (ValueError, TypeError, json.JSONDecodeError, AttributeError):
        return []
    items = [n for n in _walk(data.get("json-ld", []) + data.get("microdata", []))]
    return [i for i in items if any(ORG_TYPES.search(t) for t in _types(i)) and i.get("name")]


def address(item: dict) -> dict | None:
    addr = item.get("address")
    if isinstance(addr, list):
        addr = addr[0] if addr else None
    if isinstance(addr, str):
        return {"text": addr}
    if not isinstance(addr, dict):
        return None
    return {
        "street": addr.get("streetAddress"),
        "city": addr.get("addressLocality"),
        "state": addr.get("addressRegion"),
        "postal_code": str(addr.get("postalCode") or "")[:5] or None,
    }


def services(item: dict) -> list[str]:
    """The names of the services the markup says the facility offers (``availableService``)."""
    raw = item.get("availableService") or []
    names = []
    for service in [raw] if isinstance(raw, (str, dict)) else raw:
        name = service.get("name") if isinstance(service, dict) else service
        if isinstance(name, str) and name.strip():
            names.append(name.strip())
    return names


def payments(item: dict) -> list[str]:
    """What the markup says the facility takes (``paymentAccepted``: a list or "Cash, Insurance")."""
    raw = item.get("paymentAccepted") or []
    values = raw.split(",") if isinstance(raw, str) else raw if isinstance(raw, list) else []
    return [v.strip() for v in values if isinstance(v, str) and v.strip()]


def accepting_new_patients(item: dict) -> bool | None:
    value = item.get("isAcceptingNewPatients")
    if isinstance(value, str):
        value = {"true": True, "false": False}.get(value.strip().lower())
    return value if isinstance(value, bool) else None


def telephones(item: dict) -> list[str]:
    raw = item.get("telephone") or []
    return [str(t) for t in ([raw] if isinstance(raw, str) else raw) if t]
