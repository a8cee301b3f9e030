"""Why a quote is not found: the closest passage, its first difference marked, the
characters on each side named.

The validator picks a bounded *region* of one paragraph (the words most like the quote);
everything here works on that region and on at most :data:`MAX_COMPARED` characters of the
quote, so the cost does not grow with the article. Offsets are into the verbatim strings:
the passage shown is the article's own text, with only the two markers added.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from build_tools.text import INVISIBLES, Mapped, normalize_for_quotes
from build_tools.yamlsource import Mark

# Put around the first difference in the passage shown (rare in news text, so unambiguous).
OPEN, CLOSE = "\u27e6", "\u27e7"
# Characters of a quote compared; the comparison is quadratic in the worst case.
MAX_COMPARED = 300
# Characters of context shown on each side of the marked difference.
CONTEXT = 60
# A differing chunk longer than this is cut in the message.
MAX_CHUNK = 40
_NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven",
                 8: "eight", 9: "nine", 10: "ten"}


@dataclass(frozen=True)
class Difference:
    """The first place where a quote and its closest passage differ.

    The quote has ``quote[q_start:q_end]`` where the region has ``region[t_start:t_end]``.
    """

    q_start: int
    q_end: int
    t_start: int
    t_end: int


@dataclass(frozen=True)
class Closest:
    """The passage of a region most like a quote (``region[start:end]``), and where the
    two first differ (``None`` when the compared part of the quote is all there)."""

    start: int
    end: int
    difference: Difference | None


def closest(quote: str, region: str) -> Closest:
    """Align ``quote`` (stripped, as matching does) with the most similar passage of ``region``.

    Only real differences count: the normalisations quote matching tolerates
    (:func:`~build_tools.text.normalize_for_quotes`) are applied to both sides first.
    """
    q = normalize_for_quotes(quote)[0]
    r = normalize_for_quotes(region)[0]
    start, end = _aligned_span(q.text[:MAX_COMPARED], r.text)
    passage = r.text[start:end]
    matcher = difflib.SequenceMatcher(None, q.text[:MAX_COMPARED], passage, autojunk=False)
    p_start, p_end = _original_span(r, start, end, len(region))
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            q_span = _original_span(q, i1, i2, len(quote))
            t_span = _original_span(r, start + j1, start + j2, len(region))
            return Closest(p_start, p_end, Difference(*q_span, *t_span))
    return Closest(p_start, p_end, None)


def _aligned_span(quote: str, region: str) -> tuple[int, int]:
    """The span of ``region`` that lines up with ``quote``.

    Matching blocks far off the diagonal of the longest one are chance matches (a « de »
    elsewhere in the region) and would stretch the passage, so they are left out.
    """
    matcher = difflib.SequenceMatcher(None, quote, region, autojunk=False)
    least = min(3, len(quote)) or 1
    blocks = [b for b in matcher.get_matching_blocks() if b.size >= least]
    if not blocks:
        return 0, min(len(region), len(quote))
    longest = max(blocks, key=lambda b: b.size)
    diagonal, slack = longest.b - longest.a, max(3, len(quote) // 5)
    kept = [b for b in blocks if abs(b.b - b.a - diagonal) <= slack]
    first, last = kept[0], kept[-1]
    start = max(0, first.b - first.a)
    end = min(len(region), last.b + last.size + len(quote) - last.a - last.size)
    return start, max(start, end)


def _original_span(mapped: Mapped, start: int, end: int, length: int) -> tuple[int, int]:
    """Map a span of normalised text (maybe empty) back to the original string."""
    at = mapped.origin[start] if start < len(mapped.text) else length
    if end <= start:
        return at, at
    return at, mapped.origin[end - 1] + 1


# -- showing the difference ---------------------------------------------------------------


def widened(quote: str, region: str, diff: Difference) -> Difference:
    """The difference as an editor reads it best.

    A missing character is shown with its neighbour (« ':' vs ' :' » rather than
    « '' vs ' ' »), and letters that differ within a word are shown as whole words
    (« 'signé' vs 'conclu' »).
    """
    typed, found = quote[diff.q_start:diff.q_end], region[diff.t_start:diff.t_end]
    q_start, q_end, t_start, t_end = diff.q_start, diff.q_end, diff.t_start, diff.t_end
    if not typed or not found:
        if q_end < len(quote) and t_end < len(region):
            q_end, t_end = q_end + 1, t_end + 1
        elif q_start > 0 and t_start > 0:
            q_start, t_start = q_start - 1, t_start - 1
    letters = sum(c.isalpha() for c in quote[q_start:q_end] + region[t_start:t_end])
    if letters > 2:
        q_start, q_end = _word_span(quote, q_start, q_end)
        t_start, t_end = _word_span(region, t_start, t_end)
    return Difference(q_start, q_end, t_start, t_end)


def _word_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` extended to whole words."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return start, end


def marked_passage(region: str, found: Closest, diff: Difference | None) -> str:
    """The passage verbatim, whole words, the difference between :data:`OPEN` and
    :data:`CLOSE`, cut to :data:`CONTEXT` characters on each side of it."""
    start, end = found.start, found.end
    if diff is not None:
        start, end = min(start, diff.t_start), max(end, diff.t_end)
    start, end = _whole_words(region, start, end)
    if diff is None:
        return region[start:end].strip()
    before = _cut_start(region[start:diff.t_start])
    after = _cut_end(region[diff.t_end:end])
    return f"{before}{OPEN}{region[diff.t_start:diff.t_end]}{CLOSE}{after}"


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen to whole words: « a Turquie a signé » reads as a typo when it is « La Turquie »."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def _cut_start(text: str) -> str:
    """The last :data:`CONTEXT` characters of ``text`` or so, from a word start."""
    text = text.lstrip()
    if len(text) <= CONTEXT:
        return text
    tail = text[-CONTEXT:]
    space = tail.find(" ")
    return tail[space + 1:] if 0 <= space < len(tail) - 1 else tail


def _cut_end(text: str) -> str:
    """The first :data:`CONTEXT` characters of ``text`` or so, up to a word end."""
    text = text.rstrip()
    if len(text) <= CONTEXT:
        return text
    head = text[:CONTEXT]
    space = head.rfind(" ")
    return head[:space] if space > 0 else head


def invisible_in_quote(quote: str, quote_marks: Mapping[int, Mark]) -> str:
    """Name the first invisible character of ``quote`` and where it is (``""`` if none).

    ``quote_marks`` gives the place in the YAML file of a quote's invisible characters,
    by index in ``quote``, where the loader could tell (not in an escaped ``\\u200b``).
    """
    first = next((i for i, char in enumerate(quote) if char in INVISIBLES), None)
    if first is None:
        return ""
    where = quote_marks.get(first)
    at = (f"at line {where.line}, column {where.col}" if where
          else f"(its character {first + 1})")
    return f"the quote has an invisible {char_name(quote[first])} {at}"


def describe(quote: str, region: str, diff: Difference) -> str:
    """What the editor typed and what the text has, with the characters named.

    Invisible characters are never the difference: matching ignores them on both sides.
    """
    typed, found = quote[diff.q_start:diff.q_end], region[diff.t_start:diff.t_end]
    if not typed:
        return f"the text has {_shown(found)}{_names(found, found)}, which the quote lacks"
    if not found:
        return f"you typed {_shown(typed)}{_names(typed, typed)}, which the text does not have"
    both = typed + found
    return (f"you typed {_shown(typed)}{_names(typed, both)} where the text has "
            f"{_shown(found)}{_names(found, both)}")


def _shown(chunk: str) -> str:
    """A chunk in single quotes, cut when long, invisible characters written as U+XXXX."""
    text = "".join(f"<U+{ord(c):04X}>" if c in INVISIBLES else c for c in chunk)
    return f"'{text[:MAX_CHUNK]}…'" if len(text) > MAX_CHUNK else f"'{text}'"


def _runs(chunk: str) -> list[tuple[str, int]]:
    """``chunk`` as (character, how many times in a row)."""
    runs: list[tuple[str, int]] = []
    for char in chunk:
        if runs and runs[-1][0] == char:
            runs[-1] = (char, runs[-1][1] + 1)
        else:
            runs.append((char, 1))
    return runs


def _names(chunk: str, context: str) -> str:
    """`` (NAME, NAME)`` when ``context`` has a character worth naming and ``chunk`` is
    short enough.

    Worth naming: what is not an ASCII letter or digit (punctuation, accents, look-alikes),
    except the spaces between words (« 'la' vs 'dans la' » needs no names).
    """
    runs = _runs(chunk)
    words = any(c.isalpha() for c in context)
    if not runs or len(runs) > 3 or all(c.isascii() and (c.isalnum() or (c == " " and words))
                                        for c in context):
        return ""
    return f" ({', '.join(_run_name(char, count) for char, count in runs)})"


def _run_name(char: str, count: int) -> str:
    if count == 1:
        return char_name(char)
    return f"{_NUMBER_WORDS.get(count, str(count))} {char_name(char)}s"


def char_name(char: str) -> str:
    """The Unicode name of ``char``, after its code point unless it is ASCII:
    ``FULL STOP``, ``U+2026 HORIZONTAL ELLIPSIS``."""
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    if not name:
        return code
    return name if char.isascii() else f"{code} {name}"


def not_found_message(quote: str, region: str, paragraph: int, source: str) -> str:
    """The quote-not-found message: the closest passage of paragraph ``paragraph`` (whose
    ``region`` the validator chose), its first difference marked and explained."""
    stripped = quote.strip()
    if not region.strip():
        return f"quote not found in {source}; no paragraph has words in common with it"
    found = closest(stripped, region)
    diff = found.difference
    if diff is not None:
        diff = widened(stripped, region, diff)
    shown = f"closest, in paragraph {paragraph}: \"…{marked_passage(region, found, diff)}…\""
    if diff is None:
        if len(stripped) <= MAX_COMPARED:
            return f"quote not found in {source}; {shown}"
        return (f"quote not found in {source}; {shown}; its first {MAX_COMPARED} "
                "characters match: look for the difference after them")
    return f"quote not found in {source}; {shown}; " + describe(stripped, region, diff)
