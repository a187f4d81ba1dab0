"""The Whoosh index: radius, facets, implications, upsert, atomic swap and bad input."""

import math
import random
import time
from dataclasses import replace

import pytest
from records import quoted

from carefinder import CarefinderError, vocabulary
from carefinder.query import SearchQuery
from index import store
from index.search import Engine

CENTER = (38.58, -121.49)  # Sacramento
FACETS = {
    "levels_of_care": ["detox", "residential", "php", "iop", "outpatient"],
    "conditions": ["opioids", "alcohol", "depression", "co_occurring"],
    "payment": ["medicaid", "self_pay", "medicare"],
    "insurers": ["aetna", "cigna", "bcbs"],
}


def make(i: int, rng: random.Random, **override) -> dict:
    lat = CENTER[0] + rng.uniform(-1.5, 1.5)
    lon = CENTER[1] + rng.uniform(-1.5, 1.5)
    return quoted(**{
        "id": f"r{i:04d}", "name": f"Clinic {i}",
        "address": {"street": None, "city": "Sacramento", "state": "CA", "postal_code": None},
        "location": {"lat": lat, "lon": lon, "precision": "address"},
        **{f: rng.sample(v, rng.randint(0, 2)) for f, v in FACETS.items()},
        **override,
    })  # fmt: skip


def haversine(a, b) -> float:
    (la1, lo1), (la2, lo2) = map(lambda p: map(math.radians, p), (a, b))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 2 * 3958.8 * math.asin(math.sqrt(h))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    rng = random.Random(7)
    records = [make(i, rng) for i in range(400)]
    records.append(make(900, rng, opening_hours="Mo-Fr 09:00-20:00", name="Evening Care"))
    records.append(make(901, rng, opening_hours="Sa 10:00-14:00", name="Saturday Clinic"))
    records.append(make(902, rng, location=None, name="Unlocated Hope",
                        address={"street": None, "city": None, "state": "CA",
                                 "postal_code": "95610"}))  # fmt: skip
    records.append(make(903, rng, location=None, address=None, name="Nowhere Known"))
    root = tmp_path_factory.mktemp("ix")
    assert store.build(root, records) == len(records)
    return root, records


def run(root, **kw):
    """One page when a page is asked for; else every result (the export path)."""
    if "page" in kw or "per_page" in kw:
        return Engine(root).search(SearchQuery(**kw))
    result, hits = Engine(root).export(SearchQuery(**kw))
    return replace(result, results=list(hits))


@pytest.mark.parametrize("radius", [5, 20, 45, 90])
def test_radius_matches_independent_haversine(corpus, radius):
    root, records = corpus
    for near in ["38.58,-121.49", "39.1,-120.9", "95610"]:
        result = run(root, near=near, radius=radius)
        point = result.place
        found = {h.record["id"] for h in result.results}
        for rec in records:
            if not (loc := rec.get("location")):  # never placed: the index completes nothing
                continue
            d = haversine((point.lat, point.lon), (loc["lat"], loc["lon"]))
            if d < radius * 0.995:  # sphere vs ellipsoid: a band of 0.5 % at the edge
                assert rec["id"] in found, (near, radius, d)
            if d > radius * 1.005:
                assert rec["id"] not in found, (near, radius, d)
        distances = [h.distance_miles for h in result.results]
        assert distances == sorted(distances) and result.total == len(found)


def _expanded(rec: dict) -> dict[str, list[str]]:
    values = {f: list(rec.get(f) or []) for f in vocabulary.FACETS}
    vocabulary.apply_implications(values)
    return values


@pytest.mark.parametrize(
    "filters",
    [
        {"payment": ["medicaid"]},
        {"payment": ["medicaid", "medicare"], "levels_of_care": ["iop", "php"]},
        {"levels_of_care": ["detox"], "insurers": ["aetna"], "conditions": ["alcohol"]},
    ],
)
def test_facet_counts_are_disjunctive_and_equal_brute_force(corpus, filters):
    """The count beside a value is what a search for it instead of its kind's choices finds:
    other kinds' filters applied, its own ignored, chosen values counted too."""
    root, records = corpus
    near = {"near": "38.58,-121.49", "radius": 40}
    in_area = {h.record["id"] for h in run(root, **near).results}
    area = [_expanded(r) | {"id": r["id"]} for r in records if r["id"] in in_area]

    def passes(rec, skip):
        return all(set(rec[f]) & set(vs) for f, vs in filters.items() if f != skip)

    result = run(root, **near, filters=filters)
    assert result.total == sum(passes(r, None) for r in area)
    for facet in vocabulary.FACETS:
        expected = {}
        for rec in area:
            if passes(rec, facet):
                for v in rec[facet]:
                    expected[v] = expected.get(v, 0) + 1
        assert result.facets[facet] == expected, facet
        for v in filters.get(facet, []):  # a chosen value's count is its search's total
            alone = run(root, **near, filters={**filters, facet: [v]}).total
            assert result.facets[facet].get(v, 0) == alone


def test_hours_filter_follows_the_chosen_levels_program(tmp_path):
    evening_iop = [{"level": "iop", "opening_hours": "Mo,We,Th 18:00-21:00", "label": "evening"}]
    day_iop = [{"level": "iop", "opening_hours": "Mo-Fr 09:00-12:00", "label": "day IOP"},
               {"level": "php", "opening_hours": "Mo-Fr 17:00-21:00", "label": "late PHP"}]  # fmt: skip
    rng = random.Random(3)
    records = [
        make(1, rng, levels_of_care=["iop"], program_schedules=evening_iop),
        make(2, rng, levels_of_care=["iop", "php"], program_schedules=day_iop),
        make(3, rng, levels_of_care=["iop"], opening_hours="Mo-Fr 08:00-20:00"),
    ]
    store.build(tmp_path, records)
    ids = lambda **kw: sorted(h.record["id"] for h in run(tmp_path, **kw).results)  # noqa: E731
    assert ids(open=["evening"]) == ["r0001", "r0002", "r0003"]  # any hours at all
    assert ids(open=["evening"], filters={"levels_of_care": ["iop"]}) == ["r0001"]
    assert ids(open=["evening"], filters={"levels_of_care": ["php"]}) == ["r0002"]
    counts = run(tmp_path, open=["evening"], filters={"levels_of_care": ["iop"]}).facets
    assert counts["levels_of_care"] == {"iop": 1, "php": 1}  # what each level alone would find
    assert counts["open"] == {"evening": 1}


def test_filters_or_within_kind_and_across_kinds(corpus):
    root, records = corpus
    result = run(root, filters={"levels_of_care": ["php", "iop"], "insurers": ["aetna"]})
    expected = {
        r["id"] for r in records
        if {"php", "iop"} & set(r["levels_of_care"]) and "aetna" in r["insurers"]
    }  # fmt: skip
    assert {h.record["id"] for h in result.results} == expected and expected


def test_filters_follow_implications(corpus):
    root, records = corpus
    sud = {h.record["id"] for h in run(root, filters={"conditions": ["substance_use"]}).results}
    opioid_only = {r["id"] for r in records if r["conditions"] == ["opioids"]}
    assert opioid_only and opioid_only <= sud
    private = run(root, filters={"payment": ["private_insurance"]}).results
    with_insurer = {r["id"] for r in records if r["insurers"]}
    assert {h.record["id"] for h in private} == with_insurer


def test_a_record_without_location_is_indexed_but_not_placed(corpus):
    """Records are completed where they are made; one written before (no location, though its
    ZIP is known) is found by its words, never near a place, and is stored as it was given."""
    root, _ = corpus
    (hit,) = run(root, text="Unlocated Hope", evidence=True).results
    assert hit.record["location"] is None
    assert run(root, text="Unlocated Hope", near="95610", radius=5).results == []
    assert [h.record["id"] for h in run(root, text="Nowhere Known").results][0] == "r0903"


def test_the_stored_record_is_the_record_given(corpus):
    root, records = corpus
    stored = {h.record["id"]: h.record for h in run(root, evidence=True).results}
    assert stored == {r["id"]: r for r in records}


def test_open_evening_and_weekend(corpus):
    root, _ = corpus
    assert [h.record["name"] for h in run(root, open=["evening"]).results] == ["Evening Care"]
    assert [h.record["name"] for h in run(root, open=["weekend"]).results] == ["Saturday Clinic"]


def test_relevance_sort_puts_name_match_first_and_ties_stably(corpus):
    root, _ = corpus
    assert run(root, text="evening care").results[0].record["name"] == "Evening Care"
    found = [h.record for h in run(root, filters={"payment": ["self_pay"]}).results]
    keys = [(r["name"].casefold(), r["id"]) for r in found]
    assert keys == sorted(keys) and len(keys) > 10  # without place or words: by name


def test_pagination(corpus):
    root, _ = corpus
    full = [h.record["id"] for h in run(root).results]
    pages = [h.record["id"] for p in (1, 2) for h in run(root, page=p, per_page=10).results]
    assert pages == full[:20]


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"filters": {"levels_of_care": ["rehab"]}}, "valid: detox, inpatient, residential"),
        ({"radius": -5}, "radius must be between 1 and 500"),
        ({"radius": 10_000}, "radius must be between 1 and 500"),
        ({"radius": float("nan")}, "radius must be between 1 and 500"),
        ({"per_page": 201}, "per_page must be between 1 and 200"),
        ({"near": "Zzyzxqv Vrpt"}, "unknown place 'Zzyzxqv Vrpt'"),
        ({"open": ["midnight"]}, "valid: evening, weekend, now"),
        ({"per_page": 0}, "per_page"),
    ],
)
def test_bad_input_is_a_clear_error(corpus, kw, message):
    with pytest.raises(CarefinderError, match=message):
        run(corpus[0], **kw)


def test_empty_and_missing_index(tmp_path):
    store.build(tmp_path / "empty", [], allow_empty=True)
    assert run(tmp_path / "empty", near="95610").total == 0
    with pytest.raises(CarefinderError, match="no index at"):
        run(tmp_path / "missing")


def test_upsert_replaces_by_id_and_adds_new(tmp_path):
    rng = random.Random(1)
    root = tmp_path / "ix"
    store.build(root, [make(1, rng, name="Old Name"), make(2, rng)])
    store.update(root, [make(1, rng, name="New Name"), make(3, rng)])
    names = sorted(h.record["name"] for h in run(root).results)
    assert names == ["Clinic 2", "Clinic 3", "New Name"]


def test_rebuild_swaps_atomically_while_old_searcher_serves(tmp_path):
    rng = random.Random(2)
    root = tmp_path / "ix"
    store.build(root, [make(i, rng) for i in range(20)])
    engine = Engine(root)
    old_searcher, _ = engine.searcher()
    old_gen = store.current(root)

    def failing():
        yield make(99, rng)
        raise RuntimeError("crash mid-build")

    with pytest.raises(RuntimeError):
        store.build(root, failing())
    assert store.current(root) == old_gen  # a failed build leaves the old index in place
    store.build(root, [make(i, rng) for i in range(5)])
    assert old_searcher.doc_count() == 20  # readers of the old generation keep working
    assert engine.search(SearchQuery(per_page=100)).total == 5  # and new searches see the new


def test_geodesic_matches_geopy():
    from geopy.distance import geodesic

    from index.geo import geodesic_miles

    rng = random.Random(11)
    pairs = [
        ((38.58, -121.49), (39.74, -104.99)),
        ((40.75, -73.98), (40.76, -73.97)),
        ((0.0, 10.0), (0.0, 11.0)),
        ((10.0, 20.0), (10.0, 20.0)),
        ((1.0, 0.0), (-1.0, 179.5)),
    ]
    for _ in range(300):  # the distances a radius search measures: up to ~700 miles
        lat, lon = rng.uniform(15, 70), rng.uniform(-170, -60)
        pairs.append(((lat, lon), (lat + rng.uniform(-7, 7), lon + rng.uniform(-9, 9))))
    for a, b in pairs:
        assert abs(geodesic_miles(*a, *b) - geodesic(a, b).miles) < 1e-6, (a, b)


def test_open_now_uses_the_facility_time_zone():
    from datetime import UTC, datetime

    from carefinder.hours import open_now

    # 16:30 UTC on a Monday is 08:30 in Los Angeles and 11:30 in New York.
    moment = datetime(2026, 11, 23, 16, 30, tzinfo=UTC)
    hours = ["Mo-Fr 09:00-17:00"]
    assert not open_now(hours, "America/Los_Angeles", moment)
    assert open_now(hours, "America/New_York", moment)
    assert not open_now(["Sa 10:00-14:00"], "America/New_York", moment)
    assert open_now(["24/7"], None, moment)


def test_index_built_without_summaries_still_answers(tmp_path):
    """An index from before result summaries existed (upgrade in place) serves full records."""
    from whoosh import index as whoosh_index

    rng = random.Random(3)
    root = tmp_path / "ix"
    store.build(root, [make(1, rng, name="Older Clinic")])
    ix = whoosh_index.open_dir(str(store.current(root)))
    with ix.writer() as writer:  # rewrite the document the way the older version stored it
        doc = ix.searcher().stored_fields(0)
        writer.delete_by_term("id", doc["id"])
        writer.add_document(**{k: v for k, v in doc.items() if k != "summary"})
    (hit,) = run(root).results
    assert hit.record["name"] == "Older Clinic" and "evidence" not in hit.record


def test_deleted_documents_never_come_back(tmp_path):
    from whoosh import index as whoosh_index

    rng = random.Random(4)
    root = tmp_path / "ix"
    store.build(root, [make(1, rng, name="Gone Clinic", payment=["medicaid"]), make(2, rng)])
    ix = whoosh_index.open_dir(str(store.current(root)))
    with ix.writer() as writer:  # a deletion left in its segment (no merge)
        writer.delete_by_term("id", "r0001")
    names = lambda **kw: [h.record["name"] for h in run(root, **kw).results]  # noqa: E731
    assert "Gone Clinic" not in names()
    assert "Gone Clinic" not in names(filters={"payment": ["medicaid"]})
    (remaining,) = run(root).results
    expected = 1 if "medicaid" in remaining.record["payment"] else 0
    assert run(root).facets["payment"].get("medicaid", 0) == expected


@pytest.mark.parametrize(
    "text", ["clinic", "evening care", '"Evening Care"', "clin*", "opioids OR alcohol",
             "clinic AND 12", "name:foo AND (bar OR", "the", "opioid rehab", "a or to"],
)  # fmt: skip
def test_free_text_match_sets_equal_whooshs_own_matcher(corpus, text):
    """Text matches are read from posting lists as bitmasks; Whoosh's matcher agrees (on the
    words, or a vocabulary term their everyday words name)."""
    from whoosh import query as wq

    from index.schema import named_terms
    from index.text import parse

    root, _ = corpus
    engine = Engine(root)
    searcher = engine.snapshot().searcher
    whole = wq.Or([parse(text, searcher.schema), *(wq.Term(*t) for t in named_terms(text))])
    expected = {searcher.stored_fields(d)["id"] for d in whole.docs(searcher)}
    assert {h.record["id"] for h in run(root, text=text).results} == expected


def test_frequent_text_terms_are_read_when_the_index_opens(corpus):
    """A new text's first search reads no long posting list (its cost was the p99): terms in
    1 % of the documents or more are bitmasks from the start; rare ones are read when asked."""
    root, _ = corpus
    snap = Engine(root).snapshot()
    reader = snap.searcher.reader()
    assert snap.words[("name", "clinic")] == sum(
        1 << d for d in reader.postings("name", "clinic").all_ids()
    )
    assert ("name", "12") not in snap.words  # one facility's name
    assert {h.record["name"] for h in run(root, text="clinic 12 evening").results} >= {
        "Clinic 12",
        "Evening Care",
    }


def test_open_now_reads_only_records_that_state_hours(tmp_path):
    rng = random.Random(5)
    records = [make(1, rng, opening_hours="24/7"), make(2, rng)]
    store.build(tmp_path, records)
    assert [h.record["id"] for h in run(tmp_path, open=["now"]).results] == ["r0001"]


def test_index_built_before_name_order_and_program_hours_still_answers(tmp_path):
    """An index from before the sort_name, program_open and kind fields (upgrade in place)
    searches, sorts and filters as it can: id order, hours of any program, every record asked
    'now'; an update adds the missing fields and its records."""
    from whoosh import index as whoosh_index

    from index.schema import KIND, PROGRAM_OPEN, build_schema, to_document

    rng = random.Random(8)
    records = [make(2, rng, name="B Older", opening_hours="24/7"), make(1, rng, name="A Older")]
    schema = build_schema()
    for name in ("sort_name", PROGRAM_OPEN, KIND):
        schema.remove(name)
    gen = tmp_path / "gen-1"
    gen.mkdir()
    ix = whoosh_index.create_in(str(gen), schema)
    with ix.writer() as writer:
        for r in records:
            doc = to_document(r)
            writer.add_document(**{k: v for k, v in doc.items() if k in schema})
    (tmp_path / "current").symlink_to("gen-1")
    assert [h.record["id"] for h in run(tmp_path).results] == ["r0001", "r0002"]
    assert [h.record["id"] for h in run(tmp_path, open=["now"]).results] == ["r0002"]
    assert store.update(tmp_path, [make(3, rng, name="C Newer")]) == 1
    assert [h.record["id"] for h in run(tmp_path).results] == ["r0001", "r0002", "r0003"]


def test_text_match_cache_keeps_only_the_most_recent_texts(corpus, monkeypatch):
    import index.search

    monkeypatch.setattr(index.search, "TEXT_CACHE", 2)
    engine = Engine(corpus[0])
    totals = [engine.search(SearchQuery(text=t)).total for t in ("clinic 1", "evening", "saturday")]
    assert list(engine.snapshot().texts) == ["evening", "saturday"]
    assert engine.search(SearchQuery(text="clinic 1")).total == totals[0]  # recomputed, same


@pytest.mark.parametrize("order", [{"sort": "relevance", "text": "clinic"}, {"ids": "chosen"}])
def test_distances_shown_are_geodesic_in_any_order(corpus, order):
    from geopy.distance import geodesic

    root, records = corpus
    if order.get("ids"):
        order = {"ids": [r["id"] for r in records[:30]][::-1]}
    result = run(root, near="38.58,-121.49", radius=60, **order)
    assert result.results
    for hit in result.results:
        loc = hit.record["location"]
        assert hit.distance_miles == round(
            geodesic((38.58, -121.49), (loc["lat"], loc["lon"])).miles, 2
        )


def test_zero_records_never_replace_an_index(tmp_path):
    rng = random.Random(8)
    root = tmp_path / "ix"
    store.build(root, [make(1, rng), make(2, rng)])
    before = store.current(root)
    for write in (store.build, store.update):
        with pytest.raises(CarefinderError, match="no valid records: the index was left unchanged"):
            write(root, [])
    assert store.current(root) == before and run(root).total == 2
    assert len(list(root.glob("gen-*"))) == 1  # the refused generations were removed


@pytest.mark.parametrize("copies", [2, 3])
def test_a_repeated_id_is_one_facility_in_build_and_update(tmp_path, copies):
    rng = random.Random(9)
    root = tmp_path / "ix"
    levels = ["detox", "php", "iop"]
    twins = [make(1, rng, name=f"Copy {n}", levels_of_care=[levels[n]]) for n in range(copies)]
    assert store.build(root, [*twins, make(2, rng)]) == 2
    (one,) = run(root, ids=["r0001"], evidence=True).results
    assert one.record["name"] == "Copy 0"  # the first record's values, the others' added
    assert one.record["levels_of_care"] == levels[:copies]
    assert run(root, filters={"levels_of_care": [levels[copies - 1]]}).total >= 1
    for round_ in range(3):  # each update of the same file replaces, never adds
        renamed = [make(1, rng, name=f"Round {round_} copy {n}") for n in range(copies)]
        assert store.update(root, renamed) == 1
        names = sorted(h.record["name"] for h in run(root).results)
        assert names == ["Clinic 2", f"Round {round_} copy 0"]
        assert run(root).total == 2


def test_a_second_writer_waits_then_gives_a_clear_error(tmp_path):
    from filelock import FileLock

    rng = random.Random(10)
    root = tmp_path / "ix"
    store.build(root, [make(1, rng)])
    busy = pytest.raises(CarefinderError, match="another index build or update is running")
    with FileLock(root / ".write.lock"), busy:  # another process holds the write lock
        store.update(root, [make(2, rng)], wait=0.3)
    assert store.update(root, [make(2, rng)], wait=0.3) == 1  # and proceeds once it is free
    assert run(root).total == 2


def test_index_folder_that_is_a_file(tmp_path):
    path = tmp_path / "file"
    path.write_text("x")
    with pytest.raises(CarefinderError, match="it is a file"):
        store.build(path, [make(1, random.Random(1))])


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("*a*", "a"),
        ("body:[a TO z]", "body a TO z"),
        ('"evening iop" aetna', '"evening iop" aetna'),
        ("foo~2 bar^3 (x OR y)", "foo 2 bar 3 x OR y"),
        ("care care CARE", "care"),
        ('"unclosed phrase', "unclosed phrase"),
        (" ".join(f"w{i}" for i in range(40)), " ".join(f"w{i}" for i in range(16))),
    ],
)
def test_free_text_is_only_words_and_phrases(text, words):
    from index.text import plain

    assert plain(text) == words


def test_query_syntax_never_widens_a_search(corpus):
    root, records = corpus
    assert run(root, text="Clinic*").total == run(root, text="Clinic").total > 0
    assert run(root, text="id:[r0000 TO r9999]").total == 0  # a range would match them all
    assert run(root, text="*e*").total == 0  # a wildcard would match them all
    assert run(root, text="name:Evening").results[0].record["name"] == "Evening Care"
    assert run(root, text='"Evening Care"').total == 1


def test_an_index_from_before_a_facet_existed_still_answers(tmp_path):
    from whoosh import index as whoosh_index

    from index.schema import build_schema

    rng = random.Random(15)
    root = tmp_path / "ix"
    store.build(root, [make(1, rng, payment=["medicaid"])])
    gen = store.current(root)
    old = build_schema()
    old.remove("intake")  # the schema as it was before the intake facet
    ix = whoosh_index.create_in(str(gen), old)
    with ix.writer() as writer:
        writer.add_document(
            id="r0001",
            name="Old Clinic",
            payment="medicaid",
            record='{"id": "r0001", "name": "Old Clinic"}',
        )
    assert run(root, filters={"payment": ["medicaid"]}).total == 1
    assert run(root, filters={"intake": ["same_day"]}).total == 0


def test_stop_words_and_short_words_name_no_vocabulary_term():
    """ "a", "or" and "to" occur in some synonym of many terms; they must not widen a search."""
    from index.schema import named_terms

    assert named_terms("a or to z 0 the and") == []
    assert {("conditions", "opioids"), ("services", "mat")} <= set(named_terms("opioid"))


def test_a_broad_text_search_stops_at_its_budget_and_keeps_what_it_scored(corpus):
    """Relevance scores are worked out under the search's deadline, and kept for the next search
    with the same words."""
    from index.search import SearchTooSlow

    root, _ = corpus
    engine = Engine(root)
    engine.snapshot()  # opened first: opening a generation is not charged to a search
    query = SearchQuery(text="clinic")
    with pytest.raises(SearchTooSlow):
        engine.search(query, deadline=time.monotonic() - 1)
    first = engine.search(query)
    assert first.total and engine.snapshot().text("clinic").scores is not None
    assert [h.record["id"] for h in engine.search(query).results] == [
        h.record["id"] for h in first.results
    ]


def test_opening_the_generation_is_not_charged_to_the_first_search(corpus):
    """The first search of a process opens the generation (2.5 s for 21,000 documents on a busy
    machine: the whole-country export test once answered "took too long"). That once-per-
    generation work is not the search's: here another thread holds the opening for 1.5 s, and
    a search given 1 s still answers."""
    import threading

    root, records = corpus
    engine = Engine(root)
    engine._lock.acquire()  # another thread is opening the generation
    threading.Timer(1.5, engine._lock.release).start()
    result = engine.search(SearchQuery(per_page=1), deadline=time.monotonic() + 1.0)
    assert result.total == len(records)


GREENLET_SEARCH = """
from gevent import monkey; monkey.patch_all()
import sys, gevent
from carefinder.query import SearchQuery
from index.search import Engine
engine = Engine(sys.argv[1])
engine.search(SearchQuery(text="opening"))  # open the generation first
ticks = []
def tick():
    while True:
        ticks.append(1)
        gevent.sleep(0)
gevent.spawn(tick)  # runs only when the main greenlet yields
result = engine.search(SearchQuery(text="clinic"))
print(len(ticks), result.total)
"""


def test_a_long_search_under_gevent_lets_the_workers_other_requests_run(corpus):
    """gevent never preempts: a search scoring hundreds of documents yields at its budget
    checks, so the same worker's other greenlets (requests) go on meanwhile."""
    import subprocess
    import sys

    root, _ = corpus
    done = subprocess.run([sys.executable, "-c", GREENLET_SEARCH, str(root)],
                          capture_output=True, text=True, timeout=120, check=True)  # fmt: skip
    ticks, total = map(int, done.stdout.split())
    assert total > 256 and ticks > 0


def test_a_referral_service_matches_no_care_filter_and_ranks_after_providers(tmp_path):
    """A helpline naming detox sends callers to detox others provide (RECORD.md: a referral
    service is never a provider): no level filter finds it, and words find it last."""
    rng = random.Random(11)
    helpline = make(1, rng, kind="referral_service", name="Aardvark Detox Helpline",
                    levels_of_care=["detox"], location=None, address=None)  # fmt: skip
    located = make(3, rng, kind="referral_service", name="Aardvark Detox Line",
                   levels_of_care=["detox"])  # fmt: skip
    providers = [make(2, rng, name="Zephyr Detox Center", levels_of_care=["detox"]),
                 make(4, rng, name="Yarrow Detox Clinic", levels_of_care=["detox"])]  # fmt: skip
    store.build(tmp_path, [helpline, located, *providers])
    assert {
        h.record["id"] for h in run(tmp_path, filters={"levels_of_care": ["detox"]}).results
    } == {"r0002", "r0004"}
    by_words = [h.record["id"] for h in run(tmp_path, text="detox").results]
    by_name = [h.record["id"] for h in run(tmp_path).results]
    near = [
        h.record["id"] for h in run(tmp_path, near=f"{CENTER[0]},{CENTER[1]}", radius=500).results
    ]
    for ordered in (by_words, by_name, near):
        assert set(ordered[:2]) == {"r0002", "r0004"}, ordered
    assert set(by_name[2:]) == {"r0001", "r0003"} and near[2:] == ["r0003"]
