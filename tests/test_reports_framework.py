"""The reports framework: the small-count rule, number formats, formula-safe XLSX, charts, rendering.

Expectations are computed by hand in the comments; the Hypothesis properties pin the rule itself.
"""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reports import charts, formatting, i18n, privacy
from reports.paths import report_stem
from reports.render import (COUNT, INT, NUMBER, PERCENT, PLAIN, TEXT, Column, Report, Table, csv_cell,
                            escape_formula, figure, prepare, render_html, sheet_name, write_report)
from samen.messages import MESSAGES
from samen.settings import paths

# --- the small-count rule -------------------------------------------------------------------------


def test_publish_count_on_hand_computed_values() -> None:
    # 0 stays 0; 1–9 → suppressed; ≥ 10 → nearest multiple of 5 (12 → 10, 13 → 15, 27 → 25, 28 → 30)
    values = [0, 1, 5, 9, 10, 11, 12, 13, 14, 27, 28, 1234]
    assert [privacy.publish_count(v) for v in values] == [0, None, None, None, 10, 10, 10, 15, 15, 25, 30, 1235]


@given(st.integers(min_value=0, max_value=10**7))
def test_a_published_count_is_never_1_to_9_and_never_off_by_more_than_2(n: int) -> None:
    shown = privacy.publish_count(n)
    if 1 <= n <= 9:
        assert shown is None
    else:
        assert shown is not None and shown % 5 == 0 and abs(shown - n) <= 2
        assert not 1 <= shown <= 9


@given(st.lists(st.integers(min_value=0, max_value=5000), min_size=1, max_size=30))
@settings(max_examples=60, deadline=None)
def test_protected_frames_hold_no_count_from_1_to_9_and_totals_use_exact_sums(counts: list[int]) -> None:
    frame = pl.DataFrame({"groep": [f"g{i}" for i in range(len(counts))], "n": counts})
    frame = privacy.with_total_row(frame, "groep", "totaal", ["n"])
    out = privacy.protect(frame, privacy.Protection(counts=("n",)))
    shown = out["n"].to_list()
    assert not any(v is not None and 1 <= v <= 9 for v in shown)
    assert privacy.violations(out, privacy.Protection(counts=("n",))) == []
    # the total row is the exact sum, published: never the sum of the rounded cells
    assert shown[-1] == privacy.publish_count(sum(counts))
    for exact, published in zip(counts, shown[:-1]):
        assert published is None or abs(published - exact) <= 2


def test_total_is_rounded_after_summing_exact_values() -> None:
    # 3 + 4 + 12 = 19 → 20; the cells show <10, <10, 10 (adding those could never give 20)
    frame = privacy.with_total_row(pl.DataFrame({"status": ["a", "b", "c"], "n": [3, 4, 12]}), "status", "totaal", ["n"])
    out = privacy.protect(frame, privacy.Protection(counts=("n",)))
    assert out["n"].to_list() == [None, None, 10, 20]
    assert privacy.publish_total([3, 4, 12]) == 20


def test_a_mean_over_8_is_withheld_and_over_10_shown() -> None:
    frame = pl.DataFrame({"score": ["nederlands", "thuis"], "n_paren": [8, 10], "gemiddelde": [0.8, 0.5],
                          "lo": [0.2, 0.1], "hi": [1.4, 0.9]})
    protection = privacy.Protection(counts=("n_paren",), stats={"gemiddelde": "n_paren", "lo": "n_paren", "hi": "n_paren"})
    out = privacy.protect(frame, protection)
    assert out.row(0) == ("nederlands", None, None, None, None)  # n = 8: the count is <10 and the mean withheld
    assert out.row(1) == ("thuis", 10, 0.5, 0.1, 0.9)
    assert privacy.publish_stat(0.8, 8) is None and privacy.publish_stat(0.5, 10) == 0.5


def test_the_flanders_total_keeps_exact_counts_but_not_small_means() -> None:
    frame = pl.DataFrame({"niveau": ["initiatief", "totaal"], "n": [7, 7], "aandeel": [0.4, 0.4]})
    out = privacy.protect(frame, privacy.Protection(counts=("n",), stats={"aandeel": "n"}), exempt=privacy.TOTAL_LEVEL)
    assert out["n"].to_list() == [None, 7]
    assert out["aandeel"].to_list() == [None, None]
    assert privacy.violations(out, privacy.Protection(counts=("n",)), exempt=privacy.TOTAL_LEVEL) == []


def test_the_rule_refuses_what_it_cannot_judge() -> None:
    with pytest.raises(ValueError, match="nulls"):
        privacy.protect(pl.DataFrame({"n": [None, 3]}, schema={"n": pl.Int64}), privacy.Protection(counts=("n",)))
    with pytest.raises(ValueError, match="both protected and exact"):
        privacy.Protection(counts=("n",), exact=("n",))
    raw = pl.DataFrame({"n": [3, 12], "m": [1.0, 2.0]})
    assert len(privacy.violations(raw, privacy.Protection(counts=("n",), stats={"m": "n"}))) == 2


def test_method_text_documents_the_thresholds_in_both_languages() -> None:
    nl, en = privacy.method_text("nl"), privacy.method_text("en")
    assert "1 tot 9" in nl[0] and "<10" in nl[0] and "veelvoud van 5" in nl[0] and "minstens 10" in nl[0]
    assert "from 1 to 9" in en[0] and "multiple of 5" in en[0] and "at least 10" in en[0]


# --- formatting ---------------------------------------------------------------------------------------


def test_dutch_and_english_number_formats() -> None:
    assert formatting.number(1234.5, "nl") == "1.234,5"
    assert formatting.number(1234.5, "en") == "1,234.5"
    assert formatting.integer(1234567, "nl") == "1.234.567"
    assert formatting.number(0.25, "nl", 2) == "0,25"
    assert formatting.percent(0.125, "nl", 1) == "12,5%"
    assert formatting.percent(0.125, "en", 1) == "12.5%"
    assert formatting.euro(1234.5, "nl") == "€ 1.235"
    assert formatting.day(date(2024, 3, 5), "nl") == "5 maart 2024"
    assert formatting.day(date(2024, 3, 5), "en") == "5 March 2024"
    assert formatting.interval(0.2, 0.9, "nl") == "[0,2 – 0,9]"
    assert formatting.number(None, "nl") == formatting.MISSING


@given(st.floats(min_value=-1e7, max_value=1e7, allow_nan=False), st.sampled_from(["nl", "en"]),
       st.integers(min_value=0, max_value=3))
def test_printed_numbers_read_back(value: float, lang: str, decimals: int) -> None:
    text = formatting.number(value, lang, decimals)
    assert formatting.parse_number(text, lang) == pytest.approx(float(text.replace(".", "").replace(",", ".")) if lang == "nl"
                                                                else float(text.replace(",", "")))
    assert abs(formatting.parse_number(text, lang) - value) <= 0.5 * 10 ** -decimals + 1e-9 * abs(value)


# --- i18n -------------------------------------------------------------------------------------------


def test_every_string_exists_in_both_languages_and_every_rule_has_a_label() -> None:
    assert i18n.missing_translations(i18n.STRINGS) == []
    assert i18n.missing_translations(i18n.RULE_LABELS) == []
    assert set(MESSAGES) <= set(i18n.RULE_LABELS)
    with pytest.raises(ValueError):
        i18n.t("dq_title", "fr")


# --- XLSX: formula injection ------------------------------------------------------------------------


def test_escape_formula() -> None:
    assert [escape_formula(v) for v in ("=1+1", "+31", "-2", "@SUM(A1)", "\tx", "\rx", "Aalst", "")] == [
        "'=1+1", "'+31", "'-2", "'@SUM(A1)", "'\tx", "'\rx", "Aalst", ""]
    assert csv_cell('=HYPERLINK("http://x","y")').startswith("'=") and csv_cell(None) == ""


def test_xlsx_writes_formula_looking_cells_as_inert_text(tmp_path: Path) -> None:
    nasty = ["=1+1", "+A1", "-2+3", "@SUM(A1:A2)", "=HYPERLINK(\"http://evil\",\"klik\")", "gewoon"]
    table = Table("t", "=Titel", pl.DataFrame({"waarde": nasty, "n": list(range(10, 16))}),
                  [Column("waarde", "=Kolom"), Column("n", "Aantal", INT)])
    report = Report(kind="test", lang="nl", title="+Rapport", template="generic.html.j2", published=False,
                    tables={"t": table})
    out = write_report(report, tmp_path / "test", formats=("xlsx",))["xlsx"]
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[1]  # after the notes sheet
    cells = [ws.cell(row=4 + i, column=1) for i in range(len(nasty))]
    assert [c.value for c in cells] == ["'=1+1", "'+A1", "'-2+3", "'@SUM(A1:A2)", "'=HYPERLINK(\"http://evil\",\"klik\")",
                                        "gewoon"]
    assert all(c.data_type == "s" for c in cells)  # strings, not formulas ('f')
    assert ws.cell(row=3, column=1).value == "'=Kolom" and ws.cell(row=1, column=1).value == "'=Titel"
    assert [ws.cell(row=4 + i, column=2).value for i in range(len(nasty))] == list(range(10, 16))  # numbers stay numbers
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            assert all(c.data_type != "f" for c in row)


def test_sheet_names_are_excel_safe_and_unique() -> None:
    used: set[str] = set()
    assert sheet_name("Uren per fase: [2024]/duo?", used) == "Uren per fase   2024  duo"
    long = "Een heel lange titel die langer is dan eenendertig tekens"
    first, second = sheet_name(long, used), sheet_name(long, used)
    assert len(first) == len(second) == 31 and first != second


# --- charts ----------------------------------------------------------------------------------------------


def _chart_frames() -> dict[str, object]:
    phases = pl.DataFrame({"reeks": ["Aalst"] * 5 + ["Meervelde"] * 5, "fase": list(charts.PHASES) * 2,
                           "uren": [10.0, 20, 150, 30, 100, 55, 20, 210, 55, 198]})
    scale = pl.DataFrame({"reeks": ["Dit initiatief", "Voorbeeld uit het handboek"], "duos": [45, 60],
                          "uren_per_duo": [9.5, 8.97], "label": ["Aalst", "Meervelde"]})
    bins = charts.bin_counts(pl.Series([0.1] * 12 + [0.5] * 3), [0, 0.25, 0.5, 0.75, 1.0])
    bins = privacy.protect(bins, privacy.Protection(counts=("n",)))
    retention = pl.DataFrame({"maand": [0, 3, 6, 12], "aandeel": [1.0, 0.9, 0.8, 0.6], "lo": [1.0, 0.8, 0.7, 0.5],
                              "hi": [1.0, 0.95, 0.9, 0.7]})
    forest = pl.DataFrame({"label": ["Nederlands", "Thuis"], "verschil": [0.5, None], "lo": [0.25, None],
                           "hi": [0.75, None]})
    trend = pl.DataFrame({"jaar": [2022, 2023, 2024], "waarde": [1.5, 2.5, 3.5], "reeks": ["Vlaanderen"] * 3})
    return {
        "fasen": charts.phase_hours_chart(phases, "nl"),
        "schaal": charts.scale_chart(scale, "nl"),
        "ritme": charts.histogram_chart(bins, "nl"),
        "retentie": charts.retention_chart(retention, "nl"),
        "forest": charts.forest_chart(forest, "nl"),
        "trend": charts.trend_chart(trend, "nl", y_format=",.1f"),
    }


def test_every_chart_helper_renders_an_svg_with_dutch_labels() -> None:
    svgs = {key: charts.to_svg(chart, "nl", prefix=key) for key, chart in _chart_frames().items()}
    for key, svg in svgs.items():
        assert svg.startswith("<svg") and "</svg>" in svg, key
        assert 'role="img"' in svg
    assert "Kennismaking" in svgs["fasen"] and "Uren" in svgs["fasen"]
    assert "Duo&apos;s vormen" in svgs["fasen"] or "Duo&#39;s vormen" in svgs["fasen"] or "Duo's vormen" in svgs["fasen"]
    assert "&lt;10" in svgs["ritme"]  # the suppressed bin (3 values) is a label, not a bar
    assert "niet getoond" in svgs["forest"]
    assert "2,5" in svgs["trend"] and "Jaar" in svgs["trend"]  # decimal comma on the axis


def test_charts_in_one_page_do_not_share_element_ids() -> None:
    import re

    frames = _chart_frames()
    ids = [re.findall(r'\bid="([^"]+)"', charts.to_svg(frames[k], "nl", prefix=k)) for k in ("retentie", "forest")]
    assert set(ids[0]).isdisjoint(ids[1])


def test_bin_counts_closes_the_last_bin() -> None:
    bins = charts.bin_counts(pl.Series([0.0, 0.5, 0.99, 1.0, None]), [0, 0.5, 1.0])
    assert bins["n"].to_list() == [1, 3]


# --- rendering a published report -------------------------------------------------------------------------


class _Cells(HTMLParser):
    """Collect the text of every <td> per table id and column (data-col)."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: dict[tuple[str, str], list[str]] = {}
        self._table = self._col = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self._table = a.get("id")
        elif tag == "td":
            self._col, self._text = a.get("data-col"), []

    def handle_data(self, data):
        if self._col is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "td" and self._col is not None:
            self.cells.setdefault((self._table, self._col), []).append("".join(self._text).strip())
            self._col = None


def _published_report(lang: str = "nl") -> Report:
    frame = pl.DataFrame({
        "jaar": [2024, 2024, 2024],
        "status": ["actief", "afgerond", "vroegtijdig_gestopt"],
        "duos": [1234, 13, 4],
        "n_tevredenheid": [1200, 13, 8],
        "tevredenheid": [4.25, 3.75, 2.5],
        "aandeel": [0.9876, 0.0125, 0.003],
        "uren": [1534.25, 20.0, 3.5],
    })
    table = Table("status", "Duo's per status", frame, [
        Column("jaar", "Jaar", PLAIN),
        Column("status", "Status", TEXT),
        Column("duos", "Duo's", COUNT),
        Column("tevredenheid", "Tevredenheid", NUMBER, decimals=2, n="n_tevredenheid"),
        Column("aandeel", "Aandeel", PERCENT, decimals=1, n="duos"),
        Column("uren", "Uren", NUMBER, decimals=1),
    ])
    return Report(kind="jaarrapport", lang=lang, title="Proef", template="generic.html.j2", tables={"status": table},
                  generated_on=date(2025, 1, 15))


def test_a_published_report_prints_every_figure_protected_and_in_dutch(tmp_path: Path) -> None:
    out = write_report(_published_report(), tmp_path / "proef")
    parser = _Cells()
    parser.feed(out["html"].read_text(encoding="utf-8"))
    cells = parser.cells
    assert cells[("status", "jaar")] == ["2024"] * 3
    assert cells[("status", "duos")] == ["1.235", "15", "<10"]  # 1234 → 1235, 13 → 15, 4 → <10
    assert cells[("status", "tevredenheid")] == ["4,25", "3,75", "–"]  # n = 8: withheld
    assert cells[("status", "aandeel")] == ["98,8%", "1,3%", "–"]  # based on 4 duos: withheld
    assert cells[("status", "uren")] == ["1.534,3", "20,0", "3,5"]  # hours are not about persons: exact (half up)
    html = out["html"].read_text(encoding="utf-8")
    assert "Kleine aantallen" in html and "veelvoud van 5" in html  # the rule is documented in the report
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org", "")

    ws = openpyxl.load_workbook(out["xlsx"]).worksheets[1]
    header = [c.value for c in ws[3]]
    rows = [dict(zip(header, (c.value for c in row))) for row in ws.iter_rows(min_row=4)]
    assert [r["Duo's"] for r in rows] == [1235, 15, "<10"]
    assert [r["Tevredenheid"] for r in rows] == [4.25, 3.75, "–"]
    assert [r["Jaar"] for r in rows] == [2024] * 3

    from pypdf import PdfReader

    pdf = PdfReader(str(out["pdf"]))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert len(pdf.pages) == 2  # the table, then the method annex on its own page
    assert "1.235" in text and "<10" in text and "Kleine aantallen" in text


def test_english_report_uses_english_formats(tmp_path: Path) -> None:
    html = render_html(_published_report("en"))
    parser = _Cells()
    parser.feed(html)
    assert parser.cells[("status", "duos")] == ["1,235", "15", "<10"]
    assert parser.cells[("status", "uren")] == ["1,534.3", "20.0", "3.5"]
    assert '<html lang="en">' in html and "Small counts" in html


def test_prepare_protects_once_and_exact_counts_stay_exact() -> None:
    frame = pl.DataFrame({"initiatief": ["aalst"], "gestart": [7], "actief": [3]})
    table = Table("kern", "Kerncijfers", frame, [Column("initiatief", "Initiatief"),
                                                 Column("gestart", "Gestart", COUNT, exact=True),
                                                 Column("actief", "Actief", COUNT)])
    report = prepare(Report(kind="initiatiefrapport", lang="nl", title="x", template="generic.html.j2",
                            tables={"kern": table}))
    assert report.tables["kern"].frame.row(0) == ("aalst", 7, None)
    assert prepare(report).tables["kern"].frame.row(0) == ("aalst", 7, None)


def test_figure_embeds_the_chart_svg_in_the_page() -> None:
    chart = _chart_frames()["trend"]
    report = Report(kind="jaarrapport", lang="nl", title="x", template="generic.html.j2",
                    figures={"trend": figure("trend", "Duo's per jaar", chart, "nl")})
    html = render_html(report)
    assert html.count("<svg") == 1 and "Duo&#39;s per jaar" in html


def test_report_paths(tmp_path: Path) -> None:
    p = paths(tmp_path)
    assert report_stem(p, "jaarrapport", year=2024) == tmp_path.resolve() / "reports" / "2024" / "jaarrapport"
    assert report_stem(p, "initiatiefrapport", year=2024, initiatief_id="aalst", lang="en") == \
        tmp_path.resolve() / "reports" / "2024" / "initiatiefrapport" / "aalst.en"
    assert report_stem(p, "datakwaliteit", initiatief_id="gent") == tmp_path.resolve() / "reports" / "datakwaliteit" / "gent"
    assert report_stem(p, "datakwaliteit", initiatief_id=None).name == "_agentschap"
    assert report_stem(p, "datakwaliteit", initiatief_id="../x y").name == "_x_y"
    with pytest.raises(ValueError):
        report_stem(p, "jaarrapport")


def test_a_pdf_is_rendered_again_only_when_its_html_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reports import render

    rendered: list[str] = []
    real = render.write_pdf
    monkeypatch.setattr(render, "write_pdf", lambda html, path: (rendered.append(path.name), real(html, path))[1])

    def report(value: int) -> Report:
        table = Table("t", "Tabel", pl.DataFrame({"n": [value]}), [Column("n", "Aantal", INT)])
        return Report(kind="test", lang="nl", title="Rapport", template="generic.html.j2", published=False,
                      tables={"t": table}, generated_on=date(2026, 12, 4))

    stem = tmp_path / "r"
    write_report(report(12), stem)
    write_report(report(12), stem)  # same content: the PDF on disk stays
    assert rendered == ["r.pdf"]
    write_report(report(13), stem)  # a figure changed
    assert rendered == ["r.pdf", "r.pdf"]
    (tmp_path / ".r.pdf.sha256").unlink()  # as after a crash between the PDF and its fingerprint
    write_report(report(13), stem)
    assert rendered == ["r.pdf"] * 3
    (tmp_path / "r.pdf").unlink()
    paths = write_report(report(13), stem)
    assert rendered == ["r.pdf"] * 4 and paths["pdf"].read_bytes().startswith(b"%PDF")


def test_pdfs_rendered_by_a_pool_are_the_same_reports(tmp_path: Path) -> None:
    from reports.render import PDF_POOL_MIN, parallel_pdfs

    def report(value: int) -> Report:
        table = Table("t", "Tabel", pl.DataFrame({"n": [value]}), [Column("n", "Aantal", INT)])
        return Report(kind="test", lang="nl", title=f"Rapport {value}", template="generic.html.j2",
                      published=False, tables={"t": table}, generated_on=date(2026, 12, 4))

    values = range(10, 10 + PDF_POOL_MIN)
    with parallel_pdfs(workers=2):
        paths = [write_report(report(v), tmp_path / "pool" / f"r{v}")["pdf"] for v in values]
    alone = [write_report(report(v), tmp_path / "alone" / f"r{v}")["pdf"] for v in values]
    from pypdf import PdfReader

    def text(path: Path) -> str:
        return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)

    for v, pooled, single in zip(values, paths, alone):
        assert pooled.read_bytes().startswith(b"%PDF")
        # each worker wrote its own report to its own file: the title and the figure are this one's
        assert f"Rapport {v}" in text(pooled) and str(v) in text(pooled).split(f"Rapport {v}", 1)[1]
        assert text(pooled) == text(single)
        assert (pooled.parent / f".{pooled.name}.sha256").read_text() == \
            (single.parent / f".{single.name}.sha256").read_text()
        assert abs(pooled.stat().st_size - single.stat().st_size) < 200  # same pages; only ids and dates differ
