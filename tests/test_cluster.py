"""Cluster readiness: every rule sizes its jobs, the SLURM profile submits one
cluster job per job (wildcard partitions included), and nothing a job writes
depends on when or where it ran. The run on a real SLURM is
tools/cluster/slurm_proof.sh (`./run.sh cluster-proof`, in .ci/run)."""

from __future__ import annotations

import re
import time
import zipfile
from pathlib import Path

import yaml

from conftest import REPO, snakemake
from nanjiang.common.epoch import source_date_epoch

RULES = sorted((REPO / "rules").glob("*.smk"))


def rule_blocks() -> dict[str, str]:
    """Each rule of rules/*.smk with the text of its body."""
    blocks = {}
    for path in RULES:
        parts = re.split(r"^rule (\w+):\n", path.read_text(encoding="utf-8"), flags=re.M)
        for name, body in zip(parts[1::2], parts[2::2], strict=True):
            # the body ends where the next top-level statement starts
            blocks[name] = re.split(r"^\S", body, maxsplit=1, flags=re.M)[0]
    return blocks


def test_every_rule_names_threads_memory_and_runtime():
    blocks = rule_blocks()
    assert len(blocks) >= 9
    for name, body in blocks.items():
        assert re.search(r"^    threads: \d+$", body, re.M), f"rule {name}: no threads"
        resources = body.partition("    resources:\n")[2]
        assert resources, f"rule {name}: no resources"
        for key in ("mem_mb", "runtime"):
            assert re.search(rf"^        {key}=", resources, re.M), f"rule {name}: no {key}"


def test_slurm_profile_gives_defaults_and_never_groups_jobs():
    profile = yaml.safe_load((REPO / "profiles/slurm/config.yaml").read_text())
    assert profile["executor"] == "slurm"
    # a rule without resources of its own (a new one) still gets a size
    assert {"mem_mb", "runtime"} <= set(profile["default-resources"])
    # grouping would fold wildcard partitions into one cluster job
    assert not {"groups", "group-components"} & set(profile)
    # shared file systems lag; an out-of-memory job is retried with more
    assert profile["latency-wait"] >= 30 and profile["retries"] == 1
    for name, body in rule_blocks().items():
        assert "attempt" in body.partition("mem_mb=")[2].splitlines()[0], name


def test_each_wildcard_job_is_its_own_cluster_job(repo_copy):
    plan = snakemake(repo_copy, "--profile", "profiles/slurm", "-n").stdout
    tables = len(list((repo_copy / "data/raw/datapackage.yaml").parent.glob("*.csv")))
    validations = re.findall(r"^rule validate_table:$", plan, re.M)
    stats = re.search(r"^validate_table\s+(\d+)$", plan, re.M)
    assert stats and int(stats.group(1)) == len(validations) > 1
    assert len(validations) <= tables
    assert "group job" not in plan.lower()
    # each job carries its rule's own size
    assert re.search(r"rule pdf:\n(?:    .*\n)*?    resources: .*mem_mb=1000.*runtime=5", plan)


def test_reference_docx_is_dated_at_source_date_epoch(repo_copy):
    """pandoc copies entries of the reference document into report.docx: a
    wall-clock date there made report.docx differ between a cluster job and a
    local run (found by the SLURM proof)."""
    snakemake(repo_copy, "report/build/work/reference.docx")
    with zipfile.ZipFile(repo_copy / "report/build/work/reference.docx") as docx:
        dates = {info.date_time for info in docx.infolist()}
    epoch = source_date_epoch()
    assert dates == {time.gmtime(epoch)[:6]}


def test_ci_runs_the_cluster_proof():
    ci = (REPO / ".ci/run").read_text()
    assert "./run.sh cluster-proof" in ci
    assert Path(REPO / "tools/cluster/slurm_proof.sh").stat().st_mode & 0o111
