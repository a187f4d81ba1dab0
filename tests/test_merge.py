"""Merging records of one facility from the directory and the crawl."""

from records import quoted

from carefinder.merge import merge, same_facility
from carefinder.validate import problems


def record(id, name, street, postal, phone, source="samhsa", **extra):
    # hours need a quote like every other fact
    hours = [extra["opening_hours"]] if "opening_hours" in extra else []
    return quoted(
        id=id, name=name, quote=f"{source} says ",
        phones=[{"e164": phone, "label": "main"}] if phone else [],
        address={"street": street, "city": "Springfield", "state": "IL", "postal_code": postal},
        evidence=[{"field": "opening_hours", "value": h, "url": None, "quote": h} for h in hours],
        sources=[source], **extra,
    )  # fmt: skip


def test_same_facility_under_two_names_merges_and_keeps_both_evidence():
    directory = record("a", "Lakeside Behavioral Health Inc", "12 Elm St", "62701", "+12175550100",
                       levels_of_care=["outpatient"], payment=["medicaid"])  # fmt: skip
    crawled = record("b", "Lakeside Recovery Clinic", "12 Elm Street", "62701", "+12175550100",
                     source="crawl", levels_of_care=["iop"], insurers=["aetna"],
                     opening_hours="Mo-Fr 08:00-17:00")  # fmt: skip
    (merged,) = merge([directory, crawled])
    assert merged["name"] == "Lakeside Recovery Clinic"  # crawled values win
    assert merged["id"] == "b"
    assert merged["levels_of_care"] == ["iop", "outpatient"]
    assert merged["insurers"] == ["aetna"]
    assert merged["payment"] == ["medicaid", "private_insurance"]  # completed: aetna implies it
    assert merged["opening_hours"] == "Mo-Fr 08:00-17:00"
    assert merged["sources"] == ["crawl", "samhsa"]
    assert {e["quote"] for e in merged["evidence"]} >= {"samhsa says medicaid", "crawl says aetna"}
    assert problems(merged) == []


def test_a_combined_record_is_complete_and_pages_still_imply_no_mental_health():
    """Records completed before an older version (no location, no implications) come out of a
    merge complete; a condition read from a page does not make the facility a mental-health
    listing, even merged with a directory listing that is not one."""
    directory = record("a", "Lakeside Clinic", "12 Elm St", "62701", None, conditions=["alcohol"])
    crawled = record("b", "Lakeside Clinic", None, "62701", None, source="crawl",
                     conditions=["depression"])  # fmt: skip
    (merged,) = merge([directory, crawled])
    assert merged["location"] == {"lat": 39.8, "lon": -89.6495, "precision": "postal_code"}
    assert merged["conditions"] == ["depression", "alcohol", "substance_use"]
    assert problems(merged) == []


def test_two_facilities_at_one_address_stay_apart():
    a = record("a", "Harbor Adult Outpatient", "5 Dock Rd", "62701", "+12175550111")
    b = record("b", "First Step Residential", "5 Dock Rd", "62701", "+12175550122")
    b["phones"].append({"e164": "+12175550111", "label": "intake"})  # shared intake line
    assert not same_facility(a, b)
    assert len(merge([a, b])) == 2


def test_same_name_in_other_zip_is_another_facility():
    a = record("a", "Hope House", "1 Main St", "62701", "+12175550100")
    b = record("b", "Hope House", "9 Oak St", "62702", "+12175550100")
    assert len(merge([a, b])) == 2


def test_disagreeing_hours_are_recorded_as_conflict():
    a = record("a", "Clinic One", "1 Main St", "62701", "+12175550100", source="crawl",
               opening_hours="Tu 11:00-19:00", source_urls=["http://x/a"])  # fmt: skip
    b = record("b", "Clinic One", "1 Main St", "62701", None, source="crawl",
               opening_hours="Tu 11:00-15:00", source_urls=["http://x/b"])  # fmt: skip
    (merged,) = merge([a, b])
    assert merged["conflicts"] == [
        {"field": "opening_hours", "values": ["Tu 11:00-19:00", "Tu 11:00-15:00"],
         "urls": ["http://x/a", "http://x/b"]}
    ]  # fmt: skip


def test_one_sites_two_addresses_in_one_zip_are_two_locations():
    a = record("a", "Harbor – Miracle House", "1135 S Alvarado St", "90006", "+12133818534",
               source="crawl", website="https://harbor.example/")  # fmt: skip
    b = record(
        "b",
        "Harbor – Outpatient Services",
        "1147 S Alvarado St",
        "90006",
        "+12133818534",
        source="crawl",
        website="https://harbor.example/",
    )  # the site's one phone
    assert not same_facility(a, b)
    assert len(merge([a, b])) == 2


def test_records_with_one_id_are_one_facility():
    a = record("same", "Hope House", "1 Main St", "62701", "+12175550100", payment=["medicaid"])
    b = record("same", "Other Name", "9 Oak St", "62702", None, payment=["self_pay"])
    c = record("other", "Third Place", "4 Pine St", "62703", None)
    merged = merge([a, b, c])
    assert sorted(r["id"] for r in merged) == ["other", "same"]
    (same,) = [r for r in merged if r["id"] == "same"]
    assert same["payment"] == ["medicaid", "self_pay"] and problems(same) == []


def test_what_changed_since_the_last_crawl_is_kept_from_every_merged_record():
    a = record("same", "Hope House", "1 Main St", "62701", "+12175550100", payment=["medicaid"],
               changed=["payment"])  # fmt: skip
    b = record("same", "Hope House", "1 Main St", "62701", None, changed=["phones", "payment"])
    c = record("other", "Third Place", "4 Pine St", "62703", None)
    merged = {r["id"]: r for r in merge([a, b, c])}
    assert merged["same"]["changed"] == ["payment", "phones"] and problems(merged["same"]) == []
    assert "changed" not in merged["other"]
