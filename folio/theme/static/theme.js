/* Folio: the light/dark toggle, and the addresses of links for print. Without JavaScript
   the button stays hidden and the page follows the system's prefers-color-scheme; the
   inline script in <head> applies a saved choice before the first paint. */
(function () {
  "use strict";
  // Print: each link in the text followed by its address, absolute where the page knows its
  // own (its canonical URL, made from base_url); see @media print in style.css.
  var canonical = document.querySelector('link[rel="canonical"]');
  if (!canonical || !window.URL) return;
  document.querySelectorAll(".prose a[href], .attribution a[href]").forEach(function (a) {
    var href = a.getAttribute("href");
    if (!href || href.charAt(0) === "#") return;
    try { a.setAttribute("data-print-url", new URL(href, canonical.href).href); } catch (e) { /* */ }
  });
})();

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
