from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class RequestsDeskConfig(AppConfig):
    name = "requests_desk"
    verbose_name = _("Request desk")

    def ready(self) -> None:
        # Imported here, not at module level: the registry imports models, which need the
        # app registry to be ready (a real import-time reason).
        from requests_desk.outcomes import check_outcomes_registered

        checks.register(check_outcomes_registered)
