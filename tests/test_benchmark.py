"""tools/benchmark.py: its pure parts (no build is run here)."""

from __future__ import annotations

import benchmark

SNAKEMAKE_OUTPUT = """\
Building DAG of jobs...
Provided cores: 4
Job stats:
job                 count
----------------  -------
all                     1
total                  12

[Sun Dec  6 01:08:37 2026]
localrule validate_table:
    wildcards: table=durable_goods
1 of 12 steps (8%) done
[Sun Dec  6 01:08:38 2026]
11 of 12 steps (92%) done
[Sun Dec  6 01:08:39 2026]
12 of 12 steps (100%) done
Complete log(s): /tmp/x/.snakemake/log/2026-12-06T010837.snakemake.log
"""


def test_jobs_run_is_the_last_progress_line():
    assert benchmark.jobs_run(SNAKEMAKE_OUTPUT) == 12
    assert benchmark.jobs_run("1 of 1 steps (100%) done\n") == 1
    assert benchmark.jobs_run("1 of 1 step (100%) done\n") == 1


def test_jobs_run_nothing_to_be_done_and_unknown():
    noop = "Building DAG of jobs...\nNothing to be done (all requested files are present " \
           "and up to date).\n"
    assert benchmark.jobs_run(noop) == 0
    assert benchmark.jobs_run("WorkflowError: something broke\n") is None


def test_median_and_ratio():
    assert benchmark.median([3.0, 1.0, 2.0]) == 2.0
    assert benchmark.median([1.0, 2.0]) == 1.5
    assert benchmark.median([]) is None
    assert benchmark.ratio(6.0, 4.0) == 1.5
    assert benchmark.ratio(None, 4.0) is None
    assert benchmark.ratio(1.0, 0.0) is None


def run(scenario, variant, seconds, jobs=12, ok=True, round_=0):
    return {"scenario": scenario, "variant": variant, "seconds": seconds, "jobs": jobs,
            "ok": ok, "round": round_, "cpu_s": 2 * seconds, "loadavg_1min": 1.0}


def sample_runs(cold_candidate=15.0, noop_candidate=1.6):
    runs = []
    for i in range(3):
        runs += [run("cold", "baseline", 10.0 + i, 54), run("cold", "candidate",
                                                            cold_candidate + i, 54),
                 run("noop", "baseline", 1.4, 0), run("trivial", "baseline", 1.3, 1),
                 run("noop", "candidate", noop_candidate, 0), run("trivial", "candidate", 1.2, 1),
                 run("edit", "baseline", 5.0, 12), run("edit", "candidate", 8.0 + i, 12)]
    return runs


def test_summary_medians_ratios_and_targets():
    rows = {r["scenario"]: r for r in benchmark.summarise(sample_runs())}
    assert list(rows) == ["cold", "noop", "trivial", "edit"]
    cold = rows["cold"]
    assert (cold["baseline_s"], cold["candidate_s"], cold["ratio"]) == (11.0, 16.0, 1.45)
    assert cold["met"] is True and cold["jobs"] == {"baseline": [54], "candidate": [54]}
    # the edit's ratio 9/5 = 1.8 > 1.5
    assert rows["edit"]["ratio"] == 1.8 and rows["edit"]["met"] is False
    # no-op: the candidate's median against all trivial runs' median (1.25) + 0.5
    assert rows["noop"]["limit_s"] == 1.75 and rows["noop"]["met"] is True
    assert rows["trivial"]["met"] is None and rows["trivial"]["target"] == "reference"


def test_noop_target_missed():
    rows = {r["scenario"]: r for r in benchmark.summarise(sample_runs(noop_candidate=1.8))}
    assert rows["noop"]["met"] is False


def test_table_rendering():
    rows = benchmark.summarise(sample_runs())
    table = benchmark.render_table(rows)
    lines = table.splitlines()
    assert lines[0].startswith("| scenario | baseline median | candidate median | ratio | "
                               "target | met?")
    assert len(lines) == 2 + 4
    assert all(line.count("|") == lines[0].count("|") for line in lines)
    cold = next(line for line in lines if line.startswith("| cold"))
    assert "| 11.00 s | 16.00 s | 1.45× | ≤ 1.6× | met | 54 / 54 |" in cold
    edit = next(line for line in lines if line.startswith("| one-table edit"))
    assert "**MISSED**" in edit
    noop = next(line for line in lines if line.startswith("| no-op"))
    assert "≤ trivial no-op + 0.5 s = 1.75 s" in noop
    assert benchmark.verdict(rows) == "MISSED targets: edit"


def test_cpu_table():
    rows = benchmark.summarise(sample_runs())
    cold = next(r for r in rows if r["scenario"] == "cold")
    assert (cold["baseline_cpu_s"], cold["candidate_cpu_s"], cold["cpu_ratio"]) == \
        (22.0, 32.0, 1.45)
    table = benchmark.render_cpu_table(rows).splitlines()
    assert table[0] == "| scenario | baseline CPU | candidate CPU | ratio |"
    assert "| 22.00 s | 32.00 s | 1.45× |" in table[2]
    assert "Runs, in order" in benchmark.run_lines(sample_runs())


def test_failed_build_is_shown_and_not_judged():
    runs = sample_runs() + [run("edit", "candidate", 2.0, None, ok=False, round_=3)]
    rows = benchmark.summarise(runs)
    edit = next(r for r in rows if r["scenario"] == "edit")
    assert edit["failed"] == ["candidate"] and edit["met"] is None
    assert "**FAILED** (candidate)" in benchmark.render_table(rows)
    assert benchmark.verdict(rows).startswith("FAILED builds: edit")


def test_edit_value_changes_one_digit_the_same_way_each_round(tmp_path):
    path = tmp_path / "t.csv"
    original = "year,region_code,value,unit\n2018,CNPA,19.9,台\n2018,X,86.9,台\n"
    seen = set()
    for round_ in range(9):
        path.write_text(original, "utf-8")
        benchmark.edit_value(path, round_)
        text = path.read_text("utf-8")
        lines = text.splitlines()
        assert lines[0] == "year,region_code,value,unit" and lines[2] == "2018,X,86.9,台"
        assert lines[1].startswith("2018,CNPA,19.") and lines[1] != "2018,CNPA,19.9,台"
        seen.add(lines[1])
    assert len(seen) == 9  # every round a different value


def test_alternating_order():
    assert benchmark.order(0) == ("baseline", "candidate")
    assert benchmark.order(1) == ("candidate", "baseline")


def test_monitoring_rows_from_bench_monitoring_output():
    """The three engines at equal output, each beside its ratio to the read and decode of
    the input measured in the same run."""
    monitoring = [{"households": 1_000_000,
                   "read_decode": {"work_seconds": 0.8},
                   "duckdb": {"work_seconds": 1.2, "peak_mib": 300},
                   "pandas": {"work_seconds": 4.0},
                   "polars": {"work_seconds": 1.0, "peak_mib": 400},
                   "ratios_to_read": {"duckdb": 1.5, "pandas": 5.0, "polars": 1.25},
                   "same_output": {"same": True},
                   "partitioned": {"screen_per_prefecture": {"652900": {"seconds": 0.5},
                                                             "653000": {"seconds": 0.7}},
                                   "combine": {"seconds": 0.3}}}]
    text = benchmark.monitoring_lines(monitoring)
    assert ("| 1,000,000 | 0.8 s | 1.2 s (×1.5), 300 MiB | 4.0 s (×5.0) "
            "| 1.0 s (×1.25), 400 MiB | yes | 0.5–0.7 s | 0.3 s |") in text
    header = next(line for line in text.splitlines() if line.startswith("| households"))
    assert header.count("|") == text.splitlines()[-1].count("|")
