"""Checks beside the raw archive."""

import dagster as dg

from assets.raw import raw_archive
from pipelines.resources import SamenResource
from samen import checks
from samen.warehouse import connect


@dg.asset_check(asset=raw_archive, name="archive_intact", description=(
    "Elk gearchiveerd bestand bestaat nog en zijn inhoud past bij zijn SHA-256-naam."))
def archive_intact(samen: SamenResource) -> dg.AssetCheckResult:
    with connect(samen.paths.warehouse, read_only=True) as con:
        problems = checks.archive_problems(con, samen.paths.raw)
        archived = con.execute("SELECT count(DISTINCT sha256) FROM raw.manifest").fetchall()[0][0]
    return dg.AssetCheckResult(
        passed=not problems,
        metadata={"files_checked": archived, "problems": dg.MetadataValue.json(problems)},
    )


CHECKS = [archive_intact]
