"""Serve the sample web: each site on its own loopback address (127.0.1.N) and a free port."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from crawler.sample_web import sites
from crawler.sample_web.render import render


@dataclass
class SampleWeb:
    urls: dict[str, str] = field(default_factory=dict)  # slug → base URL
    requested: dict[str, list[str]] = field(default_factory=dict)  # slug → paths, in order


def _handler(site: dict, web: SampleWeb):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            path = urlsplit(self.path).path
            web.requested.setdefault(site["slug"], []).append(path)
            found = render(site, path)
            body, ctype, status = (
                (found[0], found[1], 200) if found else ("not found", "text/plain", 404)
            )
            for slug, url in web.urls.items():  # links between sample sites
                body = body.replace(f"{{site:{slug}}}", url)
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
def serve(first_host: int = 1, subnet: str = "127.0.1", site_list: list[dict] | None = None):
    """Yield a SampleWeb whose ``urls`` name each served site; all stop when the block ends."""
    web, servers = SampleWeb(), []
    try:
        for n, site in enumerate(site_list or sites(), first_host):
            server = ThreadingHTTPServer((f"{subnet}.{n}", 0), _handler(site, web))
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()
            servers.append(server)
            host, port = server.server_address[:2]
            web.urls[site["slug"]] = f"http://{host}:{port}/"
        yield web
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
