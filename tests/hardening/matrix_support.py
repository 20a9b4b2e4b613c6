"""Support for the permission matrix: operations from the URL conf, a small object graph, one
valid request per operation, and a call that leaves no trace (each cell runs in a savepoint
that is rolled back, so cells do not depend on each other's order)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from notifications.models import Device, Notification
from organisation.employment import SecondTeamMembership
from organisation.models import (
    AbsenceKind,
    Ambition,
    Delegation,
    Officer,
    RoleAssignment,
    Training,
)
from requests_desk.services import attachments, workflow
from roster.joint_models import JointSolve
from roster.lent_claim_models import LentClaimRequest
from roster.models import Phase, SolveJob, SolveStatus, Swap, SwapStatus, TeamSwapPolicy
from roster.services import calendar, swap_chains, swaps, unavailability
from tests.factories.organisation import (
    AbsenceFactory,
    OfficerFactory,
    QualificationFactory,
    SkillFactory,
)
from tests.factories.requests_desk import RequestTypeVersionFactory
from tests.factories.roster import (
    AssignmentFactory,
    PeriodFactory,
    ShiftFactory,
    SignUpFactory,
    aware,
)

METHODS = ("get", "post", "put", "patch", "delete")
#: Paths outside /api/v1/ that are part of the API surface.
EXTRA_PATHS = ("/healthz", "/api/schema/", "/api/docs/")
PASSWORD = "correct-horse-battery"  # OfficerFactory's password
PDF = b"%PDF-1.4\n%matrix\n" + b"0" * 64
#: The officer's own words for his unavailability: only he may read them (the leak matrix).
UNAVAILABILITY_REASON = "OWNREASON-q7w3-hospital"


def _route_of(pattern: URLPattern | URLResolver) -> str:
    return str(pattern.pattern)


def _template(route: str) -> str:
    """`periods/<int:period_id>/` → `periods/{period_id}/` (as in the OpenAPI schema)."""
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route.lstrip("^").rstrip("$"))


def _walk(patterns: list[Any], prefix: str = "/") -> Iterator[tuple[str, Any]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + _template(_route_of(p)))
        else:
            yield prefix + _template(_route_of(p)), p.callback


def url_conf_operations() -> list[str]:
    """Every `METHOD /path` served under /api/v1/ (plus the health check and the schema),
    from the URL conf: a view's methods are the HTTP handlers its class defines."""
    ops: set[str] = set()
    for path, callback in _walk(get_resolver().url_patterns):
        if not (path.startswith("/api/v1/") or path in EXTRA_PATHS):
            continue
        view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
        if view_class is None:
            continue
        for method in METHODS:
            if hasattr(view_class, method):
                ops.add(f"{method.upper()} {path}")
    return sorted(ops, key=lambda op: (op.split(" ", 1)[1], op))


@dataclass
class Graph:
    """The objects the matrix acts on. Everything personal belongs to `officer` (team
    'centrum'); `other_team` has its own lead and officer."""

    users: dict[str, Officer | None]
    ids: dict[str, Any] = field(default_factory=dict)
    refresh: str = ""


def build_graph(
    *,
    roles: dict[str, Officer | None],
    team: Any,
    unit: Any,
    basis: Any,
) -> Graph:
    officer = roles["officer"]
    colleague = roles["colleague"]
    planner = roles["planner"]
    desk_staff = roles["desk_staff"]
    assert officer is not None
    assert colleague is not None
    assert planner is not None
    assert desk_staff is not None
    g = Graph(users=roles)
    i = g.ids
    i["team_id"] = team.pk
    i["unit_id"] = unit.pk
    i["officer_id"] = officer.pk
    i["colleague_id"] = colleague.pk
    SkillFactory(code="motor", name_nl="Motor", name_en="Motorcycle")

    # a period with its sign-up window open, one shift and the officer's sign-up
    period = PeriodFactory(team=team)
    shift = ShiftFactory(period=period)
    i["period_id"] = period.pk
    i["shift_id"] = shift.pk
    i["signup_id"] = SignUpFactory(officer=officer, shift=shift).pk
    i["absence_id"] = AbsenceFactory(
        officer=officer,
        kind=AbsenceKind.SICK,
        start=aware(2027, 1, 11, 0, 0),
        end=None,
        expected_end=aware(2027, 1, 16, 0, 0),
        source="request:1",  # from a sick report: only the officer may read it
    ).pk
    # the officer's own unavailability in the open period, with a reason only he may read
    i["unavailability_id"] = unavailability.unavailability_create(
        actor=officer,
        period=period,
        start=aware(2027, 1, 6, 0, 0),
        end=aware(2027, 1, 7, 0, 0),
        reason=UNAVAILABILITY_REASON,
    ).pk
    # a substitute for delegations (a colleague of the unit) and the team lead's delegation
    spare = OfficerFactory(username="invaller", teams=[team])
    i["spare_id"] = spare.pk
    lead = roles["team_lead"]
    assert lead is not None
    i["delegation_id"] = Delegation.objects.create(
        approver=lead,
        substitute=spare,
        start_date=dt.date(2027, 2, 1),
        end_date=dt.date(2027, 2, 7),
    ).pk
    # a draft roster place (the planner may remove it) and a period ready to be solved
    proposed = PeriodFactory(
        team=team,
        start_date=dt.date(2027, 4, 5),
        phase=Phase.PROPOSED,
        signup_opens_at=timezone.now() - dt.timedelta(days=10),
        signup_closes_at=timezone.now() - dt.timedelta(days=1),
    )
    i["proposed_period_id"] = proposed.pk
    draft_shift = ShiftFactory(period=proposed, start=aware(2027, 4, 6, 7, 0))
    i["proposed_shift_id"] = ShiftFactory(period=proposed, start=aware(2027, 4, 7, 7, 0)).pk
    i["draft_assignment_id"] = AssignmentFactory(
        officer=colleague, shift=draft_shift, skill=basis
    ).pk
    i["closed_period_id"] = PeriodFactory(
        team=team,
        start_date=dt.date(2027, 3, 1),
        phase=Phase.SIGNUP_CLOSED,
        signup_opens_at=timezone.now() - dt.timedelta(days=10),
        signup_closes_at=timezone.now() - dt.timedelta(days=1),
    ).pk
    i["job_id"] = SolveJob.objects.create(
        period=period, requested_by=planner, status=SolveStatus.DONE
    ).pk
    # a joint solve (issue 18) of centrum's closed period with a closed period of zuid
    zuid = roles["other_officer"].teams.get()  # type: ignore[union-attr]
    zuid_closed = PeriodFactory(
        team=zuid,
        start_date=dt.date(2027, 3, 1),
        phase=Phase.SIGNUP_CLOSED,
        signup_opens_at=timezone.now() - dt.timedelta(days=10),
        signup_closes_at=timezone.now() - dt.timedelta(days=1),
    )
    i["zuid_closed_period_id"] = zuid_closed.pk
    # zuid's officer is rostered with centrum that month too: the teams share him
    SecondTeamMembership.objects.create(
        officer=roles["other_officer"],
        team=team,
        valid_from=dt.date(2027, 3, 1),
        valid_until=dt.date(2027, 3, 31),
    )
    joint = JointSolve.objects.create(requested_by=planner, status=SolveStatus.DONE)
    for closed_id in (i["closed_period_id"], zuid_closed.pk):
        SolveJob.objects.create(
            period_id=closed_id, requested_by=planner, status=SolveStatus.DONE, joint=joint
        )
    i["joint_id"] = joint.pk
    # the officer's pending claim of a place zuid lends, for his lead to decide (issue 18)
    zuid_published = PeriodFactory(
        team=zuid,
        start_date=dt.date(2027, 2, 15),
        phase=Phase.PUBLISHED,
        published_at=timezone.now(),
    )
    lent = LentClaimRequest.objects.create(
        shift=ShiftFactory(period=zuid_published, start=aware(2027, 2, 20, 7, 0)),
        skill=basis,
        officer=officer,
    )
    lent.approver_teams.set([team])
    i["claim_id"] = lent.pk

    # a published period: the officer works S2 (one place of two still open), the colleague S3;
    # one give-away offered to the colleague, one already accepted by him
    published = PeriodFactory(
        team=team,
        start_date=dt.date(2027, 2, 1),
        phase=Phase.PUBLISHED,
        published_at=timezone.now(),
    )
    s2 = ShiftFactory(period=published, start=aware(2027, 2, 2, 7, 0))
    s3 = ShiftFactory(period=published, start=aware(2027, 2, 3, 7, 0))
    s4 = ShiftFactory(period=published, start=aware(2027, 2, 4, 7, 0))
    a1 = AssignmentFactory(officer=officer, shift=s2, skill=basis)
    AssignmentFactory(officer=colleague, shift=s3, skill=basis)
    a4 = AssignmentFactory(officer=officer, shift=s4, skill=basis)
    s5 = ShiftFactory(period=published, start=aware(2027, 2, 5, 7, 0))
    i["free_assignment_id"] = AssignmentFactory(officer=officer, shift=s5, skill=basis).pk
    TeamSwapPolicy.objects.create(team=team, auto_approve=False)  # a team lead decides
    i["open_shift_id"] = s2.pk
    i["assignment_id"] = a1.pk
    offered = swaps.swap_offer(actor=officer, kind="give_away", assignment=a1, receiver=colleague)
    i["swap_id"] = offered.pk
    accepted = swaps.swap_offer(actor=officer, kind="give_away", assignment=a4, receiver=colleague)
    swaps.swap_accept(actor=colleague, swap=accepted)
    i["swap_accepted_id"] = accepted.pk
    i["kind"] = "swap"  # the unified inbox decides the accepted swap
    assert Swap.objects.get(pk=accepted.pk).status == SwapStatus.ACCEPTED
    # a swap chain: the colleague would take the spare's shift, the spare a third member's,
    # who would take the colleague's (proposed, nobody accepted yet; the officer, sick, is
    # no party)
    QualificationFactory(officer=spare, skill=basis)
    member = OfficerFactory(username="ruiler", teams=[team])
    QualificationFactory(officer=member, skill=basis)
    ring = [
        AssignmentFactory(
            officer=who,
            shift=ShiftFactory(period=published, start=aware(2027, 2, day, 7, 0)),
            skill=basis,
        )
        for who, day in ((colleague, 8), (spare, 9), (member, 10))
    ]
    for k, (who, mine) in enumerate(zip((colleague, spare, member), ring, strict=True)):
        swap_chains.swap_offer_create(
            actor=who, assignment=mine, wanted_shifts=[ring[(k + 1) % 3].shift]
        )
    i["chain_id"] = swap_chains.swap_chain_list(actor=colleague).get().pk
    i["chain_shift_id"] = ring[0].shift_id
    # the officer's own open offer (his place on the 5th for the colleague's shift)
    i["offer_id"] = swap_chains.swap_offer_create(
        actor=officer, assignment=a4, wanted_shifts=[ring[0].shift]
    ).pk
    # the solve that made the published roster, with its report
    i["published_period_id"] = published.pk
    SolveJob.objects.create(
        period=published,
        requested_by=planner,
        status=SolveStatus.DONE,
        applied_at=timezone.now(),
        report={},
    )

    # a request filed by the officer (team lead approves; the desk fulfils; takes files)
    desk = RoleAssignment.objects.get(officer=desk_staff).desk
    version = RequestTypeVersionFactory(desk=desk, ui_hints={"widgets": {"doc": "file"}})
    rt = version.request_type
    i["code"] = rt.code
    request = workflow.request_create(
        actor=officer, request_type=rt, form_data={"what": "pen"}, submit=True
    )
    i["request_id"] = request.pk
    upload = SimpleUploadedFile("proof.pdf", PDF, content_type="application/pdf")
    i["attachment_id"] = attachments.attachment_create(
        actor=officer, request=request, upload=upload
    ).pk
    i["notification_id"] = Notification.objects.create(
        recipient=officer, kind="test", title="Matrix"
    ).pk
    i["token"] = calendar.calendar_feed_rotate(actor=officer)
    i["device_id"] = Device.objects.create(
        officer=officer, platform="apns", token="ab" * 32, last_registered_at=timezone.now()
    ).pk
    # his competence profile (issue 18): an ambition and a running training (no mentor)
    i["ambition_id"] = Ambition.objects.create(officer=officer, text="Motorrijder worden").pk
    i["training_id"] = Training.objects.create(
        officer=officer, skill=SkillFactory(code="ovd"), started_on=dt.date(2027, 1, 1)
    ).pk
    g.refresh = str(RefreshToken.for_user(officer))
    return g


#: Query strings for reads that need them.
QUERY: dict[str, str] = {
    "GET /api/v1/me/roster/": "?start=2027-02-01&end=2027-02-28",
    "GET /api/v1/me/roster/changes/": "?start=2027-02-01&end=2027-02-28",
    "GET /api/v1/teams/{team_id}/roster/": "?start=2027-02-01&end=2027-02-28",
    "GET /api/v1/units/{unit_id}/capacity/": "?from=2027-02-01&to=2027-02-28",
    "GET /api/v1/units/{unit_id}/capacity/csv/": "?from=2027-02-01&to=2027-02-28",
    "GET /api/v1/me/fatigue/": "?from=2027-02-01&to=2027-02-28",
    "GET /api/v1/teams/{team_id}/fatigue/": "?from=2027-02-01&to=2027-02-28",
}

#: Path parameters that name a different object than the default for that name.
PARAM_OVERRIDES: dict[str, dict[str, str]] = {
    "POST /api/v1/swaps/{swap_id}/approve/": {"swap_id": "swap_accepted_id"},
    "POST /api/v1/swaps/{swap_id}/reject/": {"swap_id": "swap_accepted_id"},
    "GET /api/v1/periods/{period_id}/report/": {"period_id": "published_period_id"},
    "DELETE /api/v1/assignments/{assignment_id}/": {"assignment_id": "draft_assignment_id"},
    "POST /api/v1/periods/{period_id}/solve/": {"period_id": "closed_period_id"},
    "POST /api/v1/periods/{period_id}/assignments/": {"period_id": "proposed_period_id"},
    "POST /api/v1/periods/{period_id}/repair/": {"period_id": "published_period_id"},
    "POST /api/v1/inbox/{kind}/{item_id}/approve/": {"item_id": "swap_accepted_id"},
    "POST /api/v1/inbox/{kind}/{item_id}/reject/": {"item_id": "swap_accepted_id"},
    "DELETE /api/v1/periods/{period_id}/unavailability/{absence_id}/": {
        "absence_id": "unavailability_id"
    },
}

T = "2027-03-01T08:00:00+01:00"


def _bodies(g: Graph) -> dict[str, Callable[[], tuple[Any, str]]]:
    """A valid body per write operation, so that a refusal is about who asks, not what."""
    i = g.ids

    def js(body: Any) -> Callable[[], tuple[Any, str]]:
        return lambda: (body, "json")

    def upload() -> tuple[Any, str]:
        f = SimpleUploadedFile("more.pdf", PDF, content_type="application/pdf")
        return {"file": f}, "multipart"

    return {
        "POST /api/v1/absences/": js(
            # before the officer's open-ended sick absence (from 2027-01-11): no overlap
            {
                "officer": i["officer_id"],
                "kind": "leave",
                "start": "2027-01-04T08:00:00+01:00",
                "end": "2027-01-05T20:00Z",  # and before his unavailability (6 January)
            }
        ),
        "POST /api/v1/absences/{absence_id}/end/": js({"end": "2027-01-12T00:00:00+01:00"}),
        "POST /api/v1/auth/logout/": js({"refresh": g.refresh}),
        "POST /api/v1/auth/refresh/": js({"refresh": g.refresh}),
        "POST /api/v1/auth/oidc/token/": js(
            {"code": "matrix-code", "code_verifier": "v" * 43, "redirect_uri": "app:/cb"}
        ),
        "POST /api/v1/auth/token/": js({"username": "agent", "password": PASSWORD}),
        "POST /api/v1/me/password/": js(
            {"current_password": PASSWORD, "new_password": "matrix-new-passphrase-42"}
        ),
        "POST /api/v1/delegations/": js(
            {"substitute": i["spare_id"], "start_date": "2027-01-04", "end_date": "2027-01-10"}
        ),
        "POST /api/v1/me/ambitions/": js({"text": "Meer ovd-diensten", "skill": "ovd"}),
        "PATCH /api/v1/me/ambitions/{ambition_id}/": js({"text": "Meer nachtdiensten"}),
        "POST /api/v1/officers/{officer_id}/trainings/": js(
            {"skill": "motor", "started_on": "2027-01-01"}
        ),
        "POST /api/v1/trainings/{training_id}/end/": js({"ended_on": "2027-02-01"}),
        "POST /api/v1/me/devices/": js(
            {"platform": "fcm", "token": "matrix-fcm-token:APA91b0123456789abcdefghij"}
        ),
        "PUT /api/v1/notifications/preferences/": js(
            {"email": True, "push": False, "quiet_start_hour": 22, "quiet_end_hour": 7}
        ),
        "POST /api/v1/officers/{officer_id}/qualifications/": js(
            {"skill": "motor", "valid_from": "2027-01-01"}
        ),
        "POST /api/v1/open-shifts/claim/": js({"shift": i["open_shift_id"], "skill": "basis"}),
        "POST /api/v1/periods/": js(
            {
                "team": i["team_id"],
                "start_date": "2027-05-03",
                "signup_opens_at": "2027-03-01T08:00:00+01:00",
                "signup_closes_at": "2027-03-15T08:00:00+01:00",
                "publish_on": "2027-04-19",
            }
        ),
        "POST /api/v1/periods/{period_id}/assignments/": js(
            {"shift": i["proposed_shift_id"], "officer": i["colleague_id"], "skill": "basis"}
        ),
        "POST /api/v1/periods/{period_id}/phase/": js({"phase": "signup_closed"}),
        "POST /api/v1/periods/{period_id}/shifts/": js(
            {
                "kind": "late",
                "start": "2027-01-06T15:00:00+01:00",
                "end": "2027-01-06T23:00:00+01:00",
                "demand": {"basis": 1},
            }
        ),
        "POST /api/v1/periods/{period_id}/signup-pattern/": js(
            {"pattern": [{"weekday": 1, "kind": "early", "wish": "want"}]}
        ),
        "POST /api/v1/periods/{period_id}/solve/": js({"mode": "normal"}),
        "POST /api/v1/periods/{period_id}/unavailability/": js(
            {"start": "2027-01-05", "end": "2027-01-05"}
        ),
        "POST /api/v1/request-types/": js(
            {
                "code": "matrix-new",
                "category": "other",
                "name_nl": "Nieuw",
                "name_en": "New",
                "form_schema": {"type": "object"},
            }
        ),
        "PATCH /api/v1/me/": js({"language": "en"}),
        "PATCH /api/v1/request-types/{code}/": js({"name_en": "Renamed"}),
        "POST /api/v1/requests/": js({"type": i["code"], "form_data": {"what": "ink"}}),
        "PATCH /api/v1/requests/{request_id}/": js({"form_data": {"what": "paper"}}),
        "POST /api/v1/requests/{request_id}/attachments/": upload,
        "POST /api/v1/requests/{request_id}/comments/": js({"body": "Any news?"}),
        "POST /api/v1/requests/{request_id}/transitions/": js({"action": "approve"}),
        "PATCH /api/v1/shifts/{shift_id}/": js({"demand": {"basis": 3}}),
        "POST /api/v1/signups/": js({"signups": [{"shift": i["shift_id"], "wish": "can"}]}),
        "POST /api/v1/solve-jobs/{job_id}/apply/": js({"consented": []}),
        "POST /api/v1/joint-solves/": js(
            {"periods": [i["closed_period_id"], i["zuid_closed_period_id"]]}
        ),
        "POST /api/v1/swaps/": js({"kind": "market", "assignment": i["free_assignment_id"]}),
        "POST /api/v1/swap-offers/": js(
            {"assignment": i["free_assignment_id"], "wanted_shifts": [i["chain_shift_id"]]}
        ),
        "POST /api/v1/swaps/{swap_id}/reject/": js({"reason": "Not now."}),
        "POST /api/v1/inbox/{kind}/{item_id}/approve/": js({"comment": "Fine."}),
        "POST /api/v1/inbox/{kind}/{item_id}/reject/": js({"comment": "Not now."}),
        "PATCH /api/v1/teams/{team_id}/absence-policy/": js({"sick_margin_days": 2}),
        "PATCH /api/v1/teams/{team_id}/lending-policy/": js({"lends_open_places": True}),
        "PATCH /api/v1/teams/{team_id}/training-policy/": js({"shifts_per_period": 2}),
        "PATCH /api/v1/teams/{team_id}/fatigue-policy/": js({"cap_enabled": True}),
        "PATCH /api/v1/teams/{team_id}/solver-policy/": js(
            {"stages": ["shortfall", "wishes", "fairness", "totals"]}
        ),
        "PATCH /api/v1/teams/{team_id}/swap-policy/": js({"auto_approve": False}),
        "POST /api/v1/teams/": js({"unit": i["unit_id"], "code": "matrix", "name": "Matrix"}),
        "POST /api/v1/teams/{team_id}/shift-templates/": js(
            {
                "name": "Vroeg",
                "kind": "early",
                "start_time": "07:00",
                "end_time": "15:00",
                "weekdays": [0],
                "demand": {"basis": 1},
            }
        ),
    }


def concrete_path(op: str, g: Graph) -> str:
    path = op.split(" ", 1)[1]
    overrides = PARAM_OVERRIDES.get(op, {})

    def value(m: re.Match[str]) -> str:
        name = m.group(1)
        return str(g.ids[overrides.get(name, name)])

    return re.sub(r"\{(\w+)\}", value, path) + QUERY.get(op, "")


@dataclass
class Caller:
    graph: Graph
    clients: dict[str, APIClient] = field(default_factory=dict)
    bodies: dict[str, Callable[[], tuple[Any, str]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.bodies = _bodies(self.graph)
        for role, user in self.graph.users.items():
            client = APIClient()
            if user is not None:
                token = RefreshToken.for_user(user).access_token
                client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
            self.clients[role] = client

    def call(
        self,
        op: str,
        role: str,
        *,
        keep: bool = False,
        before: Callable[[], Any] | None = None,
        after: Callable[[Any, Any], None] | None = None,
    ) -> Any:
        """Call `op` as `role`; everything it wrote is rolled back unless `keep`. `before()`
        and `after(response, before_value)` run inside the same transaction (to compare what
        the call wrote)."""
        from django.core.cache import cache

        cache.clear()  # throttle counters: the matrix is not a throttling test
        method = op.split(" ", 1)[0].lower()
        path = concrete_path(op, self.graph)
        body, fmt = self.bodies[op]() if op in self.bodies else (None, "json")
        client = self.clients[role]
        with transaction.atomic():
            seen = before() if before else None
            if method == "get":
                response = client.get(path)
            else:
                response = getattr(client, method)(path, body, format=fmt)
            if after:
                after(response, seen)
            if not keep:
                transaction.set_rollback(True)
        return response
