"""Stage 7, using the graph: SPARQL queries and the endpoint, exports, and the push to a triple store.

`store` loads a build into Oxigraph or rdflib, `query` runs inline and saved queries
(`queries/*.rq`), `serve` is the read-only endpoint, `export` and `push` hand the graph on.
"""
