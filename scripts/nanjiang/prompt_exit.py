"""Let Snakemake exit as soon as a run has ended.

Snakemake's scheduler re-checks its job-rate window (``--max-jobs-per-timespan``,
1 s by default) with a ``threading.Timer`` after each scheduling round. The
timers are not daemon threads, so Python waits for the last one, up to a
second, after the run has ended (a trivial Snakefile shows it too; a shorter
window hangs in Snakemake 9.27's rate limiter, tried). When the run has
succeeded or failed nothing waits for them any more: the workflow's
``onsuccess``/``onerror`` cancel them.

Python's exit then runs full garbage collections over every object still
alive: the functions and classes of ~1400 modules in Snakemake's process
(0.3 s; a trivial Snakefile shows it too), pandas and matplotlib in the job
workers' server (0.25 s; the workers it forks leave with os._exit).
Nothing of ours waits for them: files are closed and logs flushed
explicitly (``with`` blocks, logging's own exit handler), and
``weakref.finalize`` callbacks run at exit anyway. Freezing the live
objects at exit (``gc.freeze``) takes them out of those collections.
"""

from __future__ import annotations

import atexit
import gc
import threading


def cancel_pending_timers() -> int:
    """Cancel every pending ``threading.Timer`` of this process; how many."""
    timers = [t for t in threading.enumerate() if isinstance(t, threading.Timer)]
    for timer in timers:
        timer.cancel()
    return len(timers)


def skip_collection_at_exit() -> None:
    """At exit, leave the objects alive by then to the OS instead of Python's
    last garbage collections (objects made after still are collected)."""
    atexit.register(gc.freeze)
