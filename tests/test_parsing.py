"""The Dutch spellings of DOMAIN.md §3, parsed by samen.parsing: table tests and Hypothesis properties."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Callable

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samen import parsing
from samen.contracts import contracts

Parser = Callable[[pl.Expr], tuple[pl.Expr, pl.Expr]]
FAST = settings(max_examples=60, deadline=None)


def run(parser: Parser, texts: list[str | None], **kwargs: object) -> list[tuple[object, str | None]]:
    """(value, error code) for each text, computed in one vectorised pass as the validator does."""
    value, error = parser(pl.col("s"), **kwargs)
    out = pl.DataFrame({"s": texts}, schema={"s": pl.String}).select(v=value, e=error)
    return list(zip(out["v"].to_list(), out["e"].to_list()))


def one(parser: Parser, text: str | None, **kwargs: object) -> tuple[object, str | None]:
    return run(parser, [text], **kwargs)[0]


# --- dates ----------------------------------------------------------------------------------------

MARCH_5 = date(2024, 3, 5)


@pytest.mark.parametrize(("text", "expected"), [
    ("05/03/2024", MARCH_5),             # dd/mm/yyyy
    ("5/3/2024", MARCH_5),
    ("5-3-2024", MARCH_5),               # d-m-yyyy
    ("05-03-2024", MARCH_5),
    ("5.3.2024", MARCH_5),
    ("2024-03-05", MARCH_5),             # yyyy-mm-dd
    ("2024-3-5", MARCH_5),
    ("45356", MARCH_5),                  # Excel serial
    ("45356.0", MARCH_5),                # Excel serial read from a number cell
    ("2024-03-05 00:00:00", MARCH_5),    # a date cell as fastexcel renders it
    ("2024-03-05T00:00:00", MARCH_5),
    (" 05/03/2024 ", MARCH_5),
    ("29/02/2024", date(2024, 2, 29)),   # leap day
    ("20000", parsing.EXCEL_EPOCH + timedelta(days=20_000)),  # lowest serial accepted
    ("80000", parsing.EXCEL_EPOCH + timedelta(days=80_000)),  # highest serial accepted
])
def test_date_spellings(text: str, expected: date) -> None:
    assert one(parsing.parse_date, text) == (expected, None)


@pytest.mark.parametrize(("text", "error"), [
    ("31/02/2024", "datum"),    # impossible day
    ("29/02/2023", "datum"),    # no leap day in 2023
    ("2024-13-01", "datum"),    # month 13
    ("00/01/2024", "datum"),
    ("32/01/2024", "datum"),
    ("03/04/24", "datum_jaar"),  # two-digit year: ambiguous
    ("3-4-24", "datum_jaar"),
    ("5.3.24", "datum_jaar"),
    ("maandag", "datum"),
    ("12345", "datum"),         # a small number is no date
    ("19999", "datum"),         # below the serial range
    ("80001", "datum"),         # above the serial range
    ("45356,5", "datum"),
])
def test_impossible_or_ambiguous_dates_are_refused(text: str, error: str) -> None:
    assert one(parsing.parse_date, text) == (None, error)


@pytest.mark.parametrize("parser", [parsing.parse_date, parsing.parse_decimal, parsing.parse_integer,
                                    parsing.parse_duration, parsing.parse_boolean])
def test_blank_cells_are_no_value_and_no_error(parser: Parser) -> None:
    assert run(parser, [None, "", "   ", "\t"]) == [(None, None)] * 4


# --- yes/no ---------------------------------------------------------------------------------------

YES = ["ja", "j", "x", "1", "JA", "Ja", "J", "X", " x ", "ja "]
NO = ["nee", "n", "0", "NEE", "Nee", "N", " nee"]


@pytest.mark.parametrize("text", YES)
def test_yes_spellings(text: str) -> None:
    assert one(parsing.parse_boolean, text) == (True, None)


@pytest.mark.parametrize("text", NO)
def test_no_spellings(text: str) -> None:
    assert one(parsing.parse_boolean, text) == (False, None)


@pytest.mark.parametrize("text", ["misschien", "2", "jaa", "-", "ja/nee", "1.0"])
def test_other_yes_no_texts_are_refused(text: str) -> None:
    assert one(parsing.parse_boolean, text) == (None, "ja_nee")


# --- durations ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "hours"), [
    ("1,5", 1.5),
    ("1.5", 1.5),
    ("1u30", 1.5),
    ("1U30", 1.5),
    ("1 u 30", 1.5),
    ("1h30", 1.5),
    ("1:30", 1.5),
    ("0:45", 0.75),
    ("90 min", 1.5),
    ("90min", 1.5),
    ("45'", 0.75),
    ("2", 2.0),
    ("2u", 2.0),
    ("2 uur", 2.0),
    ("1,5 uren", 1.5),
    ("2u15", 2.25),
    ("24:00", 24.0),
    ("-2", -2.0),  # parses; the range rule (> 0) refuses it later, with its own message
])
def test_duration_spellings(text: str, hours: float) -> None:
    assert one(parsing.parse_duration, text) == (hours, None)


@pytest.mark.parametrize("text", ["anderhalf uur", "abc", "1u75", "1:60", "1,5,0", "u30", "1e3", "nan"])
def test_garbage_durations_are_refused(text: str) -> None:
    assert one(parsing.parse_duration, text) == (None, "duur")


# --- decimals and integers ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "thousands", "expected"), [
    ("1,5", False, 1.5),
    ("1.5", False, 1.5),
    ("0,75", False, 0.75),
    ("1250,50", False, 1250.5),
    ("1250.50", False, 1250.5),
    ("-3,5", False, -3.5),
    ("1.250,50", False, 1250.5),  # dot and comma together: unambiguous even without thousands
    ("1.250,50", True, 1250.5),
    ("12.500", False, 12.5),      # a lone dot is a decimal point where thousands are not allowed ...
    ("12.500", True, 12500.0),    # ... and a thousands separator where they are (amounts)
    ("1.250", True, 1250.0),
    ("1.250.000", True, 1_250_000.0),
    ("1.25", True, 1.25),         # not groups of three: still a decimal point
    ("9.876.543,21", True, 9_876_543.21),
    ("€ 1.250,50", True, 1250.5),
    ("1 250,50", True, 1250.5),
    ("1\u00a0250,50", True, 1250.5),  # non-breaking space, as Excel formats thousands
    ("-1.250,5", True, -1250.5),
])
def test_decimal_spellings(text: str, thousands: bool, expected: float) -> None:
    assert one(parsing.parse_decimal, text, thousands=thousands) == (expected, None)


@pytest.mark.parametrize(("text", "thousands"), [
    ("1.250.000", False),
    ("abc", False),
    ("1,2,3", True),
    ("1.2.3", True),
    ("1e5", False),
    ("--3", True),
])
def test_non_numbers_are_refused(text: str, thousands: bool) -> None:
    assert one(parsing.parse_decimal, text, thousands=thousands) == (None, "getal")


@pytest.mark.parametrize(("text", "expected"), [
    ("4", (4, None)),
    ("4,0", (4, None)),
    ("4.0", (4, None)),   # a number cell from a workbook
    ("2024", (2024, None)),
    ("-1", (-1, None)),   # parses; ranges are checked by the validator
    ("4,5", (None, "geheel_getal")),
    ("vier", (None, "geheel_getal")),
])
def test_integer_spellings(text: str, expected: tuple) -> None:
    assert one(parsing.parse_integer, text) == expected


# --- code lists -----------------------------------------------------------------------------------

def test_code_mapper_folds_case_accents_labels_and_synonyms() -> None:
    reported_by = contracts()["ontmoetingen"].column("gemeld_door").code_lookup()
    series = pl.Series(["Coördinator", "COACH", " inburgeraar ", "zwemmen", None])
    assert parsing.code_mapper(series, reported_by).to_list() == ["coordinator", "coach", "inburgeraar", None, None]
    activity = contracts()["ontmoetingen"].column("activiteit").code_lookup()
    assert parsing.code_mapper(pl.Series(["Dienst bezoeken", "dienst-bezoeken"]), activity).to_list() == [
        "dienst_bezoeken", "dienst_bezoeken"]
    track = contracts()["intake"].column("inburgeringstraject").code_lookup()  # ja/nee as a code list
    assert parsing.code_mapper(pl.Series(["J", "x", "1", "N", "0", "Afgerond"]), track).to_list() == [
        "ja", "ja", "ja", "nee", "nee", "afgerond"]


def test_codes_mapper_splits_lists_and_flags_unknown_parts() -> None:
    goals = contracts()["intake"].column("doelen").code_lookup()
    series = pl.Series("doelen", ["thuis voelen, netwerk", "Nederlands oefenen\nWerk of opleiding",
                                  "netwerk; zwemmen", None, "netwerk,,netwerk", "Informatie over diensten | vrije tijd"])
    codes, bad = parsing.codes_mapper(series, goals)
    assert codes.to_list() == [["netwerk", "thuis_voelen"], ["nederlands_oefenen", "werk_opleiding"], ["netwerk"],
                               None, ["netwerk"], ["informatie_diensten", "vrije_tijd"]]
    assert bad.to_list() == [False, False, True, False, False, False]


# --- properties -----------------------------------------------------------------------------------

def _date_spellings(d: date) -> list[str]:
    y = f"{d.year:04d}"
    return [f"{d.day:02d}/{d.month:02d}/{y}", f"{d.day}-{d.month}-{y}", f"{y}-{d.month:02d}-{d.day:02d}"]


@FAST
@given(st.lists(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)), min_size=1, max_size=20))
def test_any_date_written_dutch_or_iso_parses_back(days: list[date]) -> None:
    texts = [t for d in days for t in _date_spellings(d)]
    assert run(parsing.parse_date, texts) == [(d, None) for d in days for _ in range(3)]


def _hour_spellings(halves: int) -> list[str]:
    whole, minutes = divmod(halves * 30, 60)
    decimal = f"{whole}" if minutes == 0 else f"{whole}.5"
    return [decimal.replace(".", ","), decimal, f"{whole}u{minutes:02d}", f"{whole}:{minutes:02d}"]


@FAST
@given(st.lists(st.integers(min_value=0, max_value=48), min_size=1, max_size=20))
def test_any_half_hour_duration_parses_the_same_in_every_spelling(halves: list[int]) -> None:
    texts = [t for h in halves for t in _hour_spellings(h)]
    assert run(parsing.parse_duration, texts) == [(h / 2, None) for h in halves for _ in range(4)]


def _dutch_amount(cents: int, decimals: bool) -> tuple[str, float]:
    """1234567 cents → ('12.345,67', 12345.67): Dutch spelling and the value Python reads from '12345.67'."""
    sign = "-" if cents < 0 else ""
    whole, frac = divmod(abs(cents), 100)
    grouped = f"{whole:,}".replace(",", ".")
    if decimals:
        return f"{sign}{grouped},{frac:02d}", float(f"{sign}{whole}.{frac:02d}")
    return f"{sign}{grouped}", float(f"{sign}{whole}")


@FAST
@given(st.lists(st.integers(min_value=-10**12, max_value=10**12), min_size=1, max_size=20), st.booleans())
def test_any_amount_with_dutch_thousands_and_decimal_comma_parses_back(cents: list[int], decimals: bool) -> None:
    spelled = [_dutch_amount(c, decimals) for c in cents]
    assert run(parsing.parse_decimal, [t for t, _ in spelled], thousands=True) == [(v, None) for _, v in spelled]


SPELLINGS = {"ja": True, "j": True, "x": True, "1": True, "nee": False, "n": False, "0": False}


@FAST
@given(st.lists(st.tuples(st.sampled_from(sorted(SPELLINGS)), st.booleans(), st.sampled_from(["", " ", "  "])),
                min_size=1, max_size=20))
def test_yes_no_spellings_in_any_case_and_padding(cells: list[tuple[str, bool, str]]) -> None:
    texts = [pad + (s.upper() if upper else s) + pad for s, upper, pad in cells]
    assert run(parsing.parse_boolean, texts) == [(SPELLINGS[s], None) for s, _, _ in cells]


def _blank(texts: list[str | None]) -> list[bool]:
    """Blank as the parsers see it (Polars' whitespace, not Python's)."""
    return pl.Series(texts, dtype=pl.String).str.strip_chars().fill_null("").eq("").to_list()


@FAST
@given(st.lists(st.one_of(st.text(max_size=8), st.sampled_from(sorted(SPELLINGS)), st.none()), min_size=1, max_size=20))
def test_yes_no_never_raises_and_is_never_both(texts: list[str | None]) -> None:
    assert not parsing._TRUE & parsing._FALSE  # no spelling means both yes and no
    for text, blank, (value, error) in zip(texts, _blank(texts), run(parsing.parse_boolean, texts)):
        assert value in (True, False, None)
        assert value is None or error is None, text
        assert (value is None and error is None) == blank, text


@settings(max_examples=30, deadline=None)  # five parsers per example
@given(st.lists(st.one_of(st.text(max_size=12), st.from_regex(r"\A[0-9 .,:/u'\-]{1,10}\Z")), min_size=1, max_size=20))
def test_any_text_gives_a_value_or_an_error_never_both(texts: list[str]) -> None:
    blanks = _blank(texts)
    for parser in (parsing.parse_date, parsing.parse_decimal, parsing.parse_integer, parsing.parse_duration,
                   parsing.parse_boolean):
        for text, blank, (value, error) in zip(texts, blanks, run(parser, texts)):
            if blank:
                assert (value, error) == (None, None), (parser.__name__, text)
            else:
                assert (value is None) != (error is None), (parser.__name__, text, value, error)


@pytest.mark.parametrize(("text", "expected", "error"), [
    ("1/1/0000", None, "datum"),                       # year 0 is no date anyone meant
    ("05/03/1899", None, "datum"),                     # before 1900: a typo
    ("2024-03-05 10:00:00", date(2024, 3, 5), None),   # a date cell with a time keeps its day
])
def test_implausible_years_and_time_parts(text: str, expected, error) -> None:
    value, err = parsing.parse_date(pl.col("x"))
    out = pl.DataFrame({"x": [text]}).select(v=value, e=err).row(0)
    assert out == (expected, error)


@pytest.mark.parametrize(("text", "hours"), [
    ("1899-12-31 01:30:00", 1.5),   # Excel time cell h:mm as fastexcel renders it
    ("1899-12-30 02:00:00", 2.0),
    ("01:45:00", 1.75),
])
def test_excel_time_cells_read_as_hours(text: str, hours: float) -> None:
    value, err = parsing.parse_duration(pl.col("x"))
    assert pl.DataFrame({"x": [text]}).select(v=value, e=err).row(0) == (hours, None)


def test_1904_workbooks_count_serials_from_1904() -> None:
    value, _ = parsing.parse_date(pl.col("x"), date1904=True)
    # 1904 system: serial 43894 = 1904-01-01 + 43894 days = 2024-03-05 (1462 days later than the 1900 system)
    assert pl.DataFrame({"x": ["43894"]}).select(value).item() == date(2024, 3, 5)
