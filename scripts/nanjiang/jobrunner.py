"""Run the report's job scripts in long-lived worker processes.

A `script:` job starts a Python that imports pandas, matplotlib and this
package again: 0.5-0.9 s of a 1.4 s figure job, ~50 times per build. The
report's rules call ``run_script`` from a `run:` block instead; with
Snakemake's ``--force-use-threads`` (profiles/default/config.yaml) that
block runs in a thread of the Snakemake process, which hands the script to
a pool of worker processes started once per Snakemake run: the imports
are paid once and each worker runs one job after another, so jobs use every
core and two jobs never share a process at the same time. The script is
the same file either way: it finds the ``snakemake`` object (input,
output, params, wildcards, log) that Snakemake's `script:` directive would
inject. A job must not depend on what an earlier job left in its worker
(matplotlib's rcParams are set by every figure job): a test builds once
per mode and compares every output byte.

Workers are forked from a server process (multiprocessing's `forkserver`: a
new interpreter, started while Snakemake reads the workflow or with the
first job; never a fork of Snakemake's threads) that imported what most
jobs import (PRELOAD) once: a worker starts in milliseconds with pandas and
matplotlib loaded, in the environment Snakemake set (SOURCE_DATE_EPOCH,
PYTHONHASHSEED=0). The server and the workers end with the Snakemake
process, so a code edit is seen by the next run. NANJIANG_JOBS=subprocess
runs every job in a new Python instead (the tests use it to see which
modules a job imports on its own).
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import pickle
import runpy
import signal
import subprocess
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from types import SimpleNamespace

from . import jobs

SCRIPTS = Path(__file__).resolve().parents[1]
_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


class JobError(Exception):
    """A job script stopped; its message is in its log and on stderr."""


def run_script(script: str, input, output, params, wildcards, log) -> None:
    """Run ``scripts/<script>`` for one job (from a rule's `run:` block)."""
    path = SCRIPTS / script
    job = SimpleNamespace(input=input, output=output, params=params, wildcards=wildcards,
                          log=log)
    if os.environ.get("NANJIANG_JOBS") == "subprocess":
        stopped = _run_in_new_python(path, job)
    else:
        try:
            stopped = _workers().submit(run_job, str(path), job).result()
        except BrokenProcessPool:
            _discard_workers()  # (killed, out of memory): later jobs get new ones
            stopped = "its worker process died"
    if stopped:
        # (the script printed and logged why)
        raise JobError(f"{script} stopped ({stopped}); see {log[0]}")


def run_job(path: str, job: SimpleNamespace) -> str | None:
    """In a worker: run the script; why it stopped, or None."""
    jobs.SHARED_PROCESS = True
    try:
        runpy.run_path(path, init_globals={"snakemake": job}, run_name="__job__")
    except SystemExit as e:  # JobFailed, or sys.exit() as a script may call it
        if e.code in (None, 0):
            return None
        if not isinstance(e.code, int):
            # as Python prints it on exit; and where the error names the log
            print(e.code, file=sys.stderr)
            with open(job.log[0], "a", encoding="utf-8") as log:
                print(e.code, file=log)
        return f"exit status {e.code if isinstance(e.code, int) else 1}"
    return None


# What most jobs import, imported once by the process the workers are forked
# from: a worker starts with them, in milliseconds.
PRELOAD = ["pandas", "matplotlib", "matplotlib.pyplot", "jinja2", "yaml",
           "nanjiang.jobs", "nanjiang.loaders", "nanjiang.figures.style"]


# the `snakemake` command's file, for the worker server (forkserver_setup)
MAIN_FILE = "NANJIANG_MAIN_FILE"


def start_worker_server(early: bool = False) -> None:
    """Start the process workers are forked from (``forkserver``), importing
    PRELOAD, if it is not running yet: a new interpreter, never a fork of
    Snakemake's threads. ``early`` (while Snakemake reads the workflow and
    builds its DAG, so that its imports are done when the first job comes):
    if no job comes, it is stopped at exit, not left importing with
    Snakemake's output open."""
    if os.environ.get("NANJIANG_JOBS") == "subprocess":
        return
    from multiprocessing import forkserver

    if early:
        atexit.register(_stop_unused_server)

    multiprocessing.get_context("forkserver").set_forkserver_preload(
        ["nanjiang.forkserver_setup", *PRELOAD])
    main = sys.modules["__main__"]
    script = getattr(main, "__spec__", None) is None and getattr(main, "__file__", None)
    # Only the server's start sees these (its environment is copied then):
    # Python 3.11's forkserver does not take our sys.path, and the
    # `snakemake` command (not `python -m snakemake`) is a file the workers
    # need not run again (see forkserver_setup).
    server_env = {"PYTHONPATH": os.pathsep.join(filter(None, [str(SCRIPTS),
                                                              os.environ.get("PYTHONPATH")])),
                  MAIN_FILE: os.path.abspath(script) if script else None}
    saved = {k: os.environ.get(k) for k in server_env}
    try:
        _set_environ(server_env)
        forkserver.ensure_running()
    finally:
        _set_environ(saved)


def _stop_unused_server() -> None:
    from multiprocessing import forkserver

    # (the server's pid is private to multiprocessing: without it, the
    # server ends by itself once its imports are done)
    pid = getattr(getattr(forkserver, "_forkserver", None), "_forkserver_pid", None)
    if _pool is None and pid:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass


def _set_environ(values: dict) -> None:
    for key, value in values.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def _workers() -> ProcessPoolExecutor:
    """The pool, started with the first job: a no-op forks no worker. One
    worker per CPU at most, each started only when a job finds none idle
    (with --cores 1, one worker)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            start_worker_server()
            _pool = ProcessPoolExecutor(max_workers=os.cpu_count() or 1,
                                        mp_context=multiprocessing.get_context("forkserver"))
    return _pool


def _discard_workers() -> None:
    global _pool
    with _pool_lock:
        if _pool is not None:
            _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None


_BOOTSTRAP = (
    "import pickle, runpy, sys; sys.path.insert(0, sys.argv[1]); "
    "job = pickle.load(sys.stdin.buffer); "
    "runpy.run_path(sys.argv[2], init_globals={'snakemake': job}, run_name='__job__')"
)


def _run_in_new_python(path: Path, job: SimpleNamespace) -> str | None:
    proc = subprocess.run([sys.executable, "-c", _BOOTSTRAP, str(SCRIPTS), str(path)],
                          input=pickle.dumps(job), check=False)
    return f"exit status {proc.returncode}" if proc.returncode else None
