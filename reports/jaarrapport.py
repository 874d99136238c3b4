"""The jaarrapport: Samen Inburgeren in Flanders and Brussels in one year, for policy makers.

First page: the key figures, Flanders and Brussels together and apart, and what stands out. Then
participation, time investment against the handbook, impact with intervals, channels and volunteer
leverage, trends over the years, provinces and organiser types, coverage and data quality, and a
method annex. Every figure is a mart value; `reports.render` applies the small-count rule.

    render_jaarrapport(home, 2025, "nl")            → {html, pdf, xlsx}
    render_all_for_year(home, 2025, "nl")           → the jaarrapport and every initiative's report
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Sequence

import polars as pl

from reports import privacy
from reports.common import (PHASES, PHASE_SCHEMA, TOTAL, Marts, exempt_of, first_row, forest_figure, goals_frame,
                            goals_table, guarded, impact_frame, impact_table, initiatives_in_year, is_missing, keep,
                            last_complete_year, leverage_sentence, leverage_table, load_marts, participation_frame,
                            participation_tables, phase_rows, publish_impact, region_rows, retention, rhythm_figure,
                            row_index, share_column, tile, volunteer_value_text, with_level_labels, years_with_data)
from reports.formatting import day, euro, integer, number, percent
from reports.i18n import DEFAULT_LANG, check_lang, code_label, t
from reports.paths import report_stem
from reports.render import (COUNT, EURO, FTE, FORMATS, HOURS, INT, NUMBER, PERCENT, PLAIN, TZ, Column, Report,
                            Table, figure, parallel_pdfs, write_report)
from samen.benchmarks import DEFAULT_FTE_HOURS, load_benchmarks
from samen.settings import Paths, paths
from samen.warehouse import connect

HANDBOOK = ("meervelde", "zonnegem", "braam")
RHYTHM_EDGES = (0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1.0)


def _year(frame: pl.DataFrame, year: int, column: str = "jaar") -> pl.DataFrame:
    return frame.filter(pl.col(column) == year)


# --- page 1: key figures --------------------------------------------------------------------------------------


def key_figures(m: Marts, year: int, lang: str) -> pl.DataFrame:
    """Vlaanderen, Brussel and both together: duos, how they ended and met, hours, FTE, the change in Dutch."""
    rows = participation_frame(region_rows(_year(m.deelname, year)))
    time = _year(m.tijdsinvestering_niveau, year).select(
        "niveau", "sleutel", "uren_totaal", "uren_per_duo", "vte", "aandeel_startfase")
    dutch = _year(m.impact, year).filter(pl.col("score") == "score_nederlands").select(
        "niveau", "sleutel", pl.col("verschil").alias("verschil_nederlands"),
        pl.col("ci_laag").alias("ci_laag_nederlands"), pl.col("ci_hoog").alias("ci_hoog_nederlands"),
        pl.col("n_deelnemers").fill_null(0).alias("n_nederlands"))
    counts = _initiative_counts(m, year)
    frame = (rows.join(time, on=["niveau", "sleutel"], how="left").join(dutch, on=["niveau", "sleutel"], how="left")
             .join(counts, on=["niveau", "sleutel"], how="left")
             .with_columns(pl.col("n_nederlands").fill_null(0), pl.col("initiatieven").fill_null(0)))
    return with_level_labels(m, frame, lang)


def _initiative_counts(m: Marts, year: int) -> pl.DataFrame:
    ids = initiatives_in_year(m, year)
    regions = [m.attributes(i).get("regio") or "onbekend" for i in ids]
    frame = pl.DataFrame({"sleutel": regions}, schema={"sleutel": pl.String}).group_by("sleutel").len("initiatieven")
    total = pl.DataFrame({"sleutel": [TOTAL], "initiatieven": [len(ids)]}, schema=frame.schema)
    return pl.concat([frame.with_columns(niveau=pl.lit("regio")), total.with_columns(niveau=pl.lit(TOTAL))],
                     how="diagonal").with_columns(pl.col("initiatieven").cast(pl.Int64))


def key_table(frame: pl.DataFrame, lang: str) -> Table:
    return Table("kerncijfers", t("jr_key_title", lang), frame, [
        Column("label", t("col_region", lang)),
        Column("initiatieven", t("col_initiatives", lang), INT),
        Column("duos_gestart", t("col_started", lang), COUNT, exact=True),
        Column("duos_actief", t("col_active", lang), COUNT, exact=True),
        share_column("aandeel_afgerond", t("col_share_completed", lang)),
        share_column("aandeel_ritme", t("col_share_rhythm", lang)),
        Column("uren_totaal", t("col_hours", lang), HOURS, decimals=0),
        Column("uren_per_duo", t("col_hours_per_duo", lang), HOURS, decimals=1),
        Column("vte", t("col_fte", lang), FTE),
        Column("verschil_nederlands", t("col_change_dutch", lang), NUMBER, decimals=2, n="n_nederlands"),
    ], note=t("jr_key_note", lang), exempt=privacy.TOTAL_LEVEL, sheet=t("sheet_key", lang))


def _tiles(frame: pl.DataFrame, lang: str) -> list[dict]:
    i = row_index(frame, niveau=TOTAL)
    return keep([
        tile("kerncijfers", i, "duos_gestart", t("tile_started", lang)),
        tile("kerncijfers", i, "duos_actief", t("tile_active", lang)),
        tile("kerncijfers", i, "aandeel_afgerond", t("tile_completed", lang), t("tile_completed_note", lang)),
        tile("kerncijfers", i, "aandeel_ritme", t("tile_rhythm", lang), t("tile_rhythm_note", lang)),
        tile("kerncijfers", i, "uren_totaal", t("tile_hours", lang)),
        tile("kerncijfers", i, "uren_per_duo", t("tile_hours_per_duo", lang)),
        tile("kerncijfers", i, "vte", t("tile_fte", lang)),
        tile("kerncijfers", i, "verschil_nederlands", t("tile_change_dutch", lang), t("tile_change_dutch_note", lang)),
    ])


def highlights(m: Marts, year: int, key: pl.DataFrame, lang: str) -> list[str]:
    """What stands out, in sentences, from figures of all of Flanders and Brussels (exact counts; means and
    shares only from 10 on)."""
    total = first_row(key.filter(pl.col("niveau") == TOTAL))
    if not total:
        return []
    out = []
    stat = privacy.publish_stat
    completed = stat(total.get("aandeel_afgerond"), total.get("duos_beeindigd"))
    out.append(t("hl_duos", lang, year=year, started=integer(total["duos_gestart"], lang),
                 active=integer(total["duos_actief"], lang), initiatives=integer(total["initiatieven"], lang))
               + (" " + t("hl_completed", lang, share=percent(completed, lang)) if completed is not None else ""))
    rhythm = stat(total.get("aandeel_ritme"), total.get("duos_beoordeeld"))
    hours2 = stat(total.get("aandeel_2u_per_14d"), total.get("duos_beoordeeld"))
    if rhythm is not None and hours2 is not None:
        out.append(t("hl_rhythm", lang, rhythm=percent(rhythm, lang), hours=percent(hours2, lang)))
    if not is_missing(total.get("uren_totaal")):
        first = total.get("aandeel_startfase")
        out.append(t("hl_hours", lang, hours=integer(total["uren_totaal"], lang),
                     per_duo=number(total.get("uren_per_duo"), lang, 1), fte=number(total.get("vte"), lang, 2))
                   + (" " + t("hl_first_phase", lang, share=percent(first, lang)) if not is_missing(first) else ""))
    change = stat(total.get("verschil_nederlands"), total.get("n_nederlands"))
    if change is not None and not is_missing(total.get("ci_laag_nederlands")):
        out.append(t("hl_dutch", lang, change=number(change, lang, 2), low=number(total["ci_laag_nederlands"], lang, 2),
                     high=number(total["ci_hoog_nederlands"], lang, 2), n=integer(total["n_nederlands"], lang)))
    lev = first_row(_year(m.hefboom, year).filter(pl.col("niveau") == TOTAL))
    if lev and lev.get("vrijwilligersuren"):
        out.append(t("hl_leverage", lang, hours=integer(lev["vrijwilligersuren"], lang),
                     low=euro(lev["waarde_vrijwilligerstijd_laag_eur"], lang),
                     high=euro(lev["waarde_vrijwilligerstijd_hoog_eur"], lang)))
    return out


# --- participation ---------------------------------------------------------------------------------------------


def activities_table(m: Marts, year: int, lang: str) -> Table:
    rows = _year(m.activiteiten, year).filter(pl.col("niveau") == TOTAL).sort("aandeel_ontmoetingen", descending=True)
    rows = rows.with_columns(label=pl.col("activiteit").map_elements(lambda a: code_label("activiteit", a, lang),
                                                                     return_dtype=pl.String))
    return Table("activiteiten", t("tbl_activities_title", lang, year=year), rows, [
        Column("label", t("col_activity", lang)),
        Column("ontmoetingen", t("col_meetings", lang), INT),
        Column("aandeel_ontmoetingen", t("col_share_meetings", lang), PERCENT),
        Column("uren", t("col_hours", lang), HOURS, decimals=0),
        Column("aandeel_uren", t("col_share_hours", lang), PERCENT),
        Column("aandeel_nederlands_geoefend", t("col_share_dutch", lang), PERCENT),
    ], note=t("tbl_activities_note", lang), sheet=t("sheet_activities", lang))


_PROFILE = (("taalniveau", ("a1", "a2", "b1", "b2", "c1", "c2")), ("traject", ("ja", "nee", "afgerond")))


def profile_table(m: Marts, year: int, lang: str) -> tuple[Table, dict]:
    """The newcomers of the year's duos, all of Flanders and Brussels: level of Dutch and integration track."""
    total = first_row(_year(m.deelname, year).filter(pl.col("niveau") == TOTAL))
    rows = []
    for group, codes in _PROFILE:
        for code in codes:
            rows.append({"groep": t(f"profile_{group}", lang),
                         "waarde": code.upper() if group == "taalniveau" else code_label("traject", code, lang),
                         "aandeel": total.get(f"aandeel_{group}_{code}"),
                         "n": int(total.get("inburgeraars_met_intake") or 0), "niveau": TOTAL})
    frame = pl.DataFrame(rows, schema={"groep": pl.String, "waarde": pl.String, "aandeel": pl.Float64, "n": pl.Int64,
                                       "niveau": pl.String})
    table = Table("profiel", t("tbl_profile_title", lang, year=year), frame, [
        Column("groep", t("col_characteristic", lang)),
        Column("waarde", t("col_value", lang)),
        Column("aandeel", t("col_share", lang), PERCENT, n="n"),
    ], note=t("tbl_profile_note", lang), exempt=privacy.TOTAL_LEVEL, sheet=t("sheet_profile", lang))
    facts = {"inburgeraars": total.get("inburgeraars"), "met_intake": total.get("inburgeraars_met_intake"),
             "jaren": privacy.publish_stat(total.get("mediaan_jaren_in_belgie"), total.get("inburgeraars_met_intake"))}
    return table, facts


# --- time investment ---------------------------------------------------------------------------------------------


def handbook_frame(lang: str, fte_hours: float | None = None) -> pl.DataFrame:
    """The three handbook examples as per-year figures: duos per year, hours per duo, first-phase share, FTE a year
    (hours a year / the FTE hours, 1 600 unless an initiative gives its own)."""
    b = load_benchmarks()
    fte = fte_hours or DEFAULT_FTE_HOURS
    rows = [{"referentie": i.id, "label": i.name, "duos": i.duos, "jaren": i.years, "duos_per_jaar": i.duos_per_year,
             "uren_totaal": i.total, "uren_per_duo": i.hours_per_duo, "aandeel_startfase": i.start_share,
             "vte": i.total / i.years / fte, **{f"uren_{p}": i.phases[p] for p in PHASES}}
            for i in b.initiatives.values()]
    return pl.DataFrame(rows)


def handbook_table(lang: str) -> Table:
    frame = handbook_frame(lang)
    return Table("handboek", t("tbl_handbook_title", lang), frame, [
        Column("label", t("col_example", lang)),
        Column("duos", t("col_duos", lang), INT),
        Column("jaren", t("col_years", lang), INT),
        Column("duos_per_jaar", t("col_duos_per_year", lang), NUMBER, decimals=0),
        Column("uren_totaal", t("col_hours", lang), HOURS, decimals=0),
        Column("uren_per_duo", t("col_hours_per_duo", lang), HOURS, decimals=1),
        Column("aandeel_startfase", t("col_first_phase", lang), PERCENT),
        Column("vte", t("col_fte_per_year", lang), FTE),
    ], note=t("tbl_handbook_note", lang, citation=load_benchmarks().citation()), sheet=t("sheet_handbook", lang))


def phase_share_frame(m: Marts, year: int, lang: str) -> pl.DataFrame:
    """Hours per phase of all initiatives together and each phase's share, next to the handbook's shares."""
    total = first_row(_year(m.tijdsinvestering_niveau, year).filter(pl.col("niveau") == TOTAL))
    hb = handbook_frame(lang)
    rows = phase_rows(total, lang)
    for row in rows:
        for r in hb.iter_rows(named=True):
            row[f"aandeel_{r['referentie']}"] = r[f"uren_{row['fase']}"] / r["uren_totaal"]
    schema = {**PHASE_SCHEMA, **{f"aandeel_{r}": pl.Float64 for r in HANDBOOK}}
    return pl.DataFrame(rows, schema=schema)


def phase_share_table(frame: pl.DataFrame, year: int, lang: str) -> Table:
    b = load_benchmarks()
    return Table("tijd_fasen", t("tbl_phase_shares_title", lang, year=year), frame, [
        Column("label", t("col_phase", lang)),
        Column("uren", t("col_hours", lang), HOURS, decimals=0),
        Column("aandeel", t("col_share_hours", lang), PERCENT),
        *[Column(f"aandeel_{r}", b.initiatives[r].name, PERCENT) for r in HANDBOOK],
    ], note=t("tbl_phase_shares_note", lang), sheet=t("sheet_phase_shares", lang))


def phase_share_figure(frame: pl.DataFrame, year: int, lang: str):
    from reports import charts

    b = load_benchmarks()
    own = t("series_all_year", lang, year=year)
    long = pl.concat([
        frame.select("fase", pl.lit(own).alias("reeks"), pl.col("aandeel").alias("waarde")),
        *[frame.select("fase", pl.lit(b.initiatives[r].name).alias("reeks"), pl.col(f"aandeel_{r}").alias("waarde"))
          for r in HANDBOOK],
    ]).filter(pl.col("waarde").is_not_null())
    chart = charts.phase_hours_chart(long, lang, value="waarde", share=True, height=220)
    return figure("fasen", t("fig_phase_shares_title", lang, year=year), chart, lang,
                  caption=t("fig_phase_shares_caption", lang))


def initiatives_time_frame(m: Marts, year: int, lang: str) -> pl.DataFrame:
    rows = _year(m.tijdsinvestering, year).filter(pl.col("uren_totaal").is_not_null() | (pl.col("duos_gestart") > 0))
    names = [m.name(i) for i in rows["initiatief_id"].to_list()]
    regions = [code_label("regio", m.attributes(i).get("regio"), lang) for i in rows["initiatief_id"].to_list()]
    return rows.with_columns(pl.Series("label", names, dtype=pl.String), pl.Series("regio", regions, dtype=pl.String),
                             pl.col("duos_gestart").fill_null(0)).sort("duos_gestart", "label",
                                                                       descending=[True, False])


def initiatives_time_table(frame: pl.DataFrame, year: int, lang: str) -> Table:
    return Table("tijd_initiatieven", t("tbl_time_initiatives_title", lang, year=year), frame, [
        Column("label", t("col_initiative", lang)),
        Column("regio", t("col_region", lang)),
        Column("duos_gestart", t("col_started", lang), COUNT, exact=True),
        Column("uren_totaal", t("col_hours", lang), HOURS, decimals=0),
        Column("uren_per_duo", t("col_hours_per_duo", lang), HOURS, decimals=1),
        Column("aandeel_startfase", t("col_first_phase", lang), PERCENT),
        Column("vte", t("col_fte", lang), FTE),
        Column("kost_personeel_eur", t("col_staff_cost", lang), EURO),
        Column("kost_per_duo_eur", t("col_cost_per_duo", lang), EURO),
    ], note=t("tbl_time_initiatives_note", lang), sheet=t("sheet_time_initiatives", lang))


def scale_figure(m: Marts, year: int, lang: str, *, highlight: str | None = None, key: str = "schaal",
                 height: int = 260):
    """Hours per duo against duos started in the year (log–log): every initiative of the year, the three handbook
    examples per year, and the intensive norm. `highlight`: one initiative, labelled and drawn apart."""
    from reports import charts

    b = load_benchmarks()
    rows = _year(m.tijdsinvestering, year).filter(pl.col("uren_per_duo").is_not_null() & (pl.col("duos_gestart") > 0))
    own = t("own_initiative", lang)
    others = t("series_initiatives_year", lang, year=year) if highlight is None else t("peer_initiatives", lang)
    is_own = pl.col("initiatief_id") == pl.lit(highlight or "", dtype=pl.String)
    points = rows.select(
        pl.col("duos_gestart").cast(pl.Float64).alias("duos"), "uren_per_duo",
        pl.when(is_own).then(pl.lit(own)).otherwise(pl.lit(others)).alias("reeks"),
        pl.when(is_own).then(pl.lit(m.name(highlight) if highlight else "")).otherwise(pl.lit(None, dtype=pl.String))
        .alias("label"))
    handbook = pl.DataFrame([{"duos": i.duos_per_year, "uren_per_duo": i.hours_per_duo,
                              "reeks": t("handbook_example", lang), "label": i.name} for i in b.initiatives.values()])
    fte_hours = DEFAULT_FTE_HOURS
    if highlight:
        own_fte = m.attributes(highlight).get("fte_uren_per_jaar")
        fte_hours = float(own_fte) if own_fte else fte_hours
    norm = pl.DataFrame([{"duos": b.norm.duos_per_year, "uren_per_duo": b.norm.hours_per_duo(fte_hours),
                          "reeks": t("series_norm", lang), "label": t("series_norm", lang)}])
    frame = pl.concat([points, handbook, norm], how="vertical_relaxed")
    order = [own, others, t("handbook_example", lang), t("series_norm", lang)]
    frame = frame.with_columns(_o=pl.col("reeks").replace_strict({s: i for i, s in enumerate(order)}, default=9)
                               ).sort("_o").drop("_o")
    chart = charts.scale_chart(frame, lang, height=height)
    title = t("fig_scale_title", lang, year=year)
    return figure(key, title, chart, lang, caption=t("fig_scale_caption", lang))


def levels_time_table(m: Marts, year: int, lang: str) -> Table:
    order = {"provincie": 0, "organisator": 1, "regio": 2, TOTAL: 3}
    rows = _year(m.tijdsinvestering_niveau, year).filter(pl.col("niveau") != "initiatief")
    rows = with_level_labels(m, rows, lang).with_columns(
        niveau_label=pl.col("niveau").map_elements(lambda n: t(f"level_{n}", lang), return_dtype=pl.String),
        _o=pl.col("niveau").replace_strict(order, default=9)).sort("_o", "label").drop("_o")
    return Table("tijd_niveaus", t("tbl_time_levels_title", lang, year=year), rows, [
        Column("niveau_label", t("col_level", lang)),
        Column("label", t("col_name", lang)),
        Column("initiatieven", t("col_initiatives", lang), INT),
        Column("duos_gestart", t("col_started", lang), COUNT, exact=True),
        Column("uren_totaal", t("col_hours", lang), HOURS, decimals=0),
        Column("uren_per_duo", t("col_hours_per_duo", lang), HOURS, decimals=1),
        Column("uren_per_duo_mediaan", t("col_hours_per_duo_median", lang), HOURS, decimals=1),
        Column("aandeel_startfase", t("col_first_phase", lang), PERCENT),
        Column("vte", t("col_fte", lang), FTE),
    ], note=t("tbl_time_levels_note", lang), sheet=t("sheet_time_levels", lang))


# --- impact ------------------------------------------------------------------------------------------------------


def policy_goals_table(lang: str) -> Table:
    from samen.marts.impact import scores

    frame = pl.DataFrame([{"label": code_label("score", s.name, lang), "rol": code_label("rol", s.role, lang),
                           "doel": s.goal_nl if lang == "nl" else s.goal_en} for s in scores()])
    return Table("beleidsdoelen", t("tbl_policy_goals_title", lang), frame, [
        Column("label", t("col_score", lang)),
        Column("rol", t("col_role", lang)),
        Column("doel", t("col_policy_goal", lang)),
    ], note=t("tbl_policy_goals_note", lang), sheet=t("sheet_policy_goals", lang))


def selection_frame(m: Marts, year: int, lang: str) -> pl.DataFrame:
    rows = _year(m.impact_vergelijking, year).filter(
        (pl.col("niveau") == TOTAL) & (pl.col("vergelijking") == "eindreden")
        & pl.col("groep").is_in(["afgerond", "vroegtijdig_gestopt"]))
    rows = impact_frame(rows, lang).with_columns(
        groep_label=pl.col("groep").map_elements(lambda g: code_label("status", g, lang), return_dtype=pl.String))
    return rows.sort("groep", maintain_order=True)


# --- channels and leverage -----------------------------------------------------------------------------------------


def channels_frame(m: Marts, year: int, lang: str) -> pl.DataFrame:
    rows = _year(m.toeleiding, year).filter(pl.col("niveau") == TOTAL).with_columns(
        beeindigd=pl.col("afgerond") + pl.col("vroegtijdig_gestopt"))
    rows = rows.with_columns(
        rol_label=pl.col("rol").map_elements(lambda r: code_label("rol", r, lang), return_dtype=pl.String),
        label=pl.col("toeleiding").map_elements(lambda c: code_label("toeleiding", c, lang), return_dtype=pl.String),
        _o=pl.col("rol").replace_strict({"inburgeraar": 0, "coach": 1}, default=2),
    ).sort("_o", "aangemeld", descending=[False, True]).drop("_o")
    return guarded(rows, {"aandeel_gekoppeld": {"n": "aangemeld", "k": "gekoppeld"},
                          "aandeel_afgerond_van_beeindigd": {"n": "beeindigd", "k": "afgerond"}})


def channels_table(frame: pl.DataFrame, year: int, lang: str) -> Table:
    return Table("toeleiding", t("tbl_channels_title", lang, year=year), frame, [
        Column("rol_label", t("col_role", lang)),
        Column("label", t("col_channel", lang)),
        Column("aangemeld", t("col_signed_up", lang), COUNT),
        Column("gekoppeld", t("col_matched", lang), COUNT),
        share_column("aandeel_gekoppeld", t("col_share_matched", lang)),
        Column("beeindigd", t("col_ended", lang), COUNT),
        share_column("aandeel_afgerond_van_beeindigd", t("col_share_completed", lang)),
    ], note=t("tbl_channels_note", lang), exempt=exempt_of(frame), sheet=t("sheet_channels", lang))


def channels_figure(frame: pl.DataFrame, year: int, lang: str):
    from reports import charts

    shown = channels_table(frame, year, lang).published().frame.filter(pl.col("aangemeld").is_not_null()
                                                                       & (pl.col("aangemeld") > 0))
    chart = charts.bar_chart(shown.select("label", "rol_label", "aangemeld"), lang, category="label", value="aangemeld",
                             stack="rol_label", x_title=t("col_signed_up", lang))
    return figure("toeleiding", t("fig_channels_title", lang, year=year), chart, lang,
                  caption=t("fig_channels_caption", lang))


# --- trends ------------------------------------------------------------------------------------------------------


def trend_frame(m: Marts, year: int, lang: str) -> pl.DataFrame:
    rows = m.deelname.filter((pl.col("niveau") == TOTAL) & (pl.col("jaar") <= year))
    rows = participation_frame(rows)
    time = m.tijdsinvestering_niveau.filter(pl.col("niveau") == TOTAL).select(
        pl.col("jaar").cast(pl.Int64), "uren_totaal", "uren_per_duo", "vte")
    dutch = m.impact.filter((pl.col("niveau") == TOTAL) & (pl.col("score") == "score_nederlands")).select(
        pl.col("jaar").cast(pl.Int64), pl.col("verschil").alias("verschil_nederlands"),
        pl.col("n_deelnemers").fill_null(0).alias("n_nederlands"))
    return (rows.with_columns(pl.col("jaar").cast(pl.Int64)).join(time, on="jaar", how="left")
            .join(dutch, on="jaar", how="left").with_columns(pl.col("n_nederlands").fill_null(0)).sort("jaar"))


def trend_table(frame: pl.DataFrame, lang: str) -> Table:
    return Table("trends", t("tbl_trends_title", lang), frame, [
        Column("jaar", t("col_year", lang), PLAIN),
        Column("duos_gestart", t("col_started", lang), COUNT, exact=True),
        Column("duos_actief", t("col_active", lang), COUNT, exact=True),
        share_column("aandeel_afgerond", t("col_share_completed", lang)),
        share_column("aandeel_vroegtijdig_gestopt", t("col_share_early", lang)),
        share_column("aandeel_ritme", t("col_share_rhythm", lang)),
        share_column("aandeel_2u_per_14d", t("col_share_2h", lang)),
        Column("uren_per_duo", t("col_hours_per_duo", lang), HOURS, decimals=1),
        Column("vte", t("col_fte", lang), FTE),
        Column("verschil_nederlands", t("col_change_dutch", lang), NUMBER, decimals=2, n="n_nederlands"),
    ], note=t("tbl_trends_note", lang), exempt=privacy.TOTAL_LEVEL, sheet=t("sheet_trends", lang))


def trend_figures(table: Table, lang: str) -> list:
    from reports import charts

    shown = table.published().frame
    if shown.height < 2:
        return []
    duos = pl.concat([
        shown.select("jaar", pl.lit(t("col_started", lang)).alias("reeks"), pl.col("duos_gestart").alias("waarde")),
        shown.select("jaar", pl.lit(t("col_active", lang)).alias("reeks"), pl.col("duos_actief").alias("waarde")),
    ]).filter(pl.col("waarde").is_not_null()).with_columns(pl.col("waarde").cast(pl.Float64))
    shares = pl.concat([
        shown.select("jaar", pl.lit(t(label, lang)).alias("reeks"), pl.col(column).alias("waarde"))
        for column, label in (("aandeel_afgerond", "series_completed"), ("aandeel_ritme", "series_rhythm"),
                              ("aandeel_2u_per_14d", "series_2h"))
    ]).filter(pl.col("waarde").is_not_null())
    figures = [figure("trend_duos", t("fig_trend_duos_title", lang), charts.trend_chart(
        duos, lang, y_title=t("axis_duos_plain", lang), height=200), lang, caption=t("fig_trend_duos_caption", lang))]
    if shares.height:
        figures.append(figure("trend_aandelen", t("fig_trend_shares_title", lang), charts.trend_chart(
            shares, lang, y_title=t("axis_share", lang), y_format=".0%", height=200, y_domain=(0, 1)), lang,
            caption=t("fig_trend_shares_caption", lang)))
    return figures


# --- provinces and organiser types -----------------------------------------------------------------------------


def area_frame(m: Marts, year: int, niveau: str, lang: str) -> pl.DataFrame:
    rows = participation_frame(_year(m.deelname, year).filter(pl.col("niveau") == niveau))
    time = _year(m.tijdsinvestering_niveau, year).filter(pl.col("niveau") == niveau).select(
        "sleutel", "uren_per_duo", "vte", "initiatieven")
    return with_level_labels(m, rows.join(time, on="sleutel", how="left"), lang).sort("label")


def area_table(frame: pl.DataFrame, key: str, title: str, first: str, lang: str) -> Table:
    return Table(key, title, frame, [
        Column("label", first),
        Column("duos_gestart", t("col_started", lang), COUNT, exact=True),
        Column("duos_actief", t("col_active", lang), COUNT, exact=True),
        Column("duos_beeindigd", t("col_ended", lang), COUNT),
        share_column("aandeel_afgerond", t("col_share_completed", lang)),
        share_column("aandeel_ritme", t("col_share_rhythm", lang)),
        share_column("aandeel_2u_per_14d", t("col_share_2h", lang)),
        Column("uren_per_duo", t("col_hours_per_duo", lang), HOURS, decimals=1),
        Column("vte", t("col_fte", lang), FTE),
    ], note=t("tbl_area_note", lang), sheet=title)


# --- coverage and data quality ---------------------------------------------------------------------------------


def coverage_frame(m: Marts, year: int, lang: str) -> pl.DataFrame:
    """Per initiative (registered or delivering): which kinds of data it has for the year, and its file counts."""
    ids = sorted(set(m.registry["initiatief_id"].to_list()) | set(m.quality["initiatief_id"].to_list())
                 | set(initiatives_in_year(m, year)))
    d = _year(m.deelname, year).filter(pl.col("niveau") == "initiatief")
    ti = _year(m.tijdsinvestering, year)
    people = _year(m.fasen, year).filter(pl.col("niveau") == "initiatief")
    closings = _year(m.doelen, year).filter((pl.col("niveau") == "initiatief") & (pl.col("doel") == "alle"))

    def has(frame: pl.DataFrame, key: str, condition: pl.Expr) -> set[str]:
        return set(frame.filter(condition)[key].to_list())

    delivered = {
        "duos": has(d, "sleutel", pl.col("duos_actief") > 0),
        "ontmoetingen": has(d, "sleutel", pl.col("ontmoetingen") > 0),
        "intake": has(people, "sleutel", pl.col("aangemeld") > 0),
        "afsluiting": has(closings, "sleutel", pl.col("n_afsluitingen") > 0),
        "uren": has(ti, "initiatief_id", pl.col("uren_totaal").is_not_null()),
        "kosten": has(ti, "initiatief_id", pl.col("kost_overig_eur").is_not_null()
                      | pl.col("kost_loonkost_gemeld_eur").is_not_null()),
    }
    quality = {r["initiatief_id"]: r for r in m.quality.iter_rows(named=True)}
    registered = set(m.registry["initiatief_id"].to_list())
    yes, no = t("yes", lang), t("no_dash", lang)
    rows = []
    for i in ids:
        q = quality.get(i, {})
        rows.append({
            "label": m.name(i) + ("" if i in registered else " " + t("not_registered", lang)),
            **{k: yes if i in v else no for k, v in delivered.items()},
            "rijen_gelezen": int(q.get("rijen_gelezen") or 0), "rijen_geweigerd": int(q.get("rijen_geweigerd") or 0),
            "rijen_gemarkeerd": int(q.get("rijen_gemarkeerd") or 0), "laatst_ontvangen": q.get("laatst_ontvangen"),
            "alles": all(i in v for v in delivered.values()),
        })
    schema = {"label": pl.String, **{k: pl.String for k in delivered}, "rijen_gelezen": pl.Int64,
              "rijen_geweigerd": pl.Int64, "rijen_gemarkeerd": pl.Int64, "laatst_ontvangen": pl.Date,
              "alles": pl.Boolean}
    return pl.DataFrame(rows, schema=schema)


def coverage_table(frame: pl.DataFrame, year: int, lang: str) -> Table:
    return Table("dekking", t("tbl_coverage_title", lang, year=year), frame, [
        Column("label", t("col_initiative", lang)),
        *[Column(k, t(f"col_data_{k}", lang)) for k in ("duos", "ontmoetingen", "intake", "afsluiting", "uren",
                                                         "kosten")],
        Column("rijen_gelezen", t("col_rows_read", lang), INT),
        Column("rijen_geweigerd", t("col_rows_refused", lang), INT),
        Column("rijen_gemarkeerd", t("col_rows_flagged", lang), INT),
    ], note=t("tbl_coverage_note", lang), sheet=t("sheet_coverage", lang))


# --- the method annex ----------------------------------------------------------------------------------------


def method_context(m: Marts, lang: str) -> dict:
    b = load_benchmarks()
    return {
        "definitions": [(t(f"def_{k}_term", lang), t(f"def_{k}", lang)) for k in DEFINITIONS],
        "prepost": [t("method_prepost_can", lang), t("method_prepost_cannot", lang)],
        "extra_privacy": [t("method_guard", lang), t("method_exact_levels", lang), t("method_km", lang)],
        "sources": [t("method_handbook", lang, citation=b.citation()), *volunteer_value_text(lang),
                    t("method_as_of", lang, date=day(m.as_of, lang) if m.as_of else "–")],
    }


DEFINITIONS = ("duo", "started", "active", "ended", "completed", "early", "rhythm", "hours2", "track40", "retention",
               "hours", "hours_per_duo", "first_phase", "fte", "cost", "peers", "pairs", "interval", "leverage")


# --- the report ---------------------------------------------------------------------------------------------------


def build_jaarrapport(m: Marts, year: int, lang: str = DEFAULT_LANG, generated_on: date | None = None) -> Report:
    """The jaarrapport of `year` from loaded marts, ready for `write_report`."""
    check_lang(lang)
    tables: dict[str, Table] = {}
    figures = {}

    key = key_figures(m, year, lang)
    tables["kerncijfers"] = key_table(key, lang)

    # participation
    regions = participation_frame(region_rows(_year(m.deelname, year)))
    regions = with_level_labels(m, regions, lang)
    duos, rhythm = participation_tables(regions, "label", t("col_region", lang), lang, "deelname")
    tables[duos.key], tables[rhythm.key] = duos, rhythm
    figures["ritme"], tables["ritme"] = rhythm_figure(m, year, lang, total=True, edges=RHYTHM_EDGES)
    cohorts = [str(y) for y in range(year - 2, year + 1)
               if m.retentie.filter((pl.col("niveau") == TOTAL) & (pl.col("cohort") == str(y))).height]
    fig, tables["retentie"] = retention(m, TOTAL, TOTAL, cohorts, lang)
    if fig:
        figures["retentie"] = fig
    tables["activiteiten"] = activities_table(m, year, lang)
    tables["profiel"], profile_facts = profile_table(m, year, lang)

    # time investment
    phases = phase_share_frame(m, year, lang)
    tables["tijd_fasen"] = phase_share_table(phases, year, lang)
    if phases["aandeel"].drop_nulls().len():
        figures["fasen"] = phase_share_figure(phases, year, lang)
    if _year(m.tijdsinvestering, year).filter(pl.col("uren_per_duo").is_not_null()).height:
        figures["schaal"] = scale_figure(m, year, lang)
    tables["tijd_initiatieven"] = initiatives_time_table(initiatives_time_frame(m, year, lang), year, lang)
    tables["handboek"] = handbook_table(lang)
    tables["tijd_niveaus"] = levels_time_table(m, year, lang)

    # impact
    imp = impact_frame(_year(m.impact, year).filter(pl.col("niveau") == TOTAL), lang)
    tables["impact"] = impact_table(imp, lang, "impact", t("tbl_impact_total_title", lang, year=year),
                                    sheet=t("sheet_impact", lang))
    if imp.height:
        figures["forest"] = forest_figure(publish_impact(imp), lang, "forest", t("fig_forest_title", lang, year=year))
    imp_regions = with_level_labels(m, impact_frame(_year(m.impact, year).filter(pl.col("niveau") == "regio"), lang),
                                    lang, "regio_label").sort("sleutel", descending=True, maintain_order=True)
    tables["impact_regio"] = impact_table(imp_regions, lang, "impact_regio",
                                          t("tbl_impact_regions_title", lang, year=year),
                                          first=Column("regio_label", t("col_region", lang)),
                                          sheet=t("sheet_impact_regions", lang))
    sel = selection_frame(m, year, lang)
    tables["selectie"] = impact_table(sel, lang, "selectie", t("tbl_selection_title", lang, year=year),
                                      first=Column("groep_label", t("col_end", lang)),
                                      note=t("tbl_selection_note", lang), sheet=t("sheet_selection", lang))
    tables["doelen"] = goals_table(goals_frame(_year(m.doelen, year).filter(pl.col("niveau") == TOTAL), lang), lang,
                                   "doelen", t("tbl_goals_title", lang, year=year))
    tables["beleidsdoelen"] = policy_goals_table(lang)

    # channels and leverage
    channels = channels_frame(m, year, lang)
    tables["toeleiding"] = channels_table(channels, year, lang)
    if channels.height:
        figures["toeleiding"] = channels_figure(channels, year, lang)
    lev = with_level_labels(m, region_rows(_year(m.hefboom, year)), lang)
    tables["hefboom"] = leverage_table(lev, "label", t("col_region", lang), lang, "hefboom")

    # trends
    trends = trend_table(trend_frame(m, year, lang), lang)
    tables["trends"] = trends
    for fig in trend_figures(trends, lang):
        figures[fig.key] = fig

    # provinces and organiser types
    tables["provincies"] = area_table(area_frame(m, year, "provincie", lang), "provincies",
                                      t("tbl_provinces_title", lang, year=year), t("col_province", lang), lang)
    tables["organisatoren"] = area_table(area_frame(m, year, "organisator", lang), "organisatoren",
                                         t("tbl_organisers_title", lang, year=year), t("col_organiser", lang), lang)

    # coverage
    coverage = coverage_frame(m, year, lang)
    tables["dekking"] = coverage_table(coverage, year, lang)

    has_data = bool(key.filter(pl.col("niveau") == TOTAL).height)
    return Report(
        kind="jaarrapport", lang=lang,
        title=t("jr_title", lang, year=year),
        subtitle=t("jr_subtitle", lang),
        template="jaarrapport.html.j2",
        tables=tables, figures=figures,
        context={
            "year": year, "has_data": has_data, "tiles": _tiles(key, lang),
            "highlights": highlights(m, year, key, lang),
            "profile": profile_facts, "coverage": {"complete": int(coverage["alles"].sum()), "all": coverage.height},
            "leverage": leverage_sentence(_year(m.hefboom, year).filter(pl.col("niveau") == TOTAL), lang),
            "method": method_context(m, lang),
        },
        notes=[t("jr_xlsx_note", lang, year=year)],
        generated_on=generated_on or datetime.now(TZ).date(),
        as_of=m.as_of,
    )


# --- rendering to disk ----------------------------------------------------------------------------------------------


def _paths(home: Paths | str | Path | None) -> Paths:
    return home if isinstance(home, Paths) else paths(home)


def load(home: Paths | str | Path | None) -> Marts:
    """The marts of the warehouse under `home`, read once through a read-only connection."""
    p = _paths(home)
    with connect(p.warehouse, read_only=True) as con:
        return load_marts(con)


def render_jaarrapport(home: Paths | str | Path | None, year: int, lang: str = DEFAULT_LANG,
                       formats: Sequence[str] = FORMATS, marts: Marts | None = None) -> dict[str, Path]:
    """Build and write the jaarrapport of `year`; returns format → path."""
    p = _paths(home)
    m = marts or load(p)
    return write_report(build_jaarrapport(m, year, lang), report_stem(p, "jaarrapport", year=year, lang=lang), formats)


def render_all_for_year(home: Paths | str | Path | None, year: int, lang: str = DEFAULT_LANG,
                        formats: Sequence[str] = FORMATS, marts: Marts | None = None) -> dict[str, dict[str, Path]]:
    """The jaarrapport (key 'jaarrapport') and every initiative's report of the year (key: its id),
    from one read of the warehouse."""
    from reports.initiatiefrapport import render_initiatiefrapport

    p = _paths(home)
    m = marts or load(p)
    with parallel_pdfs():
        out = {"jaarrapport": render_jaarrapport(p, year, lang, formats, marts=m)}
        for initiative in initiatives_in_year(m, year):
            out[initiative] = render_initiatiefrapport(p, initiative, year, lang, formats, marts=m)
    return out


def missing_year_reports(home: Paths | str | Path | None, year: int, initiatives: Sequence[str],
                         lang: str = DEFAULT_LANG) -> list[str]:
    """'jaarrapport' and the initiatives whose report of the year is missing in one of the formats."""
    p = _paths(home)
    stems = {"jaarrapport": report_stem(p, "jaarrapport", year=year, lang=lang),
             **{i: report_stem(p, "initiatiefrapport", year=year, initiatief_id=i, lang=lang) for i in initiatives}}
    return [name for name, stem in stems.items()
            if not all(stem.with_name(f"{stem.name}.{fmt}").exists() for fmt in FORMATS)]
