"""Prefecture briefs: one template, the region as a wildcard (config `briefs`).

The maps of all briefs are drawn by one job and their Markdown rendered by one
job (the geometry and the tables read once, not once per region); each
brief's PDF, DOCX and HTML are made by one job per region. They are published with the report.
"""

BRIEFS = config["briefs"]
# What the briefs print and are audited on: the tables with rows of their
# regions or counties, and the indicators made from those alone (an edit of
# a table of 南疆四地州 or 新疆 as a whole reruns no brief).
BRIEF_TABLES = tables_with_rows_of(RAW_ROWS, PACKAGE, BRIEFS)
BRIEF_INDICATORS = [
    i for i, spec in INDICATORS.items() if set(spec.inputs) <= set(BRIEF_TABLES)
]


rule brief_maps:
    input:
        regions=f"{RAW}/regions.csv",
        exits=validated("county_exits")[0],
        code=code_of("scripts/draw_brief_maps.py"),
    output:
        svg=expand(f"{DERIVED}/figures/briefs/map_{{r}}.svg", r=BRIEFS),
        png=expand(f"{DERIVED}/figures/briefs/map_{{r}}.png", r=BRIEFS),
    log:
        "logs/briefs/maps.log",
    threads: 1
    resources:
        mem_mb=lambda wildcards, attempt: 1000 * attempt,
        runtime=5,
    params:
        regions=BRIEFS,
        year=config["year"],
        fonts=config["fonts"],
    run:
        run_script("draw_brief_maps.py", input, output, params, wildcards, log)


rule brief_markdown:
    input:
        validated=validated(*BRIEF_TABLES),
        package=PACKAGE_FILES,
        indicators=expand(f"{DERIVED}/indicators/{{i}}.csv", i=BRIEF_INDICATORS),
        maps=expand(f"{DERIVED}/figures/briefs/map_{{r}}.svg", r=BRIEFS),
        template="report/briefs/brief.md.j2",
        code=code_of("scripts/render_briefs.py"),
    output:
        markdown=expand(f"{BUILD}/work/briefs/{{r}}.md", r=BRIEFS),
        provenance=expand(f"{BUILD}/work/briefs/{{r}}.provenance.json", r=BRIEFS),
    log:
        "logs/briefs/markdown.log",
    threads: 1
    resources:
        mem_mb=lambda wildcards, attempt: 500 * attempt,
        runtime=5,
    params:
        regions=BRIEFS,
        year=config["year"],
        edition=config["edition"],
    run:
        run_script("render_briefs.py", input, output, params, wildcards, log)


rule brief_documents:
    input:
        markdown=f"{BUILD}/work/briefs/{{region}}.md",
        maps=expand(
            f"{DERIVED}/figures/briefs/map_{{r}}.{{ext}}", r=BRIEFS, ext=["svg", "png"]
        ),
        typst_template="report/briefs/brief.typ",
        lua="report/templates/custom-styles.lua",
        reference=f"{BUILD}/work/reference.docx",
        html=multiext("report/templates/html/report", ".html", ".css", ".js"),
        code=code_of("scripts/build_brief.py"),
    output:
        pdf=f"{BUILD}/staging/briefs/{{region}}.pdf",
        docx=f"{BUILD}/staging/briefs/{{region}}.docx",
        html=f"{BUILD}/staging/briefs/{{region}}.html",
    log:
        "logs/briefs/{region}.log",
    wildcard_constraints:
        region="|".join(BRIEFS) or "none",
    threads: 1
    resources:
        mem_mb=lambda wildcards, attempt: 1000 * attempt,
        runtime=5,
    params:
        fonts=config["fonts"],
    run:
        run_script("build_brief.py", input, output, params, wildcards, log)
