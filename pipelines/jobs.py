"""Jobs. Steps are small, so runs use the in-process executor (one process per
step would cost ≈2 s each). Every job that writes the warehouse carries the
`samen/warehouse: write` tag, which dagster.yaml limits to one run at a time
(DuckDB allows one writing process)."""

import dagster as dg

WRITES_WAREHOUSE = {"samen/warehouse": "write"}

# Partitioned assets (a report per initiative, per year, per initiative and year) are run by partition, not by
# the refresh; the refresh renders the current ones through report/datakwaliteit_alle and report/jaar_laatste.
PER_PARTITION = dg.AssetSelection.assets(
    dg.AssetKey(["report", "datakwaliteit"]),
    dg.AssetKey(["report", "jaarrapport"]),
    dg.AssetKey(["report", "initiatiefrapport"]),
)

refresh_job = dg.define_asset_job(
    "refresh",
    selection=dg.AssetSelection.all() - PER_PARTITION,
    executor_def=dg.in_process_executor,
    tags=WRITES_WAREHOUSE,
    description="Alles opnieuw: nieuwe bestanden inlezen, staging en quarantaine herberekenen.",
)
