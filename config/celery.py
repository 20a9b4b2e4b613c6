"""The Celery application. Tasks are autodiscovered in every installed app's `tasks.py`.

Delivery guarantees, chosen deliberately (see docs/operations.md, "Faults"):
- `task_acks_late` (settings): a message is acknowledged when its task ends, so a worker or
  host that dies before or during a task does not lose it: Redis delivers it again once the
  `visibility_timeout` has passed (CELERY_VISIBILITY_TIMEOUT, default 3600 s; it must stay
  well above the longest solve, or a slow solve would be delivered twice).
- The solve task does NOT use `reject_on_worker_lost`: a solve whose worker child dies
  (SIGKILL, out of memory) is not requeued at once, which could loop on a solve that kills
  its worker every time. Its job is marked failed by `roster.tasks.reap_stale_solve_jobs`
  when its heartbeat stops (`common.heartbeat`), the period returns to `signup_closed` and
  the planner can start again; a later redelivery of the message finds the job ended and
  does nothing (`solve_job_run` is idempotent).
- JSON only, one task prefetched per worker process (`worker_prefetch_multiplier=1`).
"""

from __future__ import annotations

import os
from typing import Any

from celery import Celery
from celery.signals import before_task_publish, task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# The signal handlers below import from `common` inside their bodies, for a real import-time
# reason: this module is imported by config/__init__.py before Django's settings and app
# registry exist, and `common.heartbeat` / `common.logging` need both.

app = Celery("samenroosteren")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Workers log through Django's LOGGING (JSON with LOG_FORMAT=json), not Celery's own format.
app.conf.worker_hijack_root_logger = False

#: Every minute: fail running solve jobs whose worker is gone.
REAPER_SCHEDULE_S = 60.0


@app.on_after_configure.connect
def _periodic_tasks(sender: Celery, **kwargs: Any) -> None:
    sender.add_periodic_task(
        REAPER_SCHEDULE_S,
        sender.signature("common.tasks.reap_stale_solve_jobs"),
        name="common-reap-stale-solve-jobs",
    )


def _heartbeat_ident(task: Any, args: Any) -> Any:
    from common.heartbeat import HEARTBEAT_TASKS

    index = HEARTBEAT_TASKS.get(getattr(task, "name", ""))
    if index is None or not args or len(args) <= index:
        return None
    return args[index]


@before_task_publish.connect
def _pass_request_id(headers: dict[str, Any] | None = None, **kwargs: Any) -> None:
    """A task sent while handling a request carries that request's id (`request_id` header)."""
    from common.logging import request_id_var

    if headers is not None and request_id_var.get() != "-":
        headers.setdefault("request_id", request_id_var.get())


@task_prerun.connect
def _heartbeat_start(
    sender: Any = None, task_id: str | None = None, args: Any = None, **kwargs: Any
) -> None:
    # the task's log lines carry the id of the request that sent it, else the task id
    from common.logging import request_id_var

    rid = getattr(getattr(sender, "request", None), "request_id", None) or task_id
    if rid and not getattr(getattr(sender, "request", None), "is_eager", False):
        request_id_var.set(str(rid))
    ident = _heartbeat_ident(sender, args)
    if ident is not None and not getattr(sender.request, "is_eager", False):
        from common import heartbeat

        heartbeat.start(sender.name, ident)


@task_postrun.connect
def _heartbeat_stop(sender: Any = None, args: Any = None, **kwargs: Any) -> None:
    from common.logging import request_id_var

    if not getattr(getattr(sender, "request", None), "is_eager", False):
        request_id_var.set("-")
    ident = _heartbeat_ident(sender, args)
    if ident is not None:
        from common import heartbeat

        heartbeat.stop(sender.name, ident)
