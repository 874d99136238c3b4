"""The pandas peer: four of our marts in competent, vectorised pandas, to compare engines honestly.

The marts are the issue's metric workload: `duo_deelname` (per duo: status, planned length, meetings,
the 14-day rhythm, hours per 14 days), `coordinatie_uren` and `tijdsinvestering` (coordinator hours per
phase, per duo, FTE, cost) and `impact` (paired score change per level, year and score, with a
t-interval and the Wilcoxon p-value). Same definitions as `samen.marts.*`, written as an experienced
analyst would in pandas: column selection in SQL, merges, groupby-agg, no `apply` over rows or groups.
`compare()` checks that the peer's figures equal ours, so the timing compares like with like.

`run_polars` is our side of the same comparison: the same four marts through the plain functions of
`samen.marts` (what the Dagster assets call), reading staging and writing the mart tables like the assets.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

POLARS_MARTS = ("duo_deelname", "coordinatie_uren", "tijdsinvestering", "impact")
KEY = ["initiatief_id", "duo_id"]
WINDOW_DAYS = 14
DAYS_PER_MONTH = 30.44
LEVELS = ("initiatief", "provincie", "organisator", "regio", "totaal")
_LEVEL_COLUMN = {"initiatief": "initiatief_id", "provincie": "provincie", "organisator": "organisator",
                 "regio": "regio"}


# --- our side: the Polars functions, as the assets call them --------------------------------------------

def run_polars(warehouse: Path, as_of: date) -> dict[str, int]:
    from samen.marts import deelname, impact
    from samen.marts import tijdsinvestering as ti
    from samen.marts.common import staging, write_mart
    from samen.warehouse import connect

    rows = {}
    with connect(warehouse) as con:
        rows["duo_deelname"] = write_mart(con, "duo_deelname", deelname.duo_participation(
            staging(con, "duos"), staging(con, "ontmoetingen"), as_of))
        rows["coordinatie_uren"] = write_mart(con, "coordinatie_uren",
                                              ti.coordination_hours(staging(con, "coordinatie_uren")))
        rows["tijdsinvestering"] = write_mart(con, "tijdsinvestering", ti.time_investment(
            staging(con, "coordinatie_uren"), staging(con, "duos"), staging(con, "initiatieven"),
            staging(con, "kosten")))
        rows["impact"] = write_mart(con, "impact", impact.build("impact", impact.load_inputs(con), as_of))
    return rows


# --- the peer ---------------------------------------------------------------------------------------------

def _read(con: duckdb.DuckDBPyConnection, table: str, columns: list[str]) -> pd.DataFrame:
    return con.sql(f"SELECT {', '.join(columns)} FROM staging.{table}").df()


def _months(dates: pd.Series, n: int) -> pd.Series:
    return dates + pd.DateOffset(months=n)  # calendar months, clamped to the month's end (as Polars offset_by)


def _status(frame: pd.DataFrame, as_of: pd.Timestamp) -> pd.Series:
    end, reason = frame["einddatum"], frame["eindreden"]
    ended = end.notna() & (end <= as_of)
    done = (reason == "afgerond") | (reason.isna() & (end >= frame["geplande_einddatum"]))
    return pd.Series(np.where(~ended, "actief", np.where(done, "afgerond", "vroegtijdig_gestopt")),
                     index=frame.index)


def duo_participation(duos: pd.DataFrame, meetings: pd.DataFrame, as_of: date) -> pd.DataFrame:
    peil = pd.Timestamp(as_of)
    d = duos[duos["startdatum"] <= peil].copy()
    ended = d["einddatum"].notna() & (d["einddatum"] <= peil)
    d["einddatum"] = d["einddatum"].where(ended)
    d["eindreden"] = d["eindreden"].where(ended)
    d["periode_einde"] = d["einddatum"].fillna(peil)
    d["status"] = _status(d, peil)
    start, planned = d["startdatum"], d["geplande_einddatum"]
    d["geplande_maanden"] = ((planned - start).dt.days / DAYS_PER_MONTH).round(1)
    d["binnen_kader"] = (planned >= _months(start, 6)) & (planned <= _months(start, 12))
    d["zeer_vroeg_gestopt"] = (d["status"] == "vroegtijdig_gestopt") & (d["einddatum"] < _months(start, 3))
    d["volledige_periodes_14d"] = ((d["periode_einde"] - start).dt.days + 1) // WINDOW_DAYS

    m = meetings.merge(d[[*KEY, "startdatum", "periode_einde", "volledige_periodes_14d"]], on=KEY, how="inner")
    m = m[(m["datum"] >= m["startdatum"]) & (m["datum"] <= m["periode_einde"])]
    m = m.assign(venster=(m["datum"] - m["startdatum"]).dt.days // WINDOW_DAYS)
    complete = m[m["venster"] < m["volledige_periodes_14d"]]
    stats = m.groupby(KEY, sort=False).agg(ontmoetingen=("datum", "size"), uren=("duur_uren", "sum"),
                                            eerste=("datum", "min"), laatste=("datum", "max"))
    stats["vensters_met_ontmoeting"] = complete.drop_duplicates([*KEY, "venster"]).groupby(KEY).size()
    stats["uren_volledige_vensters"] = complete.groupby(KEY)["duur_uren"].sum()
    d = d.merge(stats.reset_index(), on=KEY, how="left")
    d[["ontmoetingen", "vensters_met_ontmoeting"]] = d[["ontmoetingen", "vensters_met_ontmoeting"]].fillna(0)
    d[["uren", "uren_volledige_vensters"]] = d[["uren", "uren_volledige_vensters"]].fillna(0.0)
    windows = d["volledige_periodes_14d"].where(d["volledige_periodes_14d"] > 0)
    d["ritme"] = d["vensters_met_ontmoeting"] / windows
    d["uren_per_14d"] = d["uren_volledige_vensters"] / windows
    d["dagen_tot_eerste_ontmoeting"] = (d["eerste"] - d["startdatum"]).dt.days
    d["dagen_sinds_laatste_ontmoeting"] = (peil - d["laatste"]).dt.days.where(d["status"] == "actief")
    d["uren_inburgeraar_totaal"] = d.groupby(["initiatief_id", "inburgeraar_id"])["uren"].transform("sum")
    d["peildatum"] = peil
    columns = ["initiatief_id", "duo_id", "startdatum", "geplande_einddatum", "einddatum", "status", "eindreden",
               "geplande_maanden", "binnen_kader", "zeer_vroeg_gestopt", "ontmoetingen", "uren",
               "volledige_periodes_14d", "ritme", "uren_per_14d", "dagen_tot_eerste_ontmoeting",
               "dagen_sinds_laatste_ontmoeting", "uren_inburgeraar_totaal", "peildatum"]
    return d[columns].sort_values(KEY, ignore_index=True)


def coordination_hours(uren: pd.DataFrame) -> pd.DataFrame:
    u = uren.assign(jaar=uren["datum"].dt.year, activiteit=uren["activiteit"].fillna("niet_opgegeven"))
    return (u.groupby(["initiatief_id", "jaar", "fase", "activiteit"], sort=True)
            .agg(uren=("uren", "sum"), regels=("uren", "size")).reset_index())


def time_investment(uren: pd.DataFrame, duos: pd.DataFrame, initiatieven: pd.DataFrame,
                    kosten: pd.DataFrame) -> pd.DataFrame:
    from samen.benchmarks import DEFAULT_FTE_HOURS, PHASES, START_PHASES

    hour_cols = ["uren_totaal", *(f"uren_{p}" for p in PHASES)]
    u = uren.assign(jaar=uren["datum"].dt.year)
    phase = u.pivot_table(index=["initiatief_id", "jaar"], columns="fase", values="uren", aggfunc="sum",
                          fill_value=0.0).reindex(columns=list(PHASES), fill_value=0.0)
    phase.columns = [f"uren_{p}" for p in phase.columns]
    hours = phase.assign(uren_totaal=u.groupby(["initiatief_id", "jaar"])["uren"].sum())
    started = duos.assign(jaar=duos["startdatum"].dt.year).groupby(["initiatief_id", "jaar"]).size()
    payroll = kosten["kostenpost"] == "loonkost"
    k = kosten.assign(jaar=kosten["jaar"].astype("int64"), loon=kosten["bedrag_eur"].where(payroll),
                      overig=kosten["bedrag_eur"].where(~payroll, 0.0), is_loon=payroll)
    costs = k.groupby(["initiatief_id", "jaar"]).agg(loon=("loon", "sum"), any_loon=("is_loon", "any"),
                                                     kost_overig_eur=("overig", "sum"))
    costs["kost_loonkost_gemeld_eur"] = costs["loon"].where(costs["any_loon"])
    keys = hours.index.union(started.index).union(costs.index)
    yearly = (pd.DataFrame(index=keys).join(hours).join(started.rename("duos_gestart"))
              .join(costs[["kost_loonkost_gemeld_eur", "kost_overig_eur"]]).reset_index())
    yearly["duos_gestart"] = yearly["duos_gestart"].fillna(0).astype("int64")
    yearly = yearly.assign(periode="jaar", jaar_van=yearly["jaar"], jaar_tot=yearly["jaar"])

    sums = yearly.groupby("initiatief_id")
    whole = sums[["duos_gestart"]].sum()
    for col in [*hour_cols, "kost_loonkost_gemeld_eur", "kost_overig_eur"]:  # unknown stays unknown
        whole[col] = sums[col].sum(min_count=1)
    whole["jaar_van"], whole["jaar_tot"] = sums["jaar"].min(), sums["jaar"].max()
    whole = whole.reset_index().assign(jaar=pd.array([pd.NA] * len(whole), dtype="Int64"), periode="geheel")
    frame = pd.concat([yearly.astype({"jaar": "Int64"}), whole], ignore_index=True)

    registry = initiatieven[["initiatief_id", "uurkost_eur", "fte_uren_per_jaar"]].astype(
        {"uurkost_eur": float, "fte_uren_per_jaar": float})
    f = frame.merge(registry, on="initiatief_id", how="left")
    total = f["uren_totaal"]
    f["aantal_jaren"] = (f["jaar_tot"] - f["jaar_van"] + 1).astype("int64")
    f["uren_startfase"] = f[[f"uren_{p}" for p in START_PHASES]].sum(axis=1, min_count=1).where(total.notna())
    f["fte_uren_standaard"] = f["fte_uren_per_jaar"].isna()
    f["fte_uren_per_jaar"] = f["fte_uren_per_jaar"].fillna(DEFAULT_FTE_HOURS)
    f["aandeel_startfase"] = (f["uren_startfase"] / total).where(total > 0)
    has_duos = f["duos_gestart"] > 0
    f["uren_per_duo"] = (total / f["duos_gestart"]).where(has_duos)
    f["vte"] = total / (f["fte_uren_per_jaar"] * f["aantal_jaren"])
    f["kost_personeel_eur"] = total * f["uurkost_eur"]
    f["kost_per_duo_eur"] = ((f["kost_personeel_eur"] + f["kost_overig_eur"].fillna(0)) / f["duos_gestart"]).where(
        has_duos)
    columns = ["initiatief_id", "jaar", "periode", "jaar_van", "jaar_tot", "aantal_jaren", "duos_gestart",
               *hour_cols, "uren_startfase", "aandeel_startfase", "uren_per_duo", "fte_uren_per_jaar",
               "fte_uren_standaard", "vte", "uurkost_eur", "kost_personeel_eur", "kost_loonkost_gemeld_eur",
               "kost_overig_eur", "kost_per_duo_eur"]
    return f[columns].sort_values(["initiatief_id", "jaar"], na_position="last", ignore_index=True)


def with_levels(frame: pd.DataFrame, initiatieven: pd.DataFrame) -> pd.DataFrame:
    attrs = initiatieven[["initiatief_id", "provincie", "organisator", "regio"]]
    joined = frame.merge(attrs, on="initiatief_id", how="left")
    parts = []
    for level in LEVELS:
        part = joined if level != "provincie" else joined[joined["provincie"].notna()]
        key = "totaal" if level == "totaal" else part[_LEVEL_COLUMN[level]].fillna("onbekend")
        parts.append(part.assign(niveau=level, sleutel=key))
    return pd.concat(parts, ignore_index=True).drop(columns=["provincie", "organisator", "regio"])


def _end_group(frame: pd.DataFrame, as_of: pd.Timestamp) -> pd.Series:
    status = _status(frame, as_of)
    return status.where(status != "actief", "onbekend")


def _wilcoxon(paired: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Signed-rank statistic from counts per |d| (the average rank of a tie block is its midpoint)."""
    from scipy import special

    nz = paired.loc[paired["d"] != 0, [*by, "d"]]
    nz = nz.assign(abs_d=nz["d"].abs(), pos=nz["d"] > 0)
    c = nz.groupby([*by, "abs_d"], sort=True).agg(t=("pos", "size"), pos=("pos", "sum")).reset_index()
    c["below"] = c.groupby(by)["t"].cumsum() - c["t"]
    c["w"] = c["pos"] * (c["below"] + (c["t"] + 1) / 2)
    c["tie"] = c["t"].astype(float) ** 3 - c["t"]
    w = c.groupby(by).agg(n=("t", "sum"), w_plus=("w", "sum"), tie=("tie", "sum")).reset_index()
    n = w["n"].to_numpy(float)
    var = n * (n + 1) * (2 * n + 1) / 24 - w["tie"].to_numpy(float) / 48
    with np.errstate(invalid="ignore", divide="ignore"):
        p = 2 * special.ndtr(-np.abs((w["w_plus"].to_numpy(float) - n * (n + 1) / 4) / np.sqrt(var)))
    w["p_wilcoxon"] = np.where((n >= 10) & (var > 0), p, np.nan)
    return w[[*by, "p_wilcoxon"]]


def impact(intake: pd.DataFrame, duos: pd.DataFrame, afsluiting: pd.DataFrame, initiatieven: pd.DataFrame,
           as_of: date) -> pd.DataFrame:
    from scipy.stats import t as student_t

    from samen.marts.impact import IMPACT_KEYS, score_reference, scores

    names = [s.name for s in scores()]
    before = intake[["initiatief_id", "deelnemer_id", "rol", "inburgeringstraject", *names]].rename(
        columns={"rol": "intake_rol", "inburgeringstraject": "traject", **{s: f"{s}_voor" for s in names}})
    after = afsluiting[["initiatief_id", "deelnemer_id", "duo_id", "datum", *names]].rename(
        columns={s: f"{s}_na" for s in names})
    duo = duos[["initiatief_id", "duo_id", "inburgeraar_id", "coach_id", "geplande_einddatum", "einddatum",
                "eindreden"]]
    c = after.merge(duo, on=["initiatief_id", "duo_id"], how="left").merge(
        before, on=["initiatief_id", "deelnemer_id"], how="left")
    c["rol"] = np.where(c["deelnemer_id"] == c["inburgeraar_id"], "inburgeraar",
                        np.where(c["deelnemer_id"] == c["coach_id"], "coach", c["intake_rol"]))
    c = c[c["rol"].notna()]
    c = c.assign(jaar=c["datum"].dt.year, eindgroep=_end_group(c, pd.Timestamp.max.normalize()))
    base = ["initiatief_id", "deelnemer_id", "jaar", "rol"]
    pairs = pd.concat([c.loc[c["rol"] == s.role, base].assign(score=s.name, voor=c[f"{s.name}_voor"],
                                                               na=c[f"{s.name}_na"]) for s in scores()],
                      ignore_index=True)
    pairs["gepaard"] = pairs["voor"].notna() & pairs["na"].notna()
    pairs = with_levels(pairs, initiatieven)

    peil = pd.Timestamp(as_of)
    ended = duos[duos["einddatum"].notna() & (duos["einddatum"] <= peil)]
    people = pd.concat([ended[["initiatief_id", "duo_id", "einddatum"]].assign(
        deelnemer_id=ended[f"{role}_id"], rol=role) for role in ("inburgeraar", "coach")], ignore_index=True)
    closed = afsluiting[["initiatief_id", "deelnemer_id", "duo_id"]].drop_duplicates().assign(heeft_afsluiting=True)
    people = people.merge(closed, on=["initiatief_id", "deelnemer_id", "duo_id"], how="left")
    people = people.assign(heeft_afsluiting=people["heeft_afsluiting"].fillna(False).astype(bool),
                           jaar=people["einddatum"].dt.year)
    ref = score_reference().to_pandas()
    people = people.merge(ref[["score", "rol"]], on="rol", how="inner")
    ended_levels = with_levels(people, initiatieven)

    by = list(IMPACT_KEYS)
    paired = pairs[pairs["gepaard"]].copy()
    paired["voor"], paired["na"] = paired["voor"].astype(float), paired["na"].astype(float)
    paired["d"] = paired["na"] - paired["voor"]
    paired["beter"], paired["gelijk"], paired["slechter"] = (
        (paired["d"] > 0).astype(float), (paired["d"] == 0).astype(float), (paired["d"] < 0).astype(float))
    g = paired.groupby(by)
    stats = g.agg(n_paren=("d", "size"), gem_voor=("voor", "mean"), gem_na=("na", "mean"), verschil=("d", "mean"),
                  sd_verschil=("d", "std"), aandeel_beter=("beter", "mean"), aandeel_gelijk=("gelijk", "mean"),
                  aandeel_slechter=("slechter", "mean"))
    stats["n_deelnemers"] = paired.drop_duplicates([*by, "initiatief_id", "deelnemer_id"]).groupby(by).size()
    stats = stats.reset_index()
    n = stats["n_paren"].to_numpy(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        half = student_t.ppf(0.975, n - 1) * stats["sd_verschil"] / np.sqrt(n)
    stats["ci_laag"], stats["ci_hoog"] = stats["verschil"] - half, stats["verschil"] + half
    stats = stats.merge(_wilcoxon(paired, by), on=by, how="left")
    closed_n = pairs.assign(onvolledig=~pairs["gepaard"]).groupby(by)["onvolledig"].sum().rename(
        "n_onvolledig").reset_index()
    gap = ended_levels.assign(zonder=~ended_levels["heeft_afsluiting"]).groupby(by).agg(
        n_beeindigd=("zonder", "size"), n_zonder_afsluiting=("zonder", "sum")).reset_index()
    out = closed_n.merge(stats, on=by, how="left").merge(gap, on=by, how="outer")
    for col in ("n_paren", "n_deelnemers", "n_zonder_afsluiting", "n_beeindigd", "n_onvolledig"):
        out[col] = out[col].fillna(0).astype("int64")
    out["responsgraad"] = (1 - out["n_zonder_afsluiting"] / out["n_beeindigd"]).where(out["n_beeindigd"] > 0)
    out = out.merge(ref.drop(columns="beleidsdoel_label"), on="score", how="left")
    order = {level: i for i, level in enumerate(LEVELS)}
    score_order = {s.name: i for i, s in enumerate(scores())}
    out = out.assign(_l=out["niveau"].map(order), _s=out["score"].map(score_order)).sort_values(
        ["_l", "sleutel", "jaar", "_s"], ignore_index=True)
    columns = ["rol", "beleidsdoel", "n_paren", "n_deelnemers", "n_zonder_afsluiting", "n_beeindigd",
               "responsgraad", "n_onvolledig", "gem_voor", "gem_na", "verschil", "sd_verschil", "ci_laag",
               "ci_hoog", "aandeel_beter", "aandeel_gelijk", "aandeel_slechter", "p_wilcoxon"]
    return out[[*by, *columns]]


def run_pandas(warehouse: Path, as_of: date, out: Path | None = None) -> dict[str, int]:
    """Read staging (only the columns needed), compute the four marts, write them to `out` (peer.duckdb)."""
    from samen.marts.impact import scores

    names = [s.name for s in scores()]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        duos = _read(con, "duos", ["initiatief_id", "duo_id", "inburgeraar_id", "coach_id", "startdatum",
                                   "geplande_einddatum", "einddatum", "eindreden"])
        meetings = _read(con, "ontmoetingen", ["initiatief_id", "duo_id", "datum", "duur_uren"])
        uren = _read(con, "coordinatie_uren", ["initiatief_id", "datum", "fase", "activiteit", "uren"])
        initiatieven = _read(con, "initiatieven", ["initiatief_id", "provincie", "organisator", "regio",
                                                   "uurkost_eur", "fte_uren_per_jaar"])
        kosten = _read(con, "kosten", ["initiatief_id", "jaar", "kostenpost", "bedrag_eur"])
        intake = _read(con, "intake", ["initiatief_id", "deelnemer_id", "rol", "inburgeringstraject", *names])
        afsluiting = _read(con, "afsluiting", ["initiatief_id", "deelnemer_id", "duo_id", "datum", *names])
    marts = {
        "duo_deelname": duo_participation(duos, meetings, as_of),
        "coordinatie_uren": coordination_hours(uren),
        "tijdsinvestering": time_investment(uren, duos, initiatieven, kosten),
        "impact": impact(intake, duos, afsluiting, initiatieven, as_of),
    }
    target = out or warehouse.with_name("peer.duckdb")
    with duckdb.connect(str(target)) as con:
        for name, frame in marts.items():
            con.register("_peer", frame)
            con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM _peer")
            con.unregister("_peer")
    return {name: len(frame) for name, frame in marts.items()}


# --- do the peer and our marts agree? ---------------------------------------------------------------------

_KEYS = {
    "duo_deelname": ["initiatief_id", "duo_id"],
    "coordinatie_uren": ["initiatief_id", "jaar", "fase", "activiteit"],
    "tijdsinvestering": ["initiatief_id", "jaar", "periode"],
    "impact": ["niveau", "sleutel", "jaar", "score"],
}


def compare(warehouse: Path, peer: Path | None = None, tolerance: float = 1e-6) -> dict[str, dict]:
    """Per mart: rows on each side, rows missing on either side, and cells that differ (numbers beyond
    `tolerance`, relative for large values; text, dates and booleans exactly)."""
    peer = peer or warehouse.with_name("peer.duckdb")
    out = {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        con.execute(f"ATTACH '{peer}' AS peer (READ_ONLY)")
        for name, keys in _KEYS.items():
            ours = {r[0]: r[1] for r in con.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                f"WHERE table_catalog = current_database() AND table_schema = 'mart' AND table_name = '{name}'"
            ).fetchall()}
            theirs = {r[0] for r in con.execute(
                "SELECT column_name FROM information_schema.columns "
                f"WHERE table_catalog = 'peer' AND table_name = '{name}'").fetchall()}
            columns = [c for c in ours if c in theirs and c not in keys]
            on = " AND ".join(f"o.{k} IS NOT DISTINCT FROM CAST(p.{k} AS {ours[k]})" for k in keys)
            diffs = []
            for c in columns:
                if ours[c] in ("DOUBLE", "FLOAT", "BIGINT", "INTEGER", "HUGEINT", "SMALLINT", "TINYINT"):
                    diffs.append(f"count(*) FILTER (WHERE (o.{c} IS NULL) <> (p.{c} IS NULL) OR abs(o.{c} - "
                                 f"CAST(p.{c} AS DOUBLE)) > {tolerance} * greatest(1, abs(o.{c}))) AS \"{c}\"")
                else:
                    diffs.append(f"count(*) FILTER (WHERE o.{c} IS DISTINCT FROM CAST(p.{c} AS {ours[c]})) AS \"{c}\"")
            row = con.execute(f"""
                SELECT count(*) FILTER (WHERE o.{keys[0]} IS NULL) AS only_peer,
                       count(*) FILTER (WHERE p.{keys[0]} IS NULL) AS only_ours, {', '.join(diffs)}
                FROM mart.{name} o FULL JOIN peer.{name} p ON {on}
            """).fetchall()[0]
            counts = dict(zip(["only_peer", "only_ours", *columns], row))
            out[name] = {"rows_ours": con.execute(f"SELECT count(*) FROM mart.{name}").fetchall()[0][0],
                         "rows_peer": con.execute(f"SELECT count(*) FROM peer.{name}").fetchall()[0][0],
                         "only_peer": counts.pop("only_peer"), "only_ours": counts.pop("only_ours"),
                         "cells_differing": {c: n for c, n in counts.items() if n}}
    return out
