"""Smoke test of the joint bench: a small unit of teams that share officers."""

import json

from bench.joint import main, unit


def test_the_unit_shares_the_asked_share_of_officers():
    parts, shared = unit(teams=3, officers=10, days=3, shared=0.2, seed=1)
    assert shared == 6
    ids = [o["id"] for _k, d in parts for o in d["officers"]]
    assert len(ids) == 30
    assert len(set(ids)) == 30 - 6  # each shared officer is one officer in two teams


def test_bench_joint_prints_one_json_line_without_violations(capsys):
    code = main(
        ["--teams", "2", "--officers", "8", "--days", "3", "--time-limit", "2", "--workers", "1"]
    )
    line = json.loads(capsys.readouterr().out)
    assert code == 0
    assert line["violations"] == 0
    assert line["unit"]["shared_officers"] == 2
    assert line["unit"]["officers"] == 14
    assert set(line["teams"]) == {"t1", "t2"}
    assert line["shortfall"] == sum(t["shortfall"] for t in line["teams"].values())
