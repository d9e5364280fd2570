"""`snakemake monitoring` in a temporary copy: SYNTHETIC by default, screened as one job per
prefecture and combined into the bytes of one unpartitioned screen; a bad table stops it,
located, and the last good outputs stay in place."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pandas as pd
import yaml

from conftest import snakemake
from nanjiang.monitoring.engine import screen_partition
from nanjiang.monitoring.regions import prefecture_counties
from nanjiang.workflow.codedeps import code_of
from repocopy import copy_repo
from test_monitoring_rules import BASE
from test_monitoring_validate import write, write_parquet, write_xlsx


def outputs(folder: Path) -> dict[str, bytes]:
    """Every published monitoring output under ``folder`` (not the work files), by name."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and "work" not in p.relative_to(folder).parts}


def configure(repo: Path, **monitoring) -> None:
    config = yaml.safe_load((repo / "config.yaml").read_text("utf-8"))
    config["monitoring"].update(monitoring)
    (repo / "config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")


def test_synthetic_run_is_partitioned_and_equals_one_unpartitioned_screen(tmp_path):
    repo = copy_repo(tmp_path / "repo")
    run = snakemake(repo, "--cores", "2", "monitoring")
    out = repo / "data/derived/monitoring/SYNTHETIC"
    # one screening job per prefecture of regions.csv
    prefectures = prefecture_counties(repo / "data/raw/regions.csv")
    screens = re.findall(r"rule monitoring_screen:\n(?:.*\n)*?    wildcards: prefecture=(\d+)",
                         run.stdout + run.stderr)
    assert sorted(screens) == sorted(prefectures) and len(prefectures) == 4
    parts = sorted((out / "work/parts").glob("*.parquet"))
    assert [p.stem.rsplit("_", 1)[1] for p in parts] == sorted(prefectures)
    # the combined table is byte-identical to one screen of the whole validated table
    lines = json.loads((out / "work/lines_SYNTHETIC.json").read_text("utf-8"))
    whole = tmp_path / "whole.parquet"
    config = yaml.safe_load((repo / "config.yaml").read_text("utf-8"))["monitoring"]
    params = {k: config[k] for k in
              ("income_drop_share", "expenditure_spike_share", "policy_dependence_share",
               "clearance_min_months")}
    screen_partition(out / "work/validated_SYNTHETIC.parquet",
                     {int(y): v for y, v in lines.items()}, whole, None, params)
    combined = out / "screened_SYNTHETIC.parquet"
    assert combined.read_bytes() == whole.read_bytes()
    assert len(pd.read_csv(out / "households_SYNTHETIC.csv")) == config["synthetic"]["households"]

    summary = pd.read_csv(out / "summary_SYNTHETIC.csv")
    assert set(summary["level"]) == {"all", "county", "prefecture"}
    assert summary.query("kind == 'screened' and level == 'county'")["households"].sum() > 0
    # SYNTHETIC in every row; no count under 5 shown
    assert (summary["data"] == "SYNTHETIC").all()
    assert (summary["households"].dropna() >= 5).all() and summary["suppressed"].any()
    lists = sorted((out / "counties").glob("*.xlsx"))
    assert len(lists) == 33 and all("SYNTHETIC" in p.name for p in lists)
    from openpyxl import load_workbook

    for path in lists[:3]:
        sheet = load_workbook(path).active
        assert sheet["A1"].value == "内部资料 不得公示"
        assert sheet["A2"].value.startswith("用途：")
    # A nothing-changed rerun does nothing.
    again = snakemake(repo, "--cores", "2", "monitoring")
    assert "Nothing to be done" in again.stdout + again.stderr

    # Each job's code inputs are the modules its script imports (nanjiang.workflow.codedeps), and
    # cover what the job loaded; an edit to one module reruns only the jobs importing it.
    jobs = {"synthetic": "generate_households", "validate": "validate_households",
            "screen_652900": "screen_households", "combine": "combine_screened",
            "summary": "summarise_monitoring", "county_lists": "list_monitored_households",
            "brief_figures": "draw_monitoring_figures",
            "brief_markdown": "render_monitoring_brief", "brief": "build_brief"}
    for log, script in jobs.items():
        text = (repo / f"logs/monitoring/{log}.log").read_text("utf-8")
        loaded = set(re.search(r"^code loaded: (.*)$", text, re.M).group(1).split())
        assert loaded <= set(code_of(f"scripts/{script}.py")), log
    assert "scripts/nanjiang/monitoring/schema.yaml" in code_of("scripts/validate_households.py")
    assert "scripts/nanjiang/monitoring/synthetic.py" not in code_of("scripts/screen_households.py")
    with (repo / "scripts/nanjiang/monitoring/county_list.py").open("a", encoding="utf-8") as fh:
        fh.write("\n# an edit\n")
    plan = snakemake(repo, "-n", "monitoring").stdout
    assert set(re.findall(r"^rule (\w+):$", plan, re.M)) == {
        "monitoring_county_lists", "monitoring"}


def test_synthetic_brief_says_synthetic_on_every_page(tmp_path):
    """The 监测预警简报 of `snakemake monitoring`: PDF and DOCX by the briefs' builder, every
    PDF page and the DOCX header say SYNTHETIC, as do the file names and the title."""
    import subprocess

    import docx
    import pdfplumber

    repo = copy_repo(tmp_path / "repo")
    snakemake(repo, "--cores", "2", "monitoring")
    folder = repo / "data/derived/monitoring/SYNTHETIC/brief"
    pdf = folder / "monitoring_brief_SYNTHETIC.pdf"
    word = folder / "monitoring_brief_SYNTHETIC.docx"
    with pdfplumber.open(pdf) as doc:
        pages = [page.extract_text() or "" for page in doc.pages]
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        # header and footer of the page
        assert text.count("SYNTHETIC 合成数据") >= 2, f"page {number}"
    first = pages[0]
    assert "SYNTHETIC 南疆四地州防返贫监测预警简报" in first and "表 1" in first
    # pdftotext (poppler) reads the same
    if subprocess.run(["which", "pdftotext"], capture_output=True).returncode == 0:
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert text.count("SYNTHETIC 合成数据") >= 2 * len(pages)
    book = docx.Document(str(word))
    assert all("SYNTHETIC" in s.header.paragraphs[0].text for s in book.sections)
    assert book.core_properties.title.startswith("SYNTHETIC")
    body = "\n".join(p.text for p in book.paragraphs)
    # an overview table per prefecture, the main risk types, the assistance measures, one
    # per county (each prefecture's row above its counties, the 合计 last), a section per
    # county under its prefecture, two figures
    assert len(book.tables) == 4
    counties = prefecture_counties(repo / "data/raw/regions.csv")
    rows = book.tables[3].rows
    assert len(rows) == 1 + sum(len(c) for c in counties.values()) + len(counties) + 1
    def first(row):
        return row.cells[0].text.replace("\u2060", "")
    assert first(rows[1]) == "阿克苏地区" and first(rows[-1]) == "合计"
    assert "监测时长" in body and "本地设置" in body and "预警提示" in body
    assert "英吉沙县" in body and "图 1" in body and "图 2" in body
    # the counties' table continues on the next page under "续表 4", its header repeated
    assert sum("续表 4" in text for text in pages) >= 1
    with zipfile.ZipFile(word) as z:
        assert sum(n.startswith("word/media/") for n in z.namelist()) == 2
    assert not list(repo.glob("report/build/*.pdf"))  # not part of the default build


def test_bad_household_table_is_located_and_last_good_outputs_stay(tmp_path):
    repo = copy_repo(tmp_path / "repo")
    good = [BASE, {**BASE, "household_id": "H2", "household_type": "脱贫户",
                   "income_per_capita": 5000.0, "income_wage": 2000.0}]
    write(repo / "h.csv", good)
    (repo / "lines.csv").write_text(
        "year,line_yuan,source_id,note\n2023,6000,县乡村振兴局通知,local\n", "utf-8"
    )
    configure(repo, households="h.csv", line_file="lines.csv")
    snakemake(repo, "--cores", "2", "monitoring")
    folder = repo / "data/derived/monitoring/households"
    kept = outputs(folder)
    assert {"screened_households.parquet", "summary_households.csv",
            "counties/653123_monitored_households.xlsx"} <= set(kept)

    write(repo / "h.csv", [BASE, {**BASE, "household_size": 0}])
    failed = snakemake(repo, "--cores", "2", "monitoring", check=False)
    assert failed.returncode != 0
    log = (repo / "logs/monitoring/validate.log").read_text("utf-8")
    assert "h.csv:3, column 'household_id', value 'H1': duplicate household id" in log
    assert "h.csv:3, column 'household_size', value '0'" in log
    assert outputs(folder) == kept

    # the same checks for a workbook, located by sheet and cell
    write_xlsx(repo / "h.xlsx", [BASE, {**BASE, "household_id": "H2", "county_code": "110101"}])
    configure(repo, households="h.xlsx")
    failed = snakemake(repo, "--cores", "2", "monitoring", check=False)
    assert failed.returncode != 0
    log = (repo / "logs/monitoring/validate.log").read_text("utf-8")
    assert "h.xlsx!农户!B3, column 'county_code', value '110101'" in log
    assert outputs(folder) == kept

    # and for Parquet (checked column-wise by DuckDB), located by row
    write_parquet(repo / "h.parquet", [BASE, {**BASE, "household_id": "H2",
                                              "income_per_capita": -5.0}])
    configure(repo, households="h.parquet")
    failed = snakemake(repo, "--cores", "2", "monitoring", check=False)
    assert failed.returncode != 0
    log = (repo / "logs/monitoring/validate.log").read_text("utf-8")
    assert "h.parquet, row 2, column 'income_per_capita', value '-5': expected a value >= 0" in log
    assert outputs(folder) == kept

    write(repo / "h.csv", [{**BASE, "year": 2024}])  # the local file has only 2023
    configure(repo, households="h.csv")
    failed = snakemake(repo, "--cores", "2", "monitoring", check=False)
    assert failed.returncode != 0
    log = (repo / "logs/monitoring/validate.log").read_text("utf-8")
    assert "no sourced 监测范围 for year 2024" in log
    assert outputs(folder) == kept

    # the good table again, as Parquet: the same screened table and summary, byte for byte
    write_parquet(repo / "h.parquet", good)
    configure(repo, households="h.parquet")
    snakemake(repo, "--cores", "2", "monitoring")
    again = outputs(folder)
    for name in ("screened_households.parquet", "summary_households.csv"):
        assert again[name] == kept[name], name
