"""Partitions. Yearly for the year-bound reports (a backfill per year); one dynamic partition per
initiative for the per-initiative report, added by the landing sensor when a new folder appears."""

import dagster as dg

FIRST_YEAR = "2015"

yearly_partitions = dg.TimeWindowPartitionsDefinition(
    cron_schedule="0 0 1 1 *", start=FIRST_YEAR, fmt="%Y", timezone="Europe/Brussels"
)
initiative_partitions = dg.DynamicPartitionsDefinition(name="initiatief")
