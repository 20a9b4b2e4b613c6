"""`make bench-load`: gunicorn + PostgreSQL + Redis + a Celery worker on this machine, driven
by `bench.load.driver`; prints one table (and writes it to var/load/result.md).

    python -m bench.load.run [--users 200] [--think 5] [--duration 45] [--workers 4] …

The run uses its own database (LOAD_DATABASE_URL, default postgres://…/samen_load: it is
FLUSHED, and created when missing), Redis db (LOAD_BROKER_URL, default
redis://127.0.0.1:6379/7) and a cache in Redis (LOAD_CACHE_URL, default
redis://127.0.0.1:6379/8, emptied at the start; production requires a shared cache).
Settings come from the environment as in production; the bench sets only what a load run
needs and says so:
THROTTLE_USER_RATE high (the per-user limit would otherwise be what is measured: 200 simulated
officers share few source IPs and each sends far more than a phone would), CONN_MAX_AGE=60
(persistent database connections, as production should), LOG_LEVEL=WARNING/LOG_REQUESTS=0
(no per-request log line on the shared disk), JWT_ACCESS_MINUTES=120 (tokens outlive the run).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from bench.load import driver

REPO = Path(__file__).resolve().parents[2]
VAR = REPO / "var" / "load"


def bench_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=os.environ.get(
            "LOAD_DATABASE_URL", "postgres://samen:samen@127.0.0.1:5432/samen_load"
        ),
        CELERY_BROKER_URL=os.environ.get("LOAD_BROKER_URL", "redis://127.0.0.1:6379/7"),
        CACHE_URL=os.environ.get("LOAD_CACHE_URL", "redis://127.0.0.1:6379/8"),
        SECRET_KEY=os.environ.get("SECRET_KEY", "bench-load-only-not-a-secret-0123456789abcdef"),
        DEBUG="0",
        THROTTLE_USER_RATE=os.environ.get("LOAD_THROTTLE_USER_RATE", "1000000/min"),
        THROTTLE_ANON_RATE=os.environ.get("LOAD_THROTTLE_ANON_RATE", "1000000/min"),
        CONN_MAX_AGE="60",
        LOG_LEVEL="WARNING",
        LOG_REQUESTS="0",
        JWT_ACCESS_MINUTES="120",
    )
    env.pop("CELERY_RESULT_BACKEND", None)
    return env


def ensure_database(url: str) -> bool:
    """Create the load database named in `url` if it does not exist (the role needs
    CREATEDB, as `make services-up` gives `samen`); connects to the server's `postgres`
    database with the same credentials. Returns whether it was created; idempotent."""
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    name = str(conninfo_to_dict(url).get("dbname") or "")
    if not name:
        raise SystemExit(f"no database name in {url!r}")
    with psycopg.connect(make_conninfo(url, dbname="postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists:
            return False
        try:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        except psycopg.errors.DuplicateDatabase:  # created meanwhile by a parallel run
            return False
    return True


def clear_cache(url: str) -> None:
    """Empty the run's own cache database: every run starts cold (no memo of a previous run,
    no throttle counters)."""
    import redis

    client = redis.Redis.from_url(url)
    try:
        client.flushdb()
    finally:
        client.close()


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=env, check=True)  # noqa: S603


def wait_healthy(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("the API did not become healthy")


def wait_settled(env: dict[str, str], timeout: float = 600) -> float:
    """Wait until the worker has done what the seed's writes queued (each officer's
    materialised open places, `roster.services.open_fits`) and the queue is empty: the read
    load measures the steady state of a published roster, as officers meet it after the
    publication's recompute, not the recompute itself. Returns the seconds waited."""
    import redis

    t0 = time.monotonic()
    queue = redis.Redis.from_url(env["CELERY_BROKER_URL"])
    try:
        while time.monotonic() - t0 < timeout:
            stale = db_count(
                env,
                "SELECT count(*) FROM roster_openfitstate WHERE generation <> computed_generation",
            )
            if stale == 0 and queue.llen("celery") == 0:
                return time.monotonic() - t0
            time.sleep(0.5)
    finally:
        queue.close()
    raise SystemExit("the worker did not compute the open places in time")


def db_count(env: dict[str, str], sql: str, params: tuple[Any, ...] = ()) -> int:
    import psycopg

    with psycopg.connect(env["DATABASE_URL"]) as conn:
        row = conn.execute(sql, params).fetchone()
        return int(row[0]) if row else 0


def summarise(name: str, rec: driver.Recorder, wall_s: float, ok: set[int]) -> dict[str, Any]:
    ms = [s.ms for s in rec.samples]
    errors = sum(1 for s in rec.samples if s.status not in ok)
    return {
        "scenario": name,
        "requests": len(ms),
        "errors": errors,
        "rps": len(ms) / wall_s if wall_s else 0.0,
        "p50": driver.percentile(ms, 50),
        "p95": driver.percentile(ms, 95),
        "p99": driver.percentile(ms, 99),
        "max": max(ms) if ms else float("nan"),
    }


def table(rows: list[dict[str, Any]]) -> str:
    head = "| scenario | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms | check |"
    lines = [head, "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        lines.append(
            f"| {r['scenario']} | {r['requests']} | {r['errors']} | {r['rps']:.0f} | "
            f"{r['p50']:.0f} | {r['p95']:.0f} | {r['p99']:.0f} | {r['max']:.0f} | "
            f"{r.get('check', '')} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8077)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=2, help="threads per gunicorn worker")
    parser.add_argument("--officers", type=int, default=600)
    parser.add_argument("--users", type=int, default=200, help="scenario (a) officers")
    parser.add_argument("--think", type=float, default=20.0, help="(a) mean think time, s")
    parser.add_argument("--duration", type=float, default=45.0, help="(a) duration, s")
    parser.add_argument("--window", type=float, default=60.0, help="(b) sign-up window, s")
    parser.add_argument("--claimers", type=int, default=100)
    parser.add_argument("--skip-seed", action="store_true", help="reuse var/load/fixture.json")
    args = parser.parse_args()
    # a SIGTERM (timeout, Ctrl-C from make) still stops the servers in `finally`
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    env = bench_env()
    fixture = VAR / "fixture.json"
    VAR.mkdir(parents=True, exist_ok=True)

    if not args.skip_seed:
        if ensure_database(env["DATABASE_URL"]):
            print("created the load database", flush=True)
        print("migrating and seeding the load database …", flush=True)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "flush", "--noinput", "-v0")
        subprocess.run(  # noqa: S603
            [
                sys.executable,
                "-m",
                "bench.load.seed",
                "--officers",
                str(args.officers),
                "--claimers",
                str(args.claimers),
                "--out",
                str(fixture),
            ],
            cwd=REPO,
            env=env,
            check=True,
        )
    clear_cache(env["CACHE_URL"])
    data = json.loads(fixture.read_text(encoding="utf-8"))
    officers: list[dict[str, Any]] = data["officers"]

    procs: list[subprocess.Popen[bytes]] = []
    log = (VAR / "servers.log").open("wb")
    try:
        procs.append(
            subprocess.Popen(  # noqa: S603
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "config.wsgi",
                    f"--bind=127.0.0.1:{args.port}",
                    f"--workers={args.workers}",
                    f"--threads={args.threads}",
                    "--worker-class=gthread",
                    "--keep-alive=30",
                    "--backlog=2048",
                ],
                cwd=REPO,
                env=env,
                stdout=log,
                stderr=log,
            )
        )
        procs.append(
            subprocess.Popen(  # noqa: S603
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "config",
                    "worker",
                    "--concurrency=1",
                    "--loglevel=WARNING",
                    "--without-gossip",
                    "--without-mingle",
                ],
                cwd=REPO,
                env=env,
                stdout=log,
                stderr=log,
            )
        )
        wait_healthy(args.port)
        settled = wait_settled(env)
        print(f"the worker computed every officer's open places in {settled:.1f} s", flush=True)
        rows = []

        print(f"(a) {args.users} officers reading for {args.duration:.0f} s …", flush=True)
        t0 = time.monotonic()
        rec = driver.readers(
            host="127.0.0.1",
            port=args.port,
            officers=officers,
            users=args.users,
            duration_s=args.duration,
            think_s=args.think,
            roster_range=data["roster_range"],
        )
        wall = time.monotonic() - t0
        row = summarise(f"(a) {args.users} officers reading: all", rec, wall, {200})
        row["check"] = "p95 ≤ 50 ms: " + ("yes" if row["p95"] <= 50 else "NO")
        rows.append(row)
        for name in driver.READ_NAMES:
            part = driver.Recorder([s for s in rec.samples if s.name == name])
            rows.append(summarise(f"(a) … {name}", part, wall, {200}))

        print(f"(b) {len(officers)} officers sign up within {args.window:.0f} s …", flush=True)
        before = db_count(env, "SELECT count(*) FROM roster_signup")
        t0 = time.monotonic()
        rec, last = driver.signup_burst(
            host="127.0.0.1",
            port=args.port,
            officers=officers,
            window_s=args.window,
            senders=64,
        )
        wall = time.monotonic() - t0
        stored = db_count(env, "SELECT count(*) FROM roster_signup") - before
        expected = sum(len(o["signup_shifts"]) for o in officers)
        row = summarise(f"(b) sign-up burst: {len(officers)} x 21 shifts", rec, wall, {200})
        row["check"] = f"{stored}/{expected} sign-ups stored, last answer at {last:.1f} s" + (
            " ✓" if stored == expected and row["errors"] == 0 else " ✗"
        )
        rows.append(row)

        print(f"(c) {args.claimers} concurrent claims of 10 places …", flush=True)
        claimers = officers[: args.claimers]
        t0 = time.monotonic()
        rec = driver.claim_race(
            host="127.0.0.1", port=args.port, officers=claimers, shift_id=data["claim_shift"]
        )
        wall = time.monotonic() - t0
        won = sum(1 for s in rec.samples if s.status == 201)
        lost = sum(1 for s in rec.samples if s.status == 409)
        placed = db_count(
            env,
            "SELECT count(*) FROM roster_assignment WHERE shift_id = %s",
            (data["claim_shift"],),
        )
        row = summarise(f"(c) {args.claimers} claims of 10 places", rec, wall, {201, 409})
        row["check"] = f"{won} won (201), {lost} full (409), {placed} in DB" + (
            " ✓" if won == placed == 10 and won + lost == len(claimers) else " ✗"
        )
        rows.append(row)
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
        log.close()

    cpu = os.cpu_count()
    text = table(rows)
    header = (
        f"gunicorn {args.workers} workers x {args.threads} threads (gthread), PostgreSQL, Redis, "
        f"1 Celery worker, driver on the same machine ({cpu} cores); (a) think time "
        f"{args.think:.0f} s (exponential), {args.duration:.0f} s"
    )
    print()
    print(header)
    print(text)
    (VAR / "result.md").write_text(header + "\n\n" + text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
