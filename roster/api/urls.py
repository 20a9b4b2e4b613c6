from django.urls import URLPattern, URLResolver, path

from roster.api import patterns
from roster.api.views import swaps as v

urlpatterns: list[URLPattern | URLResolver] = [
    path("periods/", v.PeriodListApi.as_view(), name="period-list"),
    path("periods/<int:period_id>/", v.PeriodDetailApi.as_view(), name="period-detail"),
    path("periods/<int:period_id>/phase/", v.PeriodMoveApi.as_view(), name="period-move"),
    path("periods/<int:period_id>/publish/", v.PeriodPublishApi.as_view(), name="period-publish"),
    path(
        "periods/<int:period_id>/generate-shifts/",
        v.PeriodGenerateShiftsApi.as_view(),
        name="period-generate-shifts",
    ),
    path(
        "periods/<int:period_id>/compliance/",
        v.PeriodComplianceApi.as_view(),
        name="period-compliance",
    ),
    path("periods/<int:period_id>/shifts/", v.PeriodShiftListApi.as_view(), name="period-shifts"),
    path(
        "periods/<int:period_id>/assignments/",
        v.PeriodAssignmentListApi.as_view(),
        name="period-assignments",
    ),
    path("periods/<int:period_id>/solve/", v.PeriodSolveApi.as_view(), name="period-solve"),
    path("periods/<int:period_id>/report/", v.PeriodReportApi.as_view(), name="period-report"),
    path("solve-jobs/<int:job_id>/", v.SolveJobDetailApi.as_view(), name="solve-job-detail"),
    path("solve-jobs/<int:job_id>/cancel/", v.SolveJobCancelApi.as_view(), name="solve-job-cancel"),
    path("solve-jobs/<int:job_id>/apply/", v.SolveJobApplyApi.as_view(), name="solve-job-apply"),
    path("shifts/", v.ShiftListApi.as_view(), name="shift-list"),
    path("shifts/<int:shift_id>/", v.ShiftDetailApi.as_view(), name="shift-detail"),
    path("shifts/<int:shift_id>/cancel/", v.ShiftCancelApi.as_view(), name="shift-cancel"),
    path(
        "teams/<int:team_id>/shift-templates/",
        v.TemplateListApi.as_view(),
        name="shift-template-list",
    ),
    path("teams/<int:team_id>/roster/", v.TeamRosterApi.as_view(), name="team-roster"),
    path("teams/<int:team_id>/ledger/", v.TeamLedgerApi.as_view(), name="team-ledger"),
    path("signups/", v.SignUpListApi.as_view(), name="signup-list"),
    path(
        "periods/<int:period_id>/signup-pattern/",
        patterns.PeriodSignupPatternApi.as_view(),
        name="period-signup-pattern",
    ),
    path("signups/<int:signup_id>/", v.SignUpWithdrawApi.as_view(), name="signup-withdraw"),
    path("absences/", v.AbsenceListApi.as_view(), name="absence-list"),
    path("absences/<int:absence_id>/end/", v.AbsenceEndApi.as_view(), name="absence-end"),
    path(
        "assignments/<int:assignment_id>/",
        v.AssignmentDeleteApi.as_view(),
        name="assignment-delete",
    ),
    path("me/roster/", v.MyRosterApi.as_view(), name="my-roster"),
    path("me/ledger/", v.MyLedgerApi.as_view(), name="my-ledger"),
    path("me/calendar-feed/", v.CalendarFeedApi.as_view(), name="calendar-feed"),
    path("calendar/<str:token>.ics", v.CalendarIcsApi.as_view(), name="calendar-ics"),
]

urlpatterns += [
    path("open-shifts/", v.OpenShiftListApi.as_view(), name="open-shift-list"),
    path("open-shifts/claim/", v.OpenShiftClaimApi.as_view(), name="open-shift-claim"),
    path("open-shifts/claims/", v.OpenShiftClaimListApi.as_view(), name="open-shift-claims"),
    path("shifts/<int:shift_id>/award/", v.ShiftAwardApi.as_view(), name="shift-award"),
    path(
        "teams/<int:team_id>/swap-policy/", v.TeamSwapPolicyApi.as_view(), name="team-swap-policy"
    ),
    path("periods/<int:period_id>/repair/", v.PeriodRepairApi.as_view(), name="period-repair"),
    path("swaps/", v.SwapListApi.as_view(), name="swap-list"),
    path("swaps/<int:swap_id>/", v.SwapDetailApi.as_view(), name="swap-detail"),
    path("swaps/<int:swap_id>/accept/", v.SwapAcceptApi.as_view(), name="swap-accept"),
    path("swaps/<int:swap_id>/withdraw/", v.SwapWithdrawApi.as_view(), name="swap-withdraw"),
    path("swaps/<int:swap_id>/approve/", v.SwapApproveApi.as_view(), name="swap-approve"),
    path("swaps/<int:swap_id>/reject/", v.SwapRejectApi.as_view(), name="swap-reject"),
]
