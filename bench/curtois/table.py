"""``python -m bench.curtois.table FILE... [--time-limit S] [--workers N] [--seed K]``: a
markdown table of several instances (see ``bench.curtois.run``)."""

from bench.curtois.run import main_table

if __name__ == "__main__":
    raise SystemExit(main_table())
