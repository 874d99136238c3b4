"""Time investment: coordinator hours per phase, per duo, in FTE and euro, against the handbook and peers.

Municipalities justify their staff time with these figures (DOMAIN.md §4). The
FAQ's only reference points are multi-year totals of three handbook
initiatives and the intensive norm, so `mart.tijdsinvestering` carries both
calendar years and each initiative's whole period (rows with `jaar` null).
"""

from __future__ import annotations

import polars as pl

from samen.benchmarks import DEFAULT_FTE_HOURS, PHASES, START_PHASES, Benchmarks
from samen.marts.common import with_levels

# Activity left empty in the log (the contract allows it).
NO_ACTIVITY = "niet_opgegeven"
# Size bands of duos started in the year: lower bounds and labels. The model runs from 10 to 400 duos;
# the handbook examples start ≈ 20 (Meervelde), 60 (Zonnegem) and 150 (Braam) duos a year.
SIZE_BANDS = ((1, "1-19"), (20, "20-49"), (50, "50-99"), (100, "100+"))
# Peer medians and quartiles are shown only over at least this many other initiatives.
MIN_PEERS = 5

_HOUR_COLUMNS = ("uren_totaal", *(f"uren_{p}" for p in PHASES))


def coordination_hours(uren: pl.DataFrame) -> pl.DataFrame:
    """mart.coordinatie_uren: person-hours per initiative, year, phase and activity."""
    return (
        uren.with_columns(jaar=pl.col("datum").dt.year().cast(pl.Int64),
                          activiteit=pl.col("activiteit").fill_null(NO_ACTIVITY))
        .group_by("initiatief_id", "jaar", "fase", "activiteit")
        .agg(uren=pl.col("uren").sum().cast(pl.Float64), regels=pl.len().cast(pl.Int64))
        .sort("initiatief_id", "jaar", "fase", "activiteit")
    )


def _sum_or_null(column: str) -> pl.Expr:
    """Sum that stays null when every value is null (unknown is not zero)."""
    return pl.when(pl.col(column).count() > 0).then(pl.col(column).sum()).alias(column)


def _yearly(uren: pl.DataFrame, duos: pl.DataFrame, kosten: pl.DataFrame) -> pl.DataFrame:
    """Hours, duos started and costs per initiative and calendar year (years with any of them)."""
    hours = (
        uren.with_columns(jaar=pl.col("datum").dt.year().cast(pl.Int64))
        .group_by("initiatief_id", "jaar")
        .agg(pl.col("uren").sum().alias("uren_totaal"),
             *[pl.col("uren").filter(pl.col("fase") == p).sum().alias(f"uren_{p}") for p in PHASES])
    )
    started = (
        duos.group_by("initiatief_id", jaar=pl.col("startdatum").dt.year().cast(pl.Int64))
        .agg(duos_gestart=pl.len().cast(pl.Int64))
    )
    is_payroll = pl.col("kostenpost") == "loonkost"
    costs = (
        kosten.group_by("initiatief_id", pl.col("jaar").cast(pl.Int64))
        .agg(kost_loonkost_gemeld_eur=pl.when(is_payroll.any()).then(pl.col("bedrag_eur").filter(is_payroll).sum()),
             kost_overig_eur=pl.col("bedrag_eur").filter(~is_payroll).sum())
    )
    keys = pl.concat([f.select("initiatief_id", "jaar") for f in (hours, started, costs)]).unique()
    return (
        keys.join(hours, on=["initiatief_id", "jaar"], how="left")
        .join(started, on=["initiatief_id", "jaar"], how="left")
        .join(costs, on=["initiatief_id", "jaar"], how="left")
        .with_columns(pl.col("duos_gestart").fill_null(0), periode=pl.lit("jaar"), jaar_van=pl.col("jaar"),
                      jaar_tot=pl.col("jaar"))
    )


def _whole_period(yearly: pl.DataFrame) -> pl.DataFrame:
    """One row per initiative over all its years (jaar null): the handbook examples are such totals."""
    return (
        yearly.group_by("initiatief_id")
        .agg(pl.col("duos_gestart").sum(), *[_sum_or_null(c) for c in _HOUR_COLUMNS],
             _sum_or_null("kost_loonkost_gemeld_eur"), _sum_or_null("kost_overig_eur"),
             jaar_van=pl.col("jaar").min(), jaar_tot=pl.col("jaar").max())
        .with_columns(jaar=pl.lit(None, dtype=pl.Int64), periode=pl.lit("geheel"))
    )


def time_investment(uren: pl.DataFrame, duos: pl.DataFrame, initiatieven: pl.DataFrame,
                    kosten: pl.DataFrame) -> pl.DataFrame:
    """mart.tijdsinvestering: per initiative and year, and per initiative over its whole period (jaar null).

    Hour columns are null for a year without any log row (hours not registered, not zero hours);
    `vte` of a whole-period row is the average FTE per year over the period's span of years.
    """
    yearly = _yearly(uren, duos, kosten)
    frame = pl.concat([yearly, _whole_period(yearly)], how="diagonal_relaxed")
    registry = initiatieven.select("initiatief_id", pl.col("uurkost_eur").cast(pl.Float64),
                                   pl.col("fte_uren_per_jaar").cast(pl.Float64))
    start = pl.sum_horizontal(*[pl.col(f"uren_{p}") for p in START_PHASES])
    total = pl.col("uren_totaal")
    has_duos = pl.col("duos_gestart") > 0
    return (
        frame.join(registry, on="initiatief_id", how="left")
        .with_columns(
            aantal_jaren=(pl.col("jaar_tot") - pl.col("jaar_van") + 1).cast(pl.Int64),
            uren_startfase=pl.when(total.is_not_null()).then(start),
            fte_uren_standaard=pl.col("fte_uren_per_jaar").is_null(),
            fte_uren_per_jaar=pl.col("fte_uren_per_jaar").fill_null(DEFAULT_FTE_HOURS),
        )
        .with_columns(
            aandeel_startfase=pl.when(total > 0).then(pl.col("uren_startfase") / total),
            uren_per_duo=pl.when(has_duos).then(total / pl.col("duos_gestart")),
            vte=total / (pl.col("fte_uren_per_jaar") * pl.col("aantal_jaren")),
            kost_personeel_eur=total * pl.col("uurkost_eur"),
        )
        .with_columns(
            kost_per_duo_eur=pl.when(has_duos).then(
                (pl.col("kost_personeel_eur") + pl.col("kost_overig_eur").fill_null(0)) / pl.col("duos_gestart")),
        )
        .select(
            "initiatief_id", "jaar", "periode", "jaar_van", "jaar_tot", "aantal_jaren", "duos_gestart",
            *[pl.col(c).cast(pl.Float64) for c in _HOUR_COLUMNS], "uren_startfase", "aandeel_startfase",
            "uren_per_duo", "fte_uren_per_jaar", "fte_uren_standaard", "vte", "uurkost_eur",
            "kost_personeel_eur", pl.col("kost_loonkost_gemeld_eur").cast(pl.Float64),
            pl.col("kost_overig_eur").cast(pl.Float64), "kost_per_duo_eur",
        )
        .sort("initiatief_id", pl.col("jaar"), nulls_last=True)
    )


def size_band(duos: pl.Expr) -> pl.Expr:
    """Label of the size band for a number of duos started in a year (null for none)."""
    expr = pl.lit(None, dtype=pl.String)
    for lower, label in SIZE_BANDS:
        expr = pl.when(duos >= lower).then(pl.lit(label)).otherwise(expr)
    return expr


_SHARES = ("aandeel_startfase", *(f"aandeel_{p}" for p in PHASES))
_COMPARISON_SCHEMA = {
    "initiatief_id": pl.String, "jaar": pl.Int64, "grootteklasse": pl.String, "duos_gestart": pl.Int64,
    "referentie": pl.String, "soort": pl.String, "n_initiatieven": pl.Int64,
    "uren_per_duo": pl.Float64, "uren_per_duo_p25": pl.Float64, "uren_per_duo_p75": pl.Float64,
    "aandeel_startfase": pl.Float64, "aandeel_startfase_p25": pl.Float64, "aandeel_startfase_p75": pl.Float64,
    **{f"aandeel_{p}": pl.Float64 for p in PHASES},
    "verhouding_uren_per_duo": pl.Float64,
}


def comparison(tijd: pl.DataFrame, benchmarks: Benchmarks, *, min_peers: int = MIN_PEERS) -> pl.DataFrame:
    """mart.tijdsinvestering_vergelijking: each initiative-year with registered hours next to the
    handbook examples, the intensive norm and its peers (other initiatives, same year, same size band).

    Long format, one row per reference (`eigen`, `meervelde`, `zonnegem`, `braam`, `intensief`, `peers`);
    `verhouding_uren_per_duo` is the initiative's hours per duo divided by the reference's.
    Peer statistics are null when fewer than `min_peers` peers have hours per duo.
    """
    own = (
        tijd.filter(pl.col("jaar").is_not_null() & pl.col("uren_totaal").is_not_null())
        .with_columns(grootteklasse=size_band(pl.col("duos_gestart")),
                      **{f"aandeel_{p}": pl.when(pl.col("uren_totaal") > 0)
                         .then(pl.col(f"uren_{p}") / pl.col("uren_totaal")) for p in PHASES})
    )
    base = own.select("initiatief_id", "jaar", "grootteklasse", "duos_gestart", "fte_uren_per_jaar",
                      pl.col("uren_per_duo").alias("_eigen"))
    parts = [own.select("initiatief_id", "jaar", "grootteklasse", "duos_gestart", referentie=pl.lit("eigen"),
                        soort=pl.lit("eigen"), n_initiatieven=pl.lit(1, dtype=pl.Int64), uren_per_duo="uren_per_duo",
                        **{s: s for s in _SHARES})]

    handbook = pl.DataFrame([
        {"referentie": i.id, "uren_per_duo": i.hours_per_duo, "aandeel_startfase": i.start_share,
         **{f"aandeel_{p}": i.phases[p] / i.total for p in PHASES}}
        for i in benchmarks.initiatives.values()
    ])
    parts.append(base.join(handbook, how="cross").with_columns(soort=pl.lit("handboek"),
                                                                n_initiatieven=pl.lit(1, dtype=pl.Int64)))
    norm = benchmarks.norm
    parts.append(base.with_columns(
        referentie=pl.lit("intensief"), soort=pl.lit("norm"), n_initiatieven=pl.lit(None, dtype=pl.Int64),
        uren_per_duo=norm.fte * pl.col("fte_uren_per_jaar") / norm.duos_per_year,
        aandeel_startfase=pl.lit(norm.min_start_share)))

    candidates = own.filter(pl.col("uren_per_duo").is_not_null()).select(
        "initiatief_id", "jaar", "grootteklasse", "uren_per_duo", *_SHARES)
    stats = (
        base.join(candidates, on=["jaar", "grootteklasse"], suffix="_peer")
        .filter(pl.col("initiatief_id") != pl.col("initiatief_id_peer"))
        .group_by("initiatief_id", "jaar")
        .agg(n_initiatieven=pl.len().cast(pl.Int64),
             uren_per_duo=pl.col("uren_per_duo").median(),
             uren_per_duo_p25=pl.col("uren_per_duo").quantile(0.25, "linear"),
             uren_per_duo_p75=pl.col("uren_per_duo").quantile(0.75, "linear"),
             aandeel_startfase_p25=pl.col("aandeel_startfase").quantile(0.25, "linear"),
             aandeel_startfase_p75=pl.col("aandeel_startfase").quantile(0.75, "linear"),
             **{s: pl.col(s).median() for s in _SHARES})
    )
    enough = pl.col("n_initiatieven") >= min_peers
    stat_columns = [c for c in stats.columns if c not in ("initiatief_id", "jaar", "n_initiatieven")]
    parts.append(
        base.join(stats, on=["initiatief_id", "jaar"], how="left")
        .with_columns(pl.col("n_initiatieven").fill_null(0), referentie=pl.lit("peers"), soort=pl.lit("peers"))
        .with_columns(*[pl.when(enough).then(pl.col(c)).alias(c) for c in stat_columns])
    )

    own_per_duo = base.select("initiatief_id", "jaar", "_eigen")
    frame = pl.concat([p.drop("_eigen", strict=False) for p in parts], how="diagonal_relaxed")
    order = {name: i for i, name in enumerate(("eigen", *benchmarks.initiatives, "intensief", "peers"))}
    return (
        frame.join(own_per_duo, on=["initiatief_id", "jaar"], how="left")
        .with_columns(verhouding_uren_per_duo=pl.when(pl.col("uren_per_duo") > 0)
                      .then(pl.col("_eigen") / pl.col("uren_per_duo")),
                      _order=pl.col("referentie").replace_strict(order, default=len(order)))
        .sort("initiatief_id", "jaar", "_order")
        .select([pl.col(c).cast(t) for c, t in _COMPARISON_SCHEMA.items()])
    )


def time_investment_by_level(tijd: pl.DataFrame, initiatieven: pl.DataFrame) -> pl.DataFrame:
    """mart.tijdsinvestering_niveau: per reporting level, key and year, over initiative-years with
    registered hours. Ratios are ratios of sums; `uren_per_duo_mediaan` is the median across initiatives;
    `kost_personeel_eur` sums the initiatives with a known `uurkost_eur` (`initiatieven_met_uurkost`)."""
    yearly = tijd.filter(pl.col("jaar").is_not_null() & pl.col("uren_totaal").is_not_null())
    start = pl.sum_horizontal(*[pl.col(f"uren_{p}") for p in START_PHASES])
    return (
        with_levels(yearly, initiatieven)
        .group_by("niveau", "sleutel", "jaar")
        .agg(pl.col("duos_gestart").sum(), *[pl.col(c).sum() for c in _HOUR_COLUMNS], pl.col("vte").sum(),
             _sum_or_null("kost_personeel_eur"), _sum_or_null("kost_overig_eur"),
             initiatieven=pl.col("initiatief_id").n_unique().cast(pl.Int64),
             initiatieven_met_uurkost=pl.col("kost_personeel_eur").count().cast(pl.Int64),
             uren_per_duo_mediaan=pl.col("uren_per_duo").median())
        .with_columns(aandeel_startfase=pl.when(pl.col("uren_totaal") > 0).then(start / pl.col("uren_totaal")),
                      uren_per_duo=pl.when(pl.col("duos_gestart") > 0)
                      .then(pl.col("uren_totaal") / pl.col("duos_gestart")))
        .select("niveau", "sleutel", "jaar", "initiatieven", "duos_gestart", *_HOUR_COLUMNS, "aandeel_startfase",
                "uren_per_duo", "uren_per_duo_mediaan", "vte", "kost_personeel_eur", "initiatieven_met_uurkost",
                "kost_overig_eur")
        .sort("niveau", "sleutel", "jaar")
    )


# --- checks: plain functions over the frames, used by the Dagster asset checks ------------------------

def negative_values(frame: pl.DataFrame) -> dict[str, int]:
    """Count of negative values per hour, FTE or cost column (hours and costs are never negative)."""
    columns = [c for c in frame.columns if c.startswith(("uren", "kost_", "vte"))
               and frame.schema[c].is_numeric()]
    counts = frame.select(pl.col(c).lt(0).sum().alias(c) for c in columns).row(0, named=True) if columns else {}
    return {c: int(n) for c, n in counts.items() if n}


def shares_out_of_range(frame: pl.DataFrame) -> dict[str, int]:
    """Count of shares (columns `aandeel_*`) outside 0–1 per column."""
    columns = [c for c in frame.columns if c.startswith("aandeel_")]
    eps = 1e-9
    counts = frame.select(((pl.col(c) < -eps) | (pl.col(c) > 1 + eps)).sum().alias(c) for c in columns).row(
        0, named=True) if columns else {}
    return {c: int(n) for c, n in counts.items() if n}


def phase_sum_mismatches(tijd: pl.DataFrame) -> int:
    """Rows whose phase hours do not add up to uren_totaal."""
    phases = pl.sum_horizontal(*[pl.col(f"uren_{p}") for p in PHASES])
    return tijd.filter(pl.col("uren_totaal").is_not_null() & ((phases - pl.col("uren_totaal")).abs() > 1e-6)).height


def missing_initiative_years(uren: pl.DataFrame, tijd: pl.DataFrame) -> pl.DataFrame:
    """Initiative-years (and whole periods) with logged hours that the mart lacks or counts differently."""
    logged = uren.with_columns(jaar=pl.col("datum").dt.year().cast(pl.Int64))
    expected = pl.concat([
        logged.group_by("initiatief_id", "jaar").agg(verwacht=pl.col("uren").sum()),
        logged.group_by("initiatief_id").agg(verwacht=pl.col("uren").sum())
        .with_columns(jaar=pl.lit(None, dtype=pl.Int64)),
    ], how="diagonal_relaxed")
    found = tijd.select("initiatief_id", "jaar", gevonden=pl.col("uren_totaal"))
    return (
        expected.join(found, on=["initiatief_id", "jaar"], how="left", nulls_equal=True)
        .filter(pl.col("gevonden").is_null() | ((pl.col("gevonden") - pl.col("verwacht")).abs() > 1e-6))
        .sort("initiatief_id", "jaar", nulls_last=True)
    )


def peer_rule_violations(vergelijking: pl.DataFrame, *, min_peers: int = MIN_PEERS) -> int:
    """Peer rows that show statistics over too few peers, or whose quartiles are out of order."""
    peers = vergelijking.filter(pl.col("referentie") == "peers")
    too_few = (pl.col("n_initiatieven") < min_peers) & pl.col("uren_per_duo").is_not_null()
    disordered = (pl.col("uren_per_duo_p25") > pl.col("uren_per_duo") + 1e-9) | (
        pl.col("uren_per_duo") > pl.col("uren_per_duo_p75") + 1e-9)
    return peers.filter(too_few | disordered.fill_null(False)).height
