"""Roster writes, one module per sub-domain. Every service is keyword-only with an actor."""
