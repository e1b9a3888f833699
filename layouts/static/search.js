// The search page: Pagefind's UI over the bundle in ../pagefind/, with filters for author,
// theme, region and report. Paths are worked out from this page's address, so the site
// works under a subpath. A query in ?q= (from the search box on every page) runs at once.
(function () {
  "use strict";
  function start() {
    var root = document.getElementById("search");
    if (!root || typeof PagefindUI === "undefined") return;
    var here = window.location.href;
    var ui = new PagefindUI({
      element: "#search",
      bundlePath: new URL(root.getAttribute("data-bundle"), here).pathname,
      baseUrl: new URL(root.getAttribute("data-base"), here).pathname,
      showSubResults: false,
      showImages: false,
      resetStyles: false,
      openFilters: ["author"],
      translations: { placeholder: "Search the archive" }
    });
    // Give Pagefind's input the page's visible label (a placeholder is not a label).
    var input = root.querySelector(".pagefind-ui__search-input");
    if (input) input.setAttribute("aria-labelledby", "search-label");
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) ui.triggerSearch(query);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
