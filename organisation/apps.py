from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _language_at_session_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """A browser login (console, admin): his first language preference from Accept-Language.
    The API's token login does the same in `organisation.api.auth.LoginSerializer`."""
    from organisation.languages import officer_language_from_login

    if request is not None:
        officer_language_from_login(
            officer=user, accept_language=request.META.get("HTTP_ACCEPT_LANGUAGE")
        )


class OrganisationConfig(AppConfig):
    name = "organisation"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(_language_at_session_login, dispatch_uid="officer_language")
