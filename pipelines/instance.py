"""The Dagster instance the CLI uses: the top-level dagster.yaml, storage under $SAMEN_HOME/dagster,
so runs started by `samen run` show up in `dagster dev`."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg
from dagster._core.instance.ref import InstanceRef

from samen.settings import Paths

REPO_ROOT = Path(__file__).resolve().parents[1]


def instance_for(p: Paths) -> dg.DagsterInstance:
    p.dagster.mkdir(parents=True, exist_ok=True)
    os.environ["SAMEN_DAGSTER_DIR"] = str(p.dagster)
    config_dir = REPO_ROOT if (REPO_ROOT / "dagster.yaml").exists() else p.dagster
    return dg.DagsterInstance.from_ref(InstanceRef.from_dir(str(p.dagster), config_dir=str(config_dir)))
