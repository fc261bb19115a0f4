// Search across ids, titles and text, from file:// or any server: the index is a script
// (search-index.js) that sets window.AIMS_SEARCH, so no fetch() is needed. Pages work without
// this script; it only adds the search box.
(function () {
  "use strict";
  var index = window.AIMS_SEARCH || [];
  var holder = document.getElementById("search");
  if (!holder || !index.length) { return; }
  var root = document.body.getAttribute("data-root") || "";

  function fold(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var prepared = index.map(function (entry) {
    return { entry: entry, id: fold(entry.i), title: fold(entry.t), text: fold(entry.x) };
  });

  var input = document.createElement("input");
  input.type = "search";
  input.placeholder = "Search ids, titles and text";
  input.setAttribute("aria-label", "Search the AIMS");
  input.setAttribute("aria-controls", "search-results");
  input.setAttribute("autocomplete", "off");
  var list = document.createElement("ul");
  list.id = "search-results";
  list.className = "results";
  list.hidden = true;
  holder.appendChild(input);
  holder.appendChild(list);

  function score(item, terms) {
    var total = 0;
    for (var i = 0; i < terms.length; i++) {
      var term = terms[i];
      var s = 0;
      if (item.id === term) { s = 100; }
      else if (item.id.indexOf(term) !== -1) { s = 40; }
      if (item.title.indexOf(term) !== -1) { s = Math.max(s, 20); }
      if (!s && item.text.indexOf(term) !== -1) { s = 5; }
      if (!s) { return 0; }
      total += s;
    }
    return total;
  }

  // A piece of the text around the first term, with that term marked. Built from text nodes
  // only (never innerHTML), so document text cannot become markup. Folding keeps the length of
  // most text; where it does not, the mark is left out rather than misplaced.
  function snippet(text, term) {
    var folded = fold(text);
    var at = folded.indexOf(term);
    if (at < 0) { return null; }
    var start = Math.max(0, at - 40);
    var end = Math.min(text.length, at + term.length + 80);
    var span = document.createElement("span");
    span.className = "snippet";
    var prefix = start > 0 ? "…" : "";
    var suffix = end < text.length ? "…" : "";
    if (folded.length === text.length) {
      var mark = document.createElement("mark");
      mark.textContent = text.slice(at, at + term.length);
      span.appendChild(document.createTextNode(prefix + text.slice(start, at)));
      span.appendChild(mark);
      span.appendChild(document.createTextNode(text.slice(at + term.length, end) + suffix));
    } else {
      span.textContent = prefix + text.slice(start, end) + suffix;
    }
    return span;
  }

  function render(query) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    var terms = fold(query).split(/\s+/).filter(Boolean);
    if (!terms.length) { list.hidden = true; return; }
    var hits = [];
    for (var i = 0; i < prepared.length; i++) {
      var s = score(prepared[i], terms);
      if (s) { hits.push([s, prepared[i].entry]); }
    }
    hits.sort(function (a, b) { return b[0] - a[0] || (a[1].i < b[1].i ? -1 : 1); });
    var count = document.createElement("li");
    count.className = hits.length ? "count" : "empty";
    count.textContent = !hits.length ? "No document matches."
      : hits.length === 1 ? "1 document"
      : hits.length > 20 ? "First 20 of " + hits.length + " documents"
      : hits.length + " documents";
    list.appendChild(count);
    hits.slice(0, 20).forEach(function (hit) {
      var entry = hit[1];
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = root + entry.u;
      var id = document.createElement("span");
      id.className = "rid";
      id.textContent = entry.i;
      link.appendChild(id);
      link.appendChild(document.createTextNode(entry.t + " "));
      var kind = document.createElement("span");
      kind.className = "rkind";
      kind.textContent = entry.k;
      link.appendChild(kind);
      var text = snippet(entry.x, terms[0]);
      if (text) { link.appendChild(text); }
      item.appendChild(link);
      list.appendChild(item);
    });
    list.hidden = false;
  }

  input.addEventListener("input", function () { render(input.value); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { input.value = ""; render(""); }
    if (event.key === "ArrowDown") {
      var first = list.querySelector("a");
      if (first) { event.preventDefault(); first.focus(); }
    }
  });
  list.addEventListener("keydown", function (event) {
    var links = Array.prototype.slice.call(list.querySelectorAll("a"));
    var at = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && at < links.length - 1) { event.preventDefault(); links[at + 1].focus(); }
    if (event.key === "ArrowUp") { event.preventDefault(); (at > 0 ? links[at - 1] : input).focus(); }
    if (event.key === "Escape") { input.focus(); render(""); }
  });
  document.addEventListener("click", function (event) {
    if (!holder.contains(event.target)) { list.hidden = true; }
  });
})();
