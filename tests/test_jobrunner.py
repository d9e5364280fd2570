"""The job runner: scripts run in shared worker processes, failures stay clear."""

from __future__ import annotations

import json
import os

import pytest

from nanjiang import jobrunner


def job_script(tmp_path, body: str):
    script = tmp_path / "job.py"
    script.write_text("import json, os, sys\nsnakemake = snakemake  # noqa: F821\n" + body,
                      "utf-8")
    return script


def run(script, tmp_path):
    out = tmp_path / "out.json"
    jobrunner.run_script(str(script), [str(tmp_path / "in.csv")], [str(out)], {"year": 2020},
                         {"table": "t"}, [str(tmp_path / "job.log")])
    return json.loads(out.read_text("utf-8")) if out.exists() else None


WRITE_WHAT_IT_SAW = """
with open(snakemake.output[0], "w") as f:
    json.dump({"input": list(snakemake.input), "year": snakemake.params["year"],
               "table": snakemake.wildcards["table"], "pid": os.getpid(),
               "hashseed": os.environ.get("PYTHONHASHSEED")}, f)
"""


def test_a_script_sees_its_job_and_workers_are_reused(tmp_path):
    script = job_script(tmp_path, WRITE_WHAT_IT_SAW)
    first, second = run(script, tmp_path), run(script, tmp_path)
    assert first["input"] == [str(tmp_path / "in.csv")]
    assert (first["year"], first["table"]) == (2020, "t")
    # a long-lived worker, not a new Python per job
    assert first["pid"] == second["pid"] != os.getpid()


def test_a_script_that_exits_with_a_message_fails_the_job(tmp_path):
    script = job_script(tmp_path, "raise SystemExit('writer broken (test)')\n")
    with pytest.raises(jobrunner.JobError, match=r"stopped \(exit status 1\).*job.log"):
        run(script, tmp_path)
    # (printed on stderr too; the worker's stderr is not this test's)
    assert "writer broken (test)" in (tmp_path / "job.log").read_text("utf-8")


def test_sys_exit_0_is_success(tmp_path):
    assert run(job_script(tmp_path, "sys.exit(0)\n"), tmp_path) is None


def test_a_killed_worker_fails_its_job_only(tmp_path):
    killer = job_script(tmp_path, "import signal\nos.kill(os.getpid(), signal.SIGKILL)\n")
    with pytest.raises(jobrunner.JobError, match="worker process died"):
        run(killer, tmp_path)
    # the next job gets a new worker
    assert run(job_script(tmp_path, WRITE_WHAT_IT_SAW), tmp_path)["table"] == "t"


def test_subprocess_mode_runs_each_job_in_a_new_python(tmp_path, monkeypatch):
    monkeypatch.setenv("NANJIANG_JOBS", "subprocess")
    script = job_script(tmp_path, WRITE_WHAT_IT_SAW)
    assert run(script, tmp_path)["pid"] != run(script, tmp_path)["pid"]
    with pytest.raises(jobrunner.JobError, match="exit status 3"):
        run(job_script(tmp_path, "sys.exit(3)\n"), tmp_path)


def test_pending_timers_are_cancelled_so_snakemake_exits_at_once():
    """Snakemake leaves a 1-s rate-limit timer per scheduling round; the
    workflow's onsuccess/onerror cancel them (nanjiang.prompt_exit)."""
    import threading
    import time

    from nanjiang.prompt_exit import cancel_pending_timers

    fired = []
    timer = threading.Timer(30, lambda: fired.append(1))
    timer.start()
    start = time.perf_counter()
    assert cancel_pending_timers() >= 1
    timer.join(timeout=5)
    assert not timer.is_alive() and not fired
    assert time.perf_counter() - start < 1


def test_workers_start_with_the_common_imports_and_without_the_snakemake_command(tmp_path):
    """Run as the `snakemake` command runs (a file that imports snakemake.cli):
    a worker is forked with PRELOAD imported, and multiprocessing has not run
    the command's file again in it (0.6 s of imports per worker)."""
    import subprocess
    import sys

    probe = job_script(tmp_path, (
        "from nanjiang.jobrunner import PRELOAD\n"
        "with open(snakemake.output[0], 'w') as f:\n"
        "    json.dump({'missing': [m for m in PRELOAD if m not in sys.modules],\n"
        "               'cli': 'snakemake.cli' in sys.modules}, f)\n"))
    command = tmp_path / "snakemake-command"
    command.write_text(
        "import sys\nimport snakemake.cli  # as the `snakemake` command does\n"
        f"sys.path.insert(0, {str(jobrunner.SCRIPTS)!r})\n"
        "from nanjiang import jobrunner\n"
        "if __name__ == '__main__':\n"
        f"    jobrunner.run_script({str(probe)!r}, [], [{str(tmp_path / 'out.json')!r}], {{}},"
        f" {{}}, [{str(tmp_path / 'job.log')!r}])\n", "utf-8")
    env = {k: v for k, v in os.environ.items() if k != "NANJIANG_JOBS"}
    proc = subprocess.run([sys.executable, str(command)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    seen = json.loads((tmp_path / "out.json").read_text("utf-8"))
    assert seen == {"missing": [], "cli": False}


def test_leaving_without_the_last_collections_keeps_output_and_exit_status():
    import subprocess
    import sys

    code = (f"import sys; sys.path.insert(0, {str(jobrunner.SCRIPTS)!r})\n"
            "from nanjiang.prompt_exit import skip_collection_at_exit\n"
            "skip_collection_at_exit()\n"
            "cycle = []; cycle.append(cycle)\n"
            "print('written', end=''); sys.stderr.write('said'); sys.exit(3)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (proc.returncode, proc.stdout, proc.stderr) == (3, "written", "said")


def test_a_server_started_early_for_no_job_is_stopped_at_exit(tmp_path):
    """A no-op run starts the worker server while it reads the workflow; when
    no job came, the server is stopped as Snakemake exits, not left importing
    pandas with Snakemake's output open."""
    import subprocess
    import sys

    pid_file = tmp_path / "server.pid"
    code = (f"import sys; sys.path.insert(0, {str(jobrunner.SCRIPTS)!r})\n"
            "from multiprocessing import forkserver\n"
            "from nanjiang import jobrunner\n"
            "jobrunner.start_worker_server(early=True)\n"
            f"open({str(pid_file)!r}, 'w').write(str(forkserver._forkserver._forkserver_pid))\n")
    env = {k: v for k, v in os.environ.items() if k != "NANJIANG_JOBS"}
    proc = subprocess.run([sys.executable, "-c", code], env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    with pytest.raises(ProcessLookupError):
        os.kill(int(pid_file.read_text()), 0)
