"""Excel and CSV templates for the initiatives, generated from the data contracts.

`write_templates(out_dir, lang)` writes one workbook (an instructions sheet, one
sheet per dataset with headers, notes, drop-downs and validation, and a hidden
sheet with the drop-down lists) and one header-only CSV per dataset in the
dialect a Belgian Excel opens directly (`;`, UTF-8 with BOM, CRLF).
Every column, code, range and description comes from `samen.contracts`.
"""

from __future__ import annotations

import csv
import sys
from datetime import date
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import quote_sheetname, xl_range_abs, xl_rowcol_to_cell

from samen.contracts import REGISTRY_FOLDER, Column, Contract, contracts, personal_data_policy

ROWS = 1000  # data rows below the header that get validation
BOOLEAN_VALUES = ("ja", "nee")
# Cells typed as text, so Excel does not turn an id into a number or `1:30` into a clock time.
TEXT_PARSERS = ("id", "text", "slug", "code", "codes", "boolean", "duration")

TEXT = {
    "nl": {
        "file": "sjabloon_samen_inburgeren.xlsx", "instructions": "uitleg", "lists": "lijsten",
        "title": "Sjabloon Samen Inburgeren",
        "intro": [
            "Met dit werkboek lever je de gegevens van je initiatief aan het Agentschap Integratie en Inburgering.",
            "Elk tabblad is één dataset. Wijzig de namen van de tabbladen en de kolomtitels niet.",
            "Beweeg over een kolomtitel voor uitleg en de toegelaten waarden; kies codes uit de keuzelijst.",
            "Verwijder de tabbladen die je niet invult; het tabblad {registry} vult alleen het agentschap in.",
            "Je mag ook één CSV-bestand per dataset aanleveren (bv. {csv_example}, gescheiden door ;).",
        ],
        "table": ("Tabblad", "Titel", "Doel", "Aanleveren in", "Kolommen (* = verplicht)"),
        "rules_title": "Zo vul je de gegevens in",
        "rules": [
            "Datums: dd/mm/jjjj, bv. 05/03/2024.",
            "Kommagetallen: met een komma, bv. 1,5.",
            "Duur en uren: 1,5 of 1u30 (anderhalf uur).",
            "Ja/nee-vragen: ja of nee.",
            "Lijsten met meerdere codes: scheid de codes met een komma, bv. {codes_example}.",
            "Verplichte kolommen zijn vetgedrukt met een oranje achtergrond (in de tabel hierboven: *).",
            "Gebruik codes in plaats van namen (bv. D1 voor een duo, I1 voor een inburgeraar).",
            "Vul nooit persoonsgegevens in: namen, e-mailadressen, telefoonnummers, adressen, "
            "rijksregisternummers of vrije opmerkingen. Niet toegelaten: {categories}.",
        ],
        "required": "Verplicht (vetgedrukte kolomtitel met oranje achtergrond).",
        "allowed": "Toegelaten waarden", "several": "meerdere, gescheiden door komma's",
        "range": "Waarde", "date": "Datum als dd/mm/jjjj.", "duration": "Schrijf 1,5 of 1u30.",
        "bounds": ("van {lo} tot en met {hi}", "meer dan {lo} en hoogstens {hi}", "minstens {lo}",
                   "meer dan {lo}", "hoogstens {hi}"),
        "error_title": "Ongeldige waarde",
        "error_list": "Kies een waarde uit de keuzelijst.",
        "error_integer": "Geef een geheel getal ({bounds}).", "error_decimal": "Geef een getal ({bounds}).",
        "error_date": "Geef een datum (dd/mm/jjjj).",
    },
    "en": {
        "file": "template_samen_inburgeren.xlsx", "instructions": "instructions", "lists": "lists",
        "title": "Template Samen Inburgeren",
        "intro": [
            "Use this workbook to deliver your initiative's data to the Agency for Integration and Civic Integration.",
            "Each sheet is one dataset. Do not rename the sheets or the column headers (they stay in Dutch).",
            "Hover over a column header for its meaning and allowed values; pick codes from the drop-down list.",
            "Delete the sheets you do not fill in; only the agency fills in the sheet {registry}.",
            "You may also deliver one CSV file per dataset (e.g. {csv_example}, separated by ;).",
        ],
        "table": ("Sheet", "Title", "Purpose (Dutch)", "Deliver in", "Columns (* = required)"),
        "rules_title": "How to fill in the data",
        "rules": [
            "Dates: dd/mm/yyyy, e.g. 05/03/2024.",
            "Decimals: with a decimal comma, e.g. 1,5.",
            "Durations and hours: 1,5 or 1u30 (one and a half hours).",
            "Yes/no questions: ja (yes) or nee (no).",
            "Lists of several codes: separate the codes with a comma, e.g. {codes_example}.",
            "Required columns have a bold header with an orange fill (in the table above: *).",
            "Use codes instead of names (e.g. D1 for a duo, I1 for a newcomer).",
            "Never enter personal data: names, e-mail addresses, phone numbers, addresses, "
            "national register numbers (rijksregisternummer) or free-text remarks. Not allowed: {categories}.",
        ],
        "required": "Required (bold header with an orange fill).",
        "allowed": "Allowed values", "several": "several, separated by commas",
        "range": "Value", "date": "Date as dd/mm/yyyy.", "duration": "Write 1,5 or 1u30.",
        "bounds": ("from {lo} to {hi}", "above {lo} and at most {hi}", "at least {lo}", "above {lo}", "at most {hi}"),
        "error_title": "Invalid value",
        "error_list": "Choose a value from the drop-down list.",
        "error_integer": "Enter a whole number ({bounds}).", "error_decimal": "Enter a number ({bounds}).",
        "error_date": "Enter a date (dd/mm/yyyy).",
    },
}


# Sheets of the workbook that hold no data (for the reader or ingest to skip).
HELPER_SHEETS = frozenset(TEXT[lang][sheet] for lang in TEXT for sheet in ("instructions", "lists"))


def _number(x: float | None, lang: str) -> str:
    if x is None:
        return ""
    text = str(int(x)) if float(x).is_integer() else str(x)
    return text.replace(".", ",") if lang == "nl" else text


def _bounds(col: Column, lang: str) -> str | None:
    """The contract's range in words, e.g. 'meer dan 0 en hoogstens 12'."""
    inclusive, exclusive, at_least, above, at_most = TEXT[lang]["bounds"]
    strict = col.minimum is None and col.exclusive_minimum is not None
    lo, hi = (col.exclusive_minimum if strict else col.minimum), col.maximum
    if lo is None and hi is None:
        return None
    if lo is None:
        pattern = at_most
    elif hi is None:
        pattern = above if strict else at_least
    else:
        pattern = exclusive if strict else inclusive
    return pattern.format(lo=_number(lo, lang), hi=_number(hi, lang))


def _list_values(col: Column) -> tuple[str, ...]:
    return BOOLEAN_VALUES if col.parser == "boolean" else col.code_values


def _code_text(col: Column) -> str:
    """Codes for a note: the value, with its label when it says more, and its groups (e.g. phase)."""
    parts = []
    for code in col.codes:
        same = code.label.casefold() == code.value.replace("_", " ").casefold()
        text = code.value if same else f"{code.value} ({code.label})"
        parts.append(text + (f" [{', '.join(code.groups)}]" if code.groups else ""))
    return ", ".join(parts)


def header_note(col: Column, lang: str = "nl") -> str:
    """The note on a header cell: description, required, allowed values or range."""
    t = TEXT[lang]
    lines = [col.description if lang == "nl" else (col.description_en or col.description)]
    if col.required:
        lines.append(t["required"])
    if col.codes:
        several = f" ({t['several']})" if col.parser == "codes" else ""
        lines.append(f"{t['allowed']}{several}: {_code_text(col)}")
    elif col.parser == "boolean":
        lines.append(f"{t['allowed']}: {', '.join(BOOLEAN_VALUES)}")
    if col.parser == "date":
        lines.append(t["date"])
    if col.parser == "duration":
        lines.append(t["duration"])
    bounds = _bounds(col, lang)
    if bounds:
        lines.append(f"{t['range']}: {bounds}.")
    return "\n".join(lines)


def _validation(col: Column, lang: str, source: str | None, cell: str) -> dict | None:
    """xlsxwriter data validation for a column (cell: its first data cell); None where text is expected."""
    t = TEXT[lang]
    base = {"ignore_blank": True, "error_title": t["error_title"]}
    if source is not None:
        return {**base, "validate": "list", "source": source, "error_message": t["error_list"]}
    if col.parser == "date":
        return {**base, "validate": "date", "criteria": "between", "minimum": date(1900, 1, 1),
                "maximum": date(9999, 12, 31), "error_message": t["error_date"]}
    if col.parser not in ("integer", "decimal"):
        return None
    kind = "integer" if col.parser == "integer" else "decimal"
    bounds = _bounds(col, lang)
    message = t[f"error_{kind}"].format(bounds=bounds)
    rule = {**base, "validate": kind, "error_message": message}
    lo, hi = col.minimum, col.maximum
    if col.exclusive_minimum is not None:
        if hi is None:
            return {**rule, "criteria": ">", "value": col.exclusive_minimum}
        # Excel has no "above x and at most y": a custom formula on the first cell, relative per row.
        return {**base, "validate": "custom", "error_message": message,
                "value": f"=AND(ISNUMBER({cell}),{cell}>{col.exclusive_minimum},{cell}<={hi})"}
    if lo is not None and hi is not None:
        return {**rule, "criteria": "between", "minimum": lo, "maximum": hi}
    if lo is not None or hi is not None:
        return {**rule, "criteria": ">=" if lo is not None else "<=", "value": lo if lo is not None else hi}
    return None  # no range in the contract: nothing to check beyond the parser


class _Lists:
    """The hidden sheet holding every drop-down list (Excel limits inline lists to 255 characters)."""

    def __init__(self, name: str) -> None:
        self.name, self.columns = name, {}  # values → (column index, header)

    def source(self, header: str, values: tuple[str, ...]) -> str:
        col, _ = self.columns.setdefault(values, (len(self.columns), header))
        return f"={quote_sheetname(self.name)}!{xl_range_abs(1, col, len(values), col)}"

    def write(self, wb: xlsxwriter.Workbook) -> None:
        ws = wb.add_worksheet(self.name)
        for values, (col, header) in self.columns.items():
            ws.write(0, col, header)
            ws.write_column(1, col, values)
        ws.hide()


def _write_dataset_sheet(wb: xlsxwriter.Workbook, contract: Contract, lists: _Lists, lang: str) -> None:
    ws = wb.add_worksheet(contract.dataset)
    header = {"bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"}
    formats = {True: wb.add_format({**header, "bold": True, "bg_color": "#F8CBAD"}), False: wb.add_format(header)}
    text = wb.add_format({"num_format": "@"})
    cell_formats = {"date": wb.add_format({"num_format": "dd/mm/yyyy"}), "integer": wb.add_format({"num_format": "0"}),
                    **{parser: text for parser in TEXT_PARSERS}}  # decimals keep the General format
    for i, col in enumerate(contract.columns):
        values = _list_values(col) if col.parser in ("code", "boolean") else ()
        width = max(len(col.label) + 4, 12, *(len(v) + 3 for v in values))
        ws.set_column(i, i, min(width, 40), cell_formats.get(col.parser))
        ws.write(0, i, col.label, formats[col.required])
        note = header_note(col, lang)
        ws.write_comment(0, i, note, {"width": 320, "height": 20 + 15 * (note.count("\n") + 1 + len(note) // 48)})
        source = lists.source(f"{contract.dataset}.{col.name}", values) if values else None
        rule = _validation(col, lang, source, xl_rowcol_to_cell(1, i))
        if rule is not None:
            ws.data_validation(1, i, ROWS, i, rule)
    ws.freeze_panes(1, 0)
    ws.set_row(0, 30)


def _examples(lang: str) -> dict[str, str]:
    """Examples for the instructions, taken from the contracts rather than written out by hand."""
    all_columns = [col for c in contracts().values() for col in c.columns]
    several = next((col.code_values[:2] for col in all_columns if col.parser == "codes"), ("a", "b"))
    delivered = next(c.dataset for c in contracts().values() if c.scope != "agentschap")
    registry = next(c.dataset for c in contracts().values() if c.scope == "agentschap")
    categories = ", ".join(getattr(cat, lang) for cat in personal_data_policy()[0])
    return {"csv_example": f"{delivered}.csv", "codes_example": ", ".join(several), "categories": categories,
            "registry": registry}


def _write_instructions(wb: xlsxwriter.Workbook, lang: str) -> None:
    t = TEXT[lang]
    ws = wb.add_worksheet(t["instructions"])
    bold, wrap = wb.add_format({"bold": True}), wb.add_format({"text_wrap": True, "valign": "top"})
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    for i, width in enumerate((20, 28, 50, 26, 90)):
        ws.set_column(i, i, width)
    ws.write(0, 0, t["title"], wb.add_format({"bold": True, "font_size": 14}))
    examples = _examples(lang)
    row = 1
    for line in t["intro"]:
        ws.write(row, 0, line.format(**examples))
        row += 1
    ws.write_row(row + 1, 0, t["table"], head)
    row += 2
    for c in contracts().values():
        folder = f"landing/{REGISTRY_FOLDER}/" if c.scope == "agentschap" else "landing/<initiatief_id>/"
        columns = ", ".join(col.label + (" *" if col.required else "") for col in c.columns)
        title = c.title if lang == "nl" else c.title_en
        ws.write_row(row, 0, (c.dataset, title, c.description, folder, columns), wrap)
        row += 1
    ws.write(row + 1, 0, t["rules_title"], bold)
    for i, line in enumerate(t["rules"], row + 2):
        ws.write(i, 0, "• " + line.format(**examples))
    ws.activate()


def write_workbook(path: Path, lang: str = "nl") -> Path:
    wb = xlsxwriter.Workbook(str(path))
    _write_instructions(wb, lang)
    lists = _Lists(TEXT[lang]["lists"])
    for contract in contracts().values():
        _write_dataset_sheet(wb, contract, lists, lang)
    lists.write(wb)
    wb.close()
    return path


def write_header_csv(path: Path, contract: Contract) -> Path:
    """Header row only, as a Belgian Excel saves CSV: `;`, UTF-8 with BOM, CRLF."""
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, delimiter=";", lineterminator="\r\n").writerow(col.label for col in contract.columns)
    return path


def write_templates(out_dir: Path, lang: str = "nl") -> list[Path]:
    """Write the workbook and one header CSV per dataset into out_dir; return the written paths."""
    if lang not in TEXT:
        raise ValueError(f"unknown language {lang!r}; choose from {sorted(TEXT)}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [write_workbook(out_dir / TEXT[lang]["file"], lang)]
    paths += [write_header_csv(out_dir / f"{name}.csv", c) for name, c in contracts().items()]
    return paths


if __name__ == "__main__":  # python -m samen.templates OUT_DIR [nl|en]
    for written in write_templates(Path(sys.argv[1]), *(sys.argv[2:3] or ["nl"])):
        print(written)
