"""What a run did, per dataset, read back from the warehouse (so it also describes runs started elsewhere)."""

from __future__ import annotations

import duckdb
import polars as pl

from samen.contracts import contracts


def dataset_summary(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Per dataset: files (sheets) delivered, rows read, rows in staging, refused and flagged rows."""
    manifest = con.sql(
        "SELECT dataset, count(*) AS files, sum(rows_read) AS rows_read FROM raw.manifest "
        "WHERE dataset IS NOT NULL GROUP BY dataset"
    ).pl()
    refused = con.sql(
        "SELECT dataset, count(DISTINCT (sha256, sheet, \"row\")) AS refused FROM quarantine.rejected_rows "
        "WHERE \"row\" IS NOT NULL GROUP BY dataset"
    ).pl()
    rows = []
    for name in contracts():
        staged = int(con.execute(f"SELECT count(*) FROM staging.{name}").fetchall()[0][0])
        flagged = int(con.execute(f"SELECT count(*) FROM staging.{name} WHERE len(_flags) > 0").fetchall()[0][0])
        rows.append({"dataset": name, "in_staging": staged, "flagged": flagged})
    out = pl.DataFrame(rows).join(manifest, on="dataset", how="left").join(refused, on="dataset", how="left")
    return out.select(
        "dataset",
        pl.col("files").fill_null(0).cast(pl.Int64),
        pl.col("rows_read").fill_null(0).cast(pl.Int64),
        "in_staging",
        "flagged",
        pl.col("refused").fill_null(0).cast(pl.Int64),
    )


def unrecognised_files(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    return con.execute(
        "SELECT file, coalesce(sheet, ''), message FROM quarantine.rejected_rows WHERE \"row\" IS NULL ORDER BY file"
    ).fetchall()
