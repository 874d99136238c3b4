"""Great Expectations suites generated from the data contracts.

Row-level decisions are made by the compiled Polars rules in
`samen.validation` (one vectorised pass; GX would cost ~15× the read at
scale). GX adds an independent second opinion: after each load, the rows that
arrived are checked against a suite built from the same contracts — types,
required columns, code lists, ranges and that every id is a pseudonym — so a
bug in our own validator cannot silently let bad or personal data through.
GX is imported lazily (≈5 s) and runs through its pandas datasource (its SQL
datasource fails on DuckDB).

Measured at `large` (9.5 M rows in one first load), GX on every new row cost ≈ 25 s and
≈ 2 GB (pandas copies of the rows), more than all the row-level validation of the same rows.
The second opinion is about our validator's logic, not about each row (every row already had
its decision), so a load larger than SUITE_ROW_LIMIT rows is checked on a deterministic,
evenly spread sample of about that many rows: every k-th row of every file. A defect that
touches one row in a few thousand still shows; the metadata says how many rows were checked.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from typing import Any

import polars as pl

from samen.contracts import Contract
from samen.pii import PSEUDONYM_PATTERN


SUITE_ROW_LIMIT = 100_000  # rows per dataset and load that GX checks (more: a systematic sample)


def latest_ingest_sample(con, dataset: str, limit: int = SUITE_ROW_LIMIT) -> tuple[pl.DataFrame, int]:
    """The parsed rows that arrived with the latest ingest (all of them, or every k-th Excel row of
    every file when there are more than `limit`), and how many arrived."""
    last = con.execute("SELECT first_seq, last_seq FROM raw.ingests ORDER BY started_at DESC LIMIT 1").fetchall()
    if not last:
        return con.sql(f"SELECT * FROM parsed.{dataset} LIMIT 0").pl(), 0
    where = f"_seq BETWEEN {int(last[0][0])} AND {int(last[0][1])}"
    total = int(con.execute(f"SELECT count(*) FROM parsed.{dataset} WHERE {where}").fetchall()[0][0])
    step = -(-total // limit) if total > limit else 1
    sample = f" AND _row % {step} = 0" if step > 1 else ""
    return con.sql(f"SELECT * FROM parsed.{dataset} WHERE {where}{sample}").pl(), total


@dataclass(frozen=True)
class SuiteResult:
    dataset: str
    success: bool
    rows: int
    evaluated: int
    failed: list[dict[str, Any]]


@cache
def _context():
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


def expectations(contract: Contract) -> list:
    """The contract as a list of GX expectations (the rows as stored: typed, pseudonymised)."""
    import great_expectations.expectations as gxe

    out: list = []
    for col in contract.columns:
        out.append(gxe.ExpectColumnToExist(column=col.name))
        if col.required:
            out.append(gxe.ExpectColumnValuesToNotBeNull(column=col.name))
        if col.parser == "code":
            out.append(gxe.ExpectColumnValuesToBeInSet(column=col.name, value_set=list(col.code_values)))
        if col.pseudonymise:
            out.append(gxe.ExpectColumnValuesToMatchRegex(column=col.name, regex=PSEUDONYM_PATTERN))
        lower = col.exclusive_minimum if col.exclusive_minimum is not None else col.minimum
        if lower is not None or col.maximum is not None:
            out.append(gxe.ExpectColumnValuesToBeBetween(
                column=col.name, min_value=lower, max_value=col.maximum,
                strict_min=col.exclusive_minimum is not None,
            ))
        if col.max_length and not col.pseudonymise:
            out.append(gxe.ExpectColumnValueLengthsToBeBetween(column=col.name, max_value=col.max_length))
    return out


def build_suite(contract: Contract):
    import great_expectations as gx

    suite = gx.ExpectationSuite(name=f"samen.{contract.dataset}")
    for expectation in expectations(contract):
        suite.add_expectation(expectation)
    return suite


def validate_frame(contract: Contract, frame: pl.DataFrame) -> SuiteResult:
    """Run the contract's suite on a frame of stored rows (list columns are left out: GX has no rule for them)."""
    columns = [c.name for c in contract.columns if c.logical_type != "array"]
    if frame.height == 0:
        return SuiteResult(contract.dataset, True, 0, 0, [])
    context = _context()
    name = f"samen_{contract.dataset}"
    try:
        source = context.data_sources.get(name)
    except (KeyError, ValueError):
        source = context.data_sources.add_pandas(name)
    try:
        asset = source.get_asset(contract.dataset)
    except (LookupError, ValueError):
        asset = source.add_dataframe_asset(name=contract.dataset)
    try:
        batch_def = asset.get_batch_definition("all")
    except (KeyError, ValueError):
        batch_def = asset.add_batch_definition_whole_dataframe("all")
    batch = batch_def.get_batch(batch_parameters={"dataframe": frame.select(columns).to_pandas()})
    suite = build_suite(contract)
    suite.expectations = [e for e in suite.expectations if getattr(e, "column", None) in columns]
    result = batch.validate(suite)
    failed = [
        {
            "expectation": r.expectation_config.type,
            "column": r.expectation_config.kwargs.get("column"),
            "unexpected_count": (r.result or {}).get("unexpected_count"),
        }
        for r in result.results
        if not r.success
    ]
    return SuiteResult(contract.dataset, bool(result.success), frame.height, len(result.results), failed)
