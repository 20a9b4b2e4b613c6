"""``python -m bench.curtois FILE [--time-limit S] [--workers N] [--seed K] [--solution OUT]``."""

from bench.curtois.run import main

if __name__ == "__main__":
    raise SystemExit(main())
