from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, path
from django.views.i18n import set_language

from console.views import solve_control as v

app_name = "console"

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="console/login.html",
            redirect_authenticated_user=True,
            next_page="console:home",
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(next_page="console:login"), name="logout"),
    path("language/", set_language, name="language"),
    path("", v.home, name="home"),
    path("periods/", v.period_pick, name="period-pick"),
    path("periods/<int:period_id>/", v.period_grid, name="grid"),
    path(
        "periods/<int:period_id>/officers/<int:officer_id>/days/<str:day>/",
        v.cell_detail,
        name="cell",
    ),
    path("periods/<int:period_id>/shifts/<int:shift_id>/", v.shift_detail, name="shift"),
    path("periods/<int:period_id>/coverage/", v.coverage, name="coverage"),
    path("periods/<int:period_id>/fairness/", v.fairness, name="fairness"),
    path("periods/<int:period_id>/solve/", v.solve_start, name="solve"),
    path("periods/<int:period_id>/compare/", v.compare, name="compare"),
    path("periods/<int:period_id>/publish/", v.publish, name="publish"),
    path("periods/<int:period_id>/roster.csv", v.export_csv, name="export-csv"),
    path("periods/<int:period_id>/roster.ics", v.export_ics, name="export-ics"),
    path("jobs/<int:job_id>/", v.job_detail, name="job"),
    path("jobs/<int:job_id>/progress/", v.job_progress, name="job-progress"),
    path("jobs/<int:job_id>/cancel/", v.job_cancel, name="job-cancel"),
    path("jobs/<int:job_id>/apply/", v.repair_apply, name="job-apply"),
    path("approvals/", v.approvals, name="approvals"),
    path("approvals/<str:kind>/<int:item_id>/", v.inbox_decide, name="inbox-decide"),
    path("desk/", v.desk_queue, name="desk"),
    path("desk/requests/<int:request_id>/", v.desk_request, name="desk-request"),
    path("desk/requests/<int:request_id>/act/", v.desk_act, name="desk-act"),
]
