// The entry page: area tabs, showing refused saves (422), the history dialog, confirmations,
// and a short flash when the preview total moves. Everything works without it, only plainer.
(function () {
  "use strict";
  var KEY = "dudao-entry-tab:" + location.pathname;

  function showTab(code) {
    var tabs = document.querySelectorAll("#area-tabs [data-tab]");
    if (!tabs.length) return;
    var known = Array.prototype.some.call(tabs, function (t) { return t.dataset.tab === code; });
    if (!known) code = tabs[0].dataset.tab;
    tabs.forEach(function (t) {
      var on = t.dataset.tab === code;
      t.classList.toggle("active", on);
      t.setAttribute("aria-current", on ? "true" : "false");
    });
    document.querySelectorAll("section.area[data-area]").forEach(function (s) {
      s.hidden = code !== "*" && s.dataset.area !== code;
    });
    try { sessionStorage.setItem(KEY, code); } catch (e) { /* private mode */ }
  }

  function sectionOf(id) {
    var el = id && document.getElementById(id);
    var section = el && el.closest("section.area[data-area]");
    return section ? section.dataset.area : null;
  }

  function reveal(id) {  // switch to the tab holding #id and scroll to it
    var area = sectionOf(id);
    if (area) showTab(area);
    var el = document.getElementById(id);
    if (el) el.scrollIntoView({ block: "center" });
  }

  document.addEventListener("click", function (e) {
    var tab = e.target.closest("#area-tabs [data-tab]");
    if (tab) { e.preventDefault(); showTab(tab.dataset.tab); return; }
    var link = e.target.closest('a[href^="#"]');
    if (link && sectionOf(link.getAttribute("href").slice(1))) { e.preventDefault(); reveal(link.getAttribute("href").slice(1)); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var invalid = document.querySelector("section.area .invalid[id]");
    var start = null;
    try { start = sessionStorage.getItem(KEY); } catch (e) { /* private mode */ }
    showTab(start);
    if (invalid) reveal(invalid.id);
    else if (location.hash) reveal(location.hash.slice(1));
  });

  // Confirm before submitting, returning (forms with data-confirm).
  document.addEventListener("submit", function (e) {
    var message = e.target.dataset && e.target.dataset.confirm;
    if (message && !window.confirm(message)) e.preventDefault();
  }, true);

  // A refused save answers 422 with the messages in place: swap it in like a success.
  document.addEventListener("htmx:beforeSwap", function (e) {
    if (e.detail.xhr && e.detail.xhr.status === 422) { e.detail.shouldSwap = true; e.detail.isError = false; }
  });

  document.addEventListener("htmx:afterSettle", function (e) {
    var target = e.detail.target;
    if (!target) return;
    if (target.id === "history-body") {
      var dialog = document.getElementById("history-dialog");
      if (dialog && !dialog.open) dialog.showModal();
    }
    if (target.id === "preview-panel") {
      var delta = target.querySelector(".delta");
      if (delta) delta.classList.add("flash");
    }
    if (target.id === "form-flash" || document.getElementById("area-tabs") === target) {
      var current = null;
      try { current = sessionStorage.getItem(KEY); } catch (err) { /* private mode */ }
      showTab(current);
      var first = document.querySelector("section.area tr.invalid[id]");
      if (first) reveal(first.id);
    }
  });
})();
