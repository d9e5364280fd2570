"""The one date every document carries (same inputs, same bytes).

``SOURCE_DATE_EPOCH`` (reproducible-builds.org) if the caller set it, else
the project's fixed default; Snakemake sets the default for every job
(rules/common.smk) and the tests' copies of the repository do the same.
"""

from __future__ import annotations

import os

DEFAULT_EPOCH = "1700000000"  # 2023-11-14, a fixed date, not a build date


def source_date_epoch() -> int:
    return int(os.environ.get("SOURCE_DATE_EPOCH", DEFAULT_EPOCH))
