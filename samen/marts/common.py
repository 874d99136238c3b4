"""What every mart needs: staging as Polars frames, the reporting levels, atomic writes, and the
fingerprint that lets a refresh skip a mart whose inputs did not change."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import duckdb
import polars as pl

from samen import fingerprints
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


def staging(con: duckdb.DuckDBPyConnection, dataset: str, initiatives: Sequence[str] | None = None) -> pl.DataFrame:
    """A staging table without its provenance columns (initiatief_id kept); only the rows of `initiatives`
    when given.

    The provenance columns are left out in the query, not after it: the 64-character file hashes
    alone were a third of what crossed from DuckDB to Polars for the meetings."""
    columns = [r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'staging' AND table_name = ? "
        "ORDER BY ordinal_position", [dataset]).fetchall()]
    kept = ", ".join(f'"{c}"' for c in columns if not c.startswith("_"))
    if initiatives is None:
        return con.sql(f"SELECT {kept} FROM staging.{dataset}").pl()
    return con.sql(f"SELECT {kept} FROM staging.{dataset} WHERE initiatief_id IN (SELECT UNNEST(?::VARCHAR[]))",
                   params=[list(initiatives)]).pl()


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


def per_level(frame: pl.DataFrame | Sequence[pl.DataFrame], initiatieven: pl.DataFrame,
              aggregate: Callable[..., pl.DataFrame]) -> pl.DataFrame:
    """`aggregate(with_levels(frame, initiatieven))` for an aggregate grouped by `niveau` (among others),
    computed one level at a time: no group spans two levels, so the rows are the same (in another order;
    marts sort), while only one copy of `frame` is held instead of five. Several frames: each is leveled
    and `aggregate` gets them all, in order."""
    frames = [frame] if isinstance(frame, pl.DataFrame) else list(frame)
    return pl.concat([aggregate(*(with_levels(f, initiatieven, [level]) for f in frames)) for level in LEVELS],
                     how="vertical_relaxed")


def write_mart(con: duckdb.DuckDBPyConnection, name: str, frame: pl.DataFrame,
               fingerprint: str | None = None) -> int:
    """Replace mart.<name> with frame in one transaction (with the fingerprint of what it was built from,
    if given: see mart_fingerprint); returns the row count."""
    with transaction(con):
        con.register("_mart_frame", frame)
        try:
            con.execute(f"CREATE OR REPLACE TABLE mart.{name} AS SELECT * FROM _mart_frame")
        finally:
            con.unregister("_mart_frame")
        if fingerprint is None:
            fingerprints.forget(con, [f"mart.{name}"])
        else:
            fingerprints.record(con, f"mart.{name}", fingerprint)
    return frame.height


def mart_fingerprint(con: duckdb.DuckDBPyConnection, name: str, inputs: Sequence[str], as_of: date | None,
                     settings: dict | None = None, hashed: dict[str, str] | None = None) -> str:
    """What mart.<name> is a function of: the content of its input tables (`staging.duos`, `mart.x`), the
    as-of date (None: the mart does not depend on it), its settings and the code. Hashing the inputs
    here, instead of trusting a version written by whoever last wrote staging, keeps a mart correct
    whatever changed its inputs. `hashed`: table contents already hashed by the caller, filled as we go
    (marts built together from the same unchanged inputs hash each table once)."""
    hashed = {} if hashed is None else hashed
    for table in inputs:
        if table not in hashed:
            hashed[table] = fingerprints.table_content(con, table)
    contents = {table: hashed[table] for table in sorted(inputs)}
    return fingerprints.digest(name, contents, as_of, settings,
                               fingerprints.code_fingerprint("samen", "data_contracts"))


def is_current(con: duckdb.DuckDBPyConnection, name: str, fingerprint: str) -> bool:
    """mart.<name> exists and was built from exactly these inputs."""
    exists = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'mart' "
                         "AND table_name = ?", [name]).fetchall()[0][0]
    return bool(exists) and fingerprints.stored(con, f"mart.{name}") == fingerprint
