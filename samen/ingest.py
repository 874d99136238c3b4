"""Landing folder → raw archive → parsed rows, one transaction per file.

A file is archived once under its SHA-256 and never modified; the same
content under any name is skipped. Each file's manifest rows, valid rows and
file-level issues are written in one transaction, so a crash leaves either the
whole file or none of it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import duckdb
import polars as pl

from samen.contracts import REGISTRY_FOLDER, contracts
from samen.messages import MASK
from samen.pii import text_holds_personal_data
from samen.reading import CSV_SUFFIXES, XLSX_SUFFIXES, UnreadableFile, read_file
from samen.validation import ERROR, WARNING, SheetResult, issue_frame, make_issue, validate_sheet
from samen.warehouse import ISSUE_COLUMNS, insert_frame, transaction

SUPPORTED = CSV_SUFFIXES | XLSX_SUFFIXES


@dataclass(frozen=True)
class LandedFile:
    path: Path
    display: str  # path relative to the landing folder, personal data masked
    initiatief_id: str | None


@dataclass
class SheetOutcome:
    sheet: str | None
    dataset: str | None
    recognised_by: str | None
    result: SheetResult | None
    issues: pl.DataFrame


@dataclass
class FileOutcome:
    file: LandedFile
    sha256: str
    status: str  # geladen, overgeslagen (same content), onleesbaar
    sheets: list[SheetOutcome] = field(default_factory=list)
    encoding: str | None = None
    _counts: dict[str, int] | None = None

    def counts(self) -> dict[str, int]:
        if self._counts is not None:
            return dict(self._counts)
        read = sum(s.result.rows_read for s in self.sheets if s.result)
        accepted = sum(s.result.accepted.height for s in self.sheets if s.result)
        flagged = sum(s.result.rows_flagged for s in self.sheets if s.result)
        return {"read": read, "accepted": accepted, "rejected": read - accepted, "flagged": flagged}

    def release(self) -> None:
        """Once stored: keep the counts, drop the accepted rows (an ingest of a large landing folder
        would otherwise hold every parsed row in memory until it ends)."""
        self._counts = self.counts()
        for sheet in self.sheets:
            if sheet.result is not None:
                sheet.result.release()


MAX_NAME_SHOWN = 120


def safe_name(part: str) -> str:
    """One path part as it may be shown and stored: personal data masked, control characters
    (NUL, newlines, escapes) replaced, '..' neutralised and very long names shortened."""
    if text_holds_personal_data(part):
        return MASK
    cleaned = "".join(ch if ch.isprintable() else "\ufffd" for ch in part)
    if cleaned in (".", ".."):
        cleaned = "\ufffd" * len(cleaned)
    if len(cleaned) > MAX_NAME_SHOWN:
        cleaned = cleaned[: MAX_NAME_SHOWN - 1] + "…"
    return cleaned


def display_path(path: Path, root: Path | None) -> str:
    """The path a user recognises (relative to the landing folder), safe to store and print."""
    try:
        rel = path.relative_to(root) if root else Path(path.name)
    except ValueError:
        rel = Path(path.name)
    return "/".join(safe_name(part) for part in rel.parts)


def discover(landing: Path) -> list[LandedFile]:
    """Every data file under landing/, with the initiative its first folder names."""
    found = []
    for dirpath, dirnames, filenames in os.walk(landing):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith((".", "~$")) or Path(name).suffix.lower() not in SUPPORTED:
                continue
            path = Path(dirpath) / name
            rel = path.relative_to(landing)
            initiative = rel.parts[0] if len(rel.parts) > 1 else None
            found.append(LandedFile(path, display_path(path, landing), initiative))
    return found


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def files_sha256(paths: list[Path]) -> list[str]:
    """file_sha256 of each path, on a few threads: hashlib releases the GIL, so hashing a landing folder
    or the archive (hundreds of MB at scale) runs on every core."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(min(4, os.cpu_count() or 1)) as pool:
        return list(pool.map(file_sha256, paths))


def archive(path: Path, sha256: str, raw_dir: Path) -> Path:
    """Copy into the raw archive under its hash, once; write-then-rename so a crash leaves no half file."""
    raw_dir.mkdir(parents=True, exist_ok=True)
    target = raw_dir / f"{sha256}{path.suffix.lower()}"
    if not target.exists():
        tmp = target.with_suffix(target.suffix + ".part")
        shutil.copyfile(path, tmp)
        os.chmod(tmp, 0o444)
        os.replace(tmp, target)
    return target


def process_file(file: LandedFile, sha256: str, key: bytes) -> FileOutcome:
    """Read and validate one file. Pure: writes nothing."""
    outcome = FileOutcome(file, sha256, "geladen")
    try:
        sheets = read_file(file.path)
    except UnreadableFile as exc:
        outcome.status = "onleesbaar"
        outcome.sheets.append(SheetOutcome(None, None, None, None, issue_frame(
            [make_issue("bestand_onleesbaar", ERROR, value=str(exc))])))
        return outcome
    in_registry_folder = file.initiatief_id == REGISTRY_FOLDER
    for sheet in sheets:
        name = None if sheet.sheet is None else safe_name(sheet.sheet)
        outcome.encoding = sheet.encoding or outcome.encoding
        notes = []
        if sheet.hidden:
            notes.append(make_issue("verborgen_tabblad", WARNING, value=name))
        contract = contracts().get(sheet.dataset or "")
        problem = None
        if contract is None:
            problem = make_issue("dataset_onbekend", ERROR, keuzes=", ".join(contracts()))
        elif contract.scope == "agentschap" and not in_registry_folder:
            problem = make_issue("verkeerde_map", ERROR)
        elif contract.scope != "agentschap" and (in_registry_folder or file.initiatief_id is None):
            problem = make_issue("map_initiatief", ERROR, dataset=contract.dataset)
        if problem is not None:
            outcome.sheets.append(SheetOutcome(name, sheet.dataset, sheet.recognised_by, None,
                                               issue_frame([*notes, problem])))
            continue
        initiative = file.initiatief_id if not in_registry_folder else REGISTRY_FOLDER
        result = validate_sheet(sheet, contract, initiatief_id=initiative, key=key)
        outcome.sheets.append(SheetOutcome(name, contract.dataset, sheet.recognised_by, result,
                                           pl.concat([issue_frame(notes), result.issues])))
    return outcome


def _issue_rows(outcome: FileOutcome, sheet: SheetOutcome, stage: str = "bestand") -> pl.DataFrame:
    return sheet.issues.with_columns(
        initiatief_id=pl.lit(outcome.file.initiatief_id, dtype=pl.String),
        dataset=pl.lit(sheet.dataset, dtype=pl.String),
        file=pl.lit(outcome.file.display),
        sheet=pl.lit(sheet.sheet, dtype=pl.String),
        sha256=pl.lit(outcome.sha256),
        stage=pl.lit(stage),
    ).select(list(ISSUE_COLUMNS))


def _write_file(con: duckdb.DuckDBPyConnection, outcome: FileOutcome, seq: int, size: int) -> None:
    """One file's manifest, parsed rows and file-level issues, inside the caller's transaction."""
    received = datetime.now(timezone.utc).replace(tzinfo=None)
    for sheet in outcome.sheets:
        counts = (sheet.result.rows_read, sheet.result.accepted.height, sheet.result.rows_rejected,
                  sheet.result.rows_flagged) if sheet.result else (0, 0, 0, 0)
        status = outcome.status if sheet.result or outcome.status != "geladen" else "niet_geladen"
        con.execute(
            "INSERT INTO raw.manifest VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [outcome.sha256, sheet.sheet or "", outcome.file.display, outcome.file.initiatief_id, sheet.dataset,
             sheet.recognised_by, received, seq, size, outcome.encoding, status, *counts],
        )
        if sheet.result is not None and sheet.result.accepted.height:  # not yet released
            rows = sheet.result.accepted
            if sheet.dataset != "initiatieven":  # the registry names its initiatives itself
                rows = rows.with_columns(initiatief_id=pl.lit(outcome.file.initiatief_id))
            rows = rows.with_columns(_sha256=pl.lit(outcome.sha256), _sheet=pl.lit(sheet.sheet or ""),
                                     _seq=pl.lit(seq, dtype=pl.Int64))
            insert_frame(con, f"parsed.{sheet.dataset}", rows)
        insert_frame(con, "quarantine.file_issues", _issue_rows(outcome, sheet))


def _workers(new: list[tuple[int, LandedFile, str]]) -> int:
    """Processes that read and validate in parallel: one per core for a large delivery, else none.
    $SAMEN_INGEST_WORKERS overrides (0 or 1: read in this process)."""
    if "SAMEN_INGEST_WORKERS" in os.environ:
        return int(os.environ["SAMEN_INGEST_WORKERS"])
    size = sum(file.path.stat().st_size for _, file, _ in new)
    if len(new) < PARALLEL_MIN_FILES or size < PARALLEL_MIN_BYTES:
        return 0  # starting a worker costs ≈ 1 s of imports: not worth it for a few files
    return min(os.cpu_count() or 1, MAX_WORKERS)


def _process_in_order(files, key: bytes, workers: int):
    """(file, process_file(file)) for each (file, sha), in the order given.

    `process_file` is pure, so with workers > 1 it runs in a pool of fresh processes ('spawn': no forked
    Polars or DuckDB threads) while this process stores what is done; at most a few files run ahead,
    so memory stays bounded. Results are identical either way.
    """
    if workers <= 1:
        for file, sha in files:
            yield file, process_file(file, sha, key)
        return
    from collections import deque

    from samen.pool import spawn_pool

    ahead: deque = deque()
    with spawn_pool(workers) as pool:
        for file, sha in files:
            ahead.append((file, pool.submit(process_file, file, sha, key)))
            if len(ahead) > 2 * workers:
                done, future = ahead.popleft()
                yield done, future.result()
        while ahead:
            done, future = ahead.popleft()
            yield done, future.result()


PARALLEL_MIN_FILES = 16
PARALLEL_MIN_BYTES = 8 * 1024 * 1024
MAX_WORKERS = 4

# A transaction holds up to this many files or parsed rows (see `ingest`).
COMMIT_FILES = 50
COMMIT_ROWS = 500_000


@dataclass
class IngestReport:
    outcomes: list[FileOutcome] = field(default_factory=list)
    skipped: list[tuple[LandedFile, str]] = field(default_factory=list)  # same content as an archived file
    first_seq: int = 0  # the seq numbers given to this ingest's files (first > last: none)
    last_seq: int = 0


def ingest(con: duckdb.DuckDBPyConnection, files: list[LandedFile], key: bytes, raw_dir: Path | None,
           progress: Callable[[str], None] | None = None) -> IngestReport:
    """Archive, validate and store each new file; files whose content is known are skipped."""
    report = IngestReport()
    started = datetime.now(timezone.utc).replace(tzinfo=None)
    known = {row[0] for row in con.execute("SELECT DISTINCT sha256 FROM raw.manifest").fetchall()}
    seq = int(con.execute("SELECT coalesce(max(seq), 0) FROM raw.manifest").fetchall()[0][0])
    report.first_seq = seq + 1
    pending: list[tuple[FileOutcome, int, int]] = []  # validated, not yet committed

    def commit() -> None:
        # Several files per transaction: each file is still stored whole or not at all (a crash rolls back
        # the files of the open batch, which the next run reads again, as it would any unread file), but
        # a commit costs an fsync (≈ 10-20 ms), which per file was a third of a large first load.
        if not pending:
            return
        with transaction(con):
            for outcome, file_seq, size in pending:
                _write_file(con, outcome, file_seq, size)
        for outcome, _, _ in pending:
            outcome.release()
        pending.clear()

    new: list[tuple[int, LandedFile, str]] = []
    for i, (file, sha) in enumerate(zip(files, files_sha256([f.path for f in files])), 1):
        if sha in known:
            report.skipped.append((file, sha))
            continue
        known.add(sha)
        new.append((i, file, sha))

    def handed_out():  # in landing order: tell, archive, then read and validate
        for i, file, sha in new:
            if progress:
                progress(f"[{i}/{len(files)}] {file.display}")
            if raw_dir is not None:
                archive(file.path, sha, raw_dir)
            yield file, sha

    pending_rows = 0  # accepted rows of the pending files
    for file, outcome in _process_in_order(handed_out(), key, _workers(new)):
        seq += 1
        pending.append((outcome, seq, file.path.stat().st_size))
        report.outcomes.append(outcome)
        pending_rows += outcome.counts()["accepted"]
        if len(pending) >= COMMIT_FILES or pending_rows >= COMMIT_ROWS:
            commit()
            pending_rows = 0
    commit()
    report.last_seq = seq
    if not report.outcomes:  # nothing new: the warehouse stays exactly as it was
        return report
    con.execute("INSERT INTO raw.ingests VALUES (?, ?, ?, ?, ?, ?)",
                [started, datetime.now(timezone.utc).replace(tzinfo=None), report.first_seq, report.last_seq,
                 len(report.outcomes), len(report.skipped)])
    return report
