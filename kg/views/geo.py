"""Country outlines for the map page: Natural Earth's 1:50m countries (world-atlas, TopoJSON) decoded
and projected onto an SVG of the area the trips cover, computed when the page is written."""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache

from .page import STATIC

ATLAS = STATIC / "countries-50m.json"
# The map always shows Kazakhstan whole (lon 46.5-87.4, lat 40.5-55.5, Natural Earth's outline),
# the country the corpus is about, and widens to every destination abroad.
HOME = "Kazakhstan"
HOME_BOX = (46.5, 40.5, 87.4, 55.5)
PAD = 0.08  # of the box's size on each side
WIDTH = 1000.0  # SVG units across the map


@dataclass(frozen=True)
class Projection:
    """Equirectangular around the box's middle latitude: x east, y south, WIDTH units across."""
    west: float
    south: float
    east: float
    north: float

    @property
    def k(self) -> float:
        return WIDTH / ((self.east - self.west) * self.cos)

    @property
    def cos(self) -> float:
        return math.cos(math.radians((self.south + self.north) / 2))

    @property
    def height(self) -> float:
        return (self.north - self.south) * self.k

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return ((lon - self.west) * self.cos * self.k, (self.north - lat) * self.k)


def projection_for(points: list[tuple[float, float]]) -> Projection:
    """A projection whose box holds Kazakhstan and every (lat, lon) point, padded."""
    west, south, east, north = HOME_BOX
    for lat, lon in points:
        west, east, south, north = min(west, lon), max(east, lon), min(south, lat), max(north, lat)
    dx, dy = (east - west) * PAD, (north - south) * PAD
    # labels are written to the right of their points: room for a long region name in the east
    return Projection(max(-180.0, west - dx), max(-85.0, south - dy), min(180.0, east + 3 * dx), min(85.0, north + dy))


def country_paths(proj: Projection) -> list[tuple[str, str]]:
    """(country name, SVG path) for every country with a ring inside the projection's box."""
    out = []
    for name, rings in _countries():
        parts = []
        for ring in rings:
            lons, lats = [p[0] for p in ring], [p[1] for p in ring]
            if max(lons) < proj.west or min(lons) > proj.east or max(lats) < proj.south or min(lats) > proj.north:
                continue
            xy = [proj(lon, lat) for lon, lat in ring]
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in xy) + "Z")
        if parts:
            out.append((name, "".join(parts)))
    return out


@lru_cache(maxsize=1)
def _countries() -> list[tuple[str, list[list[tuple[float, float]]]]]:
    """Every country's name and rings in (lon, lat), decoded from the TopoJSON arcs."""
    topo = json.loads(ATLAS.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:  # quantized and delta-encoded
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indices: list[int]) -> list[tuple[float, float]]:
        out: list[tuple[float, float]] = []
        for i in indices:
            points = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(points if not out else points[1:])  # consecutive arcs share an end point
        return out

    countries = []
    for geometry in topo["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}.get(geometry["type"], [])
        rings = [ring(r) for polygon in polygons for r in polygon]
        countries.append((geometry.get("properties", {}).get("name", ""), rings))
    return countries
