from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo unit's seeders and the `seed_demo` / `solve_demo` commands.

    The top layer: it may use every app's services to build a playable demo, and no app imports
    it. Its commands refuse to run with DEBUG off, so demo logins never reach production.
    """

    name = "demo"
    verbose_name = _("Demo data")
