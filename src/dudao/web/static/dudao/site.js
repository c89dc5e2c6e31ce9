// Every page: confirmations (forms with data-confirm), the skip link, the CSRF token of htmx
// requests, and notices the server sends instead of a part of the page (an expired session, an
// old form). No page needs this file to work; it is what the Content-Security-Policy allows in
// place of inline handlers.
(function () {
  "use strict";

  function cookie(name) {
    var found = document.cookie.split("; ").filter(function (c) { return c.indexOf(name + "=") === 0; })[0];
    return found ? decodeURIComponent(found.slice(name.length + 1)) : "";
  }

  // Logging in again (in another tab) gives a new CSRF token: the cookie always has the current one,
  // the page only the one it was built with.
  function csrfToken() {
    return cookie("csrftoken");
  }

  function refreshTokens(root) {
    var token = csrfToken();
    if (!token) return;
    root.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach(function (input) { input.value = token; });
  }

  document.addEventListener("submit", function (e) {
    var form = e.target;
    var message = form.dataset && form.dataset.confirm;
    if (message && !window.confirm(message)) { e.preventDefault(); e.stopImmediatePropagation(); return; }
    refreshTokens(form);
  }, true);

  // The skip link: focus lands in the page's content (browsers may only scroll to it).
  document.addEventListener("click", function (e) {
    var skip = e.target.closest && e.target.closest("a.skip-link");
    var main = skip && document.getElementById("main");
    if (main) { e.preventDefault(); main.focus(); main.scrollIntoView(); }
  });

  document.addEventListener("htmx:configRequest", function (e) {
    var token = csrfToken();
    if (!token) return;
    e.detail.headers["X-CSRFToken"] = token;
    if (e.detail.parameters && e.detail.parameters.csrfmiddlewaretoken !== undefined) {
      e.detail.parameters.csrfmiddlewaretoken = token;
    }
  });

  // A notice (X-Dudao-Notice): shown above the page; the part the request would have replaced stays
  // as it is, with whatever was typed in it.
  function showNotice(html) {
    var box = document.getElementById("site-notice");
    if (!box) {
      box = document.createElement("div");
      box.id = "site-notice";
      box.setAttribute("role", "alert");
      var main = document.querySelector("main.page") || document.body;
      main.insertBefore(box, main.firstChild);
    }
    box.innerHTML = html;
    box.hidden = false;
    box.scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("htmx:beforeSwap", function (e) {
    var xhr = e.detail.xhr;
    if (xhr && xhr.getResponseHeader("X-Dudao-Notice")) {
      e.detail.shouldSwap = false;
      e.detail.isError = false;
      showNotice(xhr.responseText);
    }
  });

  document.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("#site-notice [data-dismiss]")) {
      document.getElementById("site-notice").hidden = true;
    }
  });

  // Back from the other tab: the page's forms get the new token before anything is sent.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") refreshTokens(document);
  });

  window.dudao = window.dudao || {};
  window.dudao.showNotice = showNotice;
})();
