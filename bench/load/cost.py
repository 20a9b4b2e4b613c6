"""What one read costs the server, without the load: `python -m bench.load.cost [--officers 60]`.

Runs after `make bench-load` (it reads `var/load/fixture.json` and the load database, in the
same environment as the run: LOAD_DATABASE_URL, LOAD_CACHE_URL). In this process, one request
at a time through Django's test client, each officer reads the app's read mix twice (the
first read finds the open-places memo empty, the second finds it filled); prints per endpoint
the median wall and CPU milliseconds of this process (PostgreSQL's own CPU is not in it) and
the number of queries. The cache is emptied first. CPU time says what a request costs on a
shared machine better than wall time, which includes waiting for the other processes.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time

from bench.load.run import VAR, bench_env, clear_cache


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--officers", type=int, default=60)
    args = parser.parse_args()
    os.environ.update(bench_env())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    clear_cache(os.environ["CACHE_URL"])

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.load.driver import read_paths

    data = json.loads((VAR / "fixture.json").read_text(encoding="utf-8"))
    paths = read_paths(*data["roster_range"])
    officers = data["officers"][: args.officers]
    rows: dict[tuple[str, str], list[tuple[float, float, int]]] = {}
    for read in ("first", "second"):
        for officer in officers:
            client = Client(HTTP_AUTHORIZATION=f"Bearer {officer['token']}", HTTP_HOST="127.0.0.1")
            for name, path in paths:
                wall, cpu = time.perf_counter(), time.process_time()
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(path)
                if response.status_code != 200:
                    raise SystemExit(f"{path}: {response.status_code}")
                rows.setdefault((read, name), []).append(
                    (
                        (time.perf_counter() - wall) * 1000,
                        (time.process_time() - cpu) * 1000,
                        len(queries),
                    )
                )
    print("| read | endpoint | requests | wall ms (median) | CPU ms (median) | queries |")
    print("|---|---|---:|---:|---:|---:|")
    for (read, name), samples in rows.items():
        print(
            f"| {read} | {name} | {len(samples)} | "
            f"{statistics.median(s[0] for s in samples):.1f} | "
            f"{statistics.median(s[1] for s in samples):.1f} | {max(s[2] for s in samples)} |"
        )


if __name__ == "__main__":
    main()
