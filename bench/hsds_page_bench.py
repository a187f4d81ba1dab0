"""Weight of one HSDS API page: 20 services near Chicago from the SAMHSA 2022 directories.

    .venv/bin/python bench/hsds_page_bench.py [--shared ../shared] [--out bench/out]

Imports both national directories, indexes the facilities within about 70 miles of the Loop,
and asks the real Flask app for ``/api/hsds/services?near=60601&radius=30&per_page=20``.
Prints the page's bytes (as sent, and gzipped) and the bytes of the taxonomy terms it refers to.
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
from itertools import chain
from pathlib import Path

from carefinder.samhsa.convert import Report, convert
from carefinder.samhsa.readers import read
from index import store
from webapp import create_app

PAGE = "/api/hsds/services?near=60601&radius=30&per_page=20"
LOOP = (41.8858, -87.6181)


def near_chicago(record: dict) -> bool:
    loc = record.get("location")
    return bool(loc) and abs(loc["lat"] - LOOP[0]) < 1 and abs(loc["lon"] - LOOP[1]) < 1.3


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--out", default="bench/out")
    args = ap.parse_args()
    data = Path(args.shared) / "data" / "samhsa"
    files = [data / "national_directory_sa_2022.xlsx", data / "national_directory_mh_2022.xlsx"]
    records = [r for r in convert(chain.from_iterable(read(f) for f in files), Report())
               if near_chicago(r)]  # fmt: skip
    root = Path(args.out) / "hsds-index"
    store.build(root, records)
    client = create_app({"INDEX_DIR": str(root), "TESTING": True}).test_client()
    page = client.get(PAGE)
    assert page.status_code == 200, page.get_data(as_text=True)
    body = page.get_data()
    services = page.get_json()["contents"]
    terms = client.get("/api/hsds/taxonomy_terms?per_page=200")
    print(json.dumps({
        "machine": f"{platform.machine()}, Python {platform.python_version()}",
        "indexed": len(records), "page": PAGE, "services": len(services),
        "bytes": len(body), "gzipped": len(gzip.compress(body)),
        "per_service": len(body) // max(1, len(services)),
        "taxonomy_terms_bytes": len(terms.get_data()) if terms.status_code == 200 else None,
    }, indent=1))  # fmt: skip


if __name__ == "__main__":
    main()
