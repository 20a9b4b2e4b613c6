"""Console benchmark: `make bench-console` (see `bench.console.grid` and docs/benchmarks.md)."""
