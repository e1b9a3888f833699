/* Folio: the ¶ links of an article (layouts/_paragraphs.html). A click opens a small panel
   under the paragraph with its URL and its Chicago note, each with a copy button; Escape or
   Close shuts it and gives focus back to the link. Without JavaScript a ¶ link is a plain
   link to its paragraph, whose URL then shows in the address bar. */
(function () {
  "use strict";
  var panel = document.getElementById("para-panel");
  var pattern = document.getElementById("paragraph-citation");
  if (!panel || !pattern || !pattern.content) return;
  var input = document.getElementById("para-url");
  var citation = document.getElementById("para-citation");
  var number = panel.querySelector(".para-number");
  var status = panel.querySelector(".para-status");
  var opener = null;
  var current = null;

  function pageUrl() {
    var canonical = document.querySelector('link[rel="canonical"]');
    return (canonical ? canonical.href : location.href).split("#")[0];
  }

  function fill(node, para, url) {
    var walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      var text = walker.currentNode;
      text.nodeValue = text.nodeValue.split("{para}").join(para).split("{url}").join(url);
    }
  }

  function placeAfter(target) {
    // a list item's panel goes after its whole list (a list holds only items), a quoted
    // paragraph's after the quotation (the panel is no part of what is quoted)
    var host = target;
    while (host.parentElement && /^(LI|UL|OL|BLOCKQUOTE)$/.test(host.parentElement.tagName)) {
      host = host.parentElement;
    }
    host.insertAdjacentElement("afterend", panel);
  }

  function open(link) {
    var id = decodeURIComponent(link.getAttribute("href").slice(1));
    var target = document.getElementById(id);
    if (!target) return;
    var url = pageUrl() + "#" + encodeURIComponent(id);
    var para = link.getAttribute("data-para") || "";
    var note = pattern.content.cloneNode(true);
    fill(note, para, url);
    number.textContent = para;
    input.value = url;
    citation.textContent = "";
    citation.appendChild(note);
    status.textContent = "";
    if (current) current.classList.remove("para-current");
    current = target;
    current.classList.add("para-current");
    placeAfter(target);
    panel.hidden = false;
    opener = link;
    if (history.replaceState) history.replaceState(null, "", "#" + id);
    input.focus();
    input.select();
  }

  function close() {
    panel.hidden = true;
    if (current) current.classList.remove("para-current");
    current = null;
    if (opener) opener.focus();
    opener = null;
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (e) { done = false; }
      document.body.removeChild(area);
      if (done) resolve(); else reject(new Error("copy refused"));
    });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.para-link") : null;
    if (!link) return;
    event.preventDefault();
    if (!panel.hidden && opener === link) close(); else open(link);
  });
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") close();
  });
  panel.querySelector(".para-close").addEventListener("click", close);
  Array.prototype.forEach.call(panel.querySelectorAll(".para-copy"), function (button) {
    button.addEventListener("click", function () {
      var source = document.getElementById(button.getAttribute("data-copy"));
      var text = source.tagName === "INPUT" ? source.value : source.textContent;
      copy(text).then(function () { status.textContent = "Copied."; },
                      function () { status.textContent = "Select the text and copy it."; });
    });
  });
})();
