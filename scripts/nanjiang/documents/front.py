"""The cover of the report (``report/front.yaml``): plain text, checked.

Its fields reach the three documents as pandoc metadata: read as Markdown
(HTML, DOCX), set in typst markup and in typst strings (the PDF's
``#set document(title: "$title$", author: "$leader$")``). No escaping suits
all of these, so a field is plain text: no ASCII character but letters,
digits, spaces and a hyphen between two of them (2014-2019; a Chinese cover
writes 《》“”（）：—— in full width), nothing unprintable. Anything else is
refused before any job, at the file's line, with the key and the character
(``<img onerror>``, ``*粗*``, `` ` ``, ``$``, ``[l](…)``, ``"`` would be
markup, a live link or a broken PDF job).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from nanjiang.common.errors import DataValidationError, Problem
from nanjiang.data.package import read_yaml

FIELDS = ("category", "title", "leader", "approval_number")
OPTIONAL = ("title_lines",)


def _line(text: str, key: str, index: int | None = None) -> int | None:
    """The line of ``key`` (or of its item ``index``) in the YAML ``text``."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    if not isinstance(root, yaml.MappingNode):
        return None
    for k, v in root.value:
        if getattr(k, "value", None) == key:
            if index is not None and isinstance(v, yaml.SequenceNode) and index < len(v.value):
                return v.value[index].start_mark.line + 1
            return v.start_mark.line + 1
    return None


def plain_text_problem(value: object) -> str | None:
    """What keeps ``value`` from being a cover's plain text, or None."""
    if not isinstance(value, str) or not value.strip():
        return f"expected text, got {value!r}"
    if value != value.strip():
        return "expected no space at either end"
    for i, ch in enumerate(value):
        # a hyphen between two letters or digits (2014-2019) is no markup; at an end
        # it opens a list, doubled it is a dash
        inner_hyphen = (ch == "-" and 0 < i < len(value) - 1 and value[i - 1].isalnum()
                        and value[i + 1].isalnum())
        if ch.isascii() and not (ch.isalnum() or ch == " " or inner_hyphen):
            return (f"character {ch!r} (U+{ord(ch):04X}) is markup in Markdown, HTML or "
                    "typst: a cover field is plain text (ASCII letters, digits, spaces and "
                    "a hyphen inside a word; Chinese punctuation such as 《》“”（）：—— in "
                    "full width)")
        if not ch.isprintable():
            return f"character U+{ord(ch):04X} is not printable"
    return None


def front_problems(front: object, text: str, file: str) -> list[Problem]:
    if not isinstance(front, dict):
        return [Problem(file, f"expected a mapping with {', '.join(FIELDS)}")]
    problems = []
    for key in FIELDS + OPTIONAL:
        if key not in front:
            if key in FIELDS:
                problems.append(Problem(file, f"key '{key}' is missing"))
            continue
        values = front[key]
        if key in OPTIONAL:
            if not isinstance(values, list) or not values:
                problems.append(Problem(file, f"key '{key}': expected a list of lines",
                                        _line(text, key)))
                continue
            items = list(enumerate(values))
        else:
            items = [(None, values)]
        for index, value in items:
            bad = plain_text_problem(value)
            if bad:
                item = "" if index is None else f"[{index}]"
                problems.append(Problem(file, f"key '{key}'{item}: {bad}",
                                        _line(text, key, index)))
    return problems


def read_front(path: str | Path) -> dict:
    """``report/front.yaml``, its fields plain text; else DataValidationError,
    every problem located."""
    path = Path(path)
    front = read_yaml(path)
    problems = front_problems(front, path.read_text("utf-8"), str(path))
    if problems:
        raise DataValidationError(problems)
    return front
