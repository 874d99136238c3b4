"""Run the whole asset graph through Dagster, on the instance under $SAMEN_HOME/dagster."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from samen.settings import Paths


@dataclass(frozen=True)
class RunOutcome:
    success: bool
    run_id: str
    failure: str | None = None


def run_config(p: Paths, landing: Path | None, as_of: date | None) -> dict:
    return {
        "loggers": {"console": {"config": {"log_level": "INFO"}}},
        "resources": {
            "samen": {
                "config": {
                    "home": str(p.home),
                    "landing": str(landing.resolve()) if landing else "",
                    "as_of": as_of.isoformat() if as_of else "",
                }
            }
        }
    }


def run_refresh(p: Paths, landing: Path | None = None, as_of: date | None = None) -> RunOutcome:
    """Materialise everything (assets and their checks) in-process; the run is recorded in the instance."""
    os.environ["SAMEN_HOME"] = str(p.home)
    from pipelines.definitions import defs
    from pipelines.instance import instance_for

    job = defs.resolve_job_def("refresh")
    with instance_for(p) as instance:
        result = job.execute_in_process(
            run_config=run_config(p, landing, as_of), instance=instance, raise_on_error=False
        )
        failure = None
        if not result.success:
            for event in result.all_events:
                if event.is_step_failure and event.step_failure_data:
                    err = event.step_failure_data.error
                    failure = err.message.strip() if err else event.message
                    break
        return RunOutcome(result.success, result.run_id, failure)
