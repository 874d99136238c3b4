"""Marts of the FAQ's phases seen from the people (funnel, waiting list, channels) and volunteer leverage."""

import dataclasses
import math

import dagster as dg
import polars as pl

from assets.marts_common import build_mart, read_mart as _mart
from assets.staging import STAGING_KEYS
from pipelines.resources import SamenResource
from samen.marts import fasen, hefboom
from samen.marts.common import staging
from samen.warehouse import connect

FASEN_KEY = dg.AssetKey(["mart", "fasen"])
WACHTLIJST_KEY = dg.AssetKey(["mart", "wachtlijst"])
TOELEIDING_KEY = dg.AssetKey(["mart", "toeleiding"])
HEFBOOM_KEY = dg.AssetKey(["mart", "hefboom"])

_PEOPLE_DEPS = [STAGING_KEYS[d] for d in ("initiatieven", "intake", "duos", "ontmoetingen")]
# A channel is "badly filled in" for an initiative when it is missing for more than this share of sign-ups.
MAX_UNKNOWN_CHANNEL_SHARE = 0.5


_HEFBOOM_DEPS = [STAGING_KEYS[d] for d in ("initiatieven", "ontmoetingen", "coordinatie_uren")]


_PEOPLE_MARTS = {
    FASEN_KEY: (
        "Per niveau, jaar van aanmelding en rol: aangemeld, intake, gekoppeld, gestart, afgerond, vroegtijdig "
        "gestopt; conversie tussen de stappen en mediaan en 80e percentiel van de dagen ertussen."),
    WACHTLIJST_KEY: (
        "Op de peildatum, per niveau en rol: mensen met een intake en nog geen duo, hoe lang ze wachten (mediaan, "
        "langste), en het saldo wachtende inburgeraars min wachtende coaches: wie moet je werven?"),
    TOELEIDING_KEY: (
        "Per toeleidingskanaal, niveau, jaar van aanmelding en rol: aanmeldingen, aandeel gekoppeld en aandeel "
        "afgerond — welke partners brengen mensen die blijven."),
}


def _funnel_summary(frame: pl.DataFrame) -> dict:
    total = frame.filter(pl.col("niveau") == "totaal").group_by("rol").agg(pl.col("aangemeld", "gekoppeld").sum())
    return {"totaal_per_rol": dg.MetadataValue.json(
        {r["rol"]: {"aangemeld": r["aangemeld"], "gekoppeld": r["gekoppeld"]} for r in total.iter_rows(named=True)})}


def _waiting_summary(frame: pl.DataFrame) -> dict:
    total = frame.filter(pl.col("niveau") == "totaal")
    return {"totaal_wachtend": dg.MetadataValue.json(dict(zip(total["rol"].to_list(), total["wachtend"].to_list())))}


@dg.multi_asset(
    name="marts_mensen", can_subset=True,
    specs=[dg.AssetSpec(key, group_name="marts", kinds={"polars", "duckdb"}, deps=_PEOPLE_DEPS, description=text)
           for key, text in _PEOPLE_MARTS.items()],
)
def marts_mensen(context: dg.AssetExecutionContext, samen: SamenResource):
    """mart.fasen, mart.wachtlijst and mart.toeleiding: three views of the same participants, read once."""
    as_of = samen.as_of_date
    people: list[pl.DataFrame] = []

    def participants(con) -> pl.DataFrame:
        if not people:
            people.append(fasen.load_participants(con, as_of))
        return people[0]

    builds = {
        FASEN_KEY: ("fasen", lambda con: fasen.funnel(participants(con), staging(con, "initiatieven")),
                    _funnel_summary),
        WACHTLIJST_KEY: ("wachtlijst", lambda con: fasen.waiting_list(participants(con), staging(con, "initiatieven"),
                                                                       as_of), _waiting_summary),
        TOELEIDING_KEY: ("toeleiding", lambda con: fasen.channels(participants(con), staging(con, "initiatieven")),
                         None),
    }
    hashed: dict[str, str] = {}  # staging is not written here: each input table is hashed once
    for key in _PEOPLE_MARTS:
        if key in context.selected_asset_keys:
            name, compute, summary = builds[key]
            yield build_mart(samen, name, _PEOPLE_DEPS, compute, as_of=as_of, summary=summary, asset_key=key,
                             hashed=hashed)


@dg.asset(key=HEFBOOM_KEY, group_name="marts", kinds={"polars", "duckdb"},
          deps=_HEFBOOM_DEPS, description=(
    "Per niveau en jaar: uren van de coaches in ontmoetingen tegenover de coördinatie-uren per fase, "
    "vrijwilligersuren per coördinatie-uur, en de waarde van de vrijwilligerstijd als bereik (laag–hoog)."))
def mart_hefboom(samen: SamenResource) -> dg.MaterializeResult:
    value = hefboom.volunteer_value()
    result = build_mart(samen, "hefboom", _HEFBOOM_DEPS, lambda con: hefboom.load_leverage(con, value),
                        as_of=None, settings=dataclasses.asdict(value))
    return dg.MaterializeResult(metadata={
        **result.metadata, "uurwaarde_laag_eur": value.laag_eur, "uurwaarde_hoog_eur": value.hoog_eur,
        "waardering_versie": value.versie, "bron_laag": value.bron_laag, "bron_hoog": value.bron_hoog,
    })


@dg.asset_check(asset=FASEN_KEY, name="trechter_daalt", description=(
    "Elke stap telt niet meer mensen dan de vorige, en afgerond + vroegtijdig gestopt + lopend = gestart."))
def trechter_daalt(samen: SamenResource) -> dg.AssetCheckResult:
    with connect(samen.paths.warehouse, read_only=True) as con:
        breaks = fasen.funnel_breaks(_mart(con, "fasen"))
    return dg.AssetCheckResult(passed=breaks.height == 0, metadata={
        "rows_broken": breaks.height,
        "examples": dg.MetadataValue.json(breaks.head(5).select("niveau", "sleutel", "jaar", "rol").to_dicts()),
    })


@dg.asset_check(asset=FASEN_KEY, name="deelnemers_zonder_intake", description=(
    "Deelnemers in een duo zonder intake tellen niet mee in de trechter (waarschuwing): lever hun intake aan."))
def deelnemers_zonder_intake(samen: SamenResource) -> dg.AssetCheckResult:
    with connect(samen.paths.warehouse, read_only=True) as con:
        missing = fasen.participants_without_intake(staging(con, "intake"), staging(con, "duos"))
    return dg.AssetCheckResult(passed=not missing, severity=dg.AssetCheckSeverity.WARN, metadata={
        "zonder_intake": sum(missing.values()), "per_initiatief": dg.MetadataValue.json(missing)})


@dg.asset_check(asset=WACHTLIJST_KEY, name="lang_wachtend", description=(
    f"Mensen die langer dan {fasen.LONG_WAIT_DAYS} dagen op een duo wachten (waarschuwing): "
    "zijn ze nog beschikbaar? Zo niet, sluit hun aanmelding af."))
def lang_wachtend(samen: SamenResource) -> dg.AssetCheckResult:
    with connect(samen.paths.warehouse, read_only=True) as con:
        long = _mart(con, "wachtlijst").filter(
            (pl.col("niveau") == "initiatief") & (pl.col("wachtend_langer_dan_365_dagen") > 0))
    per = long.group_by("sleutel").agg(pl.col("wachtend_langer_dan_365_dagen").sum()).sort("sleutel")
    return dg.AssetCheckResult(passed=long.height == 0, severity=dg.AssetCheckSeverity.WARN, metadata={
        "lang_wachtend": int(per["wachtend_langer_dan_365_dagen"].sum()),
        "per_initiatief": dg.MetadataValue.json(dict(zip(per["sleutel"].to_list(),
                                                         per["wachtend_langer_dan_365_dagen"].to_list()))),
    })


@dg.asset_check(asset=TOELEIDING_KEY, name="toeleiding_ingevuld", description=(
    f"Per initiatief is de toeleiding bekend voor minstens {1 - MAX_UNKNOWN_CHANNEL_SHARE:.0%} van de "
    "aanmeldingen (waarschuwing): anders zegt de tabel weinig over de partners."))
def toeleiding_ingevuld(samen: SamenResource) -> dg.AssetCheckResult:
    with connect(samen.paths.warehouse, read_only=True) as con:
        shares = (
            _mart(con, "toeleiding").filter(pl.col("niveau") == "initiatief")
            .group_by("sleutel")
            .agg(onbekend=pl.col("aangemeld").filter(pl.col("toeleiding") == fasen.UNKNOWN_CHANNEL).sum()
                 / pl.col("aangemeld").sum())
        )
    bad = shares.filter(pl.col("onbekend") > MAX_UNKNOWN_CHANNEL_SHARE).sort("sleutel")
    return dg.AssetCheckResult(passed=bad.height == 0, severity=dg.AssetCheckSeverity.WARN, metadata={
        "initiatieven_onvolledig": bad.height,
        "aandeel_onbekend": dg.MetadataValue.json({r["sleutel"]: round(r["onbekend"], 3)
                                                   for r in bad.iter_rows(named=True)}),
    })


@dg.asset_check(asset=HEFBOOM_KEY, name="uren_sluiten_aan", description=(
    "Het totaalniveau telt precies de uren van staging: alle ontmoetingsuren en alle coördinatie-uren, "
    "en laag ≤ hoog voor de waarde van de vrijwilligerstijd."))
def uren_sluiten_aan(samen: SamenResource) -> dg.AssetCheckResult:
    with connect(samen.paths.warehouse, read_only=True) as con:
        expected = hefboom.staging_totals(con)
        mart = _mart(con, "hefboom")
    total = mart.filter(pl.col("niveau") == "totaal")
    found = {name: float(total[name].sum()) for name in expected}
    range_ok = mart.filter(pl.col("waarde_vrijwilligerstijd_laag_eur") > pl.col("waarde_vrijwilligerstijd_hoog_eur")).height == 0
    return dg.AssetCheckResult(
        passed=all(math.isclose(found[n], expected[n], rel_tol=1e-9, abs_tol=1e-6) for n in expected) and range_ok,
        metadata={"staging": dg.MetadataValue.json(expected), "mart_totaal": dg.MetadataValue.json(found),
                  "laag_niet_boven_hoog": range_ok},
    )


ASSETS = [marts_mensen, mart_hefboom]
CHECKS = [trechter_daalt, deelnemers_zonder_intake, lang_wachtend, toeleiding_ingevuld, uren_sluiten_aan]
