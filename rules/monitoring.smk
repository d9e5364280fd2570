"""防返贫动态监测: screen household records, summarise per county and prefecture.

snakemake --cores 4 monitoring     (not part of the default build; never enters the report)

The screening runs as one job per prefecture of data/raw/regions.csv (separate cluster jobs),
after one validation job and before one job that combines the partitions.
"""

MON = config["monitoring"]
# Without a household table the pipeline runs on SYNTHETIC households, and says so in every path.
MON_TAG = "SYNTHETIC" if MON["households"] is None else "households"
# the files a user supplies (source files, whose content reruns the validation)
MON_SUPPLIED = (
    [] if MON["households"] is None else [MON["households"], MON["line_file"]]
)
MON_DIR = f"{DERIVED}/monitoring/{MON_TAG}"
MON_WORK = f"{MON_DIR}/work"
MON_BRIEF = f"{MON_DIR}/brief"
# On every page of the 监测预警简报 (PDF header and footer, DOCX header).
MON_PAGE_LABEL = (
    "SYNTHETIC 合成数据 · 非真实农户"
    if MON_TAG == "SYNTHETIC"
    else "防返贫监测预警简报"
)
# The partitions: the study prefectures (NJ4's members in datapackage.yaml), their counties by
# parent_code in regions.csv.
MON_PREFECTURES = list(prefecture_counties(f"{RAW}/regions.csv"))
MON_RULES = {
    k: MON[k]
    for k in (
        "income_drop_share",
        "expenditure_spike_share",
        "policy_dependence_share",
        "clearance_min_months",
    )
}


rule monitoring_synthetic:
    input:
        regions="data/raw/regions.csv",
        # the published margins it is calibrated to (nanjiang.monitoring.margins), as
        # validated: the raw table may be a CSV or a workbook in its place
        population=f"{DERIVED}/validated/poor_population_2014.csv",
        facts=f"{DERIVED}/validated/facts.csv",
        health=f"{DERIVED}/validated/survey_health.csv",
        code=code_of("scripts/generate_households.py"),
    output:
        households=f"{DERIVED}/monitoring/SYNTHETIC/households_SYNTHETIC.csv",
        lines=f"{DERIVED}/monitoring/SYNTHETIC/lines_SYNTHETIC.csv",
    log:
        "logs/monitoring/synthetic.log",
    benchmark:
        "benchmarks/monitoring/synthetic.tsv"
    conda:
        "envs/monitoring.yaml"
    threads: 1
    resources:
        mem_mb=lambda wildcards, attempt: 1000 * attempt,
        runtime=10,
    params:
        content=content_of(
            f"{RAW}/regions.csv",
            code_of("scripts/generate_households.py"),
        ),
        synthetic=MON["synthetic"],
    script:
        "../scripts/generate_households.py"


rule monitoring_validate:
    input:
        households=(
            rules.monitoring_synthetic.output.households
            if MON["households"] is None
            else MON["households"]
        ),
        lines=(
            rules.monitoring_synthetic.output.lines
            if MON["households"] is None
            else MON["line_file"]
        ),
        regions="data/raw/regions.csv",
        sources="data/raw/sources.csv",
        code=code_of("scripts/validate_households.py"),
    output:
        households=f"{MON_WORK}/validated_{MON_TAG}.parquet",
        lines=f"{MON_WORK}/lines_{MON_TAG}.json",
    log:
        "logs/monitoring/validate.log",
    benchmark:
        "benchmarks/monitoring/validate.tsv"
    conda:
        "envs/monitoring.yaml"
    threads: 1
    resources:
        mem_mb=lambda wildcards, attempt: 2000 * attempt,
        runtime=30,
    params:
        content=content_of(
            MON_SUPPLIED,
            f"{RAW}/regions.csv",
            f"{RAW}/sources.csv",
            code_of("scripts/validate_households.py"),
        ),
        sourced=MON["households"] is not None
        and MON["line_file"] == "data/raw/monitoring/monitoring_lines.csv",
    script:
        "../scripts/validate_households.py"


rule monitoring_screen:
    input:
        households=rules.monitoring_validate.output.households,
        lines=rules.monitoring_validate.output.lines,
        regions="data/raw/regions.csv",
        code=code_of("scripts/screen_households.py"),
    output:
        f"{MON_WORK}/parts/screened_{MON_TAG}_{{prefecture}}.parquet",
    log:
        "logs/monitoring/screen_{prefecture}.log",
    benchmark:
        "benchmarks/monitoring/screen_{prefecture}.tsv"
    wildcard_constraints:
        prefecture="|".join(MON_PREFECTURES) or "none",
    conda:
        "envs/monitoring.yaml"
    threads: 1
    resources:
        mem_mb=lambda wildcards, attempt: 2000 * attempt,
        runtime=10,
    params:
        content=content_of(
            f"{RAW}/regions.csv", code_of("scripts/screen_households.py")
        ),
        rules=MON_RULES,
    script:
        "../scripts/screen_households.py"


rule monitoring_combine:
    input:
        parts=expand(
            f"{MON_WORK}/parts/screened_{MON_TAG}_{{prefecture}}.parquet",
            prefecture=MON_PREFECTURES,
        ),
        code=code_of("scripts/combine_screened.py"),
    output:
        f"{MON_DIR}/screened_{MON_TAG}.parquet",
    log:
        "logs/monitoring/combine.log",
    benchmark:
        "benchmarks/monitoring/combine.tsv"
    conda:
        "envs/monitoring.yaml"
    threads: 1
    resources:
        mem_mb=lambda wildcards, attempt: 2000 * attempt,
        runtime=15,
    params:
        content=content_of(code_of("scripts/combine_screened.py")),
    script:
        "../scripts/combine_screened.py"


rule monitoring_summary:
    input:
        screened=rules.monitoring_combine.output,
        code=code_of("scripts/summarise_monitoring.py"),
    output:
        f"{MON_DIR}/summary_{MON_TAG}.csv",
    log:
        "logs/monitoring/summary.log",
    benchmark:
        "benchmarks/monitoring/summary.tsv"
    conda:
        "envs/monitoring.yaml"
    threads: 1
    resources:
        mem_mb=lambda wildcards, attempt: 1000 * attempt,
        runtime=5,
    params:
        content=content_of(code_of("scripts/summarise_monitoring.py")),
        tag=MON_TAG,
    script:
        "../scripts/summarise_monitoring.py"


rule monitoring_county_lists:
    input:
        screened=rules.monitoring_combine.output,
        # the columns a list shows that the screen does not write, joined on the key
        validated=rules.monitoring_validate.output.households,
        code=code_of("scripts/list_monitored_households.py"),
    output:
        directory(f"{MON_DIR}/counties"),
    log:
        "logs/monitoring/county_lists.log",
    benchmark:
        "benchmarks/monitoring/county_lists.tsv"
    conda:
        "envs/monitoring.yaml"
    threads: 1
    resources:
        mem_mb=lambda wildcards, attempt: 1000 * attempt,
        runtime=10,
    params:
        content=content_of(code_of("scripts/list_monitored_households.py")),
        tag=MON_TAG,
    script:
        "../scripts/list_monitored_households.py"


rule monitoring_brief_figures:
    input:
        summary=rules.monitoring_summary.output[0],
        regions="data/raw/regions.csv",
        code=code_of("scripts/draw_monitoring_figures.py"),
    output:
        map_svg=f"{MON_BRIEF}/figures/map_{MON_TAG}.svg",
        map_png=f"{MON_BRIEF}/figures/map_{MON_TAG}.png",
        risks_svg=f"{MON_BRIEF}/figures/risks_{MON_TAG}.svg",
        risks_png=f"{MON_BRIEF}/figures/risks_{MON_TAG}.png",
    log:
        "logs/monitoring/brief_figures.log",
    benchmark:
        "benchmarks/monitoring/brief_figures.tsv"
    conda:
        "envs/monitoring.yaml"
    threads: 1
    resources:
        mem_mb=lambda wildcards, attempt: 1000 * attempt,
        runtime=5,
    params:
        content=content_of(
            f"{RAW}/regions.csv", code_of("scripts/draw_monitoring_figures.py")
        ),
        fonts=config["fonts"],
        synthetic=MON_TAG == "SYNTHETIC",
    script:
        "../scripts/draw_monitoring_figures.py"


rule monitoring_brief_markdown:
    input:
        summary=rules.monitoring_summary.output[0],
        regions="data/raw/regions.csv",
        template="report/briefs/monitoring.md.j2",
        map=rules.monitoring_brief_figures.output.map_svg,
        risks=rules.monitoring_brief_figures.output.risks_svg,
        code=code_of("scripts/render_monitoring_brief.py"),
    output:
        f"{MON_BRIEF}/monitoring_brief_{MON_TAG}.md",
    log:
        "logs/monitoring/brief_markdown.log",
    benchmark:
        "benchmarks/monitoring/brief_markdown.tsv"
    conda:
        "envs/monitoring.yaml"
    threads: 1
    resources:
        mem_mb=lambda wildcards, attempt: 500 * attempt,
        runtime=5,
    params:
        content=content_of(
            f"{RAW}/regions.csv",
            "report/briefs/monitoring.md.j2",
            code_of("scripts/render_monitoring_brief.py"),
        ),
        synthetic=MON_TAG == "SYNTHETIC",
        # printed in the brief: local settings, or the notice cited for them
        settings={**MON_RULES, "settings_source": MON["settings_source"]},
        # a map's 审图号, or that it is an unreviewed schematic (nanjiang.text.map_notice)
        map_review_number=config.get("map_review_number"),
    script:
        "../scripts/render_monitoring_brief.py"


rule monitoring_reference_docx:
    input:
        code=code_of("scripts/build_reference_docx.py"),
    output:
        f"{MON_BRIEF}/reference_{MON_TAG}.docx",
    log:
        "logs/monitoring/reference_docx.log",
    benchmark:
        "benchmarks/monitoring/reference_docx.tsv"
    conda:
        "envs/monitoring.yaml"
    threads: 1
    resources:
        mem_mb=lambda wildcards, attempt: 500 * attempt,
        runtime=5,
    params:
        content=content_of(code_of("scripts/build_reference_docx.py")),
        header=MON_PAGE_LABEL,
    script:
        "../scripts/build_reference_docx.py"


# The 监测预警简报 (PDF, DOCX, HTML) by the prefecture briefs' own builder and template.
rule monitoring_brief:
    input:
        markdown=rules.monitoring_brief_markdown.output[0],
        maps=rules.monitoring_brief_figures.output,
        typst_template="report/briefs/brief.typ",
        lua="report/templates/custom-styles.lua",
        defaults=BRIEF_DEFAULTS,
        reference=rules.monitoring_reference_docx.output[0],
        html=HTML_TEMPLATE,
        code=code_of("scripts/build_brief.py"),
    output:
        pdf=f"{MON_BRIEF}/monitoring_brief_{MON_TAG}.pdf",
        docx=f"{MON_BRIEF}/monitoring_brief_{MON_TAG}.docx",
        html=f"{MON_BRIEF}/monitoring_brief_{MON_TAG}.html",
    log:
        "logs/monitoring/brief.log",
    benchmark:
        "benchmarks/monitoring/brief.tsv"
    conda:
        "envs/monitoring.yaml"
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
            code_of("scripts/build_brief.py"),
        ),
        fonts=config["fonts"],
        page_header=MON_PAGE_LABEL,
    script:
        "../scripts/build_brief.py"


rule monitoring:
    input:
        rules.monitoring_summary.output,
        rules.monitoring_county_lists.output,
        rules.monitoring_brief.output,
    threads: 1
    resources:
        mem_mb=lambda wildcards, attempt: 100 * attempt,
        runtime=1,
