"""The documentation: README.md and the MkDocs site of docs/ (mkdocs.yml).

* The site builds with ``--strict`` (``./run.sh docs``, in a copy of the
  repository): a broken link or anchor, or a page missing from the
  navigation, fails it. Its search index has the Chinese segmented (jieba).
* README.md stays short, and every relative link of README.md and docs/
  resolves.
* Every command the docs show is run by a test. A command is a ``$ `` line of
  a ``console`` code block. Each is either run here, in a temporary copy of
  the repository (RUN_HERE, the cheap ones), or listed in RUN_ELSEWHERE with
  the test that runs it, which must exist. A command shown with neither fails,
  and so does an entry for a command that no page shows any more. Shell
  commands go in ``console`` blocks only (no ``sh``/``bash`` blocks), and an
  inline ``./run.sh …`` must be a command shown somewhere (extra arguments
  allowed); the history page, which tells what was, is exempt from that.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from urllib.parse import unquote

import pytest

from conftest import REPO, with_venv
from repocopy import PYTHON, copy_repo, snakemake_env

DOCS = REPO / "docs"
README = REPO / "README.md"
PAGES = [README, *sorted(DOCS.rglob("*.md"))]
# tells what was, not what to type: its inline ./run.sh mentions are not checked
HISTORY = DOCS / "history.md"
README_MAX_LINES = 150

# Run here, in a temporary copy of the repository (the `copy` fixture), by
# test_cheap_commands_run_in_a_copy: the command and a file it must leave.
RUN_HERE: dict[str, str | None] = {
    "source .venv/bin/activate": None,
    "./run.sh cluster -n": None,
    "snakemake -n": None,
    "snakemake --lint": None,
    "python tools/reproducibility.py --help": None,
    "python tools/conda_envs.py --check": None,
}

_CI = "tests/test_docs.py::test_ci_runs_the_commands_credited_to_it"
_PUBLISH = "tests/test_publish.py::test_run_sh_says_report_only_when_it_built_one"
_YEAR = "tests/test_year.py::test_exits_after_the_report_year_are_not_counted"
_PROOF = "tests/test_cluster.py::test_ci_runs_the_cluster_proof"
_RUN_SH_HELP = "tests/test_run_sh.py::test_help_lists_every_command_on_a_line_and_installs_nothing"
_RUN_SH_ARGS = "tests/test_run_sh.py::test_arguments_after_report_go_to_snakemake"

# Run by another test (file::name). The whole build is conftest's built_repo
# (snakemake --cores 2 in a copy); ./run.sh report is Snakemake with --cores 4.
RUN_ELSEWHERE: dict[str, str] = {
    "snakemake --cores 4": "tests/test_pipeline.py::test_both_documents_are_built",
    "./run.sh report": _PUBLISH,
    "./run.sh report -n": _PUBLISH,
    "./run.sh -n": _RUN_SH_ARGS,
    "./run.sh help": _RUN_SH_HELP,
    "./run.sh -h": _RUN_SH_HELP,
    "./run.sh --help": _RUN_SH_HELP,
    "python tools/conda_envs.py": "tests/test_conda_envs.py::test_check_passes",
    "./run.sh report validate":
        "tests/test_bad_input.py::test_run_sh_validate_checks_the_data_alone",
    # a built copy rebuilt with --config year=2019
    "./run.sh report --config year=2019": _YEAR,
    "snakemake --cores 4 --config year=2019": _YEAR,
    "snakemake --cores 4 monitoring":
        "tests/test_monitoring_pipeline.py"
        "::test_synthetic_run_is_partitioned_and_equals_one_unpartitioned_screen",
    # CI (.ci/run) runs these; the test checks that it does
    "./run.sh test": _CI,
    "./run.sh check-figures": _CI,
    "./run.sh lint": _CI,
    "./run.sh cluster-proof": _PROOF,
    # the cluster proof (CI) submits the build with `snakemake --profile
    # profiles/slurm`, which is what ./run.sh cluster runs (its plan, -n, is
    # run here)
    "./run.sh cluster": _PROOF,
    # run by the tests below
    "./run.sh docs": "tests/test_docs.py::test_the_site_builds_strictly_with_chinese_search",
    "./run.sh docs serve": "tests/test_docs.py::test_docs_serve_serves_the_site",
    "./run.sh update-manifest": "tests/test_docs.py::test_update_manifest_rewrites_the_manifest",
    "./run.sh proof": "tests/test_docs.py::test_proof_renders_every_page",
    "python scripts/make_figure.py logs/figures/fig_durable_goods.job.json":
        "tests/test_standalone.py::test_a_figure_job_run_alone_draws_the_same_bytes",
}

SHELL_LANGUAGES = {"sh", "bash", "shell", "zsh", "shell-session"}
FENCE = re.compile(r"^\s*(`{3,}|~{3,})(.*)$")


# -- reading the pages --------------------------------------------------------


def blocks(text: str) -> list[tuple[str, list[str]]]:
    """The fenced code blocks of a Markdown text: (language, lines)."""
    out: list[tuple[str, list[str]]] = []
    fence, lang, body = None, "", []
    for line in text.splitlines():
        m = FENCE.match(line)
        if fence is None and m:
            fence, lang, body = m.group(1), m.group(2).strip(), []
        elif fence is not None and m and m.group(1).startswith(fence) and not m.group(2).strip():
            out.append((lang, body))
            fence = None
        elif fence is not None:
            body.append(line)
    assert fence is None, "a code block is not closed"
    return out


def prose(text: str) -> str:
    """The text outside fenced code blocks."""
    kept, fence = [], None
    for line in text.splitlines():
        m = FENCE.match(line)
        if fence is None and m:
            fence = m.group(1)
        elif fence is not None and m and m.group(1).startswith(fence):
            fence = None
        elif fence is None:
            kept.append(line)
    return "\n".join(kept)


def commands_of(text: str) -> list[str]:
    return [
        " ".join(line.strip()[2:].split())
        for lang, body in blocks(text)
        if lang.split(" ")[0] == "console"
        for line in body
        if line.strip().startswith("$ ")
    ]


def shown_commands() -> dict[str, list[str]]:
    """Every command the pages show, with the pages that show it."""
    shown: dict[str, list[str]] = {}
    for page in PAGES:
        for command in commands_of(page.read_text("utf-8")):
            shown.setdefault(command, []).append(str(page.relative_to(REPO)))
    return shown


def test_the_parser_finds_commands_in_console_blocks_only():
    text = (
        "Run `./run.sh x`:\n\n```console\n$ ./run.sh report -n\nNothing to be done.\n```\n\n"
        "1. Then\n\n    ```console\n    $   snakemake  --cores 4\n    ```\n\n"
        "```text\n$ not a command\n```\n"
    )
    assert commands_of(text) == ["./run.sh report -n", "snakemake --cores 4"]
    assert "./run.sh x" in prose(text) and "not a command" not in prose(text)


# -- every command is run by a test -------------------------------------------


def test_every_command_shown_is_run_by_a_test():
    shown = shown_commands()
    assert shown, "no console commands found in the docs"
    assert not set(RUN_HERE) & set(RUN_ELSEWHERE)
    unrun = {c: pages for c, pages in shown.items() if c not in RUN_HERE | RUN_ELSEWHERE}
    assert not unrun, (
        "commands shown in the docs that no test runs (run it in "
        f"test_cheap_commands_run_in_a_copy, or name its test in RUN_ELSEWHERE): {unrun}")
    stale = sorted((set(RUN_HERE) | set(RUN_ELSEWHERE)) - set(shown))
    assert not stale, f"listed in tests/test_docs.py but shown on no page: {stale}"


@pytest.mark.parametrize("command", sorted(RUN_ELSEWHERE))
def test_the_test_named_for_a_command_exists(command):
    path, _, name = RUN_ELSEWHERE[command].partition("::")
    file = REPO / path
    assert file.is_file(), f"{command}: {path} does not exist"
    assert re.search(rf"^def {re.escape(name)}\(", file.read_text("utf-8"), re.M), (
        f"{command}: no test {name} in {path}")


def test_shell_commands_are_in_console_blocks():
    for page in PAGES:
        text = page.read_text("utf-8")
        for lang, body in blocks(text):
            assert lang, f"{page.relative_to(REPO)}: a code block without a language"
            assert lang.split(" ")[0] not in SHELL_LANGUAGES, (
                f"{page.relative_to(REPO)}: shell commands go in ```console blocks "
                f"with a `$ ` prompt, not ```{lang}")
            if lang.split(" ")[0] == "console":
                for line in body:
                    assert not line.rstrip().endswith("\\"), (
                        f"{page.relative_to(REPO)}: one command per line: {line.strip()}")


def test_inline_run_sh_mentions_are_commands_shown():
    shown = list(shown_commands())
    for page in PAGES:
        if page == HISTORY:
            continue
        for span in re.findall(r"`(\./run\.sh [^`\n]*)`", prose(page.read_text("utf-8"))):
            span = " ".join(span.split())
            assert any(span == c or span.startswith(c + " ") for c in shown), (
                f"{page.relative_to(REPO)}: `{span}` is not a command shown in a console "
                "block (show it in one, so that a test runs it)")


def test_ci_runs_the_commands_credited_to_it():
    ci = (REPO / ".ci" / "run").read_text("utf-8").splitlines()
    credited = [c for c, test in RUN_ELSEWHERE.items() if test == _CI]
    assert credited
    for command in credited:
        assert command in ci, f".ci/run does not run {command}"


# -- running the commands -------------------------------------------------------


def run_shown(command: str, cwd: Path, timeout: int = 900) -> subprocess.CompletedProcess:
    """Run a command as the docs show it: in the repository, with the
    environment's programs on PATH (as inside .venv)."""
    env = snakemake_env()
    env["PATH"] = f"{Path(PYTHON).parent}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    return with_venv(copy_repo(tmp_path_factory.mktemp("docs") / "repo"))


@pytest.mark.parametrize("command", sorted(RUN_HERE))
def test_cheap_commands_run_in_a_copy(copy, command):
    proc = run_shown(command, copy)
    assert proc.returncode == 0, f"{command}:\n{proc.stdout[-3000:]}\n{proc.stderr[-6000:]}"
    if RUN_HERE[command]:
        assert (copy / RUN_HERE[command]).exists(), f"{command} left no {RUN_HERE[command]}"


def test_the_site_builds_strictly_with_chinese_search(copy):
    proc = run_shown("./run.sh docs", copy)
    assert proc.returncode == 0, proc.stderr[-6000:]
    site = copy / "site"
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    assert {"index.html", "guide/index.html", "guide/monitoring.html",
            "reference/conda.html", "history.html"} <= pages
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    texts = [d["text"] for d in index["docs"]]
    assert any("\u200b" in t and "监测" in t for t in texts), "Chinese not segmented (jieba)"
    assert {"zh", "en"} <= set(index["config"]["lang"])


def test_docs_serve_serves_the_site(copy):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = copy / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(["./run.sh", "docs", "serve", "-a", f"127.0.0.1:{port}"],
                                cwd=copy, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    try:
        deadline, page = time.monotonic() + 120, None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
                    page = r.read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.5)
        assert page is not None, log.read_text()[-4000:]
        assert "年度更新手册" in page
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_update_manifest_rewrites_the_manifest(copy, built_repo):
    """./run.sh update-manifest, on the session's build (--built: the clean
    rebuild it otherwise makes is the build of conftest's built_repo)."""
    manifest = copy / "reproducibility" / "manifest.sha256"

    def paths() -> list[str]:
        return [line.split("  ", 1)[1] for line in manifest.read_text("utf-8").splitlines()
                if line and not line.startswith("#")]

    before = paths()
    proc = run_shown(f"./run.sh update-manifest --built {built_repo}", copy)
    assert proc.returncode == 0, proc.stderr[-6000:]
    assert "wrote" in proc.stdout
    assert paths() == before  # the same files, each with its digest of this machine


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftoppm")),
                    reason="LibreOffice or poppler missing: ./run.sh test installs them")
def test_proof_renders_every_page(built_repo, tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(built_repo, repo, symlinks=True)
    proc = run_shown("./run.sh proof", with_venv(repo))
    assert proc.returncode == 0, proc.stderr[-6000:]
    proof = repo / "report" / "build" / "proof"
    for fmt in ("pdf", "docx"):
        assert (proof / f"contact-{fmt}.png").is_file()
        assert len(list((proof / fmt).glob("*.png"))) > 10, fmt


# -- README and links -----------------------------------------------------------------


def test_readme_is_short():
    lines = README.read_text("utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, f"README.md has {len(lines)} lines"


LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(REPO)))
def test_relative_links_resolve(page):
    text = re.sub(r"`[^`\n]*`", "", prose(page.read_text("utf-8")))
    for target in LINK.findall(text):
        if re.match(r"[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            continue
        path = unquote(target.split("#", 1)[0])
        resolved = (page.parent / path).resolve()
        assert resolved.exists(), f"{page.relative_to(REPO)}: broken link {target}"
        if page.is_relative_to(DOCS):
            assert resolved.is_relative_to(DOCS), (
                f"{page.relative_to(REPO)}: {target} leaves docs/ (name the file in "
                "`code` instead: the site has only docs/)")


def test_every_test_the_threat_model_names_exists():
    """docs/reference/threats.md says which test holds each line: each exists."""
    text = (DOCS / "reference" / "threats.md").read_text("utf-8")
    modules = {p.stem for p in (REPO / "tests").glob("test_*.py")}
    named = set(re.findall(r"\b(test_\w+)", text)) - modules
    defined = {m for p in (REPO / "tests").glob("test_*.py")
               for m in re.findall(r"^def (test_\w+)", p.read_text("utf-8"), re.M)}
    assert len(named) > 8
    assert named <= defined, sorted(named - defined)
