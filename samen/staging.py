"""Rebuild staging from the parsed rows: latest row per key, then the rules
that need other datasets or the as-of date.

Rebuilding from `parsed` on every run (rather than appending) is what makes
files arriving in any order work: a meeting refused because its duo was not
known yet is accepted on the first run after the duo arrives, and running
twice changes nothing.

Every staging rule stays inside one initiative (a meeting's duo is looked up in the same initiative), so a
refresh rebuilds only the initiatives that received files since the last build (`refresh_staging`);
everything is rebuilt when the as-of date, the contracts or the code changed (staging also depends on the
validation messages and the warehouse layout: all of `samen/` counts), or the registry did.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

import duckdb
import polars as pl

from samen import fingerprints
from samen.contracts import REGISTRY_FOLDER, Contract, contracts
from samen.validation import ERROR, WARNING, render_problems
from samen.warehouse import ISSUE_COLUMNS, PROVENANCE, insert_frame, transaction

_DATE_NL = "strftime({}, '%d/%m/%Y')"
UNKNOWN_INITIATIVE = "initiatief_onbekend"  # the registry flag (see _registry_flags)


def _checks(contract: Contract, as_of: date) -> list[tuple[str, str, str, str, str, str, str]]:
    """(rule, severity, column, SQL condition on alias c, SQL value, SQL ref, SQL join) for each cross-file rule."""
    checks = []
    peil = f"DATE '{as_of.isoformat()}'"
    for col in contract.columns:
        for ref in col.references:
            exists = (f"EXISTS (SELECT 1 FROM staging.{ref.dataset} p WHERE p.initiatief_id = c.initiatief_id "
                      f"AND p.{ref.column} = c.{col.name})")
            rule = "onbekend_duo" if ref.dataset == "duos" else "geen_intake"
            severity = ERROR if ref.severity == "error" else WARNING
            checks.append((rule, severity, col.name, f"c.{col.name} IS NOT NULL AND NOT {exists}", "NULL", "NULL", ""))
    for rule in contract.rules:
        impl = rule.implementation
        severity = ERROR if rule.severity == "error" else WARNING
        if rule.kind == "not_after_as_of":
            column = impl["column"]
            checks.append(("na_peildatum", severity, column, f"c.{column} > {peil}", _DATE_NL.format(f"c.{column}"),
                           "NULL", ""))
        elif rule.kind == "within_parent_period":
            col, parent, key = impl["column"], impl["parent"], impl["key"]
            start, end = impl["start"], impl["end"]
            # staging.<parent> holds one row per initiative and key (it is rebuilt first), so a join finds the
            # same single parent row the correlated EXISTS did; with the OR in its condition that subquery
            # was not decorrelated into a hash join (3.6 s on 6 M meetings, 0.7 s as a join).
            join = f"JOIN staging.{parent} p ON p.initiatief_id = c.initiatief_id AND p.{key} = c.{key}"
            cond = f"(c.{col} < p.{start} OR c.{col} > p.{end})"  # open end: see na_peildatum
            ref = f"{_DATE_NL.format(f'p.{start}')} || ' - ' || coalesce({_DATE_NL.format(f'p.{end}')}, 'lopend')"
            checks.append(("buiten_duoperiode", severity, col, cond, _DATE_NL.format(f"c.{col}"), ref, join))
    return checks


def rebuild_staging(con: duckdb.DuckDBPyConnection, as_of: date,
                    initiatives: Collection[str] | None = None) -> dict[str, dict[str, int]]:
    """Recompute the staging tables and the quarantine views in one transaction: every initiative, or
    only the rows of `initiatives` (the file-level issues and the registry flags are always redone)."""
    counts: dict[str, dict[str, int]] = {}
    with transaction(con):
        in_scope = ""
        if initiatives is not None:
            con.execute("CREATE OR REPLACE TEMP TABLE _scope AS SELECT UNNEST(?::VARCHAR[]) AS initiatief_id",
                        [sorted(initiatives)])
            in_scope = "initiatief_id IN (SELECT initiatief_id FROM _scope)"
        staged_problems = []
        for contract in contracts().values():
            name = contract.dataset
            partition = ", ".join(["initiatief_id", *contract.key])
            con.execute(f"""
                CREATE OR REPLACE TEMP TABLE _cand AS
                SELECT * FROM parsed.{name} {f"WHERE {in_scope}" if in_scope else ""}
                QUALIFY row_number() OVER (PARTITION BY {partition} ORDER BY _seq DESC, _row DESC) = 1
            """)
            checks = _checks(contract, as_of)
            if checks:
                union = " UNION ALL ".join(
                    f"SELECT c._sha256, c._sheet, c._row, c.initiatief_id, '{rule}' AS rule, '{sev}' AS severity, "
                    f"'{column}' AS \"column\", CAST({value} AS VARCHAR) AS value, CAST({ref} AS VARCHAR) AS ref "
                    f"FROM _cand c {join} WHERE {cond}"
                    for rule, sev, column, cond, value, ref, join in checks
                )
            else:
                union = ("SELECT NULL::VARCHAR _sha256, NULL::VARCHAR _sheet, NULL::BIGINT _row, NULL::VARCHAR initiatief_id, "
                         "NULL::VARCHAR rule, NULL::VARCHAR severity, NULL::VARCHAR \"column\", NULL::VARCHAR value, "
                         "NULL::VARCHAR ref WHERE false")
            con.execute(f"CREATE OR REPLACE TEMP TABLE _prob AS {union}")
            names = [c for c in dict.fromkeys([*contract.names, *PROVENANCE]) if c != "_flags"]
            cols = ", ".join(f'"{c}"' for c in names)
            con.execute(f"DELETE FROM staging.{name} {f'WHERE {in_scope}' if in_scope else ''}")
            con.execute(f"""
                INSERT INTO staging.{name} ({cols}, _flags)
                SELECT {", ".join(f'c."{c}"' for c in names)},
                       list_sort(list_distinct(list_concat(c._flags, coalesce(w.rules, []::VARCHAR[]))))
                FROM _cand c
                LEFT JOIN (SELECT _sha256, _sheet, _row, list(rule) AS rules FROM _prob WHERE severity = '{WARNING}'
                           GROUP BY ALL) w USING (_sha256, _sheet, _row)
                WHERE NOT EXISTS (SELECT 1 FROM _prob e WHERE e.severity = '{ERROR}' AND e._sha256 = c._sha256
                                  AND e._sheet = c._sheet AND e._row = c._row)
            """)
            problems = con.sql(f"""
                SELECT p.initiatief_id, '{name}' AS dataset, m.original_path AS file, nullif(p._sheet, '') AS sheet,
                       p._row AS "row", p."column", p.value, p.rule, p.severity, p.ref, p._sha256 AS sha256
                FROM _prob p LEFT JOIN raw.manifest m ON m.sha256 = p._sha256 AND m.sheet = p._sheet
            """).pl()
            if problems.height:
                labels = {c.name: c.label for c in contract.columns}
                params = repr({"peildatum": as_of.strftime("%d/%m/%Y")})
                staged_problems.append(
                    render_problems(problems.with_columns(params=pl.lit(params)), labels)
                    .with_columns(stage=pl.lit("staging"))
                    .select(list(ISSUE_COLUMNS))
                )
            staged = int(con.execute(f"SELECT count(*) FROM staging.{name}").fetchall()[0][0])
            counts[name] = {"rows": staged}
        _registry_flags(con, staged_problems)
        for table in ("rejected_rows", "flagged_rows"):
            # what is redone below: the file-level issues, the staging problems in scope, the registry flags
            kept = f"stage = 'staging' AND NOT coalesce({in_scope}, false) AND rule <> '{UNKNOWN_INITIATIVE}'"
            con.execute(f"DELETE FROM quarantine.{table}" + (f" WHERE NOT ({kept})" if in_scope else ""))
        for table, severity in (("rejected_rows", ERROR), ("flagged_rows", WARNING)):
            con.execute(f"INSERT INTO quarantine.{table} SELECT * FROM quarantine.file_issues WHERE severity = '{severity}'")
            for frame in staged_problems:
                insert_frame(con, f"quarantine.{table}", frame.filter(pl.col("severity") == severity))
        for temp in ("_cand", "_prob", "_scope"):
            con.execute(f"DROP TABLE IF EXISTS {temp}")
    return counts


@dataclass(frozen=True)
class StagingRefresh:
    scope: str  # alles (every initiative), deels (the initiatives below), niets (nothing new)
    initiatives: tuple[str, ...]
    counts: dict[str, dict[str, int]]


_BASIS, _LAST_SEQ = "staging/basis", "staging/last_seq"


def refresh_staging(con: duckdb.DuckDBPyConnection, as_of: date) -> StagingRefresh:
    """rebuild_staging for the initiatives that received files since the last refresh (all of them when the
    as-of date, the contracts or the code changed, or the registry did; none when nothing arrived)."""
    basis = fingerprints.digest(as_of, fingerprints.code_fingerprint("samen", "data_contracts"))
    last_seq = fingerprints.stored(con, _LAST_SEQ)
    [(max_seq,)] = con.execute("SELECT coalesce(max(seq), 0) FROM raw.manifest").fetchall()
    new = [r[0] for r in con.execute(
        "SELECT DISTINCT initiatief_id FROM raw.manifest WHERE seq > ? ORDER BY 1",
        [int(last_seq) if last_seq is not None else -1]).fetchall()]
    if last_seq is None or fingerprints.stored(con, _BASIS) != basis or REGISTRY_FOLDER in new:
        scope, initiatives = "alles", None
    elif not new:
        scope, initiatives = "niets", ()
    else:
        scope, initiatives = "deels", tuple(i for i in new if i is not None)
    if scope == "niets":
        counts = {c: {"rows": int(con.execute(f"SELECT count(*) FROM staging.{c}").fetchall()[0][0])}
                  for c in contracts()}
    else:
        counts = rebuild_staging(con, as_of, initiatives)
    with transaction(con):
        fingerprints.record_many(con, {_BASIS: basis, _LAST_SEQ: str(max_seq)})
    return StagingRefresh(scope, tuple(initiatives or ()), counts)


def _registry_flags(con: duckdb.DuckDBPyConnection, out: list[pl.DataFrame]) -> None:
    """An initiative folder absent from the agency's registry: one flag per initiative, data kept."""
    missing = con.execute(f"""
        SELECT DISTINCT m.initiatief_id FROM raw.manifest m
        WHERE m.initiatief_id IS NOT NULL AND m.initiatief_id <> '{REGISTRY_FOLDER}'
          AND m.initiatief_id NOT IN (SELECT initiatief_id FROM staging.initiatieven)
        ORDER BY 1
    """).fetchall()
    if not missing:
        return
    rows = pl.DataFrame({"initiatief_id": [m[0] for m in missing]}).with_columns(
        dataset=pl.lit("initiatieven"), file=pl.lit(None, dtype=pl.String), sheet=pl.lit(None, dtype=pl.String),
        row=pl.lit(None, dtype=pl.Int64), column=pl.lit("initiatief_id"), value=pl.col("initiatief_id"),
        rule=pl.lit(UNKNOWN_INITIATIVE), severity=pl.lit(WARNING), ref=pl.lit(None, dtype=pl.String),
        sha256=pl.lit(None, dtype=pl.String), params=pl.lit("{}"),
    )
    out.append(render_problems(rows, {}).with_columns(stage=pl.lit("staging")).select(list(ISSUE_COLUMNS)))
