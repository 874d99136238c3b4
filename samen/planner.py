"""`samen plan`: how many coordinator hours, FTE and euro will N duos a year cost?

Profiles from the FAQ — the three handbook initiatives (hours per duo per phase
over their whole period) and the intensive norm (≈ 50 duos a year ≈ 0.5 FTE,
first phase ≥ 60 %) — or `data`: a log-log fit of yearly hours against yearly
duos over the warehouse's initiatives, so economies of scale show, with a
prediction interval.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

import polars as pl

from samen.benchmarks import DEFAULT_FTE_HOURS, PHASES, START_PHASES, Benchmarks, load_benchmarks

PROFILES = ("meervelde", "zonnegem", "braam", "intensief", "data")
DEFAULT_PROFILE = "intensief"
# The fit needs at least this many initiatives with both hours and started duos.
MIN_FIT_INITIATIVES = 5
CONFIDENCE = 0.95


class PlanError(ValueError):
    """A plan that cannot be made; the message says why, in Dutch."""


@dataclass(frozen=True)
class ScaleFit:
    """log(hours a year) = intercept + slope · log(duos a year), fitted by least squares."""

    intercept: float
    slope: float
    n: int
    residual_sd: float
    x_mean: float
    sxx: float
    duos_min: float
    duos_max: float
    phase_shares: dict[str, float]

    def predict(self, duos: float, confidence: float = CONFIDENCE) -> tuple[float, float, float]:
        """Median hours a year for `duos` duos a year and its prediction interval (low, high)."""
        from scipy import stats

        x0 = math.log(duos)
        centre = self.intercept + self.slope * x0
        se = self.residual_sd * math.sqrt(1 + 1 / self.n + (x0 - self.x_mean) ** 2 / self.sxx)
        t = float(stats.t.ppf(0.5 + confidence / 2, self.n - 2))
        return math.exp(centre), math.exp(centre - t * se), math.exp(centre + t * se)


def initiative_points(tijd: pl.DataFrame) -> pl.DataFrame:
    """One point per initiative: average duos started and hours a year over its years with both,
    plus its hours per phase (for the phase split)."""
    return (
        tijd.filter(pl.col("jaar").is_not_null() & (pl.col("duos_gestart") > 0) & (pl.col("uren_totaal") > 0))
        .group_by("initiatief_id")
        .agg(duos=pl.col("duos_gestart").mean(), uren=pl.col("uren_totaal").mean(),
             **{f"uren_{p}": pl.col(f"uren_{p}").sum() for p in PHASES})
        .sort("initiatief_id")
    )


def fit_scale(points: pl.DataFrame, *, min_initiatives: int = MIN_FIT_INITIATIVES) -> ScaleFit:
    """Fit log(uren) on log(duos) over initiative points (columns `duos`, `uren`, `uren_<fase>`)."""
    from scipy import stats

    points = points.filter((pl.col("duos") > 0) & (pl.col("uren") > 0))
    n = points.height
    if n < min_initiatives:
        raise PlanError(
            f"Te weinig initiatieven om een verband tussen uren en duo's te schatten: {n} met zowel "
            f"coördinatie-uren als gestarte duo's, minstens {min_initiatives} nodig. Kies een profiel uit "
            "het handboek (--profile meervelde, zonnegem, braam of intensief) of laad meer gegevens.")
    x = points["duos"].log().to_numpy()
    y = points["uren"].log().to_numpy()
    sxx = float(((x - x.mean()) ** 2).sum())
    if sxx == 0:
        raise PlanError("Alle initiatieven hebben evenveel duo's per jaar: daaruit valt geen verband te schatten.")
    reg = stats.linregress(x, y)
    residuals = y - (reg.intercept + reg.slope * x)
    totals = {p: float(points[f"uren_{p}"].sum()) for p in PHASES if f"uren_{p}" in points.columns}
    grand = sum(totals.values())
    return ScaleFit(
        intercept=float(reg.intercept), slope=float(reg.slope), n=n,
        residual_sd=float(math.sqrt((residuals ** 2).sum() / (n - 2))), x_mean=float(x.mean()), sxx=sxx,
        duos_min=float(points["duos"].min()), duos_max=float(points["duos"].max()),
        phase_shares={p: v / grand for p, v in totals.items()} if grand > 0 else {},
    )


@dataclass
class Plan:
    profiel: str
    duos_per_jaar: int
    jaren: int
    fte_uren_per_jaar: float
    uurkost_eur: float | None
    uren_per_jaar: float
    uren_per_duo: float
    fasen_per_jaar: dict[str, float | None]  # None: the profile does not split this phase
    startfase_per_jaar: float | None
    vte: float
    kost_personeel_per_jaar_eur: float | None
    uren_totaal: float
    kost_personeel_totaal_eur: float | None
    interval_uren_per_jaar: tuple[float, float] | None = None
    interval_vte: tuple[float, float] | None = None
    model: dict | None = None  # the `data` fit: uren = factor × duos^exponent
    bron: str = ""
    opmerkingen: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        out = asdict(self)
        for key in ("interval_uren_per_jaar", "interval_vte"):
            if out[key] is not None:
                out[key] = {"laag": out[key][0], "hoog": out[key][1], "betrouwbaarheid": CONFIDENCE}
        return out


def make_plan(duos: int, profile: str = DEFAULT_PROFILE, *, years: int = 1, fte_hours: float = DEFAULT_FTE_HOURS,
              hourly_cost: float | None = None, benchmarks: Benchmarks | None = None,
              fit: ScaleFit | None = None) -> Plan:
    """Expected coordinator hours (per phase and in total), FTE and staff cost for `duos` duos a year."""
    if duos <= 0 or years <= 0 or fte_hours <= 0:
        raise PlanError("Het aantal duo's, jaren en FTE-uren moet groter zijn dan 0.")
    if profile not in PROFILES:
        raise PlanError(f"Onbekend profiel '{profile}': kies uit {', '.join(PROFILES)}.")
    b = benchmarks or load_benchmarks()
    notes: list[str] = []
    interval = model = None
    if profile in b.initiatives:
        ini = b.initiatives[profile]
        per_year = ini.hours_per_duo * duos
        phases: dict[str, float | None] = {p: ini.phases[p] / ini.duos * duos for p in PHASES}
        source = (f"{ini.name} (handboek): {ini.total:g} u voor {ini.duos} duo's op {ini.years} jaar, "
                  f"{_num(ini.hours_per_duo, 'nl', 2)} u per duo; {b.citation()}")
        notes += [m.message() for m in b.mismatches if m.initiative == ini.name]
        ratio = duos / ini.duos_per_year
        if not 0.5 <= ratio <= 2:
            notes.append(f"{ini.name} startte ≈ {ini.duos_per_year:g} duo's per jaar; voor {duos} duo's per jaar "
                         "is een vast aantal uren per duo een ruwe schatting.")
    elif profile == "intensief":
        norm = b.norm
        per_year = norm.hours_per_duo(fte_hours) * duos
        start = norm.min_start_share * per_year
        phases = {p: None for p in START_PHASES} | {"opvolging": per_year - start}
        share = f"{norm.min_start_share * 100:.0f} %"
        source = (f"intensieve opzet (FAQ): ≈ {norm.duos_per_year:g} duo's per jaar ≈ {_num(norm.fte, 'nl', 1)} VTE, "
                  f"eerste fase ruim {share}; {b.citation()}")
        notes.append("De FAQ geeft voor de intensieve opzet geen uren per fase: enkel de eerste fase "
                     f"(ruim {share}, hier precies {share} gerekend) en de opvolging (de rest).")
    else:
        if fit is None:
            raise PlanError("Voor het profiel 'data' is een schatting op het warehouse nodig.")
        per_year, low, high = fit.predict(duos)
        interval = (low, high)
        model = {"factor": math.exp(fit.intercept), "exponent": fit.slope, "initiatieven": fit.n,
                 "residu_sd_log": fit.residual_sd, "duos_min": fit.duos_min, "duos_max": fit.duos_max}
        phases = {p: fit.phase_shares[p] * per_year if fit.phase_shares else None for p in PHASES}
        source = (f"schatting op {fit.n} initiatieven in het warehouse: uren per jaar = "
                  f"{_num(math.exp(fit.intercept), 'nl', 2)} × duo's^{_num(fit.slope, 'nl', 3)} "
                  f"(kleinste kwadraten op log-schaal; de mediaan, met {CONFIDENCE * 100:.0f} %-voorspellingsinterval)")
        if not fit.duos_min <= duos <= fit.duos_max:
            notes.append(f"{duos} duo's per jaar ligt buiten het bereik van de gegevens "
                         f"({fit.duos_min:.0f}–{fit.duos_max:.0f}): een extrapolatie.")
    if all(phases[p] is not None for p in START_PHASES):
        start_hours = sum(phases[p] for p in START_PHASES)
    else:
        start_hours = None if phases["opvolging"] is None else per_year - phases["opvolging"]
    cost = per_year * hourly_cost if hourly_cost is not None else None
    return Plan(
        profiel=profile, duos_per_jaar=duos, jaren=years, fte_uren_per_jaar=fte_hours, uurkost_eur=hourly_cost,
        uren_per_jaar=per_year, uren_per_duo=per_year / duos, fasen_per_jaar=phases, startfase_per_jaar=start_hours,
        vte=per_year / fte_hours, kost_personeel_per_jaar_eur=cost, uren_totaal=per_year * years,
        kost_personeel_totaal_eur=cost * years if cost is not None else None,
        interval_uren_per_jaar=interval,
        interval_vte=(interval[0] / fte_hours, interval[1] / fte_hours) if interval else None,
        model=model, bron=source, opmerkingen=notes,
    )


def fit_from_warehouse(warehouse: Path) -> ScaleFit:
    """The `data` profile's fit on mart.tijdsinvestering of a warehouse."""
    from samen.warehouse import connect

    if not warehouse.exists():
        raise PlanError(f"Geen warehouse gevonden op {warehouse}. Voer eerst 'samen run' uit.")
    with connect(warehouse, read_only=True) as con:
        present = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'mart' "
                              "AND table_name = 'tijdsinvestering'").fetchall()[0][0]
        if not present:
            raise PlanError("Het warehouse heeft nog geen mart.tijdsinvestering. Voer eerst 'samen run' uit.")
        tijd = con.sql("SELECT * FROM mart.tijdsinvestering").pl()
    return fit_scale(initiative_points(tijd))


# --- output -----------------------------------------------------------------------------------------

_LABELS = {
    "nl": {"werving": "werving", "onthaal": "onthaal", "kennismaking": "kennismaking",
           "duos_vormen": "duo's vormen", "opvolging": "opvolging", "startfase": "eerste fase (4 fasen)",
           "totaal": "totaal", "fase": "fase", "per_jaar": "uren per jaar", "over": "uren over {y} jaar",
           "title": "Planning Samen Inburgeren: {n} duo's per jaar, {y} jaar, profiel '{p}'",
           "per_duo": "uren per duo", "vte": "VTE ({h:g} u per VTE per jaar)", "kost": "personeelskost per jaar",
           "kost_tot": "personeelskost over {y} jaar", "no_cost": "– (geef --uurkost EUR)",
           "interval": "{pct:g} %-voorspellingsinterval", "bron": "Bron", "let": "Let op"},
    "en": {"werving": "recruitment", "onthaal": "reception", "kennismaking": "intake",
           "duos_vormen": "forming duos", "opvolging": "follow-up", "startfase": "first phase (4 phases)",
           "totaal": "total", "fase": "phase", "per_jaar": "hours a year", "over": "hours over {y} years",
           "title": "Samen Inburgeren plan: {n} duos a year, {y} year(s), profile '{p}'",
           "per_duo": "hours per duo", "vte": "FTE ({h:g} h per FTE a year)", "kost": "staff cost a year",
           "kost_tot": "staff cost over {y} years", "no_cost": "– (pass --uurkost EUR)",
           "interval": "{pct:g}% prediction interval", "bron": "Source", "let": "Note"},
}


def _num(value: float | None, lang: str, digits: int = 0) -> str:
    if value is None:
        return "–"
    text = f"{value:,.{digits}f}"
    if lang == "nl":
        text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return text


def format_plan(plan: Plan, lang: str = "nl") -> str:
    """The plan as a readable table."""
    t = _LABELS.get(lang, _LABELS["nl"])
    y = plan.jaren
    rows = [(t[p], plan.fasen_per_jaar[p]) for p in START_PHASES]
    rows += [("  " + t["startfase"], plan.startfase_per_jaar), (t["opvolging"], plan.fasen_per_jaar["opvolging"]),
             (t["totaal"], plan.uren_per_jaar)]
    head = (t["fase"], t["per_jaar"], t["over"].format(y=y))
    width = max(len(head[0]), *(len(r[0]) for r in rows)) + 2
    cols = [max(len(head[1]), 12) + 2, max(len(head[2]), 12) + 2]
    lines = [t["title"].format(n=plan.duos_per_jaar, y=y, p=plan.profiel), ""]
    lines.append(head[0].ljust(width) + head[1].rjust(cols[0]) + head[2].rjust(cols[1]))
    for label, value in rows:
        lines.append(label.ljust(width) + _num(value, lang).rjust(cols[0])
                     + _num(None if value is None else value * y, lang).rjust(cols[1]))
    lines.append("")
    facts = [(t["per_duo"], _num(plan.uren_per_duo, lang, 1)),
             (t["vte"].format(h=plan.fte_uren_per_jaar), _num(plan.vte, lang, 2))]
    if plan.interval_uren_per_jaar:
        lo, hi = plan.interval_uren_per_jaar
        vlo, vhi = plan.interval_vte
        c = t["interval"].format(pct=CONFIDENCE * 100)
        facts.append((f"{t['per_jaar']}, {c}", f"{_num(lo, lang)} – {_num(hi, lang)}"))
        facts.append((f"VTE, {c}" if lang == "nl" else f"FTE, {c}", f"{_num(vlo, lang, 2)} – {_num(vhi, lang, 2)}"))
    if plan.kost_personeel_per_jaar_eur is None:
        facts.append((t["kost"], t["no_cost"]))
    else:
        facts.append((t["kost"], "€ " + _num(plan.kost_personeel_per_jaar_eur, lang)))
        if y > 1:
            facts.append((t["kost_tot"].format(y=y), "€ " + _num(plan.kost_personeel_totaal_eur, lang)))
    key_width = max(len(k) for k, _ in facts) + 2
    lines += [k.ljust(key_width) + v for k, v in facts]
    lines += ["", f"{t['bron']}: {plan.bron}"]
    lines += [f"{t['let']}: {note}" for note in plan.opmerkingen]
    return "\n".join(lines)


# --- command line -------------------------------------------------------------------------------------

def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register `samen plan` on the CLI's subparsers."""
    plan = subparsers.add_parser(
        "plan", help="coördinatietijd, VTE en personeelskost plannen voor N duo's per jaar",
        description="Verwachte coördinatie-uren per fase, VTE en personeelskost voor N duo's per jaar, volgens "
                    "een voorbeeld uit het handboek, de intensieve norm of een schatting op de eigen gegevens.")
    plan.add_argument("--duos", type=int, required=True, help="aantal duo's dat per jaar start")
    plan.add_argument("--profile", choices=PROFILES, default=DEFAULT_PROFILE,
                      help=f"referentie (standaard {DEFAULT_PROFILE}); 'data' schat op de initiatieven in het warehouse")
    plan.add_argument("--years", type=int, default=1, help="aantal jaren (standaard 1)")
    plan.add_argument("--fte-uren", type=float, default=DEFAULT_FTE_HOURS,
                      help=f"werkuren van één VTE per jaar (standaard {DEFAULT_FTE_HOURS:g})")
    plan.add_argument("--uurkost", type=float, help="loonkost per uur van de coördinatoren, in euro")
    plan.add_argument("--json", action="store_true", help="uitvoer als JSON")
    plan.set_defaults(func=cmd_plan)
    return plan


def cmd_plan(args: argparse.Namespace) -> int:
    """Print the plan; exit 0, or 2 with a message when it cannot be made."""
    lang = getattr(args, "lang", "nl") or "nl"
    try:
        fit = None
        if args.profile == "data":
            from samen.settings import paths

            fit = fit_from_warehouse(paths().warehouse)
        plan = make_plan(args.duos, args.profile, years=args.years, fte_hours=args.fte_uren,
                         hourly_cost=args.uurkost, fit=fit)
    except PlanError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(plan.as_json(), ensure_ascii=False, indent=2))
    else:
        print(format_plan(plan, lang))
    return 0
