"""Shared fixtures: a temporary $SAMEN_HOME and small landing folders written as Belgian Excel would."""

from __future__ import annotations

from pathlib import Path

import pytest

KEY = b"test-key-not-secret"


@pytest.fixture()
def samen_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "samen_home"
    monkeypatch.setenv("SAMEN_HOME", str(home))
    monkeypatch.setenv("SAMEN_SECRET_KEY", KEY.decode())
    return home


def write_csv(path: Path, rows: list[str], *, encoding: str = "cp1252") -> Path:
    """A semicolon CSV with CRLF line ends, as Belgian Excel saves it (Windows-1252 by default)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode(encoding))
    return path


REGISTRY = [
    "Initiatief ID;Naam;Regio;Provincie;Organisator;Uurkost (EUR);FTE uren per jaar",
    "aalst;Samen in Aalst;Vlaanderen;Oost-Vlaanderen;Gemeente;52,50;1.600",
    "gent;Samen in Gent;Vlaanderen;Oost-Vlaanderen;Vzw;48;1600",
]
DUOS = [
    "Duo ID;Inburgeraar ID;Coach ID;Startdatum;Geplande einddatum;Einddatum;Eindreden",
    "D1;P1;C1;01/02/2024;01/11/2024;;",
    "D2;P2;C2;01/03/2024;01/03/2025;15/05/2024;vroegtijdig_coach",
]
INTAKE = [
    "Deelnemer ID;Rol;Datum;Aanmelddatum;Toeleiding;Jaren in België;Taalniveau;Score Nederlands;Score leefwereld",
    "P1;inburgeraar;10/01/2024;02/01/2024;onthaalbureau;2;A2;2;",
    "C1;coach;12/01/2024;05/01/2024;mond-aan-mond;;;;3",
    "P2;inburgeraar;10/02/2024;01/02/2024;ocmw;1;A1;1;",
    "C2;coach;12/02/2024;01/02/2024;media;;;;4",
]
MEETINGS = [
    "Duo ID;Datum;Duur (uren);Activiteit;Nederlands geoefend",
    "D1;05/02/2024;1,5;Koken;ja",
    "D1;19/02/2024;2;gesprek;nee",
    "D2;04/03/2024;1u30;buiten;x",
]


@pytest.fixture()
def landing(tmp_path: Path) -> Path:
    """A small, valid landing folder: the registry and one initiative (aalst)."""
    root = tmp_path / "landing"
    write_csv(root / "_agentschap" / "initiatieven.csv", REGISTRY)
    write_csv(root / "aalst" / "duos.csv", DUOS)
    write_csv(root / "aalst" / "intake.csv", INTAKE)
    write_csv(root / "aalst" / "ontmoetingen_2024.csv", MEETINGS)
    return root
