"""Impact marts as Dagster assets: thin wrappers around `samen.marts.impact`, with checks that can fail.

The checks re-derive what the marts promise — an interval around its mean change, shares that add up,
pair counts that match a second count made in SQL on staging — so a regression in the Polars code shows
up as a failed check instead of a quietly wrong figure in the jaarrapport.
"""

import dagster as dg
import polars as pl

from assets.marts_common import build_mart
from assets.staging import STAGING_KEYS
from pipelines.resources import SamenResource
from samen.marts import impact as impact_mart
from samen.warehouse import connect

IMPACT_KEY = dg.AssetKey(["mart", "impact"])
COMPARISON_KEY = dg.AssetKey(["mart", "impact_vergelijking"])
GOALS_KEY = dg.AssetKey(["mart", "doelen"])
_DEPS = [STAGING_KEYS[name] for name in impact_mart.INPUTS]


def _materialise(samen: SamenResource, name: str, summary=None) -> dg.MaterializeResult:
    as_of = samen.as_of_date
    return build_mart(samen, name, _DEPS, lambda con: impact_mart.build(name, impact_mart.load_inputs(con), as_of),
                      as_of=as_of, summary=summary)


def _read(samen: SamenResource, name: str) -> pl.DataFrame:
    with connect(samen.paths.warehouse, read_only=True) as con:
        return con.sql(f"SELECT * FROM mart.{name}").pl()


def _totals(frame: pl.DataFrame) -> dict:
    """Pairs at the total level per year, for the run's metadata."""
    total = frame.filter(pl.col("niveau") == "totaal").group_by("jaar").agg(pl.col("n_paren").sum()).sort("jaar")
    return {str(j): int(n) for j, n in total.iter_rows()}


def _result(problems: pl.DataFrame, **metadata) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        passed=problems.height == 0,
        metadata={"rows_failing": problems.height,
                  "examples": dg.MetadataValue.json(problems.head(5).to_dicts()), **metadata},
    )


@dg.asset(key=IMPACT_KEY, group_name="marts", kinds={"polars", "duckdb"}, deps=_DEPS, description=(
    "Gepaarde verandering per score tussen kennismaking en afsluiting, per niveau, sleutel en jaar van de "
    "afsluiting: aantal paren, gemiddelde voor/na, verschil met 95%-betrouwbaarheidsinterval (t), aandeel "
    "beter/gelijk/slechter, Wilcoxon p-waarde, en wie ontbreekt (beëindigde duo's zonder afsluiting)."))
def mart_impact(samen: SamenResource) -> dg.MaterializeResult:
    return _materialise(samen, "impact", lambda frame: {"pairs_per_year": dg.MetadataValue.json(_totals(frame))})


@dg.asset(key=COMPARISON_KEY, group_name="marts", kinds={"polars", "duckdb"}, deps=_DEPS, description=(
    "Dezelfde maten als mart.impact, opgesplitst naar afgerond vs vroegtijdig gestopt (selectie-effecten) en "
    "naar inburgeringstraject (ja, nee, afgerond) van de inburgeraar."))
def mart_impact_vergelijking(samen: SamenResource) -> dg.MaterializeResult:
    return _materialise(samen, "impact_vergelijking")


@dg.asset(key=GOALS_KEY, group_name="marts", kinds={"polars", "duckdb"}, deps=_DEPS, description=(
    "Doelbereik per doel uit de kennismaking (bereikt, deels, niet), tevredenheid (gemiddelde en verdeling) "
    "en aandeel waarvan het contact blijft, per niveau, sleutel, jaar van de afsluiting en rol."))
def mart_doelen(samen: SamenResource) -> dg.MaterializeResult:
    return _materialise(samen, "doelen")


@dg.asset_check(asset=IMPACT_KEY, name="interval_contains_mean", description=(
    "Elk interval bevat het gemiddelde verschil, verschil = gem_na − gem_voor en de gemiddelden liggen tussen 1 en 5."))
def impact_interval_contains_mean(samen: SamenResource) -> dg.AssetCheckResult:
    return _result(impact_mart.interval_problems(_read(samen, "impact")))


@dg.asset_check(asset=IMPACT_KEY, name="shares_sum_to_one", description=(
    "Aandeel beter + gelijk + slechter = 1 waar er paren zijn, en leeg waar er geen zijn."))
def impact_shares_sum_to_one(samen: SamenResource) -> dg.AssetCheckResult:
    return _result(impact_mart.share_problems(_read(samen, "impact"), impact_mart.IMPACT_SHARES))


@dg.asset_check(asset=IMPACT_KEY, name="n_matches_pairs", description=(
    "n_paren, opgeteld per niveau, is gelijk aan een tweede telling van de paren in SQL op staging "
    "(provincie mag minder hebben: Brussel heeft geen provincie)."))
def impact_n_matches_pairs(samen: SamenResource) -> dg.AssetCheckResult:
    frame = _read(samen, "impact")
    with connect(samen.paths.warehouse, read_only=True) as con:
        recount = impact_mart.recount_pairs(con)
    return _result(impact_mart.pair_count_problems(frame, recount), pairs_in_staging=int(recount["n"].sum()))


@dg.asset_check(asset=COMPARISON_KEY, name="interval_contains_mean", description=(
    "Elk interval bevat het gemiddelde verschil en verschil = gem_na − gem_voor, in elke groep."))
def comparison_interval_contains_mean(samen: SamenResource) -> dg.AssetCheckResult:
    return _result(impact_mart.interval_problems(_read(samen, "impact_vergelijking")))


@dg.asset_check(asset=COMPARISON_KEY, name="shares_sum_to_one", description=(
    "Aandeel beter + gelijk + slechter = 1 in elke groep met paren."))
def comparison_shares_sum_to_one(samen: SamenResource) -> dg.AssetCheckResult:
    return _result(impact_mart.share_problems(_read(samen, "impact_vergelijking"), impact_mart.IMPACT_SHARES))


@dg.asset_check(asset=COMPARISON_KEY, name="n_matches_pairs", description=(
    "De groepen van elke vergelijking verdelen de paren: hun n_paren telt op tot de telling in SQL op staging."))
def comparison_n_matches_pairs(samen: SamenResource) -> dg.AssetCheckResult:
    frame = _read(samen, "impact_vergelijking")
    with connect(samen.paths.warehouse, read_only=True) as con:
        recount = impact_mart.recount_pairs(con)
    return _result(impact_mart.pair_count_problems(frame, recount))


@dg.asset_check(asset=GOALS_KEY, name="shares_sum_to_one", description=(
    "Doelbereik (bereikt + deels + niet), tevredenheid (1 tot 5) en contact (ja + nee + weet niet) tellen op tot 1."))
def goals_shares_sum_to_one(samen: SamenResource) -> dg.AssetCheckResult:
    return _result(impact_mart.share_problems(_read(samen, "doelen"), impact_mart.GOAL_SHARES))


@dg.asset_check(asset=GOALS_KEY, name="n_matches_closings", description=(
    "De rijen 'alle' op totaalniveau tellen per jaar evenveel afsluitingen als staging.afsluiting."))
def goals_n_matches_closings(samen: SamenResource) -> dg.AssetCheckResult:
    frame = _read(samen, "doelen")
    with connect(samen.paths.warehouse, read_only=True) as con:
        recount = impact_mart.recount_closings(con)
    return _result(impact_mart.closing_count_problems(frame, recount), closings_in_staging=int(recount["n"].sum()))


ASSETS = [mart_impact, mart_impact_vergelijking, mart_doelen]
CHECKS = [
    impact_interval_contains_mean, impact_shares_sum_to_one, impact_n_matches_pairs,
    comparison_interval_contains_mean, comparison_shares_sum_to_one, comparison_n_matches_pairs,
    goals_shares_sum_to_one, goals_n_matches_closings,
]
