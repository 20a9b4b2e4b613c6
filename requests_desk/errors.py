"""Errors of the request desk; each code is stable and listed in the OpenAPI schema."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from common.errors import Conflict, DomainError, Forbidden


class FormInvalid(DomainError):
    """The form data does not match the type's schema; `fields.form_data` names each field."""

    status = 400
    code = "form_invalid"
    message = _("The form is not valid.")


class TransitionNotAllowed(Conflict):
    """This action is not possible in the request's current state."""

    code = "transition_not_allowed"
    message = _("This action is not possible in the current state of the request.")


class NotYourTurn(Forbidden):
    """The actor may see the request but is not the one who may take this action."""

    code = "not_your_turn"
    message = _("You may not take this action on this request.")


#: The `common.errors.FourEyes` message when a requester would approve his own request.
FOUR_EYES_REQUEST = _("You may not approve your own request.")


class TypeInactive(Conflict):
    """The request type is not active; it cannot be filed."""

    code = "request_type_inactive"
    message = _("This request type is not active.")


class FreeTextNotAllowed(DomainError):
    """A sick form holds no free text from its requester: no comment, on a transition or on
    its own (AVG art. 9: never a diagnosis; the catalogue's rule)."""

    status = 400
    code = "free_text_not_allowed"
    message = _("A sick report holds no free text: call your team lead or the desk instead.")


class NotAnApprover(Forbidden):
    """Only a team lead or a unit manager (whom routing asks to approve) may delegate."""

    code = "not_an_approver"
    message = _("Only a team lead or unit manager can delegate approvals.")


class DelegationInvalid(DomainError):
    """The delegation's substitute or dates are not acceptable; `fields` names which."""

    status = 400
    code = "delegation_invalid"
    message = _("The delegation is not valid.")


class DelegationOverlap(Conflict):
    """The approver already has a delegation in (part of) this period; end it first."""

    code = "delegation_overlap"
    message = _("You already have a delegation in this period.")
