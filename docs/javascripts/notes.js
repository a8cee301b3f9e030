/*
 * Editorial notes on article pages: the highlighted passage shows its note, not only the
 * superscript after it.
 *
 * The generator writes each annotated passage as <mark>…</mark> immediately followed by
 * its footnote reference <sup id="fnref:…"><a class="footnote-ref">. Material's
 * `content.footnote.tooltips` already shows the note in a tooltip while that reference is
 * hovered or focused; this script only lends the reference the passage's hover, focus and
 * tap, so the note appears in the same place, in the same way, with the same ARIA wiring:
 *
 * - pointer over the passage: the reference receives `mouseenter` / `mouseleave` (the
 *   events Material watches), so its tooltip opens and closes as if it were hovered, and
 *   stays open while the pointer moves from the passage into the note;
 * - click or tap on the passage (outside the links it contains): the reference is focused
 *   without scrolling, so the tooltip stays open until focus moves elsewhere;
 * - tap on the reference itself (touch only): the tooltip opens in place instead of the
 *   browser jumping to the list of notes at the bottom of the page. A mouse click and the
 *   keyboard keep the ordinary link, which screen readers announce and follow.
 *
 * Material replaces the page content on instant navigation and announces each new page
 * on `document$`: the passages are wired again on every page.
 */
(function () {
  "use strict";

  /** The footnote reference right after a highlighted passage, or null. */
  function referenceOf(mark) {
    var sup = mark.nextSibling;
    if (!sup || sup.nodeName !== "SUP" || !/^fnref/.test(sup.id || "")) {
      return null;
    }
    return sup.querySelector("a.footnote-ref");
  }

  /** Whether the event came from a finger (a pen or mouse keeps the link's default). */
  function isTouch(event) {
    return event.pointerType === "touch" || lastPointer === "touch";
  }

  var lastPointer = "";
  document.addEventListener("pointerdown", function (event) {
    lastPointer = event.pointerType;
  }, true);

  function show(ref) {
    ref.focus({ preventScroll: true });
  }

  function wire(mark, ref) {
    mark.classList.add("dossier-noted");
    mark.addEventListener("mouseenter", function () {
      ref.dispatchEvent(new MouseEvent("mouseenter"));
      // On its first activation Material subscribes afresh to the reference's hover and
      // starts from `:hover`, which a lent event does not set: say it once more.
      setTimeout(function () {
        if (mark.matches(":hover")) {
          ref.dispatchEvent(new MouseEvent("mouseenter"));
        }
      }, 50);
    });
    mark.addEventListener("mouseleave", function () {
      ref.dispatchEvent(new MouseEvent("mouseleave"));
    });
    mark.addEventListener("click", function (event) {
      if (event.target.closest && event.target.closest("a")) {
        return;  // a link inside the passage (an entity) keeps its own behaviour
      }
      show(ref);
    });
    ref.addEventListener("click", function (event) {
      if (isTouch(event)) {
        event.preventDefault();
        show(ref);
      }
    });
  }

  function setup() {
    var marks = document.querySelectorAll(".md-content mark");
    for (var i = 0; i < marks.length; i++) {
      var ref = referenceOf(marks[i]);
      if (ref && !marks[i].classList.contains("dossier-noted")) {
        wire(marks[i], ref);
      }
    }
  }

  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(setup);  // every page, also after instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
