"""``python -m bench.ledger``: the derived-ledger benchmark runs end to end on a tiny team."""

from typing import Any

import pytest

from bench.ledger import main


@pytest.mark.django_db
def test_bench_ledger_builds_a_history_and_times_every_reader(capsys: Any) -> None:
    # when the bench runs on a tiny team with two published periods
    main(["--officers", "6", "--periods", "2", "--runs", "2"])
    # then it reports the data it built and a line per reader of the ledger
    out = capsys.readouterr().out
    assert "6 officers, 2 published periods" in out
    assert "12 ledger entries" in out
    for reader in ("team ledger", "one officer", "solver history", "fair award figures"):
        assert reader in out
