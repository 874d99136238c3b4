"""`samen plan`: the handbook profiles for N = 50 by hand, the intensive norm's 0.5 FTE, the log-log fit
with a known slope and a hand-computed prediction interval, and the command line (table, JSON, refusals)."""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import polars as pl
import pytest

from samen import planner
from samen.benchmarks import PHASES
from samen.marts.common import write_mart
from samen.warehouse import connect


def test_handbook_profiles_for_50_duos_by_hand() -> None:
    # Meervelde: 538 h for 60 duos → 8.9667 h per duo → 50 duos: 448.33 h a year; / 1600 h = 0.2802 FTE
    m = planner.make_plan(50, "meervelde")
    assert m.uren_per_jaar == pytest.approx(538 / 60 * 50) and m.vte == pytest.approx(448.3333 / 1600, abs=1e-6)
    assert m.fasen_per_jaar["kennismaking"] == pytest.approx(210 / 60 * 50)  # 175
    assert m.startfase_per_jaar == pytest.approx(340 / 60 * 50)  # (55 + 20 + 210 + 55) / 60 × 50 = 283.33
    assert any("197" in note for note in m.opmerkingen)  # the FAQ's inconsistency is told, not hidden
    # Zonnegem: 720 / 120 = 6 h per duo → 300 h → 0.1875 FTE
    z = planner.make_plan(50, "zonnegem")
    assert (z.uren_per_jaar, z.vte) == pytest.approx((300, 0.1875))
    assert z.fasen_per_jaar["opvolging"] == pytest.approx(225 / 120 * 50)  # 93.75
    # Braam: 4265 / 750 = 5.6867 h per duo → 284.33 h → 0.1777 FTE
    b = planner.make_plan(50, "braam")
    assert b.uren_per_jaar == pytest.approx(284.3333, abs=1e-3) and b.vte == pytest.approx(0.177708, abs=1e-6)
    assert sum(b.fasen_per_jaar.values()) == pytest.approx(b.uren_per_jaar)


def test_intensive_norm_is_half_an_fte_for_50_duos() -> None:
    # 0.5 FTE × 1600 h = 800 h for 50 duos; first phase 60 % = 480 h, opvolging 320 h
    plan = planner.make_plan(50, "intensief", years=3, hourly_cost=50)
    assert (plan.uren_per_jaar, plan.vte, plan.uren_per_duo) == pytest.approx((800, 0.5, 16))
    assert plan.startfase_per_jaar == pytest.approx(480) and plan.fasen_per_jaar["opvolging"] == pytest.approx(320)
    assert plan.fasen_per_jaar["werving"] is None  # the FAQ gives no split of the first phase
    assert plan.uren_totaal == pytest.approx(2400)
    assert (plan.kost_personeel_per_jaar_eur, plan.kost_personeel_totaal_eur) == pytest.approx((40_000, 120_000))
    # the norm is in FTE: with a 1700-hour FTE it is still 0.5 FTE, now 850 h
    other = planner.make_plan(50, "intensief", fte_hours=1700)
    assert (other.uren_per_jaar, other.vte) == pytest.approx((850, 0.5))


def _points(duos: list[float], hours: list[float]) -> pl.DataFrame:
    return pl.DataFrame({"initiatief_id": [f"i{k}" for k in range(len(duos))], "duos": duos, "uren": hours,
                         **{f"uren_{p}": [h / 5 for h in hours] for p in PHASES}})


def test_fit_recovers_a_known_slope() -> None:
    duos = [10.0, 20, 40, 80, 160, 320]
    fit = planner.fit_scale(_points(duos, [30 * d ** 0.7 for d in duos]))
    assert fit.slope == pytest.approx(0.7) and math.exp(fit.intercept) == pytest.approx(30)
    median, low, high = fit.predict(50)
    assert median == pytest.approx(30 * 50 ** 0.7) and low == pytest.approx(median) and high == pytest.approx(median)
    assert fit.phase_shares == pytest.approx({p: 0.2 for p in PHASES})


def test_prediction_interval_by_hand() -> None:
    # log x = 0..4, log y = 1 + 0.5 x + e with e = (0, .1, -.2, .1, 0): e sums to 0 and is orthogonal to x,
    # so the fit is exactly intercept 1, slope 0.5. SSE = .06, s² = .06 / 3 = .02, x̄ = 2, Sxx = 10.
    # At x0 = 2: se = √.02 · √(1 + 1/5) = 0.154919; t(.975, 3) = 3.182446; half-width 0.493022
    # → median e² = 7.389, interval e^(2 ∓ 0.493022) = 4.5131 … 12.0978.
    x = [0, 1, 2, 3, 4]
    e = [0, 0.1, -0.2, 0.1, 0]
    fit = planner.fit_scale(_points([math.exp(v) for v in x], [math.exp(1 + 0.5 * v + r) for v, r in zip(x, e)]))
    assert (fit.intercept, fit.slope, fit.residual_sd) == pytest.approx((1, 0.5, math.sqrt(0.02)))
    median, low, high = fit.predict(math.exp(2))
    assert (median, low, high) == pytest.approx((math.exp(2), 4.513070, 12.097786), rel=1e-6)
    # at x0 = 4: se = √.02 · √(1 + 1/5 + 4/10) = 0.178885 → e^(3 ∓ 0.569294) = 11.3669 … 35.4915: wider
    _, low4, high4 = fit.predict(math.exp(4))
    assert (low4, high4) == pytest.approx((11.366912, 35.491503), rel=1e-6)


def test_fit_refuses_too_few_initiatives() -> None:
    with pytest.raises(planner.PlanError, match="Te weinig initiatieven.*4 .*minstens 5"):
        planner.fit_scale(_points([10, 20, 40, 80], [100, 150, 200, 300]))
    with pytest.raises(planner.PlanError, match="evenveel duo's"):
        planner.fit_scale(_points([20] * 6, [100, 110, 120, 130, 140, 150]))


def test_initiative_points_average_the_years_with_hours_and_duos() -> None:
    tijd = pl.DataFrame({
        "initiatief_id": ["a", "a", "a", "a"], "jaar": [2022, 2023, 2024, None],
        "duos_gestart": [10, 30, 0, 40], "uren_totaal": [100.0, 300.0, 50.0, 450.0],
        **{f"uren_{p}": [20.0, 60.0, 10.0, 90.0] for p in PHASES}})
    points = planner.initiative_points(tijd)
    # 2024 has no duos started and the whole-period row is not a year: (10 + 30) / 2 duos, (100 + 300) / 2 h
    assert points.select("duos", "uren").row(0) == (20, 200)


def _tijd_frame(n: int) -> pl.DataFrame:
    """n initiatives over two years with hours = 30 × duos^0.7 a year, split 10/5/40/10/35 %."""
    duos = [10 * 2 ** k for k in range(n)]
    rows = [(f"i{k}", year, d, 30 * d ** 0.7) for k, d in enumerate(duos) for year in (2023, 2024)]
    frame = pl.DataFrame(rows, orient="row", schema={"initiatief_id": pl.String, "jaar": pl.Int64,
                                                     "duos_gestart": pl.Int64, "uren_totaal": pl.Float64})
    split = dict(zip(PHASES, (0.10, 0.05, 0.40, 0.10, 0.35)))
    return frame.with_columns(**{f"uren_{p}": pl.col("uren_totaal") * s for p, s in split.items()})


def _run(argv: list[str], capsys: pytest.CaptureFixture) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="samen")
    parser.add_argument("--lang", default="nl")
    planner.add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    code = args.func(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_prints_a_table_and_json(capsys: pytest.CaptureFixture) -> None:
    code, out, _ = _run(["plan", "--duos", "50", "--profile", "intensief"], capsys)
    assert code == 0
    assert "0,50" in out and "800" in out and "geef --uurkost" in out
    code, out, _ = _run(["plan", "--duos", "40", "--profile", "zonnegem", "--years", "2", "--uurkost", "50",
                         "--json"], capsys)
    data = json.loads(out)
    assert code == 0 and data["profiel"] == "zonnegem" and data["jaren"] == 2
    assert data["uren_per_jaar"] == pytest.approx(240) and data["uren_totaal"] == pytest.approx(480)
    assert data["kost_personeel_totaal_eur"] == pytest.approx(24_000) and data["vte"] == pytest.approx(0.15)
    code, out, _ = _run(["--lang", "en", "plan", "--duos", "50", "--profile", "braam"], capsys)
    assert code == 0 and "FTE (1600 h per FTE a year)" in out and "follow-up" in out


def test_cli_data_profile_fits_the_warehouse(samen_home: Path, capsys: pytest.CaptureFixture) -> None:
    code, _, err = _run(["plan", "--duos", "50", "--profile", "data"], capsys)
    assert code == 2 and "samen run" in err  # no warehouse yet
    with connect(samen_home / "warehouse.duckdb") as con:
        write_mart(con, "tijdsinvestering", _tijd_frame(3))
    code, _, err = _run(["plan", "--duos", "50", "--profile", "data"], capsys)
    assert code == 2 and "Te weinig initiatieven" in err and "3" in err
    with connect(samen_home / "warehouse.duckdb") as con:
        write_mart(con, "tijdsinvestering", _tijd_frame(6))
    code, out, _ = _run(["plan", "--duos", "50", "--profile", "data", "--json"], capsys)
    data = json.loads(out)
    assert code == 0
    assert data["uren_per_jaar"] == pytest.approx(30 * 50 ** 0.7)  # ≈ 463.9 h
    assert data["interval_uren_per_jaar"]["laag"] == pytest.approx(data["uren_per_jaar"])  # an exact fit
    assert data["fasen_per_jaar"]["kennismaking"] == pytest.approx(0.4 * 30 * 50 ** 0.7)
    assert (data["model"]["exponent"], data["model"]["factor"], data["model"]["initiatieven"]) == pytest.approx((0.7, 30, 6))
    code, out, _ = _run(["plan", "--duos", "1000", "--profile", "data"], capsys)
    assert code == 0 and "voorspellingsinterval" in out and "extrapolatie" in out
