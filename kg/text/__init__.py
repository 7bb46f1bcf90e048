"""Stage 2, text: an article's text in, sentences of tokens with offsets and cached morphology out.

`segment` repairs scraper damage and splits sentences and tokens (razdel); `morph` caches
pymorphy3's parses and inflects names; `kazakh` knows Kazakh letters and case endings.
"""
