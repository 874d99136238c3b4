"""Impact marts: paired change, interval, shares, response gap and goal attainment on a small set computed
by hand; the Wilcoxon p-value against scipy; checks that fail on broken rows; one Dagster materialisation."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb
import numpy as np
import polars as pl
import pytest
from scipy import stats

from assets.marts_impact import ASSETS, CHECKS
from assets.raw import raw_archive
from assets.staging import staging_tables
from conftest import REGISTRY, write_csv
from pipelines.resources import SamenResource
from samen.contracts import contracts
from samen.marts import impact as m
from samen.marts.common import LEVELS

SCORES = [s.name for s in m.scores()]
AS_OF = date(2024, 12, 31)
T3, T4, T1 = 3.182446305284263, 2.7764451051977987, 12.706204736174698  # t(0.975, df) from a t-table

INTAKE_SCHEMA = {"initiatief_id": pl.String, "deelnemer_id": pl.String, "rol": pl.String,
                 "inburgeringstraject": pl.String, "doelen": pl.List(pl.String), **{s: pl.Int64 for s in SCORES}}
DUO_SCHEMA = {"initiatief_id": pl.String, "duo_id": pl.String, "inburgeraar_id": pl.String, "coach_id": pl.String,
              "geplande_einddatum": pl.Date, "einddatum": pl.Date, "eindreden": pl.String}
CLOSING_SCHEMA = {"initiatief_id": pl.String, "deelnemer_id": pl.String, "duo_id": pl.String, "datum": pl.Date,
                  **{s: pl.Int64 for s in SCORES}, "doel_bereikt": pl.String, "tevredenheid": pl.Int64,
                  "contact_blijft": pl.String}


def _frame(rows: list[dict], schema: dict) -> pl.DataFrame:
    return pl.DataFrame([{"initiatief_id": "a", **r} for r in rows], schema=schema)


def _inb(pid, traject, doelen, ned, thuis):
    return {"deelnemer_id": pid, "rol": "inburgeraar", "inburgeringstraject": traject, "doelen": doelen,
            "score_nederlands": ned, "score_thuis": thuis}


# The constructed set: one initiative, seven duos. C1 coached D1 and D2 (two closings, one intake);
# P5 has no Dutch score at intake; P6's duo ended without any closing; D7 is still running.
INTAKE = _frame([
    _inb("P1", "ja", ["nederlands_oefenen", "thuis_voelen"], 2, 3),
    _inb("P2", "ja", ["nederlands_oefenen"], 3, 3),
    _inb("P3", "nee", ["thuis_voelen"], 3, 2),
    _inb("P4", None, None, 4, 4),
    _inb("P5", "afgerond", ["nederlands_oefenen"], None, 2),
    _inb("P6", "ja", None, 3, None),
    _inb("P7", None, None, 2, None),
    {"deelnemer_id": "C1", "rol": "coach", "doelen": ["andere"], "score_leefwereld": 2},
    *[{"deelnemer_id": f"C{k}", "rol": "coach", "score_leefwereld": 3} for k in range(2, 7)],
], INTAKE_SCHEMA)
DUOS = _frame([
    {"duo_id": "D1", "inburgeraar_id": "P1", "coach_id": "C1", "einddatum": date(2024, 3, 1), "eindreden": "afgerond"},
    {"duo_id": "D2", "inburgeraar_id": "P2", "coach_id": "C1", "einddatum": date(2024, 6, 1), "eindreden": "afgerond"},
    {"duo_id": "D3", "inburgeraar_id": "P3", "coach_id": "C2", "einddatum": date(2024, 5, 1),
     "eindreden": "vroegtijdig_coach"},
    {"duo_id": "D4", "inburgeraar_id": "P4", "coach_id": "C3", "einddatum": date(2024, 7, 1), "eindreden": "afgerond"},
    {"duo_id": "D5", "inburgeraar_id": "P5", "coach_id": "C4", "einddatum": date(2024, 8, 1), "eindreden": "afgerond"},
    {"duo_id": "D6", "inburgeraar_id": "P6", "coach_id": "C5", "einddatum": date(2024, 9, 1),
     "eindreden": "vroegtijdig_inburgeraar"},
    {"duo_id": "D7", "inburgeraar_id": "P7", "coach_id": "C6"},
], DUO_SCHEMA)


def _closing(pid, duo, day, scores, doel, tevr, contact):
    return {"deelnemer_id": pid, "duo_id": duo, "datum": day, **scores, "doel_bereikt": doel, "tevredenheid": tevr,
            "contact_blijft": contact}


CLOSINGS = _frame([
    _closing("P1", "D1", date(2024, 3, 10), {"score_nederlands": 4, "score_thuis": 4}, "ja", 5, "ja"),
    _closing("P2", "D2", date(2024, 6, 10), {"score_nederlands": 4, "score_thuis": 3}, "deels", 4, "ja"),
    _closing("P3", "D3", date(2024, 5, 10), {"score_nederlands": 3, "score_thuis": 3}, "nee", 2, "nee"),
    _closing("P4", "D4", date(2024, 7, 10), {"score_nederlands": 3, "score_thuis": 4}, "geen_doel", 4, "weet_niet"),
    _closing("P5", "D5", date(2024, 8, 10), {"score_nederlands": 4, "score_thuis": 3}, "ja", None, "ja"),
    _closing("C1", "D1", date(2024, 3, 12), {"score_leefwereld": 3}, "ja", 5, "ja"),
    _closing("C1", "D2", date(2024, 6, 12), {"score_leefwereld": 4}, "deels", 4, "ja"),
], CLOSING_SCHEMA)
INITIATIEVEN = pl.DataFrame({"initiatief_id": ["a"], "provincie": ["antwerpen"], "organisator": ["gemeente"],
                             "regio": ["vlaanderen"]})
ARGS = (INTAKE, DUOS, CLOSINGS, INITIATIEVEN)


def _row(frame: pl.DataFrame, **keys) -> dict:
    found = frame.filter(**keys)
    assert found.height == 1, (keys, found)
    return found.row(0, named=True)


@pytest.fixture(scope="module")
def impact() -> pl.DataFrame:
    return m.impact(*ARGS, AS_OF)


def test_every_contract_score_maps_to_one_faq_policy_goal() -> None:
    ref = m.policy_goals()
    assert ref["version"] and "Vraag en antwoord" in ref["source"]["title"]
    assert len(ref["beleidsdoelen"]) == 6  # the FAQ's six goals
    assert {s.name for s in m.scores()} == {c.name for c in contracts()["intake"].columns if c.role}
    roles = {s.name: s.role for s in m.scores()}
    assert roles["score_leefwereld"] == "coach" and roles["score_nederlands"] == "inburgeraar"
    assert {s.goal for s in m.scores()} == set(ref["beleidsdoelen"])  # every goal has a score
    assert all(s.goal_nl and s.goal_en for s in m.scores())


def test_paired_change_interval_and_shares_by_hand(impact: pl.DataFrame) -> None:
    # score_nederlands, pairs P1..P4: before 2,3,3,4 after 4,4,3,3 → d = +2,+1,0,−1
    # mean before 12/4 = 3.0, after 14/4 = 3.5, change 0.5; sd² = (1.5²+0.5²+0.5²+1.5²)/3 = 5/3
    # half-width = t(0.975, 3) · √(5/3) / √4 = 3.182446 · 0.645497 = 2.054260
    row = _row(impact, niveau="totaal", jaar=2024, score="score_nederlands")
    assert (row["n_paren"], row["n_deelnemers"], row["rol"], row["beleidsdoel"]) == (
        4, 4, "inburgeraar", "communicatie_anderstaligen")
    assert row["gem_voor"] == pytest.approx(3.0) and row["gem_na"] == pytest.approx(3.5)
    assert row["verschil"] == pytest.approx(0.5)
    assert row["sd_verschil"] == pytest.approx(math.sqrt(5 / 3))
    half = T3 * math.sqrt(5 / 3) / 2
    assert (row["ci_laag"], row["ci_hoog"]) == pytest.approx((0.5 - half, 0.5 + half))
    assert (row["ci_laag"], row["ci_hoog"]) == pytest.approx((-1.554260, 2.554260), abs=1e-6)
    assert (row["aandeel_beter"], row["aandeel_gelijk"], row["aandeel_slechter"]) == pytest.approx((0.5, 0.25, 0.25))
    assert row["p_wilcoxon"] is None  # 3 non-zero differences: too few for the normal approximation

    # score_thuis, P1..P5 (P5 counts here): d = +1,0,+1,0,+1 → mean 0.6; before 14/5 = 2.8, after 17/5 = 3.4
    # sd² = (3·0.4² + 2·0.6²)/4 = 0.3; half = t(0.975, 4) · √0.3/√5 = 2.776445 · 0.244949 = 0.680087
    row = _row(impact, niveau="totaal", jaar=2024, score="score_thuis")
    assert (row["n_paren"], row["n_onvolledig"]) == (5, 0)
    assert (row["gem_voor"], row["gem_na"], row["verschil"]) == pytest.approx((2.8, 3.4, 0.6))
    half = T4 * math.sqrt(0.3) / math.sqrt(5)
    assert (row["ci_laag"], row["ci_hoog"]) == pytest.approx((0.6 - half, 0.6 + half))
    assert (row["ci_laag"], row["ci_hoog"]) == pytest.approx((-0.080087, 1.280087), abs=1e-6)
    assert (row["aandeel_beter"], row["aandeel_gelijk"], row["aandeel_slechter"]) == pytest.approx((0.6, 0.4, 0.0))

    # score_leefwereld: C1's two closings, each against the one intake (2 → 3, 2 → 4): two pairs, one person
    # d = +1,+2 → mean 1.5, sd = √0.5; half = t(0.975, 1) · √0.5/√2 = 12.706205 · 0.5 = 6.353102
    row = _row(impact, niveau="totaal", jaar=2024, score="score_leefwereld")
    assert (row["n_paren"], row["n_deelnemers"], row["rol"]) == (2, 1, "coach")
    assert (row["gem_voor"], row["gem_na"], row["verschil"]) == pytest.approx((2.0, 3.5, 1.5))
    assert (row["ci_laag"], row["ci_hoog"]) == pytest.approx((1.5 - T1 * 0.5, 1.5 + T1 * 0.5))

    # one initiative: every level holds the same figures as the total
    levels = impact.filter(pl.col("score") == "score_nederlands")
    assert dict(zip(levels["niveau"], levels["sleutel"])) == {
        "initiatief": "a", "provincie": "antwerpen", "organisator": "gemeente", "regio": "vlaanderen", "totaal": "totaal"}
    assert levels["verschil"].to_list() == pytest.approx([0.5] * len(LEVELS))


def test_response_gap_and_a_score_missing_at_intake(impact: pl.DataFrame) -> None:
    # ended duos D1..D6 (D7 still runs): six inburgeraars, P6 without closing → gap 1, not a pair
    ned = _row(impact, niveau="totaal", jaar=2024, score="score_nederlands")
    assert (ned["n_beeindigd"], ned["n_zonder_afsluiting"]) == (6, 1)
    assert ned["responsgraad"] == pytest.approx(5 / 6)
    # P5 has no Dutch score at intake: out of the Dutch pairs only (it is a pair for score_thuis above)
    assert ned["n_onvolledig"] == 1
    # coaches of D1..D6: C1 closed twice, C2..C5 did not → gap 4 of 6
    leef = _row(impact, niveau="totaal", jaar=2024, score="score_leefwereld")
    assert (leef["n_beeindigd"], leef["n_zonder_afsluiting"]) == (6, 4)
    # a score nobody filled in: a row with its gap, no pairs and empty statistics
    net = _row(impact, niveau="totaal", jaar=2024, score="score_netwerk")
    assert (net["n_paren"], net["n_onvolledig"], net["n_zonder_afsluiting"]) == (0, 5, 1)
    assert net["verschil"] is None and net["ci_laag"] is None and net["aandeel_beter"] is None
    assert m.interval_problems(impact).height == 0 and m.share_problems(impact).height == 0


def test_wilcoxon_and_interval_match_scipy() -> None:
    rng = np.random.default_rng(7)
    before = rng.integers(1, 6, 40)
    after = np.clip(before + rng.integers(-1, 3, 40), 1, 5)
    small = np.array([1, 2, 3, 4, 5, 5, 4, 3, 2, 1, 1])  # 9 non-zero differences against 2..3
    pairs = pl.DataFrame({
        "g": ["big"] * 40 + ["small"] * 11, "initiatief_id": "a", "deelnemer_id": [str(i) for i in range(51)],
        "voor": [*before, *small], "na": [*after, *(small[:9] % 5 + 1), *small[9:]],
    }).with_columns(gepaard=pl.lit(True))
    ended = pl.DataFrame(schema={"g": pl.String, "n_beeindigd": pl.UInt32, "n_zonder_afsluiting": pl.UInt32})
    out = m.change_measures(pairs, ended, ["g"])
    big = _row(out, g="big")
    d = after - before
    assert big["p_wilcoxon"] == pytest.approx(stats.wilcoxon(d, method="approx").pvalue, rel=1e-10)
    low, high = stats.t.interval(0.95, len(d) - 1, loc=d.mean(), scale=stats.sem(d))
    assert (big["ci_laag"], big["ci_hoog"]) == pytest.approx((low, high), rel=1e-10)
    assert _row(out, g="small")["p_wilcoxon"] is None  # 9 < MIN_NONZERO_FOR_P


def test_comparison_splits_the_pairs_by_end_and_by_traject() -> None:
    frame = m.impact_comparison(*ARGS, AS_OF).filter(niveau="totaal", jaar=2024)
    # completers P1 (+2), P2 (+1), P4 (−1): mean 2/3; P5 (afgerond) has no Dutch score at intake
    done = _row(frame, score="score_nederlands", vergelijking="eindreden", groep="afgerond")
    assert (done["n_paren"], done["n_onvolledig"], done["n_beeindigd"], done["n_zonder_afsluiting"]) == (3, 1, 4, 0)
    assert (done["gem_voor"], done["gem_na"], done["verschil"]) == pytest.approx((3.0, 11 / 3, 2 / 3))
    # early stoppers: P3 (0) closed, P6 did not → the selection shows in the gap
    early = _row(frame, score="score_nederlands", vergelijking="eindreden", groep="vroegtijdig_gestopt")
    assert (early["n_paren"], early["verschil"], early["ci_laag"]) == (1, 0.0, None)
    assert (early["n_beeindigd"], early["n_zonder_afsluiting"]) == (2, 1)
    coach_early = _row(frame, score="score_leefwereld", vergelijking="eindreden", groep="vroegtijdig_gestopt")
    assert (coach_early["n_paren"], coach_early["n_zonder_afsluiting"]) == (0, 2)  # C2 (D3), C5 (D6)
    # inburgeringstraject at intake: ja P1, P2 (mean 1.5; P6 in the gap), nee P3, unknown P4, afgerond P5 (unpaired)
    traject = frame.filter(score="score_nederlands", vergelijking="inburgeringstraject").sort("groep")
    assert traject.select("groep", "n_paren", "verschil", "n_zonder_afsluiting").rows() == [
        ("afgerond", 0, None, 0), ("ja", 2, 1.5, 1), ("nee", 1, 0.0, 0), ("onbekend", 1, -1.0, 0)]
    assert frame.filter(score="score_leefwereld", vergelijking="inburgeringstraject").height == 0
    # each comparison partitions the pairs of mart.impact
    recount = pl.DataFrame({"jaar": [2024] * len(SCORES), "score": SCORES, "n": [4, 5, 0, 0, 0, 2]})
    assert m.pair_count_problems(m.impact_comparison(*ARGS, AS_OF), recount).height == 0
    assert m.pair_count_problems(m.impact(*ARGS, AS_OF), recount).height == 0


def test_goal_attainment_satisfaction_and_contact_by_hand() -> None:
    frame = m.goals(*ARGS).filter(niveau="totaal", jaar=2024)
    # all five inburgeraar closings: ja, deels, nee, geen_doel, ja → 2/4, 1/4, 1/4 (geen_doel apart)
    # satisfaction 5, 4, 2, 4, (none) → mean 15/4, one 2, two 4s, one 5; contact ja, ja, nee, weet_niet, ja
    row = _row(frame, rol="inburgeraar", doel="alle")
    assert (row["n_afsluitingen"], row["n_doel_antwoord"], row["n_geen_doel"]) == (5, 4, 1)
    assert (row["aandeel_bereikt"], row["aandeel_deels"], row["aandeel_niet_bereikt"]) == pytest.approx((0.5, 0.25, 0.25))
    assert (row["n_tevredenheid"], row["gem_tevredenheid"]) == (4, pytest.approx(3.75))
    assert [row[f"aandeel_tevredenheid_{k}"] for k in range(1, 6)] == pytest.approx([0, 0.25, 0, 0.5, 0.25])
    assert (row["aandeel_contact_ja"], row["aandeel_contact_nee"], row["aandeel_contact_weet_niet"]) == pytest.approx(
        (0.6, 0.2, 0.2))
    # named at intake: nederlands_oefenen P1 ja, P2 deels, P5 ja; thuis_voelen P1 ja, P3 nee
    ned = _row(frame, rol="inburgeraar", doel="nederlands_oefenen")
    assert (ned["aandeel_bereikt"], ned["aandeel_deels"], ned["aandeel_niet_bereikt"]) == pytest.approx((2 / 3, 1 / 3, 0))
    assert (ned["gem_tevredenheid"], ned["aandeel_contact_ja"]) == pytest.approx((4.5, 1.0))
    home = _row(frame, rol="inburgeraar", doel="thuis_voelen")
    assert (home["aandeel_bereikt"], home["aandeel_deels"], home["aandeel_niet_bereikt"]) == pytest.approx((0.5, 0, 0.5))
    # P4 named no goal and answered geen_doel: counted, but no attainment share
    none = _row(frame, rol="inburgeraar", doel="zonder_doel")
    assert (none["n_afsluitingen"], none["n_doel_antwoord"], none["aandeel_bereikt"]) == (1, 0, None)
    coach = _row(frame, rol="coach", doel="andere")  # C1's two closings: ja, deels
    assert (coach["n_afsluitingen"], coach["aandeel_bereikt"], coach["aandeel_deels"]) == (2, 0.5, 0.5)
    assert m.share_problems(m.goals(*ARGS), m.GOAL_SHARES).height == 0


def test_checks_fail_on_broken_rows(impact: pl.DataFrame) -> None:
    broken = impact.with_columns(
        ci_hoog=pl.when(pl.col("score") == "score_thuis").then(pl.col("verschil") - 0.1).otherwise("ci_hoog"),
        aandeel_gelijk=pl.when(pl.col("score") == "score_nederlands").then(0.5).otherwise("aandeel_gelijk"),
    )
    assert m.interval_problems(broken)["score"].unique().to_list() == ["score_thuis"]
    assert m.share_problems(broken)["score"].unique().to_list() == ["score_nederlands"]
    dutch = impact.filter(score="score_nederlands")  # 4 pairs at every level
    fewer = pl.DataFrame({"jaar": [2024], "score": ["score_nederlands"], "n": [3]})
    assert m.pair_count_problems(dutch, fewer).height == len(LEVELS)
    more = fewer.with_columns(n=pl.lit(5))  # a province may hold fewer pairs than the total (Brussels), no other level
    assert m.pair_count_problems(dutch, more)["niveau"].sort().to_list() == ["initiatief", "organisator", "regio", "totaal"]


def test_materialise_the_impact_marts(tmp_path: Path, samen_home: Path) -> None:
    root = tmp_path / "landing"
    write_csv(root / "_agentschap" / "initiatieven.csv", REGISTRY)
    write_csv(root / "aalst" / "duos.csv", [
        "Duo ID;Inburgeraar ID;Coach ID;Startdatum;Geplande einddatum;Einddatum;Eindreden",
        "D1;P1;C1;01/02/2024;01/11/2024;04/11/2024;afgerond",
        "D2;P2;C2;01/03/2024;01/03/2025;15/05/2024;vroegtijdig_coach",
        "D3;P3;C1;01/12/2024;01/08/2025;;",
    ])
    write_csv(root / "aalst" / "intake.csv", [
        "Deelnemer ID;Rol;Datum;Inburgeringstraject;Doelen;Score Nederlands;Score thuis;Score leefwereld",
        "P1;inburgeraar;10/01/2024;ja;nederlands_oefenen, thuis_voelen;2;3;",
        "C1;coach;12/01/2024;;;;;3",
        "P2;inburgeraar;10/02/2024;nee;netwerk;1;;",
        "C2;coach;12/02/2024;;;;;4",
        "P3;inburgeraar;10/11/2024;;;3;3;",
    ])
    write_csv(root / "aalst" / "afsluiting.csv", [
        "Deelnemer ID;Duo ID;Datum;Score Nederlands;Score thuis;Score leefwereld;Doel bereikt;Tevredenheid;Contact blijft",
        "P1;D1;10/11/2024;4;4;;ja;5;ja",
        "C1;D1;12/11/2024;;;4;deels;4;ja",
        "P2;D2;20/05/2024;2;3;;nee;2;nee",
    ])
    resource = SamenResource(home=str(samen_home), landing=str(root), as_of="2024-12-20")
    with dg.instance_for_test() as instance:
        result = dg.materialize([raw_archive, staging_tables, *ASSETS, *CHECKS], resources={"samen": resource},
                                instance=instance)
    assert result.success
    evaluations = {(e.asset_key.to_user_string(), e.check_name): e.passed
                   for e in (ev.event_specific_data for ev in result.all_events
                             if ev.event_type_value == "ASSET_CHECK_EVALUATION")}
    assert len(evaluations) == len(CHECKS) and all(evaluations.values()), evaluations

    con = duckdb.connect(str(samen_home / "warehouse.duckdb"), read_only=True)
    impact = con.sql("SELECT * FROM mart.impact").pl()
    goals = con.sql("SELECT * FROM mart.doelen").pl()
    comparison = con.sql("SELECT * FROM mart.impact_vergelijking").pl()
    con.close()
    assert set(impact["niveau"]) == set(LEVELS)
    total = impact.filter(niveau="totaal", jaar=2024)
    # Dutch: P1 2 → 4, P2 1 → 2; home: P1 only (P2 has no intake score); the coach: C1 3 → 4, C2 did not close
    assert _row(total, score="score_nederlands")["n_paren"] == 2
    assert _row(total, score="score_nederlands")["verschil"] == pytest.approx(1.5)
    assert (_row(total, score="score_thuis")["n_paren"], _row(total, score="score_thuis")["n_onvolledig"]) == (1, 1)
    leef = _row(total, score="score_leefwereld")
    assert (leef["n_paren"], leef["n_zonder_afsluiting"], leef["n_beeindigd"]) == (1, 1, 2)
    everyone = _row(goals, niveau="totaal", jaar=2024, rol="inburgeraar", doel="alle")
    assert (everyone["aandeel_bereikt"], everyone["aandeel_niet_bereikt"]) == pytest.approx((0.5, 0.5))
    assert _row(goals, niveau="totaal", jaar=2024, rol="inburgeraar", doel="thuis_voelen")["n_afsluitingen"] == 1
    ended = comparison.filter(niveau="totaal", score="score_nederlands", vergelijking="eindreden").sort("groep")
    assert ended.select("groep", "n_paren").rows() == [("afgerond", 1), ("vroegtijdig_gestopt", 1)]
