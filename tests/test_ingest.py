"""Landing folder → warehouse without Dagster: archive, supersede, skip, references, atomicity."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from conftest import DUOS, KEY, MEETINGS, write_csv
from samen import ingest as ingest_module
from samen.ingest import discover, file_sha256, ingest
from samen.staging import rebuild_staging
from samen.warehouse import connect, table_counts

AS_OF = date(2024, 12, 1)


def load(landing: Path, home: Path, key: bytes = KEY, as_of: date = AS_OF):
    with connect(home / "warehouse.duckdb") as con:
        report = ingest(con, discover(landing), key, home / "raw")
        rebuild_staging(con, as_of)
        return report, table_counts(con)


def query(home: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_valid_landing_loads_every_row(landing: Path, tmp_path: Path) -> None:
    report, counts = load(landing, tmp_path)
    assert [o.status for o in report.outcomes] == ["geladen"] * 4
    assert counts["staging.initiatieven"] == 2
    assert counts["staging.duos"] == 2
    assert counts["staging.intake"] == 4
    assert counts["staging.ontmoetingen"] == 3
    assert counts["quarantine.rejected_rows"] == 0
    hours = query(tmp_path, "SELECT sum(duur_uren) FROM staging.ontmoetingen")[0][0]
    assert hours == pytest.approx(1.5 + 2 + 1.5)
    assert query(tmp_path, "SELECT uurkost_eur, fte_uren_per_jaar FROM staging.initiatieven "
                           "WHERE initiatief_id = 'aalst'") == [(52.5, 1600.0)]


def test_same_folder_twice_leaves_the_warehouse_unchanged(landing: Path, tmp_path: Path) -> None:
    _, first = load(landing, tmp_path)
    report, second = load(landing, tmp_path)
    assert report.outcomes == [] and len(report.skipped) == 4
    assert second == first


def test_same_content_under_another_name_is_skipped(landing: Path, tmp_path: Path) -> None:
    _, first = load(landing, tmp_path)
    shutil.copy(landing / "aalst" / "ontmoetingen_2024.csv", landing / "aalst" / "ontmoetingen_kopie.csv")
    report, second = load(landing, tmp_path)
    assert report.outcomes == []
    assert [f.display for f, _ in report.skipped if "kopie" in f.display] == ["aalst/ontmoetingen_kopie.csv"]
    assert second == first


def test_each_file_is_archived_once_by_hash_and_read_only(landing: Path, tmp_path: Path) -> None:
    load(landing, tmp_path)
    source = landing / "aalst" / "duos.csv"
    archived = tmp_path / "raw" / f"{file_sha256(source)}.csv"
    assert archived.read_bytes() == source.read_bytes()
    assert not archived.stat().st_mode & 0o222
    assert len(list((tmp_path / "raw").iterdir())) == 4


def test_a_later_file_supersedes_rows_with_the_same_key(landing: Path, tmp_path: Path) -> None:
    load(landing, tmp_path)
    correction = write_csv(landing / "aalst" / "ontmoetingen_correctie.csv",
                           [MEETINGS[0], "D1;05/02/2024;2,5;koken;ja"])
    _, counts = load(landing, tmp_path)
    assert counts["staging.ontmoetingen"] == 3
    rows = query(tmp_path, "SELECT s.duur_uren, m.original_path FROM staging.ontmoetingen s "
                           "JOIN raw.manifest m ON m.sha256 = s._sha256 WHERE s.datum = DATE '2024-02-05'")
    assert rows == [(2.5, "aalst/ontmoetingen_correctie.csv")]
    assert query(tmp_path, "SELECT count(*) FROM parsed.ontmoetingen")[0][0] == 4  # history kept in parsed
    assert correction.exists()


def test_a_meeting_waits_for_its_duo_and_is_accepted_when_it_arrives(landing: Path, tmp_path: Path) -> None:
    (landing / "aalst" / "duos.csv").unlink()
    _, counts = load(landing, tmp_path)
    assert counts["staging.ontmoetingen"] == 0
    rules = query(tmp_path, "SELECT DISTINCT rule FROM quarantine.rejected_rows WHERE dataset = 'ontmoetingen'")
    assert rules == [("onbekend_duo",)]
    write_csv(landing / "aalst" / "duos.csv", DUOS)
    _, counts = load(landing, tmp_path)
    assert counts["staging.ontmoetingen"] == 3
    assert counts["quarantine.rejected_rows"] == 0


def test_a_file_of_initiative_b_naming_a_duo_of_a_is_refused(landing: Path, tmp_path: Path) -> None:
    write_csv(landing / "gent" / "ontmoetingen.csv", [MEETINGS[0], "D1;12/02/2024;2;koken;ja"])
    _, counts = load(landing, tmp_path)
    assert counts["staging.ontmoetingen"] == 3
    rows = query(tmp_path, "SELECT initiatief_id, file, \"row\", rule, message FROM quarantine.rejected_rows")
    assert len(rows) == 1
    initiative, file, row, rule, message = rows[0]
    assert (initiative, file, row, rule) == ("gent", "gent/ontmoetingen.csv", 2, "onbekend_duo")
    assert "niet gekend bij initiatief 'gent'" in message


def test_as_of_date_refuses_future_meetings_and_meetings_outside_the_duo(landing: Path, tmp_path: Path) -> None:
    write_csv(landing / "aalst" / "ontmoetingen_extra.csv", [
        MEETINGS[0],
        "D1;20/01/2024;2;koken;ja",   # row 2: before D1 started (01/02/2024)
        "D2;20/05/2024;2;koken;ja",   # row 3: after D2 ended (15/05/2024)
        "D1;02/12/2024;2;koken;ja",   # row 4: after the as-of date
        "D1;26/02/2024;2;koken;ja",   # row 5: fine
    ])
    _, counts = load(landing, tmp_path)
    rows = query(tmp_path, "SELECT \"row\", rule FROM quarantine.rejected_rows ORDER BY \"row\", rule")
    assert rows == [(2, "buiten_duoperiode"), (3, "buiten_duoperiode"), (4, "na_peildatum")]
    assert counts["staging.ontmoetingen"] == 4


def test_a_crash_while_storing_a_file_leaves_none_of_it(landing: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    real_insert = ingest_module.insert_frame

    def failing_insert(con, table, frame):
        if table == "parsed.ontmoetingen":
            raise RuntimeError("simulated crash")
        return real_insert(con, table, frame)

    monkeypatch.setattr(ingest_module, "insert_frame", failing_insert)
    with pytest.raises(RuntimeError, match="simulated crash"):
        load(landing, tmp_path)
    stored = query(tmp_path, "SELECT original_path FROM raw.manifest ORDER BY 1")
    assert ("aalst/ontmoetingen_2024.csv",) not in stored
    assert query(tmp_path, "SELECT count(*) FROM parsed.ontmoetingen")[0][0] == 0
    monkeypatch.setattr(ingest_module, "insert_frame", real_insert)
    _, counts = load(landing, tmp_path)
    assert counts["staging.ontmoetingen"] == 3


def test_pseudonyms_depend_on_the_key_and_the_initiative(landing: Path, tmp_path: Path) -> None:
    load(landing, tmp_path / "a", key=b"key-one")
    load(landing, tmp_path / "b", key=b"key-two")
    a = {r[0] for r in query(tmp_path / "a", "SELECT duo_id FROM staging.duos")}
    b = {r[0] for r in query(tmp_path / "b", "SELECT duo_id FROM staging.duos")}
    assert a.isdisjoint(b) and len(a) == 2
    assert all(len(v) == 20 and int(v, 16) >= 0 for v in a)
    assert not {"D1", "D2", "d1", "d2"} & a


@pytest.mark.parametrize(("name", "shown"), [
    ("ontmoetingen_2024.csv", "ontmoetingen_2024.csv"),
    ("ontmoetingen\x00.csv", "ontmoetingen\ufffd.csv"),         # a NUL byte (cannot exist on disk, can in a sheet name)
    ("..", "\ufffd\ufffd"),                                       # a parent reference is never a path again
    ("bestand\nmet\tregeleinde.csv", "bestand\ufffdmet\ufffdregeleinde.csv"),
    ("x" * 300 + ".csv", "x" * 119 + "…"),                       # 300 characters: shortened for display
    ("lijst_jan.peeters@example.org.csv", "•••"),
])
def test_file_and_sheet_names_are_made_safe_to_store_and_print(name: str, shown: str) -> None:
    from samen.ingest import safe_name

    assert safe_name(name) == shown


def test_a_sheet_named_after_a_person_is_masked(tmp_path: Path) -> None:
    import xlsxwriter

    from samen.ingest import LandedFile, process_file

    path = tmp_path / "aalst" / "werkboek.xlsx"
    path.parent.mkdir()
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("jan.peeters@example.org")
    ws.write_row(0, 0, ["Duo ID", "Datum", "Duur (uren)", "Activiteit"])
    ws.write_row(1, 0, ["D1", "05/02/2024", 1.5, "koken"])
    wb.close()
    outcome = process_file(LandedFile(path, "aalst/werkboek.xlsx", "aalst"), "0" * 64, KEY)
    assert [s.sheet for s in outcome.sheets] == ["•••"]
    assert outcome.sheets[0].dataset == "ontmoetingen"
