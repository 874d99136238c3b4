"""The initiatiefrapport: one initiative in one year, for its council and its coordinators.

The first page is the staff-time justification a council member reads in a minute: hours per phase,
hours per duo, FTE and cost per duo next to the three handbook examples, the intensive norm and peers
of similar size. Then the time investment in detail, the initiative's own participation, the way from
sign-up to duo (funnel and waiting list), its impact, and a short method annex.

An initiative's own headline figures (duos started and active, hours, hours per duo, FTE, costs) are
shown exactly; every breakdown of its persons or duos follows the small-count rule.

    render_initiatiefrapport(home, "aalst", 2025, "nl")   → {html, pdf, xlsx}
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Sequence

import polars as pl

from reports.common import (PHASES, PHASE_SCHEMA, TOTAL, Marts, first_row, forest_figure, goals_frame, goals_table,
                            guarded, impact_frame, impact_table, is_missing, keep, leverage_sentence, leverage_table,
                            participation_frame, participation_tables, phase_rows, publish_impact, retention,
                            rhythm_figure, share_column, tile)
from reports.formatting import euro, integer, number, percent
from reports.i18n import DEFAULT_LANG, check_lang, code_label, t
from reports.jaarrapport import HANDBOOK, _paths, handbook_frame, load, method_context, scale_figure
from reports.paths import report_stem
from reports.render import (COUNT, EURO, FORMATS, FTE, HOURS, INT, NUMBER, PERCENT, PLAIN, TZ, Column,
                            Report, Table, figure, write_report)
from samen.benchmarks import DEFAULT_FTE_HOURS, load_benchmarks
from samen.settings import Paths

FUNNEL_STEPS = ("aangemeld", "intake_gedaan", "gekoppeld", "gestart", "afgerond")


class NoSuchInitiative(LookupError):
    """Neither the registry nor the marts know the initiative."""


def _own(frame: pl.DataFrame, initiatief_id: str, key: str = "sleutel") -> pl.DataFrame:
    if key == "sleutel":
        return frame.filter((pl.col("niveau") == "initiatief") & (pl.col("sleutel") == initiatief_id))
    return frame.filter(pl.col(key) == initiatief_id)


# --- page 1 ---------------------------------------------------------------------------------------------------


def headline_frame(m: Marts, initiatief_id: str, year: int) -> pl.DataFrame:
    """One row: the initiative's own figures of the year (exact) — duos, hours, per duo, FTE, costs."""
    time = _own(m.tijdsinvestering, initiatief_id, "initiatief_id").filter(pl.col("jaar") == year)
    part = _own(m.deelname, initiatief_id).filter(pl.col("jaar") == year)
    row = {**first_row(time), **{k: v for k, v in first_row(part).items() if k in ("duos_actief",)}}
    row["duos_gestart"] = int(row.get("duos_gestart") or first_row(part).get("duos_gestart") or 0)
    row["duos_actief"] = int(row.get("duos_actief") or 0)
    overig = row.get("kost_overig_eur")
    staff = row.get("kost_personeel_eur")
    row["kost_totaal_eur"] = None if staff is None else staff + (overig or 0.0)
    columns = {"duos_gestart": pl.Int64, "duos_actief": pl.Int64, "uren_totaal": pl.Float64,
               "uren_per_duo": pl.Float64, "aandeel_startfase": pl.Float64, "vte": pl.Float64,
               "uurkost_eur": pl.Float64, "kost_personeel_eur": pl.Float64, "kost_overig_eur": pl.Float64,
               "kost_totaal_eur": pl.Float64, "kost_per_duo_eur": pl.Float64, "fte_uren_per_jaar": pl.Float64,
               "fte_uren_standaard": pl.Boolean}
    return pl.DataFrame([{c: row.get(c) for c in columns}], schema=columns)


def headline_table(frame: pl.DataFrame, year: int, lang: str) -> Table:
    return Table("kerncijfers", t("ir_key_title", lang, year=year), frame, [
        Column("duos_gestart", t("col_started", lang), COUNT, exact=True),
        Column("duos_actief", t("col_active", lang), COUNT, exact=True),
        Column("uren_totaal", t("col_hours", lang), HOURS, decimals=0),
        Column("uren_per_duo", t("col_hours_per_duo", lang), HOURS, decimals=1),
        Column("aandeel_startfase", t("col_first_phase", lang), PERCENT),
        Column("vte", t("col_fte", lang), FTE),
        Column("kost_personeel_eur", t("col_staff_cost", lang), EURO),
        Column("kost_overig_eur", t("col_other_cost", lang), EURO),
        Column("kost_per_duo_eur", t("col_cost_per_duo", lang), EURO),
    ], note=t("ir_key_note", lang), sheet=t("sheet_key", lang))


def _tiles(lang: str) -> list[dict]:
    return keep([
        tile("kerncijfers", 0, "duos_gestart", t("tile_started", lang)),
        tile("kerncijfers", 0, "duos_actief", t("tile_active", lang)),
        tile("kerncijfers", 0, "uren_totaal", t("tile_hours", lang)),
        tile("kerncijfers", 0, "uren_per_duo", t("tile_hours_per_duo", lang)),
        tile("kerncijfers", 0, "vte", t("tile_fte", lang)),
        tile("kerncijfers", 0, "kost_per_duo_eur", t("tile_cost_per_duo", lang), t("tile_cost_per_duo_note", lang)),
    ])


def comparison_frame(m: Marts, initiatief_id: str, year: int, head: dict, lang: str) -> pl.DataFrame:
    """This initiative next to the handbook examples, the intensive norm and its peers (mart values), with each
    reference's duos and FTE a year and its staff cost per duo at this initiative's own hourly cost."""
    b = load_benchmarks()
    rows = _own(m.tijdsinvestering_vergelijking, initiatief_id, "initiatief_id").filter(pl.col("jaar") == year)
    fte_hours = head.get("fte_uren_per_jaar") or DEFAULT_FTE_HOURS
    rate = head.get("uurkost_eur")
    hb = {r["referentie"]: r for r in handbook_frame(lang, fte_hours).iter_rows(named=True)}
    labels = {"eigen": m.name(initiatief_id), "intensief": t("series_norm", lang),
              **{r: b.initiatives[r].name for r in HANDBOOK}}
    out = []
    for r in rows.iter_rows(named=True):
        ref = r["referentie"]
        per_duo = r["uren_per_duo"]
        row = {"referentie": ref, "soort": r["soort"], "uren_per_duo": per_duo,
               "aandeel_startfase": r["aandeel_startfase"], "verhouding": r["verhouding_uren_per_duo"],
               "uren_per_duo_p25": r["uren_per_duo_p25"], "uren_per_duo_p75": r["uren_per_duo_p75"],
               "n_initiatieven": r["n_initiatieven"]}
        if ref == "eigen":
            row |= {"duos_per_jaar": float(head.get("duos_gestart") or 0), "vte": head.get("vte")}
        elif ref in hb:
            row |= {"duos_per_jaar": hb[ref]["duos_per_jaar"], "vte": hb[ref]["vte"]}
        elif ref == "intensief":
            row |= {"duos_per_jaar": b.norm.duos_per_year, "vte": b.norm.fte}
        elif ref == "peers":
            row |= {"duos_per_jaar": None, "vte": None}
        if ref == "peers":
            n = int(r["n_initiatieven"] or 0)
            row["label"] = t("peers_label", lang, band=(r["grootteklasse"] or "–").replace("-", "–"), n=n)
        else:
            row["label"] = labels.get(ref, ref)
        row["kost_per_duo"] = per_duo * rate if per_duo is not None and rate is not None else None
        out.append(row)
    schema = {"referentie": pl.String, "soort": pl.String, "label": pl.String, "duos_per_jaar": pl.Float64,
              "uren_per_duo": pl.Float64, "uren_per_duo_p25": pl.Float64, "uren_per_duo_p75": pl.Float64,
              "aandeel_startfase": pl.Float64, "vte": pl.Float64, "kost_per_duo": pl.Float64,
              "verhouding": pl.Float64, "n_initiatieven": pl.Int64}
    return pl.DataFrame([{c: r.get(c) for c in schema} for r in out], schema=schema)


def comparison_table(frame: pl.DataFrame, head: dict, lang: str) -> Table:
    rate = head.get("uurkost_eur")
    cost_label = (t("col_staff_cost_per_duo_rate", lang, rate=euro(rate, lang, 2)) if rate is not None
                  else t("col_staff_cost_per_duo", lang))
    note = " ".join([t("ir_comparison_note", lang),
                     *([t("ir_fte_default", lang)] if head.get("fte_uren_standaard") else []),
                     *([t("ir_no_rate", lang)] if rate is None else [])])
    return Table("vergelijking", t("ir_comparison_title", lang), frame, [
        Column("label", t("col_reference", lang)),
        Column("duos_per_jaar", t("col_duos_per_year", lang), NUMBER, decimals=0),
        Column("uren_per_duo", t("col_hours_per_duo", lang), HOURS, decimals=1),
        Column("aandeel_startfase", t("col_first_phase", lang), PERCENT),
        Column("vte", t("col_fte_per_year", lang), FTE),
        Column("kost_per_duo", cost_label, EURO),
        Column("verhouding", t("col_ratio", lang), NUMBER, decimals=2),
    ], note=note, sheet=t("sheet_comparison", lang))


def verdict(frame: pl.DataFrame, head: dict, name: str, year: int, lang: str) -> list[str]:
    """The comparison in two or three plain sentences (headline figures and reference values only)."""
    refs = {r["referentie"]: r for r in frame.iter_rows(named=True)}
    out = []
    hours, per_duo, started = head.get("uren_totaal"), head.get("uren_per_duo"), head.get("duos_gestart") or 0
    if is_missing(hours):
        return [t("ir_no_hours", lang, name=name, year=year)]
    out.append(t("ir_lead_hours", lang, name=name, year=year, hours=integer(hours, lang), duos=integer(started, lang),
                 fte=number(head.get("vte"), lang, 2))
               + (" " + t("ir_lead_per_duo", lang, per_duo=number(per_duo, lang, 1))
                  if not is_missing(per_duo) else ""))
    if not is_missing(per_duo):
        parts = [t("ir_ref_part", lang, name=refs[r]["label"], per_duo=number(refs[r]["uren_per_duo"], lang, 1))
                 for r in (*HANDBOOK, "intensief") if r in refs and not is_missing(refs[r]["uren_per_duo"])]
        if parts:
            out.append(t("ir_lead_refs", lang, refs="; ".join(parts)))
        peers = refs.get("peers")
        if peers and not is_missing(peers.get("uren_per_duo")):
            out.append(t("ir_lead_peers", lang, n=peers["n_initiatieven"],
                         median=number(peers["uren_per_duo"], lang, 1),
                         low=number(peers["uren_per_duo_p25"], lang, 1),
                         high=number(peers["uren_per_duo_p75"], lang, 1)))
        elif peers:
            out.append(t("ir_lead_no_peers", lang, n=int(peers.get("n_initiatieven") or 0), minimum=5))
    first = head.get("aandeel_startfase")
    if not is_missing(first):
        out.append(t("ir_lead_first_phase", lang, share=percent(first, lang)))
    return out


def phase_frame(m: Marts, initiatief_id: str, year: int, head: dict, lang: str) -> pl.DataFrame:
    """Per phase: this initiative's hours, their share, hours per started duo; the handbook's hours per duo."""
    time = first_row(_own(m.tijdsinvestering, initiatief_id, "initiatief_id").filter(pl.col("jaar") == year))
    b = load_benchmarks()
    started = head.get("duos_gestart") or 0
    rows = phase_rows(time, lang)
    for row in rows:
        hours, phase = row["uren"], row["fase"]
        row["uren_per_duo"] = hours / started if hours is not None and started else None
        row.update({f"per_duo_{r}": b.initiatives[r].phases[phase] / b.initiatives[r].duos for r in HANDBOOK})
    schema = {**PHASE_SCHEMA, "uren_per_duo": pl.Float64, **{f"per_duo_{r}": pl.Float64 for r in HANDBOOK}}
    return pl.DataFrame(rows, schema=schema)


def phase_table(frame: pl.DataFrame, year: int, lang: str) -> Table:
    b = load_benchmarks()
    return Table("uren_fasen", t("ir_phases_title", lang, year=year), frame, [
        Column("label", t("col_phase", lang)),
        Column("uren", t("col_hours", lang), HOURS, decimals=0),
        Column("aandeel", t("col_share_hours", lang), PERCENT),
        Column("uren_per_duo", t("col_hours_per_duo", lang), HOURS, decimals=1),
        *[Column(f"per_duo_{r}", t("col_per_duo_of", lang, name=b.initiatives[r].name), HOURS, decimals=1)
          for r in HANDBOOK],
    ], note=t("ir_phases_note", lang), sheet=t("sheet_phases", lang))


def phase_figure(frame: pl.DataFrame, name: str, year: int, lang: str):
    from reports import charts

    b = load_benchmarks()
    per_duo = frame["uren_per_duo"].drop_nulls().len() > 0
    if per_duo:
        long = pl.concat([
            frame.select("fase", pl.lit(f"{name} {year}").alias("reeks"), pl.col("uren_per_duo").alias("waarde")),
            *[frame.select("fase", pl.lit(b.initiatives[r].name).alias("reeks"), pl.col(f"per_duo_{r}").alias("waarde"))
              for r in HANDBOOK]])
        chart = charts.phase_hours_chart(long.filter(pl.col("waarde").is_not_null()), lang, value="waarde",
                                         y_title=t("axis_hours_per_duo_plain", lang), y_format=",.1~f", height=125,
                                         x_title=None)
        title = t("ir_fig_phases_title", lang)
    else:
        long = frame.select("fase", pl.lit(f"{name} {year}").alias("reeks"), pl.col("aandeel").alias("waarde"))
        chart = charts.phase_hours_chart(long.filter(pl.col("waarde").is_not_null()), lang, value="waarde", share=True,
                                         height=125, x_title=None)
        title = t("ir_fig_phases_share_title", lang)
    return figure("fasen", title, chart, lang, caption=t("ir_fig_phases_caption", lang))


# --- time investment in detail ---------------------------------------------------------------------------------


def activities_table(m: Marts, initiatief_id: str, year: int, lang: str) -> Table:
    rows = _own(m.coordinatie_uren, initiatief_id, "initiatief_id").filter(pl.col("jaar") == year)
    order = {p: i for i, p in enumerate(PHASES)}
    total = rows["uren"].sum() if rows.height else 0
    rows = rows.with_columns(
        fase_label=pl.col("fase").map_elements(lambda f: code_label("fase", f, lang), return_dtype=pl.String),
        label=pl.col("activiteit").map_elements(lambda a: code_label("activiteit_coordinatie", a, lang),
                                                return_dtype=pl.String),
        aandeel=pl.col("uren") / total if total else pl.lit(None, dtype=pl.Float64),
        _o=pl.col("fase").replace_strict(order, default=9),
    ).sort("_o", "uren", descending=[False, True]).drop("_o")
    return Table("uren_activiteiten", t("ir_activities_title", lang, year=year), rows, [
        Column("fase_label", t("col_phase", lang)),
        Column("label", t("col_activity", lang)),
        Column("uren", t("col_hours", lang), HOURS, decimals=1),
        Column("aandeel", t("col_share_hours", lang), PERCENT),
        Column("regels", t("col_log_lines", lang), INT),
    ], note=t("ir_activities_note", lang), sheet=t("sheet_activities_coord", lang))


def years_frame(m: Marts, initiatief_id: str, year: int, lang: str) -> pl.DataFrame:
    rows = _own(m.tijdsinvestering, initiatief_id, "initiatief_id").filter(
        pl.col("jaar").is_null() | (pl.col("jaar") <= year))
    return rows.with_columns(
        label=pl.when(pl.col("jaar").is_null())
        .then(pl.format(t("whole_period", lang) + " {}–{}", pl.col("jaar_van"), pl.col("jaar_tot")))
        .otherwise(pl.col("jaar").cast(pl.String)),
        _o=pl.col("jaar").fill_null(9999),
    ).sort("_o").drop("_o")


def years_table(frame: pl.DataFrame, lang: str) -> Table:
    return Table("jaren", t("ir_years_title", lang), frame, [
        Column("label", t("col_period", lang)),
        Column("duos_gestart", t("col_started", lang), COUNT, exact=True),
        Column("uren_totaal", t("col_hours", lang), HOURS, decimals=0),
        Column("uren_per_duo", t("col_hours_per_duo", lang), HOURS, decimals=1),
        Column("aandeel_startfase", t("col_first_phase", lang), PERCENT),
        Column("vte", t("col_fte", lang), FTE),
        Column("kost_personeel_eur", t("col_staff_cost", lang), EURO),
        Column("kost_overig_eur", t("col_other_cost", lang), EURO),
        Column("kost_loonkost_gemeld_eur", t("col_reported_payroll", lang), EURO),
        Column("kost_per_duo_eur", t("col_cost_per_duo", lang), EURO),
    ], note=t("ir_years_note", lang), sheet=t("sheet_years", lang))


# --- funnel and waiting list --------------------------------------------------------------------------------------


def funnel_frame(m: Marts, initiatief_id: str, year: int, lang: str) -> pl.DataFrame:
    rows = _own(m.fasen, initiatief_id).filter(pl.col("jaar") == year)
    rows = rows.with_columns(
        rol_label=pl.col("rol").map_elements(lambda r: code_label("rol", r, lang), return_dtype=pl.String),
        _o=pl.col("rol").replace_strict({"inburgeraar": 0, "coach": 1}, default=2)).sort("_o").drop("_o")
    return guarded(rows, {
        "conversie_intake_koppeling": {"n": "intake_gedaan", "k": "gekoppeld"},
        "conversie_koppeling_start": {"n": "gekoppeld", "k": "gestart"},
        "conversie_start_afgerond": {"n": "gestart", "k": "afgerond"},
    })


def funnel_table(frame: pl.DataFrame, year: int, lang: str) -> Table:
    return Table("trechter", t("ir_funnel_title", lang, year=year), frame, [
        Column("rol_label", t("col_role", lang)),
        *[Column(s, t(f"step_{s}", lang), COUNT) for s in FUNNEL_STEPS],
        Column("vroegtijdig_gestopt", t("step_vroegtijdig_gestopt", lang), COUNT),
        Column("lopend", t("step_lopend", lang), COUNT),
        share_column("conversie_intake_koppeling", t("col_conv_matched", lang)),
        Column("mediaan_dagen_aanmelding_ontmoeting", t("col_median_days_signup_meeting", lang), NUMBER, decimals=0,
               n="gestart"),
    ], note=t("ir_funnel_note", lang), sheet=t("sheet_funnel", lang))


def funnel_figure(table: Table, year: int, lang: str):
    from reports import charts

    shown = table.published().frame
    long = pl.concat([shown.select(pl.lit(t(f"step_{s}", lang)).alias("stap"), pl.col("rol_label").alias("reeks"),
                                   pl.col(s).alias("n")) for s in FUNNEL_STEPS])
    chart = charts.funnel_chart(long, lang, x_title=t("axis_people", lang))
    return figure("trechter", t("ir_fig_funnel_title", lang, year=year), chart, lang,
                  caption=t("ir_fig_funnel_caption", lang))


def waiting_frame(m: Marts, initiatief_id: str, lang: str) -> pl.DataFrame:
    rows = _own(m.wachtlijst, initiatief_id)
    return rows.with_columns(
        rol_label=pl.col("rol").map_elements(lambda r: code_label("rol", r, lang), return_dtype=pl.String),
        _o=pl.col("rol").replace_strict({"inburgeraar": 0, "coach": 1}, default=2)).sort("_o").drop("_o")


def waiting_table(frame: pl.DataFrame, lang: str) -> Table:
    return Table("wachtlijst", t("ir_waiting_title", lang), frame, [
        Column("rol_label", t("col_role", lang)),
        Column("wachtend", t("col_waiting", lang), COUNT),
        Column("mediaan_dagen_wachten", t("col_median_days_waiting", lang), NUMBER, decimals=0, n="wachtend"),
        Column("wachtend_langer_dan_365_dagen", t("col_waiting_year", lang), COUNT),
    ], note=t("ir_waiting_note", lang), sheet=t("sheet_waiting", lang))


def waiting_sentence(frame: pl.DataFrame, lang: str) -> str | None:
    row = first_row(frame)
    if not row:
        return None
    if not row.get("wachtende_inburgeraars") and not row.get("wachtende_coaches"):
        return t("ir_waiting_none", lang)
    return t(f"ir_waiting_{row['te_werven']}", lang)


# --- impact --------------------------------------------------------------------------------------------------


def impact_both(m: Marts, initiatief_id: str, year: int, lang: str) -> pl.DataFrame:
    """The initiative's change per score, and all of Flanders and Brussels for comparison."""
    rows = m.impact.filter((pl.col("jaar") == year) & (
        ((pl.col("niveau") == "initiatief") & (pl.col("sleutel") == initiatief_id)) | (pl.col("niveau") == TOTAL)))
    frame = impact_frame(rows, lang).with_columns(
        reeks=pl.when(pl.col("niveau") == TOTAL).then(pl.lit(code_label("regio", TOTAL, lang)))
        .otherwise(pl.lit(m.name(initiatief_id))),
        _o=pl.when(pl.col("niveau") == TOTAL).then(1).otherwise(0))
    return frame.sort("_o", maintain_order=True).drop("_o")


# --- the report ------------------------------------------------------------------------------------------------


def build_initiatiefrapport(m: Marts, initiatief_id: str, year: int, lang: str = DEFAULT_LANG,
                            generated_on: date | None = None) -> Report:
    """The initiatiefrapport of one initiative and year from loaded marts, ready for `write_report`."""
    check_lang(lang)
    known = set(m.registry["initiatief_id"].to_list()) | set(m.tijdsinvestering["initiatief_id"].to_list()) | set(
        m.deelname.filter(pl.col("niveau") == "initiatief")["sleutel"].to_list())
    if initiatief_id not in known:
        raise NoSuchInitiative(initiatief_id)
    name = m.name(initiatief_id)
    attrs = m.attributes(initiatief_id)
    tables: dict[str, Table] = {}
    figures = {}

    head = headline_frame(m, initiatief_id, year)
    head_row = {**first_row(head), "uurkost_eur": attrs.get("uurkost_eur") if first_row(head).get("uurkost_eur") is None
                else first_row(head).get("uurkost_eur")}
    tables["kerncijfers"] = headline_table(head, year, lang)
    comparison = comparison_frame(m, initiatief_id, year, head_row, lang)
    tables["vergelijking"] = comparison_table(comparison, head_row, lang)
    phases = phase_frame(m, initiatief_id, year, head_row, lang)
    tables["uren_fasen"] = phase_table(phases, year, lang)
    if phases["uren"].drop_nulls().len():
        figures["fasen"] = phase_figure(phases, name, year, lang)

    # time in detail
    tables["uren_activiteiten"] = activities_table(m, initiatief_id, year, lang)
    if m.tijdsinvestering.filter((pl.col("jaar") == year) & pl.col("uren_per_duo").is_not_null()).height:
        figures["schaal"] = scale_figure(m, year, lang, highlight=initiatief_id, height=230)
    tables["jaren"] = years_table(years_frame(m, initiatief_id, year, lang), lang)
    lev = _own(m.hefboom, initiatief_id).filter(pl.col("jaar") <= year).sort("jaar").with_columns(
        label=pl.col("jaar").cast(pl.String))
    tables["hefboom"] = leverage_table(lev, "jaar", t("col_year", lang), lang, "hefboom", first_kind=PLAIN)

    # participation
    part = participation_frame(_own(m.deelname, initiatief_id).filter(pl.col("jaar") <= year).sort("jaar"))
    duos, rhythm = participation_tables(part, "jaar", t("col_year", lang), lang, "deelname", first_kind=PLAIN)
    tables[duos.key], tables[rhythm.key] = duos, rhythm
    figures["ritme"], tables["ritme"] = rhythm_figure(m, year, lang, initiatief_id=initiatief_id)
    cohorts = [c for c in (str(year), "alle") if _own(m.retentie, initiatief_id).filter(pl.col("cohort") == c).height]
    fig, tables["retentie"] = retention(m, "initiatief", initiatief_id, cohorts, lang)
    if fig:
        figures["retentie"] = fig

    # funnel and waiting list
    funnel = funnel_table(funnel_frame(m, initiatief_id, year, lang), year, lang)
    tables["trechter"] = funnel
    if funnel.frame.height:
        figures["trechter"] = funnel_figure(funnel, year, lang)
    waiting = waiting_frame(m, initiatief_id, lang)
    tables["wachtlijst"] = waiting_table(waiting, lang)

    # impact
    both = impact_both(m, initiatief_id, year, lang)
    own = both.filter(pl.col("niveau") == "initiatief")
    tables["impact"] = impact_table(own, lang, "impact", t("ir_impact_title", lang, year=year),
                                    sheet=t("sheet_impact", lang))
    tables["impact_totaal"] = impact_table(both.filter(pl.col("niveau") == TOTAL), lang, "impact_totaal",
                                           t("ir_impact_total_title", lang, year=year),
                                           sheet=t("sheet_impact_total", lang))
    if both.height:
        figures["forest"] = forest_figure(publish_impact(both), lang, "forest",
                                          t("ir_fig_forest_title", lang, year=year), series="reeks",
                                          caption=t("ir_fig_forest_caption", lang))
    tables["doelen"] = goals_table(goals_frame(_own(m.doelen, initiatief_id).filter(pl.col("jaar") == year), lang),
                                   lang, "doelen", t("tbl_goals_title", lang, year=year))

    region = code_label("regio", attrs.get("regio"), lang) if attrs.get("regio") else ""
    where = " · ".join(x for x in (region, code_label("provincie", attrs.get("provincie"), lang)
                                   if attrs.get("provincie") else "",
                                   code_label("organisator", attrs.get("organisator"), lang)
                                   if attrs.get("organisator") else "") if x)
    quality = first_row(m.quality.filter(pl.col("initiatief_id") == initiatief_id))
    return Report(
        kind="initiatiefrapport", lang=lang,
        title=t("ir_title", lang, year=year),
        subtitle=f"{name}" + (f" — {where}" if where else ""),
        template="initiatiefrapport.html.j2",
        tables=tables, figures=figures,
        context={
            "year": year, "name": name, "initiatief_id": initiatief_id, "tiles": _tiles(lang),
            "lead": verdict(comparison, head_row, name, year, lang),
            "fte_default": bool(head_row.get("fte_uren_standaard")),
            "no_rate": head_row.get("uurkost_eur") is None,
            "waiting": waiting_sentence(waiting, lang),
            "leverage": leverage_sentence(lev.filter(pl.col("jaar") == year), lang),
            "quality": quality,
            "method": method_context(m, lang),
        },
        notes=[t("ir_xlsx_note", lang, name=name, year=year)],
        generated_on=generated_on or datetime.now(TZ).date(),
        as_of=m.as_of,
    )


def render_initiatiefrapport(home: Paths | str | Path | None, initiatief_id: str, year: int, lang: str = DEFAULT_LANG,
                             formats: Sequence[str] = FORMATS, marts: Marts | None = None) -> dict[str, Path]:
    """Build and write one initiative's report of `year`; returns format → path."""
    p = _paths(home)
    m = marts or load(p)
    report = build_initiatiefrapport(m, initiatief_id, year, lang)
    return write_report(report, report_stem(p, "initiatiefrapport", year=year, initiatief_id=initiatief_id, lang=lang),
                        formats)
