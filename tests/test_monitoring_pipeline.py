"""`snakemake monitoring` in a temporary copy: SYNTHETIC by default, a bad table stops it."""

from __future__ import annotations

import pandas as pd
import yaml

from conftest import snakemake
from nanjiang.repocopy import copy_repo
from test_monitoring_rules import BASE
from test_monitoring_validate import write


def test_synthetic_run_then_bad_household_table_is_located(tmp_path):
    repo = copy_repo(tmp_path / "repo")
    snakemake(repo, "--cores", "2", "monitoring")
    summary = pd.read_csv(repo / "data/derived/monitoring/SYNTHETIC/summary_SYNTHETIC.csv")
    assert set(summary["level"]) == {"county", "prefecture"}
    assert summary.query("kind == 'screened' and level == 'county'")["households"].sum() > 0
    lists = sorted((repo / "data/derived/monitoring/SYNTHETIC/counties").glob("*.xlsx"))
    assert len(lists) == 33 and all("SYNTHETIC" in p.name for p in lists)
    # A nothing-changed rerun does nothing.
    again = snakemake(repo, "--cores", "2", "monitoring")
    assert "Nothing to be done" in again.stdout + again.stderr

    write(repo / "h.csv", [BASE, {**BASE, "household_size": 0}])
    (repo / "lines.csv").write_text(
        "year,line_yuan,source_id,note\n2022,6000,县乡村振兴局通知,local\n", "utf-8"
    )
    config = yaml.safe_load((repo / "config.yaml").read_text("utf-8"))
    config["monitoring"].update(households="h.csv", line_file="lines.csv")
    (repo / "config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    failed = snakemake(repo, "--cores", "2", "monitoring", check=False)
    assert failed.returncode != 0
    log = (repo / "logs/monitoring/screen.log").read_text("utf-8")
    assert "h.csv:3, column 'household_id', value 'H1': duplicate household id" in log
    assert "h.csv:3, column 'household_size', value '0'" in log

    write(repo / "h.csv", [BASE])  # 2023, but the local file has only 2022
    failed = snakemake(repo, "--cores", "2", "monitoring", check=False)
    assert failed.returncode != 0
    log = (repo / "logs/monitoring/screen.log").read_text("utf-8")
    assert "no sourced 监测范围 for year 2023" in log
