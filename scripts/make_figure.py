"""Snakemake job: draw figures of the catalog (SVG + PNG with the shared
style, and the fields their captions and source lines take from the data
drawn), and the county maps of the briefs when the job is the maps' one."""

from pathlib import Path

from nanjiang.figures.drawing import draw_figure
from nanjiang.figures.style import save, use_report_style
from nanjiang.workflow.joblog import job_logging
from nanjiang.workflow.standalone import job

# Snakemake's job object, or a recorded job's when run alone (debugging)
snakemake = job(globals())

with job_logging(snakemake.log[0]) as log:
    fonts, year = snakemake.params.fonts, snakemake.params.year
    use_report_style(fonts)
    folder = Path(snakemake.output.svg[0] if isinstance(snakemake.output.svg, list)
                  else snakemake.output.svg).parent
    for figure_id in snakemake.params.figures:
        draw_figure(figure_id, year, fonts, snakemake.params.strict, folder, log)
    regions = snakemake.params.get("brief_maps") or []
    if regions:
        from nanjiang.figures.brief_map import draw

        for region in regions:
            fig = draw(region, snakemake.input.regions, snakemake.input.exits, year)
            for path in save(fig, str(folder / "briefs" / f"map_{region}")):
                log.info(f"wrote {path}")
