"""Warehouse checks as plain functions (Dagster asset checks wrap them)."""

from __future__ import annotations

import duckdb
import polars as pl

from samen.contracts import Contract
from samen.pii import PSEUDONYM_LENGTH, PSEUDONYM_PATTERN, personal_cell

# what our own hashing writes: a pseudonym (20 hex) or a file's SHA-256 (64 hex)
DIGEST = rf"^(?:[0-9a-f]{{{PSEUDONYM_LENGTH}}}|[0-9a-f]{{64}})$"


def duplicate_keys(con: duckdb.DuckDBPyConnection, contract: Contract) -> int:
    """Staging rows sharing initiative + contract key with another row (must be 0)."""
    key = ", ".join(dict.fromkeys(["initiatief_id", *contract.key]))
    return int(con.execute(
        f"SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) n FROM staging.{contract.dataset} GROUP BY {key})"
    ).fetchall()[0][0])


def personal_data_cells(con: duckdb.DuckDBPyConnection, table: str,
                        pseudonyms: frozenset[str] = frozenset()) -> dict[str, int]:
    """Per text column, cells that look like an e-mail, phone or national number (must all be 0).

    Our own digests (pseudonyms, file hashes) are hex strings whose digit runs look like phone or
    national numbers in a few cells per thousand: they are not scanned. A column in `pseudonyms` must
    hold only pseudonyms instead; any other value there is counted (an id that escaped the HMAC).
    """
    schema, name = table.split(".")
    text_cols = [r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ? "
        "AND data_type = 'VARCHAR'", [schema, name]).fetchall()]
    digest = pl.col("v").str.contains(DIGEST)
    found: dict[str, int] = {}
    for col in text_cols:
        values = con.sql(f'SELECT DISTINCT "{col}" AS v FROM {table} WHERE "{col}" IS NOT NULL').pl()
        if col in pseudonyms:
            bad = ~pl.col("v").str.contains(PSEUDONYM_PATTERN)
        else:
            bad = ~digest & personal_cell(pl.col("v")).is_not_null()
        hits = values.select(bad.sum()).item() if values.height else 0
        if hits:
            found[col] = int(hits)
    return found


def archive_problems(con: duckdb.DuckDBPyConnection, raw_dir) -> list[dict[str, str]]:
    """Archived files that are missing or whose content no longer matches their SHA-256 name."""
    from samen.ingest import files_sha256

    archived = {path.name.split(".", 1)[0]: path for path in sorted(raw_dir.glob("*"), reverse=True)
                if not path.name.endswith(".part")} if raw_dir.exists() else {}
    listed = con.execute("SELECT DISTINCT sha256, original_path FROM raw.manifest ORDER BY sha256").fetchall()
    present = [(sha, path) for sha, path in listed if sha in archived]
    actual = dict(zip((sha for sha, _ in present), files_sha256([archived[sha] for sha, _ in present])))
    problems = []
    for sha, path in listed:
        if sha not in archived:
            problems.append({"sha256": sha, "file": path, "problem": "ontbreekt"})
        elif actual[sha] != sha:
            problems.append({"sha256": sha, "file": path, "problem": "inhoud gewijzigd"})
    return problems


def refused_by_rule(con: duckdb.DuckDBPyConnection, dataset: str) -> dict[str, int]:
    return dict(con.execute(
        "SELECT rule, count(*) FROM quarantine.rejected_rows WHERE dataset = ? GROUP BY rule ORDER BY rule", [dataset]
    ).fetchall())
