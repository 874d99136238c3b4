"""The datakwaliteit report, end to end: landing files → warehouse → HTML/PDF/XLSX → read back.

The landing folder is the conftest `landing` folder (registry + aalst) plus files with known mistakes
for aalst and gent, a registry row with a bad region, a file outside any initiative folder and an
initiative (brugge) missing from the registry. It is loaded once per module with `samen.ingest` and
`samen.staging`, as tests/test_ingest.py does, and every report is rendered once.
"""

from __future__ import annotations

import argparse
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import dagster as dg
import duckdb
import openpyxl
import pytest

from conftest import DUOS, INTAKE, KEY, MEETINGS, REGISTRY, write_csv
from reports import browser
from reports.render import escape_formula
from reports.datakwaliteit import build_datakwaliteit, load_issues, render_all_datakwaliteit, render_datakwaliteit
from samen.ingest import discover, ingest
from samen.staging import rebuild_staging
from samen.warehouse import connect

AS_OF = date(2024, 12, 1)
ARTIFACTS = Path(__file__).parent / "artifacts"

BAD_MEETINGS_AALST = [  # Excel rows 2..6
    MEETINGS[0],
    "D1;31/02/2024;2;koken;ja",  # 2: datum (refused)
    "D1;12/03/2024;-2;koken;ja",  # 3: groter_dan (refused)
    "D9;12/03/2024;2;koken;ja",  # 4: onbekend_duo (refused at staging)
    "D1;13/03/2024;2;zwemmen;ja",  # 5: code (refused)
    "D1;14/03/2024;2;koken;ja",  # 6: valid
]
EXTRA_DUO_AALST = [DUOS[0], "D3;P1;C1;01/01/2024;01/03/2024;;"]  # 2: geplande_duur, 2 months (flagged)
BAD_MEETINGS_GENT = [MEETINGS[0], "G1;05/02/2024;1,5;koken;ja",  # 2: onbekend_duo (gent has no duos)
                     "G1;06/02/2024;99;koken;ja"]  # 3: maximum 12 (refused)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("dq")
    land = root / "landing"
    write_csv(land / "_agentschap" / "initiatieven.csv", REGISTRY)  # the conftest `landing` folder …
    write_csv(land / "aalst" / "duos.csv", DUOS)
    write_csv(land / "aalst" / "intake.csv", INTAKE)
    write_csv(land / "aalst" / "ontmoetingen_2024.csv", MEETINGS)
    write_csv(land / "aalst" / "ontmoetingen_fout.csv", BAD_MEETINGS_AALST)  # … plus mistakes
    write_csv(land / "aalst" / "duos_extra.csv", EXTRA_DUO_AALST)
    write_csv(land / "gent" / "ontmoetingen_gent.csv", BAD_MEETINGS_GENT)
    write_csv(land / "_agentschap" / "initiatieven_extra.csv", [REGISTRY[0], "brussel-x;Samen Brussel;Wallonie;;Vzw;;"])
    write_csv(land / "los_bestand.csv", [MEETINGS[0], "D1;05/02/2024;1,5;koken;ja"])
    write_csv(land / "brugge" / "duos.csv", [DUOS[0], "B1;P1;C1;01/02/2024;01/11/2024;;"])
    home = root / "home"
    with connect(home / "warehouse.duckdb") as con:
        ingest(con, discover(land), KEY, home / "raw")
        rebuild_staging(con, AS_OF)
    return home


@pytest.fixture(scope="module")
def rendered(home: Path) -> dict[str, dict[str, Path]]:
    return render_all_datakwaliteit(home, "nl")


@pytest.fixture(scope="module")
def rendered_en(home: Path) -> dict[str, Path]:
    return render_datakwaliteit(home, "aalst", "en")


def quarantine(home: Path, initiative: str) -> list[dict]:
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        cur = con.execute(
            "SELECT file, \"row\", rule, severity, message, message_en FROM quarantine.rejected_rows WHERE initiatief_id = ? "
            "UNION ALL SELECT file, \"row\", rule, severity, message, message_en FROM quarantine.flagged_rows "
            "WHERE initiatief_id = ?", [initiative, initiative])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]
    finally:
        con.close()


class ReportHTML(HTMLParser):
    """Tables by id as lists of {data-col: text}, the h3 heading before each table, and all visible text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tables: dict[str, list[dict[str, str]]] = {}
        self.heading_of: dict[str, str] = {}
        self.keyfigures: list[str] = []
        self.text: list[str] = []
        self._h3, self._in_h3, self._table, self._col, self._cell = "", False, None, None, []
        self._in_value = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "h3":
            self._in_h3, self._h3 = True, ""
        elif tag == "table":
            self._table = a.get("id")
            self.tables[self._table] = []
            self.heading_of[self._table] = self._h3
        elif tag == "tr" and self._table:
            self._row: dict[str, str] = {}
        elif tag == "td":
            self._col, self._cell = a.get("data-col"), []
        elif tag == "span" and a.get("class") == "value":
            self._in_value = True

    def handle_endtag(self, tag):
        if tag == "h3":
            self._in_h3 = False
        elif tag == "td" and self._col:
            self._row[self._col] = "".join(self._cell).strip()
            self._col = None
        elif tag == "tr" and self._table and self._row:
            self.tables[self._table].append(self._row)
            self._row = {}
        elif tag == "table":
            self._table = None
        elif tag == "span":
            self._in_value = False

    def handle_data(self, data):
        self.text.append(data)
        if self._in_h3:
            self._h3 += data
        if self._col:
            self._cell.append(data)
        if self._in_value:
            self.keyfigures.append(data.strip())

    def detail_rows(self) -> list[tuple[str, dict[str, str]]]:
        """(file heading, row) for every problem printed in the per-file blocks."""
        return [(self.heading_of[t], row) for t, rows in self.tables.items() if t.startswith("file-") for row in rows]


def read_html(path: Path) -> ReportHTML:
    return ReportHTML(path.read_text(encoding="utf-8"))


def xlsx_rows(path: Path, sheet: str) -> list[dict]:
    ws = openpyxl.load_workbook(path)[sheet]
    header = [c.value for c in ws[3]]
    return [dict(zip(header, (c.value for c in row))) for row in ws.iter_rows(min_row=4)]


# --- content ------------------------------------------------------------------------------------------


def test_every_problem_of_aalst_is_in_its_html_under_its_file(home: Path, rendered: dict) -> None:
    page = read_html(rendered["aalst"]["html"])
    printed = {(heading, row["row"], row["uitleg"]) for heading, row in page.detail_rows()}
    expected = quarantine(home, "aalst")
    assert len(expected) == 5  # 4 refused meetings + 1 flagged duo
    for problem in expected:
        file = problem["file"].removeprefix("aalst/")
        assert (file, str(problem["row"]), problem["message"]) in printed, problem
    assert len(page.detail_rows()) == len(expected)
    rules = sorted(row["regel"] for _, row in page.detail_rows())
    assert rules == sorted(["Ongeldige datum", "Waarde te klein", "Duo niet gekend", "Waarde niet in de lijst",
                            "Geplande duur buiten 6–12 maanden"])


def test_summary_figures_match_a_hand_count(rendered: dict) -> None:
    page = read_html(rendered["aalst"]["html"])
    summary = {row["file"]: row for row in page.tables["bestanden"]}
    # ontmoetingen_fout.csv: 5 rows read, rows 2–5 refused; duos_extra.csv: 1 row, flagged
    assert (summary["ontmoetingen_fout.csv"]["rows_read"], summary["ontmoetingen_fout.csv"]["geweigerd"],
            summary["ontmoetingen_fout.csv"]["gemarkeerd"]) == ("5", "4", "0")
    assert (summary["duos_extra.csv"]["rows_read"], summary["duos_extra.csv"]["geweigerd"],
            summary["duos_extra.csv"]["gemarkeerd"]) == ("1", "0", "1")
    assert set(summary) == {"duos.csv", "duos_extra.csv", "intake.csv", "ontmoetingen_2024.csv", "ontmoetingen_fout.csv"}
    # files 5; rows read 2 + 1 + 4 + 3 + 5 = 15; refused 4; flagged 1; whole-file problems 0
    assert page.keyfigures == ["5", "15", "4", "1", "0"]
    by_rule = {row["rule"]: (row["geweigerd"], row["gemarkeerd"]) for row in page.tables["regels"]}
    assert by_rule == {"datum": ("1", "0"), "groter_dan": ("1", "0"), "onbekend_duo": ("1", "0"),
                       "code": ("1", "0"), "geplande_duur": ("0", "1")}


def test_nothing_of_another_initiative_appears(home: Path, rendered: dict) -> None:
    aalst_html = rendered["aalst"]["html"].read_text(encoding="utf-8")
    aalst_xlsx = " ".join(str(c.value) for ws in openpyxl.load_workbook(rendered["aalst"]["xlsx"]).worksheets
                          for row in ws.iter_rows() for c in row if c.value is not None)
    for text in (aalst_html, aalst_xlsx):
        for foreign in ("ontmoetingen_gent", "'gent'", "99 is te groot", "brugge", "Wallonie", "los_bestand",
                        "initiatieven_extra"):
            assert foreign not in text, foreign
    gent_html = rendered["gent"]["html"].read_text(encoding="utf-8")
    assert "aalst" not in gent_html.lower() and "zwemmen" not in gent_html
    with connect(home / "warehouse.duckdb", read_only=True) as con:
        assert set(load_issues(con, "aalst")["initiatief_id"].to_list()) == {"aalst"}
    gent_rows = {(row["row"], row["uitleg"]) for _, row in read_html(rendered["gent"]["html"]).detail_rows()}
    assert gent_rows == {(str(p["row"]), p["message"]) for p in quarantine(home, "gent")}


def test_xlsx_lists_every_problem_with_typed_row_numbers(home: Path, rendered: dict) -> None:
    rows = xlsx_rows(rendered["aalst"]["xlsx"], "Meldingen")
    got = {(r["Bestand"], r["Rij"], r["Wat is er mis en hoe lost u het op"]) for r in rows}
    # text cells are formula-escaped: "-2 is te klein …" is stored as "'-2 is te klein …"
    assert got == {(p["file"].removeprefix("aalst/"), p["row"], escape_formula(p["message"]))
                   for p in quarantine(home, "aalst")}
    assert all(isinstance(r["Rij"], int) for r in rows)
    summary = {r["Bestand"]: r for r in xlsx_rows(rendered["aalst"]["xlsx"], "Overzicht per bestand")}
    assert (summary["ontmoetingen_fout.csv"]["Rijen gelezen"], summary["ontmoetingen_fout.csv"]["Geweigerd"]) == (5, 4)
    # a value that looks like a formula (-2) is stored as inert text
    values = [r["Waarde"] for r in rows if r["Rij"] == 3 and r["Bestand"] == "ontmoetingen_fout.csv"]
    assert values == ["'-2"]


def test_english_version(home: Path, rendered_en: dict) -> None:
    html = rendered_en["html"].read_text(encoding="utf-8")
    page = ReportHTML(html)
    assert '<html lang="en">' in html and "Data quality" in html and "What is wrong and how to fix it" in html
    printed = {(row["row"], row["uitleg"]) for _, row in page.detail_rows()}
    assert printed == {(str(p["row"]), p["message_en"]) for p in quarantine(home, "aalst")}
    assert "geen geldige datum" not in html  # no Dutch message left
    assert rendered_en["html"].name == "aalst.en.html"
    assert "Problems" in openpyxl.load_workbook(rendered_en["xlsx"]).sheetnames


def test_pdf_has_pages_and_names_the_files(rendered: dict) -> None:
    from pypdf import PdfReader

    pdf = PdfReader(str(rendered["aalst"]["pdf"]))
    assert len(pdf.pages) >= 2  # the overview, then the problems per file on a new page
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in pdf.pages))
    for name in ("ontmoetingen_fout.csv", "duos_extra.csv", "Datakwaliteit", "pagina1van"):
        assert name in text, name


def test_agency_report_holds_the_registry_and_unassigned_files_and_counts_per_initiative(home: Path,
                                                                                        rendered: dict) -> None:
    page = read_html(rendered["_agentschap"]["html"])
    details = page.detail_rows()
    headings = {heading for heading, _ in details}
    assert "_agentschap/initiatieven_extra.csv" in headings and "los_bestand.csv" in headings
    assert any("Wallonie" in row["uitleg"] and row["row"] == "2" for _, row in details)
    assert any("brugge" in row["uitleg"] and row["row"] == "heel bestand" for _, row in details)
    html = rendered["_agentschap"]["html"].read_text(encoding="utf-8")
    assert "zwemmen" not in html and "99 is te groot" not in html  # the initiatives' rows stay in their reports
    per = {row["initiatief_id"]: (row["bestanden"], row["rows_read"], row["geweigerd"], row["gemarkeerd"])
           for row in page.tables["initiatieven"]}
    # aalst: 5 files, 15 rows, 4 refused, 1 flagged; gent: rows 2 and 3 both refused; brugge: one flagged duo
    assert per == {"aalst": ("5", "15", "4", "1"), "gent": ("1", "2", "2", "0"), "brugge": ("1", "1", "0", "1")}
    assert "(niet in het register)" in html


def test_an_initiative_without_files_gets_a_plain_report(home: Path) -> None:
    with connect(home / "warehouse.duckdb", read_only=True) as con:
        report = build_datakwaliteit(con, "nieuw", "nl")
    assert report.context["has_files"] is False and report.tables["meldingen"].frame.height == 0
    assert report.published is False


# --- in a browser, offline ---------------------------------------------------------------------------


@pytest.mark.skipif(not browser.available(), reason=f"{browser.CHROMIUM} is not installed (Debian package chromium)")
@pytest.mark.parametrize("initiative", ["aalst", "_agentschap"])
def test_headless_chromium_renders_the_charts_offline_without_console_errors(rendered: dict, initiative: str) -> None:
    shot = ARTIFACTS / f"datakwaliteit_{initiative}.png"
    check = browser.inspect_page(rendered[initiative]["html"], shot)
    assert check.console_errors == []
    assert check.requests == []  # nothing but the file itself is loaded
    assert check.title.startswith("Datakwaliteit")
    if initiative == "aalst":
        assert check.charts_rendered and len(check.svg_sizes) == 1
    assert shot.exists() and shot.stat().st_size > 10_000


# --- Dagster and the command line ---------------------------------------------------------------------


def test_the_partitioned_asset_renders_one_initiative(home: Path, rendered: dict) -> None:
    from assets.reports import CHECKS, DATAKWALITEIT_KEY, report_datakwaliteit
    from pipelines.resources import SamenResource

    resource = SamenResource(home=str(home), as_of=AS_OF.isoformat())
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("initiatief", ["aalst", "gent"])
        result = dg.materialize([report_datakwaliteit], partition_key="gent", resources={"samen": resource},
                                instance=instance)
        assert result.success
        event = result.get_asset_materialization_events()[0]
        assert event.asset_key == DATAKWALITEIT_KEY and event.materialization.partition == "gent"
        meta = event.materialization.metadata
        assert meta["problems"].value == 2 and meta["rows_refused"].value == 2
        assert Path(meta["pdf"].value).name == "gent.pdf"


def test_the_refresh_renders_every_report_and_checks_none_is_missing(home: Path, rendered: dict) -> None:
    from assets.reports import CHECKS, report_datakwaliteit_alle
    from pipelines.resources import SamenResource

    resource = SamenResource(home=str(home), as_of=AS_OF.isoformat())
    with dg.instance_for_test() as instance:
        result = dg.materialize([report_datakwaliteit_alle, *CHECKS], resources={"samen": resource}, instance=instance)
    assert result.success
    meta = result.get_asset_materialization_events()[0].materialization.metadata
    assert meta["reports"].value == len(rendered)
    checks = [e.event_specific_data for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"]
    assert [c.passed for c in checks] == [True]


def _parser() -> argparse.ArgumentParser:
    from samen import report_cli

    parser = argparse.ArgumentParser(prog="samen")
    parser.add_argument("--lang", choices=("nl", "en"), default="nl")
    report_cli.add_parser(parser.add_subparsers(dest="command", required=True))
    return parser


def test_cli_renders_datakwaliteit_and_says_the_others_are_not_built(home: Path, rendered: dict,
                                                                     monkeypatch: pytest.MonkeyPatch,
                                                                     capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setenv("SAMEN_HOME", str(home))
    args = _parser().parse_args(["--lang", "en", "report", "--kind", "datakwaliteit", "--initiative", "gent"])
    assert args.lang == "en" and args.func(args) == 0
    out = capsys.readouterr().out
    assert str(home.resolve() / "reports" / "datakwaliteit" / "gent.en.html") in out
    args = _parser().parse_args(["report", "--kind", "jaarrapport", "--year", "2024"])
    assert args.func(args) == 2
    assert "nog niet gebouwd" in capsys.readouterr().err
    args = _parser().parse_args(["report", "--lang", "en", "--kind", "initiatiefrapport", "--year", "2024"])
    assert args.func(args) == 2


def test_an_older_delivery_of_a_file_is_marked_as_replaced(landing: Path, tmp_path: Path) -> None:
    """The conftest landing folder; a meeting log delivered with a mistake, then again corrected."""
    home = tmp_path / "home"
    log = landing / "aalst" / "ontmoetingen_maart.csv"

    def load() -> None:
        with connect(home / "warehouse.duckdb") as con:
            ingest(con, discover(landing), KEY, home / "raw")
            rebuild_staging(con, AS_OF)

    write_csv(log, [MEETINGS[0], "D1;31/03/2024;2;koken;ja", "D1;32/03/2024;2;koken;ja"])
    load()
    write_csv(log, [MEETINGS[0], "D1;31/03/2024;2;koken;ja", "D1;30/03/2024;2;koken;ja"])
    load()
    page = read_html(render_datakwaliteit(home, "aalst", formats=("html",))["html"])
    summary = [row for row in page.tables["bestanden"] if row["file"] == "ontmoetingen_maart.csv"]
    assert [(r["rows_read"], r["geweigerd"]) for r in summary] == [("2", "1"), ("2", "0")]  # old, then new
    html = render_datakwaliteit(home, "aalst", formats=("html",))["html"].read_text(encoding="utf-8")
    assert html.count("kwam een nieuwere versie van dit bestand binnen") == 1  # only the old delivery has problems
    assert [row["row"] for _, row in page.detail_rows()] == ["3"]


def test_a_file_with_thousands_of_refused_rows_shows_the_first_and_counts_the_rest(tmp_path: Path) -> None:
    """A systematic error must not make a 150 MB page: the page shows the first lines, the XLSX all."""
    import openpyxl

    from conftest import MEETINGS, write_csv
    from reports.datakwaliteit import MAX_LINES_PER_FILE, render_datakwaliteit
    from samen.ingest import discover, ingest
    from samen.staging import rebuild_staging
    from samen.warehouse import connect

    land, home = tmp_path / "landing", tmp_path / "home"
    rows = [f"D{i};05/02/2024;2;koken;ja" for i in range(100, 100 + MAX_LINES_PER_FILE + 40)]  # unknown duos
    write_csv(land / "aalst" / "ontmoetingen.csv", [MEETINGS[0], *rows])
    with connect(home / "warehouse.duckdb") as con:
        ingest(con, discover(land), b"k", home / "raw")
        rebuild_staging(con, AS_OF)
    written = render_datakwaliteit(home, "aalst")
    html = written["html"].read_text(encoding="utf-8")
    assert html.count("<tr") < MAX_LINES_PER_FILE + 60
    assert "En nog 40 meldingen" in html
    sheet = [ws for ws in openpyxl.load_workbook(written["xlsx"]).worksheets if ws.title == "Meldingen"][0]
    assert sheet.max_row >= MAX_LINES_PER_FILE + 40
