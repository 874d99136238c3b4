"""The initiatiefrapport, end to end, on the landing of tests/test_jaarrapport.py (four generated initiatives and
the constructed `klein`, 8 duos in 2025): figures read back from the HTML and the XLSX equal the marts, the
initiative's own headline figures are exact while every breakdown of its persons and duos follows the
small-count rule, a mean over 8 persons is withheld, and the report renders offline, in print and in English.
"""

from __future__ import annotations

import re
from pathlib import Path

import dagster as dg
import openpyxl
import pytest

from conftest import KEY
from reports import browser, formatting, privacy
from test_jaarrapport import (AS_OF, SMALL, YEAR, build_landing, count_cells, mart, materialise, read_page,
                              sheet_rows, shown_count, shown_share, shown_stat)

ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("initiatiefrapport")
    mp = pytest.MonkeyPatch()
    mp.setenv("SAMEN_SECRET_KEY", KEY.decode())
    try:
        assert materialise(root / "home", build_landing(root), with_reports=False).success
    finally:
        mp.undo()
    return root / "home"


@pytest.fixture(scope="module")
def big(home: Path) -> str:
    """The generated initiative with the most duos in the year."""
    rows = mart(home, "SELECT sleutel FROM mart.deelname WHERE niveau = 'initiatief' AND jaar = ? "
                      "ORDER BY duos_actief DESC, sleutel LIMIT 1", [YEAR])
    return rows[0]["sleutel"]


@pytest.fixture(scope="module")
def marts(home: Path):
    from reports.jaarrapport import load

    return load(home)


@pytest.fixture(scope="module")
def rendered(home: Path, big: str, marts) -> dict[str, dict[str, Path]]:
    from reports.initiatiefrapport import render_initiatiefrapport

    return {i: render_initiatiefrapport(home, i, YEAR, "nl", marts=marts) for i in (SMALL, big)}


@pytest.fixture(scope="module")
def reports(marts, big: str) -> dict:
    from reports.initiatiefrapport import build_initiatiefrapport

    return {i: build_initiatiefrapport(marts, i, YEAR, "nl") for i in (SMALL, big)}


# --- page 1: the initiative's own figures, exact, next to the handbook ----------------------------------------


@pytest.mark.parametrize("which", ["small", "big"])
def test_headline_figures_are_exact_and_equal_mart_tijdsinvestering(home: Path, rendered: dict, big: str,
                                                                   which: str) -> None:
    initiative = SMALL if which == "small" else big
    page = read_page(rendered[initiative]["html"])
    row = mart(home, "SELECT * FROM mart.tijdsinvestering WHERE initiatief_id = ? AND jaar = ?", [initiative, YEAR])[0]
    active = mart(home, "SELECT duos_actief FROM mart.deelname WHERE niveau = 'initiatief' AND sleutel = ? "
                        "AND jaar = ?", [initiative, YEAR])[0]["duos_actief"]
    expected = {
        "duos_gestart": formatting.integer(row["duos_gestart"], "nl"),
        "duos_actief": formatting.integer(active, "nl"),
        "uren_totaal": formatting.number(row["uren_totaal"], "nl", 0),
        "uren_per_duo": formatting.number(row["uren_per_duo"], "nl", 1),
        "vte": formatting.number(row["vte"], "nl", 2),
        "kost_per_duo_eur": formatting.euro(row["kost_per_duo_eur"], "nl"),
    }
    assert {k.split(".")[1]: v for k, v in page.tiles.items()} == expected
    assert page.tables["kerncijfers"][0]["aandeel_startfase"] == formatting.percent(row["aandeel_startfase"], "nl")
    xlsx = sheet_rows(rendered[initiative]["xlsx"], "Kerncijfers")[0]
    assert xlsx["Gestart"] == row["duos_gestart"] and xlsx["Uren per duo"] == pytest.approx(row["uren_per_duo"])
    if which == "small":
        # 8 duos started and 8 active: not about a person, so printed as they are, not as "<10"
        assert expected["duos_gestart"] == "8" and expected["duos_actief"] == "8"
        assert xlsx["Gestart"] == 8 and xlsx["Uren"] == 56.5
        # by hand from the coordinator log (6 + 4 + 20 + 8 + 12,5 + 6 h), 1600 h per FTE, €50/h and €150 costs
        assert row["uren_per_duo"] == pytest.approx(56.5 / 8) and expected["uren_per_duo"] == "7,1"
        assert row["vte"] == pytest.approx(56.5 / 1600) and expected["vte"] == "0,04"
        assert row["kost_per_duo_eur"] == pytest.approx((56.5 * 50 + 150) / 8)  # 371.875
        assert row["aandeel_startfase"] == pytest.approx((6 + 4 + 20 + 8) / 56.5)  # every phase before opvolging


def test_comparison_equals_mart_tijdsinvestering_vergelijking(home: Path, rendered: dict, big: str) -> None:
    from samen.benchmarks import load_benchmarks

    rows = mart(home, "SELECT * FROM mart.tijdsinvestering_vergelijking WHERE initiatief_id = ? AND jaar = ?",
                [big, YEAR])
    printed = read_page(rendered[big]["html"]).tables["vergelijking"]
    assert [r["referentie"] for r in rows] == ["eigen", "meervelde", "zonnegem", "braam", "intensief", "peers"]
    assert len(printed) == len(rows)
    for row, cells in zip(rows, printed):
        assert cells["uren_per_duo"] == formatting.number(row["uren_per_duo"], "nl", 1), row["referentie"]
        assert cells["aandeel_startfase"] == formatting.percent(row["aandeel_startfase"], "nl")
        assert cells["verhouding"] == formatting.number(row["verhouding_uren_per_duo"], "nl", 2)
    b = load_benchmarks()
    assert [c["label"] for c in printed[1:4]] == [b.initiatives[r].name for r in ("meervelde", "zonnegem", "braam")]
    assert printed[4]["duos_per_jaar"] == "50" and printed[4]["vte"] == "0,50"  # the intensive norm
    assert "n = " in printed[5]["label"]  # too few peers: said, and nothing shown
    lead = rendered[big]["html"].read_text(encoding="utf-8")
    assert "Meervelde 9,0" in lead and "Intensieve norm 16,0" in lead


def test_hours_per_phase_equal_the_mart(home: Path, rendered: dict, big: str) -> None:
    row = mart(home, "SELECT * FROM mart.tijdsinvestering WHERE initiatief_id = ? AND jaar = ?", [big, YEAR])[0]
    printed = {r["label"]: r for r in read_page(rendered[big]["html"]).tables["uren_fasen"]}
    for phase, label in (("werving", "Werving"), ("kennismaking", "Kennismaking"), ("opvolging", "Opvolging")):
        assert printed[label]["uren"] == formatting.number(row[f"uren_{phase}"], "nl", 0)
        assert printed[label]["uren_per_duo"] == formatting.number(row[f"uren_{phase}"] / row["duos_gestart"], "nl", 1)
    assert printed["Kennismaking"]["per_duo_meervelde"] == formatting.number(210 / 60, "nl", 1)


# --- participation, funnel and impact follow the small-count rule --------------------------------------------


def test_participation_by_year_equals_mart_deelname_after_the_rule(home: Path, rendered: dict, big: str) -> None:
    rows = mart(home, "SELECT * FROM mart.deelname WHERE niveau = 'initiatief' AND sleutel = ? AND jaar <= ? "
                      "ORDER BY jaar", [big, YEAR])
    printed = read_page(rendered[big]["html"]).tables
    assert [r["jaar"] for r in printed["deelname_duos"]] == [str(r["jaar"]) for r in rows]
    for row, duos, rhythm in zip(rows, printed["deelname_duos"], printed["deelname_ritme"]):
        assert duos["duos_gestart"] == formatting.integer(row["duos_gestart"], "nl")
        assert duos["duos_beeindigd"] == shown_count(row["duos_beeindigd"])
        assert duos["duos_afgerond"] == shown_count(row["duos_afgerond"])
        assert duos["aandeel_afgerond"] == shown_share(row["aandeel_afgerond"], row["duos_beeindigd"],
                                                       row["duos_afgerond"])
        assert rhythm["duos_beoordeeld"] == shown_count(row["duos_beoordeeld"])
        assert rhythm["aandeel_ritme"] == shown_share(row["aandeel_ritme"], row["duos_beoordeeld"])
        assert rhythm["mediaan_uren_per_14d"] == shown_stat(row["mediaan_uren_per_14d"], row["duos_beoordeeld"], 1)


def test_impact_of_the_initiative_equals_mart_impact_after_the_rule(home: Path, rendered: dict, big: str) -> None:
    from reports.i18n import code_label

    rows = mart(home, "SELECT * FROM mart.impact WHERE niveau = 'initiatief' AND sleutel = ? AND jaar = ?", [big, YEAR])
    printed = {r["label"]: r for r in read_page(rendered[big]["html"]).tables["impact"]}
    assert rows and len(printed) == len(rows)
    shown = 0
    for row in rows:
        cells = printed[code_label("score", row["score"], "nl")]
        assert cells["n_paren"] == shown_count(row["n_paren"])
        assert cells["verschil"] == shown_stat(row["verschil"], row["n_deelnemers"], 2)
        assert cells["ci_hoog"] == shown_stat(row["ci_hoog"], row["n_deelnemers"], 2)
        expected_better = (shown_share(row["aandeel_beter"], row["n_paren"]) if row["n_deelnemers"] >= 10
                           else formatting.MISSING)
        assert cells["aandeel_beter"] == expected_better
        shown += cells["verschil"] != formatting.MISSING
    assert shown >= 1  # the largest initiative has at least one score over 10 or more persons


def test_a_small_initiative_of_8_persons_has_its_means_withheld(home: Path, rendered: dict, reports: dict) -> None:
    rows = mart(home, "SELECT * FROM mart.impact WHERE niveau = 'initiatief' AND sleutel = ? AND jaar = ?",
                [SMALL, YEAR])
    assert {r["n_deelnemers"] for r in rows} == {8} and all(r["gem_voor"] is not None for r in rows)
    page = read_page(rendered[SMALL]["html"])
    for cells in page.tables["impact"]:
        assert cells["n_paren"] == privacy.SMALL
        assert all(cells[c] == formatting.MISSING for c in ("gem_voor", "gem_na", "verschil", "ci_laag", "ci_hoog",
                                                              "aandeel_beter", "responsgraad"))
    assert "niet getoond (minder dan 10)" in rendered[SMALL]["html"].read_text(encoding="utf-8")  # the forest plot
    impact = sheet_rows(rendered[SMALL]["xlsx"], "Impact")
    assert len(impact) == 6 and {r["Paren"] for r in impact} == {privacy.SMALL}
    assert {r["Voor"] for r in impact} == {r["Verschil"] for r in impact} == {formatting.MISSING}
    # the duos: 8 ended (5 completed, 3 early) → every count "<10", every share withheld
    duos = {r["jaar"]: r for r in page.tables["deelname_duos"]}[str(YEAR)]
    assert (duos["duos_beeindigd"], duos["duos_afgerond"], duos["duos_vroegtijdig_gestopt"]) == (privacy.SMALL,) * 3
    assert duos["aandeel_afgerond"] == duos["aandeel_vroegtijdig_gestopt"] == formatting.MISSING
    funnel = page.tables["trechter"]
    assert {r["aangemeld"] for r in funnel} == {privacy.SMALL}


@pytest.mark.parametrize("which", ["small", "big"])
def test_no_published_count_cell_holds_1_to_9(rendered: dict, reports: dict, big: str, which: str) -> None:
    initiative = SMALL if which == "small" else big
    cells = count_cells(reports[initiative], rendered[initiative]["xlsx"])
    assert len(cells) > 30
    assert [c for c in cells if isinstance(c[2], (int, float)) and 1 <= c[2] <= 9] == []
    if which == "small":  # every count of persons or duos of `klein` is below 10 or none at all
        assert {v for _, _, v in cells} <= {privacy.SMALL, 0}


# --- formats -----------------------------------------------------------------------------------------------------


def test_pdf_first_page_is_the_staff_time_justification(rendered: dict, big: str, marts) -> None:
    from pypdf import PdfReader

    pdf = PdfReader(str(rendered[big]["pdf"]))
    texts = [re.sub(r"\s+", " ", p.extract_text()) for p in pdf.pages]
    assert len(texts) >= 6
    first = texts[0]
    name = marts.name(big)
    for text in ("Initiatiefrapport 2025", name, "Uren per duo in elke fase", "Meervelde", "Zonnegem", "Braam",
                 "Intensieve norm", "Naast het handboek, de norm en vergelijkbare initiatieven", "pagina 1 van"):
        assert text in first, text
    starts = [next(i for i, t in enumerate(texts[1:], start=1) if re.search(rf"\b{n}\. {title}", t))
              for n, title in ((1, "Tijdsinvestering in detail"), (2, "Deelname"), (3, "Van aanmelding tot duo"),
                               (4, "Impact"), (5, "Methode"))]
    assert starts == sorted(starts) and len(set(starts)) == 5  # each section starts a page of its own


@pytest.mark.skipif(not browser.available(), reason=f"{browser.CHROMIUM} is not installed (Debian package chromium)")
def test_headless_chromium_renders_every_chart_offline(rendered: dict, reports: dict, big: str) -> None:
    shot = ARTIFACTS / "initiatiefrapport.png"
    check = browser.inspect_page(rendered[big]["html"], shot)
    assert check.console_errors == [] and check.requests == []
    assert check.title.startswith("Initiatiefrapport 2025")
    assert check.charts_rendered and len(check.svg_sizes) == len(reports[big].figures) >= 5
    assert shot.exists() and shot.stat().st_size > 20_000


def test_english_version(home: Path, big: str, marts) -> None:
    from reports.initiatiefrapport import render_initiatiefrapport

    out = render_initiatiefrapport(home, big, YEAR, "en", formats=("html", "xlsx"), marts=marts)
    assert out["html"].name == f"{big}.en.html"
    html = out["html"].read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "Initiative report 2025" in html and "Next to the handbook" in html
    row = mart(home, "SELECT uren_totaal FROM mart.tijdsinvestering WHERE initiatief_id = ? AND jaar = ?",
               [big, YEAR])[0]
    assert read_page(out["html"]).tiles["kerncijfers.uren_totaal"] == formatting.number(row["uren_totaal"], "en", 0)
    assert {"Key figures", "Comparison", "Funnel"} <= set(openpyxl.load_workbook(out["xlsx"]).sheetnames)
    assert "Kerncijfers" not in html


# --- Dagster and the command line ---------------------------------------------------------------------------------


def test_the_partitioned_asset_renders_one_initiative_and_year(home: Path) -> None:
    from assets.reports import INITIATIEFRAPPORT_KEY, report_initiatiefrapport
    from pipelines.resources import SamenResource

    resource = SamenResource(home=str(home), as_of=AS_OF.isoformat())
    key = dg.MultiPartitionKey({"initiatief": SMALL, "jaar": str(YEAR)})
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("initiatief", [SMALL])
        result = dg.materialize([report_initiatiefrapport], partition_key=key, resources={"samen": resource},
                                instance=instance)
    assert result.success
    event = result.get_asset_materialization_events()[0]
    assert event.asset_key == INITIATIEFRAPPORT_KEY
    meta = event.materialization.metadata
    assert meta["initiative"].value == SMALL and meta["year"].value == YEAR
    assert Path(meta["pdf"].value) == home / "reports" / str(YEAR) / "initiatiefrapport" / f"{SMALL}.pdf"


def test_the_reports_stay_out_of_the_refresh_job() -> None:
    from pipelines.definitions import defs

    job = defs.resolve_job_def("refresh")
    selected = {k.to_user_string() for k in job.asset_layer.asset_graph.get_all_asset_keys()}
    assert "report/jaar_laatste" in selected
    assert not {"report/jaarrapport", "report/initiatiefrapport", "report/datakwaliteit"} & selected


def test_cli_renders_the_initiatiefrapport_of_the_last_complete_year(home: Path, monkeypatch: pytest.MonkeyPatch,
                                                                     capsys: pytest.CaptureFixture) -> None:
    from samen.cli import build_parser

    monkeypatch.setenv("SAMEN_HOME", str(home))
    args = build_parser().parse_args(["report", "--kind", "initiatiefrapport", "--initiative", SMALL, "--lang", "en"])
    assert args.func(args) == 0
    captured = capsys.readouterr()
    assert f"Year: {YEAR}" in captured.err
    assert str(home.resolve() / "reports" / str(YEAR) / "initiatiefrapport" / f"{SMALL}.en.pdf") in captured.out
    args = build_parser().parse_args(["report", "--kind", "initiatiefrapport", "--initiative", "onbekend-x"])
    assert args.func(args) == 2
    assert "niet gekend" in capsys.readouterr().err
