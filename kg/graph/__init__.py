"""Stage 5, graph: the merged `Corpus` in, RDF out (N-Triples strings, sorted Turtle, the event table).

`vocab` names the terms of ontology.ttl, `rdf` writes every statement with its evidence, `table`
reads events.json back by SPARQL, `storegraph` answers the views' lookups from the store.
"""
