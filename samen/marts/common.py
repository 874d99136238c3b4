"""What every mart needs: staging as Polars frames, the reporting levels, atomic writes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import duckdb
import polars as pl

from samen.warehouse import transaction

# Reporting levels (DOMAIN.md §4): an initiative, a province, an organiser type, a region, everything.
LEVELS = ("initiatief", "provincie", "organisator", "regio", "totaal")
_LEVEL_COLUMN = {"initiatief": "initiatief_id", "provincie": "provincie", "organisator": "organisator",
                 "regio": "regio"}
TOTAL_KEY = "totaal"


def duo_status(as_of: date) -> pl.Expr:
    """The one definition of a duo's status at the as-of date, shared by every mart.

    actief until an einddatum on or before the as-of date; then afgerond when the reason is
    `afgerond` (or there is no reason and the duo reached its planned end); otherwise
    vroegtijdig_gestopt (every other reason, verhuisd and andere included).
    """
    end, reason = pl.col("einddatum"), pl.col("eindreden")
    ended = end.is_not_null() & (end <= as_of)
    return (
        pl.when(~ended).then(pl.lit("actief"))
        .when((reason == "afgerond") | (reason.is_null() & (end >= pl.col("geplande_einddatum"))))
        .then(pl.lit("afgerond"))
        .otherwise(pl.lit("vroegtijdig_gestopt"))
    )


def staging(con: duckdb.DuckDBPyConnection, dataset: str) -> pl.DataFrame:
    """A staging table without its provenance columns (initiatief_id kept).

    The provenance columns are left out in the query, not after it: the 64-character file hashes
    alone were a third of what crossed from DuckDB to Polars for the meetings."""
    columns = [r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'staging' AND table_name = ? "
        "ORDER BY ordinal_position", [dataset]).fetchall()]
    kept = ", ".join(f'"{c}"' for c in columns if not c.startswith("_"))
    return con.sql(f"SELECT {kept} FROM staging.{dataset}").pl()


def with_levels(frame: pl.DataFrame, initiatieven: pl.DataFrame, levels: Sequence[str] = LEVELS) -> pl.DataFrame:
    """Repeat each row once per reporting level, with `niveau` and `sleutel` columns.

    Rows of an initiative missing from the registry still count at the initiative
    level and in the total; their province, organiser and region are unknown
    and reported under the key `onbekend`. `levels`: a subset of LEVELS (to aggregate
    one level at a time instead of holding every row five times).
    """
    attrs = initiatieven.select("initiatief_id", "provincie", "organisator", "regio")
    joined = frame.join(attrs, on="initiatief_id", how="left", suffix="_initiatief")
    parts = []
    for level in levels:
        key = pl.lit(TOTAL_KEY) if level == "totaal" else pl.col(_LEVEL_COLUMN[level]).fill_null("onbekend")
        part = joined.with_columns(niveau=pl.lit(level), sleutel=key)
        if level == "provincie":  # Brussels has no province: it is not reported at this level
            part = part.filter(pl.col("provincie").is_not_null())
        parts.append(part)
    return pl.concat(parts).drop("provincie", "organisator", "regio", strict=False)


def per_level(frame: pl.DataFrame, initiatieven: pl.DataFrame,
              aggregate: Callable[[pl.DataFrame], pl.DataFrame]) -> pl.DataFrame:
    """`aggregate(with_levels(frame, initiatieven))` for an aggregate grouped by `niveau` (among others),
    computed one level at a time: no group spans two levels, so the rows are the same (in another order;
    marts sort), while only one copy of `frame` is held instead of five."""
    return pl.concat([aggregate(with_levels(frame, initiatieven, [level])) for level in LEVELS],
                     how="vertical_relaxed")


def write_mart(con: duckdb.DuckDBPyConnection, name: str, frame: pl.DataFrame) -> int:
    """Replace mart.<name> with frame in one transaction; returns the row count."""
    with transaction(con):
        con.register("_mart_frame", frame)
        try:
            con.execute(f"CREATE OR REPLACE TABLE mart.{name} AS SELECT * FROM _mart_frame")
        finally:
            con.unregister("_mart_frame")
    return frame.height
