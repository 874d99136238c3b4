"""Row-level validation of one sheet against its data contract.

The contract's types, code lists, ranges, keys and in-file row rules are
compiled into Polars expressions here, so every row gets a decision in one
vectorised pass. Rules that need other datasets or the as-of date
(references, meeting inside its duo's period, nothing in the future) are
applied when staging is rebuilt (`samen.staging`), so they are re-checked on
every run.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from samen import parsing
from samen.contracts import Column, Contract
from samen.messages import MASK, render
from samen.normalise import normalise_name
from samen.pii import personal_cell, personal_column, pseudonymise, text_holds_personal_data
from samen.reading import ROW_COLUMN, Sheet

ERROR, WARNING = "fout", "waarschuwing"
ISSUE_SCHEMA = {
    "row": pl.Int64,
    "column": pl.String,
    "value": pl.String,
    "rule": pl.String,
    "severity": pl.String,
    "message": pl.String,
    "message_en": pl.String,
}
FLAGS = "_flags"
MAX_SHOWN = 40
# Rules applied per file; the rest belong to the staging rebuild.
IN_FILE_RULES = {"months_between", "not_before", "code_in_group"}


def empty_issues() -> pl.DataFrame:
    return pl.DataFrame(schema=ISSUE_SCHEMA)


def issue_frame(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=ISSUE_SCHEMA) if rows else empty_issues()


def make_issue(rule: str, severity: str, *, row: int | None = None, column: str | None = None,
               value: str | None = None, **params: object) -> dict:
    return {
        "row": row,
        "column": column,
        "value": value,
        "rule": rule,
        "severity": severity,
        "message": render(rule, "nl", kolom=column, waarde=value, **params),
        "message_en": render(rule, "en", kolom=column, waarde=value, **params),
    }


@dataclass
class SheetResult:
    dataset: str
    accepted: pl.DataFrame
    issues: pl.DataFrame
    rows_read: int
    dropped_columns: list[str] = field(default_factory=list)

    released: tuple[int, int] | None = None  # (accepted, flagged) once the accepted rows were dropped

    @property
    def rows_rejected(self) -> int:
        return self.rows_read - (self.released[0] if self.released else self.accepted.height)

    @property
    def rows_flagged(self) -> int:
        if self.released:
            return self.released[1]
        return int(self.accepted[FLAGS].list.len().gt(0).sum()) if self.accepted.height else 0

    def release(self) -> None:
        """Drop the accepted rows (once stored), keeping their counts."""
        if self.released is None:
            self.released = (self.accepted.height, self.rows_flagged)
            self.accepted = self.accepted.clear()


def _shown(column: Column, value: pl.Expr) -> pl.Expr:
    """What a refused value may show: ids and free text never, others truncated."""
    if column.parser in ("id", "text"):
        return pl.lit(MASK)
    return value.str.slice(0, MAX_SHOWN)


def map_headers(sheet: Sheet, contract: Contract) -> tuple[dict[str, str], list[dict]]:
    """Sheet cell column (c0…) → contract column; issues for dropped, unknown and doubled headers."""
    lookup = contract.header_lookup()
    mapping: dict[str, str] = {}
    issues: list[dict] = []
    for i, header in enumerate(sheet.headers):
        cell = f"c{i}"
        norm = normalise_name(header)
        shown = MASK if text_holds_personal_data(header) else header[:MAX_SHOWN]
        if not norm:
            if sheet.frame[cell].null_count() < sheet.frame.height:
                issues.append(make_issue("kolom_onbekend", WARNING, column=f"(kolom {i + 1} zonder naam)",
                                         dataset=contract.dataset))
            continue
        if norm in lookup:
            name = lookup[norm]
            if name in mapping.values():
                issues.append(make_issue("kolom_dubbel", WARNING, column=shown))
            else:
                mapping[cell] = name
            continue
        category = personal_column(header)
        if category:
            issues.append(make_issue("kolom_persoonsgegevens", WARNING, column=shown, soort=category))
        else:
            issues.append(make_issue("kolom_onbekend", WARNING, column=shown, dataset=contract.dataset))
    return mapping, issues


def _range_checks(col: Column, value: pl.Expr) -> list[tuple[pl.Expr, str, object]]:
    checks = []
    if col.exclusive_minimum is not None:
        checks.append((value <= col.exclusive_minimum, "groter_dan", col.exclusive_minimum))
    if col.minimum is not None:
        checks.append((value < col.minimum, "minimum", col.minimum))
    if col.maximum is not None:
        checks.append((value > col.maximum, "maximum", col.maximum))
    return checks


def _fmt_number(x: object) -> str:
    if isinstance(x, float) and x.is_integer():
        x = int(x)
    return str(x).replace(".", ",")


# Results of the elementwise parsers per distinct cell text, kept for the life of the process.
# A landing folder repeats the same few thousand spellings (dates, 1-5 scores, durations, ids of one
# initiative) across hundreds of files; evaluating the parser expressions (large trees, whose planning
# alone costs 5-20 ms) once per new spelling instead of once per sheet is what makes ingest scale.
# The parsers are pure functions of the text (and of the kind's parameters), so this changes no result.
_MEMO: dict[tuple, pl.DataFrame] = {}  # kind → frame of v (the text) and o0, o1, … (the outputs)
_MEMO_LIMIT = 1_000_000  # distinct texts per kind; a kind that outgrows it starts afresh


def _map_distinct(series: pl.Series, kind: tuple, compute, dtypes: tuple[pl.DataType, ...]) -> list[pl.Series]:
    """Apply an elementwise `compute` (a String Series of distinct texts → one Series per output, same
    length) to `series`, through the memo of `kind`. Nulls map to nulls."""
    outputs = [f"o{i}" for i in range(len(dtypes))]
    memo = _MEMO.get(kind)
    if memo is None or memo.height > _MEMO_LIMIT:
        if kind[0] == "pseudonym":  # keep the ids of one initiative at a time (files arrive per folder)
            for other in [k for k in _MEMO if k[0] == "pseudonym"]:
                del _MEMO[other]
        memo = pl.DataFrame(schema={"v": pl.String, **dict(zip(outputs, dtypes))})
    cells = series.rename("v").to_frame()
    new = cells.join(memo, on="v", how="anti").drop_nulls().unique()
    if new.height:
        results = compute(new["v"])
        memo = pl.concat([memo, new.with_columns(r.cast(d).alias(o) for r, d, o in zip(results, dtypes, outputs))])
        if memo.n_chunks() > 64:
            memo = memo.rechunk()
    _MEMO[kind] = memo
    joined = cells.join(memo, on="v", how="left", maintain_order="left")
    return [joined[o].alias(series.name) for o in outputs]


def _expression_pair(make):
    """A parser (text expr → value expr, error expr) as a compute function for `_map_distinct`."""
    def compute(texts: pl.Series) -> list[pl.Series]:
        value, err = make(pl.col("v"))
        out = pl.DataFrame({"v": texts}).select(value=value, err=err)
        return [out["value"], out["err"]]
    return compute


def personal_cells(series: pl.Series) -> pl.Series:
    """`personal_cell` of every cell of a text column (null where nothing personal), per distinct text."""
    def compute(texts: pl.Series) -> list[pl.Series]:
        return [pl.DataFrame({"v": texts}).select(personal_cell(pl.col("v"))).to_series()]
    return _map_distinct(series, ("personal_cell",), compute, (pl.String,))[0]


def pseudonymise_cached(series: pl.Series, initiatief_id: str, key: bytes) -> pl.Series:
    """`pseudonymise`, computing each (initiative, id) once per process: ids recur across an initiative's files."""
    def compute(texts: pl.Series) -> list[pl.Series]:
        return [pseudonymise(texts, initiatief_id, key)]
    return _map_distinct(series, ("pseudonym", key, initiatief_id), compute, (pl.String,))[0]


def parse_columns(frame: pl.DataFrame, contract: Contract, source_kind: str,
                  date1904: bool = False) -> tuple[pl.DataFrame, list[tuple[str, str, pl.Series]]]:
    """Typed values for every contract column, and per column the rule code of each unreadable cell."""
    typed: dict[str, pl.Series] = {}
    errors: list[tuple[str, str, pl.Series]] = []  # (column, rule-or-"", error series)
    for col in contract.columns:
        series = frame[col.name]
        if col.parser == "code":
            mapped = parsing.code_mapper(series, col.code_lookup())
            typed[col.name] = mapped
            errors.append((col.name, "code", series.is_not_null() & mapped.is_null()))
            continue
        if col.parser == "codes":
            mapped, bad = parsing.codes_mapper(series, col.code_lookup())
            typed[col.name] = mapped
            errors.append((col.name, "code", bad))
            continue
        if col.parser == "slug":
            typed[col.name] = series.str.strip_chars().str.to_lowercase()
            errors.append((col.name, "", pl.Series(col.name, [None] * series.len(), dtype=pl.String)))
            continue
        if col.parser not in _PARSERS:  # id, text
            typed[col.name] = series.str.strip_chars()
            errors.append((col.name, "", pl.Series(col.name, [None] * series.len(), dtype=pl.String)))
            continue
        make, dtype = _PARSERS[col.parser]
        kind: tuple = (col.parser,)
        if col.parser == "date":
            kind = ("date", date1904)
            make = _date_parser(date1904)
        elif col.parser == "decimal":
            thousands = bool(col.thousands and source_kind == "csv")
            kind = ("decimal", thousands)
            make = _decimal_parser(thousands)
        value, err = _map_distinct(series, kind, _expression_pair(make), (dtype, pl.String))
        typed[col.name] = value
        errors.append((col.name, "", err))
    return pl.DataFrame(typed), errors


def _date_parser(date1904: bool):
    return lambda raw: parsing.parse_date(raw, date1904=date1904)


def _decimal_parser(thousands: bool):
    return lambda raw: parsing.parse_decimal(raw, thousands=thousands)


_PARSERS = {
    "date": (parsing.parse_date, pl.Date),
    "decimal": (parsing.parse_decimal, pl.Float64),
    "integer": (parsing.parse_integer, pl.Int64),
    "duration": (parsing.parse_duration, pl.Float64),
    "boolean": (parsing.parse_boolean, pl.Boolean),
}


def validate_sheet(sheet: Sheet, contract: Contract, *, initiatief_id: str, key: bytes) -> SheetResult:
    mapping, header_issues = map_headers(sheet, contract)
    rows_read = sheet.frame.height
    missing = [c for c in contract.required if c not in mapping.values()]
    if not mapping:
        issue = make_issue("geen_kopregel", ERROR, dataset=contract.dataset)
        return SheetResult(contract.dataset, _empty_accepted(contract), issue_frame([*header_issues, issue]), rows_read)
    if missing:
        issues = header_issues + [make_issue("kolom_ontbreekt", ERROR, column=c) for c in missing]
        return SheetResult(contract.dataset, _empty_accepted(contract), issue_frame(issues), rows_read)

    def cleaned(cell: str) -> pl.Expr:
        text = pl.col(cell).str.strip_chars()
        return pl.when(text == "").then(None).otherwise(text)

    # One pass: each contract column, stripped, blank as null; a column the sheet lacks is all null.
    frame = sheet.frame.select(
        pl.col(ROW_COLUMN),
        *[cleaned(cell).alias(name) for cell, name in mapping.items()],
        *[pl.lit(None, dtype=pl.String).alias(c.name) for c in contract.columns if c.name not in mapping.values()],
    )
    labels = {c.name: c.label for c in contract.columns}
    problems: list[pl.DataFrame] = []  # row, column, value, rule, severity + params

    def collect(mask: pl.Series | pl.Expr, column: str, rule: str, severity: str, value: pl.Expr, **params: object) -> None:
        hit = frame.with_columns(_hit=mask).filter(pl.col("_hit")) if isinstance(mask, pl.Expr) else frame.filter(mask)
        if hit.height == 0:
            return
        ref = params.pop("ref", None)
        problems.append(
            hit.select(
                row=pl.col(ROW_COLUMN),
                column=pl.lit(column),
                value=value,
                rule=pl.lit(rule),
                severity=pl.lit(severity),
                ref=ref if ref is not None else pl.lit(None, dtype=pl.String),
                params=pl.lit(repr(params)),
            )
        )

    # 1. Personal data in a cell refuses the row; the value is never shown. Only a column with a cell that
    # holds an '@' or at least 9 digits can match (the shortest phone number has 9), so one cheap pass
    # picks the columns worth the full patterns.
    candidates = frame.select(
        (pl.col(c.name).str.contains("@", literal=True) | (pl.col(c.name).str.count_matches(r"\d") >= 9))
        .any().alias(c.name) for c in contract.columns
    ).row(0, named=True)
    for col in contract.columns:
        if not candidates[col.name]:
            continue
        found = personal_cells(frame[col.name])
        if found.is_not_null().any():
            kinds = found.fill_null("")
            for kind in kinds.filter(found.is_not_null()).unique().to_list():
                collect(kinds == kind, col.name, "persoonsgegeven", ERROR, pl.lit(MASK), soort=kind)

    # 2. Types.
    typed, parse_errors = parse_columns(frame, contract, sheet.source_kind, sheet.date1904)
    for name, rule, err in parse_errors:
        col = contract.column(name)
        if rule == "code":
            if err.any():
                collect(err.fill_null(False), name, "code", ERROR, _shown(col, pl.col(name)),
                        keuzes=", ".join(col.code_values))
        elif err.null_count() < err.len():
            err_frame = pl.DataFrame({"e": err})
            for code in err.drop_nulls().unique().to_list():
                collect(err_frame["e"] == code, name, code, ERROR, _shown(col, pl.col(name)))
    typed_frame = typed.with_columns(frame[ROW_COLUMN])

    # 3. Required, ranges, lengths, patterns (on typed values, null where unreadable).
    def collect_typed(mask: pl.Expr, column: str, rule: str, value: pl.Expr, **params: object) -> None:
        hits = typed_frame.select(mask.fill_null(False)).to_series()
        collect(hits, column, rule, ERROR, value, **params)

    def add_typed(mask: pl.Expr, column: str, rule: str, severity: str, value: pl.Expr,
                  ref: pl.Expr | None = None, **params: object) -> None:
        hit = typed_frame.filter(mask.fill_null(False))
        if hit.height:
            problems.append(hit.select(
                row=pl.col(ROW_COLUMN), column=pl.lit(column), value=value.cast(pl.String), rule=pl.lit(rule),
                severity=pl.lit(severity), ref=(ref if ref is not None else pl.lit(None)).cast(pl.String),
                params=pl.lit(repr(params)),
            ))

    typed_checks: list[tuple[pl.Expr, str, str, pl.Expr, dict]] = []  # mask, column, rule, value, params
    for col in contract.columns:
        for mask, rule, bound in _range_checks(col, pl.col(col.name)):
            typed_checks.append((mask, col.name, rule, _shown(col, pl.col(col.name)), {"grens": _fmt_number(bound)}))
        if col.max_length:
            typed_checks.append((pl.col(col.name).cast(pl.String).str.len_chars() > col.max_length, col.name,
                                 "te_lang", pl.lit(MASK), {"grens": col.max_length}))
        if col.pattern:
            typed_checks.append((~pl.col(col.name).cast(pl.String).str.contains(col.pattern), col.name, "patroon",
                                 _shown(col, pl.col(col.name)), {}))
    # Which checks have any hit at all, in one pass; only those are collected (in the same order as before).
    any_hit = typed_frame.select(
        mask.fill_null(False).any().alias(f"_{i}") for i, (mask, *_rest) in enumerate(typed_checks)
    ).row(0) if typed_checks else ()
    checks_by_column: dict[str, list[int]] = {}
    for i, (_mask, column, *_rest) in enumerate(typed_checks):
        checks_by_column.setdefault(column, []).append(i)
    for col in contract.columns:
        if col.required and frame[col.name].null_count():
            collect(frame[col.name].is_null(), col.name, "verplicht", ERROR, pl.lit(None, dtype=pl.String))
        for i in checks_by_column.get(col.name, []):
            if any_hit[i]:
                mask, column, rule, value, params = typed_checks[i]
                collect_typed(mask, column, rule, value, **params)

    # 4. In-file row rules from the contract.
    for rule in contract.rules:
        impl = rule.implementation
        sev = ERROR if rule.severity == "error" else WARNING
        if rule.kind == "months_between":
            start, end = pl.col(impl["from"]), pl.col(impl["to"])
            outside = (end < start.dt.offset_by(f"{impl['min']}mo")) | (end > start.dt.offset_by(f"{impl['max']}mo"))
            months = ((end - start).dt.total_days() / 30.44).round(1).cast(pl.String).str.replace(r"\.", ",")
            add_typed(outside, impl["to"], "geplande_duur", sev, months)
        elif rule.kind == "not_before":
            later, earlier = pl.col(impl["column"]), pl.col(impl["reference"])
            add_typed(later < earlier, impl["column"], "niet_voor" if sev == ERROR else "niet_voor_waarschuwing", sev,
                      later.dt.strftime("%d/%m/%Y"), ref=earlier.dt.strftime("%d/%m/%Y"),
                      referentie=labels[impl["reference"]])
        elif rule.kind == "code_in_group":
            col = contract.column(impl["column"])
            pairs = [f"{c.value}|{g}" for c in col.codes for g in c.groups]
            pair = pl.concat_str([pl.col(impl["column"]), pl.col(impl["group"])], separator="|")
            for group in typed_frame[impl["group"]].drop_nulls().unique().to_list():
                allowed = ", ".join(c.value for c in col.codes if group in c.groups)
                add_typed(~pair.is_in(pairs) & (pl.col(impl["group"]) == group), impl["column"],
                          "activiteit_bij_fase", sev, pl.col(impl["column"]), ref=pl.lit(group), keuzes=allowed)

    refused_rows = _refused_rows(problems)
    # 5. One row per key within a file (judged among rows that are otherwise valid).
    candidates = typed_frame.filter(~pl.col(ROW_COLUMN).is_in(refused_rows))
    dup_problems = _duplicate_keys(candidates, contract, list(contract.key))
    problems.extend(dup_problems)

    problems = _hide_personal_cells(problems)
    problems = _explain_mixed_separators(frame, contract, sheet.separator, problems)
    issues = _render(problems, labels, initiatief_id)
    refused = set(issues.filter(pl.col("severity") == ERROR)["row"].drop_nulls().to_list())
    flags = (
        issues.filter(pl.col("severity") == WARNING, pl.col("row").is_not_null())
        .group_by("row")
        .agg(pl.col("rule").unique().sort().alias(FLAGS))
    )
    accepted = typed_frame.filter(~pl.col(ROW_COLUMN).is_in(list(refused)))
    accepted = accepted.join(flags, left_on=ROW_COLUMN, right_on="row", how="left").with_columns(
        pl.col(FLAGS).fill_null(pl.lit([], dtype=pl.List(pl.String)))
    )
    for col in contract.columns:
        if col.pseudonymise:
            accepted = accepted.with_columns(pseudonymise_cached(accepted[col.name], initiatief_id, key))
    accepted = accepted.rename({ROW_COLUMN: "_row"}).select(*contract.names, "_row", FLAGS)
    all_issues = pl.concat([issue_frame(header_issues), issues])
    return SheetResult(contract.dataset, accepted, all_issues, rows_read)


def _hide_personal_cells(problems: list[pl.DataFrame]) -> list[pl.DataFrame]:
    """A cell that holds personal data is reported once, masked; no other rule may echo its value."""
    personal = [p for p in problems if p.height and p["rule"][0] == "persoonsgegeven"]
    if not personal:
        return problems
    cells = pl.concat(personal).select("row", "column").unique()
    return [p if (p.height and p["rule"][0] == "persoonsgegeven") else p.join(cells, on=["row", "column"], how="anti")
            for p in problems]


def _explain_mixed_separators(frame: pl.DataFrame, contract: Contract, separator: str | None,
                              problems: list[pl.DataFrame]) -> list[pl.DataFrame]:
    """A row written with another separator lands in one cell; say that, instead of 'empty' for every column."""
    if separator is None:
        return problems
    names = list(contract.names)
    filled = pl.sum_horizontal(pl.col(c).is_not_null().cast(pl.Int32) for c in names)
    first = pl.coalesce([pl.col(c) for c in names])
    other = pl.coalesce([pl.when(first.str.count_matches(s, literal=True) >= 2).then(pl.lit(s))
                         for s in (";", ",", "\t") if s != separator])
    mixed = frame.filter((filled == 1) & other.is_not_null()).select(
        row=pl.col(ROW_COLUMN), column=pl.lit(names[0]), value=other.str.replace("\t", "tab", literal=True),
        rule=pl.lit("scheidingsteken"), severity=pl.lit(ERROR), ref=pl.lit(None, dtype=pl.String),
        params=pl.lit("{}"))
    if mixed.height == 0:
        return problems
    rows = mixed.select("row")
    return [p.join(rows, on="row", how="anti") for p in problems] + [mixed]


def _empty_accepted(contract: Contract) -> pl.DataFrame:
    from samen.warehouse import polars_schema

    return pl.DataFrame(schema={**polars_schema(contract), "_row": pl.Int64, FLAGS: pl.List(pl.String)})


def _refused_rows(problems: list[pl.DataFrame]) -> list[int]:
    if not problems:
        return []
    return pl.concat(problems).filter(pl.col("severity") == ERROR)["row"].unique().to_list()


def _duplicate_keys(frame: pl.DataFrame, contract: Contract, key: list[str]) -> list[pl.DataFrame]:
    if not key or frame.height == 0:
        return []
    values = [c for c in contract.names]
    dup = frame.filter(pl.struct(key).is_duplicated())
    if dup.height == 0:
        return []
    dup = dup.with_columns(
        _content=pl.struct(values).hash(),
        _first=pl.col(ROW_COLUMN).min().over(key),
        _rows=pl.col(ROW_COLUMN).implode().over(key),
    ).with_columns(_identical=pl.col("_content").n_unique().over(key) == 1)
    label = " + ".join(contract.column(k).label for k in key)
    copies = dup.filter(pl.col("_identical") & (pl.col(ROW_COLUMN) != pl.col("_first")))
    conflicts = dup.filter(~pl.col("_identical"))
    out = []
    if copies.height:
        out.append(copies.select(row=pl.col(ROW_COLUMN), column=pl.lit(key[0]), value=pl.lit(None, dtype=pl.String),
                                 rule=pl.lit("dubbele_rij"), severity=pl.lit(ERROR),
                                 ref=pl.col("_first").cast(pl.String), params=pl.lit(repr({"sleutel": label}))))
    if conflicts.height:
        others = conflicts.select(
            pl.col(ROW_COLUMN),
            pl.col("_rows").list.set_difference(pl.concat_list(ROW_COLUMN)).list.sort().cast(pl.List(pl.String)).list.join(", ").alias("ref"),
        )
        out.append(others.select(row=pl.col(ROW_COLUMN), column=pl.lit(key[0]), value=pl.lit(None, dtype=pl.String),
                                 rule=pl.lit("dubbele_sleutel"), severity=pl.lit(ERROR), ref=pl.col("ref"),
                                 params=pl.lit(repr({"sleutel": label}))))
    return out


def _render(problems: list[pl.DataFrame], labels: dict[str, str], initiatief_id: str) -> pl.DataFrame:
    if not problems:
        return empty_issues()
    allp = pl.concat(problems, how="diagonal_relaxed").with_columns(initiatief_id=pl.lit(initiatief_id))
    return render_problems(allp, labels).select(list(ISSUE_SCHEMA)).sort("row", "column", nulls_last=True)


def render_problems(problems: pl.DataFrame, labels: dict[str, str]) -> pl.DataFrame:
    """Add Dutch and English messages; each distinct (rule, column, value, ref, params) is rendered once.

    `problems` has row, column, value, rule, severity, ref, params (repr of a dict) and initiatief_id.
    """
    import ast

    keys = ["initiatief_id", "column", "value", "rule", "ref", "params"]
    problems = problems.with_columns(pl.col(k).cast(pl.String) for k in keys)
    rendered = []
    for initiatief, column, value, rule, ref, params in problems.select(keys).unique().iter_rows():
        extra = ast.literal_eval(params) if params else {}
        kw = dict(kolom=labels.get(column, column), waarde=value, referentiewaarde=ref, rijen=ref,
                  initiatief=initiatief, **extra)
        rendered.append((initiatief, column, value, rule, ref, params, render(rule, "nl", **kw), render(rule, "en", **kw)))
    messages = pl.DataFrame(rendered, schema=[*keys, "message", "message_en"], orient="row",
                            schema_overrides={k: pl.String for k in keys})
    return problems.join(messages, on=keys, how="left", nulls_equal=True)
