"""Side-by-side benchmark: this working tree (candidate) against a baseline commit.

    ./run.sh bench [--repeat N] [--cores N] [--baseline REV]
                   [--json PATH] [--markdown PATH] [--workdir DIR] [--monitoring]

Two copies of the sources are built: the baseline, ``git archive`` of REV
(default 443da6a, the last commit with the forked worker pool), and the
candidate, the working tree as it is (tools/repocopy.py, uncommitted changes
included). Every measurement is a fresh ``snakemake --cores N`` process, the
``snakemake`` command of the venv, in the environment ``./run.sh`` sets, with
Python's bytecode cache on. For each scenario the two variants run
alternately, ``--repeat`` times each, the one that goes first swapping every
round, so that a machine shared with other work loads both alike:

- cold build: a fresh copy of the sources each run (nothing built, no
  ``.snakemake``, logs, benchmarks, ``.cache`` or ``__pycache__`` of the
  project); the copy is made before the clock starts;
- no-op rebuild: everything up to date; each round also runs Snakemake's own
  no-op on a trivial Snakefile, once after each variant (the reference of the
  no-op target; its two medians differ by the noise only);
- one-table edit: one value of data/raw/durable_goods.csv changed in both
  copies (the same new value), then rebuilt (a workbook in place of the CSV is
  made the CSV of its rows first, in the sources of both).

Targets (issue 24): table edit ≤ 1.5× the baseline's time, cold build
≤ 1.6×, no-op ≤ Snakemake's own no-op + 0.5 s. A missed target is a result,
not an error: the exit status is 0 unless a build failed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
sys.path[:0] = [str(TOOLS), str(TOOLS.parent / "scripts")]  # repocopy; nanjiang

from repocopy import PYTHON, REPO, copy_repo  # noqa: E402

BASELINE = "443da6a"
CORES = 4  # as the README and `./run.sh report` run it
EDIT_TABLE = "data/raw/durable_goods.csv"
TRIVIAL_SNAKEFILE = (
    'rule all:\n    input: "a.txt"\n\n'
    'rule a:\n    output: "a.txt"\n    shell: "touch {output}"\n'
)
# The `snakemake` command of the environment, as the README runs it (a script
# file, not `python -m snakemake`).
SNAKEMAKE = str(Path(PYTHON).with_name("snakemake"))
VARIANTS = ("baseline", "candidate")
NOOP_ALLOWANCE_S = 0.5


@dataclass(frozen=True)
class Target:
    kind: str  # "ratio": candidate / baseline; "over_reference": candidate - reference
    limit: float

    def describe(self) -> str:
        if self.kind == "ratio":
            return f"≤ {self.limit:g}×"
        return f"≤ trivial no-op + {self.limit:g} s"


@dataclass(frozen=True)
class Scenario:
    key: str
    title: str
    target: Target | None


SCENARIOS = (
    Scenario("cold", "cold build (fresh copy, nothing built)", Target("ratio", 1.6)),
    Scenario("noop", "no-op rebuild (everything up to date)",
             Target("over_reference", NOOP_ALLOWANCE_S)),
    Scenario("trivial", "Snakemake's own no-op, trivial Snakefile (reference; "
             "run after each variant's no-op)", None),
    Scenario("edit", f"one-table edit (one value of {EDIT_TABLE}, then rebuild)",
             Target("ratio", 1.5)),
)
FAIRNESS = (
    "Cold build: a fresh copy of the sources for every run (made before the clock "
    "starts), as a fresh clone has them: no outputs, no .snakemake, logs or benchmarks, "
    "and no project caches (.cache/jinja, .cache/codedeps, __pycache__ of scripts/), "
    "so both variants compile and cache their own code in the run. Shared by both and "
    "warm, as on a machine that has built once: the venv (its bytecode), the fonts, "
    "and matplotlib's font list (one MPLCONFIGDIR for all runs, warmed by an untimed "
    "first build of each variant, which is then the copy the no-op and edit runs use)."
)


# ---------------------------------------------------------------- pure parts

STEPS = re.compile(r"^(\d+) of (\d+) steps? \(\d+%\) done", re.MULTILINE)


def jobs_run(log: str) -> int | None:
    """Jobs Snakemake finished, from its output ("12 of 12 steps (100%) done");
    0 for "Nothing to be done"; None when the output says neither."""
    steps = STEPS.findall(log)
    if steps:
        return int(steps[-1][0])
    if "Nothing to be done" in log:
        return 0
    return None


def median(values: list[float]) -> float | None:
    return round(statistics.median(values), 3) if values else None


def ratio(candidate: float | None, baseline: float | None) -> float | None:
    if candidate is None or not baseline:
        return None
    return round(candidate / baseline, 2)


def summarise(runs: list[dict]) -> list[dict]:
    """One row per scenario: medians, ratio, target and whether it is met.

    ``runs``: dicts with scenario, variant, seconds, jobs and ok (as the JSON
    keeps them). The no-op target compares the candidate's median with the
    median of all trivial-Snakefile runs."""
    def times(scenario: str, variant: str | None = None, key: str = "seconds") -> list[float]:
        return [r[key] for r in runs if r["scenario"] == scenario and r["ok"]
                and (variant is None or r["variant"] == variant) and r.get(key) is not None]

    def failed(scenario: str) -> list[str]:
        return sorted({r["variant"] for r in runs
                       if r["scenario"] == scenario and not r["ok"]})

    rows = []
    for sc in SCENARIOS:
        if not any(r["scenario"] == sc.key for r in runs):
            continue
        base, cand = median(times(sc.key, "baseline")), median(times(sc.key, "candidate"))
        jobs = {v: sorted({r["jobs"] for r in runs if r["scenario"] == sc.key
                           and r["variant"] == v and r["ok"]}, key=str) for v in VARIANTS}
        row = {"scenario": sc.key, "title": sc.title, "baseline_s": base, "candidate_s": cand,
               "ratio": ratio(cand, base), "runs": len(times(sc.key, "candidate")),
               "jobs": jobs, "failed": failed(sc.key),
               "baseline_cpu_s": median(times(sc.key, "baseline", "cpu_s")),
               "candidate_cpu_s": median(times(sc.key, "candidate", "cpu_s")),
               "target": sc.target.describe() if sc.target else "reference", "met": None}
        if sc.target and not row["failed"] and cand is not None:
            if sc.target.kind == "ratio" and row["ratio"] is not None:
                row["met"] = row["ratio"] <= sc.target.limit
            elif sc.target.kind == "over_reference":
                reference = median(times("trivial"))
                if reference is not None:
                    row["limit_s"] = round(reference + sc.target.limit, 3)
                    row["met"] = cand <= row["limit_s"]
        row["cpu_ratio"] = ratio(row["candidate_cpu_s"], row["baseline_cpu_s"])
        rows.append(row)
    return rows


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f} s"


def _jobs(values: list) -> str:
    return "/".join("?" if v is None else str(v) for v in values) or "—"


def render_table(rows: list[dict]) -> str:
    """The Markdown table: scenario | baseline median | candidate median | ratio
    | target | met? | jobs run (baseline / candidate)."""
    lines = ["| scenario | baseline median | candidate median | ratio | target | met? "
             "| jobs run (baseline / candidate) |",
             "|---|---|---|---|---|---|---|"]
    for row in rows:
        target = row["target"]
        if "limit_s" in row:
            target += f" = {row['limit_s']:.2f} s"
        if row["failed"]:
            met = f"**FAILED** ({', '.join(row['failed'])})"
        elif row["met"] is None:
            met = "—"
        else:
            met = "met" if row["met"] else "**MISSED**"
        r = "—" if row["ratio"] is None else f"{row['ratio']:.2f}×"
        jobs = " / ".join(_jobs(row["jobs"][v]) for v in VARIANTS)
        lines.append(f"| {row['title']} | {_seconds(row['baseline_s'])} | "
                     f"{_seconds(row['candidate_s'])} | {r} | {target} | {met} | {jobs} |")
    return "\n".join(lines) + "\n"


def render_cpu_table(rows: list[dict]) -> str:
    """CPU seconds of the whole build (Snakemake and all its processes), medians."""
    lines = ["| scenario | baseline CPU | candidate CPU | ratio |", "|---|---|---|---|"]
    for row in rows:
        r = "—" if row["cpu_ratio"] is None else f"{row['cpu_ratio']:.2f}×"
        lines.append(f"| {row['title']} | {_seconds(row['baseline_cpu_s'])} | "
                     f"{_seconds(row['candidate_cpu_s'])} | {r} |")
    return "\n".join(lines) + "\n"


def verdict(rows: list[dict]) -> str:
    missed = [r["scenario"] for r in rows if r["met"] is False]
    failed = [r["scenario"] for r in rows if r["failed"]]
    parts = []
    if failed:
        parts.append("FAILED builds: " + ", ".join(failed))
    if missed:
        parts.append("MISSED targets: " + ", ".join(missed))
    return "; ".join(parts) if parts else "All targets met."


def edit_value(path: Path, round_: int) -> None:
    """Set the last digit of the first data row's value to a digit that
    depends on the round (never the original's): both variants get the same
    file in a round, and every round changes it."""
    lines = path.read_text("utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\r\n").split(",")
    column = header.index("value")
    cells = lines[1].split(",")
    value = cells[column]
    original = int(value[-1])
    cells[column] = value[:-1] + str((original + 1 + round_ % 9) % 10)
    lines[1] = ",".join(cells)
    path.write_text("".join(lines), "utf-8")


# ---------------------------------------------------------------- the runs


def git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(REPO), *args], check=True,
                          capture_output=True, text=True).stdout.strip()


def bench_env(mplconfigdir: Path) -> dict:
    """The environment `./run.sh` sets, with Python's bytecode cache on."""
    from nanjiang.common.epoch import DEFAULT_EPOCH

    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("SOURCE_DATE_EPOCH", str(DEFAULT_EPOCH))
    env |= {"PYTHONHASHSEED": "0", "TZ": "UTC", "LC_ALL": "C.UTF-8",
            "MPLCONFIGDIR": str(mplconfigdir),
            "PATH": f"{Path(SNAKEMAKE).parent}{os.pathsep}{env.get('PATH', '')}"}
    return env


def become_subreaper() -> bool:
    """Adopt the processes a build leaves behind (Linux: PR_SET_CHILD_SUBREAPER),
    so that they are waited for before the next run and their CPU is counted."""
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def reap_leftovers(timeout: float) -> int:
    """Wait (untimed) for processes a finished build left behind; how many."""
    count, deadline = 0, time.monotonic() + timeout
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return count
        if pid:
            count += 1
        elif time.monotonic() > deadline:
            return count
        else:
            time.sleep(0.02)


class Bench:
    def __init__(self, root: Path, cores: int, env: dict, timeout: float):
        self.root, self.cores, self.env, self.timeout = root, cores, env, timeout
        self.runs: list[dict] = []
        self.logs = root / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)

    def snakemake(self, workdir: Path, scenario: str, variant: str, round_: int) -> dict:
        load = os.getloadavg()[0]
        before = os.times()
        start = time.perf_counter()
        try:
            proc = subprocess.run([SNAKEMAKE, "--cores", str(self.cores)], cwd=workdir,
                                  env=self.env, capture_output=True, text=True,
                                  timeout=self.timeout)
            output, returncode = proc.stdout + proc.stderr, proc.returncode
        except subprocess.TimeoutExpired as e:
            output = f"{e.stdout or ''}{e.stderr or ''}\ntimed out after {self.timeout} s"
            returncode = None
        seconds = time.perf_counter() - start
        leftovers = reap_leftovers(timeout=30)
        after = os.times()
        name = f"{scenario}-{variant}-{round_}.log"
        (self.logs / name).write_text(output, "utf-8")
        run = {"scenario": scenario, "variant": variant, "round": round_,
               "seconds": round(seconds, 3),
               # CPU of Snakemake and every process of the build (less sensitive to
               # the load than the wall time; see become_subreaper)
               "cpu_s": round(after.children_user + after.children_system
                              - before.children_user - before.children_system, 3),
               "jobs": jobs_run(output), "ok": returncode == 0, "returncode": returncode,
               "leftover_processes": leftovers, "loadavg_1min": round(load, 2), "log": name}
        status = "ok" if run["ok"] else f"FAILED ({returncode}; log {self.logs / name})"
        print(f"  {scenario:8} {variant:9} round {round_}: {seconds:6.2f} s, "
              f"CPU {run['cpu_s']:6.2f} s, {run['jobs']} jobs, load {load:.1f}, {status}",
              flush=True)
        self.runs.append(run)
        return run


def order(round_: int) -> tuple[str, ...]:
    """Who goes first alternates: baseline first in even rounds."""
    return VARIANTS if round_ % 2 == 0 else VARIANTS[::-1]


def prepare_sources(root: Path, baseline: str) -> dict[str, Path]:
    """Pristine, never built sources of both variants."""
    sources = {"baseline": root / "src-baseline", "candidate": root / "src-candidate"}
    sources["baseline"].mkdir(parents=True)
    archive = root / "baseline.tar"
    git("archive", "--format=tar", "-o", str(archive), baseline)
    subprocess.run(["tar", "-x", "-f", str(archive), "-C", str(sources["baseline"])],
                   check=True)
    archive.unlink()
    copy_repo(sources["candidate"])
    for variant in VARIANTS:
        table_as_csv(sources[variant] / EDIT_TABLE)
    return sources


def table_as_csv(path: Path) -> None:
    """The edited table as the CSV the edit changes: a workbook in its place (the
    data package reads one) is replaced by the CSV of the rows it gives."""
    if path.exists():
        return
    import csv
    import io

    from nanjiang.data.package import DataPackage, table_file
    from nanjiang.data.tables import read_table

    package = DataPackage.load(path.parent)
    source, problems = table_file(package, path.stem)
    read = read_table(package, path.stem, source) if not problems else None
    if read is None or read.problems:
        found = problems or read.problems
        raise SystemExit(f"{path}: the table to edit cannot be read: {found[0]}")
    columns = [f["name"] for f in package.schema(path.stem)["fields"]]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([row.cells[c] for c in columns] for row in read.rows)
    source.unlink()
    path.write_text(out.getvalue(), "utf-8")


def fresh_copy(source: Path, dest: Path) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(source, dest, symlinks=True)
    return dest


def run_all(bench: Bench, sources: dict[str, Path], repeat: int, keep: bool) -> None:
    root = bench.root
    print("Untimed first build of each variant (warms the machine; the copy the no-op "
          "and edit runs use):", flush=True)
    built = {}
    for variant in VARIANTS:
        built[variant] = fresh_copy(sources[variant], root / f"built-{variant}")
        bench.snakemake(built[variant], "warmup", variant, 0)

    print("Cold builds:", flush=True)
    for i in range(repeat):
        for variant in order(i):
            work = fresh_copy(sources[variant], root / f"cold-{variant}-{i}")
            bench.snakemake(work, "cold", variant, i)
            if not keep:
                shutil.rmtree(work, ignore_errors=True)

    print("No-op rebuilds, each followed by Snakemake's own no-op on a trivial Snakefile:",
          flush=True)
    trivial = root / "trivial"
    trivial.mkdir(exist_ok=True)
    (trivial / "Snakefile").write_text(TRIVIAL_SNAKEFILE)
    bench.snakemake(trivial, "warmup", "trivial", 0)
    for i in range(repeat):
        for variant in order(i):
            bench.snakemake(built[variant], "noop", variant, i)
            # tagged with the variant it ran after (both medians: the noise)
            bench.snakemake(trivial, "trivial", variant, i)

    print(f"One-table edits ({EDIT_TABLE}):", flush=True)
    for i in range(repeat):
        for variant in order(i):
            edit_value(built[variant] / EDIT_TABLE, i)
            bench.snakemake(built[variant], "edit", variant, i)


def describe(baseline: str) -> dict:
    """Where the two variants come from, and what they share."""
    status = git("status", "--porcelain")
    lock_diff = git("diff", "--stat", baseline, "--", "requirements.lock")
    lock_dirty = any(line.endswith(" requirements.lock") for line in status.splitlines())
    return {
        "baseline": {"rev": baseline, "commit": git("rev-parse", baseline),
                     "subject": git("log", "-1", "--format=%s", baseline)},
        "candidate": {"head": git("rev-parse", "HEAD"),
                      "subject": git("log", "-1", "--format=%s", "HEAD"),
                      "branch": git("rev-parse", "--abbrev-ref", "HEAD"),
                      "uncommitted_changes": len(status.splitlines())},
        "requirements_lock_same": not lock_diff and not lock_dirty,
        "venv": str(Path(PYTHON).parent.parent),
    }


def header(meta: dict) -> str:
    b, c = meta["source"]["baseline"], meta["source"]["candidate"]
    lock = ("identical at both (one venv serves both)" if meta["source"]["requirements_lock_same"]
            else "DIFFERS between baseline and candidate: both ran with the current venv "
            f"({meta['source']['venv']}) anyway")
    dirty = (f", with {c['uncommitted_changes']} uncommitted change(s)"
             if c["uncommitted_changes"] else "")
    return "\n".join([
        f"Baseline: {b['commit'][:10]} ({b['subject'][:90]}).",
        f"Candidate: the working tree of {c['branch']} at {c['head'][:10]}{dirty} "
        f"({c['subject'][:90]}).",
        f"requirements.lock: {lock}.",
        f"Machine: {meta['cpus']} CPUs, load average {meta['load_start']} at the start and "
        f"{meta['load_end']} at the end (shared: noisy); Python {meta['python']}, "
        f"Snakemake {meta['snakemake']}.",
        f"Each run: a new `snakemake --cores {meta['cores']}` process; medians of "
        f"{meta['repeat']} runs per variant, the variants alternating (the first one "
        "swapping every round); Python's bytecode cache on "
        f"(PYTHONDONTWRITEBYTECODE {meta['bytecode_env']}).",
        FAIRNESS,
    ]) + "\n"


def run_lines(runs: list[dict]) -> str:
    lines = []
    for sc in SCENARIOS:
        for variant in VARIANTS:
            times = [f"{r['seconds']:.2f} s (CPU {r['cpu_s']:.2f} s, load {r['loadavg_1min']})"
                     + ("" if r["ok"] else " FAILED") for r in runs
                     if r["scenario"] == sc.key and r["variant"] == variant]
            if times:
                lines.append(f"- {sc.key}, {variant}: {'; '.join(times)}")
    return "Runs, in order (wall time; CPU; 1-min load average at the start):\n" + \
        "\n".join(lines) + "\n"


def monitoring_lines(monitoring: list[dict]) -> str:
    lines = ["", "防返贫动态监测 (tools/bench_monitoring.py, SYNTHETIC households, one run each; "
             "the three engines write the same table, seconds of the work without the process "
             "start, × the read and decode of every input column):",
             "", "| households | read and decode | DuckDB screen | pandas reference "
             "| Polars screen | same output | per-prefecture screens | combine |",
             "|---|---|---|---|---|---|---|---|"]
    for m in monitoring:
        part = m["partitioned"]
        screens = [x["seconds"] for x in part["screen_per_prefecture"].values()]
        ratio = m["ratios_to_read"]
        lines.append(
            f"| {m['households']:,} | {m['read_decode']['work_seconds']} s"
            f" | {m['duckdb']['work_seconds']} s (×{ratio['duckdb']}),"
            f" {m['duckdb']['peak_mib']} MiB"
            f" | {m['pandas']['work_seconds']} s (×{ratio['pandas']})"
            f" | {m['polars']['work_seconds']} s (×{ratio['polars']}),"
            f" {m['polars']['peak_mib']} MiB"
            f" | {'yes' if m['same_output']['same'] else 'NO'}"
            f" | {min(screens)}–{max(screens)} s | {part['combine']['seconds']} s |")
    return "\n".join(lines) + "\n"


def snakemake_version(env: dict) -> str:
    return subprocess.run([SNAKEMAKE, "--version"], env=env, capture_output=True,
                          text=True).stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per variant and scenario")
    parser.add_argument("--cores", type=int, default=CORES, help="snakemake --cores")
    parser.add_argument("--baseline", default=BASELINE, help="baseline commit")
    parser.add_argument("--json", type=Path, help="write the raw timings here")
    parser.add_argument("--markdown", type=Path, help="write the table here")
    parser.add_argument("--workdir", type=Path,
                        help="build in this (new) folder and keep it (logs, benchmarks/*.tsv)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per build")
    parser.add_argument("--monitoring", action="store_true",
                        help="also run tools/bench_monitoring.py (1M and 10M households)")
    args = parser.parse_args(argv)

    subreaper = become_subreaper()
    bytecode_env = ("was set, unset for the runs" if "PYTHONDONTWRITEBYTECODE" in os.environ
                    else "not set")
    meta = {"cpus": os.cpu_count(), "cores": args.cores, "repeat": args.repeat,
            "python": platform.python_version(), "bytecode_env": bytecode_env,
            "load_start": round(os.getloadavg()[0], 2), "source": describe(args.baseline),
            "fairness": FAIRNESS, "leftover_processes_adopted": subreaper}
    if not meta["source"]["requirements_lock_same"]:
        print(f"NOTE: requirements.lock differs between {args.baseline} and the working tree; "
              "the baseline runs with the current venv anyway.", flush=True)

    with tempfile.TemporaryDirectory(prefix="nanjiang-bench-") as tmp:
        root = args.workdir.resolve() if args.workdir else Path(tmp)
        if args.workdir:
            root.mkdir(parents=True, exist_ok=False)
        env = bench_env(root / "mplconfig")
        meta["snakemake"] = snakemake_version(env)
        meta["workdir"] = str(root) if args.workdir else None
        print(f"Preparing {args.baseline} and the working tree in {root}", flush=True)
        sources = prepare_sources(root, args.baseline)
        bench = Bench(root, args.cores, env, args.timeout)
        run_all(bench, sources, args.repeat, keep=bool(args.workdir))
        runs = bench.runs
    meta["load_end"] = round(os.getloadavg()[0], 2)

    rows = summarise(runs)
    table = render_table(rows)
    result = {"meta": meta, "summary": rows, "runs": runs}
    cpu = ("CPU time of each build (Snakemake and every process it started, the ones it "
           "left behind included), medians: less affected by the machine's load than the "
           "wall time, which the targets are about.\n\n" + render_cpu_table(rows))
    text = "\n".join([header(meta), table, verdict(rows), cpu, run_lines(runs)]) + "\n"
    if args.monitoring:
        import bench_monitoring

        result |= bench_monitoring.main([1_000_000, 10_000_000])
        text += monitoring_lines(result["monitoring"])
    print("\n" + text)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", "utf-8")
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(text, "utf-8")
    # a missed target is a measurement; a failed build is not
    return 1 if any(r["failed"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
