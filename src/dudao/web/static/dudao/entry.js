// The entry page: area tabs, the live preview as values are typed (announced in one sentence),
// links to a field that move the focus to it, showing refused saves (422) with the focus on the first,
// taking a stored value over a stale one, the history dialog, and keeping what was typed:
// unsaved fields are kept in sessionStorage (a reload puts them back, with the originals they
// were typed against, so a stale one is still refused) and leaving the page with unsaved
// changes asks first. Everything works without it, only plainer.
(function () {
  "use strict";
  var TAB_KEY = "dudao-entry-tab:" + location.pathname;
  var DRAFT_KEY = "dudao-entry-draft:" + location.pathname;
  // An edited field and the hidden field that says what the page showed when it was built.
  var PAIRS = [["v-", "o-"], ["c-", "oc-"], ["n-", "on-"], ["s-", "os-"]];
  var leaving = false;  // a plain form submit navigates on purpose

  function form() { return document.getElementById("entry-form"); }

  function originalName(name) {
    for (var i = 0; i < PAIRS.length; i++) {
      if (name.indexOf(PAIRS[i][0]) === 0) return PAIRS[i][1] + name.slice(PAIRS[i][0].length);
    }
    return null;
  }

  function field(name) {
    var f = form();
    if (!f) return null;
    var found = f.querySelector('[name="' + CSS.escape(name) + '"]');
    return found && !found.disabled ? found : null;
  }

  // -- tabs -----------------------------------------------------------------------------------

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
    try { sessionStorage.setItem(TAB_KEY, code); } catch (e) { /* private mode */ }
  }

  function currentTab() {
    try { return sessionStorage.getItem(TAB_KEY); } catch (e) { return null; }
  }

  function sectionOf(id) {
    var el = id && document.getElementById(id);
    var section = el && el.closest("section.area[data-area]");
    return section ? section.dataset.area : null;
  }

  // What takes the focus for #id: the field itself, else the first field inside it (a row), else
  // the element, made focusable by script only.
  function focusTarget(el) {
    if (el.matches("input, select, textarea, button") && !el.disabled) return el;
    var inner = el.querySelector("input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])");
    if (inner) return inner;
    if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "-1");
    return el;
  }

  // Switch to the tab holding #id, scroll to it and move the focus there (a keyboard or screen
  // reader user continues from the field, not from the link they followed).
  function reveal(id) {
    var area = sectionOf(id);
    if (area) showTab(area);
    var el = document.getElementById(id);
    if (!el) return;
    el.scrollIntoView({ block: "center" });
    focusTarget(el).focus({ preventScroll: true });
  }

  // -- drafts: what was typed and not saved yet ------------------------------------------------

  function readDrafts() {
    try { return JSON.parse(sessionStorage.getItem(DRAFT_KEY) || "{}"); } catch (e) { return {}; }
  }

  function writeDrafts(drafts) {
    try {
      if (Object.keys(drafts).length) sessionStorage.setItem(DRAFT_KEY, JSON.stringify(drafts));
      else sessionStorage.removeItem(DRAFT_KEY);
    } catch (e) { /* private mode, or full: the page still warns before leaving */ }
  }

  function valueOf(el) { return el.value; }

  function savedValueOf(el) {  // what the field held when this part of the page was built
    if (el.tagName === "SELECT") {
      var chosen = Array.prototype.filter.call(el.options, function (o) { return o.defaultSelected; })[0];
      return chosen ? chosen.value : (el.options.length ? el.options[0].value : "");
    }
    return el.defaultValue;
  }

  function remember(el) {
    var original = originalName(el.name);
    if (!original) return;
    var drafts = readDrafts();
    var kept = field(original);
    if (valueOf(el) === savedValueOf(el) && !(el.name in drafts && drafts[el.name].refused)) {
      delete drafts[el.name];
    } else {
      var before = drafts[el.name];
      drafts[el.name] = {
        value: valueOf(el),
        original: before ? before.original : (kept ? kept.value : null),
        refused: before ? before.refused : false,
      };
    }
    writeDrafts(drafts);
  }

  function unsaved() { return Object.keys(readDrafts()).length > 0; }

  // After a reload: put the unsaved fields back, with what the page showed when they were typed.
  function restore() {
    var drafts = readDrafts();
    var restored = 0;
    Object.keys(drafts).forEach(function (name) {
      var el = field(name);
      if (!el) { delete drafts[name]; return; }
      var draft = drafts[name];
      var original = field(originalName(name));
      if (el.value !== draft.value) { el.value = draft.value; restored += 1; }
      if (original && draft.original !== null && draft.original !== undefined) original.value = draft.original;
    });
    writeDrafts(drafts);
    if (restored) {
      var note = document.getElementById("draft-note");
      if (note) {
        note.querySelector("[data-count]").textContent = restored;
        note.hidden = false;
      }
      preview(true);
    }
  }

  // A save went through: forget the drafts it sent (not what was typed while it was on its way).
  function forgetSent(sent) {
    var drafts = readDrafts();
    Object.keys(sent).forEach(function (name) {
      if (drafts[name] && drafts[name].value === sent[name]) delete drafts[name];
    });
    writeDrafts(drafts);
  }

  function markRefused(names) {
    var drafts = readDrafts();
    names.forEach(function (name) { if (drafts[name]) drafts[name].refused = true; });
    writeDrafts(drafts);
  }

  // -- the preview ------------------------------------------------------------------------------

  var previewTimer = null;
  function preview(now) {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(function () {
      if (window.htmx) window.htmx.trigger(document.body, "dudao:preview");
    }, now ? 0 : 400);
  }

  // The panel is not a live region (it would read some thirty lines after every pause in typing):
  // its one-sentence summary goes to the small polite region beside the save button.
  function announcePreview(panel) {
    var summary = panel.querySelector("[data-preview-summary]");
    var status = document.getElementById("preview-status");
    if (!summary || !status) return;
    var text = summary.textContent.trim();
    if (status.textContent.trim() !== text) status.textContent = text;
  }

  // -- events -----------------------------------------------------------------------------------

  document.addEventListener("input", function (e) {
    var el = e.target;
    if (!el.name || !el.form || el.form.id !== "entry-form") return;
    remember(el);
    if (el.name.indexOf("v-") === 0) preview(false);
  });

  document.addEventListener("change", function (e) {
    var el = e.target;
    if (!el.name || !el.form || el.form.id !== "entry-form") return;
    remember(el);
    if (el.name.indexOf("v-") === 0) preview(true);
  });

  document.addEventListener("click", function (e) {
    var tab = e.target.closest("#area-tabs [data-tab]");
    if (tab) { e.preventDefault(); showTab(tab.dataset.tab); return; }
    var take = e.target.closest("[data-take]");
    if (take) { takeStored(take); return; }
    var drop = e.target.closest("[data-drop-drafts]");
    if (drop) { writeDrafts({}); leaving = true; location.reload(); return; }
    var link = e.target.closest('a[href^="#"]');
    if (link && sectionOf(link.getAttribute("href").slice(1))) { e.preventDefault(); reveal(link.getAttribute("href").slice(1)); }
  });

  // "Take the stored one" of a stale field: the field (and a value's comment) get what is stored.
  function takeStored(button) {
    var target = field(button.dataset.take);
    if (target) {
      target.value = button.dataset.value;
      target.dispatchEvent(new Event("input", { bubbles: true }));
      target.dispatchEvent(new Event("change", { bubbles: true }));
    }
    if (button.dataset.commentTarget) {
      var comment = field(button.dataset.commentTarget);
      if (comment) { comment.value = button.dataset.comment; comment.dispatchEvent(new Event("input", { bubbles: true })); }
    }
    var drafts = readDrafts();
    delete drafts[button.dataset.take];
    if (button.dataset.commentTarget) delete drafts[button.dataset.commentTarget];
    writeDrafts(drafts);
    var box = button.closest(".conflict");
    if (box) box.classList.add("taken");
  }

  document.addEventListener("submit", function (e) {
    if (!e.defaultPrevented) leaving = true;
  });

  window.addEventListener("beforeunload", function (e) {
    if (leaving || !unsaved()) return;
    e.preventDefault();
    e.returnValue = "";  // older browsers show their own words; none shows ours
  });

  document.addEventListener("DOMContentLoaded", function () {
    var invalid = document.querySelector("section.area .invalid[id]");
    showTab(currentTab());
    restore();
    if (invalid) reveal(invalid.id);
    else if (location.hash) reveal(location.hash.slice(1));
  });

  // What a save sends, to forget those drafts once it went through.
  var sending = new WeakMap();
  document.addEventListener("htmx:beforeRequest", function (e) {
    var drafts = readDrafts();
    var sent = {};
    Object.keys(drafts).forEach(function (name) { sent[name] = drafts[name].value; });
    sending.set(e.detail.xhr, sent);
  });

  document.addEventListener("htmx:afterRequest", function (e) {
    var xhr = e.detail.xhr;
    var path = e.detail.requestConfig && e.detail.requestConfig.path || "";
    var sent = sending.get(xhr) || {};
    if (/\/(save|narrative|self-score)\/$/.test(path) === false) return;
    if (xhr.status === 200) {
      if (/\/save\/$/.test(path)) { forgetSent(sent); return; }
      var part = e.detail.requestConfig.triggeringEvent && e.detail.elt;
      var name = part && part.name === "area" ? "n-" + part.value : part && part.name === "item" ? "s-" + part.value : null;
      if (name && name in sent) { var only = {}; only[name] = sent[name]; forgetSent(only); }
    } else if (xhr.status === 422) {
      markRefused(Object.keys(sent));
    }
  });

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
      announcePreview(target);
    }
    if (target.id === "form-flash" || document.getElementById("area-tabs") === target) {
      showTab(currentTab());
      var first = document.querySelector("section.area tr.invalid[id], section.area .narrative.invalid[id], section.area .rubric.invalid[id]");
      if (first) reveal(first.id);
    }
  });
})();
