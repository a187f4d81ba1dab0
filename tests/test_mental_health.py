"""Mental health findable (RECORD.md §2): a named mental condition no listing near the place
states is said so, and the listings for mental health in general there are offered as the
wider match, on the page, in the API and the CLI, from the engine's one result."""

import pytest

from carefinder.complete import complete
from carefinder.query import parse
from carefinder_cli.main import main

CHICAGO = {"street": "1 E Wacker Dr", "city": "Chicago", "state": "IL", "postal_code": "60601"}
DENVER = {"street": "1 Main St", "city": "Denver", "state": "CO", "postal_code": "80205"}


def _record(n: int, address: dict, conditions: list[str], levels: list[str]) -> dict:
    """A directory listing as the import writes it: completed (placed at its ZIP)."""
    return complete({"id": f"mh{n}", "kind": "provider", "name": f"Facility {n}",
                     "address": address, "conditions": conditions, "levels_of_care": levels,
                     "sources": ["samhsa"]})  # fmt: skip


@pytest.fixture(scope="module")
def mh_index(tmp_path_factory):
    from index import store

    root = tmp_path_factory.mktemp("mh-index")
    store.build(root, [
        _record(1, CHICAGO, ["mental_health"], ["outpatient"]),  # the MH directory's listings
        _record(2, CHICAGO, ["mental_health", "co_occurring"], ["iop"]),
        _record(3, CHICAGO, ["alcohol", "substance_use"], ["iop"]),
        _record(4, DENVER, ["depression", "mental_health"], ["outpatient"]),  # states it
    ])  # fmt: skip
    return root


@pytest.fixture
def mh_client(mh_index):
    from webapp import create_app

    return create_app({"INDEX_DIR": str(mh_index), "TESTING": True}).test_client()


@pytest.mark.parametrize(
    ("args", "wider"),
    [({"condition": ["depression"]}, {"unstated": ["depression"], "total": 2}),
     ({"q": ["major depression"]}, {"unstated": ["depression"], "total": 2}),  # words read
     ({"condition": ["ptsd"], "level": ["iop"]}, {"unstated": ["ptsd"], "total": 1}),
     ({"condition": ["alcohol"]}, None),  # not a mental condition
     ({"condition": ["depression"], "near": ["80205"]}, None),  # stated there
     ({"condition": ["mental_health"]}, None)],
)  # fmt: skip
def test_engine_offers_mental_health_listings_for_an_unstated_named_condition(mh_index, args,
                                                                              wider):  # fmt: skip
    from index.search import Engine

    result = Engine(mh_index).search(parse({"near": ["60601"], **args}))
    if wider is None:
        assert result.wider is None
        return
    assert result.total == 0
    assert result.wider == {**wider, "param": "condition", "value": "mental_health"}
    instead = {**args, "condition": ["mental_health"], "q": []}
    assert Engine(mh_index).search(parse({"near": ["60601"], **instead})).total == wider["total"]


def test_page_says_so_and_links_the_wider_match(mh_client):
    html = mh_client.get("/?near=60601&q=depression").get_data(as_text=True)
    assert "no listing in this area has Depression" in html
    offer = "listings for mental health in general (none here names Depression)</a>: 2 facilities"
    assert offer in html
    link = html.split('<ul class="relax">')[1].split('href="')[1].split('"')[0]
    link = link.replace("&amp;", "&")
    assert "condition=mental_health" in link and "depression" not in link
    followed = mh_client.get(link.split("#")[0]).get_data(as_text=True)
    assert "2 facilities within 25 miles" in followed


def test_page_in_spanish_offers_it_too(mh_client):
    html = mh_client.get("/?near=60601&condition=depression&lang=es").get_data(as_text=True)
    assert "centros de salud mental en general (ninguno aquí menciona Depresión)" in html


def test_api_carries_the_wider_match(mh_client):
    body = mh_client.get("/api/search?near=60601&condition=depression").get_json()
    assert body["total"] == 0
    assert body["wider_match"] == {"unstated": ["depression"], "param": "condition",
                                   "value": "mental_health", "total": 2}  # fmt: skip
    near_denver = mh_client.get("/api/search?near=80205&condition=depression").get_json()
    assert near_denver["total"] == 1 and near_denver["wider_match"] is None


def test_cli_says_it(mh_index, capsys):
    assert main(["search", "depression", "--near", "60601", "--index", str(mh_index)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "0 facilities within 25 miles of Chicago, IL 60601",
        "  ('depression' read as --condition depression)",
        "  (no listing here names depression; 2 listed for mental health in general: "
        "--condition mental_health)",
    ]


def test_page_offers_it_beside_results_found_for_another_condition(mh_client):
    html = mh_client.get("/?near=60601&condition=depression&condition=alcohol").get_data(
        as_text=True
    )
    assert "1 facility within 25 miles" in html  # the alcohol listing
    note = html.split('<p class="wider">')[1].split("</p>")[0]
    assert "listings for mental health in general (none here names Depression)</a>: 2" in note
    link = note.split('href="')[1].split('"')[0].replace("&amp;", "&")
    assert "condition=mental_health" in link and "depression" not in link
    assert "alcohol" not in link  # the count is of mental_health instead of the conditions
