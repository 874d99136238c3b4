"""Parse the Dutch spellings of values (DOMAIN.md §3) as vectorised Polars expressions.

Each parser takes a text expression and returns (value, error): `error` is a
rule code from `samen.messages` where a non-empty cell could not be read, else
null. Nothing loops over rows in Python; code lists are mapped per distinct value.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from samen.normalise import normalise_name

EXCEL_EPOCH = date(1899, 12, 30)
EXCEL_EPOCH_1904 = date(1904, 1, 1)  # workbooks with the 1904 date system (old Mac Excel)
# Excel serials accepted as dates: 1954-10-03 … 2119-01-11 (a bare small number is no date).
SERIAL_MIN, SERIAL_MAX = 20_000, 80_000

_TRUE = {"ja", "j", "x", "1", "yes", "y", "true", "waar", "oui"}
_FALSE = {"nee", "n", "0", "no", "false", "onwaar", "non"}


def _blank_to_null(s: pl.Expr) -> pl.Expr:
    s = s.str.strip_chars()
    return pl.when(s == "").then(None).otherwise(s)


def parse_date(raw: pl.Expr, *, date1904: bool = False) -> tuple[pl.Expr, pl.Expr]:
    s = _blank_to_null(raw).str.replace(r"[ T]\d{2}:\d{2}(:\d{2})?(\.\d+)?$", "")
    iso = s.str.extract_groups(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
    dmy = s.str.extract_groups(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")

    def build(y: pl.Expr, m: pl.Expr, d: pl.Expr) -> pl.Expr:
        text = pl.concat_str([y, m.str.zfill(2), d.str.zfill(2)], separator="-")
        return text.str.to_date("%Y-%m-%d", strict=False)

    serial = s.str.extract(r"^(\d{5})(?:\.0+)?$").cast(pl.Int64, strict=False)
    from_serial = pl.when(serial.is_between(SERIAL_MIN, SERIAL_MAX)).then(
        pl.lit(EXCEL_EPOCH_1904 if date1904 else EXCEL_EPOCH) + pl.duration(days=serial)
    )
    value = pl.coalesce(
        build(iso.struct[0], iso.struct[1], iso.struct[2]),
        build(dmy.struct[2], dmy.struct[1], dmy.struct[0]),
        from_serial.cast(pl.Date),
    )
    value = pl.when(value.dt.year().is_between(1900, 2200)).then(value)
    two_digit_year = s.str.contains(r"^\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2}$")
    error = (
        pl.when(s.is_null() | value.is_not_null())
        .then(None)
        .when(two_digit_year)
        .then(pl.lit("datum_jaar"))
        .otherwise(pl.lit("datum"))
    )
    return value, error


def _decimal_text(s: pl.Expr, thousands: bool) -> pl.Expr:
    """Text of a number in the Dutch or English spelling → text Polars can cast."""
    s = s.str.replace_all(r"[\s\u00a0€]", "")
    both = s.str.contains(r"\.") & s.str.contains(",")
    comma_last = s.str.contains(r"\.[^,]*,[^.]*$")
    dot_thousands = pl.lit(thousands) & s.str.contains(r"^[-+]?\d{1,3}(\.\d{3})+$")
    return (
        pl.when(both & comma_last)
        .then(s.str.replace_all(r"\.", "").str.replace(",", "."))
        .when(both)
        .then(s.str.replace_all(",", ""))
        .when(s.str.contains(","))
        .then(s.str.replace(",", "."))
        .when(dot_thousands)
        .then(s.str.replace_all(r"\.", ""))
        .otherwise(s)
    )


def parse_decimal(raw: pl.Expr, *, thousands: bool = False) -> tuple[pl.Expr, pl.Expr]:
    s = _blank_to_null(raw)
    text = _decimal_text(s, thousands)
    value = pl.when(text.str.contains(r"^[-+]?(\d+\.?\d*|\.\d+)$")).then(text.cast(pl.Float64, strict=False))
    error = pl.when(s.is_not_null() & value.is_null()).then(pl.lit("getal"))
    return value, error


def parse_integer(raw: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    number, number_error = parse_decimal(raw)
    whole = number.is_not_null() & (number == number.round(0))
    value = pl.when(whole).then(number.cast(pl.Int64, strict=False))
    error = pl.when(number_error.is_not_null() | (number.is_not_null() & ~whole)).then(pl.lit("geheel_getal"))
    return value, error


def parse_duration(raw: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """Hours from `1,5`, `1.5`, `1u30`, `1u`, `1h30`, `1:30`, `90 min`, `45'`."""
    s = _blank_to_null(raw).str.to_lowercase()
    number, _ = parse_decimal(s)
    hm = s.str.extract_groups(r"^(\d{1,2})\s*(?:u|uur|h|:)\s*(\d{1,2})\s*(?:min|m)?$")
    hours_only = s.str.extract(r"^(\d+(?:[.,]\d+)?)\s*(?:u|uur|h|uren)$").str.replace(",", ".")
    minutes = s.str.extract(r"^(\d+)\s*(?:min|minuten|minuut|m|')$")
    h, m = hm.struct[0].cast(pl.Float64, strict=False), hm.struct[1].cast(pl.Float64, strict=False)
    # A cell typed as 1:30 in Excel is a time of day: the reader renders it as 1899-12-31 01:30:00.
    clock = s.str.extract_groups(r"^(?:1899-12-3[01][ t])?(\d{1,2}):(\d{2}):(\d{2})(?:\.\d+)?$")
    clock_hours = (clock.struct[0].cast(pl.Float64, strict=False) + clock.struct[1].cast(pl.Float64, strict=False) / 60
                   + clock.struct[2].cast(pl.Float64, strict=False) / 3600)
    value = pl.coalesce(
        number,
        pl.when(m < 60).then(h + m / 60),
        hours_only.cast(pl.Float64, strict=False),
        minutes.cast(pl.Float64, strict=False) / 60,
        clock_hours.round(4),
    )
    error = pl.when(s.is_not_null() & value.is_null()).then(pl.lit("duur"))
    return value, error


def parse_boolean(raw: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    s = _blank_to_null(raw).str.to_lowercase()
    value = pl.when(s.is_in(list(_TRUE))).then(True).when(s.is_in(list(_FALSE))).then(False)
    error = pl.when(s.is_not_null() & value.is_null()).then(pl.lit("ja_nee"))
    return value, error


def code_mapper(series: pl.Series, lookup: dict[str, str]) -> pl.Series:
    """Map each distinct spelling through normalise_name to its canonical code (null if unknown)."""
    distinct = series.drop_nulls().unique().to_list()
    mapping = {v: lookup.get(normalise_name(v)) for v in distinct}
    return series.replace_strict(mapping, default=None, return_dtype=pl.String)


def codes_mapper(series: pl.Series, lookup: dict[str, str]) -> tuple[pl.Series, pl.Series]:
    """A list cell (`netwerk, thuis voelen`) → sorted list of codes, and where a part is unknown."""
    frame = pl.DataFrame({"cell": series}).with_row_index("i")
    parts = frame.with_columns(pl.col("cell").str.replace_all(r"\s*[;,|/\n]\s*", ",").str.split(",")).explode("cell")
    parts = parts.with_columns(pl.col("cell").str.strip_chars())
    mapped = code_mapper(parts["cell"], lookup)
    parts = parts.with_columns(
        code=mapped, bad=pl.col("cell").is_not_null() & (pl.col("cell") != "") & mapped.is_null()
    )
    grouped = (
        parts.group_by("i")
        .agg(pl.col("code").drop_nulls().unique().sort(), pl.col("bad").any())
        .sort("i")
    )
    codes = grouped["code"]
    codes = pl.select(pl.when(codes.list.len() > 0).then(codes)).to_series().alias(series.name)
    return codes, grouped["bad"]
