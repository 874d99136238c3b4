"""The FAQ's phases seen from the people: the funnel, the waiting list and the recruitment channels.

A person is an intake row (deelnemer_id + rol) of an initiative. Their steps:
signed up (aanmelddatum) → intake done (intake datum) → matched (appears in a
duo of the same initiative in the column of their role) → started (a meeting
is logged in one of their duos) → ended, completed or early. Each person counts
once per step, however many duos they had: a coach matched twice is one coach.
People who appear in a duo but have no intake row are not in these marts (the
`deelnemers_zonder_intake` check counts them).
"""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl

from samen.marts.common import LEVELS, duo_status, staging, with_levels

ROLES = ("inburgeraar", "coach")
ROLE_COLUMN = {"inburgeraar": "inburgeraar_id", "coach": "coach_id"}
# A person waiting longer than this is probably no longer available: the waiting list shows how many.
LONG_WAIT_DAYS = 365
UNKNOWN_CHANNEL = "onbekend"

# (name, from-date, to-date) of the intervals whose median and 80th percentile the funnel reports.
INTERVALS = (
    ("aanmelding_intake", "aanmelddatum", "intakedatum"),
    ("intake_koppeling", "intakedatum", "koppeldatum"),
    ("koppeling_ontmoeting", "koppeldatum", "eerste_ontmoeting"),
    ("aanmelding_ontmoeting", "aanmelddatum", "eerste_ontmoeting"),
)


def _ratio(num: str, den: str) -> pl.Expr:
    """num / den, empty (not 0 or NaN) when nobody reached the step before."""
    return pl.when(pl.col(den) > 0).then(pl.col(num) / pl.col(den)).otherwise(None)


def _days(start: str, end: str) -> pl.Expr:
    """Whole days from start to end; a negative interval (steps logged out of order) is left out."""
    days = (pl.col(end) - pl.col(start)).dt.total_days()
    return pl.when(days >= 0).then(days).otherwise(None)


def _duo_outcomes(duos: pl.DataFrame, meetings: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """Per duo: its first meeting and whether it is active, completed or stopped early at the as-of date."""
    first_meeting = meetings.group_by("initiatief_id", "duo_id").agg(eerste_ontmoeting=pl.col("datum").min())
    return (
        duos.select("initiatief_id", "duo_id", "inburgeraar_id", "coach_id", "startdatum", "geplande_einddatum",
                    "einddatum", "eindreden")
        .join(first_meeting, on=["initiatief_id", "duo_id"], how="left")
        .with_columns(uitkomst=duo_status(as_of))
    )


def participants(intake: pl.DataFrame, duos: pl.DataFrame, meetings: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """One row per person with the date of each step they reached and their outcome.

    - jaar: year of sign-up, or of the intake when aanmelddatum is missing;
    - koppeldatum: start of their first duo; eerste_ontmoeting: first meeting in any of their duos;
    - status: afgerond when a duo of theirs was completed, vroegtijdig_gestopt when all their duos
      ended and none was completed, else lopend; only for people who started (had a meeting),
      so that each step is a subset of the one before.
    """
    outcomes = _duo_outcomes(duos, meetings, as_of)
    links = pl.concat([
        outcomes.select("initiatief_id", pl.col(column).alias("deelnemer_id"), pl.lit(rol).alias("rol"),
                        "startdatum", "eerste_ontmoeting", "uitkomst")
        for rol, column in ROLE_COLUMN.items()
    ])
    per_person = links.group_by("initiatief_id", "deelnemer_id", "rol").agg(
        koppeldatum=pl.col("startdatum").min(),
        eerste_ontmoeting=pl.col("eerste_ontmoeting").min(),
        aantal_duos=pl.len(),
        ooit_afgerond=(pl.col("uitkomst") == "afgerond").any(),
        nog_actief=(pl.col("uitkomst") == "actief").any(),
    )
    people = (
        intake.select("initiatief_id", "deelnemer_id", "rol", "aanmelddatum", pl.col("datum").alias("intakedatum"),
                      "toeleiding")
        .join(per_person, on=["initiatief_id", "deelnemer_id", "rol"], how="left")
        .with_columns(
            jaar=pl.coalesce("aanmelddatum", "intakedatum").dt.year(),
            gekoppeld=pl.col("koppeldatum").is_not_null(),
            gestart=pl.col("eerste_ontmoeting").is_not_null(),
            aantal_duos=pl.col("aantal_duos").fill_null(0),
        )
        .with_columns(
            status=pl.when(~pl.col("gestart")).then(None)
            .when(pl.col("ooit_afgerond")).then(pl.lit("afgerond"))
            .when(pl.col("nog_actief")).then(pl.lit("lopend"))
            .otherwise(pl.lit("vroegtijdig_gestopt")),
            **{f"dagen_{name}": _days(start, end) for name, start, end in INTERVALS},
        )
    )
    return people.drop("ooit_afgerond", "nog_actief")


def load_participants(con: duckdb.DuckDBPyConnection, as_of: date) -> pl.DataFrame:
    """participants() on the staging tables.

    `participants` needs only each duo's first meeting, so DuckDB hands over one row per duo instead of
    every meeting (at `large`: 0.4 M rows instead of 6 M; the result is the same)."""
    first_meetings = con.sql("SELECT initiatief_id, duo_id, min(datum) AS datum FROM staging.ontmoetingen "
                             "GROUP BY initiatief_id, duo_id").pl()
    return participants(staging(con, "intake"), staging(con, "duos"), first_meetings, as_of)


def _level_order(frame: pl.DataFrame, *by: str) -> pl.DataFrame:
    return frame.sort(pl.col("niveau").replace_strict(LEVELS, range(len(LEVELS)), return_dtype=pl.Int8), *by)


def funnel(people: pl.DataFrame, initiatieven: pl.DataFrame) -> pl.DataFrame:
    """mart.fasen: per level, year of sign-up and role, the count at each step, the conversion between
    consecutive steps and the median and 80th percentile (linear interpolation) of the days between them."""
    stats = [
        expr
        for name, _, _ in INTERVALS
        for expr in (pl.col(f"dagen_{name}").median().alias(f"mediaan_dagen_{name}"),
                     pl.col(f"dagen_{name}").quantile(0.8, "linear").alias(f"p80_dagen_{name}"))
    ]
    counts = (
        with_levels(people, initiatieven)
        .group_by("niveau", "sleutel", "jaar", "rol")
        .agg(
            aangemeld=pl.len(),
            intake_gedaan=pl.col("intakedatum").is_not_null().sum(),
            gekoppeld=pl.col("gekoppeld").sum(),
            gestart=pl.col("gestart").sum(),
            afgerond=(pl.col("status") == "afgerond").sum(),
            vroegtijdig_gestopt=(pl.col("status") == "vroegtijdig_gestopt").sum(),
            lopend=(pl.col("status") == "lopend").sum(),
            *stats,
        )
    )
    return _level_order(
        counts.select(
            "niveau", "sleutel", "jaar", "rol",
            *[pl.col(c).cast(pl.Int64) for c in ("aangemeld", "intake_gedaan", "gekoppeld", "gestart", "afgerond",
                                                  "vroegtijdig_gestopt", "lopend")],
            _ratio("intake_gedaan", "aangemeld").alias("conversie_aanmelding_intake"),
            _ratio("gekoppeld", "intake_gedaan").alias("conversie_intake_koppeling"),
            _ratio("gestart", "gekoppeld").alias("conversie_koppeling_start"),
            _ratio("afgerond", "gestart").alias("conversie_start_afgerond"),
            _ratio("vroegtijdig_gestopt", "gestart").alias("conversie_start_vroegtijdig"),
            *[pl.col(e.meta.output_name()).cast(pl.Float64) for e in stats],
        ),
        "sleutel", "jaar", "rol",
    )


def waiting_list(people: pl.DataFrame, initiatieven: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """mart.wachtlijst: at the as-of date, per level and role, the people with an intake and no duo, how long
    they have waited since the intake, and the balance of waiting newcomers against waiting coaches."""
    waiting = pl.col("wacht")
    days = pl.col("dagen_wachten")
    levels = with_levels(
        people.with_columns(wacht=~pl.col("gekoppeld"),
                            dagen_wachten=(pl.lit(as_of) - pl.col("intakedatum")).dt.total_days()),
        initiatieven,
    )
    grid = levels.select("niveau", "sleutel").unique().join(pl.DataFrame({"rol": list(ROLES)}), how="cross")
    per_role = (
        grid.join(
            levels.group_by("niveau", "sleutel", "rol").agg(
                wachtend=waiting.sum(),
                mediaan_dagen_wachten=days.filter(waiting).median(),
                langste_dagen_wachten=days.filter(waiting).max(),
                wachtend_langer_dan_365_dagen=(waiting & (days > LONG_WAIT_DAYS)).sum(),
            ),
            on=["niveau", "sleutel", "rol"], how="left",
        )
        .with_columns(pl.col("wachtend", "wachtend_langer_dan_365_dagen").fill_null(0).cast(pl.Int64),
                      pl.col("mediaan_dagen_wachten").cast(pl.Float64),
                      pl.col("langste_dagen_wachten").cast(pl.Int64))
    )
    balance = per_role.group_by("niveau", "sleutel").agg(
        wachtende_inburgeraars=pl.col("wachtend").filter(pl.col("rol") == "inburgeraar").sum(),
        wachtende_coaches=pl.col("wachtend").filter(pl.col("rol") == "coach").sum(),
    ).with_columns(saldo_inburgeraars_min_coaches=pl.col("wachtende_inburgeraars") - pl.col("wachtende_coaches"))
    balance = balance.with_columns(
        te_werven=pl.when(pl.col("saldo_inburgeraars_min_coaches") > 0).then(pl.lit("coaches"))
        .when(pl.col("saldo_inburgeraars_min_coaches") < 0).then(pl.lit("inburgeraars"))
        .otherwise(pl.lit("evenwicht"))
    )
    return _level_order(
        per_role.join(balance, on=["niveau", "sleutel"], how="left").select(
            "niveau", "sleutel", "rol", pl.lit(as_of).alias("peildatum"), "wachtend", "mediaan_dagen_wachten",
            "langste_dagen_wachten", "wachtend_langer_dan_365_dagen", "wachtende_inburgeraars", "wachtende_coaches",
            "saldo_inburgeraars_min_coaches", "te_werven",
        ),
        "sleutel", "rol",
    )


def channels(people: pl.DataFrame, initiatieven: pl.DataFrame) -> pl.DataFrame:
    """mart.toeleiding: per channel, level, year of sign-up and role, the sign-ups and how many of them
    were matched and completed — which partners bring people who stay."""
    counts = (
        with_levels(people.with_columns(pl.col("toeleiding").fill_null(UNKNOWN_CHANNEL)), initiatieven)
        .group_by("niveau", "sleutel", "jaar", "rol", "toeleiding")
        .agg(
            aangemeld=pl.len(),
            gekoppeld=pl.col("gekoppeld").sum(),
            afgerond=(pl.col("status") == "afgerond").sum(),
            vroegtijdig_gestopt=(pl.col("status") == "vroegtijdig_gestopt").sum(),
        )
        .with_columns(pl.col("aangemeld", "gekoppeld", "afgerond", "vroegtijdig_gestopt").cast(pl.Int64))
        .with_columns(beeindigd=pl.col("afgerond") + pl.col("vroegtijdig_gestopt"))
    )
    return _level_order(
        counts.select(
            "niveau", "sleutel", "jaar", "rol", "toeleiding", "aangemeld", "gekoppeld", "afgerond",
            "vroegtijdig_gestopt",
            aandeel_gekoppeld=_ratio("gekoppeld", "aangemeld"),
            aandeel_afgerond=_ratio("afgerond", "aangemeld"),
            aandeel_afgerond_van_beeindigd=_ratio("afgerond", "beeindigd"),
        ),
        "sleutel", "jaar", "rol", "toeleiding",
    )


# --- the checks' computations ------------------------------------------------------------------------------


def funnel_breaks(fasen: pl.DataFrame) -> pl.DataFrame:
    """Rows of mart.fasen where a step holds more people than the step before it (must be none)."""
    return fasen.filter(
        (pl.col("intake_gedaan") > pl.col("aangemeld"))
        | (pl.col("gekoppeld") > pl.col("intake_gedaan"))
        | (pl.col("gestart") > pl.col("gekoppeld"))
        | (pl.col("afgerond") + pl.col("vroegtijdig_gestopt") + pl.col("lopend") != pl.col("gestart"))
    )


def participants_without_intake(intake: pl.DataFrame, duos: pl.DataFrame) -> dict[str, int]:
    """Per initiative, the duo participants (newcomer or coach) with no intake row: absent from the funnel."""
    linked = pl.concat([
        duos.select("initiatief_id", pl.col(column).alias("deelnemer_id"), pl.lit(rol).alias("rol"))
        for rol, column in ROLE_COLUMN.items()
    ]).unique()
    missing = linked.join(intake.select("initiatief_id", "deelnemer_id", "rol"),
                          on=["initiatief_id", "deelnemer_id", "rol"], how="anti")
    counted = missing.group_by("initiatief_id").len().sort("initiatief_id")
    return dict(zip(counted["initiatief_id"].to_list(), counted["len"].to_list()))
