/* Folio: the light/dark toggle. Without JavaScript the button stays hidden and the page
   follows the system's prefers-color-scheme; the inline script in <head> applies a saved
   choice before the first paint. */
(function () {
  "use strict";
  var root = document.documentElement;
  var button = document.querySelector(".theme-toggle");
  if (!button || !window.matchMedia) return;
  var query = window.matchMedia("(prefers-color-scheme: dark)");
  function isDark() {
    var chosen = root.getAttribute("data-theme");
    return chosen ? chosen === "dark" : query.matches;
  }
  function show() { button.setAttribute("aria-pressed", String(isDark())); }
  button.addEventListener("click", function () {
    var theme = isDark() ? "light" : "dark";
    root.setAttribute("data-theme", theme);
    try { localStorage.setItem("folio-theme", theme); } catch (e) { /* private mode */ }
    show();
  });
  if (query.addEventListener) query.addEventListener("change", show);
  show();
  button.hidden = false;
})();
