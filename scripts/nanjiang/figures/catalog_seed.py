"""Figures of the seed report (图 1-1 … 图 3-1)."""

from .spec import FigureSpec

V = "data/derived/validated"
D = "data/derived/indicators"

FIGURES = {
    f.id: f
    for f in [
        FigureSpec(
            id="fig_poverty_shares",
            draw="nanjiang.figures.poverty_shares:draw",
            inputs=[f"{D}/poverty_shares.csv"],
            caption="南疆地区贫困县、贫困村、贫困人口占全疆百分比",
            source="数据来源：根据表 2-4 计算",
        ),
    ]
}
