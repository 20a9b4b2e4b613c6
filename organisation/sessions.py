"""An officer's API sessions (refresh tokens): ending all of them, and the password change.

A refresh token is one device's session. Every one issued is recorded by simplejwt's token
blacklist app (`OutstandingToken`); ending a session blacklists it. Access tokens carry a hash
of the password (`CHECK_REVOKE_TOKEN`), so a password change also ends every access token at
once; after "log out on all devices" an access token lives out its ACCESS_TOKEN_LIFETIME.
"""

from __future__ import annotations

from django.contrib.auth.models import update_last_login
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from common.errors import DomainError
from organisation.models import Officer


class PasswordNotValid(DomainError):
    """The current password is wrong or the new one breaks a password rule."""

    status = 400
    code = "password_not_valid"
    message = _("The password cannot be changed.")


def session_open(*, officer: Officer) -> dict[str, str]:
    """Open an API session for an officer whom single sign-on identified: the same access and
    refresh token as the password login (recorded as outstanding, so "log out on all devices"
    ends it too), and his last login set."""
    with transaction.atomic():
        refresh = RefreshToken.for_user(officer)
        update_last_login(Officer, officer)
    return {"refresh": str(refresh), "access": str(refresh.access_token)}


def sessions_end_all(*, actor: Officer) -> int:
    """Blacklist every refresh token the actor holds (log out on all devices); returns how many
    were still live."""
    with transaction.atomic():
        live = OutstandingToken.objects.filter(user=actor, blacklistedtoken__isnull=True)
        ended = [BlacklistedToken(token=token) for token in live]
        BlacklistedToken.objects.bulk_create(ended, ignore_conflicts=True)
    return len(ended)


def password_change(*, actor: Officer, current_password: str, new_password: str) -> None:
    """Change the actor's own password and end all his sessions (every device logs in again).

    400 `password_not_valid` naming `current_password` (wrong) or `new_password` (too short,
    too common, too like the username...) with nothing changed.
    """
    if not actor.check_password(current_password):
        raise PasswordNotValid(
            extra={"fields": {"current_password": [_("This is not your current password.")]}}
        )
    try:
        validate_password(new_password, user=actor)
    except DjangoValidationError as exc:
        raise PasswordNotValid(extra={"fields": {"new_password": list(exc.messages)}}) from None
    with transaction.atomic():
        locked = Officer.objects.select_for_update().get(pk=actor.pk)
        locked.set_password(new_password)
        locked.save(update_fields=["password"])
        sessions_end_all(actor=locked)
    actor.password = locked.password
