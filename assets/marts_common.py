"""What the mart assets share: build a mart unless its inputs are unchanged, and read one back."""

from collections.abc import Callable, Sequence
from datetime import date

import dagster as dg
import duckdb
import polars as pl

from pipelines.resources import SamenResource
from samen.marts.common import is_current, mart_fingerprint, write_mart
from samen.warehouse import connect


def table_of(key: dg.AssetKey) -> str:
    """The warehouse table of a staging or mart asset key (["staging", "duos"] → staging.duos)."""
    return ".".join(key.path)


def build_mart(samen: SamenResource, name: str, inputs: Sequence[dg.AssetKey],
               compute: Callable[[duckdb.DuckDBPyConnection], pl.DataFrame], *, as_of: date | None,
               settings: dict | None = None,
               summary: Callable[[pl.DataFrame], dict] | None = None,
               asset_key: dg.AssetKey | None = None, hashed: dict[str, str] | None = None) -> dg.MaterializeResult:
    """mart.<name> = compute(con), skipped when its inputs (the tables of `inputs`, the as-of date when it
    is given, `settings`, the code) are those it was last built from: a refresh after one initiative's
    file rebuilds only the marts that file can change. `asset_key`: inside a multi-asset; `hashed`: one dict
    shared by the marts of a multi-asset, so each input table is hashed once (see mart_fingerprint)."""
    stamp = {} if as_of is None else {"as_of": as_of.isoformat()}
    with connect(samen.paths.warehouse) as con:
        fingerprint = mart_fingerprint(con, name, [table_of(k) for k in inputs], as_of, settings, hashed)
        if is_current(con, name, fingerprint):
            rows = int(con.execute(f"SELECT count(*) FROM mart.{name}").fetchall()[0][0])
            return dg.MaterializeResult(asset_key=asset_key, metadata={"rows": rows, "unchanged": True, **stamp})
        frame = compute(con)
        rows = write_mart(con, name, frame, fingerprint)
    metadata = {"rows": rows, "unchanged": False, **stamp, **(summary(frame) if summary else {})}
    return dg.MaterializeResult(asset_key=asset_key, metadata=metadata)


def read_mart(con: duckdb.DuckDBPyConnection, name: str) -> pl.DataFrame:
    return con.sql(f"SELECT * FROM mart.{name}").pl()
