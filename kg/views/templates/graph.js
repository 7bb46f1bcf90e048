// The graph page: draws the network at the positions computed by kg (physics off), then wires
// the legend, the relation and date filters, search, neighbourhood highlight, expanding a node's
// hidden neighbours, the address of the shown node and PNG export. vis-network shows node titles
// given as strings as plain text (innerText); everything else goes through KG (common.js).
"use strict";
(function () {
  var config = KG.json("kg-config");
  var evidence = KG.json("kg-evidence");
  var articles = KG.json("kg-articles");
  var raw = KG.json("kg-nodes");
  var byId = {};
  var container = document.getElementById("canvas");
  var status = document.getElementById("layout-status");
  var view = window.kgView = {ready: false, show: show};

  // ---- filters: node types (legend), relations, dates; nodes opened by "expand" stay shown
  var forced = {};
  var dateFrom = document.getElementById("date-from");
  var dateTo = document.getElementById("date-to");
  if (config.dates) {
    [dateFrom, dateTo].forEach(function (input) { input.min = config.dates[0]; input.max = config.dates[1]; });
  }
  var legend = KG.legend(applyFilters);
  var relationBoxes = config.relations.map(function (rel) {
    var label = KG.el("label");
    var box = KG.el("input");
    box.type = "checkbox";
    box.checked = config.hiddenRelations.indexOf(rel.name) < 0;
    box.dataset.relation = rel.name;
    box.addEventListener("change", applyFilters);
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + rel.name + " "));
    label.appendChild(KG.el("span", "count", String(rel.count)));
    document.getElementById("edge-filters").appendChild(label);
    return box;
  });
  [dateFrom, dateTo].forEach(function (input) { input.addEventListener("change", applyFilters); });
  document.getElementById("dates-clear").addEventListener("click", function () {
    dateFrom.value = dateTo.value = "";
    applyFilters();
  });

  // the first state of every node is set before vis-network sees it: updating 1,500 nodes after
  // the first draw costs more than drawing them
  raw.forEach(function (n) { byId[n.id] = n; n.fullLabel = n.label; n.label = ""; n.hidden = isHidden(n); });
  var nodes = new vis.DataSet(raw);
  var edges = new vis.DataSet(KG.json("kg-edges"));
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, KG.json("kg-options"));
  view.network = network;
  view.nodes = nodes;
  view.edges = edges;

  function outsideDates(n) {
    if (!n.date) { return false; }
    var end = n.end || n.date;
    return Boolean((dateFrom.value && end < dateFrom.value) || (dateTo.value && n.date > dateTo.value));
  }
  function isHidden(n) { return !forced[n.id] && (!legend.on(n.group) || outsideDates(n)); }  // a boolean: vis-network tests === false

  function applyFilters() {
    var changes = [];
    raw.forEach(function (n) {
      var hidden = isHidden(n);
      if (Boolean(n.hidden) !== hidden) { n.hidden = hidden; changes.push({id: n.id, hidden: hidden}); }
    });
    nodes.update(changes);
    var off = {};
    relationBoxes.forEach(function (box) { off[box.dataset.relation] = !box.checked; });
    edges.update(edges.get({filter: function (e) {
      return Boolean(e.hidden) !== e.relations.every(function (r) { return off[r]; });
    }}).map(function (e) { return {id: e.id, hidden: !e.hidden}; }));
    relabel();
  }

  // ---- labels: the most connected first, each where it overlaps no other label on screen, so
  // the fitted view shows the hubs' names and zooming in shows more; their size on screen is fixed
  var selected = null;
  var near = {};
  var byRank = raw.slice().sort(function (a, b) { return a.rank - b.rank; });
  var FONT = 13;
  var fontSize = null;
  function relabel() {
    var scale = network.getScale();
    var size = FONT / scale;
    var rect = container.getBoundingClientRect();
    var placed = [];
    var shown = {};
    var order = byRank.filter(function (n) { return near[n.id]; }).concat(byRank);
    for (var i = 0; i < order.length && placed.length < config.maxLabels; i++) {
      var n = order[i];
      if (n.hidden || shown[n.id] || (selected !== null && !near[n.id])) { continue; }  // faded: unnamed
      var p = network.canvasToDOM({x: n.x, y: n.y});
      if (p.x < 0 || p.y < 0 || p.x > rect.width || p.y > rect.height) { continue; }
      var lines = n.fullLabel.split("\n");
      var widths = lines.map(function (l) { return FONT * 0.6 * l.length; });  // wrapped at 170 px
      var w = Math.min(170, Math.max.apply(null, widths));
      var h = FONT * 1.3 * widths.reduce(function (rows, width) { return rows + Math.max(1, Math.ceil(width / 170)); }, 0);
      var body = network.body.nodes[n.id];  // the label is drawn below the node's shape
      var top = p.y + ((body && body.options.size) || 10) * scale;
      var box = [p.x - w / 2 - 3, top, p.x + w / 2 + 3, top + 4 + h];
      var free = n.id === selected || placed.every(function (b) {
        return box[2] < b[0] || box[0] > b[2] || box[3] < b[1] || box[1] > b[3];
      });
      if (free) { placed.push(box); shown[n.id] = true; }
    }
    if (size !== fontSize) {  // one size on screen for every label: an option, not 1,500 updates
      fontSize = size;
      network.setOptions({nodes: {font: {size: size}, widthConstraint: {maximum: 170 / Math.max(scale, 0.05)}}});
    }
    var changes = [];
    raw.forEach(function (n) {
      var label = shown[n.id] ? n.fullLabel : "";
      if (n.label !== label) {
        n.label = label;
        changes.push({id: n.id, label: label});
      }
    });
    if (changes.length) { nodes.update(changes); }
    view.labelled = placed.length;
  }
  var relabelTimer = null;
  network.on("zoom", later);
  network.on("dragEnd", later);
  function later() {
    clearTimeout(relabelTimer);
    relabelTimer = setTimeout(relabel, 120);
  }

  // ---- highlight a node's neighbourhood: everything else fades
  function highlight(id) {
    near = {};
    if (id !== null) {
      near[id] = true;
      network.getConnectedNodes(id).forEach(function (other) { near[other] = true; });
    }
    var changes = raw.map(function (n) { return {id: n.id, opacity: id === null || near[n.id] ? 1 : 0.15}; });
    nodes.update(changes);
    relabel();
  }

  // ---- details: the tooltip text, the evidence with links to the article text, neighbours
  function show(id, zoom) {
    var node = byId[id];
    if (!node) { return false; }
    if (node.hidden) { forced[id] = true; applyFilters(); }
    selected = id;
    var details = KG.details();
    details.textContent = "";
    details.appendChild(KG.el("div", "text", node.title));
    if (evidence[id]) {
      details.appendChild(KG.el("h2", null, "Свидетельства"));
      details.appendChild(KG.evidenceList(evidence[id], articles));
    }
    if (node.group === "article" && articles[node.aid]) {
      details.appendChild(KG.articleLink(node.aid, articles, ""));
    }
    var actions = KG.el("div", "actions");
    var hiddenNear = network.getConnectedNodes(id).filter(function (o) { return byId[o].hidden; });
    var expand = KG.el("button", null, "Раскрыть соседей" + (hiddenNear.length ? " (скрыто " + hiddenNear.length + ")" : ""));
    expand.type = "button";
    expand.id = "expand";
    expand.disabled = hiddenNear.length === 0;
    expand.addEventListener("click", function () { expandNode(id); });
    actions.appendChild(expand);
    details.appendChild(actions);
    if (node.outside) {
      details.appendChild(KG.el("p", "help", "Ещё связей вне этой страницы: " + node.outside +
        ". Их покажет окрестность узла: kg view … --focus"));
    }
    var list = KG.el("div", "neighbours");
    network.getConnectedNodes(id).slice(0, 40).forEach(function (other) {
      var button = KG.el("button", null, "→ " + byId[other].search);
      button.type = "button";
      button.addEventListener("click", function () { show(other); });
      list.appendChild(button);
    });
    details.appendChild(list);
    network.selectNodes([id]);
    highlight(id);
    KG.writeHash(node.key[0], node.key[1]);
    if (zoom !== false) {
      network.focus(id, {scale: Math.max(network.getScale(), 0.9), animation: false});
      relabel();
    }
    return true;
  }
  view.expand = expandNode;
  function expandNode(id) {
    network.getConnectedNodes(id).forEach(function (other) { forced[other] = true; });
    applyFilters();
    show(id, false);
  }
  network.on("click", function (params) {
    if (params.nodes.length) { show(params.nodes[0]); } else { selected = null; highlight(null); }
  });

  // ---- search, and the address of the shown node (#person=Имя, #event=event/…, #article=id)
  KG.search(raw.map(function (n) { return n.search; }), function (query) {
    var order = legend.keys;
    var exact = raw.filter(function (n) { return KG.norm(n.search) === query || n.aid === query; });
    var found = exact.length ? exact : raw.filter(function (n) { return KG.norm(n.search).indexOf(query) >= 0; });
    found.sort(function (a, b) { return order.indexOf(a.group) - order.indexOf(b.group) || a.rank - b.rank; });
    if (found.length) { show(found[0].id); }
    return found.length;
  });
  function showAddress(type, value) {
    var wanted = KG.norm(value);
    var node = raw.find(function (n) { return n.key[0] === type && KG.norm(n.key[1]) === wanted; });
    if (node) { show(node.id, false); }
  }

  // ---- the picture as PNG, on white, as it is on screen now
  view.png = function () {
    var source = container.querySelector("canvas");
    var out = document.createElement("canvas");
    out.width = source.width;
    out.height = source.height;
    var ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(source, 0, 0);
    return out.toDataURL("image/png");
  };
  document.getElementById("export-png").addEventListener("click", function () {
    var link = KG.el("a");
    link.href = view.png();
    link.download = (document.title || "graph") + ".png";
    document.body.appendChild(link);
    link.click();
    link.remove();
  });
  document.getElementById("fit").addEventListener("click", function () { network.fit({animation: {duration: 300}}); });

  network.once("afterDrawing", function () {
    network.fit({animation: false});  // the canvas has its size only now
    relabel();
    view.ready = true;
    status.textContent = "";
    if (config.focus) { show(config.focus, false); }
    KG.onHash(showAddress);
  });
  network.redraw();
}());
