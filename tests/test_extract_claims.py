"""Offered vs mentioned: each trap kind on small fixtures (pure functions, no Scrapy)."""

import pytest

from crawler.extract.site import extract


def levels(html: str, url: str = "https://clinic.example/programs") -> set[str]:
    return {v for r in extract(html, url, "text/html") for v in r["levels_of_care"]}


def facet(html: str, name: str, url: str = "https://clinic.example/page") -> set[str]:
    return {v for r in extract(html, url, "text/html") for v in r[name]}


def page(body: str, title: str = "Programs | Maple Clinic") -> str:
    return f"<html><head><title>{title}</title></head><body><main>{body}</main></body></html>"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<p>We offer an evening intensive outpatient program.</p>", {"iop"}),
        ("<p>Our partial hospitalization program runs weekdays.</p>", {"php"}),
        ("<p>We do not offer detox, but our IOP meets three nights a week.</p>", {"iop"}),
        ("<p>IOP vs. inpatient: an IOP costs less than inpatient care.</p>", set()),
        (
            "<h2>What is residential treatment?</h2><p>Residential treatment is a live-in stay.</p>",
            set(),
        ),
        ("<p>Many people step down to an IOP after residential treatment.</p>", set()),
        ("<p>Dr. Lee previously worked on hospital inpatient units and in detox.</p>", set()),
        (
            "<blockquote class='testimonial'>Detox elsewhere was hard; we loved it.</blockquote>",
            set(),
        ),
        ("<p>Weekend IOP: coming soon!</p>", set()),
        ("<p>Our admissions team will refer you to a detox partner if you need one.</p>", set()),
        ("<p>Most insurance plans cover PHP when medically necessary.</p>", set()),
    ],
)
def test_levels_offered_or_only_mentioned(body, expected):
    assert levels(page(body)) == expected


def test_navigation_links_to_own_program_pages_count():
    html = page("<p>Welcome.</p>").replace(
        "<main>",
        "<nav><a href='/detox'>Detox</a><a href='/blog/iop-guide'>Is IOP right for you?</a></nav><main>",
    )
    assert levels(html) == {"detox"}


def test_insurers_from_lists_and_logos_but_not_forms_or_faq():
    html = page(
        "<h2>Insurance we accept</h2><ul><li>Aetna</li><li>Anthem Blue Cross</li></ul>"
        "<img src='l.png' alt='Cigna'>"
        "<form><select><option>Humana</option></select><input placeholder='e.g. Kaiser'></form>"
        "<h2>FAQ</h2><p>Does Magellan cover IOP? Magellan covers many programs.</p>"
    )
    assert facet(html, "insurers") == {"aetna", "anthem", "bcbs", "cigna"}
    assert "private_insurance" in facet(html, "payment")  # implied by a named insurer


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<p>We accept most major insurance and Medicaid.</p>", {"private_insurance", "medicaid"}),
        ("<p>We are out of network and do not accept insurance directly.</p>", set()),
        ("<p>Self-pay rates and a sliding scale are available.</p>", {"self_pay", "sliding_scale"}),
        ("<p>Financing is available through a lending partner.</p>", {"payment_assistance"}),
    ],
)
def test_payment(body, expected):
    assert facet(page(body), "payment") == expected


def test_every_list_value_has_a_quote_and_implications_apply():
    (record,) = extract(page("<p>We treat opioid addiction with buprenorphine.</p>"),
                        "https://clinic.example/mat", "text/html")  # fmt: skip
    assert {"opioids", "substance_use"} <= set(record["conditions"])
    assert {"buprenorphine", "mat"} <= set(record["services"])
    cited = {(e["field"], e["value"]) for e in record["evidence"]}
    for f in ("conditions", "services"):
        assert all((f, v) in cited for v in record[f])
    quote = next(e for e in record["evidence"] if e["value"] == "buprenorphine")
    assert quote["quote"] == "We treat opioid addiction with buprenorphine."
    assert quote["url"] == "https://clinic.example/mat"


def test_article_and_referral_pages():
    article = page(
        "<h1>What is IOP?</h1><p>What does it cost? Who needs it? Is it covered? How long? "
        "Where? When?</p><p>An IOP typically meets nine hours a week.</p>",
        title="What is IOP? | Recovery Guide",
    )
    assert extract(article, "https://guide.example/iop", "text/html") == []
    referral = page("<p>We are not a treatment provider. We help you find detox and IOP.</p>")
    (record,) = extract(referral, "https://match.example/", "text/html")
    assert record["kind"] == "referral_service"


def test_several_locations_give_several_records():
    html = page(
        "<h2>North Clinic</h2><p>12 Oak St, Springfield, IL 62701</p><p>North offers our IOP.</p>"
        "<h2>South Clinic</h2><p>400 Elm Ave, Springfield, IL 62704</p>"
        "<p>South provides our residential program.</p>",
        title="Locations | Maple Clinic",
    )
    records = extract(html, "https://maple.example/locations", "text/html")
    by_zip = {r["address"]["postal_code"]: set(r["levels_of_care"]) for r in records}
    assert by_zip == {"62701": {"iop"}, "62704": {"residential"}}
    assert len({r["id"] for r in records}) == 2


def test_structured_data_address_and_hours():
    html = page("<p>We offer outpatient counseling.</p>").replace(
        "</head>",
        '<script type="application/ld+json">{"@context":"https://schema.org","@type":"MedicalClinic",'
        '"name":"Maple Clinic","openingHoursSpecification":[{"@type":"OpeningHoursSpecification",'
        '"dayOfWeek":["Saturday"],"opens":"10:00","closes":"14:00"}]}</script></head>',
    )
    (record,) = extract(html, "https://maple.example/", "text/html")
    assert record["opening_hours"] == "Sa 10:00-14:00"


def test_markup_naming_another_facility_is_flagged_not_trusted():
    html = page("<p>We offer outpatient counseling.</p>", title="Maple Clinic").replace(
        "</head>",
        '<script type="application/ld+json">{"@context":"https://schema.org",'
        '"@type":"MedicalClinic","name":"Faraway Recovery Center"}</script></head>',
    )
    (record,) = extract(html, "https://maple.example/", "text/html")
    assert record["name"] == "Maple Clinic"
    assert record["conflicts"] == [{"field": "name", "values": ["Maple Clinic", "Faraway Recovery Center"],
                                    "urls": ["https://maple.example/"]}]  # fmt: skip


@pytest.mark.parametrize(
    ("body", "name", "expected"),
    [
        ("<p>Maple Clinic: Drug and Alcohol Treatment Centers since 1997</p>", "conditions", {"alcohol", "substance_use"}),
        ("<p>This program is designed for adults affected by gambling.</p>", "conditions", {"gambling"}),
        ("<h2>Teens ages 12-17</h2><ul><li>Depression</li><li>Anxiety</li></ul>", "conditions", {"depression", "anxiety", "mental_health"}),  # implied (RECORD.md §2)
        ("<h2>Signs of depression</h2><ul><li>Depression</li></ul>", "conditions", set()),
        ("<p>Alcohol treatment typically lasts a month.</p>", "conditions", set()),
        ("<p>We partner with major insurance providers, including Medicaid and TRICARE.</p>", "payment",
         {"private_insurance", "medicaid", "tricare"}),
        ("<p>We partner with a detox center nearby.</p>", "levels_of_care", set()),
    ],
)  # fmt: skip
def test_conditions_and_payment_patterns(body, name, expected):
    offer = "<p>We offer outpatient counseling.</p>"  # conditions alone make no provider page
    assert facet(page(offer + body), name) == expected | (
        {"outpatient"} if name == "levels_of_care" else set()
    )


def test_card_links_and_jsx_links_are_read_as_content():
    cards = page(
        "<div class='offers'><a href='#'><h4>Day Treatment Program</h4><p>A structured day.</p></a>"
        "<a href='/iop'><h4>Intensive Outpatient (IOP)</h4><p>Evenings.</p></a></div>"
    )
    assert levels(cards) == {"php", "iop"}
    jsx = page(
        "<div><Link to='/residential'>Residential Treatment</Link><Link to='/op'>Outpatient Counseling</Link></div>"
    )
    assert levels(jsx) == {"residential", "outpatient"}


@pytest.mark.parametrize(
    ("body", "accreditations", "intake", "accepting"),
    [
        ("<p>Accredited by The Joint Commission.</p><img alt='CARF accredited logo' src='c.png'>"
         "<p>We are now accepting new patients, with same-day admissions.</p>",
         {"joint_commission", "carf"}, {"accepting", "same_day"}, True),
        ("<h2>What is CARF?</h2><p>CARF is an independent accrediting body for rehab programs.</p>"
         "<p>Ask whether a program is accredited by the Joint Commission.</p>"
         "<p>Ask about waitlists before you choose a program.</p>", set(), set(), None),
        ("<p>We are not accepting new patients at this time; join our waitlist.</p>",
         set(), {"waitlist"}, False),
    ],
)  # fmt: skip
def test_quality_marks_and_intake_only_as_the_facility_states_them(
    body, accreditations, intake, accepting
):
    (record,) = extract(page("<p>We offer outpatient counseling.</p>" + body),
                        "https://maple.example/about", "text/html")  # fmt: skip
    assert set(record["accreditations"]) == accreditations
    assert set(record["intake"]) == intake
    assert record["accepting_new_patients"] is accepting
