"""Load benchmark: `make bench-load` (see `bench.load.run` and docs/benchmarks.md, "Load")."""
