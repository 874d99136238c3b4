"""Retention of duos: a Kaplan–Meier curve by weeks since the start, per level, key and start-year cohort.

The event is an early stop (status vroegtijdig_gestopt before the planned end).
A duo is censored — still in the programme as far as we know — at the as-of
date while active, at its end when it was completed, and at its planned end at
the latest: reaching the geplande_einddatum is success, not drop-out, so a duo
that runs on (or stops for any reason) after its planned end does not count as
a stop. Time is counted in days and the curve is read at whole weeks 0..52.

Confidence interval: 95 %, Greenwood's variance on the log(−log S) scale (the
"exponential Greenwood" interval, lifelines' default), which stays within 0–1:
    v(t) = Σ d/(n(n−d)) / (ln S(t))²,  bounds = S(t) ^ exp(± z √v(t)).
It is 1–1 before the first stop and 0–0 once the curve reaches 0.
"""

from __future__ import annotations

from datetime import date
from statistics import NormalDist

import polars as pl

from samen.marts.common import LEVELS, with_levels
from samen.marts.deelname import duo_periods

MAX_WEEKS = 52
MILESTONES = {13: 3, 26: 6, 52: 12}  # week → months reported as "retention at 3, 6 and 12 months"
ALL_COHORTS = "alle"
Z95 = NormalDist().inv_cdf(0.975)
GROUP = ["niveau", "sleutel", "cohort"]


def survival_times(duos: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """Per duo started on or before the as-of date: observed days (dagen) and whether it stopped early (gestopt)."""
    end = pl.min_horizontal("periode_einde", "geplande_einddatum")
    return duo_periods(duos, as_of).select(
        "initiatief_id", "duo_id",
        cohort=pl.col("startdatum").dt.year().cast(pl.String),
        dagen=(end - pl.col("startdatum")).dt.total_days().clip(lower_bound=0),
        gestopt=(pl.col("status") == "vroegtijdig_gestopt") & (pl.col("einddatum") < pl.col("geplande_einddatum")),
    )


def kaplan_meier(times: pl.DataFrame, by: list[str], *, max_weeks: int = MAX_WEEKS, z: float = Z95) -> pl.DataFrame:
    """Kaplan–Meier read at weeks 0..max_weeks per group of `by`, from columns dagen (int) and gestopt (bool).

    S(t) = Π over stop days t_i ≤ t of (1 − d_i / n_i), n_i = duos observed at least t_i days.
    The estimate is left empty where no duo of the group is still observed (in_risico = 0)
    unless it already reached 0: beyond the longest observation there is nothing to estimate.
    """
    steps = (
        times.group_by(*by, "dagen")
        .agg(d=pl.col("gestopt").sum().cast(pl.Int64), weg=pl.len().cast(pl.Int64))
        .sort(*by, "dagen")
        .with_columns(n=pl.col("weg").cum_sum(reverse=True).over(by))
        .with_columns(
            log_s=(1 - pl.col("d") / pl.col("n")).log().cum_sum().over(by),
            greenwood=pl.when(pl.col("n") > pl.col("d"))
            .then(pl.col("d") / (pl.col("n") * (pl.col("n") - pl.col("d"))))
            .otherwise(float("inf")).cum_sum().over(by),
            gestopt=pl.col("d").cum_sum().over(by),
            weg_tot=pl.col("weg").cum_sum().over(by),
        )
    )
    totals = times.group_by(by).agg(duos=pl.len().cast(pl.Int64))
    weeks = pl.DataFrame({"week": range(max_weeks + 1)}, schema={"week": pl.Int64})
    grid = totals.join(weeks, how="cross").with_columns(dag=pl.col("week") * 7).sort("dag")
    at_t = steps.select(*by, "dagen", "log_s", "greenwood", "gestopt").sort("dagen")
    before_t = steps.select(*by, "dagen", "weg_tot").sort("dagen")
    curve = (
        grid.join_asof(at_t, left_on="dag", right_on="dagen", by=by, strategy="backward", check_sortedness=False)
        .drop("dagen")
        .join_asof(before_t, left_on="dag", right_on="dagen", by=by, strategy="backward",
                   allow_exact_matches=False, check_sortedness=False)
        .with_columns(
            in_risico=pl.col("duos") - pl.col("weg_tot").fill_null(0),
            gestopt=pl.col("gestopt").fill_null(0),
            s=pl.col("log_s").fill_null(0.0).exp(),
            log_s=pl.col("log_s").fill_null(0.0),
            greenwood=pl.col("greenwood").fill_null(0.0),
        )
    )
    s, log_s = pl.col("s"), pl.col("log_s")
    spread = (z * pl.col("greenwood").sqrt() / log_s.abs()).exp()
    inner = (s > 0) & (s < 1)
    known = (pl.col("in_risico") > 0) | (s == 0)
    return (
        curve.with_columns(
            retentie=s,
            retentie_ondergrens=pl.when(inner).then(s.pow(spread)).otherwise(s),
            retentie_bovengrens=pl.when(inner).then(s.pow(1 / spread)).otherwise(s),
        )
        .with_columns(pl.when(known).then(pl.col(c)).alias(c)
                      for c in ("retentie", "retentie_ondergrens", "retentie_bovengrens"))
        .with_columns(maanden=pl.col("week").replace_strict(MILESTONES, default=None, return_dtype=pl.Int64))
        .select(*by, "week", "maanden", "duos", "in_risico", "gestopt", "retentie", "retentie_ondergrens",
                "retentie_bovengrens")
        .sort(*by, "week")
    )


def retention(duos: pl.DataFrame, initiatieven: pl.DataFrame, as_of: date, *,
              max_weeks: int = MAX_WEEKS) -> pl.DataFrame:
    """mart.retentie: weekly Kaplan–Meier retention per level, key and start-year cohort (and `alle` cohorts)."""
    times = survival_times(duos, as_of)
    both = pl.concat([times, times.with_columns(cohort=pl.lit(ALL_COHORTS))])
    rank = {level: i for i, level in enumerate(LEVELS)}
    return (
        kaplan_meier(with_levels(both, initiatieven), GROUP, max_weeks=max_weeks)
        .with_columns(peildatum=pl.lit(as_of))
        .sort(pl.col("niveau").replace_strict(rank, return_dtype=pl.Int8), "sleutel", "cohort", "week")
    )


def curve_problems(frame: pl.DataFrame) -> dict[str, int]:
    """Rows breaking what a survival curve must obey: bounds around the estimate, never rising week to week."""
    if frame.height == 0:
        return {}
    r, lo, hi = pl.col("retentie"), pl.col("retentie_ondergrens"), pl.col("retentie_bovengrens")
    eps = 1e-12
    counts = frame.sort(*GROUP, "week").select(
        grens_rond_schatting=((lo > r + eps) | (hi < r - eps)).fill_null(False).sum(),
        stijgt=(r > r.shift(1).over(GROUP) + eps).fill_null(False).sum(),
    ).row(0, named=True)
    return {k: int(v) for k, v in counts.items() if v}
