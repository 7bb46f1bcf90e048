"""kg export: write a built graph in another RDF format, as a dataset per article, or as a network."""
from __future__ import annotations

import sys
from pathlib import Path

from .common import built_store, formatter, graph_and_net, graph_file, load_graph
from .main import UserError

EPILOG = """trig, nquads and jsonld hold one named graph per article (<https://kg.example.org/graph/article/ID>,
the ID percent-encoded), so a triple's graph says which articles support it; jsonld carries its context
inline. owl is the ontology and the graph as one OWL 2 DL ontology in RDF/XML, for Protégé and reasoners
(days as xsd:dateTime). graphml and gexf are the drawn network, for Gephi or networkx (gexf with colours,
sizes, graph.html's positions and the events' dates for Gephi's timeline).
turtle, nt and owl are read from the graph file as a stream (turtle is graph.ttl itself, with the
ontology's Turtle after it on request); nquads, trig, jsonld, graphml and gexf of a streamed build
(kg build --stream) are read from its store on disk: for graphs of any size. Every format gives the
same bytes at each run, from a build in memory or a streamed one.
Without --format, the output file's extension chooses it (.ttl, .nt, .trig, .nq, .jsonld, .owl,
.graphml, .gexf); aliases: ttl, n-triples, nq, n-quads, json-ld.

examples:
  kg export build --format trig -o graph.trig
  kg export build -o export/graph.jsonld
  kg export build --format gexf -o graph.gexf
  kg export build -o kg.owl
  kg export build --format nt --shards 8 -o shards/   # gzip N-Triples for bulk loaders (Virtuoso's ld_dir)"""
FORMATS = ["turtle", "nt", "trig", "nquads", "jsonld", "owl", "graphml", "gexf"]
ALIASES = {"ttl": "turtle", "ntriples": "nt", "n-triples": "nt", "nq": "nquads", "n-quads": "nquads",
           "json-ld": "jsonld", "rdfxml": "owl"}
SUFFIXES = {".ttl": "turtle", ".nt": "nt", ".trig": "trig", ".nq": "nquads", ".jsonld": "jsonld", ".owl": "owl",
            ".graphml": "graphml", ".gexf": "gexf"}


def register(sub) -> None:
    p = sub.add_parser("export", help="write the graph in another RDF format or as a network", epilog=EPILOG,
                       formatter_class=formatter())
    p.add_argument("graph", help="a build directory or a .ttl file")
    p.add_argument("--format", type=lambda f: ALIASES.get(f.lower(), f.lower()), choices=FORMATS,
                   help="output format (default: from the -o file's extension, else turtle)")
    p.add_argument("-o", "--output", type=Path, help="output file (default: standard output)")
    p.add_argument("--shards", type=int, metavar="N",
                   help="with --format nt: write N gzip N-Triples files into the folder -o names, for bulk "
                        "loaders (Virtuoso's ld_dir and rdf_loader_run); read as a stream, for graphs of any size")
    p.add_argument("--with-ontology", action="store_true",
                   help="include the ontology (in its own named graph for dataset formats)")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..sparql.export import DATASET_FORMATS, NETWORK_FORMATS, write_export
    from ..sparql.fileexport import FILE_FORMATS

    if args.shards is not None:
        return run_shards(args)
    fmt = args.format or (SUFFIXES.get(args.output.suffix.lower()) if args.output else None) or "turtle"
    if fmt in FILE_FORMATS:
        return _graph_file(args, fmt)
    instead = (f"For a graph this size, kg export {args.graph} streams --format turtle, nt (--shards N for a "
               "store's bulk loader) and owl, and a streamed build (kg build --stream) is exported from its "
               "store in --format nquads, trig, jsonld, graphml or gexf.")
    if fmt in NETWORK_FORMATS:
        if args.output is None:
            raise UserError(f"--format {fmt} needs -o FILE")
        return _network(args, fmt, instead)
    store = built_store(args.graph) if fmt in DATASET_FORMATS else None
    if store is not None:
        return _dataset_from_store(store, args, fmt)
    graph = load_graph(args.graph, instead=instead)
    try:
        if args.output is not None:  # as kg view does: missing folders are made
            args.output.parent.mkdir(parents=True, exist_ok=True)
        text = write_export(graph, fmt, args.output, args.with_ontology)
    except OSError as e:
        raise UserError(f"cannot write {args.output}: {e.strerror or e}") from None
    if text is not None:
        sys.stdout.write(text)
    return 0


def _graph_file(args, fmt: str) -> int:
    """Turtle, N-Triples or OWL of the graph file, streamed (kg.sparql.fileexport); a file named by -o
    appears whole or not at all."""
    from ..sparql.fileexport import check_turtle, write_graph_file
    from ..sparql.split import scratch_folder

    source = graph_file(args.graph)
    part = None if args.output is None else args.output.with_name(args.output.name + ".part")
    try:
        if fmt == "turtle" and not Path(args.graph).is_dir():
            check_turtle(source)  # a build's graph.ttl is kg's own; a file given is read through first
        with scratch_folder(source.parent) as folder:
            if part is None:
                write_graph_file(source, fmt, sys.stdout.buffer, Path(folder), args.with_ontology)
                return 0
            part.parent.mkdir(parents=True, exist_ok=True)
            with open(part, "wb") as out:
                write_graph_file(source, fmt, out, Path(folder), args.with_ontology)
            part.replace(args.output)
    except SyntaxError as e:
        raise UserError(f"cannot parse {source}: {e}") from None
    except OSError as e:
        raise UserError(f"cannot write {args.output}: {e.strerror or e}") from None
    finally:
        if part is not None and part.exists():  # exists() is false, not an error, under a file
            part.unlink()
    return 0


def _network(args, fmt: str, instead: str) -> int:
    """The projected network as GraphML or GEXF; a streamed build's read from its store (views.storenet)."""
    from ..views.gexf import write_network

    graph, net = graph_and_net(args.graph, instead)
    show = _progress if sys.stderr.isatty() else None
    try:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        write_network(graph, args.output, fmt, net=net, progress=show)
    except OSError as e:
        raise UserError(f"cannot write {args.output}: {e.strerror or e}") from None
    finally:
        if show:
            print(file=sys.stderr)
    return 0


def _dataset_from_store(store, args, fmt: str) -> int:
    """A streamed build's per-article graphs as N-Quads, TriG or JSON-LD, split from its store on disk, not in memory."""
    from ..sparql.dataset import write_dataset
    from ..sparql.split import StoreSplit, scratch_folder

    show = sys.stderr.isatty()
    if show:  # minutes at 30k articles before the first graph is written
        print(f"kg export: splitting {args.graph}'s store into one graph per article", file=sys.stderr, flush=True)
    try:
        with scratch_folder(Path(args.graph)) as folder:
            split = StoreSplit(store, Path(folder) / "split.sqlite", with_ontology=args.with_ontology)
            parts = _counted(split, len(split)) if show else split
            try:
                if args.output is None:
                    write_dataset(parts, sys.stdout, fmt)
                    return 0
                args.output.parent.mkdir(parents=True, exist_ok=True)
                with open(args.output, "w", encoding="utf-8") as out:
                    write_dataset(parts, out, fmt)
            finally:
                split.close()
                if show:
                    print(file=sys.stderr)
    except OSError as e:
        raise UserError(f"cannot write {args.output}: {e.strerror or e}") from None
    return 0


def _counted(parts, total: int):
    """The parts, with a progress line on stderr as they are written."""
    for done, part in enumerate(parts, 1):
        yield part
        if done % 100 == 0 or done == total:
            _progress(done, total)


def _progress(done: int, total: int) -> None:
    print(f"\rkg export: {100 * done // total}% written", end="", file=sys.stderr, flush=True)


def run_shards(args) -> int:
    """kg export GRAPH --format nt --shards N -o DIR: the graph file streamed into N gzip shards."""
    from ..sparql.export import write_shards
    from ..sparql.store import StoreError, source_file

    if (args.format or "nt") != "nt":
        raise UserError("--shards writes N-Triples: use --format nt")
    if args.output is None or args.output.is_file():
        raise UserError("--shards needs -o FOLDER (a folder for the shard files)")
    if args.shards < 1:
        raise UserError("--shards needs a positive number")
    try:
        source = source_file(args.graph)
    except StoreError as e:
        raise UserError(str(e)) from None
    for path in write_shards(source, args.output, args.shards, args.with_ontology):
        print(path)
    return 0
