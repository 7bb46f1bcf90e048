"""Shared fixtures: the seed build (made once per session) and an article factory."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.model import Article

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> Path:
    """A build directory of the five seed articles."""
    from kg.build.pipeline import build

    out = tmp_path_factory.mktemp("seed-build")
    build([str(SEEDS)], out)
    return out


@pytest.fixture(scope="session")
def seed_graph(seed_build):
    from kg.graph.rdf import new_graph

    g = new_graph()
    g.parse(seed_build / "graph.ttl", format="turtle")
    return g


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """A real Virtuoso on loopback with a user allowed to write (tests/virtuoso.py), shared by the session."""
    from virtuoso import start

    server = start(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()


def make_article(text: str, article_id: str = "test", date: str = "2026-03-12") -> Article:
    """An in-memory article for rule tests."""
    from kg.ingest.articles import parse_article

    return parse_article(article_id, f" date {date} {text}")


MARK = re.compile(r"\[([^\[\]|]+)\|(\w+)(?:=([^\]]+))?\]")


def parse_marked(marked: str) -> tuple[str, list[tuple[int, int, str, str]]]:
    """«[Маулена Ашимбаева|PER=Маулен Ашимбаев] прибыл» → plain text and (start, end, label, name)."""
    out, spans, pos = [], [], 0
    for m in MARK.finditer(marked):
        out.append(marked[pos:m.start()])
        start = sum(map(len, out))
        out.append(m.group(1))
        spans.append((start, start + len(m.group(1)), m.group(2), m.group(3) or m.group(1)))
        pos = m.end()
    out.append(marked[pos:])
    return "".join(out), spans
