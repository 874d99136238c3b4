"""A refresh that redoes only what changed gives exactly what a full rebuild gives.

The landing folder is the demo's (with its mistakes), delivered in two rounds: the second round brings
new files for two initiatives, among them a duos file that resolves meetings refused in round one, and a
file that replaces rows of round one. After each round the incremental warehouse must equal one rebuilt
from scratch, table by table (quarantine included).
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from samen.generate import generate_landing
from samen.ingest import discover, ingest
from samen.staging import rebuild_staging, refresh_staging
from samen.contracts import contracts
from samen.warehouse import connect

KEY = b"k" * 32
AS_OF = date(2024, 11, 30)


def _table(con: duckdb.DuckDBPyConnection, table: str) -> pl.DataFrame:
    frame = con.sql(f"SELECT * FROM {table}").pl()
    return frame.sort(frame.columns, nulls_last=True)


def _tables(con: duckdb.DuckDBPyConnection) -> dict[str, pl.DataFrame]:
    names = [f"staging.{c}" for c in contracts()] + ["quarantine.rejected_rows", "quarantine.flagged_rows"]
    return {name: _table(con, name) for name in names}


@pytest.fixture(scope="module")
def rounds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(round one, round two) landing folders: round two = round one + files held back."""
    full = tmp_path_factory.mktemp("full")
    generate_landing(full, initiatives=4, years=2, seed=5, first_year=2023, as_of=AS_OF, mistakes=True)
    one = tmp_path_factory.mktemp("one")
    shutil.copytree(full, one, dirs_exist_ok=True)
    # aalst's duos (its meetings are refused as "unknown duo" until they come) and gent-samen's correction
    # file (it replaces meetings of round one)
    for held in ("aalst/duos.csv", "gent-samen/ontmoetingen_correctie_2024.csv"):
        (one / held).unlink()
    return one, full


def test_refreshing_only_changed_initiatives_equals_a_full_rebuild(rounds, tmp_path: Path) -> None:
    one, two = rounds
    incremental, scratch = tmp_path / "inc.duckdb", tmp_path / "full.duckdb"
    with connect(incremental) as con:
        ingest(con, discover(one), KEY, None)
        assert refresh_staging(con, AS_OF).scope == "alles"
        ingest(con, discover(two), KEY, None)
        refreshed = refresh_staging(con, AS_OF)
        assert refreshed.scope == "deels" and len(refreshed.initiatives) == 2
        got = _tables(con)
        assert refresh_staging(con, AS_OF).scope == "niets"
        assert all(frame.equals(got[name]) for name, frame in _tables(con).items())
    with connect(scratch) as con:
        ingest(con, discover(one), KEY, None)
        ingest(con, discover(two), KEY, None)
        rebuild_staging(con, AS_OF)
        want = _tables(con)
    assert want["quarantine.rejected_rows"].height > 0  # the demo's mistakes are there to compare
    for name in want:
        assert got[name].equals(want[name]), name


def test_a_new_as_of_date_rebuilds_everything(rounds, tmp_path: Path) -> None:
    one, _ = rounds
    with connect(tmp_path / "w.duckdb") as con:
        ingest(con, discover(one), KEY, None)
        refresh_staging(con, AS_OF)
        assert refresh_staging(con, date(2024, 12, 31)).scope == "alles"
        assert refresh_staging(con, date(2024, 12, 31)).scope == "niets"


# --- marts under Dagster --------------------------------------------------------------------------------

def _materialise(home: Path, landing: Path) -> dict[str, bool]:
    """raw → staging → every mart; returns {mart: rebuilt?} from the materialisation metadata (and keeps
    the metadata in LAST_METADATA)."""
    import dagster as dg

    from assets.raw import raw_archive
    from assets.staging import staging_tables
    from pipelines.definitions import MART_MODULES
    from pipelines.resources import SamenResource

    marts = [a for m in MART_MODULES for a in m.ASSETS]
    resource = SamenResource(home=str(home), landing=str(landing), as_of=AS_OF.isoformat())
    with dg.instance_for_test() as instance:
        result = dg.materialize([raw_archive, staging_tables, *marts], resources={"samen": resource},
                                instance=instance)
    assert result.success
    rebuilt = {}
    for event in result.get_asset_materialization_events():
        mat = event.event_specific_data.materialization
        if mat.asset_key.path[0] == "mart":
            rebuilt[mat.asset_key.path[1]] = not mat.metadata["unchanged"].value
            LAST_METADATA[mat.asset_key.path[1]] = {k: v.value for k, v in mat.metadata.items()}
    return rebuilt


LAST_METADATA: dict[str, dict] = {}


def _marts(home: Path) -> dict[str, pl.DataFrame]:
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        names = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables "
                                           "WHERE table_schema = 'mart' ORDER BY 1").fetchall()]
        return {name: _table(con, f"mart.{name}") for name in names}
    finally:
        con.close()


def test_a_refresh_rebuilds_only_the_marts_a_new_file_can_change(rounds, tmp_path: Path) -> None:
    one, two = rounds
    middle = tmp_path / "middle"  # round one + aalst's duos; round two adds gent-samen's meeting corrections
    shutil.copytree(two, middle)
    (middle / "gent-samen/ontmoetingen_correctie_2024.csv").unlink()
    home = tmp_path / "home"
    first = _materialise(home, one)
    assert len(first) == 15 and all(first.values())
    assert LAST_METADATA["deelname"]["initiatives_recomputed"] == "alle"
    assert not any(_materialise(home, one).values())  # nothing new: nothing rebuilt

    # new duos: every mart reading staging.duos is rebuilt; the coordinator hours alone are not; the
    # per-duo work of the participation marts is redone for aalst only
    assert {name for name, again in _materialise(home, middle).items() if not again} == {"coordinatie_uren"}
    assert LAST_METADATA["deelname"]["initiatives_recomputed"] == 1
    # new meetings only: only the marts reading staging.ontmoetingen are rebuilt
    assert {name for name, again in _materialise(home, two).items() if again} == {
        "duo_deelname", "deelname", "activiteiten", "fasen", "wachtlijst", "toeleiding", "hefboom"}
    assert LAST_METADATA["duo_deelname"]["initiatives_recomputed"] == 1

    # and what was kept or rebuilt equals a build from scratch (same pseudonym key)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    shutil.copy(home / "secret.key", scratch / "secret.key")
    _materialise(scratch, two)
    want, got = _marts(scratch), _marts(home)
    assert want.keys() == got.keys()
    for name in want:  # equal up to the order of float additions (staging rows come in another order)
        assert_frame_equal(got[name], want[name], check_exact=False, rel_tol=1e-12, abs_tol=1e-9)


def test_work_tables_redo_exactly_the_initiatives_whose_rows_changed() -> None:
    from samen.marts.local import refresh_local

    with connect(None) as con:
        con.execute("CREATE TABLE staging.t (initiatief_id VARCHAR, x INTEGER)")
        con.execute("INSERT INTO staging.t VALUES ('a', 1), ('a', 2), ('b', 5), ('c', 7)")
        asked: list = []

        def compute(initiatives):
            asked.append(initiatives)
            where = "" if initiatives is None else "WHERE initiatief_id IN (SELECT UNNEST(?::VARCHAR[]))"
            params = [] if initiatives is None else [initiatives]
            return {"som": con.sql(f"SELECT initiatief_id, sum(x) AS s FROM staging.t {where} GROUP BY ALL",
                                   params=params).pl()}

        def sums(basis: str = "v1") -> dict[str, int]:
            tables, redone = refresh_local(con, "test", ["som"], ["staging.t"], basis, compute)
            return dict(tables["som"].sort("initiatief_id").iter_rows()), redone

        assert sums() == ({"a": 3, "b": 5, "c": 7}, None)
        assert sums() == ({"a": 3, "b": 5, "c": 7}, []) and asked == [None]  # nothing changed: nothing computed
        con.execute("UPDATE staging.t SET x = 6 WHERE initiatief_id = 'b'")
        con.execute("INSERT INTO staging.t VALUES ('d', 1)")
        assert sums() == ({"a": 3, "b": 6, "c": 7, "d": 1}, ["b", "d"]) and asked[-1] == ["b", "d"]
        con.execute("DELETE FROM staging.t WHERE initiatief_id = 'c'")
        assert sums() == ({"a": 3, "b": 6, "d": 1}, [])  # its rows are gone, nothing to compute
        assert sums("v2") == ({"a": 3, "b": 6, "d": 1}, None) and asked[-1] is None  # new basis: everything
