/* Copy a permalink to the clipboard (listed in mkdocs.yml extra_javascript; no dependency).
 *
 * Any element with a `data-copy-link` attribute becomes a copy control:
 *   - the URL copied is the attribute's value when it has one, else the element's `href`,
 *     resolved against the page's address (so `href="#q-…"` copies the quote's permalink);
 *   - `data-copy-done` is the message shown after a copy (« Lien copié. »),
 *     `data-copy-manual` the label of the fallback field (« Copiez ce lien : »).
 *     Both come from build_tools/locales/fr.yaml through the page, never from this file.
 * Where navigator.clipboard is missing (plain http, old browsers) or refuses, a read-only
 * field holding the URL appears after the control, focused and selected, to copy by hand.
 * Links keep working without JavaScript: they lead to the permalink itself.
 *
 * Material's instant navigation swaps the page without reloading this script: controls are
 * set up on each new page through Material's `document$` observable (or once on load when
 * the theme's bundle is absent).
 */
(function () {
  "use strict";

  function target(control) {
    var value = control.getAttribute("data-copy-link");
    var url = value || control.getAttribute("href") || "";
    return new URL(url, window.location.href).href;
  }

  // One message at a time on the page: the last copy's.
  function clear() {
    document.querySelectorAll("[data-copy-feedback]").forEach(function (element) {
      element.remove();
    });
  }

  function feedback(control, element) {
    element.setAttribute("data-copy-feedback", "");
    control.insertAdjacentElement("afterend", element);
    return element;
  }

  function done(control) {
    clear();
    var status = document.createElement("span");
    status.className = "dossier-copy-status";
    status.setAttribute("role", "status");
    status.textContent = control.getAttribute("data-copy-done") || "";
    feedback(control, status);
    window.setTimeout(function () { status.remove(); }, 4000);
  }

  function manual(control, url) {
    clear();
    var label = document.createElement("label");
    label.className = "dossier-copy-fallback";
    label.appendChild(document.createTextNode(
      (control.getAttribute("data-copy-manual") || "") + " "));
    var field = document.createElement("input");
    field.type = "text";
    field.readOnly = true;
    field.value = url;
    field.size = Math.min(url.length, 60);
    label.appendChild(field);
    feedback(control, label);
    field.focus();
    field.select();
  }

  function copy(control) {
    var url = target(control);
    var clipboard = navigator.clipboard;
    if (clipboard && typeof clipboard.writeText === "function") {
      clipboard.writeText(url).then(
        function () { done(control); },
        function () { manual(control, url); });
    } else {
      manual(control, url);
    }
  }

  function setUp(control) {
    if (control.hasAttribute("data-copy-ready")) {
      return;
    }
    control.setAttribute("data-copy-ready", "");
    if (control.tagName !== "BUTTON" && !control.hasAttribute("tabindex")
        && !control.hasAttribute("href")) {
      control.setAttribute("tabindex", "0");
    }
    control.addEventListener("click", function (event) {
      event.preventDefault();
      copy(control);
    });
    // A link fires click on Enter; role="button" promises Space too.
    control.addEventListener("keydown", function (event) {
      if (event.key === " " && control.tagName !== "BUTTON") {
        event.preventDefault();
        copy(control);
      }
    });
  }

  function setUpAll() {
    document.querySelectorAll("[data-copy-link]").forEach(setUp);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setUpAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
