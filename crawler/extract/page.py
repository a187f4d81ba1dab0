"""One page → its facts: claims, contacts, locations, hours and whether it is about a provider."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from urllib.parse import urlsplit

from carefinder import hours as hours_mod
from carefinder import vocabulary
from carefinder.mentions import find
from crawler.extract import claims as claims_mod
from crawler.extract import contact, rules, structured
from crawler.extract.claims import Claim
from crawler.extract.dom import Page, parse

PROGRAM_CONTEXT = re.compile(
    r"\b(program|programme|group|groups|session|sessions|class|track|IOP|PHP|meets|schedule)\b",
    re.I,
)
PROGRAM_ASIDE = re.compile(r"\([^)]*\b(?:programs?|groups?|sessions?)\b[^)]*\)", re.I)
# Office and admissions hours; walk-in and intake windows are when a person can start care.
OFFICE_CONTEXT = re.compile(
    r"\b(office|hours|open|admissions|business|contact|clinic hours|visit|intake|walk-?ins?"
    r"|assessments?)\b",
    re.I,
)
TITLE_SPLIT = claims_mod.TITLE_SPLIT  # the one reading of a title's parts


@dataclass
class Schedule:
    level: str | None
    hours: str
    label: str
    quote: str


@dataclass
class Location:
    address: contact.Address
    block_range: tuple[int, int]
    heading: str
    in_footer: bool = False  # the address stands in the page's footer


@dataclass
class PageFacts:
    url: str
    title_parts: list[str]
    site_name: str | None
    claims: list[tuple[int, Claim]]  # (block index, claim)
    phones: list[tuple[str, str | None, str, int, str | None]]  # (e164, label, quote, block, ext)
    emails: list[str]
    locations: list[Location]
    opening_hours: list[tuple[hours_mod.OpeningHours, str, int]]  # (hours, quote, block)
    schedules: list[Schedule]
    verdict: str | None  # "provider", "referral_service", "not_provider" or None
    reason: str  # why the page is of that kind
    structured: list[dict] = field(default_factory=list)
    intake_closed: str | None = None  # the sentence saying no new patients are taken
    notes: list[str] = field(default_factory=list)  # what was left unread, and why
    visible_text: str = ""  # what a reader sees, to check names in markup against
    rejected: list[Claim] = field(default_factory=list)  # mentions that are no offer, and why


def _site_name(root) -> str | None:
    if root is None:
        return None
    for xp in (
        '//meta[@property="og:site_name"]/@content',
        '//meta[@name="application-name"]/@content',
    ):
        values = root.xpath(xp)
        if values and values[0].strip():
            return values[0].strip()
    return None


def _section_ranges(page: Page) -> list[tuple[int, int, str]]:
    """(start, end, heading) for each run of blocks under one heading."""
    ranges, start, heading = [], 0, ""
    for i, block in enumerate(page.blocks):
        if block.kind == "heading":
            if i > start:
                ranges.append((start, i, heading))
            start, heading = i, block.text
    ranges.append((start, len(page.blocks), heading))
    return ranges


def _split_shared(page: Page, found: list[tuple[Location, int]], end: int) -> list[Location]:
    """Several locations in one section (cards without headings, layout tables): each one's
    part runs from its name line (the short line above its address) to the next one's."""
    if len(found) < 2:
        return [loc for loc, _ in found]
    starts = []
    others = {block for _, block in found}  # a part never reaches back into a sibling's address
    for loc, block in found:
        first = block - 1 if loc.address.street and block > 0 else block
        if first in others or _leaves_footer(page, block, first):
            first = block
        while first > loc.block_range[0] and not _is_name_line(page.blocks[first]):
            first -= 1
            if block - first > 3 or first in others or _leaves_footer(page, block, first):
                first = block
                break
        starts.append(first)
    out = []
    widest = max(b - a for a, b in zip(starts, starts[1:], strict=False))
    for k, (loc, block) in enumerate(found):
        # the last part ends where its siblings would, not at the end of the page, and a row
        # or list item ends with its table or list
        stop = (
            starts[k + 1] if k + 1 < len(found) else _part_end(page, block, end, starts[k] + widest)
        )
        head = page.blocks[starts[k]]
        name = head.text if _is_name_line(head) else _inline_name(head.text, loc.address)
        out.append(
            Location(loc.address, (starts[k], max(stop, starts[k] + 1)), name, loc.in_footer)
        )
    return out


def _leaves_footer(page: Page, block: int, first: int) -> bool:
    """A place listed in the footer never takes the page's body above it as its own part."""
    return page.blocks[block].kind == "footer" and page.blocks[first].kind != "footer"


def _part_end(page: Page, block: int, end: int, reach: int) -> int:
    """Where the last of several parts ends: as far as its siblings reach, but a row or a list
    item ends where its table or list does (the paragraph after a list is the page's)."""
    stop = min(end, reach)
    kind = page.blocks[block].kind
    if kind in ("item", "cell"):
        stop = next((j for j in range(block + 1, stop) if page.blocks[j].kind != kind), stop)
    return stop


def _inline_name(text: str, address: contact.Address) -> str:
    """ "East Office – 5 Oak Rd, …": the name written before the street on the same line."""
    at = text.find(address.street) if address.street else -1
    name = text[:at].strip(" –—-|:,·•") if at > 0 else ""
    return name if name and len(name.split()) <= 6 and not re.search(r"\d", name) else ""


def _is_name_line(block) -> bool:
    """A short line with no digits that is no sentence: a location's name above its address."""
    text = block.text
    return len(text.split()) <= 12 and not re.search(r"\d", text) and not SENTENCE_END.search(text)


# A sentence ends in a lower-case word and its stop; a name may end in "Inc." or "St."
SENTENCE_END = re.compile(r"\b[a-z]{2,}[.!?]\s*$")


def _location_scopes(page: Page, locations: list[Location]) -> list[Location]:
    """A location's section runs through its subsections ("Admissions", "Hours" under the
    location's heading) up to the next heading of its rank, or the next location's section."""
    starts = sorted(loc.block_range[0] for loc in locations)
    out = []
    for loc in locations:
        start, end = loc.block_range
        head = page.blocks[start]
        if head.kind == "heading" and len({x.block_range for x in locations}) == len(locations):
            nxt = [s for s in starts if s > start] + [len(page.blocks)]
            end = next(
                (j for j in range(end, nxt[0]) if page.blocks[j].kind == "heading"
                 and page.blocks[j].level <= head.level),
                nxt[0],
            )  # fmt: skip
        out.append(Location(loc.address, (start, end), loc.heading, loc.in_footer))
    return out


def _section_text(page: Page, start: int, end: int) -> str:
    """The section's blocks one a line (address lines stay lines, even in layout tables)."""
    return "\n".join(b.text for b in page.blocks[start:end] if b.kind != "nav")


def _hoursish(block) -> bool:
    return bool(
        any(_names_a_day(block.text, m) for m in hours_mod.DAYSPEC.finditer(block.text))
        or hours_mod.TIMESPAN.search(block.text)
        or hours_mod.ALWAYS.search(block.text)
        or hours_mod.CLOSED.fullmatch(block.text.strip(" .:"))
        or (block.kind == "cell" and BARE_TIME.fullmatch(block.text))  # "8:00am" in a table
    )


def _names_a_day(text: str, m: re.Match) -> bool:
    """A day, not a word spelt like one: "We offer …" opens no Wednesday; "We 9-5", "Mo-Fr"
    and "Monday" are days."""
    return len(m.group(0).strip(". ")) > 2 or bool(re.match(r"[\s:.,]*\d", text[m.end() :]))


def _hour_runs(page: Page, start: int, end: int):
    """Runs of consecutive blocks that state hours, read together: a schedule written over
    several lines, a table of days, or "Monday" above "8:00 AM – 5:00 PM". A line that names
    a programme starts a run of its own (program schedules are kept apart)."""
    run: list[int] = []
    for i in range(start, end):
        block = page.blocks[i]
        skip = block.kind in ("nav", "link", "alt", "title", "heading") or block.testimonial
        if skip or not _hoursish(block) or (run and PROGRAM_CONTEXT.search(block.text)):
            if run:
                yield run
            run = [i] if not skip and _hoursish(block) else []
            continue
        run.append(i)
    if run:
        yield run


def _label_before(page: Page, i: int, start: int) -> str:
    """A short label standing before the hours ("Hours", "Office hours") in a table or grid;
    a sentence ("We offer outpatient counseling.") is no label."""
    before = page.blocks[i - 1].text if i > start else ""
    if len(before.split()) <= 4 and not before.rstrip().endswith((".", "!", "?")):
        return before
    return ""


def _run_text(page: Page, run: list[int]) -> str:
    """The run as schedule lines. In a table whose opening and closing times stand in cells of
    their own ("Monday | 8:00am | 5:00pm"), the two times are one span and a day starts a row."""
    parts = []
    for i in run:
        block, before = page.blocks[i], page.blocks[i - 1].text
        if parts and block.kind == "cell" and BARE_TIME.fullmatch(block.text):
            sep = "-" if BARE_TIME.search(before) else " "
        elif parts and block.kind == "cell" and DAY_LABEL.match(block.text):
            sep = "\n"
        else:
            sep = " " if parts and (DAY_LABEL.match(before) or block.kind == "cell") else "\n"
        parts.append(sep + block.text)
    return "".join(parts).strip()


def _hours(page: Page, ranges) -> tuple[list, list[Schedule]]:
    office, schedules = [], []
    for start, end, heading in ranges:
        for run in _hour_runs(page, start, end):
            text = _run_text(page, run)
            # "(10am to 2:30pm for programs)" inside office hours is a schedule, not the office's
            parsed = hours_mod.parse(PROGRAM_ASIDE.sub("", text)) or hours_mod.parse(text)
            if not parsed:
                continue
            context = f"{heading} {_label_before(page, run[0], start)} {text}"
            # a live-in place's hours for family visits are neither its office's nor a
            # programme's ("Visitation is on Tuesdays from 3 to 4 pm"; round ten)
            if rules.cue("visiting_hours").search(context):
                continue
            levels = [m.slug for m in find(context, ("levels_of_care",))]
            quote = text if len(text) <= 300 else text[:300] + "…"
            if PROGRAM_CONTEXT.search(text) or (levels and not OFFICE_CONTEXT.search(text)):
                level = levels[0] if levels else None
                label = next(
                    (w for w in ("evening", "morning", "day", "weekend") if w in text.lower()), ""
                )
                label = f"{label} {level.upper() if level in ('iop', 'php') else level or 'program'}".strip()
                schedules.append(Schedule(level, str(parsed), label, quote))
            elif OFFICE_CONTEXT.search(context) or parsed.always:
                office.append((parsed, quote, run[0]))
    return office, schedules


DAY_LABEL = re.compile(rf"^\s*{hours_mod.DAYSPEC.pattern}\s*:?\s*$", re.I)
BARE_TIME = re.compile(rf"\s*{hours_mod.TIME}\s*$", re.I)


def _intake_closed(page: Page) -> str | None:
    for block in page.blocks:
        if block.kind in ("para", "item", "heading", "cell") and not block.testimonial:
            for _, sentence in rules.sentences(block.text):
                if rules.cue("intake_closed").search(sentence) and "?" not in sentence:
                    return sentence
    return None


# In paymentAccepted, a bare "Insurance" says the facility takes insurance plans.
MARKUP_INSURANCE = re.compile(r"(?:health |private |commercial )?insurances?(?: plans?)?", re.I)


def _markup_claims(orgs: list[dict]) -> list[tuple[int, Claim]]:
    """What schema.org markup says the facility offers (``availableService``) and takes
    (``paymentAccepted``): the markup is the facility's own statement, quoted as such."""
    out = []
    for org in orgs:
        for name in structured.services(org):
            quote = f"schema.org availableService: {name}"
            out += [(-1, Claim(m.facet, m.slug, quote, "markup", -1, "schema.org markup"))
                    for m in find(name)]  # fmt: skip
        for name in structured.payments(org):
            quote = f"schema.org paymentAccepted: {name}"
            found = [(m.facet, m.slug) for m in find(name, ("payment", "insurers"))]
            if not found and MARKUP_INSURANCE.fullmatch(name):
                found = [("payment", "private_insurance")]
            out += [(-1, Claim(f, s, quote, "markup", -1, "schema.org markup")) for f, s in found]
    return out


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _language_claims(page: Page) -> list[tuple[int, Claim]]:
    """A page the site wrote in Spanish (``<html lang="es">``) speaks Spanish to its clients:
    the provider offers care in Spanish (RECORD §2 languages), whatever words it finds for it.
    Markup, so it never makes a page a provider's by itself."""
    root = page.root
    lang = (root.get("lang") or root.get(XML_LANG) or "") if root is not None else ""
    if lang.strip().lower().split("-")[0] != "es":
        return []
    quote = f'<html lang="{lang.strip()}">'
    return [(-1, Claim("languages", "es", quote, "markup", -1, "the page is written in Spanish"))]


# "The Partial Hospitalization Program provides…": a program the page names as one it runs
# (definite, in capitals), where a general article says "a PHP", "PHPs", "PHP is" or, taking
# up its own general term, "the program".
DEFINITE_PROGRAM = re.compile(
    r"\bThe\s+(?:(?:adult|adolescent|teen|youth|evening|day|morning|weekend)\s+)?"
    r"(?:[A-Z][\w()-]*\s+){1,4}Program(?:me)?\b"
)
# "The Center also provides drop-in hours", "Counseling Services works with students": a unit
# writing of itself by its capitalised name, where an article writes "a counseling center" or
# "the center". Not a named body it cites ("the Center for Disease Control").
DEFINITE_UNIT = re.compile(
    r"\b(?:[Tt]he\s+(?:(?:Counsel+ing|Wellness|Health|Mental Health|Behavioral Health|Student "
    r"Health|Psychological|Treatment|Recovery)\s+)?(?:Center|Centre|Clinic|Practice)"
    r"|Counsel+ing (?:Services|Center|Centre|Office))\b(?!\s+(?:for|of|on|at)\b)"
)
# The site's own page for one of its services: a services or programs folder ("/services/",
# "/treatment-programs/", "/Drug-Alcohol-Treatment-Program/"), and a level or service named by
# the page's address or title ("/services/sub-acute-detoxification/").
SERVICE_FOLDER = re.compile(r"/(?:\w+-)*(?:services?|programs?)/[^/]", re.I)


def _offer(claim: Claim, voice: re.Pattern | None) -> bool:
    """Care is an offer; whom it treats only when the facility says it does ("we treat alcohol
    and opioid addiction", "New Dawn treats opioid use disorder" on its own site), not when its
    voice names a condition in passing ("as addiction experts, we can help you choose")."""
    if claim.facet not in ("conditions", "populations"):
        return True
    return claims_mod.speaks_for_itself(claim) and rules.says_it_offers(claim.quote, voice)


def _payment_offer(claim: Claim) -> bool:
    """How this place is paid: said by the facility, said to be accepted here or priced (a
    general cost estimate was already rejected); an article's "Aetna may require prior
    authorization" is none of these."""
    return claim.facet in ("payment", "insurers") and (
        claims_mod.speaks_for_itself(claim) or claims_mod.stated_payment(claim.facet, claim.quote)
    )


def _menu(page: Page) -> bool:
    """Links to the site's own pages of its programs ("Intensive Outpatient (IOP)" → /iop)."""
    host = urlsplit(page.url).hostname
    return any(
        urlsplit(url).hostname == host and find(text, ("levels_of_care", "services"))
        for url, text in page.links
    )


def _service_page(page: Page) -> bool:
    """The site's own page for a service it names ("/our-services/residential/")."""
    topic = claims_mod.page_topic(page)
    return bool(SERVICE_FOLDER.search(urlsplit(page.url).path)) and bool(
        find(topic, ("levels_of_care", "services"))
    )


def _markup_locations(orgs: list[dict], blocks: int) -> list[Location]:
    """Where the markup places the organisation, when the page's text never says (a footer drawn
    by script, a ZIP only in JSON-LD): one weak location per distinct address."""
    out = []
    for org in orgs:
        addr = structured.address(org) or {}
        state = contact.state_code(addr.get("state") or "")
        if addr.get("postal_code") and state and addr.get("city"):
            quote = f"schema.org address: {addr.get('street') or ''} {addr['city']}, {state} {addr['postal_code']}"
            found = contact.Address(
                addr.get("street") or "", addr["city"], state, addr["postal_code"], quote.strip()
            )
            if all(found.as_dict() != loc.address.as_dict() for loc in out):
                out.append(Location(found, (0, blocks), "", in_footer=True))
    return out


_sentences = claims_mod.text_sentences  # every page rule reads the one split


def _speaks_for_itself(page: Page, voice: re.Pattern | None) -> bool:
    """Some sentence is the organisation's own ("we", "our", its name), names its program, or
    sets its terms to its own clients: a practice's "$25 cancellation fee", "the patient
    portal", "the Informed Consent" (cue client_terms) are said by no one else, in whatever
    person a telehealth practice writes its session rules ("your provider will meet you")."""
    return any(
        rules.own_voice(sentence, voice)
        or DEFINITE_PROGRAM.search(sentence)
        or DEFINITE_UNIT.search(sentence)
        or (rules.cue("client_terms").search(sentence) and not rules.generic_talk(sentence))
        for sentence in _sentences(page)
    )


CARE_FACETS = ("levels_of_care", "services", "approaches")
PLACE_OWN_CARE = (rules.HOUSE_RULES, rules.LIVE_IN)


def _speaks_as_another_role(page: Page, voice: re.Pattern | None) -> str | None:
    """The page's own voice is a funder's, trainer's, prevention coalition's, health plan's or
    study's ("our Focus Area offers technical assistance", "additional benefits we offer", "we
    are not offering any scholarships") and never names care it gives: the care it mentions in
    the third person is the field's, not its own (RECORD §1)."""
    own = [sentence for sentence in _sentences(page) if rules.own_voice(sentence, voice)]
    if any(find(s, CARE_FACETS) or rules.cue("session_care").search(s) for s in own):
        return None
    return next((s for s in own if rules.cue("other_role").search(s)), None)


def _speaks_as_a_payer(page: Page, voice: re.Pattern | None) -> str | None:
    """The page's own voice is a payer's: it pays or reimburses the programmes that treat
    ("We pay OTPs through bundled payments"), or speaks of its plan's members ("keep our plan
    members safe"), whatever its host (round eleven: a federal payer, a carrier's bulletin to
    its network); and no other sentence in its own voice names care it gives. What it names is
    what it pays for (RECORD §1, who speaks)."""
    payer = rules.cue("payer_voice")
    own = [sentence for sentence in _sentences(page) if rules.own_voice(sentence, voice)]
    if any(
        (find(s, CARE_FACETS) or rules.cue("session_care").search(s)) and not payer.search(s)
        for s in own
    ):
        return None
    return next((s for s in own if payer.search(s)), None)


LISTED_OTHERS = 3  # a directory lists many; a provider's page names at most a partner or two


def _speaks_for_others(page: Page, orgs: list[dict], locations: list[Location]) -> str | None:
    """A listing of other organisations, recognised by its structure, not by what it says of
    itself: "visit website" links to several other sites, markup for several organisations
    under different names, or several addresses under names that are not the site's."""
    here = urlsplit(page.url).hostname
    visits = {
        urlsplit(url).hostname
        for url, text in page.links
        if urlsplit(url).hostname not in (here, None)
        and rules.cue("visit_website").fullmatch(text.strip())
    }
    if len(visits) >= LISTED_OTHERS:
        return f"lists other organisations ('visit website' links to {len(visits)} other sites)"
    # one organisation's locations share the first word of their names ("Maple – Eastside")
    places = [o for o in orgs if o.get("address") or o.get("telephone")]  # not its services
    firsts = {(str(o.get("name")).lower().removeprefix("the ").split() or [""])[0] for o in places}
    if len(firsts) >= LISTED_OTHERS:
        return f"lists other organisations (markup for {len(firsts)} differently named ones)"
    named = [loc for loc in locations if loc.heading and not loc.in_footer]
    own = _name_words(f"{page.title} {_site_name(page.root) or ''} {here or ''}")
    strangers = [loc for loc in named if _stranger(loc, own)]
    if len(strangers) >= LISTED_OTHERS and len(strangers) * 2 > len(named):
        return f"lists other organisations ({len(strangers)} addresses under other names)"
    return None


def _stranger(location: Location, own: set[str]) -> bool:
    """A location under a name that is not the site's: not its name's words, not a programme
    ("PHP/IOP", "Suboxone Clinic") and not the place's own city ("Gary Office")."""
    heading = location.heading
    return not (
        _name_words(heading) & own
        or find(heading)
        or location.address.city.lower() in heading.lower()
        or rules.cue("unit_name").fullmatch(heading.strip(" :–-"))  # "North", "Main Office"
    )


def _name_words(text: str) -> set[str]:
    """The distinctive words of a name (a location under "Maple Clinic – Eastside" shares
    "maple" with the site's title or host)."""
    words = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", text)}
    return words - NAME_STOPWORDS


NAME_STOPWORDS = {"center", "centers", "centre", "clinic", "clinics", "treatment", "recovery",
                  "health", "behavioral", "services", "counseling", "rehab", "addiction", "home",
                  "location", "locations", "office", "offices", "contact", "with", "from", "that",
                  "your", "html", "http", "https", "www"}  # fmt: skip


CARE = ("levels_of_care", "services")


def _calls_itself_a_helpline(page: Page) -> bool:
    """ "Our helpline is free and confidential", or a helpline in the site's name or title: a
    line that answers callers, and whose "we" refers them on unless it says it treats."""
    names = [*TITLE_SPLIT.split(page.title), _site_name(page.root) or ""]
    return any(rules.cue("helpline_name").search(n) for n in names) or any(
        rules.cue("own_helpline").search(sentence)
        for block in page.blocks
        if block.kind in ("para", "item", "heading", "cell")
        for _, sentence in rules.sentences(block.text)
    )


def _recruits_for_a_study(page: Page) -> bool:
    """A study recruiting participants ("This research study is inviting adults …", "Inclusion
    Criteria", "Compensation provided"): its clinic, inpatient unit or medication are the
    study's procedures, not care a person can come for (two such lines, not a clinic's passing
    mention of its research)."""
    found = {
        m.group(0).lower()
        for sentence in _sentences(page)
        for m in rules.cue("study_recruitment").finditer(sentence)
    }
    return len(found) >= 2


# Trades that look like care and are not: a drug-testing business (chain of custody, collection
# sites, a medical review officer) and a spa or retreat whose "detox" is a body cleanse (juice
# fasts, colonics); and pages written about someone else's care by those who pay for, contract
# or license it (a county board's agreement, a regulator's order to a licence holder, a
# foundation's award or appeal) or hire for it (a job posting: its duties are the job's, not
# the employer's offer); and a research body (a centre's research areas, a report's front
# matter: its topics are what it studies, round eleven). Two different marks of one trade, not
# one word in passing.
OTHER_TRADES = {
    "specimen_testing": "tests specimens",
    "body_cleanse": "cleanses bodies",
    "oversight": "pays for, contracts or licenses another's care",
    "job_posting": "posts a job",
    "research_report": "studies or reports on care",
}


def _mark(text: str) -> str:
    """One mark however it is inflected: "juice cleansing" and "juice cleanse" are one."""
    return " ".join(re.sub(r"(?:ing|es|e|s)$", "", w) for w in text.lower().split())


def _other_trade(page: Page, own: list[Claim]) -> str | None:
    """The page's own trade is not care: it tests specimens (its panel of drugs names
    substances, its "methadone" a test), cleanses bodies (its "detox" is a diet), oversees or
    hires for someone else's care (its "residential" is the contractor's, its "group therapy"
    a duty of the job), and its own voice names no care but in the breath of its trade ("our
    10-panel test screens for methadone"). A clinic that collects urine under chain of custody
    beside the care it gives stays a clinic (RECORD §1, who speaks of what). A trade's marks
    stand in its text and in its headings ("Job Summary", "Minimum Qualifications")."""
    headings = (b.text for b in page.blocks if b.kind == "heading")
    sentences = [*_sentences(page), *headings]
    for name, trade in OTHER_TRADES.items():
        marks = {_mark(m[0]) for s in sentences for m in rules.cue(name).finditer(s)}
        care = [c for c in own if c.facet in CARE and not rules.cue(name).search(c.quote)]
        if len(marks) >= 2 and not care:
            return f"its trade {trade}, and its own voice names no care: {sorted(marks)}"
    return None


def _fellowship(offers: list[Claim], own: list[Claim]) -> bool:
    """An AA or NA group's page: the twelve steps (and whom its meetings are for) are all it
    offers. Peers meeting to stay sober give no care (RECORD §1); a provider's 12-step groups
    stand beside the care it names. Nor is it a fellowship where its own voice names whom it
    treats beside its treatment centre or model ("our dual-diagnosis treatment model", a
    history page whose past offers are no offers; round twelve)."""
    care = {(c.facet, c.slug) for c in offers if c.facet != "populations"}
    treats = any(
        c.facet == "conditions" and rules.cue("treatment_setting").search(c.quote) for c in own
    )
    return care == {("approaches", "twelve_step")} and not treats


def _peer_support(page: Page, offers: list[Claim]) -> str | None:
    """A peer recovery centre, recovery café or drop-in centre: people with lived experience
    meet, coach one another and sit in recovery circles (two marks of it), and it offers no
    level of care, no care in other words and no payment. Peers supporting recovery give no
    care (RECORD §1), as a fellowship's meetings give none; a clinic with peer coaches beside
    its IOP, or a house that charges rent, stays a provider."""
    marks = {_mark(m[0]) for s in _sentences(page) for m in rules.cue("peer_support").finditer(s)}
    care = [c for c in offers if c.facet in ("levels_of_care", "care", "payment")]
    if len(marks) >= 2 and not care:
        return f"peers support recovery here, and it offers no care or payment: {sorted(marks)}"
    return None


# What may follow a carrier's name in its own host: bluecrossmn, tuftshealthplan,
# molinahealthcare, aetnabetterhealth, uhccommunityplan, or nothing (bcbsm, cigna)
HOST_TAIL = re.compile(r"(?:[a-z]{2})?(?:better|community)?(?:health(?:care)?)?(?:plans?)?")


@cache
def _carrier_spellings() -> tuple[str, ...]:
    """Carriers' names as a host spells them, but for carriers that run care themselves."""
    return tuple(
        squashed
        for term in vocabulary.terms()["insurers"].values()
        if not term.gives_care
        for syn in term.synonyms
        if len(squashed := re.sub(r"[^a-z0-9]", "", syn.lower())) >= 3
    )


# What a page may say of its own care and still be a guide to other places'
OWN_OFFER_FACETS = ("levels_of_care", "services", "approaches", "conditions", "payment", "insurers")


def _guide_to_others(page: Page, own: list[Claim], voice) -> str | None:
    """A city's or state's guide that lists or finds other places' rehabs ("we also listed some
    of the best drug rehabs in Chicago", "Here are a few treatment options in the Ohio area",
    "Select a city to find ... facilities"), with no place of its own and no care in its own
    voice but in that line: its statistics and the listed centres' programmes are nobody's
    offer here (RECORD §1, a directory speaks for others). So is a finder whose own "we" serves
    the reader's search among others (cue finds_for_reader, round ten: "find a detox center
    using our detox locator", "helping you navigate the landscape of rehab centres", "we can
    help you determine which detox programs are best for you"). A provider's own blog post of
    that kind gives no record on that page only; its other pages still speak for it."""
    lists, finds = rules.cue("lists_others"), rules.cue("finds_for_reader")
    said = next(
        (
            s
            for s in _sentences(page)
            if lists.search(s) or (finds.search(s) and rules.own_voice(s, voice))
        ),
        None,
    )
    if said is None:
        return None
    names = _own_names(page)
    if any(
        c.facet in OWN_OFFER_FACETS
        and _offer(c, voice)
        and not (lists.search(c.quote) or finds.search(c.quote))
        and not _paperwork_only(c.quote)  # a finder verifies benefits for the places it finds
        and _said_outside(c, names)
        for c in own
    ):
        return None
    return f"a guide that lists or finds other places' care, with none of its own: {said!r}"


def _own_names(page: Page) -> re.Pattern | None:
    """The site's own name as its pages spell it ("Detox Local" on detoxlocal.com)."""
    names = claims_mod.host_names(page)
    if not names:
        return None
    return re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)), re.I)


def _said_outside(claim: Claim, names: re.Pattern | None) -> bool:
    """The claim's term stands outside the site's own name: a finder named "Detox Local" writing
    "to learn how Detox Local operates, contact us" offers no detox (round ten); "Harbor offers
    detox" does."""
    if names is None or not names.search(claim.quote):
        return True
    rest = names.sub(" ", claim.quote)
    return any(m.facet == claim.facet and m.slug == claim.slug for m in find(rest))


def _health_plans_own(page: Page) -> bool:
    """A carrier's own site speaking to its members (bcbsm.com, tuftshealthplan.com: "your
    plan", "members"): what the plan covers is no care it gives (RECORD §1, who speaks)."""
    labels = (urlsplit(page.url).hostname or "").split(".")
    host = labels[-2] if len(labels) > 1 else labels[0]  # the site's name before .com / .org
    named = any(
        host.startswith(s) and HOST_TAIL.fullmatch(host[len(s) :]) for s in _carrier_spellings()
    )
    return named and any(rules.cue("plan_member").search(b.text) for b in page.blocks)


@dataclass
class _Evidence:
    """What the verdict rules read of one page: its claims sorted by who makes them."""

    page: Page
    voice: object  # the page's company_voice
    orgs: list
    locations: list
    offers: list[Claim]  # offers of care or payment ("alt" ones only under the site's heading)
    own: list[Claim]  # claims in the page's own voice, menus and links aside
    specific: list[Claim]  # a menu, a price, a place's own curfew: this place's, never general

    @cached_property
    def admits(self) -> str | None:
        """Asked by `_explainer` and then by `_verdict`: read the page once."""
        return _admits_its_own(self.page, self.voice)

    @cached_property
    def place_of_care(self) -> str | None:
        return _place_of_care_speaks(self.page, self.voice)


def _verdict(page: Page, claims: list[Claim], locations, orgs, voice) -> tuple[str | None, str]:
    """The page's kind and why: provider, referral_service, not_provider (the site says it
    provides no care: a directory, a publication) or None (a page about no provider). What the
    page says of itself decides first; then the first of NO_PROVIDER_RULES that holds; else a
    page naming a place, an organisation or an offer is a provider's."""
    if said := _says_what_it_is(page):
        return said
    evidence = _Evidence(
        page,
        voice,
        orgs,
        locations,
        # a logo is an offer only where a heading of the site's own says so ("Insurance we accept");
        # a stay at the place (rules.STAY) only qualifies the care offered, it offers none
        offers=[
            c
            for c in claims
            if (c.kind != "alt" or claims_mod.speaks_for_itself(c))
            and (c.facet, c.slug) != rules.STAY
            and _offer(c, voice)
        ],
        own=[
            c for c in claims if c.kind not in ("nav", "link") and claims_mod.speaks_for_itself(c)
        ],
        specific=[
            c
            for c in claims
            if c.kind == "nav" or _payment_offer(c) or (c.facet, c.slug) in PLACE_OWN_CARE
        ],
    )
    for rule in NO_PROVIDER_RULES:
        if reason := rule(evidence):
            return None, reason
    if orgs or locations or evidence.offers:
        return "provider", "names a location, an organisation or an offer"
    if admits := evidence.admits:
        return "provider", f"admits its own patients in its own voice: {admits!r}"
    if said := evidence.place_of_care:
        return "provider", f"a place of care by its name speaks of itself on its own site: {said!r}"
    return None, "no offer, location or organisation"


def _place_of_care_speaks(page: Page, voice: re.Pattern | None) -> str | None:
    """The owner's news, notices and about pages often name no care in the vocabulary's words
    (a grant, an anniversary, a season's letter), yet they are a provider's pages about itself
    (RECORD §1): the host spells the owner's name, that name says it is a place of care (cue
    care_place_name: "… Behavioral Health", "… Medical Center", "… Healing Retreat"), and a
    sentence of the page opens with that name as its subject. Its "we" alone is not enough
    (a writer's "we" on a blog is anyone's); round twelve."""
    names = claims_mod.host_names(page)
    if voice is None or not any(rules.cue("care_place_name").search(n) for n in names):
        return None
    return next((s for s in _sentences(page) if voice.match(s)), None)


def _admits_its_own(page: Page, voice: re.Pattern | None) -> str | None:
    """A provider's FAQ, admissions, visitor or "what to expect" page that names no care in
    the vocabulary's words still speaks for it where it admits or keeps its own patients
    (cue admits_own: "our admissions coordinators", "our visiting hours", "once you have been
    admitted to the facility", "the average stay for teens at our …", "our patients"; or visits
    in its own voice: "we want to be flexible with visiting hours") on a page that speaks for
    itself. Not a question, not general talk ("the admission process at most rehabs"), not a
    call to its admissions line (cue calls_admissions: "call our admissions team today" closes
    explainers and finders too), not an article (a blog's "once you are admitted to the
    hospital" is the field's); round eleven."""
    if claims_mod.article_page(page.url) or not _speaks_for_itself(page, voice):
        return None
    said = (
        s
        for s in _sentences(page)
        if (
            (rules.cue("admits_own").search(s) and not rules.cue("calls_admissions").search(s))
            or (rules.cue("visiting_hours").search(s) and rules.own_voice(s, voice))
        )
        and not s.rstrip().endswith("?")
        and not rules.generic_talk(s)
    )
    return next(said, None)


def _says_what_it_is(page: Page) -> tuple[str, str] | None:
    """A page that says it is no provider, or finds people one, is taken at its word."""
    kinds = ("para", "item", "heading", "title", "footer", "cell")
    said = {}  # "not_provider" / "referral_service" → the first sentence that says so
    for block in (b for b in page.blocks if b.kind in kinds):
        for _, sentence in rules.sentences(block.text):
            if rules.cue("not_a_provider").search(sentence):
                said.setdefault("not_provider", sentence)
            if rules.cue("referral_service").search(sentence) and rules.own_voice(sentence):
                said.setdefault("referral_service", sentence)
            if rules.cue("call_routing").search(sentence):  # the site's disclosure of itself
                said.setdefault("referral_service", sentence)
            if rules.cue("referral_weak").search(sentence):
                said.setdefault("referral_weak", sentence)
    if "not_provider" in said and "referral_weak" in said:  # no provider, but finds you one
        said.setdefault("referral_service", said["referral_weak"])
    for kind in ("referral_service", "not_provider"):  # "we are no provider; we find you one"
        if kind in said:
            return kind, said[kind]
    return None


def _health_plan(e: _Evidence) -> str | None:
    if _health_plans_own(e.page):
        return "a health plan's own page to its members: its coverage is no care it gives"
    return None


def _payer(e: _Evidence) -> str | None:
    if e.orgs or e.locations:
        return None
    said = _speaks_as_a_payer(e.page, e.voice)
    return said and f"its own voice is a payer's, and names no care it gives: {said!r}"


def _helpline(e: _Evidence) -> str | None:
    """A line that answers callers, unless it stands at the provider's own street address."""
    care = [c for c in e.own if c.facet in CARE]
    if _calls_itself_a_helpline(e.page) and not e.locations and not care:
        return "a helpline: its own voice offers no care, and its menu is topics"
    return None


def _study(e: _Evidence) -> str | None:
    return "recruits participants for a research study" if _recruits_for_a_study(e.page) else None


def _guide(e: _Evidence) -> str | None:
    return None if (e.orgs or e.locations) else _guide_to_others(e.page, e.own, e.voice)


def _fellowship_only(e: _Evidence) -> str | None:
    if _fellowship(e.offers, e.own):
        return "a mutual-help fellowship: its meetings and twelve steps are all it offers"
    return None


def _explainer(e: _Evidence) -> str | None:
    """A provider's FAQ or post still speaks for it: in its voice, or where it prices its own
    sessions or says how its clients pay ("The sliding scale price is $75 per session"), or
    admits its own patients (a FAQ page, not an article: `_admits_its_own`)."""
    paid_here = any(c.facet == "payment" for c in e.specific) and _speaks_for_itself(
        e.page, e.voice
    )
    if claims_mod.explainer_page(e.page) and not (
        e.own or paid_here or e.admits or e.place_of_care
    ):
        return "an article or guide that offers nothing in its own voice"
    return None


def _care_in_general(e: _Evidence) -> str | None:
    if e.offers and not (
        e.orgs or e.locations or e.specific or _menu(e.page) or _service_page(e.page)
        or _speaks_for_itself(e.page, e.voice)
    ):  # fmt: skip
        return "speaks of care in general: no own voice, place, menu or payment"
    return None


def _another_role(e: _Evidence) -> str | None:
    if e.offers and not (e.orgs or e.locations or e.specific):
        role = _speaks_as_another_role(e.page, e.voice)
        return role and f"its own voice is not a place of care's, and names none: {role!r}"
    return None


# Why a page that offers or names something is still no provider's, in order: the first
# reason given decides.
NO_PROVIDER_RULES = (
    _health_plan,
    _payer,
    _helpline,
    _study,
    _guide,
    lambda e: _other_trade(e.page, e.own),
    _fellowship_only,
    lambda e: _peer_support(e.page, e.offers),
    _explainer,
    _care_in_general,
    _another_role,
)


def _out_of_network(page: Page, found: list[Claim], rejected: list[Claim]) -> list[Claim]:
    """A practice that says it is out of network ("I am an out-of-network provider", "we choose
    to work out of network", "Juniper Ridge is an out-of-network provider") takes no insurance
    (RECORD §2): its "PPO Insurance" heading, its talk of what plans pay and its help with the
    paperwork ("we verify your benefits") are no acceptance; only a line in its own voice that
    accepts ("we accept Cigna") still is."""
    if not any(rules.cue("out_of_network").search(s) for s in _sentences(page)):
        return found
    talk = [
        c
        for c in found
        if c.slug == "private_insurance"
        and (not claims_mod.speaks_for_itself(c) or _paperwork_only(c.quote))
    ]
    rejected += [
        Claim(
            c.facet, c.slug, c.quote, c.kind, c.block, "an out-of-network practice's insurance talk"
        )
        for c in talk
    ]
    return [c for c in found if c not in talk]


def _paperwork_only(quote: str) -> bool:
    """The insurance paperwork a facility does for a client, with no word that it accepts."""
    return bool(rules.cue("insurance_paperwork").search(quote)) and not rules.cue(
        "insurance_accepted"
    ).search(quote)


# Work per page is bounded: a facility page's text fits many times over in these; what lies
# beyond (a 5 MB export, an endless calendar) is left unread and the page says so. 500,000
# characters of the densest text measured (a 4.8 MB page of sentences) are about 4 s of work.
MAX_CHARS = 500_000
MAX_BLOCKS = 600  # the largest real page read so far has 214


def page_facts(
    content: str, url: str, content_type: str = "", max_chars: int = MAX_CHARS
) -> PageFacts:
    notes = []
    if len(content) > max_chars:
        notes.append(
            f"only the first {max_chars:,} characters read (the page has {len(content):,})"
        )
    page = parse(content[:max_chars], url, content_type)
    if len(page.blocks) > MAX_BLOCKS:
        page.blocks = page.blocks[:MAX_BLOCKS]
        notes.append(f"only the first {MAX_BLOCKS} blocks of text read")
    rejected: list[Claim] = []
    voice = claims_mod.company_voice(page)  # once: the claims and the verdict both ask who speaks
    found = _out_of_network(page, claims_mod.claims(page, voice, rejected), rejected)
    indexed = [(claim.block, claim) for claim in found]
    ranges = _section_ranges(page)
    locations, phones, emails = [], [], []
    for start, end, heading in ranges:
        lines = [i for i in range(start, end) if page.blocks[i].kind != "nav"]
        found_here = []
        for addr in contact.addresses(_section_text(page, start, end)):
            if all(
                (addr.street, addr.postal_code) != (loc.address.street, loc.address.postal_code)
                for loc in locations + [x for x, _ in found_here]
            ):
                block = lines[addr.line]
                footer = page.blocks[block].kind == "footer"
                found_here.append((Location(addr, (start, end), heading, footer), block))
        locations += _split_shared(page, found_here, end)
    locations = _location_scopes(page, locations)
    for i, block in enumerate(page.blocks):
        if block.kind in ("nav", "title") and not re.search(r"\d{3}", block.text):
            continue
        phones += [(e, label, quote, i, ext) for e, label, quote, ext in contact.phones(block.text)]
        emails += contact.emails(block.text)
    for tel in page.tel_links:
        if parsed := contact.tel_link(tel):
            phones.append((parsed[0], None, f"tel:{tel}", -1, parsed[1]))
    office, schedules = _hours(page, ranges)
    try:
        orgs = structured.organisations(page.root, url) if page.root is not None else []
    except RecursionError:  # pathologically nested markup costs its own facts, not the page's
        orgs = []
        notes.append("JSON-LD skipped (nested too deeply to read)")
    indexed += _markup_claims(orgs) + _language_claims(page)
    for org in orgs:
        phones += [(p[0], None, f"schema.org telephone: {t}", -1, p[1])
                   for t in structured.telephones(org) if (p := contact.tel_link(t))]  # fmt: skip
    if not locations:  # an address stated only in the page's schema.org markup
        locations = _markup_locations(orgs, len(page.blocks))
    verdict, reason = _verdict(page, found, locations, orgs, voice)
    if others := _speaks_for_others(page, orgs, locations):
        # A listing speaks for others: none of its offers, places or numbers are the site's.
        # The page alone decides nothing for the site (a provider may list resources).
        verdict, reason, indexed, locations, phones = None, others, [], [], []
    title_parts = (
        [p.strip() for p in TITLE_SPLIT.split(page.title) if p.strip()] if page.title else []
    )
    return PageFacts(
        url=url,
        title_parts=title_parts,
        site_name=_site_name(page.root),
        claims=indexed,
        phones=phones,
        emails=emails,
        locations=locations,
        opening_hours=office,
        schedules=schedules,
        verdict=verdict,
        reason=reason,
        intake_closed=_intake_closed(page),
        notes=notes,
        structured=orgs,
        visible_text=" ".join(b.text for b in page.blocks),
        rejected=rejected,
    )
