"""`samen validate`: check files without loading them.

The files go through the same ingest and staging code as a real run, but into
an in-memory database seeded with what the warehouse already holds, so
references (a meeting's duo) are checked against the other given files and
the warehouse alike. Nothing is archived or written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from samen.contracts import contracts
from samen.ingest import LandedFile, SUPPORTED, display_path, file_sha256, ingest
from samen.staging import rebuild_staging
from samen.warehouse import connect

EXIT_VALID, EXIT_REFUSED, EXIT_UNREADABLE = 0, 1, 2


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    column: str | None
    message: str
    severity: str
    rule: str = ""

    def line(self) -> str:
        row = "" if self.row is None else str(self.row)
        column = self.column or "-"
        prefix = "" if self.severity == "fout" else "(waarschuwing) "
        return f"{self.file}:{row}: {column}: {prefix}{self.message}"


def _landed(path: Path) -> LandedFile:
    return LandedFile(path, display_path(path, Path.cwd() if path.is_relative_to(Path.cwd()) else None),
                      path.parent.name or None)


def collect_files(targets: list[Path]) -> list[LandedFile]:
    files = []
    for target in targets:
        target = target.resolve()
        if target.is_dir():
            files.extend(_landed(p) for p in sorted(target.rglob("*"))
                         if p.is_file() and p.suffix.lower() in SUPPORTED and not p.name.startswith((".", "~$")))
        else:
            files.append(_landed(target))
    return files


def validate_files(targets: list[Path], *, key: bytes, as_of: date, warehouse: Path | None,
                   lang: str = "nl") -> tuple[list[Problem], int]:
    files = collect_files(targets)
    missing = [f for f in files if not f.path.exists()]
    if missing:
        return [Problem(f.display, None, None, "Bestand niet gevonden." if lang == "nl" else "File not found.", "fout")
                for f in missing], EXIT_UNREADABLE
    hashes = {file_sha256(f.path) for f in files}
    with connect(None) as con:
        if warehouse is not None and warehouse.exists():
            _seed(con, warehouse, hashes)
        report = ingest(con, files, key, raw_dir=None)
        rebuild_staging(con, as_of)
        message = "message" if lang == "nl" else "message_en"
        rows = con.execute(f"""
            SELECT file, "row", "column", {message}, severity, rule FROM (
                SELECT * FROM quarantine.rejected_rows UNION ALL SELECT * FROM quarantine.flagged_rows)
            WHERE sha256 IN (SELECT UNNEST(?::VARCHAR[]))
            ORDER BY file, "row" NULLS FIRST, "column"
        """, [sorted(hashes)]).fetchall()
    problems = [Problem(*r) for r in rows]
    if any(o.status == "onleesbaar" for o in report.outcomes):
        code = EXIT_UNREADABLE
    elif any(p.severity == "fout" for p in problems):
        code = EXIT_REFUSED
    else:
        code = EXIT_VALID
    return problems, code


def _seed(con: duckdb.DuckDBPyConnection, warehouse: Path, exclude: set[str]) -> None:
    """Copy the warehouse's parsed rows (not those of the files being checked) into the scratch database."""
    con.execute(f"ATTACH '{warehouse}' AS wh (READ_ONLY)")
    try:
        for name in contracts():
            con.execute(f"INSERT INTO parsed.{name} SELECT * FROM wh.parsed.{name} "
                        f"WHERE _sha256 NOT IN (SELECT UNNEST(?::VARCHAR[]))", [sorted(exclude)])
        con.execute("INSERT INTO raw.manifest SELECT * FROM wh.raw.manifest "
                    "WHERE sha256 NOT IN (SELECT UNNEST(?::VARCHAR[]))", [sorted(exclude)])
    finally:
        con.execute("DETACH wh")
