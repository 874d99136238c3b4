"""Asset checks beside the staging assets, one set per dataset, built from the contracts."""

import dagster as dg

from assets.staging import STAGING_KEYS
from pipelines.resources import SamenResource
from samen import checks
from samen.contracts import Contract, contracts
from samen.warehouse import connect

def _checks_for(contract: Contract) -> list[dg.AssetChecksDefinition]:
    key = STAGING_KEYS[contract.dataset]
    name = contract.dataset
    pseudonyms = frozenset(c.name for c in contract.columns if c.pseudonymise)

    @dg.asset_check(asset=key, name="contract_suite", description=(
        "Great Expectations-suite uit het datacontract op de rijen van de laatste lading (boven 100 000 rijen: "
        "een gelijkmatige steekproef van elk bestand): types, verplichte kolommen, codelijsten, grenzen en "
        "pseudoniemen."))
    def contract_suite(samen: SamenResource) -> dg.AssetCheckResult:
        from samen.gx_suites import latest_ingest_sample, validate_frame

        with connect(samen.paths.warehouse, read_only=True) as con:
            rows, loaded = latest_ingest_sample(con, name)
        result = validate_frame(contract, rows)
        return dg.AssetCheckResult(
            passed=result.success,
            metadata={"rows_checked": result.rows, "rows_loaded": loaded, "expectations": result.evaluated,
                      "failed": dg.MetadataValue.json(result.failed)},
        )

    @dg.asset_check(asset=key, name="unique_key", description="Eén rij per initiatief en sleutel in staging.")
    def unique_key(samen: SamenResource) -> dg.AssetCheckResult:
        with connect(samen.paths.warehouse, read_only=True) as con:
            dupes = checks.duplicate_keys(con, contract)
        return dg.AssetCheckResult(passed=dupes == 0, metadata={"duplicate_rows": dupes, "key": ", ".join(contract.key)})

    @dg.asset_check(asset=key, name="no_personal_data", description=(
        "Geen e-mailadres, telefoonnummer of rijksregisternummer in een tekstkolom; in een pseudoniemkolom "
        "alleen pseudoniemen."))
    def no_personal_data(samen: SamenResource) -> dg.AssetCheckResult:
        with connect(samen.paths.warehouse, read_only=True) as con:
            found = checks.personal_data_cells(con, f"staging.{name}", pseudonyms)
        return dg.AssetCheckResult(passed=not found, metadata={"columns_with_hits": dg.MetadataValue.json(found)})

    @dg.asset_check(asset=key, name="refused_rows", description=(
        "Rijen die geweigerd werden (waarschuwing): zie quarantine.rejected_rows of het datakwaliteitsrapport."))
    def refused_rows(samen: SamenResource) -> dg.AssetCheckResult:
        with connect(samen.paths.warehouse, read_only=True) as con:
            by_rule = checks.refused_by_rule(con, name)
        return dg.AssetCheckResult(
            passed=not by_rule,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={"refused": sum(by_rule.values()), "by_rule": dg.MetadataValue.json(by_rule)},
        )

    return [contract_suite, unique_key, no_personal_data, refused_rows]

staging_checks = [check for contract in contracts().values() for check in _checks_for(contract)]
