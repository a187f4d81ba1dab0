"""The number beside every filter value is what clicking it gives (issue 20, point 6): each
checkbox and menu option of the search page is clicked (its URL built as the browser's form
would) and the page that answers is read for its total."""

import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode

import pytest

QUERIES = [
    "near=80205&radius=500&condition=alcohol",  # a choice in one kind of checkbox
    "condition=eating_disorders&condition=opioids&payment=private_insurance",
    "level=iop&open=evening",  # hours follow the chosen level's program
    "open=evening&open=weekend&service=telehealth",
    "near=80205&radius=500&condition=depression&approach=cbt&language=es",
    "near=95814&radius=500&level=iop&level=residential&payment=medicaid&insurer=kaiser",
    "population=women&intake=accepting&condition=substance_use",
]


class Controls(HTMLParser):
    """The search form's checkboxes and menu options: (param, value, chosen, words)."""

    def __init__(self):
        super().__init__()
        self.controls, self.select, self.option, self.box = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "select":
            self.select = a["name"]
        elif tag == "option" and self.select not in (None, "radius", "sort") and a["value"]:
            self.option = [self.select, a["value"], "selected" in a, ""]
        elif tag == "input" and a.get("type") == "checkbox" and a.get("name") != "id":
            self.box = [a["name"], a["value"], "checked" in a, ""]

    def handle_data(self, data):
        for control in (self.option, self.box):
            if control:
                control[3] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "option" and self.option:
            self.controls.append(("menu", *self.option))
            self.option = None
        elif tag == "label" and self.box:
            self.controls.append(("box", *self.box))
            self.box = None


def total(html: str) -> int:
    heading = re.search(r'id="results-heading">(\d+) facilit', html)
    return int(heading[1]) if heading else 0


def clicked(query: str, kind: str, param: str, value: str, chosen: bool) -> str:
    """The URL the form submits once the control is clicked: a checkbox adds its value or takes
    it out; a menu option replaces its menu's choice."""
    pairs = parse_qsl(query)
    if kind == "menu":
        pairs = [(k, v) for k, v in pairs if k != param] + [(param, value)]
    elif chosen:
        pairs.remove((param, value))
    else:
        pairs.append((param, value))
    return urlencode(pairs)


@pytest.mark.parametrize("query", QUERIES)
def test_every_value_shows_what_a_click_gives(client, query):
    page = client.get(f"/?{query}").get_data(as_text=True)
    parser = Controls()
    parser.feed(page)
    assert len(parser.controls) > 20
    for kind, param, value, chosen, words in parser.controls:
        shown = re.search(r"\((\d+)(?: if (un)?ticked)?\)", words)
        assert shown, (param, value, words)
        if kind == "box" and (shown[2] is not None) != chosen and " if " in shown[0]:
            pytest.fail(f"{param}={value}: {words!r} says the wrong click")
        after = client.get("/?" + clicked(query, kind, param, value, chosen))
        assert int(shown[1]) == total(after.get_data(as_text=True)), (param, value, words)


def test_the_words_say_which_click(client):
    """Near Portland one facility treats substance use; one more treats eating disorders. The
    box said "Eating disorders (1)", the disjunctive count, while ticking it gives 2."""
    query = "/?near=97215&radius=500&condition=substance_use"
    html = client.get(query).get_data(as_text=True)
    boxes = {c[2]: " ".join(c[4].split()) for c in _controls(html) if c[1] == "condition"}
    assert boxes["substance_use"] == "Substance use / addiction (3 if unticked)"
    assert boxes["eating_disorders"] == "Eating disorders (2 if ticked)"
    assert boxes["alcohol"] == "Alcohol (1 if ticked)"  # no facility more
    facets = client.get("/api/search" + query[1:]).get_json()["facets"]["conditions"]
    assert facets["eating_disorders"] == 1  # the API keeps the disjunctive count
    spanish = client.get(query + "&lang=es").get_data(as_text=True)
    assert "(2 si la marca)" in spanish and "(3 si la desmarca)" in spanish


def _controls(html: str) -> list[tuple]:
    parser = Controls()
    parser.feed(html)
    return parser.controls


def test_the_only_choice_of_a_search_without_place_has_no_untick_number(client):
    """Unticking the one choice of a whole-directory search leaves nothing to search: the page
    asks for a place then, so no number says what it would find."""
    boxes = {c[2]: " ".join(c[4].split()) for c in _controls(
        client.get("/?condition=alcohol").get_data(as_text=True)) if c[1] == "condition"}  # fmt: skip
    assert boxes["alcohol"] == "Alcohol"
    assert re.fullmatch(r"Opioids .*\(\d+ if ticked\)", boxes["opioids"])
    prompt = client.get("/?condition=").get_data(as_text=True)  # what unticking it submits
    assert "Type a ZIP code, city or address" in prompt
