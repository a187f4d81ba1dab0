"""The real production server (`carefinder serve`: gunicorn with gevent workers) over a real
index: clients that send half a request header and wait cannot hold it up, and it keeps no log
of what people search for."""

import socket
import subprocess
import sys
import time
import urllib.request

import pytest

SLOW_CLIENTS = 40  # far more than the two workers: synchronous workers would each be stuck


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port: int, tries: int = 300) -> None:
    """Return once something accepts connections on the loopback port (or tries run out)."""
    for _ in range(tries):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)


@pytest.fixture(scope="module")
def server(sample_index, tmp_path_factory):
    port = free_port()
    log = (tmp_path_factory.mktemp("server") / "server.log").open("w+")
    proc = subprocess.Popen([sys.executable, "-m", "carefinder_cli", "serve", "--index", str(sample_index),
                             "--port", str(port), "--workers", "2"], stdout=log, stderr=log)  # fmt: skip
    try:
        listening(port)
        # The port opens before the workers have loaded the index: wait for an answer (minutes
        # on a busy machine) rather than let the first test's timeout measure the machine.
        urllib.request.urlopen(f"http://127.0.0.1:{port}/api/vocabulary", timeout=300).close()
        yield f"http://127.0.0.1:{port}", log
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def get(url: str):
    with urllib.request.urlopen(url, timeout=15) as response:  # a stuck server times out
        return response.status, response.read()


def test_half_sent_headers_do_not_hold_the_server(server):
    base, _ = server
    assert get(f"{base}/api/search?near=80205")[0] == 200  # both workers up and the index open
    slow = []
    for _ in range(SLOW_CLIENTS):
        s = socket.create_connection(("127.0.0.1", int(base.rsplit(":", 1)[1])))
        s.sendall(b"GET /api/search?q=iop HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and never finish
        slow.append(s)
    try:
        for _ in range(10):
            status, body = get(f"{base}/api/search?near=80205&radius=50")
            assert status == 200 and b'"total"' in body
    finally:
        for s in slow:
            s.close()


def test_search_terms_stay_out_of_the_server_log(server):
    base, log = server
    assert get(f"{base}/?q=secretword&near=80205")[0] == 200
    assert get(f"{base}/api/search?q=secretword")[0] == 200
    log.seek(0)
    assert "secretword" not in log.read()


def ask(base: str, request: bytes) -> tuple[int, dict, dict]:
    """Send raw bytes; the status, headers and JSON body of the answer."""
    import json

    host, port = base.rsplit("/", 1)[1].split(":")
    with socket.create_connection((host, int(port)), timeout=15) as s:
        s.sendall(request)
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers, json.loads(body)


def test_250_ids_are_answered_by_the_api_not_refused_by_gunicorn(server):
    """Issue 21 #11: 250 `id=` (over gunicorn's default 4,094 bytes) got gunicorn's HTML 414."""
    base, _ = server
    ids = "&".join(f"id=facility{n:07d}" for n in range(250))  # 5,750 bytes
    status, headers, body = ask(base, f"GET /api/search?{ids} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    assert status == 400 and headers["Content-Type"] == "application/json"
    assert body["parameter"] == "id" and body["error"] == "at most 200 id values at once"


def test_an_over_long_request_line_is_a_json_414(server):
    from webapp.refusals import LIMIT_REQUEST_LINE

    base, log = server
    ids = "&".join(f"id=secret{n:07d}" for n in range(LIMIT_REQUEST_LINE // 15))
    status, headers, body = ask(base, f"GET /api/search?{ids} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    assert status == 414 and headers["Content-Type"] == "application/json"
    assert body == {"status": 414, "error": "The request line is longer than 8,190 bytes: "
                                            "ask for fewer values at once."}  # fmt: skip
    log.seek(0)
    assert "secret" not in log.read()  # the refused line is not logged either


@pytest.mark.parametrize(
    "headers",
    ["X-Big: " + "a" * 20_000 + "\r\n", "".join(f"X-H{n}: 1\r\n" for n in range(150))],
)  # one header over 16,384 bytes; 150 header fields
def test_over_large_headers_are_a_json_431(server, headers):
    base, _ = server
    request = f"GET /api/search?near=80205 HTTP/1.1\r\nHost: x\r\n{headers}\r\n".encode()
    status, response_headers, body = ask(base, request)
    assert status == 431 and response_headers["Content-Type"] == "application/json"
    assert body["status"] == 431 and "headers are too large" in body["error"]


def test_headers_within_the_raised_limit_are_read(server):
    base, _ = server
    request = "GET /api/search?near=80205 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
    cookie = "Cookie: c=" + "a" * 12_000 + "\r\n"  # over gunicorn's default 8,190
    status, _, body = ask(base, (request + cookie + "\r\n").encode())
    assert status == 200 and body["total"] > 0


def test_bytes_that_are_not_http_get_a_json_400(server):
    base, _ = server
    status, headers, body = ask(base, b"HELLO\x00 there\r\n\r\n")
    assert status == 400 and body == {"status": 400, "error": "The request is not valid HTTP."}
