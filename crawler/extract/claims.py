"""Offered or merely mentioned? Decide, block by block, which vocabulary mentions are claims.

On a provider's own page a mention is an offer unless a rule in ``rules.py`` says otherwise.
Where a block stands decides first (a testimonial, a blog or FAQ section, a glossary, a "what we
don't offer" list, a section of signs and symptoms); then each sentence is read by the sentence
rules. Articles, FAQ answers and question sections count only what the facility says in its own
voice. Headings, navigation links and logos have rules of their own.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from urllib.parse import urlsplit

from carefinder import gazetteer, placenames
from carefinder.mentions import Mention, find, grid_name
from crawler.extract import rules
from crawler.extract.dom import LINK_WORDS, Block, Page
from crawler.extract.rules import cue, cue_run, own_voice

# a blog or news folder, a dated path, or a page named as a question of definition
# ("/what-is-an-intensive-outpatient-program"): a guide for readers, whoever hosts it
ARTICLE_URL = re.compile(
    r"/(blog|news|articles?|posts?|resources|insights|learn|library|press)(?:/|\.\w+$)|/\d{4}/\d{2}/"
    r"|/what-(?:is|are)-[\w-]+",
    re.I,
)
STANDARD_OUTPATIENT = re.compile(
    r"\b(regular|standard|traditional|general|weekly|individual)\b", re.I
)
LIST_JOIN = re.compile(r"\s*(?:\([^)]*\))?\s*(?:,|and|&|or|\||/|,\s*and)\s*", re.I)
TITLE_SPLIT = re.compile(r"\s+[|–—:•·-]\s+")
# Words in a short line: a tagline, a list item typed as a line, a card's or a menu's heading.
SHORT_LINE = 6


@dataclass(frozen=True)
class Claim:
    facet: str
    slug: str
    quote: str
    kind: str  # the kind of block it came from
    block: int = -1  # that block's index in the page
    why: str = ""  # what makes it an offer (or, in a page's ``rejected``, why it is none)


def article_page(url: str) -> bool:
    return bool(ARTICLE_URL.search(url))


def explainer_page(page: Page) -> bool:
    """A page that mostly asks and answers general questions (an article or a guide), or that
    calls itself one ("In this detailed guide, we'll cover …", "By the end of this read, you
    …": its writer's "we" is no organisation's; round twelve)."""
    text = " ".join(b.text for b in page.blocks if b.kind in ("para", "item", "heading"))
    return (
        article_page(page.url)
        or text.count("?") >= 6
        or bool(cue("calls_itself_a_guide").search(text))
    )


def company_voice(page: Page) -> re.Pattern | None:
    """Sentences that open with the organisation's name speak for it ("Quiet Waters is ..."),
    and so, on its own page for a programme (not an article), do sentences whose subject is that
    programme: a hospital writes "The partial hospitalization program treats …" where a rehab
    writes "our PHP"."""
    host = host_names(page)
    names = {
        name
        for part in TITLE_SPLIT.split(page.title)
        if (name := _title_name(part))
        and not cue("generic_subject").search(part)
        and not cue("named_thing").fullmatch(part.split()[-1])  # "… Benefits Book", "… Technician"
        and not find(part)  # a topic ("The Matrix Model, explained"), not the organisation
        and not _title_not_a_name(page, part, name, host)
    }
    names |= host
    names |= _aliases(page, names)
    short = _short_names(page) - names
    if not explainer_page(page):  # an article's programmes are the field's, not the owner's
        programmes = _programme_names(page)
        names |= _programme_aliases(page)
    else:
        programmes = set()
    levels = _level_programmes(page, host | short)
    if not names and not short and not programmes and not levels:
        return None
    alts = (
        "|".join(
            [re.escape(n) for n in sorted(names, key=len, reverse=True)]
            # its short name, not the first word of another name ("Mercy Foundation" is another)
            + [rf"{re.escape(n)}(?!\s+(?-i:[A-Z]))" for n in sorted(short, key=len, reverse=True)]
        )
        or "(?!)"
    )
    own = "|".join(sorted(programmes, key=len, reverse=True)) or "(?!)"
    # "Behavioral health facilities offer …" under the title "Behavioral Health": the title's
    # words before a lower-case plural name a kind of place, not this one
    kind = cue("class_noun_plural").pattern
    owner = host | _aliases(page, host)  # the host's names and their short forms, read once
    name = rf"(?:the\s+|at\s+)?(?:{alts})\b(?!\s+{kind})"
    bare = rf"(?:{alts})\b(?!\s+{kind})"  # after an unmarked lead, "at X" is a place, not X
    # its own staff speak for it: "The experts at X design …" (round ten, rehab10)
    staff = rf"the\s+(?:[\w-]+,?\s+(?:and\s+)?){{0,4}}?{cue('owner_staff').pattern}\s+at\s+"
    return re.compile(
        rf"^(?:(?:{DATELINE})?{name}|{FRONTED}{name}{NAME_THEN_VERB}|{staff}{name}"
        rf"|{UNMARKED_LEAD}{bare}{NAME_THEN_VERB}"
        rf"|{_owner_forms(owner)}"
        rf"|{_care_at_owner(owner | short)}"
        rf"|the\s+(?:[\w/-]+\s+){{0,4}}?(?:{own})\b"
        rf"|(?-i:(?:The\s+)?(?:{'|'.join(re.escape(n) for n in sorted(levels)) or '(?!)'})\b))",
        re.I,
    )


def _owner_forms(owner: set[str]) -> str:
    """How a release or a history on the owner's own site names it other than as the opening
    subject: after a phrase and with an appositive before its verb ("Responding to the crisis,
    Harbor Group (HG), the region's largest network of clinics, today announced …"), as the
    agent of a passive ("the unit operated by Harbor Group"), or by the head noun of its name
    ("the Center" on the site of "Harbor Center", "the agency", "the nonprofit"). Only the
    names its host spells: a news site printing the release has a host of its own, so there the
    release stays the news site's."""
    if not owner:
        return "(?!)"
    alts = "|".join(re.escape(n) for n in sorted(owner, key=len, reverse=True))
    heads = {n.split()[-1] for n in owner if cue("owner_head").fullmatch(n.split()[-1])}
    head = "|".join(sorted(heads)) or "(?!)"
    return (
        rf"{LONG_FRONTED}(?:{alts}){APPOSITIVE}{NAME_THEN_VERB}"
        rf"|[^.!?]*?\b(?:operated|run|managed|owned|provided|offered|delivered)\s+by\s+"
        rf"(?:the\s+)?(?:{alts})\b"
        rf"|(?:{FRONTED})?the\s+(?:(?-i:{head})|{cue('owner_noun').pattern})(?:['’]s)?\b"
        r"(?!\s+(?:(?:for|of|on)\s+)?(?-i:[A-Z]))"  # "the Center for Youth Studies": a name
    )


def _care_at_owner(owner: set[str]) -> str:
    """Its care named as the sentence's subject at the owner's name, which its host spells
    ("The residential program at Harbor Lodge provides …", "With round-the-clock nursing, detox
    at Harbor Lodge helps …", "The Addiction Unit at Harbor Hospital is a …"): the owner's
    programme, as "our programme" is (round twelve). A head of care (cue care_at_owner), not
    "services" or "payment": "All clients seeking services at Harbor Center will be served" is
    its policy, read as it was."""
    if not owner:
        return "(?!)"
    alts = "|".join(re.escape(n) for n in sorted(owner, key=len, reverse=True))
    return (
        rf"(?:{FRONTED})?(?:the\s+)?(?:[\w/-]+\s+){{0,5}}?{cue('care_at_owner').pattern}"
        rf"\s+at\s+(?:the\s+)?(?:{alts})\b{NAME_THEN_VERB}"
    )


# The phrase a release may set before its subject is longer than a sentence's ("Responding to
# the continued public health crisis of opioid addiction in the US, X …"); an appositive the
# subject carries: its bracketed short name, then "the/a/one of …" up to a comma and "today"
LONG_FRONTED = r"[^,.;:!?]{1,120},\s+"
APPOSITIVE = (
    r"(?:\s+\([A-Z][\w&'’-]*\))?,\s+(?:the|a|an|one\s+of)\s+[^,;:!?()]{3,160},(?:\s+today)?"
)


def _aliases(page: Page, names: set[str]) -> set[str]:
    """The short name a page gives its owner in brackets after the full one, as a press release
    or a history page does ("Crossroads Treatment Centers (Crossroads) marks …", "The
    Guidance/Care Center, Inc. (GCC) was founded …"): its initials or its first word, then the
    owner's subject for the rest of the page. Another body's short name (a state department's)
    stays that body's: the full name must be one the owner is known by (title or host)."""
    if not names:
        return set()
    alts = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    bracketed = re.compile(
        rf"\b((?:{alts})(?:\s+[A-Z][\w'’&-]*){{0,3}}){COMPANY_SUFFIX}\s+\(([A-Z][\w'’&-]*)\)"
    )
    out = set()
    for text in [page.title] + [b.text for b in page.blocks]:
        for m in bracketed.finditer(text):
            (full, alias), letters = m.groups(), _letters(m[2])
            if LONGER_NAME.search(text[: m.start()]):
                continue  # "Massachusetts Behavioral Health Help Line (BHHL)": another's name
            if len(letters) >= SHORTEST_ABBREVIATION and (
                alias == full.split()[0] or _spells(re.split(r"[\s/]+", full), letters)
            ):
                out.add(alias)
    return out


# A capitalised word just before the owner's name makes the name part of a longer one ("The"
# and sentence openers aside)
LONGER_NAME = re.compile(r"(?<![\w'’-])(?!(?:The|A|An)\s)[A-Z][\w'’&-]*\s+$")


# A press release's dateline ("Columbus, Ind. — Centerstone, the nation's largest provider of
# …, today announced …", "WAKEFIELD – …"): the place it was issued from, then the issuer
# round twelve: the state after a comma may be joined to the issuer by a bare hyphen ("SIOUX
# FALLS, SD-Avera announces …") and the date may stand in brackets before the dash ("Fort
# Lauderdale, Florida (December 7, 2010) - Henderson …")
DATELINE = (
    r"(?-i:[A-Z][A-Za-z.' ]{1,30}(?:,\s*[A-Z][A-Za-z.]{1,12})?)\s+[—–]\s+"
    r"|(?-i:[A-Z][A-Za-z.' ]{1,30},\s*[A-Z][A-Za-z.]{1,12})(?:\s+\([^()]{4,30}\))?\s*[—–-]\s*"
)


LARGE_CITY = 100_000  # people: a city pages are written about, not a town a clinic is named for


def _title_name(part: str) -> str | None:
    """How sentences of the organisation named by this title part open: its first two words
    ("New Dawn" of "New Dawn Treatment Centers"). A part in sentence case is a topic ("Drug
    withdrawal symptoms"); a state's or a large city's name is the place the page is about
    ("Los Angeles Rehab Options": "Los Angeles houses hundreds of facilities" is no one's
    voice), so the name runs one word past it, and a part that is only the place names no one."""
    words = part.split()
    if len(words) < 2 or not part[0].isupper():
        return None
    if not (words[1][0].isupper() or words[1][0].isdigit() or words[1].lower() in TITLE_JOINERS):
        return None
    place = next((n for n in (3, 2, 1) if _a_place(" ".join(words[:n]))), 0)  # "New York"
    if len(words) <= place:  # the place alone
        return None
    return " ".join(words[: max(place, 1) + 1])


# A title that is a sentence: capitalised words, then a verb in lower case ("Harbor House opens
# a second clinic", "Why Rehab Coverage is Critical")
HEADLINE = re.compile(
    r"^(?:[A-Z][\w'’&.-]*\s+){1,6}(?:(?:[a-z]+ly|also|now)\s+)?"
    r"(?!vs\b)(?:has|have|had|is|was|are|were|will|can|[a-z]{2,}(?:s|ed))\b"
)


def _title_not_a_name(page: Page, part: str, name: str, host: set[str]) -> bool:
    """A title's first words that name no one on this host (round twelve, title12). A headline
    ("Harbor House offers support to families", the title of a news site's story or a blog's
    post) has the organisation as its subject: on a host that does not spell that name the
    story is another's voice, and "Harbor House has expanded …" in it is the writer's report, not
    the owner speaking. And a topic in title case ("Drug Rehab", "Sober Living") is no name where
    the page itself writes the same words in lower case in a sentence ("… where they work as a
    drug rehab"): a common noun, the subject of an explainer. The host's own spelling of the name
    keeps it either way: the owner's news on its own site is its own."""
    if any(name.lower() in h.lower() for h in host):
        return False
    if HEADLINE.match(part.strip()):
        return True
    lower = re.compile(rf"[a-z,;]\s+{re.escape(name.lower())}\b")
    return any(lower.search(block.text) for block in page.blocks)


def _a_place(text: str) -> bool:
    return bool(placenames.state_code(text)) or placenames.key(text) in gazetteer.cities(LARGE_CITY)


# A phrase set before the subject ("Over the past 55 years, Harbor House has become …", "As an
# in-network provider with Medica, Harbor House guides …"): the name after it is still the
# subject, so the sentence is still the owner's, when a verb follows the name; "As part of the
# celebration, Harbor House staff and alumni gathered …" is its staff speaking
FRONTED = r"[^,.;:!?]{1,60},\s+"
# The same with no comma after the phrase ("For adults who are … eligible Horizon Health
# provides …", "This is why Gloria Rehab is happy to …"; round twelve): the name opens its
# clause unless the word before it takes it as an object (cue name_as_object_before: "people
# who call X are …", "referred to X", "how X works"); a capitalised word before it makes it
# part of a longer name
UNMARKED_LEAD = (
    r"(?:[^,.;:!?]{0,120}?\s)?"
    rf"(?!{rules.cue('name_as_object_before').pattern})(?-i:[a-z][\w'’-]*)\s+"
)
COMPANY_SUFFIX = r"(?:,?\s+(?i:inc|llc|ltd)\.?,?)?"  # "The Guidance/Care Center, Inc. (GCC)"
NAME_THEN_VERB = (
    rf"(?={COMPANY_SUFFIX}\s+(?:(?:[a-z]+ly|also|now|still|even|already|always)\s+)?"
    r"(?-i:(?:has|have|had|is|was|are|were|will|can|could|does|did|[a-z]+(?:s|ed)))\b)"
)


# A name as a page writes it: one to six capitalised words, "of", "by the", "and" between
NAME_RUN = re.compile(
    r"\b[A-Z][\w'’&/-]*(?:\s+(?:(?:of|by|the|and|&|at|on)\s+){0,2}[A-Z][\w'’&/-]*){0,5}"
)
HOST_NAME_MIN = 8  # letters, and half the host's: "New Life" is no name of newlifeclinicsusa


def host_names(page: Page) -> set[str]:
    """The names in the page that spell its own site's host ("Hotel California by the Sea" on
    hotelcaliforniabythesea.com, "Cedar Haven Recovery" on cedarhavenrecovery.org): the site's
    owner writing of itself by name, where the page's title does not carry it (a blog post, a
    page titled for its topic). A news site or a directory writing of a provider has a host of
    its own, so its sentences about the provider stay someone else's."""
    label = _host_label(page)
    shortest = max(HOST_NAME_MIN, len(label) // 2)
    # each run once: menus and footers repeat the same names on every block of a page
    runs = {run[0] for block in page.blocks for run in NAME_RUN.finditer(block.text)}
    served = _heads_before_served(page, label)
    names = {name for run in runs if (name := _spelt_host(run, label, shortest, served))}
    return names | _one_word_names(page, label) | _clipped_names(page, runs, label)


def _clipped_names(page: Page, runs: set[str], label: str) -> set[str]:
    """The owner's name where its host clips it (round twelve, host12): the host spells the
    name's words by their first letters in order, a word by its initial or its first three
    letters or more, a generic word ("Services", "Regional") perhaps left out, and a generic
    start or end around them ("Metropolitan Family Services" on metrofamily.org, "Rochester
    Regional Health" on myrochealth.com); or the name's initials in capitals open the host
    before a company's form or two letters ("CHD" on chdinc.org, "SPARC" on sparcop.org), when
    the page writes them twice. A run of several words the vocabulary does not know, not a
    public body's name: a guide's host spelling another's name by chance is rare, and its
    own capitalised runs are topics the vocabulary knows."""
    if len(label) < CLIPPED_HOST_MIN:
        return set()
    out = set()
    text = " ".join(block.text for block in page.blocks)
    for run in runs:
        words = [w for w in run.split() if _letters(w)]
        if len(words) == 1:
            word = _letters(words[0])
            rest = label[len(word) :]
            if (
                words[0].isupper()
                and len(word) >= SHORTEST_ABBREVIATION
                and label.startswith(word)
                and (cue_run("company_form").fullmatch(rest) or (len(word) > 3 and len(rest) <= 2))
                and len(re.findall(rf"\b{re.escape(words[0])}\b", text)) >= 2
            ):
                out.add(words[0])
            continue
        if (
            _clips(tuple(words), label)
            and not cue("public_body_word").search(run)
            and not find(run)
        ):
            out.add(run)
    return out


CLIPPED_HOST_MIN = 5  # letters: a shorter host is clipped from too many names
CLIPPED_WORD_MIN = 3  # letters a clipped word keeps: "roc" of Rochester, "metro" of Metropolitan


@lru_cache(maxsize=8192)
def _clips(words: tuple[str, ...], label: str) -> bool:
    """The label is a generic start (cue host_head), then the words' starts in order, then a
    generic end (cue host_tail, a company's form), with the first word clipped (its initial
    alone is `_abbreviates`', here only before a company's form) and two words or more giving
    letters."""
    starts = [""] + [h for h in rules._cue_lists()["host_head"] if label.startswith(h)]
    for head in starts:
        body = label[len(head) :]
        for cut in range(len(body), SHORTEST_ABBREVIATION - 1, -1):
            tail = body[cut:]
            if tail and not (
                cue_run("host_tail").fullmatch(tail) or cue_run("company_form").fullmatch(tail)
            ):
                continue
            if _clipped_spelling(words, body[:cut], first=True) >= 2:
                return True
            # the initials alone, then a company's form ("Center for Human Development" on
            # chdinc.org): a generic tail after initials is `_spelt_before_tail`'s
            if cue_run("company_form").fullmatch(tail) and _abbreviates(list(words), body[:cut]):
                return True
    return False


def _clipped_spelling(words: tuple[str, ...], rest: str, first: bool = False) -> int:
    """How many of the words give letters when their starts spell `rest` whole (-1: they do
    not); joining and generic words may give none."""
    if not words:
        return -1 if rest else 0
    word, others = _letters(words[0]), words[1:]
    best = -1
    if not first and (
        word in NAME_JOINERS
        or cue_run("host_dropped").fullmatch(word)
        or cue_run("host_tail").fullmatch(word)
    ):
        best = _clipped_spelling(others, rest)
    sizes = (
        range(len(word), CLIPPED_WORD_MIN - 1, -1)
        if first
        else [1, *range(CLIPPED_WORD_MIN, len(word) + 1)]
    )
    for size in sizes:
        if size <= len(rest) and rest.startswith(word[:size]):
            n = _clipped_spelling(others, rest[size:])
            if n >= 0:
                best = max(best, 1 + n)
    return best


def _host_label(page: Page) -> str:
    """The host's longest label, its name ("cedarhavenrecovery" of www.cedarhavenrecovery.org):
    "www" is no name, and as long as a host of initials it would stand for "bjc" of www.bjc.org."""
    labels = [part for part in (urlsplit(page.url).hostname or "").split(".") if part != "www"]
    return max(labels[:-1] or labels, key=len).replace("-", "")


def _short_names(page: Page) -> set[str]:
    """The owner's name in short, its host's head word before generic words or its town
    ("Daybreak" on daybreakyouthservices.org, "Mercy" on mercydesmoines.org, "Synergy" on
    synergyrecovery.org), where the page makes that word a subject: "Daybreak accepts Medicaid
    …", "Synergy uses several medications". Its FAQ answers and fee pages speak of the owner in
    the third person so. A head the vocabulary knows ("Recovery") or a word only seen inside
    other names ("American" of "American Society of …") is no short name."""
    label = _host_label(page)
    heads = {head for head in _name_in_host(label) if len(head) >= SHORTEST_SHORT_NAME}
    whole = label if len(label) >= SHORTEST_SHORT_NAME else None
    if not heads and not whole:
        return set()
    texts = list(dict.fromkeys(block.text for block in page.blocks))  # a menu's repeats once
    subjects = Counter(m[0] for text in texts for m in SUBJECT_WORD.finditer(text))
    inside = {m[0] for text in texts for m in INSIDE_WORD.finditer(text)}

    def short(word: str) -> bool:
        # the host may be the short name whole ("Sieda" on sieda.org, "Avera" on avera.org),
        # too short to be read as a name wherever it stands (`_one_word_names`: "Harbor" on
        # harbor.org may be a common word): it is one where the page makes it the subject again
        # and again, as the owner's news and notices do (round twelve, news12)
        letters = _letters(word)
        return letters in heads or (letters == whole and subjects[word] >= WHOLE_HOST_SUBJECTS)

    return {
        word
        for word in set(subjects) & inside
        if short(word) and not find(word) and not cue("host_tail").fullmatch(word)
    }


WHOLE_HOST_SUBJECTS = 2  # sentences with the whole host's word as their subject
SHORTEST_SHORT_NAME = 4  # letters: "Aegis", "Mercy"; shorter heads are initials ("BHG")
# A capitalised word as a sentence's subject: a verb follows ("Daybreak accepts", "Mercy will
# bill"), not another capitalised word ("American Society of Addiction Medicine") ...
SUBJECT_WORD = re.compile(rf"\b[A-Z][a-z]+\b(?!\s+[A-Z]){NAME_THEN_VERB}")
# ... and a proper noun inside a sentence too ("payments directly to Mercy", "does Daybreak
# use"): a common word opening sentences ("Haven", "Hope is …") is capitalised only there.
# IN_SENTENCE: a capitalised word after a lower-case word or a comma; INSIDE_WORD: one that
# stands alone, not the first word of a longer name.
IN_SENTENCE = re.compile(r"(?<=[a-z,] )[A-Z][a-z]+\b")
INSIDE_WORD = re.compile(rf"{IN_SENTENCE.pattern}(?!\s+[A-Z])")


# A word with capitals inside it: run together in camel case ("BayCare") or initials ("RVBH")
MARKED_WORD = re.compile(r"\b[A-Z][A-Za-z]*[A-Z][A-Za-z]*\b")
# A word whose capital shows it is a proper noun: inside a sentence ("a milestone for
# Centerstone"), or the subject of a verb ("Larkhaven offers detox"), not just a sentence's start
PROPER_NOUN = re.compile(rf"(?<=[a-z,—–] )[A-Z][a-z]+\b|\b[A-Z][a-z]+\b{NAME_THEN_VERB}")


def _one_word_names(page: Page, label: str) -> set[str]:
    """A name of one word that is the whole host: the owner writing of itself in short, as its
    news and history pages do. Capitals inside the word mark it as a name wherever it stands
    ("BayCare" on baycare.org, "RVBH" on rvbh.com). A word capitalised only at its start
    ("Rosecrance" on rosecrance.org) counts where it stands as a proper noun, when the host
    is long enough not to be a common word ("Harbor" on harbor.org) and the vocabulary does
    not know it ("Addiction" on addiction.com is a topic)."""
    if len(label) < SHORTEST_ABBREVIATION:
        return set()
    texts = [block.text for block in page.blocks]
    marked = {m[0] for text in texts for m in MARKED_WORD.finditer(text)}
    proper = set()
    if len(label) >= HOST_NAME_MIN:
        proper = {m[0] for text in texts for m in PROPER_NOUN.finditer(text)}
    # inside a sentence, capitalised: a proper noun, not a sentence's opening word
    inside = {m[0] for text in texts for m in IN_SENTENCE.finditer(text)}

    def a_name(word: str) -> bool:  # the vocabulary lookup last: it is the dear test
        return word in marked or not find(word)

    named = {word for word in marked | proper if _letters(word) == label and a_name(word)}
    affixed = {
        word
        for word in marked | proper | inside
        if _with_generic_affix(_letters(word), label) and a_name(word)
    }
    return named | affixed


AFFIXED_NAME_MIN = 6  # letters: "Canopy" on mycanopy, not "Hope" on hopetreatment


def _with_generic_affix(word: str, label: str) -> bool:
    """The host is the one-word name with generic words or its town around it ("Marygrove" on
    marygrovechildren.org, "Canopy" on mycanopy.org, "WhiteSands" on whitesandstreatment.com):
    the owner's name as much as a host that is the word alone. The word must be a name, not
    itself one of the generic words ("Recovery" on recoverycenter)."""
    return (
        len(word) >= AFFIXED_NAME_MIN
        and word in _name_in_host(label)
        and not cue_run("host_tail").fullmatch(word)
    )


@cache
def _name_in_host(label: str) -> frozenset[str]:
    """What is left of the host when its generic words or its town are taken off: the starts
    that generic words or a town follow ("daybreak" of daybreakyouthservices) and the ends
    after a generic head ("canopy" of mycanopy). One definition for the two rules that read a
    one-word name from it (`_short_names`, `_with_generic_affix`); once per host."""
    after_head = {
        label[cut:] for cut in range(1, len(label)) if cue("host_head").fullmatch(label[:cut])
    }
    return frozenset(after_head | set(_heads_before_tail(label)))


@lru_cache(maxsize=8192)  # a site's pages share their menus' and footers' names
def _spelt_host(run: str, label: str, shortest: int, served: tuple[str, ...] = ()) -> str | None:
    """The longest span of two or more words whose letters start the host's label (the name
    may stand inside a run: "Call Cedar Haven Recovery Today"), that the label abbreviates
    whole ("Riverside Recovery of Tampa" on rrtampa.com), that opens with the label in
    capitals ("BJC Behavioral Health" on bjc.org: the parent's initials are the host), or
    that the label spells before a tail of generic words or the town it serves ("Behavioral
    Health Group" and "BHG" on bhgrecovery.com)."""
    words = run.split()
    spans = [(i, j) for i in range(len(words)) for j in range(len(words), i, -1)]
    for i, j in sorted(spans, key=lambda span: span[0] - span[1]):
        letters = _letters(" ".join(words[i:j]))
        if words[i].lower() in NAME_JOINERS or words[j - 1].lower() in NAME_JOINERS:
            continue
        whole = j - i > 1 and (
            (len(letters) >= shortest and label.startswith(letters))
            or _abbreviates(words[i:j], label)
            or (words[i].isupper() and _abbreviates(words[i : i + 1], label))
        )
        if whole or _spelt_before_tail(words[i:j], label, served):
            return " ".join(words[i:j])
    return None


def _spelt_before_tail(words: list[str], label: str, served: tuple[str, ...] = ()) -> bool:
    """The label is the name, by initials or in full, then generic words or the town it
    serves: "Human Service Center" or "HSC" on hscpeoria, "Spectrum Health" on
    spectrumhealthsystems. A single word stands for the name only as its initials in capitals
    ("BHG"): a word alone ("American", "Recovery") is too often a sentence's own subject."""
    if len(words) == 1 and not (words[0].isupper() and len(words[0]) >= SHORTEST_ABBREVIATION):
        return False
    if any(_spells(words, head) for head in _heads_before_tail(label) + served):
        return True
    # before the place it serves, the host may leave off the name's generic last word
    # ("Discovery Institute" on discoverynj); a name of care ("Methadone Treatment") is a topic
    cut = len(words)
    while cut > 1 and cue("host_tail").fullmatch(words[cut - 1]):
        cut -= 1
    return (
        cut < len(words)
        and not find(" ".join(words))
        and any(_spells(words[:cut], head) for head in served)
    )


def _heads_before_served(page: Page, label: str) -> tuple[str, ...]:
    """The label's starts before the place the page says the owner serves, where that place is
    too short or too common a word to tell by itself: a state's two letters ("hhwaz" on a page
    naming Arizona or one of its towns, "pmsnm" on one naming New Mexico) or a compass word
    ("hdcnorth" on a page about "the Northland" or "Northern Minnesota"). Without the page
    naming it the tail is other letters ("chrtx" on a page that never says Texas)."""
    text = " ".join([page.title] + [block.text for block in page.blocks])
    runs = {run[0] for run in NAME_RUN.finditer(text)}  # "Casa Grande" names Arizona too
    heads = []
    for cut in range(SHORTEST_ABBREVIATION, len(label) - 1):
        tail = label[cut:]
        if len(tail) == 2 and (state := placenames.state_name(tail)):
            named = re.search(r"\b" + r"\s+".join(state.split()) + r"\b", text, re.I) or any(
                (place := gazetteer.by_city(run, tail)) and (place.population or 0) >= TOWN
                for run in runs
            )
        elif REGION_TAIL.fullmatch(tail):
            named = re.search(rf"\b(?-i:{tail.capitalize()})(?:ern|land)?\b", text)
        else:
            continue
        if named:
            heads.append(label[:cut])
    return tuple(heads)


# The compass words a host may end in for the part of a state its owner serves ("hdcnorth")
REGION_TAIL = re.compile(r"(?:north|south)?(?:east|west)|north|south|central")


@cache
def _heads_before_tail(label: str) -> tuple[str, ...]:
    """The label's starts that generic words or a town follow: once per host, not per word."""
    return tuple(
        label[:cut]
        for cut in range(SHORTEST_ABBREVIATION, len(label))
        if cue_run("host_tail").fullmatch(label[cut:]) or _a_town(label[cut:])
    )


TOWN = 10_000  # people: a host may end in the town a clinic serves ("hscpeoria")
SHORTEST_TOWN = 4  # letters: a state's two letters after initials are a name's own ("chrtx")


def _a_town(text: str) -> bool:
    return len(text) >= SHORTEST_TOWN and (
        placenames.key(text) in gazetteer.cities(TOWN) or bool(placenames.state_code(text))
    )


NAME_JOINERS = {"of", "by", "the", "and", "&", "at", "on"}
TITLE_JOINERS = NAME_JOINERS | {"for", "to", "in", "de", "del", "la", "el", "y"}  # "Gateway to"
SHORTEST_ABBREVIATION = 3  # letters: "bhs" yes, but two letters stand for too many names


def _letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _abbreviates(words: list[str], label: str) -> bool:
    """Each word by its initial or in full, the small joining words perhaps left out, spells
    the whole label: what a host made of a name's initials is as much the name as the name."""
    if len(label) < SHORTEST_ABBREVIATION:
        return False
    return _spells(words, label)


def _spells(words: list[str], rest: str) -> bool:
    if not words:
        return not rest
    word, others = _letters(words[0]), words[1:]
    capitals = _capitals(words[0])
    return bool(word) and (
        (rest.startswith(word) and _spells(others, rest[len(word) :]))
        or (rest[:1] == word[0] and _spells(others, rest[1:]))
        or (word in NAME_JOINERS and _spells(others, rest))
        or (
            len(capitals) > 1
            and rest.startswith(capitals)
            and _spells(others, rest[len(capitals) :])
        )
    )


def _capitals(word: str) -> str:
    """A word's capitals, which are initials when it has several: "RWJBarnabas" joins the
    initials RWJ to Barnabas, so rwjbh.org spells "RWJBarnabas Health"."""
    return "".join(c for c in word if c.isupper()).lower()


def _programme_names(page: Page) -> set[str]:
    """Patterns for the programmes the page's topic names, as a programme ("Partial
    Hospitalization" → "partial hospitalization program"): "the importance of detox" is no
    subject of the page's own."""
    names = {m.text for m in find(page_topic(page), ("levels_of_care",))}
    return {
        re.escape(n) + ("" if PROGRAMME_WORD.search(n) else r"\s+program(?:me)?\b") for n in names
    }


PROGRAMME_WORD = re.compile(r"\bprogram(?:me)?$", re.I)


# A programme's own name with its initials in brackets after it ("Harbor Street Recovery
# (HSR)", "the Northside Clinic's Teens in Recovery (TIR) Program"): capitalised words, small
# joining words and a possessive between them
BRACKETED_NAME = re.compile(
    r"\b((?:[A-Z][\w'’&-]*\s+(?:(?:of|in|for|and|&|the|on|at|to)\s+)?){1,7})\(([A-Z]{3,6})\)"
)


def _programme_aliases(page: Page) -> set[str]:
    """A provider's page on its own programme gives it a name and that name's initials in
    brackets, then writes of it by them ("Harbor Street Recovery (HSR) is a 20-bed home …
    HSR provides …"): the name and the initials are the programme's subject, the speaker's
    own, as "we" is (round eleven). Not a term of the field with its abbreviation ("Intensive
    Outpatient Program (IOP)", "Cognitive Behavioral Therapy (CBT)": the vocabulary's term is
    the whole name, or it ends in a therapy's, a programme's or a public body's word, cue
    field_term_head), no public body ("Department of Health Care Services (DHCS)", cue
    public_body_word) and no payer's programme ("Drug Medi-Cal (DMC)": a payment term of the
    vocabulary), and only when the initials are used again on the page."""
    text = " ".join(b.text for b in page.blocks if b.kind not in ("nav", "footer"))
    out = set()
    for m in BRACKETED_NAME.finditer(text):
        words, letters = m[1].split(), _letters(m[2])
        if len(re.findall(rf"\b{m[2]}\b", text)) < 2:
            continue  # named once: a citation, not the page's own subject
        for k in range(len(words)):
            full = " ".join(words[k:])
            if not words[k][0].isupper() or not _spells(words[k:], letters):
                continue
            terms = find(full)
            if (
                cue("field_term_head").fullmatch(words[-1])
                or cue("public_body_word").search(full)
                or any(len(t.text) >= len(full) - 2 for t in terms)
                or any(t.facet in ("payment", "insurers") for t in terms)
            ):
                break
            out |= {full, m[2]}
            if k and re.search(r"['’]s$", words[k - 1]):  # "the Northside Clinic's Teens …"
                out.add(" ".join(words))
            break
    return out


# A level's programme by its capitalised name, opening a sentence that says it is there now
# ("The Residential Program for men and women is located at …", "Outpatient Programming
# includes …"), not a field term with its initials ("Intensive Outpatient Program (IOP) is")
LEVEL_PROGRAMME = re.compile(
    r"^(?:The\s+)?((?:[A-Z][\w'’-]*\s+){1,4}Program(?:me|ming)?)\b(?!\s*\()"
    rf"(?:\s+for\s+[^,.;:!?]{{1,40}}?)?\s+(?:{cue('programme_present').pattern})"
)


def _level_programmes(page: Page, owner: set[str]) -> set[str]:
    """A level's programme named as the subject, with no "we" and no owner's name ("Outpatient
    Programming includes extended outpatient …"), speaks for the page's owner where the page
    speaks for one: its host's name or short name is on it (`owner`), or its questions ask
    about one organisation ("Where is Harbor House located?", `_asked_about`). A guide writes
    "outpatient programming includes …" of the field, on its own host; an article's page (a
    blog or news address) keeps its programmes the field's (round twelve)."""
    if article_page(page.url) or not (owner or _asked_about(page)):
        return set()
    return {
        m[1]
        for sentence in text_sentences(page)
        if (m := LEVEL_PROGRAMME.match(sentence))
        and find(m[1], ("levels_of_care",))
        and not rules.generic_talk(sentence)
    }


def text_sentences(page: Page) -> list[str]:
    """The sentences of the page's text (not its menus, headings or testimonials), split once
    for every rule that reads them (voice, trades, peers, out of network, a level's programme)."""
    if page.sentences is None:
        page.sentences = [
            sentence
            for block in page.blocks
            if block.kind in ("para", "item", "cell") and not block.testimonial
            for _, sentence in rules.sentences(block.text)
        ]
    return page.sentences


QUESTIONS_ABOUT = 2  # questions naming the organisation: its own FAQ, not one aside


def _asked_about(page: Page) -> set[str]:
    """The organisation a page's questions ask about ("When did Harbor House open?", "How many
    staff does Harbor House have?"): a name of two or more capitalised words inside two or more
    different questions, not a term of the vocabulary or a place. A question in title case
    ("How Long Does Detox Take?") is one run from its first word, so no name."""
    asked: dict[str, set[str]] = {}
    for block in page.blocks:
        for _, sentence in rules.sentences(block.text):
            if not sentence.rstrip().endswith("?"):
                continue
            for m in NAME_RUN.finditer(sentence):
                if m.start() and len(m[0].split()) >= 2 and not find(m[0]):
                    asked.setdefault(m[0], set()).add(sentence.strip())
    return {
        name for name, said in asked.items() if len(said) >= QUESTIONS_ABOUT and not _a_place(name)
    }


def _section_heads(block: Block) -> list[str]:
    return [h for h in block.section.split(" / ") if h]


def block_rule(page: Page, i: int) -> str | None:
    """Why nothing in this block is an offer, or None. "voice" means: own-voice sentences only;
    "answer": the facility answers a question put to it, so its sentences are its own."""
    block = page.blocks[i]
    heads = _section_heads(block)
    if block.testimonial:
        return "testimonial"
    if heads and cue("not_offered_heading").search(heads[-1]):
        return "not_offered_section"
    # "Our treatment is covered by most insurance companies": a heading in the owner's voice
    # states its own terms, however a glossary's heading would word them (round twelve)
    if any(cue("glossary").search(h) and not own_voice(h) for h in heads) or _glossary_lead_in(
        page, i
    ):
        return "glossary"
    if heads and heads[-1].endswith("?") and cue("asks_facility").search(heads[-1]):
        return "answer"  # "Do you accept Medicaid?": the answer is the facility's own
    if any(cue("skip_section").search(h) or h.endswith("?") for h in heads):
        return "voice"
    return None


def _lead_in(page: Page, i: int) -> Block | None:
    """The paragraph that leads the list block ``i`` stands in (pages type lists as items or as
    short lines), or None when a heading comes first or the block is no list line."""
    if not _list_line(page.blocks[i]):
        return None
    for j in range(i - 1, max(-1, i - 30), -1):
        prev = page.blocks[j]
        if prev.kind == "heading":
            return None
        if prev.kind == "para" and not _list_line(prev):
            return prev
    return None


def _glossary_lead_in(page: Page, i: int) -> bool:
    """A list or definition block after a paragraph that says it explains general terms."""
    lead = _lead_in(page, i)
    return lead is not None and (
        bool(cue("glossary").search(lead.text))
        or (
            lead.text.rstrip().endswith(":")
            and bool(cue("generic_subject").search(lead.text))
            and not own_voice(lead.text)
        )
    )


def _after_own_lead_in(page: Page, i: int, voice: re.Pattern | None) -> bool:
    """A list item after a lead-in where the facility says what it offers ("At Maple we treat
    many conditions. These include:" over Depression / Anxiety / PTSD): the items are offers.
    A table of contents after "we'll explain the following:" is not."""
    lead = _lead_in(page, i)
    if lead is None:
        return False
    said = [s for _, s in rules.sentences(lead.text)]
    opens = lead.text.rstrip().endswith(":") or bool(cue("lead_in").search(said[-1]))
    return opens and any(own_voice(s, voice) and cue("offer_verb").search(s) for s in said[-2:])


# Whom a facility admits and who pays for them: the answer to "What criteria is needed for
# admission to Juniper Grove?" or a lead-in "To be admitted to our program, a client must:" lists
# the conditions it treats and the coverage it is paid by, in words that are no offer ("Have a
# diagnosis of bipolar disorder", "Have Medicaid or Medicare benefits"). Only those facets: the
# same list names assessors and referrers ("an Optum assessment", "inpatient units").
ADMISSION_FACETS = frozenset({"conditions", "payment", "populations"})


def _after_admission_lead_in(page: Page, i: int, voice: re.Pattern | None) -> bool:
    """A list item after a lead-in (or a question just above it) about admission to, or
    eligibility for, the facility itself: it names the facility ("admission to Juniper Grove?")
    or speaks as it ("we admit", "our program"). A guide's "Admission criteria usually
    include:" names no one's facility."""
    lead = _lead_in(page, i)
    if lead is None or not lead.text.rstrip().endswith((":", "?")):
        return False
    j = next(k for k in range(i - 1, -1, -1) if page.blocks[k] is lead)
    above = page.blocks[j - 1] if j > 0 and page.blocks[j - 1].kind in ("para", "heading") else None
    texts = [lead.text] + (
        [above.text] if above is not None and above.text.rstrip().endswith("?") else []
    )
    return any(
        cue("admission_lead_in").search(said)
        and (own_voice(said, voice) or _names_owner(said, voice))
        for t in texts
        for _, said in rules.sentences(t)
    )


def _names_owner(sentence: str, voice: re.Pattern | None) -> bool:
    """The owner is named anywhere in the sentence ("… for admission to Juniper Grove?"), not
    only as its opening subject."""
    return voice is not None and any(
        voice.match(sentence[w.start() :]) for w in re.finditer(r"\b\w", sentence)
    )


def _list_line(block: Block) -> bool:
    """A list item, or a short line standing as one (pages written one paragraph a line)."""
    words = block.text.split()
    return block.kind in ("item", "cell") or (
        block.kind == "para"
        and len(words) <= SHORT_LINE
        and not block.text.rstrip().endswith((".", ":"))
    )


def _under_own_heading(block: Block) -> bool:
    """A list under a heading in the facility's voice or naming an offer ("Programs we offer",
    "Accepted insurance")."""
    heads = _section_heads(block)
    if not heads or "?" in heads[-1]:
        return False
    if cue("versus_heading").search(heads[-1]):
        return False  # "In-network versus out-of-network" weighs terms, it accepts nothing
    head = cue("generic_heading").sub(" ", heads[-1])  # "Contact us" is a button's "us"
    return own_voice(head) or bool(cue("offer_heading").search(head))


def _name_card(block: Block, mentions) -> bool:
    """A card or tile that is carriers' names and little else (a carrier grid, "Aetna, Cigna,
    Humana"), not a heading."""
    return block.kind in ("para", "footer") and _mostly_names(block.text, mentions)


def _mostly_names(text: str, mentions) -> bool:
    named = sum(len(m.text) for m in mentions if m.facet in ("insurers", "payment"))
    return named >= 0.6 * len(text.strip(" •·|"))


def _symptoms(block: Block, m: Mention) -> bool:
    heads = _section_heads(block)
    return (
        m.facet == "conditions" and bool(heads) and bool(cue("symptom_section").search(heads[-1]))
    )


def claims(
    page: Page, voice: re.Pattern | None, rejected: list[Claim] | None = None
) -> list[Claim]:
    """Every claim the page makes, in page order (one per block, slug and sentence). ``voice`` is
    the page's ``company_voice``, built once by the caller. Mentions that are no offer go to
    ``rejected``, each with the reason (``carefinder extract --explain``)."""
    out: list[Claim] = []
    article = explainer_page(page)
    for i, block in enumerate(page.blocks):
        mentions = _logo_terms(block.text) if block.kind == "alt" else _terms(page, i)
        if mentions := mentions or _grid_name(page, i):
            out += _block_claims(page, i, block, mentions, article, voice, rejected)
    return _hospital_page(_drop_generic_outpatient(page, out, rejected))


def _terms(page: Page, i: int):
    """A block's terms; a short heading is read with the line under it, as a card is."""
    block = page.blocks[i]
    card = page.blocks[i + 1] if i + 1 < len(page.blocks) else None
    if (
        block.kind == "heading"
        and card
        and card.kind == "para"
        and len(block.text.split()) <= SHORT_LINE
    ):
        return rules.card_terms(block.text, card.text)
    return rules.terms(block.text)


def page_topic(page: Page) -> str:
    """What the page says it is about: its title, main heading and last path segment
    ("/services/partial-hospitalization-program/")."""
    heads = " ".join(b.text for b in page.blocks if b.kind == "title" or b.level == 1)
    slug = urlsplit(page.url).path.rstrip("/").rsplit("/", 1)[-1].replace("-", " ")
    return f"{page.title} {heads} {slug}"


def topic_levels(page: Page) -> set[str]:
    """The levels the page's topic names: the programme the page is about."""
    return {m.slug for m in find(page_topic(page), ("levels_of_care",))}


def _drop_generic_outpatient(page: Page, found: list[Claim], rejected) -> list[Claim]:
    """ "Outpatient" in prose about an IOP or PHP describes that programme, not standard
    outpatient care: keep it only when it says regular/standard/weekly outpatient."""
    kept = []
    for claim in found:
        if claim.slug == "outpatient" and claim.kind in ("para", "item", "cell", "footer"):
            found = find(claim.quote, ("levels_of_care",))
            near = {m.slug for m in found} | topic_levels(page)
            listed = _listed_apart(claim.quote, found)
            if near & {"iop", "php"} and not (listed or STANDARD_OUTPATIENT.search(claim.quote)):
                _reject(rejected, claim, "describes an IOP or PHP as outpatient")
                continue
        kept.append(claim)
    return kept


def _hospital_page(found: list[Claim]) -> list[Claim]:
    """On a page that offers a hospital unit's stay, its "Inpatient Treatment" heading or "the
    goal of inpatient treatment" speaks of that stay, not of a residential rehab."""
    if not any(c.slug == "inpatient" for c in found):
        return found
    return [
        replace(c, slug="inpatient") if c.slug == "residential" and _inpatient_words(c) else c
        for c in found
    ]


def _inpatient_words(claim: Claim) -> bool:
    """The claim's residential stay is named only as "inpatient …" (no residential, rehab)."""
    said = [m.text for m in find(claim.quote, ("levels_of_care",)) if m.slug == "residential"]
    return bool(said) and all(INPATIENT.match(text) for text in said)


INPATIENT = re.compile(r"in-?patient\b(?!\s+rehab)", re.I)


def _listed_apart(text: str, found: list[Mention]) -> bool:
    """ "IOP and Outpatient Therapy": outpatient named as an item of its own beside an IOP/PHP,
    perhaps with other levels listed between them ("day hospitals, residential, outpatient")
    or a word of its own before it ("Day Treatment | Virtual Outpatient")."""
    intensive = [m for m in found if m.slug in ("iop", "php")]
    plain = [m for m in found if m.slug == "outpatient"]
    return any(
        _only_list_between(text, found, a, b)
        for a in intensive
        for b in plain
        if a.end <= b.start or b.end <= a.start
    )


def _only_list_between(text: str, found: list[Mention], a: Mention, b: Mention) -> bool:
    start, end = min(a.end, b.end), max(a.start, b.start)
    gap = text[start:end]
    for m in sorted(found, key=lambda m: m.start, reverse=True):  # other levels listed between
        if start <= m.start and m.end <= end:
            gap = gap[: m.start - start] + " " + gap[m.end - start :]
    if b.start > a.end:  # a word of outpatient's own item before it
        gap = LIST_ITEM_WORD.sub("", gap)
    return bool(LIST_JOINS.fullmatch(gap))


LIST_JOINS = re.compile(rf"(?:{LIST_JOIN.pattern})+", re.I)
# "| Virtual Outpatient": one word before outpatient in its own item, not an article or a
# relative word ("PHP, an outpatient programme" describes the PHP)
LIST_ITEM_WORD = re.compile(
    r"(?<=[,|&/]\s)(?!(?:a|an|the|which|that|is|as|our|both|all|each|also|other|more|less|then)\s)[A-Za-z-]+\s+$",
    re.I,
)


OWN_VOICE = "the facility's own voice"
UNDER_OWN_HEADING = "stands under the facility's own heading"
AFTER_OWN_LEAD_IN = "a list after the facility's own offer"
ANSWER = "the facility's answer to a question put to it"
ANSWERED_YES = "a question put to the facility, answered yes"
# "Partial hospitalization provides …" on the provider's own page titled for its PHP (not an
# article): the page describes its programme, it does not define a term for the reader
OWN_PROGRAMME = "the provider's page for this programme describes it"
ADMITS = "a list of whom the facility admits and who pays"


def _yes_answer(page: Page, i: int, question: str, after: str) -> str:
    """ "Do you accept Medicaid?" followed by "Yes, we do.": the yes makes the question's terms
    the facility's offer; the question and the yes are the quote ("" when there is no yes).
    ``after`` is the rest of the question's block; when nothing follows the question there,
    the answer is the next block that is no heading."""
    if not (question.rstrip().endswith("?") and cue("asks_facility").search(question)):
        return ""
    if not after.strip():
        nxt = next((b for b in page.blocks[i + 1 : i + 3] if b.kind not in ("nav", "alt")), None)
        after = nxt.text if nxt is not None and nxt.kind != "heading" else ""
    if not cue("affirmative").match(after.lstrip(" \t\n*-–:!¡")):
        return ""
    quote = f"{question.strip()} {rules.sentences(after.strip())[0][1]}"
    return quote if len(quote) <= 300 else quote[:300] + "…"


def _basis(page: Page, i: int, voice: re.Pattern | None) -> str:
    block = page.blocks[i]
    if block_rule(page, i) == "answer":
        return ANSWER
    if _under_own_heading(block):
        return UNDER_OWN_HEADING
    return (
        AFTER_OWN_LEAD_IN
        if _after_own_lead_in(page, i, voice)
        else f"a {block.kind} of the provider's page"
    )


def stated_payment(facet: str, sentence: str) -> bool:
    """Payment said to be taken here ("Self-pay rates are available", "Medicaid is accepted"),
    priced ("$75 per session") or paid by the client ("clients pay for services at the time of
    their session"): a FAQ answer that says so needs no "we" (general talk of costs and coverage
    is the sentence rules' to reject)."""
    if cue("payment_of_others").search(sentence):  # others' networks, a payer's benefits
        return False
    return facet in ("payment", "insurers") and any(
        cue(name).search(sentence) for name in ("offer_predicate", "price", "client_pays")
    )


def speaks_for_itself(claim: Claim) -> bool:
    """The claim is the facility's own statement: its voice, or a heading of its own above."""
    return claim.why in (
        OWN_VOICE, UNDER_OWN_HEADING, AFTER_OWN_LEAD_IN, ANSWER, ANSWERED_YES, ADMITS
    )  # fmt: skip


def _reject(rejected: list[Claim] | None, claim: Claim, why: str) -> None:
    if rejected is not None:
        rejected.append(Claim(claim.facet, claim.slug, claim.quote, claim.kind, claim.block, why))


def _link_claims(i: int, block: Block, mentions: list[Mention]) -> list[Claim]:
    """A link to the site's own page or its navigation names what the site has a page for."""
    if (
        (not block.internal and block.kind == "link")
        or len(block.text.split()) > LINK_WORDS
        or (block.href and ARTICLE_URL.search(block.href))
        or cue("negation").search(block.text)
        or cue("comparison").search(block.text)
        or cue("compared_to").search(block.text)
        or "?" in block.text
    ):
        return []
    why = "the site's navigation" if block.kind == "nav" else "a link to the site's own page"
    return [
        Claim(m.facet, m.slug, block.text, block.kind, i, why)
        for m in mentions
        if not _not_a_programme(block.text, m)
    ]


def _not_a_programme(text: str, m: Mention) -> bool:
    """A heading's or a link's level that names no programme: a length of stay ("90 Day
    Program") or the kind of institution closing the organisation's name."""
    return rules.length_of_stay(text, m) or rules.in_a_name(text, m)


def _heading_claim(text: str, topic: bool) -> bool:
    if "?" in text or any(
        cue(n).search(text)
        for n in ("definition", "comparison", "compared_to", "negation", "symptom_section")
    ):
        return False
    if (cue("glossary").search(text) and not own_voice(text)) or cue("skip_section").search(text):
        return False
    if rules.generic_talk(text) and not own_voice(text):
        return False
    return topic or own_voice(text) or len(text.split()) <= SHORT_LINE


# What a logo can say: who pays and who vouches. Its words are often a file name in lower case
# ("/img/bcbs-logo.png", "uhc.svg"), so acronyms count in any case there.
LOGO_FACETS = ("insurers", "payment", "accreditations")


def _logo_terms(text: str) -> tuple[Mention, ...]:
    found = rules.terms(text)
    seen = {(m.facet, m.slug) for m in found}
    extra = [m for m in find(text, LOGO_FACETS, any_case=True) if (m.facet, m.slug) not in seen]
    return (*found, *extra)


GRID_KINDS = ("alt", "para", "item", "link", "cell")  # logos and tiles, not headings


def _grid_name(page: Page, i: int) -> tuple[Mention, ...]:
    """A carrier named by its short brand alone ("Beacon") as a logo or tile beside other
    carriers' logos or tiles: a grid or carousel of the carriers taken. The word alone
    elsewhere is a provider's or a street's name."""
    block = page.blocks[i]
    if block.kind not in GRID_KINDS or not (short := grid_name(block.text)):
        return ()
    near = page.blocks[max(0, i - 2) : i] + page.blocks[i + 1 : i + 3]
    return (short,) if any(_carrier_tile(b) for b in near) else ()


def _carrier_tile(block: Block) -> bool:
    """A logo naming a carrier, or a tile that is a carrier's name and little else."""
    names = find(block.text, ("insurers",), any_case=True) if block.kind in GRID_KINDS else []
    return bool(names) and (block.kind == "alt" or _mostly_names(block.text, names))


def _block_claims(page: Page, i: int, block: Block, mentions, article: bool, voice, rejected):
    kind = block.kind
    every = [Claim(m.facet, m.slug, block.text, kind, i) for m in mentions]
    if kind in ("nav", "link"):
        if (article and kind == "link") or (block.section and block_rule(page, i)):
            for c in every:  # an article's links, or links inside a glossary or "not offered" list
                _reject(rejected, c, "a link in an article, a glossary or a 'not offered' list")
            return []
        kept = _link_claims(i, block, mentions)
        for c in every if not kept else ():
            _reject(rejected, c, "a long, negated, compared, off-site or length-of-stay link")
        return kept
    if kind == "alt":
        # a carrier grid under "Insurance we accept" is the site's own, even in a blog post
        why = UNDER_OWN_HEADING if _under_own_heading(block) else "a logo's text"
        return [Claim(m.facet, m.slug, block.text, kind, i, why) for m in mentions
                if m.facet in LOGO_FACETS]  # fmt: skip
    rule = block_rule(page, i)
    if rule == "glossary" and kind == "para":
        rule = "voice"  # a paragraph explaining terms still counts where the facility speaks
    if rule in ("testimonial", "not_offered_section", "glossary"):
        for c in every:
            _reject(rejected, c, f"stands in a {rule.replace('_', ' ')}")
        return []
    voice_only = (
        (rule == "voice" or article)
        and rule != "answer"
        and not (_under_own_heading(block) or _after_own_lead_in(page, i, voice))
    )
    tagline = len(block.text.split()) <= SHORT_LINE and not block.text.rstrip().endswith((".", "!"))
    if kind in ("title", "heading") or (kind in ("para", "footer") and tagline):
        topic = kind == "title" or block.level == 1
        if quote := _yes_answer(page, i, block.text, ""):
            return [Claim(c.facet, c.slug, quote, kind, i, ANSWERED_YES) for c in every]
        # an article's headings are its topics, unless the owner speaks in one ("Our
        # treatment is covered by most insurance companies"; round twelve)
        heading_voice = voice_only and not own_voice(block.text, voice)
        if (heading_voice and not _after_admission_lead_in(page, i, voice)) or not _heading_claim(
            block.text, topic
        ):
            for c in every:
                _reject(
                    rejected, c, "a heading of an article, or a question, definition or comparison"
                )
            return []
        admits = voice_only and _after_admission_lead_in(page, i, voice)
        out = []
        for m, c in zip(mentions, every, strict=True):
            if admits and m.facet in ADMISSION_FACETS and not _not_a_programme(block.text, m):
                out.append(Claim(m.facet, m.slug, block.text, kind, i, ADMITS))
            elif _not_a_programme(block.text, m):
                _reject(rejected, c, "a length of stay or a level in a name")
            elif _symptoms(block, m) or (m.facet == "insurers" and not _name_card(block, mentions)):
                _reject(rejected, c, "a symptom list, or an insurer in a heading")
            else:
                out.append(Claim(m.facet, m.slug, block.text, kind, i, _basis(page, i, voice)))
        return out
    if kind == "cell" and _row_says_no(page, i):
        for c in every:
            _reject(rejected, c, "its table row answers no")
        return []
    admits = voice_only and _after_admission_lead_in(page, i, voice)
    found = []
    for at, sentence in rules.sentences(block.text):
        own = own_voice(sentence, voice)
        rest = block.text[at + len(sentence) :]
        for m in rules.card_terms(sentence, block.text):
            c = Claim(m.facet, m.slug, _trim(sentence, m), kind, i)
            listed = admits and m.facet in ADMISSION_FACETS
            voiced = (
                own
                or listed
                or stated_payment(m.facet, sentence)
                or (m.facet, m.slug) in rules.CARE_IN_WORDS
            )
            reason = (
                "not in the facility's own voice, in an article or FAQ"
                if voice_only and not voiced
                else "a symptom list" if _symptoms(block, m) and not own
                else "a public payer's network" if _public_network(sentence, block.text, m)
                else "an employer's assistance programme pays" if _employer_paid(block, m)
                else rules.rejected(sentence, m, voice)
            )  # fmt: skip
            if listed and reason == "coverage_talk":
                reason = None  # "Be covered by Medicaid" in the list: the client's coverage pays
            if reason == "question" and (quote := _yes_answer(page, i, sentence, rest)):
                found.append(Claim(c.facet, c.slug, quote, kind, i, ANSWERED_YES))
                continue
            if reason == "definition" and not article and m.slug in topic_levels(page):
                found.append(Claim(c.facet, c.slug, c.quote, kind, i, OWN_PROGRAMME))
                continue
            if reason:
                _reject(rejected, c, reason)
                continue
            why = OWN_VOICE if own else ADMITS if listed else _basis(page, i, voice)
            found.append(Claim(c.facet, c.slug, c.quote, kind, i, why))
    return found


def _employer_paid(block: Block, m: Mention) -> bool:
    """ "No cost to you" under an "EAP" heading: the employer's benefit pays, the care is not
    free (the sentence form, "through your EAP", is rules' ``employer_paid``)."""
    heads = _section_heads(block)
    return m.slug == "free" and bool(heads) and bool(cue("employer_paid").search(heads[-1]))


IN_NETWORK = re.compile(r"in[- ]network", re.I)
PUBLIC_PAYERS = frozenset({"tricare", "va", "medicaid", "medicare", "ihs"})


def _public_network(sentence: str, text: str, m: Mention) -> bool:
    """ "In-network" where the only payers named beside it are public ones ("in-network with
    TriCare and TriWest"; "partners with TRICARE … As an in-network provider"): the network is
    that payer's, no commercial plan's. The sentence decides when it names a payer, else its
    paragraph; a carrier or commercial plans named there keep the private insurance."""
    if m.slug != "private_insurance" or not IN_NETWORK.search(m.text):
        return False  # the bare word, or a cue's "we are in-network with … insurance"
    return _public_only(_payers(sentence) or _payers(text))


def _payers(text: str) -> list[Mention]:
    """Insurers named in the text, public or commercial (a network is an insurer's; cash and
    fees are not), what says "in-network" aside."""
    return [
        t
        for t in rules.terms(text)
        if (t.facet == "insurers" or t.slug in PUBLIC_PAYERS or t.slug == "private_insurance")
        and not IN_NETWORK.search(t.text)
    ]


def _public_only(payers: list[Mention]) -> bool:
    return bool(payers) and all(t.slug in PUBLIC_PAYERS for t in payers)


def _row_says_no(page: Page, i: int) -> bool:
    """An availability table: the cell after the term's answers "No" or "✗"."""
    nxt = page.blocks[i + 1] if i + 1 < len(page.blocks) else None
    return nxt is not None and nxt.kind == "cell" and rules.says_no(nxt.text)


def _trim(sentence: str, m: Mention, width: int = 300) -> str:
    if len(sentence) <= width:
        return sentence
    start = max(0, min(m.start - width // 2, len(sentence) - width))
    return ("…" if start else "") + sentence[start : start + width].strip() + "…"
