"""The phases seen from the people: a constructed initiative with known people at each step, the waiting list,
the recruitment channels, and one materialisation of all four marts with their checks under Dagster."""

from __future__ import annotations

from datetime import date as d
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest

from assets.marts_fasen import ASSETS, CHECKS
from assets.raw import raw_archive
from assets.staging import staging_tables
from conftest import write_csv
from pipelines.resources import SamenResource
from samen.marts import fasen

AS_OF = d(2024, 12, 1)
INITIATIEVEN = pl.DataFrame({"initiatief_id": ["a"], "provincie": ["antwerpen"], "organisator": ["gemeente"],
                             "regio": ["vlaanderen"]})

# Initiative "a". Newcomers P1..P6, coaches C1..C4; C1 coaches twice (D1, then D4).
#   P1: signed up 01-01, intake 01-11, D1 starts 02-10, first meeting 02-15, D1 completed.
#   P2: signed up 01-05, intake 01-25, D2 starts 03-05, first meeting 03-25, D2 stopped early by the coach.
#   P3: signed up 02-01, intake 02-11, D3 starts 04-01, no meeting yet (matched, not started).
#   P4: signed up 03-01, intake 03-31, no duo: waiting.
#   P5: no sign-up date, intake 2023-12-20 (so year 2023), no duo: waiting.
#   P6: signed up 07-22, intake 08-01, D4 starts 09-01, first meeting 09-04, D4 still running.
#   C1: signed up 01-02, intake 01-12, D1 (02-10, first meeting 02-15, completed) and D4 (09-01, running).
#   C2: signed up 01-10, intake 01-20, D2 (03-05, first meeting 03-25, early).
#   C3: signed up 02-20, intake 03-01, D3 (04-01, no meeting).
#   C4: signed up 10-25, intake 11-01, no duo: waiting.
INTAKE = pl.DataFrame({
    "initiatief_id": ["a"] * 10,
    "deelnemer_id": ["P1", "P2", "P3", "P4", "P5", "P6", "C1", "C2", "C3", "C4"],
    "rol": ["inburgeraar"] * 6 + ["coach"] * 4,
    "datum": [d(2024, 1, 11), d(2024, 1, 25), d(2024, 2, 11), d(2024, 3, 31), d(2023, 12, 20), d(2024, 8, 1),
              d(2024, 1, 12), d(2024, 1, 20), d(2024, 3, 1), d(2024, 11, 1)],
    "aanmelddatum": [d(2024, 1, 1), d(2024, 1, 5), d(2024, 2, 1), d(2024, 3, 1), None, d(2024, 7, 22),
                     d(2024, 1, 2), d(2024, 1, 10), d(2024, 2, 20), d(2024, 10, 25)],
    "toeleiding": ["onthaalbureau", "onthaalbureau", "ocmw", "ocmw", None, None,
                   "media", "media", "mond_aan_mond", None],
})
DUOS = pl.DataFrame({
    "initiatief_id": ["a"] * 4,
    "duo_id": ["D1", "D2", "D3", "D4"],
    "inburgeraar_id": ["P1", "P2", "P3", "P6"],
    "coach_id": ["C1", "C2", "C3", "C1"],
    "startdatum": [d(2024, 2, 10), d(2024, 3, 5), d(2024, 4, 1), d(2024, 9, 1)],
    "geplande_einddatum": [d(2024, 8, 10), d(2024, 12, 5), d(2025, 1, 1), d(2025, 6, 1)],
    "einddatum": [d(2024, 8, 10), d(2024, 5, 1), None, None],
    "eindreden": ["afgerond", "vroegtijdig_coach", None, None],
})
MEETINGS = pl.DataFrame({
    "initiatief_id": ["a"] * 5,
    "duo_id": ["D1", "D1", "D2", "D4", "D4"],
    "datum": [d(2024, 2, 15), d(2024, 3, 1), d(2024, 3, 25), d(2024, 9, 4), d(2024, 9, 18)],
    "duur_uren": [2.0] * 5,
})


@pytest.fixture(scope="module")
def people() -> pl.DataFrame:
    return fasen.participants(INTAKE, DUOS, MEETINGS, AS_OF)


def _row(frame: pl.DataFrame, **where) -> dict:
    rows = frame.filter(*[pl.col(k) == v for k, v in where.items()]).to_dicts()
    assert len(rows) == 1, rows
    return rows[0]


def test_funnel_counts_and_conversions_by_hand(people: pl.DataFrame) -> None:
    mart = fasen.funnel(people, INITIATIEVEN)
    inb = _row(mart, niveau="initiatief", sleutel="a", jaar=2024, rol="inburgeraar")
    # 2024 newcomers: P1 P2 P3 P4 P6 signed up (P5 belongs to 2023); matched P1 P2 P3 P6; started P1 P2 P6;
    # completed P1, early P2, running P6.
    assert [inb[k] for k in ("aangemeld", "intake_gedaan", "gekoppeld", "gestart", "afgerond",
                             "vroegtijdig_gestopt", "lopend")] == [5, 5, 4, 3, 1, 1, 1]
    # 5/5, 4/5, 3/4, 1/3, 1/3
    assert inb["conversie_aanmelding_intake"] == 1.0
    assert inb["conversie_intake_koppeling"] == 0.8
    assert inb["conversie_koppeling_start"] == 0.75
    assert inb["conversie_start_afgerond"] == pytest.approx(1 / 3)
    assert inb["conversie_start_vroegtijdig"] == pytest.approx(1 / 3)

    # 2024 coaches: C1 C2 C3 C4 signed up; matched C1 C2 C3 — C1 once, though in two duos; started C1 C2;
    # C1 completed (D1; D4 still running does not undo that), C2 early.
    coach = _row(mart, niveau="initiatief", sleutel="a", jaar=2024, rol="coach")
    assert [coach[k] for k in ("aangemeld", "gekoppeld", "gestart", "afgerond", "vroegtijdig_gestopt",
                               "lopend")] == [4, 3, 2, 1, 1, 0]
    assert coach["conversie_intake_koppeling"] == 0.75
    assert coach["conversie_koppeling_start"] == pytest.approx(2 / 3)
    assert coach["conversie_start_afgerond"] == 0.5

    # P5 has no sign-up date: the intake year (2023) is their year; nobody later in the funnel.
    p5 = _row(mart, niveau="initiatief", sleutel="a", jaar=2023, rol="inburgeraar")
    assert (p5["aangemeld"], p5["gekoppeld"], p5["conversie_intake_koppeling"], p5["conversie_koppeling_start"]) \
        == (1, 0, 0.0, None)
    # one initiative: the total level carries the same figures
    assert _row(mart, niveau="totaal", sleutel="totaal", jaar=2024, rol="coach")["gekoppeld"] == 3
    assert fasen.funnel_breaks(mart).height == 0


def test_funnel_day_medians_and_80th_percentiles_by_hand(people: pl.DataFrame) -> None:
    mart = fasen.funnel(people, INITIATIEVEN)
    inb = _row(mart, niveau="initiatief", sleutel="a", jaar=2024, rol="inburgeraar")
    # sign-up → intake: P1 10, P2 20, P3 10, P4 30, P6 10 → 10 10 10 20 30: median 10;
    #   p80 at position 0.8·4 = 3.2 → 20 + 0.2·(30−20) = 22
    assert (inb["mediaan_dagen_aanmelding_intake"], inb["p80_dagen_aanmelding_intake"]) == (10.0, 22.0)
    # intake → duo start: P1 30, P2 40, P3 50, P6 31 → 30 31 40 50: median 35.5; p80 at 2.4 → 40 + 0.4·10 = 44
    assert inb["mediaan_dagen_intake_koppeling"] == 35.5
    assert inb["p80_dagen_intake_koppeling"] == pytest.approx(44.0)
    # duo start → first meeting: P1 5, P2 20, P6 3 → 3 5 20: median 5; p80 at 1.6 → 5 + 0.6·15 = 14
    assert inb["mediaan_dagen_koppeling_ontmoeting"] == 5.0
    assert inb["p80_dagen_koppeling_ontmoeting"] == pytest.approx(14.0)
    # sign-up → first meeting: P1 45, P2 80 (26 + 29 + 25), P6 44 → median 45; p80 at 1.6 → 45 + 0.6·35 = 66
    assert inb["mediaan_dagen_aanmelding_ontmoeting"] == 45.0
    assert inb["p80_dagen_aanmelding_ontmoeting"] == pytest.approx(66.0)

    coach = _row(mart, niveau="initiatief", sleutel="a", jaar=2024, rol="coach")
    # intake → first duo: C1 29 (its first duo D1, not D4), C2 45, C3 31 → median 31; p80 at 1.6 → 31 + 0.6·14
    assert coach["mediaan_dagen_intake_koppeling"] == 31.0
    assert coach["p80_dagen_intake_koppeling"] == pytest.approx(39.4)
    # duo → first meeting: C1 5 (D1's 02-15; D4's later meetings do not count), C2 20 → median 12.5
    assert coach["mediaan_dagen_koppeling_ontmoeting"] == 12.5


def test_coach_matched_twice_is_one_person(people: pl.DataFrame) -> None:
    c1 = _row(people, deelnemer_id="C1")
    assert (c1["aantal_duos"], c1["koppeldatum"], c1["eerste_ontmoeting"], c1["status"]) == \
        (2, d(2024, 2, 10), d(2024, 2, 15), "afgerond")
    assert people.height == INTAKE.height


def test_negative_intervals_are_left_out_of_the_day_statistics() -> None:
    # sign-up logged after the intake (kept and flagged by staging): no sign-up → intake interval
    intake = INTAKE.with_columns(aanmelddatum=pl.when(pl.col("deelnemer_id") == "P1").then(d(2024, 1, 20))
                                 .otherwise(pl.col("aanmelddatum")))
    people = fasen.participants(intake, DUOS, MEETINGS, AS_OF)
    assert _row(people, deelnemer_id="P1")["dagen_aanmelding_intake"] is None


def test_waiting_list_days_and_balance_by_hand(people: pl.DataFrame) -> None:
    mart = fasen.waiting_list(people, INITIATIEVEN, AS_OF)
    inb = _row(mart, niveau="initiatief", sleutel="a", rol="inburgeraar")
    # P4 since 2024-03-31: 30+31+30+31+31+30+31+30 + 1 = 245 days; P5 since 2023-12-20: 366 − 19 = 347 days
    assert (inb["wachtend"], inb["mediaan_dagen_wachten"], inb["langste_dagen_wachten"]) == (2, 296.0, 347)
    assert inb["wachtend_langer_dan_365_dagen"] == 0
    coach = _row(mart, niveau="initiatief", sleutel="a", rol="coach")
    # C4 since 2024-11-01: 30 days. C1, matched twice, is not waiting; C3 (matched, no meeting) neither.
    assert (coach["wachtend"], coach["mediaan_dagen_wachten"], coach["langste_dagen_wachten"]) == (1, 30.0, 30)
    # two newcomers wait for one coach: recruit coaches
    assert (inb["saldo_inburgeraars_min_coaches"], inb["te_werven"], coach["te_werven"]) == (1, "coaches", "coaches")
    assert inb["peildatum"] == AS_OF
    assert set(mart["niveau"]) == {"initiatief", "provincie", "organisator", "regio", "totaal"}


def test_waiting_list_shows_an_empty_side_as_zero() -> None:
    people = fasen.participants(INTAKE.filter(pl.col("deelnemer_id") != "C4"), DUOS, MEETINGS, d(2025, 1, 1))
    mart = fasen.waiting_list(people, INITIATIEVEN, d(2025, 1, 1))
    coach = _row(mart, niveau="initiatief", sleutel="a", rol="coach")
    assert (coach["wachtend"], coach["mediaan_dagen_wachten"], coach["langste_dagen_wachten"]) == (0, None, None)
    # P5 waits 2023-12-20 → 2025-01-01 = 378 days: more than a year
    assert _row(mart, niveau="initiatief", sleutel="a", rol="inburgeraar")["wachtend_langer_dan_365_dagen"] == 1


def test_channels_by_hand(people: pl.DataFrame) -> None:
    mart = fasen.channels(people, INITIATIEVEN).filter(pl.col("niveau") == "initiatief")
    # onthaalbureau brought P1 (completed) and P2 (early): 2 signed up, both matched, 1 completed
    ob = _row(mart, jaar=2024, rol="inburgeraar", toeleiding="onthaalbureau")
    assert (ob["aangemeld"], ob["aandeel_gekoppeld"], ob["aandeel_afgerond"], ob["aandeel_afgerond_van_beeindigd"]) \
        == (2, 1.0, 0.5, 0.5)
    # ocmw brought P3 (matched, no meeting) and P4 (waiting): half matched, none ended yet
    ocmw = _row(mart, jaar=2024, rol="inburgeraar", toeleiding="ocmw")
    assert (ocmw["aangemeld"], ocmw["aandeel_gekoppeld"], ocmw["aandeel_afgerond_van_beeindigd"]) == (2, 0.5, None)
    # a missing channel is reported as onbekend (P6 in 2024, P5 in 2023)
    assert _row(mart, jaar=2024, rol="inburgeraar", toeleiding="onbekend")["aangemeld"] == 1
    # the channels add up to the funnel's sign-ups
    assert mart.filter(pl.col("jaar") == 2024)["aangemeld"].sum() == 9


def test_participants_in_a_duo_without_intake_are_counted_for_the_warning() -> None:
    duos = pl.concat([DUOS, pl.DataFrame({
        "initiatief_id": ["a"], "duo_id": ["D5"], "inburgeraar_id": ["P9"], "coach_id": ["C1"],
        "startdatum": [d(2024, 10, 1)], "geplande_einddatum": [d(2025, 7, 1)], "einddatum": [None],
        "eindreden": [None]})], how="vertical_relaxed")
    assert fasen.participants_without_intake(INTAKE, duos) == {"a": 1}
    assert fasen.participants_without_intake(INTAKE, DUOS) == {}


# --- under Dagster ------------------------------------------------------------------------------------------

REGISTRY = [
    "Initiatief ID;Naam;Regio;Provincie;Organisator;Uurkost (EUR);FTE uren per jaar",
    "aalst;Samen in Aalst;Vlaanderen;Oost-Vlaanderen;Gemeente;52,50;1.600",
]
LANDING_INTAKE = [
    "Deelnemer ID;Rol;Datum;Aanmelddatum;Toeleiding",
    "P1;inburgeraar;10/01/2024;02/01/2024;onthaalbureau",
    "C1;coach;12/01/2024;05/01/2024;mond-aan-mond",
    "P2;inburgeraar;10/02/2024;01/02/2024;ocmw",
    "C2;coach;12/02/2024;01/02/2024;media",
    "P3;inburgeraar;01/10/2024;20/09/2024;gemeente",
]
LANDING_DUOS = [
    "Duo ID;Inburgeraar ID;Coach ID;Startdatum;Geplande einddatum;Einddatum;Eindreden",
    "D1;P1;C1;01/02/2024;01/11/2024;;",
    "D2;P2;C2;01/03/2024;01/03/2025;15/05/2024;vroegtijdig_coach",
]
LANDING_MEETINGS = [
    "Duo ID;Datum;Duur (uren);Activiteit;Nederlands geoefend",
    "D1;05/02/2024;1,5;Koken;ja",
    "D1;19/02/2024;2;gesprek;nee",
    "D2;04/03/2024;1u30;buiten;x",
]
LANDING_COORDINATION = [
    "Datum;Medewerker;Fase;Activiteit;Uren;Aantal personen",
    "08/01/2024;coord-1;werving;wervingsactie;2,5;1",
    "10/01/2024;coord-1;kennismaking;kennismakingsgesprek;1,5;1",
]


def test_materialise_the_four_marts_with_their_checks(tmp_path: Path, samen_home: Path) -> None:
    landing = tmp_path / "landing"
    write_csv(landing / "_agentschap" / "initiatieven.csv", REGISTRY)
    write_csv(landing / "aalst" / "intake.csv", LANDING_INTAKE)
    write_csv(landing / "aalst" / "duos.csv", LANDING_DUOS)
    write_csv(landing / "aalst" / "ontmoetingen.csv", LANDING_MEETINGS)
    write_csv(landing / "aalst" / "coordinatie_uren.csv", LANDING_COORDINATION)
    resource = SamenResource(home=str(samen_home), landing=str(landing), as_of="2024-12-01")
    with dg.instance_for_test() as instance:
        result = dg.materialize([raw_archive, staging_tables, *ASSETS, *CHECKS], resources={"samen": resource},
                                instance=instance)
        assert result.success
        evaluations = {
            e.check_name: e.passed
            for e in (ev.event_specific_data for ev in result.all_events
                      if ev.event_type_value == "ASSET_CHECK_EVALUATION")
        }
    assert evaluations == {"trechter_daalt": True, "deelnemers_zonder_intake": True, "lang_wachtend": True,
                           "toeleiding_ingevuld": True, "uren_sluiten_aan": True}

    con = duckdb.connect(str(samen_home / "warehouse.duckdb"), read_only=True)
    try:
        funnel = con.execute(
            "SELECT rol, aangemeld, gekoppeld, gestart, afgerond, vroegtijdig_gestopt, lopend FROM mart.fasen "
            "WHERE niveau = 'initiatief' AND sleutel = 'aalst' AND jaar = 2024 ORDER BY rol").fetchall()
        waiting = con.execute(
            "SELECT rol, wachtend, mediaan_dagen_wachten, te_werven FROM mart.wachtlijst "
            "WHERE niveau = 'initiatief' ORDER BY rol").fetchall()
        channel = con.execute(
            "SELECT toeleiding, aangemeld FROM mart.toeleiding WHERE niveau = 'totaal' AND rol = 'coach' "
            "ORDER BY toeleiding").fetchall()
        leverage = con.execute(
            "SELECT vrijwilligersuren, coordinatie_uren, coordinatie_uren_werving, "
            "vrijwilligersuren_per_coordinatieuur FROM mart.hefboom WHERE niveau = 'initiatief'").fetchall()
    finally:
        con.close()
    # coaches C1 (D1 running) and C2 (D2 early); newcomers P1, P2 and the waiting P3
    assert funnel == [("coach", 2, 2, 2, 0, 1, 1), ("inburgeraar", 3, 2, 2, 0, 1, 1)]
    # P3 waits from 2024-10-01 to 2024-12-01: 31 + 30 = 61 days; no coach waits, so recruit coaches
    assert waiting == [("coach", 0, None, "coaches"), ("inburgeraar", 1, 61.0, "coaches")]
    assert channel == [("media", 1), ("mond_aan_mond", 1)]
    # meetings 1.5 + 2 + 1.5 = 5 h against 2.5 + 1.5 = 4 coordinator hours → 1.25
    assert leverage == [(5.0, 4.0, 2.5, 1.25)]
