"""How the solver contract names the database's rows: officer `o<pk>`, shift `s<pk>`.

Pure functions, no Django: services, selectors and the report all use them.
"""

from __future__ import annotations


def officer_ref(pk: int) -> str:
    return f"o{pk}"


def shift_ref(pk: int) -> str:
    return f"s{pk}"


def ref_pk(ref: str) -> int:
    return int(ref[1:])
