"""The personal-data guard: columns never stored, cells that refuse their row,
and the keyed pseudonyms that replace participant, duo and staff ids."""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

import polars as pl

from samen.contracts import personal_data_policy
from samen.normalise import normalise_name

EMAIL = r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
PHONE = r"(^|[^\d])((\+|00)\s?32[\s./\-]?\(?0?\)?[1-9]|0[1-9])([\s./\-]?\d){7,8}([^\d]|$)"
DATE_LIKE = r"^\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}$"
RRN = r"(^|[^\d])(\d{2}[.\s\-]?\d{2}[.\s\-]?\d{2}[.\s\-]?\d{3}[.\s\-]?\d{2})([^\d]|$)"
PSEUDONYM_LENGTH = 20
PSEUDONYM_PATTERN = rf"^[0-9a-f]{{{PSEUDONYM_LENGTH}}}$"  # what pseudonymise() writes


def personal_column(header: str) -> str | None:
    """The personal-data category a header names (Dutch word), or None."""
    norm = normalise_name(header)
    categories, allowed = personal_data_policy()
    if not norm or norm in allowed:
        return None
    tokens = set(norm.split("_"))
    for cat in categories:
        for word in cat.headers:
            if norm == word or word in tokens or ("_" in word and word in norm):
                return cat.nl
    return None


def _rrn_valid(digits: pl.Expr) -> pl.Expr:
    base = digits.str.slice(0, 9).cast(pl.Int64, strict=False)
    check = digits.str.slice(9, 2).cast(pl.Int64, strict=False)
    return ((97 - base % 97) == check) | ((97 - (base + 2_000_000_000) % 97) == check)


def personal_cell(raw: pl.Expr) -> pl.Expr:
    """Dutch name of what a cell seems to hold (e-mail, telefoonnummer, rijksregisternummer), else null."""
    s = raw.str.strip_chars()
    rrn_digits = s.str.extract(RRN, 2).str.replace_all(r"[^\d]", "")
    return (
        pl.when(s.str.contains(EMAIL))
        .then(pl.lit("e-mailadres"))
        .when(rrn_digits.is_not_null() & _rrn_valid(rrn_digits))
        .then(pl.lit("rijksregisternummer"))
        .when(s.str.contains(PHONE) & ~s.str.contains(DATE_LIKE))
        .then(pl.lit("telefoonnummer"))
    )


@lru_cache(maxsize=16384)
def text_holds_personal_data(text: str) -> bool:
    """The same test for one string (file, sheet and header names); remembered, because the same headers,
    sheet and folder names recur in every file and each test is a Polars query of its own (≈ 1 ms)."""
    return pl.select(personal_cell(pl.lit(text, dtype=pl.String)).is_not_null()).item()


def pseudonymise(series: pl.Series, initiatief_id: str, key: bytes) -> pl.Series:
    """HMAC-SHA256 of initiative + local id, computed once per distinct id.

    Ids are compared case-insensitively and without surrounding spaces, so
    `d-001 ` in one file and `D-001` in another are the same duo.
    """
    distinct = series.drop_nulls().unique().to_list()
    mapping = {
        v: hmac.new(key, f"{initiatief_id}\x1f{v.strip().casefold()}".encode(), hashlib.sha256).hexdigest()[
            :PSEUDONYM_LENGTH
        ]
        for v in distinct
    }
    return series.replace_strict(mapping, default=None, return_dtype=pl.String)
