"""Landing folder → raw archive and parsed rows."""

import dagster as dg

from pipelines.resources import SamenResource
from samen.ingest import discover, ingest
from samen.warehouse import connect

@dg.asset(
    group_name="raw",
    kinds={"polars", "duckdb"},
    description="Nieuwe bestanden uit de landing-map: gearchiveerd onder hun SHA-256, gelezen, gevalideerd "
    "en per bestand in één transactie opgeslagen (raw.manifest, parsed.*, quarantine.file_issues).",
)
def raw_archive(context: dg.AssetExecutionContext, samen: SamenResource) -> dg.MaterializeResult:
    files = discover(samen.landing_dir)
    with connect(samen.paths.warehouse) as con:
        report = ingest(con, files, samen.key(), samen.paths.raw, progress=context.log.info)
    totals = {"read": 0, "accepted": 0, "rejected": 0, "flagged": 0}
    for outcome in report.outcomes:
        for k, v in outcome.counts().items():
            totals[k] += v
    return dg.MaterializeResult(
        metadata={
            "files_new": len(report.outcomes),
            "files_same_content_skipped": len(report.skipped),
            "files_unreadable": sum(o.status == "onleesbaar" for o in report.outcomes),
            "rows_read": totals["read"],
            "rows_accepted": totals["accepted"],
            "rows_rejected": totals["rejected"],
            "rows_flagged": totals["flagged"],
            "first_seq": report.first_seq,
            "last_seq": report.last_seq,
        }
    )
