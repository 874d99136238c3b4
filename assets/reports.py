"""Reports as Dagster assets: thin wrappers around `reports.*` plain functions.

`report/datakwaliteit_alle` renders every initiative's report and the agency's in one go, on every
refresh (the sensor's runs included). `report/datakwaliteit` is partitioned per initiative (the
landing sensor adds a partition for every new folder) for re-rendering one initiative from the UI;
it stays out of the unpartitioned refresh job.

The published reports follow the same pattern: `report/jaar_laatste` renders, on every refresh, the
jaarrapport and every initiatiefrapport of the last complete year before the as-of date;
`report/jaarrapport` (per year) and `report/initiatiefrapport` (per initiative and year) re-render
any other year from the UI or a backfill, and stay out of the refresh job (pipelines/jobs.py).
"""

import dagster as dg

from assets.raw import raw_archive
from assets.staging import FLAGGED_KEY, REJECTED_KEY
from pipelines.partitions import initiative_partitions, initiative_year_partitions, yearly_partitions
from pipelines.resources import SamenResource
from reports.common import MART_TABLES, initiatives_in_year, last_complete_year, years_with_data
from reports.datakwaliteit import missing_reports, render_all_datakwaliteit, render_datakwaliteit, report_counts
from reports.initiatiefrapport import render_initiatiefrapport
from reports.jaarrapport import load, missing_year_reports, render_all_for_year, render_jaarrapport

DATAKWALITEIT_KEY = dg.AssetKey(["report", "datakwaliteit"])
DATAKWALITEIT_ALL_KEY = dg.AssetKey(["report", "datakwaliteit_alle"])
JAARRAPPORT_KEY = dg.AssetKey(["report", "jaarrapport"])
INITIATIEFRAPPORT_KEY = dg.AssetKey(["report", "initiatiefrapport"])
JAAR_LAATSTE_KEY = dg.AssetKey(["report", "jaar_laatste"])
_DEPS = [REJECTED_KEY, FLAGGED_KEY, raw_archive.key]
# The published reports read every mart (and the registry and the file counts for coverage).
_MART_DEPS = [*(dg.AssetKey(["mart", name]) for name in MART_TABLES), dg.AssetKey(["staging", "initiatieven"]),
              *_DEPS]

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


def _paths_metadata(paths: dict) -> dict:
    return {fmt: dg.MetadataValue.path(str(path)) for fmt, path in paths.items()}


@dg.asset(key=JAARRAPPORT_KEY, partitions_def=yearly_partitions, group_name="reports", kinds={"html", "pdf", "xlsx"},
          deps=_MART_DEPS, description=(
              "Jaarrapport per jaar: kerncijfers, deelname, tijdsinvestering naast het handboek, impact met "
              "intervallen, toeleiding en vrijwillige inzet, evolutie, per provincie en organisator, dekking en "
              "datakwaliteit, methode. Gepubliceerd: regel voor kleine aantallen. "
              "$SAMEN_HOME/reports/<jaar>/jaarrapport.{html,pdf,xlsx}"))
def report_jaarrapport(context: dg.AssetExecutionContext, samen: SamenResource) -> dg.MaterializeResult:
    year = int(context.partition_key)
    paths = render_jaarrapport(samen.paths, year)
    return dg.MaterializeResult(metadata={"year": year, **_paths_metadata(paths)})


@dg.asset(key=INITIATIEFRAPPORT_KEY, partitions_def=initiative_year_partitions, group_name="reports",
          kinds={"html", "pdf", "xlsx"}, deps=_MART_DEPS, description=(
              "Initiatiefrapport per initiatief en jaar: op de eerste pagina de verantwoording van de personeelstijd "
              "(uren per fase, per duo, VTE en kost per duo naast het handboek, de norm en vergelijkbare "
              "initiatieven), daarna deelname, van aanmelding tot duo, impact en methode. "
              "$SAMEN_HOME/reports/<jaar>/initiatiefrapport/<initiatief_id>.{html,pdf,xlsx}"))
def report_initiatiefrapport(context: dg.AssetExecutionContext, samen: SamenResource) -> dg.MaterializeResult:
    keys = context.partition_key.keys_by_dimension
    initiative, year = keys["initiatief"], int(keys["jaar"])
    paths = render_initiatiefrapport(samen.paths, initiative, year)
    return dg.MaterializeResult(metadata={"initiative": initiative, "year": year, **_paths_metadata(paths)})


@dg.asset(key=JAAR_LAATSTE_KEY, group_name="reports", kinds={"html", "pdf", "xlsx"}, deps=_MART_DEPS, description=(
    "Bij elke verversing: het jaarrapport en elk initiatiefrapport van het laatste volledige jaar vóór de "
    "peildatum (peildatum − 1 jaar), zodat er altijd actuele rapporten op schijf staan. Zonder gegevens over dat "
    "jaar wordt niets geschreven. $SAMEN_HOME/reports/<jaar>/"))
def report_jaar_laatste(context: dg.AssetExecutionContext, samen: SamenResource) -> dg.MaterializeResult:
    year = last_complete_year(samen.as_of_date)
    marts = load(samen.paths)
    if year not in years_with_data(marts):
        context.log.info(f"Geen gegevens over {year}: geen jaarrapport of initiatiefrapporten geschreven.")
        return dg.MaterializeResult(metadata={"year": year, "reports": 0})
    written = render_all_for_year(samen.paths, year, marts=marts)
    context.log.info(f"Jaarrapport {year} en {len(written) - 1} initiatiefrapporten geschreven in "
                     f"{samen.paths.reports / str(year)}")
    return dg.MaterializeResult(metadata={
        "year": year, "reports": len(written),
        "initiatives": dg.MetadataValue.json(sorted(k for k in written if k != "jaarrapport")),
        "jaarrapport_html": dg.MetadataValue.path(str(written["jaarrapport"]["html"])),
    })


@dg.asset_check(asset=JAAR_LAATSTE_KEY, name="elk_initiatief_van_het_jaar_een_rapport", description=(
    "Voor het laatste volledige jaar met gegevens staan het jaarrapport en het initiatiefrapport van elk initiatief "
    "met gegevens in dat jaar op schijf (HTML, PDF en XLSX)."))
def every_initiative_of_the_year_has_a_report(samen: SamenResource) -> dg.AssetCheckResult:
    year = last_complete_year(samen.as_of_date)
    marts = load(samen.paths)
    if year not in years_with_data(marts):
        return dg.AssetCheckResult(passed=True, metadata={"year": year, "missing": dg.MetadataValue.json([])})
    missing = missing_year_reports(samen.paths, year, initiatives_in_year(marts, year))
    return dg.AssetCheckResult(passed=not missing, severity=dg.AssetCheckSeverity.WARN,
                               metadata={"year": year, "missing": dg.MetadataValue.json(missing)})


ASSETS = [report_datakwaliteit, report_datakwaliteit_alle, report_jaarrapport, report_initiatiefrapport,
          report_jaar_laatste]
CHECKS = [every_initiative_has_a_report, every_initiative_of_the_year_has_a_report]
