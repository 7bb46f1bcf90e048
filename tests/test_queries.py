"""The competency queries of kg/sparql/queries/ answer the users' questions on the seed build.

The assertions are robust facts of the five seed articles, not a dump of the output, so that
extraction can keep improving without breaking them.
"""
from __future__ import annotations

import re

import pytest
from rdflib import RDF, RDFS, Graph, Literal

from kg.graph.vocab import ID, KGO
from kg.sparql.query import read_query, run_query
from kg.sparql.saved import saved_queries
from kg.sparql.store import open_store

PERSON = "Маулен Ашимбаев"
KARAGANDA = "Карагандинская область"
KYZYLORDA = "Кызылординская область"
VKO = "Восточно-Казахстанская область"


@pytest.fixture(scope="module")
def seeds(seed_build):
    return open_store(seed_build)


def rows(dataset, name: str) -> list[dict[str, str]]:
    """The answer of a saved query as dicts of plain strings."""
    result = run_query(dataset, read_query(name))
    return [{str(v): "" if row[i] is None else str(row[i]) for i, v in enumerate(result.vars)} for row in result]


def visit_to(dataset, region: str) -> str:
    return next(r["visit"] for r in rows(dataset, "visits-by-person") if r["destination"] == region)


def test_every_saved_query_has_a_title_and_runs(seeds):
    names = {q.name for q in saved_queries()}
    assert {"visits-by-person", "sites-by-person-in-region", "people-met-during-visit", "topics-per-visit",
            "visits-timeline-by-region", "visit-reports", "officials-same-enterprise"} <= names
    for q in saved_queries():
        assert q.title and not q.title.startswith("#"), q.name
        run_query(seeds, q.text)


def test_visits_by_person_gives_dates_destinations_and_sources(seeds):
    visits = {r["destination"]: r for r in rows(seeds, "visits-by-person") if r["person"] == PERSON}
    assert set(visits) == {KARAGANDA, KYZYLORDA, VKO}
    assert (visits[KARAGANDA]["start"], visits[KARAGANDA]["end"], visits[KARAGANDA]["articles"]) == (
        "2025-11-25", "2025-11-26", "2")
    assert (visits[KYZYLORDA]["start"], visits[KYZYLORDA]["articles"]) == ("2026-01-08", "1")
    assert visits[VKO]["start"] == "2026-02-25"


def test_sites_visited_in_a_region(seeds):
    found = rows(seeds, "sites-by-person-in-region")
    karaganda = {r["site"] for r in found if r["person"] == PERSON and r["region"] == KARAGANDA}
    assert {"QazTehna", "Tengri Tyres KZ"} <= karaganda
    elsewhere = {r["site"] for r in found if r["region"] != KARAGANDA}
    assert "QazTehna" not in elsewhere


def test_people_met_during_a_visit_exclude_the_visitor(seeds):
    found = rows(seeds, "people-met-during-visit")
    karaganda = {r["person"] for r in found if r["visitor"] == PERSON and r["destination"] == KARAGANDA}
    assert {"Асель Бекбаева", "Евгений Буслаев"} <= karaganda
    assert all(r["person"] != r["visitor"] for r in found)


def test_topics_per_visit(seeds):
    by_visit = {r["visit"]: r["topics"].split("; ") for r in rows(seeds, "topics-per-visit")}
    assert len(by_visit) == 3
    karaganda = by_visit[visit_to(seeds, KARAGANDA)]
    assert any(item.startswith("машиностроение (") for item in karaganda)
    for items in by_visit.values():  # most discussed first, then by name
        counts = [int(re.fullmatch(r".+ \((\d+)\)", item).group(1)) for item in items]
        assert min(counts) >= 1
        assert sorted(zip([-c for c in counts], items)) == list(zip([-c for c in counts], items))


def test_timeline_of_visits_per_region(seeds):
    found = rows(seeds, "visits-timeline-by-region")
    starts = {r["region"]: r["start"] for r in found if r["person"] == PERSON}
    assert starts == {KARAGANDA: "2025-11-25", KYZYLORDA: "2026-01-08", VKO: "2026-02-25"}
    regions = [r["region"] for r in found]
    assert regions == sorted(regions)


def test_articles_that_report_a_visit_with_quotes(seeds):
    found = rows(seeds, "visit-reports")
    reports = {r["article"]: r for r in found if r["visit"] == visit_to(seeds, KARAGANDA)}
    assert set(reports) >= {"000_cb75e5b9b4807dc7", "001_0341251e73939824"}
    assert reports["001_0341251e73939824"]["published"] == "2025-11-25"
    for r in found:
        assert r["quote"] and r["quote"] in r["sentence"]


def test_only_type_statements_have_the_visit_class_as_object(seeds):
    """visit-reports finds a visit's type evidence by its object alone: no other evidence may have it."""
    kinds = {str(r[0]) for r in run_query(seeds, "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
             "SELECT DISTINCT ?p WHERE { ?ev rdf:object <%s> ; rdf:predicate ?p }" % KGO.Visit)}
    assert kinds == {str(RDF.type)}


def test_no_two_officials_visited_one_enterprise_in_the_seeds(seeds):
    assert rows(seeds, "officials-same-enterprise") == []


def test_officials_at_the_same_enterprise_are_paired(seed_build, tmp_path):
    # a second official's site visit to QazTehna, which only Маулен Ашимбаев visits in the seeds
    g = Graph().parse(seed_build / "graph.ttl")
    qaztehna = next(g.subjects(RDFS.label, Literal("QazTehna", lang="ru")))
    asanov = next(g.subjects(RDFS.label, Literal("Жакип Асанов", lang="ru")))
    visit = ID["event/test-site-visit"]
    g.add((visit, RDF.type, KGO.SiteVisit))
    g.add((visit, KGO.organization, qaztehna))
    g.add((visit, KGO.principal, asanov))
    g.serialize(tmp_path / "graph.ttl", format="turtle")
    found = rows(open_store(tmp_path / "graph.ttl"), "officials-same-enterprise")
    assert {(r["organization"], r["official"], r["other"]) for r in found} == {("QazTehna", "Жакип Асанов", PERSON)}
