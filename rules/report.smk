"""Stage 4: chapters rendered from Jinja templates, then PDF, DOCX and HTML.

Documents are built in report/build/staging/ (the rules' declared outputs) and
then published by rule publish as one edition (nanjiang.publish.editions):
copied into report/build/editions/<year>-v<version>/ and switched to by one
atomic rename of report/build/current. A failed or killed build leaves the
last complete edition published; no build deletes an edition.
"""

CHAPTERS = sorted(glob_wildcards("report/chapters/{name}.md.j2").name)


rule render_markdown:
    input:
        validated=validated(*RAW_TABLES),
        links=f"{DERIVED}/validated/facts.links.txt",
        audit=f"{DERIVED}/indicators/audit.csv",
        indicators=expand(f"{DERIVED}/indicators/{{i}}.csv", i=INDICATORS),
        figures=expand(
            f"{DERIVED}/figures/{{f}}.{{ext}}",
            f=FIGURES,
            ext=["svg", "png", "fields.json"],
        ),
        templates=expand("report/chapters/{name}.md.j2", name=CHAPTERS),
        errata="report/errata.csv",
        deviations="report/deviations.csv",
        typo_decisions="report/typo_decisions.csv",
        package=PACKAGE_FILES,
        code=code_of("scripts/render_markdown.py"),
    output:
        markdown=f"{BUILD}/work/report.md",
        provenance=f"{BUILD}/work/report.provenance.json",
        dated=f"{BUILD}/work/report.dated.json",
        # what makes the text a draft (nanjiang.text.draft)
        draft=f"{BUILD}/work/report.draft.json",
    log:
        "logs/report/render_markdown.log",
    benchmark:
        "benchmarks/report/render_markdown.tsv"
    # the report's longest chain of jobs goes first, the briefs beside it
    priority: 1
    localrule: True
    conda:
        "envs/documents.yaml"
    threads: 1
    resources:
        mem_mb=lambda wildcards, attempt: 500 * attempt,
        runtime=5,
    params:
        content=content_of(
            expand("report/chapters/{name}.md.j2", name=CHAPTERS),
            "report/errata.csv",
            "report/deviations.csv",
            "report/typo_decisions.csv",
            PACKAGE_FILES,
            code_of("scripts/render_markdown.py"),
        ),
        year=config["year"],
        strict=config["strict"],
        stale_statements=config["stale_statements"],
        edition=config["edition"],
        # 附录四 says where the full list is: the HTML edition when it is built
        html_edition="html" in config["formats"],
        # a map's 审图号, or that it is an unreviewed schematic (nanjiang.text.map_notice)
        map_review_number=config.get("map_review_number"),
    script:
        "../scripts/render_markdown.py"


rule reference_docx:
    input:
        code=code_of("scripts/build_reference_docx.py"),
    output:
        f"{BUILD}/work/reference.docx",
    log:
        "logs/report/reference_docx.log",
    benchmark:
        "benchmarks/report/reference_docx.tsv"
    localrule: True
    conda:
        "envs/documents.yaml"
    threads: 1
    resources:
        mem_mb=lambda wildcards, attempt: 500 * attempt,
        runtime=5,
    params:
        content=content_of(code_of("scripts/build_reference_docx.py")),
    script:
        "../scripts/build_reference_docx.py"


rule pdf:
    input:
        markdown=f"{BUILD}/work/report.md",
        front="report/front.yaml",
        template="report/templates/report.typ",
        label=f"{BUILD}/work/edition.json",
        lua="report/templates/custom-styles.lua",
        defaults="report/templates/pandoc/typst.yaml",
        code=code_of("scripts/build_pdf.py"),
    output:
        pdf=f"{BUILD}/staging/report.pdf",
        checksums=f"{BUILD}/staging/report.pdf.sha256",
        typst=f"{BUILD}/work/report.typ",
    log:
        "logs/report/pdf.log",
    benchmark:
        "benchmarks/report/pdf.tsv"
    # the report's longest chain of jobs goes first, the briefs beside it
    priority: 1
    conda:
        "envs/documents.yaml"
    threads: 1
    resources:
        mem_mb=lambda wildcards, attempt: 1000 * attempt,
        runtime=5,
    params:
        content=content_of(
            "report/front.yaml",
            "report/templates/report.typ",
            "report/templates/custom-styles.lua",
            "report/templates/pandoc/typst.yaml",
            code_of("scripts/build_pdf.py"),
        ),
        fonts=config["fonts"],
    script:
        "../scripts/build_pdf.py"


rule docx:
    input:
        markdown=f"{BUILD}/work/report.md",
        front="report/front.yaml",
        reference=DOCX_REFERENCE,
        lua="report/templates/custom-styles.lua",
        defaults="report/templates/pandoc/docx.yaml",
        label=f"{BUILD}/work/edition.json",
        code=code_of("scripts/build_docx.py"),
    output:
        docx=f"{BUILD}/staging/report.docx",
        checksums=f"{BUILD}/staging/report.docx.sha256",
    log:
        "logs/report/docx.log",
    benchmark:
        "benchmarks/report/docx.tsv"
    conda:
        "envs/documents.yaml"
    threads: 1
    resources:
        mem_mb=lambda wildcards, attempt: 1000 * attempt,
        runtime=5,
    params:
        content=content_of(
            "report/front.yaml",
            "report/templates/custom-styles.lua",
            "report/templates/pandoc/docx.yaml",
            DOCX_REFERENCE,
            code_of("scripts/build_docx.py"),
        ),
        fonts=config["fonts"],
    script:
        "../scripts/build_docx.py"


rule html:
    input:
        markdown=f"{BUILD}/work/report.md",
        front="report/front.yaml",
        figures=expand(f"{DERIVED}/figures/{{f}}.svg", f=FIGURES),
        # the page's search covers the briefs too: their indexes (rule brief_documents)
        briefs=expand(f"{BUILD}/work/briefs/{{r}}.search.json", r=config["briefs"]),
        templates=HTML_TEMPLATE,
        label=f"{BUILD}/work/edition.json",
        lua="report/templates/html/html.lua",
        defaults="report/templates/pandoc/html.yaml",
        code=code_of("scripts/build_html.py"),
    output:
        html=f"{BUILD}/staging/html/index.html",
        checksums=f"{BUILD}/staging/html/index.html.sha256",
    log:
        "logs/report/html.log",
    benchmark:
        "benchmarks/report/html.tsv"
    conda:
        "envs/documents.yaml"
    threads: 1
    resources:
        mem_mb=lambda wildcards, attempt: 1000 * attempt,
        runtime=5,
    params:
        content=content_of(
            "report/front.yaml",
            HTML_TEMPLATE,
            "report/templates/html/html.lua",
            "report/templates/pandoc/html.yaml",
            code_of("scripts/build_html.py"),
        ),
        fonts=config["fonts"],
        # the documents the page links to
        formats=config["formats"],
    script:
        "../scripts/build_html.py"


rule tables_workbook:
    """The report's tables as one workbook, one sheet per table as printed
    (read from the rendered Markdown every format is built from)."""
    input:
        markdown=f"{BUILD}/work/report.md",
        provenance=f"{BUILD}/work/report.provenance.json",
        front="report/front.yaml",
        package=PACKAGE_FILES,
        code=code_of("scripts/build_tables_workbook.py"),
    output:
        xlsx=f"{BUILD}/staging/report-tables.xlsx",
        checksums=f"{BUILD}/staging/report-tables.xlsx.sha256",
    log:
        "logs/report/tables_workbook.log",
    benchmark:
        "benchmarks/report/tables_workbook.tsv"
    localrule: True
    conda:
        "envs/documents.yaml"
    threads: 1
    resources:
        mem_mb=lambda wildcards, attempt: 500 * attempt,
        runtime=5,
    params:
        content=content_of(
            "report/front.yaml",
            PACKAGE_FILES,
            code_of("scripts/build_tables_workbook.py"),
        ),
        year=config["year"],
    script:
        "../scripts/build_tables_workbook.py"


rule edition_label:
    """The label of this build's edition (report year, version v1, v2 … per
    year, date, data cut-off, baseline), from a fingerprint of what the
    documents are made from (nanjiang.publish.label)."""

    # grouped by the documents made from them (nanjiang.publish.label.parts)
    input:
        text=[
            f"{BUILD}/work/report.md",
            f"{BUILD}/work/report.provenance.json",
            f"{BUILD}/work/report.draft.json",
            "report/front.yaml",
            *expand(f"{DERIVED}/figures/{{f}}.{{ext}}", f=FIGURES, ext=["svg", "png"]),
        ],
        pdf=[
            "report/templates/report.typ",
            "report/templates/custom-styles.lua",
            "report/templates/pandoc/typst.yaml",
            *code_of("scripts/build_pdf.py"),
        ],
        docx=[
            DOCX_REFERENCE,
            "report/templates/custom-styles.lua",
            "report/templates/pandoc/docx.yaml",
            *code_of("scripts/build_docx.py"),
        ],
        html=[
            *HTML_TEMPLATE,
            "report/templates/html/html.lua",
            "report/templates/pandoc/html.yaml",
            *code_of("scripts/build_html.py"),
        ],
        # the tables workbooks, which print no label: in the fingerprint, in no part
        workbook=[*PACKAGE_FILES, *code_of("scripts/build_tables_workbook.py")],
        brief_pdf=[
            "report/briefs/brief.typ",
            "report/templates/custom-styles.lua",
            "report/templates/pandoc/typst.yaml",
        ],
        brief_docx=[
            DOCX_REFERENCE,
            "report/templates/custom-styles.lua",
            "report/templates/pandoc/docx.yaml",
        ],
        brief_html=[*HTML_TEMPLATE, "report/templates/pandoc/html.yaml"],
        brief_code=code_of("scripts/build_brief.py"),
        briefs=expand(
            f"{BUILD}/work/briefs/{{r}}.{{ext}}",
            r=config["briefs"],
            ext=["md", "provenance.json"],
        ),
        maps=expand(
            f"{DERIVED}/figures/briefs/map_{{r}}.{{ext}}",
            r=config["briefs"],
            ext=["svg", "png"],
        ),
        code=code_of("scripts/choose_edition_label.py"),
    output:
        label=f"{BUILD}/work/edition.json",
    log:
        "logs/report/edition_label.log",
    benchmark:
        "benchmarks/report/edition_label.tsv"
    localrule: True
    conda:
        "envs/documents.yaml"
    threads: 1
    resources:
        mem_mb=lambda wildcards, attempt: 500 * attempt,
        runtime=5,
    params:
        content=content_of(
            "report/front.yaml",
            "report/templates/report.typ",
            "report/templates/custom-styles.lua",
            "report/templates/html/html.lua",
            "report/briefs/brief.typ",
            BRIEF_DEFAULTS,
            HTML_TEMPLATE,
            PACKAGE_FILES,
            code_of(
                "scripts/build_pdf.py",
                "scripts/build_docx.py",
                "scripts/build_html.py",
                "scripts/build_tables_workbook.py",
                "scripts/build_brief.py",
                "scripts/choose_edition_label.py",
            ),
        ),
        year=config["year"],
        compare_to=config.get("compare_to"),
        formats=config["formats"],
        briefs=config["briefs"],
        # true: a draft (test data, stale statements, a kept row) stops the build
        final=config.get("final", False),
        # the settings that shape the documents beyond their sources (the
        # documents' internal timestamps: SOURCE_DATE_EPOCH)
        settings={
            **{
                k: config.get(k)
                for k in ("year", "formats", "briefs", "fonts", "compare_to")
            },
            "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH"),
        },
    script:
        "../scripts/choose_edition_label.py"


rule publish:
    input:
        documents=[staged(ext) for ext in config["formats"]],
        # the tables as a workbook, with every build (rule tables_workbook)
        workbook=f"{BUILD}/staging/report-tables.xlsx",
        briefs=expand(
            f"{BUILD}/staging/briefs/{{r}}.{{ext}}",
            r=config["briefs"],
            ext=config["formats"],
        ),
        # each brief's tables as a workbook (rule brief_tables_workbook)
        brief_workbooks=expand(
            f"{BUILD}/staging/briefs/{{r}}-tables.xlsx", r=config["briefs"]
        ),
        # what each document job built (nanjiang.publish.built)
        checksums=[f"{staged(ext)}.sha256" for ext in config["formats"]]
        + [f"{BUILD}/staging/report-tables.xlsx.sha256"]
        + expand(f"{BUILD}/staging/briefs/{{r}}.sha256", r=config["briefs"])
        + expand(
            f"{BUILD}/staging/briefs/{{r}}-tables.xlsx.sha256", r=config["briefs"]
        ),
        markdown=f"{BUILD}/work/report.md",
        front="report/front.yaml",
        figures=expand(f"{DERIVED}/figures/{{f}}.png", f=FIGURES),
        # the change report, made by publish against the edition current then
        dated=f"{BUILD}/work/report.dated.json",
        # this edition's name, baseline and date (rule edition_label)
        label=f"{BUILD}/work/edition.json",
        html=HTML_TEMPLATE
        + ["report/templates/html/html.lua", "report/templates/pandoc/html.yaml"],
        # the list of editions, report/build/editions/index.html
        index="report/templates/editions/index.html.j2",
        code=code_of("scripts/publish_documents.py"),
    output:
        receipt=f"{BUILD}/work/published.json",
    log:
        "logs/report/publish.log",
    benchmark:
        "benchmarks/report/publish.tsv"
    localrule: True
    conda:
        "envs/documents.yaml"
    threads: 1
    resources:
        mem_mb=lambda wildcards, attempt: 1000 * attempt,
        runtime=5,
    params:
        content=content_of(EDITION_SOURCES),
        year=config["year"],
        formats=config["formats"],
        fonts=config["fonts"],
        about="读者发出更新前应读的一页：与上次发布的版本相比的变化",
    script:
        "../scripts/publish_documents.py"
