"""What a derived table or report was built from, so a refresh redoes only what changed.

A fingerprint is a SHA-256 over everything a result depends on: the content of the tables it reads
(row count and the sum of DuckDB row hashes: ≈ 0.2 s for 6 M meetings), the as-of date, its settings and
the source of the code that computes it. `meta.fingerprints` keeps, per result, the fingerprint it was
last built from; a result whose fingerprint is unchanged is still correct and is not rebuilt.

The fingerprint is written after the result, so a crash in between only costs a rebuild next time,
never a stale result.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import datetime, timezone
from functools import cache
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]


def ensure_meta(con: duckdb.DuckDBPyConnection) -> None:
    """Called by warehouse.ensure_schema on every writing connection."""
    con.execute("CREATE SCHEMA IF NOT EXISTS meta")
    con.execute("CREATE TABLE IF NOT EXISTS meta.fingerprints (name VARCHAR PRIMARY KEY, fingerprint VARCHAR, "
                "built_at TIMESTAMP)")


def digest(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


@cache
def code_fingerprint(*relative: str) -> str:
    """SHA-256 over the source files (or every file under the folders) named relative to the repository."""
    h = hashlib.sha256()
    for rel in relative:
        root = REPO / rel
        for path in sorted([root] if root.is_file() else (p for p in root.rglob("*") if p.is_file())):
            if "__pycache__" in path.parts:
                continue
            h.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def table_content(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """Row count and the sum of row hashes: equal for equal content, whatever the row order."""
    [(n, total)] = con.execute(f"SELECT count(*), coalesce(sum(hash(t)), 0) FROM {table} t").fetchall()
    return f"{n}:{total}"


def stored(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    rows = con.execute("SELECT fingerprint FROM meta.fingerprints WHERE name = ?", [name]).fetchall()
    return rows[0][0] if rows else None


def stored_with_prefix(con: duckdb.DuckDBPyConnection, prefix: str) -> dict[str, str]:
    return dict(con.execute("SELECT name, fingerprint FROM meta.fingerprints WHERE starts_with(name, ?)",
                            [prefix]).fetchall())


def record(con: duckdb.DuckDBPyConnection, name: str, fingerprint: str) -> None:
    record_many(con, {name: fingerprint})


def record_many(con: duckdb.DuckDBPyConnection, fingerprints: dict[str, str]) -> None:
    """Store what changed (a refresh that changes nothing leaves the warehouse exactly as it was)."""
    known = dict(con.execute("SELECT name, fingerprint FROM meta.fingerprints").fetchall())
    changed = [[name, fp] for name, fp in fingerprints.items() if known.get(name) != fp]
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    if changed:
        con.executemany("INSERT OR REPLACE INTO meta.fingerprints VALUES (?, ?, ?)", [[*row, now] for row in changed])


def forget(con: duckdb.DuckDBPyConnection, names: Iterable[str]) -> None:
    con.execute("DELETE FROM meta.fingerprints WHERE name IN (SELECT UNNEST(?::VARCHAR[]))", [list(names)])
