"""The FAQ's reference figures for coordinator time, loaded from data and checked on load.

The three handbook initiatives (Meervelde, Zonnegem, Braam) and the intensive
norm (≈ 50 duos a year ≈ 0.5 FTE; first phase > 60 %) are the only reference
points municipalities have. They live in a versioned, cited data file
(`data_contracts/benchmarks/handboek.yaml`) instead of in code, and every load
checks that the printed activity hours add up to the printed phase totals and
the phases to the printed total. The FAQ is not consistent (Meervelde's
opvolging: 197 h of activities under 198 h); mismatches are reported, never
silently corrected.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from data_contracts import CONTRACTS_DIR
from samen.contracts import contracts, phases

BENCHMARK_FILE = CONTRACTS_DIR / "benchmarks" / "handboek.yaml"

PHASES = phases()
# The FAQ's "eerste fase": sign-up, intakes and the start of the duos — every phase before the follow-up.
START_PHASES = PHASES[:PHASES.index("opvolging")]

# Working hours of one FTE per year when an initiative does not give `fte_uren_per_jaar`: the
# contract's own example, and the usual Flemish figure for productive hours of a full-time job
# (38 h a week, minus leave, public holidays and training). Used by the marts and the planner.
DEFAULT_FTE_HOURS = 1600.0

# Hours equal when they differ by less than this (the FAQ prints whole hours).
_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Activity:
    phase: str
    code: str
    hours: float
    faq: str | None  # the FAQ's wording; None when the FAQ lists no activity under the phase
    persons: int | None = None


@dataclass(frozen=True)
class Mismatch:
    """A printed total that its parts do not add up to."""

    initiative: str
    phase: str | None  # None: the printed total against the phase totals
    printed: float
    summed: float

    def message(self) -> str:
        where = f"fase {self.phase}" if self.phase else "totaal"
        parts = "de activiteiten" if self.phase else "de fasen"
        return (f"{self.initiative}, {where}: de FAQ drukt {self.printed:g} u af, maar {parts} tellen op tot "
                f"{self.summed:g} u (verschil {self.summed - self.printed:+g} u).")


@dataclass(frozen=True)
class HandbookInitiative:
    id: str
    name: str
    duos: int
    years: int
    printed_total: float
    phases: dict[str, float]  # the printed phase totals
    activities: tuple[Activity, ...]  # only those the FAQ lists

    @property
    def total(self) -> float:
        """Sum of the printed phase totals (the phase level is what the benchmarks use)."""
        return sum(self.phases.values())

    @property
    def hours_per_duo(self) -> float:
        return self.total / self.duos

    @property
    def start_share(self) -> float:
        return sum(self.phases[p] for p in START_PHASES) / self.total

    @property
    def duos_per_year(self) -> float:
        return self.duos / self.years


@dataclass(frozen=True)
class IntensiveNorm:
    duos_per_year: float
    fte: float
    min_start_share: float

    def hours_per_duo(self, fte_hours: float = DEFAULT_FTE_HOURS) -> float:
        return self.fte * fte_hours / self.duos_per_year


@dataclass(frozen=True)
class Benchmarks:
    version: str
    source: dict[str, Any]
    initiatives: dict[str, HandbookInitiative]
    norm: IntensiveNorm
    unspecified: dict[str, str]  # phase → activity code for a phase the FAQ gives only as a total
    mismatches: tuple[Mismatch, ...]

    def citation(self) -> str:
        s = self.source
        return f"{s['uitgever']}, '{s['titel']}' ({s['url']}), benchmarkbestand v{self.version}"


def _activity_codes() -> dict[str, tuple[str, ...]]:
    """Activity code → the phases it may be booked under, from the coordinatie_uren contract."""
    column = contracts()["coordinatie_uren"].column("activiteit")
    return {c.value: c.groups for c in column.codes}


def check_sums(initiatives: dict[str, HandbookInitiative]) -> tuple[Mismatch, ...]:
    """Every printed total that its printed parts do not add up to (phases without listed activities skipped)."""
    found = []
    for ini in initiatives.values():
        for phase, printed in ini.phases.items():
            listed = [a.hours for a in ini.activities if a.phase == phase]
            if listed and abs(sum(listed) - printed) > _TOLERANCE:
                found.append(Mismatch(ini.name, phase, printed, sum(listed)))
        if abs(ini.total - ini.printed_total) > _TOLERANCE:
            found.append(Mismatch(ini.name, None, ini.printed_total, ini.total))
    return tuple(found)


def _parse(raw: dict[str, Any]) -> Benchmarks:
    allowed = _activity_codes()
    unspecified = dict(raw["zonder_activiteiten"])
    initiatives = {}
    for key, item in raw["initiatieven"].items():
        if set(item["fasen"]) != set(PHASES):
            raise ValueError(f"Benchmark {key}: fasen {sorted(item['fasen'])} moeten {list(PHASES)} zijn.")
        activities = []
        for phase in PHASES:
            for a in item["fasen"][phase].get("activiteiten") or []:
                if phase not in allowed.get(a["code"], ()):
                    raise ValueError(f"Benchmark {key}: activiteit '{a['code']}' hoort niet bij fase {phase} "
                                     "volgens data_contracts/coordinatie_uren.odcs.yaml.")
                activities.append(Activity(phase, a["code"], float(a["uren"]), a.get("faq"), a.get("personen")))
        initiatives[key] = HandbookInitiative(
            id=key, name=item["naam"], duos=int(item["duos"]), years=int(item["jaren"]),
            printed_total=float(item["totaal"]),
            phases={p: float(item["fasen"][p]["uren"]) for p in PHASES},
            activities=tuple(activities),
        )
    for phase, code in unspecified.items():
        if phase not in allowed.get(code, ()):
            raise ValueError(f"zonder_activiteiten: '{code}' hoort niet bij fase {phase}.")
    norm = raw["norm_intensief"]
    return Benchmarks(
        version=str(raw["versie"]),
        source=dict(raw["bron"]),
        initiatives=initiatives,
        norm=IntensiveNorm(float(norm["duos_per_jaar"]), float(norm["vte"]), float(norm["aandeel_startfase_minimum"])),
        unspecified=unspecified,
        mismatches=check_sums(initiatives),
    )


def load_benchmarks(path: Path | None = None) -> Benchmarks:
    """Read and check a benchmark file (the shipped one by default)."""
    if path is None:
        return _shipped()
    return _parse(yaml.safe_load(Path(path).read_text(encoding="utf-8")))


@cache
def _shipped() -> Benchmarks:
    return _parse(yaml.safe_load(BENCHMARK_FILE.read_text(encoding="utf-8")))


def phase_frame(b: Benchmarks) -> pl.DataFrame:
    """One row per handbook initiative: duos, years, printed phase hours, total, hours per duo, phase shares."""
    rows = [
        {"referentie": i.id, "naam": i.name, "duos": i.duos, "jaren": i.years,
         **{f"uren_{p}": i.phases[p] for p in PHASES}, "uren_totaal": i.total,
         "uren_totaal_gedrukt": i.printed_total, "uren_per_duo": i.hours_per_duo,
         "aandeel_startfase": i.start_share, **{f"aandeel_{p}": i.phases[p] / i.total for p in PHASES}}
        for i in b.initiatives.values()
    ]
    return pl.DataFrame(rows)


def activity_frame(b: Benchmarks) -> pl.DataFrame:
    """Activity-level hours of the handbook initiatives; a phase given only as a total is one row
    on the code of `zonder_activiteiten`, with `gespecificeerd` false."""
    rows = []
    for i in b.initiatives.values():
        for phase in PHASES:
            listed = [a for a in i.activities if a.phase == phase]
            if listed:
                rows += [{"referentie": i.id, "fase": phase, "activiteit": a.code, "uren": a.hours,
                          "faq": a.faq, "gespecificeerd": True} for a in listed]
            else:
                rows.append({"referentie": i.id, "fase": phase, "activiteit": b.unspecified[phase],
                             "uren": i.phases[phase], "faq": None, "gespecificeerd": False})
    return pl.DataFrame(rows, schema={"referentie": pl.String, "fase": pl.String, "activiteit": pl.String,
                                      "uren": pl.Float64, "faq": pl.String, "gespecificeerd": pl.Boolean})
