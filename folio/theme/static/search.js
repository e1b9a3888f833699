// The search page: Pagefind's JavaScript API over the bundles in ../pagefind/ (one per shard
// of the archive, merged here), with our own results and filters. Every value that comes
// from the archive (titles, names, excerpts) is put in with textContent, never parsed as
// page markup. Paths are worked out from this page's address, so the site works under a
// subpath. The query, order and filters live in the address (?q=…&sort=…&author=…), so a
// search can be bookmarked and shared; a query from the search box on every page runs at once.
(function () {
  "use strict";
  var PAGE = 10;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"];
  var form = document.getElementById("search");
  if (!form) return;
  var input = document.getElementById("search-query");
  var sortSelect = document.getElementById("search-sort");
  var statusLine = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var here = window.location.href;
  var bundle = new URL(form.getAttribute("data-bundle"), here).href;
  var root = new URL(form.getAttribute("data-root"), here);
  var shards = (form.getAttribute("data-shards") || "").split(" ").filter(Boolean)
    .map(function (path) { return new URL(path, here).href; });
  var filterKeys = (form.getAttribute("data-filters") || "").split(" ").filter(Boolean);
  var pagefind = null;
  var results = [];
  var shown = 0;
  var generation = 0;

  function say(text) { statusLine.textContent = text; }

  function formatDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
    return m ? MONTHS[Number(m[2]) - 1] + " " + Number(m[3]) + ", " + m[1] : "";
  }

  // Pagefind's excerpt marks the matched words with <mark>: keep those, and only text.
  function excerptInto(element, excerpt) {
    var parsed = new DOMParser().parseFromString("<p>" + (excerpt || "") + "</p>", "text/html");
    var source = parsed.body.firstChild;
    if (!source) return;
    source.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        element.appendChild(mark);
      } else {
        element.appendChild(document.createTextNode(node.textContent));
      }
    });
  }

  // The index holds `"` and `\` of names as their fullwidth forms (Pagefind cannot filter
  // on them): show the names as written.
  function shownName(value) {
    return value.replace(/\uff02/g, '"').replace(/\uff3c/g, "\\");
  }

  function resultUrl(url) {
    return new URL(String(url).replace(/^\/+/, ""), root).href;
  }

  function selected() {
    var chosen = {};
    form.querySelectorAll("input[type=checkbox][data-key]:checked").forEach(function (box) {
      var key = box.getAttribute("data-key");
      (chosen[key] = chosen[key] || []).push(box.value);
    });
    return chosen;
  }

  function anyFilter(chosen) {
    return Object.keys(chosen).length > 0;
  }

  function remember(query, chosen) {
    var params = new URLSearchParams();
    if (query) params.set("q", query);
    if (sortSelect.value) params.set("sort", sortSelect.value);
    Object.keys(chosen).sort().forEach(function (key) {
      chosen[key].forEach(function (value) { params.append(key, value); });
    });
    var text = params.toString();
    history.replaceState(null, "", text ? "?" + text : window.location.pathname);
  }

  function render(batch) {
    batch.forEach(function (data) {
      var item = document.createElement("li");
      item.className = "search-result";
      var heading = document.createElement("h2");
      var link = document.createElement("a");
      link.href = resultUrl(data.url);
      link.textContent = (data.meta && data.meta.title) || data.url;
      heading.appendChild(link);
      item.appendChild(heading);
      var meta = document.createElement("p");
      meta.className = "meta";
      var date = data.meta && data.meta.date;
      if (date) {
        var time = document.createElement("time");
        time.dateTime = date;
        time.textContent = formatDate(date);
        meta.appendChild(time);
      }
      var authors = data.meta && data.meta.authors;
      if (authors) {
        if (date) meta.appendChild(document.createTextNode(" · "));
        meta.appendChild(document.createTextNode("By " + authors));
      }
      item.appendChild(meta);
      var excerpt = document.createElement("p");
      excerpt.className = "search-excerpt";
      excerptInto(excerpt, data.excerpt);
      item.appendChild(excerpt);
      list.appendChild(item);
    });
  }

  function showMore(token) {
    var batch = results.slice(shown, shown + PAGE);
    shown += batch.length;
    more.hidden = true;
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (data) {
      if (token !== generation) return;
      render(data);
      more.hidden = shown >= results.length;
    });
  }

  function run() {
    var token = ++generation;
    var query = input.value.trim();
    var chosen = selected();
    remember(query, chosen);
    list.replaceChildren();
    more.hidden = true;
    results = [];
    shown = 0;
    if (!query && !anyFilter(chosen)) { say(""); return Promise.resolve(); }
    say("Searching…");
    var options = { filters: chosen };
    if (sortSelect.value) options.sort = { date: sortSelect.value === "oldest" ? "asc" : "desc" };
    return pagefind.search(query || null, options).then(function (search) {
      if (token !== generation || !search) return;
      results = search.results;
      var count = results.length;
      var what = query ? " for “" + query + "”" : "";
      say(count === 0 ? "No articles found" + what + "." :
          count + (count === 1 ? " article" : " articles") + " found" + what + ".");
      return showMore(token);
    });
  }

  function addFilters(filters, wanted) {
    form.querySelectorAll("details[data-filter]").forEach(function (box) {
      var key = box.getAttribute("data-filter");
      var values = filters[key] || {};
      var names = Object.keys(values).sort(function (a, b) {
        return values[b] - values[a] || a.localeCompare(b);
      });
      var group = box.querySelector(".search-filter-values");
      group.replaceChildren();
      if (!names.length) { box.hidden = true; return; }
      names.forEach(function (name, n) {
        var id = "filter-" + key + "-" + n;
        var row = document.createElement("div");
        row.className = "search-filter-value";
        var check = document.createElement("input");
        check.type = "checkbox";
        check.id = id;
        check.value = name;
        check.setAttribute("data-key", key);
        check.checked = (wanted[key] || []).indexOf(name) >= 0;
        if (check.checked) box.open = true;
        var label = document.createElement("label");
        label.htmlFor = id;
        label.textContent = shownName(name) + " (" + values[name] + ")";
        row.appendChild(check);
        row.appendChild(label);
        group.appendChild(row);
      });
    });
  }

  function start() {
    var params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    var sort = params.get("sort");
    if (sort === "newest" || sort === "oldest") sortSelect.value = sort;
    var wanted = {};
    filterKeys.forEach(function (key) {
      var values = params.getAll(key);
      if (values.length) wanted[key] = values;
    });
    say("Loading the search index…");
    import(bundle + "pagefind.js").then(function (module) {
      pagefind = module;
      return pagefind.options({ bundlePath: bundle, baseUrl: "/", excerptLength: 30 });
    }).then(function () {
      return Promise.all(shards.filter(function (path) { return path !== bundle; })
        .map(function (path) { return pagefind.mergeIndex(path); }));
    }).then(function () {
      say("");
      // Filters cost a few files per shard: they load when a filter is opened, or at once
      // when the address asks for some.
      return (Object.keys(wanted).length ? loadFilters() : Promise.resolve()).then(run);
    }).catch(function () {
      say("Search could not load. It needs the site served over http(s), not opened from disk.");
    });
    var filtersLoaded = null;
    function loadFilters() {
      if (!filtersLoaded) {
        filtersLoaded = pagefind.filters().then(function (filters) {
          addFilters(filters || {}, wanted);
        });
      }
      return filtersLoaded;
    }
    form.querySelectorAll("details[data-filter]").forEach(function (box) {
      box.addEventListener("toggle", function () {
        if (box.open && pagefind) loadFilters();
      });
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    sortSelect.addEventListener("change", function () { if (pagefind) run(); });
    form.addEventListener("change", function (event) {
      if (pagefind && event.target.getAttribute("data-key")) run();
    });
    more.addEventListener("click", function () { showMore(generation); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
