"""Stage 6, views: the RDF graph in, self-contained HTML pages out.

`netgraph` projects the graph onto networkx, `draw` picks what each view shows (the whole
graph, one entity, one visit), `page` writes it as one offline HTML file.
"""

# The limits the command line shows in its help, here so that `kg --help` needs no networkx.
# Measured in headless Chromium with software rendering: with the browser laying the graph out,
# 1,430 nodes settled in 3 s and redrew in 35-40 ms; 2,900 nodes redrew in 100-180 ms (a sluggish
# pan). Positions now come from kg (bench/pages.py has the page timing).
NODE_CAP = 1500
DEFAULT_DEPTH = 2
