"""Render a sample page in its site's markup style: semantic, divsoup, table, jsonld or text."""

from __future__ import annotations

import json
from html import escape


def _block_html(kind: str, value, style: str) -> str:
    para = "div class='txt'" if style == "divsoup" else "p"
    close = para.split()[0]
    if kind in ("h1", "h2"):
        return f"<{kind}>{escape(value)}</{kind}>"
    if kind == "p":
        return f"<{para}>{escape(value)}</{close}>"
    if kind == "ul":
        return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in value) + "</ul>"
    if kind == "address":
        street, rest = value.split(", ", 1)
        return f"<address>{escape(street)}<br>{escape(rest)}</address>"
    if kind == "testimonial":
        return f"<blockquote class='testimonial'>{escape(value)}</blockquote>"
    if kind == "faq":
        return "".join(f"<h3>{escape(q)}</h3><{para}>{escape(a)}</{close}>" for q, a in value)
    if kind == "form":
        return f"<form><label>Insurance</label><input placeholder='{escape(value)}'><button>Check</button></form>"
    if kind == "hours_table":
        rows = "".join(f"<tr><td>{escape(d)}</td><td>{escape(h)}</td></tr>" for d, h in value)
        return f"<table class='hours'>{rows}</table>"
    if kind == "logos":
        return "".join(f"<img src='/logo-{i}.png' alt='{escape(n)}'>" for i, n in enumerate(value))
    raise ValueError(f"unknown block kind {kind!r}")


def _nav(site: dict, style: str) -> str:
    links = site["pages"][0].get("nav", [])
    items = "".join(f"<li><a href='{escape(h)}'>{escape(t)}</a></li>" for h, t in links)
    home = "<li><a href='/'>Home</a></li>"
    if style == "divsoup":
        return f"<div class='top-menu'><ul>{home}{items}</ul></div>"
    if style == "table":
        return f"<td class='menu' width='180'><ul>{home}{items}</ul></td>"
    return f"<header><nav><ul>{home}{items}</ul></nav></header>"


def html(site: dict, page: dict) -> str:
    style = site["style"]
    body = "".join(_block_html(k, v, style) for k, v in page["blocks"])
    body += "".join(
        f"<p><a href='{escape(h)}'>{escape(t)}</a></p>" for h, t in page.get("links", [])
    )
    footer = f"<footer><p>© 2026 {escape(site['organization'])}</p></footer>"
    head = f"<title>{escape(page['title'])}</title><meta charset='utf-8'>"
    if page.get("jsonld"):
        data = {"@context": "https://schema.org", **page["jsonld"]}
        head += f"<script type='application/ld+json'>{json.dumps(data)}</script>"
    if style == "table":
        layout = f"<table width='100%'><tr>{_nav(site, style)}<td class='content'>{body}</td></tr></table>{footer}"
    elif style == "divsoup":
        layout = f"<div id='wrap'>{_nav(site, style)}<div class='content'><div class='inner'>{body}</div></div><div class='site-footer'>{footer}</div></div>"
    else:
        layout = f"{_nav(site, style)}<main>{body}</main>{footer}"
    return f"<!doctype html><html lang='en'><head>{head}</head><body>{layout}</body></html>"


def text(page: dict) -> str:
    lines = []
    for kind, value in page["blocks"]:
        if kind == "h1":
            lines.append(f"# {value}")
        elif kind == "h2":
            lines.append(f"## {value}")
        elif kind == "ul":
            lines += [f"- {item}" for item in value]
        else:
            lines.append(str(value))
        lines.append("")
    return "\n".join(lines)


def render(site: dict, path: str) -> tuple[str, str] | None:
    """(body, content type) for a path of the site, or None for 404."""
    if path == "/robots.txt":
        return site.get("robots", "User-agent: *\nAllow: /\n"), "text/plain; charset=utf-8"
    page = next((p for p in site["pages"] if p["path"] == path), None)
    if page is None:
        return None
    if site["style"] == "text" and path.endswith(".txt"):
        return text(page), "text/plain; charset=utf-8"
    return html(site, page), "text/html; charset=utf-8"
