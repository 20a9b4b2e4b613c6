"""Roster API serializers, one module per sub-domain (as the views); `fields` holds what the
input serializers share."""
