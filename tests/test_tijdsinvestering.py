"""Time-investment marts: hand-computed hours, FTE and costs on small frames, the handbook benchmarks
and their sum check, peers, and the FAQ's own table reproduced from activity-level logs through
the real pipeline (raw archive → staging → marts)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest

from assets.marts_tijdsinvestering import ASSETS, CHECKS
from assets.raw import raw_archive
from assets.staging import staging_tables
from conftest import write_csv
from pipelines.resources import SamenResource
from samen.benchmarks import PHASES, activity_frame, load_benchmarks, phase_frame
from samen.marts import tijdsinvestering as ti

HANDBOEK = Path(__file__).parent / "fixtures" / "handboek"


def _log(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(rows, orient="row", schema={
        "initiatief_id": pl.String, "datum": pl.Date, "medewerker": pl.String, "fase": pl.String,
        "activiteit": pl.String, "uren": pl.Float64, "aantal_personen": pl.Int64})


def _duos(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(rows, orient="row", schema={"initiatief_id": pl.String, "duo_id": pl.String,
                                                    "startdatum": pl.Date})


def _registry(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(rows, orient="row", schema={
        "initiatief_id": pl.String, "uurkost_eur": pl.Float64, "fte_uren_per_jaar": pl.Float64,
        "provincie": pl.String, "organisator": pl.String, "regio": pl.String})


def _kosten(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(rows, orient="row", schema={"initiatief_id": pl.String, "jaar": pl.Int64,
                                                    "kostenpost": pl.String, "bedrag_eur": pl.Float64})


LOG = _log([
    ("a", date(2023, 1, 5), "m1", "werving", "wervingsactie", 10.0, 1),
    ("a", date(2023, 2, 1), "m1", "opvolging", None, 5.0, 1),
    ("a", date(2023, 2, 1), "m2", "opvolging", None, 1.5, 1),
    ("a", date(2024, 3, 1), "m1", "kennismaking", "infomoment", 8.0, 2),
    ("b", date(2023, 5, 5), "m1", "onthaal", "andere", 4.0, 1),
])
DUOS = _duos([("a", "x", date(2023, 3, 1)), ("a", "y", date(2023, 4, 1)), ("b", "z", date(2025, 1, 1))])
REGISTRY = _registry([("a", 50.0, 1500.0, "antwerpen", "gemeente", "vlaanderen"),
                      ("b", None, None, None, "vzw", "brussel")])
KOSTEN = _kosten([("a", 2023, "loonkost", 1000.0), ("a", 2023, "huisvesting", 200.0)])


def test_coordination_hours_sums_per_activity_and_names_an_empty_activity() -> None:
    mart = ti.coordination_hours(LOG)
    row = mart.filter(initiatief_id="a", jaar=2023, fase="opvolging").row(0, named=True)
    assert row["activiteit"] == ti.NO_ACTIVITY and row["uren"] == 6.5 and row["regels"] == 2  # 5 + 1.5
    assert mart["uren"].sum() == LOG["uren"].sum()
    assert mart.height == 4


def test_time_investment_fte_and_cost_by_hand() -> None:
    tijd = ti.time_investment(LOG, DUOS, REGISTRY, KOSTEN)
    a23 = tijd.filter(initiatief_id="a", jaar=2023).row(0, named=True)
    # a, 2023: 10 (werving) + 6.5 (opvolging) = 16.5 h; 2 duos started; uurkost 50; FTE = 1500 h.
    assert a23["uren_totaal"] == 16.5 and a23["uren_werving"] == 10 and a23["uren_opvolging"] == 6.5
    assert a23["uren_onthaal"] == 0  # hours were logged that year, none in onthaal
    assert a23["aandeel_startfase"] == pytest.approx(10 / 16.5)
    assert a23["uren_per_duo"] == pytest.approx(8.25)  # 16.5 / 2
    assert a23["vte"] == pytest.approx(0.011)  # 16.5 / 1500
    assert a23["kost_personeel_eur"] == pytest.approx(825.0)  # 16.5 × 50
    assert a23["kost_loonkost_gemeld_eur"] == 1000 and a23["kost_overig_eur"] == 200  # loonkost is not "overig"
    assert a23["kost_per_duo_eur"] == pytest.approx(512.5)  # (825 + 200) / 2
    a24 = tijd.filter(initiatief_id="a", jaar=2024).row(0, named=True)
    assert a24["duos_gestart"] == 0 and a24["uren_per_duo"] is None and a24["kost_per_duo_eur"] is None
    assert a24["kost_overig_eur"] is None  # no cost file for 2024: unknown, not zero
    whole = tijd.filter(pl.col("jaar").is_null(), initiatief_id="a").row(0, named=True)
    # whole period 2023–2024: 16.5 + 8 = 24.5 h, 2 duos; FTE per year = 24.5 / (1500 × 2 years)
    assert (whole["periode"], whole["jaar_van"], whole["jaar_tot"], whole["aantal_jaren"]) == ("geheel", 2023, 2024, 2)
    assert whole["uren_totaal"] == 24.5 and whole["uren_startfase"] == 18  # 10 werving + 8 kennismaking
    assert whole["vte"] == pytest.approx(24.5 / 3000)
    assert whole["kost_per_duo_eur"] == pytest.approx((24.5 * 50 + 200) / 2)  # 712.5


def test_defaults_and_unknowns_are_explicit() -> None:
    tijd = ti.time_investment(LOG, DUOS, REGISTRY, KOSTEN)
    b23 = tijd.filter(initiatief_id="b", jaar=2023).row(0, named=True)
    # no fte_uren_per_jaar: the documented default of 1600 h, flagged; no uurkost: no staff cost
    assert b23["fte_uren_standaard"] is True and b23["fte_uren_per_jaar"] == 1600
    assert b23["vte"] == pytest.approx(4 / 1600)
    assert b23["kost_personeel_eur"] is None and b23["kost_per_duo_eur"] is None
    b25 = tijd.filter(initiatief_id="b", jaar=2025).row(0, named=True)
    # a year with a started duo and no log row: hours not registered (null), not zero
    assert b25["duos_gestart"] == 1 and b25["uren_totaal"] is None and b25["vte"] is None
    assert tijd.filter(pl.col("jaar").is_null(), initiatief_id="b")["aantal_jaren"].item() == 3  # 2023..2025


def test_empty_staging_gives_an_empty_typed_mart() -> None:
    tijd = ti.time_investment(LOG.clear(), DUOS.clear(), REGISTRY.clear(), KOSTEN.clear())
    assert tijd.height == 0 and tijd.schema["uren_totaal"] == pl.Float64 and tijd.schema["jaar"] == pl.Int64
    assert ti.comparison(tijd, load_benchmarks()).height == 0


def test_size_bands() -> None:
    bands = pl.select(ti.size_band(pl.Series([0, 1, 19, 20, 49, 50, 99, 100, 400]))).to_series().to_list()
    assert bands == [None, "1-19", "1-19", "20-49", "20-49", "50-99", "50-99", "100+", "100+"]


def _peer_frame() -> pl.DataFrame:
    """Seven initiatives of 20–49 duos in 2023 with 2, 4, 6, 8, 10, 12, 14 hours per duo, one of 100 duos."""
    rows = [(f"p{k}", 2023, 20, 40.0 * k) for k in range(1, 8)] + [("groot", 2023, 100, 500.0)]
    frame = pl.DataFrame(rows, orient="row", schema={"initiatief_id": pl.String, "jaar": pl.Int64,
                                                     "duos_gestart": pl.Int64, "uren_totaal": pl.Float64})
    return frame.with_columns(
        uren_werving=pl.col("uren_totaal") * 0.1, uren_onthaal=pl.col("uren_totaal") * 0.1,
        uren_kennismaking=pl.col("uren_totaal") * 0.3, uren_duos_vormen=pl.col("uren_totaal") * 0.2,
        uren_opvolging=pl.col("uren_totaal") * 0.3, uren_per_duo=pl.col("uren_totaal") / pl.col("duos_gestart"),
        aandeel_startfase=pl.lit(0.7), fte_uren_per_jaar=pl.lit(1600.0))


def test_comparison_against_handbook_norm_and_peers() -> None:
    cmp = ti.comparison(_peer_frame(), load_benchmarks(), min_peers=5)
    p1 = cmp.filter(initiatief_id="p1")
    assert p1["referentie"].to_list() == ["eigen", "meervelde", "zonnegem", "braam", "intensief", "peers"]
    own = p1.filter(referentie="eigen").row(0, named=True)
    assert own["uren_per_duo"] == 2.0 and own["grootteklasse"] == "20-49"
    assert own["aandeel_kennismaking"] == pytest.approx(0.3)
    meervelde = p1.filter(referentie="meervelde").row(0, named=True)
    assert meervelde["uren_per_duo"] == pytest.approx(538 / 60)  # printed phase totals, not the 537 of activities
    assert meervelde["aandeel_startfase"] == pytest.approx(340 / 538)
    assert meervelde["verhouding_uren_per_duo"] == pytest.approx(2.0 / (538 / 60))
    norm = p1.filter(referentie="intensief").row(0, named=True)
    assert norm["uren_per_duo"] == pytest.approx(16.0)  # 0.5 FTE × 1600 h / 50 duos
    assert norm["aandeel_startfase"] == pytest.approx(0.6)
    peers = p1.filter(referentie="peers").row(0, named=True)
    # peers of p1: p2..p7 (not itself, not "groot" in another band) = 4, 6, 8, 10, 12, 14 h per duo.
    # median (8 + 10) / 2 = 9; linear quartiles at positions 1.25 and 3.75: 6.5 and 11.5
    assert peers["n_initiatieven"] == 6
    assert (peers["uren_per_duo"], peers["uren_per_duo_p25"], peers["uren_per_duo_p75"]) == pytest.approx((9, 6.5, 11.5))
    assert peers["aandeel_startfase"] == pytest.approx(0.7)
    groot = cmp.filter(initiatief_id="groot", referentie="peers").row(0, named=True)
    assert groot["n_initiatieven"] == 0 and groot["uren_per_duo"] is None
    # with a stricter minimum the peer figures are withheld, the count stays
    strict = ti.comparison(_peer_frame(), load_benchmarks(), min_peers=7).filter(initiatief_id="p1", referentie="peers")
    assert strict["n_initiatieven"].item() == 6 and strict["uren_per_duo"].item() is None
    assert ti.peer_rule_violations(cmp) == 0 and ti.shares_out_of_range(cmp) == {}


def test_time_investment_by_level_sums_and_ratios() -> None:
    tijd = ti.time_investment(LOG, DUOS, REGISTRY, KOSTEN)
    levels = ti.time_investment_by_level(tijd, REGISTRY)
    total = levels.filter(niveau="totaal", jaar=2023).row(0, named=True)
    # 2023: a 16.5 h + b 4 h = 20.5 h; 2 duos (a); ratio of sums 10.25 h per duo
    assert (total["initiatieven"], total["uren_totaal"], total["duos_gestart"]) == (2, 20.5, 2)
    assert total["uren_per_duo"] == pytest.approx(10.25)
    assert total["kost_personeel_eur"] == pytest.approx(825.0) and total["initiatieven_met_uurkost"] == 1
    brussel = levels.filter(niveau="regio", sleutel="brussel", jaar=2023).row(0, named=True)
    assert brussel["kost_personeel_eur"] is None and brussel["uren_onthaal"] == 4
    assert levels.filter(niveau="provincie", sleutel="antwerpen").height == 2  # Brussels has no province


def test_checks_catch_what_they_guard() -> None:
    tijd = ti.time_investment(LOG, DUOS, REGISTRY, KOSTEN)
    assert ti.negative_values(tijd) == {} and ti.shares_out_of_range(tijd) == {}
    assert ti.phase_sum_mismatches(tijd) == 0 and ti.missing_initiative_years(LOG, tijd).height == 0
    broken = tijd.filter(~((pl.col("initiatief_id") == "a") & pl.col("jaar").eq_missing(2024)))
    missing = ti.missing_initiative_years(LOG, broken)
    # only the dropped year is reported: a's whole-period row still holds its logged 24.5 h
    assert missing.select("initiatief_id", "jaar").rows() == [("a", 2024)]
    bad = tijd.with_columns(uren_werving=-pl.col("uren_werving"), aandeel_startfase=pl.col("aandeel_startfase") * 3)
    assert ti.negative_values(bad) == {"uren_werving": 2}
    assert ti.shares_out_of_range(bad)["aandeel_startfase"] >= 1
    assert ti.phase_sum_mismatches(bad) == 2


def test_benchmarks_match_the_faq_and_report_its_inconsistency() -> None:
    b = load_benchmarks()
    phases = phase_frame(b)
    got = {r["referentie"]: (r["duos"], r["jaren"], r["uren_totaal"]) for r in phases.iter_rows(named=True)}
    assert got == {"meervelde": (60, 3, 538), "zonnegem": (120, 2, 720), "braam": (750, 5, 4265)}
    assert [(m.initiative, m.phase, m.printed, m.summed) for m in b.mismatches] == [("Meervelde", "opvolging", 198, 197)]
    assert "198" in b.mismatches[0].message() and "197" in b.mismatches[0].message()
    acts = activity_frame(b)
    by_ini = dict(acts.group_by("referentie").agg(pl.col("uren").sum()).rows())
    assert by_ini == {"meervelde": 537, "zonnegem": 720, "braam": 4265}
    assert (b.norm.duos_per_year, b.norm.fte, b.norm.min_start_share) == (50, 0.5, 0.6)
    assert b.source["url"].startswith("http") and "Vraag en antwoord" in b.citation()


def test_a_benchmark_file_with_a_wrong_activity_is_refused(tmp_path: Path) -> None:
    from samen.benchmarks import BENCHMARK_FILE

    text = BENCHMARK_FILE.read_text(encoding="utf-8").replace("{code: infomoment,", "{code: matching,")
    path = tmp_path / "handboek.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match="matching"):
        load_benchmarks(path)


AALST_LOG = [  # the shared fixture's initiative, with a small time log: 3 + 1.5 = 4.5 h in 2024
    "Datum;Medewerker;Fase;Activiteit;Uren",
    "15/01/2024;coord-1;Werving;wervingsactie;3",
    "20/02/2024;coord-1;Opvolging;telefonisch contact;1u30",
]


def test_handbook_logs_through_the_pipeline_reproduce_the_faq(landing: Path, samen_home: Path) -> None:
    for folder in ("meervelde", "zonnegem", "braam"):
        shutil.copytree(HANDBOEK / folder, landing / folder)
    shutil.copy(HANDBOEK / "_agentschap" / "initiatieven.csv", landing / "_agentschap" / "initiatieven_handboek.csv")
    write_csv(landing / "aalst" / "coordinatie_uren_2024.csv", AALST_LOG)
    resource = SamenResource(home=str(samen_home), landing=str(landing), as_of="2024-06-30")
    with dg.instance_for_test() as instance:
        result = dg.materialize([raw_archive, staging_tables, *ASSETS, *CHECKS], resources={"samen": resource},
                                instance=instance)
    assert result.success
    evaluations = {e.check_name: e for e in (ev.event_specific_data for ev in result.all_events
                                             if ev.event_type_value == "ASSET_CHECK_EVALUATION")}
    assert len(evaluations) == len(CHECKS)
    warned = evaluations.pop("handboek_sommen_kloppen")
    assert warned.passed is False and warned.severity == dg.AssetCheckSeverity.WARN
    assert "197" in warned.metadata["verschillen"].value[0]
    assert all(e.passed for e in evaluations.values()), {k: e.metadata for k, e in evaluations.items() if not e.passed}

    con = duckdb.connect(str(samen_home / "warehouse.duckdb"), read_only=True)
    whole = {r["initiatief_id"]: r for r in con.sql(
        "SELECT * FROM mart.tijdsinvestering WHERE jaar IS NULL").pl().iter_rows(named=True)}
    by_activity = con.sql("SELECT initiatief_id, fase, activiteit, sum(uren) AS uren FROM mart.coordinatie_uren "
                          "GROUP BY ALL").pl()
    yearly = con.sql("SELECT * FROM mart.tijdsinvestering WHERE jaar IS NOT NULL").pl()
    rejected = con.execute("SELECT count(*) FROM quarantine.rejected_rows").fetchall()[0][0]
    con.close()
    assert rejected == 0
    # The FAQ's table: totals, hours per duo and first-phase shares over each initiative's whole period.
    expected = {"meervelde": (537, 60, 340, 3), "zonnegem": (720, 120, 495, 2), "braam": (4265, 750, 2725, 5)}
    for ini, (total, duos, start, years) in expected.items():
        row = whole[ini]
        assert round(row["uren_totaal"], 2) == total and row["duos_gestart"] == duos
        assert row["aantal_jaren"] == years
        assert round(row["uren_per_duo"], 2) == round(total / duos, 2)
        assert round(row["aandeel_startfase"], 2) == round(start / total, 2)
        assert row["uren_per_duo"] == pytest.approx(total / duos, abs=0.005)
        assert row["aandeel_startfase"] == pytest.approx(start / total, abs=0.005)
    # phase by phase, as printed (Meervelde's opvolging: the 197 h its activities add up to)
    assert [whole["braam"][f"uren_{p}"] for p in PHASES] == [100, 225, 1980, 420, 1540]
    assert [whole["meervelde"][f"uren_{p}"] for p in PHASES] == [55, 20, 210, 55, 197]
    # activity level equals the benchmark file's activity hours
    faq = activity_frame(load_benchmarks()).select(pl.col("referentie").alias("initiatief_id"), "fase", "activiteit",
                                                   pl.col("uren").alias("faq"))
    joined = faq.join(by_activity, on=["initiatief_id", "fase", "activiteit"], how="full", coalesce=True)
    assert joined.filter(pl.col("initiatief_id") != "aalst").filter(pl.col("faq") != pl.col("uren")).height == 0
    assert joined.filter(pl.col("faq").is_null() & (pl.col("initiatief_id") != "aalst")).height == 0
    # FTE and cost, by hand: Meervelde 537 h over 3 years at 1600 h/FTE and €50/h, other costs 250+400+150
    m = whole["meervelde"]
    assert m["vte"] == pytest.approx(537 / (1600 * 3))
    assert m["kost_personeel_eur"] == pytest.approx(26_850) and m["kost_overig_eur"] == pytest.approx(800)
    assert m["kost_per_duo_eur"] == pytest.approx((26_850 + 800) / 60)
    assert whole["zonnegem"]["fte_uren_standaard"] is True and whole["zonnegem"]["vte"] == pytest.approx(720 / 3200)
    assert whole["braam"]["kost_personeel_eur"] is None and whole["braam"]["vte"] == pytest.approx(4265 / (1750 * 5))
    # aalst 2024: 4.5 h for its 2 duos, €52.50/h, 1600 h/FTE
    aalst = yearly.filter(initiatief_id="aalst", jaar=2024).row(0, named=True)
    assert (aalst["uren_totaal"], aalst["duos_gestart"], aalst["uren_per_duo"]) == (4.5, 2, 2.25)
    assert aalst["vte"] == pytest.approx(4.5 / 1600) and aalst["kost_personeel_eur"] == pytest.approx(236.25)
    assert yearly.filter(initiatief_id="meervelde")["duos_gestart"].to_list() == [20, 20, 20]
