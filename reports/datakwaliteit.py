"""The datakwaliteit report: per initiative, every refused or flagged row of its files, grouped by file.

It is feedback for the coordinator who fixes the spreadsheet, not a publication: it lists rows
(file, sheet, Excel row, column, rule, what to do) but only what the quarantine holds — values of
ids, free text and personal cells are already masked there. It never reads another initiative's
rows: every query filters on the initiative in SQL.

Problems that belong to no initiative — the agency's registry (`_agentschap`), files outside an
initiative's folder (no initiative) and initiatives missing from the registry — go in the agency's
report (`initiatief_id=None`), with a count (not the rows) per initiative.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Sequence

import duckdb
import polars as pl

from reports.formatting import day
from reports.i18n import DEFAULT_LANG, STRINGS, check_lang, rule_label, t
from reports.paths import AGENCY, report_stem
from reports.render import DATE, FORMATS, INT, PLAIN, TZ, Column, Report, Table, figure, parallel_pdfs, write_report
from samen.contracts import contracts
from samen.settings import Paths, paths
from samen.validation import ERROR, WARNING
from samen.warehouse import connect

ISSUE_SQL = """
    SELECT initiatief_id, dataset, file, coalesce(sheet, '') AS sheet_key, sheet, "row", "column", value, rule,
           severity, message, message_en, sha256, stage
    FROM {table}
"""
# The agency's report: its registry, files outside any initiative folder, initiatives it has not registered.
AGENCY_FILTER = "(initiatief_id = '{agency}' OR initiatief_id IS NULL)".format(agency=AGENCY)


@dataclass(frozen=True)
class FileBlock:
    """One delivered file (or sheet) with its problems, as the template prints it."""

    title: str
    meta: str
    superseded: str | None
    table: Table
    total: int = 0  # problems of the file; the page shows at most MAX_LINES_PER_FILE, the XLSX all
    hidden: int = 0


# A file with a systematic error (say, dropped in the wrong initiative's folder) can refuse every one
# of its 300 000 rows: the page and the PDF show the first lines of each file and say how many more
# there are; the XLSX lists every line.
MAX_LINES_PER_FILE = 250


def _scope(initiatief_id: str | None) -> tuple[str, list]:
    if initiatief_id is None or initiatief_id == AGENCY:
        return AGENCY_FILTER, []
    return "initiatief_id = ?", [initiatief_id]


def load_issues(con: duckdb.DuckDBPyConnection, initiatief_id: str | None) -> pl.DataFrame:
    """Refused and flagged rows of one initiative (None: the agency's scope), both severities."""
    where, params = _scope(initiatief_id)
    sql = " UNION ALL ".join(ISSUE_SQL.format(table=f"quarantine.{t_}") + f" WHERE {where}"
                             for t_ in ("rejected_rows", "flagged_rows"))
    frame = con.sql(sql, params=(params * 2) or None).pl()
    if initiatief_id is None or initiatief_id == AGENCY:
        unregistered = con.sql(ISSUE_SQL.format(table="quarantine.flagged_rows")
                                   + " WHERE rule = 'initiatief_onbekend' AND initiatief_id IS NOT NULL "
                                   f"AND initiatief_id <> '{AGENCY}'").pl()
        frame = pl.concat([frame, unregistered], how="vertical_relaxed")
    return frame


def load_manifest(con: duckdb.DuckDBPyConnection, initiatief_id: str | None) -> pl.DataFrame:
    """The initiative's delivered files and sheets, oldest first."""
    where, params = _scope(initiatief_id)
    return con.sql(
        "SELECT sha256, sheet AS sheet_key, original_path, dataset, received_at, seq, status, rows_read "
        f"FROM raw.manifest WHERE {where} ORDER BY original_path, seq, sheet", params=params or None).pl()


def initiative_name(con: duckdb.DuckDBPyConnection, initiatief_id: str) -> str | None:
    rows = con.execute("SELECT naam FROM staging.initiatieven WHERE initiatief_id = ?", [initiatief_id]).fetchall()
    return rows[0][0] if rows else None


def known_initiatives(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every initiative that delivered a file or is in the registry: each gets a report."""
    rows = con.execute(f"""
        SELECT initiatief_id FROM raw.manifest WHERE initiatief_id IS NOT NULL AND initiatief_id <> '{AGENCY}'
        UNION SELECT initiatief_id FROM staging.initiatieven WHERE initiatief_id IS NOT NULL
        ORDER BY 1""").fetchall()
    return [r[0] for r in rows]


def _received_date(value: datetime | None) -> date | None:
    """raw.manifest stores UTC; the reader lives in Brussels."""
    if value is None:
        return None
    return value.replace(tzinfo=timezone.utc).astimezone(TZ).date()


def _short_path(path: str | None, initiatief_id: str | None) -> str:
    """A file as the initiative knows it: inside its own folder, the folder name is noise."""
    if not path:
        return ""
    prefix = f"{initiatief_id}/" if initiatief_id else None
    return path[len(prefix):] if prefix and path.startswith(prefix) else path


def _column_labels() -> dict[tuple[str, str], str]:
    return {(c.dataset, col.name): col.label for c in contracts().values() for col in c.columns}


def _dataset_label(dataset: str | None, lang: str) -> str:
    contract = contracts().get(dataset or "")
    if contract is None:
        return ""
    return contract.title if lang == "nl" else contract.title_en


def file_summary(manifest: pl.DataFrame, issues: pl.DataFrame) -> pl.DataFrame:
    """Per delivered file/sheet: rows read, rows refused, rows flagged (loaded, not refused), whole-file problems.

    A row with several problems counts once; a row both flagged and refused counts as refused.
    """
    keys = ["sha256", "sheet_key"]
    rows = issues.filter(pl.col("row").is_not_null() & pl.col("sha256").is_not_null())
    refused = rows.filter(pl.col("severity") == ERROR).select(*keys, "row").unique()
    flagged = (rows.filter(pl.col("severity") == WARNING).select(*keys, "row").unique()
               .join(refused, on=[*keys, "row"], how="anti"))
    whole = issues.filter(pl.col("row").is_null() & pl.col("sha256").is_not_null())
    counts = [
        refused.group_by(keys).len("geweigerd"),
        flagged.group_by(keys).len("gemarkeerd"),
        whole.group_by(keys).len("meldingen_bestand"),
    ]
    out = manifest
    for frame in counts:
        out = out.join(frame, on=keys, how="left")
    return out.with_columns(pl.col("geweigerd", "gemarkeerd", "meldingen_bestand").fill_null(0).cast(pl.Int64),
                            pl.col("rows_read").fill_null(0).cast(pl.Int64))


def _superseded(manifest: pl.DataFrame) -> dict[str, date]:
    """sha256 of an older delivery → the date a newer delivery of the same file path arrived."""
    newest = manifest.group_by("original_path").agg(pl.col("seq").max().alias("_last"),
                                                    pl.col("received_at").max().alias("_when"))
    older = manifest.join(newest, on="original_path").filter(pl.col("seq") < pl.col("_last"))
    return {r["sha256"]: _received_date(r["_when"]) for r in older.iter_rows(named=True)}


def detail_frame(issues: pl.DataFrame, manifest: pl.DataFrame, lang: str) -> pl.DataFrame:
    """One line per problem, in file order, whole-file problems first, then by Excel row."""
    labels = _column_labels()
    order = manifest.select("sha256", "sheet_key", "seq").unique(subset=["sha256", "sheet_key"])
    message = "message" if lang == "nl" else "message_en"
    out = (issues.join(order, on=["sha256", "sheet_key"], how="left")
           .with_columns(
               pl.struct("dataset", "column").map_elements(
                   lambda s: labels.get((s["dataset"], s["column"]), s["column"] or ""), return_dtype=pl.String
               ).alias("kolom"),
               pl.col("rule").map_elements(lambda r: rule_label(r, lang), return_dtype=pl.String).alias("regel"),
               pl.col("severity").replace_strict({ERROR: t("severity_fout", lang), WARNING: t("severity_waarschuwing", lang)},
                                                 default=pl.col("severity")).alias("gevolg"),
               pl.coalesce(pl.col(message), pl.col("message")).alias("uitleg"),
               pl.col("row").is_null().alias("_whole"),
               (pl.col("sha256").fill_null("") + "|" + pl.col("sheet_key").fill_null("")).alias("_group"),
           )
           .sort(["seq", "file", "sheet_key", "_whole", "row", "kolom", "rule"], descending=[False, False, False, True,
                                                                                          False, False, False],
                 nulls_last=True))
    return out.with_columns(pl.col("sheet").fill_null(""), pl.col("file").fill_null(""), pl.col("value").fill_null(""))


def _detail_columns(lang: str, with_file: bool, with_sheet: bool = True) -> list[Column]:
    cols = [Column("file", t("col_file", lang), wrap=True)] if with_file else []
    if with_file and with_sheet:
        cols.append(Column("sheet", t("col_sheet", lang), wrap=True))
    return cols + [
        Column("row", t("col_row", lang), PLAIN, missing=t("dq_whole_file", lang)),
        Column("kolom", t("col_column", lang)),
        Column("regel", t("col_rule", lang)),
        Column("gevolg", t("col_severity", lang)),
        Column("value", t("col_value", lang)),
        Column("uitleg", t("col_message", lang)),
    ]


def build_datakwaliteit(con: duckdb.DuckDBPyConnection, initiatief_id: str | None, lang: str = DEFAULT_LANG,
                        generated_on: date | None = None) -> Report:
    """The report of one initiative (None or '_agentschap': the agency's report), ready for `write_report`."""
    check_lang(lang)
    agency = initiatief_id is None or initiatief_id == AGENCY
    issues = load_issues(con, None if agency else initiatief_id)
    manifest = load_manifest(con, None if agency else initiatief_id)
    summary = file_summary(manifest, issues)
    superseded = _superseded(manifest)
    details = detail_frame(issues, manifest, lang).with_columns(
        pl.col("file").map_elements(lambda f: _short_path(f, initiatief_id), return_dtype=pl.String))

    # Sheets only matter for workbooks: without any, the column would be empty and cost a narrow page.
    has_sheets = bool((summary["sheet_key"].fill_null("") != "").any() or (details["sheet"] != "").any())
    summary_view = summary.with_columns(
        pl.col("original_path").map_elements(lambda f: _short_path(f, initiatief_id), return_dtype=pl.String)
        .alias("file"),
        pl.col("sheet_key").alias("sheet"),
        pl.col("dataset").map_elements(lambda d: _dataset_label(d, lang), return_dtype=pl.String).fill_null(""),
        pl.col("received_at").map_elements(_received_date, return_dtype=pl.Date).alias("ontvangen"),
        pl.col("status").map_elements(lambda s: _status(s, lang), return_dtype=pl.String),
    )
    tables = {
        "bestanden": Table("bestanden", t("dq_summary_title", lang), summary_view, [
            Column("file", t("col_file", lang), wrap=True),
            *([Column("sheet", t("col_sheet", lang), wrap=True)] if has_sheets else []),
            Column("dataset", t("col_dataset", lang)),
            Column("ontvangen", t("col_received", lang), DATE),
            *([Column("status", t("col_status", lang))] if (summary["status"] != "geladen").any() else []),
            Column("rows_read", t("col_rows_read", lang), INT),
            Column("geweigerd", t("col_rows_refused", lang), INT),
            Column("gemarkeerd", t("col_rows_flagged", lang), INT),
            Column("meldingen_bestand", t("col_file_problems", lang), INT),
        ], note=t("dq_summary_note", lang)),
    }
    by_rule = _by_rule(issues, lang)
    if by_rule.height:
        tables["regels"] = Table("regels", t("dq_by_rule_title", lang), by_rule, [
            Column("regel", t("col_rule", lang)),
            Column("rule", t("col_rule_code", lang)),
            Column("geweigerd", t("col_rows_refused", lang), INT),
            Column("gemarkeerd", t("col_rows_flagged", lang), INT),
        ])
    detail_table = Table("meldingen", t("dq_details_title", lang), details,
                         _detail_columns(lang, with_file=True, with_sheet=has_sheets),
                         sheet=t("dq_details_sheet", lang))
    tables["meldingen"] = detail_table

    blocks = _file_blocks(details, manifest, superseded, lang)
    if agency:
        tables["initiatieven"] = _per_initiative(con, lang)

    figures = {}
    if by_rule.height:
        from reports import charts  # Altair costs ≈1 s to import: only when a chart is drawn, not when Dagster loads

        long = by_rule.unpivot(index="regel", on=["geweigerd", "gemarkeerd"], variable_name="soort", value_name="n")
        long = long.with_columns(pl.col("soort").replace_strict({"geweigerd": t("severity_fout", lang),
                                                                "gemarkeerd": t("severity_waarschuwing", lang)}))
        chart = charts.bar_chart(long.filter(pl.col("n") > 0), lang, category="regel", value="n", stack="soort",
                                 x_title=t("col_problems", lang))
        figures["regels"] = figure("regels", t("dq_chart_title", lang), chart, lang)

    name = None if agency else initiative_name(con, initiatief_id)
    label = f"{name} ({initiatief_id})" if name else str(initiatief_id)
    keyfigures = [
        (t("dq_key_files", lang), summary.select("sha256").unique().height),
        (t("dq_key_rows_read", lang), int(summary["rows_read"].sum())),
        (t("dq_key_refused", lang), int(summary["geweigerd"].sum())),
        (t("dq_key_flagged", lang), int(summary["gemarkeerd"].sum())),
        (t("dq_key_file_problems", lang), int(summary["meldingen_bestand"].sum())),
    ]
    return Report(
        kind="datakwaliteit",
        lang=lang,
        title=t("dq_title_agency" if agency else "dq_title", lang),
        subtitle=t("dq_subtitle_agency", lang) if agency else t("dq_subtitle", lang, name=label),
        template="datakwaliteit.html.j2",
        published=False,  # for the initiative itself; the rows are its own, with values already masked
        tables=tables,
        figures=figures,
        context={"agency": agency, "badge": t("not_for_publication_agency" if agency else "not_for_publication", lang), "initiatief_id": initiatief_id, "blocks": blocks, "keyfigures": keyfigures,
                 "has_files": manifest.height > 0, "has_issues": issues.height > 0},
        notes=[t("dq_intro_agency" if agency else "dq_intro", lang)],
        generated_on=generated_on or datetime.now(TZ).date(),
    )


def _status(status: str | None, lang: str) -> str:
    key = f"status_{status}"
    return t(key, lang) if key in STRINGS else (status or "")


def _by_rule(issues: pl.DataFrame, lang: str) -> pl.DataFrame:
    if issues.is_empty():
        return pl.DataFrame(schema={"rule": pl.String, "regel": pl.String, "geweigerd": pl.Int64, "gemarkeerd": pl.Int64})
    return (issues.group_by("rule").agg((pl.col("severity") == ERROR).sum().cast(pl.Int64).alias("geweigerd"),
                                        (pl.col("severity") == WARNING).sum().cast(pl.Int64).alias("gemarkeerd"))
            .with_columns(pl.col("rule").map_elements(lambda r: rule_label(r, lang), return_dtype=pl.String)
                          .alias("regel"))
            .sort([pl.col("geweigerd") + pl.col("gemarkeerd"), "rule"], descending=[True, False]))


def _file_blocks(details: pl.DataFrame, manifest: pl.DataFrame, superseded: dict[str, date],
                 lang: str) -> list[FileBlock]:
    info = {(r["sha256"], r["sheet_key"]): r for r in manifest.iter_rows(named=True)}
    blocks = []
    base = Table("meldingen", "", details, _detail_columns(lang, with_file=False))
    for group, table in base.split("_group"):
        first = table.frame.row(0, named=True)
        sha, sheet = first["sha256"], first["sheet_key"]
        if sha is None:
            blocks.append(FileBlock(t("dq_general", lang), "", None, replace(table, key=f"file-{len(blocks) + 1}"),
                                    table.frame.height))
            continue
        entry = info.get((sha, sheet), {})
        title = first["file"] or _short_path(entry.get("original_path"), first["initiatief_id"])
        if sheet:
            title += f" — {t('col_sheet', lang).lower()} {sheet}"
        meta = " · ".join(x for x in (_dataset_label(first["dataset"], lang),
                                       t("dq_received", lang, date=day(_received_date(entry.get("received_at")), lang))
                                       if entry.get("received_at") else "") if x)
        newer = superseded.get(sha)
        note = t("dq_superseded", lang, date=day(newer, lang)) if newer else None
        total = table.frame.height
        shown = replace(table, key=f"file-{len(blocks) + 1}", frame=table.frame.head(MAX_LINES_PER_FILE))
        blocks.append(FileBlock(title, meta, note, shown, total, max(0, total - MAX_LINES_PER_FILE)))
    return blocks


def quality_counts(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Per initiative with files: files, rows read, rows refused, rows only flagged (a row both refused and
    flagged counts as refused) and the last delivery — the agency's page here and the jaarrapport's coverage."""
    return con.sql(f"""
        WITH m AS (SELECT initiatief_id, count(DISTINCT sha256) AS bestanden, coalesce(sum(rows_read), 0) AS rijen_gelezen,
                          max(received_at) AS laatst_ontvangen
                   FROM raw.manifest WHERE initiatief_id IS NOT NULL AND initiatief_id <> '{AGENCY}' GROUP BY ALL),
             r AS (SELECT initiatief_id, count(DISTINCT (sha256, coalesce(sheet, ''), "row")) AS rijen_geweigerd
                   FROM quarantine.rejected_rows WHERE "row" IS NOT NULL GROUP BY ALL),
             f AS (SELECT initiatief_id, count(DISTINCT (sha256, coalesce(sheet, ''), "row")) AS rijen_gemarkeerd
                   FROM quarantine.flagged_rows x WHERE "row" IS NOT NULL AND NOT EXISTS (
                       SELECT 1 FROM quarantine.rejected_rows y WHERE y.sha256 = x.sha256
                       AND coalesce(y.sheet, '') = coalesce(x.sheet, '') AND y."row" = x."row") GROUP BY ALL)
        SELECT m.initiatief_id, m.bestanden, m.rijen_gelezen, coalesce(r.rijen_geweigerd, 0) AS rijen_geweigerd,
               coalesce(f.rijen_gemarkeerd, 0) AS rijen_gemarkeerd, CAST(m.laatst_ontvangen AS DATE) AS laatst_ontvangen
        FROM m LEFT JOIN r USING (initiatief_id) LEFT JOIN f USING (initiatief_id)
        ORDER BY m.initiatief_id""").pl()


def _per_initiative(con: duckdb.DuckDBPyConnection, lang: str) -> Table:
    """For the agency: per initiative (with files or in the registry), files and problem rows (counts of rows
    in files, no row detail)."""
    counts = quality_counts(con).select("initiatief_id", "bestanden", rows_read="rijen_gelezen",
                                        geweigerd="rijen_geweigerd", gemarkeerd="rijen_gemarkeerd")
    registry = con.sql("SELECT initiatief_id, naam FROM staging.initiatieven").pl()
    ids = pl.concat([counts.select("initiatief_id"), registry.select("initiatief_id")]).unique()
    frame = (ids.join(registry, on="initiatief_id", how="left").join(counts, on="initiatief_id", how="left")
             .with_columns(pl.col("bestanden", "rows_read", "geweigerd", "gemarkeerd").fill_null(0),
                           pl.col("naam").fill_null(t("dq_not_registered", lang)))
             .sort("initiatief_id"))
    return Table("initiatieven", t("dq_per_initiative_title", lang), frame, [
        Column("initiatief_id", t("col_initiative", lang)),
        Column("naam", t("col_name", lang)),
        Column("bestanden", t("dq_key_files", lang), INT),
        Column("rows_read", t("col_rows_read", lang), INT),
        Column("geweigerd", t("col_rows_refused", lang), INT),
        Column("gemarkeerd", t("col_rows_flagged", lang), INT),
    ])


# --- rendering to disk ------------------------------------------------------------------------------


def _paths(home: Paths | str | Path | None) -> Paths:
    return home if isinstance(home, Paths) else paths(home)


def render_datakwaliteit(home: Paths | str | Path | None, initiatief_id: str | None, lang: str = DEFAULT_LANG,
                         formats: Sequence[str] = FORMATS) -> dict[str, Path]:
    """Build and write one initiative's report (None: the agency's); returns format → path."""
    p = _paths(home)
    with connect(p.warehouse, read_only=True) as con:
        report = build_datakwaliteit(con, initiatief_id, lang)
    return write_report(report, report_stem(p, "datakwaliteit", initiatief_id=initiatief_id, lang=lang), formats)


def render_all_datakwaliteit(home: Paths | str | Path | None = None, lang: str = DEFAULT_LANG,
                             formats: Sequence[str] = FORMATS) -> dict[str, dict[str, Path]]:
    """Every initiative's report plus the agency's (key '_agentschap'); the warehouse is read once, then closed."""
    p = _paths(home)
    with connect(p.warehouse, read_only=True) as con:
        reports = {i: build_datakwaliteit(con, i, lang) for i in known_initiatives(con)}
        reports[AGENCY] = build_datakwaliteit(con, None, lang)
    with parallel_pdfs():
        return {i: write_report(r, report_stem(p, "datakwaliteit", initiatief_id=i, lang=lang), formats)
                for i, r in reports.items()}


def report_counts(home: Paths | str | Path | None, initiatief_id: str | None) -> dict[str, int]:
    """What a report holds, for run metadata: problems, rows refused and flagged, files."""
    p = _paths(home)
    with connect(p.warehouse, read_only=True) as con:
        issues = load_issues(con, initiatief_id)
        summary = file_summary(load_manifest(con, initiatief_id), issues)
    return {"problems": issues.height, "rows_refused": int(summary["geweigerd"].sum()),
            "rows_flagged": int(summary["gemarkeerd"].sum()), "files": summary.select("sha256").unique().height}


def missing_reports(home: Paths | str | Path | None, lang: str = DEFAULT_LANG) -> list[str]:
    """Initiatives (and the agency) whose report is missing in one of the formats."""
    p = _paths(home)
    with connect(p.warehouse, read_only=True) as con:
        ids = [*known_initiatives(con), AGENCY]
    missing = []
    for initiative in ids:
        stem = report_stem(p, "datakwaliteit", initiatief_id=initiative, lang=lang)
        if not all(stem.with_name(f"{stem.name}.{fmt}").exists() for fmt in FORMATS):
            missing.append(initiative)
    return missing
