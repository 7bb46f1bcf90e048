"""Stage 6, views: the RDF graph in, self-contained HTML pages out.

`netgraph` projects the graph onto networkx, `draw` picks what each view shows (the whole
graph, one entity, one visit), `page` writes it as one offline HTML file.
"""
