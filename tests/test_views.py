"""The views without a browser: the RDF projection, Gephi exports, page contents, escaping, cap, CLI."""
from __future__ import annotations

import base64
import hashlib
import json
import re
import sys
from html.parser import HTMLParser

import networkx as nx
import pytest
from rdflib import RDFS, URIRef
from viewdata import HOSTILE, hostile_build, hostile_graph, seed_build, synthetic_graph

from kg.cli.main import main
from kg.graph.rdf import new_graph
from kg.graph.vocab import KGO
from kg.views.draw import (
    ViewError,
    find_node,
    find_visit,
    most_connected,
    write_focus_view,
    write_full_view,
    write_visit_view,
)
from kg.views.gexf import write_network
from kg.views.netgraph import GROUPS, short_id, to_networkx

ASHIMBAEV = "Маулен Ашимбаев"


@pytest.fixture(scope="module")
def seeds():
    return seed_build()


@pytest.fixture(scope="module")
def seed_rdf(seeds):
    return new_graph().parse(seeds / "graph.ttl", format="turtle")


@pytest.fixture(scope="module")
def seed_net(seed_rdf):
    return to_networkx(seed_rdf)


def page_json(path, block: str) -> list | dict:
    """A JSON block of a written page: kg-nodes, kg-edges or kg-options."""
    html = path.read_text(encoding="utf-8")
    return json.loads(re.search(rf'<script type="application/json" id="{block}">(.*?)</script>', html, re.S)[1])


class Tags(HTMLParser):
    """Every start tag of a page with its attributes; the text of script elements is not parsed."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_projection_draws_entities_events_and_articles_but_not_evidence(seed_net):
    types = {t for _, t in seed_net.nodes(data="type")}
    assert types <= {g for g, _ in GROUPS} and {"person", "visit", "meeting", "article"} <= types
    assert not [n for n in seed_net if "/evidence/" in n or "/position/" in n]
    for node, data in seed_net.nodes(data=True):
        assert data["label"] and data["kind"] and data["tooltip"], node
    assert all(data["label"] and data["predicate"] for *_, data in seed_net.edges(data=True))


def test_event_tooltip_has_date_place_participants_and_quotes_with_article_ids(seed_net):
    visit = next(d for _, d in seed_net.nodes(data=True)
                 if d["type"] == "visit" and "Карагандин" in d["label"])
    tip = visit["tooltip"]
    assert "Дата: 2025-11-2" in tip and "Место: Карагандинская область" in tip
    assert f"Главное лицо: {ASHIMBAEV}" in tip
    assert re.search(r"«[^»]+» — 00\d_[0-9a-f]{16}, \w+", tip), tip  # quote — article id, rule
    assert "id: event/" in tip


def test_entity_tooltip_has_roles_and_mentioning_articles(seed_net):
    tip = seed_net.nodes[find_node(seed_net, ASHIMBAEV)]["tooltip"]
    assert "Должности: спикер" in tip
    assert re.search(r"Упоминается в статьях: 000_cb75e5b9b4807dc7, 001_", tip), tip


def test_a_listing_shows_the_first_ids_in_order_and_counts_the_rest():
    """A tooltip's list of articles holds only what it shows: a hub is mentioned by every article."""
    import random

    from kg.views.netgraph import MAX_LISTED, _listing

    rng = random.Random(7)
    for n in (0, 1, MAX_LISTED, MAX_LISTED + 1, 500):
        ids = [f"{rng.randrange(10**6):06d}_x" for _ in range(n)] + ["000001_x"] * (n > 3)
        rng.shuffle(ids)
        first = sorted(ids)[:MAX_LISTED]
        more = f" и ещё {len(ids) - MAX_LISTED}" if len(ids) > MAX_LISTED else ""
        assert _listing(iter(ids)) == ", ".join(first) + more


@pytest.mark.parametrize("fmt, read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_gephi_exports_have_the_nodes_of_the_html(seeds, seed_rdf, tmp_path, fmt, read):
    path = tmp_path / f"graph.{fmt}"
    write_network(seed_rdf, path, fmt)
    exported = read(path)
    drawn = page_json(seeds / "graph.html", "kg-nodes")
    assert exported.number_of_nodes() == len(drawn) == to_networkx(seed_rdf).number_of_nodes()
    assert {n["id"] for n in drawn} == set(exported.nodes)
    person = find_node(to_networkx(seed_rdf), ASHIMBAEV)
    assert exported.nodes[person]["label"] == ASHIMBAEV and exported.nodes[person]["type"] == "person"


@pytest.mark.parametrize("name", ["graph.html", "timeline.html", "map.html"])
def test_pages_are_self_contained(seeds, name):
    html = (seeds / name).read_text(encoding="utf-8")
    tags = Tags(html).tags
    assert [(t, a) for t, a in tags if "src" in a] == [], "no element may load anything"
    assert not [t for t, _ in tags if t in ("link", "iframe", "img", "object", "embed")]
    # the only links are to the build's other pages, beside this one
    assert {a["href"] for t, a in tags if "href" in a} <= {"graph.html", "timeline.html", "map.html"} - {name}
    assert "cdn.jsdelivr" not in html and "cdnjs" not in html


def test_csp_allows_exactly_the_inline_scripts(seeds):
    """The page forbids every request and inline handler; its own scripts must match the hashes."""
    html = (seeds / "graph.html").read_text(encoding="utf-8")
    csp = next(a["content"] for t, a in Tags(html).tags if a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(scripts) == 3  # vis-network, common.js, graph.js
    for text in scripts:
        digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_legend_lists_each_drawn_type_in_russian(seeds):
    html = (seeds / "graph.html").read_text(encoding="utf-8")
    for label in ("Персона", "Место", "Организация", "Рабочая поездка", "Встреча", "Посещение объекта",
                  "Тема", "Статья"):
        assert f"{label} <span class=\"count\">" in html


def test_hostile_text_reaches_the_page_only_as_json(tmp_path):
    path = tmp_path / "hostile.html"
    write_full_view(hostile_graph(), path)
    html = path.read_text(encoding="utf-8")
    for payload in HOSTILE[:3]:
        assert payload not in html
    assert "<img" not in html and "window.__pwned" in html  # present, but only as escaped JSON
    texts = " ".join(n["label"] + n["title"] for n in page_json(path, "kg-nodes"))
    for payload in HOSTILE:
        assert payload in texts  # decoded back to the exact text, shown as text


def test_hostile_article_text_is_escaped_after_a_real_build():
    html_path = hostile_build() / "graph.html"
    html = html_path.read_text(encoding="utf-8")
    texts = " ".join(n["label"] + n["title"] for n in page_json(html_path, "kg-nodes"))
    assert '"><script>window.__pwned=7</script>' in texts and "<img src=x onerror=window.__pwned=4>" in texts
    assert "<img" not in html and "<script>window" not in html


def test_ego_view_of_ashimbaev_shows_his_visits_with_their_parts(seed_net, seed_rdf, tmp_path):
    path = tmp_path / "ego.html"
    write_focus_view(seed_rdf, path, ASHIMBAEV)
    drawn = {n["id"]: n for n in page_json(path, "kg-nodes")}
    visits = [n for n in drawn.values() if n["group"] == "visit"]
    assert len(visits) == 3
    for visit in visits:
        parts = [u for u, _, key in seed_net.in_edges(visit["id"], keys=True) if key == "partOf"]
        assert parts and set(parts) <= set(drawn)
        assert {drawn[p]["group"] for p in parts} >= {"meeting", "sitevisit"}


def test_visit_view_has_the_visit_its_parts_and_their_places(seed_net, seed_rdf, tmp_path):
    visit = next(n for n, d in seed_net.nodes(data=True) if d["type"] == "visit")
    path = tmp_path / "visit.html"
    write_visit_view(seed_rdf, path, visit.rsplit("/", 1)[1])
    drawn = {n["id"] for n in page_json(path, "kg-nodes")}
    parts = {u for u, _, key in seed_net.in_edges(visit, keys=True) if key == "partOf"}
    assert {visit} | parts <= drawn
    assert set(seed_net.successors(visit)) <= drawn


def test_find_node_by_name_in_any_case_and_word_order(seed_net):
    person = find_node(seed_net, ASHIMBAEV)
    assert find_node(seed_net, "ашимбаев маулен") == find_node(seed_net, "АШИМБАЕВ") == person
    with pytest.raises(ViewError, match="did you mean: Маулен Ашимбаев"):
        find_node(seed_net, "Машимбаев")


@pytest.mark.parametrize("which", ["seeds", "synthetic-300"])
def test_find_node_in_a_store_finds_what_the_projection_finds(which, seed_rdf):
    """A StoreNet looks names up among the labels it reads by predicate (StoreNet.labelled), not node
    by node: the same node, or the same error with the same suggestions, for labels whole and in
    part, headlines, article ids, short ids and names that are not there."""
    from kg.views.storenet import StoreNet

    graph = synthetic_graph(300)
    if which == "seeds":
        graph = new_graph()
        for triple in seed_rdf:
            graph.add(triple)
    # a node without a label is named by its short id: a part of it finds the node
    unnamed = sorted({s for s in graph.subjects(RDFS.label, None) if "/person/" not in s})[:3]
    for node in unnamed:
        graph.remove((node, RDFS.label, None))
    net = to_networkx(graph, tooltips=False)
    store_net = StoreNet(_store_of(graph))
    names = {"Машимбаев", "нет такого узла", "ОБЛАСТЬ", "event/"} | {short_id(str(n))[-7:] for n in unnamed}
    nodes = sorted(net.nodes(data=True))
    for node, data in nodes[::len(nodes) // 40] + [n for n in nodes if n[1]["type"] == "article"][:5]:
        words = data["label"].split()
        names.update([data["label"], data["label"].upper(), words[-1], " ".join(reversed(words)), short_id(node)])
        # mistyped: every third letter wrong, near difflib's cutoff for «did you mean»
        names.add("".join("ъ" if i % 3 == 2 else c for i, c in enumerate(data["label"])))
        if data["type"] == "article":
            names.add(data["article_id"])
    found = {}
    for where in (net, store_net):
        for name in sorted(names):
            try:
                found[where, name] = find_node(where, name)
            except ViewError as e:
                found[where, name] = str(e)
    assert len(names) > 150
    assert all(found[store_net, name] == found[net, name] for name in names)
    assert sum(found[net, name] in net for name in names) > 75  # most names pick a node


def test_unknown_visit_lists_the_visits(seed_net):
    with pytest.raises(ViewError, match=r"event/[0-9a-f]{16}  2025-11-25  Рабочая поездка"):
        find_visit(seed_net, "nope")


def test_large_graph_is_capped_to_its_most_connected_part_with_a_note(tmp_path):
    graph = synthetic_graph(300)
    path = tmp_path / "big.html"
    written = write_full_view(graph, path, cap=400)
    assert written.nodes == 400 and written.of_nodes > 3000
    drawn = page_json(path, "kg-nodes")
    assert len(drawn) == 400
    shown = most_connected(to_networkx(graph), 400)
    assert nx.is_weakly_connected(shown)
    html = path.read_text(encoding="utf-8")
    assert "показаны 400 самых связанных узлов" in html and "--focus" in html and "--visit" in html


def test_positions_come_with_the_page_and_physics_is_off(seeds):
    options = page_json(seeds / "graph.html", "kg-options")
    assert options["physics"] is False and options["layout"]["improvedLayout"] is False
    nodes = page_json(seeds / "graph.html", "kg-nodes")
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in nodes)
    assert len({(n["x"], n["y"]) for n in nodes}) == len(nodes)  # no two nodes on one spot


def test_rebuilt_pages_are_byte_identical(seed_rdf, tmp_path):
    write_full_view(seed_rdf, tmp_path / "a.html")
    write_full_view(seed_rdf, tmp_path / "b.html")
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


def test_cli_view_writes_focus_visit_and_full_views(seeds, tmp_path, capsys):
    assert main(["view", str(seeds), "--focus", ASHIMBAEV, "--depth", "1", "-o", str(tmp_path / "e.html")]) == 0
    assert re.fullmatch(r".*e\.html: \d+ nodes, \d+ edges\n", capsys.readouterr().out)
    assert main(["view", str(seeds), "-o", str(tmp_path / "f.html"), "--max-nodes", "20"]) == 0
    assert re.search(r"f\.html: 20 of \d+ nodes", capsys.readouterr().out)
    assert main(["view", str(seeds), "--visit", "nope", "-o", str(tmp_path / "v.html")]) == 2
    assert "visits in the graph" in capsys.readouterr().err


def test_view_does_not_depend_on_the_store_it_is_read_from(seeds, seed_rdf, tmp_path):
    # the build reads its graph from Oxigraph, `kg view` from rdflib: their triple orders differ
    import pyoxigraph as ox

    from kg.graph.storegraph import StoreGraph

    store = ox.Store()
    store.load(path=str(seeds / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    write_full_view(seed_rdf, tmp_path / "from-rdflib.html")
    write_full_view(StoreGraph(store), tmp_path / "from-oxigraph.html")
    assert (tmp_path / "from-rdflib.html").read_bytes() == (tmp_path / "from-oxigraph.html").read_bytes()


@pytest.fixture(scope="module")
def streamed_seeds(tmp_path_factory):
    """A streamed build of the seeds: graph.ttl with the on-disk store beside it."""
    from conftest import SEEDS

    from kg.build.pipeline import build

    out = tmp_path_factory.mktemp("streamed")
    build([str(SEEDS)], out, stream=True, progress=False)
    return out


def _visit_id(net) -> str:
    return next(n for n, d in net.nodes(data=True) if d["type"] == "visit").rsplit("/id/", 1)[1]


@pytest.mark.parametrize("view", ["full, capped", "focus", "visit"])
def test_view_of_a_streamed_build_reads_its_store_and_draws_what_its_graph_file_draws(
        streamed_seeds, seed_net, tmp_path, monkeypatch, capsys, view):
    """kg view BUILD of a streamed build reads the store as the build's pages do, not graph.ttl into memory
    (8.5 GB at 30k articles), and writes the page kg view BUILD/graph.ttl writes."""
    import kg.cli.common

    args = {"full, capped": ["--max-nodes", "20"], "focus": ["--focus", ASHIMBAEV, "--depth", "1"],
            "visit": ["--visit", _visit_id(seed_net)]}[view]
    ttl = streamed_seeds / "graph.ttl"
    assert main(["view", str(ttl), *args, "-o", str(tmp_path / "file.html")]) == 0
    monkeypatch.setattr(kg.cli.common, "load_graph", lambda path, **_: pytest.fail(f"{path} was loaded"))
    assert main(["view", str(streamed_seeds), *args, "-o", str(tmp_path / "store.html")]) == 0
    from_file = (tmp_path / "file.html").read_text(encoding="utf-8")
    if view == "full, capped":  # its hints name the graph given
        assert f"kg view {ttl} --focus" in from_file
        from_file = from_file.replace(str(ttl), str(streamed_seeds))
    assert (tmp_path / "store.html").read_text(encoding="utf-8") == from_file
    drawn = capsys.readouterr()
    assert drawn.out.count(" nodes, ") == 2 and drawn.err == ""
    # on a terminal a line says what is being drawn from how many nodes: tens of seconds at 30k articles
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["view", str(streamed_seeds), *args, "-o", str(tmp_path / "shown.html")]) == 0
    what = {"full, capped": "the 20 most connected", "focus": f"the neighbourhood of '{ASHIMBAEV}'",
            "visit": f"visit {args[-1]}"}[view]
    assert capsys.readouterr().err == f"kg view: {len(seed_net)} nodes in {streamed_seeds}; drawing {what}…\n"
    assert (tmp_path / "shown.html").read_bytes() == (tmp_path / "store.html").read_bytes()


@pytest.mark.parametrize("view", ["focus", "visit"])
def test_a_focus_or_visit_view_is_the_same_page_whatever_the_hash_seed(seeds, seed_net, tmp_path, view):
    """Its nodes come in the graph's order, not a set's, which changes with each process's hash seed."""
    import os
    import subprocess
    import sys

    # a part under half the graph: networkx then gives its nodes in the order of the set asked for
    args = ["--focus", ASHIMBAEV, "--depth", "1"] if view == "focus" else ["--visit", _visit_id(seed_net)]
    pages = []
    for seed in ("1", "2", "3"):
        path = tmp_path / f"{seed}.html"
        subprocess.run([sys.executable, "-m", "kg", "view", str(seeds), *args, "-o", str(path)], check=True,
                       capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed})
        pages.append(path.read_bytes())
    assert pages[0] == pages[1] == pages[2]


def test_map_places_a_trip_abroad_at_the_capital_and_widens_to_it(seed_rdf, tmp_path):
    """A country has no coordinates of its own: the map puts it at its capital (places.tsv's
    centre column); a place the gazetteer does not know is named in a note, not drawn."""
    from rdflib import RDF, XSD, Literal
    from rdflib.namespace import PROV

    from kg.graph.vocab import ID
    from kg.views.tripmap import write_map

    g = new_graph()
    for triple in seed_rdf:
        g.add(triple)
    person = next(g.subjects(RDFS.label, Literal(ASHIMBAEV, lang="ru")))
    article = next(g.subjects(RDF.type, KGO.Article))
    for key, name in (("china", "Китай"), ("narnia", "Нарния")):
        place, visit = ID[f"place/{key}"], ID[f"event/{key}"]
        g.add((place, RDF.type, KGO.Country))
        g.add((place, RDFS.label, Literal(name, lang="ru")))
        for p, o in ((RDF.type, KGO.Visit), (RDFS.label, Literal(f"Поездка: {name}", lang="ru")),
                     (KGO.date, Literal("2026-03-01", datatype=XSD.date)), (KGO.principal, person),
                     (KGO.place, place), (PROV.wasDerivedFrom, article)):
            g.add((visit, p, o))
    path = tmp_path / "map.html"
    write_map(g, path)
    places = {p["name"]: p for p in page_json(path, "kg-places")}
    assert set(places) == {"Китай", "Карагандинская область", "Кызылординская область", "Восточно-Казахстанская область"}
    assert places["Китай"]["x"] > places["Восточно-Казахстанская область"]["x"]  # Beijing, 116° E
    assert places["Китай"]["y"] > places["Карагандинская область"]["y"]  # and south of Karaganda
    assert "Нет координат в справочнике мест: Нарния." in path.read_text(encoding="utf-8")


def test_pages_of_a_big_graph_detail_the_latest_trips_and_count_the_rest(seed_rdf, tmp_path, monkeypatch):
    import kg.views.trips
    from kg.views.timeline import write_timeline
    from kg.views.tripmap import write_map

    monkeypatch.setattr(kg.views.trips, "TRIP_CAP", 2)
    assert write_timeline(seed_rdf, tmp_path / "timeline.html") == 2
    trips = page_json(tmp_path / "timeline.html", "kg-trips")
    assert [t["start"] for t in trips] == ["2026-01-08", "2026-02-25"] and all(t["evidence"] for t in trips)
    assert "Показаны последние 2 поездки из 3, с 2026-01-08" in (tmp_path / "timeline.html").read_text(encoding="utf-8")
    write_map(seed_rdf, tmp_path / "map.html")
    places = {p["name"]: p for p in page_json(tmp_path / "map.html", "kg-places")}
    assert places["Карагандинская область"]["count"] == 1 and places["Карагандинская область"]["trips"] == []
    assert len(page_json(tmp_path / "map.html", "kg-trips")) == 2


def test_cli_view_links_evidence_to_the_article_files_it_is_given(seeds, tmp_path, capsys):
    from conftest import SEEDS

    out = tmp_path / "pages" / "ego.html"
    assert main(["view", str(seeds), "--focus", ASHIMBAEV, "--articles", str(SEEDS), "-o", str(out)]) == 0
    links = {a: d["href"] for a, d in page_json(out, "kg-articles").items()}
    href = links["000_cb75e5b9b4807dc7"]
    assert not href.startswith(("/", "file:"))  # relative to the page, so the pair can move together
    assert (out.parent / href).resolve() == (SEEDS / "000_cb75e5b9b4807dc7.txt").resolve()
    assert main(["view", str(seeds), "--articles", str(tmp_path / "nowhere"), "-o", str(out)]) == 2
    assert "no such folder" in capsys.readouterr().err


def _store_of(graph):
    """The graph in an in-memory Oxigraph store, as a build leaves it on disk."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(graph.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES)
    return store


def _most_connected_ranking_every_node(net, cap: int) -> set[str]:
    """most_connected as first written: every node ranked up front, every neighbour pushed, duplicates popped."""
    import heapq

    from kg.views.draw import _content_degree

    rank = {n: (-_content_degree(net, n), -net.degree(n), n) for n in net}
    chosen: set[str] = set()
    for seed in sorted(net, key=rank.__getitem__):
        if len(chosen) >= cap:
            break
        heap = [] if seed in chosen else [(rank[seed], seed)]
        while heap and len(chosen) < cap:
            _, node = heapq.heappop(heap)
            if node not in chosen:
                chosen.add(node)
                heap.extend((rank[o], o) for o in nx.all_neighbors(net, node) if o not in chosen)
                heapq.heapify(heap)
    return chosen


@pytest.mark.parametrize("cap", [1, 3, 40, 400])
def test_most_connected_with_a_bounded_heap_picks_what_ranking_every_node_picks(cap):
    # 300 visits' articles all mention a few hubs: the candidates outnumber a small cap many times
    from kg.views.storenet import StoreNet

    graph = synthetic_graph(300)
    net = to_networkx(graph, tooltips=False)
    expected = _most_connected_ranking_every_node(net, cap)
    assert len(expected) == cap
    assert set(most_connected(net, cap)) == expected
    assert set(most_connected(StoreNet(_store_of(graph)), cap)) == expected


def test_store_graph_remembers_a_bounded_number_of_terms_and_answers_the_same(seed_rdf, monkeypatch):
    import kg.graph.storegraph
    from kg.graph.storegraph import StoreGraph

    monkeypatch.setattr(kg.graph.storegraph, "TERMS_KEPT", 10)
    graph = StoreGraph(_store_of(seed_rdf))
    subjects = sorted({s for s in seed_rdf.subjects(RDFS.label, None) if isinstance(s, URIRef)})
    assert len(subjects) > 100
    for s in subjects:
        assert sorted(graph.objects(s, RDFS.label)) == sorted(seed_rdf.objects(s, RDFS.label))
        assert sorted(graph.subjects(KGO.mentions, s)) == sorted(seed_rdf.subjects(KGO.mentions, s))
        assert len(graph._iris) <= 10 and len(graph._to_ox) <= 10


def test_pages_from_a_store_with_tiny_caches_are_those_from_memory(seed_rdf, tmp_path, monkeypatch):
    import kg.graph.storegraph
    import kg.views.storenet
    from kg.graph.storegraph import StoreGraph
    from kg.views.site import write_pages
    from kg.views.storenet import StoreNet

    monkeypatch.setattr(kg.graph.storegraph, "TERMS_KEPT", 3)
    monkeypatch.setattr(kg.views.storenet, "KEPT", 3)
    names = ("view", "timeline", "map")
    write_pages(seed_rdf, {k: tmp_path / "memory" / f"{k}.html" for k in names})
    store = _store_of(seed_rdf)
    write_pages(StoreGraph(store), {k: tmp_path / "store" / f"{k}.html" for k in names}, net=StoreNet(store))
    for k in names:
        assert (tmp_path / "memory" / f"{k}.html").read_bytes() == (tmp_path / "store" / f"{k}.html").read_bytes(), k
    assert page_json(tmp_path / "store" / "view.html", "kg-articles")  # the store found the articles cited


def _with_odd_edges(seed_rdf):
    """The seeds and statements whose edges StoreNet cannot count from the store's counts by predicate
    (StoreNet._count_grouped): an organization and a mention that are no node, a topic that is a blank node,
    an organizer that is a literal, and an event's place that is an article (some of its edges have an article
    end). Mentions are never grouped (StoreNet reads them), so the organization is the grouped count's no node."""
    from rdflib import RDF, BNode, Literal

    graph = new_graph()
    for triple in seed_rdf:
        graph.add(triple)
    article = sorted(graph.subjects(RDF.type, KGO.Article))[0]
    event = sorted(graph.subjects(RDF.type, KGO.Visit))[0]
    graph.add((article, KGO.mentions, URIRef("https://example.org/no-node")))
    graph.add((event, KGO.organization, URIRef("https://example.org/no-node")))
    graph.add((event, KGO.topic, BNode("b1")))
    graph.add((event, KGO.organizer, Literal(str(event))))  # a literal, though it reads as a node's IRI
    graph.add((event, KGO.place, article))
    return graph


@pytest.mark.parametrize("which", ["seeds", "synthetic-300", "odd edges"])
def test_store_net_is_the_networkx_projection_node_by_node(which, seed_rdf, tmp_path):
    """StoreNet's node table (digests, kinds, degrees) and its edges read from the store are those of
    to_networkx; the article index is the same from both, and an IRI that is no node is none."""
    from kg.graph.storegraph import StoreGraph
    from kg.views.draw import _content_degree
    from kg.views.page import article_index
    from kg.views.storenet import StoreNet, _digest

    graph = {"seeds": lambda: seed_rdf, "synthetic-300": lambda: synthetic_graph(300),
             "odd edges": lambda: _with_odd_edges(seed_rdf)}[which]()
    net, store = to_networkx(graph, tooltips=False), _store_of(graph)
    store_net = StoreNet(store)
    assert sorted(store_net) == sorted(net) and store_net.number_of_nodes() == net.number_of_nodes() > 100
    # numpy gives an item of the digests' array back without its trailing NULs: such nodes are here too
    assert any(_digest(node).endswith(b"\0") for node in net)
    for node in net:
        assert node in store_net
        assert {k: store_net.nodes[node][k] for k in ("type", "kind")} == {k: net.nodes[node][k] for k in ("type", "kind")}
        assert (store_net.degree(node), store_net.content_degree(node)) == (net.degree(node), _content_degree(net, node))
        assert sorted(store_net.out_edges(node, keys=True)) == sorted(net.out_edges(node, keys=True))
        assert sorted(store_net.in_edges(node, keys=True)) == sorted(net.in_edges(node, keys=True))
    others = {str(s) for s in graph.subjects() if isinstance(s, URIRef)} - set(net)  # evidence, posts
    assert others and not any(o in store_net for o in others) and "https://example.org/nothing" not in store_net
    ids = {d["article_id"] for _, d in net.nodes(data=True) if d["type"] == "article"}
    wanted = set(sorted(ids)[::2]) | {"000_no_such_article", "person/nobody"}
    index = article_index(graph, net, wanted, None, tmp_path / "page.html")
    assert set(index) == wanted & ids and all(entry["date"] for entry in index.values())
    assert article_index(StoreGraph(store), store_net, wanted, None, tmp_path / "page.html") == index