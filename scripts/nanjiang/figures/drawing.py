"""Draw a figure of the catalog: SVG + PNG with the shared style, and the
fields its caption and source line take from the data drawn (JSON)."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

from nanjiang.common.writefile import write_text_atomic
from nanjiang.figures.catalog import FIGURES
from nanjiang.figures.chart_common import NoDataError, first_data, gap_figure
from nanjiang.figures.style import save


def _function(name: str):
    module_name, function_name = name.split(":")
    return getattr(importlib.import_module(module_name), function_name)


def draw_figure(figure_id: str, year: int, fonts: dict, strict: bool, folder: Path,
                log) -> None:
    """``folder/<id>.svg``, ``.png`` and ``.fields.json`` of one figure."""
    spec = FIGURES[figure_id]
    inputs = list(spec.inputs)
    fields = {}
    try:
        fig = _function(spec.draw)(inputs, year, fonts)
    except NoDataError as e:
        # a report year before the figure's data: a stated gap, never a crash
        # in the middle of a build, nor (with strict) a report without it
        if strict:
            log.fail(f"{spec.id}: {e} (strict: true)")
        fig, fields = gap_figure(year, first_data(e)), {"no_data": first_data(e)}
        log.info(f"{spec.id}: no data at or before {year} ({e}): drawn as a stated gap")
    if spec.fields:
        fields |= _function(spec.fields)(inputs, year)
    for path in save(fig, str(folder / figure_id)):
        log.info(f"wrote {path}")
    out = folder / f"{figure_id}.fields.json"
    write_text_atomic(out, json.dumps(fields, ensure_ascii=False, indent=1, sort_keys=True)
                      + "\n")
    log.info(f"wrote {out}: {', '.join(sorted(fields)) or 'no fields'}")
