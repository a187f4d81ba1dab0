"""The production server: gunicorn with one synchronous worker per core by default.

Each worker opens the index on its first request and reopens it when a new generation is
swapped in; gunicorn's arbiter stops every worker cleanly on Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import os

from gunicorn.app.base import BaseApplication

from webapp import create_app


class _Server(BaseApplication):
    def __init__(self, config: dict, options: dict):
        self.config, self.options = config, options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return create_app(self.config)


def serve(index_dir: str, host: str, port: int, workers: int | None = None) -> None:
    options = {
        "bind": f"{host}:{port}",
        "workers": workers or os.cpu_count() or 2,
        "worker_class": "sync",
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        "timeout": 60,
        "proc_name": "carefinder",
    }
    _Server({"INDEX_DIR": index_dir}, options).run()
