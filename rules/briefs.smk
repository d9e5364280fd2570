"""Prefecture briefs: one template, the region as a wildcard (config `briefs`).

Each brief's Markdown, and PDF, DOCX and HTML are jobs of its region; the
briefs' county maps are drawn by rule maps (rules/figures.smk).
A brief reads, and is audited on, the tables with rows of its region or its
counties (`brief_tables`): an edit of another table reruns no brief. They
are published with the report.
"""

BRIEFS = config["briefs"]


rule brief_markdown:
    input:
        validated=brief_tables,
        package=PACKAGE_FILES,
        indicators=brief_indicators,
        map=f"{DERIVED}/figures/briefs/map_{{region}}.svg",
        template="report/briefs/brief.md.j2",
        code=code_of("scripts/render_briefs.py"),
    output:
        markdown=f"{BUILD}/work/briefs/{{region}}.md",
        provenance=f"{BUILD}/work/briefs/{{region}}.provenance.json",
    log:
        "logs/briefs/markdown_{region}.log",
    benchmark:
        "benchmarks/briefs/markdown_{region}.tsv"
    wildcard_constraints:
        region="|".join(BRIEFS) or "none",
    localrule: True
    conda:
        "envs/documents.yaml"
    threads: 1
    resources:
        mem_mb=lambda wildcards, attempt: 500 * attempt,
        runtime=5,
    params:
        content=content_of(
            PACKAGE_FILES,
            "report/briefs/brief.md.j2",
            code_of("scripts/render_briefs.py"),
        ),
        year=config["year"],
        edition=config["edition"],
        # the masthead (报头): issuing unit, 期号, date
        masthead=config.get("brief_masthead") or {},
        # a map's 审图号, or that it is an unreviewed schematic (nanjiang.text.map_notice)
        map_review_number=config.get("map_review_number"),
    script:
        "../scripts/render_briefs.py"


rule brief_documents:
    input:
        markdown=f"{BUILD}/work/briefs/{{region}}.md",
        # the years of the brief's numbers: its own 数据截至
        provenance=f"{BUILD}/work/briefs/{{region}}.provenance.json",
        map=multiext(f"{DERIVED}/figures/briefs/map_{{region}}", ".svg", ".png"),
        typst_template="report/briefs/brief.typ",
        label=f"{BUILD}/work/edition.json",
        lua="report/templates/custom-styles.lua",
        defaults=BRIEF_DEFAULTS,
        reference=DOCX_REFERENCE,
        html=HTML_TEMPLATE,
        code=code_of("scripts/build_brief.py"),
    output:
        pdf=f"{BUILD}/staging/briefs/{{region}}.pdf",
        docx=f"{BUILD}/staging/briefs/{{region}}.docx",
        html=f"{BUILD}/staging/briefs/{{region}}.html",
        checksums=f"{BUILD}/staging/briefs/{{region}}.sha256",
        # the page's search index, which the report's page's search includes (rule html)
        search=f"{BUILD}/work/briefs/{{region}}.search.json",
    log:
        "logs/briefs/{region}.log",
    benchmark:
        "benchmarks/briefs/{region}.tsv"
    wildcard_constraints:
        region="|".join(BRIEFS) or "none",
    conda:
        "envs/documents.yaml"
    threads: 1
    resources:
        mem_mb=lambda wildcards, attempt: 1000 * attempt,
        runtime=5,
    params:
        content=content_of(
            "report/briefs/brief.typ",
            "report/templates/custom-styles.lua",
            BRIEF_DEFAULTS,
            HTML_TEMPLATE,
            DOCX_REFERENCE,
            code_of("scripts/build_brief.py"),
        ),
        fonts=config["fonts"],
    script:
        "../scripts/build_brief.py"


rule brief_tables_workbook:
    """A brief's tables as one workbook, one sheet per table as printed
    (read from the brief's Markdown, as rule tables_workbook the report's)."""
    input:
        markdown=f"{BUILD}/work/briefs/{{region}}.md",
        provenance=f"{BUILD}/work/briefs/{{region}}.provenance.json",
        code=code_of("scripts/build_tables_workbook.py"),
    output:
        xlsx=f"{BUILD}/staging/briefs/{{region}}-tables.xlsx",
        checksums=f"{BUILD}/staging/briefs/{{region}}-tables.xlsx.sha256",
    log:
        "logs/briefs/tables_workbook_{region}.log",
    benchmark:
        "benchmarks/briefs/tables_workbook_{region}.tsv"
    wildcard_constraints:
        region="|".join(BRIEFS) or "none",
    localrule: True
    conda:
        "envs/documents.yaml"
    threads: 1
    resources:
        mem_mb=lambda wildcards, attempt: 500 * attempt,
        runtime=5,
    params:
        content=content_of(code_of("scripts/build_tables_workbook.py")),
        year=config["year"],
        # the header rows of a brief's table from its numbers' 数据出处 entries
        numbered=True,
    script:
        "../scripts/build_tables_workbook.py"
