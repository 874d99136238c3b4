"""Participation marts: per duo, per level and year, the retention curve and the activity mix."""

import dagster as dg
import polars as pl

from assets.marts_common import build_mart, read_mart as _mart
from assets.staging import STAGING_KEYS
from pipelines.resources import SamenResource
from samen.marts import deelname, retentie
from samen.marts.common import staging
from samen.warehouse import connect

DUO_DEELNAME_KEY = dg.AssetKey(["mart", "duo_deelname"])
DEELNAME_KEY = dg.AssetKey(["mart", "deelname"])
RETENTIE_KEY = dg.AssetKey(["mart", "retentie"])
ACTIVITEITEN_KEY = dg.AssetKey(["mart", "activiteiten"])

_KINDS = {"polars", "duckdb"}


def _deps(*datasets: str) -> list[dg.AssetKey]:
    return [STAGING_KEYS[d] for d in datasets]


def _meeting_dates(con) -> pl.DataFrame:
    """The meetings' duo and date: all the two meeting checks read (not all 6 M meetings' every column)."""
    return con.sql("SELECT initiatief_id, duo_id, datum FROM staging.ontmoetingen").pl()


class DeelnameConfig(dg.Config):
    """ritme_drempel: the share of 14-day windows with a meeting from which a duo "meets the biweekly rhythm"."""

    ritme_drempel: float = deelname.RHYTHM_THRESHOLD


_DUO_DEELNAME_DEPS = _deps("duos", "ontmoetingen")
_DEELNAME_DEPS = _deps("initiatieven", "duos", "ontmoetingen", "intake")
_ACTIVITEITEN_DEPS = _deps("initiatieven", "duos", "ontmoetingen")

_SPECS = [
    dg.AssetSpec(DUO_DEELNAME_KEY, group_name="marts", kinds=_KINDS, deps=_DUO_DEELNAME_DEPS, description=(
        "Eén rij per duo op de peildatum: status, eindreden, geplande duur (binnen 6–12 maanden?), ontmoetingen, "
        "uren, ritme (aandeel volledige periodes van 14 dagen met een ontmoeting), uren per 14 dagen, dagen tot de "
        "eerste en sinds de laatste ontmoeting, en de uren die meetellen voor de 40 uur participatie en netwerk.")),
    dg.AssetSpec(DEELNAME_KEY, group_name="marts", kinds=_KINDS, deps=_DEELNAME_DEPS, description=(
        "Per niveau, sleutel en jaar: duo's gestart, actief en beëindigd; aandeel afgerond, vroegtijdig en zeer "
        "vroeg (< 3 maanden) gestopt; aandeel duo's met tweewekelijks ritme en 2 uur per 14 dagen; mediaan uren "
        "per 14 dagen; Nederlands geoefend; activiteitenmix; aandeel inburgeraars in traject met 40 uur; profiel "
        "van de inburgeraars.")),
    dg.AssetSpec(ACTIVITEITEN_KEY, group_name="marts", kinds=_KINDS, deps=_ACTIVITEITEN_DEPS, description=(
        "Per niveau, sleutel, jaar en activiteit: ontmoetingen, uren, duo's, aandeel in de ontmoetingen en uren "
        "van dat jaar, en het aandeel ontmoetingen waarin Nederlands geoefend werd.")),
]


def _deelname_summary(threshold: float):
    def summary(frame: pl.DataFrame) -> dict:
        total = frame.filter(pl.col("niveau") == "totaal").select("jaar", "duos_gestart", "duos_actief",
                                                                   "aandeel_afgerond")
        return {"ritme_drempel": threshold, "totaal_per_jaar": dg.MetadataValue.json(total.to_dicts())}
    return summary


@dg.multi_asset(name="marts_deelname", specs=_SPECS, can_subset=True)
def marts_deelname(context: dg.AssetExecutionContext, config: DeelnameConfig, samen: SamenResource):
    """mart.duo_deelname, mart.deelname and mart.activiteiten: the join of every meeting to its duo's period
    (most of their work) is done once for the three, only if one is rebuilt, and only for the initiatives
    whose duos or meetings changed (`deelname.load_prepared`)."""
    as_of = samen.as_of_date
    shared: list[tuple[deelname.Prepared, list[str] | None]] = []

    def prepared(con) -> deelname.Prepared:
        if not shared:
            shared.append(deelname.load_prepared(con, as_of))
        return shared[0][0]

    def with_redone(summary=None):
        """The mart's summary, and for how many initiatives the per-duo work was redone."""
        def metadata(frame: pl.DataFrame) -> dict:
            redone = shared[0][1]
            return {**(summary(frame) if summary else {}),
                    "initiatives_recomputed": "alle" if redone is None else len(redone)}
        return metadata

    builds = {
        DUO_DEELNAME_KEY: dict(
            name="duo_deelname", inputs=_DUO_DEELNAME_DEPS,
            compute=lambda con: deelname.duo_rows(prepared(con).frame),
            summary=with_redone(lambda frame: {"per_status": dg.MetadataValue.json(
                dict(frame.group_by("status").len().sort("status").iter_rows()))})),
        DEELNAME_KEY: dict(
            name="deelname", inputs=_DEELNAME_DEPS, settings={"ritme_drempel": config.ritme_drempel},
            compute=lambda con: deelname.participation_from(
                prepared(con), staging(con, "intake"), staging(con, "initiatieven"), as_of,
                rhythm_threshold=config.ritme_drempel),
            summary=with_redone(_deelname_summary(config.ritme_drempel))),
        ACTIVITEITEN_KEY: dict(
            name="activiteiten", inputs=_ACTIVITEITEN_DEPS,
            compute=lambda con: deelname.activities_from(prepared(con).per_activity, staging(con, "initiatieven"),
                                                         as_of),
            summary=with_redone()),
    }
    hashed: dict[str, str] = {}  # staging is not written here: each input table is hashed once
    for spec in _SPECS:
        if spec.key in context.selected_asset_keys:
            yield build_mart(samen, as_of=as_of, asset_key=spec.key, hashed=hashed, **builds[spec.key])


_RETENTIE_DEPS = _deps("initiatieven", "duos")


@dg.asset(key=RETENTIE_KEY, group_name="marts", kinds=_KINDS, deps=_RETENTIE_DEPS, description=(
    "Kaplan–Meier-retentie van de duo's per week sinds de start (0–52), per niveau, sleutel en startjaar (en alle "
    "jaren samen), met 95%-betrouwbaarheidsinterval; gecensureerd op de peildatum en op de geplande einddatum. "
    "Retentie na 3, 6 en 12 maanden: de rijen met maanden = 3, 6, 12."))
def mart_retentie(samen: SamenResource) -> dg.MaterializeResult:
    as_of = samen.as_of_date

    def summary(frame: pl.DataFrame) -> dict:
        milestones = frame.filter((pl.col("niveau") == "totaal") & (pl.col("cohort") == retentie.ALL_COHORTS)
                                  & pl.col("maanden").is_not_null())
        return {"totaal_retentie": dg.MetadataValue.json(
            {f"{r['maanden']}_maanden": None if r["retentie"] is None else round(r["retentie"], 3)
             for r in milestones.iter_rows(named=True)})}

    return build_mart(samen, "retentie", _RETENTIE_DEPS,
                      lambda con: retentie.retention(staging(con, "duos"), staging(con, "initiatieven"), as_of),
                      as_of=as_of, summary=summary)


def _shares_check(key: dg.AssetKey, table: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=key, name="aandelen_tussen_0_en_1", description=(
        "Elk aandeel (aandeel_*, ritme, retentie en zijn grenzen) ligt tussen 0 en 1."))
    def _check(samen: SamenResource) -> dg.AssetCheckResult:
        with connect(samen.paths.warehouse, read_only=True) as con:
            bad = deelname.shares_out_of_range(_mart(con, table))
        return dg.AssetCheckResult(passed=not bad, metadata={"buiten_0_1": dg.MetadataValue.json(bad)})

    return _check


@dg.asset_check(asset=DUO_DEELNAME_KEY, name="elk_duo_met_ontmoetingen", description=(
    "Elk duo met een ontmoeting tot de peildatum in staging heeft een rij in mart.duo_deelname."))
def elk_duo_met_ontmoetingen(samen: SamenResource) -> dg.AssetCheckResult:
    with connect(samen.paths.warehouse, read_only=True) as con:
        missing = deelname.duos_with_meetings_missing(_mart(con, "duo_deelname"), _meeting_dates(con),
                                                      samen.as_of_date)
    return dg.AssetCheckResult(passed=missing == 0, metadata={"duos_zonder_rij": missing})


@dg.asset_check(asset=DUO_DEELNAME_KEY, name="ontmoetingen_binnen_duoperiode", description=(
    "Geen ontmoeting tot de peildatum ligt buiten de periode van haar duo (startdatum tot einddatum of peildatum): "
    "zo'n ontmoeting zou stil uit de cijfers vallen."))
def ontmoetingen_binnen_duoperiode(samen: SamenResource) -> dg.AssetCheckResult:
    with connect(samen.paths.warehouse, read_only=True) as con:
        outside = deelname.meetings_outside_period(staging(con, "duos"), _meeting_dates(con), samen.as_of_date)
    return dg.AssetCheckResult(passed=outside == 0, metadata={"ontmoetingen_buiten_periode": outside})


@dg.asset_check(asset=DEELNAME_KEY, name="tellingen_kloppen", description=(
    "Afgerond + vroegtijdig gestopt = beëindigd, zeer vroeg ≤ vroegtijdig, gestart en beëindigd ≤ actief, en het "
    "totaalniveau telt over de jaren evenveel gestarte duo's als mart.duo_deelname rijen heeft."))
def tellingen_kloppen(samen: SamenResource) -> dg.AssetCheckResult:
    with connect(samen.paths.warehouse, read_only=True) as con:
        problems = deelname.count_problems(_mart(con, "deelname"), _mart(con, "duo_deelname"))
    return dg.AssetCheckResult(passed=not problems, metadata={"problemen": dg.MetadataValue.json(problems)})


@dg.asset_check(asset=RETENTIE_KEY, name="curve_daalt", description=(
    "Per niveau, sleutel en cohort stijgt de retentie nooit van week tot week en ligt ze tussen haar grenzen."))
def curve_daalt(samen: SamenResource) -> dg.AssetCheckResult:
    with connect(samen.paths.warehouse, read_only=True) as con:
        problems = retentie.curve_problems(_mart(con, "retentie"))
    return dg.AssetCheckResult(passed=not problems, metadata={"problemen": dg.MetadataValue.json(problems)})


@dg.asset_check(asset=ACTIVITEITEN_KEY, name="mix_telt_op_tot_1", description=(
    "Per niveau, sleutel en jaar tellen de aandelen van de activiteiten in ontmoetingen en in uren op tot 1."))
def mix_telt_op_tot_1(samen: SamenResource) -> dg.AssetCheckResult:
    with connect(samen.paths.warehouse, read_only=True) as con:
        sums = _mart(con, "activiteiten").group_by("niveau", "sleutel", "jaar").agg(
            pl.col("aandeel_ontmoetingen", "aandeel_uren").sum())
    off = sums.filter(((pl.col("aandeel_ontmoetingen") - 1).abs() > 1e-9) | ((pl.col("aandeel_uren") - 1).abs() > 1e-9))
    return dg.AssetCheckResult(passed=off.height == 0, metadata={
        "groepen_niet_1": off.height, "voorbeelden": dg.MetadataValue.json(off.head(5).to_dicts())})


ASSETS = [marts_deelname, mart_retentie]
CHECKS = [
    _shares_check(DUO_DEELNAME_KEY, "duo_deelname"), elk_duo_met_ontmoetingen, ontmoetingen_binnen_duoperiode,
    _shares_check(DEELNAME_KEY, "deelname"), tellingen_kloppen,
    _shares_check(RETENTIE_KEY, "retentie"), curve_daalt,
    _shares_check(ACTIVITEITEN_KEY, "activiteiten"), mix_telt_op_tot_1,
]
