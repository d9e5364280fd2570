"""What a map of this project says about its review (审图).

The county boundaries are 高德's (nanjiang.figures.geo), not a 标准地图 that
carries a 审图号. Under 《地图审核管理规定》 (自然资源部) a map showing
administrative boundaries must be reviewed before it is published,
displayed or posted, unless it uses a reviewed standard map as it is; the maps
of southern Xinjiang also touch the national border. Until an office has the
maps reviewed (config ``map_review_number``), every map says it is a schematic
for internal research use; once reviewed, it prints the 审图号.
"""

from __future__ import annotations

UNREVIEWED = "示意图，未经地图审核，仅供内部研究使用，不得公开出版、展示或登载"


def map_notice(review_number: str | None) -> str:
    """The words a map's source line carries about its review (plain text:
    the caller escapes it for its document)."""
    return f"审图号：{review_number}" if review_number else UNREVIEWED
