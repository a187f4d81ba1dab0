"""Serve the sample web: each site on its own loopback address (127.0.1.N) and a free port."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from crawler.sample_web import sites
from crawler.sample_web.render import render


def _handler(site: dict):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            found = render(site, urlsplit(self.path).path)
            body, ctype, status = (
                (found[0], found[1], 200) if found else ("not found", "text/plain", 404)
            )
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    return Handler


@contextmanager
def serve(first_host: int = 1, subnet: str = "127.0.1"):
    """Yield {slug: base URL}; every server stops when the block ends."""
    servers = []
    try:
        for n, site in enumerate(sites(), first_host):
            server = ThreadingHTTPServer((f"{subnet}.{n}", 0), _handler(site))
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()
            servers.append((site["slug"], server))
        yield {slug: f"http://{s.server_address[0]}:{s.server_address[1]}/" for slug, s in servers}
    finally:
        for _, server in servers:
            server.shutdown()
            server.server_close()
