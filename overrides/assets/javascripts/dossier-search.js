/*
 * The search dialog of partials/search.html, on Pagefind's index (docs/recherche.md).
 *
 * Pagefind (pagefind/pagefind.js at the site root, written after `mkdocs build` by
 * scripts/build_site.py) loads only the index chunks a query needs, from the site itself:
 * no request leaves it. This script keeps Material's behaviour: "/", "s" or "f" opens the
 * dialog (the __search toggle), results show while typing, the arrow keys move between the
 * box and the results, Enter opens the focused result, Escape closes. The page a result
 * opens highlights the searched words (?h=…, Pagefind's pagefind-highlight.js). Buttons
 * above the results filter them by kind and by year (Pagefind's filters "kind", the
 * record's section, and "year", an event's start or an article's publication:
 * overrides/main.html), one value of each at a time; pressing the pressed one again lifts
 * that filter.
 *
 * Queries are normalised first, as the old lunr wrapper (search-fold.js) did: accents are
 * dropped ("Erdoğan" → "Erdogan": Pagefind matches the unaccented word with the accented
 * one, but ranks an accented query differently, pushing the actor below events), French
 * elisions are dropped ("l'OTAN" → "OTAN"), other dashes read as "-", and designators typed
 * with a space ("S 400") read "S-400" (otherwise the lone "s" matches most pages). Pagefind
 * itself folds case, stems French words (livraisons → livraison) and matches "S400" with
 * "S-400" (tests/search_queries.md).
 *
 * Pagefind ranks by word frequency and page length, so a longer name holding the query can
 * come first (« Congrès des États-Unis » for « etats-unis »): among the results shown, the
 * pages whose title is the query, folded, are put first.
 *
 * The first FIRST_RESULTS results show as soon as their excerpts are loaded, the rest up to
 * MAX_RESULTS follow (one request each); « Afficher plus de résultats » adds the next
 * MAX_RESULTS, in Pagefind's order, and moves the focus to the first of them (at 10,000
 * pages a common word finds thousands: the filters narrow them, the button pages them). Function words (« de », « la ») are left out of
 * queries of several words: their index chunks are the largest.
 *
 * Pagefind has no typo tolerance: when a query finds fewer than SUGGEST_BELOW pages, the
 * dialog offers « Vouliez-vous dire … ? » with the closest terms of search-vocabulary.json
 * (the generator's list of the actors' and weapons' names and aliases, and their words;
 * fetched only then), within a Damerau-Levenshtein distance of 1 (2 for queries of 6
 * letters or more) of the folded query. Pressing a suggestion searches it.
 */
(function () {
  "use strict";

  var ROOT = new URL("../../", document.currentScript.src);
  var MAX_RESULTS = 20;
  var ELISION = /(^|[^\p{L}\p{N}])(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)['\u2019\u02bc]/giu;
  var DASHES = /[\u2010-\u2015\u2212]/g;
  var SPACED_DESIGNATOR = /(^|\s)(\p{L}{1,3}) (\d{2,4})(?=\s|$)/gu;
  var SUGGEST_BELOW = 3;
  /* Results shown at once; the others up to MAX_RESULTS follow (each is one request). */
  var FIRST_RESULTS = 5;
  /* French function words, left out of queries of several words: every page has them, so
     their index chunks are the largest and slowest (« Institut de la coopération… »). */
  var STOP_WORDS = ["a", "à", "au", "aux", "de", "des", "du", "en", "et", "la", "le", "les",
                    "un", "une"];
  var MAX_SUGGESTIONS = 3;

  function normalise(query) {
    return query.normalize("NFD").replace(/\p{M}+/gu, "")
      .replace(ELISION, "$1").replace(DASHES, "-")
      .replace(SPACED_DESIGNATOR, "$1$2-$3").trim();
  }

  /* The words Pagefind is asked for: the normalised query without its function words,
     unless nothing else is left. */
  function searchable(query) {
    var words = query.split(/\s+/);
    var kept = words.filter(function (word) {
      return STOP_WORDS.indexOf(word.toLowerCase()) < 0;
    });
    return (kept.length ? kept : words).join(" ");
  }

  /* What titles and vocabulary terms are compared by: normalised, lower case, one space. */
  function fold(text) {
    return normalise(text).toLowerCase().replace(/\s+/g, " ");
  }

  /* Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions),
     or limit + 1 as soon as it must exceed limit. */
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) {
      return limit + 1;
    }
    var before = null;
    var previous = [];
    var j;
    for (j = 0; j <= b.length; j++) {
      previous.push(j);
    }
    for (var i = 1; i <= a.length; i++) {
      var current = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
        if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          d = Math.min(d, before[j - 2] + 1);
        }
        current.push(d);
        best = Math.min(best, d);
      }
      if (best > limit) {
        return limit + 1;
      }
      before = previous;
      previous = current;
    }
    return previous[b.length];
  }

  /* Mark the searched words on a page opened from the results (?h=…), after every page
     change of Material's instant navigation too (its document$ observable). */
  function highlight() {
    if (!new URLSearchParams(window.location.search).has("h")) {
      return;
    }
    import(new URL("pagefind/pagefind-highlight.js", ROOT).href).then(function (module) {
      return new module.default({ highlightParam: "h", addStyles: false });
    });
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(highlight);
  } else {
    highlight();
  }

  var dialog = document.querySelector("[data-dossier-search]");
  var toggle = document.getElementById("__search");
  if (!dialog || !toggle) {
    return;
  }
  var form = dialog.querySelector("form");
  var input = dialog.querySelector(".md-search__input");
  var meta = dialog.querySelector(".md-search-result__meta");
  var list = dialog.querySelector(".md-search-result__list");
  var groups = Array.prototype.slice.call(dialog.querySelectorAll("[data-facet]"));
  var chosen = {}; /* filter name → the value pressed ("" or absent: all) */
  var text = dialog.dataset;
  var loading = null;
  var latest = 0;
  var suggestion = dialog.querySelector(".dossier-search-suggestion");
  var more = dialog.querySelector(".dossier-search-more");
  var pending = []; /* the current query's results not shown yet */
  var words = null;

  /* Pagefind's module, loaded and initialised once, when the dialog first opens. */
  function pagefind() {
    if (!loading) {
      loading = import(new URL("pagefind/pagefind.js", ROOT).href).then(function (module) {
        return module.options({ baseUrl: ROOT.pathname, excerptLength: 24, highlightParam: "h" })
          .then(function () { return module.init(); })
          /* Loads the filter index, without which searches return no filter counts. */
          .then(function () { return module.filters(); })
          /* Marks the dialog ready (benchmarks/search_bench.py times this). */
          .then(function () { dialog.dataset.ready = ""; return module; });
      });
    }
    return loading;
  }

  /* The vocabulary, fetched once when first needed: [{term, key}]. */
  function vocabulary() {
    if (!words) {
      words = fetch(new URL("search-vocabulary.json", ROOT).href).then(function (response) {
        return response.ok ? response.json() : [];
      }).then(function (terms) {
        return terms.map(function (term) { return { term: term, key: fold(term) }; });
      }).catch(function () { return []; });
    }
    return words;
  }

  /* The closest vocabulary terms to the query, best first; none if it is a term itself. */
  function closest(query, entries) {
    var key = fold(query);
    var limit = key.length >= 6 ? 2 : 1;
    if (key.length < 4) {
      return [];
    }
    var found = [];
    for (var i = 0; i < entries.length; i++) {
      var d = distance(key, entries[i].key, limit);
      if (d === 0) {
        return [];
      }
      if (d <= limit) {
        found.push({ term: entries[i].term, d: d });
      }
    }
    found.sort(function (a, b) {
      return a.d - b.d || a.term.localeCompare(b.term, "fr");
    });
    return found.slice(0, MAX_SUGGESTIONS).map(function (f) { return f.term; });
  }

  /* « Vouliez-vous dire <button>Erdoğan</button> ? »: the template's {terms}, joined by
     « ou ». */
  function showSuggestions(terms) {
    if (!suggestion) {
      return;
    }
    var parts = text.textSuggest.split("{terms}");
    var nodes = [document.createTextNode(parts[0])];
    terms.forEach(function (term, n) {
      if (n > 0) {
        nodes.push(document.createTextNode(" " + text.textSuggestOr + " "));
      }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "dossier-search-suggestion__term";
      button.textContent = term;
      nodes.push(button);
    });
    nodes.push(document.createTextNode(parts[1] || ""));
    suggestion.replaceChildren.apply(suggestion, terms.length ? nodes : []);
    suggestion.hidden = terms.length === 0;
  }

  /* The results whose title is the query come first; the others keep Pagefind's order. */
  function exactFirst(query, results) {
    var key = fold(query);
    return results.map(function (result, n) {
      var title = (result.meta && result.meta.title) || "";
      return { result: result, rank: fold(title) === key ? 0 : 1, n: n };
    }).sort(function (a, b) {
      return a.rank - b.rank || a.n - b.n;
    }).map(function (entry) { return entry.result; });
  }

  function count(n) {
    if (n === 0) {
      return text.textNone;
    }
    return n === 1 ? text.textOne : text.textOther.replace("#", String(n));
  }

  function item(result) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = result.url;
    link.tabIndex = -1;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-search-result__article--document md-typeset";
    var title = document.createElement("h1");
    title.textContent = (result.meta && result.meta.title) || result.url;
    var excerpt = document.createElement("p");
    excerpt.innerHTML = result.excerpt; /* Pagefind escapes the text and adds only <mark> */
    article.append(title, excerpt);
    link.append(article);
    li.append(link);
    return li;
  }

  function show(message, items) {
    meta.textContent = message;
    list.replaceChildren.apply(list, items);
  }

  /* Pagefind's filters option: the values pressed. */
  function filters() {
    var result = {};
    Object.keys(chosen).forEach(function (name) {
      if (chosen[name]) {
        result[name] = chosen[name];
      }
    });
    return result;
  }

  /* Each group: one toggle button per value the query finds (counts without filters),
     keeping the focus on the button that had it. */
  function showFacets(totals) {
    groups.forEach(function (group) {
      showGroup(group, (totals || {})[group.dataset.facet] || {});
    });
  }

  function showGroup(group, counts) {
    var name = group.dataset.facet;
    var focused = group.contains(document.activeElement)
      ? document.activeElement.dataset.value : null;
    var buttons = Object.keys(counts).sort(function (a, b) {
      return a.localeCompare(b, "fr", { numeric: true });
    }).filter(function (value) {
      return counts[value] > 0 || value === chosen[name];
    }).map(function (value) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "dossier-search-facet";
      button.dataset.value = value;
      button.setAttribute("aria-pressed", String(value === chosen[name]));
      button.textContent = value + " (" + (counts[value] || 0) + ")";
      return button;
    });
    group.replaceChildren.apply(group, buttons);
    group.hidden = buttons.length === 0;
    if (focused !== null) {
      var again = group.querySelector('[data-value="' + CSS.escape(focused) + '"]');
      if (again) {
        again.focus();
      }
    }
  }

  function run() {
    var query = normalise(input.value);
    var ticket = ++latest;
    if (!query) {
      show(text.textPlaceholder, []);
      list.setAttribute("aria-busy", "false");
      showFacets({});
      showSuggestions([]);
      return;
    }
    pagefind().then(function (module) {
      return module.search(searchable(query), { filters: filters() });
    }).then(function (search) {
      var few = search.results.length < SUGGEST_BELOW;
      var shown = search.results.slice(0, MAX_RESULTS);
      pending = [];
      more.hidden = true;
      var data = shown.map(function (r) { return r.data(); });
      /* The first results as soon as they are loaded, then all of them (the list is
         aria-busy in between). */
      function render(results, done) {
        if (ticket === latest) {
          show(count(search.results.length), exactFirst(query, results).map(item));
          list.setAttribute("aria-busy", String(!done));
        }
      }
      return Promise.all(data.slice(0, FIRST_RESULTS)).then(function (first) {
        render(first, shown.length <= FIRST_RESULTS);
        if (ticket === latest) {
          showFacets(search.totalFilters);
        }
        return Promise.all([Promise.all(data), few ? vocabulary() : []]);
      }).then(function (loaded) {
        if (shown.length > FIRST_RESULTS) {
          render(loaded[0], true);
        }
        if (ticket === latest) {
          pending = search.results.slice(MAX_RESULTS);
          more.hidden = pending.length === 0;
        }
        if (ticket === latest) {
          showSuggestions(few ? closest(query, loaded[1]) : []);
        }
      });
    });
  }

  /* The next MAX_RESULTS results of the same query, added below the others. */
  function showMore() {
    var ticket = latest;
    var next = pending.slice(0, MAX_RESULTS);
    pending = pending.slice(MAX_RESULTS);
    more.hidden = true;
    list.setAttribute("aria-busy", "true");
    Promise.all(next.map(function (r) { return r.data(); })).then(function (loaded) {
      if (ticket !== latest) {
        return;
      }
      var items = loaded.map(item);
      list.append.apply(list, items);
      list.setAttribute("aria-busy", "false");
      more.hidden = pending.length === 0;
      if (items.length) {
        items[0].querySelector("a").focus();
      }
    });
  }

  function open() {
    toggle.checked = true;
    input.focus();
    input.select();
  }

  function close() {
    toggle.checked = false;
    input.blur();
  }

  function editing(target) {
    return target instanceof HTMLElement && (target.isContentEditable
      || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName));
  }

  /* Move the focus among the box and the results: -1 up, +1 down. */
  function move(step) {
    var stops = [input].concat(Array.prototype.slice.call(list.querySelectorAll("a")));
    var at = stops.indexOf(document.activeElement);
    var next = Math.max(0, Math.min(stops.length - 1, at + step));
    stops[next].focus();
  }

  toggle.addEventListener("change", function () {
    if (toggle.checked) {
      input.focus();
      pagefind();
    }
  });
  input.addEventListener("focus", function () {
    toggle.checked = true;
    pagefind();
  });
  input.addEventListener("input", run);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) {
      first.click();
    }
  });
  form.addEventListener("reset", function () {
    setTimeout(function () { run(); input.focus(); });
  });
  groups.forEach(function (group) {
    group.addEventListener("click", function (event) {
      var button = event.target instanceof Element && event.target.closest("button");
      if (button) {
        var name = group.dataset.facet;
        chosen[name] = chosen[name] === button.dataset.value ? "" : button.dataset.value;
        run();
      }
    });
  });
  if (suggestion) {
    suggestion.addEventListener("click", function (event) {
      var button = event.target instanceof Element && event.target.closest("button");
      if (button) {
        input.value = button.textContent;
        run();
        input.focus();
      }
    });
  }
  more.addEventListener("click", showMore);
  list.addEventListener("click", function (event) {
    if (event.target instanceof Element && event.target.closest("a")) {
      toggle.checked = false;
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.altKey || event.metaKey) {
      return;
    }
    if (!toggle.checked) {
      if (/^[/sf]$/.test(event.key) && !editing(event.target)) {
        event.preventDefault();
        open();
      }
      return;
    }
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      move(event.key === "ArrowDown" ? 1 : -1);
    }
  });
})();
