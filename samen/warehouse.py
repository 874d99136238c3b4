"""The DuckDB warehouse: tables derived from the contracts, and safe connections.

Schemas: `raw` (manifest of archived files), `parsed` (valid rows of each
file, pseudonymised, before cross-file rules), `staging` (the current truth:
latest row per key, references checked), `quarantine` (refused and flagged
rows with their messages), `mart` (the figures), `meta` (what each result was built from:
samen/fingerprints.py), `work` (per-initiative intermediates of the marts: samen/marts/local.py).
"""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import duckdb
import polars as pl

from samen.contracts import Contract, contracts
from samen.fingerprints import ensure_meta

SCHEMAS = ("raw", "parsed", "staging", "quarantine", "mart", "meta", "work")
_DUCK = {"date": "DATE", "number": "DOUBLE", "integer": "BIGINT", "boolean": "BOOLEAN", "string": "VARCHAR",
         "array": "VARCHAR[]"}
_POLARS = {"date": pl.Date, "number": pl.Float64, "integer": pl.Int64, "boolean": pl.Boolean, "string": pl.String,
           "array": pl.List(pl.String)}

PROVENANCE = {"initiatief_id": "VARCHAR", "_sha256": "VARCHAR", "_sheet": "VARCHAR", "_row": "BIGINT",
              "_seq": "BIGINT", "_flags": "VARCHAR[]"}
ISSUE_COLUMNS = {
    "initiatief_id": "VARCHAR", "dataset": "VARCHAR", "file": "VARCHAR", "sheet": "VARCHAR", "row": "BIGINT",
    "column": "VARCHAR", "value": "VARCHAR", "rule": "VARCHAR", "severity": "VARCHAR", "message": "VARCHAR",
    "message_en": "VARCHAR", "sha256": "VARCHAR", "stage": "VARCHAR",
}
MANIFEST_COLUMNS = {
    "sha256": "VARCHAR", "sheet": "VARCHAR", "original_path": "VARCHAR", "initiatief_id": "VARCHAR",
    "dataset": "VARCHAR", "recognised_by": "VARCHAR", "received_at": "TIMESTAMP", "seq": "BIGINT",
    "size_bytes": "BIGINT", "encoding": "VARCHAR", "status": "VARCHAR", "rows_read": "BIGINT",
    "rows_accepted": "BIGINT", "rows_rejected": "BIGINT", "rows_flagged": "BIGINT",
}


def duckdb_type(logical_type: str) -> str:
    return _DUCK[logical_type]


def polars_schema(contract: Contract) -> dict[str, pl.DataType]:
    return {c.name: _POLARS[c.logical_type] for c in contract.columns}


def _columns_sql(columns: dict[str, str]) -> str:
    return ", ".join(f'"{name}" {kind}' for name, kind in columns.items())


def dataset_columns(contract: Contract) -> dict[str, str]:
    return {c.name: duckdb_type(c.logical_type) for c in contract.columns}


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    for schema in SCHEMAS:
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    con.execute(f"CREATE TABLE IF NOT EXISTS raw.manifest ({_columns_sql(MANIFEST_COLUMNS)}, PRIMARY KEY (sha256, sheet))")
    con.execute("CREATE TABLE IF NOT EXISTS raw.ingests (started_at TIMESTAMP, finished_at TIMESTAMP, "
                "first_seq BIGINT, last_seq BIGINT, files_new BIGINT, files_skipped BIGINT)")
    con.execute(f"CREATE TABLE IF NOT EXISTS quarantine.file_issues ({_columns_sql(ISSUE_COLUMNS)})")
    for name in ("rejected_rows", "flagged_rows"):
        con.execute(f"CREATE TABLE IF NOT EXISTS quarantine.{name} ({_columns_sql(ISSUE_COLUMNS)})")
    ensure_meta(con)
    for contract in contracts().values():
        cols = {**dataset_columns(contract), **PROVENANCE}
        con.execute(f"CREATE TABLE IF NOT EXISTS parsed.{contract.dataset} ({_columns_sql(cols)})")
        con.execute(f"CREATE TABLE IF NOT EXISTS staging.{contract.dataset} ({_columns_sql(cols)})")


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc).lower()
    return "lock" in text or "conflicting" in text or "being used by another process" in text


def lock_timeout() -> float:
    return float(os.environ.get("SAMEN_LOCK_TIMEOUT", "120"))


@contextmanager
def connect(path: Path | None, *, read_only: bool = False, timeout: float | None = None,
            first_wait: float = 0.2) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse (None: a scratch in-memory one).

    DuckDB allows one writing process: while another process holds the file,
    wait with exponential back-off up to `timeout` seconds ($SAMEN_LOCK_TIMEOUT,
    default 120), then fail with a message that says what to do.
    """
    if path is None:
        con = duckdb.connect(":memory:")
        try:
            ensure_schema(con)
            yield con
        finally:
            con.close()
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    if read_only and not path.exists():
        raise FileNotFoundError(f"Geen warehouse gevonden op {path}. Voer eerst 'samen run' uit.")
    deadline = time.monotonic() + (lock_timeout() if timeout is None else timeout)
    wait = first_wait
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            break
        except duckdb.IOException as exc:
            if not _is_lock_error(exc) or time.monotonic() + wait > deadline:
                raise WarehouseBusy(
                    f"Het warehouse {path} is in gebruik door een ander proces en kwam niet vrij. "
                    "Wacht tot die verwerking klaar is en probeer opnieuw."
                ) from exc
            time.sleep(wait)
            wait = min(wait * 2, 5.0)
    try:
        if not read_only:
            ensure_schema(con)
        yield con
    finally:
        con.close()


class WarehouseBusy(RuntimeError):
    """Another process kept the warehouse locked for longer than the lock timeout."""


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All or nothing: a crash or error inside leaves the warehouse as it was."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    if frame.height == 0:
        return
    cols = ", ".join(f'"{c}"' for c in frame.columns)
    con.register("_incoming", frame)
    try:
        con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _incoming")
    finally:
        con.unregister("_incoming")


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    rows = con.execute(
        "SELECT schema_name, table_name, estimated_size FROM duckdb_tables() ORDER BY schema_name, table_name"
    ).fetchall()
    return {f"{s}.{t}": int(con.execute(f'SELECT count(*) FROM {s}."{t}"').fetchall()[0][0]) for s, t, _ in rows}
