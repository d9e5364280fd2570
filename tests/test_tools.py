"""The command-line tools (tools/) as a user runs them."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import REPO

# the tools that use the package (some stand alone)
TOOLS = sorted(p.name for p in (REPO / "tools").glob("*.py") if "nanjiang" in p.read_text("utf-8"))


@pytest.mark.parametrize("tool", TOOLS)
def test_each_tool_finds_the_package_on_its_own(tool):
    """The tools live beside scripts/, not in it: loaded as a user runs them
    (no PYTHONPATH, another working directory), each puts nanjiang within
    reach before any of its functions needs it."""
    # (as `python tools/<tool>`: the tool's own folder first on sys.path)
    code = (f"import runpy, sys; sys.path.insert(0, {str(REPO / 'tools')!r}); "
            f"runpy.run_path({str(REPO / 'tools' / tool)!r}); "
            "import nanjiang.common.epoch")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.run([sys.executable, "-c", code], cwd="/", env=env,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
