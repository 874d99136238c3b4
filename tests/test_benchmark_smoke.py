"""Smoke test of the benchmark script (`make bench`): it runs and writes its table and JSON.

Only the cheap steps run here (a tiny landing folder, the read floor and the start-up); the benchmark
asserts nothing about speed, and neither does this test.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_the_benchmark_prints_its_table_and_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "tiny.json"
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--size", "tiny", "--runs", "1", "--workdir", str(tmp_path),
         "--json", str(out), "--skip", "load,incremental,marts,core,reports,peer,demo"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "| step | wall s (median) |" in proc.stdout
    assert "(a) read floor" in proc.stdout
    result = json.loads(out.read_text())
    assert set(result["steps"]) == {"floor", "imports"}
    assert result["steps"]["floor"]["median_wall_s"] > 0
    assert result["machine"]["cores"] >= 1 and result["dataset"]["files"] > 0
    assert {t["target"] for t in result["targets"]} >= {"first load ≤ 60 s", "samen demo ≤ 60 s, reports included"}
