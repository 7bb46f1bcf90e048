// The timeline page: one row per official, one bar per trip from its first to its last day,
// coloured by region, with the trip's events as points. Item and row contents are DOM elements
// built with textContent, so vis-timeline never parses article text as HTML.
"use strict";
(function () {
  var config = KG.json("kg-config");
  var trips = KG.json("kg-trips");
  var articles = KG.json("kg-articles");
  // the axis in Russian: vis-timeline's bundled moment knows English only
  vis.moment.defineLocale("kg-ru", {
    months: ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
             "ноябрь", "декабрь"],
    monthsShort: ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"],
    weekdays: ["воскресенье", "понедельник", "вторник", "среда", "четверг", "пятница", "суббота"],
    weekdaysShort: ["вс", "пн", "вт", "ср", "чт", "пт", "сб"], weekdaysMin: ["вс", "пн", "вт", "ср", "чт", "пт", "сб"],
    week: {dow: 1, doy: 4}
  });

  function day(iso, plus) {
    var p = iso.split("-").map(Number);
    return new Date(p[0], p[1] - 1, p[2] + (plus || 0));
  }
  function label(text, className) { return KG.el("span", className, text); }
  function pad(share) { return Math.max(3 * 864e5, (day(config.end, 1) - day(config.start)) * share); }

  var byKey = {};
  var items = [];
  var people = [];
  trips.forEach(function (trip) {
    byKey[trip.key] = trip;
    if (people.indexOf(trip.principal) < 0) { people.push(trip.principal); }
    items.push({id: trip.key, group: trip.principal, subgroup: "trips", start: day(trip.start), end: day(trip.end, 1),
                type: "range", content: label(trip.region), region: trip.region, className: "trip",
                style: "background-color:" + trip.color + ";border-color:" + trip.color});
    // the trip's events: dots under its bar, named once the view is a few weeks wide
    trip.parts.forEach(function (part) {
      items.push({id: part.key + "@" + trip.key, group: trip.principal, subgroup: "parts", start: day(part.date),
                  type: "point", content: label(part.label, "name"), region: trip.region, trip: trip.key,
                  className: "part"});
    });
  });
  people.sort();
  var groups = new vis.DataSet(people.map(function (name) { return {id: name, content: label(name)}; }));
  var data = new vis.DataSet(items);
  var container = document.getElementById("canvas");
  var timeline = new vis.Timeline(container, data, groups, {
    stack: false, stackSubgroups: true, orientation: "top", zoomKey: "ctrlKey", horizontalScroll: true, verticalScroll: true,
    margin: {item: {horizontal: 4, vertical: 4}}, tooltip: {followMouse: false},
    xss: {disabled: false}, locale: "kg-ru", locales: {"kg-ru": {current: "сейчас", time: "время", deleteSelected: "удалить"}},
    // room after the last trip for its region's name
    start: new Date(day(config.start) - pad(0.04)), end: new Date(day(config.end, 1).valueOf() + pad(0.3)),
    onInitialDrawComplete: function () { window.requestAnimationFrame(ready); }
  });
  var view = window.kgView = {timeline: timeline, items: data, ready: false, show: show};

  var legend = KG.legend(function () {
    data.clear();
    data.add(items.filter(function (item) { return legend.on(item.region); }));
  });

  function show(key, zoom) {
    var trip = byKey[key];
    if (!trip) { return false; }
    var details = KG.details();
    details.textContent = "";
    details.appendChild(KG.el("div", "text", trip.label + "\n" + trip.principal + "\n" +
      (trip.start === trip.end ? trip.start : trip.start + " – " + trip.end) +
      "\nРегион: " + trip.region + (trip.places.length ? "\nМесто: " + trip.places.join(", ") : "")));
    if (config.graph) {
      var actions = KG.el("div", "actions");
      var link = KG.el("a", null, "Открыть в графе");
      link.href = config.graph + "#event=" + encodeURIComponent(trip.key);
      actions.appendChild(link);
      details.appendChild(actions);
    }
    if (trip.parts.length) {
      details.appendChild(KG.el("h2", null, "События поездки"));
      var list = KG.el("ul");
      trip.parts.forEach(function (part) { list.appendChild(KG.el("li", null, part.date + " · " + part.kind + ": " + part.label)); });
      details.appendChild(list);
    }
    details.appendChild(KG.el("h2", null, "Свидетельства"));
    details.appendChild(KG.evidenceList(trip.evidence, articles));
    details.appendChild(KG.el("h2", null, "Статьи"));
    var sources = KG.el("ul");
    trip.articles.forEach(function (id) { var li = KG.el("li"); li.appendChild(KG.articleLink(id, articles, "")); sources.appendChild(li); });
    details.appendChild(sources);
    timeline.setSelection([key]);
    if (zoom !== false) { timeline.focus(key, {animation: false}); }
    KG.writeHash("event", key);
    return true;
  }
  timeline.on("select", function (props) {
    if (!props.items.length) { return; }
    var item = data.get(props.items[0]);
    show(item.trip || item.id);
  });

  function showPerson(name) {
    var keys = trips.filter(function (t) { return KG.norm(t.principal) === KG.norm(name); }).map(function (t) { return t.key; });
    if (keys.length) { timeline.setSelection(keys); timeline.focus(keys, {animation: false}); }
    return keys.length;
  }
  KG.search(people.concat(trips.map(function (t) { return t.label; })), function (query) {
    var person = people.filter(function (p) { return KG.norm(p).indexOf(query) >= 0; });
    if (person.length) { showPerson(person[0]); return person.length; }
    var found = trips.filter(function (t) { return KG.norm(t.label).indexOf(query) >= 0 || KG.norm(t.region).indexOf(query) >= 0; });
    if (found.length) { show(found[0].key); }
    return found.length;
  });
  document.getElementById("fit").addEventListener("click", function () { timeline.fit(); });

  function named() {
    var w = timeline.getWindow();
    container.classList.toggle("zoomed", w.end - w.start <= 21 * 864e5);
  }
  timeline.on("rangechanged", named);
  named();
  function ready() {
    view.ready = true;
    KG.onHash(function (type, value) {
      if (type === "event") { show(value, true); } else if (type === "person") { showPerson(value); }
    });
  }
}());
