"""Street addresses located by Nominatim when configured, against a real loopback server that
speaks Nominatim's /search JSON API (geopy talks to it over HTTP as it would to
nominatim.openstreetmap.org): the point is used and shown, failures and timeouts fall back to
the offline gazetteer with a visible note, answers are cached per address, requests carry our
user agent and start at most one a second, across processes too."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from carefinder import CarefinderError, gazetteer
from index import geocode as geocode_module
from index.geocode import geocode

LAKEWOOD = gazetteer.by_zip("80226")  # where the Lakewood sample facility is indexed
FOUND = "100 Test Plaza, Denver, CO"
FOUND_LABEL = "100, Test Plaza, Lakewood, Jefferson County, Colorado, 80226, United States"
UNKNOWN = "9 Nowhere Ln, Denver, CO"
BROKEN = "500 Broken Rd, Denver, CO"
SLOW = "700 Slow St, Denver, CO"
FAILED_NOTE = "The address could not be located online (OpenStreetMap did not answer)"
SLOW_SECONDS = 3.0
TIMEOUT = 0.5


class FakeNominatim(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests: list[dict] = []  # what each request asked, when it arrived
        self.answers: dict[str, list[dict]] = {}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def asked(self, q: str) -> int:
        return sum(r["q"] == q for r in self.requests)


class Handler(BaseHTTPRequestHandler):
    server: FakeNominatim

    def do_GET(self):  # noqa: N802 (http.server's name)
        url = urlsplit(self.path)
        params = {k: v[0] for k, v in parse_qs(url.query).items()}
        self.server.requests.append({"at": time.monotonic(), "path": url.path,
                                     "agent": self.headers.get("User-Agent"), **params})  # fmt: skip
        q = params.get("q", "")
        if q == BROKEN:
            return self._send(500, b"<html>Internal Server Error</html>", "text/html")
        if q == SLOW:
            time.sleep(SLOW_SECONDS)
        body = json.dumps(self.server.answers.get(q, []))
        return self._send(200, body.encode(), "application/json")

    def _send(self, status: int, body: bytes, kind: str):
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
            pass

    def log_message(self, *args):
        pass


def answer(lat: float, lon: float, label: str) -> list[dict]:
    return [{"place_id": 1, "lat": f"{lat}", "lon": f"{lon}", "display_name": label,
             "class": "place", "type": "house", "importance": 0.5}]  # fmt: skip


@pytest.fixture
def nominatim(monkeypatch):
    server = FakeNominatim()
    server.answers[FOUND] = answer(LAKEWOOD.lat, LAKEWOOD.lon, FOUND_LABEL)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("CAREFINDER_GEOCODER", "nominatim")
    monkeypatch.setenv("CAREFINDER_NOMINATIM_URL", server.url)
    monkeypatch.setenv("CAREFINDER_NOMINATIM_TIMEOUT", str(TIMEOUT))
    monkeypatch.delenv("CAREFINDER_USER_AGENT", raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    yield server
    server.shutdown()
    server.server_close()
    Path(geocode_module._stamp_path(server.url)).unlink(missing_ok=True)


def test_an_address_is_located_by_nominatim_and_the_place_is_shown(client, nominatim):
    body = client.get("/api/search", query_string={"near": FOUND, "radius": 1}).get_json()
    place = body["query"]["near_resolved"]
    assert (place["lat"], place["lon"]) == (LAKEWOOD.lat, LAKEWOOD.lon)
    assert place["label"] == FOUND_LABEL and place["precision"] == "address"
    assert "Located by OpenStreetMap" in place["note"]
    # From the server's point the Lakewood facility is at 0 miles; Denver's centre (the offline
    # reading) is 7 miles off, outside this 1-mile radius.
    assert [r["record"]["name"] for r in body["results"]] == [
        "Cedar Grove Behavioral Health – Lakewood"
    ]
    assert body["results"][0]["distance_miles"] < 0.05

    html = client.get("/", query_string={"near": FOUND, "radius": 1}).get_data(as_text=True)
    assert f"1 facility within 1 miles of {FOUND_LABEL}" in html
    assert "Located by OpenStreetMap (Nominatim)." in html

    (asked,) = [r for r in nominatim.requests if r["q"] == FOUND]
    assert asked["path"] == "/search" and asked["format"] == "json"
    assert asked["countrycodes"] == "us" and asked["limit"] == "1"
    assert asked["agent"] == "carefinder/0.1 (treatment finder)"  # ours, never geopy's default


def test_the_user_agent_setting_is_sent(nominatim, monkeypatch):
    monkeypatch.setenv("CAREFINDER_USER_AGENT", "carefinder-test/1.0 (ops@example.org)")
    geocode(FOUND)
    assert nominatim.requests[-1]["agent"] == "carefinder-test/1.0 (ops@example.org)"


def test_an_address_nominatim_does_not_know_is_read_offline_with_the_note(client, nominatim):
    response = client.get("/", query_string={"near": UNKNOWN, "radius": 25})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "miles of Denver, CO" in html
    assert "Street address not used: searching from the centre of Denver, CO." in html
    assert nominatim.asked(UNKNOWN) == 1


@pytest.mark.parametrize("address", [BROKEN, SLOW])
def test_a_failing_or_slow_nominatim_falls_back_to_the_gazetteer_with_a_note(
    client, nominatim, address
):
    started = time.monotonic()
    response = client.get("/", query_string={"near": address, "radius": 25})
    elapsed = time.monotonic() - started
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert "Traceback" not in html and "Error" not in html
    assert "miles of Denver, CO" in html
    assert f"{FAILED_NOTE}: searching from the centre of Denver, CO." in html
    assert elapsed < SLOW_SECONDS - 0.5  # the timeout ended the wait, not the server
    assert nominatim.asked(address) == 1  # no hidden retries

    api = client.get("/api/search", query_string={"near": address, "radius": 25})
    assert api.status_code == 200
    assert api.get_json()["query"]["near_resolved"]["note"].startswith(FAILED_NOTE)
    # A failure is remembered for a while: the next page does not wait on it again.
    assert nominatim.asked(address) == 1


def test_a_place_only_nominatim_could_know_is_a_plain_error_when_it_fails(client, nominatim):
    nominatim.answers["Zzyzxqv Vrpt"] = []
    with pytest.raises(CarefinderError, match="unknown place"):
        geocode("Zzyzxqv Vrpt")
    assert nominatim.asked("Zzyzxqv Vrpt") == 1
    response = client.get("/api/search", query_string={"near": "Zzyzxqv Vrpt"})
    assert response.status_code == 400 and "unknown place" in response.get_json()["error"]


def test_answers_are_cached_per_address(client, nominatim):
    for query in [
        {"near": FOUND, "radius": 1},
        {"near": f"  {FOUND.upper()} ", "radius": 5},
        # an empty result runs several searches (the relaxations), all from the one answer
        {"near": FOUND, "radius": 1, "level": "residential", "payment": "medicare"},
    ]:
        assert client.get("/", query_string=query).status_code == 200
    assert nominatim.asked(FOUND) == 1
    assert nominatim.asked(FOUND.upper()) == 0
    geocode(UNKNOWN)
    geocode(UNKNOWN)
    assert nominatim.asked(UNKNOWN) == 1  # "no such place" is an answer too


def test_requests_start_at_most_one_a_second(nominatim):
    addresses = [f"{n} Pace St, Denver, CO" for n in range(1, 4)]
    for address in addresses:
        geocode(address)
    times = [r["at"] for r in nominatim.requests]
    assert len(times) == 3
    assert all(b - a >= 0.95 for a, b in zip(times, times[1:], strict=False)), times


def test_worker_processes_share_the_one_a_second_pace(nominatim):
    """``carefinder serve`` runs a worker per core: together they still ask once a second."""
    code = "import sys; from index.geocode import geocode; geocode(sys.argv[1])"
    root = Path(__file__).resolve().parents[1]
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", code, f"{n} Worker Ave, Denver, CO"],
            cwd=root,
            env=dict(os.environ),
        )
        for n in range(1, 4)
    ]
    assert all(w.wait(timeout=60) == 0 for w in workers)
    times = sorted(r["at"] for r in nominatim.requests)
    assert len(times) == 3
    assert all(b - a >= 0.95 for a, b in zip(times, times[1:], strict=False)), times


def test_offline_unless_configured(client, monkeypatch):
    monkeypatch.delenv("CAREFINDER_GEOCODER", raising=False)
    assert geocode_module._online() is None
    point = geocode(FOUND)
    assert point.label == "Denver, CO" and point.note.startswith("Street address not used")
