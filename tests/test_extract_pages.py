"""Page kind (with its reason), locations and addresses: the steps before any fact is kept."""

import pytest

from crawler.extract.contact import addresses
from crawler.extract.page import page_facts
from crawler.extract.site import extract, site_kind

FOOTER = "<footer><p>Maple Clinic</p><p>12 Oak St, Springfield, IL 62701</p></footer>"


def page(body: str, title: str = "Maple Clinic") -> str:
    return (
        f"<html><head><title>{title}</title></head><body><main>{body}</main>{FOOTER}</body></html>"
    )


def kind(*pages: tuple[str, str]) -> tuple[str | None, str]:
    return site_kind([page_facts(html, url, "text/html") for url, html in pages])


def test_a_directory_that_says_so_is_no_provider_whatever_it_lists():
    listing = page(
        "<p>Browse listings. This directory is not affiliated with the facilities listed.</p>"
        "<p>Oak Grove Center</p><p>Residential Treatment, Intensive Outpatient (IOP)</p>",
        "Find Rehab Near Me",
    )
    found, why = kind(("https://dir.example/", listing))
    assert found is None and "not affiliated" in why
    assert extract(listing, "https://dir.example/", "text/html") == []


@pytest.mark.parametrize(
    "says",
    [
        "We keep the most complete list of rehab centers in the state.",
        "Our national directory lists detox and residential programs near you.",
    ],
)
def test_a_site_that_calls_itself_a_list_of_centres_is_no_provider(says):
    """A call centre or directory says what it is in words of its own: a list or a national
    directory of other places is no care it gives. A provider's own list of programmes is not."""
    listing = page(f"<p>{says}</p><p>Residential treatment and medical detox.</p>", "Rehab Finder")
    found, why = kind(("https://finder.example/", listing))
    assert found is None and why.endswith(says)
    own = page("<p>Here is our list of treatment programs: residential and detox.</p>")
    assert kind(("https://maple.example/", own))[0] == "provider"


@pytest.mark.parametrize(
    "line",
    [
        "We keep the most comprehensive list of treatment centers in Rhode Island.",
        "Scroll down to our listings of rehabs in Providence and Newport.",
    ],
)
def test_a_site_offering_its_list_of_treatment_centres_is_a_directory(line):
    """A site whose offer is a list of other places' care (round eight: a call line's "we offer
    the most comprehensive list of treatment centers") treats nobody itself."""
    listing = page(f"<p>{line}</p><p>Detox, residential and outpatient rehab for alcohol.</p>")
    assert extract(listing, "https://ri-rehabs.example/", "text/html") == []


def test_a_provider_with_a_comprehensive_list_of_services_stays_a_provider():
    html = page("<p>We offer a comprehensive list of services, including detox and IOP.</p>")
    assert kind(("https://maple.example/services", html))[0] == "provider"


def test_a_publication_with_the_organisations_footer_gives_no_record():
    post = page("<h1>What to know about detox</h1><p>Detox is the first step for many.</p>")
    home = page("<p>An independent publication about recovery. We do not provide care.</p>")
    assert kind(("https://j.example/blog/detox", post), ("https://j.example/", home))[0] is None


def test_a_placement_service_is_a_referral_service_not_a_provider():
    home = page("<p>We are a free placement service. We match you with programs, including "
                "medical detox and residential treatment.</p>")  # fmt: skip
    (record,) = extract(home, "https://match.example/", "text/html")
    assert record["kind"] == "referral_service"


@pytest.mark.parametrize(
    "sentence",
    [
        "Please note that we do not provide treatment for eating disorders.",
        "We are not able to serve people with gambling problems, but we can help you find a program.",
        "Or call us and we will match you with a therapist who is a good fit.",
    ],
)
def test_a_provider_naming_what_it_does_not_treat_stays_a_provider(sentence):
    html = page(f"<p>We offer an intensive outpatient program.</p><p>{sentence}</p>")
    assert kind(("https://maple.example/programs", html))[0] == "provider"


def test_a_program_page_that_explains_its_level_is_still_the_providers():
    questions = "".join(f"<h2>Question {i}?</h2><p>Answer {i}.</p>" for i in range(6))
    html = page(
        f"<h1>What is an IOP?</h1>{questions}"
        "<p>At Maple Clinic, we offer a full continuum of care.</p>"
        "<p>Our Intensive Outpatient Program is designed for working adults.</p>"
    )
    (record,) = extract(html, "https://maple.example/iop", "text/html")
    assert record["levels_of_care"] == ["iop"]


def test_a_general_article_with_a_phone_number_gives_no_record():
    questions = "".join(f"<h2>Question {i}?</h2><p>Answer {i}.</p>" for i in range(6))
    html = page(f"<h1>Intensive Outpatient Program (IOP)</h1>{questions}"
                "<p>An IOP typically meets nine hours a week. Call (855) 202-2183.</p>")  # fmt: skip
    assert extract(html, "https://maple.example/iop-guide", "text/html") == []


def test_a_fee_schedule_is_the_providers_and_a_cost_estimate_is_nobodys():
    """Prices for a unit of care are this place's own; "can cost anywhere from" is general."""
    fees = "Fees\n\n- Clients earning under $30,000 a year pay $25 per session.\n- Others pay $90 per session.\n"
    (record,) = text_page("https://fir.example/fees", fees)
    assert record["payment"] == ["self_pay"]
    estimate = "What rehab costs\n\nOutpatient rehab can cost anywhere from $100 per session.\n"
    assert text_page("https://fir.example/costs", estimate) == []


def test_content_inside_a_page_wide_form_is_read():
    html = page("<form id='aspnetForm'><div><h2>Our Programs</h2><ul><li>Partial Hospitalization"
                "</li></ul><select><option>Aetna</option></select></div></form>")  # fmt: skip
    (record,) = extract(html, "https://maple.example/", "text/html")
    assert record["levels_of_care"] == ["php"] and record["insurers"] == []


def test_location_cards_without_headings_get_their_own_levels_and_names():
    html = page(
        "<h1>Our Locations</h1>"
        "<div><p>Maple Clinic – Joplin</p><p>1809 South Connor Ave. · Joplin, MO 64804</p>"
        "<p>Programs at this location: Residential Care and Day Treatment (PHP)</p></div>"
        "<div><p>Maple Clinic – Lafayette House</p><p>118 West Spring St. · Neosho, MO 64850</p>"
        "<p>Services offered here: Outpatient Counseling</p></div>",
        "Locations | Maple Clinic",
    )
    records = extract(html, "https://maple.example/locations", "text/html")
    by_zip = {r["address"]["postal_code"]: (r["name"], set(r["levels_of_care"])) for r in records}
    assert by_zip["64804"] == ("Maple Clinic – Joplin", {"residential", "php"})
    assert by_zip["64850"] == ("Maple Clinic – Lafayette House", {"outpatient"})


def test_the_owner_treating_a_condition_by_its_name_is_a_provider():
    """A provider's news post whose one line of care names the owner, not "we" ("Cedar Haven
    treats …"): the name spells the site's host, so the line is its offer. The same post on a
    newspaper's site speaks of someone else."""
    html = (
        "<html><head><title>A walk for Recovery Month</title></head><body><main>"
        "<h1>A walk for Recovery Month</h1><p>Staff walked five miles on Saturday.</p>"
        "<p>Cedar Haven treats adults recovering from opioid use disorder at six clinics.</p>"
        "</main></body></html>"
    )
    (record,) = extract(html, "https://cedarhaven.example/news/walk/", "text/html")
    assert "opioids" in record["conditions"]
    assert extract(html, "https://valleygazette.example/news/walk/", "text/html") == []
    # where the name only qualifies another subject, that subject speaks, not the owner
    meetings = html.replace("Cedar Haven treats", "Cedar Haven meetings offer help to")
    assert extract(meetings, "https://cedarhaven.example/news/walk/", "text/html") == []


def test_places_listed_in_the_footer_share_what_the_page_body_offers():
    """The body's sentence above a footer of addresses is the organisation's, not the first
    place's: no place takes it as its name or keeps it for itself."""
    html = (
        "<html><head><title>Maple Clinic</title></head><body>"
        "<main><p>We offer intensive outpatient treatment for adults.</p></main>"
        "<footer><p>12 Oak St, Tulsa, Ok 74105</p><p>40 Elm Ave., Norman, Okla. 73069</p></footer>"
        "</body></html>"
    )
    records = extract(html, "https://maple.example/", "text/html")
    assert {(r["name"], tuple(r["levels_of_care"])) for r in records} == {
        ("Maple Clinic – Tulsa", ("iop",)), ("Maple Clinic – Norman", ("iop",))}  # fmt: skip


def test_a_sentence_above_a_card_is_not_its_name():
    html = page(
        "<h2>Where we are</h2><p>Both offices offer outpatient counseling.</p>"
        "<p>12 Oak St, Springfield, IL 62701</p><p>Maple North</p><p>400 Elm Ave, Peoria, IL 61602</p>"
    )
    names = {r["name"] for r in extract(html, "https://maple.example/contact", "text/html")}
    assert names == {"Maple Clinic – Springfield", "Maple Clinic – Maple North"}


def test_a_location_under_a_generic_heading_is_named_by_its_city():
    html = page("<h2>Contact Us</h2><p>12 Oak St</p><p>Springfield, IL 62701</p>"
                "<h2>Get in Touch</h2><p>400 Elm Ave, Peoria, IL 61602</p>"
                "<p>We offer outpatient counseling.</p>")  # fmt: skip
    names = {r["name"] for r in extract(html, "https://maple.example/contact", "text/html")}
    assert names == {"Maple Clinic – Springfield", "Maple Clinic – Peoria"}


@pytest.mark.parametrize(
    ("text", "street", "city", "zip_code"),
    [
        ("470 Castro Street · San Francisco, CA 94114", "470 Castro Street", "San Francisco", "94114"),
        ("70 Meadowview Center, Ste. 100\nKankakee, Illinois 60901", "70 Meadowview Center, Ste. 100",
         "Kankakee", "60901"),
        ("101 Harris Dr. Kilmarnock , VA 22482", "101 Harris Dr.", "Kilmarnock", "22482"),
        ("550 South 6777 East, Fort Duchesne, UT 84026", "550 South 6777 East", "Fort Duchesne", "84026"),
        ("N27W23960 Paul Road, Suite 202, Pewaukee, WI 53072", "N27W23960 Paul Road, Suite 202",
         "Pewaukee", "53072"),
        ("166 South Park Ave. · Fond du Lac, WI 54935", "166 South Park Ave.", "Fond du Lac", "54935"),
        ("Silver Spring MD 20910", "", "Silver Spring", "20910"),
        ("Call (260) 481-2700 today.\n2605 East State Boulevard · Fort Wayne, IN 46805",
         "2605 East State Boulevard", "Fort Wayne", "46805"),
        ("Birchwood House\nCALM SOBER LIVING\nPortland, ME 04101", "", "Portland", "04101"),
        ("Teen Day Programs &\nOutpatient Services\nDover, DE 19901", "", "Dover", "19901"),
        ("Carretera Rio Km 4.1 Bo Sabana\nGuaynabo, PR 00969", "Carretera Rio Km 4.1 Bo Sabana",
         "Guaynabo", "00969"),
    ],
)  # fmt: skip
def test_addresses_from_their_city_state_and_zip(text, street, city, zip_code):
    (found,) = addresses(text)
    assert (found.street, found.city, found.postal_code) == (street, city, zip_code)


def test_a_huge_page_is_read_up_to_the_cap_and_says_so():
    body = "".join(f"<p>Paragraph {i}: we offer outpatient counseling.</p>" for i in range(20000))
    html = page("<p>We offer an intensive outpatient program.</p>" + body)
    facts = page_facts(html, "https://maple.example/", "text/html")
    assert facts.notes == [
        f"only the first 500,000 characters read (the page has {len(html):,})",
        "only the first 600 blocks of text read",
    ]
    assert {c.slug for _, c in facts.claims} >= {"iop", "outpatient"}


def test_pathological_json_ld_costs_its_own_facts_only():
    nested = '<script type="application/ld+json">' + "[" * 50_000 + "]" * 50_000 + "</script>"
    facts = page_facts(page(nested + "<p>We offer an intensive outpatient program.</p>"),
                       "https://maple.example/", "text/html")  # fmt: skip
    assert facts.structured == [] and [c.slug for _, c in facts.claims] == ["iop"]
    assert facts.notes == ["JSON-LD skipped (nested too deeply to read)"]


def test_an_faq_heavy_page_keeps_its_lists_of_accepted_plans():
    questions = "".join(f"<h2>Question {i}?</h2><p>Answer {i}.</p>" for i in range(6))
    html = page(f"{questions}<h2>Accepted Insurance</h2><ul><li>Aetna</li><li>Cigna</li></ul>"
                "<p>We offer outpatient counseling.</p>")  # fmt: skip
    (record,) = extract(html, "https://maple.example/faq", "text/html")
    assert record["insurers"] == ["aetna", "cigna"]


def test_a_sites_records_do_not_depend_on_the_order_its_pages_arrived_in():
    """Pages arrive in whatever order the servers answer; two crawls of one site, or a crawl and
    its resumption, must give the same records (here the pages disagree on phone and hours)."""
    from itertools import permutations

    from crawler.extract.site import site_records

    pages = [
        ("https://maple.example/", page("<p>We offer outpatient care. Call (217) 555-0100.</p>")),
        ("https://maple.example/contact", page("<p>Call (217) 555-0199. Open Mon-Fri 8am-5pm.</p>")),
        ("https://maple.example/programs/iop",
         page("<p>Our intensive outpatient program meets Mon-Thu 6pm-9pm. Call (217) 555-0142.</p>")),
        ("https://maple.example/about", page("<p>Hours: Monday-Friday 9am-4pm. We take Aetna.</p>")),
    ]  # fmt: skip
    facts = [page_facts(html, url, "text/html") for url, html in pages]

    def records(order) -> list[dict]:  # the crawl's clock may tick between two orders
        return [{k: v for k, v in r.items() if k != "crawled_at"} for r in site_records(order)]

    first = records(facts)
    assert first and first[0]["phones"]
    for order in permutations(facts):
        assert records(list(order)) == first


def text_page(url: str, text: str) -> list[dict]:
    return extract(text, url, "text/plain")


COVERAGE_ARTICLE = """Does Cedar Mutual Cover Rehab?

In this article, we'll explore how Aetna plans cover addiction care and what to expect.

Contact Us

detox that accepts aetna

Finding detox that accepts Aetna can lower what you pay. Aetna may require prior
authorization before residential treatment.

In-network versus out-of-network

- In-network providers usually cost less.
- Aetna members can often use detox, residential treatment and outpatient programs.
"""


def test_an_insurers_coverage_article_names_no_offer_whoever_writes_it():
    """The writer's "we'll explore", a "Contact us" button and a heading weighing in-network
    against out-of-network are no voice of a facility: the article gives no record."""
    assert text_page("https://pine.example/blog/aetna-coverage", COVERAGE_ARTICLE) == []
    assert text_page("https://pine.example/aetna-coverage", COVERAGE_ARTICLE) == []


def test_the_same_article_keeps_what_the_facility_says_of_itself():
    text = COVERAGE_ARTICLE + "\nAt Pine House, we are in network with Aetna and we offer detox.\n"
    (record,) = text_page("https://pine.example/blog/aetna-coverage", text)
    assert record["insurers"] == ["aetna"] and record["levels_of_care"] == ["detox"]


WRITERS_WE = """Paying for Rehab in Vermont

If you are weighing treatment, cost is often the first worry. We also cover what a deductible
means and how appeals work.

Plans sold on the exchange must cover addiction care. This includes outpatient counseling,
intensive outpatient programs and residential stays when needed.

We're talking about a benefit that many families never use. Browse our listings of clinics
near you.
"""


def test_a_page_whose_only_we_is_the_writers_gives_no_record():
    """The writer's, editor's or listing's "we" ("we also cover what…", "our listings") is no
    facility speaking: a guide whose only "we" is that names no care of its own (RECORD §1)."""
    assert text_page("https://maple-guide.example/vermont-rehab-costs", WRITERS_WE) == []


def test_the_writers_we_leaves_the_facilitys_own_line_standing():
    text = WRITERS_WE + "\nAt Maple Hall, we offer intensive outpatient care in Burlington.\n"
    (record,) = text_page("https://maplehall.example/vermont-rehab-costs", text)
    assert "iop" in record["levels_of_care"]


def test_an_faq_answer_saying_what_the_facility_treats_gives_its_record():
    """Conditions the facility says it treats are an offer, even under "What is …?"."""
    questions = "".join(f"\nQuestion {i}?\nAnswer {i}.\n" for i in range(5))
    text = (
        f"Questions and answers\n{questions}\nWhat is a substance use disorder?\n\n"
        "A substance use disorder is a medical condition.\n\n"
        "At Birch Health, we treat alcohol, opioid and stimulant addiction.\n"
    )
    (record,) = text_page("https://birch.example/faq", text)
    assert {"alcohol", "opioids", "stimulants"} <= set(record["conditions"])


def test_a_condition_named_in_passing_by_the_writer_is_no_offer():
    questions = "".join(f"\nQuestion {i}?\nAnswer {i}.\n" for i in range(6))
    text = f"What is an IOP?\n{questions}\nAs addiction specialists, we can help you choose.\n"
    assert text_page("https://birch.example/iop-guide", text) == []


def test_a_practice_speaking_of_itself_in_the_third_person_speaks_for_itself():
    questions = "".join(f"\nQuestion {i}?\nAnswer {i}.\n" for i in range(6))
    text = f"Rates and insurance\n{questions}\nThe practice is in network with Aetna and Cigna.\n"
    (record,) = text_page("https://drbirch.example/rates", text)
    assert record["insurers"] == ["aetna", "cigna"]


@pytest.mark.parametrize(
    "line",
    [
        "Call 800-555-0199 to talk to a counselor now. Who Answers?",  # a call-routing disclosure
        "At Aspen Guide, we have spent years connecting families with rehabs that take insurance.",
        "Call us at 800-555-0199 for assistance finding low-cost Tucson rehabs.",
        "Our mission is to provide quality care and placement for those seeking recovery.",
    ],
)
def test_a_site_that_routes_callers_to_others_is_a_referral_service(line):
    text = (
        f"Insurance accepted\n\n{line}\n\nMost rehab centers accept Medicaid and private plans.\n"
    )
    (record,) = text_page("https://aspen-guide.example/insurance", text)
    assert record["kind"] == "referral_service"


HELPLINE_PAGE = """Lakeview | Find Help

{line}

Our staff answer calls about alcohol and drug problems in English and Spanish. Callers reach
people who know the detox, residential and outpatient programs of the state.
"""


@pytest.mark.parametrize(
    "line",
    [
        "We are a free, round-the-clock treatment referral and information service.",
        "No, we do not provide counseling.",
        "We don't diagnose, treat, or promise outcomes.",
    ],
)
def test_a_helpline_that_says_it_refers_and_does_not_treat_is_no_provider(line):
    """A helpline's own word decides: named by itself a referral service, or saying it gives
    no counselling or diagnosis, its "we" offers referral, never care."""
    records = text_page("https://lakeview-help.example/about", HELPLINE_PAGE.format(line=line))
    assert all(r["kind"] != "provider" for r in records)


@pytest.mark.parametrize(
    "line",
    [
        "The Lakeview Helpline is a free referral and information service for anyone in need.",
        "We do not treat patients under 18.",
        "We don't treat or diagnose over the phone.",
    ],
)
def test_a_provider_naming_a_helpline_or_an_exclusion_stays_a_provider(line):
    """Another body's referral service, or care the facility does not give to some, says
    nothing of what the facility is."""
    text = f"Birch Health | Programs\n\nAt Birch Health, we offer IOP.\n\n{line}\n"
    (record,) = text_page("https://birch.example/iop", text)
    assert record["kind"] == "provider" and record["levels_of_care"] == ["iop"]


def test_a_headline_is_not_the_organisation_speaking_of_itself():
    """ "How to compare rehab programs" is a post's headline, not the organisation saying it
    compares rehabs for a living (a title opens with the words its name is read from)."""
    text = "How to compare rehab programs | Birch Health\n\nAt Birch Health, we offer IOP.\n"
    (record,) = text_page("https://birch.example/blog/compare", text)
    assert record["kind"] == "provider"


def test_a_report_quoting_a_sites_own_words_speaks_for_nobody():
    """Words in quotation marks are the quoted site's, even where a sentence break cuts the
    quotation in two: a watchdog's report on a referral site's claims is no provider's page."""
    text = (
        "Ruling on Pinecrest Rehab Finder | Consumer Watch\n\n"
        "The advert stated: “Free, expert help. At our rehabilitation centre, we offer medical "
        "detox and residential care.” and “We accept most major insurers.”\n\n"
        "The complaint was upheld.\n"
    )
    assert text_page("https://consumer-watch.example/rulings/pinecrest", text) == []
    own = text.replace("The complaint was upheld.", "At Pinecrest House we offer detox.")
    (record,) = text_page("https://pinecrest.example/about", own)
    assert record["levels_of_care"] == ["detox"]


def test_a_news_report_quoting_staff_in_straight_quotes_speaks_for_nobody():
    """A station's report on a hospital's new programme: the "we" of the people it quotes is
    theirs, in straight quotes as in curly ones, even where a sentence break cuts the quote."""
    text = (
        "Harbor Valley opens evening program\n\n"
        "RIVERTON (News 7) - The launch of the evening intensive outpatient program adds care.\n\n"
        '"Besides the ward, we also have a partial hospitalization program. The gap was '
        "between that and one visit a week,\" said Dana Ruiz, the unit's director.\n"
    )
    assert text_page("https://news7.example/local/harbor-valley-evening-program", text) == []
    own = text.replace('"Besides', "Besides").replace(
        " a week,\" said Dana Ruiz, the unit's director.", "."
    )
    (record,) = text_page("https://harborvalley.example/behavioral-health", own)
    assert "php" in record["levels_of_care"]


PEERS = {
    # an AA or NA group speaks in its own voice of its meetings and its Twelve Steps
    "fellowship": (
        "Meetings\n\n"
        "The Millbrook group of Narcotics Anonymous meets every Tuesday and Friday at 7 pm in "
        "the parish hall on Elm Street.\n\n"
        "Our meetings are open to anyone who wants to stop using. We share our experience and "
        "work the Twelve Steps together with newcomers, men and women alike.\n"
    ),
    # a recovery café run by peers with lived experience: a group's name ("PTSD Support
    # Group") is no condition treated (round seven, peer7)
    "peer centre": (
        "Harbor Light Recovery Cafe\n\n"
        "Our drop-in community center is run by people with lived experience of addiction. Our "
        "mission is to provide a welcoming place that strengthens recovery from addiction and "
        "trauma.\n\nWeekly schedule\n  • 10:00am - Recovery Circle\n"
        "  • 1:00pm - PTSD Support Group\n"
    ),
}


@pytest.mark.parametrize("kind", PEERS)
def test_peers_meeting_or_dropping_in_are_no_provider(kind):
    """A mutual-help group's meetings, or a peer recovery centre's circles and drop-in hours:
    peers supporting one another give no care. The same page naming its own care beside them
    (an IOP) is that care's provider."""
    url = "https://millbrook-recovery.example/meetings"
    assert text_page(url, PEERS[kind]) == []
    own = PEERS[kind] + "\nWe also offer an intensive outpatient program three evenings a week.\n"
    (record,) = text_page(url, own)
    assert record["levels_of_care"] == ["iop"]


def test_a_live_in_programme_that_is_not_a_medical_facility_is_still_a_provider():
    """A faith-based programme says it is no medical facility to say its care is not medical;
    it still houses and charges the men it takes in. A directory saying it is no treatment
    provider stays no provider."""
    faq = (
        "Frequently Asked Questions\n\nThe program lasts twelve months. We are not {} and do "
        "not bill insurance. There is an entrance fee of $1,000 at the time of entry.\n"
    )
    said = ("a medical facility", "a treatment provider")
    got = {s: text_page("https://cedarridge-ministry.example/faq", faq.format(s)) for s in said}
    assert [r["payment"] for r in got["a medical facility"]] == [["self_pay"]]
    assert got["a treatment provider"] == []


OTHER_ROLES = {
    "prevention coalition": (
        "Youth Prevention\n\nWe partner with schools and parents in alcohol and drug prevention. "
        "Local clinics run detox beds and outpatient counseling for adults with alcohol problems.\n"
    ),
    "health plan": (
        "Your Benefits\n\nYou can find your covered benefits in our member handbook. Doctors in "
        "our network will see you outpatient for depression within a week of your call.\n"
    ),
    "training centre": (
        "Peer Workforce\n\nOur centre offers training and technical assistance to peer-run "
        "programs. Recovery community centers hold groups and refer people to detox.\n"
    ),
}


@pytest.mark.parametrize("role", sorted(OTHER_ROLES))
def test_a_voice_that_funds_trains_or_insures_but_gives_no_care_is_no_provider(role):
    """Its own voice prevents, trains, pays for or covers care, and the care it names is other
    people's, in the third person (a coalition, a Medicaid plan, a training centre): no
    record. The same page whose voice also gives care is that care's provider."""
    text = OTHER_ROLES[role]
    url = "https://riverbend-fund.example/help"
    assert text_page(url, text) == []
    (record,) = text_page(url, text + "\nWe also run an evening intensive outpatient program.\n")
    assert "iop" in record["levels_of_care"]


def test_a_study_recruiting_participants_is_no_provider():
    """A study's page names a clinic, a ward and medication, but they are its procedures: the
    people it looks for enrol in research, they do not come for care. A clinic that mentions
    once that it takes part in a trial is still the clinic."""
    text = (
        "Sleep and Craving Study\n\n"
        "This research study is inviting adults who drink heavily to spend two weeks in our "
        "inpatient unit at 40 Shore Rd, Portland, ME 04101, with medically supervised detox.\n\n"
        "Inclusion criteria: aged 21 to 60, drinking daily. Compensation is provided.\n"
    )
    assert text_page("https://lakeside-research.example/sleep-study", text) == []
    clinic = (
        "Lakeside Recovery\n\nWe offer an intensive outpatient program for alcohol use at 40 "
        "Shore Rd, Portland, ME 04101. Some of our patients take part in a clinical trial of a "
        "new medication.\n"
    )
    (record,) = text_page("https://lakeside-recovery.example/iop", clinic)
    assert record["levels_of_care"] == ["iop"]


CITY_GUIDE = (
    "Drug Rehab in Toledo, Ohio\n\n"
    "In 2021, 12% of adults in the county reported binge drinking and 4% reported misusing "
    "prescription painkillers.\n\n"
    "We know how hard it is to choose a program for a loved one with a drug addiction. {lead} "
    "Maumee Springs runs a residential program and an IOP for alcohol and opioid addiction.\n"
)


@pytest.mark.parametrize(
    "lead",
    [
        "We also listed some of the best drug rehabs in Toledo below.",
        "Here are a few treatment options in the Toledo area.",
        "Find the best drug rehab and alcohol detox in Toledo, OH.",
        "Select a city to find local treatment facilities in Ohio.",
    ],
)
def test_a_guide_that_lists_other_places_rehabs_is_no_provider(lead):
    """A city guide that lists or finds other places' rehabs: its statistics, its "we" that
    names addiction and the listed centre's programmes are nobody's offer on the guide's own
    site. A page with the same line that offers care in its own voice stays a provider."""
    guide = CITY_GUIDE.format(lead=lead)
    assert text_page("https://rehabguide-ohio.example/ohio/toledo/", guide) == []
    own = (
        "Drug Rehab in Toledo, Ohio\n\n"
        f"{lead} We offer a residential program and an IOP for alcohol addiction.\n"
    )
    (record,) = text_page("https://maumeesprings.example/toledo/", own)
    assert {"iop", "residential"} <= set(record["levels_of_care"])


OTHER_TRADES = {
    "drug-testing company": (
        "Court and Workplace Testing\n\n"
        "We run urine and hair tests for employers, probation offices and families at 9 Mill "
        "St, Dayton, OH 45402. Every sample is sealed under chain of custody and a medical "
        "review officer reviews each positive result.\n\n"
        "Our 10-panel test screens for methadone, buprenorphine, cocaine and opiates. Self-pay "
        "donors pay at check-in.\n"
    ),
    "detox spa": (
        "Spring Cleanse Weekend\n\n"
        "Our guests begin with a juice fast on Friday and a colonic on Saturday morning at the "
        "Willow Day Spa, 9 Mill St, Dayton, OH 45402. We end each day with yoga and meditation, "
        "and ask guests to avoid alcohol and coffee for the whole detox weekend.\n"
    ),
}


@pytest.mark.parametrize("trade", sorted(OTHER_TRADES))
def test_a_trade_that_tests_specimens_or_cleanses_bodies_is_no_provider(trade):
    """A drug-testing business names drugs, methadone and self-pay donors; a spa calls its juice
    fast a detox: its own voice speaks of its trade at its own address, and names no care. The
    same page whose voice also gives care is that care's provider (a clinic collecting urine
    under chain of custody, a rehab offering yoga)."""
    text = OTHER_TRADES[trade]
    url = "https://millstreet.example/services"
    assert text_page(url, text) == []
    clinic = text + "\nWe also run an outpatient opioid treatment program with daily dosing.\n"
    (record,) = text_page(url, clinic)
    assert "outpatient" in record["levels_of_care"]


def test_one_mark_of_testing_or_of_a_cleanse_leaves_a_provider_its_record():
    """A rehab's page that mentions its own urine specimens, or a fasting guest, once is the
    rehab's page: one mark of another trade in passing decides nothing."""
    text = (
        "Lakeview House\n\nLakeview House is a 20-bed residential program at 9 Mill St, Dayton, "
        "OH 45402. Specimens are collected weekly.\n"
    )
    (record,) = text_page("https://lakeview.example/residential", text)
    assert record["levels_of_care"] == ["residential"]


OVERSEERS = {
    "county board agreement": (
        "Item 14: Agreement for Recovery Services\n\n"
        "Approve and execute an agreement with Harbor Light Services, Inc. for the term July 1 "
        "through June 30, in an amount not to exceed $1,200,000.\n\n"
        "Harbor Light Services has run residential and outpatient programs for county adults "
        "since 2004, at 12 Dock St, Salem, OR 97301. It shall continue to provide detox beds "
        "under this agreement.\n"
    ),
    "regulator's order": (
        "Notice of Conditional License\n\n"
        "The Office is placing your license to provide residential treatment at Harbor Light, "
        "12 Dock St, Salem, OR 97301, on conditional status. During a licensing review our "
        "licensors found that the license holder failed to keep client records.\n"
    ),
    "foundation's award": (
        "Grants This Year\n\n"
        "The Harbor Foundation has awarded Salem General an operating grant for its intensive "
        "outpatient program for eating disorders. Our start-up donation helped open its "
        "residential house on Dock St.\n"
    ),
}


@pytest.mark.parametrize("who", sorted(OVERSEERS))
def test_a_page_that_pays_for_contracts_or_licenses_anothers_care_is_no_provider(who):
    """A county board's agreement, a regulator's order to a licence holder and a foundation's
    award all describe another organisation's care in the third person, at its address: the
    care is the contractor's, licensee's or grantee's, not the page's. The same page whose own
    voice also gives care is that care's provider."""
    text = OVERSEERS[who]
    url = "https://salem-county.example/board/item-14"
    assert text_page(url, text) == []
    (record,) = text_page(url, text + "\nWe also run a walk-in outpatient clinic for adults.\n")
    assert "outpatient" in record["levels_of_care"]


JOB_POSTING = """Recovery Counselor

Job Summary

We are seeking a counselor to lead relapse-prevention groups in our intensive outpatient
program.

Key Responsibilities

Facilitate IOP and detox education groups.

Minimum Qualifications

Two years of experience with substance use disorders.
"""


def test_a_job_posting_is_no_provider_unless_its_employer_says_what_it_offers():
    """A job posting's duties ("facilitate IOP groups") and the role it seeks are the job's,
    not care the employer says it gives: no record. The employer's own line about its care
    on the same page still counts."""
    url = "https://harborlight.example/careers/recovery-counselor"
    assert text_page(url, JOB_POSTING) == []
    own = JOB_POSTING + "\nWe offer residential treatment for men at our Salem campus.\n"
    (record,) = text_page(url, own)
    assert "residential" in record["levels_of_care"]


RESEARCHERS = {
    "a research centre's topics": (
        "Research\n\nThe Center's research focuses on drinking and drug use in rural towns. The "
        "Center can run surveys across the state. Research areas include:\n\n"
        "  • Methadone maintenance and other medication treatments\n"
        "  • Alcohol use among older farmers\n  • Co-occurring psychiatric disorders\n"
    ),
    "a report's front matter": (
        "Paying for Opioid Treatment\n\nThis report was prepared for the state health "
        "department by an outside contractor. Suggested citation: Paying for Opioid Treatment, "
        "State Health Department, 2019. Office of Policy, 100 Capitol Ave, Hartford, CT "
        "06106.\n\nMedicaid coverage of methadone and outpatient counseling varies by state.\n"
    ),
}


@pytest.mark.parametrize("who", sorted(RESEARCHERS))
def test_a_research_body_studying_care_is_no_provider(who):
    """Round eleven: a university centre's research areas and a report's front matter
    (prepared for an agency, a citation, the publisher's office address) name care as what
    they study or report on, not care they give. The same page whose own voice also gives
    care is that care's provider."""
    text = RESEARCHERS[who]
    url = "https://policy-institute.example/research/programs"
    assert text_page(url, text) == []
    (record,) = text_page(url, text + "\nWe also run a walk-in outpatient clinic for adults.\n")
    assert "outpatient" in record["levels_of_care"]


def test_one_mark_of_oversight_or_hiring_leaves_a_provider_its_record():
    """A rehab's page asking once for a gift, or inviting people once to join its team, is
    still the rehab's page: one mark of another trade decides nothing."""
    text = (
        "Residential Program\n\nResidential treatment for men is offered at 12 Dock St, Salem, "
        "OR 97301. Your gift keeps a bed open; join our team of counselors.\n"
    )
    (record,) = text_page("https://harborlight.example/residential", text)
    assert record["levels_of_care"] == ["residential"]


@pytest.mark.parametrize(
    "title",
    ["Night Shift Technician", "Member Benefits Handbook"],
)
def test_a_title_naming_a_job_or_a_document_is_not_the_organisation(title):
    """A plain page's title gives the voice of the organisation it names; a job's or a
    booklet's title names neither, so "The … Technician supports clients in residential
    treatment" is the job's description, not the organisation offering residential care."""
    text = f"{title}\n\nThe {title} supports clients in residential treatment and detox.\n"
    assert text_page("https://lakeview.example/careers/night-technician", text) == []
    own = text.replace(title, "Lakeview Harbor")
    (record,) = text_page("https://lakeview.example/about", own)
    assert record["levels_of_care"] == ["residential", "detox"]


@pytest.mark.parametrize(
    ("title", "opening"),
    [
        ("San Diego Recovery Choices", "San Diego has dozens of"),  # a large city's guide
        ("Getting sober safely", "Getting sober is easier at"),  # a topic, in sentence case
    ],
)
def test_a_title_naming_a_city_or_a_topic_is_not_the_organisation(title, opening):
    """A page titled for the place or the topic it is about gives no voice to sentences that
    open with that place or topic: they describe the city's clinics or the field, not the site's
    own care. A name that starts with a city ("San Diego Harbor Clinic") still speaks for itself."""
    text = f"{title}\n\n{opening} clinics offering residential treatment and detox.\n"
    assert text_page("https://cityguide.example/san-diego", text) == []
    own = "San Diego Harbor Clinic\n\nSan Diego Harbor Clinic offers residential treatment and detox.\n"
    (record,) = text_page("https://harborclinic.example/about", own)
    assert record["levels_of_care"] == ["residential", "detox"]


@pytest.mark.parametrize(
    ("title", "subject", "levels"),
    [
        ("Mental Health", "Mental health clinics", []),
        ("Mental Health Clinics of Ashford", "Mental Health Clinics of Ashford", [["php"]]),
    ],
)
def test_a_title_before_a_lower_case_plural_names_a_kind_of_place(title, subject, levels):
    """Under the title "Mental Health", "Mental health clinics offer …" speaks of clinics in
    general (a patient guide, a payer's page), not of an organisation called Mental Health;
    the capitalised "Mental Health Clinics of Ashford offer …" is still a name speaking."""
    text = (
        f"{title}\n\n{subject} offer counseling and day treatment for depression and "
        "anxiety.\n\nCall your health plan before you choose one.\n"
    )
    records = text_page("https://ashford.example/mental-health", text)
    assert [r["levels_of_care"] for r in records] == levels


def test_a_doctor_writing_of_my_clinic_speaks_for_the_clinic():
    questions = "".join(f"\nQuestion {i}?\nAnswer {i}.\n" for i in range(6))
    text = f"Opioid use disorder\n{questions}\nPatients in my clinic start buprenorphine in the office.\n"
    (record,) = text_page("https://drfir.example/protocol", text)
    assert record["levels_of_care"] == ["outpatient"]  # office-based buprenorphine is outpatient


def test_units_in_table_rows_and_list_items_keep_their_own_names_and_phones():
    """Units named "North" or "East Office" are the site's own, not a listing of others; each
    row or item is one unit, with its own phone, and what follows the list is the page's."""
    html = page(
        "<h1>Contact</h1><table><tr><th>Office</th><th>Address</th><th>Phone</th></tr>"
        "<tr><td>North</td><td>12 Pine St, Denver, CO 80205</td><td>(303) 555-0111</td></tr>"
        "<tr><td>South</td><td>98 Elm Ave, Littleton, CO 80120</td><td>(303) 555-0122</td></tr>"
        "</table><ul><li>East Office – 5 Oak Rd, Aurora, CO 80010 – 303-555-0133</li>"
        "<li>West Office – 7 Ash Ct, Golden, CO 80401 – 303-555-0144</li></ul>"
        "<p>We offer outpatient counseling.</p>",
        "Cedar Health",
    ).replace(FOOTER, "<footer>Cedar Health (303) 555-0100</footer>")
    records = extract(html, "https://cedar.example/contact", "text/html")
    got = {r["address"]["postal_code"]: (r["name"], [p["e164"] for p in r["phones"]])
           for r in records}  # fmt: skip
    assert got == {
        "80205": ("Cedar Health – North", ["+13035550111"]),
        "80120": ("Cedar Health – South", ["+13035550122"]),
        "80010": ("Cedar Health – East Office", ["+13035550133"]),
        "80401": ("Cedar Health – West Office", ["+13035550144"]),
    }
    assert all(r["levels_of_care"] == ["outpatient"] for r in records)


def test_a_units_own_number_is_not_given_to_the_units_that_have_none():
    """Units with no number of their own get the site's line, never a sibling's intake line."""
    html = page(
        "<h1>Our locations</h1><p>Admissions: (800) 555-0100</p><p>We offer IOP.</p>"
        "<h3>Adult IOP</h3><p>12 Pine St</p><p>Denver, CO 80205</p>"
        "<h3>Teen IOP</h3><p>98 Elm Ave</p><p>Littleton, CO 80120</p>"
        "<h3>Evening IOP</h3><p>Intake: 303-555-0133</p><p>5 Oak Rd</p><p>Aurora, CO 80010</p>",
        "Cedar Health",
    ).replace(FOOTER, "")
    records = extract(html, "https://cedar.example/locations", "text/html")
    got = {r["address"]["postal_code"]: [p["e164"] for p in r["phones"]] for r in records}
    assert got == {
        "80205": ["+18005550100"],
        "80120": ["+18005550100"],
        "80010": ["+13035550133"],
    }


def test_one_place_written_two_ways_is_one_location():
    """A street spelt "Rd" in one part and "Road" in another, or written once without its suite,
    is one place: one record, from the part that gives its number, with the fullest address;
    two suites at one street stay two units."""
    body = """<p>Top bar: 450 Birch Rd, Macon, GA 31201</p>
    <h2>Food pantry</h2><h3>Macon Campus</h3><p>450 Birch Rd, Macon, GA 31201</p>
    <h2>See a counselor</h2><h3>Macon Campus</h3><p>450 Birch Road, Suite 3</p>
    <p>Macon, GA 31201</p><p>478-555-0160</p><p>We offer outpatient counseling.</p>
    <h3>Warner Robins Campus</h3><p>90 Pine Ave, Suite 1, Warner Robins, GA 31088</p>
    <p>478-555-0170</p><h3>Warner Robins Annex</h3>
    <p>90 Pine Avenue, Suite 2, Warner Robins, GA 31088</p><p>478-555-0180</p>"""
    html = page(body, "Elm College Counseling").replace(FOOTER, "")
    records = extract(html, "https://elm.example/wellness", "text/html")
    got = sorted((r["address"]["street"], [p["e164"] for p in r["phones"]]) for r in records)
    assert got == [
        ("450 Birch Road, Suite 3", ["+14785550160"]),
        ("90 Pine Ave, Suite 1", ["+14785550170"]),
        ("90 Pine Avenue, Suite 2", ["+14785550180"]),
    ]


def test_an_address_element_in_the_nav_bar_is_the_sites_address_not_a_menu_item():
    """A header bar inside the <nav> that holds the site's <address>: the address places the
    record, and the menu around it is still read as the site's menu of its programmes."""
    html = (
        "<html><head><title>Birch House</title></head><body><nav class='navbar'>"
        "<address>40 Birch Ln, Flint, MI 48503</address><ul><li><a href='/iop'>IOP</a></li>"
        "<li><a href='/contact'>Contact Us</a></li></ul></nav>"
        "<main><h1>Residential</h1><p>We offer residential treatment for adults.</p></main>"
        "</body></html>"
    )
    (record,) = extract(html, "https://birch.example/residential", "text/html")
    assert record["address"]["postal_code"] == "48503"
    assert record["address"]["street"] == "40 Birch Ln"
    assert record["levels_of_care"] == ["iop", "residential"]


def test_a_number_spelt_in_letters_and_an_extension_are_read():
    """ "1-800-HOPE-NOW" is dialled as digits; "ext. 12" stays the extension, apart from the
    number; words beside a toll-free code ("our 800 new beds") are no number."""
    html = page(
        "<p>We offer IOP. Our 800 NEW BEDS open in May.</p><p>Admissions: 1-800-HOPE-NOW</p>"
        "<p>Office: 217-555-0142 ext. 12</p>"
    )
    (record,) = extract(html, "https://maple.example/", "text/html")
    assert sorted((p["e164"], p["extension"]) for p in record["phones"]) == [
        ("+12175550142", "12"),
        ("+18004673669", None),
    ]


def test_a_numbers_label_is_the_one_just_before_it_not_its_neighbours():
    """ "Fax 217-555-0143 Phone 217-555-0142": the phone is no fax; "P:" and "F:" are labels."""
    html = page(
        "<p>We offer IOP.</p><p>Fax 217-555-0143 Phone 217-555-0142</p>"
        "<p>P: 217-555-0150 | F: 217-555-0151</p>"
    )
    (record,) = extract(html, "https://maple.example/", "text/html")
    assert sorted(p["e164"] for p in record["phones"]) == ["+12175550142", "+12175550150"]


def test_a_state_guide_writing_of_the_us_and_counting_centres_is_no_provider():
    """Round eight: "the US" read as "us" gave a directory's state page a voice of its own, and
    its count of centres ("6 of them provide medical detox") became the offer of a provider."""
    guide = (
        "<html><head><title>Nevada Rehab Guide</title></head><body><main>"
        "<h1>Addiction treatment in Nevada</h1>"
        "<p>Opioid deaths keep rising across the US and in Nevada too.</p>"
        "<p>The state licenses 41 programs. Of these, 6 centers provide medical detox and 9 "
        "offer residential care.</p></main></body></html>"
    )
    assert extract(guide, "https://rehabguide.example/nevada/", "text/html") == []


def test_a_history_page_keeps_its_record_without_its_past_offers():
    """Round twelve: a history told in the past tense ("In 1991 the board bought an old
    psychiatric hospital building") is what the place was, not a level it offers today; the
    page stays the provider's through its own voice naming whom it treats beside its treatment
    model, even when its twelve steps are then the only care left (no fellowship's page)."""
    text = (
        "Our story\n\nBrookfield Lodge was founded in 1986 by a group of people in recovery. "
        "In 1991 the board bought an old psychiatric hospital building on the ridge for the "
        "program.\n\nTwelve-step work and family groups were its strengths from the start.\n\n"
        "Over the years our dual-diagnosis treatment model has set us apart from other "
        "treatment centers.\n"
    )
    (record,) = text_page("https://brookfieldlodge.example/history", text)
    assert record["kind"] == "provider"
    assert record["levels_of_care"] == []
    assert record["conditions"] == ["co_occurring"]


@pytest.mark.parametrize(
    ("url", "text", "expected"),
    [
        # a guide's writer says "we" of the guide: it offers nothing and is no provider
        (
            "https://trendnotes.example/?p=88",
            "Top Health Insurance Plans That Cover Rehab (2026 Guide)\n\nHealth Plans : Why Rehab"
            " Cover Matters This Year\n\nPicture this: someone you love is ready to start"
            " recovery, and the first shock is the bill.\n\nIn this detailed guide, we'll cover"
            " the insurers that pay for rehab, the kinds of care they cover and how to pick a"
            " plan.\n\nWhy Rehab Cover Matters This Year\n\n  • More people need help: opioid and"
            " alcohol addiction keep rising.\n\n  • Costs keep growing for everyone.\n",
            None,
        ),
        (
            "https://homeandtable.example/finding-therapists",
            "Finding Counselors for Marketplace Plans\n\nLast spring my cousin needed a counselor,"
            " and we thought the search would be easy. By the end of this read, you will know how"
            " to filter a plan's directory for cannabis and alcohol counselors.\n",
            None,
        ),
        # a provider's own article: its banner in its own voice still states how it is paid
        (
            "https://stillwaterrecovery.example/paying-with-medicaid.html",
            "Our Treatment is Covered by Most Insurance Companies\n\nWe are ready to help you"
            " begin.\n\nPaying for rehab with Medicaid\n\nIn this article, we will explain what"
            " Medicaid is and how states run it.\n\nMedicaid may pay for detox in some states.\n",
            ["private_insurance"],
        ),
    ],
)
def test_a_page_calling_itself_a_guide_speaks_only_in_the_owners_voice(url, text, expected):
    """Round twelve: a page that calls itself a guide or an article ("In this short guide,
    we'll …", "By the end of this read, …") is read as an article, however its address reads:
    its writer's "we" is nobody's offer, so a guide to plans and directories is no provider;
    the owner's own heading on its article ("Our treatment is covered by most insurance
    companies") still states how it is paid, however a glossary's heading would word it."""
    records = extract(text, url, "")
    got = [r["payment"] for r in records if r["kind"] == "provider"]
    assert (got[0] if got else None) == expected


@pytest.mark.parametrize(
    ("url", "text", "expected"),
    [
        # a topic in title case that the page itself writes in lower case: an explainer, no one
        (
            "https://recoveryfacts.example/drug-rehab/",
            "Drug Rehab\n\nDrug rehab is a plain way of saying addiction treatment, although few"
            " clinicians call their workplace a drug rehab.\n\nThere are thousands of programs"
            " across the country. They range from detox units and residential programs to"
            " intensive outpatient programs (IOP) that meet a few evenings a week.\n",
            None,
        ),
        # a news site's headline with the organisation as its subject: the story is the writer's
        (
            "https://cityreport.example/local/harbor-house-second-clinic/",
            "Harbor House opens a second clinic in Tulsa\n\nTULSA -- A familiar name is"
            " growing.\n\nHarbor House treats opioid use disorder and alcohol addiction at both"
            " sites, its director told reporters on Monday.\n",
            None,
        ),
        # the same headline on the owner's own host: its news is its own
        (
            "https://harborhouse.example/news/second-clinic/",
            "Harbor House opens a second clinic in Tulsa\n\nHarbor House treats opioid use"
            " disorder and alcohol addiction at both sites.\n",
            ["opioids", "alcohol", "substance_use"],
        ),
        # the owner's name in its title on a host that does not spell it, never in lower case
        (
            "https://hrtulsa.example/about/",
            "Harbor Rehab\n\nHarbor Rehab offers detox and residential treatment for adults in"
            " Tulsa.\n",
            [],
        ),
    ],
)
def test_a_title_that_is_a_topic_or_a_headline_names_no_one_on_another_host(url, text, expected):
    """Round twelve (title12): the title's first words are read as the owner's name, so that
    sentences opening with them are its voice. A topic in title case ("Drug Rehab") that the page
    writes in lower case in its sentences is a common noun, and a headline whose subject is an
    organisation ("Harbor House opens …") on a host that does not spell that name is a story
    about it: neither makes the page's sentences the owner's. The host's own spelling keeps the
    owner's news its own."""
    records = extract(text, url, "")
    got = [r["conditions"] for r in records if r["kind"] == "provider"]
    assert (got[0] if got else None) == expected
