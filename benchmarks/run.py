"""The speed-and-scale benchmark: one table of wall time and peak memory per step, at a chosen size.

    python -m benchmarks.run [--size tiny|demo|flanders|large] [--runs N] [--workdir DIR] [--json PATH]
    make bench                      # SIZE=demo RUNS=3
    SIZE=large make bench           # by hand: ≈ 5 minutes to generate, ≈ 20 minutes to measure

Separate from the test suite: it asserts nothing, it measures. Every step runs in a fresh Python
process (see `benchmarks.steps`); its wall time is measured from outside (interpreter start-up and
imports included) and its peak RSS is the larger of the child's `ru_maxrss` (`os.wait4`) and the sampled
peak of its whole process tree (ingest reads in worker processes). Each figure is the
median of `--runs` runs. The generated landing folder is kept in the work directory (default
/tmp/samen-bench) and reused; warehouses are made afresh there.

Steps:
  (a) floor        DuckDB reads every landing file once, schema declared (CSV: read_csv, all VARCHAR,
                   separator and encoding given; XLSX: fastexcel → Arrow → DuckDB), into one DuckDB file
  (b) first load   `samen run` on an empty warehouse without the report assets: read, validate, store,
                   staging, all marts, every asset check — through Dagster, in-process executor
  (c) incremental  the same after one new monthly meetings file of one initiative
  (d) marts        the mart assets only (no checks), through Dagster, on the loaded warehouse; timed from
                   the call, after imports (the imports are row "start-up")
  (d0) marts core  the four marts of the pandas peer, our plain Polars functions, no Dagster
  (e) reports      the unpartitioned report assets (group `reports`) through Dagster, and the jaarrapport
                   with every initiatiefrapport of the last year when `reports.jaarrapport` exists
  (f) pandas peer  the same four marts in vectorised pandas (`benchmarks.pandas_peer`), checked equal to ours
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
RESULTS = REPO / "benchmarks" / "results"

# Benchmark sizes: the generator's presets, plus `tiny` for the smoke test.
EXTRA_SIZES = {"tiny": dict(initiatives=3, years=2, duos_per_year=(5, 15), mistakes=True)}

# The targets (2-core machine, `large`).
TARGETS = {
    "load_s": 60.0, "load_rss_mb": 4096.0, "load_over_floor": 10.0, "incremental_s": 10.0,
    "marts_s": 6.0,  # ≤ 2 × the metric floor of ≈ 3 s
    "peer_speedup": 2.0, "peer_memory_share": 0.5, "demo_s": 60.0,
}


@dataclass
class Measure:
    name: str
    label: str
    wall: list[float] = field(default_factory=list)
    inner: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    info: dict = field(default_factory=dict)
    note: str = ""

    def median(self, values: list[float]) -> float | None:
        values = [v for v in values if v is not None]
        return statistics.median(values) if values else None

    def as_dict(self) -> dict:
        return {"label": self.label, "wall_s": self.wall, "inner_s": self.inner, "rss_mb": self.rss_mb,
                "median_wall_s": self.median(self.wall), "median_inner_s": self.median(self.inner),
                "median_rss_mb": self.median(self.rss_mb), "note": self.note, "info": self.info}


def _tree_rss(root: int) -> int:
    """Resident bytes of a process and all its descendants, now (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            statm = Path(f"/proc/{entry}/statm").read_text().split()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = int(statm[1]) * page
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


def run_child(args: list[str], log: Path, env: dict | None = None) -> tuple[float, float, dict, int]:
    """Run a fresh process; (wall s, peak RSS MB, its BENCH-RESULT json, exit code).

    Peak RSS is the larger of the child's own peak (`ru_maxrss` from wait4, which for a process with
    children is the largest single process, not their sum) and the peak of the whole process tree's
    summed RSS, sampled every 0.1 s (ingest reads files in worker processes)."""
    import threading

    start = time.perf_counter()
    peak_tree = [0]
    with open(log, "ab") as out:
        out.write(f"\n$ {' '.join(args)}\n".encode())
        out.flush()
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=out, cwd=REPO,
                                env={**os.environ, **(env or {})})
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.1):
                try:
                    peak_tree[0] = max(peak_tree[0], _tree_rss(proc.pid))
                except Exception:
                    pass

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        stdout = proc.stdout.read() if proc.stdout else b""
        _, status, usage = os.wait4(proc.pid, 0)
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.write(stdout)
    wall = time.perf_counter() - start
    result = {}
    for line in stdout.decode(errors="replace").splitlines():
        if line.startswith("BENCH-RESULT "):
            result = json.loads(line[len("BENCH-RESULT "):])
    return wall, max(usage.ru_maxrss * 1024, peak_tree[0]) / 2**20, result, proc.returncode


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    versions = {}
    for module in ("polars", "duckdb", "dagster", "pandas", "great_expectations", "fastexcel"):
        try:
            from importlib.metadata import version

            versions[module] = version(module.replace("_", "-"))
        except Exception:
            versions[module] = None
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": mem, "os": platform.platform(),
            "python": platform.python_version(), "versions": versions}


def dataset(size: str, seed: int, workdir: Path) -> tuple[Path, date, dict]:
    """The landing folder of `size` (generated once, then reused) and its as-of date."""
    from samen.generate import SIZES, generate_landing

    preset = dict({**SIZES, **EXTRA_SIZES}[size])
    first_year = 2022
    as_of = date(first_year + preset["years"] - 1, 12, 31)
    root = workdir / f"{size}-seed{seed}"
    stamp = root / "generated.json"
    landing = root / "landing"
    if not stamp.exists():
        shutil.rmtree(root, ignore_errors=True)
        print(f"Generating the {size} landing folder in {landing} …", flush=True)
        start = time.perf_counter()
        summary = generate_landing(landing, seed=seed, first_year=first_year, as_of=as_of, **preset)
        info = {**summary.__dict__, "generate_s": round(time.perf_counter() - start, 1),
                "bytes": sum(p.stat().st_size for p in landing.rglob("*") if p.is_file())}
        stamp.write_text(json.dumps(info))
    info = json.loads(stamp.read_text())
    info.setdefault("csv_files", sum(1 for _ in landing.rglob("*.csv")))
    info.setdefault("xlsx_files", sum(1 for _ in landing.rglob("*.xlsx")))
    return landing, as_of, info


def overlay(landing: Path, target: Path) -> Path:
    """A landing folder of symbolic links to the generated files (so a new file can be added to it)."""
    shutil.rmtree(target, ignore_errors=True)
    for path in landing.rglob("*"):
        if path.is_file():
            dest = target / path.relative_to(landing)
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.symlink_to(path)
    return target


def monthly_file(landing: Path, target: Path, as_of: date, month: int) -> Path | None:
    """One new monthly meetings file of one initiative: that month's rows of its latest CSV meetings file,
    delivered again (a re-delivery of one month: same keys, so the later file wins)."""
    candidates = sorted(p for p in landing.glob("*/ontmoetingen*.csv") if p.parent.name != "_agentschap")
    if not candidates:
        return None
    source = max(candidates, key=lambda p: (p.name.endswith(f"_{as_of.year}.csv"), p.stat().st_size))
    raw = source.read_bytes()
    encoding = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "cp1252"
    lines = raw.decode(encoding).splitlines()
    header, body = lines[0], lines[1:]
    year = as_of.year
    marks = (f"/{month:02d}/{year}", f"{year}-{month:02d}-")
    rows = [line for line in body if any(m in line for m in marks)] or body[month::12]
    dest = target / source.parent.name / f"ontmoetingen_{year}_{month:02d}_aanvulling.csv"
    dest.write_text("\n".join([header, *rows]) + "\n", encoding=encoding.replace("-sig", ""))
    return dest


def targets(med, ratios: dict) -> list[dict]:
    """Each target of the issue with the measured value and whether it is met (None: not measured)."""
    def check(name: str, value: float | None, ok) -> dict:
        return {"target": name, "value": value, "met": None if value is None else bool(ok(value))}

    over_floor = ratios["(b)/(a) first load over the read floor"]
    speedup = ratios["(f)/(d0) pandas peer time over ours (in-process)"]
    memory = ratios["(d0)/(f) our peak RSS over the peer's"]
    return [
        check("first load ≤ 60 s", med("load"), lambda v: v <= TARGETS["load_s"]),
        check("first load ≤ 4 GB peak RSS (MB)", med("load", "rss_mb"), lambda v: v <= TARGETS["load_rss_mb"]),
        check("first load ≤ 10 × the read floor", over_floor, lambda v: v <= TARGETS["load_over_floor"]),
        check("incremental refresh ≤ 10 s, end to end", med("incremental"), lambda v: v <= TARGETS["incremental_s"]),
        check("marts from staging ≤ 6 s (2 × the issue's 3 s metric floor; in-process)", med("marts", "inner"),
              lambda v: v <= TARGETS["marts_s"]),
        check("marts ≥ 2 × faster than the pandas peer", speedup, lambda v: v >= TARGETS["peer_speedup"]),
        check("marts ≤ half the pandas peer's peak memory", memory, lambda v: v <= TARGETS["peer_memory_share"]),
        check("samen demo ≤ 60 s, reports included", med("demo"), lambda v: v <= TARGETS["demo_s"]),
    ]


def fmt(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def table(measures: dict[str, Measure], ratios: dict[str, float | None]) -> str:
    lines = ["| step | wall s (median) | in-process s | peak RSS MB | runs | note |",
             "|---|---:|---:|---:|---:|---|"]
    for m in measures.values():
        lines.append(f"| {m.label} | {fmt(m.median(m.wall))} | {fmt(m.median(m.inner))} | "
                     f"{fmt(m.median(m.rss_mb), 0)} | {len(m.wall)} | {m.note} |")
    lines.append("")
    for name, value in ratios.items():
        lines.append(f"- {name}: {fmt(value, 2)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from samen.generate import SIZES

    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--size", default="demo", choices=sorted({*SIZES, *EXTRA_SIZES}))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--slow-runs", type=int, default=None,
                    help="runs of the report and demo steps (default: --runs, at most 1 at `large`)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workdir", type=Path, default=Path(os.environ.get("SAMEN_BENCH_DIR", "/tmp/samen-bench")))
    ap.add_argument("--json", type=Path, default=None, help="where to write the results (default benchmarks/results/<size>.json)")
    ap.add_argument("--skip", default="", help="comma-separated steps to leave out: floor,load,incremental,marts,core,reports,peer,refresh")
    args = ap.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    if args.slow_runs is None:
        args.slow_runs = 1 if args.size == "large" else args.runs

    args.workdir.mkdir(parents=True, exist_ok=True)
    landing, as_of, info = dataset(args.size, args.seed, args.workdir)
    work = args.workdir / f"{args.size}-seed{args.seed}"
    log = work / "bench.log"
    home = work / "home"
    env = {"SAMEN_SECRET_KEY": "benchmark-key", "GX_ANALYTICS_ENABLED": "false"}
    step = [PYTHON, "-m", "benchmarks.steps"]
    print(f"Benchmark at size {args.size}: {info.get('files')} files ({info['csv_files']} CSV, {info['xlsx_files']} "
          f"XLSX, {info['bytes'] / 1e6:.0f} MB), {info.get('duos')} duos, {info.get('ontmoetingen')} meetings; "
          f"as-of {as_of}; {args.runs} run(s) per step; log {log}", flush=True)

    measures: dict[str, Measure] = {}

    def measure(key: str, label: str, make_args, runs: int, before=None, note: str = "",
                extra_env: dict | None = None) -> Measure:
        m = measures.setdefault(key, Measure(key, label, note=note))
        for i in range(runs):
            if before:
                before(i)
            wall, rss, result, code = run_child(make_args(i), log, {**env, **(extra_env or {})})
            if code != 0:
                m.note = (m.note + f" FAILED (exit {code}, see {log})").strip()
                print(f"  {label}: failed (exit {code}); see {log}", flush=True)
                break
            if result.get("not_yet"):
                m.note = "not yet (no report entry point)"
                break
            m.wall.append(round(wall, 2))
            m.rss_mb.append(round(rss))
            m.inner.append(None if result.get("inner_s") is None else round(result["inner_s"], 2))
            m.info = {k: v for k, v in result.items() if k != "inner_s"}
            if result.get("success") is False or result.get("failed_steps"):
                m.note = (m.note + f" run failed: {result.get('failed_steps') or result.get('failure')}").strip()
            print(f"  {label}: {wall:.1f} s, {rss:.0f} MB", flush=True)
        return m

    if "floor" not in skip:
        floor_db = work / "floor.duckdb"
        measure("floor", "(a) read floor: every file once into DuckDB",
                lambda i: [PYTHON, "-m", "benchmarks.floor", str(landing), str(floor_db)], args.runs)
        floor_db.unlink(missing_ok=True)
    measure("imports", "start-up: import the Dagster definitions",
            lambda i: [*step, "imports", str(home), str(landing), as_of.isoformat()], args.runs)

    def fresh_home(_i: int) -> None:
        shutil.rmtree(home, ignore_errors=True)

    load_landing = overlay(landing, work / "landing-overlay")
    if "load" not in skip:
        measure("load", "(b) first load: samen run, empty warehouse, no reports",
                lambda i: [*step, "load", str(home), str(load_landing), as_of.isoformat()], args.runs,
                before=fresh_home)
    if "incremental" not in skip and home.exists():
        added: list[Path] = []

        def add_month(i: int) -> None:
            path = monthly_file(landing, load_landing, as_of, 12 - i)
            if path:
                added.append(path)

        measure("incremental", "(c) incremental: one new monthly file",
                lambda i: [*step, "load", str(home), str(load_landing), as_of.isoformat()], args.runs,
                before=add_month, note="one initiative's meetings of one month")
    if "marts" not in skip and home.exists():
        measure("marts", "(d) marts rebuilt from staging (Dagster, 15 assets)",
                lambda i: [*step, "marts", str(home), str(load_landing), as_of.isoformat()], args.runs)
    if "core" not in skip and home.exists():
        measure("core", "(d0) the peer's 4 marts, our Polars functions",
                lambda i: [*step, "marts_core", str(home), str(load_landing), as_of.isoformat()], args.runs)
    if "reports" not in skip and home.exists():
        measure("reports", "(e) reports: every report asset of a refresh (Dagster)",
                lambda i: [*step, "reports", str(home), str(load_landing), as_of.isoformat()], args.slow_runs,
                note="datakwaliteit per initiative and agency, jaarrapport, initiatiefrapporten; HTML, PDF, XLSX")
        measure("reports_again", "(e′) the same reports again, nothing changed",
                lambda i: [*step, "reports", str(home), str(load_landing), as_of.isoformat()], args.slow_runs,
                note="HTML and XLSX rewritten; a PDF is re-rendered only when its HTML changed")
    if "peer" not in skip and home.exists():
        measure("peer", "(f) pandas peer: the same 4 marts",
                lambda i: [*step, "peer", str(home), str(load_landing), as_of.isoformat()], args.runs)
        if "core" in measures and measures["core"].wall:
            from benchmarks.pandas_peer import compare

            agreement = compare(home / "warehouse.duckdb")
            same = all(not v["only_peer"] and not v["only_ours"] and not v["cells_differing"]
                       for v in agreement.values())
            measures["peer"].info["agrees_with_ours"] = agreement
            measures["peer"].note = "figures equal to ours" if same else "FIGURES DIFFER (see JSON)"
    if "demo" not in skip:
        demo_home = work / "home-demo"
        samen = str(Path(PYTHON).with_name("samen"))
        measure("demo", "samen demo on a fresh $SAMEN_HOME (demo data, reports included)",
                lambda i: [samen, "demo"], args.slow_runs,
                before=lambda i: shutil.rmtree(demo_home, ignore_errors=True),
                note="independent of --size", extra_env={"SAMEN_HOME": str(demo_home)})
    if "refresh" in {s.strip() for s in os.environ.get("SAMEN_BENCH_EXTRA", "").split(",")}:
        measure("refresh", "samen run as shipped (reports included), empty warehouse",
                lambda i: [*step, "refresh", str(work / "home-refresh"), str(load_landing), as_of.isoformat()],
                1, before=lambda i: shutil.rmtree(work / "home-refresh", ignore_errors=True))

    def med(key: str, attr: str = "wall") -> float | None:
        m = measures.get(key)
        return m.median(getattr(m, attr)) if m else None

    def ratio(a: float | None, b: float | None) -> float | None:
        return a / b if a is not None and b else None

    ratios = {
        "(b)/(a) first load over the read floor": ratio(med("load"), med("floor")),
        "(f)/(d0) pandas peer time over ours (in-process)": ratio(med("peer", "inner"), med("core", "inner")),
        "(d0)/(f) our peak RSS over the peer's": ratio(med("core", "rss_mb"), med("peer", "rss_mb")),
    }
    verdicts = targets(med, ratios)
    print()
    print(table(measures, ratios))
    print(f"\nTargets (the issue's, for `large` on a 2-core machine{'' if args.size == 'large' else '; indicative only at this size'}):")
    for line in verdicts:
        print(f"- {line['target']}: {fmt(line['value'])} → {'met' if line['met'] else 'MISSED' if line['met'] is False else 'n/a'}")

    out = args.json or RESULTS / f"{args.size}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"), "size": args.size, "seed": args.seed,
        "as_of": as_of.isoformat(), "runs": args.runs, "machine": machine(), "dataset": info,
        "steps": {k: m.as_dict() for k, m in measures.items()}, "ratios": ratios, "targets": verdicts,
    }, indent=1, default=str) + "\n")
    print(f"\nResults: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
