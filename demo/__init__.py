"""Demo data: one place that seeds the demo unit across every app (see README, `make demo`)."""
