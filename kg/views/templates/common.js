// What the three kg pages share: reading the JSON blocks, the legend, search, the address of a shown
// item (#person=…), and the details panel with evidence and links to the article text.
// Article text only reaches the DOM as textContent, input values and attribute values set by script.
"use strict";
var KG = (function () {
  function json(id) {
    var block = document.getElementById(id);
    return block ? JSON.parse(block.textContent) : null;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  // A text fragment (#:~:text=start,end) scrolls a browser to the quote in the article's text file.
  function fragment(quote) {
    var enc = function (s) { return encodeURIComponent(s).replace(/-/g, "%2D").replace(/,/g, "%2C"); };
    var words = quote.split(/\s+/).filter(Boolean);
    if (words.length > 8) {
      return "#:~:text=" + enc(words.slice(0, 4).join(" ")) + "," + enc(words.slice(-4).join(" "));
    }
    return "#:~:text=" + enc(words.join(" "));
  }

  // An article by its headline (or id), linked to its text when the build knows where the file is.
  function articleLink(id, articles, quote) {
    var info = articles[id] || {};
    var name = info.headline ? info.headline + " (" + id + ")" : id;
    if (!info.href) { return el("span", "article", name); }
    var link = el("a", "article", name);
    link.href = info.href + (quote ? fragment(quote) : "");
    link.target = "_blank";
    link.rel = "noopener";
    return link;
  }

  // Evidence items {article, start, end, quote, rule, relation, sentence} as a list.
  function evidenceList(items, articles) {
    var list = el("ol", "evidence");
    items.forEach(function (item) {
      var li = el("li");
      li.appendChild(el("span", "quote", "«" + item.quote + "»"));
      if (item.relation) { li.appendChild(document.createTextNode(" (" + item.relation + ")")); }
      var source = el("div", "source");
      source.appendChild(articleLink(item.article, articles, item.quote));
      source.appendChild(document.createTextNode(", символы " + item.start + "–" + item.end + ", правило " + item.rule));
      li.appendChild(source);
      if (item.sentence) { li.appendChild(el("div", "sentence", "в предложении: «" + item.sentence + "»")); }
      list.appendChild(li);
    });
    return list;
  }

  // The legend's checkboxes by data-key; "только" keeps one, "Показать все" checks all.
  function legend(onChange) {
    var boxes = Array.from(document.querySelectorAll(".legend input[type=checkbox]"));
    var api = {
      keys: boxes.map(function (b) { return b.dataset.key; }),
      on: function (key) {
        var box = boxes.find(function (b) { return b.dataset.key === key; });
        return box ? box.checked : true;
      },
      set: function (isOn) {
        boxes.forEach(function (b) { b.checked = Boolean(isOn(b.dataset.key)); });
        onChange();
      }
    };
    boxes.forEach(function (b) { b.addEventListener("change", onChange); });
    document.querySelectorAll(".legend .only").forEach(function (button) {
      button.addEventListener("click", function () {
        api.set(function (key) { return key === button.dataset.key; });
      });
    });
    var all = document.getElementById("show-all");
    if (all) { all.addEventListener("click", function () { api.set(function () { return true; }); }); }
    return api;
  }

  // Search over names: an exact name first, else every name that contains the query, best first.
  function search(names, find) {
    var list = document.getElementById("search-names");
    Array.from(new Set(names)).sort().slice(0, 5000).forEach(function (name) {
      var option = document.createElement("option");
      option.value = name;
      list.appendChild(option);
    });
    var status = document.getElementById("search-status");
    document.getElementById("search").addEventListener("submit", function (event) {
      event.preventDefault();
      var query = document.getElementById("search-input").value.trim().toLowerCase();
      if (!query) { return; }
      var count = find(query);
      status.textContent = count === 0 ? "не найдено" : count === 1 ? "" : "найдено " + count + ", показан первый";
    });
  }

  // The address of what is shown: #person=Имя, #event=event/…; read on load and on change.
  function readHash() {
    var m = /^#([a-z]+)=(.+)$/.exec(window.location.hash);
    if (!m) { return null; }
    try { return {type: m[1], value: decodeURIComponent(m[2])}; } catch (e) { return null; }
  }
  function writeHash(type, value) {
    var hash = "#" + type + "=" + encodeURIComponent(value);
    if (window.location.hash !== hash) { window.history.replaceState(null, "", hash); }
  }
  function onHash(show) {
    var go = function () { var h = readHash(); if (h) { show(h.type, h.value); } };
    window.addEventListener("hashchange", go);
    go();
  }

  function details() { return document.getElementById("details"); }

  function norm(text) { return text.toLowerCase().replace(/ё/g, "е").trim(); }

  return {json: json, el: el, articleLink: articleLink, evidenceList: evidenceList, legend: legend,
          search: search, writeHash: writeHash, onHash: onHash, details: details, norm: norm};
}());
