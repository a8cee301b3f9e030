/*
 * Accent- and plural-insensitive search for the dossier (see docs/recherche.md).
 *
 * Material's search worker (lunr) matches exact lower-case prefixes: "Erdogan" never finds
 * "Erdoğan", "etats" never finds "États", and "livraisons" never finds "livraison".
 * This wrapper loads Material's own worker unchanged and folds both sides the same way:
 *   - every indexed token, after the stop-word filter, and
 *   - every query, before the worker parses it.
 * Folding: NFD + strip combining marks (ğ → g, é → e, ï → i), then drop a final plural
 * "s" (or the "x" of -aux/-eux) on words of four letters or more. Queries also lose French
 * elisions ("l'OTAN" → "OTAN"), and designators typed "S‑400" or "S 400" read "S-400".
 * The page loads it instead of Material's worker (overrides/main.html) and passes the
 * worker's file name in ?worker=; if anything here fails, search still works unfolded.
 */
"use strict";

var MATERIAL_WORKER = /^search\.[0-9a-f]+\.min\.js$/;
var QUERY = 2; /* Material's SearchMessageType.QUERY */

function foldWord(word) {
  return word.normalize("NFD").replace(/\p{M}+/gu, "")
    .replace(/^(\p{L}{3,})s$/u, "$1")
    .replace(/^(\p{L}+[ae]u)x$/u, "$1");
}

/* French elisions (l', d', qu'…): the lone letter would become a prefix query "l*" that
   matches almost every page; the indexed text drops it as a stop word anyway. */
var ELISION = /(^|[^\p{L}\p{N}])(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)['\u2019\u02bc]/giu;

/* Designators typed with another dash or a space ("S‑400", "S 400") are read as "S-400":
   otherwise the lone letter becomes a prefix query "s*" that matches almost every page. */
var DASHES = /[\u2010-\u2015\u2212]/g;
var SPACED_DESIGNATOR = /(^|\s)(\p{L}{1,3}) (\d{2,4})(?=\s|$)/gu;

function foldQuery(query) {
  return query.normalize("NFD").replace(/\p{M}+/gu, "")
    .replace(ELISION, "$1").replace(DASHES, "-").replace(SPACED_DESIGNATOR, "$1$2-$3")
    .replace(/[\p{L}\p{N}]+/gu, foldWord);
}

(function () {
  var name = new URL(self.location.href).searchParams.get("worker") || "";
  if (!MATERIAL_WORKER.test(name)) {
    throw new Error("search-fold.js: unexpected worker name " + JSON.stringify(name));
  }

  /* Fold queries before Material's message handler sees them. */
  var addEventListener = self.addEventListener.bind(self);
  self.addEventListener = function (type, listener, options) {
    if (type !== "message") {
      return addEventListener(type, listener, options);
    }
    return addEventListener(type, function (event) {
      var message = event.data;
      if (message && message.type === QUERY && typeof message.data === "string") {
        event = { data: { type: QUERY, data: foldQuery(message.data) } };
      }
      return listener(event);
    }, options);
  };

  importScripts(name);

  /* Fold indexed tokens: append the fold to each index builder's pipeline, after the
     language's stop-word filter (which must see the original words). */
  var lunr = self.lunr;
  if (!lunr || !lunr.Builder || !lunr.Pipeline) {
    return;
  }
  function fold(token) {
    return token.update(foldWord);
  }
  lunr.Pipeline.registerFunction(fold, "dossierFold");
  var add = lunr.Builder.prototype.add;
  lunr.Builder.prototype.add = function (doc, attributes) {
    if (!this.dossierFolded) {
      this.pipeline.add(fold);
      this.dossierFolded = true;
    }
    return add.call(this, doc, attributes);
  };
})();
