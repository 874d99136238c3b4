"""Tests for the synthetic landing generator (samen/generate.py).

The files are read back with a small reader written here (independent of the
pipeline's own reader) so the test checks the external interface of
DOMAIN.md section 3, not the generator's internals.
"""

from __future__ import annotations

import csv
import io
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from datetime import date, datetime
from pathlib import Path

import fastexcel
import polars as pl
import pytest


from samen.generate import (  # noqa: E402
    DATASETS,
    FORMATS,
    MEETING_MISTAKES,
    SIZES,
    GenerateSummary,
    format_for,
    generate_landing,
    initiative_specs,
)

# Column names exactly as in DOMAIN.md section 3.
DOMAIN_COLUMNS = {
    "initiatieven": ["initiatief_id", "naam", "regio", "provincie", "gemeenten", "organisator", "coordinatie",
                     "startdatum", "uurkost_eur", "fte_uren_per_jaar"],
    "duos": ["duo_id", "inburgeraar_id", "coach_id", "startdatum", "geplande_einddatum", "einddatum", "eindreden"],
    "ontmoetingen": ["duo_id", "datum", "duur_uren", "activiteit", "nederlands_geoefend", "gemeld_door"],
    "intake": ["deelnemer_id", "rol", "datum", "aanmelddatum", "toeleiding", "leeftijdsgroep", "geslacht",
               "jaren_in_belgie", "taalniveau", "inburgeringstraject", "doelen", "score_nederlands", "score_thuis",
               "score_netwerk", "score_diensten", "score_zelfredzaam", "score_leefwereld"],
    "afsluiting": ["deelnemer_id", "duo_id", "datum", "score_nederlands", "score_thuis", "score_netwerk",
                   "score_diensten", "score_zelfredzaam", "score_leefwereld", "doel_bereikt", "tevredenheid",
                   "contact_blijft"],
    "coordinatie_uren": ["datum", "medewerker", "fase", "activiteit", "uren", "aantal_personen"],
    "kosten": ["jaar", "kostenpost", "bedrag_eur"],
}
INB_SCORES = ["score_nederlands", "score_thuis", "score_netwerk", "score_diensten", "score_zelfredzaam"]
FIRST_PHASE = {"werving", "onthaal", "kennismaking", "duos_vormen"}
AS_OF_MID = date(2024, 6, 30)


# ---------------------------------------------------------------------------
# A minimal independent reader
# ---------------------------------------------------------------------------


def norm(header: str) -> str:
    folded = unicodedata.normalize("NFKD", str(header)).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "_", folded).strip("_")


def decode(raw: bytes) -> tuple[str, str]:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "utf-8-sig"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252"), "cp1252"


def dataset_of(path: Path) -> str | None:
    for name in sorted(DATASETS, key=len, reverse=True):
        if path.stem == name or path.stem.startswith(name + "_"):
            return name
    return None


def read_csv(path: Path) -> pl.DataFrame:
    text, _ = decode(path.read_bytes())
    first = text.split("\n", 1)[0]
    sep = max([";", ",", "\t"], key=first.count)
    df = pl.read_csv(io.StringIO(text), separator=sep, infer_schema=False)
    return df.rename({c: norm(c) for c in df.columns})


def read_sheet(reader, sheet: str) -> pl.DataFrame:
    probe = reader.load_sheet(sheet, header_row=None, n_rows=3, dtypes="string").to_polars()
    header_row = next(i for i in range(probe.height) if norm(probe.row(i)[0] or "") in {"duo_id", "datum", "deelnemer_id", "jaar"})
    df = reader.load_sheet(sheet, header_row=header_row).to_polars()
    return df.rename({c: norm(c) for c in df.columns})


def read_initiative(folder: Path) -> dict[str, list[tuple[Path, pl.DataFrame]]]:
    """dataset -> list of (file, frame) for every file of one initiative."""
    out: dict[str, list[tuple[Path, pl.DataFrame]]] = defaultdict(list)
    for path in sorted(folder.iterdir()):
        name = dataset_of(path)
        if path.suffix == ".csv":
            out[name].append((path, read_csv(path)))
        elif path.suffix == ".xlsx":
            reader = fastexcel.read_excel(str(path))
            if name is not None:  # single-dataset file: dataset from the file-name prefix
                assert len(reader.sheet_names) == 1
                out[name].append((path, read_sheet(reader, reader.sheet_names[0])))
            else:  # workbook: one sheet per dataset
                for sheet in reader.sheet_names:
                    assert sheet in DATASETS
                    out[sheet].append((path, read_sheet(reader, sheet)))
        else:
            raise AssertionError(f"unexpected file {path}")
    return out


def to_date(v) -> date | None:
    if v is None or v == "":
        return None
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    s = str(v).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        return date.fromisoformat(s)
    m = re.fullmatch(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4})", s)
    assert m, f"unparseable date {s!r}"
    return date(int(m[3]), int(m[2]), int(m[1]))


def to_num(v) -> float | None:
    if v is None or v == "":
        return None
    if isinstance(v, (int, float)):
        return float(v)
    s = str(v).strip()
    m = re.fullmatch(r"(\d+)[u:](\d{2})", s)
    if m:
        return int(m[1]) + int(m[2]) / 60
    return float(s.replace(",", "."))


def column(frames: list[tuple[Path, pl.DataFrame]], col: str, conv=lambda v: v) -> list:
    return [conv(v) for _, df in frames for v in df[col].to_list()]


def records(frames, cols: dict[str, callable]) -> list[dict]:
    out = []
    for _, df in frames:
        for row in df.iter_rows(named=True):
            out.append({c: f(row[c]) for c, f in cols.items()})
    return out


# ---------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, GenerateSummary]:
    out = tmp_path_factory.mktemp("landing")
    return out, generate_landing(out, seed=7)


@pytest.fixture(scope="module")
def demo_data(demo) -> dict[str, dict[str, list]]:
    out, _ = demo
    return {spec.initiatief_id: read_initiative(out / spec.initiatief_id) for spec in initiative_specs(5)}


def all_files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------


def test_presets():
    assert set(SIZES) == {"demo", "flanders", "large"}
    assert SIZES["demo"] == dict(initiatives=5, years=3, duos_per_year=(10, 60), mistakes=True)
    assert SIZES["large"]["duos_per_year"] == (400, 400)
    assert not SIZES["flanders"].get("mistakes") and not SIZES["large"].get("mistakes")  # clean for benchmarks


def test_deterministic_per_seed(tmp_path):
    kw = dict(initiatives=5, years=2, duos_per_year=(8, 15))
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    sa = generate_landing(a, seed=3, **kw)
    sb = generate_landing(b, seed=3, **kw)
    sc = generate_landing(c, seed=4, **kw)
    fa, fb, fc = all_files(a), all_files(b), all_files(c)
    assert sa == sb
    assert fa == fb  # byte-identical, xlsx included
    assert fa != fc and sa != sc
    assert sa.files == len(fa)


def test_layout_and_formats(demo):
    out, summary = demo
    specs = initiative_specs(5)
    assert sorted(p.name for p in out.iterdir()) == sorted(["_agentschap"] + [s.initiatief_id for s in specs])
    assert {format_for(s.index) for s in specs} == set(FORMATS)
    suffixes = {p.suffix for p in out.rglob("*") if p.is_file()}
    assert suffixes == {".csv", ".xlsx"}
    # at least one dataset split per year (file names start with the dataset name)
    assert any(re.fullmatch(r"ontmoetingen_\d{4}\.(csv|xlsx)", p.name) for p in out.rglob("*"))
    assert summary.initiatives == 5 and summary.files == sum(1 for p in out.rglob("*") if p.is_file())


def test_registry(demo):
    out, _ = demo
    df = read_csv(out / "_agentschap" / "initiatieven.csv")
    assert df.columns == DOMAIN_COLUMNS["initiatieven"]
    assert df["initiatief_id"].to_list() == [s.initiatief_id for s in initiative_specs(5)]
    assert set(df["regio"]) <= {"vlaanderen", "brussel"} and "brussel" in set(df["regio"])
    for row in df.iter_rows(named=True):
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", row["initiatief_id"])
        if row["regio"] == "brussel":
            assert row["provincie"] is None
        else:
            assert row["provincie"] in {"Antwerpen", "Limburg", "Oost-Vlaanderen", "Vlaams-Brabant", "West-Vlaanderen"}
        assert row["organisator"] in {"gemeente", "ocmw", "onthaalbureau", "integratiecentrum", "vzw",
                                      "vrijwilligersorganisatie", "intergemeentelijk", "andere"}
        assert row["coordinatie"] in {"professioneel", "vrijwilliger", "gemengd"}
        assert 45 <= float(row["uurkost_eur"]) <= 60
        assert row["fte_uren_per_jaar"] in (None, "1600")
        assert to_date(row["startdatum"]) <= date(2024, 12, 31)


def test_every_dataset_present_with_domain_headers(demo, demo_data):
    _, summary = demo
    totals = defaultdict(int)
    for iid, sets in demo_data.items():
        assert set(sets) == set(DATASETS), iid
        for name, frames in sets.items():
            for path, df in frames:
                assert df.columns == DOMAIN_COLUMNS[name], path
            n = sum(df.height for _, df in frames)
            assert n > 0, (iid, name)
            totals[name] += n
    for name in DATASETS:
        assert totals[name] == getattr(summary, name)


def test_raw_header_cells_normalise(demo):
    out, _ = demo
    for path in sorted(out.rglob("*.csv")):
        text, _ = decode(path.read_bytes())
        header = text.splitlines()[0]
        sep = max([";", ",", "\t"], key=header.count)
        name = "initiatieven" if path.parent.name == "_agentschap" else dataset_of(path)
        cells = next(csv.reader([header], delimiter=sep))
        assert [norm(c) for c in cells] == DOMAIN_COLUMNS[name], path
        assert any(c != norm(c) for c in cells)  # written the template way, not snake_case
    assert norm("Jaren in België") == "jaren_in_belgie" and norm("Duur (uren)") == "duur_uren"


def test_encodings(demo):
    out, _ = demo
    for spec in initiative_specs(5):
        fmt = format_for(spec.index)
        for path in sorted((out / spec.initiatief_id).glob("*.csv")):
            raw = path.read_bytes()
            if fmt == "csv_cp1252":
                raw.decode("cp1252")
                assert b"\r\n" in raw and b";" in raw.split(b"\r\n")[0]
                if path.stem == "intake":
                    assert any(b > 127 for b in raw)  # "Jaren in België"
                    with pytest.raises(UnicodeDecodeError):
                        raw.decode("utf-8")
            elif fmt == "csv_utf8_bom":
                assert raw.startswith(b"\xef\xbb\xbf")
                raw.decode("utf-8-sig")
            else:
                raw.decode("utf-8")
    registry = (out / "_agentschap" / "initiatieven.csv").read_bytes()
    assert "Élan" in registry.decode("utf-8-sig")


def test_value_spellings(demo):
    out, _ = demo
    cp = next(s for s in initiative_specs(5) if format_for(s.index) == "csv_cp1252")
    text = "".join(p.read_bytes().decode("cp1252") for p in (out / cp.initiatief_id).glob("ontmoetingen*.csv"))
    assert re.search(r";\d+,5;", text)  # decimal comma
    assert re.search(r";\d+u30;", text) and re.search(r";\d+:30;", text)
    assert re.search(r";(j|n|x);", text)
    assert re.search(r"\d{2}/\d{2}/\d{4}", text)


def test_duos_and_meetings(demo_data):
    as_of = date(2024, 12, 31)
    months = []
    for iid, sets in demo_data.items():
        duos = records(sets["duos"], {"duo_id": str, "startdatum": to_date, "geplande_einddatum": to_date,
                                      "einddatum": to_date, "eindreden": lambda v: v})
        by_id = {d["duo_id"]: d for d in duos}
        assert len(by_id) == len(duos), iid
        for d in duos:
            assert d["startdatum"] <= as_of
            assert (d["einddatum"] is None) == (d["eindreden"] is None)
            if d["einddatum"] is not None:
                assert d["startdatum"] <= d["einddatum"] <= as_of
            m = (d["geplande_einddatum"].year - d["startdatum"].year) * 12 + d["geplande_einddatum"].month - d["startdatum"].month
            months.append(m)
        meetings = records(sets["ontmoetingen"], {"duo_id": str, "datum": to_date, "duur_uren": to_num,
                                                  "nederlands_geoefend": lambda v: v})
        seen = set()
        for m in meetings:
            d = by_id[m["duo_id"]]
            assert d["startdatum"] <= m["datum"] <= (d["einddatum"] or as_of) <= as_of
            assert (m["duo_id"], m["datum"]) not in seen
            seen.add((m["duo_id"], m["datum"]))
            assert 0 < m["duur_uren"] <= 12
            assert m["nederlands_geoefend"] in {"ja", "nee", "j", "n", "x", "1", "0"}
    assert set(months) >= {6, 9, 12}
    inside = sum(6 <= m <= 12 for m in months) / len(months)
    assert 0.95 < inside < 1.0  # a few planned lengths outside 6-12 exercise the warning rule


def test_participants_and_closings(demo_data):
    as_of = date(2024, 12, 31)
    ended = early = 0
    gains = []
    for iid, sets in demo_data.items():
        intake = records(sets["intake"], {"deelnemer_id": str, "rol": str, "datum": to_date,
                                          "aanmelddatum": to_date, "doelen": lambda v: v,
                                          **{s: to_num for s in INB_SCORES + ["score_leefwereld"]}})
        people = {p["deelnemer_id"]: p for p in intake}
        assert len(people) == len(intake)
        for p in intake:
            assert p["aanmelddatum"] < p["datum"] <= as_of
            goals = p["doelen"].split(", ")
            assert 1 <= len(goals) <= 3
            if p["rol"] == "coach":
                assert p["score_leefwereld"] in {1, 2, 3, 4, 5} and all(p[s] is None for s in INB_SCORES)
            else:
                assert p["rol"] == "inburgeraar" and p["score_leefwereld"] is None
                assert all(p[s] in {1, 2, 3, 4, 5} for s in INB_SCORES)
        duos = records(sets["duos"], {"duo_id": str, "inburgeraar_id": str, "coach_id": str,
                                      "startdatum": to_date, "einddatum": to_date, "eindreden": lambda v: v})
        by_id = {d["duo_id"]: d for d in duos}
        for d in duos:
            assert people[d["inburgeraar_id"]]["rol"] == "inburgeraar"
            assert people[d["coach_id"]]["rol"] == "coach"
            assert people[d["inburgeraar_id"]]["datum"] < d["startdatum"]
            if d["eindreden"] is not None:
                ended += 1
                early += d["eindreden"] != "afgerond"
        coach_counts = defaultdict(int)
        for d in duos:
            coach_counts[d["coach_id"]] += 1
        assert max(coach_counts.values()) == 2  # some coaches coach twice
        matched = {d["inburgeraar_id"] for d in duos} | {d["coach_id"] for d in duos}
        waiting = [p for p in intake if p["deelnemer_id"] not in matched]
        assert waiting and sum(p["rol"] == "inburgeraar" for p in waiting) >= sum(p["rol"] == "coach" for p in waiting)

        closings = records(sets["afsluiting"], {"deelnemer_id": str, "duo_id": str, "datum": to_date,
                                                "tevredenheid": to_num,
                                                **{s: to_num for s in INB_SCORES + ["score_leefwereld"]}})
        keys = {(c["deelnemer_id"], c["duo_id"]) for c in closings}
        assert len(keys) == len(closings)
        for c in closings:
            d = by_id[c["duo_id"]]
            assert c["deelnemer_id"] in (d["inburgeraar_id"], d["coach_id"])
            assert d["einddatum"] is not None and d["einddatum"] <= c["datum"] <= as_of
            assert c["tevredenheid"] in {1, 2, 3, 4, 5}
            before = people[c["deelnemer_id"]]
            if before["rol"] == "inburgeraar":
                gains.extend(c[s] - before[s] for s in INB_SCORES)
    assert 0.2 < early / ended < 0.45
    assert 0.4 < sum(gains) / len(gains) < 1.1


def test_activity_after_initiative_start(demo, demo_data):
    out, _ = demo
    registry = read_csv(out / "_agentschap" / "initiatieven.csv")
    starts = {r["initiatief_id"]: to_date(r["startdatum"]) for r in registry.iter_rows(named=True)}
    for iid, sets in demo_data.items():
        assert min(column(sets["intake"], "datum", to_date)) >= starts[iid]
        assert min(column(sets["duos"], "startdatum", to_date)) > starts[iid]
        assert min(column(sets["coordinatie_uren"], "datum", to_date)) >= starts[iid]


def test_coordinator_hours(demo_data):
    hours = defaultdict(float)
    for iid, sets in demo_data.items():
        for path, df in sets["coordinatie_uren"]:
            rows = records([(path, df)], {"datum": to_date, "medewerker": str, "fase": str, "activiteit": str,
                                          "uren": to_num, "aantal_personen": to_num})
            keys = {(r["datum"], r["medewerker"], r["fase"], r["activiteit"]) for r in rows}
            assert len(keys) == len(rows), path  # key unique within the file
            for r in rows:
                assert re.fullmatch(r"coord-\d", r["medewerker"])
                assert 0 < r["uren"] <= 24 and r["aantal_personen"] in {1, 2}
                assert r["datum"] <= date(2024, 12, 31)
                hours[r["fase"]] += r["uren"]
        duos = sum(df.height for _, df in sets["duos"])
        assert 5 < sum(df["uren"].cast(pl.Utf8).str.replace(",", ".").cast(pl.Float64).sum()
                       for _, df in sets["coordinatie_uren"]) / duos < 15
    assert set(hours) == FIRST_PHASE | {"opvolging"}
    assert sum(hours[p] for p in FIRST_PHASE) / sum(hours.values()) > 0.6


def test_costs(demo_data):
    for iid, sets in demo_data.items():
        rows = records(sets["kosten"], {"jaar": lambda v: int(float(v)), "kostenpost": str, "bedrag_eur": to_num})
        per_year = defaultdict(list)
        for r in rows:
            per_year[r["jaar"]].append(r["kostenpost"])
            assert r["bedrag_eur"] > 0
        for posts in per_year.values():
            assert 3 <= len(posts) <= 5 and len(set(posts)) == len(posts)


def test_as_of_mid_year(tmp_path):
    generate_landing(tmp_path, initiatives=5, years=3, seed=2, as_of=AS_OF_MID, duos_per_year=(10, 20))
    date_cols = {"startdatum", "einddatum", "datum", "aanmelddatum"}
    for spec in initiative_specs(5):
        sets = read_initiative(tmp_path / spec.initiatief_id)
        for name, frames in sets.items():
            for path, df in frames:
                for col in date_cols & set(df.columns):
                    values = [to_date(v) for v in df[col].to_list() if v not in (None, "")]
                    assert all(v <= AS_OF_MID for v in values), (path, col)
                if name == "kosten":
                    assert all(int(float(v)) <= 2024 for v in df["jaar"].to_list())
        duos = records(sets["duos"], {"geplande_einddatum": to_date, "einddatum": to_date})
        assert any(d["einddatum"] is None and d["geplande_einddatum"] > AS_OF_MID for d in duos)  # still active


def test_speed_demo(tmp_path):
    t0 = time.perf_counter()
    summary = generate_landing(tmp_path, **SIZES["demo"])
    assert time.perf_counter() - t0 < 5
    assert summary.duos > 0 and summary.ontmoetingen > 10 * summary.duos / 2


# ---------------------------------------------------------------------------
# Delivery mistakes (mistakes=True)
# ---------------------------------------------------------------------------

MISTAKE_KW = dict(initiatives=5, years=3, duos_per_year=(8, 16))
MISTAKE_SEED = 11
MISTAKE_AS_OF = date(2024, 12, 31)


@pytest.fixture(scope="module")
def mistake_pair(tmp_path_factory):
    """The same landing generated without and with mistakes."""
    root = tmp_path_factory.mktemp("mistakes")
    clean = generate_landing(root / "clean", seed=MISTAKE_SEED, **MISTAKE_KW)
    bad = generate_landing(root / "bad", seed=MISTAKE_SEED, mistakes=True, **MISTAKE_KW)
    return root / "clean", clean, root / "bad", bad


def csv_cells(path: Path) -> tuple[str, list[list[str]]]:
    """(separator, rows of text cells, header included) of a CSV file."""
    text, _ = decode(path.read_bytes())
    sep = max([";", ",", "\t"], key=text.split("\n", 1)[0].count)
    return sep, list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))


def xlsx_cells(path: Path) -> dict[str, list[list]]:
    """sheet -> rows of text cells (header row first, title rows above it dropped)."""
    reader = fastexcel.read_excel(str(path))
    out = {}
    for sheet in reader.sheet_names:
        df = reader.load_sheet(sheet, header_row=None, dtypes="string").to_polars()
        rows = [list(r) for r in df.iter_rows()]
        start = next(i for i, r in enumerate(rows) if norm(r[0] or "") in {"duo_id", "datum", "deelnemer_id", "jaar"})
        out[sheet] = rows[start:]
    return out


def tables(folder: Path) -> list[tuple[Path, str, list[dict]]]:
    """(file, dataset, rows as {normalised header: text cell}) for every table of one initiative."""
    out = []
    for path in sorted(folder.iterdir()):
        if path.suffix == ".csv":
            sheets = {dataset_of(path): csv_cells(path)[1]}
        else:
            sheets = {dataset_of(path) or sheet: rows for sheet, rows in xlsx_cells(path).items()}
        for dataset, rows in sheets.items():
            header = [norm(h) for h in rows[0]]
            out.append((path, dataset, [dict(zip(header, (c if c != "" else None for c in r))) for r in rows[1:]]))
    return out


def lenient_date(v) -> date | None:
    """A cell as a date, None when it is no valid date with a 4-digit year."""
    s = str(v).strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}( 00:00:00)?", s):
            return date.fromisoformat(s[:10])
        m = re.fullmatch(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4})", s)
        return date(int(m[3]), int(m[2]), int(m[1])) if m else None
    except ValueError:
        return None


def test_mistakes_off_is_the_default(tmp_path, mistake_pair):
    clean_dir, clean, _, _ = mistake_pair
    explicit = generate_landing(tmp_path, seed=MISTAKE_SEED, mistakes=False, **MISTAKE_KW)
    assert explicit == clean and clean.mistakes == 0
    assert all_files(tmp_path) == all_files(clean_dir)
    assert not list(clean_dir.rglob("*correctie*"))


def test_mistakes_only_add_lines(mistake_pair):
    """Every clean file is unchanged or is the clean file plus appended rows (or plus the name column)."""
    clean_dir, clean, bad_dir, bad = mistake_pair
    a, b = all_files(clean_dir), all_files(bad_dir)
    assert set(a) <= set(b)
    (extra_file,) = set(b) - set(a)
    assert re.fullmatch(r"gent-samen/ontmoetingen_correctie_\d{4}\.csv", extra_file)
    assert bad.files == clean.files + 1 == len(b)
    assert {k: v for k, v in vars(bad).items() if k not in ("files", "mistakes")} == \
        {k: v for k, v in vars(clean).items() if k not in ("files", "mistakes")}

    untouched = [f for f in a if a[f] == b[f]]
    touched = sorted(f for f in a if a[f] != b[f])
    assert "_agentschap/initiatieven.csv" in untouched and len(untouched) > len(touched)
    assert {f.split("/")[0] for f in touched} == {s.initiatief_id for s in initiative_specs(5)}
    appended = 0
    name_columns = []
    for f in touched:
        if f.endswith(".csv"):
            sep, old = csv_cells(clean_dir / f)
            _, new = csv_cells(bad_dir / f)
            if new[0] != old[0]:  # the extra personal-data column
                assert new[0] == old[0] + ["Naam coach"]
                assert [r[:-1] for r in new[: len(old)]] == old
                name_columns.append(f)
            else:
                assert b[f].startswith(a[f])  # byte for byte: the clean file, then the extra lines
            appended += len(new) - len(old)
        else:
            old_sheets, new_sheets = xlsx_cells(clean_dir / f), xlsx_cells(bad_dir / f)
            assert list(old_sheets) == list(new_sheets)
            for sheet, old in old_sheets.items():
                new = new_sheets[sheet]
                assert new[: len(old)] == old, (f, sheet)
                appended += len(new) - len(old)
    assert name_columns == ["aalst/duos.csv"]
    assert appended == bad.mistakes - 1  # every problem row once, plus the one column


def test_mistake_kinds_present(mistake_pair):
    _, _, bad_dir, bad = mistake_pair
    specs = initiative_specs(5)
    data = {s.initiatief_id: tables(bad_dir / s.initiatief_id) for s in specs}
    meetings = []  # (initiative, file, row)
    starts, ids = {}, defaultdict(set)
    for iid, tabs in data.items():
        for path, dataset, rows in tabs:
            if dataset == "ontmoetingen" and "correctie" not in path.name:
                meetings += [(iid, path, r) for r in rows]
            if dataset == "duos":
                for r in rows:
                    ids[iid].add(r["duo_id"])
                    starts[iid, r["duo_id"]] = lenient_date(r["startdatum"])
    found = defaultdict(set)  # kind -> initiatives
    per_file = defaultdict(list)
    for iid, path, r in meetings:
        per_file[path].append(r)
        d, dur = lenient_date(r["datum"]), to_num(r["duur_uren"])
        if re.fullmatch(r"31/02/20\d\d", r["datum"]):
            found["impossible_date"].add(iid)
        if re.fullmatch(r"\d{2}/\d{2}/\d{2}", r["datum"]):
            found["two_digit_year"].add(iid)
        for value, kind in ((0, "zero_duration"), (-1, "negative_duration"), (25, "duration_25")):
            if dur == value:
                found[kind].add(iid)
        if r["activiteit"] == "zwemmen":
            found["unknown_activity"].add(iid)
        if d and starts.get((iid, r["duo_id"])) and d < starts[iid, r["duo_id"]]:
            found["before_duo_start"].add(iid)
        if d and d > MISTAKE_AS_OF:
            found["after_as_of"].add(iid)
        if r["duo_id"] == "D9999":
            assert "D9999" not in ids[iid]
            found["unknown_duo"].add(iid)
    iid_of = {path: iid for iid, path, _ in meetings}
    for path, rows in per_file.items():
        if any(n == 2 for n in Counter(tuple(r.values()) for r in rows).values()):
            found["exact_duplicate"].add(iid_of[path])
        hours = defaultdict(set)
        for r in rows:
            hours[r["duo_id"], r["datum"]].add(to_num(r["duur_uren"]))
        if any(len(h) > 1 for h in hours.values()):
            found["conflicting_duplicate"].add(iid_of[path])
    assert set(found) == set(MEETING_MISTAKES)
    assert len(set().union(*found.values())) == 5  # spread over every initiative (so every format)
    assert sum(len(v) for v in found.values()) > len(MEETING_MISTAKES)  # some kinds in several initiatives

    def rows_of(iid, dataset):
        return [(p, r) for p, ds, rows in data[iid] for r in rows if ds == dataset]

    # one-off mistakes, each in its own initiative
    bad_duos = [(iid, r) for iid in data for _, r in rows_of(iid, "duos")
                if r["einddatum"] and lenient_date(r["einddatum"]) < lenient_date(r["startdatum"])]
    assert [iid for iid, _ in bad_duos] == ["leuven"]
    coord = [(iid, r) for iid in data for _, r in rows_of(iid, "coordinatie_uren")
             if (r["fase"], r["activiteit"]) == ("werving", "matching")]
    assert [iid for iid, _ in coord] == ["brussel-elan"]
    emails = [(iid, r) for iid in data for _, r in rows_of(iid, "intake") if "@" in r["deelnemer_id"]]
    assert [(iid, r["deelnemer_id"]) for iid, r in emails] == [("noorderkempen", "fatima.demo@example.org")]
    named = [(iid, p.name, r["naam_coach"]) for iid in data for p, r in rows_of(iid, "duos") if r.get("naam_coach")]
    assert {(iid, f) for iid, f, _ in named} == {("aalst", "duos.csv")}
    assert {"Jan Peeters", "An Janssens"} <= {n for *_, n in named}
    assert len(named) == len(rows_of("aalst", "duos"))  # one name per row

    # the late correction re-delivers 3 existing meetings with another duration
    (path,) = [p for p, ds, _ in data["gent-samen"] if "correctie" in p.name]
    corrections = next(rows for p, ds, rows in data["gent-samen"] if p == path)
    assert len(corrections) == 3
    original = {(r["duo_id"], lenient_date(r["datum"])): r for i, _, r in meetings if i == "gent-samen"}
    for r in corrections:
        before = original[r["duo_id"], lenient_date(r["datum"])]
        assert to_num(before["duur_uren"]) != to_num(r["duur_uren"])
        assert before["activiteit"] == r["activiteit"]
    # arrives later: its name sorts after the original meeting files
    assert all(path.name > p.name for p in path.parent.glob("ontmoetingen*") if p != path)


def test_mistakes_share_and_determinism(tmp_path, mistake_pair):
    _, clean, bad_dir, bad = mistake_pair
    n_meeting = bad.mistakes - 4  # minus the duos, coordinatie_uren and intake rows and the name column
    assert len(MEETING_MISTAKES) <= n_meeting <= max(len(MEETING_MISTAKES), 0.005 * clean.ontmoetingen) + 5
    again = generate_landing(tmp_path / "again", seed=MISTAKE_SEED, mistakes=True, **MISTAKE_KW)
    assert again == bad and all_files(tmp_path / "again") == all_files(bad_dir)
    other = generate_landing(tmp_path / "other", seed=MISTAKE_SEED + 1, mistakes=True, **MISTAKE_KW)
    assert all_files(tmp_path / "other") != all_files(bad_dir) and other.mistakes > 0


def test_mistakes_with_few_initiatives(tmp_path):
    """One initiative takes every one-off mistake; files stay readable."""
    s = generate_landing(tmp_path, initiatives=1, years=1, seed=5, duos_per_year=(4, 6), mistakes=True)
    assert s.mistakes == len(MEETING_MISTAKES) + 4
    tabs = tables(tmp_path / "gent-samen")
    duos = next(rows for p, ds, rows in tabs if ds == "duos")
    assert all(r["naam_coach"] for r in duos)
    assert any(r["deelnemer_id"] == "fatima.demo@example.org" for p, ds, rows in tabs if ds == "intake" for r in rows)
