"""Words of the keyword box that name a filter become that filter, the same in the query
contract, the engine, the page, the API and the CLI; only the words left over search text."""

import pytest

from carefinder.query import parse
from carefinder.words import Reading, read
from carefinder_cli.main import main


@pytest.mark.parametrize(
    ("text", "left", "read_as"),
    [
        ("Aetna evening", "", [("Aetna", "insurer", "aetna"), ("evening", "open", "evening")]),
        ("opioid use disorder", "", [("opioid use disorder", "condition", "opioids")]),
        ("Cedar Grove iop", "Cedar Grove", [("iop", "level", "iop")]),  # typed in lower case
        ("PTSD and depression", "",
         [("PTSD", "condition", "ptsd"), ("depression", "condition", "depression")]),
        ("detox near me that takes Medicaid", "",
         [("detox", "level", "detox"), ("Medicaid", "payment", "medicaid")]),
        ("intensive outpatient", "", [("intensive outpatient", "level", "iop")]),  # not outpatient
        ("in Spanish for women, open now", "", [("Spanish", "language", "es"),
         ("women", "population", "women"), ("open now", "open", "now")]),
        ("weekends", "", [("weekends", "open", "weekend")]),
        ('"Evening Star" recovery', '"Evening Star" recovery', []),  # quoted: a name, as text
        ("Richmond va", "Richmond va", []),  # two letters in lower case: a state, not the VA
        ("Harbor Light", "Harbor Light", []),
    ],
)  # fmt: skip
def test_vocabulary_words_are_read_as_filters_and_the_rest_is_text(text, left, read_as):
    assert read(text) == (left, [Reading(*r) for r in read_as])


def test_the_contract_adds_read_filters_to_the_chosen_ones_once():
    query = parse({"q": ["Aetna IOP evening"], "level": ["iop"], "insurer": ["cigna"]})
    assert query.text == ""
    assert query.filters == {"levels_of_care": ["iop"], "insurers": ["cigna", "aetna"]}
    assert query.open == ["evening"]
    assert [r.param for r in query.read] == ["insurer", "level", "open"]
    query.check()  # the read query is a valid query of the contract


def test_engine_finds_what_the_form_finds(sample_index):
    from index.search import Engine

    engine = Engine(sample_index)
    place = {"near": ["95814"], "radius": ["50"]}
    typed = engine.search(parse({**place, "q": ["aetna iop"]}))
    chosen = engine.search(parse({**place, "insurer": ["aetna"], "level": ["iop"]}))
    assert typed.total == chosen.total == 1
    assert [h.record["id"] for h in typed.results] == [h.record["id"] for h in chosen.results]
    assert typed.facets == chosen.facets


def test_page_shows_read_words_as_chosen_filters_with_a_note(client):
    html = client.get("/?near=95814&radius=50&q=aetna+iop").get_data(as_text=True)
    assert "1 facility within 50 miles" in html
    assert "“aetna” read as the insurance plan filter" in html
    assert "“iop” read as the level of care filter" in html
    assert '<input type="checkbox" name="insurer" value="aetna" checked>' in html
    assert '<option value="iop" selected>' in html
    assert '<input id="q" name="q" type="text" value="">' in html  # the words moved to filters


def test_dropping_a_read_filter_does_not_bring_its_words_back(client):
    html = client.get("/?near=95814&radius=5&q=detox+aetna").get_data(as_text=True)
    assert "without the level of care filter</a>: 1 facility" in html
    link = html.split('<ul class="relax">')[1].split('href="')[1].split('"')[0]
    link = link.replace("&amp;", "&")
    assert "level=" not in link and "detox" not in link and "insurer=aetna" in link


def test_quoted_words_stay_text_on_the_page(client):
    html = client.get('/?q="Harbor+Light"+aetna').get_data(as_text=True)
    assert "read as the insurance plan filter" in html
    assert 'value="&#34;Harbor Light&#34;"' in html or 'value="&quot;Harbor Light&quot;"' in html


def test_api_says_what_was_read_as_which_filter(client):
    typed = client.get("/api/search?near=95814&radius=50&q=Aetna%20evening").get_json()
    chosen = client.get("/api/search?near=95814&radius=50&insurer=aetna&open=evening").get_json()
    assert typed["query"]["read"] == [
        {"words": "Aetna", "param": "insurer", "value": "aetna"},
        {"words": "evening", "param": "open", "value": "evening"},
    ]
    assert typed["query"]["text"] == "" and typed["query"]["filters"] == {"insurers": ["aetna"]}
    assert typed["total"] == chosen["total"] and typed["results"] == chosen["results"]


def test_cli_reads_words_as_filters_and_says_so(sample_index, capsys):
    argv = ["search", "aetna", "iop", "--near", "95814", "--radius", "50"]
    assert main([*argv, "--index", str(sample_index)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:3] == ["1 facility within 50 miles of Sacramento, CA 95814",
                       "  ('aetna' read as --insurer aetna)", "  ('iop' read as --level iop)"]  # fmt: skip
    assert "Harbor Light Recovery" in out[3]


def test_read_filters_no_listing_states_are_offered_dropped_together(tmp_path):
    """Issue 20: "Aetna evening" with IOP where no listing names an insurer or hours said "try
    a wider radius"; each filter explains itself, and dropping both is what finds listings."""
    from carefinder.complete import complete
    from index import store
    from webapp import create_app

    address = {"city": "Denver", "state": "CO", "postal_code": "80205"}
    store.build(tmp_path, [complete({"id": f"d{n}", "kind": "provider", "name": f"Clinic {n}",
                                     "address": address, "levels_of_care": ["iop"],
                                     "sources": ["samhsa"]})
                           for n in range(3)])  # fmt: skip
    client = create_app({"INDEX_DIR": str(tmp_path), "TESTING": True}).test_client()
    html = client.get("/?near=80205&level=iop&q=Aetna+evening").get_data(as_text=True)
    assert "no listing in this directory states insurer names" in html
    assert "without the insurance plan and hours filters</a>: 3 facilities" in html
    assert "Try a wider radius" not in html and "miles</a>" not in html
    link = html.split('<ul class="relax">')[1].split('href="')[1].split('"')[0]
    assert "level=iop" in link and "insurer" not in link and "open" not in link
