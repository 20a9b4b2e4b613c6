"""A small HTTP load driver on the standard library: one thread per simulated officer, plain
`http.client` connections (no extra dependency; light enough to share 2 cores with the server).
Every request's latency is measured at the client, from send to last byte."""

from __future__ import annotations

import http.client
import json
import random
import threading
import time
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Sample:
    name: str
    status: int
    ms: float


@dataclass
class Recorder:
    samples: list[Sample] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)


class Client:
    """One officer's connection (reconnects when the server closes it)."""

    def __init__(self, host: str, port: int, token: str) -> None:
        self.host, self.port = host, port
        self.headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        self.conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: Any = None) -> tuple[int, bytes, float]:
        payload = None if body is None else json.dumps(body).encode()
        headers = dict(self.headers)
        if payload is not None:
            headers["Content-Type"] = "application/json"
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
            started = time.perf_counter()
            try:
                self.conn.request(method, path, body=payload, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
            except (ConnectionError, http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    return 0, b"", (time.perf_counter() - started) * 1000
                continue
            ms = (time.perf_counter() - started) * 1000
            if response.getheader("Connection", "").lower() == "close":
                self.conn.close()
                self.conn = None
            return response.status, data, ms
        raise AssertionError("unreachable")


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def read_paths(start: str, end: str) -> list[tuple[str, str]]:
    """What the app reads when an officer opens it (scenario (a)), in order."""
    return [
        ("my roster", f"/api/v1/me/roster/?start={start}&end={end}"),
        ("open shifts", "/api/v1/open-shifts/"),
        ("notifications", "/api/v1/notifications/"),
        ("inbox", "/api/v1/inbox/"),
    ]


READ_NAMES = tuple(name for name, _path in read_paths("", ""))


def readers(
    *,
    host: str,
    port: int,
    officers: list[dict[str, Any]],
    users: int,
    duration_s: float,
    think_s: float,
    roster_range: list[str],
) -> Recorder:
    """Scenario (a): `users` officers open the app again and again: my roster, open shifts,
    notifications, the inbox, then think (exponential, mean `think_s`)."""
    rec = Recorder()
    stop_at = time.monotonic() + duration_s
    start, end = roster_range
    reads = read_paths(start, end)

    def user(officer: dict[str, Any], seed: int) -> None:
        rnd = random.Random(seed)  # noqa: S311 - load shape, not security
        client = Client(host, port, officer["token"])
        pause = rnd.uniform(0, think_s)  # do not all start at once
        while True:
            time.sleep(max(0.0, min(pause, stop_at - time.monotonic())))
            if time.monotonic() >= stop_at:
                return
            for name, path in reads:
                status, _, ms = client.request("GET", path)
                rec.add(Sample(name, status, ms))
            pause = rnd.expovariate(1 / think_s)

    threads = [
        threading.Thread(target=user, args=(officers[i % len(officers)], i), daemon=True)
        for i in range(users)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return rec


def signup_burst(
    *, host: str, port: int, officers: list[dict[str, Any]], window_s: float, senders: int
) -> tuple[Recorder, float]:
    """Scenario (b): every officer submits his first week (21 shifts) once, at a random moment
    within `window_s` of the window opening. Returns the samples and when the last finished."""
    rec = Recorder()
    rnd = random.Random(8)  # noqa: S311
    plan = sorted((rnd.uniform(0, window_s), o) for o in officers for _ in [0])
    plan_lock = threading.Lock()
    t0 = time.monotonic()
    last_done = [0.0]
    wishes = ("want", "can", "rather_not")

    def sender() -> None:
        while True:
            with plan_lock:
                if not plan:
                    return
                at, officer = plan.pop(0)
            delay = at - (time.monotonic() - t0)
            if delay > 0:
                time.sleep(delay)
            body = {
                "signups": [
                    {"shift": s, "wish": wishes[(officer["id"] + i) % 3]}
                    for i, s in enumerate(officer["signup_shifts"])
                ]
            }
            status, _, ms = Client(host, port, officer["token"]).request(
                "POST", "/api/v1/signups/", body
            )
            rec.add(Sample("sign-up week", status, ms))
            with plan_lock:
                last_done[0] = max(last_done[0], time.monotonic() - t0)

    threads = [threading.Thread(target=sender, daemon=True) for _ in range(senders)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return rec, last_done[0]


def claim_race(*, host: str, port: int, officers: list[dict[str, Any]], shift_id: int) -> Recorder:
    """Scenario (c): all `officers` claim a place on the same shift at the same moment."""
    rec = Recorder()
    barrier = threading.Barrier(len(officers))

    def claimer(officer: dict[str, Any]) -> None:
        client = Client(host, port, officer["token"])
        client.conn = http.client.HTTPConnection(host, port, timeout=60)
        client.conn.connect()  # connected before the barrier: the requests leave together
        barrier.wait()
        status, _, ms = client.request(
            "POST", "/api/v1/open-shifts/claim/", {"shift": shift_id, "skill": "basis"}
        )
        rec.add(Sample("claim", status, ms))

    threads = [threading.Thread(target=claimer, args=(o,), daemon=True) for o in officers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return rec
