"""The jaarrapport, end to end: a generated landing plus one constructed small initiative → the real pipeline
(raw, staging, every mart and `report/jaar_laatste` in one Dagster materialisation) → HTML, PDF and XLSX on
disk → read back and compared with the marts, queried here in SQL.

The constructed initiative `klein` has 8 duos (8 newcomers, 8 coaches) in 2025: every breakdown of its
persons or duos is a count from 1 to 9, so it shows what the small-count rule does to an initiative.
`tests/test_initiatiefrapport.py` reuses the landing built here.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import dagster as dg
import duckdb
import openpyxl
import pytest

from conftest import KEY, write_csv
from reports import browser, formatting, privacy

YEAR = 2025
AS_OF = date(2026, 6, 30)  # the last complete year before it is 2025
ARTIFACTS = Path(__file__).parent / "artifacts"
SMALL = "klein"


# --- the landing: generated initiatives plus `klein` -----------------------------------------------------------


def _d(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def write_small_initiative(land: Path) -> None:
    """8 duos started in February 2025: 5 completed on their planned end, 3 stopped early in May; intakes and
    closings with scores for all 16 people, meetings every 14 days, a coordinator log and one cost line."""
    write_csv(land / "_agentschap" / "initiatieven_klein.csv", [
        "Initiatief ID;Naam;Regio;Provincie;Organisator;Uurkost (EUR);FTE uren per jaar",
        f"{SMALL};Samen Klein;vlaanderen;Limburg;vzw;50;1600",
    ])
    duos = ["Duo ID;Inburgeraar ID;Coach ID;Startdatum;Geplande einddatum;Einddatum;Eindreden"]
    intake = ["Deelnemer ID;Rol;Datum;Aanmelddatum;Toeleiding;Jaren in België;Taalniveau;Inburgeringstraject;Doelen;"
              "Score Nederlands;Score thuis;Score netwerk;Score diensten;Score zelfredzaam;Score leefwereld"]
    closing = ["Deelnemer ID;Duo ID;Datum;Score Nederlands;Score thuis;Score netwerk;Score diensten;Score zelfredzaam;"
               "Score leefwereld;Doel bereikt;Tevredenheid;Contact blijft"]
    meetings = ["Duo ID;Datum;Duur (uren);Activiteit;Nederlands geoefend"]
    for i in range(1, 9):
        start = date(2025, 2, i)
        planned = date(2025, 8, i)
        early = i > 5
        end = date(2025, 5, i) if early else planned
        duos.append(f"K{i};P{i};C{i};{_d(start)};{_d(planned)};{_d(end)};"
                    f"{'vroegtijdig_inburgeraar' if early else 'afgerond'}")
        intake.append(f"P{i};inburgeraar;{_d(date(2025, 1, 10 + i))};{_d(date(2025, 1, i))};onthaalbureau;2;A2;ja;"
                      f"nederlands_oefenen;2;2;{1 + i % 2};2;3;")
        intake.append(f"C{i};coach;{_d(date(2025, 1, 12 + i))};{_d(date(2025, 1, i))};vereniging;;;;;;;;;;3")
        closing.append(f"P{i};K{i};{_d(end)};4;3;3;3;{3 + i % 2};;ja;5;ja")
        closing.append(f"C{i};K{i};{_d(end)};;;;;;4;deels;4;ja")
        day = start
        while day <= end:
            meetings.append(f"K{i};{_d(day)};2;koken;ja")
            day += timedelta(days=14)
    write_csv(land / SMALL / "duos.csv", duos)
    write_csv(land / SMALL / "intake.csv", intake)
    write_csv(land / SMALL / "afsluiting.csv", closing)
    write_csv(land / SMALL / "ontmoetingen.csv", meetings)
    log = ["Datum;Medewerker;Fase;Activiteit;Uren"]
    for month, (phase, activity, hours) in enumerate([
            ("werving", "wervingsactie", "6"), ("onthaal", "onthaalmoment", "4"),
            ("kennismaking", "kennismakingsgesprek", "20"), ("duos_vormen", "matching", "8"),
            ("opvolging", "telefonisch_contact", "12,5"), ("opvolging", "intervisie", "6")], start=1):
        log.append(f"{_d(date(2025, month, 15))};coord-1;{phase};{activity};{hours}")
    write_csv(land / SMALL / "coordinatie_uren.csv", log)
    write_csv(land / SMALL / "kosten.csv", ["Jaar;Kostenpost;Bedrag (EUR)", "2025;verzekering;150"])


def build_landing(root: Path) -> Path:
    from samen.generate import generate_landing

    land = root / "landing"
    generate_landing(land, initiatives=4, years=2, seed=7, first_year=2024, as_of=date(2025, 12, 31),
                     duos_per_year=(12, 45), mistakes=True)
    write_small_initiative(land)
    return land


def pipeline_assets(with_reports: bool = True) -> list:
    from assets import marts_deelname, marts_fasen, marts_impact, marts_tijdsinvestering, reports
    from assets.raw import raw_archive
    from assets.staging import staging_tables

    marts = [a for m in (marts_deelname, marts_fasen, marts_impact, marts_tijdsinvestering) for a in m.ASSETS]
    extra = [reports.report_jaar_laatste, reports.every_initiative_of_the_year_has_a_report] if with_reports else []
    return [raw_archive, staging_tables, *marts, *extra]


def materialise(home: Path, land: Path, with_reports: bool = True) -> dg.ExecuteInProcessResult:
    from pipelines.resources import SamenResource

    resource = SamenResource(home=str(home), landing=str(land), as_of=AS_OF.isoformat())
    with dg.instance_for_test() as instance:
        return dg.materialize(pipeline_assets(with_reports), resources={"samen": resource}, instance=instance)


def mart(home: Path, sql: str, params: list | None = None) -> list[dict]:
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        cur = con.execute(sql, params or [])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]
    finally:
        con.close()


# --- reading a report back -------------------------------------------------------------------------------------


class ReportPage(HTMLParser):
    """Tables by id as lists of {data-col: text}, key-figure tiles by data-key, and the number of figures."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tables: dict[str, list[dict[str, str]]] = {}
        self.tiles: dict[str, str] = {}
        self.figures = 0
        self._table = self._col = self._tile = None
        self._row: dict[str, str] = {}
        self._text: list[str] = []
        self._in_value = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self._table = a.get("id")
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self._row = {}
        elif tag == "td":
            self._col, self._text = a.get("data-col"), []
        elif tag == "li" and a.get("data-key"):
            self._tile = a["data-key"]
        elif tag == "span" and a.get("class") == "value" and self._tile:
            self._in_value, self._text = True, []
        elif tag == "figure":
            self.figures += 1

    def handle_endtag(self, tag):
        if tag == "td" and self._col:
            self._row[self._col] = "".join(self._text).strip()
            self._col = None
        elif tag == "tr" and self._table and self._row:
            self.tables[self._table].append(self._row)
            self._row = {}
        elif tag == "table":
            self._table = None
        elif tag == "span" and self._in_value:
            self.tiles[self._tile] = "".join(self._text).strip()
            self._in_value = False
        elif tag == "li":
            self._tile = None

    def handle_data(self, data):
        if self._col or self._in_value:
            self._text.append(data)


def read_page(path: Path) -> ReportPage:
    return ReportPage(path.read_text(encoding="utf-8"))


def sheet_rows(path: Path, sheet: str) -> list[dict]:
    """A table sheet of a report workbook: title in row 1, the header in row 3, data from row 4."""
    ws = openpyxl.load_workbook(path)[sheet]
    header = [c.value for c in ws[3]]
    return [dict(zip(header, (c.value for c in row))) for row in ws.iter_rows(min_row=4)]


def shown_count(n: int, exempt: bool = False) -> str:
    """What a report prints for an exact count of persons or duos."""
    if exempt:
        return formatting.integer(n, "nl")
    shown = privacy.publish_count(n)
    return privacy.SMALL if shown is None else formatting.integer(shown, "nl")


def shown_share(share, n, k=None, *, total: bool = False, decimals: int = 0, lang: str = "nl") -> str:
    """What a report prints for a share over n persons or duos: withheld below 10, and below the level of all of
    Flanders and Brussels also when the group it counts (k) or the rest holds 1 to 9."""
    if share is None or n is None or n < privacy.THRESHOLD:
        return formatting.MISSING
    if not total:
        k = round(share * n) if k is None else k
        if 1 <= k <= 9 or 1 <= n - k <= 9:
            return formatting.MISSING
    return formatting.percent(share, lang, decimals)


def shown_stat(value, n, decimals: int, lang: str = "nl") -> str:
    return formatting.number(privacy.publish_stat(value, n), lang, decimals)


def count_cells(report, workbook: Path) -> list[tuple[str, str, object]]:
    """(sheet, column, value) of every published cell of a count column that the rule governs, read from the
    XLSX, with the rows at the level of all of Flanders and Brussels left out (their counts are exact)."""
    from reports.render import prepare, sheet_name
    from reports.i18n import t

    prepared = prepare(report)
    used = {sheet_name(t("xlsx_notes_sheet", report.lang), set()).lower()}
    cells = []
    wb = openpyxl.load_workbook(workbook)
    for table in prepared.tables.values():
        name = sheet_name(table.sheet or table.title, used)
        rows = sheet_rows(workbook, name)
        assert len(rows) == table.frame.height, name
        total = ((table.frame["niveau"] == "totaal").to_list() if "niveau" in table.frame.columns
                 else [False] * len(rows))
        for column in table.protection().counts:
            label = next(c.label for c in table.columns if c.name == column)
            cells += [(name, label, row[label]) for row, is_total in zip(rows, total) if not is_total]
    assert wb.sheetnames[0] in ("Toelichting", "Notes")
    return cells


# --- fixtures ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The warehouse and the reports of 2025 as one refresh leaves them (report/jaar_laatste included)."""
    root = tmp_path_factory.mktemp("jaarrapport")
    mp = pytest.MonkeyPatch()
    mp.setenv("SAMEN_SECRET_KEY", KEY.decode())
    try:
        result = materialise(root / "home", build_landing(root))
    finally:
        mp.undo()
    assert result.success
    home = root / "home"
    meta = result.asset_materializations_for_node("report__jaar_laatste")[0].metadata
    assert meta["year"].value == YEAR and SMALL in meta["initiatives"].value
    checks = [e.event_specific_data for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"]
    assert [c.passed for c in checks if c.check_name == "elk_initiatief_van_het_jaar_een_rapport"] == [True]
    return home


@pytest.fixture(scope="module")
def files(home: Path) -> dict[str, Path]:
    stem = home / "reports" / str(YEAR) / "jaarrapport"
    return {fmt: stem.with_name(f"jaarrapport.{fmt}") for fmt in ("html", "pdf", "xlsx")}


@pytest.fixture(scope="module")
def report(home: Path):
    from reports.jaarrapport import build_jaarrapport, load

    return build_jaarrapport(load(home), YEAR, "nl")


@pytest.fixture(scope="module")
def page(files: dict[str, Path]) -> ReportPage:
    return read_page(files["html"])


# --- figures equal the marts ---------------------------------------------------------------------------------


def test_the_refresh_wrote_the_jaarrapport_and_every_initiatiefrapport_of_the_last_complete_year(home: Path,
                                                                                               files: dict) -> None:
    assert all(path.exists() and path.stat().st_size > 5_000 for path in files.values())
    initiatives = {r["sleutel"] for r in mart(home, "SELECT DISTINCT sleutel FROM mart.deelname WHERE niveau = "
                                                    "'initiatief' AND jaar = ? AND duos_actief > 0", [YEAR])}
    written = {p.stem for p in (home / "reports" / str(YEAR) / "initiatiefrapport").glob("*.html")}
    assert SMALL in initiatives and written == initiatives


def test_key_figures_and_tiles_equal_mart_deelname_and_tijdsinvestering(home: Path, page: ReportPage,
                                                                        files: dict) -> None:
    rows = {r["sleutel"]: r for r in mart(home, "SELECT * FROM mart.deelname WHERE jaar = ? AND niveau IN "
                                                "('regio', 'totaal')", [YEAR])}
    time = {r["sleutel"]: r for r in mart(home, "SELECT * FROM mart.tijdsinvestering_niveau WHERE jaar = ? AND "
                                                "niveau IN ('regio', 'totaal')", [YEAR])}
    printed = {r["label"]: r for r in page.tables["kerncijfers"]}
    labels = {"vlaanderen": "Vlaanderen", "brussel": "Brussel", "totaal": "Vlaanderen en Brussel"}
    assert set(printed) == {labels[k] for k in rows}
    for key, row in rows.items():
        cells, total = printed[labels[key]], key == "totaal"
        assert cells["duos_gestart"] == formatting.integer(row["duos_gestart"], "nl")  # headline figures: exact
        assert cells["duos_actief"] == formatting.integer(row["duos_actief"], "nl")
        assert cells["aandeel_afgerond"] == shown_share(row["aandeel_afgerond"], row["duos_beeindigd"],
                                                        row["duos_afgerond"], total=total)
        assert cells["aandeel_ritme"] == shown_share(row["aandeel_ritme"], row["duos_beoordeeld"], total=total)
        assert cells["uren_totaal"] == formatting.number(time[key]["uren_totaal"], "nl", 0)
        assert cells["uren_per_duo"] == formatting.number(time[key]["uren_per_duo"], "nl", 1)
        assert cells["vte"] == formatting.number(time[key]["vte"], "nl", 2)
    total = rows["totaal"]
    assert page.tiles["kerncijfers.duos_gestart"] == formatting.integer(total["duos_gestart"], "nl")
    assert page.tiles["kerncijfers.aandeel_afgerond"] == formatting.percent(total["aandeel_afgerond"], "nl")
    assert page.tiles["kerncijfers.uren_per_duo"] == formatting.number(time["totaal"]["uren_per_duo"], "nl", 1)
    # the XLSX holds the mart's numbers unrounded
    xlsx = {r["Regio"]: r for r in sheet_rows(files["xlsx"], "Kerncijfers")}
    assert xlsx["Vlaanderen en Brussel"]["Gestart"] == total["duos_gestart"]
    assert xlsx["Vlaanderen en Brussel"]["% afgerond"] == pytest.approx(total["aandeel_afgerond"])
    assert xlsx["Vlaanderen en Brussel"]["Uren per duo"] == pytest.approx(time["totaal"]["uren_per_duo"])


def test_participation_by_region_rounds_counts_below_the_total(home: Path, page: ReportPage) -> None:
    rows = {r["sleutel"]: r for r in mart(home, "SELECT * FROM mart.deelname WHERE jaar = ? AND niveau IN "
                                                "('regio', 'totaal')", [YEAR])}
    printed = {r["label"]: r for r in page.tables["deelname_duos"]}
    for key, label in (("vlaanderen", "Vlaanderen"), ("totaal", "Vlaanderen en Brussel")):
        row, total = rows[key], key == "totaal"
        for column in ("duos_beeindigd", "duos_afgerond", "duos_vroegtijdig_gestopt"):
            assert printed[label][column] == shown_count(row[column], exempt=total), (key, column)
        assert printed[label]["aandeel_vroegtijdig_gestopt"] == shown_share(
            row["aandeel_vroegtijdig_gestopt"], row["duos_beeindigd"], row["duos_vroegtijdig_gestopt"], total=total)


def test_time_investment_per_initiative_is_exact_and_equals_the_mart(home: Path, page: ReportPage, files: dict) -> None:
    rows = mart(home, "SELECT t.*, i.naam FROM mart.tijdsinvestering t LEFT JOIN staging.initiatieven i "
                      "USING (initiatief_id) WHERE jaar = ?", [YEAR])
    printed = {r["label"]: r for r in page.tables["tijd_initiatieven"]}
    assert set(printed) == {r["naam"] for r in rows}
    for row in rows:
        cells = printed[row["naam"]]
        assert cells["duos_gestart"] == formatting.integer(row["duos_gestart"], "nl")  # 8 for klein: exact
        assert cells["uren_per_duo"] == formatting.number(row["uren_per_duo"], "nl", 1)
        assert cells["vte"] == formatting.number(row["vte"], "nl", 2)
        assert cells["kost_per_duo_eur"] == formatting.euro(row["kost_per_duo_eur"], "nl")
    assert printed["Samen Klein"]["duos_gestart"] == "8"
    xlsx = {r["Initiatief"]: r for r in sheet_rows(files["xlsx"], "Tijd per initiatief")}
    small = next(r for r in rows if r["initiatief_id"] == SMALL)
    assert xlsx["Samen Klein"]["Uren"] == pytest.approx(small["uren_totaal"]) == 56.5


def test_impact_of_all_flanders_and_brussels_equals_mart_impact(home: Path, page: ReportPage, files: dict) -> None:
    from reports.i18n import code_label

    rows = mart(home, "SELECT * FROM mart.impact WHERE jaar = ? AND niveau = 'totaal'", [YEAR])
    printed = {r["label"]: r for r in page.tables["impact"]}
    assert len(rows) == 6 and len(printed) == 6
    for row in rows:
        cells = printed[code_label("score", row["score"], "nl")]
        assert cells["n_paren"] == formatting.integer(row["n_paren"], "nl")
        for column in ("gem_voor", "gem_na", "verschil", "ci_laag", "ci_hoog"):
            assert cells[column] == shown_stat(row[column], row["n_deelnemers"], 2), column
    xlsx = {r["Score"]: r for r in sheet_rows(files["xlsx"], "Impact")}
    dutch = next(r for r in rows if r["score"] == "score_nederlands")
    assert xlsx["Durft Nederlands spreken"]["Verschil"] == pytest.approx(dutch["verschil"])
    assert xlsx["Durft Nederlands spreken"]["95%-interval van"] == pytest.approx(dutch["ci_laag"])


def test_every_html_table_cell_equals_its_xlsx_cell(report, files: dict, page: ReportPage) -> None:
    """The same prepared report feeds both: every printed cell is the XLSX value formatted."""
    from reports.render import format_value, prepare, sheet_name
    from reports.i18n import t

    prepared = prepare(report)
    used = {sheet_name(t("xlsx_notes_sheet", "nl"), set()).lower()}
    for key, table in prepared.tables.items():
        rows = sheet_rows(files["xlsx"], sheet_name(table.sheet or table.title, used))
        html = page.tables[key]
        assert len(rows) == len(html) == table.frame.height, key
        for xrow, hrow in zip(rows, html):
            for column in table.columns:
                value, text = xrow[column.label], hrow[column.name]
                if isinstance(value, (int, float)) and column.numeric:
                    assert format_value(value, column, "nl") == text, (key, column.name)
                elif column.numeric:
                    assert value == text and text in (privacy.SMALL, formatting.MISSING), (key, column.name)


# --- the small-count rule ---------------------------------------------------------------------------------------


def test_no_published_count_below_the_total_holds_1_to_9(report, files: dict) -> None:
    cells = count_cells(report, files["xlsx"])
    assert len(cells) > 20
    bad = [c for c in cells if isinstance(c[2], (int, float)) and 1 <= c[2] <= 9]
    assert bad == []
    assert all(isinstance(v, (int, float)) and v % 5 == 0 or v == privacy.SMALL for _, _, v in cells)


def test_the_method_annex_documents_the_rule(page: ReportPage, files: dict) -> None:
    html = files["html"].read_text(encoding="utf-8")
    assert "Kleine aantallen" in html and "veelvoud van 5" in html and "3 van 11 is 27%" in html
    assert "Wat een voor- en nameting wel en niet toont" in html and "geen vergelijkingsgroep" in html
    assert html.count('id="kleine-aantallen"') == 1  # inside the annex, not appended twice


# --- formats ---------------------------------------------------------------------------------------------------


def test_pdf_has_a_first_page_of_key_figures_and_a_page_per_section(files: dict, page: ReportPage) -> None:
    from pypdf import PdfReader

    pdf = PdfReader(str(files["pdf"]))
    texts = [re.sub(r"\s+", " ", p.extract_text()) for p in pdf.pages]
    assert len(texts) >= 10
    first = texts[0]
    assert "Jaarrapport 2025" in first and "Vlaanderen en Brussel, samen en apart" in first and "Inhoud" in first
    assert page.tiles["kerncijfers.duos_gestart"] in first and "pagina 1 van" in first
    starts = {title: next(i for i, text in enumerate(texts[1:], start=1) if re.search(rf"\b{n}\. {title}", text))
              for n, title in ((1, "Deelname"), (2, "Tijdsinvestering"), (3, "Impact"), (8, "Methode"))}
    assert starts["Deelname"] < starts["Tijdsinvestering"] < starts["Impact"] < starts["Methode"]
    assert "Kleine aantallen" in " ".join(texts[starts["Methode"]:])


def test_xlsx_has_every_table_and_numbers_stay_numbers(report, files: dict) -> None:
    wb = openpyxl.load_workbook(files["xlsx"])
    assert len(wb.sheetnames) == 1 + len(report.tables)
    notes = " ".join(str(c.value) for row in wb["Toelichting"].iter_rows() for c in row if c.value)
    assert "Jaarrapport 2025" in notes and "veelvoud van 5" in notes
    rows = sheet_rows(files["xlsx"], "Kerncijfers")
    assert all(isinstance(r["Actief"], int) for r in rows)


@pytest.mark.skipif(not browser.available(), reason=f"{browser.CHROMIUM} is not installed (Debian package chromium)")
def test_headless_chromium_renders_every_chart_offline(files: dict, report) -> None:
    shot = ARTIFACTS / "jaarrapport.png"
    check = browser.inspect_page(files["html"], shot)
    assert check.console_errors == [] and check.requests == []
    assert check.title.startswith("Jaarrapport 2025")
    assert check.charts_rendered and len(check.svg_sizes) == len(report.figures) >= 8
    assert shot.exists() and shot.stat().st_size > 20_000


def test_english_version(home: Path) -> None:
    from reports.jaarrapport import render_jaarrapport

    out = render_jaarrapport(home, YEAR, "en", formats=("html", "xlsx"))
    assert out["html"].name == "jaarrapport.en.html"
    html = out["html"].read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "Annual report 2025" in html and "Small counts" in html
    assert "Vlaanderen en Brussel" not in html and "Flanders and Brussels" in html
    total = mart(home, "SELECT uren_totaal FROM mart.tijdsinvestering_niveau WHERE niveau = 'totaal' AND jaar = ?",
                 [YEAR])[0]["uren_totaal"]
    assert read_page(out["html"]).tiles["kerncijfers.uren_totaal"] == formatting.number(total, "en", 0)
    assert "Key figures" in openpyxl.load_workbook(out["xlsx"]).sheetnames


def test_a_year_without_data_is_refused_by_the_cli(home: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture) -> None:
    from samen.cli import build_parser

    monkeypatch.setenv("SAMEN_HOME", str(home))
    args = build_parser().parse_args(["report", "--kind", "jaarrapport", "--year", "2019"])
    assert args.func(args) == 2
    assert "geen gegevens over 2019" in capsys.readouterr().err
