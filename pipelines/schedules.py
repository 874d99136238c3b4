"""Schedules, in Brussels time: a weekly full refresh, and on 31 January the reports of the year before."""

import dagster as dg

from pipelines.jobs import refresh_job
from pipelines.partitions import initiative_partitions, yearly_partitions

TIMEZONE = "Europe/Brussels"

weekly_refresh = dg.ScheduleDefinition(
    name="weekly_refresh",
    job=refresh_job,
    cron_schedule="0 6 * * 1",
    execution_timezone=TIMEZONE,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Elke maandag om 6 u: alles verversen (ongewijzigde bestanden worden overgeslagen).",
)

jaarrapport_job = dg.define_asset_job(
    "jaarrapport", selection=dg.AssetSelection.assets(dg.AssetKey(["report", "jaarrapport"])),
    partitions_def=yearly_partitions, executor_def=dg.in_process_executor,
    description="Het jaarrapport van één jaar (een partitie): ook voor een backfill van oudere jaren.",
)
initiatiefrapport_job = dg.define_asset_job(
    "initiatiefrapport", selection=dg.AssetSelection.assets(dg.AssetKey(["report", "initiatiefrapport"])),
    executor_def=dg.in_process_executor,
    description="Het initiatiefrapport van één initiatief en jaar (een partitie).",
)


def previous_year(scheduled: "dg.ScheduleEvaluationContext") -> str:
    return str(scheduled.scheduled_execution_time.year - 1)


@dg.schedule(
    name="yearly_reports",
    cron_schedule="0 7 31 1 *",
    execution_timezone=TIMEZONE,
    job=jaarrapport_job,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Op 31 januari om 7 u: het jaarrapport van het vorige jaar.",
)
def yearly_reports(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    year = previous_year(context)
    return dg.RunRequest(run_key=f"jaarrapport-{year}", partition_key=year)


@dg.schedule(
    name="yearly_initiative_reports",
    cron_schedule="0 7 31 1 *",
    execution_timezone=TIMEZONE,
    job=initiatiefrapport_job,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Op 31 januari om 7 u: het initiatiefrapport van het vorige jaar voor elk gekend initiatief.",
)
def yearly_initiative_reports(context: dg.ScheduleEvaluationContext) -> list[dg.RunRequest]:
    year = previous_year(context)
    initiatives = context.instance.get_dynamic_partitions(initiative_partitions.name)
    return [
        dg.RunRequest(run_key=f"initiatiefrapport-{i}-{year}",
                      partition_key=dg.MultiPartitionKey({"initiatief": i, "jaar": year}))
        for i in sorted(initiatives)
    ]
