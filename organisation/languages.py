"""An officer's language: which one he reads the product in, and how it is chosen.

Precedence, for every response and every text written for him:
1. his stored preference (`Officer.language`), once he has one;
2. else, in a response, the request's `Accept-Language` (nl or en);
3. else the site's `LANGUAGE_CODE` (nl).

The preference is set from `Accept-Language` at his first login that sends one
(`officer_language_from_login`) and changed by himself in `PATCH /api/v1/me/`
(`officer_language_update`). Texts for another reader than the caller (notifications,
e-mails, reports) are rendered in the reader's language (`language_of`), never the actor's.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import get_supported_language_variant
from django.utils.translation.trans_real import parse_accept_lang_header

from organisation.models import Language, Officer


def language_of(officer: Officer | None) -> str:
    """The language texts for this officer are written in: his preference, else the site's."""
    if officer is not None and officer.language:
        return officer.language
    return str(settings.LANGUAGE_CODE)


def languages_of(officer_ids: list[int]) -> dict[int, str]:
    """`language_of` for many officers in one query (unknown ids get the site's)."""
    stored = dict(Officer.objects.filter(pk__in=officer_ids).values_list("pk", "language"))
    default = str(settings.LANGUAGE_CODE)
    return {pk: stored.get(pk) or default for pk in officer_ids}


def language_from_header(header: str | None) -> str | None:
    """The first language of an `Accept-Language` header that we speak, else None (no header,
    `*` only, or only languages we do not speak)."""
    if not header:
        return None
    for code, _quality in parse_accept_lang_header(header):
        if code == "*":
            continue
        try:
            variant = get_supported_language_variant(code)
        except LookupError:
            continue
        if variant in Language.values:
            return variant
    return None


def officer_language_from_login(*, officer: Officer, accept_language: str | None) -> None:
    """At a login: store the language of `Accept-Language` as his preference unless he has one
    already (a preference he chose is never overwritten by a device's setting)."""
    if officer.language:
        return
    language = language_from_header(accept_language)
    if language is None:
        return
    with transaction.atomic():
        # only where still empty: two logins at once both find it empty, one writes
        Officer.objects.filter(pk=officer.pk, language="").update(language=language)
    officer.language = language


def officer_language_update(*, actor: Officer, language: str) -> Officer:
    """The actor sets his own language preference (`nl` or `en`; validated by the caller)."""
    if language not in Language.values:
        raise ValueError(language)
    with transaction.atomic():
        Officer.objects.filter(pk=actor.pk).update(language=language)
    actor.language = language
    return actor
