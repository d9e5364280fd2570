"""Benchmark the pipeline on a temporary copy of the repository.

    ./run.sh bench [--runs N]

Prints and writes (bench/results.md, bench/results.json) the median wall
times of: a cold build; a no-op rebuild next to Snakemake's own no-op on a
trivial Snakefile; an incremental build after editing one value of one raw
table (with the jobs that reran); an incremental build after editing one
chapter template; and the PDF step on the full report Markdown, our typst
route against pandoc → xelatex (ctexart), when xelatex is installed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
sys.path[:0] = [str(TOOLS), str(TOOLS.parent / "scripts")]  # bench_monitoring, nanjiang

import bench_monitoring  # noqa: E402
from repocopy import PYTHON, REPO, copy_repo, snakemake_env  # noqa: E402

CORES = 2
TRIVIAL_SNAKEFILE = (
    'rule all:\n    input: "a.txt"\n\n'
    'rule a:\n    output: "a.txt"\n    shell: "touch {output}"\n'
)
EDIT_TABLE = "data/raw/durable_goods.csv"
EDIT_TEMPLATE = "report/chapters/06_conclusion.md.j2"


# As the README runs it: the `snakemake` command of the environment (a script
# file; `python -m snakemake` starts differently, see nanjiang/forkserver_setup)
SNAKEMAKE = str(Path(PYTHON).with_name("snakemake"))


def timed_snakemake(workdir: Path, *args: str) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run([SNAKEMAKE, "--cores", str(CORES), *args], cwd=workdir,
                          env=snakemake_env(), capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"snakemake failed in {workdir}:\n{proc.stderr[-3000:]}")
    return elapsed, proc.stdout + proc.stderr


def jobs_run(log: str) -> list[str]:
    """'rule[wildcards]' for every job Snakemake started, from its output."""
    jobs, current = [], None
    for line in log.splitlines():
        m = re.match(r"^(?:local)?rule (\w+):$", line.strip())
        if m:
            if current:
                jobs.append(current)
            current = m.group(1)
        elif current and line.strip().startswith("wildcards:"):
            current += f"[{line.split(':', 1)[1].strip()}]"
    if current:
        jobs.append(current)
    return sorted(jobs)


def clean(workdir: Path) -> None:
    for sub in ("data/derived/validated", "data/derived/indicators",
                "data/derived/figures", "report/build", ".snakemake", "logs"):
        shutil.rmtree(workdir / sub, ignore_errors=True)


def edit_value(path: Path) -> None:
    """Change the last printed digit of the first data row's value (+1 digit)."""
    lines = path.read_text("utf-8").splitlines(keepends=True)
    cells = lines[1].split(",")
    value = cells[4]
    cells[4] = value[:-1] + str((int(value[-1]) + 1) % 10)
    lines[1] = ",".join(cells)
    path.write_text("".join(lines), "utf-8")


def median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def bench_pdf_routes(workdir: Path, runs: int) -> dict:
    import yaml

    from nanjiang.documents.pandoc import metadata
    from nanjiang.documents.pdf import markdown_to_typst, typst_to_pdf

    config = yaml.safe_load((workdir / "config.yaml").read_text("utf-8"))
    front = yaml.safe_load((workdir / "report/front.yaml").read_text("utf-8"))
    markdown = workdir / "report/build/work/report.md"
    meta = metadata(front, config["fonts"])
    os.chdir(workdir)
    typst_times = []
    for _ in range(runs):
        start = time.perf_counter()
        typst_to_pdf(markdown_to_typst(markdown, meta), workdir / "bench-typst.pdf",
                     workdir, config["fonts"])
        typst_times.append(time.perf_counter() - start)
    result = {"typst_s": median(typst_times)}
    if shutil.which("xelatex") is None:
        result["xelatex"] = "skipped: xelatex is not installed (the benchmark never installs TeX)"
        return result
    import pypandoc

    tex_times = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(
            [pypandoc.get_pandoc_path(), str(markdown), "-f",
             "markdown+east_asian_line_breaks", "--pdf-engine=xelatex",
             "-V", "documentclass=ctexart", "--default-image-extension=png",
             "-o", str(workdir / "bench-tex.pdf")],
            cwd=workdir, capture_output=True, text=True)
        tex_times.append(time.perf_counter() - start)
        if proc.returncode != 0:
            result["xelatex"] = f"failed: {proc.stderr[-500:]}"
            return result
    result["xelatex_s"] = median(tex_times)
    result["ratio"] = round(result["xelatex_s"] / result["typst_s"], 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement")
    args = parser.parse_args()
    # Timed as a user's Python runs: it keeps the modules it compiled
    # (__pycache__). A machine that sets PYTHONDONTWRITEBYTECODE (some CI images
    # do) compiles every project module again in every process of every build.
    bytecode = "off (PYTHONDONTWRITEBYTECODE)" if os.environ.pop(
        "PYTHONDONTWRITEBYTECODE", None) else "on"
    results: dict = {"cores": os.cpu_count(), "snakemake_cores": CORES, "runs": args.runs,
                     "bytecode_cache": f"on (the machine's setting: {bytecode})"}
    with tempfile.TemporaryDirectory(prefix="nanjiang-bench-") as tmp:
        tmp = Path(tmp)
        work = copy_repo(tmp / "repo")
        cold = []
        for _ in range(args.runs):
            clean(work)
            cold.append(timed_snakemake(work)[0])
        results["cold_s"] = median(cold)
        results["noop_s"] = median([timed_snakemake(work)[0] for _ in range(args.runs)])
        trivial = tmp / "trivial"
        trivial.mkdir()
        (trivial / "Snakefile").write_text(TRIVIAL_SNAKEFILE)
        timed_snakemake(trivial)
        results["snakemake_noop_s"] = median(
            [timed_snakemake(trivial)[0] for _ in range(args.runs)])
        results["noop_overhead_s"] = round(results["noop_s"] - results["snakemake_noop_s"], 3)

        table_times, table_jobs = [], []
        for _ in range(args.runs):
            edit_value(work / EDIT_TABLE)
            elapsed, log = timed_snakemake(work)
            table_times.append(elapsed)
            table_jobs = jobs_run(log)
        results["one_table_edit_s"] = median(table_times)
        results["one_table_edit_jobs"] = table_jobs
        results["one_table_edit_file"] = EDIT_TABLE

        template_times, template_jobs = [], []
        for i in range(args.runs):
            with (work / EDIT_TEMPLATE).open("a", encoding="utf-8") as fh:
                fh.write(f"\n{{# benchmark edit {i} #}}\n")
            elapsed, log = timed_snakemake(work)
            template_times.append(elapsed)
            template_jobs = jobs_run(log)
        results["template_edit_s"] = median(template_times)
        results["template_edit_jobs"] = template_jobs
        results["pdf_route"] = bench_pdf_routes(work, args.runs)
        os.chdir(REPO)
    # 防返贫动态监测: one run each (the 10M data take a minute to generate).
    results.update(bench_monitoring.main([1_000_000, 10_000_000]))
    write_results(results)


def write_results(results: dict) -> None:
    out = REPO / "bench"
    out.mkdir(exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    pdf = results["pdf_route"]
    rows = [
        ("cold build (clean tree)", f"{results['cold_s']} s"),
        ("no-op rebuild", f"{results['noop_s']} s"),
        ("Snakemake's own no-op (trivial Snakefile)", f"{results['snakemake_noop_s']} s"),
        ("no-op overhead over Snakemake's", f"{results['noop_overhead_s']} s"),
        (f"one value edited in {results['one_table_edit_file']}",
         f"{results['one_table_edit_s']} s, {len(results['one_table_edit_jobs'])} jobs"),
        ("one chapter template edited",
         f"{results['template_edit_s']} s, {len(results['template_edit_jobs'])} jobs"),
        ("PDF step, typst route", f"{pdf['typst_s']} s"),
        ("PDF step, pandoc → xelatex (ctexart)",
         f"{pdf['xelatex_s']} s (typst {pdf['ratio']}× faster)" if "xelatex_s" in pdf
         else pdf["xelatex"]),
    ]
    for m in results.get("monitoring", []):
        rows.append((
            f"monitoring screen, {m['households']:,} SYNTHETIC households (target "
            f"{'3' if m['households'] <= 1_000_000 else '30'} s, 2 GB)",
            f"DuckDB {m['duckdb']['seconds']} s, peak {m['duckdb']['peak_mib']} MiB; "
            f"pandas {m['pandas']['seconds']} s ({m['pandas_over_duckdb']}× DuckDB's time)",
        ))
        part = m["partitioned"]
        screens = part["screen_per_prefecture"].values()
        rows.append((
            f"monitoring, Snakemake route, {m['households']:,} households: one job per "
            "prefecture, then combine",
            f"screens {min(x['seconds'] for x in screens)}–{max(x['seconds'] for x in screens)} s"
            f" (peak ≤ {max(x['peak_mib'] for x in screens)} MiB), combine "
            f"{part['combine']['seconds']} s ({part['combine']['peak_mib']} MiB); byte-identical"
            f" to one unpartitioned screen: {part['combined_equals_unpartitioned']}",
        ))
        v = m["validation_sample"]
        rows.append((f"household validation, {v['rows']:,} rows of CSV",
                     f"{v['seconds']} s, peak {v['peak_mib']} MiB"))
        vp = m["validation_parquet"]
        rows.append((f"household validation, {m['households']:,} rows of Parquet (DuckDB)",
                     f"{vp['seconds']} s, peak {vp['peak_mib']} MiB"))
    lines = [f"Machine: {results['cores']} cores; snakemake --cores {results['snakemake_cores']}; "
             f"median of {results['runs']} runs; Python's bytecode cache "
             f"{results['bytecode_cache']}.", "", "| measurement | median |", "|---|---|"]
    lines += [f"| {a} | {b} |" for a, b in rows]
    lines += ["", "Jobs rerun after the table edit: " + ", ".join(results["one_table_edit_jobs"]),
              "", "Jobs rerun after the template edit: " + ", ".join(results["template_edit_jobs"])]
    text = "\n".join(lines) + "\n"
    (out / "results.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
