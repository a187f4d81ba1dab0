"""One query contract: the engine, the web form, the API, the OpenAPI document and the CLI read
the same table of parameters (names, types, bounds, values)."""

import pytest

from carefinder.query import PARAMS, RADIUS_MENU, BadParameter, SearchQuery, parse
from carefinder_cli.main import build_parser, main
from webapp.openapi import document


def test_openapi_and_cli_offer_exactly_the_contracts_parameters():
    api = [p["name"] for p in document()["paths"]["/api/search"]["get"]["parameters"]]
    assert api == list(PARAMS)
    search = build_parser()._subparsers._group_actions[0].choices["search"]
    options = {a.dest for a in search._actions} - {"help", "json", "index", "query"}
    assert options == set(PARAMS) - {"q"}
    radius = next(p for p in document()["paths"]["/api/search"]["get"]["parameters"]
                  if p["name"] == "radius")  # fmt: skip
    assert radius["schema"] == {"type": "number", "minimum": 1, "maximum": 500}
    assert RADIUS_MENU == (5, 10, 15, 20, 25, 30, 40, 50, 75, 100, 250, 500)


@pytest.mark.parametrize(
    ("raw", "parameter"),
    [({"radius": ["0.5"]}, "radius"), ({"per_page": [""]}, "per_page"), ({"level": ["rehab"]}, "level"),
     ({"open": [""]}, "open"), ({"sort": ["random"]}, "sort"), ({"evidence": ["yes"]}, "evidence"),
     ({"q": ["x" * 501]}, "q"), ({"id": ["a"] * 201}, "id"), ({"radius": ["5", "10"]}, "radius")],
)  # fmt: skip
def test_the_contract_refuses_bad_values_naming_the_parameter(raw, parameter):
    with pytest.raises(BadParameter) as error:
        parse(raw)
    assert error.value.parameter == parameter


def test_engine_checks_a_query_built_in_code_by_the_same_rules():
    with pytest.raises(BadParameter, match="radius must be between 1 and 500"):
        SearchQuery(radius=600).check()
    assert parse({"radius": ["37.5"], "level": ["php"]}).radius == 37.5
    assert parse({"level": [""], "per_page": [""]}, blank_is_absent=True).filters == {}


def test_cli_search_speaks_the_contract(sample_index, capsys):
    assert main(["search", "--near", "80205", "--radius", "30", "--per-page", "2",
                 "--index", str(sample_index)]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert out.startswith("3 facilities within 30 miles of Denver, CO 80205")
    assert main(["search", "--per-page", "500", "--index", str(sample_index)]) == 2
    assert capsys.readouterr().err == "carefinder: error: per_page must be between 1 and 200\n"


def test_results_are_typed_values(sample_index):
    from dataclasses import fields

    from index.geocode import Point
    from index.results import Hit, SearchResult
    from index.search import Engine

    engine = Engine(sample_index)
    result = engine.search(SearchQuery(near="80205", radius=50, per_page=2))
    assert type(result) is SearchResult and type(result.query) is SearchQuery
    assert type(result.place) is Point and result.place.label == "Denver, CO 80205"
    assert [f.name for f in fields(SearchResult)] == [
        "query",
        "place",
        "total",
        "facets",
        "results",
        "clicks",  # the pages' checkbox numbers; not in to_json
    ]
    assert "clicks" not in result.to_json()
    assert result.results and all(type(h) is Hit for h in result.results)
    assert all(isinstance(h.distance_miles, float) for h in result.results)
    summary, hits = engine.export(SearchQuery(near="80205", radius=50))
    assert type(summary) is SearchResult and all(type(h) is Hit for h in hits)
