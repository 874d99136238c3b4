"""Turn a landed file into sheets of text cells with their Excel row numbers.

Every cell is read as text: the Dutch spellings of numbers, dates and
durations are parsed later by `samen.parsing`, against the contract's types.
Reading as declared all-string columns also spares the engine its type guess.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from samen.contracts import Contract, contracts
from samen.normalise import normalise_name
from samen.templates import HELPER_SHEETS
from samen.xlsx import WorkbookRefused, inspect_workbook

CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
SEPARATORS = (";", ",", "\t")
HEADER_SEARCH_ROWS = 15
ROW_COLUMN = "_rij"


class UnreadableFile(ValueError):
    """The file as a whole cannot be read; the message is Dutch, for the user."""


@dataclass
class Sheet:
    """One table found in a file: its dataset (if recognised), headers and cells."""

    sheet: str | None
    source_kind: str  # "csv" or "xlsx": decides how a dot in a number is read
    headers: list[str]
    frame: pl.DataFrame  # columns c0..cN (str) in header order, plus _rij (Excel row)
    header_row: int
    dataset: str | None = None
    recognised_by: str | None = None
    encoding: str | None = None
    separator: str | None = None
    hidden: bool = False
    date1904: bool = False
    notes: list[str] = field(default_factory=list)


_KNOWN_HEADERS: tuple[object, dict[str, set[str]]] | None = None


def _known_headers() -> dict[str, set[str]]:
    """Normalised header spelling → datasets that have it (built once per set of contracts: ≈ 5 ms a file)."""
    global _KNOWN_HEADERS
    current = contracts()
    if _KNOWN_HEADERS is None or _KNOWN_HEADERS[0] is not current:
        known: dict[str, set[str]] = {}
        for contract in current.values():
            for spelling in contract.header_lookup():
                known.setdefault(spelling, set()).add(contract.dataset)
        _KNOWN_HEADERS = (current, known)
    return _KNOWN_HEADERS[1]


def decode_text(data: bytes) -> tuple[str, str]:
    """Bytes → text and the encoding used: UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _unify_newlines(data.decode("utf-16")), "utf-16"
        except UnicodeDecodeError as exc:
            raise UnreadableFile("Het bestand zegt UTF-16 te zijn maar is beschadigd of afgekapt. "
                                 "Sla het opnieuw op als CSV (UTF-8) of .xlsx.") from exc
    bom = data.startswith(b"\xef\xbb\xbf")
    body = data[3:] if bom else data
    if b"\x00" in body[:4096]:
        raise UnreadableFile("Dit is geen tekstbestand (CSV). Sla het bestand op als CSV of .xlsx.")
    try:
        return _unify_newlines(body.decode("utf-8")), "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError:  # Belgian Excel's default, also behind a stray BOM
        return _unify_newlines(body.decode("cp1252", errors="replace")), "cp1252"


def _unify_newlines(text: str) -> str:
    """Old Mac Excel ends lines with a bare CR."""
    if "\r" in text and "\n" not in text[:65536]:
        return text.replace("\r", "\n")
    return text


def _sniff_separator(lines: list[str], known: dict[str, set[str]]) -> str:
    def score(sep: str) -> tuple[int, int]:
        hits = sum(1 for line in lines for cell in line.split(sep) if normalise_name(cell) in known)
        return hits, max((line.count(sep) for line in lines), default=0)

    return max(SEPARATORS, key=score)


def read_csv_sheet(data: bytes) -> Sheet:
    text, encoding = decode_text(data)
    if not text.strip():
        raise UnreadableFile("Het bestand is leeg. Sla het opnieuw op vanuit Excel en lever het opnieuw aan.")
    known = _known_headers()
    head_lines = [line for line in text.splitlines()[:50]]
    sep = _sniff_separator(head_lines[:HEADER_SEARCH_ROWS], known)
    width = max(1, max(line.count(sep) + 1 for line in head_lines))
    utf8 = text.encode("utf-8")
    try:
        frame = pl.read_csv(
            io.BytesIO(utf8),
            separator=sep,
            has_header=False,
            schema={f"c{i}": pl.String for i in range(width)},
            missing_columns="insert",
            truncate_ragged_lines=True,
            quote_char='"',
        )
    except pl.exceptions.PolarsError as exc:
        raise UnreadableFile(f"Het CSV-bestand kan niet gelezen worden ({type(exc).__name__}).") from exc
    frame = frame.with_row_index(ROW_COLUMN, offset=1).with_columns(pl.col(ROW_COLUMN).cast(pl.Int64))
    sheet = _split_header(frame, sheet=None, source_kind="csv", known=known)
    sheet.encoding, sheet.separator = encoding, sep
    return sheet


def read_xlsx_sheets(path: Path) -> list[Sheet]:
    import fastexcel  # imported here: only workbooks need it

    try:
        infos = {i.name: i for i in inspect_workbook(path)}
        reader = fastexcel.read_excel(path)
    except WorkbookRefused as exc:
        raise UnreadableFile(str(exc)) from exc
    except Exception as exc:  # fastexcel raises its own error types
        raise UnreadableFile(f"Het Excel-bestand kan niet gelezen worden ({type(exc).__name__}).") from exc
    known = _known_headers()
    sheets = []
    for name in reader.sheet_names:
        if name in HELPER_SHEETS:  # the template's instructions and drop-down lists
            continue
        try:
            raw = reader.load_sheet(name, header_row=None, dtypes="string").to_polars()
        except Exception as exc:
            raise UnreadableFile(f"Tabblad '{name}' kan niet gelezen worden ({type(exc).__name__}).") from exc
        info = infos.get(name)
        if raw.width == 0 or raw.height == 0:
            continue
        raw = raw.rename({c: f"c{i}" for i, c in enumerate(raw.columns)})
        first = info.first_row if info else 1
        raw = raw.with_row_index(ROW_COLUMN, offset=first).with_columns(pl.col(ROW_COLUMN).cast(pl.Int64))
        sheet = _split_header(raw, sheet=name, source_kind="xlsx", known=known)
        sheet.hidden = bool(info and info.hidden)
        sheet.date1904 = bool(info and info.date1904)
        sheets.append(sheet)
    with_rows = [s for s in sheets if s.frame.height]
    return with_rows or sheets  # sheets left empty in a workbook are no delivery


def _split_header(frame: pl.DataFrame, *, sheet: str | None, source_kind: str, known: dict[str, set[str]]) -> Sheet:
    """Find the header row (skipping title rows above it) and drop fully empty rows."""
    cells = [c for c in frame.columns if c != ROW_COLUMN]
    head = frame.head(HEADER_SEARCH_ROWS)
    header_index = 0
    best = -1
    for i, row in enumerate(head.select(cells).iter_rows()):
        values = [v for v in row if v is not None and str(v).strip()]
        hits = sum(1 for v in values if normalise_name(v) in known)
        if hits >= 2 and hits > best:
            header_index, best = i, hits
            break
    if best < 0:  # no recognisable header: take the first non-empty row
        for i, row in enumerate(head.select(cells).iter_rows()):
            if any(v is not None and str(v).strip() for v in row):
                header_index = i
                break
    header_values = list(frame.row(header_index, named=True)[c] for c in cells)
    header_row = int(frame[ROW_COLUMN][header_index])
    body = frame.slice(header_index + 1)
    body = body.with_columns(pl.col(c).str.strip_chars() for c in cells)
    body = body.filter(pl.any_horizontal(pl.col(c).is_not_null() & (pl.col(c) != "") for c in cells))
    headers = [("" if v is None else str(v).strip()) for v in header_values]
    # Trailing columns without a header and without values are formatting leftovers.
    while headers and not headers[-1] and body[cells[len(headers) - 1]].null_count() == body.height:
        headers.pop()
    keep = cells[: len(headers)]
    body = body.select(*keep, ROW_COLUMN)
    return Sheet(sheet=sheet, source_kind=source_kind, headers=headers, frame=body, header_row=header_row)


def recognise_dataset(sheet: Sheet, file_name: str, single_sheet: bool) -> None:
    """Set sheet.dataset from the sheet name, the file-name prefix or the headers, in that order."""
    names = sorted(contracts(), key=len, reverse=True)
    if sheet.sheet is not None:
        sheet_norm = normalise_name(sheet.sheet)
        for name in names:
            if sheet_norm == name or sheet_norm.startswith(name + "_"):
                sheet.dataset, sheet.recognised_by = name, "tabblad"
                return
    if single_sheet:
        stem = normalise_name(Path(file_name).stem)
        for name in names:
            if stem == name or stem.startswith(name + "_"):
                sheet.dataset, sheet.recognised_by = name, "bestandsnaam"
                return
    found = {normalise_name(h) for h in sheet.headers}
    candidates: list[tuple[int, str]] = []
    for name, contract in contracts().items():
        lookup = contract.header_lookup()
        present = {lookup[h] for h in found if h in lookup}
        if set(contract.required) <= present:
            candidates.append((len(present), name))
    candidates.sort(reverse=True)
    if candidates and (len(candidates) == 1 or candidates[0][0] > candidates[1][0]):
        sheet.dataset, sheet.recognised_by = candidates[0][1], "kolommen"


def read_file(path: Path) -> list[Sheet]:
    """All sheets of a file with their datasets recognised where possible."""
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        sheets = read_xlsx_sheets(path)
    elif suffix in CSV_SUFFIXES:
        sheets = [read_csv_sheet(path.read_bytes())]
    else:
        raise UnreadableFile("Onbekend bestandstype. Lever CSV (.csv) of Excel (.xlsx) aan.")
    if not sheets:
        raise UnreadableFile("Het bestand bevat geen gegevens. Vul de tabbladen in (zie het sjabloon) en lever het opnieuw aan.")
    for sheet in sheets:
        recognise_dataset(sheet, path.name, single_sheet=len(sheets) == 1)
    return sheets


def contract_for(sheet: Sheet) -> Contract | None:
    return contracts().get(sheet.dataset or "")
