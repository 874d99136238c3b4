"""Kaplan–Meier retention of duos on small hand-built sets, checked against a hand calculation."""

from __future__ import annotations

from datetime import date
from math import exp, log, sqrt

import polars as pl
import pytest

from samen.marts import retentie

DUO_SCHEMA = {
    "initiatief_id": pl.String, "duo_id": pl.String, "inburgeraar_id": pl.String, "coach_id": pl.String,
    "startdatum": pl.Date, "geplande_einddatum": pl.Date, "einddatum": pl.Date, "eindreden": pl.String,
}
INITIATIEVEN = pl.DataFrame(
    [("a", "antwerpen", "gemeente", "vlaanderen"), ("b", None, "vzw", "brussel")],
    schema={"initiatief_id": pl.String, "provincie": pl.String, "organisator": pl.String, "regio": pl.String},
    orient="row",
)


def duos(*rows: tuple) -> pl.DataFrame:
    """(initiatief, duo, start, planned end, end, reason) → a staging.duos frame."""
    return pl.DataFrame([(i, d, f"p-{d}", f"c-{d}", s, p, e, r) for i, d, s, p, e, r in rows], schema=DUO_SCHEMA,
                        orient="row")


AS_OF = date(2024, 12, 31)
# Six duos; days observed and whether it is a stop (event):
#   A, B: stopped early on day 14 (two events at 14)
#   C:    started 10/12, still active at the as-of date: censored on day 21
#   D:    stopped early on day 35 (event)
#   E:    completed at its planned end 01/07 (day 182): censored, not a stop
#   F:    planned end 01/09 (day 184) passed, still running: censored at the planned end
SIX = duos(
    ("a", "A", date(2024, 1, 1), date(2025, 1, 1), date(2024, 1, 15), "vroegtijdig_inburgeraar"),
    ("a", "B", date(2024, 1, 1), date(2025, 1, 1), date(2024, 1, 15), "verhuisd"),
    ("a", "C", date(2024, 12, 10), date(2025, 12, 10), None, None),
    ("a", "D", date(2024, 1, 1), date(2025, 1, 1), date(2024, 2, 5), "vroegtijdig_samen"),
    ("a", "E", date(2024, 1, 1), date(2024, 7, 1), date(2024, 7, 1), "afgerond"),
    ("a", "F", date(2024, 3, 1), date(2024, 9, 1), None, None),
)


def _curve(frame: pl.DataFrame, niveau: str = "initiatief", sleutel: str = "a", cohort: str = "2024") -> pl.DataFrame:
    return frame.filter(niveau=niveau, sleutel=sleutel, cohort=cohort).sort("week")


def test_survival_times_censor_at_as_of_and_at_planned_end() -> None:
    times = retentie.survival_times(SIX, AS_OF).sort("duo_id")
    assert times["dagen"].to_list() == [14, 14, 21, 35, 182, 184]
    assert times["gestopt"].to_list() == [True, True, False, True, False, False]


def test_kaplan_meier_matches_the_hand_calculation() -> None:
    curve = _curve(retentie.retention(SIX, INITIATIEVEN, AS_OF))
    # Hand calculation (n = duos observed at least t days, d = stops on day t):
    #   t=14: n=6, d=2 → S = 4/6 = 2/3;  Greenwood sum g = 2/(6·4) = 1/12
    #   t=21: C censored (n goes 4 → 3)
    #   t=35: n=3, d=1 → S = 2/3 · 2/3 = 4/9;  g = 1/12 + 1/(3·2) = 1/4
    #   t=182, 184: E and F censored; nobody is observed beyond day 184 (week 26 = day 182, week 27 = day 189)
    # log-log interval: se = √g / |ln S|, bounds = S^exp(±1.96·se)
    #   2/3: se = 0.288675/0.405465 = 0.711960, exp(1.96·se) = 4.036657 → 0.194617 … 0.904434
    #   4/9: se = 0.5/0.810930 = 0.616576,      exp(1.96·se) = 3.348346 → 0.066187 … 0.784908
    # (the same numbers as lifelines' KaplanMeierFitter on durations [14,14,21,35,182,184], events [1,1,0,1,0,0])
    by_week = {r["week"]: r for r in curve.iter_rows(named=True)}
    assert by_week[0]["retentie"] == 1.0 and by_week[0]["in_risico"] == 6
    assert by_week[1]["retentie"] == 1.0 and by_week[1]["retentie_ondergrens"] == 1.0
    assert by_week[2]["retentie"] == pytest.approx(2 / 3) and by_week[2]["in_risico"] == 6
    assert by_week[2]["gestopt"] == 2
    assert by_week[2]["retentie_ondergrens"] == pytest.approx(0.194617, abs=1e-6)
    assert by_week[2]["retentie_bovengrens"] == pytest.approx(0.904434, abs=1e-6)
    assert by_week[3]["retentie"] == pytest.approx(2 / 3) and by_week[3]["in_risico"] == 4
    assert by_week[4]["in_risico"] == 3
    assert by_week[5]["retentie"] == pytest.approx(4 / 9) and by_week[5]["gestopt"] == 3
    assert by_week[5]["retentie_ondergrens"] == pytest.approx(0.066187, abs=1e-6)
    assert by_week[5]["retentie_bovengrens"] == pytest.approx(0.784908, abs=1e-6)
    # the closed formula for the interval at 4/9
    s, g = 4 / 9, 0.25
    spread = exp(retentie.Z95 * sqrt(g) / abs(log(s)))
    assert by_week[5]["retentie_ondergrens"] == pytest.approx(s ** spread)
    # milestones: 3 months = week 13, 6 months = week 26; beyond the last observation (day 184) nothing
    assert by_week[13]["maanden"] == 3 and by_week[13]["retentie"] == pytest.approx(4 / 9)
    assert by_week[26]["maanden"] == 6 and by_week[26]["in_risico"] == 2
    assert by_week[27]["in_risico"] == 0 and by_week[27]["retentie"] is None
    assert by_week[52]["maanden"] == 12 and by_week[52]["retentie"] is None
    assert curve.height == 53 and set(curve["duos"]) == {6}


def test_active_duos_are_censored_not_stopped() -> None:
    # Three active duos and one early stop on day 10, as-of 30/01: the active ones never lower the curve.
    frame = duos(
        ("a", "A", date(2024, 1, 1), date(2024, 7, 1), None, None),
        ("a", "B", date(2024, 1, 1), date(2024, 7, 1), None, None),
        ("a", "C", date(2024, 1, 16), date(2024, 7, 16), None, None),
        ("a", "D", date(2024, 1, 1), date(2024, 7, 1), date(2024, 1, 11), "vroegtijdig_coach"),
    )
    curve = _curve(retentie.retention(frame, INITIATIEVEN, date(2024, 1, 30)))
    # t=10: n=4, d=1 → S = 3/4; C is censored at day 14, A and B at day 29 (the as-of date)
    assert curve.filter(week=1)["retentie"].item() == 1.0
    assert curve.filter(week=2)["retentie"].item() == pytest.approx(0.75)
    assert curve.filter(week=2)["in_risico"].item() == 3  # C (14 days) is still observed on day 14
    assert curve.filter(week=3)["in_risico"].item() == 2
    assert curve.filter(week=4)["retentie"].item() == pytest.approx(0.75)
    assert curve.filter(week=5)["in_risico"].item() == 0 and curve.filter(week=5)["retentie"].item() is None
    assert curve["gestopt"].max() == 1


def test_all_active_keeps_retention_at_one_with_a_degenerate_interval() -> None:
    frame = duos(("a", "A", date(2024, 1, 1), date(2024, 7, 1), None, None))
    curve = _curve(retentie.retention(frame, INITIATIEVEN, date(2024, 2, 1)))
    observed = curve.filter(pl.col("in_risico") > 0)
    assert observed.height == 5  # days 0, 7, 14, 21, 28 ≤ 31 days observed
    assert set(observed["retentie"]) == {1.0} == set(observed["retentie_ondergrens"])


def test_a_curve_that_reaches_zero_stays_zero() -> None:
    frame = duos(("a", "A", date(2024, 1, 1), date(2024, 7, 1), date(2024, 1, 8), "vroegtijdig_coach"))
    curve = _curve(retentie.retention(frame, INITIATIEVEN, date(2024, 6, 1)))
    assert curve.filter(week=0)["retentie"].item() == 1.0
    assert set(curve.filter(pl.col("week") >= 1)["retentie"]) == {0.0}
    assert set(curve.filter(pl.col("week") >= 1)["retentie_bovengrens"]) == {0.0}


def test_stopping_after_the_planned_end_is_not_a_drop_out() -> None:
    # Planned end 01/07 (day 182); it ended 15/08 with reason 'verhuisd': censored at day 182.
    frame = duos(("a", "A", date(2024, 1, 1), date(2024, 7, 1), date(2024, 8, 15), "verhuisd"))
    times = retentie.survival_times(frame, date(2024, 12, 31))
    assert times.select("cohort", "dagen", "gestopt").row(0) == ("2024", 182, False)


def test_as_of_before_a_duos_start_leaves_it_out() -> None:
    frame = SIX.vstack(duos(("a", "G", date(2025, 2, 1), date(2025, 8, 1), None, None)))
    result = retentie.retention(frame, INITIATIEVEN, AS_OF)
    assert set(result["cohort"]) == {"2024", "alle"}
    assert set(result.filter(niveau="totaal")["duos"]) == {6}
    # and at an as-of date before every start there is no curve at all
    assert retentie.retention(frame, INITIATIEVEN, date(2023, 12, 31)).height == 0


def test_levels_and_cohorts() -> None:
    frame = SIX.vstack(duos(
        ("b", "X", date(2023, 6, 1), date(2024, 6, 1), date(2023, 7, 1), "vroegtijdig_coach"),
        ("b", "Y", date(2024, 2, 1), date(2024, 8, 1), date(2024, 8, 1), "afgerond"),
    ))
    result = retentie.retention(frame, INITIATIEVEN, AS_OF)
    groups = result.select("niveau", "sleutel", "cohort", "duos").unique().sort("niveau", "sleutel", "cohort")
    assert groups.rows() == [
        ("initiatief", "a", "2024", 6), ("initiatief", "a", "alle", 6),
        ("initiatief", "b", "2023", 1), ("initiatief", "b", "2024", 1), ("initiatief", "b", "alle", 2),
        ("organisator", "gemeente", "2024", 6), ("organisator", "gemeente", "alle", 6),
        ("organisator", "vzw", "2023", 1), ("organisator", "vzw", "2024", 1), ("organisator", "vzw", "alle", 2),
        ("provincie", "antwerpen", "2024", 6), ("provincie", "antwerpen", "alle", 6),  # Brussels has no province
        ("regio", "brussel", "2023", 1), ("regio", "brussel", "2024", 1), ("regio", "brussel", "alle", 2),
        ("regio", "vlaanderen", "2024", 6), ("regio", "vlaanderen", "alle", 6),
        ("totaal", "totaal", "2023", 1), ("totaal", "totaal", "2024", 7), ("totaal", "totaal", "alle", 8),
    ]
    assert result.height == groups.height * 53
    assert set(result["peildatum"]) == {AS_OF}
    # X stopped on day 30: in the whole of b, t=30: n=2, d=1 → S = 1/2 from week 5
    assert _curve(result, sleutel="b", cohort="alle").filter(week=5)["retentie"].item() == pytest.approx(0.5)
    assert retentie.curve_problems(result) == {}


def test_curve_problems_catch_a_rising_curve_and_misplaced_bounds() -> None:
    good = _curve(retentie.retention(SIX, INITIATIEVEN, AS_OF))
    rising = good.with_columns(retentie=pl.when(pl.col("week") == 10).then(0.9).otherwise(pl.col("retentie")))
    problems = retentie.curve_problems(rising)
    assert problems["stijgt"] == 1 and problems["grens_rond_schatting"] == 1


def test_empty_input_gives_an_empty_mart() -> None:
    result = retentie.retention(duos(), INITIATIEVEN, AS_OF)
    assert result.height == 0 and "retentie_ondergrens" in result.columns
