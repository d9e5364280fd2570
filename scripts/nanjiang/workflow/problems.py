"""After a failed build: the raw data's problems, every table's together.

Each table is validated by a job of its own (rule validate_table); with
keep-going they all run, and each writes its problems to its log. Snakemake
prints them job by job among its own messages; this gathers them into one
list at the end, where a user reads first. Standard library only (runs in
Snakemake's ``onerror``).
"""

from __future__ import annotations

import sys
from pathlib import Path

SUCCESS_MARKS = ("rows valid", "links checked")


def failed_validations(folder: str | Path, since: float) -> list[str]:
    """The messages of the validation jobs of this run that failed."""
    found = []
    for log in sorted(Path(folder).glob("*.log")):
        try:
            if log.stat().st_mtime < since:
                continue  # an earlier run's
            lines = log.read_text("utf-8").splitlines()
        except OSError:
            continue
        if any(mark in line for line in lines for mark in SUCCESS_MARKS):
            continue
        message = "\n".join(line for line in lines if not line.startswith("code loaded:"))
        if message.strip():
            found.append(message.strip())
    return found


def report_failed_validations(folder: str | Path, since: float) -> None:
    messages = failed_validations(folder, since)
    if messages:
        links = Path(folder) / "facts.links.log"
        if not links.exists() or links.stat().st_mtime < since:
            messages.append("(The facts' links to table cells, facts.csv compares_to, are "
                            "checked once every table is valid.)")
        print("\nProblems in the raw data (every table was checked):\n\n"
              + "\n\n".join(messages)
              + "\n\nThe report was not built and nothing was published (the last edition "
              "stays current). Fix the rows above and run again.",
              file=sys.stderr)
