"""The Dagster Definitions of samen-impact: `dagster dev` and `dg check defs` load this."""

from __future__ import annotations

import dagster as dg

from assets.raw import raw_archive
from assets.staging import staging_tables
from assets.staging_checks import staging_checks
from pipelines.jobs import refresh_job
from pipelines.loggers import progress_logger
from pipelines.resources import SamenResource

defs = dg.Definitions(
    assets=[raw_archive, staging_tables],
    asset_checks=staging_checks,
    jobs=[refresh_job],
    resources={"samen": SamenResource(home=dg.EnvVar("SAMEN_HOME"))},
    loggers={"console": progress_logger},
)
