"""The declared leak matrix: what each role may LEARN from the body of every API operation,
console page and admin page, about an officer who reported sick.

The permission matrix (`permission_matrix.py`) says which status each role gets; this one says
what the body may contain. One situation is seeded (`leak_support.build_situation`): the
officer filed a sick report (form answers), the occupational-health desk wrote an internal
comment, his absence is sick, his personal details are on file. Each cell calls the operation
or page as the role and searches the body for each SECRET that role may not learn (READERS).

Rules (from `organisation/need_to_know.py` and `organisation.selectors.can_see_personal`):
- KIND (that he is sick: the word sick/ziek in any form and either language, the grid letters
  SK/ZK, the desk reference `request:<id>`, a special-category type's code or name): the
  officer himself and the occupational-health desk (`vz`) of his unit;
- FORM (the sick report's answers): the officer and that desk;
- INTERNAL (the desk's internal comment): that desk only (never the requester);
- PERSONAL (phone, employee number, date of birth): the officer, the lead and planner of his
  team, his unit manager, administrators;
- PEER_PERSONAL (the colleague's phone and employee number): the same rule seen from the
  colleague, so the sick officer himself may not read them;
- REASON (the reason he gave for his own unavailability, in his own words): the officer only
  (`organisation.need_to_know.may_read_reason`; not even the health desk).

Declaring a surface: every operation of the URL conf (API_OPS), every console URL name
(CONSOLE) and every model registered with the admin (ADMIN) must be listed, or the test fails;
a listed one that no longer exists fails too. ALLOW_TEXT names exact static text (a field
name) blanked from one surface's body; ALLOW the few surfaces where a whole secret's pattern
may match static text of the product (not about any officer). Prefer ALLOW_TEXT, give the
reason; an allowance that matches nothing in a run fails it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Secret(StrEnum):
    KIND = "kind"
    FORM = "form"
    INTERNAL = "internal"
    PERSONAL = "personal"
    PEER_PERSONAL = "peer_personal"
    REASON = "reason"


ROLES = (
    "anonymous",
    "officer",  # the sick officer himself
    "colleague",  # same team
    "other_officer",  # another team of the same unit
    "team_lead",
    "planner",
    "unit_manager",  # of the officer's unit
    "other_unit_manager",  # of another unit
    "health_desk_staff",  # the occupational-health desk (vz) of the officer's unit
    "desk_staff",  # another desk of the officer's unit
    "admin",  # administrator role; a superuser in the Django admin
)

READERS: dict[Secret, frozenset[str]] = {
    Secret.KIND: frozenset({"officer", "health_desk_staff"}),
    Secret.FORM: frozenset({"officer", "health_desk_staff"}),
    Secret.INTERNAL: frozenset({"health_desk_staff"}),
    Secret.PERSONAL: frozenset({"officer", "team_lead", "planner", "unit_manager", "admin"}),
    Secret.PEER_PERSONAL: frozenset({"colleague", "team_lead", "planner", "unit_manager", "admin"}),
    Secret.REASON: frozenset({"officer"}),
}

#: Narrower than ALLOW: exact static text blanked from one surface's body before matching,
#: {key: {text: reason}} (a field name, a label), so the rest of that body is still checked.
_POLICY_FIELD = "the team policy's field name, about no officer"
ALLOW_TEXT: dict[str, dict[str, str]] = {
    "GET /api/v1/teams/{team_id}/absence-policy/": {"sick_margin_days": _POLICY_FIELD},
    "PATCH /api/v1/teams/{team_id}/absence-policy/": {"sick_margin_days": _POLICY_FIELD},
}

#: Static product text that matches a pattern, per surface key: {key: {secret: reason}}.
ALLOW: dict[str, dict[Secret, str]] = {
    "GET /api/schema/": {
        Secret.KIND: "the schema documents the absence kinds and request categories (enums)",
    },
    "GET /api/v1/request-types/": {
        Secret.KIND: "the public catalogue lists every request type, the sick report included",
    },
    "admin requests_desk.RequestType": {
        Secret.KIND: "the catalogue of request types (codes, names), about no officer",
    },
    "admin requests_desk.RequestTypeVersion": {
        Secret.KIND: "the catalogue's versions (names, form schemas), about no officer",
    },
}

# --- the API: every operation of the URL conf -------------------------------------------

API_OPS: tuple[str, ...] = (
    "GET /api/docs/",
    "GET /api/schema/",
    "GET /api/v1/absences/",
    "POST /api/v1/absences/",
    "POST /api/v1/absences/{absence_id}/cancel/",
    "POST /api/v1/absences/{absence_id}/end/",
    "DELETE /api/v1/assignments/{assignment_id}/",
    "POST /api/v1/auth/logout-all/",
    "POST /api/v1/auth/logout/",
    "GET /api/v1/auth/oidc/config/",
    "POST /api/v1/auth/oidc/token/",
    "POST /api/v1/auth/refresh/",
    "POST /api/v1/auth/token/",
    "GET /api/v1/calendar/{token}.ics",
    "GET /api/v1/delegations/",
    "POST /api/v1/delegations/",
    "POST /api/v1/delegations/{delegation_id}/end/",
    "GET /api/v1/inbox/",
    "GET /api/v1/inbox/changes/",
    "GET /api/v1/inbox/approvals/",
    "GET /api/v1/inbox/counts/",
    "GET /api/v1/inbox/desk/",
    "POST /api/v1/inbox/{kind}/{item_id}/approve/",
    "POST /api/v1/inbox/{kind}/{item_id}/reject/",
    "POST /api/v1/me/password/",
    "GET /api/v1/me/",
    "PATCH /api/v1/me/",
    "DELETE /api/v1/me/calendar-feed/",
    "POST /api/v1/me/calendar-feed/",
    "GET /api/v1/me/balances/",
    "GET /api/v1/me/export/",
    "GET /api/v1/me/competences/",
    "POST /api/v1/me/ambitions/",
    "PATCH /api/v1/me/ambitions/{ambition_id}/",
    "DELETE /api/v1/me/ambitions/{ambition_id}/",
    "GET /api/v1/officers/{officer_id}/competences/",
    "POST /api/v1/officers/{officer_id}/trainings/",
    "POST /api/v1/trainings/{training_id}/end/",
    "GET /api/v1/me/devices/",
    "POST /api/v1/me/devices/",
    "DELETE /api/v1/me/devices/{device_id}/",
    "GET /api/v1/me/ledger/",
    "GET /api/v1/me/roster/",
    "GET /api/v1/me/roster/changes/",
    "GET /api/v1/notifications/",
    "GET /api/v1/notifications/changes/",
    "PUT /api/v1/notifications/preferences/",
    "POST /api/v1/notifications/read-all/",
    "GET /api/v1/notifications/unread-count/",
    "POST /api/v1/notifications/{notification_id}/read/",
    "GET /api/v1/officers/",
    "GET /api/v1/officers/{officer_id}/",
    "GET /api/v1/officers/{officer_id}/balances/",
    "POST /api/v1/officers/{officer_id}/qualifications/",
    "GET /api/v1/open-shifts/",
    "POST /api/v1/open-shifts/claim/",
    "GET /api/v1/open-shifts/claims/",
    "GET /api/v1/lent-claims/",
    "POST /api/v1/lent-claims/{claim_id}/withdraw/",
    "GET /api/v1/periods/",
    "POST /api/v1/periods/",
    "GET /api/v1/periods/{period_id}/",
    "GET /api/v1/periods/{period_id}/assignments/",
    "POST /api/v1/periods/{period_id}/assignments/",
    "GET /api/v1/periods/{period_id}/compliance/",
    "POST /api/v1/periods/{period_id}/generate-shifts/",
    "POST /api/v1/periods/{period_id}/phase/",
    "POST /api/v1/periods/{period_id}/publish/",
    "POST /api/v1/periods/{period_id}/repair/",
    "GET /api/v1/periods/{period_id}/report/",
    "GET /api/v1/periods/{period_id}/shifts/",
    "POST /api/v1/periods/{period_id}/shifts/",
    "POST /api/v1/periods/{period_id}/signup-pattern/",
    "POST /api/v1/periods/{period_id}/solve/",
    "GET /api/v1/periods/{period_id}/unavailability/",
    "POST /api/v1/periods/{period_id}/unavailability/",
    "DELETE /api/v1/periods/{period_id}/unavailability/{absence_id}/",
    "GET /api/v1/request-types/",
    "POST /api/v1/request-types/",
    "GET /api/v1/request-types/{code}/",
    "PATCH /api/v1/request-types/{code}/",
    "GET /api/v1/requests/",
    "GET /api/v1/requests/changes/",
    "POST /api/v1/requests/",
    "GET /api/v1/requests/{request_id}/",
    "PATCH /api/v1/requests/{request_id}/",
    "POST /api/v1/requests/{request_id}/attachments/",
    "GET /api/v1/requests/{request_id}/attachments/{attachment_id}/",
    "POST /api/v1/requests/{request_id}/comments/",
    "POST /api/v1/requests/{request_id}/transitions/",
    "GET /api/v1/shifts/",
    "GET /api/v1/shifts/{shift_id}/",
    "PATCH /api/v1/shifts/{shift_id}/",
    "POST /api/v1/shifts/{shift_id}/award/",
    "POST /api/v1/shifts/{shift_id}/cancel/",
    "GET /api/v1/signups/",
    "POST /api/v1/signups/",
    "DELETE /api/v1/signups/{signup_id}/",
    "GET /api/v1/skills/",
    "POST /api/v1/joint-solves/",
    "GET /api/v1/joint-solves/{joint_id}/",
    "GET /api/v1/solve-jobs/{job_id}/",
    "POST /api/v1/solve-jobs/{job_id}/apply/",
    "POST /api/v1/solve-jobs/{job_id}/cancel/",
    "GET /api/v1/swap-chains/",
    "GET /api/v1/swap-chains/{chain_id}/",
    "POST /api/v1/swap-chains/{chain_id}/accept/",
    "POST /api/v1/swap-chains/{chain_id}/decline/",
    "GET /api/v1/swap-offers/",
    "POST /api/v1/swap-offers/",
    "GET /api/v1/swap-offers/{offer_id}/",
    "POST /api/v1/swap-offers/{offer_id}/withdraw/",
    "GET /api/v1/swaps/",
    "POST /api/v1/swaps/",
    "GET /api/v1/swaps/{swap_id}/",
    "POST /api/v1/swaps/{swap_id}/accept/",
    "POST /api/v1/swaps/{swap_id}/approve/",
    "POST /api/v1/swaps/{swap_id}/reject/",
    "POST /api/v1/swaps/{swap_id}/withdraw/",
    "GET /api/v1/teams/",
    "POST /api/v1/teams/",
    "GET /api/v1/teams/{team_id}/",
    "GET /api/v1/teams/{team_id}/ledger/",
    "GET /api/v1/teams/{team_id}/roster/",
    "GET /api/v1/teams/{team_id}/shift-templates/",
    "POST /api/v1/teams/{team_id}/shift-templates/",
    "GET /api/v1/teams/{team_id}/training-policy/",
    "PATCH /api/v1/teams/{team_id}/training-policy/",
    "GET /api/v1/teams/{team_id}/absence-policy/",
    "PATCH /api/v1/teams/{team_id}/absence-policy/",
    "GET /api/v1/teams/{team_id}/lending-policy/",
    "PATCH /api/v1/teams/{team_id}/lending-policy/",
    "GET /api/v1/teams/{team_id}/at-risk/",
    "GET /api/v1/me/fatigue/",
    "GET /api/v1/teams/{team_id}/fatigue/",
    "GET /api/v1/teams/{team_id}/fatigue-policy/",
    "PATCH /api/v1/teams/{team_id}/fatigue-policy/",
    "GET /api/v1/teams/{team_id}/solver-policy/",
    "PATCH /api/v1/teams/{team_id}/solver-policy/",
    "GET /api/v1/teams/{team_id}/swap-policy/",
    "PATCH /api/v1/teams/{team_id}/swap-policy/",
    "GET /api/v1/units/",
    "GET /api/v1/units/{unit_id}/",
    "GET /api/v1/units/{unit_id}/capacity/",
    "GET /api/v1/units/{unit_id}/capacity/csv/",
    "GET /api/v1/units/{unit_id}/capacity/trend/",
    "GET /healthz",
)

#: Path parameters that name another object than the matrix's default for this operation.
#: `request_id` is the sick report by default; the attachment belongs to another request.
API_PARAMS: dict[str, dict[str, str]] = {
    "GET /api/v1/requests/{request_id}/attachments/{attachment_id}/": {
        "request_id": "generic_request_id"
    },
    "POST /api/v1/requests/{request_id}/attachments/": {"request_id": "generic_request_id"},
}

# --- the console: every URL name of the `console` namespace ----------------------------


@dataclass(frozen=True)
class Page:
    method: str = "get"
    data: dict[str, str] = field(default_factory=dict)
    params: dict[str, str] = field(default_factory=dict)  # path parameter → id name


GRID = {"period_id": "published_period_id"}

CONSOLE: dict[str, Page | str] = {
    "login": "the sign-in form: no data before signing in",
    "logout": "signs out; the answer is a redirect",
    "login-oidc": "sends the browser to the identity provider: no data before signing in",
    "login-oidc-callback": "the provider's answer: a redirect or the login page, no data",
    "language": "sets the language cookie; the answer is a redirect",
    "home": Page(),
    "period-pick": Page(),
    "grid": Page(params=GRID),
    "cell": Page(params=GRID),
    "shift": Page(params={**GRID, "shift_id": "open_shift_id"}),
    "coverage": Page(params=GRID),
    "fairness": Page(params=GRID),
    "solve": Page("post", {"mode": "normal"}, params={"period_id": "closed_period_id"}),
    "compare": Page(params=GRID),
    "publish": Page("post", params={"period_id": "proposed_period_id"}),
    "stage-order": Page("post", {"stage_1": "shortfall", "stage_2": "totals"}, params=GRID),
    "export-csv": Page(params=GRID),
    "export-ics": Page(params=GRID),
    "joint-start": Page("post", {"periods": "1"}, params={"period_id": "closed_period_id"}),
    "joint": Page(params={"joint_id": "joint_id"}),
    "job": Page(params={"job_id": "published_job_id"}),
    "job-progress": Page(params={"job_id": "published_job_id"}),
    "job-cancel": Page("post", params={"job_id": "job_id"}),
    "job-apply": Page("post", {"consented": ""}, params={"job_id": "published_job_id"}),
    "approvals": Page(),
    "inbox-decide": Page(
        "post", {"action": "approve", "comment": ""}, params={"item_id": "swap_accepted_id"}
    ),
    "capacity-pick": Page(),
    "capacity": Page(params={"unit_id": "unit_id"}),
    "desk": Page(),
    "desk-request": Page(),
    "desk-act": Page("post", {"action": "comment", "comment": "Seen."}),
}

# --- the Django admin: every registered model ------------------------------------------
#: Model → the object whose change and history pages are opened (`ids:<name>` from the
#: situation, a picker of `leak_support.admin_object`, or None: its list and add page only).
ADMIN: dict[str, str | None] = {
    "auth.Group": None,
    "axes.AccessAttempt": None,
    "axes.AccessFailureLog": None,
    "axes.AccessLog": None,
    "common.ApiAuditRecord": "latest",
    "django_celery_beat.ClockedSchedule": None,
    "django_celery_beat.CrontabSchedule": None,
    "django_celery_beat.IntervalSchedule": None,
    "django_celery_beat.PeriodicTask": None,
    "django_celery_beat.SolarSchedule": None,
    "notifications.Notification": "sick_request_notification",
    "organisation.Absence": "ids:sick_absence_id",
    "organisation.Delegation": "ids:delegation_id",
    "organisation.Desk": None,
    "organisation.Officer": "ids:officer_id",
    "organisation.Skill": None,
    "organisation.Team": "ids:team_id",
    "organisation.Unit": "ids:unit_id",
    "requests_desk.PrivacyReadLog": "sick_request_read",
    "requests_desk.Request": "ids:request_id",
    "requests_desk.RequestEvent": "sick_request_event",
    "requests_desk.RequestType": "sick_report_type",
    "requests_desk.RequestTypeVersion": "sick_report_version",
    "roster.RosterAuditEvent": "freed_audit",  # the sick report freed his places
    "roster.RosterPeriod": "ids:published_period_id",
    "roster.ShiftTemplate": None,
    "token_blacklist.BlacklistedToken": None,
    "token_blacklist.OutstandingToken": "latest",
}
