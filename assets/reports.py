"""Reports as Dagster assets: thin wrappers around `reports.*` plain functions.

`report/datakwaliteit_alle` renders every initiative's report and the agency's in one go, on every
refresh (the sensor's runs included). `report/datakwaliteit` is partitioned per initiative (the
landing sensor adds a partition for every new folder) for re-rendering one initiative from the UI;
it stays out of the unpartitioned refresh job.
"""

import dagster as dg

from assets.raw import raw_archive
from assets.staging import FLAGGED_KEY, REJECTED_KEY
from pipelines.partitions import initiative_partitions
from pipelines.resources import SamenResource
from reports.datakwaliteit import missing_reports, render_all_datakwaliteit, render_datakwaliteit, report_counts

DATAKWALITEIT_KEY = dg.AssetKey(["report", "datakwaliteit"])
DATAKWALITEIT_ALL_KEY = dg.AssetKey(["report", "datakwaliteit_alle"])
_DEPS = [REJECTED_KEY, FLAGGED_KEY, raw_archive.key]

__all__ = ["ASSETS", "CHECKS", "render_all_datakwaliteit"]


def _metadata(paths: dict, counts: dict) -> dict:
    return {**{fmt: dg.MetadataValue.path(str(path)) for fmt, path in paths.items()}, **counts}


@dg.asset(key=DATAKWALITEIT_KEY, partitions_def=initiative_partitions, group_name="reports",
          kinds={"html", "pdf", "xlsx"}, deps=_DEPS, description=(
              "Datakwaliteit per initiatief: elke geweigerde of gemarkeerde rij van zijn bestanden (bestand, tabblad, "
              "rij, kolom, regel, hoe op te lossen), per bestand gegroepeerd. Voor het initiatief zelf, niet voor "
              "publicatie. $SAMEN_HOME/reports/datakwaliteit/<initiatief_id>.{html,pdf,xlsx}"))
def report_datakwaliteit(context: dg.AssetExecutionContext, samen: SamenResource) -> dg.MaterializeResult:
    initiative = context.partition_key
    paths = render_datakwaliteit(samen.paths, initiative)
    return dg.MaterializeResult(metadata=_metadata(paths, report_counts(samen.paths, initiative)))


@dg.asset(key=DATAKWALITEIT_ALL_KEY, group_name="reports", kinds={"html", "pdf", "xlsx"}, deps=_DEPS,
          description=("Alle datakwaliteitsrapporten in één keer, bij elke verversing: één per initiatief en één voor "
                       "het agentschap (register, bestanden buiten een initiatiefmap, initiatieven die niet in het "
                       "register staan, een telling per initiatief). $SAMEN_HOME/reports/datakwaliteit/"))
def report_datakwaliteit_alle(context: dg.AssetExecutionContext, samen: SamenResource) -> dg.MaterializeResult:
    written = render_all_datakwaliteit(samen.paths)
    context.log.info(f"{len(written)} datakwaliteitsrapporten geschreven in {samen.paths.reports / 'datakwaliteit'}")
    return dg.MaterializeResult(metadata={
        "reports": len(written),
        "agency_html": dg.MetadataValue.path(str(written["_agentschap"]["html"])),
        **report_counts(samen.paths, None),
    })


@dg.asset_check(asset=DATAKWALITEIT_ALL_KEY, name="elk_initiatief_een_rapport", description=(
    "Elk initiatief met bestanden of in het register heeft een datakwaliteitsrapport (HTML, PDF en XLSX) op schijf."))
def every_initiative_has_a_report(samen: SamenResource) -> dg.AssetCheckResult:
    missing = missing_reports(samen.paths)
    return dg.AssetCheckResult(passed=not missing, severity=dg.AssetCheckSeverity.WARN,
                               metadata={"missing": dg.MetadataValue.json(missing)})


ASSETS = [report_datakwaliteit, report_datakwaliteit_alle]
CHECKS = [every_initiative_has_a_report]
