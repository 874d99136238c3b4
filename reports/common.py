"""What the jaarrapport and the initiatiefrapport share: the marts read once, labels, the share guard,
and the tables and charts both reports print (participation, rhythm, retention, impact, goals, leverage).

Figures come from the marts as they are: a table's frame holds mart values, and the framework
(`reports.render.prepare`) applies the small-count rule from the column kinds. The only numbers
computed here are presentational (months from weeks, rhythm bins from `mart.duo_deelname`, the
handbook examples per year), and each is documented where it is made.

The share guard (`guard`): a share shown next to a rounded count can give the small count away
(3 of 11 is 27 %; with n shown as 10 a reader finds the 3). Below the level of all of Flanders and
Brussels a share is therefore also withheld when the group it counts, or the rest of its n, holds
1 to 9 persons or duos. The guard is a column with the share's n (null when withheld) that the
table names as the share's `n=`, so `reports.privacy.protect` withholds the share and
`privacy.violations` checks it like any other statistic.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Sequence

import duckdb
import polars as pl

from reports import privacy
from reports.datakwaliteit import quality_counts
from reports.formatting import euro, integer, number, percent
from reports.i18n import code_label, t
from reports.render import COUNT, EURO, HOURS, NUMBER, PERCENT, PLAIN, TEXT, Column, Figure, Table, figure
from samen.contracts import phases

MART_TABLES = (
    "deelname", "duo_deelname", "retentie", "activiteiten", "tijdsinvestering", "tijdsinvestering_vergelijking",
    "tijdsinvestering_niveau", "coordinatie_uren", "impact", "impact_vergelijking", "doelen", "fasen",
    "wachtlijst", "toeleiding", "hefboom",
)
# The columns of mart.duo_deelname a report needs: no duo or participant id leaves the warehouse.
DUO_COLUMNS = ("initiatief_id", "startdatum", "einddatum", "status", "ritme", "uren_per_14d", "peildatum")
TOTAL = "totaal"
PHASES = phases()  # from the coordinator contract
SCORES = ("score_nederlands", "score_thuis", "score_netwerk", "score_diensten", "score_zelfredzaam",
          "score_leefwereld")
DAYS_PER_MONTH = 30.4375  # to draw the weekly retention curve against months (365.25 / 12)


class MartsMissing(RuntimeError):
    """The warehouse has no (or not all) marts yet: run the pipeline first."""

    def __init__(self, missing: Sequence[str]) -> None:
        self.missing = list(missing)
        super().__init__("mart tables missing: " + ", ".join(f"mart.{name}" for name in self.missing))


@dataclass
class Marts:
    """Every mart a report reads, loaded once from a read-only connection, plus the registry and file counts."""

    frames: dict[str, pl.DataFrame]
    registry: pl.DataFrame
    quality: pl.DataFrame
    as_of: date | None = None
    _names: dict[str, str] = field(default_factory=dict)

    def __getattr__(self, name: str) -> pl.DataFrame:
        frames = self.__dict__.get("frames", {})
        if name in frames:
            return frames[name]
        raise AttributeError(name)

    def name(self, initiatief_id: str) -> str:
        """The initiative's name from the registry (its id when it is not registered)."""
        if not self._names:
            self._names = dict(zip(self.registry["initiatief_id"].to_list(), self.registry["naam"].to_list()))
        return self._names.get(initiatief_id) or initiatief_id

    def attributes(self, initiatief_id: str) -> dict:
        rows = self.registry.filter(pl.col("initiatief_id") == initiatief_id)
        return rows.row(0, named=True) if rows.height else {"initiatief_id": initiatief_id, "naam": initiatief_id}


_REGISTRY_SCHEMA = {"initiatief_id": pl.String, "naam": pl.String, "regio": pl.String, "provincie": pl.String,
                    "organisator": pl.String, "uurkost_eur": pl.Float64, "fte_uren_per_jaar": pl.Float64}

def _tables(con: duckdb.DuckDBPyConnection, schema: str) -> set[str]:
    rows = con.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = ?", [schema]).fetchall()
    return {r[0] for r in rows}


def load_marts(con: duckdb.DuckDBPyConnection) -> Marts:
    """Read every mart the reports use (one connection, read-only); MartsMissing when the pipeline has not run."""
    present = _tables(con, "mart")
    missing = [name for name in MART_TABLES if name not in present]
    if missing:
        raise MartsMissing(missing)
    frames = {}
    for name in MART_TABLES:
        columns = ", ".join(DUO_COLUMNS) if name == "duo_deelname" else "*"
        frames[name] = con.sql(f"SELECT {columns} FROM mart.{name}").pl()
    if "initiatieven" in _tables(con, "staging"):
        registry = con.sql("SELECT " + ", ".join(_REGISTRY_SCHEMA) + " FROM staging.initiatieven").pl()
        registry = registry.with_columns(pl.col(c).cast(d) for c, d in _REGISTRY_SCHEMA.items())
    else:
        registry = pl.DataFrame(schema=_REGISTRY_SCHEMA)
    quality_ok = {"manifest"} <= _tables(con, "raw") and {"rejected_rows", "flagged_rows"} <= _tables(con, "quarantine")
    quality = quality_counts(con) if quality_ok else pl.DataFrame(
        schema={"initiatief_id": pl.String, "bestanden": pl.Int64, "rijen_gelezen": pl.Int64,
                "rijen_geweigerd": pl.Int64, "rijen_gemarkeerd": pl.Int64, "laatst_ontvangen": pl.Date})
    dates = [d for d in (frames["deelname"]["peildatum"].max() if frames["deelname"].height else None,
                         frames["duo_deelname"]["peildatum"].max() if frames["duo_deelname"].height else None) if d]
    return Marts(frames=frames, registry=registry, quality=quality, as_of=max(dates) if dates else None)


# --- years and initiatives -----------------------------------------------------------------------------


def last_complete_year(as_of: date | None) -> int:
    """The report year by default: the last calendar year that ended before the as-of date."""
    return (as_of or date.today()).year - 1


def years_with_data(m: Marts) -> list[int]:
    years = set(m.deelname.filter(pl.col("niveau") == TOTAL)["jaar"].to_list())
    years |= set(m.tijdsinvestering.filter(pl.col("jaar").is_not_null())["jaar"].to_list())
    return sorted(int(y) for y in years if y is not None)


def initiatives_in_year(m: Marts, year: int) -> list[str]:
    """Initiatives with a duo active in the year or coordinator hours or duos started in it: each gets a report."""
    active = m.deelname.filter((pl.col("niveau") == "initiatief") & (pl.col("jaar") == year)
                               & (pl.col("duos_actief") > 0))["sleutel"].to_list()
    timed = m.tijdsinvestering.filter((pl.col("jaar") == year) & (pl.col("uren_totaal").is_not_null()
                                                                 | (pl.col("duos_gestart") > 0)))
    return sorted(set(active) | set(timed["initiatief_id"].to_list()))


# --- labels ---------------------------------------------------------------------------------------------


def level_label(m: Marts, niveau: str, sleutel: str, lang: str) -> str:
    """A reporting level's key as a reader knows it: 'Vlaanderen en Brussel', 'Oost-Vlaanderen', 'Vzw', a name."""
    if niveau == TOTAL:
        return code_label("regio", TOTAL, lang)
    if niveau == "initiatief":
        return m.name(sleutel)
    if sleutel == "onbekend":
        return t("unknown", lang)
    group = {"regio": "regio", "provincie": "provincie", "organisator": "organisator"}[niveau]
    return code_label(group, sleutel, lang)


def with_level_labels(m: Marts, frame: pl.DataFrame, lang: str, column: str = "label") -> pl.DataFrame:
    labels = [level_label(m, n, s, lang) for n, s in zip(frame["niveau"].to_list(), frame["sleutel"].to_list())]
    return frame.with_columns(pl.Series(column, labels, dtype=pl.String))


def region_rows(frame: pl.DataFrame) -> pl.DataFrame:
    """Vlaanderen, Brussel, then all of Flanders and Brussels, in that order."""
    order = {"vlaanderen": 0, "brussel": 1, TOTAL: 2}
    rows = frame.filter(pl.col("niveau").is_in(["regio", TOTAL]))
    return rows.with_columns(_o=pl.col("sleutel").replace_strict(order, default=3)).sort("_o").drop("_o")


# --- the share guard --------------------------------------------------------------------------------------


def guard(frame: pl.DataFrame, share: str, n: str, *, k: str | None = None, threshold: str | None = None,
          name: str | None = None) -> pl.DataFrame:
    """Add the column `_n_<share>`: the n to judge `share` by, or null when the share would give away a
    group of 1 to 9 (its own count k, or n − k). k defaults to round(share × n). `threshold` names a
    different n for the ≥ 10 test (e.g. persons where the share is over pairs). Rows at the level of all of
    Flanders and Brussels are not guarded: their counts are published exactly anyway."""
    count = pl.col(k).cast(pl.Float64) if k else (pl.col(share) * pl.col(n)).round(0)
    total = pl.col(n).cast(pl.Float64)
    small = count.is_between(1, privacy.THRESHOLD - 1) | (total - count).is_between(1, privacy.THRESHOLD - 1)
    exempt = (pl.col("niveau") == TOTAL) if "niveau" in frame.columns else pl.lit(False)
    keep = exempt.fill_null(False) | ~small.fill_null(False)
    return frame.with_columns(pl.when(keep).then(pl.col(threshold or n)).otherwise(None).alias(name or f"_n_{share}"))


def guarded(frame: pl.DataFrame, specs: dict[str, dict]) -> pl.DataFrame:
    for share, spec in specs.items():
        frame = guard(frame, share, **spec)
    return frame


def exempt_of(frame: pl.DataFrame) -> pl.Expr | None:
    return privacy.TOTAL_LEVEL if "niveau" in frame.columns else None


def share_column(name: str, label: str, decimals: int = 0) -> Column:
    """A share of persons or duos, judged by its guard column."""
    return Column(name, label, PERCENT, decimals=decimals, n=f"_n_{name}")


# --- participation ------------------------------------------------------------------------------------

_PARTICIPATION_GUARDS = {
    "aandeel_afgerond": {"n": "duos_beeindigd", "k": "duos_afgerond"},
    "aandeel_vroegtijdig_gestopt": {"n": "duos_beeindigd", "k": "duos_vroegtijdig_gestopt"},
    "aandeel_zeer_vroeg_gestopt": {"n": "duos_beeindigd", "k": "duos_zeer_vroeg_gestopt"},
    "aandeel_ritme": {"n": "duos_beoordeeld"},
    "aandeel_2u_per_14d": {"n": "duos_beoordeeld"},
    "aandeel_binnen_kader": {"n": "duos_gestart"},
    "aandeel_40_uur": {"n": "inburgeraars_traject_beeindigd"},
}


def participation_frame(rows: pl.DataFrame) -> pl.DataFrame:
    """mart.deelname rows with the guards of their shares (counts are filled: a missing count is none)."""
    counts = ["duos_gestart", "duos_actief", "duos_beeindigd", "duos_afgerond", "duos_vroegtijdig_gestopt",
              "duos_zeer_vroeg_gestopt", "duos_beoordeeld", "inburgeraars", "inburgeraars_traject_beeindigd",
              "ontmoetingen"]
    rows = rows.with_columns(pl.col(c).fill_null(0) for c in counts)
    return guarded(rows, _PARTICIPATION_GUARDS)


def participation_tables(frame: pl.DataFrame, label: str, first_label: str, lang: str, prefix: str,
                         *, first_kind: str = TEXT) -> tuple[Table, Table]:
    """Two tables over the same rows: what happened to the duos, and how often they met.

    `frame` is `participation_frame(...)` with a column `label` naming each row (a region, a year).
    Duos started and active are headline figures (exact); the breakdown by how a duo ended is rounded.
    """
    exempt = exempt_of(frame)
    duos = Table(f"{prefix}_duos", t("tbl_duos_title", lang), frame, [
        Column(label, first_label, first_kind),
        Column("duos_gestart", t("col_started", lang), COUNT, exact=True),
        Column("duos_actief", t("col_active", lang), COUNT, exact=True),
        Column("duos_beeindigd", t("col_ended", lang), COUNT),
        Column("duos_afgerond", t("col_completed", lang), COUNT),
        Column("duos_vroegtijdig_gestopt", t("col_early", lang), COUNT),
        share_column("aandeel_afgerond", t("col_share_completed", lang)),
        share_column("aandeel_vroegtijdig_gestopt", t("col_share_early", lang)),
        share_column("aandeel_zeer_vroeg_gestopt", t("col_share_very_early", lang)),
    ], note=t("tbl_duos_note", lang), exempt=exempt, sheet=t("sheet_duos", lang))
    rhythm = Table(f"{prefix}_ritme", t("tbl_rhythm_title", lang), frame, [
        Column(label, first_label, first_kind),
        Column("duos_beoordeeld", t("col_assessed", lang), COUNT),
        share_column("aandeel_ritme", t("col_share_rhythm", lang)),
        share_column("aandeel_2u_per_14d", t("col_share_2h", lang)),
        Column("mediaan_uren_per_14d", t("col_median_hours_14d", lang), HOURS, decimals=1, n="duos_beoordeeld"),
        share_column("aandeel_binnen_kader", t("col_share_planned", lang)),
        Column("aandeel_nederlands_geoefend", t("col_share_dutch", lang), PERCENT, n="ontmoetingen"),
        share_column("aandeel_40_uur", t("col_share_40h", lang)),
    ], note=t("tbl_rhythm_note", lang), exempt=exempt, sheet=t("sheet_rhythm", lang))
    return duos, rhythm


# --- rhythm distribution -----------------------------------------------------------------------------------


def rhythm_values(m: Marts, year: int, initiatief_id: str | None = None) -> pl.Series:
    """The rhythm of every duo active in the year (as mart.deelname counts them: start year ≤ year ≤ the year of
    its end, or of the as-of date while it runs) that had at least one complete 14-day window."""
    duos = m.duo_deelname
    if initiatief_id is not None:
        duos = duos.filter(pl.col("initiatief_id") == initiatief_id)
    end_year = pl.coalesce(pl.col("einddatum"), pl.col("peildatum")).dt.year()
    active = duos.filter((pl.col("startdatum").dt.year() <= year) & (end_year >= year) & pl.col("ritme").is_not_null())
    return active["ritme"]


def rhythm_figure(m: Marts, year: int, lang: str, *, initiatief_id: str | None = None, total: bool = False,
                  edges: Sequence[float] = (0, 0.25, 0.5, 0.75, 1.0), key: str = "ritme") -> tuple[Figure, Table]:
    """Histogram of the rhythm (published counts per bin) and the table behind it."""
    from reports import charts

    bins = charts.bin_counts(rhythm_values(m, year, initiatief_id), edges)
    labels = [f"{formatting_pct(lo, lang)}–{formatting_pct(hi, lang)}" for lo, hi in zip(bins["van"], bins["tot"])]
    bins = bins.with_columns(pl.Series("klasse", labels), niveau=pl.lit(TOTAL if total else "initiatief"))
    table = Table(key, t("tbl_rhythm_bins_title", lang, year=year), bins, [
        Column("klasse", t("col_rhythm_class", lang)),
        Column("n", t("col_duos", lang), COUNT),
    ], exempt=privacy.TOTAL_LEVEL, sheet=t("sheet_rhythm_bins", lang))
    shown = table.published().frame
    chart = charts.histogram_chart(shown, lang, x_title=t("axis_rhythm", lang))
    fig = figure(key, t("fig_rhythm_title", lang, year=year), chart, lang, caption=t("fig_rhythm_caption", lang))
    return fig, table


def formatting_pct(value: float, lang: str) -> str:
    return percent(value, lang, 0 if abs(value * 100 - round(value * 100)) < 1e-9 else 1)


# --- retention ------------------------------------------------------------------------------------------------


def cohort_label(cohort: str, lang: str) -> str:
    return t("cohort_all", lang) if cohort == "alle" else t("cohort_year", lang, year=cohort)


def retention(m: Marts, niveau: str, sleutel: str, cohorts: Sequence[str], lang: str, *,
              key: str = "retentie") -> tuple[Figure | None, Table]:
    """The Kaplan–Meier curves of the given start-year cohorts (drawn while ≥ 10 duos are still followed) and a
    table with the share still running after 3, 6 and 12 months, with its 95 % interval."""
    from reports import charts

    rows = m.retentie.filter((pl.col("niveau") == niveau) & (pl.col("sleutel") == sleutel)
                             & pl.col("cohort").is_in(list(cohorts)))
    order = {c: i for i, c in enumerate(cohorts)}
    rows = rows.with_columns(pl.col("cohort").map_elements(lambda c: cohort_label(c, lang), return_dtype=pl.String)
                             .alias("reeks"), _o=pl.col("cohort").replace_strict(order, default=99))
    milestones = rows.filter(pl.col("maanden").is_not_null()).sort("_o", "week").drop("_o")
    table = Table(key, t("tbl_retention_title", lang), milestones, [
        Column("reeks", t("col_cohort", lang)),
        Column("duos", t("col_started", lang), COUNT, exact=True),
        Column("maanden", t("col_months", lang), PLAIN),
        Column("in_risico", t("col_at_risk", lang), COUNT),
        Column("retentie", t("col_retention", lang), PERCENT, n="in_risico"),
        Column("retentie_ondergrens", t("col_ci_low", lang), PERCENT, n="in_risico"),
        Column("retentie_bovengrens", t("col_ci_high", lang), PERCENT, n="in_risico"),
    ], note=t("tbl_retention_note", lang), exempt=privacy.TOTAL_LEVEL, sheet=t("sheet_retention", lang))
    curve = privacy.protect(rows.sort("_o", "week"), privacy.Protection(
        stats={"retentie": "in_risico", "retentie_ondergrens": "in_risico", "retentie_bovengrens": "in_risico"}))
    curve = curve.filter(pl.col("retentie").is_not_null()).with_columns(
        maand=pl.col("week") * 7 / DAYS_PER_MONTH).select("reeks", "maand", "retentie", "retentie_ondergrens",
                                                          "retentie_bovengrens")
    if curve.height == 0:
        return None, table
    chart = charts.retention_chart(curve, lang, x="maand", y="retentie", low="retentie_ondergrens",
                                   high="retentie_bovengrens", series="reeks", height=220)
    fig = figure(key, t("fig_retention_title", lang), chart, lang, caption=t("fig_retention_caption", lang))
    return fig, table


# --- impact -------------------------------------------------------------------------------------------------


def score_label(score: str, lang: str) -> str:
    return code_label("score", score, lang)


_IMPACT_GUARDS = {
    "responsgraad": {"n": "n_beeindigd", "k": "n_zonder_afsluiting"},
    "aandeel_beter": {"n": "n_paren", "threshold": "n_deelnemers"},
    "aandeel_gelijk": {"n": "n_paren", "threshold": "n_deelnemers"},
    "aandeel_slechter": {"n": "n_paren", "threshold": "n_deelnemers"},
}


def impact_frame(rows: pl.DataFrame, lang: str) -> pl.DataFrame:
    """mart.impact rows in score order, with labels and guards; means and intervals are judged on the persons."""
    order = {s: i for i, s in enumerate(SCORES)}
    rows = rows.with_columns(
        pl.col(c).fill_null(0) for c in ("n_paren", "n_deelnemers", "n_zonder_afsluiting", "n_beeindigd"))
    rows = rows.with_columns(
        label=pl.col("score").map_elements(lambda s: score_label(s, lang), return_dtype=pl.String),
        rol_label=pl.col("rol").map_elements(lambda r: code_label("rol", r, lang), return_dtype=pl.String),
        _o=pl.col("score").replace_strict(order, default=99),
    ).sort("_o").drop("_o")
    return guarded(rows, _IMPACT_GUARDS)


def impact_columns(lang: str, first: Column | None = None) -> list[Column]:
    stat = {"n": "n_deelnemers", "decimals": 2}
    return [
        *([first] if first else []),
        Column("label", t("col_score", lang)),
        Column("n_paren", t("col_pairs", lang), COUNT),
        share_column("responsgraad", t("col_response", lang)),
        Column("gem_voor", t("col_before", lang), NUMBER, **stat),
        Column("gem_na", t("col_after", lang), NUMBER, **stat),
        Column("verschil", t("col_change", lang), NUMBER, **stat),
        Column("ci_laag", t("col_ci_low", lang), NUMBER, **stat),
        Column("ci_hoog", t("col_ci_high", lang), NUMBER, **stat),
        share_column("aandeel_beter", t("col_better", lang)),
        share_column("aandeel_slechter", t("col_worse", lang)),
    ]


def impact_table(frame: pl.DataFrame, lang: str, key: str, title: str, *, note: str | None = None,
                 first: Column | None = None, sheet: str | None = None) -> Table:
    return Table(key, title, frame, impact_columns(lang, first), note=note or t("tbl_impact_note", lang),
                 exempt=exempt_of(frame), sheet=sheet)


def forest_figure(frame: pl.DataFrame, lang: str, key: str, title: str, *, series: str | None = None,
                  caption: str | None = None) -> Figure:
    """The forest plot of a published impact frame (means withheld below 10 persons say so)."""
    from reports import charts

    columns = ["label", "verschil", "ci_laag", "ci_hoog", *([series] if series else [])]
    chart = charts.forest_chart(frame.select(columns), lang, label="label", estimate="verschil", low="ci_laag",
                                high="ci_hoog", series=series)
    return figure(key, title, chart, lang, caption=caption or t("fig_forest_caption", lang))


def publish_impact(frame: pl.DataFrame) -> pl.DataFrame:
    """The impact frame as the report shows it (for charts): the same rule the table gets."""
    table = Table("_", "", frame, impact_columns("nl"), exempt=exempt_of(frame))
    return table.published().frame


# --- goals, satisfaction, contact ---------------------------------------------------------------------------

_GOAL_GUARDS = {
    "aandeel_bereikt": {"n": "n_doel_antwoord"},
    "aandeel_deels": {"n": "n_doel_antwoord"},
    "aandeel_niet_bereikt": {"n": "n_doel_antwoord"},
    "aandeel_contact_ja": {"n": "n_contact"},
}


def goals_frame(rows: pl.DataFrame, lang: str) -> pl.DataFrame:
    """mart.doelen rows: every closing of each role ('alle') first, then the newcomers' goals named at intake."""
    order = {"alle": 0, "nederlands_oefenen": 1, "thuis_voelen": 2, "netwerk": 3, "informatie_diensten": 4,
             "werk_opleiding": 5, "vrije_tijd": 6, "andere": 7, "zonder_doel": 8}
    role_order = {"inburgeraar": 0, "coach": 1}
    rows = rows.filter((pl.col("doel") == "alle") | (pl.col("rol") == "inburgeraar"))
    rows = rows.with_columns(pl.col(c).fill_null(0) for c in ("n_afsluitingen", "n_doel_antwoord", "n_tevredenheid",
                                                              "n_contact"))
    rows = rows.with_columns(
        label=pl.struct("rol", "doel").map_elements(
            lambda r: (t("goal_all_role", lang, role=code_label("rol", r["rol"], lang).lower()) if r["doel"] == "alle"
                       else code_label("doel", r["doel"], lang)), return_dtype=pl.String),
        _o1=pl.col("doel").replace_strict(order, default=50), _o0=pl.col("rol").replace_strict(role_order, default=9),
    ).with_columns(_o=pl.when(pl.col("doel") == "alle").then(pl.col("_o0")).otherwise(10 + pl.col("_o1")))
    rows = rows.sort("_o").drop("_o", "_o0", "_o1")
    return guarded(rows, _GOAL_GUARDS)


def goals_table(frame: pl.DataFrame, lang: str, key: str, title: str) -> Table:
    return Table(key, title, frame, [
        Column("label", t("col_goal", lang)),
        Column("n_afsluitingen", t("col_closings", lang), COUNT),
        Column("n_doel_antwoord", t("col_goal_answers", lang), COUNT),
        share_column("aandeel_bereikt", t("col_reached", lang)),
        share_column("aandeel_deels", t("col_partly", lang)),
        share_column("aandeel_niet_bereikt", t("col_not_reached", lang)),
        Column("gem_tevredenheid", t("col_satisfaction", lang), NUMBER, decimals=1, n="n_tevredenheid"),
        share_column("aandeel_contact_ja", t("col_contact", lang)),
    ], note=t("tbl_goals_note", lang), exempt=exempt_of(frame), sheet=t("sheet_goals", lang))


# --- volunteer leverage ---------------------------------------------------------------------------------------


def leverage_table(frame: pl.DataFrame, label: str, first_label: str, lang: str, key: str, *,
                   first_kind: str = TEXT) -> Table:
    """Coach hours against coordinator hours and the value of the volunteer time as a low–high range.
    Hours and euro are not about a person: shown as they are."""
    return Table(key, t("tbl_leverage_title", lang), frame, [
        Column(label, first_label, first_kind),
        Column("vrijwilligersuren", t("col_volunteer_hours", lang), HOURS, decimals=0),
        Column("coordinatie_uren", t("col_coordination_hours", lang), HOURS, decimals=0),
        Column("vrijwilligersuren_per_coordinatieuur", t("col_leverage_ratio", lang), NUMBER, decimals=1),
        Column("waarde_vrijwilligerstijd_laag_eur", t("col_value_low", lang), EURO),
        Column("waarde_vrijwilligerstijd_hoog_eur", t("col_value_high", lang), EURO),
    ], note=t("tbl_leverage_note", lang), sheet=t("sheet_leverage", lang))


def volunteer_value_text(lang: str) -> list[str]:
    """Where the two hourly proxies come from (reference data; never a single 'return')."""
    from samen.marts.hefboom import volunteer_value

    value = volunteer_value()
    return [t("method_value_low", lang, eur=_euro2(value.laag_eur, lang), source=value.bron_laag),
            t("method_value_high", lang, eur=_euro2(value.hoog_eur, lang), source=value.bron_hoog)]


def _euro2(value: float, lang: str) -> str:
    return euro(value, lang, 2)


# --- small helpers ------------------------------------------------------------------------------------------


PHASE_SCHEMA = {"fase": pl.String, "label": pl.String, "uren": pl.Float64, "aandeel": pl.Float64}


def phase_rows(hours: dict, lang: str) -> list[dict]:
    """Per phase: its label, hours and share of all hours, from a tijdsinvestering row (uren_<fase>,
    uren_totaal); the rows the jaarrapport and the initiatiefrapport extend with their comparisons."""
    total = hours.get("uren_totaal")
    rows = []
    for phase in PHASES:
        own = hours.get(f"uren_{phase}")
        rows.append({"fase": phase, "label": code_label("fase", phase, lang), "uren": own,
                     "aandeel": own / total if own is not None and total else None})
    return rows


def leverage_sentence(rows: pl.DataFrame, lang: str) -> str | None:
    """The sentence on volunteer hours against coordinator hours and their value (low–high), from the
    mart.hefboom row of one level and year (None without volunteer hours)."""
    row = first_row(rows)
    if not row or not row.get("vrijwilligersuren"):
        return None
    return t("leverage_sentence", lang, hours=integer(row["vrijwilligersuren"], lang),
             coord=integer(row["coordinatie_uren"], lang),
             ratio=number(row.get("vrijwilligersuren_per_coordinatieuur"), lang, 1),
             low=euro(row["waarde_vrijwilligerstijd_laag_eur"], lang),
             high=euro(row["waarde_vrijwilligerstijd_hoog_eur"], lang),
             low_rate=euro(row["uurwaarde_laag_eur"], lang, 2), high_rate=euro(row["uurwaarde_hoog_eur"], lang, 2))


def first_row(frame: pl.DataFrame) -> dict:
    return frame.row(0, named=True) if frame.height else {}


def is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def row_index(frame: pl.DataFrame, **match) -> int | None:
    """The position of the first row matching column=value pairs (for key-figure tiles)."""
    mask = pl.lit(True)
    for column, value in match.items():
        mask = mask & (pl.col(column) == value)
    hits = frame.with_row_index("_i").filter(mask)["_i"].to_list()
    return int(hits[0]) if hits else None


def tile(table: str, row: int | None, column: str, label: str, note: str | None = None) -> dict:
    """A key figure printed from a table's published cell (so the tile and the table never disagree)."""
    return {"table": table, "row": row, "column": column, "label": label, "note": note}


def keep(items: Iterable[dict]) -> list[dict]:
    return [i for i in items if i["row"] is not None]
