"""Benchmark the 防返贫动态监测 screening, SYNTHETIC households: DuckDB, pandas and Polars.

python tools/bench_monitoring.py 1000000 10000000   → JSON on stdout
python tools/bench_monitoring.py --screen-only 2000000   (the engines only, no Snakemake route)
Each measurement runs in its own process and reports its own peak memory (VmHWM);
the seconds include that process's start and imports.

Equal work: the three engines read the same Parquet files and write the same table
(``rules.SCREENED``: the key, the columns the summary counts by, the results) as Parquet
(zstd), and the run checks the outputs hold the same rows (``same_output``: DuckDB's against
the pandas reference's and against Polars'). DuckDB (the pipeline's engine, ``engine.py``)
and Polars (``polars_screen.py``, measured only: no job runs it) stream the files with two
threads; the pandas reference screens them file by file. Beside them, in the same run: the
time to read and decode every column of the input (DuckDB, two threads, each file into
memory and dropped: no rule, nothing written) and DuckDB's and Polars' screens without
writing (counts only), so a screen splits into reading, the rule and writing.

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


THREADS = 2


def run_read(pattern: str, out: str) -> None:
    """Read and decode every column of every input file (one file, CHUNK rows, at a time)."""
    import glob

    import duckdb

    con = duckdb.connect(config={"threads": THREADS, "memory_limit": "1500MB"})
    rows = 0
    for path in sorted(glob.glob(pattern)):
        con.execute("CREATE OR REPLACE TEMP TABLE decoded AS SELECT * FROM read_parquet($p)",
                    {"p": path})
        rows += con.execute("SELECT count(*) FROM decoded").fetchone()[0]
        con.execute("DROP TABLE decoded")
    Path(out).write_text(str(rows))


def run_duckdb(pattern: str, out: str) -> None:
    from nanjiang.monitoring.engine import screen_to_parquet

    screen_to_parquet(pattern, LINE, Path(out), memory_limit="1500MB", threads=THREADS)


def run_duckdb_count(pattern: str, out: str) -> None:
    """DuckDB's screen, read and rule only: the households per category, nothing written."""
    import duckdb

    from nanjiang.monitoring.engine import Params, scan, screening_sql

    con = duckdb.connect(config={"threads": THREADS, "memory_limit": "1500MB"})
    bind = Params()
    select, _ = screening_sql(scan(pattern, bind), LINE, None, bind)
    sql = f"SELECT category, count(*) FROM ({select}) GROUP BY ALL ORDER BY ALL"
    Path(out).write_text(repr(con.execute(sql, bind.used_in(sql)).fetchall()))


def run_polars(pattern: str, out: str) -> None:
    """The same rules in Polars, streamed from the input files into one Parquet file."""
    import os

    os.environ["POLARS_MAX_THREADS"] = str(THREADS)  # read when Polars is imported
    from nanjiang.monitoring.polars_screen import screen_to_parquet

    screen_to_parquet(pattern, LINE, Path(out))


def run_polars_count(pattern: str, out: str) -> None:
    """Polars' screen, read and rule only: the households per category, nothing written."""
    import os

    os.environ["POLARS_MAX_THREADS"] = str(THREADS)
    import polars as pl

    from nanjiang.monitoring.polars_screen import screening

    counts = (screening(pl.scan_parquet(pattern), LINE).group_by("category").len()
              .sort("category").collect(engine="streaming"))
    Path(out).write_text(repr(counts.rows()))


def run_pandas(pattern: str, out: str) -> None:
    """The same rules in plain pandas, file by file (a 10M frame would not fit in 2 GB),
    each file's screened table (rules.SCREENED, as DuckDB's) written as Parquet into the
    folder ``out``; the seconds of its phases in ``out``/phases.json."""
    import glob
    import json

    import duckdb

    from nanjiang.monitoring.rules import screened

    folder = Path(out)
    folder.mkdir()
    con = duckdb.connect(config={"threads": THREADS})
    phases = {"read": 0.0, "rule": 0.0, "write": 0.0}
    for i, path in enumerate(sorted(glob.glob(pattern))):
        t0 = time.perf_counter()
        frame = con.execute("SELECT * FROM read_parquet($path)", {"path": path}).df()
        t1 = time.perf_counter()
        table = screened(frame, LINE)
        t2 = time.perf_counter()
        con.register("screened_part", table)
        con.execute("COPY screened_part TO $out (FORMAT parquet, COMPRESSION zstd)",
                    {"out": str(folder / f"part_{i:04d}.parquet")})
        con.unregister("screened_part")
        t3 = time.perf_counter()
        for k, dt in zip(phases, (t1 - t0, t2 - t1, t3 - t2), strict=True):
            phases[k] += dt
    (folder / "phases.json").write_text(json.dumps({k: round(v, 2) for k, v in phases.items()}))


def same_output(duck: str, pandas_folder: str, polars: str) -> dict:
    """The rows of DuckDB's output less the pandas reference's and less Polars', and each of
    those less DuckDB's (all 0: the same table three times), compared as the screen's types."""
    import duckdb

    from nanjiang.monitoring.rules import SCREENED

    cols = ", ".join(f'"{c}"' for c in SCREENED)
    con = duckdb.connect(config={"threads": THREADS, "memory_limit": "1500MB"})
    a = f"SELECT {cols} FROM read_parquet($duck)"
    others = {"pandas": (f"SELECT {cols} FROM read_parquet($other, union_by_name = true)",
                         f"{pandas_folder}/part_*.parquet"),
              "polars": (f"SELECT {cols} FROM read_parquet($other)", polars)}
    out = {"rows": con.execute(f"SELECT count(*) FROM ({a})", {"duck": duck}).fetchone()[0]}
    for name, (b, path) in others.items():
        params = {"duck": duck, "other": path}
        out[f"only_duckdb_vs_{name}"] = con.execute(
            f"SELECT count(*) FROM ({a} EXCEPT ALL {b})", params).fetchone()[0]
        out[f"only_{name}"] = con.execute(
            f"SELECT count(*) FROM ({b} EXCEPT ALL {a})", params).fetchone()[0]
    out["same"] = all(v == 0 for k, v in out.items() if k.startswith("only_"))
    return out


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
    work, peak = proc.stdout.split()[-2:]
    return {"seconds": round(elapsed, 2), "work_seconds": round(float(work), 2),
            "peak_mib": round(int(peak) / 1024)}


def engines(pattern: str, tmp: Path) -> dict:
    """In one run: read and decode; DuckDB's and Polars' screens (counts only, and written);
    the pandas reference writing the same table. Ratios to the read, and to DuckDB."""
    read = measure("read", pattern, f"{tmp}/read.txt")
    count = measure("duckdb_count", pattern, f"{tmp}/counts.txt")
    duck = measure("duckdb", pattern, f"{tmp}/screened.parquet")
    pandas = measure("pandas", pattern, f"{tmp}/pandas")
    pandas["phases_s"] = json.loads((tmp / "pandas" / "phases.json").read_text())
    polars_count = measure("polars_count", pattern, f"{tmp}/polars_counts.txt")
    polars = measure("polars", pattern, f"{tmp}/polars.parquet")
    out = {"read_decode": read, "duckdb_rule_no_write": count, "duckdb": duck, "pandas": pandas,
           "polars_rule_no_write": polars_count, "polars": polars}
    # ratios of the work itself (process start and imports left out, the same for all)
    out["ratios_to_read"] = {k: round(out[k]["work_seconds"] / read["work_seconds"], 2)
                             for k in ("duckdb_rule_no_write", "duckdb", "pandas",
                                       "polars_rule_no_write", "polars")}
    out["pandas_over_duckdb"] = round(pandas["work_seconds"] / duck["work_seconds"], 2)
    out["polars_over_duckdb"] = round(polars["work_seconds"] / duck["work_seconds"], 2)
    # the counts of the two screens that write nothing agree too
    out["same_counts"] = ((tmp / "counts.txt").read_text()
                          == (tmp / "polars_counts.txt").read_text())
    out["same_output"] = same_output(f"{tmp}/screened.parquet", f"{tmp}/pandas",
                                     f"{tmp}/polars.parquet")
    return out


def main(sizes: list[int], screen_only: bool = False) -> dict:
    results = []
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="nanjiang-mon-") as tmp:
            pattern = make_data(n, Path(tmp))
            result = {"households": n, "threads": THREADS, **engines(pattern, Path(tmp))}
            if not screen_only:
                result |= {
                    "partitioned": partitioned(pattern, Path(tmp)),
                    "validation_sample": validation(Path(tmp)),
                    "validation_parquet": measure("validate_parquet", pattern,
                                                  f"{tmp}/validated.parquet"),
                }
            results.append(result)
    return {"monitoring": results}


if __name__ == "__main__":
    if sys.argv[1] == "--run":
        runs = {"read": run_read, "duckdb": run_duckdb, "duckdb_count": run_duckdb_count,
                "pandas": run_pandas, "polars": run_polars, "polars_count": run_polars_count,
                "partition": run_partition,
                "combine": run_combine, "validate": run_validate,
                "validate_parquet": run_validate_parquet}
        begun = time.perf_counter()
        runs[sys.argv[2]](*sys.argv[3:])
        # The seconds of the work itself (without the process's start and imports), then the
        # peak resident memory of this process alone, in KiB: VmHWM (ru_maxrss would keep
        # the high-water mark of the parent that forked it).
        status = Path("/proc/self/status").read_text()
        print(round(time.perf_counter() - begun, 3),
              next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")))
    else:
        only = "--screen-only" in sys.argv
        sizes = [int(a) for a in sys.argv[1:] if a != "--screen-only"]
        print(json.dumps(main(sizes, screen_only=only), indent=2, ensure_ascii=False))
