"""The `samen` command line: run, validate, templates, generate, demo."""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from samen.settings import Paths, paths, secret_key

TZ = ZoneInfo("Europe/Brussels")


def _as_of(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _print_summary(p: Paths, lang: str) -> None:
    from samen.summary import dataset_summary, unrecognised_files
    from samen.warehouse import connect

    with connect(p.warehouse, read_only=True) as con:
        table = dataset_summary(con)
        unrecognised = unrecognised_files(con)
    head = ("dataset", "bestanden", "rijen gelezen", "in staging", "gemarkeerd", "geweigerd") if lang == "nl" else (
        "dataset", "files", "rows read", "in staging", "flagged", "refused")
    widths = [18, 10, 14, 11, 11, 10]
    print("".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(head, widths))))
    for row in table.iter_rows():
        print("".join(str(v).ljust(w) if i == 0 else str(v).rjust(w) for i, (v, w) in enumerate(zip(row, widths))))
    if unrecognised:
        print("\nBestanden of tabbladen die niet geladen werden:" if lang == "nl" else "\nFiles or sheets not loaded:")
        for file, sheet, message in unrecognised:
            print(f"  {file}{'[' + sheet + ']' if sheet else ''}: {message}")
    print()
    print(("Quarantaine: " if lang == "nl" else "Quarantine: ")
          + f"{p.warehouse} (quarantine.rejected_rows, quarantine.flagged_rows)")
    print(("Warehouse:   " if lang == "nl" else "Warehouse:   ") + str(p.warehouse))
    print(("Rapporten:   " if lang == "nl" else "Reports:     ") + str(p.reports))
    _print_reports(p, lang)


def _print_reports(p: Paths, lang: str) -> None:
    """The reports the run wrote, newest first, HTML only (PDF and XLSX lie beside them)."""
    if not p.reports.exists():
        return
    found = sorted(p.reports.rglob("*.html"), key=lambda path: path.stat().st_mtime, reverse=True)
    kinds = {"jaarrapport": [], "initiatiefrapport": [], "datakwaliteit": []}
    for path in found:
        for kind in kinds:
            if kind in path.parts or path.stem == kind:
                kinds[kind].append(path)
    for kind, paths_ in kinds.items():
        if paths_:
            shown = ", ".join(str(x) for x in sorted(paths_)[:3])
            more = f" (+{len(paths_) - 3})" if len(paths_) > 3 else ""
            print(f"  {kind}: {shown}{more}")


def cmd_run(args: argparse.Namespace) -> int:
    from samen.runner import run_refresh

    p = paths()
    landing = Path(args.landing) if args.landing else None
    if landing is not None and not landing.is_dir():
        print(f"Landing-map niet gevonden: {landing}", file=sys.stderr)
        return 2
    start = time.monotonic()
    outcome = run_refresh(p, landing, _as_of(args.as_of))
    if not outcome.success:
        print(f"De verwerking is mislukt (run {outcome.run_id}): {outcome.failure}", file=sys.stderr)
        return 1
    print(f"\nVerwerking klaar in {time.monotonic() - start:.1f} s (run {outcome.run_id}).\n")
    _print_summary(p, args.lang)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from samen.check_files import validate_files

    p = paths()
    as_of = _as_of(args.as_of) or datetime.now(TZ).date()
    problems, code = validate_files([Path(t) for t in args.paths], key=secret_key(p), as_of=as_of,
                                    warehouse=p.warehouse, lang=args.lang)
    for problem in problems:
        print(problem.line())
    errors = sum(pr.severity == "fout" for pr in problems)
    if args.lang == "nl":
        print(f"{errors} fout(en), {len(problems) - errors} waarschuwing(en).", file=sys.stderr)
    else:
        print(f"{errors} error(s), {len(problems) - errors} warning(s).", file=sys.stderr)
    return code


def cmd_templates(args: argparse.Namespace) -> int:
    from samen.templates import write_templates

    for path in write_templates(Path(args.dir), lang=args.lang):
        print(path)
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from samen.generate import SIZES, generate_landing

    preset = dict(SIZES[args.size]) if args.size else {}
    if args.initiatives is not None:
        preset["initiatives"] = args.initiatives
    if args.years is not None:
        preset["years"] = args.years
    if args.no_mistakes:
        preset["mistakes"] = False
    summary = generate_landing(Path(args.dir), seed=args.seed, **preset)
    print(summary)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from samen.generate import SIZES, generate_landing
    from samen.runner import run_refresh

    p = paths()
    landing = p.landing
    as_of = _as_of(args.as_of) or datetime.now(TZ).date()
    if not landing.exists() or not any(landing.iterdir()):
        print(f"Voorbeeldgegevens maken in {landing} …")
        years = SIZES["demo"]["years"]
        generate_landing(landing, seed=args.seed, first_year=as_of.year - years + 1, as_of=as_of, **SIZES["demo"])
    print(f"Verwerken met peildatum {as_of.isoformat()} …")
    start = time.monotonic()
    outcome = run_refresh(p, landing, as_of)
    if not outcome.success:
        print(f"De verwerking is mislukt (run {outcome.run_id}): {outcome.failure}", file=sys.stderr)
        return 1
    print(f"\nDemo klaar in {time.monotonic() - start:.1f} s.\n")
    _print_summary(p, args.lang)
    print(f"\nLanding-map: {landing}\nBekijk de runs met: dagster dev  (daarna http://localhost:3000)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="samen", description="Samen Inburgeren: gegevens valideren, opslaan en rapporteren.")
    parser.add_argument("--lang", choices=("nl", "en"), default=os.environ.get("SAMEN_LANG", "nl"),
                        help="taal van de uitvoer (nl of en)")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="de hele verwerking uitvoeren via Dagster")
    run.add_argument("--landing", help="landing-map (standaard $SAMEN_HOME/landing)")
    run.add_argument("--as-of", help="peildatum JJJJ-MM-DD (standaard vandaag)")
    run.set_defaults(func=cmd_run)

    val = sub.add_parser("validate", help="bestanden controleren zonder te laden")
    val.add_argument("paths", nargs="+", help="bestanden of mappen")
    val.add_argument("--as-of", help="peildatum JJJJ-MM-DD (standaard vandaag)")
    val.set_defaults(func=cmd_validate)

    tpl = sub.add_parser("templates", help="Excel-sjabloon en CSV-kopregels maken")
    tpl.add_argument("dir", help="doelmap")
    tpl.set_defaults(func=cmd_templates)

    gen = sub.add_parser("generate", help="een realistische synthetische landing-map maken")
    gen.add_argument("dir", help="doelmap")
    gen.add_argument("--size", choices=("demo", "flanders", "large"), help="vooraf bepaalde grootte")
    gen.add_argument("--initiatives", type=int, help="aantal initiatieven")
    gen.add_argument("--years", type=int, help="aantal jaren")
    gen.add_argument("--seed", type=int, default=1, help="startwaarde (zelfde seed = zelfde bestanden)")
    gen.add_argument("--no-mistakes", action="store_true", help="zonder de ingebouwde fouten van de demo")
    gen.set_defaults(func=cmd_generate)

    from samen.planner import add_parser as add_plan_parser
    from samen.report_cli import add_parser as add_report_parser

    add_plan_parser(sub)
    add_report_parser(sub)

    demo = sub.add_parser("demo", help="voorbeeldgegevens maken en alles uitvoeren")
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--as-of", help="peildatum JJJJ-MM-DD (standaard vandaag)")
    demo.set_defaults(func=cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    os.environ.setdefault("SAMEN_HOME", str(paths().home))
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
