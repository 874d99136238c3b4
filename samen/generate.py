"""Synthetic landing folder for the Samen Inburgeren pipeline.

``generate_landing`` writes what local initiatives and the agency would drop
into ``landing/`` (DOMAIN.md section 3): the agency's registry of initiatives
and, per initiative, the datasets ``duos``, ``ontmoetingen``, ``intake``,
``afsluiting``, ``coordinatie_uren`` and ``kosten`` in the file formats people
really send (Windows-1252 CSV with ``;`` and decimal comma, UTF-8 CSV with BOM,
tab separated UTF-8, a workbook with one sheet per dataset, single-dataset
XLSX files, meeting logs split per year).

With ``mistakes=True`` (the ``demo`` preset) a few realistic delivery errors
are added on top, so the validation, the quarantine and the personal-data
guard have something to show: about 0.5 % extra meeting rows that break a rule,
one bad row in ``duos``, ``coordinatie_uren`` and ``intake``, a name column in
one ``duos`` file and a late-correction file. They are appended to the files
(or written as an extra file); every clean row keeps its exact spelling, so a
run with mistakes is a run without them plus the inserted lines.

The output is fully determined by the arguments: every initiative gets its own
``random.Random`` seeded from ``(seed, index)``, nothing depends on the clock or
on set/dict ordering, and XLSX files carry a fixed creation timestamp. Data is
simulated and written one initiative at a time, so memory stays bounded by the
largest initiative.

Run ``python -m samen.generate --size demo --out landing`` for a quick sample.
"""

from __future__ import annotations

import argparse
import csv
import heapq
import io
import random
import sys
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime
from itertools import accumulate
from pathlib import Path
from typing import Callable, Iterable, Sequence

import xlsxwriter

__all__ = [
    "COLUMNS",
    "DATASETS",
    "FORMATS",
    "MEETING_MISTAKES",
    "ONE_OFF_MISTAKES",
    "SIZES",
    "GenerateSummary",
    "format_for",
    "generate_landing",
    "initiative_specs",
]

# ---------------------------------------------------------------------------
# Presets and public constants
# ---------------------------------------------------------------------------

SIZES: dict[str, dict] = {
    "demo": dict(initiatives=5, years=3, duos_per_year=(10, 60), mistakes=True),
    "flanders": dict(initiatives=80, years=10, duos_per_year=(5, 60)),
    "large": dict(initiatives=100, years=10, duos_per_year=(400, 400)),
}

DATASETS: tuple[str, ...] = (
    "duos",
    "ontmoetingen",
    "intake",
    "afsluiting",
    "coordinatie_uren",
    "kosten",
)

# File formats, assigned round-robin by initiative index (see ``format_for``).
FORMATS: tuple[str, ...] = ("csv_cp1252", "csv_utf8_bom", "xlsx_workbook", "xlsx_single", "mixed")

# Template headers per dataset with the value kind used by the writers.
# Kinds: str, date, int, num (plain decimal), money (2 decimals),
# dur (duration in hours), bool (ja/nee).
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "initiatieven": (
        ("Initiatief ID", "str"),
        ("Naam", "str"),
        ("Regio", "str"),
        ("Provincie", "str"),
        ("Gemeenten", "str"),
        ("Organisator", "str"),
        ("Coordinatie", "str"),
        ("Startdatum", "date"),
        ("Uurkost (EUR)", "money"),
        ("FTE uren per jaar", "int"),
    ),
    "duos": (
        ("Duo ID", "str"),
        ("Inburgeraar ID", "str"),
        ("Coach ID", "str"),
        ("Startdatum", "date"),
        ("Geplande einddatum", "date"),
        ("Einddatum", "date"),
        ("Eindreden", "str"),
    ),
    "ontmoetingen": (
        ("Duo ID", "str"),
        ("Datum", "date"),
        ("Duur (uren)", "dur"),
        ("Activiteit", "str"),
        ("Nederlands geoefend", "bool"),
        ("Gemeld door", "str"),
    ),
    "intake": (
        ("Deelnemer ID", "str"),
        ("Rol", "str"),
        ("Datum", "date"),
        ("Aanmelddatum", "date"),
        ("Toeleiding", "str"),
        ("Leeftijdsgroep", "str"),
        ("Geslacht", "str"),
        ("Jaren in België", "int"),
        ("Taalniveau", "str"),
        ("Inburgeringstraject", "str"),
        ("Doelen", "str"),
        ("Score Nederlands", "int"),
        ("Score thuis", "int"),
        ("Score netwerk", "int"),
        ("Score diensten", "int"),
        ("Score zelfredzaam", "int"),
        ("Score leefwereld", "int"),
    ),
    "afsluiting": (
        ("Deelnemer ID", "str"),
        ("Duo ID", "str"),
        ("Datum", "date"),
        ("Score Nederlands", "int"),
        ("Score thuis", "int"),
        ("Score netwerk", "int"),
        ("Score diensten", "int"),
        ("Score zelfredzaam", "int"),
        ("Score leefwereld", "int"),
        ("Doel bereikt", "str"),
        ("Tevredenheid", "int"),
        ("Contact blijft", "str"),
    ),
    "coordinatie_uren": (
        ("Datum", "date"),
        ("Medewerker", "str"),
        ("Fase", "str"),
        ("Activiteit", "str"),
        ("Uren", "num"),
        ("Aantal personen", "int"),
    ),
    "kosten": (
        ("Jaar", "int"),
        ("Kostenpost", "str"),
        ("Bedrag (EUR)", "money"),
    ),
}

# Column index holding the date (or year) used to split a dataset per year.
_YEAR_COLUMN = {"duos": 3, "ontmoetingen": 1, "intake": 2, "afsluiting": 2, "coordinatie_uren": 0, "kosten": 0}


@dataclass(frozen=True)
class GenerateSummary:
    """Row and file counts of one ``generate_landing`` run."""

    initiatives: int
    duos: int
    ontmoetingen: int
    intake: int
    afsluiting: int
    coordinatie_uren: int
    kosten: int
    files: int
    # Problem rows and columns inserted by ``mistakes=True`` (not included in the
    # dataset counts above; the 3 rows of the late-correction file are no mistake
    # and are counted nowhere).
    mistakes: int = 0


# ---------------------------------------------------------------------------
# Initiatives (fixed, ordered list; the seed only changes the data)
# ---------------------------------------------------------------------------

_PROVINCES = {
    "A": "Antwerpen",
    "L": "Limburg",
    "O": "Oost-Vlaanderen",
    "V": "Vlaams-Brabant",
    "W": "West-Vlaanderen",
    "B": None,  # Brussels-Capital Region: no province
}

# (initiatief_id, naam, province key, gemeenten, organisator)
_INITIATIVES: tuple[tuple[str, str, str, tuple[str, ...], str], ...] = (
    ("gent-samen", "Samen Inburgeren Gent", "O", ("Gent",), "gemeente"),
    ("aalst", "Samen Inburgeren Aalst", "O", ("Aalst",), "ocmw"),
    ("brussel-elan", "Brussel Élan", "B", ("Brussel", "Sint-Jans-Molenbeek"), "integratiecentrum"),
    ("noorderkempen", "Samen Inburgeren Noorderkempen", "A", ("Turnhout", "Oud-Turnhout", "Beerse", "Vosselaar"), "intergemeentelijk"),
    ("leuven", "Duo's Leuven", "V", ("Leuven",), "vzw"),
    ("antwerpen", "Samen Inburgeren Antwerpen", "A", ("Antwerpen",), "onthaalbureau"),
    ("hasselt", "Samen in Hasselt", "L", ("Hasselt",), "gemeente"),
    ("brugge", "Brugge Samen", "W", ("Brugge",), "gemeente"),
    ("mechelen", "Samen Inburgeren Mechelen", "A", ("Mechelen",), "gemeente"),
    ("anderlecht", "Duo's Anderlecht", "B", ("Anderlecht",), "vzw"),
    ("kortrijk", "Samen Inburgeren Kortrijk", "W", ("Kortrijk",), "ocmw"),
    ("genk", "Genk Samen", "L", ("Genk",), "gemeente"),
    ("sint-niklaas", "Samen in Sint-Niklaas", "O", ("Sint-Niklaas",), "gemeente"),
    ("vilvoorde", "Samen Inburgeren Vilvoorde", "V", ("Vilvoorde",), "gemeente"),
    ("oostende", "Oostende Verbindt", "W", ("Oostende",), "vrijwilligersorganisatie"),
    ("meetjesland", "Duo's Meetjesland", "O", ("Eeklo", "Maldegem", "Assenede", "Kaprijke"), "intergemeentelijk"),
    ("schaarbeek", "Samen Schaarbeek", "B", ("Schaarbeek",), "onthaalbureau"),
    ("roeselare", "Samen Inburgeren Roeselare", "W", ("Roeselare",), "gemeente"),
    ("sint-truiden", "Samen in Sint-Truiden", "L", ("Sint-Truiden",), "ocmw"),
    ("turnhout-stad", "Buddy's Turnhout", "A", ("Turnhout",), "vzw"),
    ("halle", "Samen Inburgeren Halle", "V", ("Halle",), "gemeente"),
    ("dendermonde", "Samen in Dendermonde", "O", ("Dendermonde",), "gemeente"),
    ("lier", "Samen Inburgeren Lier", "A", ("Lier",), "ocmw"),
    ("beringen", "Beringen Samen", "L", ("Beringen",), "gemeente"),
    ("ieper", "Samen Inburgeren Ieper", "W", ("Ieper",), "gemeente"),
    ("molenbeek-cafe", "Café Duo Molenbeek", "B", ("Sint-Jans-Molenbeek",), "vrijwilligersorganisatie"),
    ("lokeren", "Samen in Lokeren", "O", ("Lokeren",), "gemeente"),
    ("tienen", "Samen Inburgeren Tienen", "V", ("Tienen",), "ocmw"),
    ("geel", "Samen Inburgeren Geel", "A", ("Geel",), "gemeente"),
    ("maasland", "Samen Inburgeren Maasland", "L", ("Maasmechelen", "Dilsen-Stokkem", "Lanaken"), "intergemeentelijk"),
    ("waregem", "Waregem Verbindt", "W", ("Waregem",), "vzw"),
    ("ninove", "Samen in Ninove", "O", ("Ninove",), "gemeente"),
    ("mol", "Samen Inburgeren Mol", "A", ("Mol",), "gemeente"),
    ("dilbeek", "Duo's Dilbeek", "V", ("Dilbeek",), "gemeente"),
    ("elsene", "Samen Elsene", "B", ("Elsene",), "integratiecentrum"),
    ("lommel", "Samen Inburgeren Lommel", "L", ("Lommel",), "ocmw"),
    ("menen", "Samen Inburgeren Menen", "W", ("Menen",), "gemeente"),
    ("wetteren", "Samen in Wetteren", "O", ("Wetteren",), "ocmw"),
    ("herentals", "Samen Inburgeren Herentals", "A", ("Herentals",), "gemeente"),
    ("zaventem", "Samen Inburgeren Zaventem", "V", ("Zaventem",), "gemeente"),
    ("tongeren", "Tongeren Samen", "L", ("Tongeren",), "gemeente"),
    ("izegem", "Samen Inburgeren Izegem", "W", ("Izegem",), "andere"),
    ("geraardsbergen", "Samen in Geraardsbergen", "O", ("Geraardsbergen",), "gemeente"),
    ("boom", "Samen Inburgeren Boom", "A", ("Boom",), "ocmw"),
    ("aarschot", "Samen Inburgeren Aarschot", "V", ("Aarschot",), "vzw"),
    ("sint-gillis", "Duo's Sint-Gillis", "B", ("Sint-Gillis",), "vzw"),
    ("houthalen-helchteren", "Samen in Houthalen-Helchteren", "L", ("Houthalen-Helchteren",), "gemeente"),
    ("westhoek", "Westhoek Samen", "W", ("Poperinge", "Vleteren", "Heuvelland", "Zonnebeke"), "intergemeentelijk"),
    ("oudenaarde", "Samen Inburgeren Oudenaarde", "O", ("Oudenaarde",), "gemeente"),
    ("mortsel", "Samen in Mortsel", "A", ("Mortsel",), "gemeente"),
    ("diest", "Samen Inburgeren Diest", "V", ("Diest",), "ocmw"),
    ("heusden-zolder", "Samen Inburgeren Heusden-Zolder", "L", ("Heusden-Zolder",), "gemeente"),
    ("torhout", "Samen in Torhout", "W", ("Torhout",), "gemeente"),
    ("ronse", "Samen Inburgeren Ronse", "O", ("Ronse",), "onthaalbureau"),
    ("schoten", "Samen Inburgeren Schoten", "A", ("Schoten",), "gemeente"),
    ("vorst", "Samen Vorst", "B", ("Vorst",), "vzw"),
    ("grimbergen", "Samen in Grimbergen", "V", ("Grimbergen",), "gemeente"),
    ("maaseik", "Samen Inburgeren Maaseik", "L", ("Maaseik",), "gemeente"),
    ("harelbeke", "Samen Inburgeren Harelbeke", "W", ("Harelbeke",), "ocmw"),
    ("eeklo", "Eeklo Samen", "O", ("Eeklo",), "gemeente"),
    ("brasschaat", "Samen Inburgeren Brasschaat", "A", ("Brasschaat",), "vrijwilligersorganisatie"),
    ("asse", "Samen Inburgeren Asse", "V", ("Asse",), "gemeente"),
    ("jette", "Duo's Jette", "B", ("Jette",), "integratiecentrum"),
    ("leopoldsburg", "Samen in Leopoldsburg", "L", ("Leopoldsburg",), "ocmw"),
    ("knokke-heist", "Samen Inburgeren Knokke-Heist", "W", ("Knokke-Heist",), "gemeente"),
    ("zele", "Samen Inburgeren Zele", "O", ("Zele",), "gemeente"),
    ("kapellen", "Samen in Kapellen", "A", ("Kapellen",), "gemeente"),
    ("pajottenland", "Samen Inburgeren Pajottenland", "V", ("Lennik", "Gooik", "Pepingen", "Galmaarden", "Herne"), "intergemeentelijk"),
    ("diepenbeek", "Samen Inburgeren Diepenbeek", "L", ("Diepenbeek",), "gemeente"),
    ("wevelgem", "Wevelgem Samen", "W", ("Wevelgem",), "gemeente"),
    ("temse", "Samen in Temse", "O", ("Temse",), "ocmw"),
    ("heist-op-den-berg", "Samen Inburgeren Heist-op-den-Berg", "A", ("Heist-op-den-Berg",), "gemeente"),
    ("sint-pieters-leeuw", "Samen in Sint-Pieters-Leeuw", "V", ("Sint-Pieters-Leeuw",), "gemeente"),
    ("koekelberg", "Samen Koekelberg", "B", ("Koekelberg",), "vzw"),
    ("bilzen", "Samen Inburgeren Bilzen", "L", ("Bilzen",), "gemeente"),
    ("tielt", "Samen Inburgeren Tielt", "W", ("Tielt",), "andere"),
    ("deinze", "Samen in Deinze", "O", ("Deinze",), "gemeente"),
    ("willebroek", "Samen Inburgeren Willebroek", "A", ("Willebroek",), "ocmw"),
    ("machelen", "Samen Inburgeren Machelen", "V", ("Machelen",), "gemeente"),
    ("pelt", "Pelt Samen", "L", ("Pelt",), "gemeente"),
    ("blankenberge", "Samen in Blankenberge", "W", ("Blankenberge",), "gemeente"),
    ("zottegem", "Samen Inburgeren Zottegem", "O", ("Zottegem",), "gemeente"),
    ("hoogstraten", "Samen Inburgeren Hoogstraten", "A", ("Hoogstraten",), "vrijwilligersorganisatie"),
    ("tervuren", "Samen in Tervuren", "V", ("Tervuren",), "vzw"),
    ("evere", "Duo's Evere", "B", ("Evere",), "onthaalbureau"),
    ("bree", "Samen Inburgeren Bree", "L", ("Bree",), "ocmw"),
    ("diksmuide", "Samen Inburgeren Diksmuide", "W", ("Diksmuide",), "gemeente"),
    ("beveren", "Samen in Beveren", "O", ("Beveren",), "gemeente"),
    ("bornem", "Samen Inburgeren Bornem", "A", ("Bornem",), "gemeente"),
    ("kortenberg", "Samen Inburgeren Kortenberg", "V", ("Kortenberg",), "gemeente"),
    ("tessenderlo", "Samen in Tessenderlo", "L", ("Tessenderlo",), "gemeente"),
    ("veurne", "Samen Inburgeren Veurne", "W", ("Veurne",), "ocmw"),
    ("evergem", "Samen Inburgeren Evergem", "O", ("Evergem",), "gemeente"),
    ("kontich", "Samen in Kontich", "A", ("Kontich",), "gemeente"),
    ("liedekerke", "Samen Inburgeren Liedekerke", "V", ("Liedekerke",), "gemeente"),
    ("etterbeek", "Samen Etterbeek", "B", ("Etterbeek",), "vzw"),
    ("zonhoven", "Samen Inburgeren Zonhoven", "L", ("Zonhoven",), "gemeente"),
    ("poperinge", "Samen in Poperinge", "W", ("Poperinge",), "gemeente"),
    ("merelbeke", "Samen Inburgeren Merelbeke", "O", ("Merelbeke",), "ocmw"),
    ("edegem", "Samen Inburgeren Edegem", "A", ("Edegem",), "gemeente"),
    ("landen", "Samen in Landen", "V", ("Landen",), "gemeente"),
)


@dataclass(frozen=True)
class _Spec:
    index: int
    initiatief_id: str
    naam: str
    regio: str
    provincie: str | None
    gemeenten: tuple[str, ...]
    organisator: str


def initiative_specs(n: int) -> list[_Spec]:
    """The first ``n`` initiatives of the fixed list (suffixed ``-2``, ``-3`` beyond it)."""
    out = []
    base = len(_INITIATIVES)
    for i in range(n):
        iid, naam, prov, gemeenten, org = _INITIATIVES[i % base]
        rnd = i // base
        if rnd:
            iid, naam = f"{iid}-{rnd + 1}", f"{naam} {rnd + 1}"
        out.append(
            _Spec(i, iid, naam, "brussel" if prov == "B" else "vlaanderen", _PROVINCES[prov], gemeenten, org)
        )
    return out


def format_for(index: int) -> str:
    """File format of the initiative at position ``index`` (round-robin over FORMATS)."""
    return FORMATS[index % len(FORMATS)]


# ---------------------------------------------------------------------------
# Code lists and distributions
# ---------------------------------------------------------------------------


class _Pick:
    """Weighted choice with precomputed cumulative weights (fast, deterministic)."""

    __slots__ = ("values", "cum", "total")

    def __init__(self, pairs: Sequence[tuple[object, float]]):
        self.values = [v for v, _ in pairs]
        self.cum = list(accumulate(w for _, w in pairs))
        self.total = self.cum[-1]

    def __call__(self, rng: random.Random):
        return self.values[bisect_right(self.cum, rng.random() * self.total)]


_P_MONTHS_LEN = _Pick([(6, 30), (9, 30), (12, 38.5), (4, 0.5), (5, 0.3), (13, 0.2), (15, 0.3), (18, 0.2)])
_P_EARLY_REASON = _Pick(
    [("vroegtijdig_inburgeraar", 30), ("vroegtijdig_coach", 20), ("vroegtijdig_samen", 15), ("verhuisd", 20), ("andere", 15)]
)
_P_DUR = _Pick([(1.0, 8), (1.5, 15), (2.0, 42), (2.5, 14), (3.0, 13), (3.5, 4), (4.0, 4)])
_P_ACT = _Pick(
    [
        ("gesprek", 25), ("koken", 15), ("buiten", 15), ("cultuur", 12), ("boodschappen", 8), ("sport", 6),
        ("dienst_bezoeken", 6), ("administratie", 5), ("evenement", 5), ("andere", 3),
    ]
)
_P_GEMELD = _Pick([("coach", 75), ("inburgeraar", 15), ("coordinator", 10)])

_P_TOELEIDING_INB = _Pick(
    [("onthaalbureau", 40), ("ocmw", 15), ("gemeente", 10), ("school", 12), ("vereniging", 8),
     ("mond_aan_mond", 10), ("media", 2), ("andere", 3)]
)
_P_TOELEIDING_COACH = _Pick(
    [("mond_aan_mond", 30), ("media", 25), ("vereniging", 20), ("gemeente", 15), ("school", 3), ("andere", 7)]
)
_P_AGE_INB = _Pick([("18-25", 18), ("26-35", 32), ("36-45", 25), ("46-55", 14), ("56-65", 7), ("66+", 4)])
_P_AGE_COACH = _Pick([("18-25", 6), ("26-35", 12), ("36-45", 14), ("46-55", 18), ("56-65", 28), ("66+", 22)])
_P_SEX_INB = _Pick([("v", 55), ("m", 43), ("x", 1), ("onbekend", 1)])
_P_SEX_COACH = _Pick([("v", 65), ("m", 33), ("x", 1), ("onbekend", 1)])
_P_TAAL_INB = _Pick([("A1", 25), ("A2", 35), ("B1", 25), ("B2", 12), ("C1", 3)])
_P_TAAL_COACH = _Pick([("C2", 70), ("C1", 20), ("B2", 10)])
_P_TRAJECT = _Pick([("ja", 50), ("afgerond", 35), ("nee", 15)])

_GOALS_INB = (
    ("nederlands_oefenen", 40), ("thuis_voelen", 15), ("netwerk", 20), ("informatie_diensten", 10),
    ("werk_opleiding", 10), ("vrije_tijd", 4), ("andere", 1),
)
_GOALS_COACH = (("netwerk", 30), ("vrije_tijd", 30), ("thuis_voelen", 10), ("andere", 30))
_GOAL_ORDER = {g: i for i, (g, _) in enumerate(_GOALS_INB)}

_P_DOEL_DONE = _Pick([("ja", 50), ("deels", 35), ("nee", 10), ("geen_doel", 5)])
_P_DOEL_EARLY = _Pick([("ja", 15), ("deels", 35), ("nee", 40), ("geen_doel", 10)])
_P_TEVR_DONE = _Pick([(5, 45), (4, 38), (3, 12), (2, 4), (1, 1)])
_P_TEVR_EARLY = _Pick([(5, 12), (4, 30), (3, 33), (2, 18), (1, 7)])
_P_CONTACT_DONE = _Pick([("ja", 55), ("weet_niet", 25), ("nee", 20)])
_P_CONTACT_EARLY = _Pick([("ja", 20), ("weet_niet", 25), ("nee", 55)])

_P_COORDINATIE = {
    "vrijwilligersorganisatie": _Pick([("vrijwilliger", 60), ("gemengd", 40)]),
    "vzw": _Pick([("professioneel", 50), ("gemengd", 40), ("vrijwilliger", 10)]),
}
_P_COORDINATIE_DEFAULT = _Pick([("professioneel", 70), ("gemengd", 25), ("vrijwilliger", 5)])

# Phase shares of coordinator time (handbook average, first phase about 2/3).
_PHASES = (
    ("werving", 0.09),
    ("onthaal", 0.06),
    ("kennismaking", 0.43),
    ("duos_vormen", 0.09),
    ("opvolging", 0.33),
)
# Activities per phase: (activiteit, share within the phase, typical hours per log line).
_PHASE_ACTIVITIES: dict[str, tuple[tuple[str, float, tuple[float, ...]], ...]] = {
    "werving": (("wervingsactie", 0.95, (1, 1.5, 2, 3, 4)), ("andere", 0.05, (0.5, 1, 2))),
    "onthaal": (("onthaalmoment", 0.5, (1, 1.5, 2, 3)), ("telefoon_mail", 0.47, (0.5, 1, 1.5)), ("andere", 0.03, (0.5, 1))),
    "kennismaking": (
        ("infomoment", 0.33, (2, 2.5, 3, 4)),
        ("kennismakingsgesprek", 0.37, (1, 1.5, 2, 3, 4, 6)),
        ("kennismakingsmoment", 0.08, (2, 3)),
        ("invulformulieren", 0.22, (0.5, 1, 1.5, 2)),
    ),
    "duos_vormen": (
        ("matching", 0.68, (1.5, 2, 3, 4, 6)),
        ("telefoon_deelnemers", 0.2, (0.5, 1, 1.5)),
        ("opstart_duo", 0.12, (1, 1.5, 2)),
    ),
    "opvolging": (
        ("telefonisch_contact", 0.13, (0.5, 1, 1.5)),
        ("extra_opvolging", 0.11, (0.5, 1, 2)),
        ("groepsbijeenkomst", 0.19, (2, 3, 4)),
        ("intervisie", 0.08, (2, 2.5)),
        ("verslagjes_lezen", 0.12, (0.5, 1, 1.5, 2)),
        ("evaluatiegesprek", 0.1, (1, 1.5, 2)),
        ("afsluitend_gesprek", 0.18, (1, 1.5, 2, 3)),
        ("vorming", 0.04, (2, 3, 4)),
        ("afsluitingsfeest", 0.03, (4, 5, 6, 8)),
        ("andere", 0.02, (0.5, 1)),
    ),
}
_TWO_PERSON_ACTS = {"kennismakingsgesprek", "matching", "groepsbijeenkomst", "afsluitingsfeest", "infomoment", "intervisie"}

# Relative weight of duo starts per month (summer dip, autumn peak).
_MONTH_WEIGHT = (1.0, 1.1, 1.1, 1.0, 1.0, 0.9, 0.5, 0.5, 1.3, 1.2, 1.1, 0.8)
_MAX_MONTH_WEIGHT = max(_MONTH_WEIGHT)


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------


def _add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    y += d.year
    m += 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(y, m, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _clip(x: float, lo: int = 1, hi: int = 5) -> int:
    return max(lo, min(hi, int(round(x))))


def _sample_goals(rng: random.Random, pool: Sequence[tuple[str, float]], k: int) -> str:
    items = list(pool)
    chosen = []
    for _ in range(min(k, len(items))):
        total = sum(w for _, w in items)
        r = rng.random() * total
        acc = 0.0
        for j, (g, w) in enumerate(items):
            acc += w
            if r < acc:
                break
        chosen.append(items.pop(j)[0])
    chosen.sort(key=lambda g: _GOAL_ORDER.get(g, 99))
    return ", ".join(chosen)


def _weekday(rng: random.Random, lo: int, hi: int) -> int:
    """A random ordinal in [lo, hi], moved off the weekend when possible."""
    d = rng.randint(lo, hi)
    wd = date.fromordinal(d).weekday()
    if wd >= 5:
        back = d - (wd - 4)
        fwd = d + (7 - wd)
        if back >= lo:
            d = back
        elif fwd <= hi:
            d = fwd
    return d


# ---------------------------------------------------------------------------
# Simulation of one initiative
# ---------------------------------------------------------------------------


class _Person:
    __slots__ = (
        "seq", "rol", "aanmeld", "intake", "toeleiding", "leeftijd", "geslacht", "jaren", "taal", "traject",
        "doelen", "scores", "pid",
    )

    def __init__(self, seq: int, rol: str, intake: int, rng: random.Random):
        self.seq = seq
        self.rol = rol
        self.intake = intake
        self.aanmeld = intake - rng.randint(5, 60)
        self.pid = ""
        if rol == "inburgeraar":
            self.toeleiding = _P_TOELEIDING_INB(rng)
            self.leeftijd = _P_AGE_INB(rng)
            self.geslacht = _P_SEX_INB(rng)
            self.jaren = min(int(rng.expovariate(1 / 2.5)), 30)
            self.taal = _P_TAAL_INB(rng)
            self.traject = _P_TRAJECT(rng) if self.jaren < 8 else ("afgerond" if rng.random() < 0.6 else "nee")
            self.doelen = _sample_goals(rng, _GOALS_INB, rng.choice((1, 1, 2, 2, 2, 3)))
            lvl = {"A1": 1, "A2": 2, "B1": 3, "B2": 3.6, "C1": 4.2}[self.taal]
            settled = 0.4 if self.jaren >= 5 else 0.0
            self.scores = (
                _clip(lvl + rng.uniform(-1, 0.8)),
                _clip(2.4 + settled + rng.uniform(-1.2, 1.2)),
                _clip(2.0 + settled + rng.uniform(-1.2, 1.2)),
                _clip(2.3 + settled + rng.uniform(-1.2, 1.2)),
                _clip(lvl * 0.4 + 1.6 + rng.uniform(-1, 1)),
                None,
            )
        else:
            self.toeleiding = _P_TOELEIDING_COACH(rng)
            self.leeftijd = _P_AGE_COACH(rng)
            self.geslacht = _P_SEX_COACH(rng)
            migrant = rng.random() < 0.2
            self.jaren = rng.randint(8, 40) if migrant else None
            self.taal = _P_TAAL_COACH(rng) if migrant or rng.random() < 0.3 else None
            self.traject = "afgerond" if migrant and rng.random() < 0.6 else None
            self.doelen = _sample_goals(rng, _GOALS_COACH, rng.choice((1, 1, 2)))
            self.scores = (None, None, None, None, None, _clip(2.6 + (0.8 if migrant else 0) + rng.uniform(-1.2, 1.2)))

    def intake_row(self) -> tuple:
        return (
            self.pid, self.rol, date.fromordinal(self.intake), date.fromordinal(self.aanmeld), self.toeleiding,
            self.leeftijd, self.geslacht, self.jaren, self.taal, self.traject, self.doelen, *self.scores,
        )


@dataclass
class _InitiativeData:
    registry_row: tuple
    duos: list
    ontmoetingen: list
    intake: list
    afsluiting: list
    coordinatie_uren: list
    kosten: list


def _simulate(spec: _Spec, seed: int, first_year: int, years: int, as_of: date, dpy: tuple[int, int]) -> _InitiativeData:
    rng = random.Random(f"samen-impact:{seed}:{spec.index}")
    as_of_o = as_of.toordinal()
    period_lo = date(first_year, 1, 1).toordinal()
    last_year = min(first_year + years - 1, as_of.year)

    # --- registry -----------------------------------------------------------
    if rng.random() < 0.7:  # existed before the period
        start_o = date(first_year - rng.randint(1, 4), rng.randint(1, 12), 1).toordinal() + rng.randint(0, 27)
    else:  # starts during the period
        start_o = period_lo + rng.randint(0, int((as_of_o - period_lo) * 0.4))
    coordinatie = _P_COORDINATIE.get(spec.organisator, _P_COORDINATIE_DEFAULT)(rng)
    uurkost = round(rng.uniform(45, 60), 2)
    fte = 1600 if rng.random() < 0.85 else None
    registry_row = (
        spec.initiatief_id, spec.naam, spec.regio, spec.provincie, ", ".join(spec.gemeenten), spec.organisator,
        coordinatie, date.fromordinal(start_o), uurkost, fte,
    )
    n_staff = rng.choice((1, 2, 2, 2, 3))
    staff = [f"coord-{k}" for k in range(1, n_staff + 1)]
    p_staff = _Pick([(s, 3 if k == 0 else 2) for k, s in enumerate(staff)])
    hours_per_duo = rng.uniform(7.0, 11.0)

    # --- duo start dates per year --------------------------------------------
    lo_n, hi_n = dpy
    base = rng.randint(lo_n, hi_n)
    first_duo_o = start_o + 30
    starts: list[int] = []
    year_windows: dict[int, tuple[int, int]] = {}
    for y in range(first_year, last_year + 1):
        y_lo, y_hi = date(y, 1, 1).toordinal(), date(y, 12, 31).toordinal()
        lo, hi = max(y_lo, start_o), min(y_hi, as_of_o)
        if lo > hi:
            continue
        year_windows[y] = (lo, hi)
        d_lo = max(lo, first_duo_o)
        if d_lo > hi:
            continue
        n = max(lo_n, min(hi_n, round(base * rng.uniform(0.8, 1.25))))
        frac = (hi - d_lo + 1) / (y_hi - y_lo + 1)
        if frac < 1:
            n = round(n * frac)
        for _ in range(n):
            while True:
                d = rng.randint(d_lo, hi)
                if rng.random() * _MAX_MONTH_WEIGHT < _MONTH_WEIGHT[date.fromordinal(d).month - 1]:
                    break
            starts.append(d)
    starts.sort()

    # --- duos, participants, meetings, closings --------------------------------
    persons: list[_Person] = []
    duos: list[tuple] = []
    meetings: list[tuple] = []
    closings: list[tuple] = []  # (person, duo_id, date, scores..., doel, tevr, contact)
    ended_coaches: list[tuple[int, int, _Person]] = []  # heap of (end ordinal, seq, coach)
    free_coaches: list[_Person] = []
    started_per_year: dict[int, int] = {}

    for k, s in enumerate(starts, start=1):
        duo_id = f"D{k:04d}"
        started_per_year[date.fromordinal(s).year] = started_per_year.get(date.fromordinal(s).year, 0) + 1
        # intake conversations happen after the initiative's start, before the duo starts
        inb = _Person(len(persons), "inburgeraar", max(s - rng.randint(7, 75), start_o), rng)
        persons.append(inb)
        # a coach whose first duo ended at least two weeks ago may coach a second time
        while ended_coaches and ended_coaches[0][0] <= s - 14:
            free_coaches.append(heapq.heappop(ended_coaches)[2])
        if free_coaches and rng.random() < 0.35:
            j = rng.randrange(len(free_coaches))
            coach = free_coaches[j]
            free_coaches[j] = free_coaches[-1]
            free_coaches.pop()
            second_time = True
        else:
            coach = _Person(len(persons), "coach", max(s - rng.randint(7, 90), start_o), rng)
            persons.append(coach)
            second_time = False

        months = _P_MONTHS_LEN(rng)
        start_d = date.fromordinal(s)
        planned = _add_months(start_d, months)
        planned_o = planned.toordinal()
        if rng.random() < 0.3:  # stops early, front-loaded
            frac = rng.betavariate(1.1, 1.7)
            end_o = s + max(10, int(frac * (planned_o - s)))
            reason = _P_EARLY_REASON(rng)
        else:
            end_o = planned_o + rng.choice((0, 0, 0, 0, -7, -3, 3, 10))
            reason = "afgerond"
        if end_o > as_of_o:  # still running at the as-of date
            end_o, reason = None, None
        duos.append((duo_id, inb, coach, start_d, planned, date.fromordinal(end_o) if end_o else None, reason))
        if end_o is not None and not second_time and reason != "vroegtijdig_coach":
            heapq.heappush(ended_coaches, (end_o, coach.seq, coach))

        # meetings
        last_o = end_o if end_o is not None else as_of_o
        early = reason not in (None, "afgerond")
        r = rng.random()
        pattern = (0 if r < 0.45 else 1 if r < 0.55 else 2) if early else (0 if r < 0.68 else 1 if r < 0.83 else 2)
        usual_dur = _P_DUR(rng)
        practise = rng.uniform(0.75, 0.97)
        d = s + rng.randint(0, 10)
        span = max(1, last_o - s)
        while d <= last_o:
            dur = usual_dur if rng.random() < 0.6 else _P_DUR(rng)
            meetings.append((duo_id, d, dur, _P_ACT(rng), rng.random() < practise, _P_GEMELD(rng)))
            if pattern == 0:
                step = 14 + rng.randint(-4, 4)
            elif pattern == 1:
                step = 7 + rng.randint(-2, 2)
            else:
                step = 14 + int(16 * (d - s) / span) + rng.randint(-3, 4)
            if rng.random() < 0.04:  # holiday or illness: one meeting skipped
                step += 14
            d += step

        # closing evaluations
        if end_o is not None:
            p_close = 0.88 if not early else 0.62
            for person in (inb, coach):
                if rng.random() >= p_close:
                    continue
                c_o = min(end_o + rng.randint(0, 30), as_of_o)
                gain = rng.gauss(0.3 if early else 0.9, 0.9)
                scores = tuple(
                    None if v is None else _clip(v + gain + rng.uniform(-0.5, 0.5)) for v in person.scores
                )
                closings.append(
                    (
                        person, duo_id, c_o, *scores,
                        (_P_DOEL_EARLY if early else _P_DOEL_DONE)(rng),
                        (_P_TEVR_EARLY if early else _P_TEVR_DONE)(rng),
                        (_P_CONTACT_EARLY if early else _P_CONTACT_DONE)(rng),
                    )
                )

    # waiting list: intake done, never matched (more newcomers than coaches)
    for y, (lo, hi) in year_windows.items():
        n_y = started_per_year.get(y, 0)
        for rol, share in (("inburgeraar", rng.uniform(0.04, 0.14)), ("coach", rng.uniform(0.0, 0.05))):
            for _ in range(round(n_y * share)):
                persons.append(_Person(len(persons), rol, rng.randint(max(lo, start_o), hi), rng))

    persons.sort(key=lambda p: (p.intake, p.seq))
    for n, p in enumerate(persons, start=1):
        p.pid = f"P{n:05d}"

    duo_rows = [(d[0], d[1].pid, d[2].pid, *d[3:]) for d in duos]
    meetings.sort(key=lambda m: (m[1], m[0]))
    meeting_rows = [(m[0], date.fromordinal(m[1]), *m[2:]) for m in meetings]
    intake_rows = [p.intake_row() for p in persons]
    closings.sort(key=lambda c: (c[2], c[1], c[0].pid))
    closing_rows = [(c[0].pid, c[1], date.fromordinal(c[2]), *c[3:]) for c in closings]

    # --- coordinator time log ----------------------------------------------------
    coord_rows: list[tuple] = []
    kosten_rows: list[tuple] = []
    for y, (lo, hi) in year_windows.items():
        n_y = started_per_year.get(y, 0)
        total = max(n_y, 2) * hours_per_duo * rng.uniform(0.9, 1.1)
        noisy = [(ph, share * rng.uniform(0.85, 1.15)) for ph, share in _PHASES]
        norm = sum(w for _, w in noisy)
        used: dict[tuple, int] = {}
        year_rows: list[list] = []
        for phase, w in noisy:
            phase_hours = total * w / norm
            for act, a_share, sizes in _PHASE_ACTIVITIES[phase]:
                target = phase_hours * a_share
                done = 0.0
                while done < target - 0.25 or (done == 0 and target >= 0.25):
                    h = float(rng.choice(sizes))
                    if rng.random() < 0.15:  # someone logs 1.2 h instead of 1 h
                        h = round(min(8.0, max(0.5, h + rng.choice((-0.3, -0.2, 0.2, 0.3)))), 1)
                    done += h
                    if act == "afsluitingsfeest":
                        d = _party_day(rng, y, lo, hi)
                    else:
                        d = _weekday(rng, lo, hi)
                    who = p_staff(rng)
                    persons_n = 2 if n_staff > 1 and rng.random() < (0.3 if act in _TWO_PERSON_ACTS else 0.08) else 1
                    _add_log_line(used, year_rows, [d, who, phase, act, h, persons_n], lo, hi)
        year_rows.sort(key=lambda r: (r[0], r[1], r[2], r[3]))
        coord_rows.extend((date.fromordinal(r[0]), r[1], r[2], r[3], r[4], r[5]) for r in year_rows)

        # costs
        n_eff = max(n_y, 2)
        posts = ["verzekering", "ontmoetingsmomenten"]
        extra = ["huisvesting", "wervingsmateriaal", "andere", "loonkost"]
        rng.shuffle(extra)
        posts += extra[: rng.randint(1, 3)]
        amount = {
            "verzekering": lambda: n_eff * 2 * rng.uniform(3, 8),
            "ontmoetingsmomenten": lambda: n_eff * rng.uniform(10, 40),
            "huisvesting": lambda: rng.uniform(500, 3000),
            "wervingsmateriaal": lambda: rng.uniform(100, 1500),
            "andere": lambda: rng.uniform(50, 800),
            "loonkost": lambda: rng.uniform(2000, 15000),
        }
        for post in sorted(posts, key=("loonkost", "huisvesting", "wervingsmateriaal", "ontmoetingsmomenten", "verzekering", "andere").index):
            kosten_rows.append((y, post, round(amount[post](), 2)))

    return _InitiativeData(registry_row, duo_rows, meeting_rows, intake_rows, closing_rows, coord_rows, kosten_rows)


def _party_day(rng: random.Random, y: int, lo: int, hi: int) -> int:
    month, day = rng.choice(((6, rng.randint(15, 30)), (12, rng.randint(8, 20))))
    d = date(y, month, day).toordinal()
    return d if lo <= d <= hi else _weekday(rng, lo, hi)


def _add_log_line(used: dict, rows: list[list], row: list, lo: int, hi: int) -> None:
    """Add a coordinator log line keeping datum+medewerker+fase+activiteit unique."""
    d0 = row[0]
    for shift in range(0, 60):
        d = d0 + shift
        if d > hi:
            d = lo + (d - hi - 1)
        if d > hi:
            break
        key = (d, row[1], row[2], row[3])
        if key not in used:
            row[0] = d
            used[key] = len(rows)
            rows.append(row)
            return
    # extremely crowded log: merge into the existing line of the original day
    existing = rows[used[(d0, row[1], row[2], row[3])]]
    existing[4] = round(min(24.0, existing[4] + row[4]), 1)


# ---------------------------------------------------------------------------
# Delivery mistakes (``mistakes=True``)
# ---------------------------------------------------------------------------
#
# The plan is drawn from its own random stream, after the clean data is
# simulated, and the rows are appended to the files (never mixed into the
# clean rows' draws), so the clean rows are the same with or without mistakes.

# Meeting-row mistakes, handed out round-robin over all initiatives in order.
MEETING_MISTAKES: tuple[str, ...] = (
    "impossible_date",  # 31/02/<year>
    "two_digit_year",  # 03/04/24
    "zero_duration",  # Duur 0
    "negative_duration",  # Duur -1
    "duration_25",  # Duur 25
    "unknown_activity",  # zwemmen
    "before_duo_start",  # date before the duo's startdatum
    "after_as_of",  # date after the as-of date
    "unknown_duo",  # D9999, in no duos file
    "exact_duplicate",  # a meeting row repeated as is
    "conflicting_duplicate",  # same duo and date, other duration
)
MEETING_MISTAKE_SHARE = 0.005

# Which initiative (position modulo the number of initiatives) gets each one-off mistake.
# Positions 0 and 1 always have CSV formats (see FORMATS), so the name column and
# the correction file are CSV.
ONE_OFF_MISTAKES: dict[str, int] = {
    "correction_file": 0,  # ontmoetingen_correctie_<year>.csv re-delivering 3 meetings
    "name_column": 1,  # duos file with an extra 'Naam coach' column
    "phase_activity": 2,  # coordinatie_uren row: fase werving, activiteit matching
    "email_id": 3,  # intake row whose Deelnemer ID is an e-mail address
    "end_before_start": 4,  # duos row whose einddatum lies before its startdatum
}

UNKNOWN_DUO_ID = "D9999"
UNKNOWN_ACTIVITY = "zwemmen"
EMAIL_ID = "fatima.demo@example.org"
NAME_COLUMN = "Naam coach"
_FAKE_FIRST = ("Jan", "An", "Marc", "Els", "Luc", "Sofie", "Tom", "Katrien", "Bart", "Lies", "Koen", "Griet")
_FAKE_LAST = ("Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters", "Dubois")


class _Raw(str):
    """A cell written exactly as typed (text where the template expects a date)."""

    __slots__ = ()


@dataclass
class _BadRow:
    dataset: str
    year: int  # year file it belongs in (moved to the nearest year file that exists)
    values: tuple  # like a clean row; a _Raw value is written as literal text
    kind: str
    copy_of: tuple | None = None  # exact duplicate of this clean row (the same object)


@dataclass
class _Mistakes:
    """The mistakes planned for one initiative, handed out to the writers file by file."""

    rows: list[_BadRow]
    coach_names: dict[str, str] | None  # duos: coach id -> made-up name for the extra column
    correction: tuple[int, list[tuple]] | None  # (year, corrected meeting rows)
    rng: random.Random  # spellings of the extra rows (the clean rows' format draws stay untouched)
    written: int = 0  # problem rows and columns actually written
    _column_counted: bool = False

    def take(self, dataset: str, year: int | None = None, years: Sequence[int] = ()) -> list[_BadRow]:
        """The extra rows for one file (all of the dataset's, or those of one year file)."""
        out = [
            b for b in self.rows
            if b.dataset == dataset and (year is None or _nearest_year(b.year, years) == year)
        ]
        self.written += len(out)
        return out

    def extra_column(self, dataset: str) -> tuple[str, Callable[[tuple], str]] | None:
        if dataset != "duos" or self.coach_names is None:
            return None
        if not self._column_counted:
            self.written += 1
            self._column_counted = True
        names = self.coach_names
        return NAME_COLUMN, lambda row: names.get(row[2], "")


def _nearest_year(y: int, years: Sequence[int]) -> int:
    if not years or y in years:
        return y
    return min(years, key=lambda k: (abs(k - y), -k))


def _plan_mistakes(spec: _Spec, data: _InitiativeData, seed: int, n_initiatives: int, as_of: date,
                   cursor: list[int]) -> _Mistakes:
    """Choose this initiative's mistakes; ``cursor`` walks MEETING_MISTAKES over all initiatives."""
    rng = random.Random(f"samen-impact-mistakes:{seed}:{spec.index}")
    mine = {k for k, pos in ONE_OFF_MISTAKES.items() if pos % n_initiatives == spec.index}
    as_of_o = as_of.toordinal()
    meetings, duos = data.ontmoetingen, data.duos
    taken = {(m[0], m[1].toordinal()) for m in meetings}  # duo+datum keys in use
    touched: set[tuple[str, int]] = set()  # clean meetings already duplicated or corrected
    periods = {d[0]: (d[3].toordinal(), (d[5] or as_of).toordinal()) for d in duos}
    rows: list[_BadRow] = []

    def meeting(duo_id: str, datum, dur: float | None = None, act: str | None = None) -> tuple:
        return (duo_id, datum, _P_DUR(rng) if dur is None else dur, act or _P_ACT(rng), rng.random() < 0.85,
                _P_GEMELD(rng))

    def free_day(duo_id: str, lo: int, hi: int) -> int | None:
        for _ in range(50):
            x = rng.randint(lo, hi)
            if (duo_id, x) not in taken:
                taken.add((duo_id, x))
                return x
        return None

    def untouched_meeting(pool: Sequence[tuple]) -> tuple | None:
        for _ in range(50):
            m = rng.choice(pool)
            key = (m[0], m[1].toordinal())
            if key not in touched:
                touched.add(key)
                return m
        return None

    def other_duration(d: float) -> float:
        return rng.choice([v for v in (1.0, 1.5, 2.0, 2.5, 3.0, 4.0) if v != d])

    # --- late correction: 3 meetings of the last year re-delivered with another duration ---
    correction = None
    if "correction_file" in mine and meetings:
        y = meetings[-1][1].year
        pool = [m for m in meetings if m[1].year == y]
        picked = sorted(rng.sample(pool, min(3, len(pool))), key=lambda m: (m[1], m[0]))
        touched.update((m[0], m[1].toordinal()) for m in picked)
        correction = (y, [(m[0], m[1], other_duration(m[2]), *m[3:]) for m in picked])

    # --- meeting rows that break a rule ---------------------------------------
    n_meeting = 0
    if meetings:
        n_meeting = max(round(MEETING_MISTAKE_SHARE * len(meetings)), -(-len(MEETING_MISTAKES) // n_initiatives))
    unknown_id = UNKNOWN_DUO_ID
    while unknown_id in periods:  # only with thousands of duos
        unknown_id += "9"
    active = [d for d in duos if d[5] is None] or duos
    for _ in range(n_meeting):
        kind = MEETING_MISTAKES[cursor[0] % len(MEETING_MISTAKES)]
        cursor[0] += 1
        duo_id = rng.choice(duos)[0]
        lo, hi = periods[duo_id]
        row = None
        copy_of = None
        if kind == "impossible_date":
            y = date.fromordinal(rng.randint(lo, hi)).year
            row = meeting(duo_id, _Raw(f"31/02/{y}"))
        elif kind == "exact_duplicate":
            copy_of = row = untouched_meeting(meetings)
        elif kind == "conflicting_duplicate":
            m = untouched_meeting(meetings)
            if m is not None:
                row = (m[0], m[1], other_duration(m[2]), *m[3:])
        elif kind == "before_duo_start":
            x = lo - rng.randint(3, 21)
            taken.add((duo_id, x))
            row = meeting(duo_id, date.fromordinal(x))
        elif kind == "after_as_of":
            duo_id = rng.choice(active)[0]
            x = free_day(duo_id, as_of_o + 3, as_of_o + 40)
            row = None if x is None else meeting(duo_id, date.fromordinal(x))
        elif kind == "unknown_duo":
            x = free_day(unknown_id, min(p[0] for p in periods.values()), as_of_o)
            row = None if x is None else meeting(unknown_id, date.fromordinal(x))
        else:
            x = free_day(duo_id, lo, hi)
            if x is not None:
                d = date.fromordinal(x)
                row = {
                    "two_digit_year": lambda: meeting(duo_id, _Raw(f"{d.day:02d}/{d.month:02d}/{d.year % 100:02d}")),
                    "zero_duration": lambda: meeting(duo_id, d, dur=0.0),
                    "negative_duration": lambda: meeting(duo_id, d, dur=-1.0),
                    "duration_25": lambda: meeting(duo_id, d, dur=25.0),
                    "unknown_activity": lambda: meeting(duo_id, d, act=UNKNOWN_ACTIVITY),
                }[kind]()
        if row is None:
            continue
        datum = row[1]
        if isinstance(datum, _Raw):  # 31/02/2024 or 03/04/24
            year = int(datum[-4:]) if kind == "impossible_date" else 2000 + int(datum[-2:])
        else:
            year = datum.year
        rows.append(_BadRow("ontmoetingen", year, row, kind, copy_of))

    # --- one-off mistakes in the other datasets ----------------------------------
    if "end_before_start" in mine and duos:
        in_duo = {d[1] for d in duos} | {d[2] for d in duos}
        waiting = [p for p in data.intake if p[1] == "inburgeraar" and p[0] not in in_duo and p[2] < as_of]
        coaches = [p for p in data.intake if p[1] == "coach" and p[0] not in in_duo] or [
            (d[2],) for d in duos
        ]
        if waiting:
            p = rng.choice(waiting)
            inb, start = p[0], date.fromordinal(min(p[2].toordinal() + rng.randint(7, 40), as_of_o))
        else:
            d = rng.choice(duos)
            inb, start = d[1], d[3]
        planned = _add_months(start, rng.choice((6, 9)))
        end = _add_months(planned, -12)  # the year typed one too low
        new_id = f"D{len(duos) + 1:04d}"
        while new_id in periods:
            new_id = "D" + str(int(new_id[1:]) + 1)
        rows.append(_BadRow("duos", start.year, (new_id, inb, rng.choice(coaches)[0], start, planned, end, "afgerond"),
                            "end_before_start"))
    if "phase_activity" in mine and data.coordinatie_uren:
        r = rng.choice(data.coordinatie_uren)
        rows.append(
            _BadRow("coordinatie_uren", r[0].year, (r[0], r[1], "werving", "matching", 2.0, 1), "phase_activity")
        )
    if "email_id" in mine and data.intake:
        r = rng.choice(data.intake)
        rows.append(_BadRow(
            "intake", r[2].year,
            (EMAIL_ID, "inburgeraar", r[2], r[3], "onthaalbureau", "26-35", "v", 2, "A2", "ja",
             "nederlands_oefenen", 2, 3, 2, 2, 3, None),
            "email_id",
        ))
    coach_names = None
    if "name_column" in mine and duos:
        coach_names = {}
        for coach in [d[2] for d in duos] + [b.values[2] for b in rows if b.dataset == "duos"]:
            if coach not in coach_names:
                k = len(coach_names)
                coach_names[coach] = f"{_FAKE_FIRST[k % len(_FAKE_FIRST)]} {_FAKE_LAST[k % len(_FAKE_LAST)]}"
    return _Mistakes(rows, coach_names, correction, random.Random(f"samen-impact-mistakes-format:{seed}:{spec.index}"))


# ---------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _CsvStyle:
    encoding: str  # "cp1252", "utf-8-sig" (with BOM) or "utf-8"
    sep: str
    eol: str
    decimal_comma: bool
    date_style: str  # "be" dd/mm/yyyy, "iso" yyyy-mm-dd, "dmy" d-m-yyyy
    bool_variants: str  # "" (ja/nee only), "jnx", "10"
    dur_variants: bool


_CSV_BE = _CsvStyle("cp1252", ";", "\r\n", True, "be", "jnx", True)
_CSV_UTF8 = _CsvStyle("utf-8-sig", ",", "\n", False, "iso", "", False)
_CSV_TAB = _CsvStyle("utf-8", "\t", "\n", False, "dmy", "10", False)
_CSV_REGISTRY = _CsvStyle("utf-8-sig", ",", "\r\n", False, "iso", "", False)


def _num_text(x: float, comma: bool, places: int | None = None) -> str:
    if places is not None:
        s = f"{x:.{places}f}"
    elif float(x).is_integer():
        s = str(int(x))
    else:
        s = f"{x:.2f}".rstrip("0")
    return s.replace(".", ",") if comma else s


def _converters(style: _CsvStyle, cols: Sequence[tuple[str, str]], frng: random.Random) -> list[Callable]:
    comma = style.decimal_comma

    def c_str(v):
        return "" if v is None else v

    def c_int(v):
        return "" if v is None else str(v)

    if style.date_style == "be":
        def c_date(v):
            return "" if v is None else f"{v.day:02d}/{v.month:02d}/{v.year}"
    elif style.date_style == "dmy":
        def c_date(v):
            return "" if v is None else f"{v.day}-{v.month}-{v.year}"
    else:
        def c_date(v):
            return "" if v is None else v.isoformat()

    def c_num(v):
        return "" if v is None else _num_text(v, comma)

    def c_money(v):
        return "" if v is None else _num_text(v, comma, 2)

    def c_dur(v):
        if v is None:
            return ""
        if style.dur_variants and not float(v).is_integer() and frng.random() < 0.12:
            h, m = int(v), int(round((v - int(v)) * 60))
            return f"{h}u{m:02d}" if frng.random() < 0.5 else f"{h}:{m:02d}"
        return _num_text(v, comma)

    def c_bool(v):
        if v is None:
            return ""
        if style.bool_variants == "jnx" and frng.random() < 0.05:
            return ("x" if frng.random() < 0.5 else "j") if v else "n"
        if style.bool_variants == "10" and frng.random() < 0.1:
            return "1" if v else "0"
        return "ja" if v else "nee"

    table = {"str": c_str, "int": c_int, "date": c_date, "num": c_num, "money": c_money, "dur": c_dur, "bool": c_bool}
    return [table[kind] for _, kind in cols]


def _write_csv(path: Path, dataset: str, rows: Iterable[tuple], style: _CsvStyle, frng: random.Random,
               mistakes: _Mistakes | None = None, bad: Sequence[_BadRow] = ()) -> None:
    cols = COLUMNS[dataset]
    conv = _converters(style, cols, frng)
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=style.sep, lineterminator=style.eol, quoting=csv.QUOTE_MINIMAL)
    extra = mistakes.extra_column(dataset) if mistakes is not None else None
    if extra is None and not bad:
        w.writerow([h for h, _ in cols])
        w.writerows([c(v) for c, v in zip(conv, row)] for row in rows)
    else:
        # Same cells in the same order as above (so the same format draws), then the extra rows.
        rows = list(rows)
        cells = [[c(v) for c, v in zip(conv, row)] for row in rows]
        if bad:
            bconv = _converters(style, cols, mistakes.rng)
            for b in bad:
                if b.copy_of is not None:  # exact duplicate: the original line, spelled the same
                    cells.append(list(cells[next(i for i, r in enumerate(rows) if r is b.copy_of)]))
                else:
                    cells.append([v if isinstance(v, _Raw) else c(v) for c, v in zip(bconv, b.values)])
            rows = rows + [b.values for b in bad]
        header = [h for h, _ in cols]
        if extra is not None:
            header.append(extra[0])
            for row, line in zip(rows, cells):
                line.append(extra[1](row))
        w.writerow(header)
        w.writerows(cells)
    path.write_bytes(buf.getvalue().encode(style.encoding))  # strict: fails loudly on non-cp1252 text


class _Workbook:
    """Thin deterministic wrapper around xlsxwriter."""

    def __init__(self, path: Path, created: date):
        self.wb = xlsxwriter.Workbook(str(path), {"in_memory": True})
        self.wb.set_properties({"created": datetime(created.year, created.month, created.day), "author": "", "title": ""})
        self.f_date = self.wb.add_format({"num_format": "dd/mm/yyyy"})
        self.f_money = self.wb.add_format({"num_format": "0.00"})
        self.f_head = self.wb.add_format({"bold": True})
        self.f_title = self.wb.add_format({"bold": True, "font_size": 14})

    def sheet(self, name: str, dataset: str, rows: Iterable[tuple], title: str | None = None,
              mistakes: _Mistakes | None = None, bad: Sequence[_BadRow] = ()) -> None:
        ws = self.wb.add_worksheet(name)
        cols = COLUMNS[dataset]
        extra = mistakes.extra_column(dataset) if mistakes is not None else None
        if extra is not None:
            rows = list(rows)
        r = 0
        if title:
            ws.write_string(0, 0, title, self.f_title)
            r = 1
        for c, (h, _) in enumerate(cols):
            ws.write_string(r, c, h, self.f_head)
        if extra is not None:
            ws.write_string(r, len(cols), extra[0], self.f_head)
        ws.freeze_panes(r + 1, 0)
        ws.set_column(0, len(cols) - 1, 14)
        first = r + 1
        kinds = [k for _, k in cols]
        f_date, f_money = self.f_date, self.f_money
        for row in rows:
            r += 1
            for c, (v, kind) in enumerate(zip(row, kinds)):
                if v is None:
                    continue
                if kind == "str":
                    ws.write_string(r, c, v)
                elif kind == "date":
                    ws.write_datetime(r, c, v, f_date)
                elif kind == "bool":
                    ws.write_string(r, c, "ja" if v else "nee")
                elif kind == "money":
                    ws.write_number(r, c, v, f_money)
                else:
                    ws.write_number(r, c, v)
        for b in bad:  # the extra rows; text typed where a date belongs stays text
            r += 1
            for c, (v, kind) in enumerate(zip(b.values, kinds)):
                if v is None:
                    continue
                if kind == "str" or isinstance(v, _Raw):
                    ws.write_string(r, c, v)
                elif kind == "date":
                    ws.write_datetime(r, c, v, f_date)
                elif kind == "bool":
                    ws.write_string(r, c, "ja" if v else "nee")
                elif kind == "money":
                    ws.write_number(r, c, v, f_money)
                else:
                    ws.write_number(r, c, v)
        if extra is not None:
            for i, row in enumerate([*rows, *(b.values for b in bad)], start=first):
                ws.write_string(i, len(cols), extra[1](row))

    def close(self) -> None:
        self.wb.close()


def _by_year(dataset: str, rows: list[tuple], first_year: int) -> dict[int, list[tuple]]:
    idx = _YEAR_COLUMN[dataset]
    out: dict[int, list[tuple]] = {}
    for row in rows:
        v = row[idx]
        y = v if isinstance(v, int) else v.year
        out.setdefault(max(y, first_year), []).append(row)
    return dict(sorted(out.items()))


def _write_initiative(folder: Path, spec: _Spec, data: _InitiativeData, fmt: str, first_year: int,
                      as_of: date, frng: random.Random, mistakes: _Mistakes | None = None) -> int:
    """Write one initiative's files; returns the number of files written."""
    folder.mkdir(parents=True, exist_ok=True)
    sets = {name: getattr(data, name) for name in DATASETS}
    n = 0

    def extra(name: str, year: int | None = None, years: Iterable[int] = ()) -> dict:
        """Keyword arguments handing one file its share of the mistakes (none without mistakes)."""
        if mistakes is None:
            return {}
        return dict(mistakes=mistakes, bad=mistakes.take(name, year, list(years)))

    if fmt in ("csv_cp1252", "csv_utf8_bom"):
        style = _CSV_BE if fmt == "csv_cp1252" else _CSV_UTF8
        split = {"ontmoetingen"} if fmt == "csv_cp1252" else ({"coordinatie_uren"} if (spec.index // 5) % 2 else set())
        for name in DATASETS:
            if name in split:
                per_year = _by_year(name, sets[name], first_year)
                for y, rows in per_year.items():
                    _write_csv(folder / f"{name}_{y}.csv", name, rows, style, frng, **extra(name, y, per_year))
                    n += 1
            else:
                _write_csv(folder / f"{name}.csv", name, sets[name], style, frng, **extra(name))
                n += 1

    elif fmt == "xlsx_workbook":
        style = _CSV_BE
        per_year = {name: _by_year(name, sets[name], first_year) for name in DATASETS}
        all_years = sorted({y for d in per_year.values() for y in d}) or [first_year]
        for y in all_years:
            wb = _Workbook(folder / f"{spec.initiatief_id}_gegevens_{y}.xlsx", as_of)
            for name in DATASETS:
                title = f"Registratie ontmoetingen — {spec.naam}" if name == "ontmoetingen" else None
                wb.sheet(name, name, per_year[name].get(y, []), title=title, **extra(name, y, all_years))
            wb.close()
            n += 1

    elif fmt == "xlsx_single":
        style = _CSV_BE
        for name in DATASETS:
            if name == "ontmoetingen":
                per_year = _by_year(name, sets[name], first_year)
                for y, rows in per_year.items():
                    wb = _Workbook(folder / f"{name}_{y}.xlsx", as_of)
                    wb.sheet("Blad1", name, rows, **extra(name, y, per_year))
                    wb.close()
                    n += 1
            else:
                wb = _Workbook(folder / f"{name}.xlsx", as_of)
                wb.sheet("Blad1", name, sets[name], **extra(name))
                wb.close()
                n += 1

    elif fmt == "mixed":
        style = _CSV_TAB
        for name in ("duos", "intake", "afsluiting", "ontmoetingen"):
            _write_csv(folder / f"{name}.csv", name, sets[name], _CSV_TAB, frng, **extra(name))
            n += 1
        per_year = _by_year("coordinatie_uren", sets["coordinatie_uren"], first_year)
        for y, rows in per_year.items():
            wb = _Workbook(folder / f"coordinatie_uren_{y}.xlsx", as_of)
            wb.sheet("coordinatie_uren", "coordinatie_uren", rows, **extra("coordinatie_uren", y, per_year))
            wb.close()
            n += 1
        wb = _Workbook(folder / "kosten.xlsx", as_of)
        wb.sheet("kosten", "kosten", sets["kosten"], **extra("kosten"))
        wb.close()
        n += 1
    else:  # pragma: no cover - guarded by FORMATS
        raise ValueError(f"unknown format {fmt!r}")

    if mistakes is not None and mistakes.correction is not None:
        # A late re-delivery: its name sorts after the original meeting files, so it arrives later.
        y, rows = mistakes.correction
        _write_csv(folder / f"ontmoetingen_correctie_{y}.csv", "ontmoetingen", rows, style, mistakes.rng)
        n += 1
    return n


# ---------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------


def generate_landing(
    out_dir: Path,
    initiatives: int = 5,
    years: int = 3,
    seed: int = 1,
    first_year: int = 2022,
    as_of: date | None = None,
    duos_per_year: tuple[int, int] = (10, 60),
    mistakes: bool = False,
) -> GenerateSummary:
    """Write a synthetic landing folder to ``out_dir`` and return what was written.

    Layout: ``out_dir/_agentschap/initiatieven.csv`` plus one folder per
    initiative (``out_dir/<initiatief_id>/``). Existing files with the same
    names are overwritten; nothing else in ``out_dir`` is touched.

    ``mistakes=True`` adds realistic delivery errors, the same for the same
    seed (see MEETING_MISTAKES and ONE_OFF_MISTAKES): extra rows appended to the
    files, a ``Naam coach`` column in one duos file and one
    ``ontmoetingen_correctie_<year>.csv``. Every other value and every clean
    line is exactly as without mistakes.
    """
    if initiatives < 1 or years < 1:
        raise ValueError("initiatives and years must be >= 1")
    lo, hi = duos_per_year
    if not (0 <= lo <= hi):
        raise ValueError("duos_per_year must be (low, high) with 0 <= low <= high")
    if as_of is None:
        as_of = date(first_year + years - 1, 12, 31)
    if as_of < date(first_year, 1, 1):
        raise ValueError("as_of lies before the first year")

    out_dir = Path(out_dir)
    agency = out_dir / "_agentschap"
    agency.mkdir(parents=True, exist_ok=True)

    registry: list[tuple] = []
    counts = dict.fromkeys(DATASETS, 0)
    files = 0
    n_mistakes = 0
    cursor = [0]  # next kind of MEETING_MISTAKES, walking over the initiatives
    for spec in initiative_specs(initiatives):
        data = _simulate(spec, seed, first_year, years, as_of, (lo, hi))
        frng = random.Random(f"samen-impact-format:{seed}:{spec.index}")
        plan = _plan_mistakes(spec, data, seed, initiatives, as_of, cursor) if mistakes else None
        files += _write_initiative(out_dir / spec.initiatief_id, spec, data, format_for(spec.index), first_year, as_of,
                                   frng, plan)
        if plan is not None:
            n_mistakes += plan.written
        registry.append(data.registry_row)
        for name in DATASETS:
            counts[name] += len(getattr(data, name))
        del data

    _write_csv(agency / "initiatieven.csv", "initiatieven", registry, _CSV_REGISTRY, random.Random(seed))
    files += 1
    return GenerateSummary(
        initiatives=initiatives,
        duos=counts["duos"],
        ontmoetingen=counts["ontmoetingen"],
        intake=counts["intake"],
        afsluiting=counts["afsluiting"],
        coordinatie_uren=counts["coordinatie_uren"],
        kosten=counts["kosten"],
        files=files,
        mistakes=n_mistakes,
    )


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Write a synthetic Samen Inburgeren landing folder.")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--size", choices=sorted(SIZES), default="demo")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--first-year", type=int, default=2022)
    ap.add_argument("--as-of", type=date.fromisoformat, default=None)
    ap.add_argument("--no-mistakes", action="store_true", help="leave out the delivery mistakes of the demo preset")
    args = ap.parse_args(argv)
    preset = dict(SIZES[args.size])
    if args.no_mistakes:
        preset["mistakes"] = False
    summary = generate_landing(args.out, seed=args.seed, first_year=args.first_year, as_of=args.as_of, **preset)
    print(summary)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
