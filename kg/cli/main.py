"""The kg command line: a thin layer over the library that parses arguments and prints.

Each subcommand lives in kg/cli/<name>.py with a `register(subparsers)` function.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys

COMMANDS = ["build", "query", "export", "explain", "view", "serve", "push", "validate"]


EPILOG = """exit status:
  0    done (kg validate: the graph conforms)
  1    done, and what was checked failed: kg validate found violations, kg build --strict skipped files
  2    a usage or input error: bad arguments, no graph or input, a malformed query or shapes file
  130  interrupted (Ctrl-C)

Each command's --help ends with examples. Shell completion (bash, zsh):
  eval "$(register-python-argcomplete kg)"

examples:
  kg build seeds/ --out build/
  kg query build visits-by-person
  kg validate build"""


class UserError(Exception):
    """A problem with the command's input, reported without a traceback."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="kg", description="Build and query a knowledge graph of officials' visits from Russian news.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"kg {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"kg.cli.{name}").register(sub)
    if "_ARGCOMPLETE" in os.environ:  # asked by the shell for completions: answer and exit
        import argcomplete

        argcomplete.autocomplete(parser)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UserError as e:
        print(f"kg {args.command}: {e}", file=sys.stderr)
        return 2


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kg")
    except PackageNotFoundError:  # run from a source tree that was not installed
        return "unknown"


if __name__ == "__main__":
    sys.exit(main())
