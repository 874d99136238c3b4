"""The measured steps, each run by `benchmarks.run` in a fresh Python process.

    python -m benchmarks.steps STEP HOME LANDING AS_OF

Each step prints one JSON line on stdout (`{"inner_s": …, …}`): the seconds spent after the imports,
and whatever the step counted. Wall time including interpreter start-up and imports, and peak RSS,
are measured from outside by the parent (`os.wait4`).

Steps:
  imports     import the Dagster definitions (all assets, checks, resources): the fixed cost of a run
  load        the refresh as `samen run` does it, without the report assets: ingest, staging, all marts,
              every asset check (GX included), through Dagster's in-process executor
  marts       every mart asset (group `marts`, no checks) rebuilt, their fingerprints forgotten first, through Dagster
  marts_core  the marts the pandas peer computes, as plain Polars functions (no Dagster): read staging,
              compute, write
  peer        the same marts in vectorised pandas (`benchmarks.pandas_peer`)
  reports     the unpartitioned assets of group `reports` (what a refresh renders), through Dagster; a PDF
              whose HTML did not change is kept (run it twice to see both)
  yearly      reports.jaarrapport.render_all_for_year (jaarrapport + initiatiefrapporten), if it exists
  refresh     the whole `refresh` job as `samen run` runs it (reports included)
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import date
from pathlib import Path

START = time.perf_counter()


def _job(selection, name: str):
    import dagster as dg

    from pipelines.definitions import defs

    job = dg.define_asset_job(name, selection=selection, executor_def=dg.in_process_executor)
    bench = dg.Definitions(assets=list(defs.assets or []), asset_checks=list(defs.asset_checks or []), jobs=[job],
                           resources=dict(defs.resources or {}), loggers=dict(defs.loggers or {}))
    return bench.resolve_job_def(name)


def _execute(home: Path, landing: Path | None, as_of: date, selection, name: str, *, persistent: bool) -> dict:
    """Run a selection like `samen run` does (run config, instance under $SAMEN_HOME/dagster)."""
    import dagster as dg

    from pipelines.instance import instance_for
    from samen.runner import run_config
    from samen.settings import paths

    p = paths(home)
    job = _job(selection, name)
    config = run_config(p, landing, as_of)
    config["loggers"]["console"]["config"]["log_level"] = "WARNING"
    imported = time.perf_counter()
    if persistent:
        with instance_for(p) as instance:
            result = job.execute_in_process(run_config=config, instance=instance, raise_on_error=False)
    else:
        result = job.execute_in_process(run_config=config, instance=dg.DagsterInstance.ephemeral(),
                                        raise_on_error=False)
    done = time.perf_counter()
    failed = [e.step_key for e in result.all_events if e.is_step_failure]
    checks_failed = sorted(f"{ev.asset_key.to_user_string()}:{ev.check_name}"
                           for ev in result.get_asset_check_evaluations() if not ev.passed)
    return {"inner_s": done - imported, "imports_s": imported - START, "success": result.success,
            "failed_steps": failed, "checks_failed": checks_failed}


def step_imports(home: Path, landing: Path, as_of: date) -> dict:
    import pipelines.definitions  # noqa: F401

    return {"inner_s": time.perf_counter() - START}


def step_load(home: Path, landing: Path, as_of: date) -> dict:
    import dagster as dg

    os.environ["SAMEN_HOME"] = str(home)
    selection = dg.AssetSelection.all() - dg.AssetSelection.groups("reports")
    return _execute(home, landing, as_of, selection, "bench_load", persistent=True)


def step_refresh(home: Path, landing: Path, as_of: date) -> dict:
    """Everything the `refresh` job holds (reports included), as `samen run` does it."""
    os.environ["SAMEN_HOME"] = str(home)
    from samen.runner import run_refresh
    from samen.settings import paths

    imported = time.perf_counter()
    outcome = run_refresh(paths(home), landing, as_of)
    return {"inner_s": time.perf_counter() - imported, "success": outcome.success, "failure": outcome.failure}


def step_marts(home: Path, landing: Path, as_of: date) -> dict:
    """Every mart rebuilt: their fingerprints are forgotten first, or a refresh would (rightly) skip them all."""
    import dagster as dg

    from samen.warehouse import connect

    os.environ["SAMEN_HOME"] = str(home)
    with connect(home / "warehouse.duckdb") as con:
        # the marts' own fingerprints and the per-initiative work tables': a real rebuild from staging
        con.execute("DELETE FROM meta.fingerprints WHERE starts_with(name, 'mart.') OR starts_with(name, 'work.')")
    selection = dg.AssetSelection.groups("marts").without_checks()
    return _execute(home, None, as_of, selection, "bench_marts", persistent=False)


def step_reports(home: Path, landing: Path, as_of: date) -> dict:
    import dagster as dg

    from pipelines.definitions import defs

    os.environ["SAMEN_HOME"] = str(home)
    keys = [a.key for a in defs.resolve_all_asset_specs()
            if a.group_name == "reports" and a.partitions_def is None]
    if not keys:
        return {"inner_s": None, "not_yet": True}
    return _execute(home, None, as_of, dg.AssetSelection.assets(*keys).without_checks(), "bench_reports",
                    persistent=False)


def step_yearly(home: Path, landing: Path, as_of: date) -> dict:
    try:
        from reports.jaarrapport import render_all_for_year
    except ImportError:
        return {"inner_s": None, "not_yet": True}
    imported = time.perf_counter()
    year = as_of.year if (as_of.month, as_of.day) == (12, 31) else as_of.year - 1
    written = render_all_for_year(home, year)
    return {"inner_s": time.perf_counter() - imported, "reports": len(written), "year": year}


def step_marts_core(home: Path, landing: Path, as_of: date) -> dict:
    from benchmarks.pandas_peer import POLARS_MARTS, run_polars

    imported = time.perf_counter()
    rows = run_polars(home / "warehouse.duckdb", as_of)
    return {"inner_s": time.perf_counter() - imported, "rows": rows, "marts": list(POLARS_MARTS)}


def step_peer(home: Path, landing: Path, as_of: date) -> dict:
    from benchmarks.pandas_peer import run_pandas

    imported = time.perf_counter()
    rows = run_pandas(home / "warehouse.duckdb", as_of)
    return {"inner_s": time.perf_counter() - imported, "rows": rows}


STEPS = {name[5:]: fn for name, fn in globals().items() if name.startswith("step_")}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    step, home, landing, as_of = args[0], Path(args[1]), Path(args[2]), date.fromisoformat(args[3])
    out = STEPS[step](home, landing, as_of)
    print("BENCH-RESULT " + json.dumps(out, default=str), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
