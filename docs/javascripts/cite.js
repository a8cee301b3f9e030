/*
 * « Citer cette page » (build_tools/templates/_macros.md.j2, cite): fills in the date the
 * page is consulted, in the page's language (« 1er décembre 2026 »), and the page's full
 * address where the generator only knew the site-relative one (built without SITE_URL).
 * Without JavaScript the placeholder « [date de consultation] » and the relative address stay.
 * Material's instant navigation swaps pages without reloading scripts: run on each document$.
 */
(function () {
  "use strict";

  function today(language) {
    var now = new Date();
    try {
      var format = new Intl.DateTimeFormat(language, {day: "numeric", month: "long", year: "numeric"});
      return format.formatToParts(now).map(function (part) {
        // French writes the first day of a month « 1er ».
        return part.type === "day" && part.value === "1" && /^fr\b/.test(language) ? "1er" : part.value;
      }).join("");
    } catch (error) {
      return now.toISOString().slice(0, 10);
    }
  }

  function fill() {
    var language = document.documentElement.lang || "fr";
    document.querySelectorAll("[data-cite-consulted]").forEach(function (element) {
      element.textContent = today(language);
    });
    var permalink = document.querySelector("a.dossier-permalink");
    if (!permalink) {
      return;
    }
    var address = permalink.href.split("#")[0];  // the link's target, resolved by the browser
    permalink.textContent = address;
    document.querySelectorAll("[data-cite-url]").forEach(function (element) {
      element.textContent = address;
    });
  }

  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(fill);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fill);
  } else {
    fill();
  }
})();
