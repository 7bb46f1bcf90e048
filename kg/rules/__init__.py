"""Stage 3, rules: segmented text in, `Mention`s and `Role`s out, each with the rule that found it.

Small named rules for persons, places, organizations, roles, topics and dates, over the
knowledge in `data/*.tsv` (read by `lexicon`).
"""
