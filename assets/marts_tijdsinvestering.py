"""Time-investment marts: coordinator hours per phase, per duo, FTE and cost, against the handbook and peers."""

import dagster as dg
import polars as pl

from assets.marts_common import build_mart, read_mart as _mart
from assets.staging import STAGING_KEYS
from pipelines.resources import SamenResource
from samen.benchmarks import load_benchmarks
from samen.marts import tijdsinvestering as ti
from samen.marts.common import staging
from samen.warehouse import connect

COORDINATIE_UREN_KEY = dg.AssetKey(["mart", "coordinatie_uren"])
TIJDSINVESTERING_KEY = dg.AssetKey(["mart", "tijdsinvestering"])
VERGELIJKING_KEY = dg.AssetKey(["mart", "tijdsinvestering_vergelijking"])
NIVEAU_KEY = dg.AssetKey(["mart", "tijdsinvestering_niveau"])


_COORDINATIE_DEPS = [STAGING_KEYS["coordinatie_uren"]]
_TIJDSINVESTERING_DEPS = [STAGING_KEYS[d] for d in ("coordinatie_uren", "duos", "initiatieven", "kosten")]
_NIVEAU_DEPS = [TIJDSINVESTERING_KEY, STAGING_KEYS["initiatieven"]]


@dg.asset(
    key=COORDINATIE_UREN_KEY, group_name="marts", kinds={"polars", "duckdb"},
    deps=_COORDINATIE_DEPS,
    description="Coördinatie-uren (persoonsuren) per initiatief, jaar, fase en activiteit.",
)
def mart_coordinatie_uren(samen: SamenResource) -> dg.MaterializeResult:
    return build_mart(samen, "coordinatie_uren", _COORDINATIE_DEPS,
                      lambda con: ti.coordination_hours(staging(con, "coordinatie_uren")),
                      as_of=None, summary=lambda frame: {"uren": float(frame["uren"].sum())})


@dg.asset(
    key=TIJDSINVESTERING_KEY, group_name="marts", kinds={"polars", "duckdb"},
    deps=_TIJDSINVESTERING_DEPS,
    description="Tijdsinvestering per initiatief en jaar, en over de hele periode (jaar leeg): uren per fase, "
                "aandeel eerste fase, uren per duo, VTE en kosten.",
)
def mart_tijdsinvestering(samen: SamenResource) -> dg.MaterializeResult:
    def summary(frame: pl.DataFrame) -> dict:
        yearly = frame.filter(pl.col("jaar").is_not_null())
        return {
            "initiatives": frame["initiatief_id"].n_unique(),
            "initiative_years_with_hours": yearly.filter(pl.col("uren_totaal").is_not_null()).height,
            "fte_default_used": int(frame.filter(pl.col("fte_uren_standaard"))["initiatief_id"].n_unique()),
        }

    return build_mart(samen, "tijdsinvestering", _TIJDSINVESTERING_DEPS,
                      lambda con: ti.time_investment(staging(con, "coordinatie_uren"), staging(con, "duos"),
                                                     staging(con, "initiatieven"), staging(con, "kosten")),
                      as_of=None, summary=summary)


@dg.asset(
    key=VERGELIJKING_KEY, group_name="marts", kinds={"polars", "duckdb"}, deps=[TIJDSINVESTERING_KEY],
    description="Uren per duo en aandelen per fase van elk initiatiefjaar naast de drie handboekvoorbeelden, "
                "de intensieve norm en de mediaan en kwartielen van initiatieven van dezelfde grootte.",
)
def mart_tijdsinvestering_vergelijking(context: dg.AssetExecutionContext, samen: SamenResource) -> dg.MaterializeResult:
    benchmarks = load_benchmarks()
    for mismatch in benchmarks.mismatches:
        context.log.warning(f"Handboekcijfers: {mismatch.message()}")
    result = build_mart(samen, "tijdsinvestering_vergelijking", [TIJDSINVESTERING_KEY],
                        lambda con: ti.comparison(_mart(con, "tijdsinvestering"), benchmarks), as_of=None)
    return dg.MaterializeResult(metadata={
        **result.metadata,
        "benchmarks": benchmarks.citation(),
        "min_peers": ti.MIN_PEERS,
        "size_bands": ", ".join(label for _, label in ti.SIZE_BANDS),
        "source_mismatches": dg.MetadataValue.json([m.message() for m in benchmarks.mismatches]),
    })


@dg.asset(
    key=NIVEAU_KEY, group_name="marts", kinds={"polars", "duckdb"},
    deps=_NIVEAU_DEPS,
    description="Tijdsinvestering per niveau (initiatief, provincie, organisator, regio, totaal) en jaar, over "
                "de initiatieven die uren registreerden.",
)
def mart_tijdsinvestering_niveau(samen: SamenResource) -> dg.MaterializeResult:
    return build_mart(samen, "tijdsinvestering_niveau", _NIVEAU_DEPS,
                      lambda con: ti.time_investment_by_level(_mart(con, "tijdsinvestering"),
                                                              staging(con, "initiatieven")),
                      as_of=None)


# --- checks ------------------------------------------------------------------------------------------

@dg.asset_check(asset=COORDINATIE_UREN_KEY, name="uren_zoals_in_staging", description=(
    "De uren en logregels van de mart zijn die van staging.coordinatie_uren, niets verloren of dubbel, "
    "en elke rij heeft meer dan 0 uren."))
def check_coordinatie_uren(samen: SamenResource) -> dg.AssetCheckResult:
    with connect(samen.paths.warehouse, read_only=True) as con:
        mart = _mart(con, "coordinatie_uren")
        logged = staging(con, "coordinatie_uren")
    mart_hours, staged_hours = float(mart["uren"].sum()), float(logged["uren"].sum())
    not_positive = mart.filter(pl.col("uren") <= 0).height
    passed = abs(mart_hours - staged_hours) < 1e-6 and int(mart["regels"].sum()) == logged.height and not not_positive
    return dg.AssetCheckResult(passed=passed, metadata={
        "uren_mart": mart_hours, "uren_staging": staged_hours, "regels_mart": int(mart["regels"].sum()),
        "regels_staging": logged.height, "rijen_zonder_positieve_uren": not_positive})


@dg.asset_check(asset=TIJDSINVESTERING_KEY, name="geen_negatieve_waarden", description=(
    "Geen negatieve uren, VTE of kosten."))
def check_no_negative(samen: SamenResource) -> dg.AssetCheckResult:
    with connect(samen.paths.warehouse, read_only=True) as con:
        found = ti.negative_values(_mart(con, "tijdsinvestering"))
    return dg.AssetCheckResult(passed=not found, metadata={"negatief_per_kolom": dg.MetadataValue.json(found)})


@dg.asset_check(asset=TIJDSINVESTERING_KEY, name="aandelen_en_fasen_kloppen", description=(
    "Het aandeel van de eerste fase ligt tussen 0 en 1 en de uren per fase tellen op tot het totaal."))
def check_shares(samen: SamenResource) -> dg.AssetCheckResult:
    with connect(samen.paths.warehouse, read_only=True) as con:
        tijd = _mart(con, "tijdsinvestering")
    out_of_range = ti.shares_out_of_range(tijd)
    mismatched = ti.phase_sum_mismatches(tijd)
    return dg.AssetCheckResult(passed=not out_of_range and not mismatched, metadata={
        "aandelen_buiten_0_1": dg.MetadataValue.json(out_of_range), "fasen_tellen_niet_op": mismatched})


@dg.asset_check(asset=TIJDSINVESTERING_KEY, name="elk_initiatiefjaar_met_uren", description=(
    "Elk initiatiefjaar (en elke hele periode) met uren in staging.coordinatie_uren heeft een rij met "
    "dezelfde uren."))
def check_every_year(samen: SamenResource) -> dg.AssetCheckResult:
    with connect(samen.paths.warehouse, read_only=True) as con:
        missing = ti.missing_initiative_years(staging(con, "coordinatie_uren"), _mart(con, "tijdsinvestering"))
    sample = [f"{r['initiatief_id']} {r['jaar'] if r['jaar'] is not None else 'geheel'}"
              for r in missing.head(20).iter_rows(named=True)]
    return dg.AssetCheckResult(passed=missing.height == 0,
                               metadata={"ontbrekend_of_verschillend": missing.height,
                                         "voorbeelden": dg.MetadataValue.json(sample)})


@dg.asset_check(asset=VERGELIJKING_KEY, name="handboek_sommen_kloppen", description=(
    "Waarschuwing wanneer de activiteiten van een handboekvoorbeeld niet optellen tot het afgedrukte "
    "fasetotaal (de FAQ zelf: Meervelde opvolging 197 u onder 198 u)."))
def check_benchmark_sums() -> dg.AssetCheckResult:
    benchmarks = load_benchmarks()
    return dg.AssetCheckResult(
        passed=not benchmarks.mismatches, severity=dg.AssetCheckSeverity.WARN,
        metadata={"verschillen": dg.MetadataValue.json([m.message() for m in benchmarks.mismatches]),
                  "bron": benchmarks.citation()})


@dg.asset_check(asset=VERGELIJKING_KEY, name="peers_alleen_met_genoeg", description=(
    f"Mediaan en kwartielen van peers enkel bij minstens {ti.MIN_PEERS} peers, in de juiste volgorde; "
    "aandelen tussen 0 en 1."))
def check_peers(samen: SamenResource) -> dg.AssetCheckResult:
    with connect(samen.paths.warehouse, read_only=True) as con:
        frame = _mart(con, "tijdsinvestering_vergelijking")
    violations = ti.peer_rule_violations(frame)
    out_of_range = ti.shares_out_of_range(frame)
    return dg.AssetCheckResult(passed=not violations and not out_of_range, metadata={
        "peer_rijen_fout": violations, "aandelen_buiten_0_1": dg.MetadataValue.json(out_of_range)})


@dg.asset_check(asset=NIVEAU_KEY, name="totaal_gelijk_aan_initiatieven", description=(
    "Per jaar zijn de uren en gestarte duo's op niveau 'totaal' de som over de initiatieven."))
def check_level_totals(samen: SamenResource) -> dg.AssetCheckResult:
    with connect(samen.paths.warehouse, read_only=True) as con:
        levels = _mart(con, "tijdsinvestering_niveau")
        tijd = _mart(con, "tijdsinvestering")
    expected = (tijd.filter(pl.col("jaar").is_not_null() & pl.col("uren_totaal").is_not_null())
                .group_by("jaar").agg(pl.col("uren_totaal").sum(), pl.col("duos_gestart").sum()))
    found = levels.filter(pl.col("niveau") == "totaal").select("jaar", "uren_totaal", "duos_gestart")
    joined = expected.join(found, on="jaar", how="full", suffix="_niveau", coalesce=True)
    wrong = joined.filter(
        pl.col("uren_totaal_niveau").is_null() | pl.col("uren_totaal").is_null()
        | ((pl.col("uren_totaal") - pl.col("uren_totaal_niveau")).abs() > 1e-6)
        | (pl.col("duos_gestart") != pl.col("duos_gestart_niveau")))
    return dg.AssetCheckResult(passed=wrong.height == 0,
                               metadata={"jaren_fout": dg.MetadataValue.json(wrong["jaar"].to_list())})


ASSETS = [mart_coordinatie_uren, mart_tijdsinvestering, mart_tijdsinvestering_vergelijking,
          mart_tijdsinvestering_niveau]
CHECKS = [check_coordinatie_uren, check_no_negative, check_shares, check_every_year, check_benchmark_sums,
          check_peers, check_level_totals]
