// Search across ids, titles, frontmatter values and text, from file:// or any server. Every
// page loads only the manifest (search-index.js, window.AIMS_SEARCH); the shards a query needs
// are loaded when it is typed, each by inserting a <script> (fetch() is blocked on file://)
// that hands its data to window.AIMS_SEARCH_SHARD. Results are built from text nodes only
// (never innerHTML), so document text cannot become markup. Pages work without this script;
// it adds the search box and fills in search.html.
(function () {
  "use strict";
  var meta = window.AIMS_SEARCH;
  if (!meta || meta.version !== 2) { return; }
  var root = document.body.getAttribute("data-root") || "";
  // As in src/site/search/tokens.rs.
  var MIN_CHARS = 2;
  var MAX_CHARS = 64;
  // A short term's prefix can span many shards; past this many, type more of the word.
  var SHARDS_PER_TERM = 6;
  var DROPDOWN = 8;
  var PAGE = 100;

  // Loading shards -------------------------------------------------------------------------
  var loaded = {};
  var pending = {};
  window.AIMS_SEARCH_SHARD = function (name, data) { loaded[name] = data; };
  function load(name) {
    if (!pending[name]) {
      pending[name] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = root + "assets/search/" + name + ".js";
        script.onload = function () {
          if (loaded[name]) { resolve(loaded[name]); } else { reject(new Error(name)); }
        };
        script.onerror = function () { reject(new Error("cannot load " + script.src)); };
        document.head.appendChild(script);
      });
    }
    return pending[name];
  }

  // The query's terms: runs of letters and digits with their connectors, as the index has them.
  function terms(query) {
    var runs = String(query).toLowerCase().match(/[\p{Alphabetic}\p{N}][\p{Alphabetic}\p{N}._@\/-]*/gu) || [];
    var out = [];
    runs.forEach(function (run) {
      var chars = Array.from(run.replace(/[._@\/-]+$/, ""));
      if (chars.length < MIN_CHARS) { return; }
      var term = chars.slice(0, MAX_CHARS).join("");
      if (out.indexOf(term) < 0) { out.push(term); }
    });
    return out;
  }

  // The last shard whose first token is at most `token` (shards hold sorted, disjoint ranges).
  function shardOf(token) {
    var low = 0, high = meta.shards.length - 1, found = 0;
    while (low <= high) {
      var mid = (low + high) >> 1;
      if (meta.shards[mid] <= token) { found = mid; low = mid + 1; } else { high = mid - 1; }
    }
    return found;
  }

  // Field weights: id > title > frontmatter > body; a prefix counts half of a whole token.
  function weight(mask, exact) {
    var w = mask & 1 ? 100 : mask & 2 ? 30 : mask & ~7 ? 15 : 5;
    return exact ? w : w / 2;
  }

  // Documents holding a token that starts with `term`: Map(number -> [score, field mask]).
  function matchTerm(term, shards) {
    var found = new Map();
    shards.forEach(function (data) {
      for (var i = 0; i < data.length; i += 2) {
        var token = data[i];
        if (token.lastIndexOf(term, 0) !== 0) { continue; }
        var exact = token === term;
        var list = data[i + 1];
        var doc = 0;
        for (var j = 0; j < list.length; j += 2) {
          doc += list[j];
          var mask = list[j + 1];
          var score = weight(mask, exact);
          var seen = found.get(doc);
          if (seen) { seen[0] = Math.max(seen[0], score); seen[1] |= mask; }
          else { found.set(doc, [score, mask]); }
        }
      }
    });
    return found;
  }

  // All documents matching every term, best first: {terms, hits: [[number, score, mask]], partial}.
  function search(query) {
    var wanted = terms(query);
    var partial = [];
    if (!wanted.length || !meta.shards.length) {
      return Promise.resolve({ terms: wanted, hits: [], partial: partial });
    }
    return Promise.all(wanted.map(function (term) {
      var first = shardOf(term);
      var last = shardOf(term + "\uffff");
      if (last - first >= SHARDS_PER_TERM) { partial.push(term); last = first + SHARDS_PER_TERM - 1; }
      var names = [];
      for (var n = first; n <= last; n++) { names.push("t" + n); }
      return Promise.all(names.map(load)).then(function (shards) { return matchTerm(term, shards); });
    })).then(function (matches) {
      var hits = [];
      matches[0].forEach(function (value, doc) {
        var score = value[0], mask = value[1];
        for (var k = 1; k < matches.length; k++) {
          var other = matches[k].get(doc);
          if (!other) { return; }
          score += other[0];
          mask |= other[1];
        }
        hits.push([doc, score, mask]);
      });
      hits.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
      return { terms: wanted, hits: hits, partial: partial };
    });
  }

  // The id, title, kind and page of each hit: loads the document shards they are in.
  function documents(hits) {
    var names = [];
    hits.forEach(function (hit) {
      var name = "d" + Math.floor(hit[0] / meta.per_shard);
      if (names.indexOf(name) < 0) { names.push(name); }
    });
    return Promise.all(names.map(load)).then(function () {
      return hits.map(function (hit) {
        var shard = loaded["d" + Math.floor(hit[0] / meta.per_shard)] || [];
        return shard[hit[0] % meta.per_shard];
      });
    });
  }

  function fieldNames(mask) {
    var names = [];
    for (var bit = 0; bit < meta.fields.length; bit++) {
      if (mask & (1 << bit)) { names.push(meta.fields[bit]); }
    }
    return names;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  // One hit as a list item: a link (id, title, kind) and the fields that matched.
  function hitItem(entry, mask) {
    var item = document.createElement("li");
    var link = element("a");
    link.href = root + entry[3];
    link.appendChild(element("span", "rid", entry[0]));
    link.appendChild(document.createTextNode(entry[1] + " "));
    link.appendChild(element("span", "rkind", meta.kinds[entry[2]] || ""));
    link.appendChild(element("span", "fields", "matched in " + fieldNames(mask).join(", ")));
    item.appendChild(link);
    return item;
  }

  function resultsUrl(query) {
    return root + "search.html?q=" + encodeURIComponent(query);
  }

  function partialNote(partial) {
    return partial.length
      ? " Only some words starting with " + partial.map(function (t) { return "“" + t + "”"; }).join(", ") +
        " were searched: type more of the word."
      : "";
  }

  // The search box in every page's header ---------------------------------------------------
  var holder = document.getElementById("search");
  if (holder) {
    var input = element("input");
    input.type = "search";
    input.placeholder = "Search ids, controls, owners, text";
    input.setAttribute("aria-label", "Search the AIMS");
    input.setAttribute("aria-controls", "search-results");
    input.setAttribute("autocomplete", "off");
    var list = element("ul", "results");
    list.id = "search-results";
    list.hidden = true;
    holder.appendChild(input);
    holder.appendChild(list);
    var asked = 0;

    var show = function (query) {
      var ask = ++asked;
      if (!terms(query).length) {
        while (list.firstChild) { list.removeChild(list.firstChild); }
        list.hidden = true;
        return;
      }
      search(query).then(function (found) {
        var top = found.hits.slice(0, DROPDOWN);
        return documents(top).then(function (entries) {
          if (ask !== asked) { return; }
          while (list.firstChild) { list.removeChild(list.firstChild); }
          var count = found.hits.length;
          list.appendChild(element("li", count ? "count" : "empty",
            !count ? "No document matches." + partialNote(found.partial)
              : count === 1 ? "1 document"
              : count > DROPDOWN ? "Best " + DROPDOWN + " of " + count + " documents"
              : count + " documents"));
          entries.forEach(function (entry, at) {
            if (entry) { list.appendChild(hitItem(entry, top[at][2])); }
          });
          if (count) {
            var all = element("li", "all");
            var link = element("a", "", count > DROPDOWN ? "Show all " + count + " results" : "Open the results page");
            link.href = resultsUrl(query);
            all.appendChild(link);
            list.appendChild(all);
          }
          list.hidden = false;
        });
      }).catch(function (error) {
        if (ask !== asked) { return; }
        while (list.firstChild) { list.removeChild(list.firstChild); }
        list.appendChild(element("li", "empty", "Search is unavailable: " + error.message));
        list.hidden = false;
      });
    };

    input.addEventListener("input", function () { show(input.value); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { input.value = ""; show(""); }
      if (event.key === "Enter" && terms(input.value).length) {
        event.preventDefault();
        window.location.href = resultsUrl(input.value);
      }
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
      if (event.key === "Escape") { input.focus(); show(""); }
    });
    document.addEventListener("click", function (event) {
      if (!holder.contains(event.target)) { list.hidden = true; }
    });
  }

  // The full results page (search.html?q=...) ----------------------------------------------
  var form = document.getElementById("search-form");
  if (form) {
    var box = document.getElementById("search-query");
    var status = document.getElementById("search-status");
    var hitsList = document.getElementById("search-hits");
    var more = document.getElementById("search-more");
    var query = new URLSearchParams(window.location.search).get("q") || "";
    box.value = query;
    form.hidden = false;
    var noScript = document.getElementById("search-nojs");
    if (noScript) { noScript.hidden = true; }
    // A new query reloads the page with it, so every result list has its own address. (The
    // page's policy allows no form submission, and none is needed.)
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.location.href = "search.html?q=" + encodeURIComponent(box.value);
    });
    if (!terms(query).length) {
      status.textContent = query ? "Type at least " + MIN_CHARS + " letters or digits." : "";
      return;
    }
    status.textContent = "Searching…";
    search(query).then(function (found) {
      var shown = 0;
      var count = found.hits.length;
      status.textContent = (count === 0 ? "No document matches “" + query + "”."
        : (count === 1 ? "1 document matches" : count + " documents match") + " “" + query + "”, best first.") +
        partialNote(found.partial);
      var next = function (focus) {
        var batch = found.hits.slice(shown, shown + PAGE);
        return documents(batch).then(function (entries) {
          var firstLink = null;
          entries.forEach(function (entry, at) {
            if (!entry) { return; }
            var item = hitItem(entry, batch[at][2]);
            firstLink = firstLink || item.querySelector("a");
            hitsList.appendChild(item);
          });
          shown += batch.length;
          more.hidden = shown >= count;
          more.textContent = "Show " + Math.min(PAGE, count - shown) + " more (" + (count - shown) + " not shown yet)";
          if (focus && firstLink) { firstLink.focus(); }
        });
      };
      more.addEventListener("click", function () { next(true); });
      return next(false);
    }).catch(function (error) {
      status.textContent = "Search is unavailable: " + error.message;
    });
  }
})();
