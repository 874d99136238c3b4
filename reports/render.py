"""From a `Report` (tables, figures, context) to self-contained HTML, PDF and XLSX.

The same prepared report feeds all three formats, so a figure cannot differ between them:
tables are protected once (`prepare`: the small-count rule from `reports.privacy` on every table
of a published report, then a last check that refuses to write anything unsafe), the HTML is
rendered once, and WeasyPrint turns that very HTML into the PDF. The HTML inlines its stylesheet
and its charts (SVG), so it opens from file:// with no network.

Builders (datakwaliteit now; jaarrapport and initiatiefrapport next) only describe content:

    report = Report(kind="jaarrapport", lang="nl", title=..., template="jaarrapport.html.j2",
                    tables={"deelname": Table(...)}, figures={"trend": figure("trend", ..., chart, lang)})
    paths = write_report(report, report_stem(p, "jaarrapport", year=2024, lang="nl"))
"""

from __future__ import annotations

import hashlib
import math
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence
from zoneinfo import ZoneInfo

import jinja2
import polars as pl
from markupsafe import Markup, escape

from reports import formatting, privacy
from reports.i18n import Translator, check_lang, t

TEMPLATES = Path(__file__).with_name("templates")
FORMATS = ("html", "pdf", "xlsx")
TZ = ZoneInfo("Europe/Brussels")

# Column kinds. Counts of persons or duos are "count"; a mean or share over persons/duos names its n.
# "plain" is a whole number printed without thousands separator: a year, an Excel row number.
TEXT, INT, PLAIN, COUNT, NUMBER, HOURS, EURO, PERCENT, DATE, FTE = (
    "text", "int", "plain", "count", "number", "hours", "euro", "percent", "date", "fte")
KINDS = (TEXT, INT, PLAIN, COUNT, NUMBER, HOURS, EURO, PERCENT, DATE, FTE)
_NUMERIC = {INT, PLAIN, COUNT, NUMBER, HOURS, EURO, PERCENT, FTE}
_DEFAULT_DECIMALS = {NUMBER: 1, HOURS: 1, EURO: 0, PERCENT: 0, FTE: 2}
_XLSX_FORMATS = {INT: "#,##0", PLAIN: "0", COUNT: "#,##0", NUMBER: "#,##0.{d}", HOURS: "#,##0.{d}", FTE: "0.{d}",
                 EURO: "€ #,##0.{d}", PERCENT: "0.{d}%"}

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class PrivacyError(RuntimeError):
    """A published table would show a cell that breaks the small-count rule: nothing is written."""


@dataclass(frozen=True)
class Column:
    """One shown column of a table.

    kind: how to format (and, in published reports, protect) it; n: for a mean/share/interval over
    persons or duos, the column holding its exact n; exact: a count that is an initiative's own
    headline figure (duos started, active), shown exactly even in a published report; missing: the
    text for an empty cell when "–" would not say enough (never used for a suppressed count).
    """

    name: str
    label: str
    kind: str = TEXT
    decimals: int | None = None
    n: str | None = None
    exact: bool = False
    missing: str | None = None
    wrap: bool = False  # long identifiers without spaces (file paths): may break anywhere to fit the page

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")

    @property
    def numeric(self) -> bool:
        return self.kind in _NUMERIC

    @property
    def css(self) -> str:
        return ("num" if self.numeric else self.kind) + (" wrap" if self.wrap else "")

    @property
    def places(self) -> int:
        return self.decimals if self.decimals is not None else _DEFAULT_DECIMALS.get(self.kind, 0)


@dataclass
class Table:
    """A table of the report: shown in the HTML/PDF and on its own XLSX sheet.

    `frame` holds exact values; `prepare()` protects it for published reports. `exempt` marks rows
    whose counts stay exact (privacy.TOTAL_LEVEL: all of Flanders and Brussels).
    """

    key: str
    title: str
    frame: pl.DataFrame
    columns: list[Column]
    note: str | None = None
    exempt: pl.Expr | None = None
    sheet: str | None = None
    protected: bool = False

    def __post_init__(self) -> None:
        missing = [c.name for c in self.columns if c.name not in self.frame.columns]
        missing += [c.n for c in self.columns if c.n and c.n not in self.frame.columns]
        if missing:
            raise KeyError(f"table {self.key!r}: columns not in the frame: {missing}")

    def protection(self) -> privacy.Protection:
        return privacy.Protection(
            counts=tuple(c.name for c in self.columns if c.kind == COUNT and not c.exact),
            stats={c.name: c.n for c in self.columns if c.n},
            exact=tuple(c.name for c in self.columns if c.kind == COUNT and c.exact),
        )

    def published(self) -> "Table":
        """A copy with the small-count rule applied (idempotent)."""
        if self.protected:
            return self
        return replace(self, frame=privacy.protect(self.frame, self.protection(), self.exempt), protected=True)

    def cell(self, value: Any, column: Column, lang: str) -> str:
        """The printed text of one cell (HTML, PDF; the XLSX keeps numbers as numbers)."""
        suppressed_count = self.protected and column.kind == COUNT and not column.exact
        if value is None or (isinstance(value, float) and math.isnan(value)):
            if suppressed_count:
                return privacy.SMALL
            return column.missing if column.missing is not None else formatting.MISSING
        return format_value(value, column, lang)

    def rows(self, lang: str) -> list[list[tuple[str, str, bool]]]:
        """Rows of (text, css class, may break at / _ . -) for the template."""
        out = []
        for record in self.frame.iter_rows(named=True):
            out.append([(self.cell(record[c.name], c, lang), c.css, c.wrap) for c in self.columns])
        return out

    def split(self, by: str) -> list[tuple[Any, "Table"]]:
        """The table cut into consecutive groups by one column (kept in first-seen order)."""
        keys = list(dict.fromkeys(self.frame[by].to_list()))
        return [(k, replace(self, frame=self.frame.filter(pl.col(by).eq_missing(k)))) for k in keys]


@dataclass(frozen=True)
class Figure:
    """A chart rendered to inline SVG, with the caption the report prints above it."""

    key: str
    title: str
    svg: str
    caption: str | None = None


def figure(key: str, title: str, chart: Any, lang: str, caption: str | None = None) -> Figure:
    from reports.charts import to_svg

    return Figure(key, title, to_svg(chart, lang, description=title, prefix=key), caption)


@dataclass
class Report:
    """Everything a report shows. `published=True` (the default, the safe one) applies the small-count rule."""

    kind: str
    lang: str
    title: str
    template: str
    subtitle: str = ""
    published: bool = True
    tables: dict[str, Table] = field(default_factory=dict)
    figures: dict[str, Figure] = field(default_factory=dict)
    context: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    generated_on: date = field(default_factory=lambda: datetime.now(TZ).date())
    as_of: date | None = None

    def __post_init__(self) -> None:
        check_lang(self.lang)


def format_value(value: Any, column: Column, lang: str) -> str:
    kind = column.kind
    if kind in (INT, COUNT):
        return formatting.integer(value, lang)
    if kind == PLAIN:
        return str(int(value))
    if kind in (NUMBER, HOURS, FTE):
        return formatting.number(value, lang, column.places)
    if kind == EURO:
        return formatting.euro(value, lang, column.places)
    if kind == PERCENT:
        return formatting.percent(value, lang, column.places)
    if kind == DATE:
        return formatting.day(value, lang, "short")
    return str(value)


def prepare(report: Report) -> Report:
    """Protect every table of a published report and refuse (PrivacyError) if any cell is still unsafe."""
    if not report.published:
        return report
    tables = {}
    problems = []
    for key, table in report.tables.items():
        safe = table.published()
        problems += [f"{key}.{v}" for v in privacy.violations(safe.frame, safe.protection(), safe.exempt)]
        tables[key] = safe
    if problems:
        raise PrivacyError("small-count rule broken: " + "; ".join(problems))
    return replace(report, tables=tables)


# --- HTML ----------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=jinja2.select_autoescape(("html", "html.j2", "j2")),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["soft_breaks"] = soft_breaks
    return env


_BREAK_AFTER = re.compile(r"([/_.\-])")


def soft_breaks(text: str) -> Markup:
    """Escaped text with a line-break opportunity (<wbr>) after / _ . - so file paths wrap at their parts."""
    return Markup(_BREAK_AFTER.sub(r"\1<wbr>", str(escape(text))))


def _filters(lang: str) -> dict[str, Any]:
    """Number filters bound to the report's language; `count` applies the small-count rule."""
    return {
        "num": lambda v, d=1: formatting.number(v, lang, d),
        "int": lambda v: formatting.integer(v, lang),
        "pct": lambda v, d=0: formatting.percent(v, lang, d),
        "euro": lambda v, d=0: formatting.euro(v, lang, d),
        "day": lambda v, style="long": formatting.day(v, lang, style),
        "count": lambda v: published_count_text(v, lang),
        "stat": lambda v, n, d=1: formatting.number(privacy.publish_stat(v, n), lang, d),
    }


def published_count_text(n: int, lang: str) -> str:
    """An exact count as a published report prints it in running text: "<10" or rounded to 5."""
    shown = privacy.publish_count(n)
    return privacy.SMALL if shown is None else formatting.integer(shown, lang)


def render_html(report: Report) -> str:
    """The report as one self-contained HTML page (CSS and SVG inline, no script, no external URL)."""
    report = prepare(report)
    env = environment()
    template = env.get_template(report.template)
    return template.render(
        report=report, lang=report.lang, t=Translator(report.lang), f=_filters(report.lang),
        privacy_notes=privacy.method_text(report.lang) if report.published else [],
    )


def _atomic_write(path: Path, write) -> Path:
    """Write via a temporary sibling and rename, so a reader never sees half a report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.part")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def write_html(html: str, path: Path) -> Path:
    return _atomic_write(path, lambda tmp: tmp.write_text(html, encoding="utf-8"))


def write_pdf(html: str, path: Path) -> Path:
    """The same HTML through WeasyPrint (A4, page numbers from the print stylesheet)."""
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # it warns about screen-only CSS it ignores
    return _atomic_write(path, lambda tmp: HTML(string=html, base_url=str(path.parent)).write_pdf(str(tmp)))


def write_pdf_if_changed(html: str, path: Path) -> Path:
    """write_pdf, unless the PDF on disk was made from this very HTML: WeasyPrint takes 1–2 s a report,
    so a refresh re-renders only the reports whose content changed. The HTML's SHA-256 is kept in a
    hidden file beside the PDF, written after it: a crash in between means a re-render, never a stale PDF."""
    from importlib.metadata import version

    digest = hashlib.sha256(f"weasyprint {version('weasyprint')}\n{html}".encode("utf-8")).hexdigest()
    sidecar = path.with_name(f".{path.name}.sha256")
    if path.exists() and sidecar.exists() and sidecar.read_text(encoding="ascii").strip() == digest:
        return path
    if _PDF_QUEUES:  # inside parallel_pdfs(): rendered when the block ends
        _PDF_QUEUES[-1].append((html, str(path), digest))
        return path
    return _render_pdf(html, str(path), digest)


def _render_pdf(html: str, path: str, digest: str) -> Path:
    """write_pdf, then the fingerprint of the HTML it was made from (module level: runs in pool workers)."""
    target = Path(path)
    write_pdf(html, target)
    sidecar = target.with_name(f".{target.name}.sha256")
    _atomic_write(sidecar, lambda tmp: tmp.write_text(digest, encoding="ascii"))
    return target


_PDF_QUEUES: list[list[tuple[str, str, str]]] = []
PDF_POOL_MIN = 6  # fewer PDFs than this render faster here than a pool of fresh processes starts
MAX_PDF_WORKERS = 4


@contextmanager
def parallel_pdfs(workers: int | None = None) -> Iterator[None]:
    """PDFs that need rendering inside this block are rendered when it ends, by a pool of processes when
    there are enough of them (WeasyPrint is single-threaded; a refresh can have 200 reports). Every PDF is
    on disk when the block ends; the first error, if any, is raised then."""
    queue: list[tuple[str, str, str]] = []
    _PDF_QUEUES.append(queue)
    try:
        yield
    finally:
        _PDF_QUEUES.remove(queue)
    n = min(workers or os.cpu_count() or 1, MAX_PDF_WORKERS, len(queue))
    if n <= 1 or len(queue) < PDF_POOL_MIN:
        for job in queue:
            _render_pdf(*job)
        return
    from samen.pool import spawn_pool

    with spawn_pool(n) as pool:
        for future in [pool.submit(_render_pdf, *job) for job in queue]:
            future.result()


# --- XLSX ----------------------------------------------------------------------------------------


def escape_formula(value: str) -> str:
    """Make text inert in spreadsheets: a value starting with = + - @ tab or CR gets a leading '.

    XLSX cells are also written with write_string, so they are never formulas in the workbook; the
    prefix keeps them inert when someone saves the sheet as CSV or pastes it elsewhere.
    """
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def csv_cell(value: Any) -> str:
    """A cell for a CSV export, escaped the same way."""
    return "" if value is None else escape_formula(str(value))


_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_name(title: str, used: set[str]) -> str:
    """An Excel-safe, unique sheet name (≤ 31 characters, none of []:*?/\\)."""
    base = _SHEET_FORBIDDEN.sub(" ", title).strip().strip("'")[:31] or "Tabel"
    name, i = base, 2
    while name.lower() in used:
        suffix = f" ({i})"
        name, i = base[: 31 - len(suffix)] + suffix, i + 1
    used.add(name.lower())
    return name


def write_xlsx(report: Report, path: Path) -> Path:
    """Every table of the report on its own sheet, after a notes sheet; numbers stay numbers."""
    report = prepare(report)
    return _atomic_write(path, lambda tmp: _xlsx(report, tmp))


def _xlsx(report: Report, target: Path) -> None:
    import xlsxwriter

    lang = report.lang
    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
               "constant_memory": False}
    wb = xlsxwriter.Workbook(str(target), options)
    bold = wb.add_format({"bold": True})
    title_fmt = wb.add_format({"bold": True, "font_size": 13})
    head = wb.add_format({"bold": True, "bottom": 1, "text_wrap": True, "valign": "top"})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    top = wb.add_format({"valign": "top"})
    right = wb.add_format({"align": "right", "valign": "top"})
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy", "valign": "top"})
    formats: dict[tuple[str, int], Any] = {}

    def num_format(column: Column):
        key = (column.kind, column.places)
        if key not in formats:
            pattern = _XLSX_FORMATS[column.kind].replace(".{d}", "." + "0" * column.places if column.places else "")
            formats[key] = wb.add_format({"num_format": pattern, "valign": "top"})
        return formats[key]

    used: set[str] = set()
    notes = wb.add_worksheet(sheet_name(t("xlsx_notes_sheet", lang), used))
    sheets = [(table, sheet_name(table.sheet or table.title, used)) for table in report.tables.values()]
    notes.set_column(0, 0, 34)
    notes.set_column(1, 1, 90)
    notes.write_string(0, 0, escape_formula(report.title), title_fmt)
    row = 1
    for line in [report.subtitle, t("generated_on", lang, date=formatting.day(report.generated_on, lang)),
                 t("as_of", lang, date=formatting.day(report.as_of, lang)) if report.as_of else "",
                 *report.notes, *(privacy.method_text(lang) if report.published else []),
                 *([t("legend_small_count", lang), t("legend_withheld", lang)] if report.published else []),
                 t("xlsx_notes_intro", lang)]:
        if line:
            notes.write_string(row, 0, escape_formula(line))
            row += 1
    row += 1
    notes.write_string(row, 0, t("xlsx_sheet_index", lang), bold)
    notes.write_string(row, 1, t("xlsx_table_title", lang), bold)
    for table, name in sheets:
        row += 1
        notes.write_url(row, 0, f"internal:'{name}'!A1", string=name)
        notes.write_string(row, 1, escape_formula(table.title))

    for table, name in sheets:
        ws = wb.add_worksheet(name)
        ws.write_string(0, 0, escape_formula(table.title), title_fmt)
        if table.note:
            ws.write_string(1, 0, escape_formula(table.note))
        header = 2
        widths = []
        for j, column in enumerate(table.columns):
            ws.write_string(header, j, escape_formula(column.label), head)
            widths.append(len(column.label))
        for i, record in enumerate(table.frame.iter_rows(named=True), start=header + 1):
            for j, column in enumerate(table.columns):
                value = record[column.name]
                width = _write_cell(ws, i, j, value, column, table, lang, top, wrap, right, date_fmt, num_format)
                widths[j] = max(widths[j], width)
        for j, column in enumerate(table.columns):
            ws.set_column(j, j, min(max(widths[j] + 2, 8), 80), wrap if widths[j] > 80 else None)
        ws.freeze_panes(header + 1, 0)
        if table.frame.height:
            ws.autofilter(header, 0, header + table.frame.height, max(len(table.columns) - 1, 0))
    wb.close()


def _write_cell(ws, i, j, value, column: Column, table: Table, lang, top, wrap, right, date_fmt, num_format) -> int:
    missing = value is None or (isinstance(value, float) and math.isnan(value))
    if missing:
        text = table.cell(None, column, lang)
        if text == privacy.SMALL or column.numeric:
            ws.write_string(i, j, escape_formula(text), right)
            return len(text)
        return 0
    if column.numeric:
        ws.write_number(i, j, float(value), num_format(column))
        return len(format_value(value, column, lang))
    if column.kind == DATE and isinstance(value, (date, datetime)):
        ws.write_datetime(i, j, value if isinstance(value, datetime) else datetime(value.year, value.month, value.day),
                          date_fmt)
        return 10
    text = escape_formula(str(value))
    ws.write_string(i, j, text, wrap if len(text) > 60 else top)
    return len(text)


# --- all formats at once ----------------------------------------------------------------------------


def write_report(report: Report, stem: Path, formats: Sequence[str] = FORMATS) -> dict[str, Path]:
    """Write `<stem>.html`, `.pdf`, `.xlsx` from one prepared report; returns format → path."""
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown formats: {sorted(unknown)}")
    prepared = prepare(report)
    out: dict[str, Path] = {}
    html = render_html(prepared) if {"html", "pdf"} & set(formats) else ""
    if "html" in formats:
        out["html"] = write_html(html, stem.with_name(stem.name + ".html"))
    if "pdf" in formats:
        out["pdf"] = write_pdf_if_changed(html, stem.with_name(stem.name + ".pdf"))
    if "xlsx" in formats:
        out["xlsx"] = write_xlsx(prepared, stem.with_name(stem.name + ".xlsx"))
    return out

