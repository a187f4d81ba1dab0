"""The production server: gunicorn, one gevent worker per core by default.

gevent workers read each request on its own greenlet, so clients that send half a header and
wait (or idle keep-alive connections) cost a socket, not a worker: with the synchronous workers
two such clients delayed every other request by a minute. Searches stay bounded by their own
time budget (index.search.BUDGET). ``--worker-class`` picks sync or gthread for comparison
(docs/RELIABILITY.md has the measurements).

Each worker opens the index on its first request and reopens it when a new generation is
swapped in; gunicorn's arbiter stops every worker cleanly on Ctrl-C or SIGTERM. What gunicorn
answers itself (a request line over 8,190 bytes: 414; headers too large: 431) is JSON, as the
app's errors are (webapp/refusals.py).
"""

from __future__ import annotations

import contextlib
import os
import sys

from gunicorn.app.base import BaseApplication

from webapp import create_app, refusals

WORKER_CLASSES = ("gevent", "gthread", "sync")


class _Server(BaseApplication):
    def __init__(self, config: dict, options: dict):
        self.config, self.options = config, options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        app = create_app(self.config)
        warm_up(app)
        return app


def _exit_quietly(server, worker) -> None:
    """End a stopping worker without interpreter teardown: under gevent, logging's clean-up
    callbacks then print "greenlet is being finalized" tracebacks on every Ctrl-C."""
    sys.stderr.flush()
    os._exit(0)


def warm_up(app) -> None:
    """Load the gazetteer, compile the keyword box's vocabulary patterns and open the index in
    each worker before anyone waits: a worker's first search otherwise spends seconds on them."""
    from carefinder import CarefinderError
    from carefinder.query import parse
    from index.geocode import geocode
    from webapp.engine import KEY

    query = parse({"q": ["evening"], "near": ["10001"], "open": ["now"], "per_page": ["1"]})
    with contextlib.suppress(CarefinderError):  # no index yet: requests answer 503 until built
        app.extensions[KEY].search(query, 1e18)
    # A misspelt name reads every table of the gazetteer (cities, ZIP codes, small towns).
    geocode("Springfeld")


def serve(
    index_dir: str, host: str, port: int, workers: int | None = None, worker_class: str = "gevent"
) -> None:
    options = {
        "bind": f"{host}:{port}",
        "workers": workers or os.cpu_count() or 2,
        "worker_class": refusals.worker_class(worker_class),  # its own errors in JSON too
        "worker_connections": 1000,  # gevent: open connections per worker, idle ones included
        "threads": 32 if worker_class == "gthread" else 1,
        "accesslog": None,  # no request log: search terms say what someone is looking for
        "errorlog": "-",
        "loglevel": "warning",
        "timeout": 30,  # a worker silent this long is restarted; a search stops at 0.8 s
        "graceful_timeout": 10,
        "keepalive": 5,
        "proc_name": "carefinder",
        "worker_exit": _exit_quietly,
        **refusals.LIMITS,  # request line and header sizes: webapp/refusals.py says why
    }
    _Server({"INDEX_DIR": index_dir}, options).run()
