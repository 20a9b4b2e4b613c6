from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RosterConfig(AppConfig):
    name = "roster"
    verbose_name = _("Roster")

    def ready(self) -> None:
        # Imported here, not at module level: the handlers import models, which need the app
        # registry to be ready (a real import-time reason).
        from organisation.employment_selectors import employment_export
        from requests_desk.exports import register_export_section
        from roster import balances, desk_outcomes, desk_outcomes_hr
        from roster.place_changes import register_places_changed
        from roster.services import open_fit_changes
        from roster.services.swap_chain_upkeep import swap_chains_recheck_after_commit

        desk_outcomes.register()
        desk_outcomes_hr.register()
        register_export_section("balances", balances.balances_export)
        register_export_section("employment", employment_export)
        register_places_changed(swap_chains_recheck_after_commit)
        open_fit_changes.connect()
