"""Reading landed files (samen.reading) from real fixture files, then one step further through validate_sheet.

The files in tests/fixtures are bytes as initiatives send them; tests/fixtures/README.md
says per file how it was made and what must come out. Row numbers are Excel row numbers.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from samen.contracts import contracts
from samen.messages import MASK
from samen.normalise import normalise_name
from samen.reading import ROW_COLUMN, Sheet, UnreadableFile, decode_text, read_csv_sheet, read_file
from samen.validation import ERROR, SheetResult, validate_sheet

FIXTURES = Path(__file__).parent / "fixtures"
BELGISCH = "belgisch_excel/ontmoetingen.csv"
EMAIL = "coach.d4@example.be"


def read_one(name: str) -> Sheet:
    sheets = read_file(FIXTURES / name)
    assert len(sheets) == 1, [s.sheet for s in sheets]
    return sheets[0]


def validate(sheet: Sheet) -> SheetResult:
    assert sheet.dataset is not None
    return validate_sheet(sheet, contracts()[sheet.dataset], initiatief_id="aalst", key=b"k")


def column(sheet: Sheet, header: str) -> list[str | None]:
    """The cells under a header, in row order."""
    return sheet.frame[f"c{sheet.headers.index(header)}"].to_list()


def rows(sheet: Sheet) -> list[int]:
    return sheet.frame[ROW_COLUMN].to_list()


# --- the fixtures themselves ----------------------------------------------------------------------

def test_every_fixture_is_small_and_described_in_the_readme() -> None:
    readme = (FIXTURES / "README.md").read_text(encoding="utf-8")
    # sub-folders with a README of their own (e.g. handboek/) describe their files themselves
    own_readme = {p.parent for p in FIXTURES.rglob("README.md") if p.parent != FIXTURES}
    files = [p for p in FIXTURES.rglob("*") if p.is_file() and p.name != "README.md"
             and not any(parent in own_readme for parent in p.parents)]
    assert len(files) >= 16
    for path in files:
        assert path.stat().st_size < 20_000, path
        assert f"`{path.relative_to(FIXTURES).as_posix()}`" in readme, path


# --- encodings and separators ---------------------------------------------------------------------

CSV_VARIANTS = [
    # file, encoding, separator, dataset, recognised_by, header row, Excel rows of the data
    (BELGISCH, "cp1252", ";", "ontmoetingen", "bestandsnaam", 2, [3, 4, 5, 7, 8, 9, 10, 11, 12, 13]),
    ("utf8_bom_komma.csv", "utf-8-sig", ",", "ontmoetingen", "kolommen", 1, [2, 3, 4]),
    ("utf8_tab.tsv", "utf-8", "\t", "coordinatie_uren", "kolommen", 1, [2, 3, 4]),
    ("utf16.csv", "utf-16", "\t", "intake", "kolommen", 1, [2, 3, 4]),
    ("aanhalingstekens.csv", "utf-8", ";", "intake", "kolommen", 1, [2, 3, 4]),
    ("duizendtallen.csv", "cp1252", ";", "kosten", "kolommen", 1, [2, 3, 4, 5, 6, 7]),
    ("alleen_kop.csv", "utf-8", ";", "ontmoetingen", "kolommen", 1, []),
    ("onbekend.csv", "utf-8", ";", None, None, 1, [2, 3]),
]


@pytest.mark.parametrize(("name", "encoding", "sep", "dataset", "by", "header_row", "excel_rows"), CSV_VARIANTS,
                         ids=[v[0] for v in CSV_VARIANTS])
def test_csv_variants_are_decoded_split_and_recognised(name: str, encoding: str, sep: str, dataset: str | None,
                                                        by: str | None, header_row: int, excel_rows: list[int]) -> None:
    sheet = read_one(name)
    assert (sheet.encoding, sheet.separator, sheet.source_kind, sheet.sheet) == (encoding, sep, "csv", None)
    assert (sheet.dataset, sheet.recognised_by) == (dataset, by)
    assert sheet.header_row == header_row
    assert rows(sheet) == excel_rows
    assert sheet.frame.columns == [f"c{i}" for i in range(len(sheet.headers))] + [ROW_COLUMN]
    assert all(dtype == pl.String for dtype in sheet.frame.drop(ROW_COLUMN).dtypes)


@pytest.mark.parametrize(("name", "header", "row_index", "text"), [
    (BELGISCH, "Gemeld door", 1, "Coördinator"),             # cp1252 byte 0xF6, no BOM
    ("utf8_bom_komma.csv", "Gemeld door", 0, "Coördinator"),  # UTF-8 after a BOM
    ("utf8_tab.tsv", "Fase", 2, "Duo’s vormen"),              # UTF-8 without BOM, curly apostrophe
    ("duizendtallen.csv", "Bedrag (EUR)", 2, "€ 350"),        # € is byte 0x80 in cp1252
])
def test_non_ascii_text_survives_decoding(name: str, header: str, row_index: int, text: str) -> None:
    assert column(read_one(name), header)[row_index] == text


def test_utf16_header_keeps_its_accent() -> None:
    assert "Jaren in België" in read_one("utf16.csv").headers


def test_utf8_bom_is_not_part_of_the_first_header() -> None:
    assert read_one("utf8_bom_komma.csv").headers[0] == "DUO ID"


@pytest.mark.parametrize(("data", "text", "encoding"), [
    ("Coördinator;é".encode("cp1252"), "Coördinator;é", "cp1252"),
    ("Coördinator;é".encode("utf-8"), "Coördinator;é", "utf-8"),
    (b"\xef\xbb\xbf" + "Coördinator".encode("utf-8"), "Coördinator", "utf-8-sig"),
    (b"\xff\xfe" + "Jaren in België".encode("utf-16-le"), "Jaren in België", "utf-16"),
    (b"\xfe\xff" + "Jaren in België".encode("utf-16-be"), "Jaren in België", "utf-16"),
])
def test_decode_text(data: bytes, text: str, encoding: str) -> None:
    assert decode_text(data) == (text, encoding)


def test_read_csv_sheet_reads_the_same_bytes_as_read_file() -> None:
    direct = read_csv_sheet((FIXTURES / BELGISCH).read_bytes())
    via_file = read_one(BELGISCH)
    assert direct.headers == via_file.headers
    assert direct.frame.equals(via_file.frame)
    assert direct.dataset is None  # only read_file knows the file name


# --- layout: title rows, blank rows, quoting --------------------------------------------------------

def test_title_row_above_the_header_is_skipped() -> None:
    sheet = read_one(BELGISCH)
    assert sheet.header_row == 2
    assert sheet.headers == ["Duo ID", "Datum", "Duur (uren)", "Activiteit", "Nederlands geoefend", "Gemeld door"]
    assert not any("Logboek" in (v or "") for v in sheet.frame.drop(ROW_COLUMN).to_numpy().ravel())


def test_blank_rows_are_dropped_but_excel_row_numbers_are_kept() -> None:
    sheet = read_one(BELGISCH)
    excel_rows = rows(sheet)
    assert 6 not in excel_rows and not {14, 15, 16} & set(excel_rows)  # ';;;;;' lines
    assert excel_rows == [3, 4, 5, 7, 8, 9, 10, 11, 12, 13]
    assert column(sheet, "Datum")[excel_rows.index(7)] == "31/02/2024"
    assert column(sheet, "Gemeld door")[excel_rows.index(11)] == EMAIL
    cells = sheet.frame.drop(ROW_COLUMN)
    assert cells.filter(pl.all_horizontal(pl.all().is_null())).height == 0


def test_quoted_separator_and_line_break_stay_inside_their_cell() -> None:
    sheet = read_one("aanhalingstekens.csv")
    assert column(sheet, "Doelen") == ["netwerk; thuis voelen", "Nederlands oefenen\nWerk of opleiding", "andere"]
    assert column(sheet, "Toeleiding") == ["onthaalbureau", "ocmw", "mond-aan-mond"]  # no shifted columns
    # Record 3 spans two lines of the file, but is one Excel row: the next record is row 4, not 5.
    assert rows(sheet) == [2, 3, 4]


def test_header_only_file_gives_zero_rows() -> None:
    sheet = read_one("alleen_kop.csv")
    assert sheet.headers == ["Duo ID", "Datum", "Duur (uren)", "Activiteit"]
    assert sheet.frame.height == 0
    result = validate(sheet)
    assert (result.rows_read, result.accepted.height, result.issues.height) == (0, 0, 0)


# --- workbooks ------------------------------------------------------------------------------------

def test_workbook_sheets_are_recognised_by_sheet_name_and_helper_sheets_skipped() -> None:
    sheets = read_file(FIXTURES / "werkboek.xlsx")
    assert [s.sheet for s in sheets] == list(contracts())  # uitleg and the hidden lijsten are not data
    for sheet in sheets:
        assert (sheet.dataset, sheet.recognised_by, sheet.source_kind) == (sheet.sheet, "tabblad", "xlsx")
        assert sheet.encoding is None and sheet.separator is None and not sheet.hidden


def test_workbook_merged_title_row_and_formatted_empty_rows() -> None:
    sheets = {s.sheet: s for s in read_file(FIXTURES / "werkboek.xlsx")}
    duos = sheets["duos"]
    assert duos.header_row == 2
    assert duos.headers[0] == "Duo ID" and len(duos.headers) == 7
    assert rows(duos) == [3, 4]
    meetings = sheets["ontmoetingen"]
    assert meetings.header_row == 1
    assert rows(meetings) == [2, 3, 4]  # the 16 formatted rows below hold nothing
    assert len(meetings.headers) == 6


def test_workbook_real_excel_values_arrive_as_text() -> None:
    meetings = {s.sheet: s for s in read_file(FIXTURES / "werkboek.xlsx")}["ontmoetingen"]
    assert column(meetings, "Datum")[0].startswith("2024-02-05")
    assert column(meetings, "Duur (uren)") == ["1.5", "2", "0.75"]
    assert column(meetings, "Nederlands geoefend")[:2] == ["true", "false"]


def test_single_sheet_workbook_is_recognised_by_file_name_with_offset_rows() -> None:
    sheets = read_file(FIXTURES / "blad1" / "ontmoetingen_2024.xlsx")
    assert [s.sheet for s in sheets] == ["Blad1"]  # the empty Blad2 and Blad3 are no delivery
    sheet = sheets[0]
    assert (sheet.dataset, sheet.recognised_by) == ("ontmoetingen", "bestandsnaam")
    assert sheet.header_row == 3  # rows 1 and 2 are empty
    assert rows(sheet) == [4, 5, 7]  # row 6 is empty
    assert column(sheet, "Datum")[1] == "45356"


def test_dataset_is_recognised_by_headers_when_the_name_says_nothing() -> None:
    for name, dataset in [("utf8_bom_komma.csv", "ontmoetingen"), ("utf8_tab.tsv", "coordinatie_uren"),
                          ("utf16.csv", "intake"), ("duizendtallen.csv", "kosten")]:
        sheet = read_one(name)
        assert (sheet.dataset, sheet.recognised_by) == (dataset, "kolommen"), name


def test_unrecognised_file_is_read_without_a_dataset() -> None:
    sheet = read_one("onbekend.csv")
    assert sheet.dataset is None and sheet.recognised_by is None
    assert sheet.headers == ["Product", "Prijs", "Aantal"]
    assert column(sheet, "Prijs") == ["2,50", "1,80"]


@pytest.mark.parametrize(("name", "words"), [
    ("leeg.csv", "leeg"),
    ("rommel.csv", "geen tekstbestand"),
    ("rommel.xlsx", "geen geldig Excel-bestand"),
])
def test_empty_and_junk_files_are_unreadable_with_a_dutch_message(name: str, words: str) -> None:
    with pytest.raises(UnreadableFile, match=words):
        read_file(FIXTURES / name)


@pytest.mark.parametrize("name", ["bom_met_cp1252.csv", "utf16_afgekapt.csv"])
def test_undecodable_text_after_a_bom_is_unreadable_not_a_crash(name: str) -> None:
    """A UTF-8 BOM before Windows-1252 text falls back to Windows-1252; broken UTF-16 is refused."""
    try:
        sheets = read_file(FIXTURES / name)
    except UnreadableFile:
        assert name == "utf16_afgekapt.csv"
    else:
        assert name == "bom_met_cp1252.csv" and sheets[0].encoding == "cp1252"


# --- headers: case, accents, punctuation ------------------------------------------------------------

@pytest.mark.parametrize(("name", "header", "dataset", "column_name", "values"), [
    ("aanhalingstekens.csv", "JAREN IN BELGIE", "intake", "jaren_in_belgie", [2, 5, None]),
    ("utf16.csv", "Jaren in België", "intake", "jaren_in_belgie", [2, 1, None]),
    ("aanhalingstekens.csv", "DEELNEMER ID", "intake", "deelnemer_id", None),
    (BELGISCH, "Duur (uren)", "ontmoetingen", "duur_uren", [1.5, 2.0, 1.5, 1.5, 1.5]),
    ("utf8_bom_komma.csv", "duur-uren", "ontmoetingen", "duur_uren", [1.5, 2.0, 0.75]),
    ("utf8_bom_komma.csv", "DUO ID", "ontmoetingen", "duo_id", None),
])
def test_headers_match_case_insensitively_with_accents_folded(name: str, header: str, dataset: str,
                                                              column_name: str, values: list | None) -> None:
    sheet = read_one(name)
    assert header in sheet.headers
    assert contracts()[dataset].header_lookup()[normalise_name(header)] == column_name
    result = validate(sheet)
    assert not result.issues.filter(pl.col("rule").str.starts_with("kolom_")).height
    if values is not None:
        assert result.accepted[column_name].to_list() == values


# --- end to end: the Belgian Excel file through validate_sheet --------------------------------------

BELGISCH_REFUSED = {
    (7, "datum", "datum"),
    (8, "datum", "datum_jaar"),
    (9, "duur_uren", "groter_dan"),
    (10, "activiteit", "code"),
    (11, "gemeld_door", "persoonsgegeven"),
}


@pytest.fixture(scope="module")
def belgisch() -> SheetResult:
    return validate(read_one(BELGISCH))


def test_belgian_excel_refused_rows_and_rules(belgisch: SheetResult) -> None:
    issues = belgisch.issues
    assert set(issues.select("row", "column", "rule").iter_rows()) == BELGISCH_REFUSED
    assert issues.height == len(BELGISCH_REFUSED)
    assert issues["severity"].unique().to_list() == [ERROR]
    assert belgisch.rows_read == 10
    assert belgisch.rows_rejected == 5
    assert belgisch.accepted["_row"].to_list() == [3, 4, 5, 12, 13]


def test_belgian_excel_messages_are_dutch_and_name_the_column(belgisch: SheetResult) -> None:
    messages = {row: msg for row, msg in belgisch.issues.select("row", "message").iter_rows()}
    assert messages[7] == ("'31/02/2024' is geen geldige datum voor Datum. "
                           "Schrijf de datum als dd/mm/jjjj, bv. 05/03/2024.")
    assert messages[8].startswith("'03/04/24' in Datum heeft een jaar van 2 cijfers")
    assert messages[9] == "-2 is te klein voor Duur (uren). Verbeter de waarde: ze moet groter zijn dan 0."
    assert messages[10].startswith("'zwemmen' is geen toegelaten waarde voor Activiteit. Kies uit: koken,")
    assert messages[11].startswith("Gemeld door lijkt een e-mailadres te bevatten.")


def test_belgian_excel_accepted_values_are_typed(belgisch: SheetResult) -> None:
    got = belgisch.accepted.select("_row", "datum", "duur_uren", "activiteit", "nederlands_geoefend", "gemeld_door")
    assert got.rows() == [
        (3, date(2024, 2, 5), 1.5, "koken", True, "coach"),                  # 1,5
        (4, date(2024, 2, 19), 2.0, "gesprek", False, "coordinator"),        # Coördinator
        (5, date(2024, 3, 4), 1.5, "buiten", True, "inburgeraar"),           # 4/03/2024, 1u30, x
        (12, date(2024, 4, 25), 1.5, "dienst_bezoeken", True, "coach"),      # 1:30, Dienst bezoeken, j
        (13, date(2024, 5, 2), 1.5, "administratie", False, None),           # 90 min, n
    ]
    duo = belgisch.accepted["duo_id"].to_list()
    assert "D1" not in duo and duo[0] == duo[1] and duo[0] != duo[2]  # pseudonymised, consistently


def test_belgian_excel_email_is_masked_and_never_echoed(belgisch: SheetResult) -> None:
    row = belgisch.issues.filter(pl.col("row") == 11)
    assert row["value"].to_list() == [MASK]
    for col in belgisch.issues.columns:
        texts = belgisch.issues[col].cast(pl.String).drop_nulls().to_list()
        assert not any(EMAIL in t or "@" in t for t in texts), col
    assert EMAIL not in str(belgisch.accepted.rows())


# --- end to end: the other files ------------------------------------------------------------------

def test_workbook_every_sheet_validates_with_typed_values() -> None:
    results = {s.sheet: validate(s) for s in read_file(FIXTURES / "werkboek.xlsx")}
    for name, result in results.items():
        assert result.issues.height == 0, (name, result.issues.to_dicts())
        assert result.rows_rejected == 0
    meetings = results["ontmoetingen"].accepted
    assert meetings.select("datum", "duur_uren", "activiteit", "nederlands_geoefend", "gemeld_door").rows() == [
        (date(2024, 2, 5), 1.5, "koken", True, "coach"),
        (date(2024, 2, 19), 2.0, "gesprek", False, "inburgeraar"),
        (date(2024, 3, 4), 0.75, "buiten", True, "coordinator"),
    ]
    duos = results["duos"].accepted
    assert duos.select("_row", "startdatum", "einddatum").rows() == [
        (3, date(2024, 2, 1), None), (4, date(2024, 3, 1), date(2024, 5, 15))]
    assert results["kosten"].accepted.select("jaar", "bedrag_eur").rows() == [(2024, 12500.0), (2024, 1250.5)]
    assert results["initiatieven"].accepted.select("uurkost_eur", "fte_uren_per_jaar").rows() == [(52.5, 1600.0)]
    assert results["intake"].accepted.select("jaren_in_belgie", "score_leefwereld").rows() == [(2, None), (None, 3)]
    assert results["coordinatie_uren"].accepted["uren"].to_list() == [3.0, 1.5]


def test_single_sheet_workbook_serial_number_date_and_offset_rows() -> None:
    result = validate(read_one("blad1/ontmoetingen_2024.xlsx"))
    assert result.issues.height == 0
    assert result.accepted.select("_row", "datum", "duur_uren", "activiteit", "nederlands_geoefend").rows() == [
        (4, date(2024, 3, 5), 1.5, "koken", True),     # real Excel date
        (5, date(2024, 3, 5), 2.0, "sport", False),    # 45356 typed as a number
        (7, date(2024, 3, 12), 1.5, "cultuur", True),  # text cells
    ]


def test_workbook_duration_typed_as_a_time_is_read_as_hours() -> None:
    sheet = read_one("tijdnotatie/ontmoetingen_tijd.xlsx")
    assert rows(sheet) == [2, 3]
    result = validate(sheet)
    assert result.issues.height == 0, result.issues.select("row", "value", "rule").to_dicts()
    assert result.accepted["duur_uren"].to_list() == [1.5, 2.0]


def test_thousands_and_decimal_comma_in_amounts() -> None:
    result = validate(read_one("duizendtallen.csv"))
    assert result.issues.height == 0
    assert result.accepted.select("jaar", "kostenpost", "bedrag_eur").rows() == [
        (2024, "loonkost", 12500.0),
        (2024, "huisvesting", 1250.5),
        (2024, "wervingsmateriaal", 350.0),
        (2024, "verzekering", 1250.0),
        (2023, "loonkost", 9876543.21),
        (2023, "ontmoetingsmomenten", 1250.5),
    ]


def test_quoted_list_cells_become_code_lists() -> None:
    result = validate(read_one("aanhalingstekens.csv"))
    assert result.issues.height == 0
    assert result.accepted.select("_row", "doelen", "toeleiding").rows() == [
        (2, ["netwerk", "thuis_voelen"], "onthaalbureau"),
        (3, ["nederlands_oefenen", "werk_opleiding"], "ocmw"),
        (4, ["andere"], "mond_aan_mond"),
    ]


def test_tab_separated_time_log_with_curly_apostrophe() -> None:
    result = validate(read_one("utf8_tab.tsv"))
    assert result.issues.height == 0
    assert result.accepted.select("datum", "fase", "activiteit", "uren", "aantal_personen").rows() == [
        (date(2024, 1, 15), "werving", "wervingsactie", 3.0, None),
        (date(2024, 1, 16), "kennismaking", "kennismakingsgesprek", 1.5, 2),
        (date(2024, 2, 20), "duos_vormen", "matching", 0.5, None),
    ]


def test_utf8_bom_comma_file_with_iso_dates_and_dot_decimals() -> None:
    result = validate(read_one("utf8_bom_komma.csv"))
    assert result.issues.height == 0
    assert result.accepted.select("datum", "duur_uren", "nederlands_geoefend", "gemeld_door").rows() == [
        (date(2024, 2, 5), 1.5, True, "coordinator"),
        (date(2024, 2, 19), 2.0, False, "coach"),
        (date(2024, 3, 4), 0.75, None, "inburgeraar"),
    ]


def test_utf16_intake_values() -> None:
    result = validate(read_one("utf16.csv"))
    assert result.issues.height == 0
    assert result.accepted.select("rol", "datum", "aanmelddatum", "taalniveau", "inburgeringstraject").rows() == [
        ("inburgeraar", date(2024, 1, 10), date(2024, 1, 2), "A2", "ja"),
        ("inburgeraar", date(2024, 2, 10), date(2024, 2, 1), "A1", "nee"),
        ("coach", date(2024, 1, 12), date(2024, 1, 5), None, None),
    ]


def test_bare_carriage_returns_of_old_mac_excel(tmp_path: Path) -> None:
    path = tmp_path / "ontmoetingen.csv"
    path.write_bytes(b"Duo ID;Datum;Duur (uren);Activiteit\rD1;05/02/2024;1,5;koken\rD1;19/02/2024;2;gesprek\r")
    (sheet,) = read_file(path)
    assert sheet.dataset == "ontmoetingen" and sheet.frame["_rij"].to_list() == [2, 3]


def test_a_stray_value_far_outside_the_table_is_refused_before_parsing(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "ontmoetingen.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("ontmoetingen")
    ws.write_row(0, 0, ["Duo ID", "Datum", "Duur (uren)", "Activiteit"])
    ws.write_row(1, 0, ["D1", "05/02/2024", 1.5, "koken"])
    ws.write(1_048_575, 16_383, "x")  # XFD1048576: the reader would allocate 17 billion cells
    wb.close()
    with pytest.raises(UnreadableFile, match="enorm bereik"):
        read_file(path)
