"""What fastexcel does not tell about a workbook: where each sheet's used range
starts (for Excel row numbers), which sheets are hidden, and whether the file
would decompress to far more than it weighs (refused before parsing)."""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import iterparse

MAX_UNCOMPRESSED_BYTES = 512 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


class WorkbookRefused(ValueError):
    """The workbook is unsafe or not a workbook; the message is Dutch for the user."""


@dataclass(frozen=True)
class SheetInfo:
    name: str
    hidden: bool
    first_row: int  # 1-based Excel row number of the first row holding a value


def inspect_workbook(path: Path) -> list[SheetInfo]:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise WorkbookRefused("Dit is geen geldig Excel-bestand (.xlsx).") from exc
    with zf:
        infos = zf.infolist()
        total = sum(i.file_size for i in infos)
        packed = max(1, sum(i.compress_size for i in infos))
        if total > MAX_UNCOMPRESSED_BYTES or (total > 50 * 1024 * 1024 and total / packed > MAX_COMPRESSION_RATIO):
            raise WorkbookRefused(
                "Het Excel-bestand pakt uit tot veel meer dan zijn grootte en werd uit voorzorg niet gelezen. "
                "Sla het opnieuw op als gewoon .xlsx of als CSV."
            )
        try:
            targets = _sheet_targets(zf)
            return [SheetInfo(name, hidden, _first_used_row(zf, target)) for name, hidden, target in targets]
        except (KeyError, SyntaxError) as exc:
            raise WorkbookRefused("De structuur van dit Excel-bestand is beschadigd.") from exc


def _sheet_targets(zf: zipfile.ZipFile) -> list[tuple[str, bool, str]]:
    rels: dict[str, str] = {}
    with zf.open("xl/_rels/workbook.xml.rels") as fh:
        for _, el in iterparse(fh):
            if el.tag == f"{_NS_PKG_REL}Relationship":
                target = el.get("Target", "")
                target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
                rels[el.get("Id", "")] = target
    sheets = []
    with zf.open("xl/workbook.xml") as fh:
        for _, el in iterparse(fh):
            if el.tag == f"{_NS_MAIN}sheet":
                state = el.get("state", "visible")
                sheets.append((el.get("name", ""), state != "visible", rels.get(el.get(f"{_NS_REL}id", ""), "")))
    return sheets


def _first_used_row(zf: zipfile.ZipFile, target: str) -> int:
    """Row number of the first <row> holding a cell with a value; stops reading there."""
    if target not in zf.namelist():
        return 1
    with zf.open(target) as fh:
        row_number = 1
        for event, el in iterparse(fh, events=("start", "end")):
            if event == "start" and el.tag == f"{_NS_MAIN}row":
                row_number = int(el.get("r", row_number))
            elif event == "end" and el.tag in (f"{_NS_MAIN}v", f"{_NS_MAIN}is"):
                if (el.text or "").strip() or el.tag == f"{_NS_MAIN}is":
                    return row_number
            elif event == "end" and el.tag == f"{_NS_MAIN}sheetData":
                break
    return 1
