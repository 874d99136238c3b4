"""Faults: a killed load, a second writer, a corrupted archive."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from conftest import DUOS, REGISTRY, write_csv
from samen.checks import archive_problems
from samen.ingest import discover, ingest
from samen.staging import rebuild_staging
from samen.warehouse import WarehouseBusy, connect

SAMEN = str(Path(sys.executable).with_name("samen"))


def _big_meetings(path: Path, rows: int) -> None:
    lines = ["Duo ID;Datum;Duur (uren);Activiteit;Nederlands geoefend"]
    start = dt.date(2020, 1, 1)
    for i in range(rows):
        lines.append(f"D{i % 2000};{(start + dt.timedelta(days=i // 2000)).strftime('%d/%m/%Y')};1,5;gesprek;ja")
    write_csv(path, lines)


def test_sigkill_during_a_load_leaves_all_or_nothing_and_the_next_run_completes(tmp_path: Path) -> None:
    landing, home = tmp_path / "landing", tmp_path / "home"
    write_csv(landing / "_agentschap" / "initiatieven.csv", REGISTRY)
    write_csv(landing / "aalst" / "duos.csv", [DUOS[0], *[f"D{i};P{i};C{i};01/01/2020;01/10/2020;;" for i in range(2000)]])
    _big_meetings(landing / "aalst" / "ontmoetingen_groot.csv", 300_000)  # all valid: 150 days × 2 000 duos
    env = {**os.environ, "SAMEN_HOME": str(home), "SAMEN_SECRET_KEY": "kill-test"}
    cmd = [SAMEN, "run", "--landing", str(landing), "--as-of", "2024-12-01"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # the big file is being read once it is archived
        if any(p.stat().st_size > 1_000_000 for p in (home / "raw").glob("*.csv")) if (home / "raw").exists() else False:
            break
        time.sleep(0.05)
    time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)

    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    manifest = dict(con.execute("SELECT original_path, rows_accepted FROM raw.manifest").fetchall())
    parsed = con.execute("SELECT count(*) FROM parsed.ontmoetingen").fetchall()[0][0]
    con.close()
    big = "aalst/ontmoetingen_groot.csv"
    assert parsed in (0, manifest.get(big)), "a part of the file was stored"
    assert (big in manifest) == (parsed > 0)

    rerun = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM parsed.ontmoetingen").fetchall()[0][0] == 300_000
    assert con.execute("SELECT count(*) FROM raw.manifest WHERE original_path = ?", [big]).fetchall()[0][0] == 1
    con.close()


def test_a_second_writer_waits_then_fails_with_a_clear_message(tmp_path: Path) -> None:
    db = tmp_path / "warehouse.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", (
        "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); c.execute('CREATE TABLE t(x INT)');"
        "print('locked', flush=True); time.sleep(30)"), str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        with pytest.raises(WarehouseBusy, match="in gebruik door een ander proces"):
            with connect(db, timeout=2):
                pass
        assert 1.0 < time.monotonic() - started < 15  # it waited with back-off before giving up
    finally:
        holder.kill()
        holder.wait()
    with connect(db) as con:  # and once it is free, it opens and nothing is damaged
        assert con.execute("SELECT count(*) FROM t").fetchall() == [(0,)]


def test_a_corrupted_or_missing_archive_file_is_detected(landing: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    with connect(home / "warehouse.duckdb") as con:
        ingest(con, discover(landing), b"k", home / "raw")
        rebuild_staging(con, dt.date(2024, 12, 1))
        assert archive_problems(con, home / "raw") == []
        archived = sorted((home / "raw").iterdir())
        archived[0].chmod(0o644)
        archived[0].write_bytes(archived[0].read_bytes() + b"tampered")
        archived[1].unlink()
        problems = archive_problems(con, home / "raw")
    assert sorted(p["problem"] for p in problems) == ["inhoud gewijzigd", "ontbreekt"]
