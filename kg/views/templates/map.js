// The map page: country outlines come drawn in the SVG; this script adds the destinations from
// the JSON blocks (names as SVG text via textContent), pans and zooms the view box, and lists
// the trips to a place on click, with their evidence and articles.
"use strict";
(function () {
  var SVG = "http://www.w3.org/2000/svg";
  var config = KG.json("kg-config");
  var places = KG.json("kg-places");
  var trips = KG.json("kg-trips");
  var articles = KG.json("kg-articles");
  var svg = document.getElementById("map-svg");
  var layer = document.getElementById("places");
  var byKey = {};
  trips.forEach(function (t) { byKey[t.key] = t; });
  var full = [0, 0, config.width, config.height];
  var box = full.slice();
  function setBox(b) { box = b; svg.setAttribute("viewBox", b.join(" ")); relabel(); }

  var marks = places.map(function (place) {
    var circle = document.createElementNS(SVG, "circle");
    circle.setAttribute("class", "destination");
    circle.setAttribute("cx", place.x);
    circle.setAttribute("cy", place.y);
    circle.setAttribute("fill", place.color);
    var title = document.createElementNS(SVG, "title");
    title.textContent = place.name + ": " + place.count;
    circle.appendChild(title);
    circle.addEventListener("click", function (event) { event.stopPropagation(); showPlace(place); });
    var text = document.createElementNS(SVG, "text");
    text.setAttribute("class", "place-label");
    text.textContent = place.name;
    layer.appendChild(circle);
    layer.appendChild(text);
    return {place: place, circle: circle, text: text};
  });
  // circles and labels keep their size on screen whatever the zoom
  function relabel() {
    var unit = box[2] / (svg.clientWidth || 1000);
    marks.forEach(function (m) {
      m.circle.setAttribute("r", m.place.r * unit);
      m.text.setAttribute("x", m.place.x + (m.place.r + 3) * unit);
      m.text.setAttribute("y", m.place.y + 4 * unit);
      m.text.style.fontSize = (12 * unit) + "px";
      m.text.style.strokeWidth = (3 * unit) + "px";
    });
  }

  var legend = KG.legend(function () {
    marks.forEach(function (m) {
      var on = legend.on(m.place.region);
      m.circle.style.display = m.text.style.display = on ? "" : "none";
    });
  });

  function tripBlock(trip) {
    var block = KG.el("div");
    block.appendChild(KG.el("div", "text", trip.start + (trip.end !== trip.start ? " – " + trip.end : "") + " · " +
      trip.principal + "\n" + trip.label));
    var actions = KG.el("div", "actions");
    [[config.timeline, "На шкале времени"], [config.graph, "В графе"]].forEach(function (pair) {
      if (!pair[0]) { return; }
      var link = KG.el("a", null, pair[1]);
      link.href = pair[0] + "#event=" + encodeURIComponent(trip.key);
      actions.appendChild(link);
    });
    block.appendChild(actions);
    block.appendChild(KG.evidenceList(trip.evidence.slice(0, 3), articles));
    var sources = KG.el("div", "source", "Статьи: ");
    trip.articles.forEach(function (id, i) {
      if (i) { sources.appendChild(document.createTextNode("; ")); }
      sources.appendChild(KG.articleLink(id, articles, ""));
    });
    block.appendChild(sources);
    return block;
  }
  function showPlace(place) {
    marks.forEach(function (m) { m.circle.classList.toggle("selected", m.place === place); });
    var details = KG.details();
    details.textContent = "";
    details.appendChild(KG.el("div", "text", place.name + "\nРегион: " + place.region + "\nПоездок: " + place.count +
      (place.count > place.trips.length ? " (показаны последние " + place.trips.length + ")" : "")));
    place.trips.forEach(function (key) { details.appendChild(KG.el("h2", null, byKey[key].principal)); details.appendChild(tripBlock(byKey[key])); });
    KG.writeHash("place", place.name);
    return true;
  }
  window.kgView = {ready: false, places: places, showPlace: showPlace};

  // pan and zoom by changing the view box
  svg.addEventListener("wheel", function (event) {
    event.preventDefault();
    var rect = svg.getBoundingClientRect();
    var fx = (event.clientX - rect.left) / rect.width, fy = (event.clientY - rect.top) / rect.height;
    var k = event.deltaY > 0 ? 1.25 : 0.8;
    var w = Math.min(full[2] * 2, box[2] * k), h = box[3] * (w / box[2]);
    setBox([box[0] + (box[2] - w) * fx, box[1] + (box[3] - h) * fy, w, h]);
  }, {passive: false});
  var drag = null;
  svg.addEventListener("mousedown", function (event) { drag = {x: event.clientX, y: event.clientY, box: box.slice()}; });
  window.addEventListener("mouseup", function () { drag = null; });
  window.addEventListener("mousemove", function (event) {
    if (!drag) { return; }
    var unit = box[2] / svg.getBoundingClientRect().width;
    setBox([drag.box[0] - (event.clientX - drag.x) * unit, drag.box[1] - (event.clientY - drag.y) * unit, box[2], box[3]]);
  });
  document.getElementById("fit").addEventListener("click", function () { setBox(full.slice()); });

  KG.search(places.map(function (p) { return p.name; }).concat(trips.map(function (t) { return t.principal; })), function (query) {
    var found = places.filter(function (p) { return KG.norm(p.name).indexOf(query) >= 0; });
    if (!found.length) {
      found = places.filter(function (p) { return p.trips.some(function (k) { return KG.norm(byKey[k].principal).indexOf(query) >= 0; }); });
    }
    if (found.length) { showPlace(found[0]); }
    return found.length;
  });

  setBox(full.slice());
  window.requestAnimationFrame(function () {
    relabel();
    window.kgView.ready = true;
    KG.onHash(function (type, value) {
      var place = places.find(function (p) { return type === "place" && KG.norm(p.name) === KG.norm(value); })
        || places.find(function (p) { return type === "event" && p.trips.indexOf(value) >= 0; });
      if (place) { showPlace(place); }
    });
  });
}());
