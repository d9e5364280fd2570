"""Let Snakemake exit as soon as a run has ended.

Snakemake's scheduler re-checks its job-rate window (``--max-jobs-per-timespan``,
1 s by default) with a ``threading.Timer`` after each scheduling round. The
timers are not daemon threads, so Python waits for the last one, up to a
second, after the run has ended (a trivial Snakefile shows it too; a shorter
window hangs in Snakemake 9.27's rate limiter, tried). When the run has
succeeded or failed nothing waits for them any more: the workflow's
``onsuccess``/``onerror`` cancel them.
"""

from __future__ import annotations

import threading


def cancel_pending_timers() -> int:
    """Cancel every pending ``threading.Timer`` of this process; how many."""
    timers = [t for t in threading.enumerate() if isinstance(t, threading.Timer)]
    for timer in timers:
        timer.cancel()
    return len(timers)
