"""Parsed rows → staging tables (latest row per key, cross-file rules) and the quarantine."""

import dagster as dg

from assets.raw import raw_archive
from pipelines.resources import SamenResource
from samen.contracts import contracts
from samen.staging import refresh_staging
from samen.warehouse import connect

STAGING_KEYS = {name: dg.AssetKey(["staging", name]) for name in contracts()}
REJECTED_KEY = dg.AssetKey(["quarantine", "rejected_rows"])
FLAGGED_KEY = dg.AssetKey(["quarantine", "flagged_rows"])

@dg.multi_asset(
    name="staging_tables",
    specs=[
        *[
            dg.AssetSpec(key, group_name="staging", kinds={"duckdb"}, deps=[raw_archive],
                         description=f"{contracts()[name].title}: de geldende rij per sleutel, na de regels over bestanden heen.")
            for name, key in STAGING_KEYS.items()
        ],
        dg.AssetSpec(REJECTED_KEY, group_name="quarantine", kinds={"duckdb"}, deps=[raw_archive],
                     description="Geweigerde rijen met bestand, rij, kolom, regel en uitleg in het Nederlands."),
        dg.AssetSpec(FLAGGED_KEY, group_name="quarantine", kinds={"duckdb"}, deps=[raw_archive],
                     description="Bewaarde maar gemarkeerde rijen, en weggelaten kolommen."),
    ],
)
def staging_tables(context: dg.AssetExecutionContext, samen: SamenResource):
    as_of = samen.as_of_date
    with connect(samen.paths.warehouse) as con:
        refreshed = refresh_staging(con, as_of)
        counts = refreshed.counts
        by_rule = {
            table: dict(con.execute(
                f"SELECT dataset || ':' || rule, count(*) FROM quarantine.{table} GROUP BY ALL ORDER BY 1"
            ).fetchall())
            for table in ("rejected_rows", "flagged_rows")
        }
    context.log.info(f"Staging herberekend: {refreshed.scope}"
                     + (f" ({len(refreshed.initiatives)} initiatieven)" if refreshed.scope == "deels" else ""))
    for name, key in STAGING_KEYS.items():
        yield dg.MaterializeResult(asset_key=key, metadata={
            "rows": counts[name]["rows"], "as_of": as_of.isoformat(), "herberekend": refreshed.scope,
            "initiatives_rebuilt": len(refreshed.initiatives)})
    for key, table in ((REJECTED_KEY, "rejected_rows"), (FLAGGED_KEY, "flagged_rows")):
        yield dg.MaterializeResult(
            asset_key=key,
            metadata={"rows": sum(by_rule[table].values()), "by_dataset_and_rule": dg.MetadataValue.json(by_rule[table])},
        )
