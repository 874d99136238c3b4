"""Run the whole asset graph through Dagster, on the instance under $SAMEN_HOME/dagster."""

from __future__ import annotations

import fcntl
import os
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from typing import Iterator

from samen.settings import Paths
from samen.warehouse import WarehouseBusy, lock_timeout


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


@contextmanager
def one_run_at_a_time(p: Paths, timeout: float) -> Iterator[None]:
    """Runs started from the command line take turns (an OS file lock), like queued runs do in the daemon."""
    p.home.mkdir(parents=True, exist_ok=True)
    with open(p.home / "run.lock", "w") as fh:
        deadline = time.monotonic() + timeout
        told = False
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise WarehouseBusy("Een andere verwerking loopt nog en werd niet klaar binnen de wachttijd. "
                                        "Probeer later opnieuw.") from None
                if not told:
                    print("Wachten tot een andere verwerking klaar is …", file=sys.stderr)
                    told = True
                time.sleep(0.5)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def run_refresh(p: Paths, landing: Path | None = None, as_of: date | None = None) -> RunOutcome:
    """Materialise everything (assets and their checks) in-process; the run is recorded in the instance."""
    with one_run_at_a_time(p, timeout=lock_timeout() * 5):
        return _run_refresh(p, landing, as_of)


def _run_refresh(p: Paths, landing: Path | None, as_of: date | None) -> RunOutcome:
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
