"""Subcommands of the kg command line, one module each."""
