"""Officers' phones: registering a push token and removing it.

A token belongs to one installation of the app, not to a person. When another officer signs
in on the same phone (a team phone, a phone handed on) and registers its token, the row moves
to him: the last officer to register a token receives its pushes, and the previous one no
longer does on a phone he no longer uses. Registering the same token again is idempotent (it
refreshes the app id, name and time). An officer keeps at most PUSH_MAX_DEVICES_PER_OFFICER
phones; registering one more drops his least recently registered.
"""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from common.errors import NotFound
from notifications.models import Device
from organisation.models import Officer


def device_register(
    *, actor: Officer, platform: str, token: str, app_id: str = "", name: str = ""
) -> tuple[Device, bool]:
    """Register (or move to the actor, or refresh) a phone's token; returns the device and
    whether a new row was created. Locks the device row (platform, token), nothing else."""
    now = timezone.now()
    fields = {"officer": actor, "app_id": app_id, "name": name, "last_registered_at": now}
    with transaction.atomic():
        device = Device.objects.select_for_update().filter(platform=platform, token=token).first()
        created = False
        if device is None:
            try:
                with transaction.atomic():
                    device = Device.objects.create(platform=platform, token=token, **fields)
                    created = True
            except IntegrityError:  # registered at the same moment by another request
                device = Device.objects.select_for_update().get(platform=platform, token=token)
        if not created:
            for attr, value in fields.items():
                setattr(device, attr, value)
            device.save(update_fields=["officer", "app_id", "name", "last_registered_at"])
        keep = Device.objects.filter(officer=actor).order_by("-last_registered_at", "-id")
        surplus = list(keep.values_list("pk", flat=True)[settings.PUSH_MAX_DEVICES_PER_OFFICER :])
        if surplus:
            Device.objects.filter(pk__in=surplus).delete()
    return device, created


def device_delete(*, actor: Officer, device_id: int) -> None:
    """Remove one of the actor's phones (sign-out in the app); someone else's is not found."""
    deleted, _ = Device.objects.filter(officer=actor, pk=device_id).delete()
    if not deleted:
        raise NotFound()


def device_prune(*, device_id: int, token: str) -> bool:
    """Delete a device whose token the provider called dead (only while it still holds that
    token: a re-registration in between keeps it); returns whether it was deleted."""
    deleted, _ = Device.objects.filter(pk=device_id, token=token).delete()
    return bool(deleted)
