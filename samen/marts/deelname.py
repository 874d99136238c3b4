"""Participation: do the duos meet as the model asks, how long do they last, who takes part.

The FAQ's rules: a duo meets at least every two weeks, at least 2 hours per two
weeks, during a period fixed in advance of 6 to 12 months. Every figure is
seen from the as-of date (peildatum): a duo that starts after it does not
exist yet, an end date after it is not known yet (the duo is still active),
and a duo's period for all computations ends at min(einddatum, peildatum).

Status at the as-of date:
- actief: no einddatum on or before the as-of date (an eindreden without an
  einddatum is ignored: without a date the end is not known);
- afgerond: ended with eindreden `afgerond`, or ended without a reason on or
  after the geplande_einddatum;
- vroegtijdig_gestopt: ended with any other reason, or without a reason
  before the geplande_einddatum.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import polars as pl

from samen import fingerprints
from samen.contracts import contracts
from samen.marts.common import LEVELS, duo_status, per_level, staging, with_levels
from samen.marts.local import refresh_local

WINDOW_DAYS = 14  # "minstens tweewekelijks"
RHYTHM_THRESHOLD = 0.75  # share of 14-day windows with a meeting that counts as "meets the biweekly rhythm"
HOURS_NORM = 2.0  # "minstens twee uur per twee weken"
PLANNED_MIN_MONTHS, PLANNED_MAX_MONTHS = 6, 12  # "minimum zes en maximum twaalf maanden"
VERY_EARLY_MONTHS = 3
PARTICIPATION_TRACK_HOURS = 40.0  # the participation-and-network pillar of the inburgeringstraject (since 2023)
DAYS_PER_MONTH = 30.44  # only to express a planned length in months, as the staging rule's message does

DUO_KEY = ["initiatief_id", "duo_id"]
GROUP = ["niveau", "sleutel", "jaar"]

# The public columns of mart.duo_deelname, in order.
DUO_COLUMNS = [
    "initiatief_id", "duo_id", "startdatum", "geplande_einddatum", "einddatum", "status", "eindreden",
    "geplande_maanden", "binnen_kader", "zeer_vroeg_gestopt", "ontmoetingen", "uren", "volledige_periodes_14d",
    "ritme", "uren_per_14d", "dagen_tot_eerste_ontmoeting", "dagen_sinds_laatste_ontmoeting",
    "uren_inburgeraar_totaal", "peildatum",
]


def _codes(dataset: str, column: str) -> tuple[str, ...]:
    return contracts()[dataset].column(column).code_values


def _share(condition: pl.Expr, among: pl.Expr | None = None) -> pl.Expr:
    """Share of rows (within `among`) meeting condition; empty (not NaN) when there are none."""
    cond = condition if among is None else condition.filter(among)
    return pl.when(cond.count() > 0).then(cond.cast(pl.Float64).mean()).otherwise(None)


def _ratio(numerator: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    """numerator / denominator, empty (not NaN or 0) when the denominator is 0."""
    return pl.when(denominator > 0).then(numerator / denominator).otherwise(None)


def _level_rank() -> pl.Expr:
    """Sort levels as LEVELS lists them (initiatief first, totaal last) rather than alphabetically."""
    return pl.col("niveau").replace_strict({level: rank for rank, level in enumerate(LEVELS)}, return_dtype=pl.Int8)


def duo_periods(duos: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """Each duo that started on or before the as-of date, with its status and period seen from that date."""
    start, planned, end = pl.col("startdatum"), pl.col("geplande_einddatum"), pl.col("einddatum")
    ended = end.is_not_null() & (end <= as_of)
    return (
        duos.filter(start <= as_of)
        .with_columns(
            einddatum=pl.when(ended).then(end),
            eindreden=pl.when(ended).then(pl.col("eindreden")),
        )
        .with_columns(
            periode_einde=pl.coalesce(pl.col("einddatum"), pl.lit(as_of)),
            status=duo_status(as_of),
            geplande_maanden=((planned - start).dt.total_days() / DAYS_PER_MONTH).round(1),
            # the same calendar-month bounds as the staging rule geplande_duur_6_12_maanden
            binnen_kader=(planned >= start.dt.offset_by(f"{PLANNED_MIN_MONTHS}mo"))
            & (planned <= start.dt.offset_by(f"{PLANNED_MAX_MONTHS}mo")),
        )
        .with_columns(
            zeer_vroeg_gestopt=(pl.col("status") == "vroegtijdig_gestopt")
            & (pl.col("einddatum") < start.dt.offset_by(f"{VERY_EARLY_MONTHS}mo")),
            # complete 14-day windows [start + 14k, start + 14k + 13] inside the period
            volledige_periodes_14d=((pl.col("periode_einde") - start).dt.total_days() + 1) // WINDOW_DAYS,
            peildatum=pl.lit(as_of),
        )
    )


def meetings_in_period(periods: pl.DataFrame, meetings: pl.DataFrame) -> pl.DataFrame:
    """The meetings that lie inside their duo's period, with the index of their 14-day window."""
    return (
        meetings.join(periods.select(*DUO_KEY, "startdatum", "periode_einde", "volledige_periodes_14d"),
                      on=DUO_KEY, how="inner")
        .filter(pl.col("datum").is_between(pl.col("startdatum"), pl.col("periode_einde")))
        .with_columns(venster=(pl.col("datum") - pl.col("startdatum")).dt.total_days() // WINDOW_DAYS)
    )


def _duo_frame(duos: pl.DataFrame, meetings: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """duo_periods plus each duo's meeting figures; keeps inburgeraar_id and periode_einde for the aggregates."""
    return _duo_frame_and_meetings(duos, meetings, as_of)[0]


def _duo_frame_and_meetings(duos: pl.DataFrame, meetings: pl.DataFrame,
                            as_of: date) -> tuple[pl.DataFrame, pl.DataFrame]:
    """_duo_frame, and the meetings inside their duo's period it was computed from (so that a caller
    needing both joins the meetings to the periods once)."""
    periods = duo_periods(duos, as_of)
    inside = meetings_in_period(periods, meetings)
    complete = pl.col("venster") < pl.col("volledige_periodes_14d")
    stats = inside.group_by(DUO_KEY).agg(
        ontmoetingen=pl.len().cast(pl.Int64),
        uren=pl.col("duur_uren").sum(),
        eerste=pl.col("datum").min(),
        laatste=pl.col("datum").max(),
        vensters_met_ontmoeting=pl.col("venster").filter(complete).n_unique(),
        uren_volledige_vensters=pl.col("duur_uren").filter(complete).sum(),
    )
    windows = pl.col("volledige_periodes_14d")
    frame = (
        periods.join(stats, on=DUO_KEY, how="left")
        .with_columns(pl.col("ontmoetingen", "vensters_met_ontmoeting").fill_null(0),
                      pl.col("uren", "uren_volledige_vensters").fill_null(0.0))
        .with_columns(
            ritme=pl.when(windows > 0).then(pl.col("vensters_met_ontmoeting") / windows),
            uren_per_14d=pl.when(windows > 0).then(pl.col("uren_volledige_vensters") / windows),
            dagen_tot_eerste_ontmoeting=(pl.col("eerste") - pl.col("startdatum")).dt.total_days(),
            dagen_sinds_laatste_ontmoeting=pl.when(pl.col("status") == "actief")
            .then((pl.lit(as_of) - pl.col("laatste")).dt.total_days()),
            # every meeting hour counts toward the 40 hours, summed over all the inburgeraar's duos
            uren_inburgeraar_totaal=pl.col("uren").sum().over("initiatief_id", "inburgeraar_id"),
        )
    )
    return frame, inside


@dataclass(frozen=True)
class Prepared:
    """What the three participation marts share: each duo's frame (_duo_frame) and the meetings inside
    their duo's period summed per initiative, year and activity. Joining every meeting to its duo's
    period is most of the work at scale; both frames are per initiative (see samen/marts/local.py)."""

    frame: pl.DataFrame
    per_activity: pl.DataFrame


def prepare(duos: pl.DataFrame, meetings: pl.DataFrame, as_of: date) -> Prepared:
    frame, inside = _duo_frame_and_meetings(duos, meetings, as_of)
    return Prepared(frame, _meetings_per_activity(frame, meetings, inside))


WORK_TABLES = ("deelname_duo", "deelname_activiteit")


def load_prepared(con: duckdb.DuckDBPyConnection, as_of: date) -> tuple[Prepared, list[str] | None]:
    """prepare() on staging, through the per-initiative work tables (samen/marts/local.py): recomputed only
    for the initiatives whose duos or meetings changed. Also returns those initiatives (None: all)."""
    def compute(initiatives: list[str] | None) -> dict[str, pl.DataFrame]:
        ready = prepare(staging(con, "duos", initiatives), staging(con, "ontmoetingen", initiatives), as_of)
        return dict(zip(WORK_TABLES, (ready.frame, ready.per_activity)))

    basis = fingerprints.digest(as_of, fingerprints.code_fingerprint("samen", "data_contracts"))
    tables, redone = refresh_local(con, "deelname", WORK_TABLES, ["staging.duos", "staging.ontmoetingen"], basis,
                                   compute)
    return Prepared(*(tables[t] for t in WORK_TABLES)), redone


def duo_participation(duos: pl.DataFrame, meetings: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """mart.duo_deelname: one row per duo started on or before the as-of date."""
    return duo_rows(_duo_frame(duos, meetings, as_of))


def duo_rows(frame: pl.DataFrame) -> pl.DataFrame:
    """mart.duo_deelname from a duo frame (_duo_frame, Prepared.frame)."""
    return frame.select(DUO_COLUMNS).sort(DUO_KEY)


def _duo_years(frame: pl.DataFrame) -> pl.DataFrame:
    """One row per duo and calendar year its period overlaps, with what happened to it that year."""
    return (
        frame.with_columns(jaar=pl.int_ranges(pl.col("startdatum").dt.year(),
                                              pl.col("periode_einde").dt.year() + 1, dtype=pl.Int32))
        .explode("jaar")
        .with_columns(
            gestart=pl.col("startdatum").dt.year() == pl.col("jaar"),
            beeindigd=(pl.col("einddatum").dt.year() == pl.col("jaar")).fill_null(False),
        )
    )


def participation(duos: pl.DataFrame, meetings: pl.DataFrame, intake: pl.DataFrame, initiatieven: pl.DataFrame,
                  as_of: date, *, rhythm_threshold: float = RHYTHM_THRESHOLD) -> pl.DataFrame:
    """mart.deelname (see participation_from)."""
    return participation_from(prepare(duos, meetings, as_of), intake, initiatieven, as_of,
                              rhythm_threshold=rhythm_threshold)


def participation_from(shared: Prepared, intake: pl.DataFrame, initiatieven: pl.DataFrame, as_of: date, *,
                       rhythm_threshold: float = RHYTHM_THRESHOLD) -> pl.DataFrame:
    """mart.deelname: one row per level, key and year in which at least one duo was active.

    Duo counts and the rhythm/hours norms use the duos active in the year (their
    ritme and uren_per_14d are over their whole period up to the as-of date);
    completion and early stops use the duos that ended in the year; meetings,
    Dutch practised and the activity mix use the meetings dated in the year; the
    profile uses the distinct inburgeraars of the duos active in the year.
    """
    frame = shared.frame
    years = _duo_years(frame)
    ended, status = pl.col("beeindigd"), pl.col("status")

    needed = years.select("initiatief_id", "jaar", "gestart", "beeindigd", "status", "zeer_vroeg_gestopt",
                          "binnen_kader", "ritme", "uren_per_14d")
    duo_part = per_level(needed, initiatieven, lambda leveled: leveled.group_by(GROUP).agg(
        duos_gestart=pl.col("gestart").sum().cast(pl.Int64),
        duos_actief=pl.len().cast(pl.Int64),
        duos_beeindigd=ended.sum().cast(pl.Int64),
        duos_afgerond=(ended & (status == "afgerond")).sum().cast(pl.Int64),
        duos_vroegtijdig_gestopt=(ended & (status == "vroegtijdig_gestopt")).sum().cast(pl.Int64),
        duos_zeer_vroeg_gestopt=(ended & pl.col("zeer_vroeg_gestopt")).sum().cast(pl.Int64),
        aandeel_afgerond=_share(status == "afgerond", ended),
        aandeel_vroegtijdig_gestopt=_share(status == "vroegtijdig_gestopt", ended),
        aandeel_zeer_vroeg_gestopt=_share(pl.col("zeer_vroeg_gestopt"), ended),
        aandeel_binnen_kader=_share(pl.col("binnen_kader"), pl.col("gestart")),
        duos_beoordeeld=pl.col("ritme").is_not_null().sum().cast(pl.Int64),
        aandeel_ritme=_share(pl.col("ritme") >= rhythm_threshold, pl.col("ritme").is_not_null()),
        aandeel_2u_per_14d=_share(pl.col("uren_per_14d") >= HOURS_NORM - 1e-9,  # tolerate float sums like 1.9999…
                                  pl.col("uren_per_14d").is_not_null()),
        mediaan_uren_per_14d=pl.col("uren_per_14d").median(),
    ))

    per_activity = with_levels(shared.per_activity, initiatieven)
    activity_meetings = pl.col("ontmoetingen")
    meeting_part = per_activity.group_by(GROUP).agg(
        ontmoetingen=activity_meetings.sum(),
        uren=pl.col("uren").sum(),
        aandeel_nederlands_geoefend=_ratio(pl.col("nederlands_ja").sum(), pl.col("nederlands_bekend").sum()),
        **{f"aandeel_activiteit_{code}": _ratio(activity_meetings.filter(pl.col("activiteit") == code).sum(),
                                                activity_meetings.sum())
           for code in _codes("ontmoetingen", "activiteit")},
    )

    profile = (
        intake.filter(pl.col("rol") == "inburgeraar")
        .select("initiatief_id", pl.col("deelnemer_id").alias("inburgeraar_id"), "jaren_in_belgie", "taalniveau",
                "inburgeringstraject", intake_bekend=pl.lit(True))
        .unique(subset=["initiatief_id", "inburgeraar_id"], keep="first")
    )
    people = (
        years.group_by("initiatief_id", "inburgeraar_id", "jaar")
        .agg(beeindigd=ended.any(), uren_inburgeraar_totaal=pl.col("uren_inburgeraar_totaal").first())
        .join(profile, on=["initiatief_id", "inburgeraar_id"], how="left")
        .with_columns(pl.col("intake_bekend").fill_null(False))
    )
    level, track = pl.col("taalniveau"), pl.col("inburgeringstraject")
    in_track_ended = pl.col("beeindigd") & (track == "ja")
    people_part = per_level(people, initiatieven, lambda leveled: leveled.group_by(GROUP).agg(
        inburgeraars=pl.len().cast(pl.Int64),
        inburgeraars_met_intake=pl.col("intake_bekend").sum().cast(pl.Int64),
        mediaan_jaren_in_belgie=pl.col("jaren_in_belgie").median(),
        **{f"aandeel_taalniveau_{code.lower()}": _share(level == code, level.is_not_null())
           for code in _codes("intake", "taalniveau")},
        **{f"aandeel_traject_{code}": _share(track == code, track.is_not_null())
           for code in _codes("intake", "inburgeringstraject")},
        inburgeraars_traject_beeindigd=in_track_ended.sum().cast(pl.Int64),
        aandeel_40_uur=_share(pl.col("uren_inburgeraar_totaal") >= PARTICIPATION_TRACK_HOURS, in_track_ended),
    ))

    # every meeting and every inburgeraar of a year belongs to a duo active that year: duo_part has all keys
    return (
        duo_part.join(meeting_part, on=GROUP, how="left")
        .join(people_part, on=GROUP, how="left")
        .with_columns(pl.col("ontmoetingen").fill_null(0), pl.col("uren").fill_null(0.0),
                      ritme_drempel=pl.lit(rhythm_threshold), peildatum=pl.lit(as_of))
        .sort(_level_rank(), "sleutel", "jaar")
    )


def _meetings_per_activity(periods: pl.DataFrame, meetings: pl.DataFrame,
                           inside: pl.DataFrame | None = None) -> pl.DataFrame:
    """Meetings inside their duo's period, summed per initiative, year of the meeting and activity.

    Summing before repeating rows per level keeps the work small; the duo count adds up
    across initiatives because a duo belongs to one initiative.
    """
    dutch = pl.col("nederlands_geoefend")
    return (
        (meetings_in_period(periods, meetings) if inside is None else inside)
        .group_by("initiatief_id", pl.col("datum").dt.year().cast(pl.Int32).alias("jaar"), "activiteit")
        .agg(
            ontmoetingen=pl.len().cast(pl.Int64),
            uren=pl.col("duur_uren").sum(),
            duos=pl.col("duo_id").n_unique().cast(pl.Int64),
            nederlands_ja=dutch.sum().cast(pl.Int64),
            nederlands_bekend=dutch.count().cast(pl.Int64),
        )
    )


def activities(duos: pl.DataFrame, meetings: pl.DataFrame, initiatieven: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """mart.activiteiten: meetings and hours per activity, level, key and year of the meeting."""
    return activities_from(_meetings_per_activity(duo_periods(duos, as_of), meetings), initiatieven, as_of)


def activities_from(summed: pl.DataFrame, initiatieven: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """activities from the meetings summed per initiative, year and activity (Prepared.per_activity)."""
    per_activity = with_levels(summed, initiatieven)
    return (
        per_activity.group_by(*GROUP, "activiteit")
        .agg(pl.col("ontmoetingen", "uren", "duos", "nederlands_ja", "nederlands_bekend").sum())
        .with_columns(
            aandeel_ontmoetingen=pl.col("ontmoetingen") / pl.col("ontmoetingen").sum().over(GROUP),
            aandeel_uren=pl.col("uren") / pl.col("uren").sum().over(GROUP),
            aandeel_nederlands_geoefend=_ratio(pl.col("nederlands_ja"), pl.col("nederlands_bekend")),
            peildatum=pl.lit(as_of),
        )
        .select(*GROUP, "activiteit", "ontmoetingen", "uren", "duos", "aandeel_ontmoetingen", "aandeel_uren",
                "aandeel_nederlands_geoefend", "peildatum")
        .sort(_level_rank(), "sleutel", "jaar", "activiteit")
    )


# --- what the asset checks test ------------------------------------------------------------------------------


def shares_out_of_range(frame: pl.DataFrame, columns: list[str] | None = None) -> dict[str, int]:
    """Per share column (aandeel_*, ritme, retentie*), the number of values outside 0–1 (NaN counts as outside)."""
    names = columns if columns is not None else [
        c for c in frame.columns if c.startswith(("aandeel_", "ritme", "retentie")) and c != "ritme_drempel"]
    if frame.height == 0 or not names:
        return {}
    counts = frame.select(
        ((pl.col(c).is_nan() | (pl.col(c) < 0) | (pl.col(c) > 1)).fill_null(False).sum().alias(c) for c in names)
    ).row(0, named=True)
    return {c: int(n) for c, n in counts.items() if n}


def duos_with_meetings_missing(duo_rows: pl.DataFrame, meetings: pl.DataFrame, as_of: date) -> int:
    """Duos that have a meeting on or before the as-of date but no row in mart.duo_deelname."""
    logged = meetings.filter(pl.col("datum") <= as_of).select(DUO_KEY).unique()
    return logged.join(duo_rows.select(DUO_KEY), on=DUO_KEY, how="anti").height


def meetings_outside_period(duos: pl.DataFrame, meetings: pl.DataFrame, as_of: date) -> int:
    """Meetings up to the as-of date that lie outside their duo's period (or whose duo is unknown)."""
    logged = meetings.filter(pl.col("datum") <= as_of)
    return logged.height - meetings_in_period(duo_periods(duos, as_of), logged).height


def count_problems(participation_rows: pl.DataFrame, duo_rows: pl.DataFrame) -> dict[str, int]:
    """Rows of mart.deelname whose counts contradict each other or mart.duo_deelname (empty when all agree)."""
    c = pl.col
    problems = participation_rows.select(
        afgerond_plus_vroegtijdig=(c("duos_afgerond") + c("duos_vroegtijdig_gestopt") != c("duos_beeindigd")).sum(),
        zeer_vroeg_boven_vroegtijdig=(c("duos_zeer_vroeg_gestopt") > c("duos_vroegtijdig_gestopt")).sum(),
        gestart_boven_actief=(c("duos_gestart") > c("duos_actief")).sum(),
        beeindigd_boven_actief=(c("duos_beeindigd") > c("duos_actief")).sum(),
    ).row(0, named=True) if participation_rows.height else {}
    started_total = participation_rows.filter(c("niveau") == "totaal")["duos_gestart"].sum()
    return {
        **{name: int(n) for name, n in problems.items() if n},
        **({"totaal_gestart_verschilt_van_duo_deelname": int(started_total - duo_rows.height)}
           if started_total != duo_rows.height else {}),
    }
