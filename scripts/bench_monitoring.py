"""Benchmark the 防返贫动态监测 screening: DuckDB vs the pandas reference, SYNTHETIC households.

python scripts/bench_monitoring.py 1000000 10000000   → JSON on stdout
Each measurement runs in its own process and reports its own peak memory (VmHWM);
the seconds include that process's start and imports.
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
        con.execute(f"COPY part TO '{folder}/SYNTHETIC_{i:04d}.parquet' (FORMAT parquet)")
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
        frame = duckdb.sql(f"SELECT * FROM read_parquet('{path}')").df()
        total += (classify(frame, LINE)["category"] != "未纳入监测").sum()
    Path(out).write_text(str(total))


def measure(kind: str, pattern: str, out: str) -> dict:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, __file__, "--run", kind, pattern, out],
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
            })
    return {"monitoring": results}


if __name__ == "__main__":
    if sys.argv[1] == "--run":
        {"duckdb": run_duckdb, "pandas": run_pandas}[sys.argv[2]](sys.argv[3], sys.argv[4])
        # Peak resident memory of this process alone, in KiB: VmHWM (ru_maxrss would keep
        # the high-water mark of the parent that forked it).
        status = Path("/proc/self/status").read_text()
        print(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")))
    else:
        print(json.dumps(main([int(a) for a in sys.argv[1:]]), indent=2))
