"""The code a job runs: its script and every project module it imports.

Found once, by reading the imports (``ast``), not listed by hand per rule, so
an edit to any module a job imports reruns that job and only the jobs that
import it. Standard library only: Snakemake calls this when it parses the
workflow. Files a module reads beside itself (``report.mplstyle``) are
declared by the module in ``DATA_FILES``.
"""

from __future__ import annotations

import ast
from functools import cache
from importlib.metadata import distribution
from pathlib import Path

from nanjiang.common.filecache import cached, file_key

SCRIPTS = Path(__file__).resolve().parents[2]  # the folder holding ``nanjiang``
PACKAGE = "nanjiang"


@cache  # (asked 4 000 times while the workflow is parsed)
def _module_file(name: str) -> Path | None:
    """``nanjiang.figures.style`` -> its file, or None when it is not ours."""
    if name != PACKAGE and not name.startswith(PACKAGE + "."):
        return None
    base = SCRIPTS.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SCRIPTS).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _string_list(node) -> list[str]:
    return [e.value for e in getattr(node, "elts", [])
            if isinstance(e, ast.Constant) and isinstance(e.value, str)]


def _data_of_distribution(name: str) -> Path:
    """The distribution's RECORD (its files and their hashes): it changes
    whenever another version is installed."""
    dist = distribution(name)
    record = next(f for f in dist.files or () if f.name == "RECORD"
                  and f.parent.name.endswith(".dist-info"))
    return Path(str(dist.locate_file(record))).resolve()


@cache
def _imports(path: Path) -> tuple[frozenset[str], tuple[Path, ...]]:
    """Project modules imported by ``path`` (absolute and relative), and the
    data files it declares (``DATA_FILES``, ``DATA_DISTRIBUTIONS``). Read
    once per version of the file (cached by size and time in .cache/: parsing
    every module was most of Snakemake's start-up on a no-op run)."""
    found = cached("codedeps", file_key(path), lambda: _read_imports(path))
    data = [(path.parent / f).resolve() for f in found["data_files"]]  # '../' allowed
    data += [_data_of_distribution(d) for d in found["distributions"]]
    return frozenset(found["modules"]), tuple(data)


def _read_imports(path: Path) -> dict:
    tree = ast.parse(path.read_text("utf-8"), str(path))
    package = _module_name(path) if path.name == "__init__.py" else (
        _module_name(path).rpartition(".")[0] if path.is_relative_to(SCRIPTS / PACKAGE) else "")
    found: set[str] = set()
    data_files: list[str] = []
    distributions: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{a.name}" for a in node.names)  # submodules
        elif isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            if node.targets[0].id == "DATA_FILES":
                data_files += _string_list(node.value)
            elif node.targets[0].id == "DATA_DISTRIBUTIONS":
                distributions += _string_list(node.value)
    # importing a.b.c runs a/__init__.py and a/b/__init__.py too
    for name in list(found):
        parts = name.split(".")
        found.update(".".join(parts[:i]) for i in range(1, len(parts)))
    return {"modules": sorted(found), "data_files": data_files, "distributions": distributions}


@cache
def code_of(*entry_points: str) -> tuple[str, ...]:
    """Every project file the given scripts or modules (``scripts/x.py`` or
    ``nanjiang.figures.x``) run, transitively, as sorted repository paths."""
    todo = []
    for entry in entry_points:
        path = _module_file(entry) if not entry.endswith(".py") else SCRIPTS.parent / entry
        if path is None or not path.is_file():
            raise FileNotFoundError(f"no such script or project module: {entry}")
        todo.append(path.resolve())
    seen: set[Path] = set()
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        names, data = _imports(path)
        todo.extend(f for f in map(_module_file, names) if f is not None)
        seen.update(data)
    root = SCRIPTS.parent
    return tuple(sorted(str(p.relative_to(root)) if p.is_relative_to(root) else str(p)
                        for p in seen))
