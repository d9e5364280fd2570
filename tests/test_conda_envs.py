"""The conda envs of the jobs (rules/envs/*.yaml, made by tools/conda_envs.py): the
versions of requirements.lock, closed under dependencies, enough for the code of every
rule and nothing more, and no matplotlib outside the jobs that draw. Fast: no conda is
run, nothing is built."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from functools import cache
from importlib.metadata import distribution

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

import conda_envs
from conda_envs import ENVS, REPO

LOCK = conda_envs.lock()
RULES = conda_envs.rules()
JOBS = [r for r in RULES if r.script]
ENV_NAMES = sorted(conda_envs.NEEDS)

# The jobs that draw figures: the only ones whose code may import matplotlib.
DRAWING = {"figure", "diagrams", "maps", "monitoring_brief_figures"}
# Jobs that do not draw but whose code imports matplotlib (rule -> why): xfail, so
# that the exception stays visible here and the test fails once it is gone.
MATPLOTLIB_EXCEPTIONS: dict[str, str] = {}


@cache
def env_file(env: str) -> dict:
    return yaml.safe_load((ENVS / f"{env}.yaml").read_text("utf-8"))


def pip_lines(env: str) -> list[str]:
    (pip,) = [d["pip"] for d in env_file(env)["dependencies"] if isinstance(d, dict)]
    return pip


@cache
def pinned(env: str) -> dict[str, str]:
    """The env's pip packages: canonical name -> version."""
    found = {}
    for line in pip_lines(env):
        m = re.fullmatch(r"([A-Za-z0-9._-]+)==(\S+)", line)
        assert m, f"{env}.yaml: not an exact pin: {line!r}"
        found[canonicalize_name(m[1])] = m[2]
    return found


def imported(rule) -> dict[str, list[str]]:
    return conda_envs.imported_distributions(rule.script)


def test_every_job_names_one_of_the_env_files():
    assert len(JOBS) > 20, "the rule parser found too few jobs"
    for rule in RULES:
        assert (rule.env is None) == (rule.script is None), (
            f"rule {rule.name}: a script: rule needs a conda: env, a conda: env a script:")
        if rule.env:
            assert rule.env in conda_envs.NEEDS, f"rule {rule.name}: no env {rule.env!r}"
            assert REPO / rule.conda == ENVS / f"{rule.env}.yaml", rule.conda
            assert (REPO / rule.script).is_file(), rule.script
    assert {r.env for r in JOBS} == set(ENV_NAMES)
    assert sorted(p.stem for p in ENVS.glob("*.yaml")) == ENV_NAMES


def test_the_rule_parser_sees_every_rule_and_directive():
    """Each `rule`, `conda:` and `script:` of the workflow files is in RULES."""
    text = "\n".join(f.read_text("utf-8") for f in conda_envs.WORKFLOW)
    assert len(re.findall(r"^(?:rule|checkpoint) \w+:", text, re.M)) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)
    for directive in ("conda", "script"):
        written = len(re.findall(rf"^\s+{directive}:", text, re.M))
        assert written == sum(getattr(r, directive) is not None for r in RULES), directive


@pytest.mark.parametrize("env", ENV_NAMES)
def test_pins_are_those_of_requirements_lock(env):
    for line in pip_lines(env):
        name, _, version = line.partition("==")
        pin = LOCK.get(canonicalize_name(name))
        assert pin, f"{env}.yaml: {name} is not in requirements.lock"
        assert version == pin.version, f"{env}.yaml: {line}, requirements.lock: {pin.line}"
        assert line == pin.line


@pytest.mark.parametrize("env", ENV_NAMES)
def test_python_is_that_of_requirements_lock(env):
    target = conda_envs.lock_python()
    assert target == f"{sys.version_info.major}.{sys.version_info.minor}", (
        f"requirements.lock was made on Python {target}, this is {sys.version}")
    conda = [d for d in env_file(env)["dependencies"] if isinstance(d, str)]
    assert f"python={target}" in conda
    assert "pip" in conda


@pytest.mark.parametrize("env", ENV_NAMES)
def test_env_is_closed_under_dependencies(env):
    """Every requirement of a listed distribution (markers evaluated here) is listed,
    at a version that meets it."""
    listed = pinned(env)
    for name in listed:
        for text in distribution(name).requires or []:
            req = Requirement(text)
            if req.marker is not None and not req.marker.evaluate({"extra": ""}):
                continue
            dep = canonicalize_name(req.name)
            assert dep in listed, f"{env}.yaml: {name} requires {text}, which it lacks"
            assert req.specifier.contains(listed[dep], prereleases=True), (
                f"{env}.yaml: {name} requires {text}, the env has {dep}=={listed[dep]}")


@pytest.mark.parametrize("rule", JOBS, ids=lambda r: r.name)
def test_env_of_the_rule_provides_what_its_code_imports(rule):
    missing = {d: where for d, where in imported(rule).items() if d not in pinned(rule.env)}
    assert not missing, (f"rule {rule.name} runs in {rule.env}.yaml, which lacks "
                         f"{sorted(missing)}: imported by {missing}; add them to NEEDS in "
                         "tools/conda_envs.py and run it")


@pytest.mark.parametrize("env", ENV_NAMES)
def test_env_holds_only_what_its_jobs_import(env):
    """The env is what its jobs import and what that requires, nothing more."""
    jobs = [r for r in JOBS if r.env == env]
    used = sorted({d for rule in jobs for d in imported(rule)})
    assert sorted(map(canonicalize_name, conda_envs.NEEDS[env])) == used
    assert sorted(pinned(env)) == sorted(conda_envs.closure(used, LOCK))


def _matplotlib_case(rule):
    reason = MATPLOTLIB_EXCEPTIONS.get(rule.name)
    marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
    return pytest.param(rule, id=rule.name, marks=marks)


def test_the_figure_env_is_for_drawing_only():
    assert {r.name for r in JOBS if r.env == "figures"} <= DRAWING
    assert DRAWING <= {r.name for r in JOBS}


@pytest.mark.parametrize("rule", [_matplotlib_case(r) for r in JOBS if r.name not in DRAWING])
def test_no_matplotlib_outside_the_jobs_that_draw(rule):
    """Neither the job's code nor what it imports pulls in matplotlib."""
    direct = imported(rule)
    assert "matplotlib" not in direct, f"{rule.name}: {direct['matplotlib']}"
    pulled = conda_envs.closure(sorted(direct), LOCK)
    assert "matplotlib" not in pulled, f"{rule.name}: required by one of {sorted(direct)}"


def test_check_passes():
    proc = subprocess.run([sys.executable, REPO / "tools" / "conda_envs.py", "--check"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_check_fails_on_an_edited_env_file(tmp_path, monkeypatch, capsys):
    for path in ENVS.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    monkeypatch.setattr(conda_envs, "ENVS", tmp_path)
    assert conda_envs.main(["--check"]) == 0
    edited = tmp_path / "data.yaml"
    edited.write_text(edited.read_text("utf-8").replace("pandas==", "pandas>="), "utf-8")
    assert conda_envs.main(["--check"]) == 1
    assert "data.yaml is not what" in capsys.readouterr().err
