"""Kinds are stored on every row and sent to the phone app: their values never change."""

from notifications.models import NotificationKind


def test_kind_values_are_the_stored_strings() -> None:
    assert set(NotificationKind.values) == {
        "request_approved",
        "request_returned",
        "request_rejected",
        "request_fulfilled",
        "request_closed",
        "request_overdue",
        "approval_pending",
        "desk_queue",
        "officer_absent",
        "officer_back",
        "roster_published",
        "roster_changed",
        "repair_suggested",
        "open_shift_available",
        "open_shift_claimed",
        "open_shift_won",
        "open_shift_lost",
        "swap_offer_received",
        "swap_accepted",
        "swap_approval_needed",
        "swap_approved",
        "swap_rejected",
        "swap_chain_proposed",
        "swap_chain_approval_needed",
        "swap_chain_applied",
        "swap_chain_cancelled",
        "qualification_expiring",
        "lent_claim_approval_needed",
        "lent_claim_requested",
        "lent_claim_approved",
        "lent_claim_rejected",
        "lent_claim_voided",
        "lent_claim_withdrawn",
    }


def test_every_kind_fits_the_column() -> None:
    assert max(len(v) for v in NotificationKind.values) <= 40
