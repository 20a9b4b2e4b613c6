"""Roster error codes: each a DomainError subclass with a stable code."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from common.errors import Conflict, DomainError, Forbidden


class WrongPhase(Conflict):
    """The roster period is not in a phase that allows this action."""

    code = "wrong_phase"
    message = _("The roster period is not in the right phase for this action.")


class ConsentRequired(Conflict):
    """A change inside the fixed 7-day window needs the affected officers' consent (Barp
    art. 12); `extra.officers` lists those whose consent is missing."""

    code = "consent_required"
    message = _("Changes within 7 days need the consent of the officers concerned.")


class SignupWindowClosed(Conflict):
    """The sign-up window of the period is not open."""

    code = "signup_window_closed"
    message = _("Sign-up for this period is not open.")


class AbsenceAlreadyEnded(Conflict):
    """The absence already has an end."""

    code = "absence_already_ended"
    message = _("This absence has already ended.")


class AbsenceCancelled(Conflict):
    """The absence was cancelled; it can no longer change."""

    code = "absence_cancelled"
    message = _("This absence was cancelled.")


class ShiftCancelled(Conflict):
    """The shift is cancelled."""

    code = "shift_cancelled"
    message = _("This shift is cancelled.")


class AlreadyAssigned(Conflict):
    """The officer is already assigned to this shift."""

    code = "already_assigned"
    message = _("The officer is already assigned to this shift.")


class ShiftFull(Conflict):
    """The demand for this skill on the shift is already filled."""

    code = "shift_full"
    message = _("The demand for this skill on this shift is already filled.")


class NotQualified(DomainError):
    """The officer holds no skill the shift demands, valid on the shift's date."""

    status = 422
    code = "not_qualified"
    message = _("You hold no valid qualification for a skill this shift needs.")


class NotATeamMember(Forbidden):
    """The officer is not a member of the shift's team."""

    code = "not_team_member"
    message = _("The officer is not a member of this team.")


class OfficerAbsent(Conflict):
    """The officer has an absence overlapping the shift."""

    code = "officer_absent"
    message = _("The officer is absent during this shift.")


class JointSolveNotPossible(Conflict):
    """Periods that cannot be solved together: one period per team of one unit, at least
    two, overlapping in time (`extra.reason`)."""

    code = "joint_solve_not_possible"
    message = _("These roster periods cannot be solved together.")


class SolveRunning(Conflict):
    """A solve of this period is already queued or running."""

    code = "solve_running"
    message = _("A solve of this roster period is already running.")


class SolveFinished(Conflict):
    """The solve job has already finished."""

    code = "solve_finished"
    message = _("This solve job has already finished.")


class RepairNotApplicable(Conflict):
    """The repair result cannot be applied (not a finished repair, applied already, or the
    published roster changed since the repair solve read it)."""

    code = "repair_not_applicable"
    message = _("This repair result cannot be applied to the current roster.")


class AlreadyFilled(Conflict):
    """The open place was taken by someone else first (or the shift has no open place)."""

    code = "already_filled"
    message = _("This place has already been filled.")


class ShiftStarted(Conflict):
    """The shift has already started: its places can no longer be claimed or swapped."""

    code = "shift_started"
    message = _("This shift has already started.")


class NotAssigned(Conflict):
    """The assignment no longer belongs to the officer it was offered by or asked from."""

    code = "not_assigned"
    message = _("This place is no longer assigned to that officer.")


class SwapNotAllowed(Conflict):
    """The swap is not in a state that allows this action (already decided, withdrawn,
    expired, or taken by someone else)."""

    code = "swap_not_allowed"
    message = _("This swap cannot be changed in its current state.")


#: The `common.errors.FourEyes` message when an officer in a swap would decide on it.
FOUR_EYES_SWAP = _("You may not decide on a swap you are part of.")


class AlreadyClaimed(Conflict):
    """The officer already has a pending claim on this place (fair award)."""

    code = "already_claimed"
    message = _("You have already claimed this place.")


class NothingToAward(Conflict):
    """The shift has no pending claims to award."""

    code = "nothing_to_award"
    message = _("There are no pending claims to award on this shift.")


class SwapChainNotOpen(Conflict):
    """The swap chain is no longer waiting for this step (accepted, applied, declined,
    rejected or void); `extra.status` names its state."""

    code = "swap_chain_not_open"
    message = _("This swap chain is no longer open for this step.")


class SwapChainVoid(Conflict):
    """A place or shift of the swap chain changed since it was proposed, or a move is no
    longer lawful: the chain is void and nothing changed."""

    code = "swap_chain_void"
    message = _("The roster changed since this swap chain was proposed; it is void.")
