"""Concurrent writers on the embedded default (SQLite + the threaded development server).

    python -m bench.embedded_writes [--clients 20] [--duration 30] [--port 8765]

On a throwaway SQLite file in var/embedded-writes/: migrate, `seed_demo`, start
`manage.py runserver --noreload` (threaded, as `make demo` serves), log in `--clients` officers of
team Centrum and let each write for `--duration` seconds without pause: sign-ups for the open
period, requests filed (a draft or submitted), and its notification preferences. Prints one line
per operation (count, statuses, p50/p95 ms), the number of 5xx answers, and whether every write
that was answered 2xx is in the database ("lost" must be 0). Exit status 1 on any 5xx or loss.
Throttling is raised for the run (20 clients without think time would otherwise measure it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from bench.load.driver import Client

REPO = Path(__file__).resolve().parents[1]


def _env(db: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"CELERY_BROKER_URL", "CACHE_URL"}}
    env.update(
        DATABASE_URL=f"sqlite:///{db}",
        DEBUG="1",  # seed_demo runs only in debug, as in `make demo`
        SECRET_KEY="bench-embedded-only-not-a-secret-0123456789abcdef",  # noqa: S106
        THROTTLE_USER_RATE="1000000/min",
        THROTTLE_ANON_RATE="1000000/min",
        LOG_LEVEL="WARNING",
        LOG_REQUESTS="0",
        JWT_ACCESS_MINUTES="120",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    return env


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "manage.py", *args], cwd=REPO, env=env, check=True, capture_output=True
    )


def _wait(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("the development server did not start")


def _tokens(env: dict[str, str], usernames: list[str]) -> dict[str, str]:
    """Access tokens minted in a manage.py shell (the pool officers have no password)."""
    code = (
        "import json; from rest_framework_simplejwt.tokens import RefreshToken; "
        "from organisation.models import Officer; "
        f"print(json.dumps({{o.username: str(RefreshToken.for_user(o).access_token) "
        f"for o in Officer.objects.filter(username__in={usernames!r})}}))"
    )
    out = subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
    args = parser.parse_args()

    (REPO / "var").mkdir(exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="embedded-writes-", dir=REPO / "var"))
    db = workdir / "db.sqlite3"
    env = _env(db)
    started = time.monotonic()
    _manage(env, "migrate", "--noinput", "-v0")
    _manage(env, "seed_demo")
    print(f"seeded {db} in {time.monotonic() - started:.0f} s")

    with sqlite3.connect(db) as conn:
        shifts = [
            row[0]
            for row in conn.execute(
                "SELECT s.id FROM roster_shift s JOIN roster_rosterperiod p ON p.id = s.period_id"
                " JOIN organisation_team t ON t.id = p.team_id"
                " WHERE t.code = 'centrum' AND p.phase = 'signup_open'"
            )
        ]
        requests_before = conn.execute("SELECT COUNT(*) FROM requests_desk_request").fetchone()[0]
    if not shifts:
        raise SystemExit("no open sign-up period in the demo data")

    server = subprocess.Popen(  # noqa: S603 - fixed argv
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{args.port}", "--noreload"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(args.port)
        users = [f"centrum{n:02d}" for n in range(1, args.clients + 1)]
        tokens = _tokens({**env, "JWT_ACCESS_MINUTES": "120"}, users)
        samples: list[tuple[str, int, float]] = []
        wanted: dict[str, dict[int, str]] = defaultdict(dict)  # user -> shift -> last wish
        filed: Counter[str] = Counter()
        lock = threading.Lock()
        stop_at = time.monotonic() + args.duration
        day = (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=30)).isoformat()

        def writer(user: str, seed: int) -> None:
            rng = random.Random(seed)  # noqa: S311 - a workload, not a secret
            client = Client("127.0.0.1", args.port, tokens[user])
            n = 0
            while time.monotonic() < stop_at:
                n += 1
                if n % 3 == 1:
                    picked = rng.sample(shifts, 3)
                    wish = rng.choice(["want", "can", "rather_not"])
                    body: dict[str, Any] = {"signups": [{"shift": s, "wish": wish} for s in picked]}
                    status, _, ms = client.request("POST", "/api/v1/signups/", body)
                    name = "POST /signups/"
                    if 200 <= status < 300:
                        with lock:
                            wanted[user].update(dict.fromkeys(picked, wish))
                elif n % 3 == 2:
                    body = {
                        "type": "address_change",
                        "form_data": {"address": f"Damrak {n}", "from": day},
                        "submit": rng.random() < 0.5,
                    }
                    status, _, ms = client.request("POST", "/api/v1/requests/", body)
                    name = "POST /requests/"
                    if 200 <= status < 300:
                        with lock:
                            filed[user] += 1
                else:
                    body = {
                        "email": rng.random() < 0.5,
                        "push": True,
                        "quiet_start_hour": rng.randint(20, 23),
                        "quiet_end_hour": 7,
                    }
                    status, _, ms = client.request(
                        "PUT", "/api/v1/notifications/preferences/", body
                    )
                    name = "PUT /notifications/preferences/"
                with lock:
                    samples.append((name, status, ms))

        threads = [
            threading.Thread(target=writer, args=(user, args.seed * 1000 + i))
            for i, user in enumerate(users)
        ]
        load_before = os.getloadavg()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        load_after = os.getloadavg()
    finally:
        server.terminate()
        server.wait(timeout=30)

    with sqlite3.connect(db) as conn:
        ids = dict(conn.execute("SELECT username, id FROM organisation_officer"))
        lost_signups = 0
        for user, shift_wishes in wanted.items():
            stored = dict(
                conn.execute(
                    "SELECT shift_id, wish FROM roster_signup WHERE officer_id = ?", (ids[user],)
                )
            )
            lost_signups += sum(
                1 for shift, wish in shift_wishes.items() if stored.get(shift) != wish
            )
        requests_after = conn.execute("SELECT COUNT(*) FROM requests_desk_request").fetchone()[0]
    lost_requests = sum(filed.values()) - (requests_after - requests_before)

    print(
        f"{args.clients} clients writing for {args.duration:.0f} s against SQLite + runserver "
        f"(load average before {load_before[0]:.2f}, after {load_after[0]:.2f}; "
        f"{os.cpu_count()} cores)"
    )
    print(f"{'operation':<34} {'count':>6} {'p50 ms':>8} {'p95 ms':>8}  statuses")
    by_name: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for name, status, ms in samples:
        by_name[name].append((status, ms))
    for name, rows in sorted(by_name.items()):
        times = sorted(ms for _, ms in rows)
        p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
        statuses = dict(sorted(Counter(status for status, _ in rows).items()))
        print(f"{name:<34} {len(rows):>6} {statistics.median(times):>8.1f} {p95:>8.1f}  {statuses}")
    errors = sum(1 for _, status, _ in samples if status >= 500)
    print(f"server errors (5xx): {errors}")
    print(f"lost writes: sign-ups {lost_signups}, requests {lost_requests}")
    if args.keep:
        print(f"database: {db}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if errors or lost_signups or lost_requests else 0


if __name__ == "__main__":
    sys.exit(main())
