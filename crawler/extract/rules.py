"""The offered-vs-mentioned rules: a short ordered table, cue words in ``cues.json``.

A vocabulary mention on a provider's own page is an offer unless a rule says otherwise. Block
rules look at where a block stands (a testimonial, a glossary, a "what we don't offer" section);
sentence rules look at the sentence or, for negation-like cues, only the clause that names the
thing ("We do not offer detox, but our IOP meets nightly": detox negated, IOP offered). The
first rule that fires names the reason, which tests and debugging read.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from carefinder.mentions import TEXT_FACETS, Mention, find
from carefinder.placenames import STATES


@cache
def _cue_lists() -> dict[str, list[str]]:
    return json.loads(resources.files(__package__).joinpath("cues.json").read_text("utf-8"))


def _alternatives(name: str) -> str:
    return "|".join(sorted(_cue_lists()[name], key=len, reverse=True))


@cache
def cue(name: str) -> re.Pattern:
    """The cue list ``name`` of cues.json as one case-insensitive, word-bounded pattern."""
    return re.compile(rf"(?<![\w-])(?:{_alternatives(name)})(?![\w])", re.I)


@cache
def cue_run(name: str) -> re.Pattern:
    """The cue list's words run together, as a host writes them ("healthsystems")."""
    return re.compile(rf"(?:{_alternatives(name)})+", re.I)


CLAUSE = re.compile(
    r"[;:]|,\s*(?:but|however|although|though|while|whereas)\b|\bbut\b|\bhowever\b", re.I
)
# A sentence that opens with a condition or a time ("If you do not have insurance, we offer a
# sliding scale"): the condition is a clause of its own, ending at its comma.
LEADING_CLAUSE = re.compile(
    r"^\W*(?:even\s+)?(?:if|unless|when|whenever|whether|although|though|while|since|because|"
    r"once|until)\b[^,;:]*,",
    re.I,
)
# A sentence ends at its stop, or just after a closing quote or bracket that follows the stop
# (… “halfway houses.” We offer …).
SENTENCE = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[A-Z0-9\"“(¿¡])")


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs: the one sentence split every rule reads."""
    out, offset = [], 0
    for part in SENTENCE.split(text):
        if part.strip():
            start = text.find(part, offset)
            out.append((start, part))
            offset = start + len(part)
    return out


def clause(text: str, m: Mention) -> str:
    """The clause of ``text`` that holds the mention: negation binds to its own clause."""
    bounds = [(x.start(), x.end()) for x in CLAUSE.finditer(text)]
    if lead := LEADING_CLAUSE.match(text):
        bounds.append((lead.end() - 1, lead.end()))
    starts = [0] + [end for start, end in bounds if end <= m.start]
    ends = [start for start, end in bounds if start >= m.end] + [len(text)]
    return text[starts[-1] : ends[0]]


# Words in curly quotes (a quote may run over a sentence break, so an unclosed one reaches the
# sentence's end and an unopened one its start) are someone else's: a report quoting a
# website's "our rehab centre" speaks for nobody's care.
QUOTED = re.compile(r"“[^“”]*(?:”|$)|^[^“”]*”")
# Straight quotes have no direction: a pair is a quotation; a lone one opens a quotation running
# to the sentence's end when it stands after a space or at the start ("So where we have…), and
# closes one running from the start otherwise (…one hour a week," said the director).
STRAIGHT_PAIR = re.compile(r'"[^"]*"')
STRAIGHT_OPEN = re.compile(r'(?:^|(?<=[\s(:]))"[^"]*$')
STRAIGHT_CLOSE = re.compile(r'^[^"]*"')


def unquoted(sentence: str) -> str:
    """The sentence without the words it quotes: a news report's quoted "we" is the speaker's,
    not the page's."""
    sentence = STRAIGHT_PAIR.sub(" ", QUOTED.sub(" ", sentence))
    return STRAIGHT_CLOSE.sub(" ", STRAIGHT_OPEN.sub(" ", sentence))


def own_voice(sentence: str, voice: re.Pattern | None = None) -> bool:
    """The facility speaks: "we"/"our" (not "our community"), or a sentence opening with its name.
    The writer's "we" about the text ("in this article we'll explore…") is the author speaking,
    not the facility: it is taken out first, so an insurer article that speaks of nobody's care
    is no offer however its writer addresses the reader. So are the words it quotes."""
    sentence = cue("authorial").sub(" ", unquoted(sentence))
    if any(we_words(cue("generic_our").sub(" ", sentence))):
        return True
    return bool(voice and voice.match(sentence))


# "the US", "all US states": the country in capitals, not "us" (round eight: two directories'
# statistics spoke in a facility's voice). A capital before it is a shout ("CALL US"), kept.
COUNTRY = re.compile(r"(?<![A-Z] )(?<![\w-])US(?![\w-])")


def we_words(sentence: str):
    """The facility's "we", "our", "us" in the sentence (cue ``own_voice``), the country's "US"
    not among them: every reader of the own voice asks through here."""
    return cue("own_voice").finditer(COUNTRY.sub("  ", sentence))


def says_it_offers(sentence: str, voice: re.Pattern | None = None) -> bool:
    """The facility is the one offering: its "we"/"our …" or its own name (``voice``, the
    page's company_voice: "New Dawn treats …") then, within three words, an offer verb ("we
    treat", "our clinic provides"); "we ensure you find resources, providing …" is not.
    A Spanish verb carries its subject: "Tratamos la ansiedad" is its own "we treat"."""
    verbs = sorted(
        m.start() for name in ("offer_verb", "offer_perfect") for m in cue(name).finditer(sentence)
    )
    own = any(
        v == m.start() or (0 < v - m.end() <= 30 and len(sentence[m.end() : v].split()) <= 3)
        for m in we_words(sentence)
        for v in verbs
    )
    # the name itself is the subject: "New Season (also) treats", not "SMART Recovery meetings
    # offer" (its meetings speak, not the owner)
    named = voice is not None and any(
        NAME_VERB_GAP.fullmatch(sentence[m.end() : v])
        for m in voice.finditer(sentence)
        for v in verbs
        if v >= m.end()
    )
    return own or named or _owner_clause_offers(sentence, verbs, voice) or _agent(sentence, voice)


def _agent(sentence: str, voice: re.Pattern | None) -> bool:
    """The owner as the agent of a passive offer: "… is provided by Mount Sinai", the name by
    the page's company_voice (its host's spelling, `claims._owner_forms`); round twelve."""
    return voice is not None and any(
        PASSIVE_AGENT.search(sentence, 0, m.end()) for m in voice.finditer(sentence)
    )


PASSIVE_AGENT = re.compile(
    r"\b(?:is|are|was|were|been|be)\s+(?:\w+ly\s+)?(?:provided|offered|delivered)\s+by\s+"
    r"(?:the\s+)?(?-i:[A-Z])[\w'’&. -]*$",
    re.I,
)


NAME_VERB_GAP = re.compile(r"\s*(?:(?:also|now|still|\w+ly)\s+)?", re.I)


def _owner_clause_offers(sentence: str, verbs: list[int], voice: re.Pattern | None) -> bool:
    """An about page's or a release's sentence that opens with the owner ("we", "our …", its
    name) and, later in the same clause, says what it provides: "HDC is now the largest
    community mental health center in the region, providing … addiction services", "HDC's
    mission is to foster recovery by providing …", "ALTR is actively serving its patients"
    (round eleven). No one else may take the clause over on the way ("we help you find
    programs providing …": the reader's, "our partners, who provide …": the partners')."""
    opener = OWNER_OPENS.match(sentence)
    if not opener and voice is not None:
        named = voice.match(sentence)
        # the name must stay the subject: "Cedar Haven meetings offer …" is the meetings' voice
        opener = named if named and NAME_STAYS_SUBJECT.match(sentence, named.end()) else None
    if not opener:
        return False
    # a time or place set between commas after the owner is its own ("DRMM, in its 100 years
    # of service of helping people, has provided …"; round twelve): no one takes the clause
    start = opener.end()
    if aside := OWNER_ASIDE.match(sentence, start):
        start = aside.end()
    return any(
        v >= start
        and len(sentence[opener.end() : v].split()) <= OWNER_CLAUSE_WORDS
        and not cue("clause_taken_over").search(gap := sentence[start:v])
        and not CLAUSE.search(gap)
        for v in verbs
    )


OWNER_OPENS = re.compile(
    r"\W*(?:we|our\s+(?:[\w-]+\s+){0,2}?(?:mission|facility|agency|cent(?:er|re)|clinic|staff"
    r"|team|programs?|services))\b",
    re.I,
)
NAME_STAYS_SUBJECT = re.compile(
    r"\s*(?:['’]s\b|,|(?:is|are|was|has|have|had|will|remains|continues|became|also|now|still|\w+ly)\b)",
    re.I,
)
OWNER_ASIDE = re.compile(rf",\s+(?:{cue('agent_parenthesis').pattern})[^,;:()]{{1,100}},\s+", re.I)
OWNER_CLAUSE_WORDS = 15  # words between the owner and its verb: one clause, not a paragraph


# Payment said in words no synonym can list: public funding ("funded in part by the Ohio
# Department of Mental Health") is state funding; a price for a unit of care ("$150 per
# session", a fee table's "Group Therapy per hour $115") is paying for care oneself; the
# facility taking insurance in general ("we accept many types of insurance", "we bill your
# insurance company") is private insurance, as "most major insurance" is; "services are free"
# is free care; "fees are based on household income" is a sliding scale; the client paying the
# fee or bill ("you will pay the fee for counseling", "the fee for uninsured patients") is
# paying for care oneself; so is a sober house's rent ("rent is due each Friday", "first
# week's rent $200"): the resident pays the house; so does a live-in programme's entrance fee
# or deposit ("an entrance fee of $1,100", "Intake Deposit: $1,500"). A club's dues are not
# care paid for (rule membership_dues). The facility doing the client's insurance paperwork
# ("we will verify your benefits", "we then seek insurance authorization", "prepare the
# insurance claim forms for you") takes insurance too, unless it says it is out of network
# (page._out_of_network): then the paperwork is help with reimbursement.
PAYMENT_CUES = (
    ("state_funded", "public_funding"),
    ("self_pay", "price"),
    ("private_insurance", "insurance_accepted"),
    ("private_insurance", "insurance_paperwork"),
    ("free", "free_care"),
    ("sliding_scale", "income_fees"),
    ("self_pay", "client_pays"),
    ("self_pay", "rent_paid"),
)
# A condition said in words rather than by its name: one person with both a mental illness and
# a substance use disorder ("for patients diagnosed with both mental illness and substance use
# disorder", "the co-occurrence of mental health and substance abuse disorders") is
# co-occurring (cue co_occurrence); "we treat mental health and substance use disorders" names
# two conditions, not both in one person, and stays two.
CONDITION_CUES = (("co_occurring", "co_occurrence"),)
# Care a person comes in for, said in other words ("Counseling appointments are 45 minutes
# long", cue session_care): no slug of the record's own; it is the level the vocabulary says it
# is (``offered_as``: outpatient) where the provider names no level at all. So is a clinic's
# procedure a person comes in for and goes home from the same day (cue clinic_procedure:
# ketamine infusions, Spravato, TMS): such clinics name no level and no session.
SESSIONS = ("care", "sessions")
# A sober house's own rules set a curfew at a stated hour ("Curfew is 11 pm on weeknights",
# cue house_curfew): a guide to sober living says "there is usually a curfew" and names no
# hour. Like sessions, it is the level the vocabulary says (sober_living) where none is named.
HOUSE_RULES = ("care", "house_rules")
# A youth programme's live-in stay told by where its residents live and learn ("each lives in
# a cottage", "residents attend school on campus", "psychoeducation for parents and residents",
# cue residents_live_in): a school, ranch or campus, not the word "residential". It is the level
# the vocabulary says (residential) where none is named; a sober house's "home" is not a place.
LIVE_IN = ("care", "live_in")
# A stay at the facility said without its level: "during their stay at our facility", "the
# average stay … is 30-45 days", a house meeting each evening, a psychiatrist on call around the
# clock (cue stay_signs). No level of its own (a hospital, a rehab and a sober house all have
# stays), but sessions and medication inside a stay are part of it, never outpatient
# (``site._levels_in_other_words``).
STAY = ("care", "stay")
CARE_IN_WORDS = (SESSIONS, HOUSE_RULES, LIVE_IN, STAY)
# (facet, slug, cue): the cues that say care in other words, one row each
CARE_IN_WORDS_CUES = (
    (*SESSIONS, "session_care"),
    (*SESSIONS, "clinic_procedure"),
    (*HOUSE_RULES, "house_curfew"),
    (*LIVE_IN, "residents_live_in"),
    (*STAY, "stay_signs"),
)


@lru_cache(maxsize=50_000)  # every rule asks again for the terms of the sentence it judges
def terms(text: str, facets: tuple[str, ...] = (*TEXT_FACETS, SESSIONS[0])) -> tuple[Mention, ...]:
    """The vocabulary's terms in ``text``, payment and conditions stated in the words of
    PAYMENT_CUES and CONDITION_CUES, and sessions a person comes in for; every rule judges
    them alike."""
    found = find(text, tuple(f for f in facets if f != SESSIONS[0]))
    if "levels_of_care" in facets:
        found = _hospital_stays(text, found)
    said = [("payment", slug, name) for slug, name in PAYMENT_CUES]
    said += [("conditions", slug, name) for slug, name in CONDITION_CUES]
    for facet, slug, name in [*said, *CARE_IN_WORDS_CUES]:
        if facet in facets:
            found += [
                Mention(facet, slug, m.start(), m.end(), m[0]) for m in cue(name).finditer(text)
            ]
    return tuple(found)


def card_terms(heading: str, card: str) -> tuple[Mention, ...]:
    """A card's heading read with its line: "Inpatient Care" over "Crisis stabilization and
    psychiatric care, 24 hours a day" names the hospital's stay, as the two would in one
    sentence; over "a home-like ranch for 30 days" it stays a rehab's words. A sentence is
    read with its paragraph alike: "During your inpatient stay, nurses give your medication"
    after "your psychiatrist sees you daily" is that hospital's stay."""
    found = list(terms(heading))
    if cue("hospital_context").search(heading) or not cue("hospital_context").search(card):
        return tuple(found)
    return tuple(_hospital_stays(heading, found, beside_hospital=True))


def _hospital_stays(text: str, found: list[Mention], beside_hospital=False) -> list[Mention]:
    """A stay in a hospital's words: its inpatient or behavioral health unit, its inpatients,
    a stay on "our unit", and "inpatient treatment" or "in-patient care" beside a hospital, a
    unit or acute or psychiatric care are hospital inpatient care; on a rehab's page
    "inpatient treatment" is a residential stay (the vocabulary's reading)."""
    stays = list(cue("hospital_unit").finditer(text))
    if beside_hospital or cue("hospital_context").search(text):
        stays += cue("hospital_stay").finditer(text)
    if not stays:
        return found

    def within(m: Mention, slug: str) -> bool:
        return m.slug == slug and any(s.start() < m.end and m.start < s.end() for s in stays)

    kept = [m for m in found if not within(m, "residential")]
    said = [
        Mention("levels_of_care", "inpatient", s.start(), s.end(), s[0])
        for s in stays
        if not any(within(m, "inpatient") and m.start <= s.start() < m.end for m in kept)
    ]
    return kept + said


@dataclass(frozen=True)
class Context:
    sentence: str
    mention: Mention
    voice: re.Pattern | None = None


def _occurrences(ctx: Context) -> list[Mention]:
    """The mention as the vocabulary finds it in its sentence (overlapping synonyms included):
    each occurrence is judged on its own, so "We accept Medicare, but Medicare Advantage plans
    are out of network" offers the first and negates the second."""
    m = ctx.mention
    return [
        o
        for o in terms(ctx.sentence, (m.facet,))
        if o.slug == m.slug and o.start < m.end and o.end > m.start
    ] or [m]


def _clauses_of_slug(ctx: Context):
    for other in _occurrences(ctx):
        yield clause(ctx.sentence, other)


def _in_clause(name: str):
    return lambda ctx: any(cue(name).search(c) for c in _clauses_of_slug(ctx))


def _hypothetical(ctx: Context) -> bool:
    """Asking "whether they offer detox" is no offer; "whether you're dealing with OCD or
    PTSD, we're here to help" is: a reader's condition in a whether-clause whose sentence the
    facility speaks means "no matter which of these", so each one is treated here; so is one
    the reader is "seeking support for" (round twelve)."""
    if cue("whether_you_have").search(ctx.sentence) and own_voice(ctx.sentence, ctx.voice):
        return False
    # "whether you're seeking support for depression or addiction, we're here to help": the
    # reader's condition, what the facility then answers for (round twelve); a level or a payer
    # sought ("whether you're looking for detox") may still be the reader's choice elsewhere
    if (
        ctx.mention.facet == "conditions"
        and cue("whether_you_seek").search(ctx.sentence)
        and own_voice(ctx.sentence, ctx.voice)
    ):
        return False
    return _in_clause("hypothetical")(ctx)


def _after_cue(name: str):
    """The cue stands before the term in its clause: "IOP is an alternative to inpatient care"
    compares inpatient care with the IOP it describes, which stays offered."""

    def test(ctx: Context) -> bool:
        for other in _occurrences(ctx):
            text = clause(ctx.sentence, other)
            at = other.start - ctx.sentence.find(text)
            if any(c.end() <= at for c in cue(name).finditer(text)):
                return True
        return False

    return test


def _negated(ctx: Context) -> bool:
    """Negation has a direction, as in ConText: "we do not offer detox" negates what follows
    the cue in its clause, "detox is no longer offered" what precedes it; "…for people with
    opiate dependence who are unable to stay sober" negates neither."""
    for other in _occurrences(ctx):
        text = clause(ctx.sentence, other)
        begin = ctx.sentence.find(text)
        at = other.start - begin
        label = ctx.sentence[begin + len(text) :].lstrip().startswith(":")
        if label:  # "Aetna: out-of-network only" — what follows the colon says it of the label
            text = ctx.sentence[begin:]
            if says_no(text.split(":", 1)[1]):
                return True  # "Detox: No", an availability list's answer
        text = cue("pseudo_negation").sub(lambda p: "_" * len(p[0]), text)  # same offsets
        if any(n.end() <= at for n in cue("negation").finditer(text)):
            return True
        if any(_near_no(text, n, at) for n in cue("negation_near").finditer(text)):
            return True  # "no beds and no detox": "no" reaches the noun it stands before
        if any(n.start() >= at for n in cue("negation_after").finditer(text)):
            return True
    return False


def says_no(text: str) -> bool:
    """A bare "No", "✗" or "Not available": an availability list's or table's answer."""
    return bool(cue("bare_no").fullmatch(text.strip(" \t.;!")))


NEAR = 2  # words a "no" may stand before its noun ("no on-site detox")


def _near_no(text: str, n: re.Match, at: int) -> bool:
    """A "no" a word or two before the term, and not itself part of a term ("no cost")."""
    inside = any(t.start <= n.start() < t.end for t in find(text))
    return n.end() <= at and len(text[n.end() : at].split()) <= NEAR and not inside


OWN_OBJECT = re.compile(
    rf"\b(?:through|in|with|at|by|via|during|within)\b|{cue('offer_verb').pattern}", re.I
)


def _object_of(name: str):
    """The term is what the cue acts on: named a word or two after it in its clause, other
    terms and "and"/"or" between ("do not require detox or a residential program"), and no
    verb or preposition of its own ("promote recovery and offer IOP", "promote wellness
    through detox")."""

    def test(ctx: Context) -> bool:
        for other in _occurrences(ctx):
            text = clause(ctx.sentence, other)
            at = other.start - ctx.sentence.find(text)
            for c in cue(name).finditer(text):
                between = _without_terms(text[c.end() : at]) if c.end() <= at else ""
                words = [w for w in between.replace(",", " ").split() if w not in ("or", "and")]
                if c.end() <= at and len(words) <= NEAR and not OWN_OBJECT.search(between):
                    return True
        return False

    return test


def _prerequisite(ctx: Context) -> bool:
    """A level a person must have had before coming ("Medical detox is required prior to
    entry", "clients must complete detox before admission to our sober homes"): named before
    the entry it must precede, in a clause that requires it, it is care had elsewhere."""
    if ctx.mention.facet != "levels_of_care":
        return False
    for other in _occurrences(ctx):
        text = clause(ctx.sentence, other)
        end = other.end - ctx.sentence.find(text)
        for entry in cue("before_entry").finditer(text):
            if entry.start() >= end and cue("requirement").search(text[: entry.start()]):
                return True
    return False


def _level_elsewhere(ctx: Context) -> bool:
    return ctx.mention.facet == "levels_of_care" and _in_clause("elsewhere_level")(ctx)


def _level_arranged(ctx: Context) -> bool:
    """ "Arrangements for outpatient care or follow-up", "we arrange for detox at the
    hospital": care the facility arranges is given by someone else (round eleven)."""
    return ctx.mention.facet == "levels_of_care" and _object_of("arranged_for")(ctx)


def _prior_treatment(ctx: Context) -> bool:
    """A level a person has already had, named as who is admitted ("symptoms that persist despite
    outpatient therapy", "has not responded to outpatient care", "failed detox attempts", "for
    whom outpatient programs do not work"): the person's history, not the facility's offer
    (RECORD.md §1; round eleven)."""
    if ctx.mention.facet != "levels_of_care":
        return False
    if _object_of("prior_treatment")(ctx):
        return True
    for other in _occurrences(ctx):
        text = clause(ctx.sentence, other)
        end = other.end - ctx.sentence.find(text)
        for c in cue("prior_treatment_after").finditer(text):
            between = _without_terms(text[end : c.start()]).split()
            words = [w for w in between if w not in ("or", "and")]
            if c.start() >= end and len(words) <= AFTER_SUBJECT:
                return True
    return False


# words between a level and its "did not work" ("outpatient day programs have failed")
AFTER_SUBJECT = 4


def _self_definition(ctx: Context) -> bool:
    """The term defines itself: "Sober living offers a stable place to live", or a glossary
    entry "Medical Detox: Detoxification focuses on getting through withdrawal safely"."""
    if own_voice(ctx.sentence, ctx.voice):
        return False
    term, colon, definition = ctx.sentence.partition(":")
    if colon and ctx.mention.end <= len(term) and len(term.split()) <= 6:
        first = find(definition)
        if first and _defines(definition, first[0].start - 0, first[0].end):
            return True
    text, offset = (
        (definition, len(term) + 1)
        if colon and ctx.mention.start > len(term)
        else (ctx.sentence, 0)
    )
    return _defines(text, ctx.mention.start - offset, ctx.mention.end - offset)


def _in_a_kinds_definition(ctx: Context) -> bool:
    """ "An intensive outpatient program is versatile and can be used as continuing care after
    inpatient treatment": a sentence whose subject is a level as a kind (an indefinite article
    before it) describes that kind, and the other levels it names belong to the description."""
    article = INDEFINITE.match(ctx.sentence)
    if ctx.mention.facet != "levels_of_care" or not article:
        return False
    levels = [m for m in find(ctx.sentence) if m.facet == "levels_of_care"]
    return bool(
        levels
        and levels[0].start == article.end()
        and _defines(ctx.sentence, levels[0].start, levels[0].end)
        and not own_voice(ctx.sentence, ctx.voice)
    )


INDEFINITE = re.compile(r"\W*an?\s+", re.I)


def _defines(text: str, start: int, end: int) -> bool:
    """Whether the term at text[start:end] opens the text, or names the opening term again (its
    alias in "A partial hospitalization program, or PHP, is…", or what it is said to be in
    "…, is a very structured day program"), and a defining verb follows the subject."""
    # "A PHP is…" defines the kind; "The IOP is…" describes the page's own programme
    head = re.match(r"\s*(?:[Aa]n?|the)?\s*", text).end()
    if start > head + 1:
        terms = find(text)
        opening = [m for m in terms if m.start <= head + 1]
        slug = {m.slug for m in terms if m.start == start}
        if not opening or slug != {opening[0].slug}:
            return False
        end = opening[0].end
    rest = " " + text[_subject_end(text, end) :]
    if re.match(rf"\s*(?:is|are)\s+(?:\w+\s+)?{cue('offer_predicate').pattern}", rest, re.I):
        return False
    return bool(re.match(rf"\s*{cue('self_definition_verb').pattern}", rest, re.I))


SUBJECT_WORD = re.compile(r"\s*(?:\([^)]*\)|program|programs|treatment|care|services?)", re.I)
# a guide names the term it defines twice: "…, or day hospital,", "(IOP), also known as an
# intensive outpatient treatment (IOT) program," before the verb
ALIAS = (
    r"\s*,?\s*(?:or|also (?:known as|called)"
    r"|(?:sometimes |often |also )*(?:called|referred to as))"
)


def _subject_end(text: str, end: int) -> int:
    """Where the subject the term at ``end`` opens ends: its programme word and its alias."""
    word = SUBJECT_WORD.match(text, end)
    end = word.end() if word else end
    verb = cue("self_definition_verb").pattern
    alias = re.compile(rf"{ALIAS}\s+[^,.;:]{{1,60}}?,?(?=\s+{verb})", re.I).match(text, end)
    return alias.end() if alias else end


def _generic(ctx: Context) -> bool:
    if own_voice(ctx.sentence, ctx.voice) or cue("your_care").search(ctx.sentence):
        return False  # "your plan may include group therapy": what care here includes
    return generic_talk(ctx.sentence)


def generic_talk(text: str) -> bool:
    """General talk ("most programs", "typically"), the vocabulary's own terms aside: "most
    major insurance" is a term, not a generic subject, and so is a quantifier of a payer
    ("accepts Medicaid and most private insurance", "Most private insurance plans are
    accepted"): it says how many plans, not that it speaks of programs in general."""
    return bool(cue("generic_subject").search(_without_terms(_payers_quantified(text))))


def _payers_quantified(text: str) -> str:
    """The text without the quantifiers that stand right before a payment term or an insurer
    ("most", "many of the", "nearly all major"): "most people pay privately" keeps its "most"."""
    for m in sorted(find(text, ("payment", "insurers")), key=lambda m: m.start, reverse=True):
        before = PAYER_QUANTIFIER.search(text[: m.start])
        if before:
            text = text[: before.start()] + " " * (m.start - before.start()) + text[m.start :]
    return text


PAYER_QUANTIFIER = re.compile(
    r"\b(?:most|many|all|nearly all|almost all|virtually all|the majority)(?:\s+of)?(?:\s+(?:the|our))?"
    r"(?:\s+(?:forms|types|kinds)\s+of)?(?:\s+(?:major|other|private|commercial))*\s+$",
    re.I,
)


def _without_terms(text: str) -> str:
    """The sentence without its vocabulary terms and numbered grades ("Level I.1", "Phase II"),
    whose roman "I" is nobody speaking."""
    for other in find(text):
        text = text.replace(other.text, " ")
    return ROMAN_GRADE.sub(" ", text)


ROMAN_GRADE = re.compile(r"\b(?:level|phase|stage|step|tier|type|class)\s+[IVX]+\b(?:\.\d+)?", re.I)


def _other_experiencer(ctx: Context) -> bool:
    """A patient's own story ("before I came here I went through detox"); a term's own words
    ("Bipolar I and II") are no speaker."""
    text = _without_terms(ctx.sentence)  # the voice is read whole: "I am an in-network provider"
    return bool(cue("other_experiencer").search(text)) and not own_voice(ctx.sentence, ctx.voice)


def _biography(ctx: Context) -> bool:
    """A person's history ("she has worked in detox units"), not the facility's own definition
    ("Maple Wellness is a boutique outpatient center … with experience in addiction")."""
    return (
        bool(cue("biography").search(ctx.sentence))
        and not any(we_words(ctx.sentence))
        and not _defines_a_facility(ctx.sentence)
    )


def _history(ctx: Context) -> bool:
    """ "1981 Hope Harbor transferred services to the … Council", "the primary diagnoses at the
    time were alcohol and cocaine": a past told as past (a year or "at the time", a verb in the
    past tense, nothing that says it still is so: "is", "continues", "since", "today"), not in
    the facility's own "we". What the place was, not what it offers (round twelve)."""
    s = ctx.sentence
    return (
        bool(cue("dated_past").search(s) and cue("told_in_past").search(s))
        and not cue("still_so").search(s)
        and not any(we_words(s))
    )


def _clients_own_money(ctx: Context) -> bool:
    """ "a $3 per week allowance", "Temporary Cash Assistance", "any government financial aid
    they are currently receiving", "cash … quarters for the washing machines": money the client
    has or receives (a benefit, an allowance, pocket money) is no way of paying for care here
    (round twelve)."""
    return ctx.mention.facet == "payment" and _within(
        ctx.mention, cue("clients_own_money"), ctx.sentence
    )


def _defines_a_facility(sentence: str) -> bool:
    """ "Maple Wellness is a boutique outpatient treatment center …": a name defining itself."""
    return bool(FACILITY_DEFINITION.match(sentence))


FACILITY_DEFINITION = re.compile(
    r"\s*(?:the\s+)?[A-Z][\w®&'’.-]*(?:\s+[A-Z][\w®&'’.-]*){0,4}\s+is\s+an?\s+(?:[\w-]+\s+){0,6}"
    r"(?:cent(?:er|re)|clinic|program(?:me)?|practice|facility|provider|agency|organi[sz]ation"
    r"|hospital)\b"
)


def length_of_stay(text: str, mention: Mention) -> bool:
    """ "30 Day Program", "90 day programs": a length of stay, not a day program, wherever it
    stands (a sentence, a heading, a link)."""
    before = text[: mention.start]
    return mention.text.lower().startswith("day") and bool(re.search(r"\d\s*-?\s*$", before))


def _duration(ctx: Context) -> bool:
    return length_of_stay(ctx.sentence, ctx.mention)


def in_a_name(text: str, mention: Mention) -> bool:
    """ "Santa Monica Rehab Treatment Center", "Drug Rehab Treatment Centers": a level named as
    the kind of institution that closes a name (capitalised words before it: a place, a
    founder, a brand) is the organisation's name, wherever it stands (a title, a heading, a
    logo link, "At Santa Monica Rehab Treatment Center, we offer IOP and PHP"). "Our
    Residential Treatment Center", "Adult Residential Treatment Center" and a heading that
    opens with the level name a programme."""
    words = mention.text.split()
    if mention.facet != "levels_of_care" or not cue("institution").fullmatch(words[-1]):
        return False
    if not all(w[:1].isupper() for w in words):
        return False  # "our rehab treatment center" in a sentence is the facility's own
    run = NAME_BEFORE.search(text[: mention.start])
    return bool(run) and any(_name_word(w) for w in run[0].split())


def _name_word(word: str) -> bool:
    """A word of a proper name before a level: not an opener ("At", "Our") nor the people a
    programme serves ("Adult Residential Treatment Center" is a programme, not a name)."""
    return not cue("name_opener").fullmatch(word) and not find(word, ("populations",))


# The capitalised words standing right before a term, on its line ("Santa Monica ", "At Drug ")
NAME_BEFORE = re.compile(r"(?:[A-Z][\w'’&.-]*[ \t]+)+$")


def _level_in_name(ctx: Context) -> bool:
    return in_a_name(ctx.sentence, ctx.mention)


def _compound(ctx: Context) -> bool:
    """ "MAT-friendly", "alcohol-free", "detox referrals": the term modifies something else."""
    # "MAT-friendly", or a suspended hyphen: "alcohol- and drug-free"
    after = re.match(r"-(?:\s+(?:and|or|&)\s+[\w-]+?-)?(\w+)", ctx.sentence[ctx.mention.end :][:40])
    if after and cue("compound_not_offer").fullmatch(after[1]):
        return True
    # "a minimum out-of-pocket cost": the insured client's share of a bill, not paying oneself
    if ctx.mention.slug == "self_pay" and _within(ctx.mention, cue("pocket_share"), ctx.sentence):
        return True
    # "medication free treatment", "a drug-free program": care without the substance, not care
    # without charge
    if ctx.mention.slug == "free" and cue("free_of").search(ctx.sentence[: ctx.mention.start]):
        return True
    # "detox referrals": care elsewhere; a payer's "VA Community Care referrals" is still the VA
    rest = ctx.sentence[ctx.mention.end :]
    space = re.match(r"\s+", rest)
    return (
        ctx.mention.facet == "levels_of_care"
        and bool(space)
        and bool(cue("compound_noun").match(rest, space.end()))
    )


def _within(m: Mention, pattern: re.Pattern, text: str) -> bool:
    return any(s.start() <= m.start < s.end() for s in pattern.finditer(text))


def _coverage_talk(ctx: Context) -> bool:
    """ "Insurance plans usually cover residential treatment": what insurers pay for."""
    return bool(cue("coverage_talk").search(ctx.sentence)) and not own_voice(
        ctx.sentence, ctx.voice
    )


def _payment_of_others(ctx: Context) -> bool:
    """ "Ask your plan for in-network providers who take new patients", "the benefits offered
    under their Medicaid programs", "programs that accepted Medicaid": the payment of other
    places or a payer's own benefits, never this place's (round ten, art10); in the facility's
    own voice ("our in-network providers") it is its own."""
    return (
        ctx.mention.facet in ("payment", "insurers")
        and bool(cue("payment_of_others").search(ctx.sentence))
        and not own_voice(ctx.sentence, ctx.voice)
    )


def _ancillary_free(ctx: Context) -> bool:
    """ "Drug testing is free of charge": a free extra, not free treatment."""
    return ctx.mention.slug == "free" and any(
        cue("ancillary").search(c) for c in _clauses_of_slug(ctx)
    )


def _intake_step(ctx: Context) -> bool:
    """ "After a medical and psychiatric evaluation, the team designs a plan": the assessment
    that admits a person is a step of admission, not psychiatric care given (round eight)."""
    return ctx.mention.facet == "services" and _within(
        ctx.mention, cue("intake_step"), ctx.sentence
    )


def _paid_by_employer(ctx: Context) -> bool:
    """ "EAP sessions are paid by your employer, at no cost to you": an employer's benefit
    pays for those sessions; the care is not free."""
    return ctx.mention.slug == "free" and _in_clause("employer_paid")(ctx)


def _funding_elsewhere(ctx: Context) -> bool:
    """ "secured state funding for public safety", "a research network funded by the National
    Institute", "all grant-funded programs must report": the money pays for a study, a building
    or other programs, not for a person's care here (round nine)."""
    return ctx.mention.slug == "state_funded" and _sentence_cue("funding_elsewhere")(ctx)


def _membership_dues(ctx: Context) -> bool:
    """ "Dues are $10 per month", "$12.50 a month donation for individual membership": a club's
    members keep its rooms open; they pay for no care (a 12-step clubhouse gives none)."""
    return ctx.mention.facet == "payment" and _in_clause("membership_dues")(ctx)


def _cost_estimate(ctx: Context) -> bool:
    """ "Residential rehab can cost anywhere from $10,000 per month": what care costs in
    general, not this facility's price, unless the facility says it of itself."""
    return (
        bool(cue("price").fullmatch(ctx.mention.text))
        and bool(cue("cost_estimate").search(ctx.sentence))
        and not own_voice(ctx.sentence, ctx.voice)
    )


_CLAIM_CUE_BEFORE = _after_cue("client_claim")


def _client_claim(ctx: Context) -> bool:
    """ "A superbill you can submit to Aetna or Cigna": the client claims from the carrier,
    the facility is out of its network (a cue before the payer, in its clause)."""
    return ctx.mention.facet in ("payment", "insurers") and _CLAIM_CUE_BEFORE(ctx)
    for other in _occurrences(ctx):
        text = clause(ctx.sentence, other)
        at = other.start - ctx.sentence.find(text)
        if any(c.end() <= at for c in cue("client_claim").finditer(text)):
            return True
    return False


def _level_in_copyright(ctx: Context) -> bool:
    """ "© 2023 Palm Springs Rehab Treatment Center": a level word in the holder's name is no
    offer (a level needs a statement; the field words of a tagline there still count)."""
    return ctx.mention.facet == "levels_of_care" and bool(cue("copyright").search(ctx.sentence))


def _qualified_away(ctx: Context) -> bool:
    """ "Secondary trauma" (a clinician's), "generational trauma": the qualifier makes the
    condition word something other than the condition treated."""
    before = ctx.sentence[: ctx.mention.start].rstrip().rsplit(None, 1)
    return ctx.mention.facet == "conditions" and bool(
        before and cue("qualified_away").fullmatch(before[-1])
    )


def _symptom_of_something_else(ctx: Context) -> bool:
    """ "Withdrawal symptoms such as anxiety and depression", "drinking may result in … depression",
    "depressive thoughts": a symptom, a consequence or a passing state, not a condition treated."""
    if ctx.mention.facet != "conditions":
        return False
    before = CLAUSE.split(ctx.sentence[: ctx.mention.start])[-1]  # its clause, up to it
    return (
        any(cue("symptom_talk").search(c) for c in _clauses_of_slug(ctx))
        or bool(cue("consequence").search(before))
        or bool(cue("passing_state").match(ctx.sentence[ctx.mention.end :].lstrip()))
    )


def _insurer_in_other_name(ctx: Context) -> bool:
    """ "Kaiser Health News", "the Aetna Foundation": a newsroom or charity named after an
    insurer is a source or a donor, not a plan the facility takes."""
    after = ctx.sentence[ctx.mention.end :][:40]
    return ctx.mention.facet == "insurers" and bool(cue("other_body").match(after.lstrip()))


def _possessed(ctx: Context) -> bool:
    """ "Step down to our sober living", "refer them to our IOP": the facility's own, whatever
    the transition or referral around it."""
    return bool(OUR_BEFORE.search(ctx.sentence[: ctx.mention.start]))


def _one_of_the_others(ctx: Context) -> bool:
    """ "Unlike other IOPs, ours meets at night", "affordable compared to other residential
    programs": a facility comparing itself with others of a kind is one of that kind; and what
    it says of itself after "Unlike many programs," is its own ("…, we accept Medicaid")."""
    before = ctx.sentence[: ctx.mention.start]
    lead = LEADING_CONTRAST.match(ctx.sentence)
    said_after = bool(lead and ctx.mention.start >= lead.end())
    return (bool(OTHER_BEFORE.search(before)) or said_after) and own_voice(ctx.sentence, ctx.voice)


OUR_BEFORE = re.compile(r"\bour\s+(?:own\s+)?$", re.I)
LEADING_CONTRAST = re.compile(r"^\W*(?:unlike|compared (?:to|with)|in contrast to)\b[^,;:]*,", re.I)
OTHER_BEFORE = re.compile(
    r"\b(?:unlike|than|(?:compared?|comparison|relative|similar)\s+(?:to|with))"
    r"\s+(?:(?:many|most|all|the)\s+)?other\s+$",
    re.I,
)


def _a_place_offers(ctx: Context) -> bool:
    """ "The state offers numerous options, from inpatient programs to outpatient services",
    "Florida is home to treatment centers, halfway houses and 12-step programs": the sentence's
    subject is a state, a region or the country, so what it names is on offer somewhere there,
    not at the facility whose page it is. Cities and counties are left out: they run clinics of
    their own ("the county offers walk-in counselling")."""
    return bool(_place_offers().match(ctx.sentence)) and not own_voice(ctx.sentence, ctx.voice)


@cache
def _place_offers() -> re.Pattern:
    """A sentence opening with a place as its subject ("Tennessee", "the state of Florida",
    "Alabama's behavioral health system") and an offer verb right after it."""
    states = "|".join(n.replace(" ", r"\s+") for n in sorted(STATES, key=len, reverse=True))
    place = rf"{cue('place_subject').pattern}|(?:the\s+state\s+of\s+)?(?:{states})\b"
    verb = rf"{cue('offer_verb').pattern}|{cue('place_has').pattern}"
    return re.compile(rf"^\W*(?:{place})(?:['’]s?(?:\s+[\w-]+){{1,4}}?)?\s+(?:{verb})", re.I)


def _not_own(test):
    """The rule, unless the level is the facility's own by possession or by comparison."""
    return lambda ctx: not (_possessed(ctx) or _one_of_the_others(ctx)) and test(ctx)


def _sentence_cue(name: str):
    return lambda ctx: bool(cue(name).search(ctx.sentence))


# (reason, test): the first test that holds says the mention is not an offer, and why.
SENTENCE_RULES = (
    ("copyright", _level_in_copyright),
    ("in_a_name", _level_in_name),
    ("compound", _compound),
    ("qualified_away", _qualified_away),
    ("other_body", _insurer_in_other_name),
    ("symptom", _symptom_of_something_else),
    ("question", lambda ctx: "?" in ctx.sentence),
    ("duration", _duration),
    # "disorders that do not require detoxification": a level a person does not need
    ("not_needed", _object_of("negated_need")),
    ("negated", _negated),
    ("not_yet", _sentence_cue("not_yet")),
    ("comparison", _not_own(_in_clause("comparison"))),
    ("comparison", _not_own(_after_cue("compared_to"))),
    ("elsewhere", _not_own(_in_clause("elsewhere"))),
    ("elsewhere", _not_own(_level_elsewhere)),
    ("elsewhere", _not_own(_level_arranged)),
    ("prerequisite", _not_own(_prerequisite)),
    # "despite outpatient therapy", "for whom outpatient programs do not work": had before
    ("prior_treatment", _not_own(_prior_treatment)),
    ("help_applying", _not_own(_in_clause("help_applying"))),
    # "our mission is to promote PHP", "our member programs include detox": an association's
    # voice names the care it promotes or its members give, never its own
    ("advocacy", _not_own(_object_of("advocacy"))),
    ("a_place_offers", _a_place_offers),
    # "ask about our telehealth visits", "…, which means we provide IOP": the facility's own offer,
    # not advice to the reader nor a definition (their cues spare "ask about our", "means we")
    ("hypothetical", _hypothetical),
    ("definition", _sentence_cue("definition")),
    ("definition", _self_definition),
    ("definition", _in_a_kinds_definition),
    ("other_experiencer", _other_experiencer),
    ("biography", _biography),
    ("coverage_talk", _coverage_talk),
    ("payment_of_others", _payment_of_others),
    ("cost_estimate", _cost_estimate),
    ("client_claim", _client_claim),
    ("generic", _generic),
    ("ancillary_free", _ancillary_free),
    ("intake_step", _intake_step),
    ("employer_paid", _paid_by_employer),
    ("membership_dues", _membership_dues),
    ("clients_own_money", _clients_own_money),
    ("funding_elsewhere", _funding_elsewhere),
    # "in 1981 the program moved to …": what the place was, not what it offers
    ("history", _history),
)


def rejected(sentence: str, mention: Mention, voice: re.Pattern | None = None) -> str | None:
    """Why this mention in this sentence is not an offer, or None when it is one."""
    ctx = Context(sentence, mention, voice)
    for reason, test in SENTENCE_RULES:
        if test(ctx):
            return reason
    return None
