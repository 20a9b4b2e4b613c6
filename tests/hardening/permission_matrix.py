"""The declared permission matrix: for every API operation, the status each role gets.

Cells, in the order of ROLES:
- `2xx`: allowed and done;
- `ok`: allowed: the answer is about the request, not the caller (2xx, 400, 409, 422; never
  401/403/404/405 or 5xx) — used where the object's state makes the action a conflict;
- a status code (`401`, `403`, `404`, `400`…): exactly that. 404 means the caller may not even
  see the object (selectors hide it); 403 that he sees it but may not act; 400 on a write that
  names an object in its body that the caller may not use (the field is "not found").

The objects (see `matrix_support.build_graph`): everything personal belongs to `officer` of team
centrum; `colleague` is in the same team; `other_officer` and `other_team_lead` are in team
zuid of the same unit; the planner plans centrum; desk staff works the desk that fulfils the
officer's request; the unit manager manages the unit.
"""

from __future__ import annotations

ROLES = (
    "anonymous",
    "officer",
    "colleague",
    "other_officer",
    "team_lead",
    "other_team_lead",
    "planner",
    "desk_staff",
    "unit_manager",
    "admin",
)


def matches(expected: str, status: int) -> bool:
    if expected == "2xx":
        return 200 <= status < 300
    if expected == "ok":
        return status < 500 and status not in (401, 403, 404, 405)
    return str(status) == expected


# fmt: off
MATRIX: dict[str, str] = {
    #                                                                  ano own col oth tl  otl pln dsk um  adm
    # The schema and its docs are public (they hold no data); the health check is for the LB.
    "GET /api/docs/":                                                  "2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "GET /api/schema/":                                                "2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "GET /api/v1/absences/":                                           "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    # Managers of the officer record absences; officers report sickness through a request.
    "POST /api/v1/absences/":                                          "401 403 403 404 2xx 404 2xx 404 2xx 2xx",
    "POST /api/v1/absences/{absence_id}/cancel/":                      "401 2xx 404 404 2xx 404 2xx 404 2xx 2xx",
    "POST /api/v1/absences/{absence_id}/end/":                         "401 2xx 404 404 2xx 404 2xx 404 2xx 2xx",
    # A proposed roster's place: the planner edits; team lead and unit manager see it only.
    "DELETE /api/v1/assignments/{assignment_id}/":                     "401 404 404 404 403 404 2xx 404 403 2xx",
    # Token endpoints: the credential is in the body, not the header.
    # Every signed-in caller may end all his own sessions and change his own password.
    "POST /api/v1/auth/logout-all/":                                   "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "POST /api/v1/auth/logout/":                                       "2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    # Single sign-on: what the app needs is public; the code exchange is 404 while it is off
    # (the matrix's default; tests/organisation/test_oidc_login.py signs in at a provider).
    "GET /api/v1/auth/oidc/config/":                                   "2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "POST /api/v1/auth/oidc/token/":                                   "404 404 404 404 404 404 404 404 404 404",
    "POST /api/v1/auth/refresh/":                                      "2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "POST /api/v1/auth/token/":                                        "2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    # The secret feed URL is the credential: any caller holding it gets the feed.
    "GET /api/v1/calendar/{token}.ics":                                "2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "GET /api/v1/delegations/":                                        "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    # Only those whom routing asks to approve (team lead, unit manager) may delegate.
    "POST /api/v1/delegations/":                                       "401 403 403 403 2xx 2xx 403 403 2xx 403",
    "POST /api/v1/delegations/{delegation_id}/end/":                   "401 404 404 404 2xx 404 404 404 404 404",
    "GET /api/v1/inbox/":                                              "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "GET /api/v1/inbox/changes/":                                      "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "GET /api/v1/inbox/approvals/":                                    "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "GET /api/v1/inbox/counts/":                                       "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "GET /api/v1/inbox/desk/":                                         "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "POST /api/v1/inbox/{kind}/{item_id}/approve/":                    "401 403 403 404 2xx 404 403 404 404 2xx",
    "POST /api/v1/inbox/{kind}/{item_id}/reject/":                     "401 403 ok  404 2xx 404 403 404 404 2xx",
    "POST /api/v1/me/password/":                                       "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "GET /api/v1/me/":                                                 "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "PATCH /api/v1/me/":                                               "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "DELETE /api/v1/me/calendar-feed/":                                "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "POST /api/v1/me/calendar-feed/":                                  "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "GET /api/v1/me/balances/":                                        "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "GET /api/v1/me/export/":                                          "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    # His own phones: anyone signed in registers and lists his own; another's phone is not found.
    # The competence profile (issue 18): an officer writes his own ambitions; his team's lead
    # and planner, the unit manager and administrators read his profile and train him; a
    # colleague sees him but not his ambitions or training (403).
    "GET /api/v1/me/competences/":                                     "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "POST /api/v1/me/ambitions/":                                      "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "PATCH /api/v1/me/ambitions/{ambition_id}/":                       "401 2xx 404 404 404 404 404 404 404 404",
    "DELETE /api/v1/me/ambitions/{ambition_id}/":                      "401 2xx 404 404 404 404 404 404 404 404",
    "GET /api/v1/officers/{officer_id}/competences/":                  "401 2xx 403 404 2xx 404 2xx 404 2xx 2xx",
    "POST /api/v1/officers/{officer_id}/trainings/":                   "401 403 403 404 2xx 404 2xx 404 2xx 2xx",
    "POST /api/v1/trainings/{training_id}/end/":                       "401 403 404 404 2xx 404 2xx 404 2xx 2xx",
    "GET /api/v1/me/devices/":                                         "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "POST /api/v1/me/devices/":                                        "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "DELETE /api/v1/me/devices/{device_id}/":                          "401 2xx 404 404 404 404 404 404 404 404",
    "GET /api/v1/me/ledger/":                                          "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "GET /api/v1/me/roster/":                                          "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "GET /api/v1/me/roster/changes/":                                  "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "GET /api/v1/notifications/":                                      "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "GET /api/v1/notifications/changes/":                              "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "PUT /api/v1/notifications/preferences/":                          "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "POST /api/v1/notifications/read-all/":                            "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "GET /api/v1/notifications/unread-count/":                         "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "POST /api/v1/notifications/{notification_id}/read/":              "401 2xx 404 404 404 404 404 404 404 404",
    "GET /api/v1/officers/":                                           "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "GET /api/v1/officers/{officer_id}/":                              "401 2xx 2xx 404 2xx 404 2xx 404 2xx 2xx",
    # Hours and leave: the officer and whoever sees his personal details (lead, planner, UM).
    "GET /api/v1/officers/{officer_id}/balances/":                     "401 2xx 404 404 2xx 404 2xx 404 2xx 2xx",
    "POST /api/v1/officers/{officer_id}/qualifications/":              "401 403 403 404 403 404 403 404 2xx 2xx",
    "GET /api/v1/open-shifts/":                                        "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    # Team members claim; the officer already works it (409); the team lead lacks the skill (422).
    "POST /api/v1/open-shifts/claim/":                                 "401 ok  2xx 404 ok  404 403 404 403 403",
    "GET /api/v1/open-shifts/claims/":                                 "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    # Lent claims waiting for a home lead: each reader gets his own scoped list (maybe empty).
    "GET /api/v1/lent-claims/":                                        "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    # Only its officer withdraws it; its readers (his lead, the lending lead, the unit
    # manager, administrators) see it but may not (403); the others do not see it.
    "POST /api/v1/lent-claims/{claim_id}/withdraw/":                   "401 2xx 404 404 403 403 404 404 403 403",
    "GET /api/v1/periods/":                                            "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "POST /api/v1/periods/":                                           "401 403 403 404 403 404 2xx 404 403 2xx",
    "GET /api/v1/periods/{period_id}/":                                "401 2xx 2xx 404 2xx 404 2xx 404 2xx 2xx",
    "GET /api/v1/periods/{period_id}/assignments/":                    "401 2xx 2xx 404 2xx 404 2xx 404 2xx 2xx",
    "POST /api/v1/periods/{period_id}/assignments/":                   "401 403 403 404 403 404 2xx 404 403 2xx",
    "GET /api/v1/periods/{period_id}/compliance/":                     "401 403 403 404 403 404 2xx 404 403 2xx",
    "POST /api/v1/periods/{period_id}/generate-shifts/":               "401 403 403 404 403 404 2xx 404 403 2xx",
    "POST /api/v1/periods/{period_id}/phase/":                         "401 403 403 404 403 404 2xx 404 403 2xx",
    "POST /api/v1/periods/{period_id}/publish/":                       "401 403 403 404 403 404 ok  404 403 ok",
    "POST /api/v1/periods/{period_id}/repair/":                        "401 403 403 404 403 404 2xx 404 403 2xx",
    "GET /api/v1/periods/{period_id}/report/":                         "401 2xx 2xx 404 2xx 404 2xx 404 404 2xx",
    "GET /api/v1/periods/{period_id}/shifts/":                         "401 2xx 2xx 404 2xx 404 2xx 404 2xx 2xx",
    "POST /api/v1/periods/{period_id}/shifts/":                        "401 403 403 404 403 404 2xx 404 403 2xx",
    # Non-members who hold no skill for these shifts get 200 with every shift skipped and
    # nothing saved; a qualified non-member is refused by `signups_set` (403).
    "POST /api/v1/periods/{period_id}/signup-pattern/":                "401 2xx 2xx 404 ok  404 403 404 403 403",
    "POST /api/v1/periods/{period_id}/solve/":                         "401 403 403 404 403 404 2xx 404 403 2xx",
    # Managers see every member's unavailability (never the reason); members their own.
    "GET /api/v1/periods/{period_id}/unavailability/":                 "401 2xx 2xx 404 2xx 404 2xx 404 2xx 2xx",
    # Only members mark themselves unavailable; a manager outside the team is no member (403).
    "POST /api/v1/periods/{period_id}/unavailability/":                "401 2xx 2xx 404 2xx 404 403 404 403 403",
    # Only its officer withdraws it; managers see it but may not (403); colleagues do not see it.
    "DELETE /api/v1/periods/{period_id}/unavailability/{absence_id}/": "401 2xx 404 404 403 404 403 404 403 403",
    "GET /api/v1/request-types/":                                      "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "POST /api/v1/request-types/":                                     "401 403 403 403 403 403 403 403 403 2xx",
    "GET /api/v1/request-types/{code}/":                               "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "PATCH /api/v1/request-types/{code}/":                             "401 403 403 403 403 403 403 403 403 2xx",
    "GET /api/v1/requests/":                                           "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "GET /api/v1/requests/changes/":                                   "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "POST /api/v1/requests/":                                          "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "GET /api/v1/requests/{request_id}/":                              "401 2xx 404 404 2xx 404 404 2xx 404 2xx",
    "PATCH /api/v1/requests/{request_id}/":                            "401 ok  404 404 403 404 404 403 404 403",
    "POST /api/v1/requests/{request_id}/attachments/":                 "401 2xx 404 404 403 404 404 2xx 404 403",
    "GET /api/v1/requests/{request_id}/attachments/{attachment_id}/":  "401 2xx 404 404 2xx 404 404 2xx 404 2xx",
    "POST /api/v1/requests/{request_id}/comments/":                    "401 2xx 404 404 2xx 404 404 2xx 404 403",
    "POST /api/v1/requests/{request_id}/transitions/":                 "401 403 404 404 2xx 404 404 403 404 403",
    "GET /api/v1/shifts/":                                             "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "GET /api/v1/shifts/{shift_id}/":                                  "401 2xx 2xx 404 2xx 404 2xx 404 2xx 2xx",
    "PATCH /api/v1/shifts/{shift_id}/":                                "401 403 403 404 403 404 2xx 404 403 2xx",
    "POST /api/v1/shifts/{shift_id}/award/":                           "401 403 403 404 ok  404 ok  404 403 ok",
    "POST /api/v1/shifts/{shift_id}/cancel/":                          "401 403 403 404 403 404 2xx 404 403 2xx",
    "GET /api/v1/signups/":                                            "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    # Only team members sign up; the team lead lacks the skill (422).
    "POST /api/v1/signups/":                                           "401 2xx 2xx 403 ok  403 403 403 403 403",
    "DELETE /api/v1/signups/{signup_id}/":                             "401 2xx 404 404 404 404 404 404 404 404",
    "GET /api/v1/skills/":                                             "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    # A joint solve (issue 18): a planner of every team requests it; only who plans or leads
    # every team of a run reads it (the matrix's planner and lead have centrum only).
    "POST /api/v1/joint-solves/":                                      "401 404 404 404 404 404 404 404 403 2xx",
    "GET /api/v1/joint-solves/{joint_id}/":                            "401 404 404 404 404 404 404 404 404 2xx",
    "GET /api/v1/solve-jobs/{job_id}/":                                "401 404 404 404 2xx 404 2xx 404 404 2xx",
    "POST /api/v1/solve-jobs/{job_id}/apply/":                         "401 404 404 404 403 404 ok  404 404 ok",
    "POST /api/v1/solve-jobs/{job_id}/cancel/":                        "401 404 404 404 403 404 ok  404 404 ok",
    # Swap chains: an offer is its officer's only; a chain its parties' (the colleague and
    # two more of centrum, not the officer) and the team lead's, who decides it in the inbox.
    "GET /api/v1/swap-offers/":                                        "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "POST /api/v1/swap-offers/":                                       "401 2xx 400 400 400 400 400 400 400 400",
    "GET /api/v1/swap-offers/{offer_id}/":                             "401 2xx 404 404 404 404 404 404 404 404",
    "POST /api/v1/swap-offers/{offer_id}/withdraw/":                   "401 2xx 404 404 404 404 404 404 404 404",
    "GET /api/v1/swap-chains/":                                        "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "GET /api/v1/swap-chains/{chain_id}/":                             "401 404 2xx 404 2xx 404 404 404 404 2xx",
    "POST /api/v1/swap-chains/{chain_id}/accept/":                     "401 404 2xx 404 403 404 404 404 404 403",
    "POST /api/v1/swap-chains/{chain_id}/decline/":                    "401 404 2xx 404 403 404 404 404 404 403",
    "GET /api/v1/swaps/":                                              "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    # Only one's own place can be offered: another caller naming it gets 400 "not found".
    "POST /api/v1/swaps/":                                             "401 2xx 400 400 400 400 400 400 400 400",
    "GET /api/v1/swaps/{swap_id}/":                                    "401 2xx 2xx 404 2xx 404 2xx 404 404 2xx",
    "POST /api/v1/swaps/{swap_id}/accept/":                            "401 403 2xx 404 404 404 404 404 404 404",
    "POST /api/v1/swaps/{swap_id}/approve/":                           "401 403 403 404 2xx 404 403 404 404 2xx",
    "POST /api/v1/swaps/{swap_id}/reject/":                            "401 403 ok  404 2xx 404 403 404 404 2xx",
    "POST /api/v1/swaps/{swap_id}/withdraw/":                          "401 2xx 403 404 403 404 403 404 404 403",
    "GET /api/v1/teams/":                                              "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "POST /api/v1/teams/":                                             "401 403 403 403 403 403 403 403 2xx 2xx",
    "GET /api/v1/teams/{team_id}/":                                    "401 2xx 2xx 404 2xx 404 2xx 404 2xx 2xx",
    "GET /api/v1/teams/{team_id}/ledger/":                             "401 2xx 2xx 404 2xx 404 2xx 404 2xx 2xx",
    "GET /api/v1/teams/{team_id}/roster/":                             "401 2xx 2xx 404 2xx 404 2xx 404 2xx 2xx",
    "GET /api/v1/teams/{team_id}/shift-templates/":                    "401 2xx 2xx 404 2xx 404 2xx 404 2xx 2xx",
    "POST /api/v1/teams/{team_id}/shift-templates/":                   "401 403 403 404 403 404 2xx 404 403 2xx",
    "GET /api/v1/teams/{team_id}/training-policy/":                    "401 2xx 2xx 404 2xx 404 2xx 404 2xx 2xx",
    "PATCH /api/v1/teams/{team_id}/training-policy/":                  "401 403 403 404 2xx 404 2xx 404 2xx 2xx",
    "GET /api/v1/teams/{team_id}/absence-policy/":                     "401 2xx 2xx 404 2xx 404 2xx 404 2xx 2xx",
    "PATCH /api/v1/teams/{team_id}/absence-policy/":                   "401 403 403 404 2xx 404 2xx 404 2xx 2xx",
    "GET /api/v1/teams/{team_id}/lending-policy/":                     "401 2xx 2xx 404 2xx 404 2xx 404 2xx 2xx",
    "PATCH /api/v1/teams/{team_id}/lending-policy/":                   "401 403 403 404 2xx 404 2xx 404 2xx 2xx",
    # Places at risk (absent officer): line management of the team only, "absent" only.
    "GET /api/v1/teams/{team_id}/at-risk/":                            "401 403 403 404 2xx 404 2xx 404 2xx 2xx",
    # Fatigue scores: the officer his own; the team's managers every member's, not colleagues.
    "GET /api/v1/me/fatigue/":                                     "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    "GET /api/v1/teams/{team_id}/fatigue/":                        "401 403 403 404 2xx 404 2xx 404 2xx 2xx",
    "GET /api/v1/teams/{team_id}/fatigue-policy/":                 "401 2xx 2xx 404 2xx 404 2xx 404 2xx 2xx",
    "PATCH /api/v1/teams/{team_id}/fatigue-policy/":               "401 403 403 404 2xx 404 2xx 404 2xx 2xx",
    # The stage order of a team's solves: its officers read it, its managers change it.
    "GET /api/v1/teams/{team_id}/solver-policy/":                  "401 2xx 2xx 404 2xx 404 2xx 404 2xx 2xx",
    "PATCH /api/v1/teams/{team_id}/solver-policy/":                "401 403 403 404 2xx 404 2xx 404 2xx 2xx",
    "GET /api/v1/teams/{team_id}/swap-policy/":                        "401 2xx 2xx 404 2xx 404 2xx 404 2xx 2xx",
    "PATCH /api/v1/teams/{team_id}/swap-policy/":                      "401 403 403 404 2xx 404 2xx 404 2xx 2xx",
    "GET /api/v1/units/":                                              "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
    # Desk staff belong to a desk, not a team: they see requests, not the organisation.
    "GET /api/v1/units/{unit_id}/":                                    "401 2xx 2xx 2xx 2xx 2xx 2xx 404 2xx 2xx",
    # Unit capacity: for the managers of its teams (each reads the teams he manages); a member
    # sees the unit but manages none of its teams.
    "GET /api/v1/units/{unit_id}/capacity/":                           "401 403 403 403 2xx 2xx 2xx 404 2xx 2xx",
    "GET /api/v1/units/{unit_id}/capacity/csv/":                       "401 403 403 403 2xx 2xx 2xx 404 2xx 2xx",
    "GET /api/v1/units/{unit_id}/capacity/trend/":                     "401 403 403 403 2xx 2xx 2xx 404 2xx 2xx",
    "GET /healthz":                                                    "2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
}
# fmt: on
