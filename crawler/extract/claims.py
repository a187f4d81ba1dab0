"""Offered or merely mentioned? Decide, block by block, which vocabulary mentions are claims.

A mention counts when the facility says it offers, treats or accepts the thing: a sentence in
its own voice ("we", "our") or with an offer verb and no generic subject, a heading or title
naming its programme, a link in its own navigation, a list under an offer heading, or a logo's
alt text naming an insurer. Negations, comparisons, definitions, questions, FAQs, staff
biographies, testimonials and blog links are not claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crawler.extract.dom import Block, Page
from crawler.extract.mentions import Mention, find

FIRST_PERSON = re.compile(r"\b(we|we're|we’re|we've|we’ve|our|ours|us)\b", re.I)
OFFER_VERB = re.compile(
    r"\b(offer(s|ing|ed)?|provid(e|es|ing)|accept(s|ed|ing)?|treat(s|ing)?|speciali[sz]\w*|"
    r"feature[sd]?|available|in[- ]network|contracted|run(s)?|operat(e|es|ing)|serv(e|es|ing)|"
    r"admit(s)?|welcome[sd]?|licensed|certified|located|housed|pay on|designed for)\b",
    re.I,
)
NEGATION = re.compile(
    r"\b(not|no longer|n[o']t|never|nor|coming soon|out[- ]of[- ]network|isn['’]t|"
    r"aren['’]t|cannot|can['’]t|unable)\b",
    re.I,
)
COMPARISON = re.compile(
    r"(\bvs\.?(?=\s)|\bversus\b|\bcompared\b|\bcomparison\b|\bthan\b|\bunlike\b|\balternative to\b|"
    r"\binstead of\b|\brather than\b|\bdiffer|\bstep(?:s|ping)?[- ]down\b|\bafter (?:completing|discharg"
    r"\w*|leaving|graduating)|\btransition(?:s|ing)? (?:from|out of)\b|\bprevent\w* (?:the need|hospital)"
    r"|\bavoid\w*\b|\bprior to\b|\bprevious(?:ly)?\b|\bother (?:programs|providers|facilities|"
    r"treatment centers)\b|\belsewhere\b|\bposing as\b|\bso-called\b)",
    re.I,
)
GENERIC = re.compile(
    r"\b(most|many|some|typically|typical|generally|usually|often|may|might|could|can be|"
    r"what is|what are|is a type|refers? to|is defined|defined as|such as|people who|individuals "
    r"who|patients who|someone|a person|if you|when you|you may|you might|depend(s|ing)? on|"
    r"commonly|common|various|options include|levels of care include)\b",
    re.I,
)
DEFINITION = re.compile(
    r"\b(what is|what are|refers? to|is defined|defined as|is a type of|stands for)\b", re.I
)
BIOGRAPHY = re.compile(
    r"\b(has worked|have worked|worked (?:in|at|as)|experience (?:in|with|working)|background in|"
    r"trained|graduated|degree|served as|formerly|career|dr\.|ph\.?d|psy\.?d|lcsw|lmft|md\b)",
    re.I,
)
SKIP_SECTION = re.compile(r"\b(faq|frequently asked|questions to ask|testimonial|reviews?|blog|news|articles?|"
                          r"resources|related posts|recent posts)\b", re.I)  # fmt: skip
OFFER_HEADING = re.compile(
    r"\b(our|we|programs?|services|levels? of care|treatment options|what we treat|conditions|"
    r"specialties|insurance|accepted|payment|we accept|in[- ]network|carriers|plans|therapies|"
    r"approaches|modalities|treatments?|locations?|participating|contracts?|network|partners|"
    r"we work with|carriers)\b",
    re.I,
)
ARTICLE_URL = re.compile(
    r"/(blog|news|articles?|posts?|resources|insights|learn|library)/|/\d{4}/\d{2}/", re.I
)
GENERIC_OUR = re.compile(
    r"\b(our|we)\b(?=\s+(?:\w+\s+){0,2}(system|society|country|nation|communit(y|ies)|industry|"
    r"field|state|world|culture|youth|children|veterans|loved ones)\b)",
    re.I,
)
EDU_SECTION = re.compile(
    r"\b(covered by|coverage for|what \w+ covers|types? of|kinds of|differences? between|compared?|"
    r"vs\.?|versus)\b",
    re.I,
)
REFERRAL_OUT = re.compile(
    r"\brefer(?:s|red|ring)? (?:you|them|clients|patients|people)? ?(?:to|out)\b|"
    r"\bif (?:you|they) need\b|\boutside (?:prescribers|providers)\b",
    re.I,
)
# Level-only cues that the facility sends people elsewhere ("a local sober living home").
ELSEWHERE_LEVEL = re.compile(
    r"\bwork(?:s|ing)? with\b|\bpartner(?:s|ing)? (?:with|for|to)\b|\bnetwork of\b|\ba local\b|"
    r"\bclients (?:live|stay|go) (?:in|to)\b",
    re.I,
)
# A condition named as the object of a service noun ("alcohol treatment", "eating disorder program").
SERVICE_NOUN = re.compile(
    r"(?:\s+(?:and|&|or|use|abuse|addiction|disorders?|\w+))?\s+(?:treatment|rehab|recovery|program|services|counseling|center)s?\b",
    re.I,
)
SYMPTOM_SECTION = re.compile(
    r"\b(signs?|symptoms?|causes?|risks?|effects?|types?|what is|facts)\b", re.I
)
STANDARD_OUTPATIENT = re.compile(
    r"\b(regular|standard|traditional|general|weekly|individual)\b", re.I
)
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(])")
CLAUSE = re.compile(
    r"[;:]|,\s*(?:but|however|although|though|while|whereas)\b|\bbut\b|\bhowever\b", re.I
)


@dataclass(frozen=True)
class Claim:
    facet: str
    slug: str
    quote: str
    kind: str  # the kind of block it came from
    block: int = -1  # that block's index in the page


def _clause(text: str, m: Mention) -> str:
    """The clause of ``text`` that holds the mention (negation binds to its own clause)."""
    starts = [0] + [x.end() for x in CLAUSE.finditer(text) if x.end() <= m.start]
    ends = [x.start() for x in CLAUSE.finditer(text) if x.start() >= m.end] + [len(text)]
    return text[starts[-1] : ends[0]]


def _sentences(text: str) -> list[str]:
    return [s for s in SENTENCE.split(text) if s.strip()]


def _negated(sentence: str, m: Mention) -> bool:
    """Whether any clause that names this slug is negated, a comparison or a referral out."""
    for other in find(sentence, (m.facet,)):
        if other.slug == m.slug:
            clause = _clause(sentence, other)
            if NEGATION.search(clause) or COMPARISON.search(clause) or REFERRAL_OUT.search(clause):
                return True
            if m.facet == "levels_of_care" and ELSEWHERE_LEVEL.search(clause):
                return True
    return False


def _is_claim_sentence(sentence: str, m: Mention, voice: re.Pattern | None = None) -> bool:
    if "?" in sentence or DEFINITION.search(sentence) or BIOGRAPHY.search(sentence):
        return False
    if _negated(sentence, m):
        return False
    if FIRST_PERSON.search(GENERIC_OUR.sub(" ", sentence)) or (voice and voice.match(sentence)):
        return True
    rest = sentence
    for other in find(sentence):  # "most major insurance" is a term, not a generic subject
        rest = rest.replace(other.text, " ")
    if GENERIC.search(rest):
        return False
    if m.facet == "conditions" and SERVICE_NOUN.match(sentence[m.end :]):
        return True  # "Drug and Alcohol Treatment Centers": what the place treats
    return bool(OFFER_VERB.search(sentence))


def company_voice(page: Page) -> re.Pattern | None:
    """Sentences that open with the organisation's name speak for it ("Quiet Waters is ...")."""
    names = {
        " ".join(part.split()[:2])
        for part in re.split(r"\s+[|–—:•·-]\s+", page.title)
        if len(part.split()) >= 2 and part[0].isupper() and not GENERIC.search(part)
    }
    if not names:
        return None
    alts = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"^(?:the\s+|at\s+)?(?:{alts})\b", re.I)


def _is_claim_heading(text: str, page_topic: bool) -> bool:
    if "?" in text or DEFINITION.search(text) or COMPARISON.search(text) or NEGATION.search(text):
        return False
    if SYMPTOM_SECTION.search(text):  # "Signs of depression" describes, it does not offer
        return False
    if GENERIC.search(text) and not FIRST_PERSON.search(text):
        return False
    return page_topic or FIRST_PERSON.search(text) is not None or len(text.split()) <= 6


def _lead_in(blocks: list[Block], i: int) -> bool:
    """Whether the list item or cell at ``i`` follows an offer heading or an offering lead-in."""
    section = blocks[i].section
    if section and (SKIP_SECTION.search(section) or "?" in section or COMPARISON.search(section)):
        return False
    for j in range(i - 1, max(-1, i - 40), -1):
        prev = blocks[j]
        if prev.kind in ("item", "cell", "nav", "link", "alt"):
            continue
        if prev.kind == "heading":
            return bool(OFFER_HEADING.search(prev.text)) and _is_claim_heading(prev.text, False)
        if prev.kind in ("para", "footer"):
            text = prev.text.rstrip()
            cue = FIRST_PERSON.search(text) or OFFER_VERB.search(text)
            return bool(cue) and text.endswith(":") and not NEGATION.search(text)
        return False
    return False


def _listed_offer(block: Block, mentions: list[Mention]) -> bool:
    """A short list item naming an insurer (lists of carriers are lists of accepted plans), or
    a condition under a section that is not about signs, symptoms or causes."""
    if block.section and ("?" in block.section or SKIP_SECTION.search(block.section)):
        return False
    if len(block.text.split()) <= 6 and any(m.facet == "insurers" for m in mentions):
        return True
    return (
        len(block.text.split()) <= 3
        and any(m.facet == "conditions" for m in mentions)
        and not SYMPTOM_SECTION.search(block.section)
    )


def article_page(url: str) -> bool:
    return bool(ARTICLE_URL.search(url))


def explainer_page(page: Page) -> bool:
    """A page that mostly asks and answers general questions (an article or a guide)."""
    text = " ".join(b.text for b in page.blocks if b.kind in ("para", "item", "heading"))
    return article_page(page.url) or text.count("?") >= 6


def claims(page: Page) -> list[Claim]:
    """Every claim the page makes, in page order (one per block and slug)."""
    out: list[Claim] = []
    article = explainer_page(page)
    voice = company_voice(page)
    for i, block in enumerate(page.blocks):
        if block.testimonial or (block.section and EDU_SECTION.search(block.section)):
            continue
        if block.section and SKIP_SECTION.search(block.section) and block.kind != "nav":
            continue
        mentions = find(block.text)
        if not mentions:
            continue
        out += _block_claims(page, i, block, mentions, article, voice)
    return _drop_generic_outpatient(page, out)


def _drop_generic_outpatient(page: Page, found: list[Claim]) -> list[Claim]:
    """ "Outpatient" in prose about an IOP or PHP describes that programme, not standard
    outpatient care: keep it only when it says regular/standard/weekly outpatient."""
    topic = " ".join(b.text for b in page.blocks if b.kind == "title" or b.level == 1)
    topic_levels = {m.slug for m in find(topic, ("levels_of_care",))}
    kept = []
    for claim in found:
        if claim.slug == "outpatient" and claim.kind in ("para", "item", "cell", "footer"):
            near = {m.slug for m in find(claim.quote, ("levels_of_care",))} | topic_levels
            if near & {"iop", "php"} and not STANDARD_OUTPATIENT.search(claim.quote):
                continue
        kept.append(claim)
    return kept


def _block_claims(
    page: Page, i: int, block: Block, mentions: list[Mention], article: bool, voice=None
):
    kind = block.kind
    if kind in ("nav", "link"):
        if (
            not block.internal
            and kind == "link"
            or len(block.text.split()) > 7
            or (block.href and ARTICLE_URL.search(block.href))
            or NEGATION.search(block.text)
            or COMPARISON.search(block.text)
            or "?" in block.text
        ):
            return []
        return [Claim(m.facet, m.slug, block.text, kind, i) for m in mentions]
    if kind == "alt":
        return [Claim(m.facet, m.slug, block.text, kind, i) for m in mentions
                if m.facet in ("insurers", "payment")]  # fmt: skip
    if kind in ("title", "heading"):
        if article:
            return []
        topic = kind == "title" or block.level == 1
        if not _is_claim_heading(block.text, topic):
            return []
        return [
            Claim(m.facet, m.slug, block.text, kind, i) for m in mentions if m.facet != "insurers"
        ]
    tagline = len(block.text.split()) <= 6 and not block.text.rstrip().endswith((".", "!"))
    if (
        kind in ("para", "footer")
        and tagline
        and not article
        and _is_claim_heading(block.text, False)
    ):
        # A short tagline ("IOP in Santa Clarita") reads like a heading, not a sentence.
        return [
            Claim(m.facet, m.slug, block.text, kind, i) for m in mentions if m.facet != "insurers"
        ]
    found = []
    inherited = kind in ("item", "cell") and (
        _lead_in(page.blocks, i) or _listed_offer(block, mentions)
    )
    offset = 0
    for sentence in _sentences(block.text):
        start = block.text.find(sentence, offset)
        offset = start + len(sentence)
        for m in find(sentence):
            if article and not FIRST_PERSON.search(sentence):
                continue
            ok = _is_claim_sentence(sentence, m, voice)
            if not ok and inherited:
                ok = not (_negated(sentence, m) or "?" in sentence)
            if ok:
                found.append(Claim(m.facet, m.slug, _trim(sentence, m), kind, i))
    return found


def _trim(sentence: str, m: Mention, width: int = 300) -> str:
    if len(sentence) <= width:
        return sentence
    start = max(0, min(m.start - width // 2, len(sentence) - width))
    return ("…" if start else "") + sentence[start : start + width].strip() + "…"
