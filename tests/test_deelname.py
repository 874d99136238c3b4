"""Participation marts on hand-built duos with known answers, and one materialisation under Dagster."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest

from assets.marts_deelname import ASSETS, CHECKS
from assets.raw import raw_archive
from assets.staging import staging_tables
from conftest import REGISTRY, write_csv
from pipelines.resources import SamenResource
from samen.marts import deelname

DUO_SCHEMA = {
    "initiatief_id": pl.String, "duo_id": pl.String, "inburgeraar_id": pl.String, "coach_id": pl.String,
    "startdatum": pl.Date, "geplande_einddatum": pl.Date, "einddatum": pl.Date, "eindreden": pl.String,
}
MEETING_SCHEMA = {
    "initiatief_id": pl.String, "duo_id": pl.String, "datum": pl.Date, "duur_uren": pl.Float64,
    "activiteit": pl.String, "nederlands_geoefend": pl.Boolean,
}
INTAKE_SCHEMA = {
    "initiatief_id": pl.String, "deelnemer_id": pl.String, "rol": pl.String, "jaren_in_belgie": pl.Int64,
    "taalniveau": pl.String, "inburgeringstraject": pl.String,
}
INITIATIEVEN = pl.DataFrame(
    [("a", "antwerpen", "gemeente", "vlaanderen"), ("b", None, "vzw", "brussel")],
    schema={"initiatief_id": pl.String, "provincie": pl.String, "organisator": pl.String, "regio": pl.String},
    orient="row",
)


def duos(*rows: tuple, inburgeraar: dict[str, str] | None = None) -> pl.DataFrame:
    """(initiatief, duo, start, planned end, end, reason) → a staging.duos frame; inburgeraar p-<duo> unless told."""
    people = inburgeraar or {}
    return pl.DataFrame([(i, d, people.get(d, f"p-{d}"), f"c-{d}", s, p, e, r) for i, d, s, p, e, r in rows],
                        schema=DUO_SCHEMA, orient="row")


def every(initiatief: str, duo: str, start: date, step_days: int, count: int, hours: float,
          activiteit: str = "gesprek", nederlands: bool | None = True) -> pl.DataFrame:
    """count meetings of a duo, the first on start, then every step_days."""
    return pl.DataFrame(
        [(initiatief, duo, start + timedelta(days=step_days * k), hours, activiteit, nederlands) for k in range(count)],
        schema=MEETING_SCHEMA, orient="row")


def no_meetings() -> pl.DataFrame:
    return pl.DataFrame(schema=MEETING_SCHEMA)


def one(frame: pl.DataFrame, **where: object) -> dict:
    rows = frame.filter(**where)
    assert rows.height == 1, rows
    return rows.row(0, named=True)


START = date(2024, 1, 1)
# as-of 24/03/2024: the period 01/01 … 24/03 is 84 days = exactly 6 complete 14-day windows
AS_OF_6_WINDOWS = date(2024, 3, 24)
RUNNING = duos(("a", "D", START, date(2024, 7, 1), None, None))


# --- per duo ----------------------------------------------------------------------------------------------------


def test_meetings_exactly_every_14_days_give_rhythm_one() -> None:
    # days 0, 14, …, 70: one meeting of 2 h in each of the 6 windows → ritme 6/6, 12 h / 6 windows = 2 h
    row = one(deelname.duo_participation(RUNNING, every("a", "D", START, 14, 6, 2.0), AS_OF_6_WINDOWS))
    assert row["volledige_periodes_14d"] == 6
    assert row["ritme"] == 1.0 and row["uren_per_14d"] == 2.0
    assert row["ontmoetingen"] == 6 and row["uren"] == 12.0


def test_meetings_every_28_days_give_rhythm_one_half() -> None:
    # days 0, 28, 56 fall in windows 0, 2, 4 of 6 → ritme 3/6; 3 × 2 h / 6 windows = 1 h per 14 days
    row = one(deelname.duo_participation(RUNNING, every("a", "D", START, 28, 3, 2.0), AS_OF_6_WINDOWS))
    assert row["ritme"] == 0.5 and row["uren_per_14d"] == 1.0


def test_one_hour_every_week_is_two_hours_per_14_days() -> None:
    # days 0, 7, …, 77: two meetings of 1 h in each of the 6 windows → 12 h / 6 = 2 h per 14 days
    row = one(deelname.duo_participation(RUNNING, every("a", "D", START, 7, 12, 1.0), AS_OF_6_WINDOWS))
    assert row["uren_per_14d"] == 2.0 and row["ritme"] == 1.0


def test_an_incomplete_last_window_does_not_count_but_its_hours_do() -> None:
    # as-of 30/03: 90 days → 6 complete windows (84 days) and 6 days left over; the meeting on day 86 lies there
    meetings = every("a", "D", START, 14, 6, 2.0).vstack(every("a", "D", START + timedelta(days=86), 1, 1, 3.0))
    row = one(deelname.duo_participation(RUNNING, meetings, date(2024, 3, 30)))
    assert row["volledige_periodes_14d"] == 6 and row["ritme"] == 1.0 and row["uren_per_14d"] == 2.0
    assert row["ontmoetingen"] == 7 and row["uren"] == 15.0


def test_no_complete_window_leaves_rhythm_empty() -> None:
    row = one(deelname.duo_participation(RUNNING, every("a", "D", START, 1, 1, 2.0), date(2024, 1, 10)))
    assert row["volledige_periodes_14d"] == 0 and row["ritme"] is None and row["uren_per_14d"] is None


def test_first_and_last_meeting_days() -> None:
    meetings = every("a", "D", START + timedelta(days=9), 14, 3, 2.0)  # 10/01, 24/01, 07/02
    row = one(deelname.duo_participation(RUNNING, meetings, date(2024, 2, 17)))
    assert row["dagen_tot_eerste_ontmoeting"] == 9
    assert row["dagen_sinds_laatste_ontmoeting"] == 10  # 07/02 → 17/02
    stopped = duos(("a", "D", START, date(2024, 7, 1), date(2024, 2, 10), "vroegtijdig_coach"))
    ended = one(deelname.duo_participation(stopped, meetings, date(2024, 2, 17)))
    assert ended["dagen_sinds_laatste_ontmoeting"] is None  # only for active duos
    silent = one(deelname.duo_participation(RUNNING, no_meetings(), date(2024, 2, 17)))
    assert silent["dagen_tot_eerste_ontmoeting"] is None and silent["ontmoetingen"] == 0


def test_a_duo_stopped_after_two_months_is_a_very_early_stop() -> None:
    frame = duos(
        ("a", "twee_maanden", START, date(2024, 10, 1), date(2024, 3, 1), "vroegtijdig_coach"),
        ("a", "vier_maanden", START, date(2024, 10, 1), date(2024, 5, 1), "vroegtijdig_inburgeraar"),
        ("a", "afgerond_vroeg", START, date(2024, 10, 1), date(2024, 2, 1), "afgerond"),
    )
    result = deelname.duo_participation(frame, no_meetings(), date(2024, 12, 31))
    assert one(result, duo_id="twee_maanden")["zeer_vroeg_gestopt"] is True  # 01/03 < 01/01 + 3 months
    assert one(result, duo_id="vier_maanden")["zeer_vroeg_gestopt"] is False
    assert one(result, duo_id="afgerond_vroeg")["zeer_vroeg_gestopt"] is False  # completed, not stopped


def test_status_from_reason_and_dates() -> None:
    planned = date(2024, 7, 1)
    frame = duos(
        ("a", "reden_afgerond", START, planned, date(2024, 6, 20), "afgerond"),
        ("a", "zonder_reden_op_tijd", START, planned, planned, None),
        ("a", "zonder_reden_te_vroeg", START, planned, date(2024, 4, 1), None),
        ("a", "verhuisd", START, planned, date(2024, 4, 1), "verhuisd"),
        ("a", "loopt", START, planned, None, None),
        ("a", "einde_na_peildatum", START, planned, date(2025, 3, 1), "afgerond"),
        ("a", "reden_zonder_datum", START, planned, None, "vroegtijdig_coach"),
    )
    result = deelname.duo_participation(frame, no_meetings(), date(2024, 12, 31))
    status = dict(result.select("duo_id", "status").iter_rows())
    assert status == {
        "reden_afgerond": "afgerond", "zonder_reden_op_tijd": "afgerond",
        "zonder_reden_te_vroeg": "vroegtijdig_gestopt",
        "verhuisd": "vroegtijdig_gestopt", "loopt": "actief", "einde_na_peildatum": "actief",
        "reden_zonder_datum": "actief",
    }
    # an end after the as-of date is not known yet
    assert one(result, duo_id="einde_na_peildatum")["einddatum"] is None
    assert one(result, duo_id="einde_na_peildatum")["eindreden"] is None


def test_planned_length_and_the_6_to_12_month_frame() -> None:
    frame = duos(*[("a", f"m{m}", START, date(2024 + (m // 12), 1 + m % 12, 1), None, None) for m in (5, 6, 12, 13)])
    result = deelname.duo_participation(frame, no_meetings(), date(2024, 2, 1))
    assert dict(result.select("duo_id", "binnen_kader").iter_rows()) == {
        "m5": False, "m6": True, "m12": True, "m13": False}
    assert one(result, duo_id="m6")["geplande_maanden"] == 6.0  # 182 days / 30.44
    assert one(result, duo_id="m12")["geplande_maanden"] == 12.0  # 366 days / 30.44 = 12.02


def test_an_as_of_date_before_a_duos_start() -> None:
    frame = RUNNING.vstack(duos(("a", "later", date(2024, 6, 1), date(2024, 12, 1), None, None)))
    meetings = every("a", "D", START, 14, 6, 2.0).vstack(every("a", "later", date(2024, 6, 1), 14, 2, 2.0))
    result = deelname.duo_participation(frame, meetings, AS_OF_6_WINDOWS)
    assert result["duo_id"].to_list() == ["D"]
    # the whole history before the first start: nothing at all
    assert deelname.duo_participation(frame, meetings, date(2023, 12, 31)).height == 0
    assert deelname.participation(frame, meetings, pl.DataFrame(schema=INTAKE_SCHEMA), INITIATIEVEN,
                                  date(2023, 12, 31)).height == 0


def test_the_same_data_seen_from_two_as_of_dates() -> None:
    frame = duos(("a", "D", START, date(2024, 7, 1), date(2024, 5, 1), "vroegtijdig_coach"))
    meetings = every("a", "D", START, 14, 8, 2.0)
    early = one(deelname.duo_participation(frame, meetings, AS_OF_6_WINDOWS))
    late = one(deelname.duo_participation(frame, meetings, date(2024, 12, 31)))
    assert (early["status"], early["ontmoetingen"], early["peildatum"]) == ("actief", 6, AS_OF_6_WINDOWS)
    # 01/01 … 01/05 = 122 days → 8 windows, meetings in windows 0–7 → ritme 1
    assert (late["status"], late["ontmoetingen"], late["volledige_periodes_14d"], late["ritme"]) == (
        "vroegtijdig_gestopt", 8, 8, 1.0)


def test_hours_toward_the_40_hours_sum_all_duos_of_the_inburgeraar() -> None:
    frame = duos(
        ("a", "eerste", START, date(2024, 7, 1), date(2024, 3, 1), "vroegtijdig_coach"),
        ("a", "tweede", date(2024, 4, 1), date(2024, 10, 1), None, None),
        ("a", "ander", START, date(2024, 7, 1), None, None),
        inburgeraar={"eerste": "P", "tweede": "P", "ander": "Q"},
    )
    meetings = pl.concat([every("a", "eerste", START, 14, 4, 2.5), every("a", "tweede", date(2024, 4, 1), 7, 6, 1.5),
                          every("a", "ander", START, 14, 2, 2.0)])
    result = deelname.duo_participation(frame, meetings, date(2024, 6, 1))
    # P: 4 × 2.5 + 6 × 1.5 = 10 + 9 = 19 h over both duos; Q: 4 h
    assert dict(result.select("duo_id", "uren_inburgeraar_totaal").iter_rows()) == {
        "eerste": 19.0, "tweede": 19.0, "ander": 4.0}


def test_meetings_outside_the_period_are_not_counted_and_are_reported() -> None:
    frame = duos(("a", "D", START, date(2024, 7, 1), date(2024, 2, 1), "vroegtijdig_coach"))
    meetings = every("a", "D", START, 14, 4, 2.0)  # 01/01, 15/01, 29/01, 12/02 — the last after the end
    meetings = meetings.vstack(every("a", "onbekend", START, 1, 1, 2.0))
    assert one(deelname.duo_participation(frame, meetings, date(2024, 6, 1)))["ontmoetingen"] == 3
    assert deelname.meetings_outside_period(frame, meetings, date(2024, 6, 1)) == 2
    assert deelname.meetings_outside_period(frame, meetings.head(3), date(2024, 6, 1)) == 0
    rows = deelname.duo_participation(frame, meetings, date(2024, 6, 1))
    assert deelname.duos_with_meetings_missing(rows, meetings, date(2024, 6, 1)) == 1  # the unknown duo
    assert deelname.duos_with_meetings_missing(rows, meetings.head(3), date(2024, 6, 1)) == 0


# --- per level and year ----------------------------------------------------------------------------------------

AS_OF = date(2024, 12, 31)
# D1 (a): 06/11/2023 – 06/11/2024 completed; meetings every 14 days, 2 h, gesprek, Dutch practised
#         367 days → 26 windows; 27 meetings (days 0…364), 4 in 2023 (days 0, 14, 28, 42), 23 in 2024 → 54 h;
#         ritme 26/26, 52 h in complete windows / 26 = 2 h per 14 days
# D2 (a): 01/01 – 01/03/2024 stopped by the coach (very early); meetings every 28 days, 1.5 h, koken, no Dutch
#         61 days → 4 windows; meetings on days 0, 28, 56 → windows 0, 2 (and 4, incomplete): ritme 2/4,
#         3 h / 4 = 0.75 h per 14 days
# D3 (a): 03/06/2024 – running (its 6-month planned end passed); 1 h every week, buiten, Dutch not recorded
#         212 days → 15 windows; 31 meetings (days 0…210) → ritme 1, 30 h / 15 = 2 h per 14 days
# D4 (b, Brussels): 01/02 – 15/06/2024 moved away (4.5 months: early, not very early); planned 13 months;
#         one meeting of 3 h on 20/02 (cultuur, Dutch) → 136 days → 9 windows: ritme 1/9, 3/9 h per 14 days
SCENARIO_DUOS = duos(
    ("a", "D1", date(2023, 11, 6), date(2024, 11, 6), date(2024, 11, 6), "afgerond"),
    ("a", "D2", date(2024, 1, 1), date(2024, 7, 1), date(2024, 3, 1), "vroegtijdig_coach"),
    ("a", "D3", date(2024, 6, 3), date(2024, 12, 3), None, None),
    ("b", "D4", date(2024, 2, 1), date(2025, 3, 1), date(2024, 6, 15), "verhuisd"),
)
SCENARIO_MEETINGS = pl.concat([
    every("a", "D1", date(2023, 11, 6), 14, 27, 2.0, "gesprek", True),
    every("a", "D2", date(2024, 1, 1), 28, 3, 1.5, "koken", False),
    every("a", "D3", date(2024, 6, 3), 7, 31, 1.0, "buiten", None),
    every("b", "D4", date(2024, 2, 20), 1, 1, 3.0, "cultuur", True),
])
SCENARIO_INTAKE = pl.DataFrame([
    ("a", "p-D1", "inburgeraar", 2, "A2", "ja"),
    ("a", "p-D2", "inburgeraar", 5, "B1", "nee"),
    ("a", "p-D3", "inburgeraar", 10, "A2", "ja"),
    ("a", "c-D1", "coach", None, None, None),
], schema=INTAKE_SCHEMA, orient="row")  # p-D4 has no intake


def test_the_scenario_per_duo() -> None:
    result = deelname.duo_participation(SCENARIO_DUOS, SCENARIO_MEETINGS, AS_OF)
    got = {r["duo_id"]: (r["status"], r["ontmoetingen"], r["uren"], r["volledige_periodes_14d"], r["ritme"],
                         r["uren_per_14d"]) for r in result.iter_rows(named=True)}
    assert got["D1"] == ("afgerond", 27, 54.0, 26, 1.0, 2.0)
    assert got["D2"] == ("vroegtijdig_gestopt", 3, 4.5, 4, 0.5, 0.75)
    assert got["D3"] == ("actief", 31, 31.0, 15, 1.0, 2.0)
    assert got["D4"][:4] == ("vroegtijdig_gestopt", 1, 3.0, 9)
    assert got["D4"][4] == pytest.approx(1 / 9) and got["D4"][5] == pytest.approx(1 / 3)
    assert result.columns == deelname.DUO_COLUMNS


def test_participation_per_level_and_year() -> None:
    result = deelname.participation(SCENARIO_DUOS, SCENARIO_MEETINGS, SCENARIO_INTAKE, INITIATIEVEN, AS_OF)
    total = one(result, niveau="totaal", sleutel="totaal", jaar=2024)
    # started D2 D3 D4; active D1–D4; ended D1 (completed), D2 (very early), D4 (early)
    assert (total["duos_gestart"], total["duos_actief"], total["duos_beeindigd"]) == (3, 4, 3)
    assert (total["duos_afgerond"], total["duos_vroegtijdig_gestopt"], total["duos_zeer_vroeg_gestopt"]) == (1, 2, 1)
    assert total["aandeel_afgerond"] == pytest.approx(1 / 3)
    assert total["aandeel_vroegtijdig_gestopt"] == pytest.approx(2 / 3)
    assert total["aandeel_zeer_vroeg_gestopt"] == pytest.approx(1 / 3)
    assert total["aandeel_binnen_kader"] == pytest.approx(2 / 3)  # D4 is planned for 13 months
    # ritme 1, 0.5, 1, 1/9 → 2 of 4 reach 0.75; hours 2, 0.75, 2, 0.33 → 2 of 4 reach 2; median (0.75 + 2) / 2
    assert total["duos_beoordeeld"] == 4
    assert total["aandeel_ritme"] == 0.5 and total["aandeel_2u_per_14d"] == 0.5
    assert total["mediaan_uren_per_14d"] == pytest.approx(1.375)
    # meetings dated 2024: 23 + 3 + 31 + 1 = 58, hours 46 + 4.5 + 31 + 3 = 84.5; Dutch 24 of the 27 recorded
    assert (total["ontmoetingen"], total["uren"]) == (58, 84.5)
    assert total["aandeel_nederlands_geoefend"] == pytest.approx(24 / 27)
    assert total["aandeel_activiteit_buiten"] == pytest.approx(31 / 58)
    assert total["aandeel_activiteit_gesprek"] == pytest.approx(23 / 58)
    assert total["aandeel_activiteit_sport"] == 0.0
    # profile of the 4 inburgeraars, 3 with an intake: years 2, 5, 10; A2 A2 B1; traject ja ja nee
    assert (total["inburgeraars"], total["inburgeraars_met_intake"], total["mediaan_jaren_in_belgie"]) == (4, 3, 5.0)
    assert total["aandeel_taalniveau_a2"] == pytest.approx(2 / 3) and total["aandeel_taalniveau_c2"] == 0.0
    assert total["aandeel_traject_ja"] == pytest.approx(2 / 3) and total["aandeel_traject_afgerond"] == 0.0
    # in a traject with a duo that ended in 2024: only p-D1, with 54 h ≥ 40
    assert (total["inburgeraars_traject_beeindigd"], total["aandeel_40_uur"]) == (1, 1.0)
    assert (total["ritme_drempel"], total["peildatum"]) == (0.75, AS_OF)

    first_year = one(result, niveau="totaal", jaar=2023)
    assert (first_year["duos_gestart"], first_year["duos_actief"], first_year["duos_beeindigd"]) == (1, 1, 0)
    assert first_year["aandeel_afgerond"] is None  # nothing ended: no rate rather than 0
    assert (first_year["ontmoetingen"], first_year["uren"]) == (4, 8.0)

    keys = set(result.filter(jaar=2024).select("niveau", "sleutel").iter_rows())
    assert keys == {("initiatief", "a"), ("initiatief", "b"), ("provincie", "antwerpen"), ("organisator", "gemeente"),
                    ("organisator", "vzw"), ("regio", "vlaanderen"), ("regio", "brussel"), ("totaal", "totaal")}
    assert result["niveau"].unique(maintain_order=True).to_list() == [
        "initiatief", "provincie", "organisator", "regio", "totaal"]
    brussels = one(result, niveau="regio", sleutel="brussel", jaar=2024)
    assert (brussels["duos_actief"], brussels["inburgeraars_met_intake"], brussels["mediaan_jaren_in_belgie"]) == (
        1, 0, None)
    assert deelname.shares_out_of_range(result) == {}
    assert deelname.count_problems(result, deelname.duo_participation(SCENARIO_DUOS, SCENARIO_MEETINGS, AS_OF)) == {}


def test_the_rhythm_threshold_is_a_parameter() -> None:
    result = deelname.participation(SCENARIO_DUOS, SCENARIO_MEETINGS, SCENARIO_INTAKE, INITIATIEVEN, AS_OF,
                                    rhythm_threshold=0.5)
    total = one(result, niveau="totaal", jaar=2024)
    assert total["aandeel_ritme"] == 0.75 and total["ritme_drempel"] == 0.5  # 1, 0.5, 1 reach 0.5; 1/9 does not


def test_activities_per_level_and_year() -> None:
    result = deelname.activities(SCENARIO_DUOS, SCENARIO_MEETINGS, INITIATIEVEN, AS_OF)
    total = result.filter(niveau="totaal", jaar=2024)
    assert dict(total.select("activiteit", "ontmoetingen").iter_rows()) == {
        "buiten": 31, "cultuur": 1, "gesprek": 23, "koken": 3}
    koken = one(total, activiteit="koken")
    assert (koken["uren"], koken["duos"], koken["aandeel_nederlands_geoefend"]) == (4.5, 1, 0.0)
    assert koken["aandeel_uren"] == pytest.approx(4.5 / 84.5)
    assert one(total, activiteit="buiten")["aandeel_nederlands_geoefend"] is None  # never recorded
    assert one(result, niveau="initiatief", sleutel="a", jaar=2023)["ontmoetingen"] == 4
    sums = result.group_by("niveau", "sleutel", "jaar").agg(pl.col("aandeel_ontmoetingen").sum())
    assert sums["aandeel_ontmoetingen"].to_list() == pytest.approx([1.0] * sums.height)


def test_check_helpers_fail_for_the_right_reasons() -> None:
    result = deelname.participation(SCENARIO_DUOS, SCENARIO_MEETINGS, SCENARIO_INTAKE, INITIATIEVEN, AS_OF)
    broken = result.with_columns(aandeel_afgerond=pl.col("aandeel_afgerond") * 4,
                                 duos_afgerond=pl.col("duos_afgerond") + 1)
    assert set(deelname.shares_out_of_range(broken)) == {"aandeel_afgerond"}
    rows = deelname.duo_participation(SCENARIO_DUOS, SCENARIO_MEETINGS, AS_OF)
    assert deelname.count_problems(broken, rows)["afgerond_plus_vroegtijdig"] > 0
    assert deelname.count_problems(result, rows.head(3)) == {"totaal_gestart_verschilt_van_duo_deelname": 1}


# --- under Dagster -----------------------------------------------------------------------------------------------


def test_materialise_the_participation_marts(tmp_path: Path, samen_home: Path) -> None:
    landing = tmp_path / "landing"
    write_csv(landing / "_agentschap" / "initiatieven.csv", REGISTRY)
    start = date(2024, 2, 1)
    write_csv(landing / "aalst" / "duos.csv", [
        "Duo ID;Inburgeraar ID;Coach ID;Startdatum;Geplande einddatum;Einddatum;Eindreden",
        "D1;P1;C1;01/02/2024;01/11/2024;01/11/2024;afgerond",
        "D2;P2;C2;01/03/2024;01/03/2025;15/05/2024;vroegtijdig_coach",
    ])
    # D1: every 14 days from its start, 2 h: days 0 … 266 (20 meetings, 40 h); D2: one meeting
    write_csv(landing / "aalst" / "ontmoetingen.csv", [
        "Duo ID;Datum;Duur (uren);Activiteit;Nederlands geoefend",
        *[f"D1;{start + timedelta(days=14 * k):%d/%m/%Y};2;gesprek;ja" for k in range(20)],
        "D2;04/03/2024;1u30;buiten;x",
    ])
    write_csv(landing / "aalst" / "intake.csv", [
        "Deelnemer ID;Rol;Datum;Jaren in België;Taalniveau;Inburgeringstraject",
        "P1;inburgeraar;10/01/2024;2;A2;ja", "C1;coach;12/01/2024;;;",
        "P2;inburgeraar;10/02/2024;1;A1;nee", "C2;coach;12/02/2024;;;",
    ])
    resource = SamenResource(home=str(samen_home), landing=str(landing), as_of="2024-12-01")
    with dg.instance_for_test() as instance:
        result = dg.materialize([raw_archive, staging_tables, *ASSETS, *CHECKS], resources={"samen": resource},
                                instance=instance)
        assert result.success
        checks = {(e.asset_key.to_user_string(), e.check_name): e.passed
                  for e in (ev.event_specific_data for ev in result.all_events
                            if ev.event_type_value == "ASSET_CHECK_EVALUATION")}
    assert len(checks) == len(CHECKS) and all(checks.values()), checks

    con = duckdb.connect(str(samen_home / "warehouse.duckdb"), read_only=True)
    try:
        per_duo = con.sql("SELECT * FROM mart.duo_deelname").pl()
        total = con.sql("SELECT * FROM mart.deelname WHERE niveau = 'totaal' AND jaar = 2024").pl()
        curve = con.sql("SELECT * FROM mart.retentie WHERE niveau = 'totaal' AND cohort = '2024'").pl()
        mix = con.sql("SELECT activiteit, ontmoetingen FROM mart.activiteiten WHERE niveau = 'totaal'").pl()
    finally:
        con.close()
    # D1: 01/02 … 01/11 = 275 days → 19 windows, each with a meeting; 38 h in them → 2 h per 14 days
    d1 = one(per_duo, status="afgerond")
    assert (d1["ontmoetingen"], d1["uren"], d1["ritme"], d1["uren_per_14d"]) == (20, 40.0, 1.0, 2.0)
    assert d1["duo_id"] != "D1"  # pseudonymised
    d2 = one(per_duo, status="vroegtijdig_gestopt")
    assert (d2["zeer_vroeg_gestopt"], d2["uren"]) == (True, 1.5)
    row = total.row(0, named=True)
    assert (row["duos_gestart"], row["duos_beeindigd"], row["aandeel_afgerond"]) == (2, 2, 0.5)
    assert (row["aandeel_40_uur"], row["aandeel_traject_ja"], row["peildatum"]) == (1.0, 0.5, date(2024, 12, 1))
    # D2 stops on day 75 (01/03 → 15/05), D1 is censored at day 274: S = 1/2 from week 11 (day 77)
    assert curve.filter(week=10)["retentie"].item() == 1.0
    assert curve.filter(week=11)["retentie"].item() == 0.5
    assert dict(mix.iter_rows()) == {"gesprek": 20, "buiten": 1}


def test_the_activity_mix_from_the_shared_join_equals_it_computed_alone() -> None:
    """marts_deelname feeds activities_from with the meetings summed during prepare(); the standalone
    function sums them from the duo periods itself. Same rows either way."""
    shared = deelname.prepare(SCENARIO_DUOS, SCENARIO_MEETINGS, AS_OF)
    alone = deelname.activities(SCENARIO_DUOS, SCENARIO_MEETINGS, INITIATIEVEN, AS_OF)
    assert alone.height == 24 and deelname.activities_from(shared.per_activity, INITIATIEVEN, AS_OF).equals(alone)
    total = deelname.activities_from(shared.per_activity, INITIATIEVEN, AS_OF).filter(niveau="totaal", jaar=2024)
    assert dict(total.select("activiteit", "ontmoetingen").iter_rows()) == {  # as in the scenario's comment
        "buiten": 31, "cultuur": 1, "gesprek": 23, "koken": 3}
