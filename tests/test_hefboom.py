"""Volunteer leverage: a hand-computed case, the value range and where its hourly proxies come from."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from samen.marts import hefboom

INITIATIEVEN = pl.DataFrame({"initiatief_id": ["a", "b"], "provincie": ["antwerpen", None],
                             "organisator": ["gemeente", "vzw"], "regio": ["vlaanderen", "brussel"]})
VALUE = hefboom.VolunteerValue(laag_eur=10.0, hoog_eur=40.0, versie="test")


def _meetings(initiatief: str, duos: int, per_duo: int, hours: float, year: int) -> pl.DataFrame:
    """duos × per_duo meetings of `hours` each, one a week from 1 January."""
    return (
        pl.DataFrame({"duo_id": [f"{initiatief}{k}" for k in range(duos)]})
        .join(pl.DataFrame({"week": range(per_duo)}), how="cross")
        .select(initiatief_id=pl.lit(initiatief), duo_id="duo_id",
                datum=pl.lit(date(year, 1, 1)) + pl.duration(weeks=pl.col("week")), duur_uren=pl.lit(hours))
    )


def _coordination(initiatief: str, year: int, **hours: float) -> pl.DataFrame:
    return pl.DataFrame({"initiatief_id": [initiatief] * len(hours), "datum": [date(year, 3, 1)] * len(hours),
                         "fase": list(hours), "uren": [float(h) for h in hours.values()]},
                        schema={"initiatief_id": pl.String, "datum": pl.Date, "fase": pl.String, "uren": pl.Float64})


def test_leverage_by_hand() -> None:
    # 10 duos × 20 meetings × 2 h = 400 volunteer hours; coordinators 10 + 5 + 30 + 15 + 20 = 80 h → 400 / 80 = 5.0
    meetings = _meetings("a", duos=10, per_duo=20, hours=2.0, year=2024)
    coordination = _coordination("a", 2024, werving=10, onthaal=5, kennismaking=30, duos_vormen=15, opvolging=20)
    mart = hefboom.leverage(meetings, coordination, INITIATIEVEN, VALUE)
    row = mart.filter(pl.col("niveau") == "initiatief", pl.col("sleutel") == "a", pl.col("jaar") == 2024).to_dicts()
    assert len(row) == 1
    row = row[0]
    assert (row["duos_met_ontmoetingen"], row["ontmoetingen"], row["vrijwilligersuren"]) == (10, 200, 400.0)
    assert [row[f"coordinatie_uren_{f}"] for f in hefboom.PHASES] == [10.0, 5.0, 30.0, 15.0, 20.0]
    assert row["coordinatie_uren"] == 80.0
    assert row["vrijwilligersuren_per_coordinatieuur"] == 5.0
    # value as a range: 400 h × €10 = €4,000 to 400 h × €40 = €16,000
    assert (row["waarde_vrijwilligerstijd_laag_eur"], row["waarde_vrijwilligerstijd_hoog_eur"]) == (4000.0, 16000.0)
    assert (row["uurwaarde_laag_eur"], row["uurwaarde_hoog_eur"], row["waardering_versie"]) == (10.0, 40.0, "test")


def test_levels_years_and_missing_sides() -> None:
    # a: 2024 as above. b (Brussels): 2 duos × 3 meetings × 1.5 h = 9 h in 2024, 12 coordinator hours in 2024
    #   and 6 in 2025 with no meetings (a year with only coordinator hours: 0 volunteer hours, ratio 0).
    meetings = pl.concat([_meetings("a", 10, 20, 2.0, 2024), _meetings("b", 2, 3, 1.5, 2024)])
    coordination = pl.concat([
        _coordination("a", 2024, werving=10, onthaal=5, kennismaking=30, duos_vormen=15, opvolging=20),
        _coordination("b", 2024, kennismaking=12),
        _coordination("b", 2025, opvolging=6),
    ])
    mart = hefboom.leverage(meetings, coordination, INITIATIEVEN, VALUE)
    total = mart.filter(pl.col("niveau") == "totaal", pl.col("jaar") == 2024).to_dicts()[0]
    # 400 + 9 = 409 h against 80 + 12 = 92 h
    assert (total["vrijwilligersuren"], total["coordinatie_uren"]) == (409.0, 92.0)
    assert total["vrijwilligersuren_per_coordinatieuur"] == pytest.approx(409 / 92)
    b2025 = mart.filter(pl.col("sleutel") == "b", pl.col("jaar") == 2025).to_dicts()[0]
    assert (b2025["vrijwilligersuren"], b2025["ontmoetingen"], b2025["coordinatie_uren_opvolging"],
            b2025["vrijwilligersuren_per_coordinatieuur"]) == (0.0, 0, 6.0, 0.0)
    # Brussels has no province: b is absent at that level, present in its region
    assert set(mart.filter(pl.col("niveau") == "provincie")["sleutel"]) == {"antwerpen"}
    assert set(mart.filter(pl.col("niveau") == "regio")["sleutel"]) == {"vlaanderen", "brussel"}


def test_no_ratio_without_coordinator_hours() -> None:
    mart = hefboom.leverage(_meetings("a", 1, 2, 2.0, 2024), _coordination("a", 2024), INITIATIEVEN, VALUE)
    row = mart.filter(pl.col("niveau") == "initiatief").to_dicts()[0]
    assert (row["vrijwilligersuren"], row["coordinatie_uren"], row["vrijwilligersuren_per_coordinatieuur"]) \
        == (4.0, 0.0, None)


def test_reference_values_name_their_sources() -> None:
    value = hefboom.volunteer_value(env={})
    assert 0 < value.laag_eur < value.hoog_eur
    assert "minimummaandinkomen" in value.bron_laag and "Eurostat" in value.bron_hoog
    assert value.versie != hefboom.OVERRIDDEN


def test_values_overridden_by_environment_then_arguments() -> None:
    env = {hefboom.ENV_LOW: "15,5", hefboom.ENV_HIGH: "35"}
    from_env = hefboom.volunteer_value(env=env)
    assert (from_env.laag_eur, from_env.hoog_eur, from_env.versie, from_env.bron_laag) == (15.5, 35.0, "aangepast",
                                                                                          "aangepast")
    from_args = hefboom.volunteer_value(low=20.0, env=env)
    assert (from_args.laag_eur, from_args.hoog_eur) == (20.0, 35.0)
    with pytest.raises(ValueError, match="laag <= hoog"):
        hefboom.volunteer_value(low=50.0, high=40.0, env={})
    with pytest.raises(ValueError, match="geen bedrag"):
        hefboom.volunteer_value(env={hefboom.ENV_LOW: "veel"})


def test_another_reference_file(tmp_path: Path) -> None:
    path = tmp_path / "waarde.yaml"
    path.write_text("version: x\nlaag: {uurwaarde_eur: 11, bron: A}\nhoog: {uurwaarde_eur: 22, bron: B}\n")
    value = hefboom.volunteer_value(path=path, env={})
    assert (value.laag_eur, value.hoog_eur, value.versie, value.bron_laag, value.bron_hoog) == (11.0, 22.0, "x", "A", "B")
