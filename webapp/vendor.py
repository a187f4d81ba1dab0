"""Third-party browser code served by the app itself, from its Python package: no CDN.

Leaflet comes from ``xstatic-leaflet`` (PyPI), so pip installs it with everything else and a
search page never asks another host for code. The version is in the URL: browsers may keep it.
"""

from __future__ import annotations

import xstatic.pkg.leaflet as leaflet
from flask import Blueprint, send_from_directory

bp = Blueprint("vendor", __name__, url_prefix=f"/vendor/leaflet-{leaflet.VERSION}")


@bp.get("/<path:filename>")
def leaflet_file(filename: str):
    return send_from_directory(leaflet.BASE_DIR, filename, max_age=365 * 24 * 3600)
