"""The slowest answer to each hostile request on the national index, through the real Flask app
(in-process test client, one request at a time, after one warm-up search).

    .venv/bin/python bench/hostile_bench.py [--shared ../shared] [--out bench/out] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from load_bench import HOSTILE, national  # noqa: E402

from webapp import create_app  # noqa: E402

MORE = [
    "/?" + "&".join(["payment=medicaid"] * 210) + "&near=80205",
    "/?near=80205&radius=500&q=treatment&level=iop&payment=medicaid&insurer=aetna&open=now",
    "/api/search?per_page=200&evidence=true",
    "/api/export.csv?per_page=200&near=80205&radius=500",
    "/?near=10001&radius=500&sort=relevance&q=mental+health+services",
    "/api/search?page=1000&per_page=20",
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--out", default="bench/out")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    _, root = national(Path(args.shared), out)
    client = create_app({"INDEX_DIR": str(root), "TESTING": True}).test_client()
    client.get("/api/search?near=80205&open=now")  # opens the index, loads the gazetteer
    rows = []
    for path in HOSTILE + MORE:
        times, status = [], None
        for _ in range(args.repeat):
            started = time.perf_counter()
            status = client.get(path).status_code
            times.append((time.perf_counter() - started) * 1000)
        rows.append({"path": path[:90], "status": status, "max_ms": round(max(times), 1)})
    print(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
