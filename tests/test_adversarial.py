"""The adversarial corpus (tests/fixtures/adversarial/cases.yaml): every broken
input is refused, located, with what was expected — checked at unit level,
through the same functions the workflow's checks and validation jobs call
(one real build with broken tables: tests/test_bad_input.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import yaml

import xlsxtables
from conftest import REPO
from nanjiang.common.errors import DataValidationError
from nanjiang.derive.indicators.catalog import INDICATORS
from nanjiang.workflow.preflight import PreflightError, check_fonts, load_package
from packagecheck import validate_all
from rawtables import copy_raw

CASES = yaml.safe_load((Path(__file__).parent / "fixtures/adversarial/cases.yaml").read_text())
_spec = importlib.util.spec_from_file_location(
    "adversarial_workbooks", Path(__file__).parent / "fixtures/adversarial/workbooks.py")
WORKBOOKS = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(WORKBOOKS)
FONTS = yaml.safe_load((REPO / "config.yaml").read_text("utf-8"))["fonts"]


def apply_edits(path: Path, edits: list[dict]) -> None:
    text = path.read_text("utf-8")
    encoding, line_encodings = "utf-8", {}
    for edit in edits:
        if "replace" in edit:
            line, old, new = edit["replace"]
            if line == 0:
                assert old in text, (path.name, old)
                text = text.replace(old, new, 1)
                continue
            lines = text.splitlines(keepends=True)
            assert old in lines[line - 1], (path.name, line, old)
            lines[line - 1] = lines[line - 1].replace(old, new, 1)
            text = "".join(lines)
        elif "append_line" in edit:
            text += text.splitlines(keepends=True)[edit["append_line"] - 1]
        elif "append" in edit:
            text = text.rstrip("\n") + "\n" + edit["append"] + "\n"
        elif "repeat" in edit:
            line, old, times = edit["repeat"]
            lines = text.splitlines(keepends=True)
            assert old in lines[line - 1], (path.name, line, old)
            lines[line - 1] = lines[line - 1].replace(old, old * times, 1)
            text = "".join(lines)
        elif "encode" in edit:
            encoding = edit["encode"]
        elif "encode_line" in edit:
            line, line_encoding = edit["encode_line"]
            line_encodings[line] = line_encoding
    path.write_bytes(b"".join(
        _encode(line, line_encodings.get(n, encoding))
        for n, line in enumerate(text.splitlines(keepends=True), start=1)))


def _encode(text: str, encoding: str) -> bytes:
    # in UTF-8, "\udcff" is written as the byte ff (a byte of no encoding)
    return text.encode(encoding, errors="surrogateescape" if encoding == "utf-8" else "replace")


def preflight_message(raw: Path) -> str:
    """What the build prints (the workflow's checks, then every table's
    validation), or '' when the input passes."""
    try:
        printable = check_fonts(FONTS)
        package = load_package(raw, printable)
        validate_all(package, list(package.resources), set(INDICATORS), printable)
    except PreflightError as e:
        return str(e)
    except DataValidationError as e:
        return e.render() + "\nNothing was built."
    return ""


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_broken_input_is_stopped_and_located(tmp_path, case):
    raw = copy_raw(tmp_path / "raw")  # every table as CSV: the cases edit CSV text
    apply_edits(raw / case["file"], case["edits"])
    message = preflight_message(raw)
    assert message, f"{case['name']}: accepted"
    for expected in case["expect"]:
        assert expected in message, message
    for expected in case.get("expect_once", []):
        assert message.count(expected) == 1, message
    for unexpected in case.get("expect_not", []):
        assert unexpected not in message, message
    assert "Nothing was built" in message
    assert "Traceback" not in message


@pytest.mark.parametrize("case", WORKBOOKS.CASES, ids=[c["name"] for c in WORKBOOKS.CASES])
def test_broken_workbook_is_stopped_and_located(tmp_path, case):
    """tests/fixtures/adversarial/workbooks.py: a table given as a broken .xlsx."""
    raw = copy_raw(tmp_path / "raw")  # every table as CSV: the cases edit CSV text
    table = case["table"]
    path = raw / case.get("name_as", f"{table}.xlsx")
    if "rename_csv" in case:
        (raw / f"{table}.csv").rename(raw / case["rename_csv"])
    elif "raw_bytes" in case:
        path.write_bytes(case["raw_bytes"])
    else:
        xlsxtables.to_workbook(raw / f"{table}.csv", path)
        if "change" in case:
            xlsxtables.edit(path, case["change"])
    if not case.get("keep_csv") and "rename_csv" not in case:
        (raw / f"{table}.csv").unlink()
    message = preflight_message(raw)
    assert message, f"{case['name']}: accepted"
    for expected in case["expect"]:
        assert expected in message, message
    for unexpected in case.get("expect_not", []):
        assert unexpected not in message, message
    assert "Nothing was built" in message
    assert "Traceback" not in message


def test_the_real_data_passes():
    assert preflight_message(REPO / "data" / "raw") == ""


def test_a_misspelt_font_family_is_refused_with_the_families_there():
    with pytest.raises(PreflightError) as e:
        check_fonts(FONTS | {"serif": "Noto Serif CJKSC"})
    assert "'Noto Serif CJKSC' not found" in str(e.value)
    assert "Noto Serif CJK SC" in str(e.value)  # the families that are there
