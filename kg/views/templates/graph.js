// The kg graph page: draws the network from the JSON blocks, then wires search, legend filters
// and the details panel. Article text only reaches the DOM as textContent, input values or
// vis-network titles given as strings, which vis-network shows as plain text (innerText).
"use strict";
(function () {
  function readJson(id) { return JSON.parse(document.getElementById(id).textContent); }

  var nodes = new vis.DataSet(readJson("kg-nodes"));
  var edges = new vis.DataSet(readJson("kg-edges"));
  var network = new vis.Network(document.getElementById("network"), {nodes: nodes, edges: edges},
                                readJson("kg-options"));
  var layoutStatus = document.getElementById("layout-status");
  var searchStatus = document.getElementById("search-status");
  var details = document.getElementById("details");
  var view = window.kgView = {network: network, nodes: nodes, edges: edges, stabilized: false, show: show};

  // Physics only lays the graph out: once settled it is switched off, so an idle tab stays idle.
  function settle() {
    network.setOptions({physics: false});
    view.stabilized = true;
    layoutStatus.textContent = "";
    var focus = readJson("kg-focus");
    if (focus !== null) { show(focus, false); }
  }
  network.on("stabilizationProgress", function (p) {
    layoutStatus.textContent = "Раскладка графа: " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", settle);
  if (nodes.length === 0) { settle(); }

  function show(id, zoom) {
    var node = nodes.get(id);
    if (!node) { return; }
    if (node.hidden) { setHidden(function () { return false; }); }
    details.textContent = node.title;
    var list = document.createElement("div");
    list.className = "neighbours";
    network.getConnectedNodes(id).slice(0, 40).forEach(function (other) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = "→ " + nodes.get(other).search;
      button.addEventListener("click", function () { show(other); });
      list.appendChild(button);
    });
    details.appendChild(list);
    network.selectNodes([id]);
    if (zoom !== false) {
      network.focus(id, {scale: Math.max(network.getScale(), 0.9), animation: {duration: 400}});
    }
  }
  network.on("click", function (params) { if (params.nodes.length) { show(params.nodes[0]); } });

  // Search: an exact name first, else the first name that contains the query.
  var names = document.getElementById("search-names");
  Array.from(new Set(nodes.map(function (n) { return n.search; }))).sort().slice(0, 5000)
    .forEach(function (name) {
      var option = document.createElement("option");
      option.value = name;
      names.appendChild(option);
    });
  document.getElementById("search").addEventListener("submit", function (event) {
    event.preventDefault();
    var query = document.getElementById("search-input").value.trim().toLowerCase();
    if (!query) { return; }
    var exact = nodes.get({filter: function (n) { return n.search.toLowerCase() === query; }});
    var found = exact.length ? exact : nodes.get({filter: function (n) { return n.search.toLowerCase().indexOf(query) >= 0; }});
    found.sort(function (a, b) { return groupOrder.indexOf(a.group) - groupOrder.indexOf(b.group); });
    searchStatus.textContent = found.length === 0 ? "не найдено" : found.length === 1 ? "" : "найдено " + found.length + ", показан первый";
    if (found.length) { show(found[0].id); }
  });

  // Legend: a checkbox per node type; "только" shows a single type.
  var boxes = Array.from(document.querySelectorAll(".legend input[type=checkbox]"));
  var groupOrder = boxes.map(function (box) { return box.dataset.group; });  // people first
  function setHidden(isHidden) {
    boxes.forEach(function (box) { box.checked = !isHidden(box.dataset.group); });
    applyFilter();
  }
  function applyFilter() {
    var hidden = {};
    boxes.forEach(function (box) { hidden[box.dataset.group] = !box.checked; });
    nodes.update(nodes.get({filter: function (n) { return Boolean(n.hidden) !== hidden[n.group]; }})
      .map(function (n) { return {id: n.id, hidden: hidden[n.group]}; }));
  }
  boxes.forEach(function (box) { box.addEventListener("change", applyFilter); });
  document.querySelectorAll(".legend .only").forEach(function (button) {
    button.addEventListener("click", function () {
      setHidden(function (group) { return group !== button.dataset.group; });
    });
  });
  document.getElementById("show-all").addEventListener("click", function () {
    setHidden(function () { return false; });
  });
}());
