"""``python -m bench.console [--officers N] [--days D] [--renders R] [--solve-seconds S]
[--reuse]``: time the console's roster grid on the database of ``DATABASE_URL``.

Run it on a throwaway, migrated database: ``make bench-console`` creates a fresh SQLite file,
migrates it and runs this. The options are those of :class:`bench.console.grid.Command`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

import django


def main(argv: Sequence[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    # Imported after django.setup(): the benchmark imports models, which need the app registry.
    from bench.console.grid import Command

    args = list(sys.argv[1:] if argv is None else argv)
    # prog_name and subcommand make the usage line read "python -m bench.console".
    Command().run_from_argv(["python", "-m bench.console", *args])


if __name__ == "__main__":
    main()
