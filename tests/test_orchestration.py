"""Unattended runs: the landing sensor, schedules, partitions, the daemon end to end, and two writers at once."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import duckdb
import pytest

from conftest import DUOS, INTAKE, MEETINGS, REGISTRY, write_csv
from pipelines.definitions import defs
from pipelines.partitions import initiative_partitions, yearly_partitions
from pipelines.resources import SamenResource
from pipelines.schedules import weekly_refresh
from pipelines.sensors import landing_sensor
from samen.landing_watch import SETTLE_SECONDS, WatchState, run_key, scan

REPO = Path(__file__).resolve().parents[1]
BRUSSELS = ZoneInfo("Europe/Brussels")


def _age(path: Path, seconds: float) -> None:
    past = time.time() - seconds
    os.utime(path, (past, past))


def test_scan_requests_new_content_once_whatever_its_name(landing: Path) -> None:
    for p in landing.rglob("*.csv"):
        _age(p, 60)
    first = scan(landing, WatchState(), now=time.time())
    assert len(first.ready) == 4 and first.waiting == [] and first.initiatives == ["aalst"]
    state = first.state
    state.requested |= set(first.ready)
    again = scan(landing, WatchState.from_cursor(state.to_cursor()), now=time.time())
    assert again.ready == []
    copy = landing / "aalst" / "kopie_van_duos.csv"
    shutil.copy(landing / "aalst" / "duos.csv", copy)
    _age(copy, 60)
    assert scan(landing, again.state, now=time.time()).ready == []


def test_scan_waits_until_a_file_stops_growing(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    growing = write_csv(landing / "gent" / "ontmoetingen.csv", MEETINGS[:2])
    now = time.time()
    first = scan(landing, WatchState(), now=now)
    assert first.ready == [] and first.waiting == ["gent/ontmoetingen.csv"]
    write_csv(growing, MEETINGS)  # still being copied: it grew
    second = scan(landing, first.state, now=now + 1)
    assert second.ready == [] and second.waiting == ["gent/ontmoetingen.csv"]
    third = scan(landing, second.state, now=now + 2)  # same size and mtime as last look
    assert len(third.ready) == 1 and third.waiting == []
    assert SETTLE_SECONDS > 2


def test_run_key_depends_on_content_only() -> None:
    assert run_key(["b", "a"]) == run_key(["a", "b"]) != run_key(["a"])


def _evaluate(instance, home: Path, landing: Path, cursor: str | None):
    context = dg.build_sensor_context(instance=instance, cursor=cursor,
                                      resources={"samen": SamenResource(home=str(home), landing=str(landing))})
    return landing_sensor(context)


def test_landing_sensor_one_run_per_new_content_and_cursor_survives_a_restart(landing: Path, tmp_path: Path) -> None:
    for p in landing.rglob("*.csv"):
        _age(p, 60)
    with dg.instance_for_test() as instance:
        first = _evaluate(instance, tmp_path, landing, None)
        assert len(first.run_requests) == 1
        assert first.run_requests[0].run_key.startswith("landing-")
        assert first.dynamic_partitions_requests[0].partition_keys == ["aalst"]
        instance.add_dynamic_partitions(initiative_partitions.name, ["aalst"])

        # the daemon restarts: a new evaluation from the stored cursor sees nothing new
        restarted = _evaluate(instance, tmp_path, landing, first.cursor)
        assert restarted.run_requests == [] and restarted.dynamic_partitions_requests == []

        # a renamed copy: nothing; a new initiative's new file: one run and a partition
        shutil.copy(landing / "aalst" / "duos.csv", landing / "aalst" / "duos_opnieuw.csv")
        new = write_csv(landing / "gent" / "duos.csv", [DUOS[0], "G1;P7;C7;01/06/2024;01/01/2025;;"])
        _age(landing / "aalst" / "duos_opnieuw.csv", 60)
        _age(new, 60)
        later = _evaluate(instance, tmp_path, landing, restarted.cursor)
        assert len(later.run_requests) == 1
        assert later.dynamic_partitions_requests[0].partition_keys == ["gent"]

        # a lost cursor yields the same run key, which Dagster runs only once
        lost = _evaluate(instance, tmp_path, landing, None)
        assert lost.run_requests[0].run_key == run_key(
            sorted(set(WatchState.from_cursor(later.cursor).requested)))


def test_weekly_schedule_runs_monday_six_brussels_time() -> None:
    assert weekly_refresh.cron_schedule == "0 6 * * 1" and weekly_refresh.execution_timezone == "Europe/Brussels"
    context = dg.build_schedule_context(scheduled_execution_time=datetime(2025, 1, 6, 6, 0, tzinfo=BRUSSELS))
    requests = list(weekly_refresh.evaluate_tick(context).run_requests or [])
    assert len(requests) == 1


def test_yearly_partition_keys() -> None:
    keys = yearly_partitions.get_partition_keys(current_time=datetime(2026, 1, 31, tzinfo=BRUSSELS))
    assert keys[0] == "2015" and keys[-1] == "2025"


def test_definitions_carry_sensor_schedule_and_current_freshness_policy() -> None:
    assert defs.resolve_sensor_def("landing_sensor") is not None
    assert defs.resolve_schedule_def("weekly_refresh") is not None
    spec = next(s for s in defs.resolve_all_asset_specs() if s.key == dg.AssetKey("raw_archive"))
    assert spec.freshness_policy is not None


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "SAMEN_HOME": str(home), "SAMEN_DAGSTER_DIR": str(home / "dagster"),
            "DAGSTER_HOME": str(home / "dagster_home"), "SAMEN_SENSOR_INTERVAL": "2",
            "SAMEN_SECRET_KEY": "daemon-test"}


def _staged(home: Path, table: str) -> int | None:
    try:
        con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    except (duckdb.IOException, duckdb.CatalogException):
        return None
    try:
        return con.execute(f"SELECT count(*) FROM staging.{table}").fetchall()[0][0]
    except duckdb.CatalogException:
        return None
    finally:
        con.close()


def _runs(home: Path) -> list:
    from pipelines.instance import instance_for
    from samen.settings import paths

    with instance_for(paths(home)) as instance:
        return list(instance.get_runs())


def test_daemon_picks_up_a_dropped_file_without_any_click(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "dagster_home").mkdir(parents=True)
    shutil.copy(REPO / "dagster.yaml", home / "dagster_home" / "dagster.yaml")
    env = _env(home)
    daemon = subprocess.Popen(
        [str(Path(sys.executable).with_name("dagster-daemon")), "run", "-m", "pipelines.definitions"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    finished = {dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED}
    try:
        landing = home / "landing"
        write_csv(landing / "_agentschap" / "initiatieven.csv", REGISTRY)
        write_csv(landing / "aalst" / "duos.csv", DUOS)
        write_csv(landing / "aalst" / "intake.csv", INTAKE)
        write_csv(landing / "aalst" / "ontmoetingen.csv", MEETINGS)
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and not [r for r in _runs(home) if r.status in finished]:
            time.sleep(2)
        assert _staged(home, "ontmoetingen") == 3
        # the same content again under another name: no new run, however many ticks pass
        shutil.copy(landing / "aalst" / "ontmoetingen.csv", landing / "aalst" / "ontmoetingen_kopie.csv")
        time.sleep(12)
        runs = _runs(home)
    finally:
        os.killpg(daemon.pid, 15)
        daemon.wait(timeout=30)
    assert [r.status for r in runs] == [dg.DagsterRunStatus.SUCCESS]
    assert runs[0].tags.get("samen/trigger") == "landing"


def test_two_runs_at_once_wait_for_each_other(landing: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {**_env(home), "SAMEN_LOCK_TIMEOUT": "300"}
    samen = str(Path(sys.executable).with_name("samen"))
    cmd = [samen, "run", "--landing", str(landing), "--as-of", "2024-12-01"]
    first = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    outs = [p.communicate(timeout=400) for p in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outs
    assert not any("lock" in (o + e).lower() for o, e in outs)
    assert _staged(home, "ontmoetingen") == 3
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM raw.manifest").fetchall() == [(4,)]
    assert con.execute("SELECT count(*) FROM parsed.ontmoetingen").fetchall() == [(3,)]
    con.close()


def test_yearly_report_schedules_ask_for_last_years_partitions() -> None:
    from pipelines.schedules import yearly_initiative_reports, yearly_reports

    when = datetime(2026, 1, 31, 7, 0, tzinfo=BRUSSELS)
    assert yearly_reports.cron_schedule == "0 7 31 1 *" and yearly_reports.execution_timezone == "Europe/Brussels"
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions(initiative_partitions.name, ["gent", "aalst"])
        context = dg.build_schedule_context(instance=instance, scheduled_execution_time=when,
                                            repository_def=defs.get_repository_def())
        (report,) = yearly_reports.evaluate_tick(context).run_requests
        per_initiative = yearly_initiative_reports.evaluate_tick(context).run_requests
    assert report.partition_key == "2025" and report.run_key == "jaarrapport-2025"
    assert [r.partition_key.keys_by_dimension for r in per_initiative] == [
        {"initiatief": "aalst", "jaar": "2025"}, {"initiatief": "gent", "jaar": "2025"}]
