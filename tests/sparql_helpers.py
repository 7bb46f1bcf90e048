"""Helpers for the SPARQL tests: answers in a form that compares across engines, and servers on free ports."""
from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.request

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def canonical(answer: str | bytes | dict) -> list[tuple]:
    """A SPARQL JSON answer as a sorted list of rows, each a sorted tuple of (var, kind, value, tag)."""
    data = json.loads(answer) if isinstance(answer, (str, bytes)) else answer
    if "boolean" in data:
        return [("boolean", data["boolean"])]
    rows = []
    for binding in data["results"]["bindings"]:
        row = []
        for var, term in binding.items():
            tag = term.get("xml:lang") or term.get("datatype") or ""
            kind = "literal" if term["type"] == "typed-literal" else term["type"]
            row.append((var, kind, term["value"], "" if tag == XSD_STRING else tag))
        rows.append(tuple(sorted(row)))
    return sorted(rows)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 20.0) -> bool:
    """Poll url until it answers (any HTTP status) or time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return True
        except urllib.error.HTTPError:
            return True
        except OSError:
            time.sleep(0.1)
    return False
