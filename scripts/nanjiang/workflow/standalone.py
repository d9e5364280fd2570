"""One job's script run alone, outside Snakemake, for debugging.

Every job script starts with ``snakemake = job(globals())``. Run by
Snakemake (its ``script:`` directive injects the ``snakemake`` object), it
keeps a record of what Snakemake gave the job — input, output, params,
wildcards, log, threads, resources — beside the job's log
(``logs/figures/fig_durable_goods.job.json``) and carries on. Run by hand,

    python scripts/make_figure.py logs/figures/fig_durable_goods.job.json

it rebuilds that object from the record and runs the same job again on the
same files, in a debugger or with prints, without Snakemake. (PyPSA-Eur's
``mock_snakemake`` serves the same purpose by loading the workflow through
Snakemake's internals; a record of the real job needs none of them.)
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

SECTIONS = ("input", "output", "log", "params", "wildcards", "resources")
USAGE = ("run by Snakemake, or alone for debugging: python {script} <job record>, "
         "e.g. python {script} logs/<stage>/<job>.job.json (written by the job's last run)")


class Section(list):
    """A job's input, output …: a list that also has its names as attributes
    (as Snakemake's own objects do)."""

    def __init__(self, items: list, names: dict):
        super().__init__(items)
        for name, value in names.items():
            setattr(self, name, value)

    def get(self, name, default=None):
        return getattr(self, name, default)


class Job:
    def __init__(self, record: dict):
        for section in SECTIONS:
            entry = record.get(section, {"items": [], "names": {}})
            setattr(self, section, Section(entry["items"], entry["names"]))
        self.threads = record.get("threads", 1)
        self.rule = record.get("rule", "")


def _plain(value):
    """A value as JSON can hold it (Snakemake's file objects are strings)."""
    if isinstance(value, str | int | float | bool) or value is None:
        return value if not isinstance(value, str) else str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)


def record_of(snakemake, script: str = "") -> dict:
    record = {"rule": str(getattr(snakemake, "rule", "")), "script": script,
              "threads": getattr(snakemake, "threads", 1)}
    for section in SECTIONS:
        values = getattr(snakemake, section)
        names = dict(values.items()) if hasattr(values, "items") else {}
        items = list(values) if not isinstance(values, dict) else []
        record[section] = {"items": _plain(items), "names": _plain(names)}
    return record


def record_path(log: str) -> Path:
    return Path(log).with_suffix(".job.json")


def job(namespace: dict):
    """The job's ``snakemake`` object: Snakemake's own (recorded beside the
    log), or one rebuilt from a record named on the command line."""
    snakemake = namespace.get("snakemake")
    if snakemake is not None:
        if len(snakemake.log):
            path = record_path(snakemake.log[0])
            path.parent.mkdir(parents=True, exist_ok=True)
            script = Path(namespace.get("__file__", "")).name
            path.write_text(json.dumps(record_of(snakemake, script), ensure_ascii=False,
                                       indent=1) + "\n", "utf-8")
        return snakemake
    script = os.path.relpath(namespace.get("__file__", "scripts/<job>.py"))
    if len(sys.argv) != 2 or sys.argv[1] in ("-h", "--help"):
        raise SystemExit(USAGE.format(script=script))
    try:
        record = json.loads(Path(sys.argv[1]).read_text("utf-8"))
        snakemake = Job(record)
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise SystemExit(f"{sys.argv[1]}: not a job record ({e}). "
                         + USAGE.format(script=script)) from None
    if record.get("script") and record["script"] != Path(script).name:
        raise SystemExit(f"{sys.argv[1]} is a record of {record['script']} (rule "
                         f"{record.get('rule')}), not of {Path(script).name}: run "
                         f"python scripts/{record['script']} {sys.argv[1]}")
    if not Path("Snakefile").is_file():
        raise SystemExit("run it from the repository's folder (the record's paths are "
                         f"relative to it): cd <repository> && python {script} <record>")
    return snakemake
