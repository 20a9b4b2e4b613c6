"""Task heartbeats: a long task (a solve) proves it is alive by refreshing a Redis key.

A worker that is SIGKILLed, OOM-killed or loses its host stops refreshing; the key expires
after HEARTBEAT_TTL_S and `roster.tasks.reap_stale_solve_jobs` marks the job failed, so a job
never stays "running" for a worker that is gone. Wired to Celery's task_prerun/task_postrun
signals in `config/celery.py` for the tasks in HEARTBEAT_TASKS. Without a broker (eager
Celery) there is nothing to watch: `alive()` answers None (cannot tell)."""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.conf import settings

logger = logging.getLogger(__name__)

HEARTBEAT_INTERVAL_S = 5.0
HEARTBEAT_TTL_S = 15  # three missed beats
#: task name → index of the argument that identifies the work (the job id)
HEARTBEAT_TASKS = {"roster.tasks.solve_period": 0, "roster.tasks.solve_joint": 0}

_running: dict[str, threading.Event] = {}


def _redis() -> Any:
    import redis

    return redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=2)


def key_for(task_name: str, ident: Any) -> str:
    return f"samen:heartbeat:{task_name}:{ident}"


def start(task_name: str, ident: Any) -> None:
    """Beat now and every HEARTBEAT_INTERVAL_S from a daemon thread until `stop()`."""
    if not settings.CELERY_BROKER_URL:
        return
    key = key_for(task_name, ident)
    stopped = threading.Event()
    _running[key] = stopped
    client = _redis()

    def beat() -> None:
        while not stopped.is_set():
            try:
                client.set(key, "1", ex=HEARTBEAT_TTL_S)
            except Exception:  # a Redis hiccup must not kill the task; the next beat retries
                logger.warning("heartbeat %s not written", key, exc_info=True)
            stopped.wait(HEARTBEAT_INTERVAL_S)
        try:
            client.delete(key)
        except Exception:
            logger.warning("heartbeat %s not removed", key, exc_info=True)

    client.set(key, "1", ex=HEARTBEAT_TTL_S)
    threading.Thread(target=beat, name=f"heartbeat-{key}", daemon=True).start()


def stop(task_name: str, ident: Any) -> None:
    event = _running.pop(key_for(task_name, ident), None)
    if event is not None:
        event.set()


def alive(task_name: str, ident: Any) -> bool | None:
    """True/False: the task's heartbeat is fresh/gone; None: no broker, cannot tell."""
    if not settings.CELERY_BROKER_URL:
        return None
    return bool(_redis().exists(key_for(task_name, ident)))
