"""Schedules, in Brussels time: a weekly full refresh (idempotent: unchanged files are skipped)."""

import dagster as dg

from pipelines.jobs import refresh_job

TIMEZONE = "Europe/Brussels"

weekly_refresh = dg.ScheduleDefinition(
    name="weekly_refresh",
    job=refresh_job,
    cron_schedule="0 6 * * 1",
    execution_timezone=TIMEZONE,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Elke maandag om 6 u: alles verversen (ongewijzigde bestanden worden overgeslagen).",
)
