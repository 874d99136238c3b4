"""Load the ODCS data contracts into the small structures the pipeline uses.

Everything that knows a column — parser, validator, DuckDB DDL, GX suite,
Excel template, README dictionary — reads it from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from open_data_contract_standard.model import OpenDataContractStandard, SchemaProperty

from data_contracts import CONTRACTS_DIR
from samen.normalise import normalise_name

# The landing sub-folder of the agency's registry of initiatives; every other sub-folder is an initiative.
REGISTRY_FOLDER = "_agentschap"

# Load and dependency order: a dataset may refer only to datasets before it.
DATASETS = ("initiatieven", "intake", "duos", "ontmoetingen", "afsluiting", "coordinatie_uren", "kosten")


@dataclass(frozen=True)
class Code:
    value: str
    label: str
    synonyms: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()  # e.g. the phases an activity belongs to


@dataclass(frozen=True)
class Reference:
    dataset: str
    column: str
    severity: str  # "error" refuses the row, "warning" keeps and flags it


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    description: str
    description_en: str
    logical_type: str
    parser: str
    required: bool = False
    key_position: int | None = None
    pseudonymise: bool = False
    codes: tuple[Code, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    max_length: int | None = None
    pattern: str | None = None
    synonyms: tuple[str, ...] = ()
    thousands: bool = False
    references: tuple[Reference, ...] = ()
    role: str | None = None

    @property
    def code_values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.codes)

    def code_lookup(self) -> dict[str, str]:
        """Normalised spelling → canonical code (value, label and synonyms)."""
        lookup: dict[str, str] = {}
        for code in self.codes:
            for spelling in (code.value, code.label, *code.synonyms):
                lookup.setdefault(normalise_name(spelling), code.value)
        return lookup


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    severity: str
    description: str
    implementation: dict[str, Any]

    @property
    def kind(self) -> str:
        return self.implementation["rule"]


@dataclass(frozen=True)
class Contract:
    dataset: str
    title: str
    title_en: str
    scope: str  # "initiatief" (per-initiative folder) or "agentschap" (registry)
    description: str
    description_en: str
    columns: tuple[Column, ...]
    rules: tuple[Rule, ...] = field(default=())
    path: Path | None = None

    @property
    def key(self) -> tuple[str, ...]:
        keyed = [c for c in self.columns if c.key_position is not None]
        return tuple(c.name for c in sorted(keyed, key=lambda c: c.key_position or 0))

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.dataset} has no column {name}")

    def header_lookup(self) -> dict[str, str]:
        """Normalised header spelling → column name (name, Dutch label, synonyms)."""
        lookup: dict[str, str] = {}
        for c in self.columns:
            for spelling in (c.name, c.label, *c.synonyms):
                lookup.setdefault(normalise_name(spelling), c.name)
        return lookup


def _custom(props: list | None) -> dict[str, Any]:
    return {p.property: p.value for p in (props or []) if p.property}


def _column(prop: SchemaProperty) -> Column:
    custom = _custom(prop.customProperties)
    opts = prop.logicalTypeOptions or {}
    codes = tuple(
        Code(
            value=str(e.value),
            label=str(e.label or e.value),
            synonyms=tuple(str(s) for s in _custom(e.customProperties).get("synonyms", [])),
            groups=tuple(_custom(e.customProperties).get("fase", [])),
        )
        for e in (prop.enum or [])
    )
    refs = tuple(
        Reference(
            dataset=str(r.to).split(".")[0],
            column=str(r.to).split(".")[1],
            severity=_custom(r.customProperties).get("severity", "error"),
        )
        for r in (prop.relationships or [])
    )
    return Column(
        name=prop.name or "",
        label=prop.businessName or prop.name or "",
        description=prop.description or "",
        description_en=custom.get("description_en", ""),
        logical_type=prop.logicalType or "string",
        parser=custom.get("parser", "text"),
        required=bool(prop.required),
        key_position=prop.primaryKeyPosition if prop.primaryKey else None,
        pseudonymise=bool(custom.get("pseudonymise", False)),
        codes=codes,
        minimum=opts.get("minimum"),
        maximum=opts.get("maximum"),
        exclusive_minimum=opts.get("exclusiveMinimum"),
        max_length=opts.get("maxLength"),
        pattern=opts.get("pattern"),
        synonyms=tuple(s.synonym for s in (prop.synonyms or []) if s.synonym),
        thousands=bool(custom.get("thousands", False)),
        references=refs,
        role=custom.get("role"),
    )


def load_contract(path: Path) -> Contract:
    doc = OpenDataContractStandard.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    (obj,) = doc.schema_ or []
    custom = _custom(doc.customProperties)
    rules = tuple(
        Rule(
            id=q.id or q.name or "",
            name=q.name or q.id or "",
            severity=q.severity or "error",
            description=q.description or "",
            implementation=dict(q.implementation) if isinstance(q.implementation, dict) else {},
        )
        for q in (obj.quality or [])
        if q.engine == "samen"
    )
    return Contract(
        dataset=doc.name or obj.name or path.stem,
        title=obj.businessName or doc.name or "",
        title_en=custom.get("title_en", doc.name or ""),
        scope=custom.get("scope", "initiatief"),
        description=(doc.description.purpose if doc.description else "") or "",
        description_en=custom.get("purpose_en", ""),
        columns=tuple(_column(p) for p in (obj.properties or [])),
        rules=rules,
        path=path,
    )


@cache
def contracts() -> dict[str, Contract]:
    """All contracts by dataset name, in load order."""
    found = {c.dataset: c for c in (load_contract(p) for p in sorted(CONTRACTS_DIR.glob("*.odcs.yaml")))}
    missing = set(DATASETS) - set(found)
    if missing:
        raise RuntimeError(f"data contracts missing for {sorted(missing)} in {CONTRACTS_DIR}")
    return {name: found[name] for name in DATASETS}


@dataclass(frozen=True)
class PersonalDataCategory:
    name: str
    nl: str
    en: str
    headers: tuple[str, ...]


def phases() -> tuple[str, ...]:
    """The programme's phases in order, as the coordinator time log's code list names them (the FAQ's
    werving → opvolging): the one list the marts, the handbook figures and the reports use."""
    return tuple(contracts()["coordinatie_uren"].column("fase").code_values)


@cache
def personal_data_policy() -> tuple[tuple[PersonalDataCategory, ...], frozenset[str]]:
    raw = yaml.safe_load((CONTRACTS_DIR / "personal_data.yaml").read_text(encoding="utf-8"))
    cats = tuple(
        PersonalDataCategory(name, v["nl"], v["en"], tuple(normalise_name(h) for h in v["headers"]))
        for name, v in raw["categories"].items()
    )
    return cats, frozenset(normalise_name(h) for h in raw.get("allowed_headers", []))
