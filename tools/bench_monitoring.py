"""Benchmark the 防返贫动态监测 screening: DuckDB vs the pandas reference, SYNTHETIC households.

python tools/bench_monitoring.py 1000000 10000000   → JSON on stdout
Each measurement runs in its own process and reports its own peak memory (VmHWM);
the seconds include that process's start and imports.

Besides the whole-table screen and the pandas reference, the jobs of the Snakemake route:
one screen per prefecture of regions.csv (as ``monitoring_screen`` runs it: one thread,
ordered, written through a table) and the combining job, whose output must be
byte-identical to one unpartitioned screen. The household validation (row by row in Python)
is measured on ``VALIDATE_ROWS`` rows of CSV: its cost per row, not a full run; the
column-wise validation of Parquet (DuckDB) on all rows.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
LINE = 6000.0
CHUNK = 1_000_000
VALIDATE_ROWS = 100_000
MEMORY_MB = 2000  # mem_mb of the monitoring_screen and monitoring_combine rules (first attempt)


def make_data(n: int, folder: Path) -> str:
    """SYNTHETIC households in Parquet files of CHUNK rows; returns the glob."""
    import duckdb

    from nanjiang.monitoring.synthetic import generate
    from nanjiang.monitoring.validate import county_codes

    counties = sorted(county_codes(REPO / "data" / "raw" / "regions.csv"))
    con = duckdb.connect()
    for i, start in enumerate(range(0, n, CHUNK)):
        part = generate(counties, min(CHUNK, n - start), 2023, LINE, seed=i)
        part["household_id"] = part["household_id"] + f"-{i}"
        con.register("part", part)
        con.execute("COPY part TO $out (FORMAT parquet)",
                    {"out": f"{folder}/SYNTHETIC_{i:04d}.parquet"})
        con.unregister("part")
    return f"{folder}/SYNTHETIC_*.parquet"


def run_duckdb(pattern: str, out: str) -> None:
    from nanjiang.monitoring.engine import screen_to_parquet

    screen_to_parquet(pattern, LINE, Path(out), memory_limit="1500MB", threads=2)


def run_pandas(pattern: str, out: str) -> None:
    """The same rules in plain pandas, file by file (a 10M frame would not fit in 2 GB)."""
    import glob

    import duckdb

    from nanjiang.monitoring.rules import classify

    total = 0
    for path in sorted(glob.glob(pattern)):
        frame = duckdb.execute("SELECT * FROM read_parquet($path)", {"path": path}).df()
        total += (classify(frame, LINE)["category"] != "未纳入监测").sum()
    Path(out).write_text(str(total))


def run_partition(pattern: str, out: str, prefecture: str = "") -> None:
    from nanjiang.monitoring.engine import screen_partition
    from nanjiang.monitoring.regions import prefecture_counties

    counties = (prefecture_counties(REPO / "data" / "raw" / "regions.csv")[prefecture]
                if prefecture else None)
    screen_partition(pattern, {2023: LINE}, Path(out), counties, threads=1,
                     memory_mb=MEMORY_MB)


def run_combine(pattern: str, out: str) -> None:
    import glob

    from nanjiang.monitoring.engine import combine_partitions

    combine_partitions(sorted(glob.glob(pattern)), Path(out), threads=1, memory_mb=MEMORY_MB)


def run_validate(csv_path: str, out: str) -> None:
    from nanjiang.monitoring.validate import read_households

    table = read_households(Path(csv_path), REPO / "data" / "raw" / "regions.csv")
    Path(out).write_text(str(len(table)))


def run_validate_parquet(pattern: str, out: str) -> None:
    from nanjiang.monitoring.columnar import check_parquet

    check_parquet(pattern, REPO / "data" / "raw" / "regions.csv", out=Path(out),
                  memory_mb=MEMORY_MB)


def partitioned(pattern: str, tmp: Path) -> dict:
    """The Snakemake route's jobs, each measured alone, and the byte identity of its result."""
    from nanjiang.monitoring.regions import prefecture_counties

    (tmp / "parts").mkdir()
    prefectures = list(prefecture_counties(REPO / "data" / "raw" / "regions.csv"))
    screens = {p: measure("partition", pattern, f"{tmp}/parts/{p}.parquet", p)
               for p in prefectures}
    combine = measure("combine", f"{tmp}/parts/*.parquet", f"{tmp}/combined.parquet")
    whole = measure("partition", pattern, f"{tmp}/whole.parquet")
    same = (tmp / "combined.parquet").read_bytes() == (tmp / "whole.parquet").read_bytes()
    return {"screen_per_prefecture": screens, "combine": combine,
            "unpartitioned_ordered": whole, "combined_equals_unpartitioned": same}


def validation(tmp: Path) -> dict:
    import duckdb

    path = tmp / "households_SYNTHETIC.csv"
    duckdb.execute("COPY (SELECT * FROM read_parquet($source) LIMIT $rows) TO $path (HEADER)",
                   {"source": f"{tmp}/SYNTHETIC_0000.parquet", "rows": VALIDATE_ROWS,
                    "path": str(path)})
    result = measure("validate", str(path), f"{tmp}/validated.txt")
    return {"rows": VALIDATE_ROWS, **result}


def measure(kind: str, pattern: str, out: str, *extra: str) -> dict:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, __file__, "--run", kind, pattern, out, *extra],
        check=True, capture_output=True, text=True,
    )
    elapsed = time.perf_counter() - start
    return {"seconds": round(elapsed, 2), "peak_mib": round(int(proc.stdout.split()[-1]) / 1024)}


def main(sizes: list[int]) -> dict:
    results = []
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="nanjiang-mon-") as tmp:
            pattern = make_data(n, Path(tmp))
            duck = measure("duckdb", pattern, f"{tmp}/screened.parquet")
            pandas = measure("pandas", pattern, f"{tmp}/count.txt")
            results.append({
                "households": n, "duckdb": duck, "pandas": pandas,
                "pandas_over_duckdb": round(pandas["seconds"] / duck["seconds"], 1),
                "partitioned": partitioned(pattern, Path(tmp)),
                "validation_sample": validation(Path(tmp)),
                "validation_parquet": measure("validate_parquet", pattern,
                                              f"{tmp}/validated.parquet"),
            })
    return {"monitoring": results}


if __name__ == "__main__":
    if sys.argv[1] == "--run":
        runs = {"duckdb": run_duckdb, "pandas": run_pandas, "partition": run_partition,
                "combine": run_combine, "validate": run_validate,
                "validate_parquet": run_validate_parquet}
        runs[sys.argv[2]](*sys.argv[3:])
        # Peak resident memory of this process alone, in KiB: VmHWM (ru_maxrss would keep
        # the high-water mark of the parent that forked it).
        status = Path("/proc/self/status").read_text()
        print(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")))
    else:
        print(json.dumps(main([int(a) for a in sys.argv[1:]]), indent=2))
