"""The landing-folder sensor: new content → exactly one refresh run."""

import os

import dagster as dg

from pipelines.jobs import refresh_job
from pipelines.partitions import initiative_partitions
from pipelines.resources import SamenResource
from samen.landing_watch import WatchState, run_key, scan

INTERVAL_SECONDS = int(os.environ.get("SAMEN_SENSOR_INTERVAL", "20"))


@dg.sensor(
    job=refresh_job,
    minimum_interval_seconds=INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Kijkt in de landing-map: nieuwe of gewijzigde bestanden (op inhoud) die klaar zijn met "
    "binnenkomen starten één verversing; nieuwe initiatieven worden partities.",
)
def landing_sensor(context: dg.SensorEvaluationContext, samen: SamenResource) -> dg.SensorResult:
    import time

    previous = WatchState.from_cursor(context.cursor)
    result = scan(samen.landing_dir, previous, now=time.time())
    known = set(context.instance.get_dynamic_partitions(initiative_partitions.name))
    new_initiatives = [i for i in result.initiatives if i not in known]
    state = result.state
    runs = []
    if result.ready:
        state.requested |= set(result.ready)
        runs.append(dg.RunRequest(
            run_key=run_key(result.ready),
            tags={"samen/trigger": "landing", "samen/files": str(len(result.ready))},
        ))
    if result.waiting:
        context.log.info(f"{len(result.waiting)} bestand(en) komen nog binnen; volgende keer opnieuw bekeken.")
    return dg.SensorResult(
        run_requests=runs,
        cursor=state.to_cursor(),
        dynamic_partitions_requests=[initiative_partitions.build_add_request(new_initiatives)] if new_initiatives else [],
        skip_reason=None if runs else dg.SkipReason("Geen nieuwe bestanden."),
    )
