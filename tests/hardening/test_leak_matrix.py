"""Leak matrix: every API operation, console page and admin page, called as every role in a
situation with a sick officer; no body may hold what that role may not learn.

The declarations and the rules are in `tests/hardening/leak_matrix.py`, the situation and the
calls in `leak_support.py`. An operation, console URL or admin model that is not declared fails
`test_every_surface_is_declared`. Each surface is one test that collects every leak before it
fails, so one run shows them all."""

from __future__ import annotations

from typing import Any

import pytest

from organisation.models import Officer, Role
from tests.factories.organisation import OfficerFactory, RoleAssignmentFactory, UnitFactory
from tests.hardening.leak_matrix import (
    ADMIN,
    ALLOW,
    ALLOW_TEXT,
    API_OPS,
    API_PARAMS,
    CONSOLE,
    READERS,
    ROLES,
    Page,
    Secret,
)
from tests.hardening.leak_support import (
    FORM_PHONE,
    INTERNAL_NOTE,
    LANGUAGES,
    PEER_PHONE,
    PERSONAL_PHONE,
    Situation,
    admin_model,
    admin_models,
    admin_object,
    body_of,
    browser,
    build_situation,
    console_routes,
    fill,
    leaks_in,
    rolled_back,
)
from tests.hardening.matrix_support import UNAVAILABILITY_REASON, url_conf_operations


@pytest.fixture
def situation(
    settings: Any,
    tmp_path: Any,
    unit: Any,
    team: Any,
    basis: Any,
    officer: Officer,
    colleague: Officer,
    other_officer: Officer,
    team_lead: Officer,
    planner: Officer,
    desk_staff: Officer,
    unit_manager: Officer,
    administrator: Officer,
) -> Situation:
    settings.MEDIA_ROOT = tmp_path
    other_unit_manager = OfficerFactory(username="eenheidschef-noord")
    RoleAssignmentFactory(
        officer=other_unit_manager, role=Role.UNIT_MANAGER, unit=UnitFactory(code="noord")
    )
    roles: dict[str, Officer | None] = {
        "anonymous": None,
        "officer": officer,
        "colleague": colleague,
        "other_officer": other_officer,
        "team_lead": team_lead,
        "planner": planner,
        "unit_manager": unit_manager,
        "other_unit_manager": other_unit_manager,
        "health_desk_staff": OfficerFactory(username="verzuim"),
        "desk_staff": desk_staff,
        "admin": administrator,
    }
    assert tuple(roles) == ROLES
    return build_situation(roles=roles, team=team, unit=unit, basis=basis)


CONSOLE_KEYS = [f"console {name}" for name in CONSOLE]
ADMIN_KEYS = [f"admin {label}" for label in ADMIN]
#: Allowances that matched during this run, per surface key (see `_unused_allowances`).
USED: dict[str, set[Secret]] = {}


USED_TEXT: dict[str, set[str]] = {}


def _unused_allowances(keys: Any) -> list[str]:
    """ALLOW and ALLOW_TEXT entries of one surface (its `keys`) that matched nothing: stale,
    remove them."""
    keys = set(keys)
    return [
        f"{key}: {secret}"
        for key, secrets in ALLOW.items()
        if key in keys
        for secret in secrets
        if secret not in USED.get(key, set())
    ] + [
        f"{key}: {text!r}"
        for key, texts in ALLOW_TEXT.items()
        if key in keys
        for text in texts
        if text not in USED_TEXT.get(key, set())
    ]


def _check(
    s: Situation,
    key: str,
    role: str,
    response: Any,
    leaks: list[str],
    seen: dict[Any, str],
    where: str = "",
) -> None:
    status = response.status_code
    assert status < 500, f"{where or key} as {role}: {status}"
    body = body_of(response)
    seen[(where or key, role, response.wsgi_request.META.get("HTTP_ACCEPT_LANGUAGE"))] = body
    for text in ALLOW_TEXT.get(key, {}):
        if text in body:
            USED_TEXT.setdefault(key, set()).add(text)
            body = body.replace(text, "<static>")
    allowed = frozenset(ALLOW.get(key, {}))
    used = USED.setdefault(key, set())
    for leak in leaks_in(
        body, role=role, patterns=s.patterns, readers=READERS, allowed=allowed, used=used
    ):
        leaks.append(f"{where or key} as {role} ({status}): {leak}")


def test_every_surface_is_declared() -> None:
    for name, declared, present in (
        ("API_OPS", set(API_OPS), set(url_conf_operations())),
        ("CONSOLE", set(CONSOLE), set(console_routes())),
        ("ADMIN", set(ADMIN), set(admin_models())),
    ):
        assert not present - declared, (
            f"declare in leak_matrix.{name}: {sorted(present - declared)}"
        )
        assert not declared - present, (
            f"leak_matrix.{name} names gone ones: {sorted(declared - present)}"
        )
    stale = [
        k
        for k in [*ALLOW, *ALLOW_TEXT]
        if not (
            k in API_OPS
            or k.removeprefix("admin ") in ADMIN
            or k.removeprefix("console ") in CONSOLE
        )
    ]
    assert not stale, stale


@pytest.mark.django_db
def test_no_api_body_tells_a_role_what_it_may_not_learn(situation: Situation) -> None:
    # given: the sick officer's situation; every operation of the URL conf
    leaks: list[str] = []
    seen: dict[Any, str] = {}
    caller = situation.api
    # when: each operation is called as each role (rolled back), in both languages
    base = dict(situation.ids)
    for op in API_OPS:
        caller.graph.ids = {**base, **{k: base[v] for k, v in API_PARAMS.get(op, {}).items()}}
        for role in ROLES:
            for language in LANGUAGES:
                caller.clients[role].defaults["HTTP_ACCEPT_LANGUAGE"] = language
                _check(situation, op, role, caller.call(op, role), leaks, seen)
    # then: no body holds a secret its reader may not learn; the readers do read them
    assert not leaks, f"{len(leaks)} leaks:\n" + "\n".join(leaks)
    assert not _unused_allowances(API_OPS), _unused_allowances(API_OPS)
    detail = "GET /api/v1/requests/{request_id}/"
    assert FORM_PHONE in seen[(detail, "officer", "en")]
    assert INTERNAL_NOTE in seen[(detail, "health_desk_staff", "en")]
    assert PERSONAL_PHONE in seen[("GET /api/v1/officers/{officer_id}/", "team_lead", "en")]
    assert PEER_PHONE in seen[("GET /api/v1/officers/", "team_lead", "en")]
    assert '"kind":"sick"' in seen[("GET /api/v1/absences/", "officer", "en")].replace(" ", "")
    own = "GET /api/v1/periods/{period_id}/unavailability/"
    assert UNAVAILABILITY_REASON in seen[(own, "officer", "en")]
    assert "unavailable" in seen[("GET /api/v1/absences/", "planner", "en")]


@pytest.mark.django_db
def test_no_console_page_tells_a_role_what_it_may_not_learn(situation: Situation) -> None:
    # given: the sick officer's situation; every console page
    leaks: list[str] = []
    seen: dict[Any, str] = {}
    routes = console_routes()
    # when: each page is called as each role (rolled back), in both languages
    for name, page in CONSOLE.items():
        if not isinstance(page, Page):
            continue
        path = fill(routes[name], situation.ids, page.params)
        for role in ROLES:
            for language in LANGUAGES:
                client = browser(situation.users[role], language)
                response = rolled_back(client, page.method, path, page.data)
                _check(situation, f"console {name}", role, response, leaks, seen)
    # then: no page holds a secret its reader may not learn; the readers do read them
    assert not leaks, f"{len(leaks)} leaks:\n" + "\n".join(leaks)
    assert not _unused_allowances(CONSOLE_KEYS), _unused_allowances(CONSOLE_KEYS)
    assert "absent" in seen[("console cell", "planner", "en")].lower()
    desk_page = seen[("console desk-request", "health_desk_staff", "en")]
    assert FORM_PHONE in desk_page
    assert INTERNAL_NOTE in desk_page


@pytest.mark.django_db
def test_no_admin_page_tells_a_role_what_it_may_not_learn(situation: Situation) -> None:
    # given: the sick officer's situation; every model registered with the admin
    leaks: list[str] = []
    seen: dict[Any, str] = {}
    pages: list[tuple[str, str]] = [("admin index", "/admin/")]
    for label, picker in ADMIN.items():
        meta = admin_model(label)._meta
        base = f"/admin/{meta.app_label}/{meta.model_name}/"
        key = f"admin {label}"
        pages += [(key, base), (key, f"{base}add/")]
        pk = admin_object(label, picker, situation.ids)
        if picker is not None:
            assert pk is not None, f"{label}: no object for {picker}"
            pages += [(key, f"{base}{pk}/change/"), (key, f"{base}{pk}/history/")]
    # when: each page is opened by each role (rolled back), in both languages
    for key, path in pages:
        for role in ROLES:
            for language in LANGUAGES:
                client = browser(situation.users[role], language)
                response = rolled_back(client, "get", path)
                _check(situation, key, role, response, leaks, seen, where=path)
    # then: no page holds a secret its reader may not learn; the health desk reads the report
    assert not leaks, f"{len(leaks)} leaks:\n" + "\n".join(leaks)
    assert not _unused_allowances(ADMIN_KEYS), _unused_allowances(ADMIN_KEYS)
    sick_page = f"/admin/requests_desk/request/{situation.ids['request_id']}/change/"
    assert FORM_PHONE in seen[(sick_page, "health_desk_staff", "en")]
