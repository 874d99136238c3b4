"""Partitions. Yearly for the year-bound reports (a backfill per year); one dynamic partition per
initiative for the per-initiative report, added by the landing sensor when a new folder appears."""

import dagster as dg

FIRST_YEAR = "2015"

yearly_partitions = dg.TimeWindowPartitionsDefinition(
    cron_schedule="0 0 1 1 *", start=FIRST_YEAR, fmt="%Y", timezone="Europe/Brussels"
)
initiative_partitions = dg.DynamicPartitionsDefinition(name="initiatief")

# One initiatiefrapport per initiative and year: the landing sensor's initiatives times the years.
initiative_year_partitions = dg.MultiPartitionsDefinition(
    {"initiatief": initiative_partitions, "jaar": yearly_partitions}
)
