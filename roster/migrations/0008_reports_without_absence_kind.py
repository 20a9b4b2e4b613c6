"""Need-to-know (Issue #14): solve results and reports written before the rule name an absence's
kind in shortfall reasons ("unavailable (sick)"), which line management reads in the console
and the report API. Rewrite them to "unavailable (absent)", as the solver now writes them.

One way only: the kind is not restored (the backward step leaves the rows as they are)."""

from __future__ import annotations

import json
import re
from typing import Any

from django.db import migrations

KIND_REASON = re.compile(r"unavailable \((?:leave|training|sick|other)\)")
NEUTRAL = "unavailable (absent)"


def reports_neutralise(apps: Any, schema_editor: Any) -> None:
    solve_job = apps.get_model("roster", "SolveJob")
    jobs = solve_job.objects.filter(result__isnull=False) | solve_job.objects.filter(
        report__isnull=False
    )
    for job in jobs.only("pk", "result", "report").iterator():
        changed = []
        for name in ("result", "report"):
            value = getattr(job, name)
            if value is None:
                continue
            text = json.dumps(value)
            neutral = KIND_REASON.sub(NEUTRAL, text)
            if neutral != text:
                setattr(job, name, json.loads(neutral))
                changed.append(name)
        if changed:
            job.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("roster", "0007_absence_to_organisation")]

    operations = [migrations.RunPython(reports_neutralise, migrations.RunPython.noop)]
