"""Offered vs mentioned: each trap kind on small fixtures (pure functions, no Scrapy)."""

import pytest

from crawler.extract.site import extract


def levels(html: str, url: str = "https://clinic.example/programs") -> set[str]:
    return {v for r in extract(html, url, "text/html") for v in r["levels_of_care"]}


def facet(html: str, name: str, url: str = "https://clinic.example/page") -> set[str]:
    return {v for r in extract(html, url, "text/html") for v in r[name]}


def page(body: str, title: str = "Programs | Maple Clinic") -> str:
    return f"<html><head><title>{title}</title></head><body><main>{body}</main></body></html>"


def faq_html(pairs) -> str:
    """A FAQ as headed questions, each answered by the paragraph under it."""
    return "".join(f"<h3>{q}</h3><p>{a}</p>" for q, a in pairs)


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
        ("<p>We accept most major health insurance coverage.</p>", {"private_insurance"}),
        # public funding said in words no synonym lists; a licence or a charity is no funding
        (
            "<p>We offer IOP.</p><p>Funded in part by the Ohio Department of Mental Health.</p>",
            {"state_funded"},
        ),
        ("<p>We offer IOP. We are licensed by the Department of Health.</p>", set()),
        ("<p>We offer IOP. Our garden was paid for by the Birch Family Foundation.</p>", set()),
        # advice on choosing any facility speaks of none
        ("<p>We offer IOP. Always check that the program you choose is in-network.</p>", set()),
        ("<p>We offer IOP. Make sure that the clinic takes Medicaid.</p>", set()),
        # a fee table prices the facility's care; a national cost estimate prices nobody's
        (
            "<p>We offer IOP.</p><h2>Fees</h2><table><tr><td>Group therapy</td>"
            "<td>per hour $60</td></tr></table>",
            {"self_pay"},
        ),
        ("<p>We offer IOP. Nationally, outpatient rehab can cost $200 per day.</p>", set()),
        # the facility taking insurance in general, in words no synonym lists
        ("<p>We offer IOP. We accept many types of insurance.</p>", {"private_insurance"}),
        (
            "<p>We offer IOP. We will file your claim with your insurance.</p>",
            {"private_insurance"},
        ),
        ("<p>We offer IOP. We do not bill insurance companies.</p>", set()),
        ("<p>We offer IOP. Insurance and cash accepted.</p>", {"private_insurance", "self_pay"}),
        ("<p>We offer IOP. Services are free for county residents.</p>", {"free"}),
        ("<p>We offer IOP. Our assessments are free.</p>", set()),
        # a heading or lead-in over a list leaves the list to say which plans (here public ones)
        (
            "<p>We offer IOP.</p><h2>Insurance Accepted</h2><p>We currently accept these "
            "insurance plans:</p><ul><li>Medicaid</li><li>Medicare</li></ul>",
            {"medicaid", "medicare"},
        ),
        (
            "<p>We offer IOP. We hold a grant from the county health department.</p>",
            {"state_funded"},
        ),
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


@pytest.mark.parametrize(
    ("accepted", "expected"),
    [
        ('["Insurance", "Medicaid", "Private Pay"]', {"private_insurance", "medicaid", "self_pay"}),
        ('"Cash, Medicare, Aetna"', {"self_pay", "medicare", "private_insurance"}),
    ],
)
def test_payment_accepted_in_markup_is_the_facilitys_statement(accepted, expected):
    html = page("<p>We offer outpatient counseling.</p>", title="Maple Clinic").replace(
        "</head>",
        '<script type="application/ld+json">{"@context":"https://schema.org",'
        f'"@type":"MedicalBusiness","name":"Maple Clinic","paymentAccepted":{accepted}}}'
        "</script></head>",
    )
    (record,) = extract(html, "https://maple.example/", "text/html")
    assert set(record["payment"]) == expected


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
        ("<h2>Teens ages 12-17</h2><ul><li>Depression</li><li>Anxiety</li></ul>", "conditions", {"depression", "anxiety"}),  # mental_health: the directory's category
        ("<h2>Signs of depression</h2><ul><li>Depression</li></ul>", "conditions", set()),
        ("<p>Alcohol treatment typically lasts a month.</p>", "conditions", set()),
        # mental_health is the directory's category, not read from a facility's own words
        ("<p>We treat depression and other mental health conditions.</p>", "conditions", {"depression"}),
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


def test_tile_links_read_their_name_apart_from_their_description():
    # builder tiles: a name and a description in sibling spans that a style puts on two lines
    tiles = page(
        "<div class='grid'><a href='/programs/day'><span class='t'>PHP</span>"
        "<span class='d'>Weekday program</span></a>"
        "<a href='/programs/evenings'><span class='name'>Intensive Outpatient</span>"
        "<span class='desc'>Three evenings a week of group and one-to-one sessions, after work."
        "</span><span class='arrow'>&rarr;</span></a></div>"
    )
    assert levels(tiles) == {"php", "iop"}
    # a sentence written as one link stays one (long) link, however its words are wrapped
    sentence = page(
        "<p>We offer outpatient counseling.</p><a href='/guides/detox'><span>Why a detox stay"
        "</span> <span>may be the safest first step for you</span></a>"
    )
    assert levels(sentence) == {"outpatient"}


def test_a_faq_question_in_a_summary_heads_only_its_own_answer():
    faq = page(
        "<h1>Frequently asked questions</h1><p>We offer outpatient counseling.</p>"
        "<details><summary>Which programs do you offer?</summary>"
        "<p>Day treatment and an evening intensive outpatient program.</p></details>"
        "<details><summary>How long is a typical stay?</summary><p>Most stay six weeks.</p>"
        "</details><p>Residential care is a live-in stay; detox manages withdrawal.</p>",
        title="FAQ | Maple Clinic",
    )
    # the answer is the facility's; the explainer after the last item is not
    assert facet(faq, "levels_of_care", "https://clinic.example/faq") == {
        "outpatient",
        "php",
        "iop",
    }


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


def test_a_sentence_broken_over_a_blank_line_keeps_its_speaker():
    text = (
        "Fees\n\nWe are contracted with several insurers so that we can provide\n\n"
        "counseling at reduced rates, including Tricare and Aetna. Cash is also accepted.\n"
    )
    (record,) = extract(text, "https://clinic.example/fees", "text/plain")
    assert {"tricare", "private_insurance"} <= set(record["payment"])
    assert record["insurers"] == ["aetna"]


GENERAL = (
    "Day treatment\n\nPartial hospitalization programs and intensive outpatient programs are "
    "options for people who do not need a hospital bed. A PHP suits severe anxiety or "
    "depression and runs most of the day.\n"
)


@pytest.mark.parametrize(
    ("text", "levels"),
    [
        (GENERAL, None),  # general talk: nobody offers anything, so no record
        (GENERAL + "\nWe run a PHP for adults on weekdays.\n", {"php"}),  # own voice decides
        (GENERAL + "\nAs a country, we need to make such care easier to reach.\n", None),
        (
            "Day treatment\n\nThe Partial Hospitalization Program meets five days a week for "
            "adults with severe depression.\n",
            {"php"},  # a definite program: the page speaks of its own
        ),
    ],
)
def test_who_speaks_decides_whether_a_page_is_a_providers(text, levels):
    records = extract(text, "https://somewhere.example/day-treatment", "text/plain")
    assert ({v for r in records for v in r["levels_of_care"]} if records else None) == levels


SESSIONS = "Short-term care\n\n{} sees students in weekly sessions of fifty minutes.\n"
DETOX = "Withdrawal care\n\nMedical detox runs day and night; case management is available.\n"


@pytest.mark.parametrize(
    ("text", "url", "levels"),
    [
        (SESSIONS.format("The Counseling Center"), "https://uni.example/counseling", {"outpatient"}),
        (SESSIONS.format("A counseling center"), "https://uni.example/counseling", None),
        (SESSIONS.format("The Center for Campus Studies says a center"),
         "https://uni.example/counseling", None),  # a body it cites, not itself
        (DETOX, "https://maple.example/our-services/medical-detox/", {"detox"}),
        (DETOX, "https://maple.example/medical-detox/", None),  # no service page: general talk
        (DETOX, "https://maple.example/services/visiting-hours/", None),  # names no service
        (DETOX, "https://maple.example/Addiction-Treatment-Program/Medical-Detox", {"detox"}),
        (DETOX, "https://maple.example/same-day-detox-service/", None),  # a page, not a folder
        ("Evening care\n\nThe adult Intensive Outpatient Program meets three nights a week.\n",
         "https://maple.example/iop", {"iop"}),  # "The (adult) … Program": its own programme
    ],
)  # fmt: skip
def test_a_unit_naming_itself_or_its_own_service_page_speaks_for_it(text, url, levels):
    """A unit writing of itself in the third person by its capitalised name, or the site's page
    for a service it names (a services folder), is the provider's own, with no "we" in it."""
    records = extract(text, url, "text/plain")
    assert ({v for r in records for v in r["levels_of_care"]} if records else None) == levels


def test_own_voice_in_a_section_explaining_terms_still_counts():
    text = (
        "Questions\n\nUnderstanding Methadone\n\nMethadone is a long-acting medication for "
        "opioid use disorder. We dispense methadone as a liquid each morning.\n"
    )
    (record,) = extract(text, "https://clinic.example/faq", "text/plain")
    assert "methadone" in record["services"]
    assert record["conditions"] == []  # the general sentence names the condition, not "we"


def test_an_offer_heading_speaks_for_the_facility_on_a_page_of_questions():
    faq = "".join(f"<h3>Question {n}?</h3><p>It depends on your plan.</p>" for n in range(6))
    grid = "".join(f"<div class='card'>{n}</div>" for n in ("Aetna", "Cigna", "Humana"))
    html = page(f"<h2>Plans we accept</h2><div class='grid'>{grid}</div>{faq}", "Insurance")
    (record,) = extract(html, "https://maple.example/insurance", "text/html")
    assert set(record["insurers"]) == {"aetna", "cigna", "humana"}


@pytest.mark.parametrize(
    ("lead_in", "expected"),
    [
        ("At Maple, we offer a full continuum of care, including:", {"residential", "php"}),
        ("Here we treat more than addiction. These include:", {"residential", "php"}),
        ("In this guide we will walk through the following:", set()),  # a table of contents
    ],
)
def test_a_list_under_an_own_voice_lead_in_is_the_facilitys(lead_in, expected):
    """On a blog post of questions, the list after an own-voice offer is the facility's, and
    so is the closing own-voice line (the evening IOP); nothing else of the post is."""
    html = page(
        "<h1>Choosing care</h1><p>What is a level of care? Which one? How long? Who pays? "
        f"Where? When?</p><p>{lead_in}</p><ul><li>Residential treatment</li><li>Partial "
        "hospitalization</li><li>Depression</li></ul><p>Detox is a first step for many people."
        "</p><p>Our intensive outpatient program meets in the evening.</p>",
        "Choosing care | Maple Recovery",
    )
    (record,) = extract(html, "https://maple.example/blog/choosing-care", "text/html")
    assert set(record["levels_of_care"]) == expected | {"iop"}
    assert ("depression" in record["conditions"]) == bool(expected)


def test_short_lines_after_an_own_voice_lead_in_are_a_list():
    lines = "".join(f"<p>{x}</p>" for x in ("Depression", "Anxiety", "Bipolar disorder"))
    html = page(
        "<p>What is IOP? Who is it for? How long? What does it cost? Where? When?</p>"
        f"<p>In our evening IOP we treat many conditions. These include:</p>{lines}",
        "Evening IOP | Maple Recovery",
    )
    (record,) = extract(html, "https://maple.example/iop", "text/html")
    assert {"depression", "anxiety", "bipolar"} <= set(record["conditions"])


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<p>We dispense methadone every morning and see each patient monthly.</p>", {"outpatient"}),
        ("<p>Our doctors prescribe buprenorphine at weekly visits.</p>", {"outpatient"}),
        ("<p>We offer residential treatment, and methadone is continued on site.</p>",
         {"residential"}),  # a level named: the medication is part of it
        ("<p>Counselling appointments at our office take fifty minutes, once a week.</p>"
         "<p>Your first session is a conversation about what brings you in.</p>", {"outpatient"}),
        ("<p>We are a counselling practice.</p><h2>Questions</h2><h3>How long is a session?"
         "</h3><p>Each session runs 45 minutes.</p>",
         {"outpatient"}),  # the answers of a practice's FAQ speak of its own sessions
        ("<p>Our nurses and doctors share the building with a counsellor, so we can offer "
         "same-day appointments and brief counselling for stress.</p>", {"outpatient"}),
        ("<p>Our residential stay includes weekly therapy sessions of 50 minutes.</p>",
         {"residential"}),  # sessions inside a stay are part of that level
        ("<p>We welcome you. Therapy sessions usually last about 50 minutes.</p>",
         set()),  # how sessions go in general: no offer
        # a practice's policy page: its appointments with a counsellor are outpatient care
        ("<h2>Cancellations</h2><p>We ask for a day's notice if you cannot come. We like to "
         "schedule sessions at the same hour each week.</p>", {"outpatient"}),
        ("<h2>Getting started</h2><p>Call us to book an initial appointment. Your first two "
         "appointments with the counsellor are an assessment.</p>", {"outpatient"}),
        # a practice's fee list prices the time it sees a client: sessions it gives
        ("<p>My fee is $180 for 45 minutes of individual counselling.</p>", {"outpatient"}),
        ("<h2>Rates</h2><p>Intake (75 min) $210</p><p>Psychotherapy (50 min) $160</p>",
         {"outpatient"}),
        ("<p>$120 per hour for individual and couple sessions. We take cash and cards.</p>",
         {"outpatient"}),
        ("<p>Gambling is addressed at Aspen House in individual therapy sessions and in "
         "groups.</p>", set()),  # a house's therapies name no level of their own
        ("<p>The family/couple's sessions can feel intense; our aim is that all feel safe.</p>",
         {"outpatient"}),
        ("<p>We are a counselling practice.</p><h3>How often do we meet?</h3>"
         "<p>Sessions are held weekly at the office.</p>", {"outpatient"}),
        # a health centre's location names its counselling as a service (RECORD.md §2)
        ("<h1>Oak Street Health Center</h1><p>12 Oak St, Springfield, IL 62701</p>"
         "<h2>Services at this site</h2><p>Family medicine</p><p>Dental care</p>"
         "<p>Behavioral health counseling</p><p>Substance use counseling</p>", {"outpatient"}),
        ("<h1>Addiction Counseling</h1><p>Our counselors meet with you one to one.</p>",
         {"outpatient"}),
        ("<p>Our residential program includes daily substance abuse counseling.</p>",
         {"residential"}),  # counselling inside a stay is part of that level
        # a clinic's individual counselling is a session one comes in for (round nine, cmhc9)
        ("<p>We see clients at three offices through individual counseling, group therapy and "
         "psychiatry.</p>", {"outpatient"}),
        ("<p>Our residential program offers individual counseling every week.</p>",
         {"residential"}),
        ("<p>Our mental health counseling courses prepare students for licensure.</p>",
         set()),  # teaching the trade is no care given
        # the same in Spanish (round seven, spanish7): sessions of so many minutes, with whom
        ("<p>Ofrecemos terapia a adultos y parejas. Cada sesión de terapia dura unos 45 minutos.</p>",
         {"outpatient"}),
        ("<p>Las sesiones individuales con nuestra psicóloga se agendan por teléfono.</p>",
         {"outpatient"}),
        ("<p>Nuestro programa residencial incluye sesiones semanales con un terapeuta.</p>",
         {"residential"}),  # sessions inside a stay are part of that level
        # round ten (lvl10): medication for addiction given with counselling, visits to the
        # doctor, sessions of so many hours, sessions on the schedule (RECORD.md §2 outpatient)
        ("<p>We treat opioid use disorder with medication-assisted treatment and counseling."
         "</p>", {"outpatient"}),
        ("<p>Our residential program offers medication-assisted treatment for opioid use.</p>",
         {"residential"}),  # a level named: the medication is part of it
        ("<p>We ask you to come on time to your group sessions and doctor visits.</p>",
         {"outpatient"}),
        ("<p>Our relapse prevention group meets one day a week in 2 hour sessions.</p>",
         {"outpatient"}),
        ("<p>We hold scheduled group and individual sessions on weekdays.</p>",
         {"outpatient"}),
        # visits said by where they happen, the modes sharing one noun (round ten, home10):
        # a clinic seeing people in person is care they come in for
        ("<p>Our new office gives recovery care through a mix of video and in-person visit "
         "options.</p>", {"outpatient"}),
        ("<p>We still see our clients for face-to-face appointments at the clinic.</p>",
         {"outpatient"}),
        ("<p>We offer in-person or telehealth sessions with a counselor.</p>",
         {"outpatient"}),
        ("<p>Our residential program resumes in-person sessions after the holiday.</p>",
         {"residential"}),  # a level named: the sessions are part of it
        ("<p>Residents may have in-person visits with family on Sunday afternoons.</p>",
         set()),  # a house's visiting hours are no care
        ("<p>We welcome you. Face-to-face visits from loved ones resume next month.</p>",
         set()),
        # round ten, second wave (stay10): a stay said in other words is residential, and the
        # sessions and medication inside it are part of it, never outpatient
        ("<p>During their stay at our facility, each child meets their therapist for weekly "
         "sessions.</p>", set()),
        ("<p>Each evening our clients go to a house meeting. Every client has two one-hour "
         "therapy sessions a week.</p>", set()),
        ("<p>The average stay for a teen at our ranch is six weeks. Weekly family sessions "
         "are part of it.</p>", set()),
        ("<p>We offer around-the-clock nursing and medication management.</p>", set()),
        ("<p>We care for the girls who reside with us and for their parents, with weekly "
         "sessions for both.</p>", {"residential"}),
        ("<p>Throughout your residence in our healing homes, you meet your counselor in "
         "weekly sessions.</p>", {"residential"}),
        ("<p>Ours is a live-in addiction treatment program in the hills.</p>",
         {"residential"}),
        ("<p>We help clients stay sober in weekly counseling sessions.</p>",
         {"outpatient"}),  # "stay sober" is no stay at the place
        ("<p>We see clients in weekly sessions and visit them during a hospital stay at the "
         "medical center.</p>", {"outpatient"}),  # someone else's stay
        ("<p>Throughout your residence in our transitional houses, you attend weekly "
         "counseling sessions.</p>", {"outpatient"}),  # a transitional house is no programme
        # round eleven (prog11): the people it treats called its residents, the treatment
        # theirs, is a live-in stay (RECORD.md §2 residential) where no level is named
        ("<p>On arrival each resident receives a psychiatric evaluation and a plan of "
         "care.</p>", {"residential"}),
        ("<p>Our residents benefit from an intensive program built on skills training.</p>",
         {"residential"}),
        ("<p>We pair family therapy with resident-centered programming all week.</p>",
         {"residential"}),
        ("<p>Every resident takes part in daily therapeutic groups and chores.</p>",
         {"residential"}),
        ("<p>We see county residents at two offices for weekly counseling sessions.</p>",
         {"outpatient"}),  # a county's residents are the public, not a stay
        ("<p>Each resident receives a house key and a chore list on arrival.</p>",
         set()),  # a house's residents, no treatment
        ("<p>Each resident must take part in outside treatment while living here.</p>",
         set()),  # treatment elsewhere, the house's residents
        ("<p>Each resident receives treatment at a local clinic while living here.</p>",
         set()),
        # round eleven: a hospital's discharge page; follow-up care is arranged elsewhere
        ("<p>Before you leave the hospital, your nurse reviews your medication visits and "
         "arrangements for outpatient therapy.</p>", set()),
        ("<p>While living in our community residence, women attend counseling sessions in "
         "town.</p>", {"residential"}),
        # round twelve: a stay said in other words (a clinician on call round the clock, the
        # owner named as a psychiatric hospital, a child's weekend visits home): its sessions
        # are part of the stay, no outpatient care
        ("<p>Our child psychiatrist is on call 24 hours a day and sees each teen for "
         "counseling appointments.</p>", set()),
        ("<p>Larch Psychiatric Hospital has cared for children since 1950.</p><p>We see each "
         "child for counseling appointments each week.</p>", set()),
        ("<p>We see each child for counseling appointments each week.</p><ul><li>One weekend "
         "home visit per month</li></ul>", set()),
        # a hospital the clinic does not run, a nurse on call in office hours: still sessions
        ("<p>After a stay at Larch Psychiatric Hospital, our counselors see you for counseling "
         "appointments each week.</p>", {"outpatient"}),
        ("<p>Our counselors see you for counseling appointments each week; a nurse is on call "
         "during office hours.</p>", {"outpatient"}),
    ],
)  # fmt: skip
def test_outpatient_in_other_words(body, expected):
    """RECORD.md §2: sessions a person comes in for (appointments, visits, sessions of so many
    minutes, video sessions) are outpatient care at a provider that names no other level."""
    assert levels(page(body, "Maple Clinic")) == expected


def test_a_programmes_exclusion_criteria_name_what_it_does_not_take():
    """RECORD.md §2: a programme's admission criteria are whom it treats; its exclusion
    criteria ("will not admit", a higher level of care needed) name what it does not offer."""
    html = page(
        "<p>Our crisis unit offers short stays for adults in a mental health crisis.</p>"
        "<h2>Who we serve</h2><ul><li>Adults with depression or bipolar disorder</li></ul>"
        "<h2>Exclusion criteria</h2><p>We cannot admit a person who:</p>"
        "<ul><li>Needs detox from alcohol</li><li>Has active psychosis needing inpatient "
        "psychiatric care</li></ul>",
        "Crisis Unit | Larch Behavioral Health",
    )
    (record,) = extract(html, "https://larch.example/crisis-unit", "text/html")
    assert {"depression", "bipolar"} <= set(record["conditions"])
    assert not {"alcohol", "psychosis"} & set(record["conditions"])
    assert not {"detox", "inpatient"} & set(record["levels_of_care"])


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<p>We give ketamine infusions to adults whose depression has not lifted with "
         "medication.</p>", {"outpatient"}),
        ("<p>Our clinic offers TMS therapy on weekday mornings.</p>", {"outpatient"}),
        ("<p>We begin with six infusions over three weeks, then maintenance infusions.</p>",
         {"outpatient"}),
        ("<p>Spravato (esketamine) is given in our office, with two hours of rest after each "
         "dose.</p>", {"outpatient"}),
        ("<p>We offer residential treatment; ketamine therapy is available during the stay.</p>",
         {"residential"}),  # a level named: the procedure is part of it
        ("<p>We welcome you. A typical infusion session lasts about an hour.</p>",
         set()),  # how such sessions go in general: no offer
    ],
)  # fmt: skip
def test_a_clinics_procedures_are_outpatient_in_other_words(body, expected):
    """RECORD.md §2 outpatient: a ketamine, esketamine or TMS clinic names no level and no
    session, yet each treatment is care a person comes in for and goes home from."""
    assert levels(page(body, "Treatments | Birch Mind Clinic")) == expected


def test_an_article_about_ketamine_and_tms_offers_no_care():
    # the other side: a guide to the same treatments speaks for no clinic
    guide = page(
        "<h1>Is ketamine right for you?</h1><p>Ketamine infusions and TMS therapy are newer "
        "options for depression.</p><p>Many clinics give esketamine twice a week at first.</p>",
        "Is ketamine right for you? | Mind Guide",
    )
    assert extract(guide, "https://guide.example/blog/ketamine", "text/html") == []


def test_a_sober_houses_own_curfew_hour_makes_its_rules_page_a_sober_house():
    """RECORD.md §2 sober_living: a house's rules page in the third person ("Residents must…")
    names no level, but a curfew at a stated hour is the house's own rule; a guide to sober
    living says there is usually a curfew, or that most houses set one, and is no house."""
    rules_page = page(
        "<h1>House Rules</h1><ul><li>Residents take a drug test whenever asked.</li>"
        "<li>Curfew is 10:30 pm Sunday to Thursday.</li>"
        "<li>Rent is due each Friday before the house meeting.</li></ul>",
        "House Rules | Birchwood Residence",
    )
    assert levels(rules_page) == {"sober_living"}
    assert facet(rules_page, "payment") == {"self_pay"}
    guide = page(
        "<h1>What are sober living rules?</h1><p>Sober homes usually have house rules.</p>"
        "<ul><li>There is usually a curfew.</li><li>Most houses set a curfew at 11 pm.</li>"
        "<li>Residents typically pay rent weekly.</li></ul>",
        "Sober living rules explained",
    )
    assert extract(guide, "https://guide.example/sober-rules", "text/html") == []


def test_a_youth_programmes_live_in_stay_told_by_where_its_residents_live_is_residential():
    """RECORD.md §2 residential, in youth words: a ranch or campus programme that never says
    "residential" still describes a stay when its residents sleep in its cottages and go to
    school on its grounds, or when its family sessions are for "parents and residents". A guide
    saying where residents usually live, or a sober house's residents, is no such stay."""
    ranch = page(
        "<h1>Life at Willow Creek</h1><p>Once residents arrive, each one sleeps in a cottage "
        "shared with eight peers and two house parents.</p><p>Residents take classes on "
        "campus every weekday.</p><p>Counselors see each young person twice a week.</p>",
        "Life at Willow Creek | Willow Creek Youth Ranch",
    )
    assert levels(ranch) == {"residential"}
    family = page(
        "<h1>Family Weekends</h1><p>Every other Saturday we hold skills groups for parents "
        "and residents, and each family meets its therapist weekly.</p>",
        "Family Weekends | Cedar Ridge Teen Center",
    )
    assert levels(family) == {"residential"}
    guide = page(
        "<h1>What is a therapeutic ranch?</h1><p>At most ranches, residents typically live in "
        "cottages and attend school on campus.</p>",
        "Therapeutic ranches explained",
    )
    assert extract(guide, "https://guide.example/ranches", "text/html") == []
    house = page(
        "<h1>House Rules</h1><ul><li>Residents live in the house for at least 90 days.</li>"
        "<li>Curfew is 11 pm on weeknights.</li></ul>",
        "House Rules | Birchwood Residence",
    )
    assert levels(house) == {"sober_living"}


def test_a_guide_to_therapy_fees_offers_no_sessions():
    # the other side: an article pricing therapy in general names the same things
    guide = page(
        "<h1>What does therapy cost?</h1><p>Therapists often charge $100 to $200 for 50 "
        "minutes of psychotherapy.</p><p>Individual and couples sessions are usually held "
        "weekly, and many clinicians ask that payment is due at the time of service.</p>",
        "What does therapy cost? | Wellness Guide",
    )
    assert extract(guide, "https://guide.example/blog/therapy-cost", "text/html") == []


def test_spanish_pages_name_levels_conditions_and_payment():
    html = page(
        "<h2>Servicios</h2><p>Ofrecemos un programa ambulatorio intensivo por las tardes.</p>"
        "<ul><li>Depresión</li><li>Ansiedad</li><li>Alcoholismo</li></ul>"
        "<p>Aceptamos Medicaid y pago privado. Cobramos según sus ingresos.</p>",
        "Servicios | Clínica Arce",
    )
    (record,) = extract(html, "https://arce.example/es/servicios", "text/html")
    assert record["levels_of_care"] == ["iop"]
    assert {"depression", "anxiety", "alcohol", "substance_use"} <= set(record["conditions"])
    assert {"medicaid", "self_pay", "sliding_scale"} <= set(record["payment"])


def test_a_spanish_menu_names_its_levels_of_care():
    # a treatment centre's own menu in Spanish: a residential stay, a day programme and
    # outpatient care; "ambulatorio intensivo" stays IOP, not outpatient
    html = page(
        "<nav><a href='/residencial'>Residencial</a><a href='/dia'>Programa de Día</a>"
        "<a href='/ambulatorio'>Ambulatorio</a></nav>"
        "<p>Centro Nogal trata la adicción al alcohol en tratamientos ambulatorios.</p>",
        "Inicio | Centro Nogal",
    )
    (record,) = extract(html, "https://nogal.example/", "text/html")
    assert record["levels_of_care"] == ["residential", "php", "outpatient"]
    intensive = page("<p>Ofrecemos un programa ambulatorio intensivo.</p>", "Centro Nogal")
    assert facet(intensive, "levels_of_care") == {"iop"}


def test_a_spanish_verb_carries_its_subject():
    # "Tratamos …" is the facility's "we treat …": the conditions are its offer, and a page of
    # answers in its own voice is its page (round seven, spanish7)
    html = page(
        "<h2>¿Qué atienden?</h2><p>Tratamos la depresión y el trastorno bipolar en adultos.</p>"
        "<h2>¿Tienen terapia de grupo?</h2><p>Sí, ofrecemos terapia grupal dos veces por "
        "semana.</p><h2>¿Aceptan seguro?</h2><p>No aceptamos seguros privados.</p>",
        "Preguntas | Consultorio Olmo",
    )
    (record,) = extract(html, "https://olmo.example/es/preguntas", "text/html")
    assert {"depression", "bipolar"} <= set(record["conditions"])
    assert "private_insurance" not in record["payment"]


def test_a_page_written_in_spanish_offers_care_in_spanish():
    # RECORD §2 languages: a provider writing to its clients in Spanish serves them in it,
    # though no sentence says "se habla español"; a Spanish guide is still nobody's page
    html = page("<p>Ofrecemos consejería ambulatoria y aceptamos Medicaid.</p>", "Clínica Roble")
    spanish = html.replace("<html>", '<html lang="es-US">')
    assert facet(spanish, "languages") == {"es"}
    assert "es" not in facet(html, "languages")
    guide = page("<p>La mayoría de los planes cubren la consejería.</p>", "Guía | Salud Hoy")
    assert (
        extract(guide.replace("<html>", '<html lang="es">'), "https://guia.example/", "text/html")
        == []
    )


def test_a_spanish_guide_to_coverage_is_no_provider():
    # the other side: a page telling readers what their plan pays for, in its own "we"
    guide = page(
        "<h1>Lo que paga su plan</h1><p>Medicaid cubre la consejería y el tratamiento "
        "ambulatorio en muchos estados.</p><p>Los servicios de desintoxicación están cubiertos "
        "por la mayoría de los planes.</p><p>Algunos programas residenciales piden un copago."
        "</p><p>Actualizamos nuestras guías cada año.</p>",
        "Lo que paga su plan | Guía de Salud",
    )
    assert extract(guide, "https://guia.example/cobertura", "text/html") == []


def test_a_free_insurance_check_is_not_free_care():
    body = "<p>We offer outpatient counseling and a free insurance verification.</p>"
    assert "free" not in facet(page(body), "payment")


def _listing(entries: str) -> str:
    return page(f"<h1>Rehabs near Dayton</h1><p>We list IOP and detox programs.</p>{entries}")


@pytest.mark.parametrize(
    "entries",
    [
        "".join(
            f"<div><h3>{n} Recovery</h3><p>Offers IOP.</p><a href='https://{n}.example/'>Visit "
            "website</a></div>"
            for n in ("alder", "birch", "cedar")
        ),
        '<script type="application/ld+json">['
        + ",".join(
            f'{{"@context":"https://schema.org","@type":"MedicalClinic","name":"{n} Recovery",'
            f'"telephone":"+1-937-555-010{i}"}}'
            for i, n in enumerate(("Alder", "Birch", "Cedar"))
        )
        + "]</script>",
    ],
)
def test_a_page_listing_other_organisations_is_no_provider(entries):
    assert extract(_listing(entries), "https://finder.example/dayton", "text/html") == []


def test_one_organisations_locations_in_markup_stay_its_own():
    ld = ",".join(
        f'{{"@context":"https://schema.org","@type":"MedicalClinic","name":"Maple Clinic {n}",'
        f'"telephone":"+1-937-555-010{i}"}}'
        for i, n in enumerate(("East", "West", "North"))
    )
    html = page(f'<p>We offer IOP.</p><script type="application/ld+json">[{ld}]</script>')
    assert levels(html) == {"iop"}


def test_an_address_only_in_markup_places_the_record():
    html = page("<p>We offer outpatient counseling.</p>", "Maple Clinic").replace(
        "</head>",
        '<script type="application/ld+json">{"@context":"https://schema.org","@type":"MedicalClinic",'
        '"name":"Maple Clinic","address":{"@type":"PostalAddress","streetAddress":"12 Elm St",'
        '"addressLocality":"Dayton","addressRegion":"Ohio","postalCode":"45402"}}</script></head>',
    )
    (record,) = extract(html, "https://maple.example/", "text/html")
    assert record["address"] == {"street": "12 Elm St", "city": "Dayton", "state": "OH",
                                 "postal_code": "45402"}  # fmt: skip


@pytest.mark.parametrize(
    ("written", "state"),
    [("Indio, Ca. 92201", "CA"), ("Salem, Ore. 97301", "OR"), ("Albany, N.Y. 12207", "NY"),
     ("Charleston, W. Va. 25301", "WV"), ("Austin, Tex. 78701", "TX"), ("Tulsa, Ok 74105", "OK")],
)  # fmt: skip
def test_a_state_code_in_mixed_case_with_a_dot(written, state):
    """A code in mixed case, or a newspaper abbreviation ("Ore.", "N.Y."), ends an address."""
    html = page(f"<p>We offer outpatient counseling.</p><p>12 Palm Dr, {written}</p>")
    (record,) = extract(html, "https://maple.example/", "text/html")
    assert (record["address"]["state"], record["address"]["postal_code"]) == (state, written[-5:])


def test_a_mixed_case_word_that_is_no_state_ends_no_address():
    """Without its dot, a mixed-case code counts only after a comma and only if it is a state."""
    html = page("<p>We offer outpatient counseling.</p><p>Since 1990, Be 12345 strong.</p>")
    (record,) = extract(html, "https://maple.example/", "text/html")
    assert record["address"] is None


@pytest.mark.parametrize("citation", ["42 USC 12101", "42 U.S.C. 12101"])
def test_a_law_cited_by_title_and_section_is_no_address(citation):
    """A law's "USC 12101" is no city "U" in South Carolina: a city and state stand apart."""
    html = page(f"<p>We offer outpatient counseling.</p><p>Your rights under {citation}.</p>")
    (record,) = extract(html, "https://maple.example/", "text/html")
    assert record["address"] is None


def test_bullets_typed_into_paragraphs_are_a_list():
    html = page(
        "<p>What is IOP? Who is it for? How long? What does it cost? Where? When?</p>"
        "<p>At Maple, we offer these programs:</p><p>• Residential Treatment: care around the "
        "clock.</p><p>• Partial Hospitalization (PHP): a full day, five days a week.</p>",
        "Programs | Maple Recovery",
    )
    assert levels(html) == {"residential", "php"}


def test_stated_days_and_times_come_before_a_24_7_line():
    html = page("<p>We offer outpatient counseling.</p><p>Admissions open 24/7</p>", "Maple Clinic")
    html = html.replace(
        "</head>",
        '<script type="application/ld+json">{"@context":"https://schema.org","@type":"MedicalClinic",'
        '"name":"Maple Clinic","openingHours":"Mo-Fr 08:00-17:00"}</script></head>',
    )
    (record,) = extract(html, "https://maple.example/", "text/html")
    assert record["opening_hours"] == "Mo-Fr 08:00-17:00"
    assert record["conflicts"][0]["values"] == ["Mo-Fr 08:00-17:00", "24/7"]


def test_explain_says_why_each_value_counts_and_each_mention_does_not(tmp_path, capsys):
    from carefinder_cli.main import main

    saved = tmp_path / "programs.html"
    saved.write_text(page("<p>We offer an evening IOP. We do not offer detox.</p>"))
    assert (
        main(["extract", str(saved), "--url", "https://maple.example/programs", "--explain"]) == 0
    )
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("page: provider")
    assert any(line.startswith("  levels_of_care=iop: the facility's own voice") for line in out)
    assert any(line.startswith("  not levels_of_care=detox: negated") for line in out)
    saved.write_text(page("<p>We see clients at weekly counselling appointments.</p>"))
    assert main(["extract", str(saved), "--url", "https://maple.example/", "--explain"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert any(line.startswith("  levels_of_care=outpatient: in other words") for line in out)
    # a programme's schedule has evidence but no vocabulary entry: explained, not a crash
    saved.write_text(page("<p>Our IOP meets three mornings a week.</p><p>IOP: Mon 9am-12pm</p>"))
    assert main(["extract", str(saved), "--url", "https://maple.example/", "--explain"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert any(line.startswith("  program_schedules=") for line in out)


def test_inpatient_treatment_on_a_hospital_units_page_is_that_units_stay():
    unit = page(
        "<h2>Adult Inpatient Treatment</h2><p>The aim of inpatient treatment is a safe, calm "
        "stay.</p><p>We welcome families to our Behavioral Health Unit each evening.</p>",
        "Behavioral Health | Alder Valley Hospital",
    )
    assert levels(unit) == {"inpatient"}
    rehab = page(
        "<h2>Inpatient Treatment</h2><p>Our inpatient treatment is a 30-day stay on a quiet "
        "ranch.</p>",
        "Programs | Maple Ranch Recovery",
    )
    assert levels(rehab) == {"residential"}


def test_a_hospital_stay_is_read_with_its_paragraph():
    # round nine (hosp9): "your inpatient stay" names the hospital's stay when the paragraph
    # around it names the hospital or a psychiatrist, not only when its own sentence does
    stay = (
        "<p>At Alder Valley Hospital a psychiatrist sees you each morning. During your "
        "inpatient stay, nurses hand out every medication.</p>"
    )
    assert levels(page(stay, "Your Stay | Alder Valley Hospital")) == {"inpatient"}
    rehab = (
        "<p>Maple Ranch offers a 30-day program on a quiet ranch. During your inpatient stay, "
        "nurses hand out every medication.</p>"
    )
    assert "inpatient" not in levels(page(rehab, "Your Stay | Maple Ranch"))
    # a referral source is where children come from, not a level the day programme offers
    source = (
        "<p>Alder Valley Hospital runs a day program for children with psychiatric needs. "
        "Children may be referred from school, from inpatient services or from a counselor.</p>"
    )
    assert levels(page(source, "Day Program | Alder Valley Hospital")) == {"php"}


def test_a_cards_heading_is_read_with_the_line_under_it():
    # a hospital's card grid: "Inpatient Care" over psychiatric care is its hospital stay; the
    # same heading over a ranch stay names no hospital (and "inpatient care" alone stays unread)
    cards = (
        "<div><h3>Inpatient Care</h3><p>Psychiatric stabilization for older adults, day and "
        "night.</p></div><div><h3>Day Program</h3><p>Groups while living at home.</p></div>"
    )
    own = "<p>Alder Valley offers these programs.</p>"
    assert levels(page(own + cards, "Alder Valley")) == {"inpatient", "php"}
    ranch = "<div><h3>Inpatient Care</h3><p>Thirty days of groups on a quiet ranch.</p></div>"
    assert levels(page("<p>Maple Ranch offers IOP.</p>" + ranch, "Maple Ranch")) == {"iop"}


def test_addresses_under_other_organisations_names_are_a_listing():
    entries = "".join(
        f"<h3>{name}</h3><p>{n} Main St, Dayton, OH 4540{n}</p><p>Offers IOP and detox.</p>"
        for n, name in enumerate(("Alder Recovery", "Birchwood Center", "Cedar Path"), start=1)
    )
    html = page(f"<p>We list programs near Dayton.</p>{entries}", "Rehabs in Dayton | FindCare")
    assert extract(html, "https://findcare.example/dayton", "text/html") == []
    own = "".join(  # one organisation's sites, named for their programme or their town
        f"<h3>{name}</h3><p>{n} Main St, {town}, OH 4540{n}</p><p>We offer IOP.</p>"
        for n, (name, town) in enumerate(
            (("Evening IOP", "Dayton"), ("Kettering Office", "Kettering"), ("Maple East", "Xenia")),
            start=1,
        )
    )
    assert (
        len(extract(page(own, "Locations | Maple Clinic"), "https://maple.example/", "text/html"))
        == 3
    )


@pytest.mark.parametrize(
    "said",
    [
        "Request a demo of our EHR built for behavioral health teams.",
        "Calls to this helpline are answered by paid advertisers.",
    ],
)
def test_vendors_and_call_routing_lines_are_no_providers(said):
    html = page(f"<p>{said}</p><p>Programs include detox and IOP.</p>", "Help | Example")
    assert all(r["kind"] != "provider" for r in extract(html, "https://x.example/", "text/html"))


@pytest.mark.parametrize(
    ("said", "url"),
    [
        (
            "Looking for a clinic nearby? Search for one with our rehab finder. To learn how"
            " Detox Compass works, write to us.",
            "https://www.detoxcompass.example/outpatient/",
        ),
        (
            "We are a friendly online space devoted to helping families navigate the crowded"
            " world of treatment programs.",
            "https://steadypath.example/choosing",
        ),
        (
            "Unsure where to go? We can help you figure out which detox programs are right for"
            " you.",
            "https://calmharbor.example/detox-guide",
        ),
        (
            "Try our free search tool to see which nearby treatment centers take your plan.",
            "https://planmatch.example/insurance/",
        ),
    ],
)
def test_a_finders_own_voice_helps_the_reader_choose_elsewhere(said, url):
    """Round ten: a site whose "we" helps the reader find or choose among other places (a
    finder tool, navigating the field's options, deciding which programmes suit) and offers no
    care of its own is no provider, even when its name holds a level ("Detox Compass")."""
    body = (
        f"<p>{said}</p><ul><li>Detox: a few days of withdrawal care.</li>"
        "<li>Residential: a live-in stay of a month or more.</li>"
        "<li>Intensive outpatient: groups on weekday evenings.</li></ul>"
    )
    html = page(body, "Treatment Options")
    assert all(r["kind"] != "provider" for r in extract(html, url, "text/html"))


@pytest.mark.parametrize(
    ("body", "title", "url", "expected"),
    [
        (
            "<p>Our admissions team will help you figure out which of our programs is right for"
            " you.</p><p>We offer detox and an evening IOP.</p>",
            "Admissions | Alder Clinic",
            "https://alderclinic.example/admissions",
            {"detox", "iop"},
        ),
        (  # the finder line aside, the provider names its own care in its own voice
            "<p>Compare the options with our detox locator. Birch Detox offers medically"
            " supervised detox in a quiet house.</p>",
            "Birch Detox",
            "https://birchdetox.example/",
            {"detox"},
        ),
    ],
)
def test_a_provider_helping_you_choose_among_its_own_programs_stays_one(body, title, url, expected):
    assert levels(page(body, title), url) == expected


@pytest.mark.parametrize(
    "said",
    [
        "The Ridgeline Association is a nonprofit membership association of day programs. Our"
        " member programs include partial hospitalization and intensive outpatient programs.",
        "Our mission is to promote residential treatment and detox in every county. We provide"
        " education, advocacy and support for intensive outpatient programs.",
    ],
)
def test_an_association_that_promotes_care_gives_none(said):
    """A trade association speaks in its own voice of the levels its members give or it
    promotes (round six, guide pages): no record; a provider naming its membership stays one."""
    html = page(f"<p>{said}</p>", "About | Ridgeline")
    assert all(r["kind"] != "provider" for r in extract(html, "https://x.example/", "text/html"))
    member = page(
        "<p>We are a member of the state association of treatment programs.</p>"
        "<p>We promote recovery in our evening IOP.</p>",
        "About | Alder Clinic",
    )
    (record,) = extract(member, "https://alder.example/", "text/html")
    assert record["levels_of_care"] == ["iop"]


def test_a_health_plans_own_page_to_its_members_is_no_provider():
    """A carrier's site (its host spells the carrier) telling members what their plan covers
    gives no record; the same words on a clinic's site, and Kaiser's own site, still do."""
    body = (
        "<h2>Behavioral health care</h2><p>Outpatient: this level is for members who need"
        " weekly therapy.</p><p>See your member handbook or use our Wellmark app. We are open"
        " Monday through Friday, 8 a.m. to 5 p.m.</p>"
    )
    html = page(body, "Behavioral health | Members")
    for url in (
        "https://members.wellmark.com/coverage/bh",
        "https://www.regencehealthplan.org/bh",
        "https://www.aetnabetterhealth.com/ohio/bh.html",  # a carrier's Medicaid brand
    ):
        assert extract(html, url, "text/html") == []
    for url in ("https://mapleclinic.example/bh", "https://healthy.kaiserpermanente.org/bh"):
        assert [r["kind"] for r in extract(html, url, "text/html")] == ["provider"]


TOPIC_MENU = (
    '<nav><a href="/detox/">Detox</a> <a href="/inpatient/">Inpatient Rehab</a> '
    '<a href="/outpatient/">Outpatient Treatment</a></nav>'
)


@pytest.mark.parametrize(
    ("said", "title", "kinds"),
    [
        ("Our helpline is free and open day and night.", "Get Help | Lakeview", []),
        ("A caring specialist answers every call.", "Lakeview | Free 24/7 Hotline", []),
        (  # a provider's own admissions line, and its own care
            "Call our 24/7 helpline. We offer detox and residential care.",
            "Get Help | Lakeview",
            ["provider"],
        ),
        (  # a line answered at the provider's own street address is its admissions line
            "Our 24/7 helpline is at 120 Main Street, Dayton, OH 45402.",
            "Get Help | Lakeview",
            ["provider"],
        ),
    ],
)
def test_a_helpline_whose_own_voice_offers_no_care_is_no_provider(said, title, kinds):
    """A line that answers callers, by its own word or its name, with a menu of topics and no
    care it says it gives: its "we" refers callers on, so the page gives no record."""
    html = page(f"{TOPIC_MENU}<h1>Help for addiction</h1><p>{said}</p>", title)
    records = extract(html, "https://lakeview.example/", "text/html")
    assert [r["kind"] for r in records] == kinds


def test_the_answer_to_a_question_put_to_the_facility_is_its_own():
    faq = (
        "<h2>What is an IOP?</h2><p>An IOP is a few hours of therapy on several days a week.</p>"
        "<h2>Do you accept insurance?</h2><p>Yes. Aetna, Cigna and Medicare plans are accepted, "
        "and self-pay rates are available.</p>"
        "<h2>Who needs detox?</h2><p>People with heavy daily use often need detox first.</p>"
    )
    (record,) = extract(page(faq, "FAQ | Maple Clinic"), "https://maple.example/faq", "text/html")
    assert set(record["insurers"]) == {"aetna", "cigna"}
    assert {"medicare", "self_pay"} <= set(record["payment"])
    assert "detox" not in record["levels_of_care"]  # general talk under a general question


@pytest.mark.parametrize(
    "question",
    ["How much does it cost?", "Is there a sliding fee?", "Can I pay out of pocket?"],
)
def test_a_question_about_what_care_here_costs_is_put_to_the_facility(question):
    faq = (
        "<h2>What is a copay?</h2><p>A copay is the part of a visit's cost you pay.</p>"
        f"<h2>{question}</h2><p>Sessions are $90 per hour; a sliding fee is available.</p>"
        "<h2>Who needs therapy?</h2><p>People with anxiety often benefit.</p>"
    )
    (record,) = extract(page(faq, "FAQ | Maple Clinic"), "https://maple.example/faq", "text/html")
    assert set(record["payment"]) == {"self_pay", "sliding_scale"}


def test_a_solo_clinicians_faq_speaks_for_the_practice():
    faq = (
        "<h2>Do you take insurance?</h2><p>I am an in-network provider for Cigna and Aetna.</p>"
        "<h2>What happens in a first session?</h2><p>I went to therapy for depression myself "
        "once; a first session is a conversation.</p>"
    )
    (record,) = extract(
        page(faq, "FAQ | Dana Reyes, LPC"), "https://reyes.example/faq", "text/html"
    )
    assert set(record["insurers"]) == {"aetna", "cigna"}
    assert record["conditions"] == []  # her own story is no offer


def test_a_walk_in_intake_window_is_when_the_facility_is_open_to_start_care():
    body = "<p>We offer outpatient counseling.</p><p>Walk-in assessments: Tuesdays 9-11 AM</p>"
    (record,) = extract(page(body, "Maple Clinic"), "https://maple.example/", "text/html")
    assert (record["opening_hours"], record["program_schedules"]) == ("Tu 09:00-11:00", [])


@pytest.mark.parametrize(
    "visits",
    [
        "<h2>Family Visitation</h2><p>Parents may visit in person on Tuesdays from 3:00 to"
        " 4:00 pm.</p>",
        "<p>Visiting hours at the Elm Street house: 9-11 a.m. on Saturdays.</p>",
        "<h3>Visitors</h3><p>Visitor hours are Sundays 1-3 pm.</p>",
    ],
)
def test_hours_for_family_visits_are_no_opening_hours(visits):
    """Round ten (lvl10, pay10): a live-in place's visiting hours say when families may come,
    not when it is open to start care; its office hours on the same page still count."""
    body = f"<p>We offer residential treatment for teens.</p>{visits}"
    (record,) = extract(page(body, "Maple Ranch"), "https://mapleranch.example/", "text/html")
    assert (record["opening_hours"], record["program_schedules"]) == (None, [])
    office = f"{body}<h2>Office</h2><p>Office hours: Monday-Friday 8 am - 5 pm</p>"
    (record,) = extract(page(office, "Maple Ranch"), "https://mapleranch.example/", "text/html")
    assert record["opening_hours"] == "Mo-Fr 08:00-17:00"


def test_markup_with_a_blank_name_is_no_listing_and_no_crash():
    ld = '{"@context":"https://schema.org","@type":"MedicalClinic","name":" ","telephone":"+19375550100"}'
    html = page(f'<p>We offer IOP.</p><script type="application/ld+json">[{ld},{ld}]</script>')
    assert levels(html) == {"iop"}


@pytest.mark.parametrize(
    "sentence",
    [
        "According to Kaiser Health News, few people get treatment.",
        "The Aetna Foundation funded our new garden.",
    ],
)
def test_an_insurers_name_inside_another_bodys_name_is_no_plan(sentence):
    html = page(f"<h2>Insurance we accept</h2><p>We accept Medicaid. {sentence}</p>")
    assert facet(html, "insurers") == set()


def test_carrier_logos_drawn_without_a_name_are_read_from_their_files_or_labels():
    """Lazy-loaded, responsive, <picture>, CSS-background and aria-labelled carrier logos."""
    logos = (
        '<img data-src="/uploads/United-Healthcare-Logo.webp" src="data:image/gif;base64,R0l">'
        '<img srcset="/img/humana@2x.png 2x, /img/humana.png 1x">'
        '<picture><source srcset="/img/beacon-health-options.avif"><img src="/img/x.png"></picture>'
        "<div style=\"background-image: url('/carriers/cigna.png')\"></div>"
        '<a href="/plans/aetna" aria-label="Aetna"><span></span></a>'
    )
    html = page(
        "<p>We offer outpatient counseling.</p>"
        f"<h2>Insurance we accept</h2><div class='carousel'>{logos}</div>"
    )
    assert facet(html, "insurers") == {"unitedhealthcare", "humana", "carelon", "cigna", "aetna"}


def test_carrier_acronyms_in_lower_case_file_names_are_read():
    """A logo's file name is lower case ("bcbs-logo.png", "uhc.svg"): there an acronym counts in
    any case; in prose it still counts only in capitals."""
    logos = '<img src="/img/bcbs-logo.png"><img src="/img/uhc.svg"><img src="/img/geha.png">'
    html = page(f"<p>We offer outpatient counseling.</p><h2>Insurance we accept</h2>{logos}")
    assert facet(html, "insurers") == {"bcbs", "unitedhealthcare", "geha"}


def test_a_carriers_short_brand_counts_only_among_carriers_logos():
    """ "Beacon" or "Horizon" alone as a logo's text or a tile names the carrier beside other
    carriers' logos or tiles; the same word as the only logo, or in a sentence, is a
    provider's or a street's name."""
    grid = '<img src="/i/1.png" alt="Cigna"><img src="/i/2.png" alt="Beacon"><img alt="Horizon">'
    html = page(f"<p>We offer outpatient counseling.</p><h2>Plans we work with</h2>{grid}")
    assert facet(html, "insurers") == {"cigna", "carelon", "bcbs"}
    icon = '<img src="/i/icon.png" alt="">'
    tiles = "".join(f'<a href="/ins/{n}/">{icon}<p>{n}</p></a>' for n in ("Humana", "Beacon"))
    assert facet(page(f"<h2>Insurance we accept</h2>{tiles}"), "insurers") == {"humana", "carelon"}
    alone = page(
        "<p>We offer outpatient counseling at Beacon House.</p><h2>Our partners</h2>"
        '<img src="/i/b.png" alt="Beacon"><p>Horizon Street clinic opens in May.</p>'
    )
    assert facet(alone, "insurers") == set()


def test_carrier_logos_drawn_as_svg_or_kept_in_noscript_are_read():
    """An inline SVG names itself by aria-label or <title>; a lazy loader keeps the labelled
    <img> in <noscript>. Other <noscript> text ("enable JavaScript") is still not read."""
    logos = (
        '<svg role="img" aria-label="Aetna"><path d="M0 0"/></svg>'
        '<svg role="img"><title>Cigna</title><path d="M0 0"/></svg>'
        '<img data-src="/x/a81f3.png"><noscript><img src="/x/a81f3.png" alt="Humana"></noscript>'
        "<noscript><p>Enable JavaScript to see our Medicaid plans.</p></noscript>"
    )
    html = page(f"<p>We offer outpatient counseling.</p><h2>Insurance we accept</h2>{logos}")
    assert facet(html, "insurers") == {"aetna", "cigna", "humana"}
    assert "medicaid" not in facet(html, "payment")


def test_a_question_put_to_the_facility_and_answered_yes_is_its_offer():
    """A FAQ's "Do you accept Medicaid?" over "Yes, we do." offers Medicaid; "No, …" does not,
    nor does a question nobody answers yes to. The quote holds the question and the yes."""
    html = page(
        "<p>We offer outpatient counseling for adults.</p><h2>Frequently asked questions</h2>"
        "<h3>Do you accept Medicaid?</h3><p>Yes, we do. Bring your card to intake.</p>"
        "<h3>Is detox available?</h3><p>No, we refer to the county hospital.</p>"
        "<p>Do you take Aetna? Absolutely! We are in network.</p>"
        "<p>Do you accept Humana? Please call us to check.</p>"
    )
    assert facet(html, "payment") >= {"medicaid"}
    assert facet(html, "insurers") == {"aetna"}
    assert "detox" not in levels(html)
    (record,) = extract(html, "https://clinic.example/faq", "text/html")
    quotes = [e["quote"] for e in record["evidence"] if e["value"] == "medicaid"]
    assert quotes == ["Do you accept Medicaid? Yes, we do."]


@pytest.mark.parametrize(
    "title", ["Oak Hill Recovery | Insurance", "Insurance | Oak Hill Recovery"]
)
def test_the_title_part_the_host_spells_names_the_facility(title):
    """Titles put the site's name first or last; the host says which one it is."""
    html = page("<p>We offer outpatient counseling.</p>", title=title)
    (record,) = extract(html, "https://www.oakhillrecovery.example/insurance/", "text/html")
    assert record["name"] == "Oak Hill Recovery"


GUIDE = (
    "<h1>Does insurance cover rehab?</h1><p>Many people wonder whether insurance pays for "
    "treatment. Typically plans cover outpatient care.</p><h2>{heading}</h2>{body}"
    "<p>Call Maple Clinic at (217) 555-0142 to check your benefits.</p>"
)


@pytest.mark.parametrize(
    ("heading", "body"),
    [
        (
            "In-network insurance",
            "<img src='/i/a.png' alt='Aetna'><img src='/i/c.png' alt='Cigna'>",
        ),
        ("Accepted insurance", "<p>Aetna, Cigna</p>"),  # a short carrier list, not a heading
    ],
)
def test_carriers_under_the_sites_own_heading_count_in_its_blog_post(heading, body):
    """A provider's guide to coverage speaks for nobody, but the carrier grid or list under its
    "Accepted insurance" heading is its own; under a neutral heading it is not."""
    url = "https://maple.example/blog/does-insurance-cover-rehab/"
    html = page(GUIDE.format(heading=heading, body=body), title="Insurance guide | Maple Clinic")
    assert facet(html, "insurers", url) == {"aetna", "cigna"}
    neutral = GUIDE.format(heading="Insurance providers", body=body)
    assert facet(page(neutral, title="Insurance guide | Maple Clinic"), "insurers", url) == set()


def test_a_providers_faq_in_the_passive_voice_is_its_own():
    """ "What forms of payment are accepted?" is put to the facility as much as "Do you…?";
    an answer that says payment is taken here or prices it needs no "we"; general talk of
    coverage in the same FAQ is still nobody's offer."""
    questions = faq_html(
        [
            ("What forms of payment are accepted?", "Medicaid and cash are accepted."),
            ("What if I have no insurance?", "A sliding fee scale is available."),
            ("Does insurance cover rehab?", "Most plans cover some outpatient care."),
            ("How long does treatment last?", "It depends on your progress."),
            ("What is an IOP?", "It is a program of several sessions each week."),
            ("Where are you located?", "120 Main Street, Dayton, OH 45402."),
        ]
    )
    html = page(f"<h1>Frequently asked questions</h1>{questions}", title="FAQ | Maple Clinic")
    url = "https://maple.example/faq/"
    assert facet(html, "payment", url) == {"medicaid", "self_pay", "sliding_scale"}


def test_a_clinics_faq_asked_in_the_readers_words_is_put_to_the_clinic():
    """ "Do I have to pay?", "What if I don't have insurance?" on a clinic's FAQ ask about paying
    there, as "How do I pay?" does: the answers are the clinic's own. The same questions in a
    guide answered about a kind of clinic ("Community clinics charge …") are nobody's offer."""
    faq = faq_html(
        [
            ("Do I have to pay for counseling?", "Clients pay a fee set by household income."),
            ("What if I don't have insurance?", "You will be expected to pay part of the cost."),
            ("How is my fee determined?", "Payment is based on what you can afford."),
        ]
    )
    html = page(f"<h1>Paying for care</h1>{faq}", title="Fees | Maple Clinic")
    assert facet(html, "payment", "https://maple.example/fees/") == {"self_pay", "sliding_scale"}
    guide = faq_html(
        [
            ("Do I have to pay for counseling?", "Community clinics charge fees based on income."),
            ("What if I don't have insurance?", "Most clinics expect you to pay part of the cost."),
        ]
    )
    html = page(f"<h1>Paying for therapy</h1>{guide}", title="Paying for therapy, explained")
    assert facet(html, "payment", "https://guide.example/paying-for-therapy/") == set()


def test_a_practices_faq_that_prices_its_sessions_is_its_own():
    """A solo counsellor's FAQ or blog post with no "we" in its payment lines still speaks for
    the practice when it prices the sessions or says how its clients pay, and the practice's
    voice is on the page; a magazine's guide in the same shape, whose prices are the field's,
    gives no record."""
    qa = [
        ("What does a first call cover?", "I can offer a short call to see if we fit."),
        ("Is video therapy as good?", "Many people find it works just as well."),
        ("Can I use my insurance?", "I do not bill insurers directly."),
        ("Are there reduced fees?", "The reduced rate is $70 per session."),
        ("When do I pay?", "Clients pay for their sessions at the time of service."),
        ("What if I need to cancel?", "Please give a day's notice."),
    ]
    faq = faq_html(qa)
    html = page(f"<h1>Questions</h1>{faq}", title="FAQ | Lark Counseling")
    assert facet(html, "payment", "https://lark.example/faq") == {"self_pay"}
    guide = [
        ("What does therapy cost?", "Many therapists charge $150 per session."),
        ("Is video therapy as good?", "Studies find it works just as well."),
        ("Will insurance pay?", "Most plans cover some therapy."),
        ("Who should I call?", "We asked ten counsellors how they set fees."),
        ("Are there reduced fees?", "Some clinicians keep a few low-fee spots."),
        ("When do clients pay?", "Usually clients pay for their sessions at the time of service."),
    ]
    body = faq_html(guide)
    article = page(f"<h1>Paying for therapy</h1>{body}", title="Paying for therapy | Mind Weekly")
    assert extract(article, "https://mindweekly.example/paying-for-therapy", "text/html") == []


def test_an_out_of_network_practices_insurance_talk_is_no_acceptance():
    """RECORD §2: "out of network only" is no private_insurance; the heading and talk of what a
    PPO pays on such a practice's fee page accept nothing, while a practice in network with
    some carriers and out of it for the rest keeps its own acceptance."""
    fees = page(
        "<h1>Fees</h1><p>I am an out-of-network provider for most plans.</p>"
        "<h2>PPO Insurance</h2><p>Check your out-of-network benefits before we meet.</p>"
        "<p>My fee is $160 per session.</p>",
        "Fees | Wren Therapy",
    )
    assert facet(fees, "payment", "https://wren.example/fees") == {"self_pay"}
    mixed = page(
        "<p>We are in-network with Aetna and Cigna. For other plans we are an out-of-network "
        "provider and give you a superbill.</p>",
        "Insurance | Wren Therapy",
    )
    assert facet(mixed, "payment", "https://wren.example/insurance") == {"private_insurance"}


def test_insurance_paperwork_is_acceptance_unless_the_owner_is_out_of_network():
    """Round ten (own10): a facility that checks a client's benefits, asks the plan to
    authorise care or fills in the claim forms for the client takes insurance; the same
    paperwork at a programme that calls itself out of network by its name ("Juniper Ridge is
    an out-of-network provider") is help with reimbursement, not acceptance (RECORD §2)."""
    body = (
        "<h1>Admissions</h1><p>Juniper Ridge is a residential program for women.</p>"
        "<p>Send us your card and our staff will verify your insurance benefits within a day.</p>"
    )
    inn = page(body, "Admissions | Juniper Ridge")
    assert "private_insurance" in facet(inn, "payment", "https://juniperridge.example/admit")
    out = page(
        body + "<p>Juniper Ridge is an out-of-network provider for every plan.</p>",
        "Admissions | Juniper Ridge",
    )
    assert "private_insurance" not in facet(out, "payment", "https://juniperridge.example/admit")
    # filing the claim for the client is paperwork of the same kind (pay10's wording)
    filed = page(
        "<h1>Fees</h1><p>Juniper Ridge is a residential program for women.</p>"
        "<p>We will file your insurance claim for you after each month.</p>",
        "Fees | Juniper Ridge",
    )
    assert "private_insurance" in facet(filed, "payment", "https://juniperridge.example/fees")
    filed_out = page(
        "<h1>Fees</h1><p>Juniper Ridge is a residential program for women.</p>"
        "<p>Juniper Ridge is an out-of-network provider. We will file your insurance claim "
        "for you after each month.</p>",
        "Fees | Juniper Ridge",
    )
    assert "private_insurance" not in facet(
        filed_out, "payment", "https://juniperridge.example/fees"
    )


def test_the_providers_page_for_a_programme_describes_it_rather_than_defining_it():
    """ "Partial hospitalization provides …" on the site's own PHP page is its programme; the
    same sentence in an article, or about a level the page is not about, defines a term."""
    body = (
        "<p>Partial hospitalization provides a full day of group therapy as an alternative "
        "to inpatient care.</p><p>Call Maple Clinic at (217) 555-0142.</p>"
    )
    html = page(body, title="Programs | Maple Clinic")  # the address names the programme
    assert levels(html, "https://maple.example/services/partial-hospitalization/") == {"php"}
    assert levels(html, "https://maple.example/blog/what-is-php/") == set()
    other = page(body, title="Counseling | Maple Clinic")
    assert "php" not in levels(other, "https://maple.example/services/counseling/")


def test_tab_and_accordion_titles_drawn_as_buttons_are_read_as_headings():
    """Tabs and accordions title their panels with <button>s ("Residential", "Do you accept
    Medicaid?"); other buttons ("Submit", "Call now") still say nothing."""
    html = page(
        "<p>We offer care for addiction.</p><h2>Our programs</h2><div role='tablist'>"
        "<button role='tab'>Residential</button><button role='tab'>IOP</button></div>"
        "<h2>FAQ</h2><div class='accordion'><button class='accordion-button' "
        "aria-expanded='false'>Do you accept Medicaid?</button><div><p>Yes, we do.</p></div>"
        "</div><form><button>Sober living waitlist</button></form>"
    )
    assert levels(html) == {"residential", "iop"}
    assert facet(html, "payment") == {"medicaid"}


def test_an_availability_table_answering_no_offers_nothing_in_that_row():
    html = page(
        "<p>We offer outpatient counseling.</p><table><tr><th>Service</th><th>Here?</th></tr>"
        "<tr><td>Detox</td><td>No</td></tr><tr><td>Residential</td><td>Yes</td></tr>"
        "<tr><td>Medicaid</td><td>✗</td></tr><tr><td>Medicare</td><td>✓</td></tr></table>"
    )
    assert levels(html) == {"outpatient", "residential"}
    assert facet(html, "payment") == {"medicare"}


def test_a_hospitals_page_for_its_programme_speaks_of_it_as_the_programme():
    """A hospital names its programme where a rehab says "we": on the page for that programme
    (not an article) "The partial hospitalization program treats …" speaks for the provider, so
    the list after it is what it treats, even under a "Who can benefit?" heading."""
    body = (
        "<h1>Partial Hospitalization Program</h1><p>The partial hospitalization program runs "
        "weekdays for adults.</p><h2>Who can benefit?</h2><p>The partial hospitalization "
        "program treats patients with the following:</p><ul><li>Depression</li>"
        "<li>Bi-polar disorder</li></ul><p>Call (217) 555-0142 to learn more.</p>"
    )
    html = page(body, title="Partial Hospitalization | Lakeside Medical")
    url = "https://lakeside.example/locations/partial-hospitalization-program/"
    (record,) = extract(html, url, "text/html")
    assert record["levels_of_care"] == ["php"]
    assert set(record["conditions"]) >= {"depression", "bipolar"}
    # the same words in an article define a term and give no record
    assert (
        extract(html, "https://lakeside.example/blog/partial-hospitalization/", "text/html") == []
    )


def test_a_length_of_stay_in_a_heading_or_a_link_is_no_day_program():
    # "90 Day program" over a residential stay, "60-day programs" as a link: how long a stay
    # lasts, not partial hospitalization; a heading "Day Program" still names one
    stay = (
        "<h2>Residential Care</h2><h3>90 Day program</h3><p>Birch Hollow recommends a full "
        "stay.</p><a href='/stays/sixty'>60-day programs</a>"
    )
    assert levels(page(stay, "Birch Hollow")) == {"residential"}
    day = "<p>Birch Hollow offers these programs.</p><h2>Residential Care</h2><h3>Day Program</h3>"
    assert levels(page(day, "Birch Hollow")) == {"residential", "php"}


def test_a_level_closing_the_organisations_name_is_no_programme():
    # "Harbor Point Rehab Treatment Center" in the title, the logo link, a heading in capitals
    # and "At …, we …" names the organisation; its programmes are what it says it runs
    body = (
        "<nav><a href='/'>Harbor Point Rehab Treatment Center</a> <a href='/php/'>Day "
        "Program</a></nav><h2>HARBOR POINT REHAB TREATMENT CENTER OFFERS TWO PROGRAMS</h2>"
        "<p>At Harbor Point Rehab Treatment Center, we run a partial hospitalization program "
        "and an evening IOP.</p>"
    )
    title = "Programs | Harbor Point Rehab Treatment Center"
    assert levels(page(body, title), "https://harborpoint.example/") == {"php", "iop"}
    # its own residential centre, or a heading that opens with the level, still counts
    own = "<h2>Residential Treatment Center</h2><p>Our Residential Treatment Center has 16 beds."
    assert levels(page(own, "Harbor Point"), "https://harborpoint.example/") == {"residential"}


def test_a_logo_label_may_stack_words_after_a_short_brand():
    # a builder's alt pattern "<brand> Insurance Logo": the brand alone still names the carrier
    # in a grid of carriers' logos
    alts = ("Cigna Insurance Logo", "Beacon Insurance Logo", "Horizon Health Insurance Logo")
    grid = "".join(f'<img src="/i/{n}.png" alt="{a}">' for n, a in enumerate(alts))
    html = page(f"<p>We offer outpatient counseling.</p><h2>Plans we work with</h2>{grid}")
    assert facet(html, "insurers") == {"cigna", "carelon", "bcbs"}


def test_the_sites_footer_stands_under_none_of_the_pages_headings():
    # a FAQ (or "Types of …" glossary) that ends the page does not reach into the site footer:
    # its program links are still the site's menu, and a card's footer keeps its heading
    faq = (
        "<p>Cedar Ridge offers outpatient counseling.</p><h2>Frequently asked questions</h2>"
        "<details><summary>How long is treatment?</summary><p>It depends.</p></details>"
    )
    links = "<h3>Programs</h3><a href='/detox/'>Detox</a> <a href='/php/'>Day Treatment</a>"
    for footer in (f"<footer>{links}</footer>", f"<div id='footer'>{links}</div>"):
        assert levels(page(faq + footer, "Cedar Ridge")) == {"outpatient", "detox", "php"}
    card = "<div class='card'><div class='card-footer'><a href='/detox/'>Detox</a></div></div>"
    assert levels(page(faq + card, "Cedar Ridge")) == {"outpatient"}


def test_a_line_break_in_a_heading_or_a_link_is_a_space():
    # builders break long headings and tiles with <br>: read whole, "Intensive<br>Outpatient"
    # glued into one word and the level was lost
    body = (
        "<p>Fern Hill offers these programs.</p><h2>Intensive<br>Outpatient Program</h2>"
        "<a href='/php/'>Partial<br/>Hospitalization</a>"
    )
    assert levels(page(body, "Fern Hill")) == {"iop", "php"}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the network named in the sentence is the military's and the VA's
        ("<p>We offer outpatient counseling. We are in-network with TRICARE and TriWest, and "
         "cash payment is welcome.</p>", {"tricare", "va", "self_pay"}),
        # no payer in its sentence: the paragraph names the network
        ("<p>Our clinic has served veterans and military families for years through TRICARE. "
         "As an in-network provider, we offer outpatient counseling close to the base.</p>",
         {"tricare"}),
        # the VA's community care programme under its own names, in a sentence of insurance
        ("<p>We offer outpatient counseling. We are in-network with VA Choice insurance and "
         "take VACCN referrals.</p>", {"va"}),
        # a carrier named beside the public payer keeps the commercial network
        ("<p>We offer outpatient counseling and are in-network with Medicare and Aetna.</p>",
         {"medicare", "private_insurance"}),
        ("<p>We offer outpatient counseling and are in network with most plans.</p>",
         {"private_insurance"}),
    ],
)  # fmt: skip
def test_in_network_with_a_public_payer_is_no_private_insurance(body, expected):
    """ "In-network" is a commercial plan's network unless the only payers named beside it are
    public ones (TRICARE, the VA, Medicaid, Medicare)."""
    assert facet(page(body), "payment") == expected


def test_no_cost_under_an_employee_assistance_heading_is_the_employers_benefit():
    """A practice's fee page explains an EAP under its own heading: "no cost to you" there is
    what the employer pays, not free care; the same words under "Community clinic" are."""
    body = (
        "<p>We accept most major insurances for outpatient counseling.</p>"
        "<h2>{}</h2><p>Your first six sessions are at no cost to you.</p>"
    )
    eap = page(body.format("EAP - Employee Assistance Program"))
    assert facet(eap, "payment") == {"private_insurance"}
    free = page(body.format("Community counseling days"))
    assert facet(free, "payment") == {"private_insurance", "free"}


def test_a_county_programmes_faq_on_paying_asks_about_paying_there():
    """ "Am I required to pay a deposit?", "Will Medicaid cover my treatment fees?", "What if I
    don't have the money to pay?" ask about paying at the programme whose FAQ it is: its
    third-person answers are its own (round six: a county substance-use programme's FAQ)."""
    faq = faq_html([
        ("Am I required to pay a deposit before treatment?",
         "Clients with Medicaid are admitted without a deposit."),
        ("Will Medicaid cover my treatment fees?",
         "Medicaid pays for outpatient counseling at the Harbor County clinic."),
        ("What if I don't have the money to pay?",
         "The clinic offers a sliding fee scale based on income."),
    ])  # fmt: skip
    html = page(f"<h1>Payment information</h1>{faq}", title="Payment | Harbor County Recovery")
    assert facet(html, "payment", "https://harbor.example/payment.htm") == {
        "medicaid",
        "sliding_scale",
    }


def test_a_post_that_names_its_own_sites_owner_speaks_for_it():
    """A provider's blog post titled for its topic names itself only in the text ("Cedar Haven
    Recovery accepts…"): the name spells the site's host, so the sentence is the owner's. A
    news site writing the same sentence about the provider has a host of its own."""
    body = (
        "<h1>How to pay for rehab</h1><p>Many people wonder how treatment is paid for. Plans "
        "differ, and costs vary by state.</p><p>Cedar Haven Recovery accepts most insurance "
        "plans and offers private pay options.</p>"
    )
    html = page(body, title="How to pay for rehab")
    own = "https://www.cedarhavenrecovery.example/2024/03/02/how-to-pay-for-rehab/"
    assert facet(html, "payment", own) == {"private_insurance", "self_pay"}
    news = "https://www.valleygazette.example/2024/03/02/how-to-pay-for-rehab/"
    assert extract(html, news, "text/html") == []
    # another organisation named on the owner's post speaks for itself, not for the site
    other = body.replace("Cedar Haven Recovery", "Oak Ridge Center")
    assert extract(page(other, title="How to pay for rehab"), own, "text/html") == []


def test_the_owners_name_after_a_phrase_set_before_it_still_speaks_for_it():
    """The owner named as the subject after a phrase set before it ("As an in-network provider
    with Medica, Cedar Haven Recovery helps …", "For thirty years, Cedar Haven Recovery has
    been one of the most trusted providers of …"): "many" and "most" in its sentence are its
    own words, not general talk. Another organisation after such a phrase is not the owner,
    nor is the owner's name before another subject ("… Cedar Haven Recovery staff gathered")."""
    body = (
        "<h1>Using your plan</h1><p>Plans differ, and costs vary by state.</p>"
        "<p>As an in-network provider with Medica, Cedar Haven Recovery helps many adults "
        "use their benefits.</p><p>For thirty years, Cedar Haven Recovery has been one of the "
        "most trusted providers of co-occurring disorder treatment in the region.</p>"
    )
    html = page(body, title="Using your plan")
    own = "https://www.cedarhavenrecovery.example/blog/using-your-plan/"
    (record,) = extract(html, own, "text/html")
    assert record["payment"] == ["private_insurance"]
    assert "co_occurring" in record["conditions"]
    other = body.replace("Cedar Haven Recovery", "Oak Ridge Center")
    assert extract(page(other, title="Using your plan"), own, "text/html") == []
    staff = (
        "<h1>A day in the park</h1><p>As part of Recovery Month, Cedar Haven Recovery staff and "
        "alumni gathered for a picnic and an aftercare reunion.</p>"
    )
    assert extract(page(staff, title="A day in the park"), own, "text/html") == []


@pytest.mark.parametrize(
    ("host", "owner"),
    [
        ("chrtampa", True),
        ("chrt", True),
        ("cedarhavenrecoveryoftampa", True),
        ("chrtx", False),
        ("hrtampa", False),
        ("ch", False),
    ],
)
def test_a_host_made_of_the_names_initials_is_the_owners(host, owner):
    """ "Cedar Haven Recovery of Tampa" on chrtampa.com: each word by its initial or in full,
    "of" left out, spells the whole host, so the name is the site's own. A host that only
    starts with the initials ("chr", the town left off) or adds a letter is someone else's."""
    body = (
        "<h1>How to pay for rehab</h1><p>Plans differ, and costs vary by state.</p>"
        "<p>Cedar Haven Recovery of Tampa accepts most insurance plans.</p>"
    )
    html = page(body, title="How to pay for rehab")
    got = extract(html, f"https://{host}.example/blog/how-to-pay/", "text/html")
    assert (got[0]["payment"] if got else None) == (["private_insurance"] if owner else None)


@pytest.mark.parametrize(
    ("host", "owner"),
    [
        ("chrrecovery", True),
        ("chrtreatmentcenters", True),
        ("chrdayton", True),
        ("chrohio", True),
        ("chrxyz", False),
        ("chrtx", False),
        ("valleygazette", False),
    ],
)
@pytest.mark.parametrize("name", ["Cedar Haven Recovery", "CHR"])
def test_a_host_of_the_names_initials_then_generic_words_or_its_town_is_the_owners(
    host, owner, name
):
    """ "Cedar Haven Recovery", or "CHR" alone, on chrrecovery.com or chrdayton.com: the host
    is the name's initials then generic words ("recovery", "treatment centers") or the town or
    state it serves, so the name and its capitals are the owner's. Other letters after the
    initials ("xyz", a state's two letters on a page that names no state) are not, nor is a
    news site's host."""
    assert _blog_payment(host, "Plans differ, and costs vary by state.", name) == (
        ["private_insurance"] if owner else None
    )


@pytest.mark.parametrize(
    ("host", "place", "owner"),
    [
        ("chrtx", "Clinics across Texas report long waiting lists.", True),
        ("chrtx", "Clinics around Waco report long waiting lists.", True),
        ("chrtx", "Clinics across Ohio report long waiting lists.", False),
        ("chrtx", "Clinics report long waiting lists.", False),
        ("chrnorth", "Clinics in the Northland report long waiting lists.", True),
        ("chrnorth", "Clinics in northern counties report long waiting lists.", False),
        ("chrwest", "Clinics across the Western Slope report long waiting lists.", True),
    ],
)
@pytest.mark.parametrize("name", ["Cedar Haven Recovery", "CHR"])
def test_a_host_of_the_initials_then_the_place_the_page_serves_is_the_owners(
    host, place, owner, name
):
    """A state's two letters or a compass word after the initials ("chrtx", "chrnorth") are
    the place the owner serves when the page names that state, a town of it, or that region
    ("the Northland"); on a page that never names it they stay other letters."""
    assert _blog_payment(host, f"Plans differ, and costs vary by state. {place}", name) == (
        ["private_insurance"] if owner else None
    )


@pytest.mark.parametrize(
    ("name", "owner"),
    [
        ("Cedar Haven Institute", True),
        ("Cedar Haven Center", True),
        ("Cedar Grove Institute", False),
    ],
)
def test_a_host_may_leave_off_the_names_generic_word_before_its_state(name, owner):
    """ "Cedar Haven Institute" on cedarhavenoh.org, a page naming Ohio: the host spells the
    name up to its generic last word, then the state it serves; another name with the same
    generic word ("Cedar Grove Institute") is not the host's."""
    assert _blog_payment("cedarhavenoh", "Plans differ across Ohio, and costs vary.", name) == (
        ["private_insurance"] if owner else None
    )


def _blog_payment(host: str, lead: str, name: str) -> list | None:
    """The payment of the record a blog post on ``host`` gives when ``name`` says it takes
    insurance after a paragraph ``lead`` (None: no record)."""
    body = f"<h1>How to pay for rehab</h1><p>{lead}</p><p>{name} accepts most insurance plans.</p>"
    html = page(body, title="How to pay for rehab")
    got = extract(html, f"https://{host}.example/blog/how-to-pay/", "text/html")
    return got[0]["payment"] if got else None


def test_a_name_of_care_before_the_hosts_generic_word_is_a_topic():
    """ "Methadone Treatment" on a host of "methadone" then "centers": the words of a kind of
    care that happen to start the host are the page's topic, not the owner's name."""
    body = (
        "<h1>What is a methadone clinic?</h1><p>Clinics across Ohio keep long hours.</p>"
        "<p>Methadone Treatment is the daily use of methadone to treat opioid use disorder.</p>"
    )
    html = page(body, title="What is a methadone clinic?")
    assert extract(html, "https://methadonecentersoh.example/methadone-clinic/", "text/html") == []


def test_a_single_word_is_no_owners_name_unless_it_is_the_initials():
    """ "Haven accepts …" on havenrecovery.com: a capitalised word alone before the host's
    generic tail is too often a sentence's own subject ("American", "Recovery") to be taken
    for the owner; only capitals that spell the initials are ("BHG" on bhgrecovery.com)."""
    body = (
        "<h1>How to pay for rehab</h1><p>Plans differ, and costs vary by state.</p>"
        "<p>Haven accepts most insurance plans.</p>"
    )
    html = page(body, title="How to pay for rehab")
    assert extract(html, "https://havenrecovery.example/blog/pay/", "text/html") == []


@pytest.mark.parametrize(
    ("named", "bracketed", "owner"),
    [
        ("Maplewood Recovery Centers", "Maplewood", True),
        ("Maplewood Recovery Centers", "MRC", True),
        ("Maplewood Recovery Centers", "Oakdale", False),
        ("Ohio Maplewood Recovery Centers Line", "OMRCL", False),
    ],
)
def test_a_short_name_given_in_brackets_after_the_owners_name_speaks_for_it(
    named, bracketed, owner
):
    """A press release on the owner's site names it once in full with its short name in
    brackets ("Maplewood Recovery Centers (Maplewood)", "(MRC)") and then by the short name
    ("Today, Maplewood accepts …"): the short name is the owner's, as its first word or its
    initials; a bracketed word that is neither names someone else, and so does the short name
    of a longer name the owner's stands inside ("Ohio Maplewood Recovery Centers Line")."""
    body = (
        f"<h1>Ten years of care</h1><p>The {named} ({bracketed}) marks ten years this "
        f"spring.</p><p>Today, {bracketed} accepts most insurance plans.</p>"
    )
    html = page(body, title="Ten years of care")
    url = "https://www.maplewoodrecoverycenters.example/news/ten-years/"
    assert facet(html, "payment", url) == ({"private_insurance"} if owner else set())


# An organisation's own news page may call it by one word, the whole of its host: round nine's
# draw lost every news and history page of such a provider (no page named it).
LARKHAVEN_NEWS = (
    "<h1>A busy spring</h1><p>Plans for the new wing were approved in March.</p>"
    "<p>Larkhaven offers medically monitored detox for adults at its main campus.</p>"
)
WIRE_BYLINE = (
    "<h1>A busy spring</h1><p>Wirenewsdesk — Oak Hollow Clinic offers medically monitored "
    "detox for adults at its main campus, its director said.</p>"
)


# Round twelve (news12): a news page of an owner whose host is its short name whole, too short
# to be read as a name wherever it stands ("Sieda" on sieda.org, "Avera" on avera.org): the
# word is its subject and stands alone inside a sentence too; a dateline may join the state to
# it by a bare hyphen.
SHORT_HOST_NEWS = (
    "<h1>Changes to our services</h1><p>Following the county's guidance, Tamsa has closed its "
    "front lobbies.</p><p>Tamsa now offers outpatient counseling by telehealth only.</p>"
    "<p>Clients who call Tamsa will be given a time for their session.</p>"
)
HYPHEN_DATELINE = (
    "<h1>Evening groups</h1><p>RIVER FALLS, WI-Tamsa now offers intensive outpatient groups "
    "in the evening.</p><p>Families who call Tamsa are helped the same day.</p>"
)


# Round nine's second wave: a provider's own release or history names it in forms other than
# the sentence's opening subject, and its pages gave no record; the same release printed by a
# news site must still give none (the host decides whose site it is).
APPOSITIVE_RELEASE = (
    "<h1>A new clinic for the valley</h1><p>To meet the growing need for care in the river "
    "counties of the north, Fernbrook Health Group (FHG), a nonprofit provider of outpatient "
    "addiction counseling, today announced longer evening hours.</p>"
)
PASSIVE_RELEASE = (
    "<h1>A new unit</h1><p>The youth unit is part of the psychiatric hospital for "
    "teenagers operated by Fernbrook Health Group.</p>"
)
HEAD_NOUN_NEWS = (
    "<h1>Moving to a bigger building</h1><p>Fernbrook Center has bought a building on Mill "
    "Road.</p><p>The Center's residential program for women will move there in June.</p>"
)
AGENCY_HISTORY = (
    "<h1>Our story</h1><p>Fernbrook Center was founded in 1961.</p><p>Started by two "
    "nurses, the agency grew into what is now the county's largest outpatient clinic.</p>"
)


@pytest.mark.parametrize(
    ("body", "host", "expected"),
    [
        (LARKHAVEN_NEWS, "larkhaven", ["detox"]),
        (LARKHAVEN_NEWS, "citygazette", None),  # a newspaper writing of Larkhaven
        (WIRE_BYLINE, "wirenewsdesk", None),  # the wire's byline is no subject of a verb
        (APPOSITIVE_RELEASE, "fernbrookhealthgroup", ["outpatient"]),
        (APPOSITIVE_RELEASE, "valleygazette", None),  # a newspaper printing the release
        (PASSIVE_RELEASE, "fernbrookhealthgroup", ["inpatient"]),
        (PASSIVE_RELEASE, "valleygazette", None),
        (HEAD_NOUN_NEWS, "fernbrookcenter", ["residential"]),
        (HEAD_NOUN_NEWS, "valleygazette", None),
        (AGENCY_HISTORY, "fernbrookcenter", ["outpatient"]),
        (AGENCY_HISTORY, "valleygazette", None),
        (SHORT_HOST_NEWS, "tamsa", ["outpatient"]),  # round twelve: the whole short host
        (SHORT_HOST_NEWS, "valleygazette", None),
        (HYPHEN_DATELINE, "tamsa", ["iop"]),
        (HYPHEN_DATELINE, "valleygazette", None),
    ],
)
def test_the_owner_named_in_short_or_in_a_release_speaks_on_its_own_host(body, host, expected):
    """The owner's own news names it in short (one word, the whole host), or, in a release or
    history, after a long opening phrase with an appositive ("X (XX), a provider of …, today
    announced"), as the agent of a passive ("… operated by X"), or as "the Center" or "the
    agency": on the owner's host each is the owner speaking; on a newspaper's, no one is."""
    got = extract(
        page(body, title="A busy spring"), f"https://{host}.example/news/spring/", "text/html"
    )
    assert (got[0]["levels_of_care"] if got else None) == expected


@pytest.mark.parametrize(
    ("sentence", "host", "owner"),
    [
        ("SunHaven accepts most insurance plans.", "sunhaven", True),  # camel case, whole host
        ("SHRC accepts most insurance plans.", "shrc", True),  # its initials in capitals
        ("SunHaven Recovery Center accepts most insurance plans.", "shrc", True),  # camel initials
        ("SunHaven accepts most insurance plans.", "sunhavenhills", False),  # part of the host
        ("SHRC accepts most insurance plans.", "shrcnews", False),
        ("Banyan accepts most insurance plans.", "banyan", False),  # a plain short word
    ],
)
def test_a_one_word_name_that_spells_the_host_is_the_owners(sentence, host, owner):
    """The owner writes its name as one word, run together in camel case or as capital
    initials, the way its host spells it: on its own post that sentence is its own. The same
    word on a host it does not spell whole, or a plain capitalised word of a short host,
    names no one."""
    body = f"<h1>Paying for care</h1><p>Plans differ, and costs vary.</p><p>{sentence}</p>"
    got = extract(
        page(body, title="Paying for care"), f"https://{host}.example/blog/paying/", "text/html"
    )
    assert (got[0]["payment"] if got else None) == (["private_insurance"] if owner else None)


@pytest.mark.parametrize(
    ("host", "owner"),
    [
        ("brackenfieldchildren", True),  # the name, then generic words
        ("brackenfieldtreatment", True),
        ("mybrackenfield", True),  # a generic word, then the name
        ("brackenfieldhills", False),  # the rest of the host is no generic word
        ("citygazette", False),
    ],
)
def test_a_one_word_name_with_generic_words_around_it_in_the_host_is_the_owners(host, owner):
    """Round ten (ed10): a residential home for children called by one word, on a host that
    adds generic words to it ("…children", "my…"), wrote its mission and its programme in its
    name and gave no record; earlier rounds left the same shape ("…treatment"). The word must
    stand inside a sentence as a proper noun, and the rest of the host must be generic words:
    another word makes it a different name, and a newspaper's host names no one."""
    body = (
        "<h1>Who we are</h1><p>Families across the state send their sons and daughters to "
        "Brackenfield when nothing else has helped.</p><p>As the region's oldest home for "
        "children, Brackenfield runs a residential treatment program for girls aged 12 to 17."
        "</p>"
    )
    got = extract(page(body, title="Who we are"), f"https://{host}.example/about/", "text/html")
    assert (got[0]["levels_of_care"] if got else None) == (["residential"] if owner else None)


@pytest.mark.parametrize(
    ("sentence", "level"),
    [
        ("Lakemoorland opens an outpatient clinic for adults, its second.", "outpatient"),
        (
            "Millbrook, Ore. — Lakemoorland, a nonprofit serving four counties, has opened an "
            "intensive outpatient program for teens.",
            "iop",
        ),
    ],
)
def test_a_one_word_name_that_is_the_whole_host_is_the_owners(sentence, level):
    """A press release on the provider's own site names it by one word ("Lakemoorland opens
    …" on lakemoorland.org), perhaps after the place it was issued from ("Millbrook, Ore. —
    Lakemoorland, a nonprofit …, has opened …"): the word is the whole host, so the sentence is
    the owner's. A news site printing the release has a host of its own, and a short host that
    is a common word ("Harbor" on harbor.example) names no one by one word."""
    body = (
        "<h1>A new service</h1><p>Plans for the building began two years ago, and staff came "
        f"to Lakemoorland from three towns.</p><p>{sentence}</p>"
    )
    html = page(body, title="A new service")
    assert facet(html, "levels_of_care", "https://lakemoorland.example/news/new/") == {level}
    assert extract(html, "https://valleygazette.example/news/new/", "text/html") == []
    short = page(body.replace("Lakemoorland", "Harbor"), title="A new service")
    assert extract(short, "https://harbor.example/news/new/", "text/html") == []


@pytest.mark.parametrize(
    ("name", "host", "owner"),
    [
        ("OHMSandhill Care", "ohmsc", True),  # a word's capitals are initials joined to a word
        ("OHMSandhill Care", "ohmsx", False),
        ("KLM Family Counseling", "www.klm", True),  # the host is the initials the name opens with
        ("Family KLM Counseling", "www.klm", False),
    ],
)
def test_a_host_of_initials_in_the_name_is_the_owners(name, host, owner):
    """ "OHMSandhill Care" on ohmsc.example: the capitals of the first word are initials joined
    to a word. "KLM Family Counseling" on www.klm.example: a parent's initials in capitals open
    the name. Either way the host spells the name and the post speaks for its owner; initials
    standing elsewhere in the name, or another host, do not."""
    body = (
        "<h1>How to pay</h1><p>Plans differ, and costs vary by state.</p>"
        f"<p>Since 1990, {name} has accepted most insurance plans.</p>"
    )
    got = extract(page(body, title="How to pay"), f"https://{host}.example/blog/pay/", "text/html")
    assert (got[0]["payment"] if got else None) == (["private_insurance"] if owner else None)


# The owner names itself in full once, defines a short name in brackets, and then writes of
# itself by the short name ("The Guidance/Care Center, Inc. (GCC) was founded …", "GCC offers";
# round nine: a community mental-health centre's history page and its parent's post about it)
DEFINED_SHORT = (
    "Our story\n\nThe Lake/Ridge Center, Inc. (LRC) opened its doors in 1982 beside the bay.\n\n"
    "Today LRC offers detoxification and a residential program for adults recovering from "
    "alcohol use disorders.\n"
)


@pytest.mark.parametrize(
    ("text", "host", "expected"),
    [
        (DEFINED_SHORT, "lakeridgecenter", {"detox", "residential"}),  # the full name spells it
        # a parent's post, the owner named in its title
        (
            "Lake/Ridge Center Receives a Grant\n\nThe county presented a check to the Lake/Ridge "
            "Center (LRC) this spring. The LRC provides detoxification and a residential program "
            "for adults.\n",
            "harborcarenews",
            {"detox", "residential"},
        ),
        # a short name that only starts the host is not enough (a fund or an agency defines
        # its own that way): the owner must be known by its full name
        (DEFINED_SHORT, "lrcstories", None),
        (DEFINED_SHORT, "baycountynews", None),  # a news site writing of the centre
        # another body's short name on the owner's site stays that body's voice
        (
            DEFINED_SHORT.replace("The Lake/Ridge Center", "The Bay County Health Board").replace(
                "LRC", "BCHB"
            ),
            "lakeridgecenter",
            None,
        ),
    ],
)
def test_a_short_name_the_page_defines_for_its_owner_speaks_for_it(text, host, expected):
    records = extract(text, f"https://www.{host}.example/about/history", "text/plain")
    got = {v for r in records for v in r["levels_of_care"]}
    assert (got if records else None) == expected


# A telehealth practice often writes its session rules to the client in the second person
# ("your clinician", "log in"): its own terms of service are said by no one else.
SESSION_RULES = (
    "Joining a session\n\nUpload your intake forms through the patient portal a day ahead. "
    "Video sessions last 50 minutes. Missing a visit without a day's notice carries a $30 "
    "cancellation fee.\n"
)
GUIDE_TO_PORTALS = (
    "Joining a session\n\nMany practices typically ask new clients to upload forms through a "
    "patient portal. Video sessions often last 50 minutes.\n"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (SESSION_RULES, {"outpatient", "telehealth"}),
        (GUIDE_TO_PORTALS, None),  # how practices usually work: nobody's terms, no record
    ],
)
def test_a_practices_terms_to_its_clients_speak_for_it(text, expected):
    records = extract(text, "https://quietcreek.example/sessions", "text/plain")
    got = {v for r in records for v in r["levels_of_care"] + r["services"]}
    assert (got if records else None) == expected


def test_a_solo_clinicians_office_and_clients_are_the_practice_speaking():
    """A counsellor writing "I" of the clients she sees and "my … office" is the practice; a
    patient's "my office job" is not."""
    body = (
        "<h1>Offerings</h1><p>I do not take insurance.</p>"
        "<p>Video counseling over a secure video call, or sessions in my small, quiet office.</p>"
    )
    (record,) = extract(
        page(body, "Offerings | Birch Counseling"), "https://birch.example/", "text/html"
    )
    assert (record["levels_of_care"], record["services"]) == (["outpatient"], ["telehealth"])
    assert record["payment"] == []
    story = "<p>After treatment I went back to my old office job and joined video calls.</p>"
    html = page(story, "Stories | Birch Counseling")
    assert extract(html, "https://birch.example/stories", "text/html") == []


def test_the_writers_we_about_the_text_makes_no_provider():
    text = (
        "Telepsychiatry basics\n\nIn this article, we will cover how online psychiatry works. "
        "Telehealth appointments can help people with depression.\n"
    )
    assert extract(text, "https://healthnotes.example/telepsychiatry", "text/plain") == []


def test_the_center_of_another_name_is_not_the_owner():
    """ "The Center for Disease Control": the head noun followed by more of a name is someone
    else's name, and a site whose owner is no Center has no "the Center"."""
    body = (
        "<h1>Moving to a bigger building</h1><p>Fernbrook Center has bought a building.</p>"
        "<p>The Center for Youth Studies runs a residential program for teenagers.</p>"
    )
    url = "https://fernbrookcenter.example/news/item/"
    assert extract(page(body, title="News"), url, "text/html") == []


def test_the_owners_short_name_speaks_for_it_on_its_faq():
    """Round ten (pay10): a FAQ answer names the owner by its host's head word ("Daybreak" on
    daybreakyouthservices.org) as the subject of its payment, a word the page also writes as a
    proper noun inside a sentence ("visit Juniper"); on a page of another host the same answer,
    under no question put to the facility, stays someone else's. A word capitalised
    only where it opens a sentence is no name (test_a_single_word_is_no_owners_name_…)."""
    faq = page(
        faq_html(
            [
                ("Is Juniper licensed?", "Yes, the state health department licenses it."),
                ("Payment", "Juniper takes Medicaid and most private insurance plans."),
                ("Visits", "Parents may visit Juniper on Sunday afternoons."),
            ]
        ),
        "Questions",
    )
    assert facet(faq, "payment", "https://juniperyouthservices.org/faq") == {
        "medicaid",
        "private_insurance",
    }
    assert facet(faq, "payment", "https://teenhelpdirectory.org/faq") == set()
    # the same name with a generic word before it in the host (`_name_in_host`, one
    # definition with round ten's ed10 rule): "Aspen" on myaspen.org
    short = page(
        faq_html(
            [
                ("Payment", "Aspen takes Medicaid and most private insurance plans."),
                ("Visits", "Parents may visit Aspen on Sunday afternoons."),
            ]
        ),
        "Questions",
    )
    assert "medicaid" in facet(short, "payment", "https://myaspen.org/faq")


def test_the_facility_filing_your_insurance_claim_takes_insurance():
    """Round ten (pay10): "Juniper files your insurance claim", "so that Juniper can submit
    the claim" after the client's insurance details: the facility bills the insurer. The client
    filing it ("you submit the claim yourself") is no such statement."""
    for body, expected in (
        ("<p>Juniper files your insurance claim after each visit.</p>", {"private_insurance"}),
        (
            "<p>Please bring your insurance card so that Juniper can submit the claim.</p>",
            {"private_insurance"},
        ),
        (
            "<p>We give you a receipt; you submit the claim to your insurance company yourself."
            "</p>",
            set(),
        ),
    ):
        body = f"<p>We offer outpatient counseling for adults.</p>{body}"
        assert (
            facet(
                page(body, "Billing | Juniper Clinic"),
                "payment",
                "https://juniperclinic.org/billing",
            )
            == expected
        )


@pytest.mark.parametrize(
    ("question", "expected_payment", "expected_conditions"),
    [
        # the question is put to the facility by name: its answer lists whom it admits and who pays
        (
            "Who is eligible for admission to Juniper Grove?",
            {"medicaid", "medicare"},
            {"psychosis", "bipolar"},
        ),
        # a guide's question about admission in general names no one's facility
        ("What are typical admission criteria for a group home?", set(), set()),
    ],
)
def test_an_answer_listing_whom_the_facility_admits_names_its_care_and_payers(
    question, expected_payment, expected_conditions
):
    """A FAQ of questions (so only the facility's voice counts): the list after "admission to
    <its name>?" is what it treats and how it is paid; an assessor named in it is no insurer."""
    html = page(
        "<p>Juniper Grove offers day treatment for adults in three towns.</p>"
        "<h2>How long do members stay?</h2><p>Most stay a year or longer.</p>"
        "<h2>Can family visit?</h2><p>Visits are welcome every weekend.</p>"
        f"<h2>Who can apply?</h2><p>{question} An applicant should:</p><ul>"
        "<li>Live in the county</li><li>Carry a diagnosis of schizophrenia or bipolar disorder"
        "</li><li>Complete an Optum behavioral assessment first</li>"
        "<li>Be covered by Medicaid or Medicare</li></ul>",
        "Admissions | Juniper Grove",
    )
    (record,) = extract(html, "https://junipergrove.example/admissions", "text/html")
    assert set(record["payment"]) == expected_payment
    assert set(record["conditions"]) == expected_conditions
    assert record["insurers"] == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a phrase put in front and an "also" before the verb: the name is still the subject
        (
            "For this reason, Birch Hollow Recovery also provides detox for alcohol.",
            {"detox"},
        ),
        # the organisation's own staff speak for it
        (
            "The caring physicians at Birch Hollow Recovery run a detox unit for alcohol.",
            {"detox"},
        ),
        (
            "The counselors and nurses at Birch Hollow Recovery supervise detox for alcohol.",
            {"detox"},
        ),
        # another organisation's staff, or a writer's general claim, do not
        ("Doctors at county hospitals often supervise detox for alcohol.", set()),
        ("For most people, detox for alcohol takes about a week.", set()),
    ],
)
def test_the_organisations_name_speaks_for_it_after_a_fronted_phrase_or_its_staff(
    sentence, expected
):
    """Round ten (rehab10): on an article page of its own site an organisation names itself as
    the subject of a sentence that does not open with its name: after a fronted phrase with
    an adverb before the verb ("Therefore, X also provides outpatient services"), or through
    its staff ("The experts at X design ..."). Both are its own voice; another body's staff
    and general statements stay nobody's offer."""
    html = page(
        "<h1>What to know about withdrawal</h1>"
        "<p>Many people wonder how long withdrawal lasts. Symptoms vary from person to person.</p>"
        f"<p>{sentence}</p>",
        title="What to know about withdrawal | Birch Hollow Recovery",
    )
    url = "https://birchhollowrecovery.example/blog/what-to-know-about-withdrawal/"
    assert facet(html, "levels_of_care", url) == expected


@pytest.mark.parametrize(
    ("line", "levels"),
    [
        (
            "Our services include day hospitals, residential, outpatient and special education.",
            {"php", "residential", "outpatient"},
        ),
        (
            "We care for families across the county.</p><p>Other programs: Day Treatment | "
            "Telehealth Outpatient | Home Visits",
            {"php", "outpatient"},
        ),
        ("Our PHP, an outpatient program for adults, meets five days a week.", {"php"}),
        ("Our day program is an outpatient program that meets daily.", {"php"}),
    ],
)
def test_outpatient_as_an_item_of_its_own_beside_a_day_programme(line, levels):
    """Round ten (ed10): a children's campus's menu ("Day Treatment | Virtual Outpatient | …")
    and a hospital's list of its services ("inpatient units, day hospitals, residential,
    outpatient, and …") name outpatient as a service of its own; read as words describing the
    day programme, it was dropped on two organisations. An outpatient programme said of the
    PHP itself ("Our PHP, an outpatient program") still describes it."""
    assert facet(page(f"<h1>Our services</h1><p>{line}</p>"), "levels_of_care") == levels


@pytest.mark.parametrize(
    ("body", "title", "url"),
    [
        (  # a finance explainer: a state's benefits, no voice of its own
            "<p>Medicaid pays for a core set of benefits in every state.</p><ul>"
            "<li>Inpatient and Outpatient Hospital Services</li><li>Lab work</li></ul><p>The"
            " details of this coverage can vary by state, given the leeway states have in"
            " setting the benefits offered under their Medicaid programs.</p>",
            "Is Rehab Paid For by Medicaid?",
            "https://moneyplain.example/medicaid/rehab",
        ),
        (  # a helpline's how-to: the reader's plan's network, other people's openings
            "<p>With a health plan you pay a premium each month, and in return you see"
            " in-network health care providers at a lower cost when you need a check-up.</p>"
            "<h2>Steps to finding a counselor in your network</h2><p>Phone your insurer and"
            " ask for in-network counselors near you who are taking new patients.</p><p>Search"
            " the plan's website for in-network therapists yourself.</p>",
            "Steps to finding a counselor in your network",
            "https://helpline.example.org/kb/534-no-counselor-in-my-network",
        ),
        (  # a payer's coverage, provided by the payer
            "<p>Counseling coverage provided by Medicare includes group and individual"
            " therapy for opioid use disorder.</p><p>Part B pays for outpatient visits.</p>",
            "Medicare and Opioid Treatment",
            "https://learnmat.example/education/medicare",
        ),
        (  # statistics of other programmes' payment
            "<p>In 2017, 41 percent of outpatient treatment programs accepted Medicare and"
            " offered buprenorphine.</p><p>Of those that accepted Medicaid, 55 percent also"
            " accepted Medicare.</p>",
            "Source",
            "https://policyfacts.example/node/88",
        ),
        (  # a finder's paperwork for the places it finds
            "<p>Sifting through rehab options? We are an online community that helps you"
            " navigate the crowded landscape of rehab centers.</p><p>We can help you verify"
            " your benefits.</p><ul><li>Detox</li><li>Residential treatment</li></ul>",
            "",
            "https://soberpaths.example/choosing-a-rehab",
        ),
        (  # the writer's "let us": an article on a rehab's site with no offer of its own
            "<p>Many people pay for rehab with a health plan. So let us look more closely at"
            " who Aetna is and what its plans offer.</p><p>Aetna plans often pay for part"
            " of residential treatment.</p>",
            "Aetna Rehab Coverage",
            "https://pinecreekrecovery.example/insurance/aetna-rehab-coverage/",
        ),
    ],
)
def test_payment_talk_of_others_gives_no_provider(body, title, url):
    """Round ten (art10): a payment sentence counts as the page's own statement only when it
    is said of this place: a payer's benefits ("offered under its Medicaid program", "coverage
    provided by Medicare"), other places' networks or acceptance ("in-network counselors who
    are taking new patients", "41 percent of programs accepted Medicare"), a finder's help
    with the benefits of the places it finds, and a writer's "let us look at …" are not."""
    assert all(r["kind"] != "provider" for r in extract(page(body, title), url, "text/html"))


@pytest.mark.parametrize(
    ("body", "title", "url", "name", "expected"),
    [
        (  # no "we": a FAQ answer that payment is taken here still speaks for the place
            "<h3>Which insurance is accepted?</h3><p>Medicaid and most private plans are"
            " accepted at the Elm Street office.</p>",
            "FAQ | Elm Street Counseling",
            "https://elmstreetcounseling.example/faq",
            "payment",
            {"medicaid", "private_insurance"},
        ),
        (  # its own network in its own voice
            "<p>Our therapists are in-network providers for most plans. We offer an evening"
            " IOP.</p>",
            "Insurance | Larch Clinic",
            "https://larchclinic.example/insurance",
            "payment",
            {"private_insurance"},
        ),
        (  # a provider's benefit check stays its own payment
            "<p>We offer residential treatment for adults. We can help you verify your"
            " benefits before you arrive.</p>",
            "Admissions | Cedar House Recovery",
            "https://cedarhouserecovery.example/admissions",
            "payment",
            {"private_insurance"},
        ),
    ],
)
def test_a_places_own_payment_stays_its_own(body, title, url, name, expected):
    assert facet(page(body, title), name, url) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a contract or partnership with insurers, said of the owner in the third person
        (
            faq_html(
                [
                    (
                        "How do I pay for care at Birchwood Lodge?",
                        "Birchwood Lodge is contracted with more than twenty insurance companies.",
                    )
                ]
            ),
            {"private_insurance"},
        ),
        (
            faq_html(
                [
                    (
                        "What insurance does Birchwood Lodge take?",
                        "Birchwood Lodge works in partnership with the leading health insurers "
                        "in the state.",
                    )
                ]
            ),
            {"private_insurance"},
        ),
        # the owner dealing with the client's insurer for them
        (
            "<p>Birchwood Lodge offers residential treatment for men.</p>"
            "<p>Birchwood Lodge is glad to work directly with your insurance company on "
            "coverage.</p>",
            {"private_insurance"},
        ),
        (
            "<p>Birchwood Lodge offers residential treatment for men.</p>"
            "<p>Once you call, our intake team will contact your insurer to learn what your "
            "plan pays for.</p>",
            {"private_insurance"},
        ),
        (
            "<p>Birchwood Lodge offers residential treatment for men.</p>"
            "<p>Our staff handle the utilization reviews and any peer-to-peer calls with your "
            "insurance company.</p>",
            {"private_insurance"},
        ),
        # the reader told to call the insurer, a guide's general talk: no acceptance
        (
            "<p>Birchwood Lodge offers residential treatment for men.</p>"
            "<p>Please call your insurance company to learn what your plan pays for.</p>",
            set(),
        ),
        (
            "<p>Birchwood Lodge offers residential treatment for men.</p>"
            "<p>You should contact your insurer before you choose a program.</p>",
            set(),
        ),
        (
            "<p>Birchwood Lodge offers residential treatment for men.</p>"
            "<p>Many rehab centers are contracted with insurance companies.</p>",
            set(),
        ),
        # out of network, the same dealing with the insurer is help with reimbursement
        (
            "<p>Birchwood Lodge offers residential treatment for men.</p>"
            "<p>We are an out-of-network provider; our billing team will contact your insurance "
            "company for reimbursement.</p>",
            set(),
        ),
    ],
)
def test_an_owner_contracted_with_insurers_or_dealing_with_your_insurer_takes_insurance(
    body, expected
):
    """Round eleven (third11): insurance said as a contract or partnership of the owner in the
    third person ("Cumberland Heights is contracted with over 30 insurance providers",
    "… works in partnership with most of the leading insurance providers") or as the owner's
    staff dealing with the client's insurer ("happy to work directly with your insurance
    company", clinical reviews and calls "with the insurance company") is private insurance;
    out of network, the dealing is help with reimbursement (RECORD §2)."""
    html = page(body, "Insurance | Birchwood Lodge")
    assert facet(html, "payment", "https://birchwoodlodge.org/insurance") == expected


# Round eleven (about11): an about page's or a release's owner says what it provides later in
# its clause ("… is now the region's largest clinic, providing …", "…'s mission is to … by
# providing …", "… is actively serving …"); only the conditions it names are offered, so
# before this the page gave no record at all.
WILLOWMERE_ABOUT = (
    "<h1>Who we are</h1><p>Willowmere was founded in 1952 by a group of parents.</p>"
    "<p>{sentence}</p>"
)


@pytest.mark.parametrize(
    ("sentence", "host", "expected"),
    [
        (
            "Willowmere is now the valley's biggest community clinic, providing counseling "
            "and addiction services to families in four counties.",
            "willowmere",
            ["substance_use"],
        ),
        (
            "Willowmere's mission is to build hope and resilience by providing trusted mental "
            "health and addiction services.",
            "willowmere",
            ["substance_use"],
        ),
        (
            "Willowmere is actively serving its current patients and is able to welcome new "
            "patients with opioid addiction.",
            "willowmere",
            ["opioids", "substance_use"],
        ),
        (
            "We are proud that our mission, after seventy years, is providing care for "
            "people with alcohol addiction.",
            "willowmere",
            ["alcohol", "substance_use"],
        ),
        # a newspaper writing the same of Willowmere: the owner is not its host
        (
            "Willowmere is now the valley's biggest community clinic, providing counseling "
            "and addiction services to families in four counties.",
            "valleygazette",
            None,
        ),
        # the clause is taken over by someone else before the verb
        (
            "We help you find the programs near you providing care for opioid addiction.",
            "willowmere",
            None,
        ),
        (
            "We believe every family deserves a clinic providing care for opioid addiction.",
            "willowmere",
            None,
        ),
    ],
)
def test_the_owner_providing_care_later_in_its_own_clause_offers_it(sentence, host, expected):
    """A sentence that opens with the owner (its name on its own host, "we", "our mission")
    and says later in the same clause that it provides or serves ("…, providing …", "by
    providing", "is actively serving") offers the conditions it names; a clause someone else
    takes over ("we help you find programs providing …", "every family deserves …") does not."""
    body = WILLOWMERE_ABOUT.format(sentence=sentence)
    got = extract(page(body, title="About"), f"https://{host}.example/about-us/", "text/html")
    assert (sorted(got[0]["conditions"]) if got else None) == expected


SIX_QUESTIONS = (
    "Can I bring my phone?\n\nNo, phones stay in a locker.\n\nCan I smoke?\n\nOnly outside.\n\n"
    "Will I see a doctor?\n\nA nurse sees you first.\n\nCan my family call?\n\nYes, at night.\n\n"
    "Is there a gym?\n\nThere is a yard.\n\nCan I leave?\n\n{}\n"
)


@pytest.mark.parametrize(
    ("text", "url", "provider"),
    [
        ("Visitors\n\nOur visiting hours run from noon until seven in the evening.\n\n"
         "Parking is free in the north lot.\n", "https://lakeview.example/visitors", True),
        (SIX_QUESTIONS.format("Once you have been admitted to the facility, you stay until the"
                              " team discharges you. We keep snacks on the unit."),
         "https://pinecrestcare.example/faq", True),
        ("Getting started\n\nOur admissions coordinators call every family back within a day to"
         " set up a first talk.\n", "https://willowhouse.example/admissions", True),
        ("Your rights\n\nWhen you are admitted to the hospital, a nurse goes over your rights"
         " with you. We ask that valuables stay at home.\n",
         "https://stmarkhospital.example/patients", True),
        ("For families\n\nLetters and calls from home mean a great deal to our residents.\n",
         "https://oakhollow.example/families", True),
        ("Visitors\n\nWe keep visiting hours flexible so that families can sit with those they love."
         " Please check in at the front desk.\n", "https://rivermead.example/visitors", True),
        ("Visiting\n\nHospitals set visiting hours so that patients can rest.\n",
         "https://carenotes.example/visiting", False),
        # round twelve: the reader's stay at the facility it names, on its own packing list
        ("What to bring\n\nPlease pack casual clothes for a week.\n\nPhone numbers\n\nList the"
         " people we may need to reach during your stay at Brookfield Lodge Treatment Center.\n",
         "https://brookfieldlodge.example/what-to-bring", True),
        ("What to bring\n\nPack casual clothes for a week.\n\nDuring your stay at a treatment"
         " center you may need quarters for the laundry.\n",
         "https://rehabtips.example/what-to-bring", False),
        # no one's voice: a guide to rehab in general
        ("What to expect\n\nMost rehabs hold visiting hours on weekends. Ask the facility about"
         " its admission process before you go.\n", "https://rehabguide.example/expect", False),
        # a closing call to an admissions line is anyone's: an explainer's or a finder's too
        ("Starting over\n\nChange takes time and the support of people around you. By calling"
         " our admissions team today, we will make sure you find the right level of care.\n",
         "https://recoveryexplained.example/starting-over", False),
        # a writer's "we" on a blog: the article speaks of a hospital, not its own
        (SIX_QUESTIONS.format("In this post we explain what happens once you are admitted to the"
                              " hospital."),
         "https://healthnotes.example/blog/admission-day", False),
    ],
)  # fmt: skip
def test_a_page_admitting_its_own_patients_in_its_own_voice_is_a_providers(text, url, provider):
    """Round eleven: a provider's FAQ, admissions, visitor or "what to expect" page that names
    no care in the vocabulary's words still speaks for it when it admits or keeps its own
    patients in its own voice ("our admissions coordinators", "our visiting hours", "once you
    have been admitted to the facility", "our residents", visits in its "we"): a provider page,
    with whatever it states."""
    records = extract(text, url, "text/plain")
    assert any(r["kind"] == "provider" for r in records) == provider


@pytest.mark.parametrize(
    ("body", "title", "url"),
    [
        (  # a federal payer's own "we": it pays the programmes, it runs none
            "<h2>Methadone Clinics</h2><p>Methadone clinics give medication for opioid use"
            " disorder.</p><p>We reimburse these clinics with a weekly bundled rate for the"
            " Medicare patients they treat.</p><p>Under this benefit, Medicare pays for:</p>"
            "<ul><li>Methadone dosing</li><li>Group counseling</li><li>Intensive outpatient"
            " program services</li></ul>",
            "Methadone Clinics",
            "https://paymentagency.example.gov/fee-schedules/otp",
        ),
        (  # a health plan writing to its network's doctors about its members
            "<h2>Helping members with alcohol use disorder</h2><p>Please screen your patients"
            " for alcohol use at every visit.</p><p>Detox and residential treatment are"
            " covered benefits.</p><p>Together we can keep our plan members healthy.</p>",
            "Network News",
            "https://doctors.bigplan.example/news/alcohol",
        ),
    ],
)
def test_a_payer_speaking_as_itself_is_no_provider(body, title, url):
    """Round eleven: a payer's own voice (it pays the programmes that treat, it speaks of its
    plan's members) is a funder's, not a place of care's: the care it names is what it pays
    for, on whatever host it stands."""
    assert all(r["kind"] != "provider" for r in extract(page(body, title), url, "text/html"))


def test_a_provider_naming_what_plans_pay_stays_one():
    """A clinic that says what it offers keeps its record beside talk of what plans pay and
    of its members-only alumni group."""
    body = (
        "<p>We offer an evening IOP and outpatient counseling at 12 Oak Street, Dover, DE"
        " 19901.</p><p>Medicare pays for our IOP for plan members who qualify.</p>"
    )
    assert facet(page(body, "IOP | Oak Street Clinic"), "levels_of_care") == {"iop", "outpatient"}


@pytest.mark.parametrize(
    ("text", "url", "provider"),
    [
        ("A home for early recovery\n\nHarbor Street Recovery (HSR) is a twenty-bed home for adults in"
         " early recovery. HSR provides residential treatment for people with addiction and a"
         " mental illness.\n", "https://bayfamilyservices.example/harbor-street", True),
        ("Teen services\n\nThe Northside Clinic's Teens in Recovery (TIR) Program meets these"
         " needs and offers counseling to young people. Families may enroll in TIR's intensive"
         " outpatient program.\n", "https://mirror.example/services/teen-services/", True),
        # a guide's term of the field with its initials, then the initials as the subject
        ("What is an IOP\n\nAn Intensive Outpatient Program (IOP) meets several evenings a week."
         " IOP provides group therapy for addiction.\n", "https://rehabfacts.example/iop", False),
        # a public body cited by its initials is someone else, not the page's own programme
        ("Getting help\n\nThe Substance Abuse and Mental Health Services Administration (SAMHSA)"
         " runs a helpline. SAMHSA provides residential treatment locators for addiction.\n",
         "https://helpnotes.example/getting-help", False),
        # a state department and a payer's programme, each cited by its initials
        ("Licensing\n\nThe Department of Health Care Services (DHCS) licenses recovery homes."
         " DHCS provides residential treatment licenses to operators.\n",
         "https://statelaw.example/licensing", False),
        ("Paying for care\n\nDrug Medi-Cal (DMC) pays for treatment of eligible adults. DMC"
         " covers residential treatment for addiction.\n", "https://payguide.example/dmc", False),
        # a therapy's name, not a programme's
        ("Therapy types\n\nAcceptance and Commitment Therapy (ACT) is used widely. ACT offers"
         " outpatient counseling for depression.\n", "https://mindguide.example/act", False),
    ],
)  # fmt: skip
def test_a_programme_named_with_its_own_initials_speaks_for_its_provider(text, url, provider):
    """Round eleven: a provider's page on its own programme names it with its initials in
    brackets and then writes of it by them ("Harbor Street Recovery (HSR) … HSR provides …",
    "the Northside Clinic's Teens in Recovery (TIR) Program … offers …"): the programme is the
    page's own subject, so its care is no care in general. A term of the field with its
    initials ("Intensive Outpatient Program (IOP)"), a therapy's name or a public body's
    (SAMHSA) stays nobody's."""
    records = extract(text, url, "text/plain")
    assert any(r["kind"] == "provider" for r in records) == provider


IOP_GUIDE = (
    "An intensive outpatient program is a structured program that meets a few hours a day.\n\n"
    "The program lets a patient live at home and keep working while in treatment.\n\n"
    "These programs focus on group therapy and often follow detox in a hospital.\n\n"
    "The intensive outpatient program model is also used for eating disorders.\n"
)


@pytest.mark.parametrize(
    ("text", "url", "levels"),
    [
        (IOP_GUIDE, "https://answers.example/what-is-an-intensive-outpatient-program.htm", None),
        (IOP_GUIDE, "https://harbor.example/what-are-iop-programs/", None),
        # the owner's own line on its explainer still counts
        (IOP_GUIDE + "\nAt Harbor Recovery we offer an evening intensive outpatient program.\n",
         "https://harborrecovery.example/what-is-iop/", {"iop"}),
        # a programme's own page, not named as a question, describes its programme
        (IOP_GUIDE, "https://harbor.example/programs/intensive-outpatient/", {"iop"}),
    ],
)  # fmt: skip
def test_a_page_named_as_a_definition_question_is_a_guide(text, url, levels):
    """A page whose address asks "what is …" defines a term for readers (round eleven: an
    answers site's and two providers' explainers on fresh draws): like a blog post, only
    the owner's own lines on it are offers."""
    records = extract(text, url, "text/plain")
    assert ({v for r in records for v in r["levels_of_care"]} if records else None) == levels


LARKSPUR_PROGRAM = "<h1>Programs</h1><p>{sentence}</p><p>Parking is free behind the building.</p>"


@pytest.mark.parametrize(
    ("sentence", "host", "expected"),
    [
        # the owner's name after a lead-in with no comma: still the subject of its clause
        (
            "For adults on the state plan who have finished a hospital stay Larkspur Health "
            "provides a partial hospitalization program five days a week.",
            "larkspurhealth",
            ["php"],
        ),
        (
            "This is why Larkspur Health is glad to work directly with your insurance company "
            "on your behalf.",
            "larkspurhealth",
            ["private_insurance"],
        ),
        # the same on a newspaper's host: the owner is not its host
        (
            "For adults on the state plan who have finished a hospital stay Larkspur Health "
            "provides a partial hospitalization program five days a week.",
            "valleygazette",
            None,
        ),
        # the name as an object: the lead's verb or preposition takes it
        (
            "Most people who call Larkspur Health are asking about partial hospitalization "
            "programs in general.",
            "larkspurhealth",
            None,
        ),
        (
            "Families who were referred to Larkspur Health have often tried a partial "
            "hospitalization program elsewhere.",
            "larkspurhealth",
            None,
        ),
        (
            "Patients who stay at Larkspur Health are asked about partial hospitalization "
            "programs in general.",
            "larkspurhealth",
            None,
        ),
        (
            "To learn more about how Larkspur Health works with a partial hospitalization "
            "program near you, read on.",
            "larkspurhealth",
            None,
        ),
    ],
)
def test_the_owners_name_after_a_lead_in_with_no_comma_is_its_subject(sentence, host, expected):
    """Round twelve: the owner's name (known from its host) opening its clause after a lead-in
    with no comma ("For adults who … are eligible X provides …", "This is why X is happy to
    work with your insurer") is the owner speaking; not where the word before the name takes it
    as an object ("people who call X are …", "referred to X", "how X works")."""
    got = extract(
        page(LARKSPUR_PROGRAM.format(sentence=sentence), title="Programs"),
        f"https://{host}.example/programs/",
        "text/html",
    )
    if expected is None:
        assert not any(r["kind"] == "provider" for r in got)
    else:
        assert got and all(
            slug in got[0]["levels_of_care"] + got[0]["payment"] for slug in expected
        )


@pytest.mark.parametrize(
    ("sentence", "host", "expected"),
    [
        # the owner as the agent: perfect and passive
        (
            "Larkspur Health, over its sixty years in the valley, has provided addiction "
            "treatment and shelter to families who had nowhere else to go.",
            "larkspurhealth",
            ["substance_use"],
        ),
        (
            "Larkspur Health has long offered counseling for people with alcohol addiction.",
            "larkspurhealth",
            ["alcohol", "substance_use"],
        ),
        (
            "Care for opioid addiction and depression is provided by Larkspur Health at two "
            "clinics.",
            "larkspurhealth",
            ["depression", "opioids", "substance_use"],
        ),
        # another body as the agent, or a past that is over
        (
            "Care for opioid addiction and depression is provided by the county at two clinics.",
            "larkspurhealth",
            None,
        ),
        (
            "Before it closed in 1990, Larkspur Health had provided counseling for people with "
            "alcohol addiction.",
            "larkspurhealth",
            None,
        ),
        # a newspaper printing the same: the owner is not its host
        (
            "Larkspur Health has long offered counseling for people with alcohol addiction.",
            "valleygazette",
            None,
        ),
    ],
)
def test_the_owner_as_the_agent_of_a_perfect_or_passive_offer_offers_it(sentence, host, expected):
    """Round twelve: "X has provided … since", "X, over its sixty years, has provided …" and
    "… is provided by X" are the owner's offers (X its name on its own host); "had provided"
    is a past that is over, and another body as the agent offers nothing of the owner's."""
    got = extract(
        page(LARKSPUR_PROGRAM.format(sentence=sentence), title="Programs"),
        f"https://{host}.example/programs/",
        "text/html",
    )
    providers = [r for r in got if r["kind"] == "provider"]
    assert (sorted(providers[0]["conditions"]) if providers else None) == expected


LARKSPUR_PAGE = (
    "About Larkspur\n\nOutpatient Programming\n\n"
    "Outpatient Programming includes evening counseling groups and relapse prevention for"
    " adults in recovery from addiction.\n\n"
    "Women leaving the House of Larkspur residence are welcome. Former House of Larkspur"
    " residents meet with a counselor on Thursdays.\n"
)
CEDAR_FAQ = (
    "Common Questions\n\n"
    "When did Cedar Lodge open?\nWhere is Cedar Lodge located?\nHow many beds does Cedar Lodge"
    " have?\nWho works there?\nWhat do residents do all day?\nCan families call?\n\n"
    "Cedar Lodge opened in 1978 as a shelter run by a church.\n\n"
    "The Residential Program for adults is located at 14 Pine Road in Eureka.\n\n"
    "Cedar Lodge has thirty beds and a staff of twelve.\n"
)
GUIDE_TEXT = (
    "Outpatient care explained\n\n"
    "Outpatient Programming includes counseling groups and relapse prevention for adults in"
    " recovery from addiction.\n\nMost people attend two or three evenings a week.\n"
)


@pytest.mark.parametrize(
    ("text", "url", "levels"),
    [
        # the owner's host name on the page: its programme by name is its own
        (LARKSPUR_PAGE, "https://www.larkspurtulsa.example/community/outpatient", {"outpatient"}),
        # a page of questions about one organisation: its programme is that organisation's
        (CEDAR_FAQ, "https://freepages.example/~cedar/faq.html", {"residential"}),
        # a guide's page with no owner's name on it, and the same words on a blog address
        (GUIDE_TEXT, "https://rehabfacts.example/outpatient-care", None),
        (LARKSPUR_PAGE, "https://www.larkspurtulsa.example/blog/outpatient", None),
        # a guide's questions in title case name no organisation
        ("Questions About Rehab\n\nHow Long Does Residential Care Last?\nWhat Does Rehab Cost?\n"
         "Is Detox Painful?\nWho Pays For Rehab?\nCan I Work During Rehab?\nWhat Should I Pack?\n\n"
         "The Residential Program is located at a licensed facility in most states.\n",
         "https://rehabfacts.example/faq", None),
    ],
)  # fmt: skip
def test_a_levels_programme_as_its_subject_speaks_for_the_pages_owner(text, url, levels):
    """Round twelve: a level's programme named as a sentence's subject, with no "we" and no
    owner's name ("Outpatient Programming includes …", "The Residential Program … is located
    at …"), is the owner's where the page speaks for one: its host's name is on it, or its
    questions ask about one organisation. A guide's page and a blog post say the same words of
    the field."""
    records = extract(text, url, "text/plain")
    assert ({v for r in records for v in r["levels_of_care"]} if records else None) == levels


@pytest.mark.parametrize(
    ("text", "url", "levels"),
    [
        # its care named at its own name, the name its host spells, as the subject
        ("Medical Detox\n\nWith nurses on hand day and night, detox at Harbor Lodge Recovery helps"
         " people withdraw from alcohol safely.\n", "https://harborlodgerecovery.example/detox/",
         {"detox"}),
        ("Our Units\n\nThe Withdrawal Unit at Maple Grove Hospital is a twelve-bed medically managed"
         " detoxification unit for adults.\n", "https://www.maplegrovehospital.example/withdrawal",
         {"detox"}),
        # a policy for everyone seeking services there names no care of its own
        ("Fees\n\nAll clients seeking services at Harbor Lodge Recovery will be served whatever"
         " their income.\n", "https://harborlodgerecovery.example/fees/", None),
        # a guide naming care at a place its host does not spell is the guide's talk
        ("Choosing a detox\n\nDetox at Harbor Lodge Recovery helps people withdraw from alcohol"
         " safely, one reviewer wrote.\n", "https://rehabreviews.example/harbor-lodge", None),
    ],
)  # fmt: skip
def test_care_at_the_owners_name_as_the_subject_is_its_own(text, url, levels):
    """Round twelve: a level's care named at the owner's name as a sentence's subject ("detox
    at Harbor Lodge Recovery helps …", "The Withdrawal Unit at Maple Grove Hospital is …") is
    the owner's, as "our detox" is, where its host spells that name; someone else's page
    naming the same place says nothing of its own."""
    records = extract(text, url, "text/plain")
    assert ({v for r in records for v in r["levels_of_care"]} if records else None) == levels


@pytest.mark.parametrize(
    ("body", "host", "expected"),
    [
        # each word clipped to its start, a generic word left out, a generic start or end
        (
            "Brightwater Family Services runs an outpatient clinic for adults.",
            "brightfamily",
            ["outpatient"],
        ),
        (
            "Ashgrove Regional Counseling provides an intensive outpatient program for teens.",
            "myashcounseling",
            ["iop"],
        ),
        (
            "Ashgrove Regional Counseling provides an intensive outpatient program for teens.",
            "ashcounselinginc",
            ["iop"],
        ),
        # the name's initials in capitals, written twice, before a company's form or two letters
        (
            "KVRA runs a residential program for men. KVRA is a nonprofit.",
            "kvrainc",
            ["residential"],
        ),
        (
            "KVRA runs a residential program for men. KVRA is a nonprofit.",
            "kvrawa",
            ["residential"],
        ),
        (
            "Kestrel Valley Recovery Association runs a residential program for men.",
            "kvrainc",
            ["residential"],
        ),
        # not the owner: another host, a host the words do not spell whole, the initials once,
        # or a public body
        ("Brightwater Family Services runs an outpatient clinic for adults.", "citygazette", None),
        (
            "Brightwater Family Services runs an outpatient clinic for adults.",
            "brightfamilynews",
            None,
        ),
        ("KVRA runs a residential program for men. It is a nonprofit.", "kvrainc", None),
        (
            "Ashgrove County Department runs an outpatient clinic for adults.",
            "ashcountydepartment",
            None,
        ),
    ],
)
def test_the_owners_name_clipped_in_its_host_is_the_owners(body, host, expected):
    """Round twelve (host12): a host may clip its owner's name, keep each word's first letters,
    leave out a generic word and add "my" or "inc" ("Metropolitan Family Services" on
    metrofamily.org, "SPARC" on sparcop.org): the owner's news there is its own voice. A
    newspaper's host, a host with other letters left over, initials written once or a public
    body's name speak for no one."""
    got = extract(
        page(f"<p>{body}</p>", title="News and notes"), f"https://{host}.example/news/", "text/html"
    )
    assert (got[0]["levels_of_care"] if got else None) == expected


@pytest.mark.parametrize(
    ("text", "url", "provider"),
    [
        ("Spring news\n\nFernbrook Behavioral Health marks its twentieth spring in the valley this"
         " May. We thank every neighbour who walked with us at the fair.\n",
         "https://fernbrookbehavioralhealth.example/news/spring", True),
        ("A new season\n\nAt Larchmere Healing Retreat the garden is planted again, and our"
         " kitchen has a new cook.\n", "https://larchmerehealing.example/new-season", True),
        ("Staff news\n\nQuillfield Medical Center welcomed a new chief of staff this fall. We"
         " thank the board for a careful search.\n",
         "https://quillfieldmedicalcenter.example/staff-news", True),
        # the name says no care: a foundation's or a firm's own news is no place of care's
        ("Grant news\n\nBirchway Foundation planted forty trees this year. We thank every"
         " donor.\n", "https://birchwayfoundation.example/news", False),
        # a news site writes of a place of care on a host of its own
        ("Local news\n\nFernbrook Behavioral Health marks its twentieth spring. We spoke to its"
         " director.\n", "https://valleytimes.example/news/fernbrook", False),
        # its "we" alone, the name never the subject: a writer's "we" is anyone's
        ("Spring thoughts\n\nWe thank every neighbour who came to the fair that Fernbrook"
         " Behavioral Health held in May.\n",
         "https://fernbrookbehavioralhealth.example/blog/spring", False),
    ],
)  # fmt: skip
def test_a_place_of_care_by_its_name_speaking_of_itself_is_a_provider(text, url, provider):
    """Round twelve: an owner's news, notice or about page that names no care in the
    vocabulary's words is still a provider's page about itself when its host spells the owner's
    name, the name says it is a place of care ("… Behavioral Health", "… Medical Center",
    "… Healing Retreat") and a sentence opens with that name; a foundation's news, a news
    site's story and a page where only "we" speaks are not."""
    records = extract(text, url, "text/plain")
    assert any(r["kind"] == "provider" for r in records) == provider
