"""Charts of the indicator tables (new in this edition).

Captions are given without their number (图 x-y is generated). The 数据来源
line names the table the chart is computed from, with the number that table
has in this report (``extra["table"]`` is its data table; tests/test_charts.py
checks the number against the chapter templates).
"""

from nanjiang.figures.spec import FigureSpec

V = "data/derived/validated"
D = "data/derived/indicators"
PACKAGE = "data/raw/datapackage.yaml"

FIGURES = {
    f.id: f
    for f in [
        FigureSpec(
            id="fig_exits_by_year",
            draw="nanjiang.figures.chart_exits:draw",
            inputs=[f"{D}/exits_by_year.csv"],
            caption="南疆四地州贫困县摘帽退出数量（按退出年份和地州）",
            source="数据来源：根据{table[county_exits]} 计算（各地州当年摘帽县数及四地州累计数）",
            extra={"table": "county_exits"},
        ),
        FigureSpec(
            id="fig_income_structure",
            draw="nanjiang.figures.chart_income:draw",
            inputs=[f"{D}/income_shares.csv", f"{V}/income_structure.csv", PACKAGE],
            caption="南疆四地州与全国、新疆贫困地区农村居民人均可支配收入构成",
            fields="nanjiang.figures.chart_income:caption_fields",
            source=(
                "数据来源：根据{table[income_structure]} 计算"
                "（各项收入占印出的人均可支配收入的比重）{prose_note}"
            ),
            extra={"table": "income_structure"},
        ),
        FigureSpec(
            id="fig_durable_goods",
            draw="nanjiang.figures.chart_durable_goods:draw",
            inputs=[f"{V}/durable_goods.csv", f"{D}/durable_goods_gaps.csv", PACKAGE],
            caption="南疆四地州农村每百户耐用消费品拥有量与全国、新疆贫困地区比较",
            source="数据来源：根据{table[durable_goods]} {basis}",
            fields="nanjiang.figures.chart_durable_goods:caption_fields",
            extra={"table": "durable_goods"},
        ),
        FigureSpec(
            id="fig_infrastructure",
            draw="nanjiang.figures.chart_infrastructure:draw",
            inputs=[f"{V}/infrastructure.csv", PACKAGE],
            caption="贫困地区农村基础设施和公共服务“五通七有”覆盖情况",
            source="数据来源：根据{table[infrastructure]} 绘制",
            extra={"table": "infrastructure"},
        ),
        FigureSpec(
            id="fig_assistance",
            draw="nanjiang.figures.chart_assistance:draw",
            inputs=[f"{V}/survey_assistance.csv", PACKAGE],
            caption="叶城县建档立卡贫困户获得的帮扶措施（多选）",
            source=(
                "数据来源：根据{table[survey_assistance]} 绘制"
                "（课题组调研统计；多选，原表未载样本数）"
            ),
            extra={"table": "survey_assistance"},
        ),
    ]
}
