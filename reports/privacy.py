"""The small-count rule: THE one place where published figures are made safe.

Every published report (jaarrapport, initiatiefrapport) passes each of its tables through
`protect()` — `reports.render` does it for every `Table` of a report marked `published`, from
the column kinds, so a builder cannot forget it. Charts get their frames through `protect()` too.

The rule (issue "Reports", point 6; the method annex prints `method_text()`):

* A count of persons or duos from 1 to 9 is shown as "<10"; any other count is rounded to the
  nearest multiple of 5 (so a shown count is 0 or ≥ 10, and never off by more than 2).
  Zero stays 0: it is not a small group of persons.
* A total is rounded after summing the exact values (`with_total_row` sums before `protect`
  runs), never by adding rounded cells.
* A mean, share or interval over persons or duos is shown only when its n (the exact number of
  persons or duos it is based on) is at least 10; otherwise it is withheld.
* Rows at the level of all of Flanders and Brussels may be exempted from the count rounding
  (pass `exempt=TOTAL_LEVEL`); the n ≥ 10 rule for means and shares holds on every row.
* An initiative's own headline figures (duos started/active, hours, hours per duo, FTE, costs)
  are not about a person: declare them `exact` and they are shown as they are.

Representation after `protect()`: columns keep their numeric dtype, and a protected cell that
may not be shown is null. In a protected count column null means "<10"; in a protected statistic
null means "withheld or not applicable" ("–"). That is why a count going in may not be null.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

import polars as pl

THRESHOLD = 10  # smallest count shown as a number; smallest n for a mean, share or interval
BASE = 5  # counts ≥ THRESHOLD are rounded to a multiple of this
SMALL = "<10"  # what a suppressed count shows
WITHHELD = "–"  # what a withheld statistic shows
# Rows for all of Flanders and Brussels together (the marts' `niveau` column): counts exempt from rounding.
TOTAL_LEVEL = pl.col("niveau") == "totaal"


def round_count(n: int) -> int:
    """Nearest multiple of BASE. Integers have no ties for an odd BASE, so the error is at most 2."""
    if n < 0:
        raise ValueError(f"a count cannot be negative: {n}")
    return (n + BASE // 2) // BASE * BASE


def publish_count(n: int) -> int | None:
    """The shown value of an exact count: 0 → 0, 1–9 → None ("<10"), else rounded to 5."""
    if n is None:
        raise ValueError("a count to publish cannot be missing; fill it with 0 where nothing was counted")
    n = int(n)
    if n == 0:
        return 0
    if n < THRESHOLD:
        return None
    return round_count(n)


def publish_total(values: Iterable[int]) -> int | None:
    """A total: the exact values are summed first, then the sum is published like any count."""
    return publish_count(sum(int(v) for v in values))


def publish_stat(value: float | None, n: int | None) -> float | None:
    """A mean, share or interval bound over n persons or duos: shown only when n ≥ THRESHOLD."""
    if value is None or n is None or n < THRESHOLD:
        return None
    return value


def count_text(published: int | None, formatted: str | None = None) -> str:
    """The cell text of a published count: "<10" for a suppressed one."""
    if published is None:
        return SMALL
    return formatted if formatted is not None else str(published)


@dataclass(frozen=True)
class Protection:
    """Which columns of a table the rule governs.

    counts: person/duo counts (rounded, "<10"); stats: mean/share/interval column → the column with
    its exact n; exact: headline figures shown as they are (listed so the choice is explicit).
    """

    counts: tuple[str, ...] = ()
    stats: Mapping[str, str] = field(default_factory=dict)
    exact: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        overlap = (set(self.counts) | set(self.stats)) & set(self.exact)
        if overlap:
            raise ValueError(f"columns both protected and exact: {sorted(overlap)}")

    @property
    def columns(self) -> set[str]:
        return set(self.counts) | set(self.stats) | set(self.stats.values()) | set(self.exact)


def _count_expr(column: str) -> pl.Expr:
    c = pl.col(column)
    rounded = ((c + BASE // 2) // BASE) * BASE
    return pl.when(c == 0).then(pl.lit(0, dtype=pl.Int64)).when(c < THRESHOLD).then(None).otherwise(rounded)


def protect(frame: pl.DataFrame, protection: Protection, exempt: pl.Expr | None = None) -> pl.DataFrame:
    """Apply the small-count rule to the declared columns of `frame` (see the module docstring).

    Statistics are judged on their exact n before the counts are rounded. `exempt` selects rows whose
    counts stay exact (all of Flanders and Brussels); it never exempts a statistic from n ≥ 10.
    """
    missing = protection.columns - set(frame.columns)
    if missing:
        raise KeyError(f"columns named in the protection but not in the frame: {sorted(missing)}")
    for column in protection.counts:
        if frame[column].null_count():
            raise ValueError(f"count column {column!r} holds nulls; fill them with 0 before publishing")
        if frame[column].dtype.is_float() and not (frame[column] == frame[column].round(0)).all():
            raise ValueError(f"count column {column!r} holds fractions")
        if (frame[column] < 0).any():
            raise ValueError(f"count column {column!r} holds negative values")
    stats = [
        pl.when(pl.col(n).is_not_null() & (pl.col(n) >= THRESHOLD)).then(pl.col(col)).otherwise(None).alias(col)
        for col, n in protection.stats.items()
    ]
    out = frame.with_columns(stats) if stats else frame
    counts = []
    for column in protection.counts:
        rule = _count_expr(column).cast(pl.Int64)
        if exempt is not None:
            rule = pl.when(exempt.fill_null(False)).then(pl.col(column).cast(pl.Int64)).otherwise(rule)
        counts.append(rule.alias(column))
    return out.with_columns(counts) if counts else out


def with_total_row(frame: pl.DataFrame, label_column: str, label: str, sum_columns: Iterable[str]) -> pl.DataFrame:
    """Append a total row summing the EXACT values of `sum_columns` (call before `protect`).

    Other columns of the total row are null; rounding the total afterwards is what the rule asks.
    """
    sums = frame.select([pl.col(c).sum() for c in sum_columns])
    total = sums.with_columns(pl.lit(label).alias(label_column))
    return pl.concat([frame, total], how="diagonal_relaxed")


def violations(frame: pl.DataFrame, protection: Protection, exempt: pl.Expr | None = None) -> list[str]:
    """Cells of a protected frame that break the rule (empty when safe). Render refuses to write otherwise.

    Checks what can be checked after protection: no count cell holds 1–9, and no statistic is shown
    next to an n that is suppressed or below THRESHOLD.
    """
    found = []
    for column in protection.counts:
        small = pl.col(column).is_between(1, THRESHOLD - 1)
        bad = frame.filter(small if exempt is None else small & ~exempt.fill_null(False))
        if bad.height:
            found.append(f"{column}: {bad.height} cell(s) with a count from 1 to {THRESHOLD - 1}")
    for column, n in protection.stats.items():
        bad = frame.filter(pl.col(column).is_not_null() & (pl.col(n).is_null() | (pl.col(n) < THRESHOLD)))
        if bad.height:
            found.append(f"{column}: {bad.height} value(s) shown over fewer than {THRESHOLD}")
    return found


def method_text(lang: str) -> list[str]:
    """The rule in words for the method annex, built from the constants above."""
    from reports.i18n import t

    return [
        t("privacy_rule", lang, below=THRESHOLD - 1, small=SMALL, base=BASE, threshold=THRESHOLD, withheld=WITHHELD),
        t("privacy_exact", lang),
    ]
