"""What the endpoint agrees to run: a read-only query without SERVICE, decided on its parse.

A pattern over the text cannot tell a keyword from a comment, a string or an escape: Oxigraph ends
a comment at «\\r», rdflib did not, and both read «\\u0053ERVICE» as SERVICE. So the text is first
made canonical (escapes expanded once, line ends made «\\n»), then parsed by rdflib's SPARQL 1.1
grammar; a query whose parse holds a SERVICE pattern is refused, and so is anything that parses
as an update. Both engines then run that same canonical text, so the query checked is the query run.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql import parser
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query

from ..graph.vocab import PREFIXES
from .query import QuerySyntaxError

# SPARQL 1.1 §19.2: \uXXXX and \UXXXXXXXX stand for their character anywhere in a query
ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
UPDATES = {"Load", "Clear", "Drop", "Create", "Add", "Move", "Copy", "InsertData", "DeleteData", "DeleteWhere", "Modify"}
KINDS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}


class Refused(Exception):
    """A request the endpoint will not serve, with its HTTP status."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class CheckedQuery:
    text: str      # the canonical text, the one both engines run
    query: Query   # rdflib's translation of it, which the rdflib backend runs as is
    kind: str      # SELECT, ASK, CONSTRUCT or DESCRIBE


def check_query(text: str) -> CheckedQuery:
    """The query as the endpoint will run it; Refused (403) for SERVICE or an update, QuerySyntaxError if malformed."""
    canonical = canonical_text(text)
    try:
        tree = parser.Query.parse_string(canonical, parse_all=True)
    except ParseException as e:
        if _is_update(canonical):
            raise Refused(403, "this endpoint is read-only: SPARQL Update is refused") from None
        raise QuerySyntaxError(e.msg, e.lineno, e.col, canonical) from None
    except RecursionError:
        raise Refused(400, "the query is nested too deeply to parse") from None
    if "ServiceGraphPattern" in _names(tree):
        raise Refused(403, "SERVICE (federated query) is disabled on this endpoint")
    try:
        query = translateQuery(tree, initNs=PREFIXES)
    except Exception as e:  # rdflib reports an undeclared prefix as a bare Exception
        m = re.match(r"Unknown namespace prefix : (\S+)", str(e))
        if not m:
            raise QuerySyntaxError(str(e), 1, 1, canonical) from None
        at = max(canonical.find(m.group(1) + ":"), 0)
        line, column = canonical.count("\n", 0, at) + 1, at - (canonical.rfind("\n", 0, at) + 1) + 1
        raise QuerySyntaxError(f"unknown prefix {m.group(1)}:", line, column, canonical) from None
    return CheckedQuery(canonical, query, KINDS[query.algebra.name])


def canonical_text(text: str) -> str:
    """text with its \\u escapes expanded and every line ending «\\n»; Refused (400) if it cannot be made so.

    An escape that spells another escape («\\u005Cu0053») is refused: an engine expanding again
    would read a different query from the one checked.
    """
    def expand(m: re.Match) -> str:
        code = int(m.group(1) or m.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise Refused(400, f"{m.group()} is not a character")
        return chr(code)

    expanded = ESCAPE.sub(expand, text)
    if ESCAPE.search(expanded):
        raise Refused(400, "a \\u escape that spells another escape is refused")
    # a raw line break inside a long string becomes «\n»; no query is worth a comment read two ways
    return expanded.replace("\r\n", "\n").replace("\r", "\n")


def _is_update(text: str) -> bool:
    """Whether text parses as an update with at least one operation (a bare prologue parses too)."""
    try:
        tree = parser.UpdateUnit.parse_string(text, parse_all=True)
    except (ParseException, RecursionError):
        return False
    return bool(_names(tree) & UPDATES)


def _names(node, found: set[str] | None = None) -> set[str]:
    """The names of every rule in a parse tree (SelectQuery, ServiceGraphPattern, ...)."""
    found = set() if found is None else found
    stack = [node]
    while stack:
        x = stack.pop()
        if isinstance(x, CompValue):
            found.add(x.name)
            stack.extend(x.values())
        elif isinstance(x, (list, tuple, ParseResults)):
            stack.extend(x)
        elif isinstance(x, dict):
            stack.extend(x.values())
    return found
