"""A fault-injecting web for crawl tests: each site on its own 127.0.2.N address."""

from __future__ import annotations

import json
import socket
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GOOD_PAGE = """<html><head><title>Steady Harbor Clinic</title></head><body>
<nav><a href="/about">About</a> <a href="/slow">Slow</a> <a href="/reset">Reset</a>
<a href="/reset-mid-body">Cut</a><a href="/error500">Broken</a> <a href="/unavailable">Busy</a> <a href="/loop">Loop</a>
<a href="/huge">Big</a> <a href="/huge-chunked">Bigger</a> <a href="/binary">Binary</a> <a href="/cp1252">Payment</a>
<a href="/unclosed">Programs</a> <a href="/maze/1">Archive</a> <a href="/calendar/2026/01">Calendar</a></nav>
<main><h1>Steady Harbor Clinic</h1><p>We offer an intensive outpatient program for adults.</p>
<address>210 Harbor Blvd, Oakland, CA 94607</address><p>Phone: 510-555-0133</p></main></body></html>"""
ABOUT = "<html><head><title>About | Steady Harbor Clinic</title></head><body><p>We provide outpatient counseling.</p></body></html>"
CP1252 = "<html><head><title>Payment | Steady Harbor Clinic</title></head><body><p>We accept Medicaid and Aetna. Café hours vary – ask us.</p></body></html>"
UNCLOSED = "<html><head><title>Programs | Steady Harbor Clinic<body><div><p>We offer a partial hospitalization program<div><ul><li>group therapy"


def slow(seconds: float, body: str):
    def answer(h):
        time.sleep(seconds)
        Behaviour.send(h, 200, body.encode(), "text/html; charset=utf-8")

    return answer


def clinic_site(n: int, pause: float) -> Routes:
    """Site n: a home page and three program pages, each answered after ``pause`` seconds."""
    home = f"""<html><head><title>Clinic {n} Recovery</title></head><body><h1>Clinic {n}
    Recovery</h1><a href="/iop">IOP</a> <a href="/php">PHP</a> <a href="/contact">Contact</a>
    <address>{100 + n} Main St, Boise, ID 8370{n}</address><p>Phone: 208-555-01{n:02d}</p>
    </body></html>"""
    pages = {"/": home, "/iop": "<p>We offer an intensive outpatient program.</p>",
             "/php": "<p>We offer a partial hospitalization program.</p>",
             "/contact": "<p>We accept Medicaid.</p>"}  # fmt: skip
    return Routes({path: slow(pause, f"<html><body>{body}</body></html>" if path != "/" else body)
                   for path, body in pages.items()})  # fmt: skip


def comparable(path) -> list:
    """Records without their crawl time, every list in a fixed order (the order pages arrived
    in is not a difference)."""
    out = []
    for line in path.read_text().splitlines():
        record = json.loads(line)
        record.pop("crawled_at", None)
        for key, value in record.items():
            if isinstance(value, list):
                record[key] = sorted(json.dumps(v, sort_keys=True) for v in value)
        out.append(json.dumps(record, sort_keys=True))
    return sorted(out)


def serve_clinics(stack, network: str, pause: float) -> tuple[list, list[str]]:
    """Six clinic sites on ``network``.1-6 (site n answers each page after n * pause s)."""
    sites = [clinic_site(n, pause=pause * n) for n in range(1, 7)]
    urls = [stack.enter_context(serve_at(f"{network}.{n}", s)) for n, s in enumerate(sites, 1)]
    return sites, urls


def reference_crawl(urls, out, sites, *options) -> None:
    """An uninterrupted one-process ``carefinder crawl``; the sites' request logs are reset."""
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-m", "carefinder_cli", "crawl", *urls, "-o", str(out),
                          *options], capture_output=True, text=True, timeout=300)  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    for site in sites:
        site.requested.clear()


class Behaviour:
    """What each path does; counts requests so tests can check what was fetched."""

    def __init__(self, robots: str | None = "allow", slow_seconds: float = 3.0, huge_mb: int = 20):
        self.robots, self.slow_seconds, self.huge_mb = robots, slow_seconds, huge_mb
        self.requested: list[str] = []
        self.lock = threading.Lock()

    def handle(self, h: BaseHTTPRequestHandler) -> None:
        path = h.path.split("?")[0]
        with self.lock:
            self.requested.append(path)
        if path == "/robots.txt":
            if self.robots == "error":
                return self.send(h, 500, b"robots broke", "text/plain")
            rules = "Disallow: /" if self.robots == "deny" else "Allow: /"
            return self.send(h, 200, f"User-agent: *\n{rules}\n".encode(), "text/plain")
        if path == "/":
            return self.send(h, 200, GOOD_PAGE.encode(), "text/html; charset=utf-8")
        if path == "/about":
            return self.send(h, 200, ABOUT.encode(), "text/html; charset=utf-8")
        if path == "/slow":
            time.sleep(self.slow_seconds)
            return self.send(h, 200, b"<p>late</p>", "text/html")
        if path == "/reset":
            return reset(h)
        if path == "/reset-mid-body":  # 2 KB of the 10 KB announced, then a reset
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.send_header("Content-Length", "10000")
            h.end_headers()
            h.wfile.write(b"<p>" + b"x" * 2000)
            return reset(h)
        if path == "/error500":
            return self.send(h, 500, b"<p>server error</p>", "text/html")
        if path == "/unavailable":
            return self.send(h, 503, b"<p>busy</p>", "text/html", {"Retry-After": "1"})
        if path in ("/loop", "/loop2"):
            return self.send(
                h, 302, b"", "text/html", {"Location": "/loop2" if path == "/loop" else "/loop"}
            )
        if path == "/huge":
            return self.stream(h, self.huge_mb)
        if path == "/huge-chunked":  # no Content-Length: the size cap must act mid-download
            return self.stream(h, self.huge_mb, announce=False)
        if path == "/binary":
            return self.send(h, 200, bytes(range(256)) * 400, "text/html")
        if path == "/cp1252":
            return self.send(h, 200, CP1252.encode("cp1252"), "text/html; charset=utf-8")
        if path == "/unclosed":
            return self.send(h, 200, UNCLOSED.encode(), "text/html")
        if path.startswith(("/maze/", "/calendar/")):
            n = int(path.rstrip("/").rsplit("/", 1)[-1]) + 1
            base = path.rstrip("/").rsplit("/", 1)[0]
            links = "".join(f"<a href='{base}/{n + k}'>more {n + k}</a>" for k in range(3))
            return self.send(
                h,
                200,
                f"<html><body><p>Archive page {n}</p>{links}</body></html>".encode(),
                "text/html",
            )
        return self.send(h, 404, b"not found", "text/plain")

    @staticmethod
    def send(h, status: int, body: bytes, ctype: str, headers: dict | None = None) -> None:
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(body)

    @staticmethod
    def stream(h, megabytes: int, announce: bool = True) -> None:
        chunk = b"<p>" + b"filler text " * 85 + b"</p>\n"  # about 1 KB
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        if announce:
            h.send_header("Content-Length", str(len(chunk) * 1024 * megabytes))
        else:
            h.close_connection = True
        h.end_headers()
        try:
            for _ in range(1024 * megabytes):
                h.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the crawler hung up: that is what a size cap does


def reset(h: BaseHTTPRequestHandler) -> None:
    """Close the connection with a TCP reset (SO_LINGER 0), as a crashing server does."""
    h.connection.setsockopt(
        socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
    )
    h.connection.close()


def _server(host: str, behaviour: Behaviour) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            behaviour.handle(self)

        def log_message(self, *args):
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request, client_address):
            pass  # resets and hang-ups are the point here

    server = Server((host, 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@contextmanager
def fault_web(**sites: Behaviour):
    """Serve each named Behaviour; yield {name: (base URL, behaviour)}."""
    servers, out = [], {}
    try:
        for n, (name, behaviour) in enumerate(sites.items(), 1):
            server = _server(f"127.0.2.{n}", behaviour)
            servers.append(server)
            out[name] = (f"http://127.0.2.{n}:{server.server_address[1]}/", behaviour)
        yield out
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


class Routes(Behaviour):
    """A site made of fixed answers: {path: (status, body, content type, headers)} or
    {path: callable(handler)}; paths may carry a query. Records every request with its query."""

    def __init__(self, routes: dict, robots: str | None = "allow"):
        super().__init__(robots=robots)
        self.routes = routes
        self.full: list[str] = []  # requested paths with their query strings

    def handle(self, h: BaseHTTPRequestHandler) -> None:
        with self.lock:
            self.full.append(h.path)
        answer = self.routes.get(h.path, self.routes.get(h.path.split("?")[0]))
        if callable(answer):
            with self.lock:
                self.requested.append(h.path.split("?")[0])
            return answer(h)
        if answer is None and h.path == "/robots.txt":
            return super().handle(h)
        if answer is None:
            return self.send(h, 404, b"not found", "text/plain")
        with self.lock:
            self.requested.append(h.path.split("?")[0])
        status, body, ctype, *headers = answer
        body = body.encode() if isinstance(body, str) else body
        return self.send(h, status, body, ctype, headers[0] if headers else None)


class LinkFarm(Behaviour):
    """A site of link-heavy pages: every path under /item/ (and /) answers a page of ``links``
    links to ``distinct`` item pages, each page starting 2,003 items past the last one's (so
    its first few thousand links are new), then a link to /contact. With ``session`` every link carries a session
    ID never served before (a session-ID trap). ``requested`` holds paths with their query."""

    def __init__(self, links: int, distinct: int, session: bool = False):
        super().__init__()
        self.links, self.distinct, self.session = links, distinct, session
        self.served = 0

    def handle(self, h: BaseHTTPRequestHandler) -> None:
        path = h.path.split("?")[0]
        if path == "/robots.txt":
            return super().handle(h)
        with self.lock:
            self.requested.append(h.path)
            page, self.served = self.served, self.served + 1
        if path == "/contact":
            body = "<p>Cedar Room Recovery, 12 Cedar St, Boise, ID 83702. Phone: 208-555-0177</p>"
        elif path == "/" or path.startswith("/item/"):
            body = self.page(page)
        else:
            return self.send(h, 404, b"not found", "text/plain")
        html = f"<html><head><title>Cedar Room Recovery</title></head><body>{body}</body></html>"
        return self.send(h, 200, html.encode(), "text/html; charset=utf-8")

    def page(self, n: int) -> str:
        start = n * 2003
        session = (lambda k: f"?sid={n:x}z{k:x}") if self.session else (lambda k: "")
        items = "".join(
            f'<a href="/item/{(start + k) % self.distinct}{session(k)}">item</a>\n'
            for k in range(self.links)
        )
        return (
            "<h1>Cedar Room Recovery</h1><p>We offer an intensive outpatient program.</p>"
            f'{items}<a href="/contact{session(-1)}">Contact us</a>'
        )


@contextmanager
def serve_at(host: str, behaviour: Behaviour):
    """One Behaviour on ``host`` at a free port; yields its base URL."""
    server = _server(host, behaviour)
    try:
        yield f"http://{host}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
