"""The three pages' shared frame: one template, one look, one legend, one way article text gets in.

Every page is one self-contained HTML file rendered from `templates/` with the libraries inlined
(vis-network from pyvis, vis-timeline and Natural Earth outlines from npm, see static/VENDOR.md).
Text from articles reaches a page only as JSON in <script type="application/json"> (tojson escapes
< > & ') or through autoescaped {{ }}; the page scripts put it in the DOM as text. A
Content-Security-Policy allows exactly the inline scripts (by hash) and blocks every request.
"""
from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup
from rdflib import Graph, Literal

from ..files import atomic_path
from ..graph.vocab import ID, KGO

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
# the build's three pages, in the order their links appear in each page's header
PAGES = (("view", "graph.html", "Граф"), ("timeline", "timeline.html", "Поездки во времени"),
         ("map", "map.html", "Карта поездок"))

# Colour (Tableau 10, distinct for colour-blind readers too) and vis-network shape by node group.
STYLE = {
    "person": ("#4e79a7", "dot"), "place": ("#59a14f", "triangle"), "organization": ("#f28e2b", "hexagon"),
    "visit": ("#e15759", "star"), "meeting": ("#b07aa1", "diamond"), "sitevisit": ("#9c755f", "triangleDown"),
    "event": ("#ff9da7", "diamond"), "topic": ("#76b7b2", "dot"), "article": ("#bab0ac", "square"),
}
# Regions of trips on the timeline and the map: the same colour for a region on both pages.
REGION_COLORS = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
                 "#9c755f", "#1f77b4", "#8c564b", "#17becf", "#bcbd22", "#7f7f7f", "#d62728", "#2ca02c")


@dataclass
class LegendItem:
    """One line of a page's legend: a swatch, a name, a count, and the key its filter toggles."""
    key: str
    label: str
    color: str
    shape: str = "dot"
    count: int = 0
    checked: bool = True


@dataclass
class Page:
    """What a page says around its picture: title, subtitle, notes and commands for the reader."""
    title: str
    subtitle: str = ""
    notes: list[str] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)
    focus: str | None = None  # a node to select and describe once the page is drawn
    legend: list[LegendItem] = field(default_factory=list)
    legend_title: str = "Легенда"
    legend_help: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)  # (text, relative href) to sibling pages


def render(template: str, page: Page, data: dict[str, object], scripts: list[str],
           styles: list[str] = (), **context: Markup) -> Iterator[str]:
    """The HTML of one page, piece by piece as the template makes it (a big graph's page is tens of
    megabytes): `data` as JSON blocks (by id), `scripts` (file names) inlined in order, `context`
    as markup that the template places (made by kg, never from article text)."""
    texts = [_script(name) for name in scripts]
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(t.encode()).digest()).decode()}'" for t in texts)
    csp = f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:"
    css = [_static_text(name) for name in styles] + [(TEMPLATES / "kg.css").read_text(encoding="utf-8")]
    return _environment().get_template(template).generate(
        page=page, data=data, scripts=[Markup(t) for t in texts], csp=Markup(csp),
        styles=[Markup(c) for c in css], **context)


def write(path: Path, html: Iterable[str]) -> None:
    """Write a page as UTF-8 through a temporary file, so a reader never sees half a page; its pieces
    go to the file as they come, so the whole page (and its encoding) is never held: at 30k
    articles that was 70 MB of the pages stage's 184 MB peak."""
    with atomic_path(Path(path)) as tmp, open(tmp, "w", encoding="utf-8", newline="") as out:
        out.writelines(html)


def sibling_links(current: str, siblings: dict[str, Path] | None) -> list[tuple[str, str]]:
    """Links from one of the build's pages to the others that are written beside it."""
    if not siblings:
        return []
    return [(text, Path(siblings[key]).name) for key, _, text in PAGES if key != current and key in siblings]


def article_links(sources: dict[str, str] | None, page_path: Path) -> dict[str, str]:
    """Each article id's text file as a link relative to the page, as a URL (empty without sources).

    The path is percent-encoded from the file system's bytes: a «#» or «?» in a file name would end
    the path, and a name that is not UTF-8 is reached only by its bytes (%FF)."""
    if not sources:
        return {}
    base = Path(page_path).resolve().parent
    return {art: quote(os.fsencode(Path(os.path.relpath(Path(src).resolve(), base)).as_posix()))
            for art, src in sorted(sources.items())}


def region_colors(regions: list[str]) -> dict[str, str]:
    """A colour per region name, assigned in sorted order so the timeline and the map agree."""
    return {r: REGION_COLORS[i % len(REGION_COLORS)] for i, r in enumerate(sorted(set(regions)))}


def article_index(graph: Graph, net, ids: set[str], sources: dict[str, str] | None, path: Path) -> dict:
    """id → headline, date and link to the text file, for the articles a page cites: found in the
    graph by their ids, described as the projection `net` describes them."""
    links = article_links({a: s for a, s in (sources or {}).items() if a in ids}, path)
    cited = sorted(n for n in _articles(graph, ids)
                   if n in net and net.nodes[n]["type"] == "article" and net.nodes[n]["article_id"] in ids)
    return {d["article_id"]: {"headline": d["label"] if d["label"] != d["article_id"] else "", "date": d["date"],
                              "href": links.get(d["article_id"], "")}
            for d in map(net.nodes.__getitem__, cited)}


def _articles(graph: Graph, ids: set[str]) -> set[str]:
    """The nodes that may be articles with one of these ids: those with it as their kgo:articleId,
    else whose IRI's short id it is (netgraph._article); the caller checks, since an article with
    two articleIds is known by the first. Asked of the graph's index, not of every article's node."""
    found = set()
    for art in ids:
        found.update(str(a) for a in graph.subjects(KGO.articleId, Literal(art)))
        found.update((str(ID) + art, art))
    return found


def plural(n: int, one: str, few: str, many: str) -> str:
    """The Russian plural form for a count: 1 узел, 2 узла, 5 узлов, 11 узлов, 21 узел."""
    if n % 10 == 1 and n % 100 != 11:
        return one
    return few if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else many


@lru_cache(maxsize=None)
def _script(name: str) -> str:
    """A script to inline: our templates/*.js, pyvis's vis-network or a vendored static file."""
    if name == "vis-network.min.js":
        import pyvis  # only the graph page needs it

        text = (Path(pyvis.__file__).resolve().parent / "templates/lib/vis-9.1.2" / name).read_text(encoding="utf-8")
    else:
        text = _static_text(name) if (STATIC / name).is_file() else (TEMPLATES / name).read_text(encoding="utf-8")
    # the source map comment would make an open DevTools ask for a file that is not there
    text = "\n".join(line for line in text.split("\n") if not line.startswith("//# sourceMappingURL="))
    if "</script" in text.lower():  # would end the inline <script> element early
        raise ValueError(f"{name} cannot be inlined: it contains </script")
    return text


@lru_cache(maxsize=None)
def _static_text(name: str) -> str:
    if name == "vis-network.css":
        import pyvis

        return (Path(pyvis.__file__).resolve().parent / "templates/lib/vis-9.1.2" / name).read_text(encoding="utf-8")
    text = (STATIC / name).read_text(encoding="utf-8")
    return "\n".join(line for line in text.split("\n") if not line.startswith("/*# sourceMappingURL="))


@lru_cache(maxsize=1)
def _environment() -> Environment:
    # autoescape: anything from an article that reaches HTML text or attributes is escaped
    return Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True,
                       trim_blocks=True, lstrip_blocks=True)
