"""Stage 4, events: one article's mentions in, its events out; then reports of one event merged.

`extract` runs the rules and `detect` on one article (its `ArticleFacts`); `merge` joins the
facts of all articles into one `Corpus`, one visit per real-world trip.
"""
