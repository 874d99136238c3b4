"""`samen report`: render reports on demand from the warehouse (no Dagster run needed).

    samen report [--kind datakwaliteit|jaarrapport|initiatiefrapport|all] [--year Y] [--initiative ID] [--lang nl|en]

Wired into `samen.cli` with `add_parser(subparsers)`. Without --year the jaarrapport and the
initiatiefrapport are made for the last complete year before the warehouse's as-of date; without
--initiative the initiatiefrapport is made for every initiative with data in that year. A report that
cannot be made (no marts yet, a year without data, an unknown initiative) is explained on stderr
and gives exit code 2.
"""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path
from typing import Any, Callable

from samen.settings import Paths, paths

KINDS = ("datakwaliteit", "jaarrapport", "initiatiefrapport")

# kind → renderer(p, year, initiative, lang, marts) → {label: {format: path}}; `marts()` reads the marts once
# per command, however many reports need them.
Renderer = Callable[[Paths, int | None, str | None, str, Callable[[], Any]], dict[str, dict[str, Path]]]


def _datakwaliteit(p: Paths, year: int | None, initiative: str | None, lang: str,
                   marts: Callable[[], Any]) -> dict[str, dict[str, Path]]:
    from reports.datakwaliteit import render_all_datakwaliteit, render_datakwaliteit

    if initiative:
        return {initiative: render_datakwaliteit(p, initiative, lang)}
    return render_all_datakwaliteit(p, lang)


class CannotRender(RuntimeError):
    """A report that cannot be made from this warehouse; the message key and its parameters say why."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key, self.params = key, params


def _marts(p: Paths):
    from reports.common import MartsMissing
    from reports.jaarrapport import load

    try:
        return load(p)
    except MartsMissing as exc:
        raise CannotRender("no_marts", missing=", ".join(exc.missing)) from exc


def _check_year(marts, year: int) -> None:
    from reports.common import years_with_data

    years = years_with_data(marts)
    if year not in years:
        raise CannotRender("no_data_year", year=year, years=", ".join(map(str, years)) or "–")


def _jaarrapport(p: Paths, year: int | None, initiative: str | None, lang: str,
                 marts: Callable[[], Any]) -> dict[str, dict[str, Path]]:
    from reports.jaarrapport import render_jaarrapport

    _check_year(marts(), year)
    return {"jaarrapport": render_jaarrapport(p, year, lang, marts=marts())}


def _initiatiefrapport(p: Paths, year: int | None, initiative: str | None, lang: str,
                       marts: Callable[[], Any]) -> dict[str, dict[str, Path]]:
    from reports.common import initiatives_in_year
    from reports.initiatiefrapport import NoSuchInitiative, render_initiatiefrapport

    _check_year(marts(), year)
    ids = [initiative] if initiative else initiatives_in_year(marts(), year)
    try:
        return {i: render_initiatiefrapport(p, i, year, lang, marts=marts()) for i in ids}
    except NoSuchInitiative as exc:
        raise CannotRender("unknown_initiative", initiative=str(exc)) from exc


RENDERERS: dict[str, Renderer] = {
    "datakwaliteit": _datakwaliteit,
    "jaarrapport": _jaarrapport,
    "initiatiefrapport": _initiatiefrapport,
}
NEEDS_YEAR = {"jaarrapport", "initiatiefrapport"}


def default_year(marts: Callable[[], Any]) -> int:
    """The last complete year before the warehouse's as-of date (before today without marts)."""
    from reports.common import last_complete_year

    try:
        return last_complete_year(marts().as_of)
    except CannotRender:
        return last_complete_year(None)


_TEXT = {
    "no_warehouse": {
        "nl": "Geen warehouse gevonden op {path}. Voer eerst 'samen run' of 'samen demo' uit.",
        "en": "No warehouse found at {path}. Run 'samen run' or 'samen demo' first.",
    },
    "written": {"nl": "Rapporten geschreven:", "en": "Reports written:"},
    "no_marts": {
        "nl": "De cijfers (marts) zijn nog niet gebouwd in dit warehouse ({missing} ontbreken); "
              "voer eerst 'samen run' uit.",
        "en": "The figures (marts) are not built yet in this warehouse ({missing} missing); run 'samen run' first.",
    },
    "no_data_year": {
        "nl": "Er zijn geen gegevens over {year} in het warehouse; jaren met gegevens: {years}.",
        "en": "The warehouse holds no data about {year}; years with data: {years}.",
    },
    "unknown_initiative": {
        "nl": "Initiatief '{initiative}' is niet gekend in het register of de cijfers.",
        "en": "Initiative '{initiative}' is not known in the registry or the figures.",
    },
    "default_year": {"nl": "Jaar: {year} (het laatste volledige jaar; kies een ander met --year).",
                     "en": "Year: {year} (the last complete year; choose another with --year)."},
}


def _say(key: str, lang: str, **params: object) -> str:
    return _TEXT[key][lang if lang in ("nl", "en") else "nl"].format(**params)


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register `samen report`. `--lang` here overrides the global `samen --lang` only when given."""
    parser = subparsers.add_parser("report", help="rapporten maken (HTML, PDF en XLSX) uit het warehouse")
    parser.add_argument("--kind", choices=(*KINDS, "all"), default="all",
                        help="welk rapport (standaard: alle die gebouwd zijn)")
    parser.add_argument("--year", type=int, help="jaar (jaarrapport en initiatiefrapport; standaard het laatste "
                        "volledige jaar voor de peildatum)")
    parser.add_argument("--initiative", help="enkel dit initiatief (initiatief_id)")
    parser.add_argument("--lang", choices=("nl", "en"), default=argparse.SUPPRESS,
                        help="taal van het rapport (standaard nl)")
    parser.set_defaults(func=cmd_report)
    return parser


def cmd_report(args: argparse.Namespace) -> int:
    """Render the asked reports and print one path per line; exit 2 for a report that cannot be made."""
    lang = getattr(args, "lang", None) or "nl"
    p = paths()
    if not p.warehouse.exists():
        print(_say("no_warehouse", lang, path=p.warehouse), file=sys.stderr)
        return 2
    kinds = list(KINDS) if args.kind == "all" else [args.kind]
    code = 0
    written: list[Path] = []
    marts = functools.cache(lambda: _marts(p))
    year = args.year
    if year is None and NEEDS_YEAR & set(kinds):
        year = default_year(marts)
        print(_say("default_year", lang, year=year), file=sys.stderr)
    for kind in kinds:
        try:
            outputs_by_report = RENDERERS[kind](p, year if kind in NEEDS_YEAR else args.year, args.initiative, lang,
                                                marts)
        except CannotRender as exc:
            print(_say(exc.key, lang, **exc.params), file=sys.stderr)
            code = 2
            continue
        for outputs in outputs_by_report.values():
            written += outputs.values()
    if written:
        print(_say("written", lang))
        for path in written:
            print(f"  {path}")
    return code
