"""A job's script run alone for debugging, from the record its last run left
beside its log (nanjiang.workflow.standalone)."""

from __future__ import annotations

import shutil
import subprocess

from repocopy import PYTHON, snakemake_env


def test_a_figure_job_run_alone_draws_the_same_bytes(built_repo, tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(built_repo, repo, symlinks=True,
                    ignore=shutil.ignore_patterns(".snakemake", "editions", "staging"))
    svg = repo / "data/derived/figures/fig_durable_goods.svg"
    before = svg.read_bytes()
    svg.unlink()
    proc = subprocess.run([PYTHON, "scripts/make_figure.py",
                           "logs/figures/fig_durable_goods.job.json"],
                          cwd=repo, env=snakemake_env(), capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert svg.read_bytes() == before


def test_a_job_script_alone_without_a_record_says_how_to_run_it(built_repo):
    proc = subprocess.run([PYTHON, "scripts/validate_table.py"], cwd=built_repo,
                          env=snakemake_env(), capture_output=True, text=True)
    assert proc.returncode != 0
    assert "python scripts/validate_table.py logs/<stage>/<job>.job.json" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_record_of_another_script_or_another_folder_is_refused(built_repo, tmp_path):
    record = "logs/validate/durable_goods.job.json"
    wrong = subprocess.run([PYTHON, "scripts/make_figure.py", record], cwd=built_repo,
                           env=snakemake_env(), capture_output=True, text=True)
    assert wrong.returncode != 0 and "is a record of validate_table.py" in wrong.stderr
    elsewhere = subprocess.run([PYTHON, str(built_repo / "scripts/make_figure.py"),
                                str(built_repo / "logs/figures/fig_durable_goods.job.json")],
                               cwd=tmp_path, env=snakemake_env(), capture_output=True, text=True)
    assert elsewhere.returncode != 0 and "from the repository's folder" in elsewhere.stderr
    assert not (tmp_path / "logs").exists()
