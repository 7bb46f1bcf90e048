"""Graphs for the view tests: the seed build, hostile input, and synthetic graphs of any size.

Synthetic visits have a principal, a region, an article and a few meetings and site visits with
their organizations and topics, so degree is skewed the way real corpora are (a few busy officials).
"""
from __future__ import annotations

import atexit
import random
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Graph, Literal
from rdflib.namespace import PROV

from kg.graph.vocab import ID, KGO

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
# Markup that must show as text: an image with a handler, a tag breakout, a script-element
# breakout, a newline, a JS line separator and template syntax.
HOSTILE = ['<img src=x onerror="window.__pwned=1">', '"><script>window.__pwned=2</script>',
           "</script><script>window.__pwned=3</script>", "две\nстроки", "разделитель\u2028строк", "{{ 7*7 }}"]
# An article file whose name and text carry markup; ingest strips tags but unescapes entities,
# so the entity-encoded payloads reach names, quotes and sentences as real < and >.
HOSTILE_ARTICLE_NAME = '001_<img src=x onerror=window.__pwned=4>.txt'
HOSTILE_ARTICLE = (
    " date 2026-03-12 Спикер Сената Маулен Ашимбаев прибыл с рабочей поездкой в Карагандинскую область "
    "&lt;img src=x onerror=window.__pwned=6&gt;. В ходе поездки спикер Сената встретился с депутатами "
    "маслихата &quot;&gt;&lt;script&gt;window.__pwned=7&lt;/script&gt; и посетил завод АО «Qarmet».\n")


@lru_cache(maxsize=None)
def seed_build() -> Path:
    """A build of the five seed articles, made once per test run and shared by the view tests."""
    from kg.build.pipeline import build

    out = _tempdir("kg-seed-views-")
    build([str(ROOT / "seeds")], out)
    return out


@lru_cache(maxsize=None)
def hostile_build() -> Path:
    """A build of one article whose file name and text carry HTML and script payloads."""
    from kg.build.pipeline import build

    work = _tempdir("kg-hostile-")
    (work / "in").mkdir()
    (work / "in" / HOSTILE_ARTICLE_NAME).write_text(HOSTILE_ARTICLE, encoding="utf-8")
    build([str(work / "in")], work / "out")
    return work / "out"


def hostile_graph() -> Graph:
    """A visit whose person, place, quote, article id and headline are all hostile strings."""
    g = Graph()
    person = _entity(g, "person/hostile", KGO.Person, "Иван " + HOSTILE[0])
    place = _entity(g, "place/hostile", KGO.Region, HOSTILE[1] + " область")
    org = _entity(g, "org/hostile", KGO.Enterprise, HOSTILE[2])
    topic = _entity(g, "topic/hostile", KGO.Topic, " ".join(HOSTILE[3:]))
    article = ID["article/hostile"]
    g.add((article, RDF.type, KGO.Article))
    g.add((article, KGO.articleId, Literal("id" + HOSTILE[0])))
    g.add((article, KGO.headline, Literal(HOSTILE[1])))
    visit = _event(g, "hostile", KGO.Visit, "Поездка " + HOSTILE[2], article)
    g.set((ID["evidence/hostile"], KGO.quote, Literal(" | ".join(HOSTILE))))
    for p, o in ((KGO.principal, person), (KGO.place, place), (KGO.organization, org), (KGO.topic, topic)):
        g.add((visit, p, o))
    for entity in (person, place, org, topic):
        g.add((article, KGO.mentions, entity))
    return g


def _tempdir(prefix: str) -> Path:
    path = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path

PARTS_PER_VISIT = 6


def synthetic_graph(visits: int, seed: int = 1) -> Graph:
    """About 12 nodes per visit: the visit, its parts, an article, organizations, people, places."""
    rnd = random.Random(seed)
    g = Graph()
    people = [_entity(g, f"person/p{i}", KGO.Person, f"Персона {i}") for i in range(max(3, visits // 3))]
    regions = [_entity(g, f"place/r{i}", KGO.Region, f"Область {i}") for i in range(max(2, visits // 10))]
    topics = [_entity(g, f"topic/t{i}", KGO.Topic, f"тема {i}") for i in range(60)]
    for v in range(visits):
        article = ID[f"article/a{v}"]
        g.add((article, RDF.type, KGO.Article))
        g.add((article, KGO.articleId, Literal(f"{v:05d}_synthetic")))
        g.add((article, KGO.published, Literal("2026-01-01", datatype=XSD.date)))
        principal = people[min(int(rnd.paretovariate(1.2)) - 1, len(people) - 1)]
        region = rnd.choice(regions)
        visit = _event(g, f"v{v}", KGO.Visit, f"Рабочая поездка {v}", article)
        g.add((visit, KGO.principal, principal))
        g.add((visit, KGO.place, region))
        for part in range(PARTS_PER_VISIT):
            cls = KGO.SiteVisit if part % 2 else KGO.Meeting
            event = _event(g, f"v{v}e{part}", cls, f"Событие {v}.{part}", article)
            g.add((event, KGO.partOf, visit))
            g.add((event, KGO.participant, principal))
            if part % 2:
                org = _entity(g, f"org/o{v}-{part}", KGO.Enterprise, f"Предприятие {v}.{part}")
                g.add((event, KGO.organization, org))
                g.add((org, KGO.locatedIn, region))
                g.add((article, KGO.mentions, org))
            g.add((event, KGO.topic, rnd.choice(topics)))
            if rnd.random() < 0.3:
                g.add((event, KGO.participant, rnd.choice(people)))
        for entity in (principal, region):
            g.add((article, KGO.mentions, entity))
    return g


def _entity(g: Graph, path: str, cls, label: str):
    node = ID[path]
    g.add((node, RDF.type, cls))
    g.add((node, RDFS.label, Literal(label, lang="ru")))
    return node


def _event(g: Graph, key: str, cls, label: str, article):
    node = _entity(g, f"event/{key}", cls, label)
    g.add((node, KGO.date, Literal("2026-01-01", datatype=XSD.date)))
    g.add((node, PROV.wasDerivedFrom, article))
    evidence = ID[f"evidence/{key}"]
    g.add((node, KGO.evidence, evidence))
    g.add((evidence, RDF.type, KGO.Evidence))
    g.add((evidence, RDF.subject, node))
    g.add((evidence, RDF.predicate, RDF.type))
    g.add((evidence, RDF.object, cls))
    g.add((evidence, PROV.wasDerivedFrom, article))
    g.add((evidence, KGO.quote, Literal(f"цитата {key}")))
    g.add((evidence, KGO.rule, Literal("synthetic")))
    return node
