"""The views in a real browser: Debian's headless Chromium, offline, pages opened from file://.

Without Chromium these tests skip, except in CI (CI=true), where they fail. Screenshots go to
tests/artifacts/ for a person to look at.
"""
from __future__ import annotations

import os
import time

import networkx as nx
import pytest
from headless import Browser, missing
from viewdata import (
    ARTIFACTS,
    HOSTILE,
    hostile_build,
    hostile_graph,
    seed_build,
    synthetic_graph,
)

from kg.graph.rdf import new_graph
from kg.views.draw import write_focus_view, write_full_view
from kg.views.netgraph import write_network

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
    assert browser.js("return kgView.stabilized"), f"layout did not settle in {load.seconds:.1f} s"
    assert browser.js("return kgView.network.physics.options.enabled") is False  # settled, then stopped
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
    browser.driver.find_element(By.CSS_SELECTOR, ".only[data-group=visit]").click()
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
    assert browser.js(EXECUTED) == {"pwned": None, "images": 0, "scripts": 2}  # vis-network and graph.js
    person = "https://kg.example.org/id/person/hostile"
    # hover the person: vis-network's own tooltip must hold the markup as text
    x, y = browser.js("var p = kgView.network.canvasToDOM(kgView.network.getPositions([arguments[0]])[arguments[0]]);"
                      "var c = document.getElementById('network').getBoundingClientRect();"
                      "return [p.x - c.width / 2, p.y - c.height / 2];", person)
    ActionChains(browser.driver).move_to_element_with_offset(
        browser.driver.find_element(By.ID, "network"), int(x), int(y)).perform()
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


def test_ego_view_of_ashimbaev_draws_his_visits(browser, tmp_path):
    path = tmp_path / "ego.html"
    seeds = seed_build()
    written = write_focus_view(new_graph().parse(seeds / "graph.ttl", format="turtle"), path, "Маулен Ашимбаев")
    assert_clean(browser.load(path))
    assert browser.js(DRAWN) == written.nodes
    assert browser.js("return kgView.nodes.get({filter: function (n) { return n.group === 'visit'; }}).length") == 3
    browser.screenshot(ARTIFACTS / "ego.png")


def test_capped_large_graph_settles_and_says_what_it_left_out(browser, tmp_path):
    """The page settles (its speed is measured in bench/, not here: a loaded machine is slow)."""
    path = tmp_path / "big.html"
    written = write_full_view(synthetic_graph(400), path)  # about 4,600 nodes
    load = browser.load(path, timeout=120)
    assert_clean(load)
    assert browser.js("return kgView.stabilized"), f"not settled after {load.seconds:.1f} s"
    assert browser.js(DRAWN) == written.nodes < written.of_nodes
    note = browser.js("return document.querySelector('.notes').innerText")
    assert f"из {written.of_nodes}" in note and "kg view" in note
