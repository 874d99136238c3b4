"""Per-initiative intermediates, recomputed only for the initiatives whose input rows changed.

Most of the participation marts' work is per initiative and local to it: joining every meeting to its
duo's period and summing per duo and per activity. `work.<table>` keeps those rows; a refresh after one
initiative's file recomputes that initiative's rows (found by a per-initiative content hash of the
inputs) and the marts aggregate the whole table, which at `large` is 0.4 M rows instead of 6 M.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import duckdb
import polars as pl

from samen import fingerprints
from samen.warehouse import transaction


def _contents(con: duckdb.DuckDBPyConnection, inputs: Sequence[str]) -> dict[str, list[str]]:
    """Per initiative, the content hash of its rows in each input table (one scan per table)."""
    out: dict[str, list[str]] = {}
    for position, table in enumerate(inputs):
        for initiative, n, total in con.execute(
                f"SELECT initiatief_id, count(*), sum(hash(t)) FROM {table} t GROUP BY ALL").fetchall():
            out.setdefault(str(initiative), [""] * len(inputs))[position] = f"{n}:{total}"
    return out


def refresh_local(con: duckdb.DuckDBPyConnection, group: str, tables: Sequence[str], inputs: Sequence[str],
                  basis: str, compute: Callable[[list[str] | None], dict[str, pl.DataFrame]],
                  ) -> tuple[dict[str, pl.DataFrame], list[str] | None]:
    """The work tables of `group`, brought up to date, and the initiatives recomputed (None: all).

    `compute(initiatives)` returns each table's rows for those initiatives (None: every initiative); the
    rows of an initiative may depend only on that initiative's rows of `inputs` and on `basis` (the
    as-of date, the code: whatever else the rows depend on).
    """
    current = {i: fingerprints.digest(basis, parts) for i, parts in _contents(con, inputs).items()}
    prefix = f"work.{group}/"
    known = {name.removeprefix(prefix): fp for name, fp in fingerprints.stored_with_prefix(con, prefix).items()}
    present = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables "
                                         "WHERE table_schema = 'work'").fetchall()}
    changed = sorted(i for i, fp in current.items() if known.get(i) != fp)
    gone = sorted(set(known) - set(current))
    everything = not set(tables) <= present or not set(current) - set(changed)
    if everything or changed or gone:
        frames = compute(None if everything else changed) if (everything or changed) else {}
        with transaction(con):
            for table in tables:
                if everything:
                    _write(con, f"CREATE OR REPLACE TABLE work.{table} AS SELECT * FROM _work_frame", frames[table])
                    continue
                con.execute(f"DELETE FROM work.{table} WHERE initiatief_id IN (SELECT UNNEST(?::VARCHAR[]))",
                            [changed + gone])
                if table in frames:
                    _write(con, f"INSERT INTO work.{table} BY NAME SELECT * FROM _work_frame", frames[table])
            fingerprints.forget(con, [prefix + i for i in (list(known) if everything else gone)])
            fingerprints.record_many(con, {prefix + i: current[i] for i in (current if everything else changed)})
    if everything:  # just written from these frames: no need to read them back
        return {table: frames[table] for table in tables}, None
    return {table: con.sql(f"SELECT * FROM work.{table}").pl() for table in tables}, changed


def _write(con: duckdb.DuckDBPyConnection, sql: str, frame: pl.DataFrame) -> None:
    con.register("_work_frame", frame)
    try:
        con.execute(sql)
    finally:
        con.unregister("_work_frame")
