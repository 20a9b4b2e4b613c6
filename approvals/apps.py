from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "approvals"
    verbose_name = _("Approvals")

    def ready(self) -> None:
        # Imported here, not at module level: the sources import models, which need the app
        # registry to be ready (a real import-time reason).
        from approvals import lent_claims, sources
        from approvals.registry import check_sources_registered, register_source

        sources.register()
        register_source(lent_claims.LentClaimSource())
        checks.register(check_sources_registered)
