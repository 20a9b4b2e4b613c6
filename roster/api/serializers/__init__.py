"""Roster API serializers, one module per sub-domain (as the views): strict inputs, plain
outputs (no personal data of colleagues). `fields` holds what the input serializers share."""
