"""Support for the leak matrix: the seeded situation (a sick officer), the three surfaces (API,
console, Django admin) enumerated from the URL conf and the admin registry, one call per cell
(rolled back), and the body check.

The situation extends the permission matrix's graph (`matrix_support.build_graph`, so every
path parameter of every API operation names an object): the officer files a real sick report
(form answers with markers) that the occupational-health desk (`vz`) handles, with an internal
comment; his absence is sick, from that report, inside the published period; his personal
details (and his colleague's) carry markers. A second officer of the team reported sick and
recovered (sick report, recovery report, their notifications). A second unit has its own
unit manager. In the admin the administrator is a superuser and both desk employees are staff
with view permission on the desk's models.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib import admin
from django.contrib.auth.models import Permission
from django.db import models, transaction
from django.test import Client, TestCase
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from notifications.models import Notification
from organisation.models import Absence, AbsenceKind, Desk, Officer, Role
from requests_desk.models import PrivacyClass, Request, RequestType, RequestTypeVersion
from requests_desk.services import workflow
from requests_desk.services.catalogue import catalogue_load
from roster.models import RosterAuditEvent, SolveJob
from roster.services.absence_effects import absence_effects_apply
from tests.factories.organisation import (
    OfficerFactory,
    QualificationFactory,
    RoleAssignmentFactory,
)
from tests.factories.roster import aware
from tests.hardening.leak_matrix import Secret
from tests.hardening.matrix_support import UNAVAILABILITY_REASON, Caller, build_graph

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
LANGUAGES = ("en", "nl")

# Markers: each value exists once, in the place its secret lives.
FORM_PHONE = "FORMPHONE-0611223344"
FORM_ADDRESS = "FORMADDR-Lindengracht-7q3"
INTERNAL_NOTE = "INTERNALNOTE-x9k2-burnout"
PERSONAL_PHONE = "PERSONALPHONE-0655443322"
PERSONAL_NUMBER = "EMPNO-778812"
PERSONAL_BIRTH = dt.date(1987, 6, 5)
PEER_PHONE = "PEERPHONE-0677001122"
PEER_NUMBER = "PEERNO-551177"

SICK_FORM = {
    # a sick report's first day lies at most 7 days back and at the latest tomorrow
    "first_day": timezone.localdate().isoformat(),
    "exp_duration": "longer",
    "phone": FORM_PHONE,
    "stay_addr": FORM_ADDRESS,
    "work_accident": False,
    "third_party": False,
}


def _names_and_codes() -> list[str]:
    """The special-category types' codes and names (nl, en) in the catalogue."""
    words: set[str] = set()
    for v in RequestTypeVersion.objects.filter(
        privacy_class=PrivacyClass.SPECIAL_CATEGORY
    ).select_related("request_type"):
        words |= {v.request_type.code, v.name_nl, v.name_en}
    return sorted(words, key=len, reverse=True)


def secret_patterns() -> dict[Secret, re.Pattern[str]]:
    """What each secret looks like in a body (built after the catalogue is loaded)."""
    codes = "|".join(re.escape(w) for w in _names_and_codes())
    birth = PERSONAL_BIRTH
    return {
        # the word in any form and both languages (sick, sickness, Ziek, ziekmelding,
        # ziekteverzuim...), the grid's letters, the desk reference, any special-category type
        Secret.KIND: re.compile(
            rf"(?i:sick|ziek|request:\d+)|(?<![\w.-])(?:SK|ZK)(?![\w.-])"
            rf"|(?<![\w-])(?:{codes})(?![\w-])"
        ),
        Secret.FORM: re.compile(f"{re.escape(FORM_PHONE)}|{re.escape(FORM_ADDRESS)}"),
        Secret.INTERNAL: re.compile(re.escape(INTERNAL_NOTE)),
        Secret.REASON: re.compile(re.escape(UNAVAILABILITY_REASON)),
        Secret.PERSONAL: re.compile(
            "|".join(
                re.escape(s)
                for s in (
                    PERSONAL_PHONE,
                    PERSONAL_NUMBER,
                    birth.isoformat(),
                    birth.strftime("%d-%m-%Y"),
                    birth.strftime("%d/%m/%Y"),
                    f"{birth.day} {birth.strftime('%b')} {birth.year}",
                    "5 juni 1987",
                    "June 5, 1987",
                    "5 June 1987",
                )
            )
        ),
        Secret.PEER_PERSONAL: re.compile(f"{re.escape(PEER_PHONE)}|{re.escape(PEER_NUMBER)}"),
    }


@dataclass
class Situation:
    users: dict[str, Officer | None]
    ids: dict[str, Any]
    api: Caller
    patterns: dict[Secret, re.Pattern[str]]


def _admin_viewer(user: Officer, *, app_labels: tuple[str, ...]) -> None:
    """Let a desk employee into the admin with view permission on `app_labels`' models."""
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=app_labels, codename__startswith="view_"
        )
    )


def _api(user: Officer) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    return client


def build_situation(
    *, roles: dict[str, Officer | None], team: Any, unit: Any, basis: Any
) -> Situation:
    """The permission matrix's graph plus a sick officer (see the module docstring)."""
    officer, health, admin_user = roles["officer"], roles["health_desk_staff"], roles["admin"]
    assert officer is not None
    assert health is not None
    assert admin_user is not None
    graph = build_graph(roles=roles, team=team, unit=unit, basis=basis)
    ids = graph.ids
    catalogue_load(unit=unit)
    RoleAssignmentFactory(officer=health, role=Role.DESK_STAFF, desk=Desk.objects.get(code="vz"))
    # personal details with markers
    officer.phone = PERSONAL_PHONE
    officer.employee_number = PERSONAL_NUMBER
    officer.date_of_birth = PERSONAL_BIRTH
    officer.save(update_fields=["phone", "employee_number", "date_of_birth"])
    colleague = roles["colleague"]
    assert colleague is not None
    colleague.phone, colleague.employee_number = PEER_PHONE, PEER_NUMBER
    colleague.save(update_fields=["phone", "employee_number"])
    # the admin: the administrator is a superuser; desk staff may read the desk's models
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save(update_fields=["is_staff", "is_superuser"])
    for desk_user in (health, roles["desk_staff"]):
        assert desk_user is not None
        _admin_viewer(desk_user, app_labels=("requests_desk",))

    # the sick report as the officer files it in the app (its notifications sent); the vz
    # desk reads it and notes something internal. Its absence takes the place of the graph's
    # open-ended one (two absences of an officer may not overlap).
    Absence.objects.filter(pk=ids["absence_id"]).delete()
    # (his own unavailability in January would overlap an open-ended sick report of today:
    # it is set aside while he files and put back after)
    own = Absence.objects.filter(pk=ids["unavailability_id"])
    own_times = own.values_list("start", "end").get()
    own.update(start=aware(2026, 1, 1, 0, 0), end=aware(2026, 1, 2, 0, 0))
    with TestCase.captureOnCommitCallbacks(execute=True):
        filed = _api(officer).post(
            "/api/v1/requests/",
            {"type": "sick_report", "form_data": SICK_FORM, "submit": True},
            format="json",
        )
    assert filed.status_code == 201, filed.content
    sick = Request.objects.get(pk=filed.json()["id"])
    own.update(start=own_times[0], end=own_times[1])
    assert _api(health).get(f"/api/v1/requests/{sick.pk}/").status_code == 200
    with TestCase.captureOnCommitCallbacks(execute=True):
        workflow.comment_create(actor=health, request=sick, body=INTERNAL_NOTE, internal=True)
    # a second officer of the team reported sick and then recovered (the recovery flow's
    # notifications and the ended absence)
    recovered = OfficerFactory(username="hersteld", teams=[team])
    QualificationFactory(officer=recovered, skill=basis)
    with TestCase.captureOnCommitCallbacks(execute=True):
        first = _api(recovered).post(
            "/api/v1/requests/",
            {
                "type": "sick_report",
                "form_data": {**SICK_FORM, "exp_duration": "1_day"},
                "submit": True,
            },
            format="json",
        )
    assert first.status_code == 201, first.content
    with TestCase.captureOnCommitCallbacks(execute=True):
        back = _api(recovered).post(
            "/api/v1/requests/",
            {
                "type": "recovery_report",
                "form_data": {"sick": first.json()["id"], "date": "2027-02-03"},
                "submit": True,
            },
            format="json",
        )
    assert back.status_code == 201, back.content
    assert Notification.objects.filter(kind="officer_back").exists()  # the absence ended
    ids["recovered_id"] = recovered.pk
    # the sick absence inside the published period (February 2027), from that report
    assert sick.absence_id is not None
    absence = Absence.objects.get(pk=sick.absence_id)
    ids["absence_id"] = absence.pk
    absence.kind = AbsenceKind.SICK
    absence.start = aware(2027, 2, 1, 0, 0)
    absence.expected_end = aware(2027, 2, 10, 0, 0)
    absence.source = f"request:{sick.pk}"
    absence.save()
    # ...and what it does to the roster there: his places inside it are freed (audit events)
    absence_effects_apply(actor=officer, absence=absence)

    ids["request_id"] = sick.pk
    ids["generic_request_id"] = graph.ids["request_id"]
    ids["sick_absence_id"] = absence.pk
    ids["day"] = "2027-02-02"
    ids["published_job_id"] = (
        SolveJob.objects.filter(period_id=ids["published_period_id"]).values_list("pk", flat=True)
    )[0]
    caller = Caller(graph)
    # end the (now February) sick absence inside it, so the answer shows the absence
    caller.bodies["POST /api/v1/absences/{absence_id}/end/"] = lambda: (
        {"end": "2027-02-05T00:00:00+01:00"},
        "json",
    )
    return Situation(users=roles, ids=ids, api=caller, patterns=secret_patterns())


# --- surfaces ----------------------------------------------------------------------------


def _template(route: str) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route.lstrip("^").rstrip("$"))


def console_routes() -> dict[str, str]:
    """Every console URL name → its path template (`/console/periods/{period_id}/`)."""
    routes: dict[str, str] = {}

    def walk(patterns: list[Any], prefix: str, ns: str) -> Iterator[None]:
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(
                    p.url_patterns, prefix + _template(str(p.pattern)), p.namespace or ns
                )
            elif isinstance(p, URLPattern) and ns == "console" and p.name:
                routes[p.name] = prefix + _template(str(p.pattern))
                yield None

    for _ in walk(get_resolver().url_patterns, "/", ""):
        pass
    return routes


def admin_models() -> list[str]:
    """Every model registered with the admin site (`app_label.Model`)."""
    return sorted(m._meta.label for m in admin.site._registry)


def fill(template: str, ids: dict[str, Any], overrides: dict[str, str] | None = None) -> str:
    overrides = overrides or {}
    return re.sub(r"\{(\w+)\}", lambda m: str(ids[overrides.get(m.group(1), m.group(1))]), template)


def browser(user: Officer | None, language: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_login(user, backend=MODEL_BACKEND)
    return client


def rolled_back(client: Client, method: str, path: str, data: dict[str, str] | None = None) -> Any:
    """Call `path` and undo whatever it wrote (cells do not depend on each other's order)."""
    from django.core.cache import cache

    cache.clear()  # throttle counters
    with transaction.atomic():
        if method == "post":
            response = client.post(path, data or {})
        else:
            response = getattr(client, method)(path)
        transaction.set_rollback(True)
    return response


def body_of(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return bytes(response.content).decode(errors="replace")


#: A random token: 32+ characters of a URL-safe alphabet holding upper case, lower case and a
#: digit (JWTs, CSRF tokens, calendar feed tokens). Blanked before matching: "sick" turns up
#: in random text about once in a million positions, which over the matrix's tokens would make
#: it fail now and then; no marker or word the matrix looks for is that long and mixed.
RANDOM_TOKEN = re.compile(r"(?=[\w.-]*[A-Z])(?=[\w.-]*[a-z])(?=[\w.-]*\d)[\w.-]{32,}")


def scrub(body: str) -> str:
    return RANDOM_TOKEN.sub("<token>", body)


def leaks_in(
    body: str,
    *,
    role: str,
    patterns: dict[Secret, re.Pattern[str]],
    readers: dict[Secret, frozenset[str]],
    allowed: frozenset[Secret] = frozenset(),
    used: set[Secret] | None = None,
) -> list[str]:
    """The secrets in `body` that `role` may not learn, each with the text that gave it away.
    An allowed secret that matches is added to `used` (an allowance nobody needs is stale)."""
    found = []
    body = scrub(body)
    for secret, pattern in patterns.items():
        if role in readers[secret]:
            continue
        m = pattern.search(body)
        if m and secret in allowed:
            if used is not None:
                used.add(secret)
            continue
        if m:
            start = max(0, m.start() - 60)
            context = body[start : m.end() + 60].replace("\n", " ")
            found.append(f"{secret.value}: {m.group(0)!r} in …{context}…")
    return found


# --- admin objects -----------------------------------------------------------------------


def _latest(model: type[models.Model], **filters: Any) -> int | None:
    return model.objects.filter(**filters).order_by("-pk").values_list("pk", flat=True).first()


def admin_object(label: str, picker: str | None, ids: dict[str, Any]) -> Any:
    """The object an admin change page is opened on, from the matrix's picker name."""
    if picker is None:
        return None
    if picker.startswith("ids:"):
        return ids[picker[4:]]
    sick_id = ids["request_id"]
    pickers: dict[str, Callable[[], Any]] = {
        "sick_report_type": lambda: RequestType.objects.get(code="sick_report").pk,
        "sick_report_version": lambda: RequestType.objects.get(
            code="sick_report"
        ).current_version_id,
        "sick_request_event": lambda: _latest(Request.events.rel.related_model, request_id=sick_id),
        "sick_request_read": lambda: _latest(
            Request.read_logs.rel.related_model, request_id=sick_id
        ),
        "sick_request_notification": lambda: _latest(
            Notification, subject_kind="request", subject_id=sick_id
        ),
        "freed_audit": lambda: _latest(RosterAuditEvent, action="assignment_freed"),
        "latest": lambda: _latest(admin_model(label)),
    }
    return pickers[picker]()


def admin_model(label: str) -> type[models.Model]:
    for model in admin.site._registry:
        if model._meta.label == label:
            return model
    raise KeyError(label)
