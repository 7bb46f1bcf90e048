"""The command line: `kg COMMAND`, a thin layer that parses arguments, calls the stages and prints.

`main` dispatches; each command lives in a module of its own with a `register(subparsers)`.
"""
