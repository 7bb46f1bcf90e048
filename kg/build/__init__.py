"""The build: input paths in, graph.ttl, events.json and graph.html out, every stage in order.

`pipeline` runs the stages and writes the outputs atomically; `batch` extracts articles in one
or N processes; `cache` keeps each article's facts by content hash.
"""
