"""The contracts are valid ODCS and say what DOMAIN.md §3 says."""

from __future__ import annotations

import json
from importlib.resources import files

import jsonschema
import pytest
import yaml

from data_contracts import CONTRACTS_DIR
from samen.contracts import DATASETS, contracts, personal_data_policy


@pytest.mark.parametrize("path", sorted(CONTRACTS_DIR.glob("*.odcs.yaml")), ids=lambda p: p.name)
def test_contract_validates_against_the_odcs_json_schema(path) -> None:
    schema = json.loads(files("open_data_contract_standard").joinpath("schema.json").read_text())
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)


def test_every_dataset_has_a_contract_with_domain_keys() -> None:
    keys = {name: c.key for name, c in contracts().items()}
    assert tuple(keys) == DATASETS
    assert keys == {
        "initiatieven": ("initiatief_id",),
        "intake": ("deelnemer_id",),
        "duos": ("duo_id",),
        "ontmoetingen": ("duo_id", "datum"),
        "afsluiting": ("deelnemer_id", "duo_id"),
        "coordinatie_uren": ("datum", "medewerker", "fase", "activiteit"),
        "kosten": ("jaar", "kostenpost"),
    }


def test_required_columns_match_domain() -> None:
    required = {name: set(c.required) for name, c in contracts().items()}
    assert required["ontmoetingen"] == {"duo_id", "datum", "duur_uren", "activiteit"}
    assert required["duos"] == {"duo_id", "inburgeraar_id", "coach_id", "startdatum", "geplande_einddatum"}
    assert required["coordinatie_uren"] == {"datum", "fase", "uren"}
    assert required["kosten"] == {"jaar", "kostenpost", "bedrag_eur"}


def test_participant_and_duo_ids_are_pseudonymised() -> None:
    pseudo = {(n, col.name) for n, c in contracts().items() for col in c.columns if col.pseudonymise}
    assert pseudo == {
        ("duos", "duo_id"), ("duos", "inburgeraar_id"), ("duos", "coach_id"), ("ontmoetingen", "duo_id"),
        ("intake", "deelnemer_id"), ("afsluiting", "deelnemer_id"), ("afsluiting", "duo_id"),
        ("coordinatie_uren", "medewerker"),
    }


def test_activities_belong_to_the_faqs_phases() -> None:
    codes = contracts()["coordinatie_uren"].column("activiteit").codes
    by_phase = {}
    for code in codes:
        for phase in code.groups:
            by_phase.setdefault(phase, set()).add(code.value)
    assert by_phase["duos_vormen"] == {"matching", "telefoon_deelnemers", "opstart_duo", "andere"}
    assert "afsluitingsfeest" in by_phase["opvolging"] and "andere" in by_phase["werving"]


def test_personal_data_policy_lists_every_category() -> None:
    categories, _ = personal_data_policy()
    assert {c.name for c in categories} == {
        "naam", "contact", "adres", "rijksregisternummer", "vrije_tekst", "bijzondere_categorie"}
