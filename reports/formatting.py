"""Numbers, percentages, money and dates as a Dutch (nl_BE) or English reader expects them.

Babel does the locale work, so a Dutch report reads `1.234,5` and `12,3%` and an English one
`1,234.5` and `12.3%`. English uses en_GB: the readers are European, dates are day-first.
`parse_number` is the inverse, so tests can read a figure back from the HTML.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from reports.i18n import check_lang

LOCALES = {"nl": "nl_BE", "en": "en_GB"}
MISSING = "–"


def _locale(lang: str) -> str:
    return LOCALES[check_lang(lang)]


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _half_up(value: float, decimals: int) -> Decimal:
    """Round half away from zero, as readers (and Excel) do; Babel alone would round half to even."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _pattern(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


def integer(value: int | float | None, lang: str) -> str:
    """A whole number with thousands separators: 1.234 (nl), 1,234 (en)."""
    if _is_missing(value):
        return MISSING
    return format_decimal(_half_up(value, 0), format="#,##0", locale=_locale(lang))


def number(value: int | float | None, lang: str, decimals: int = 1) -> str:
    """A number with a fixed number of decimals: 1.234,5 (nl), 1,234.5 (en)."""
    if _is_missing(value):
        return MISSING
    return format_decimal(_half_up(value, decimals), format=_pattern(decimals), locale=_locale(lang))


def percent(share: float | None, lang: str, decimals: int = 0) -> str:
    """A share (0–1) as a percentage: 12,5% (nl), 12.5% (en)."""
    if _is_missing(share):
        return MISSING
    return format_percent(_half_up(share, decimals + 2), format=_pattern(decimals) + "%", locale=_locale(lang))


def euro(value: float | None, lang: str, decimals: int = 0) -> str:
    """An amount in euro: € 1.234 (nl), €1,234 (en)."""
    if _is_missing(value):
        return MISSING
    amount = number(value, lang, decimals)
    return f"€ {amount}" if lang == "nl" else f"€{amount}"


def day(value: date | datetime | None, lang: str, style: str = "long") -> str:
    """A date: 5 maart 2024 / 5 March 2024 (long) or 5/03/2024 / 05/03/2024 (short)."""
    if value is None:
        return MISSING
    if isinstance(value, datetime):
        value = value.date()
    return format_date(value, style, locale=_locale(lang))


def interval(low: float | None, high: float | None, lang: str, decimals: int = 1) -> str:
    """A confidence interval: [0,2 – 0,9]; missing when either bound is."""
    if _is_missing(low) or _is_missing(high):
        return MISSING
    return f"[{number(low, lang, decimals)} – {number(high, lang, decimals)}]"


_SEPARATORS = {"nl": (".", ","), "en": (",", ".")}


def parse_number(text: str, lang: str) -> float | None:
    """Read back a figure printed by this module (for tests and read-back checks); None for `–` or `<10`."""
    text = text.strip().replace("\u00a0", " ").replace("€", "").replace("%", "").strip()
    if text in ("", MISSING) or text.startswith("<"):
        return None
    thousands, decimal = _SEPARATORS[check_lang(lang)]
    cleaned = text.replace(thousands, "").replace(decimal, ".").replace(" ", "")
    if not re.fullmatch(r"[-+]?\d+(\.\d+)?", cleaned):
        raise ValueError(f"{text!r} is not a number printed in {lang}")
    return float(cleaned)
