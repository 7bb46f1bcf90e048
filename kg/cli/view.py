"""kg view: write an interactive HTML view of a built graph, whole or around one entity or visit."""
from __future__ import annotations

import sys
from pathlib import Path

from .common import formatter, graph_and_net
from .main import UserError

EPILOG = """Without --focus or --visit the whole graph is drawn, up to --max-nodes of its most
connected nodes. The page is self-contained: it opens from disk without a network.

With --articles, the evidence in the page links to each article's text file (its id is the file
name without the extension), at the quote.

examples:
  kg view build --focus "Касым-Жомарт Токаев" -o ego.html --articles corpus/
  kg view build --focus "Карагандинская область" --depth 1 -o karaganda.html
  kg view build --visit event/434545980ddba6b2 -o visit.html"""


def register(sub) -> None:
    from ..views import DEFAULT_DEPTH, NODE_CAP  # the constants alone: no networkx for --help

    p = sub.add_parser("view", help="write an interactive HTML view: the whole graph, an ego view or one visit",
                       epilog=EPILOG, formatter_class=formatter())
    p.add_argument("graph", help="a build directory or a .ttl file")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--focus", metavar="NAME",
                       help="a person, place, organization or event, by name (or id) as in the graph")
    which.add_argument("--visit", metavar="ID", help="a visit id, as shown in its tooltip: event/…")
    p.add_argument("--depth", type=int, default=DEFAULT_DEPTH, metavar="N",
                   help=f"links from the focus to include (default: {DEFAULT_DEPTH})")
    p.add_argument("--max-nodes", type=int, default=NODE_CAP, metavar="N",
                   help=f"draw at most N nodes, the most connected (default: {NODE_CAP})")
    p.add_argument("--articles", type=Path, action="append", metavar="DIR",
                   help="a folder of the build's .txt articles, for links to their text (repeatable)")
    p.add_argument("-o", "--output", type=Path, default=Path("view.html"),
                   help="HTML file to write (default: view.html)")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..views.draw import (
        ViewError,
        write_focus_view,
        write_full_view,
        write_visit_view,
    )

    if args.depth < 0 or args.max_nodes < 1:
        raise UserError("--depth must be 0 or more and --max-nodes 1 or more")
    sources = {}
    for folder in args.articles or []:
        if not folder.is_dir():
            raise UserError(f"--articles {folder}: no such folder")
        sources.update((p.stem, str(p)) for p in sorted(folder.rglob("*.txt")))
    graph, net = graph_and_net(args.graph, instead="kg view of a streamed build's folder (kg build --stream) "
                               "reads its store instead.")
    if net is not None and sys.stderr.isatty():  # a store: tens of seconds at 30k articles, more above
        what = f"the neighbourhood of {args.focus!r}" if args.focus else f"visit {args.visit}" if args.visit else \
            f"the {args.max_nodes} most connected"
        print(f"kg view: {net.number_of_nodes()} nodes in {args.graph}; drawing {what}…", file=sys.stderr, flush=True)
    try:
        if args.focus:
            shown = write_focus_view(graph, args.output, args.focus, args.depth, args.max_nodes, sources=sources,
                                     net=net)
        elif args.visit:
            shown = write_visit_view(graph, args.output, args.visit, sources=sources, net=net)
        else:
            shown = write_full_view(graph, args.output, args.max_nodes, sources=sources, net=net,
                                    build=Path(args.graph))  # the hints' commands name the graph given
    except ViewError as e:
        raise UserError(str(e)) from None
    part = "" if shown.nodes == shown.of_nodes else f" of {shown.of_nodes}"
    print(f"{args.output}: {shown.nodes}{part} nodes, {shown.edges} edges")
    return 0
