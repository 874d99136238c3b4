"""Tests for the Excel/CSV templates (samen/templates.py).

The templates are read back with openpyxl and, filled in, with the pipeline's
own reader and validator: a template that the pipeline refuses is useless.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import range_boundaries

from samen.contracts import contracts
from samen.reading import read_file
from samen.contracts import REGISTRY_FOLDER
from samen.templates import write_templates
from samen.validation import ERROR, validate_sheet

WORKBOOK = "sjabloon_samen_inburgeren.xlsx"


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    out = tmp_path_factory.mktemp("templates")
    return out, write_templates(out)


def _headers(ws) -> list[str]:
    return [c.value for c in ws[1] if c.value is not None]


def _list_values(wb, ws, column: int) -> list[str]:
    """Values of the list validation covering the first data cell of a column (1-based)."""
    cell = ws.cell(row=2, column=column).coordinate
    (dv,) = [dv for dv in ws.data_validations.dataValidation if cell in dv.sqref]
    assert dv.type == "list"
    sheet, ref = dv.formula1.lstrip("=").split("!")
    min_col, min_row, max_col, max_row = range_boundaries(ref.replace("$", ""))
    lists = wb[sheet.strip("'")]
    assert lists.sheet_state == "hidden"
    return [lists.cell(row=r, column=min_col).value for r in range(min_row, max_row + 1)]


def _validate(path: Path) -> dict:
    results = {}
    for sheet in read_file(path):
        if sheet.dataset and sheet.frame.height:
            results[sheet.dataset] = validate_sheet(sheet, contracts()[sheet.dataset], initiatief_id="test", key=b"k")
    return results


def _assert_clean(result, rows: int) -> None:
    errors = result.issues.filter(result.issues["severity"] == ERROR)
    assert errors.height == 0, errors.to_dicts()
    assert result.accepted.height == rows


def test_every_dataset_has_a_sheet_and_a_csv(written: tuple[Path, list[Path]]) -> None:
    out, paths = written
    assert paths[0] == out / WORKBOOK
    assert {p.name for p in paths[1:]} == {f"{name}.csv" for name in contracts()}
    wb = openpyxl.load_workbook(out / WORKBOOK)
    assert wb.sheetnames[0] == "uitleg"
    for name, contract in contracts().items():
        labels = [c.label for c in contract.columns]
        ws = wb[name]
        assert _headers(ws) == labels
        assert ws.freeze_panes == "A2"
        for cell, col in zip(ws[1], contract.columns):
            assert cell.font.b == col.required
            assert col.description in cell.comment.text
        data = (out / f"{name}.csv").read_bytes()
        assert data == b"\xef\xbb\xbf" + ";".join(labels).encode("utf-8") + b"\r\n"


def test_instructions_name_every_dataset_and_its_folder(written: tuple[Path, list[Path]]) -> None:
    out, _ = written
    rows = list(openpyxl.load_workbook(out / WORKBOOK)["uitleg"].iter_rows(values_only=True))
    by_sheet = {row[0]: row for row in rows if row[0] in contracts()}
    for name, contract in contracts().items():
        folder = f"landing/{REGISTRY_FOLDER}/" if contract.scope == "agentschap" else "landing/<initiatief_id>/"
        assert by_sheet[name][1:4] == (contract.title, contract.description, folder)
    text = " ".join(str(v) for row in rows for v in row if v)
    for word in ("dd/mm/jjjj", "1,5", "1u30", "ja", "nee", "rijksregisternummer", "e-mail", "*"):
        assert word in text


@pytest.mark.parametrize(("dataset", "column"), [("ontmoetingen", "activiteit"), ("coordinatie_uren", "activiteit")])
def test_code_column_has_drop_down_of_contract_codes(written: tuple[Path, list[Path]], dataset: str,
                                                     column: str) -> None:
    out, _ = written
    wb = openpyxl.load_workbook(out / WORKBOOK)
    contract = contracts()[dataset]
    index = contract.names.index(column) + 1
    assert _list_values(wb, wb[dataset], index) == list(contract.column(column).code_values)


def test_number_and_date_columns_are_validated(written: tuple[Path, list[Path]]) -> None:
    out, _ = written
    ws = openpyxl.load_workbook(out / WORKBOOK)["intake"]
    rules = {str(dv.sqref).split(":")[0]: dv for dv in ws.data_validations.dataValidation}
    names = contracts()["intake"].names
    score = rules[f"{openpyxl.utils.get_column_letter(names.index('score_thuis') + 1)}2"]
    assert (score.type, score.formula1, score.formula2, score.allow_blank) == ("whole", "1", "5", True)
    assert rules[f"{openpyxl.utils.get_column_letter(names.index('datum') + 1)}2"].type == "date"
    assert str(score.sqref).endswith("1001")


def test_round_trip_filled_workbook(written: tuple[Path, list[Path]], tmp_path: Path) -> None:
    out, _ = written
    wb = openpyxl.load_workbook(out / WORKBOOK)
    for name in contracts():
        if name not in ("duos", "ontmoetingen"):
            del wb[name]
    activities = _list_values(wb, wb["ontmoetingen"], contracts()["ontmoetingen"].names.index("activiteit") + 1)
    endings = _list_values(wb, wb["duos"], contracts()["duos"].names.index("eindreden") + 1)
    duos = [
        ["D1", "I1", "C1", datetime(2024, 1, 8), datetime(2024, 10, 8), None, None],
        ["D2", "I2", "C2", datetime(2024, 2, 1), datetime(2024, 11, 1), datetime(2024, 10, 25), endings[0]],
    ]
    meetings = [
        ["D1", datetime(2024, 3, 5), 1.5, activities[0], "ja", "coach"],
        ["D1", datetime(2024, 3, 12), 2, activities[1], "nee", None],
        ["D2", datetime(2024, 4, 2), 0.75, activities[-1], None, None],
    ]
    for name, rows in (("duos", duos), ("ontmoetingen", meetings)):
        for row in rows:
            wb[name].append(row)
    filled = tmp_path / "ingevuld.xlsx"
    wb.save(filled)

    results = _validate(filled)
    assert set(results) == {"duos", "ontmoetingen"}
    _assert_clean(results["duos"], 2)
    _assert_clean(results["ontmoetingen"], 3)
    d = results["duos"].accepted.sort("startdatum")
    assert d["geplande_einddatum"].to_list() == [date(2024, 10, 8), date(2024, 11, 1)]
    assert d["eindreden"].to_list() == [None, endings[0]]
    m = results["ontmoetingen"].accepted.sort("datum")
    assert m["datum"].to_list() == [date(2024, 3, 5), date(2024, 3, 12), date(2024, 4, 2)]
    assert m["duur_uren"].to_list() == [1.5, 2.0, 0.75]
    assert m["activiteit"].to_list() == [activities[0], activities[1], activities[-1]]
    assert m["nederlands_geoefend"].to_list() == [True, False, None]


def test_helper_sheets_are_skipped_and_data_sheets_recognised(written: tuple[Path, list[Path]]) -> None:
    out, _ = written
    found = {s.sheet: s.dataset for s in read_file(out / WORKBOOK)}
    assert "uitleg" not in found and "lijsten" not in found
    assert found == {name: name for name in contracts()}


def test_round_trip_csv_in_belgian_format(written: tuple[Path, list[Path]], tmp_path: Path) -> None:
    out, _ = written
    header = (out / "ontmoetingen.csv").read_bytes()
    filled = tmp_path / "ontmoetingen_2024.csv"
    filled.write_bytes(header + "D1;05/03/2024;1,5;koken;ja\r\n".encode("utf-8"))
    result = _validate(filled)["ontmoetingen"]
    _assert_clean(result, 1)
    row = result.accepted.row(0, named=True)
    assert (row["datum"], row["duur_uren"], row["activiteit"], row["nederlands_geoefend"]) == (
        date(2024, 3, 5), 1.5, "koken", True)


def test_english_templates(tmp_path: Path) -> None:
    paths = write_templates(tmp_path, lang="en")
    assert paths[0].name == "template_samen_inburgeren.xlsx"
    wb = openpyxl.load_workbook(paths[0])
    assert wb.sheetnames[0] == "instructions"
    contract = contracts()["ontmoetingen"]
    ws = wb["ontmoetingen"]
    assert _headers(ws) == [c.label for c in contract.columns]  # headers stay Dutch: the reader matches them
    for cell, col in zip(ws[1], contract.columns):
        assert cell.comment.text.startswith(col.description_en)
    with pytest.raises(ValueError):
        write_templates(tmp_path, lang="fr")
