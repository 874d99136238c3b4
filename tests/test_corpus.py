"""The hostile-input corpus (tests/corpus/MANIFEST.yaml) through `samen validate` and `samen run`."""

from __future__ import annotations

import resource
from datetime import date
from pathlib import Path

import duckdb
import pytest
import yaml

from samen.check_files import EXIT_UNREADABLE, validate_files
from samen.runner import run_refresh
from samen.settings import paths

CORPUS = Path(__file__).parent / "corpus"
MANIFEST = yaml.safe_load((CORPUS / "MANIFEST.yaml").read_text(encoding="utf-8"))
AS_OF = date(2024, 1, 1)


def test_manifest_describes_every_corpus_file() -> None:
    files = {p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*") if p.is_file() and p.name != "MANIFEST.yaml"}
    assert files == set(MANIFEST)


@pytest.fixture(scope="module")
def validated() -> tuple[dict[str, list[str]], int]:
    problems, code = validate_files([CORPUS], key=b"corpus", as_of=AS_OF, warehouse=None)
    by_file: dict[str, list[str]] = {}
    for p in problems:
        name = p.file.split("corpus/", 1)[1]
        mark = "" if p.severity == "fout" else "~"
        by_file.setdefault(name, []).append(f"{mark}{'' if p.row is None else p.row}:{p.rule}")
    return by_file, code


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_validate_reports_exactly_the_expected_problems(name: str, validated) -> None:
    by_file, _ = validated
    assert sorted(by_file.get(name, [])) == sorted(MANIFEST[name]["problems"]), MANIFEST[name]["note"]


def test_validate_exit_code_says_a_file_was_unreadable(validated) -> None:
    assert validated[1] == EXIT_UNREADABLE


def test_every_problem_names_file_row_and_column_in_plain_dutch() -> None:
    problems, _ = validate_files([CORPUS], key=b"corpus", as_of=AS_OF, warehouse=None)
    file_level = {"bestand_onleesbaar", "kolom_dubbel", "kolom_onbekend", "verborgen_tabblad"}
    for p in problems:
        assert p.file.split("corpus/", 1)[1] in MANIFEST
        assert (p.row is None) == (p.rule in file_level), p
        assert p.row is None or (p.row >= 2 and p.column), p
        assert len(p.message) > 40 and ". " in p.message, p  # what is wrong. how to fix it.


def test_run_loads_the_valid_rows_and_refuses_the_rest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("SAMEN_SECRET_KEY", "corpus")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    outcome = run_refresh(paths(home), CORPUS, AS_OF)
    assert outcome.success, outcome.failure
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 1500, "the zip bomb or the far cell was parsed"
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    accepted = dict(con.execute(
        "SELECT original_path, sum(rows_accepted) FROM raw.manifest GROUP BY original_path").fetchall())
    unreadable = {r[0] for r in con.execute("SELECT original_path FROM raw.manifest WHERE status = 'onleesbaar'").fetchall()}
    costs = dict(con.execute("SELECT kostenpost, bedrag_eur FROM staging.kosten").fetchall())
    dates_1904 = {r[0] for r in con.execute(
        "SELECT datum FROM parsed.ontmoetingen p JOIN raw.manifest m ON m.sha256 = p._sha256 "
        "WHERE m.original_path = 'aalst/ontmoetingen_1904.xlsx'").fetchall()}
    gent_refused = con.execute("SELECT count(*) FROM quarantine.rejected_rows WHERE initiatief_id = 'gent'").fetchall()
    con.close()
    for name, expected in MANIFEST.items():
        if expected.get("unreadable"):
            assert name in unreadable
        else:
            assert accepted.get(name, 0) == expected["accepted"], name
    assert costs == {"loonkost": 12500.75, "huisvesting": 1250.0, "verzekering": 120.0, "andere": 99.5}
    assert dates_1904 == {date(2023, 5, 22), date(2023, 5, 21)}
    assert gent_refused == [(1,)]
