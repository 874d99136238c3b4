"""Volunteer leverage: the coaches' hours in meetings against the coordinators' hours, per phase.

A municipality justifying staff time wants to show what the programme mobilises. The coach's volunteer
hours are the meeting hours of the duos (one coach per duo; travel and preparation are not logged, so this is
a lower bound). Their money value is a range between two hourly proxies from
`data_contracts/reference/vrijwilligerswaarde.yaml` — never a single "return".
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl
import yaml

from data_contracts import CONTRACTS_DIR
from samen.contracts import phases
from samen.marts.common import LEVELS, staging, with_levels

PHASES = phases()
REFERENCE = CONTRACTS_DIR / "reference" / "vrijwilligerswaarde.yaml"
ENV_LOW = "SAMEN_VRIJWILLIGERSWAARDE_LAAG_EUR"
ENV_HIGH = "SAMEN_VRIJWILLIGERSWAARDE_HOOG_EUR"
OVERRIDDEN = "aangepast"


@dataclass(frozen=True)
class VolunteerValue:
    """The low and high hourly proxy for an hour of volunteer time, and where they come from."""

    laag_eur: float
    hoog_eur: float
    versie: str
    bron_laag: str = ""
    bron_hoog: str = ""


def _amount(text: str, name: str) -> float:
    try:
        return float(text.strip().replace(",", "."))
    except ValueError as exc:
        raise ValueError(f"{name}={text!r} is geen bedrag in euro per uur (bv. 12,57).") from exc


def volunteer_value(low: float | None = None, high: float | None = None, *, path: Path = REFERENCE,
                    env: Mapping[str, str] | None = None) -> VolunteerValue:
    """The hourly proxies: the reference YAML, overridden by the environment, overridden by the arguments."""
    ref = yaml.safe_load(path.read_text(encoding="utf-8"))
    env = os.environ if env is None else env
    value = VolunteerValue(
        laag_eur=float(ref["laag"]["uurwaarde_eur"]), hoog_eur=float(ref["hoog"]["uurwaarde_eur"]),
        versie=str(ref["version"]), bron_laag=" ".join(str(ref["laag"]["bron"]).split()),
        bron_hoog=" ".join(str(ref["hoog"]["bron"]).split()),
    )
    env_low = _amount(env[ENV_LOW], ENV_LOW) if env.get(ENV_LOW, "").strip() else None
    env_high = _amount(env[ENV_HIGH], ENV_HIGH) if env.get(ENV_HIGH, "").strip() else None
    laag = next((v for v in (low, env_low) if v is not None), value.laag_eur)
    hoog = next((v for v in (high, env_high) if v is not None), value.hoog_eur)
    if not 0 < laag <= hoog:
        raise ValueError(f"De uurwaarde van vrijwilligerstijd moet een bereik zijn met 0 < laag <= hoog; "
                         f"nu laag={laag}, hoog={hoog}.")
    if (laag, hoog) != (value.laag_eur, value.hoog_eur):
        value = VolunteerValue(laag, hoog, OVERRIDDEN,
                               value.bron_laag if laag == value.laag_eur else OVERRIDDEN,
                               value.bron_hoog if hoog == value.hoog_eur else OVERRIDDEN)
    return value


def leverage(meetings: pl.DataFrame, coordination: pl.DataFrame, initiatieven: pl.DataFrame,
             value: VolunteerValue) -> pl.DataFrame:
    """mart.hefboom: per level and year, the coaches' meeting hours against the coordinators' hours per phase,
    the volunteer hours per coordinator hour, and the value of the volunteer time as a low–high range.

    Years come from the meeting date and the log date; an initiative-year with only one of the two still
    shows, with 0 for the other (and no ratio without coordinator hours).
    """
    keys = ["initiatief_id", "jaar"]
    volunteers = meetings.group_by("initiatief_id", jaar=pl.col("datum").dt.year()).agg(
        duos_met_ontmoetingen=pl.col("duo_id").n_unique(),
        ontmoetingen=pl.len(),
        vrijwilligersuren=pl.col("duur_uren").sum(),
    )
    staff = coordination.group_by("initiatief_id", jaar=pl.col("datum").dt.year()).agg(
        *[pl.col("uren").filter(pl.col("fase") == fase).sum().alias(f"coordinatie_uren_{fase}") for fase in PHASES],
        coordinatie_uren=pl.col("uren").sum(),
    )
    measures = ["duos_met_ontmoetingen", "ontmoetingen", "vrijwilligersuren",
                *[f"coordinatie_uren_{fase}" for fase in PHASES], "coordinatie_uren"]
    joined = volunteers.join(staff, on=keys, how="full", coalesce=True).with_columns(
        pl.col("duos_met_ontmoetingen", "ontmoetingen").fill_null(0).cast(pl.Int64),
        pl.col(*measures[2:]).fill_null(0.0).cast(pl.Float64),
    )
    summed = with_levels(joined, initiatieven).group_by("niveau", "sleutel", "jaar").agg(pl.col(*measures).sum())
    uren = pl.col("vrijwilligersuren")
    return summed.select(
        "niveau", "sleutel", "jaar", *measures,
        vrijwilligersuren_per_coordinatieuur=pl.when(pl.col("coordinatie_uren") > 0)
        .then(uren / pl.col("coordinatie_uren")).otherwise(None),
        uurwaarde_laag_eur=pl.lit(value.laag_eur),
        uurwaarde_hoog_eur=pl.lit(value.hoog_eur),
        waarde_vrijwilligerstijd_laag_eur=uren * value.laag_eur,
        waarde_vrijwilligerstijd_hoog_eur=uren * value.hoog_eur,
        waardering_versie=pl.lit(value.versie),
    ).sort(pl.col("niveau").replace_strict(LEVELS, range(len(LEVELS)), return_dtype=pl.Int8), "sleutel", "jaar")


def load_leverage(con: duckdb.DuckDBPyConnection, value: VolunteerValue) -> pl.DataFrame:
    """leverage() on the staging tables (the coordinator hours straight from staging.coordinatie_uren)."""
    meetings = con.sql("SELECT initiatief_id, duo_id, datum, duur_uren FROM staging.ontmoetingen").pl()
    return leverage(meetings, staging(con, "coordinatie_uren"), staging(con, "initiatieven"), value)


def staging_totals(con: duckdb.DuckDBPyConnection) -> dict[str, float]:
    """The meeting and coordinator hours in staging, to reconcile the mart's total level against."""
    [(uren, coord)] = con.execute(
        "SELECT (SELECT coalesce(sum(duur_uren), 0) FROM staging.ontmoetingen), "
        "(SELECT coalesce(sum(uren), 0) FROM staging.coordinatie_uren)").fetchall()
    return {"vrijwilligersuren": float(uren), "coordinatie_uren": float(coord)}
