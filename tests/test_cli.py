"""The `samen` command line as a user meets it."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from conftest import MEETINGS, write_csv
from samen.cli import main


def test_validate_names_each_bad_row_by_its_excel_row_number(landing: Path, samen_home: Path,
                                                            capsys: pytest.CaptureFixture) -> None:
    bad = write_csv(landing / "aalst" / "ontmoetingen_fouten.csv", [
        "Registratie ontmoetingen Aalst",          # row 1: a title row above the header
        MEETINGS[0],                               # row 2: header
        "D1;26/02/2024;1,5;koken;ja",              # row 3: fine
        "D1;31/02/2024;2;koken;ja",                # row 4: impossible date
        "D1;04/03/2024;-2;café;ja",                # row 5: negative duration and unknown activity (cp1252 é)
        "",                                        # row 6: empty
        "D7;11/03/2024;2;koken;ja",                # row 7: unknown duo
        "D1;18/03/2024;2;gesprek;misschien",       # row 8: not yes/no
    ])
    code = main(["validate", str(landing / "aalst"), "--as-of", "2024-12-01"])
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    lines = [line for line in out if "ontmoetingen_fouten.csv" in line]
    rows = sorted({int(line.split(":")[1]) for line in lines})
    assert rows == [4, 5, 7, 8]
    assert any(":4: datum: '31/02/2024' is geen geldige datum" in line for line in lines)
    assert any(":5: activiteit: 'café' is geen toegelaten waarde" in line for line in lines)
    assert any(":5: duur_uren: -2 is te klein" in line for line in lines)
    assert any(":7: duo_id: Het duo in Duo ID is niet gekend bij initiatief 'aalst'" in line for line in lines)
    assert any(":8: nederlands_geoefend: 'misschien' is geen ja of nee" in line for line in lines)
    assert bad.exists() and not (samen_home / "warehouse.duckdb").exists()  # nothing was loaded


def test_validate_exit_codes(landing: Path, samen_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["validate", str(landing), "--as-of", "2024-12-01"]) == 0
    junk = tmp_path / "aalst" / "ontmoetingen.csv"
    junk.parent.mkdir(parents=True)
    junk.write_bytes(b"\x00\x01\x02binary\x00junk" * 10)
    assert main(["validate", str(junk)]) == 2
    assert "geen tekstbestand" in capsys.readouterr().out


def test_validate_checks_references_against_the_warehouse(landing: Path, samen_home: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture) -> None:
    assert main(["run", "--landing", str(landing), "--as-of", "2024-12-01"]) == 0
    new = write_csv(tmp_path / "elders" / "aalst" / "ontmoetingen_2025.csv", [MEETINGS[0], "D2;11/03/2024;2;koken;ja"])
    capsys.readouterr()
    assert main(["validate", str(new), "--as-of", "2024-12-01"]) == 0  # D2 is known in the warehouse


def test_run_twice_leaves_the_warehouse_unchanged(landing: Path, samen_home: Path, capsys: pytest.CaptureFixture) -> None:
    def snapshot() -> dict[str, list]:
        con = duckdb.connect(str(samen_home / "warehouse.duckdb"), read_only=True)
        tables = con.execute("SELECT schema_name, table_name FROM duckdb_tables()").fetchall()
        data = {f"{s}.{t}": sorted(map(repr, con.execute(f'SELECT * FROM {s}."{t}"').fetchall())) for s, t in tables}
        con.close()
        return data

    assert main(["run", "--landing", str(landing), "--as-of", "2024-12-01"]) == 0
    first = snapshot()
    assert main(["run", "--landing", str(landing), "--as-of", "2024-12-01"]) == 0
    assert snapshot() == first
    out = capsys.readouterr().out
    assert "ontmoetingen" in out and "Quarantaine" in out


def test_templates_and_generate_commands(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["templates", str(tmp_path / "sjablonen")]) == 0
    assert (tmp_path / "sjablonen" / "sjabloon_samen_inburgeren.xlsx").exists()
    assert main(["generate", str(tmp_path / "landing"), "--initiatives", "2", "--years", "1", "--seed", "3"]) == 0
    assert (tmp_path / "landing" / "_agentschap" / "initiatieven.csv").exists()


def test_every_command_has_help(capsys: pytest.CaptureFixture) -> None:
    for command in ("run", "validate", "templates", "generate", "demo"):
        with pytest.raises(SystemExit) as exit_info:
            main([command, "--help"])
        assert exit_info.value.code == 0
        assert "usage: samen" in capsys.readouterr().out
