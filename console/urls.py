from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, path
from django.views.i18n import set_language

from console.views import (
    approvals,
    capacity,
    desk,
    exports,
    fairness,
    home,
    joint,
    period,
    solve_control,
    sso,
)

app_name = "console"

urlpatterns: list[URLPattern | URLResolver] = [
    path("login/", sso.ConsoleLoginView.as_view(), name="login"),
    path("login/oidc/", sso.oidc_start, name="login-oidc"),
    path("login/oidc/callback/", sso.oidc_callback, name="login-oidc-callback"),
    path("logout/", auth_views.LogoutView.as_view(next_page="console:login"), name="logout"),
    path("language/", set_language, name="language"),
    path("", home.home, name="home"),
    path("periods/", home.period_pick, name="period-pick"),
    path("periods/<id:period_id>/", period.period_grid, name="grid"),
    path(
        "periods/<id:period_id>/officers/<id:officer_id>/days/<str:day>/",
        period.cell_detail,
        name="cell",
    ),
    path("periods/<id:period_id>/shifts/<id:shift_id>/", period.shift_detail, name="shift"),
    path("periods/<id:period_id>/coverage/", fairness.coverage, name="coverage"),
    path("periods/<id:period_id>/fairness/", fairness.fairness, name="fairness"),
    path("periods/<id:period_id>/solve/", solve_control.solve_start, name="solve"),
    path("periods/<id:period_id>/compare/", solve_control.compare, name="compare"),
    path("periods/<id:period_id>/publish/", solve_control.publish, name="publish"),
    path("periods/<id:period_id>/priorities/", solve_control.stage_order, name="stage-order"),
    path("periods/<id:period_id>/roster.csv", exports.export_csv, name="export-csv"),
    path("periods/<id:period_id>/roster.ics", exports.export_ics, name="export-ics"),
    path("periods/<id:period_id>/joint-solve/", joint.joint_start, name="joint-start"),
    path("joint-solves/<id:joint_id>/", joint.joint_detail, name="joint"),
    path("jobs/<id:job_id>/", solve_control.job_detail, name="job"),
    path("jobs/<id:job_id>/progress/", solve_control.job_progress, name="job-progress"),
    path("jobs/<id:job_id>/cancel/", solve_control.job_cancel, name="job-cancel"),
    path("jobs/<id:job_id>/apply/", solve_control.repair_apply, name="job-apply"),
    path("approvals/", approvals.approvals, name="approvals"),
    path("approvals/<str:kind>/<id:item_id>/", approvals.inbox_decide, name="inbox-decide"),
    path("capacity/", capacity.capacity_pick, name="capacity-pick"),
    path("units/<id:unit_id>/capacity/", capacity.capacity, name="capacity"),
    path("desk/", desk.desk_queue, name="desk"),
    path("desk/requests/<id:request_id>/", desk.desk_request, name="desk-request"),
    path("desk/requests/<id:request_id>/act/", desk.desk_act, name="desk-act"),
]
