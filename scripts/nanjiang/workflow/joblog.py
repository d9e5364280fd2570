"""Logging for Snakemake jobs: one log file per job, clear failures."""

from __future__ import annotations

import sys
import traceback
from contextlib import contextmanager
from pathlib import Path


class JobFailed(SystemExit):
    """Stop a job with a message and exit status 1 (no traceback)."""


class JobLog:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = self.path.open("w", encoding="utf-8")

    def info(self, message: str) -> None:
        self._fh.write(message + "\n")
        self._fh.flush()

    def fail(self, message: str):
        """Log and print the message, then stop the job with status 1."""
        self.info(message)
        print(message, file=sys.stderr)
        raise JobFailed(1)

    def close(self) -> None:
        self._fh.close()


@contextmanager
def job_logging(path: str | Path):
    log = JobLog(path)
    try:
        yield log
    except JobFailed:
        raise
    except Exception as e:  # unexpected: keep the traceback in the log
        log.info(traceback.format_exc())
        print(f"{type(e).__name__}: {e} (details in {path})", file=sys.stderr)
        raise JobFailed(1) from None
    finally:
        log.info("code loaded: " + " ".join(loaded_project_files()))
        log.close()


def loaded_project_files() -> list[str]:
    """The project's modules this process imported (checked against the
    rule's declared code inputs by the tests: nanjiang.workflow.codedeps must find them)."""
    root = Path(__file__).resolve().parents[3]
    out = set()
    for module in list(sys.modules.values()):
        file = getattr(module, "__file__", None)
        if file and Path(file).resolve().is_relative_to(root / "scripts"):
            out.add(str(Path(file).resolve().relative_to(root)))
    return sorted(out)
