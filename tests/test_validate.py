import copy
import json

import pytest

from carefinder.schema import SCHEMA_FILE, build_schema
from carefinder.validate import problems
from carefinder_cli.main import main


def messages(record):
    return [str(p) for p in problems(record)]


def test_spec_example_is_valid(spec_record):
    assert messages(spec_record) == []


def test_unknown_slug_names_field_and_valid_slugs(spec_record):
    spec_record["levels_of_care"].append("rehab")
    (msg,) = messages(spec_record)
    assert msg.startswith("levels_of_care[2]: unknown levels_of_care slug 'rehab'; valid: detox,")


def test_non_e164_phone(spec_record):
    spec_record["phones"][0]["e164"] = "(866) 969-4300"
    assert messages(spec_record) == [
        "phones[0].e164: '(866) 969-4300' is not an E.164 phone number (like +18665551234)"
    ]


@pytest.mark.parametrize("number", ["+99912345678", "+10005550100", "+19995550100"])
def test_e164_shaped_but_not_a_real_number(spec_record, number):
    spec_record["phones"][0]["e164"] = number
    assert messages(spec_record) == [
        f"phones[0].e164: {number!r} is not a valid phone number (no such country code or range)"
    ]


def test_bad_state_code(spec_record):
    spec_record["address"]["state"] = "California"
    assert messages(spec_record) == [
        "address.state: 'California' is not a two-letter USPS state code"
    ]


def test_list_value_without_evidence(spec_record):
    spec_record["insurers"].append("humana")
    assert messages(spec_record) == [
        "insurers: value 'humana' has no evidence entry quoting its source"
    ]


def test_bad_opening_hours_and_language(spec_record):
    bad = copy.deepcopy(spec_record)
    bad["opening_hours"] = "weekdays 9 to 5"
    assert messages(bad) == [
        "opening_hours: 'weekdays 9 to 5' is not OpenStreetMap opening_hours syntax"
    ]
    bad = copy.deepcopy(spec_record)
    bad["languages"] = ["Spanish"]
    assert messages(bad)[0] == "languages[0]: 'Spanish' is not an ISO 639-1 language code or 'asl'"


def test_missing_name_and_non_object():
    assert "'name' is a required property" in messages({"id": "a", "kind": "provider"})
    assert messages([1]) == ["a record must be a JSON object, not list"]


def test_schema_file_is_generated_from_the_model():
    on_disk = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert on_disk == build_schema(), "run: python -m carefinder.schema"


@pytest.mark.parametrize("mutate", [lambda r: r.update(kind="clinic"), lambda r: r.pop("id")])
def test_cli_rejects_with_line_numbers(tmp_path, capsys, spec_record, mutate):
    bad = copy.deepcopy(spec_record)
    mutate(bad)
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps(spec_record) + "\n\nnot json\n" + json.dumps(bad) + "\n")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert lines[0].startswith(f"{path}:3: not valid JSON")
    assert lines[1].startswith(f"{path}:4: ")
    assert "1 of 3 records valid" in out.err


def test_cli_accepts_good_file_and_reports_missing_file(tmp_path, capsys, spec_record):
    path = tmp_path / "ok.jsonl"
    path.write_text(json.dumps(spec_record) + "\n")
    assert main(["validate", str(path)]) == 0
    assert main(["validate", str(tmp_path / "nope.jsonl")]) == 1
    assert "cannot read" in capsys.readouterr().err


def test_new_vocabulary_slugs_are_checked(spec_record):
    spec_record["accreditations"].append("bbb")
    spec_record["intake"].append("open")
    assert messages(spec_record) == [
        "accreditations[2]: unknown accreditations slug 'bbb'; valid: joint_commission, carf, "
        "coa, hfap, ncqa, legitscript, naatp, state_licensed, samhsa_otp, fqhc",
        "intake[1]: unknown intake slug 'open'; valid: accepting, waitlist, same_day",
    ]


def test_crisis_and_walk_in_are_services(spec_record):
    spec_record["services"] += ["crisis", "walk_in"]
    assert messages(spec_record) == [
        "services: value 'crisis' has no evidence entry quoting its source",
        "services: value 'walk_in' has no evidence entry quoting its source",
    ]


def test_phone_extension_is_digits(spec_record):
    spec_record["phones"][0]["extension"] = "204"
    assert messages(spec_record) == []
    spec_record["phones"][0]["extension"] = "ext. 204"
    assert messages(spec_record) == [
        "phones[0].extension: 'ext. 204' is not a phone extension (digits only)"
    ]


def test_hours_and_schedules_need_evidence(spec_record):
    spec_record["evidence"] = [
        e
        for e in spec_record["evidence"]
        if e["field"] not in ("opening_hours", "program_schedules")
    ]
    assert messages(spec_record) == [
        "opening_hours: value 'Mo-Fr 08:00-17:00' has no evidence entry quoting its source",
        "program_schedules: value 'Mo,We,Th 18:00-21:00' has no evidence entry quoting its source",
    ]


def test_closed_intake_contradicting_open_intake(spec_record):
    spec_record["accepting_new_patients"] = False
    assert messages(spec_record) == [
        "accepting_new_patients: is false but intake says 'same_day' (open to new patients)"
    ]
    spec_record["intake"] = ["waitlist"]
    spec_record["evidence"].append(
        {"field": "intake", "value": "waitlist", "url": None, "quote": "We keep a waiting list"}
    )
    assert messages(spec_record) == []


@pytest.mark.parametrize("bad_id", ["a/b", "x" * 65, "=HYPERLINK(1)", "-1", "a b", "a&cc=x", ""])
def test_ids_outside_the_safe_alphabet(spec_record, bad_id):
    spec_record["id"] = bad_id
    assert messages(spec_record) == [
        f"id: {bad_id!r} is not a safe id (1-64 letters, digits, '.', '_' or '-', starting with a"
        " letter or digit)"
    ]


def test_changed_names_fields_a_recrawl_compares(spec_record):
    spec_record["changed"] = ["insurers", "phones"]
    assert messages(spec_record) == []
    spec_record["changed"] = ["insurers", "rating"]
    assert messages(spec_record) == ["changed[1]: 'rating' is not a field a recrawl compares"]
    spec_record["changed"] = ["evidence"]  # bookkeeping: a new quote is no change
    assert messages(spec_record) == ["changed[0]: 'evidence' is not a field a recrawl compares"]
    spec_record["changed"] = ["payment", "payment"]
    assert messages(spec_record) == ["changed: ['payment', 'payment'] has non-unique elements"]
    spec_record["changed"] = []  # a record without changes has no `changed`
    assert len(messages(spec_record)) == 1
    spec_record["changed"] = "insurers"
    assert messages(spec_record) == ["changed: 'insurers' is not of type 'array'"]


# Records the compiled check passes are never shown to jsonschema, so the two must agree.
@pytest.mark.parametrize(
    "mutate",
    [
        lambda r: r.update(website=None),
        lambda r: r.update(website=5),
        lambda r: r.update(website="ftp://example.org/"),
        lambda r: r["address"].update(state=None),
        lambda r: r["address"].update(state="XX", postal_code="9581"),
        lambda r: r.update(address=None),
        lambda r: r.update(address="1 Main St"),
        lambda r: r.update(location={"lat": 91, "lon": 0}),
        lambda r: r.update(location={"lat": 38.5, "lon": -121.5, "precision": "street"}),
        lambda r: r["evidence"][0].update(url=None),
        lambda r: r["evidence"][0].update(url=3),
        lambda r: r["program_schedules"][0].update(level=None),
        lambda r: r["program_schedules"][0].update(level="rehab"),
        lambda r: r.update(hours_per_week={"rehab": [1, 2]}),
        lambda r: r.update(hours_per_week={"iop": [1, 2, 3]}),
        lambda r: r.update(crawled_at="yesterday"),  # formats are checked by neither
        lambda r: r.update(accepting_new_patients="yes"),
        lambda r: r.update(rating=5),
    ],
)
def test_compiled_check_agrees_with_jsonschema(spec_record, mutate):
    import fastjsonschema

    from carefinder.validate import _compiled_check, _validator

    mutate(spec_record)
    try:
        _compiled_check()(spec_record)
        compiled_ok = True
    except fastjsonschema.JsonSchemaValueException:
        compiled_ok = False
    assert compiled_ok == _validator().is_valid(spec_record)


def test_wrong_type_in_a_nullable_field_is_one_plain_line(spec_record):
    spec_record["website"] = 5
    assert messages(spec_record) == ["website: 5 is not of type 'string', 'null'"]


@pytest.mark.parametrize(
    ("path", "cap"),
    [(("name",), 300), (("organization",), 300), (("address", "street"), 200),
     (("address", "city"), 100), (("phones", 0, "label"), 100), (("evidence", 0, "quote"), 1000),
     (("source_urls", 0), 2048)],
)  # fmt: skip
def test_text_fields_have_caps_and_the_message_does_not_repeat_the_value(spec_record, path, cap):
    """Issue 21 #14: a 1 MB name made 3 MB result pages."""
    from carefinder.schema import MAX_LENGTH

    *parent_path, leaf = path
    parent = spec_record
    for key in parent_path:
        parent = parent[key]
    prefix = "https://x.example/" if path[0] == "source_urls" else ""
    parent[leaf] = prefix + "x" * (cap - len(prefix))
    assert messages(spec_record) == [] and cap in MAX_LENGTH.values()
    parent[leaf] = prefix + "x" * 1_000_000
    where = "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in path).lstrip(".")
    assert messages(spec_record) == [f"{where}: is {1_000_000 + len(prefix):,} characters long; "
                                     f"at most {cap:,}"]  # fmt: skip


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,<b>x</b>", "//evil.example/", "https://a b/"]
)
def test_source_and_evidence_urls_are_http_only(spec_record, url):
    """Issue 21 #14: `validate` accepted javascript: URLs in source_urls and evidence."""
    spec_record["source_urls"][0] = url
    assert messages(spec_record) == [f"source_urls[0]: {url!r} is not an http(s) URL"]
    spec_record["source_urls"][0] = "HTTPS://Example.org/Page"  # any case of the scheme
    spec_record["evidence"][0]["url"] = url
    assert messages(spec_record) == [f"evidence[0].url: {url!r} is not an http(s) URL"]


@pytest.mark.parametrize(
    "email",
    ['"><script>alert(1)</script>@x.org', "a b@x.org", "a@x", "a@<b>.org", "a@x.org\n", "@x.org"],
)
def test_an_email_is_an_email_without_markup(spec_record, email):
    spec_record["email"] = email
    assert messages(spec_record) == [
        f"email: {email!r} is not an e-mail address (no spaces, quotes or markup)"
    ]
    spec_record["email"] = "intake+new@harbor-light.example.org"
    assert messages(spec_record) == []
