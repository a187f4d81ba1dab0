"""Free text as words and quoted phrases: nothing else of Whoosh's query language gets through.

Wildcards (``*a*`` expands to every term containing an a), ranges, fields, fuzzy terms and
boosts can make one query walk the whole term dictionary; people searching for care type words
and, now and then, a phrase in quotes.
"""

from __future__ import annotations

import re

from whoosh.qparser import MultifieldParser, OrGroup
from whoosh.qparser.plugins import PhrasePlugin, WhitespacePlugin

PHRASE = re.compile(r'"([^"]*)"')
WORD = re.compile(r"\w+")
MAX_WORDS = 16  # words and phrase words together; later ones are ignored


def plain(text: str) -> str:
    """The words and "quoted phrases" of ``text``, repeats dropped, bounded, as parser input
    that contains no syntax but spaces and double quotes."""
    parts, seen, budget = [], set(), MAX_WORDS
    for phrase in PHRASE.findall(text):
        words = WORD.findall(phrase)[:budget]
        key = " ".join(words).lower()
        if words and key not in seen:
            seen.add(key)
            parts.append(f'"{" ".join(words)}"' if len(words) > 1 else words[0])
            budget -= len(words)
    for word in WORD.findall(PHRASE.sub(" ", text)):
        if budget and word.lower() not in seen:
            seen.add(word.lower())
            parts.append(word)
            budget -= 1
    return " ".join(parts)


def parse(text: str, schema):
    """A Whoosh query over name and body for the words and phrases of ``text``."""
    parser = MultifieldParser(
        ["name", "body"],
        schema,
        group=OrGroup.factory(0.9),
        plugins=[WhitespacePlugin(), PhrasePlugin()],
    )
    return parser.parse(plain(text))
