"""The kg command line: a thin layer over the library that parses arguments and prints.

Each subcommand lives in kg/cli/<name>.py with a `register(subparsers)` function.
"""
from __future__ import annotations

import argparse
import importlib
import sys

COMMANDS = ["build", "query", "export", "explain", "view", "serve", "push", "validate"]


class UserError(Exception):
    """A problem with the command's input, reported without a traceback."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="kg", description="Build and query a knowledge graph of officials' visits from Russian news.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"kg.cli.{name}").register(sub)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UserError as e:
        print(f"kg {args.command}: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
