"""Jobs. Steps are small, so runs use the in-process executor (one process per
step would cost ≈2 s each), and the warehouse has one writer at a time."""

from __future__ import annotations

import dagster as dg

refresh_job = dg.define_asset_job(
    "refresh",
    selection=dg.AssetSelection.all(),
    executor_def=dg.in_process_executor,
    description="Alles opnieuw: nieuwe bestanden inlezen, staging en quarantaine herberekenen.",
)
