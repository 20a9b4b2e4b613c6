from django.urls import URLPattern, URLResolver, path

from roster.api.views import (
    absences,
    assignments,
    balances,
    calendar,
    capacity,
    fatigue,
    joint,
    lending,
    open_shifts,
    periods,
    policies,
    rosters,
    shifts,
    signup_patterns,
    signups,
    solver_policy,
    solving,
    swap_chains,
    swaps,
    training,
    unavailability,
)

urlpatterns: list[URLPattern | URLResolver] = [
    path("periods/", periods.PeriodListApi.as_view(), name="period-list"),
    path("periods/<id:period_id>/", periods.PeriodDetailApi.as_view(), name="period-detail"),
    path("periods/<id:period_id>/phase/", periods.PeriodMoveApi.as_view(), name="period-move"),
    path(
        "periods/<id:period_id>/publish/",
        periods.PeriodPublishApi.as_view(),
        name="period-publish",
    ),
    path(
        "periods/<id:period_id>/generate-shifts/",
        periods.PeriodGenerateShiftsApi.as_view(),
        name="period-generate-shifts",
    ),
    path(
        "periods/<id:period_id>/compliance/",
        periods.PeriodComplianceApi.as_view(),
        name="period-compliance",
    ),
    path(
        "periods/<id:period_id>/shifts/", shifts.PeriodShiftListApi.as_view(), name="period-shifts"
    ),
    path(
        "periods/<id:period_id>/assignments/",
        assignments.PeriodAssignmentListApi.as_view(),
        name="period-assignments",
    ),
    path("periods/<id:period_id>/solve/", solving.PeriodSolveApi.as_view(), name="period-solve"),
    path("periods/<id:period_id>/report/", solving.PeriodReportApi.as_view(), name="period-report"),
    path("solve-jobs/<id:job_id>/", solving.SolveJobDetailApi.as_view(), name="solve-job-detail"),
    path(
        "solve-jobs/<id:job_id>/cancel/",
        solving.SolveJobCancelApi.as_view(),
        name="solve-job-cancel",
    ),
    path(
        "solve-jobs/<id:job_id>/apply/", solving.SolveJobApplyApi.as_view(), name="solve-job-apply"
    ),
    path("shifts/", shifts.ShiftListApi.as_view(), name="shift-list"),
    path("shifts/<id:shift_id>/", shifts.ShiftDetailApi.as_view(), name="shift-detail"),
    path("shifts/<id:shift_id>/cancel/", shifts.ShiftCancelApi.as_view(), name="shift-cancel"),
    path(
        "teams/<id:team_id>/shift-templates/",
        shifts.TemplateListApi.as_view(),
        name="shift-template-list",
    ),
    path("teams/<id:team_id>/roster/", rosters.TeamRosterApi.as_view(), name="team-roster"),
    path("teams/<id:team_id>/ledger/", rosters.TeamLedgerApi.as_view(), name="team-ledger"),
    path(
        "periods/<id:period_id>/unavailability/",
        unavailability.PeriodUnavailabilityListApi.as_view(),
        name="period-unavailability",
    ),
    path(
        "periods/<id:period_id>/unavailability/<id:absence_id>/",
        unavailability.PeriodUnavailabilityWithdrawApi.as_view(),
        name="period-unavailability-withdraw",
    ),
    path("signups/", signups.SignUpListApi.as_view(), name="signup-list"),
    path(
        "periods/<id:period_id>/signup-pattern/",
        signup_patterns.PeriodSignupPatternApi.as_view(),
        name="period-signup-pattern",
    ),
    path("signups/<id:signup_id>/", signups.SignUpWithdrawApi.as_view(), name="signup-withdraw"),
    path("absences/", absences.AbsenceListApi.as_view(), name="absence-list"),
    path("absences/<id:absence_id>/end/", absences.AbsenceEndApi.as_view(), name="absence-end"),
    path(
        "absences/<id:absence_id>/cancel/",
        absences.AbsenceCancelApi.as_view(),
        name="absence-cancel",
    ),
    path("teams/<id:team_id>/at-risk/", absences.TeamAtRiskListApi.as_view(), name="team-at-risk"),
    path(
        "assignments/<id:assignment_id>/",
        assignments.AssignmentDeleteApi.as_view(),
        name="assignment-delete",
    ),
    path("me/roster/", rosters.MyRosterApi.as_view(), name="my-roster"),
    path("me/roster/changes/", rosters.MyRosterChangesApi.as_view(), name="my-roster-changes"),
    path("me/ledger/", rosters.MyLedgerApi.as_view(), name="my-ledger"),
    path("me/balances/", balances.MyBalancesApi.as_view(), name="my-balances"),
    path(
        "officers/<id:officer_id>/balances/",
        balances.OfficerBalancesApi.as_view(),
        name="officer-balances",
    ),
    path("me/calendar-feed/", calendar.CalendarFeedApi.as_view(), name="calendar-feed"),
    path("calendar/<str:token>.ics", calendar.CalendarIcsApi.as_view(), name="calendar-ics"),
]

urlpatterns += [
    path("open-shifts/", open_shifts.OpenShiftListApi.as_view(), name="open-shift-list"),
    path("open-shifts/claim/", open_shifts.OpenShiftClaimApi.as_view(), name="open-shift-claim"),
    path("lent-claims/", open_shifts.LentClaimListApi.as_view(), name="lent-claim-list"),
    path(
        "lent-claims/<id:claim_id>/withdraw/",
        open_shifts.LentClaimWithdrawApi.as_view(),
        name="lent-claim-withdraw",
    ),
    path(
        "open-shifts/claims/", open_shifts.OpenShiftClaimListApi.as_view(), name="open-shift-claims"
    ),
    path("shifts/<id:shift_id>/award/", open_shifts.ShiftAwardApi.as_view(), name="shift-award"),
    path(
        "teams/<id:team_id>/swap-policy/",
        policies.TeamSwapPolicyApi.as_view(),
        name="team-swap-policy",
    ),
    path(
        "teams/<id:team_id>/lending-policy/",
        lending.TeamLendingPolicyApi.as_view(),
        name="team-lending-policy",
    ),
    path(
        "teams/<id:team_id>/absence-policy/",
        policies.TeamAbsencePolicyApi.as_view(),
        name="team-absence-policy",
    ),
    path(
        "teams/<id:team_id>/training-policy/",
        training.TeamTrainingPolicyApi.as_view(),
        name="team-training-policy",
    ),
    path("periods/<id:period_id>/repair/", solving.PeriodRepairApi.as_view(), name="period-repair"),
    path("units/<id:unit_id>/capacity/", capacity.UnitCapacityApi.as_view(), name="unit-capacity"),
    path(
        "units/<id:unit_id>/capacity/trend/",
        capacity.UnitCapacityTrendApi.as_view(),
        name="unit-capacity-trend",
    ),
    path(
        "units/<id:unit_id>/capacity/csv/",
        capacity.UnitCapacityCsvApi.as_view(),
        name="unit-capacity-csv",
    ),
    path("swaps/", swaps.SwapListApi.as_view(), name="swap-list"),
    path("swaps/<id:swap_id>/", swaps.SwapDetailApi.as_view(), name="swap-detail"),
    path("swaps/<id:swap_id>/accept/", swaps.SwapAcceptApi.as_view(), name="swap-accept"),
    path("swaps/<id:swap_id>/withdraw/", swaps.SwapWithdrawApi.as_view(), name="swap-withdraw"),
    path("swaps/<id:swap_id>/approve/", swaps.SwapApproveApi.as_view(), name="swap-approve"),
    path("swaps/<id:swap_id>/reject/", swaps.SwapRejectApi.as_view(), name="swap-reject"),
]

urlpatterns += [
    path("me/fatigue/", fatigue.MyFatigueApi.as_view(), name="my-fatigue"),
    path("teams/<id:team_id>/fatigue/", fatigue.TeamFatigueApi.as_view(), name="team-fatigue"),
    path(
        "teams/<id:team_id>/fatigue-policy/",
        fatigue.TeamFatiguePolicyApi.as_view(),
        name="team-fatigue-policy",
    ),
    path(
        "teams/<id:team_id>/solver-policy/",
        solver_policy.TeamSolverPolicyApi.as_view(),
        name="team-solver-policy",
    ),
]

urlpatterns += [
    path("swap-offers/", swap_chains.SwapOfferListApi.as_view(), name="swap-offer-list"),
    path(
        "swap-offers/<id:offer_id>/",
        swap_chains.SwapOfferDetailApi.as_view(),
        name="swap-offer-detail",
    ),
    path(
        "swap-offers/<id:offer_id>/withdraw/",
        swap_chains.SwapOfferWithdrawApi.as_view(),
        name="swap-offer-withdraw",
    ),
    path("swap-chains/", swap_chains.SwapChainListApi.as_view(), name="swap-chain-list"),
    path(
        "swap-chains/<id:chain_id>/",
        swap_chains.SwapChainDetailApi.as_view(),
        name="swap-chain-detail",
    ),
    path(
        "swap-chains/<id:chain_id>/accept/",
        swap_chains.SwapChainAcceptApi.as_view(),
        name="swap-chain-accept",
    ),
    path(
        "swap-chains/<id:chain_id>/decline/",
        swap_chains.SwapChainDeclineApi.as_view(),
        name="swap-chain-decline",
    ),
    path("joint-solves/", joint.JointSolveStartApi.as_view(), name="joint-solve-list"),
    path(
        "joint-solves/<id:joint_id>/",
        joint.JointSolveDetailApi.as_view(),
        name="joint-solve-detail",
    ),
]
