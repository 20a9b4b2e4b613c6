"""Path converters. `<id:name>` is a database id: a whole number from 1 to 2**63 - 1.

Django's `<int:...>` matches any run of digits, so a 38-digit id reached the database and
overflowed its integer (a 500). With `id` such a path matches no route: a 404 in the API's
error format, like any id that does not exist.
"""

from __future__ import annotations

MAX_ID = 2**63 - 1  # bigint, the type of every primary key (DEFAULT_AUTO_FIELD)


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 0 < number <= MAX_ID:
            raise ValueError(value)  # no match: 404
        return number

    def to_url(self, value: int) -> str:
        return str(value)
