"""The views in a real browser: Debian's headless Chromium, offline, pages opened from file://.

Without Chromium these tests skip, except in CI (CI=true), where they fail. Screenshots go to
tests/artifacts/ for a person to look at.
"""
from __future__ import annotations

import base64
import os
import struct
import time
from pathlib import Path

import networkx as nx
import pytest
from headless import Browser, missing
from viewdata import (
    ARTIFACTS,
    ROOT,
    HOSTILE,
    hostile_build,
    hostile_graph,
    seed_build,
    synthetic_graph,
)

from kg.graph.rdf import new_graph
from kg.views.draw import write_focus_view, write_full_view
from kg.views.gexf import write_network

DRAWN = "return kgView.network.body.nodeIndices.length"
# Anything that ran from the hostile text would have set one of these or added an element.
# (An alert() would make Selenium's next command raise UnexpectedAlertPresentException.)
EXECUTED = """return {pwned: window.__pwned === undefined ? null : window.__pwned, images: document.images.length,
  scripts: Array.from(document.scripts).filter(function (s) { return s.type !== 'application/json'; }).length}"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    reason = missing()
    if reason:
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(f"CI must run the browser tests: {reason}")
        pytest.skip(reason)
    b = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield b
    b.close()


def assert_clean(load) -> None:
    assert load.errors == [], "JavaScript errors"
    assert load.remote_requests == [], "requests that left file://"


def test_seed_graph_renders_offline_with_every_exported_node(browser, tmp_path):
    seeds = seed_build()
    load = browser.load(seeds / "graph.html")
    assert_clean(load)
    assert browser.js("return kgView.ready"), f"not drawn in {load.seconds:.1f} s"
    assert browser.js("return kgView.network.physics.options.enabled") is False  # kg laid it out
    write_network(new_graph().parse(seeds / "graph.ttl", format="turtle"), tmp_path / "g.graphml", "graphml")
    assert browser.js(DRAWN) == nx.read_graphml(tmp_path / "g.graphml").number_of_nodes()
    legend = browser.js("return document.querySelector('.legend').innerText")
    assert "Персона" in legend and "Рабочая поездка" in legend
    browser.screenshot(ARTIFACTS / "graph.png")


def test_search_focuses_a_person_and_legend_shows_one_type(browser):
    from selenium.webdriver.common.by import By

    browser.load(seed_build() / "graph.html")
    box = browser.driver.find_element(By.ID, "search-input")
    box.send_keys("ашимбаев")
    box.submit()
    time.sleep(0.6)  # the focus animation
    details = browser.js("return document.getElementById('details').innerText")
    assert details.startswith("Маулен Ашимбаев\nПерсона") and "Должности:" in details
    assert browser.js("return kgView.network.getSelectedNodes().length") == 1
    browser.screenshot(ARTIFACTS / "graph-search.png")
    browser.driver.find_element(By.CSS_SELECTOR, ".only[data-key=visit]").click()
    assert browser.js(DRAWN) == 3
    browser.driver.find_element(By.ID, "show-all").click()
    assert browser.js(DRAWN) == browser.js("return kgView.nodes.length")


def test_hostile_names_and_quotes_show_as_text_and_never_run(browser, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    path = tmp_path / "hostile.html"
    write_full_view(hostile_graph(), path)
    load = browser.load(path)
    assert_clean(load)
    assert browser.js(EXECUTED) == {"pwned": None, "images": 0, "scripts": 3}  # vis-network, common.js, graph.js
    person = "https://kg.example.org/id/person/hostile"
    # hover the person: vis-network's own tooltip must hold the markup as text
    x, y = browser.js("var p = kgView.network.canvasToDOM(kgView.network.getPositions([arguments[0]])[arguments[0]]);"
                      "var c = document.getElementById('canvas').getBoundingClientRect();"
                      "return [p.x - c.width / 2, p.y - c.height / 2];", person)
    ActionChains(browser.driver).move_to_element_with_offset(
        browser.driver.find_element(By.ID, "canvas"), int(x), int(y)).perform()
    deadline = time.time() + 3
    while time.time() < deadline and not browser.js("var t = document.querySelector('div.vis-tooltip');"
                                                    "return t && t.style.visibility === 'visible'"):
        time.sleep(0.1)
    # innerText turns newlines into <br>; any other element would be markup from the text
    tooltip = browser.js("var t = document.querySelector('div.vis-tooltip');"
                         "return [t.innerText, t.querySelectorAll(':not(br)').length]")
    assert HOSTILE[0] in tooltip[0] and tooltip[1] == 0
    browser.js("kgView.show(arguments[0])", person)
    details = browser.js("return document.getElementById('details').innerText")
    assert HOSTILE[0] in details
    assert browser.js(EXECUTED)["pwned"] is None and browser.js(EXECUTED)["images"] == 0
    browser.screenshot(ARTIFACTS / "hostile.png")


def test_hostile_article_built_by_the_pipeline_does_not_execute(browser):
    load = browser.load(hostile_build() / "graph.html")
    assert_clean(load)
    assert browser.js(EXECUTED)["pwned"] is None and browser.js(EXECUTED)["images"] == 0
    titles = browser.js("return kgView.nodes.map(function (n) { return n.title; }).join(' ')")
    assert "<script>window.__pwned=7</script>" in titles


def test_ego_view_of_ashimbaev_draws_his_visits_and_shows_articles_on_one_click(browser, tmp_path):
    from selenium.webdriver.common.by import By

    path = tmp_path / "ego.html"
    seeds = seed_build()
    written = write_focus_view(new_graph().parse(seeds / "graph.ttl", format="turtle"), path, "Маулен Ашимбаев")
    assert_clean(browser.load(path))
    articles = browser.js("return kgView.nodes.get({filter: function (n) { return n.group === 'article'; }}).length")
    assert articles > 0 and browser.js(DRAWN) == written.nodes - articles  # a person's articles wait for a click
    assert browser.js("return kgView.nodes.get({filter: function (n) { return n.group === 'visit'; }}).length") == 3
    browser.screenshot(ARTIFACTS / "ego.png")
    browser.driver.find_element(By.CSS_SELECTOR, ".legend input[data-key=article]").click()
    assert browser.js(DRAWN) == written.nodes


def test_capped_large_graph_is_drawn_and_says_what_it_left_out(browser, tmp_path):
    """The page is drawn (its speed is measured in bench/, not here: a loaded machine is slow)."""
    path = tmp_path / "big.html"
    written = write_full_view(synthetic_graph(400), path)  # about 4,600 nodes
    load = browser.load(path, timeout=120)
    assert_clean(load)
    assert browser.js("return kgView.ready"), f"not drawn after {load.seconds:.1f} s"
    assert browser.js(DRAWN) == written.nodes < written.of_nodes
    note = browser.js("return document.querySelector('.notes').innerText")
    assert f"из {written.of_nodes}" in note and "kg view" in note


def _details() -> str:
    return "return document.getElementById('details').textContent"


def test_click_highlights_the_neighbourhood_and_the_address_names_the_node(browser):
    seeds = seed_build()
    browser.load(seeds / "graph.html")
    person = browser.js("return kgView.nodes.get({filter: function (n) { return n.search === 'Маулен Ашимбаев'; }})[0].id")
    browser.js("kgView.show(arguments[0], false)", person)
    faded = browser.js("return kgView.nodes.get({filter: function (n) { return n.opacity < 1; }}).map(function (n) { return n.id; })")
    near = set(browser.js("return kgView.network.getConnectedNodes(arguments[0])", person)) | {person}
    assert faded and not near & set(faded)
    assert len(faded) + len(near) == browser.js("return kgView.nodes.length")
    assert browser.js("return decodeURIComponent(location.hash)") == "#person=Маулен Ашимбаев"
    # the address opens the page on that node
    browser.load(seeds / "graph.html", fragment="#place=Кызылординская область")
    assert browser.js(_details()).startswith("Кызылординская область\n")
    assert browser.js("return kgView.network.getSelectedNodes().length") == 1


def test_relation_and_date_filters_hide_what_they_say(browser):
    from selenium.webdriver.common.by import By

    browser.load(seed_build() / "graph.html")
    drawn_edges = "return kgView.network.body.edgeIndices.length"
    before = browser.js(drawn_edges)
    mentions = browser.js("return kgView.edges.get({filter: function (e) { return e.relations.length === 1 && e.relations[0] === 'упоминает'; }}).length")
    assert mentions > 0
    browser.driver.find_element(By.CSS_SELECTOR, "#edge-filters input[data-relation=упоминает]").click()
    assert browser.js(drawn_edges) == before - mentions
    visits = "return kgView.network.body.nodeIndices.filter(function (id) { return kgView.nodes.get(id).group === 'visit'; }).length"
    assert browser.js(visits) == 3
    browser.js("var f = document.getElementById('date-from'); f.value = '2026-01-01'; f.dispatchEvent(new Event('change'))")
    assert browser.js(visits) == 2  # the Karaganda trip, 25-26 November 2025, is before
    browser.driver.find_element(By.ID, "dates-clear").click()
    assert browser.js(visits) == 3


def test_expand_shows_a_nodes_hidden_neighbours_in_place(browser, tmp_path):
    path = tmp_path / "ego.html"
    write_focus_view(new_graph().parse(seed_build() / "graph.ttl", format="turtle"), path, "Маулен Ашимбаев")
    browser.load(path)
    visit = browser.js("return kgView.nodes.get({filter: function (n) { return n.group === 'visit'; }})[0].id")
    hidden = "return kgView.network.getConnectedNodes(arguments[0]).filter(function (id) { return kgView.nodes.get(id).hidden; }).length"
    assert browser.js(hidden, visit) > 0  # its articles
    browser.js("kgView.show(arguments[0], false)", visit)
    assert "скрыто" in browser.js("return document.getElementById('expand').innerText")
    browser.js("document.getElementById('expand').click()")
    assert browser.js(hidden, visit) == 0
    assert browser.js("return kgView.nodes.get({filter: function (n) { return n.group === 'article' && n.hidden; }}).length") >= 0


def test_evidence_links_to_the_article_text_at_the_quote(browser):
    seeds = seed_build()
    browser.load(seeds / "graph.html")
    visit = browser.js("return kgView.nodes.get({filter: function (n) { return n.group === 'visit'; }})[0].id")
    browser.js("kgView.show(arguments[0], false)", visit)
    links = browser.js("return Array.from(document.querySelectorAll('#details a.article')).map(function (a) { return a.href; })")
    assert links and all(link.startswith("file://") and ".txt#:~:text=" in link for link in links)
    first = links[0].split("#")[0]
    assert Path(first[len("file://"):]).resolve().parent == (ROOT / "seeds").resolve()
    assert "символы" in browser.js(_details())


def test_png_export_is_the_picture_on_screen(browser):
    browser.load(seed_build() / "graph.html")
    data = browser.js("return kgView.png()")
    assert data.startswith("data:image/png;base64,")
    png = base64.b64decode(data.split(",", 1)[1])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == tuple(browser.js("var c = document.querySelector('#canvas canvas'); return [c.width, c.height]"))
    (ARTIFACTS / "export.png").write_bytes(png)


def test_labels_at_the_fitted_zoom_are_the_most_connected_and_more_on_zoom(browser, tmp_path):
    path = tmp_path / "big.html"
    write_full_view(synthetic_graph(400), path)
    browser.load(path, timeout=120)
    labelled = "return kgView.nodes.get({filter: function (n) { return n.label; }}).map(function (n) { return n.rank; })"
    ranks = browser.js(labelled)
    assert 5 <= len(ranks) < browser.js("return kgView.nodes.length")
    assert 0 in ranks  # the most connected node is named
    browser.screenshot(ARTIFACTS / "big.png")
    browser.js("kgView.network.moveTo({scale: kgView.network.getScale() * 4})")
    browser.js("kgView.network.emit('zoom', {})")
    time.sleep(0.4)  # labels are recomputed 120 ms after the last zoom step
    assert len(browser.js(labelled)) > 0


def test_timeline_shows_the_seed_trips_with_their_evidence(browser):
    seeds = seed_build()
    load = browser.load(seeds / "timeline.html")
    assert_clean(load)
    bars = browser.js("return Array.from(document.querySelectorAll('.vis-item.vis-range.trip')).map(function (e) { return e.innerText; })")
    assert sorted(bars) == ["Восточно-Казахстанская область", "Карагандинская область", "Кызылординская область"]
    assert browser.js("return document.querySelectorAll('.vis-labelset .vis-label').length") == 1  # one official
    browser.screenshot(ARTIFACTS / "timeline.png")
    key = browser.js("return kgView.items.get({filter: function (i) { return i.region === 'Карагандинская область' && i.type === 'range'; }})[0].id")
    browser.js("kgView.show(arguments[0])", key)
    details = browser.js(_details())
    assert "2025-11-25 – 2025-11-26" in details and "Маулен Ашимбаев" in details and "События поездки" in details
    assert browser.js("return document.querySelectorAll('#details a.article').length") >= 2  # two outlets
    browser.load(seeds / "timeline.html", fragment="#event=" + key)
    assert browser.js("return kgView.timeline.getSelection()") == [key]


def test_map_shows_the_seed_destinations_and_lists_the_trips(browser):
    seeds = seed_build()
    load = browser.load(seeds / "map.html")
    assert_clean(load)
    drawn = browser.js("return Array.from(document.querySelectorAll('#places circle.destination'))"
                       ".filter(function (c) { return c.getBBox().width > 0; }).length")
    names = browser.js("return Array.from(document.querySelectorAll('#places text')).map(function (t) { return t.textContent; })")
    assert drawn == 3 and sorted(names) == ["Восточно-Казахстанская область", "Карагандинская область",
                                            "Кызылординская область"]
    assert browser.js("return document.querySelectorAll('#countries path.country.home').length") == 1  # Kazakhstan
    # Karaganda (73° E) lies east of Kyzylorda (65.5° E) and north of it
    where = browser.js("var out = {}; kgView.places.forEach(function (p) { out[p.name] = [p.x, p.y]; }); return out")
    assert where["Карагандинская область"][0] > where["Кызылординская область"][0]
    assert where["Карагандинская область"][1] < where["Кызылординская область"][1]
    browser.screenshot(ARTIFACTS / "map.png")
    browser.js("document.querySelector('#places circle.destination').dispatchEvent(new MouseEvent('click', {bubbles: true}))")
    details = browser.js(_details())
    assert "Поездок: 1" in details and "Маулен Ашимбаев" in details
    assert browser.js("return Array.from(document.querySelectorAll('#details a')).some(function (a) { return a.getAttribute('href').indexOf('timeline.html#event=') === 0; })")


@pytest.mark.parametrize("page", ["timeline.html", "map.html"])
def test_hostile_article_text_stays_text_on_the_timeline_and_the_map(browser, page):
    load = browser.load(hostile_build() / page)
    assert_clean(load)
    if page == "timeline.html":
        key = browser.js("return kgView.items.get({filter: function (i) { return i.type === 'range'; }})[0].id")
        browser.js("kgView.show(arguments[0], false)", key)
    else:
        browser.js("kgView.showPlace(kgView.places[0])")
    details = browser.js(_details())
    assert "<script>window.__pwned=7</script>" in details or "window.__pwned=6" in details
    assert browser.js("return document.querySelectorAll('#details *:not(div):not(span):not(a):not(ol):not(ul):not(li):not(h2)').length") == 0
    assert browser.js(EXECUTED)["pwned"] is None and browser.js(EXECUTED)["images"] == 0
