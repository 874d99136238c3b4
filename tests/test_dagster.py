"""The asset graph under Dagster: definitions load, a full materialisation in a temp $SAMEN_HOME,
asset checks that pass and fail for the right reasons, and the privacy audit over everything a run writes."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from assets.raw import raw_archive
from assets.staging import staging_tables
from assets.staging_checks import staging_checks
from conftest import DUOS, INTAKE, MEETINGS, REGISTRY, write_csv
from pipelines.definitions import defs
from pipelines.resources import SamenResource
from samen.runner import run_refresh
from samen.settings import paths


def test_definitions_load_with_the_refresh_job_and_checks() -> None:
    job = defs.resolve_job_def("refresh")
    assert job.executor_def.name == "in_process"
    keys = {k.to_user_string() for k in defs.resolve_asset_graph().get_all_asset_keys()}
    assert {"raw_archive", "staging/duos", "staging/ontmoetingen", "quarantine/rejected_rows"} <= keys
    check_names = {c.name for checks in staging_checks for c in checks.check_specs}
    assert check_names == {"contract_suite", "unique_key", "no_personal_data", "refused_rows"}


def test_dg_check_defs_loads_the_project(tmp_path: Path) -> None:
    env = {**os.environ, "SAMEN_HOME": str(tmp_path)}
    dg_cli = Path(sys.executable).with_name("dg")
    result = subprocess.run([str(dg_cli), "check", "defs"], cwd=Path(__file__).resolve().parents[1], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "All definitions loaded successfully" in result.stdout + result.stderr


def test_full_materialisation_in_a_temp_home(landing: Path, samen_home: Path) -> None:
    resource = SamenResource(home=str(samen_home), landing=str(landing), as_of="2024-12-01")
    with dg.instance_for_test() as instance:
        result = dg.materialize([raw_archive, staging_tables, *staging_checks], resources={"samen": resource},
                                instance=instance)
        assert result.success
        evaluations = {
            (e.asset_key.to_user_string(), e.check_name): e.passed
            for e in (ev.event_specific_data for ev in result.all_events if ev.event_type_value == "ASSET_CHECK_EVALUATION")
        }
    assert evaluations[("staging/ontmoetingen", "contract_suite")] is True
    assert evaluations[("staging/ontmoetingen", "unique_key")] is True
    assert all(evaluations.values()), {k: v for k, v in evaluations.items() if not v}
    meta = result.asset_materializations_for_node("raw_archive")[0].metadata
    assert meta["files_new"].value == 4 and meta["rows_rejected"].value == 0
    con = duckdb.connect(str(samen_home / "warehouse.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM staging.ontmoetingen").fetchall() == [(3,)]
    con.close()


def _valid_rrn(first9: str) -> str:
    check = 97 - int(first9) % 97
    return f"{first9[:2]}.{first9[2:4]}.{first9[4:6]}-{first9[6:9]}.{check:02d}"


def test_refused_rows_check_warns_and_names_the_rules(landing: Path, samen_home: Path) -> None:
    write_csv(landing / "aalst" / "ontmoetingen_fout.csv", [MEETINGS[0], "D1;31/02/2024;2;koken;ja"])
    resource = SamenResource(home=str(samen_home), landing=str(landing), as_of="2024-12-01")
    with dg.instance_for_test() as instance:
        result = dg.materialize([raw_archive, staging_tables, *staging_checks], resources={"samen": resource},
                                instance=instance)
    evals = {e.check_name: e for e in (ev.event_specific_data for ev in result.all_events
                                         if ev.event_type_value == "ASSET_CHECK_EVALUATION")
             if e.asset_key == dg.AssetKey(["staging", "ontmoetingen"])}
    assert evals["refused_rows"].passed is False
    assert evals["refused_rows"].severity == dg.AssetCheckSeverity.WARN
    assert evals["refused_rows"].metadata["by_rule"].value == {"datum": 1}


def _report_texts(folder: Path) -> dict[str, str]:
    """The text of every report a run wrote: HTML as is, XLSX's XML parts, PDF's extracted text."""
    import zipfile

    from pypdf import PdfReader

    texts = {}
    for path in folder.rglob("*"):
        if path.suffix == ".html":
            texts[path.name] = path.read_text(encoding="utf-8")
        elif path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                texts[path.name] = "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
        elif path.suffix == ".pdf":
            texts[path.name] = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return texts


def test_privacy_audit_no_personal_value_anywhere(landing: Path, samen_home: Path, capfd: pytest.CaptureFixture) -> None:
    rrn = _valid_rrn("850730033")
    secrets_ = ["Jan Peeters", "An Janssens", "0471 23 45 67", "jan.peeters@example.org", rrn,
                "Kerkstraat 12", "Marokkaanse", os.environ["SAMEN_SECRET_KEY"]]
    write_csv(landing / "aalst" / "duos.csv", [
        DUOS[0] + ";Naam coach;Telefoon;Adres;Nationaliteit;Opmerkingen",
        DUOS[1] + ";Jan Peeters;0471 23 45 67;Kerkstraat 12;Marokkaanse;An Janssens belt terug",
        DUOS[2] + ";An Janssens;;;;",
    ])
    write_csv(landing / "aalst" / "ontmoetingen_2024.csv", [
        *MEETINGS, "D1;26/02/2024;2;jan.peeters@example.org;ja", "D1;04/03/2024;2;koken;" + rrn])
    write_csv(landing / "aalst" / "intake_jan.peeters@example.org.csv", [INTAKE[0], "P9;inburgeraar;10/01/2024;;;;;;"])
    outcome = run_refresh(paths(samen_home), landing, date(2024, 12, 1))
    assert outcome.success, outcome.failure
    out, err = capfd.readouterr()

    con = duckdb.connect(str(samen_home / "warehouse.duckdb"), read_only=True)
    text_columns = con.execute(
        "SELECT table_schema, table_name, column_name FROM information_schema.columns "
        "WHERE data_type IN ('VARCHAR', 'VARCHAR[]')").fetchall()
    assert len(text_columns) > 50
    found = []
    for schema, table, column in text_columns:
        values = con.execute(f'SELECT DISTINCT CAST("{column}" AS VARCHAR) FROM {schema}."{table}"').fetchall()
        blob = "\n".join(str(v[0]) for v in values)
        found += [(schema, table, column, s) for s in secrets_ if s.lower() in blob.lower()]
    # the refused rows are there, each explained, with masked values
    rules = dict(con.execute("SELECT rule, count(*) FROM quarantine.rejected_rows GROUP BY rule").fetchall())
    dropped = {r[0] for r in con.execute(
        "SELECT \"column\" FROM quarantine.flagged_rows WHERE rule = 'kolom_persoonsgegevens'").fetchall()}
    staged_duos = con.execute("SELECT count(*) FROM staging.duos").fetchall()[0][0]
    con.close()
    assert found == []
    assert rules["persoonsgegeven"] == 2
    assert dropped == {"Naam coach", "Telefoon", "Adres", "Nationaliteit", "Opmerkingen"}
    assert staged_duos == 2  # the rows survive once their personal columns are dropped

    for path in (samen_home / "dagster").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            leaked = [s for s in secrets_ if s.encode() in data or s.encode("utf-16-le") in data]
            assert not leaked, f"{path}: {leaked}"
    assert not [s for s in secrets_ if s in out + err]
    reports = _report_texts(samen_home / "reports")
    assert len(reports) >= 6  # the datakwaliteit reports (aalst, gent, agency) in three formats
    assert not [(name, s) for name, text in reports.items() for s in secrets_ if s.lower() in text.lower()]
    # the raw archive keeps the original delivery, untouched
    assert any(b"Jan Peeters" in p.read_bytes() for p in (samen_home / "raw").iterdir())
