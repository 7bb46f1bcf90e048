"""Extraction rules: each module finds one kind of mention and names the rule behind each."""
