"""The README's first command, end to end from a fresh clone (without the blocking serve),
then the served site answers a search with the sample facilities."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    target = tmp_path_factory.mktemp("fresh") / "carefinder"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(target)], check=True)
    return target


def run_in(clone, *args, **kw):
    env = {**os.environ, "PYTHONPATH": str(clone)}  # the clone's code, not this checkout's
    return subprocess.run([sys.executable, "-m", "carefinder_cli", *args], cwd=clone, env=env,
                          capture_output=True, text=True, timeout=600, **kw)  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_demo_pipeline_then_serve(clone):
    built = run_in(clone, "demo", "--no-serve")
    assert built.returncode == 0, built.stderr[-3000:]
    assert "indexed 19 facilities" in built.stdout
    again = run_in(clone, "demo", "--no-serve")
    assert "reusing the index" in again.stdout  # a second run reuses what is built

    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(clone)}
    server = subprocess.Popen(
        [sys.executable, "-m", "carefinder_cli", "serve", "--index", "var/demo/index", "--port", str(port)],
        cwd=clone, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}/api/search?near=95814&radius=50"
        for _ in range(100):
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    data = json.load(response)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the served site never answered")
        names = [hit["record"]["name"] for hit in data["results"]]
        assert names[0] == "Harbor Light Recovery"
        assert "Delta Crossroads Clinic" in names  # from the SAMHSA-format sample
        harbor = data["results"][0]["record"]
        assert harbor["sources"] == ["crawl", "samhsa"]  # merged from both
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/?near=95814", timeout=5) as r:
            assert "Harbor Light Recovery" in r.read().decode()
        from carefinder_cli.demo import EXAMPLES

        for title, path in EXAMPLES:  # the printed examples find what they say
            api = path if path.startswith("/api/") else "/api/search" + path[1:]
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{api}", timeout=5) as r:
                assert json.load(r)["total"] >= 1, title
    finally:
        server.terminate()
        server.wait(timeout=10)
