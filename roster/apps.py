from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RosterConfig(AppConfig):
    name = "roster"
    verbose_name = _("Roster")

    def ready(self) -> None:
        # Imported here, not at module level: the handlers import models, which need the app
        # registry to be ready (a real import-time reason).
        from roster import desk_outcomes, desk_outcomes_hr

        desk_outcomes.register()
        desk_outcomes_hr.register()
