"""The entry point: ./run.sh help lists the commands and installs nothing;
arguments after a command go to Snakemake; the office's own Word template
(config docx_template) gives the DOCX its styles, and a missing or non-DOCX
file is refused before any job runs."""

from __future__ import annotations

import os
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, snakemake, with_venv
from nanjiang.documents.reference_docx import build_reference_docx
from repocopy import copy_repo

RUN_SH = REPO / "run.sh"
MARKER_STYLE = "南疆办公室专用"


def run(repo: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["./run.sh", *args], cwd=repo, capture_output=True, text=True,
                          env=env, timeout=900)


def commands_of_run_sh() -> list[str]:
    """The commands run.sh's case statement knows."""
    text = RUN_SH.read_text("utf-8")
    body = text[text.index('case "$cmd" in\n  help'):]
    labels = re.findall(r"^  ([a-z][\w-]*(?: \| [\w-]+)*)\)$", body, re.M)
    return [name for label in labels for name in label.split(" | ")]


@pytest.fixture
def shims(tmp_path) -> tuple[dict, Path]:
    """PATH with apt-get, sudo, pip and python3 that only write down that
    they were called: help must call none of them."""
    calls = tmp_path / "calls.log"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("apt-get", "sudo", "pip", "pip3", "python3", "python", "snakemake"):
        shim = bin_dir / name
        shim.write_text(f'#!/bin/sh\necho "{name} $*" >> {calls}\nexit 1\n')
        shim.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}, calls


@pytest.mark.parametrize("word", ["help", "-h", "--help"])
def test_help_lists_every_command_on_a_line_and_installs_nothing(word, shims):
    env, calls = shims
    stamp = REPO / ".venv" / ".requirements.lock.sha256"
    before = stamp.read_bytes() if stamp.exists() else None
    proc = run(REPO, word, env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert not calls.exists(), calls.read_text()  # nothing installed, nothing run
    assert (stamp.read_bytes() if stamp.exists() else None) == before
    assert "unknown command" not in proc.stdout
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("Usage: ./run.sh")
    listed = {line.split()[0]: line for line in lines[1:] if line.strip()}
    for command in commands_of_run_sh():
        if command.startswith("-"):
            continue
        assert command in listed, command
        assert len(listed[command].split(None, 1)[1]) > 10, listed[command]  # one line each
    assert "-h, --help" in listed["help"]
    assert "Snakemake" in listed["report"]


def test_an_unknown_command_is_named_with_the_list(shims):
    env, calls = shims
    proc = run(REPO, "reprot", env=env)
    assert proc.returncode == 2
    assert "unknown command 'reprot'" in proc.stderr and "report [ARGS]" in proc.stderr
    assert not calls.exists()


@pytest.fixture(scope="module")
def copy_with_venv(tmp_path_factory) -> Path:
    repo = copy_repo(tmp_path_factory.mktemp("runsh") / "repo")
    with_venv(repo)
    return repo


def test_arguments_after_report_go_to_snakemake(copy_with_venv):
    repo = copy_with_venv
    proc = run(repo, "report", "-n", "--config", "year=2019")
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = proc.stdout + proc.stderr
    assert "Job stats" in out and "This was a dry-run" in out
    assert not (repo / "report" / "build").exists()  # a dry run builds nothing
    assert "Report (" not in proc.stdout
    # without a command, Snakemake's options are the report's
    proc = run(repo, "-n")
    assert proc.returncode == 0 and "This was a dry-run" in proc.stdout + proc.stderr
    # a config key reaches the check before any job: the template is refused
    proc = run(repo, "report", "-n", "--config", "docx_template=office/none.docx")
    assert proc.returncode != 0
    assert "config key 'docx_template' = 'office/none.docx': no such file" in \
        proc.stdout + proc.stderr


def office_template(reference: Path, out: Path, content_type: str | None = None) -> Path:
    """A Word document whose styles.xml holds a style of the office's own."""
    with zipfile.ZipFile(reference) as z:
        entries = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in entries:
            if info.filename == "word/styles.xml":
                data = data.replace(b"</w:styles>", (
                    '<w:style w:type="paragraph" w:customStyle="1" w:styleId="OfficeMarker">'
                    f'<w:name w:val="{MARKER_STYLE}"/><w:basedOn w:val="Normal"/>'
                    "</w:style></w:styles>").encode())
            elif info.filename == "[Content_Types].xml" and content_type:
                data = data.replace(b"wordprocessingml.document.main", content_type.encode())
            z.writestr(info, data)
    return out


def test_a_missing_or_non_docx_template_is_refused_at_the_start(copy_with_venv, tmp_path):
    repo = copy_with_venv
    (tmp_path / "office.pdf").write_bytes(b"%PDF-1.7\n")
    (tmp_path / "empty.docx").write_bytes(b"")
    cases = {
        "missing.docx": "no such file",
        str(tmp_path / "office.pdf"): "not a Word document (.docx)",
        str(tmp_path / "empty.docx"): "not a Word document (.docx)",
    }
    reference = tmp_path / "reference.docx"
    reference.write_bytes(build_reference_docx())
    dotx = office_template(reference, tmp_path / "office.dotx",
                           "wordprocessingml.template.main")
    cases[str(dotx)] = "a Word template (.dotx)"
    for path, why in cases.items():
        proc = snakemake(repo, "-n", "--config", f"docx_template={path}", check=False)
        assert proc.returncode != 0, path
        out = proc.stdout + proc.stderr
        assert f"config key 'docx_template' = '{path}': {why}" in out, out[-2000:]
        assert "Job stats" not in proc.stdout  # refused before any job is planned
    # an empty value (null) is the generated reference document
    snakemake(repo, "-n", "--config", "docx_template=")


def test_the_office_template_styles_the_docx(copy_with_venv, tmp_path):
    """Its styles.xml style is in the report's DOCX and every brief's; the
    generated reference document stays the default."""
    repo = copy_with_venv
    reference = tmp_path / "reference.docx"
    reference.write_bytes(build_reference_docx())
    (repo / "office").mkdir()
    office_template(reference, repo / "office" / "template.docx")
    config = repo / "config.yaml"
    config.write_text(config.read_text("utf-8")
                      + "\ndocx_template: office/template.docx\n", "utf-8")
    snakemake(repo)
    build = repo / "report" / "build"
    for docx in (build / "report.docx", *sorted((build / "briefs").glob("*.docx"))):
        with zipfile.ZipFile(docx) as z:
            assert MARKER_STYLE in z.read("word/styles.xml").decode("utf-8"), docx
    # without the key, the generated reference document again
    config.write_text(config.read_text("utf-8").replace(
        "\ndocx_template: office/template.docx\n", "\n"), "utf-8")
    snakemake(repo)
    with zipfile.ZipFile(build / "report.docx") as z:
        assert MARKER_STYLE not in z.read("word/styles.xml").decode("utf-8")
