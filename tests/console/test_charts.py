"""The SVG chart module: accessible, escaped, colour plus text (no database)."""

from __future__ import annotations

from pathlib import Path

from console.charts import OVER, UNDER, Bar, Pair, comparison_svg, fairness_svg
from console.grid import heat_level


def test_fairness_chart_has_title_desc_and_text_values_and_escapes_names():
    svg = fairness_svg(
        title="Nights",
        description="Nights per officer",
        bars=[Bar("<script>x</script>", 5, 2.0, 3), Bar("Bram", 1, 3.0, 0), Bar("Eva", 2, 2, 1)],
        share_label="fair share",
        history_label="history",
    )
    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert "<title id=" in svg
    assert "<desc id=" in svg
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "5 / 2 · 3" in svg  # value / fair share · history, as text
    assert f'fill="{OVER}"' in svg  # 5 > 2 + 1
    assert f'fill="{UNDER}"' in svg  # 1 < 3 - 1


def test_comparison_chart_writes_both_values():
    svg = comparison_svg(
        title="Solver vs baseline",
        description="d",
        pairs=[Pair("Empty places", 1, 4, "lower"), Pair("Rate", None, 0.5, "higher")],
        solver_label="Solver",
        baseline_label="First come",
    )
    assert "Empty places, Solver: 1" in svg
    assert "Empty places, First come: 4" in svg
    assert "Rate, Solver: \u2013" in svg


def test_heat_levels_run_from_empty_to_over():
    assert [heat_level(f, 4) for f in (0, 1, 2, 3, 4, 5)] == ["h0", "h1", "h2", "h3", "h4", "hx"]
    assert heat_level(0, 0) == "hna"


def test_the_grid_has_a_print_stylesheet():
    css = (Path(__file__).parents[2] / "console/static/console/console.css").read_text()
    assert "@media print" in css
    assert "landscape" in css
