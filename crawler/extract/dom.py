"""A page as a list of text blocks that remember where they stood (heading, nav, footer, ...)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

import lxml.html
from lxml import etree

from crawler.urls import WEB_SCHEMES, host, same_host

# A <form> is kept: ASP.NET WebForms wrap the whole page in one; its controls are dropped.
DROP = {"script", "style", "noscript", "template", "svg", "select", "option", "input",
        "textarea", "button", "iframe", "object", "canvas", "head"}  # fmt: skip
CARD_CHILDREN = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "ul", "ol", "section", "article"}
BLOCK = {"p", "li", "td", "th", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "div",
         "section", "article", "header", "footer", "nav", "aside", "main", "ul", "ol", "table",
         "tr", "blockquote", "address", "figcaption", "br", "label", "summary", "details",
         "button"}  # fmt: skip
NAV_HINT = re.compile(r"(^|[-_ ])(nav|menu|navbar|submenu|dropdown|breadcrumbs?)($|[-_ ])", re.I)
FOOTER_HINT = re.compile(r"(^|[-_ ])footer", re.I)
# The site's own footer, not a card's or a quote's ("card-footer", <blockquote><footer>)
SITE_FOOTER_HINT = re.compile(r"(?:^|\s)(?:(?:site|main|page|global)[-_])?footer(?:\s|$)", re.I)
TESTIMONIAL_HINT = re.compile(r"testimonial|review|quote", re.I)
SPACE = re.compile(r"\s+")
BULLET = re.compile(r"^[•·▪◦●■►✓✔]\s*")
JSX_LINK = re.compile(r"<(/?)Link\b")
QUESTION_LEVEL = 6  # a title that is no <h*> (a tab, a panel, a FAQ summary) heads like the lowest
LINK_WORDS = 7  # a link longer than this is a sentence, not a name (claims.py reads it so)


@dataclass
class Block:
    text: str
    kind: str  # title, heading, para, item, cell, nav, link, alt, footer
    section: str = ""  # text of the nearest heading above
    level: int = 0  # heading level for headings
    href: str | None = None  # for links: absolute URL
    internal: bool = False  # link to the same site
    testimonial: bool = False


@dataclass
class Page:
    url: str
    title: str
    blocks: list[Block]
    links: list[tuple[str, str]]  # (absolute url, link text), in page order
    tel_links: list[str]
    html: str | None = None
    root: object = None  # the parsed document, for readers of markup (schema.org, meta tags)
    sentences: list[str] | None = None  # the text's sentences, split by their first reader


def _clean(text: str) -> str:
    return SPACE.sub(" ", text.replace("\u00a0", " ")).strip()


def _hint(el) -> str:
    return f"{el.get('class', '')} {el.get('id', '')} {el.get('role', '')}"


def image_text(el) -> str:
    """What an image says: its alt, title or label, else the words of its file name
    ("/logos/blue-cross-blue-shield.png", Next.js's "/_next/image?url=…"): logo grids and
    carousels of carriers often name them nowhere else. Read as logo text (insurers, payers
    and quality marks only)."""
    return _label(el) or file_name_text(_image_url(el))


def _label(el) -> str:
    """The name markup gives an image or a drawn logo: its alt, title or aria-label."""
    return next((t for a in ("alt", "title", "aria-label") if (t := _clean(el.get(a) or ""))), "")


def _dropped_logo_names(el) -> list[str]:
    """Names of logos inside markup the walker drops: an inline SVG's aria-label or <title>
    (carrier logos drawn as SVG), and the labelled <img> a lazy loader keeps in <noscript>."""
    if el.tag == "svg":
        titles = [t for t in el if isinstance(t.tag, str) and t.tag.endswith("title")]
        name = _label(el) or (_clean(titles[0].text_content()) if titles else "")
        return [name] if name else []
    return [name for img in el.iter("img") if (name := _label(img))]


# Where an image's file is: lazy loaders keep it in data-* while src holds a placeholder;
# responsive images (and <source> in <picture>) give it in srcset.
IMAGE_URL_ATTRS = ("src", "data-src", "data-lazy-src", "data-original", "srcset", "data-srcset")
BACKGROUND_URL = re.compile(r"background(?:-image)?\s*:[^;]*url\(\s*['\"]?([^'\")]+)", re.I)


def _image_url(el) -> str:
    for attr in IMAGE_URL_ATTRS:
        url = (el.get(attr) or "").strip().split(",")[0].split()
        if url and not url[0].startswith("data:"):
            return url[0]
    found = BACKGROUND_URL.search(el.get("style") or "")
    return found[1] if found else ""


def file_name_text(src: str) -> str:
    """The words of an image's file name; "" for none."""
    if not src or src.startswith("data:"):
        return ""
    parts = urlsplit(src)
    inner = parse_qs(parts.query).get("url")
    stem = unquote(inner[0] if inner else parts.path).rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return _clean(FILE_NAME_NOISE.sub(" ", stem))


def _unlabelled_logo(el) -> str:
    """A logo drawn without an <img>: a CSS background image, or an element with no text
    whose aria-label names it (a linked carrier tile)."""
    if BACKGROUND_URL.search(el.get("style") or ""):
        return file_name_text(_image_url(el))
    label = _clean(el.get("aria-label") or "")
    return label if label and not _clean(el.text_content()) else ""


FILE_NAME_NOISE = re.compile(r"[-_+.@]+|\b\d+(?:x\d*)?\b")


def _toggle(el) -> bool:
    """A button that opens a tab or an accordion panel: its words are the panel's title ("Do you
    accept Medicaid?", "Residential"), where other buttons say "Submit" or "Call now"."""
    return el.tag == "button" and bool(
        el.get("role") == "tab"
        or el.get("aria-controls")
        or el.get("aria-expanded")
        or el.get("data-bs-toggle")
        or el.get("data-toggle")
        or TOGGLE_HINT.search(el.get("class") or "")
    )


TOGGLE_HINT = re.compile(r"accordion|collaps|toggle|\btabs?\b|tab-title|faq", re.I)


def _question(el) -> bool:
    return _clean(el.text_content()).endswith("?")


def _tile_pieces(el) -> list[str]:
    """The parts of a link built as a tile: a name and a description in sibling elements that a
    style sets on lines of their own ("<span>PHP</span><span>Partial hospitalization</span>",
    "<span>Residential</span><span>A private stay …</span>"). Read whole, they glue into one
    word ("PHPPartial") or one long link; read apart, the name is the link and the rest a
    paragraph. Only where the whole would fail: glued pieces, or more than a link's words."""
    kids = [c for c in el if isinstance(c.tag, str)]
    raw = [c.text_content() for c in kids]
    pieces = [_clean(t) for t in raw if _clean(t)]
    if _clean(el.text or "") or any(_clean(c.tail or "") for c in kids) or len(pieces) < 2:
        return []
    glued = any(
        a.strip() and b.strip() and a[-1:].isalnum() and b[:1].isalnum() and not (k.tail or "")
        for a, b, k in zip(raw, raw[1:], kids, strict=False)
    )
    # a sentence wrapped in spans goes on in lower case ("Why a detox stay" "may be …")
    long_ = len(" ".join(pieces).split()) > LINK_WORDS and not pieces[1][:1].islower()
    return pieces if (glued or long_) and len(pieces[0].split()) <= LINK_WORDS else []


def _site_footer(el, tag: str) -> bool:
    if tag == "footer":
        return not any(a.tag in ("article", "blockquote", "figure") for a in el.iterancestors())
    return bool(SITE_FOOTER_HINT.search(f"{el.get('class', '')} {el.get('id', '')}"))


def _same_site(url: str, base: str) -> bool:
    """A link to the page's own website: its host or the www twin (crawler/urls.py)."""
    return urlsplit(url).scheme in WEB_SCHEMES and same_host(host(url), host(base))


class _Walker:
    def __init__(self, url: str):
        self.url = url
        self.blocks: list[Block] = []
        self.links: list[tuple[str, str]] = []
        self.tels: list[str] = []
        self.buffer: list[str] = []
        self.headings: list[tuple[int, str]] = []  # the open headings, outermost first

    @property
    def section(self) -> str:
        """The path of open headings ("Programs / Evening IOP"): what a block stands under."""
        return " / ".join(t for _, t in self.headings)

    def flush(self, kind: str, ctx: dict) -> None:
        text = _clean(" ".join(self.buffer))
        self.buffer = []
        if not text:
            return
        if ctx["nav"]:
            kind = "nav"
        elif ctx["footer"] and kind == "para":
            kind = "footer"
        elif kind == "para" and (bullet := BULLET.match(text)):
            kind, text = "item", text[bullet.end() :]  # "• Residential: …" typed as a list
        self.blocks.append(Block(text, kind, self.section, testimonial=ctx["testimonial"]))

    def walk(self, el, ctx: dict, kind: str = "para") -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in ("svg", "noscript"):
            for label in _dropped_logo_names(el):
                self.blocks.append(Block(label, "alt", self.section))
        if (tag in DROP and not _toggle(el)) or not tag:
            if el.tail and tag != "head":
                self.buffer.append(el.tail)
            return
        hint = _hint(el)
        ctx = dict(ctx)
        if tag == "nav" or NAV_HINT.search(hint) or el.get("role") == "navigation":
            ctx["nav"] = True
        if tag == "address":  # HTML's own mark for the site's contact details, even in a nav bar
            ctx["nav"] = False
        if tag == "footer" or FOOTER_HINT.search(hint):
            if not ctx["footer"] and _site_footer(el, tag):
                return self._footer(el, ctx, kind)
            ctx["footer"] = True
        if TESTIMONIAL_HINT.search(hint):
            ctx["testimonial"] = True
        if tag in BLOCK:
            self.flush(kind, ctx)
        if alt := image_text(el) if tag in ("img", "source") else _unlabelled_logo(el):
            self.blocks.append(Block(alt, "alt", self.section))
        if tag == "a" and any(isinstance(c.tag, str) and c.tag in CARD_CHILDREN for c in el):
            self._card(el, ctx, kind)
        elif tag == "a":
            self._link(el, ctx)
        elif tag == "details":
            self._disclosure(el, ctx, kind)
        elif (
            re.fullmatch(r"h[1-6]", tag) or tag == "button" or (tag == "summary" and _question(el))
        ):
            text = _clean(el.text_content())
            if text:
                level = int(tag[1]) if re.fullmatch(r"h[1-6]", tag) else QUESTION_LEVEL
                self.blocks.append(Block(text, "nav" if ctx["nav"] else "heading", self.section,
                                         level=level, testimonial=ctx["testimonial"]))  # fmt: skip
                if not ctx["nav"]:
                    # A question heading covers only its own answer, not the headings after it.
                    self.headings = [
                        (lv, t) for lv, t in self.headings if lv < level and not t.endswith("?")
                    ]
                    self.headings.append((level, text))
        else:
            child_kind = {"li": "item", "td": "cell", "th": "cell", "dd": "item"}.get(tag, kind)
            if el.text:
                self.buffer.append(el.text)
            for child in el:
                self.walk(child, ctx, child_kind)
            if tag in BLOCK:
                self.flush(child_kind, ctx)
        if el.tail:
            self.buffer.append(el.tail)

    def _footer(self, el, ctx: dict, kind: str) -> None:
        """The site's footer stands under none of the page's headings: its program links and
        address are the site's, not part of the FAQ or glossary that happens to end the page."""
        open_headings, self.headings = self.headings, []
        self.walk(el, {**ctx, "footer": True}, kind)
        self.headings = open_headings

    def _disclosure(self, el, ctx: dict, kind: str) -> None:
        """A FAQ item as <details>: its <summary> question heads the answer inside it, and
        only that answer (the text after the item stands under the headings before it)."""
        open_headings = list(self.headings)
        if el.text:
            self.buffer.append(el.text)
        for child in el:
            self.walk(child, ctx, kind)
        self.flush(kind, ctx)
        self.headings = open_headings

    def _card(self, el, ctx: dict, kind: str) -> None:
        """A link wrapping headings and paragraphs (a "card"): read its content as content."""
        href = (el.get("href") or el.get("to") or "").strip()
        if href and not href.startswith(("#", "mailto:", "tel:", "javascript:")):
            self.links.append((urljoin(self.url, href), _clean(el.text_content())))
        self.flush(kind, ctx)
        if el.text:
            self.buffer.append(el.text)
        for child in el:
            self.walk(child, ctx, kind)
        self.flush(kind, ctx)

    def _link(self, el, ctx: dict) -> None:
        href = (el.get("href") or el.get("to") or "").strip()
        pieces = _tile_pieces(el)
        text = pieces[0] if pieces else _clean(el.text_content())
        if href.lower().startswith("tel:"):
            self.tels.append(href[4:])
        absolute = (
            urljoin(self.url, href)
            if href and not href.startswith(("#", "mailto:", "tel:", "javascript:"))
            else None
        )
        if absolute:
            self.links.append((absolute, text))
        internal = bool(absolute and _same_site(absolute, self.url))
        if text and (ctx["nav"] or internal) and absolute:
            self.flush("para", ctx)
            kind = "nav" if ctx["nav"] else "link"
            self.blocks.append(Block(text, kind, self.section, href=absolute, internal=internal))
            self.buffer.extend(pieces[1:])  # a tile's description: its own paragraph
            self.flush("para", ctx)
        else:
            for child in el:
                if isinstance(child.tag, str) and child.tag == "img" and (alt := image_text(child)):
                    self.blocks.append(Block(alt, "alt", self.section))
            self.buffer.append(text)


def parse_html(html: str, url: str) -> Page:
    html = JSX_LINK.sub(r"<\1a", html)  # JSX <Link to=…> would parse as an empty <link>
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return Page(url, "", [], [], [], html)
    for comment in root.xpath("//comment()"):
        parent = comment.getparent()
        if parent is not None:
            comment.drop_tree() if hasattr(comment, "drop_tree") else parent.remove(comment)
    for br in root.iter("br"):  # a line break is a space where a heading or link is read whole
        br.tail = " " + (br.tail or "")  # ("Intensive<br>Outpatient" is not "IntensiveOutpatient")
    title = _clean(" ".join(root.xpath("//title//text()")))
    walker = _Walker(url)
    body = root.find("body") if root.find("body") is not None else root
    walker.walk(body, {"nav": False, "footer": False, "testimonial": False})
    walker.flush("para", {"nav": False, "footer": False, "testimonial": False})
    blocks = ([Block(title, "title")] if title else []) + walker.blocks
    return Page(url, title, blocks, walker.links, walker.tels, html, root)


# Scraped text breaks a sentence over a blank line ("…contracted with insurers to provide" /
# "therapeutic services, including Medicare…"): a line that ends mid-sentence and a next line
# that starts in lower case are one paragraph, so the sentence keeps its speaker.
BROKEN_SENTENCE = re.compile(r"([\w,])[ \t]*\n[ \t]*\n\s*(?=[a-z])")
MD_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)[^)]*\)")


def _looks_like_heading(line: str) -> bool:
    """A short line without closing punctuation, in text that has no markup for headings."""
    words = line.split()
    return 0 < len(words) <= 10 and not re.search(r"[.,;:!]$", line) and line[0].isupper()


def parse_text(text: str, url: str) -> Page:
    """Plain text or Markdown: headings (#, or short title-like lines), list items, paragraphs."""
    blocks, links, section, para = [], [], "", []
    text = re.sub(r"^---\n.*?\n---\n", "", text, flags=re.S)  # front matter
    text = BROKEN_SENTENCE.sub(r"\1 ", text)
    markdown_headings = bool(re.search(r"^#{1,6}\s", text, re.M))

    def flush():
        if para:
            blocks.append(Block(_clean(" ".join(para)), "para", section))
            para.clear()

    for line in text.splitlines():
        for label, href in MD_LINK.findall(line):
            links.append((urljoin(url, href), label))
        line = MD_LINK.sub(r"\1", line).strip()
        line = re.sub(r"[*_`]{1,3}", "", line)
        if not line:
            flush()
            continue
        if m := re.match(r"^(#{1,6})\s+(.*)", line):
            flush()
            section = _clean(m[2])
            blocks.append(Block(section, "heading", section, level=len(m[1])))
        elif m := re.match(r"^(?:[-*+•]|\d+[.)])\s+(.*)", line):
            flush()
            blocks.append(Block(_clean(m[1]), "item", section))
        elif not markdown_headings and _looks_like_heading(line):
            flush()
            section = _clean(line)
            level = 1 if not blocks else 2
            blocks.append(Block(section, "heading", section, level=level))
        else:
            para.append(line)
    flush()
    title = next((b.text for b in blocks if b.kind == "heading"), "")
    return Page(url, title, blocks, links, [], None)


def parse(content: str, url: str, content_type: str = "") -> Page:
    looks_html = "html" in content_type or re.search(
        r"<(html|body|div|p|head)\b", content[:5000], re.I
    )
    return parse_html(content, url) if looks_html else parse_text(content, url)
