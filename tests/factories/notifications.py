from __future__ import annotations

import factory

from notifications.models import Notification, NotificationKind, NotificationPreference
from tests.factories.organisation import OfficerFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(OfficerFactory)
    kind = NotificationKind.ROSTER_PUBLISHED
    title = factory.Sequence(lambda n: f"Bericht {n}")


class NotificationPreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotificationPreference

    officer = factory.SubFactory(OfficerFactory)
