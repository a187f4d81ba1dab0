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


@pytest.fixture(scope="module")
def server(sample_index, tmp_path_factory):
    port = free_port()
    log = (tmp_path_factory.mktemp("server") / "server.log").open("w+")
    proc = subprocess.Popen([sys.executable, "-m", "carefinder_cli", "serve", "--index", str(sample_index),
                             "--port", str(port), "--workers", "2"], stdout=log, stderr=log)  # fmt: skip
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
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
