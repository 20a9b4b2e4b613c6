"""Attachments: size and type limits, Django storage, only on types whose form has a file field
(so sick reports, which may hold no attachments under the AVG, refuse them)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from common.errors import Forbidden
from organisation.models import Officer
from organisation.selectors import actor_scope
from requests_desk.errors import FormInvalid, TransitionNotAllowed
from requests_desk.models import NO_FREE_TEXT_OUTCOMES, Request, RequestAttachment, State

# Magic bytes of the accepted types; the client's Content-Type is not trusted.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF-",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
}
DEFAULT_MAX_BYTES = 1_000_000


def _sniff(head: bytes) -> str | None:
    for content_type, prefixes in SIGNATURES.items():
        if any(head.startswith(p) for p in prefixes):
            return content_type
    return None


def _accepts_files(request: Request) -> bool:
    if request.version.outcome_kind in NO_FREE_TEXT_OUTCOMES:
        return False  # a sick form never, whatever a later version's widgets say
    widgets: Any = (request.version.ui_hints or {}).get("widgets", {})
    return isinstance(widgets, dict) and "file" in widgets.values()


def attachment_create(
    *, actor: Officer, request: Request, upload: UploadedFile
) -> RequestAttachment:
    """Store an upload on a request: the requester while it is open, or its desk staff."""
    is_requester = actor.pk == request.requester_id
    is_desk = request.desk_id is not None and request.desk_id in actor_scope(actor).desk_ids
    if not (is_requester or is_desk):
        raise Forbidden()
    if request.state in (State.CLOSED, State.REJECTED, State.WITHDRAWN):
        raise TransitionNotAllowed(extra={"state": request.state, "action": "attach"})
    if not _accepts_files(request):
        raise FormInvalid(
            _("This request type takes no attachments."),
            extra={"fields": {"file": [_("This request type takes no attachments.")]}},
        )
    limit = int(getattr(settings, "REQUESTS_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))
    size = int(upload.size or 0)
    if size == 0 or size > limit:
        raise FormInvalid(extra={"fields": {"file": [_("The file is empty or too large.")]}})
    head = upload.read(16)
    upload.seek(0)
    content_type = _sniff(head)
    if content_type is None:
        raise FormInvalid(extra={"fields": {"file": [_("Only PDF, JPEG and PNG are accepted.")]}})
    with transaction.atomic():
        attachment = RequestAttachment(
            request=request,
            uploaded_by=actor,
            original_name=(upload.name or "file")[:200],
            content_type=content_type,
            size=size,
        )
        attachment.file.save("upload", upload, save=False)
        attachment.save()
    return attachment
