"""The read floor: every landing file read once, with its schema declared, into DuckDB tables.

CSV files go through DuckDB's own reader (`read_csv`, every column VARCHAR, separator and
encoding given, so nothing is guessed); XLSX sheets through fastexcel → Arrow → DuckDB, the same
reader the pipeline uses (DuckDB has no XLSX reader of its own worth the name). Everything lands
in one file-backed DuckDB database. No validation, no typing, no pseudonymisation: this is what
the bytes cost to get into the engine, the bound below which no pipeline can go.

    python -m benchmarks.floor LANDING DB
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import duckdb

CSV = {".csv", ".txt", ".tsv"}
XLSX = {".xlsx", ".xlsm"}


def _dialect(path: Path) -> tuple[str, str, int]:
    """Separator, encoding and width from the first line (what one would declare after one look)."""
    with path.open("rb") as fh:
        head = fh.read(65536)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding, text = "utf-16", head.decode("utf-16", errors="ignore")
    else:
        try:
            text = head.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            text, encoding = head.decode("latin-1"), "latin-1"
    first = text.splitlines()[0] if text else ""
    sep = max((";", ",", "\t"), key=first.count)
    return sep, encoding, first.count(sep) + 1


def read_floor(landing: Path, db: Path) -> dict[str, int]:
    import fastexcel

    files = sorted(p for p in landing.rglob("*") if p.is_file() and p.suffix.lower() in CSV | XLSX
                   and not p.name.startswith((".", "~$")))
    con = duckdb.connect(str(db))
    rows = tables = 0
    for i, path in enumerate(files):
        if path.suffix.lower() in CSV:
            sep, encoding, width = _dialect(path)
            columns = "{" + ", ".join(f"'c{k}': 'VARCHAR'" for k in range(width)) + "}"
            sql = (f"CREATE TABLE t{i} AS SELECT * FROM read_csv(?, delim=?, header=true, columns={columns}, "
                   f"encoding=?, quote='\"', null_padding=true, strict_mode=false, auto_detect=false)")
            try:
                con.execute(sql, [str(path), sep, encoding])
            except duckdb.Error:  # a cp1252 byte after the sniffed head: read it again as latin-1
                con.execute(f"DROP TABLE IF EXISTS t{i}")
                con.execute(sql, [str(path), sep, "latin-1"])
            rows += con.execute(f"SELECT count(*) FROM t{i}").fetchall()[0][0]
            tables += 1
        else:
            reader = fastexcel.read_excel(path)
            for j, name in enumerate(reader.sheet_names):
                arrow = reader.load_sheet(name, header_row=None, dtypes="string").to_arrow()
                con.register("_sheet", arrow)
                con.execute(f"CREATE TABLE t{i}_{j} AS SELECT * FROM _sheet")
                con.unregister("_sheet")
                rows += arrow.num_rows
                tables += 1
    con.close()
    return {"files": len(files), "tables": tables, "rows": rows}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    landing, db = Path(args[0]), Path(args[1])
    for p in (db, Path(str(db) + ".wal")):
        if p.exists():
            os.remove(p)
    start = time.perf_counter()
    counts = read_floor(landing, db)
    print({**counts, "seconds": round(time.perf_counter() - start, 2)})
    return 0


if __name__ == "__main__":
    sys.exit(main())
