"""Figures of the seed report (图 1-1 … 图 3-1): what draws them, from what,
their captions (the number 图 x-y is generated) and 数据来源 lines."""

from nanjiang.figures.spec import FigureSpec

V = "data/derived/validated"
D = "data/derived/indicators"
DIAGRAMS = "report/diagrams"

FIGURES = {
    f.id: f
    for f in [
        FigureSpec(
            id="fig_research_questions",
            draw="nanjiang.figures.diagrams:draw",
            inputs=[f"{DIAGRAMS}/research_questions.yaml"],
            caption="研究问题生成树",
            source="资料来源：本研究的研究问题与研究内容（第一章）",
        ),
        FigureSpec(
            id="fig_technical_route",
            draw="nanjiang.figures.diagrams:draw",
            inputs=[f"{DIAGRAMS}/technical_route.yaml"],
            caption="技术路线图",
            source="资料来源：本研究的研究思路、研究方法与研究内容（第一章）",
        ),
        FigureSpec(
            id="fig_prefecture_map",
            draw="nanjiang.figures.prefecture_map:draw",
            inputs=["data/raw/regions.csv", f"{V}/county_exits.csv"],
            caption="南疆四地州（阿克苏、喀什、和田、克州）及其贫困县",
            fields="nanjiang.figures.prefecture_map:caption_fields",
            source=(
                "资料来源：县级行政区划界线据{boundaries}公开的行政区划数据绘制（{map_notice}）；"
                "贫困县、★区定贫困县及摘帽退出年份取自{table[county_exits]}"
                "（《2018-2019年自治区扶贫办统计资料公报》）"
            ),
        ),
        FigureSpec(
            id="fig_poverty_shares",
            draw="nanjiang.figures.poverty_shares:draw",
            inputs=[
                f"{D}/poverty_shares.csv",
                f"{V}/county_exits.csv",
                f"{V}/poverty_series.csv",
                f"{V}/facts.csv",  # the share the text states
            ],
            caption="南疆地区贫困县、贫困村、贫困人口占全疆百分比（2014 年）",
            fields="nanjiang.figures.poverty_shares:caption_fields",
            source=(
                "数据来源：贫困村、贫困人口根据{table[poor_population_2014]} 计算"
                "（地州数 ÷ 新疆合计）；贫困县据{table[county_exits]}{counties_line}"
            ),
        ),
        FigureSpec(
            id="fig_poverty_structure",
            draw="nanjiang.figures.poverty_structure:draw",
            inputs=[
                f"{V}/labour_composition.csv",
                f"{V}/income_bands.csv",
                f"{V}/education_poor.csv",
                "data/raw/datapackage.yaml",  # the sources' order: which one is drawn
            ],
            caption="南疆地区贫困发生的致贫结构：贫困人口的劳动力、收入与受教育程度构成",
            source="数据来源：（a）{table[labour_composition]}，（b）{table[income_bands]}，（c）{table[education_poor]}；原报告未给出致贫原因构成数据",
        ),
        FigureSpec(
            id="fig_poverty_trend",
            draw="nanjiang.figures.poverty_trend:draw",
            inputs=[f"{V}/poverty_series.csv", "data/raw/datapackage.yaml",
                    "data/raw/sources.csv"],
            fields="nanjiang.figures.poverty_trend:caption_fields",
            # the period and the sources follow the rows drawn (the original
            # printed 2011—2019, 贫困人口及贫困发生率, and two news agencies)
            caption="{first}—{last} 年南疆四地州贫困发生率下降图",
            source=(
                "数据来源：{sources}。{gaps}原图题作“{original}”，但南疆四地州{earlier}逐年"
                "贫困人口均未见公布，图中仅画公布的贫困发生率。"
                "注：{other_sources}2014 年的贫困发生率，{table[poor_population_2014]} 与原报告正文"
                "所作与图中不同；诸值之异见附录一"
            ),
        ),
    ]
}
