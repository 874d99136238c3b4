"""`samen report`: render reports on demand from the warehouse (no Dagster run needed).

    samen report [--kind datakwaliteit|jaarrapport|initiatiefrapport|all] [--year Y] [--initiative ID] [--lang nl|en]

Wired into `samen.cli` with `add_parser(subparsers)`. The datakwaliteit report is built; the
jaarrapport and initiatiefrapport are registered in RENDERERS once they exist, until then asking for
them says so and exits with code 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable

from samen.settings import Paths, paths

KINDS = ("datakwaliteit", "jaarrapport", "initiatiefrapport")

# kind → renderer(p, year, initiative, lang) → {label: {format: path}}; None: not built yet.
Renderer = Callable[[Paths, int | None, str | None, str], dict[str, dict[str, Path]]]


def _datakwaliteit(p: Paths, year: int | None, initiative: str | None, lang: str) -> dict[str, dict[str, Path]]:
    from reports.datakwaliteit import render_all_datakwaliteit, render_datakwaliteit

    if initiative:
        return {initiative: render_datakwaliteit(p, initiative, lang)}
    return render_all_datakwaliteit(p, lang)


RENDERERS: dict[str, Renderer | None] = {
    "datakwaliteit": _datakwaliteit,
    "jaarrapport": None,
    "initiatiefrapport": None,
}
NEEDS_YEAR = {"jaarrapport", "initiatiefrapport"}

_TEXT = {
    "not_built": {
        "nl": "Het {kind} is nog niet gebouwd in deze versie; enkel het datakwaliteitsrapport kan al gemaakt worden.",
        "en": "The {kind} is not built yet in this version; only the data-quality report can be made so far.",
    },
    "needs_year": {
        "nl": "Het {kind} heeft een jaar nodig: --year JJJJ.",
        "en": "The {kind} needs a year: --year YYYY.",
    },
    "no_warehouse": {
        "nl": "Geen warehouse gevonden op {path}. Voer eerst 'samen run' of 'samen demo' uit.",
        "en": "No warehouse found at {path}. Run 'samen run' or 'samen demo' first.",
    },
    "written": {"nl": "Rapporten geschreven:", "en": "Reports written:"},
}


def _say(key: str, lang: str, **params: object) -> str:
    return _TEXT[key][lang if lang in ("nl", "en") else "nl"].format(**params)


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register `samen report`. `--lang` here overrides the global `samen --lang` only when given."""
    parser = subparsers.add_parser("report", help="rapporten maken (HTML, PDF en XLSX) uit het warehouse")
    parser.add_argument("--kind", choices=(*KINDS, "all"), default="all",
                        help="welk rapport (standaard: alle die gebouwd zijn)")
    parser.add_argument("--year", type=int, help="jaar (jaarrapport en initiatiefrapport)")
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
    for kind in kinds:
        renderer = RENDERERS.get(kind)
        if renderer is None:
            print(_say("not_built", lang, kind=kind), file=sys.stderr)
            code = 2 if args.kind != "all" else code
            continue
        if kind in NEEDS_YEAR and args.year is None:
            print(_say("needs_year", lang, kind=kind), file=sys.stderr)
            code = 2
            continue
        for outputs in renderer(p, args.year, args.initiative, lang).values():
            written += outputs.values()
    if written:
        print(_say("written", lang))
        for path in written:
            print(f"  {path}")
    return code
