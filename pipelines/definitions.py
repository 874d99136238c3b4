"""The Dagster Definitions of samen-impact: `dagster dev` and `dg check defs` load this."""

from datetime import timedelta

import dagster as dg

from assets import marts_deelname, marts_fasen, marts_impact, marts_tijdsinvestering, reports
from assets.raw import raw_archive
from assets.raw_checks import CHECKS as RAW_CHECKS
from assets.staging import staging_tables
from assets.staging_checks import staging_checks
from pipelines.jobs import refresh_job
from pipelines.loggers import progress_logger
from pipelines.resources import SamenResource
from pipelines.schedules import (initiatiefrapport_job, jaarrapport_job, weekly_refresh, yearly_initiative_reports,
                                 yearly_reports)
from pipelines.sensors import landing_sensor

# Mart modules, one per family of figures; each exports ASSETS and CHECKS.
MART_MODULES = [marts_tijdsinvestering, marts_deelname, marts_fasen, marts_impact]
REPORT_MODULES = [reports]

# The weekly refresh keeps everything younger than 8 days; older means the schedule or daemon stopped.
FRESHNESS = dg.FreshnessPolicy.time_window(fail_window=timedelta(days=8), warn_window=timedelta(days=7))

assets = [
    *dg.map_asset_specs(
        lambda spec: spec.replace_attributes(freshness_policy=FRESHNESS),
        [raw_archive, staging_tables, *[a for m in MART_MODULES for a in m.ASSETS]],
    ),
    *[a for m in REPORT_MODULES for a in m.ASSETS],
]

defs = dg.Definitions(
    assets=assets,
    asset_checks=[*RAW_CHECKS, *staging_checks, *[c for m in [*MART_MODULES, *REPORT_MODULES] for c in m.CHECKS]],
    jobs=[refresh_job, jaarrapport_job, initiatiefrapport_job],
    schedules=[weekly_refresh, yearly_reports, yearly_initiative_reports],
    sensors=[landing_sensor],
    resources={"samen": SamenResource(home=dg.EnvVar("SAMEN_HOME"))},
    loggers={"console": progress_logger},
)
