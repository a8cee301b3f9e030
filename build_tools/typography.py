"""French typography for the text we write and the text editors write (not for sources).

:func:`french_spacing` puts a narrow no-break space (U+202F) before ``: ; ! ?`` and inside
« », as French printing does, so that a browser never breaks a line between a word and
its punctuation. It is applied to labels and editorial fields (titles, summaries, notes,
descriptions, date bases), never to article text or quotes, which stay as received.
"""

from __future__ import annotations

import re

NNBSP = "\u202f"
# Horizontal spaces only: a line break before ":" (a Markdown definition list, a wrapped
# line) is left alone.
_SPACE = "[ \t\u00a0\u202f]"
# Spans kept exactly as typed: what a reader copies (code, URLs, link targets, character
# references) or what Markdown reads as syntax (reference definitions, autolinks, HTML).
_PROTECTED = "|".join((
    r"(?P<code>`+)[\s\S]*?(?<!`)(?P=code)(?!`)",  # code span or fenced block
    r"(?m:^[ \t]{0,3}\[[^\]\n]*\]:.*$)",  # reference definition
    r"\]\([^)\n]*\)?",  # inline link target
    r"<[^<>\n]*>",  # autolink, raw HTML (escaped later, shown as typed)
    r"\b(?:[a-zA-Z][a-zA-Z0-9+.-]*://|www\.|mailto:)[^\s<>]*",  # URL
    r"&#?\w+;",  # character reference
    r"“[^“”\n]*”",  # an English-style quotation: quoted words stay verbatim
))
# Before : ; ! ? — after a character of the same line that is not an opening bracket, a
# backslash escape, "]" (``[x]:`` is Markdown syntax) or one of them ("!!!"); followed by a
# space, the end, or closing punctuation. So "12:30", "http://", "C:\\", "a:b" stay.
_PUNCTUATION = (rf"(?<=[^\s(\[{{«“\\\]:;!?-]){_SPACE}*(?P<punct>[:;!?]+)"
                r"(?=[\s)\]*_»”\"'’.,<|]|$)")
# « text »: the quoted words stay verbatim; only the spacing inside the marks is set. (Not
# across the start of a protected span, whose "»" would be changed: then each mark alone.)
_GUILLEMETS = rf"«{_SPACE}*(?P<inner>[^«»\n`<\]“]*?){_SPACE}*»"
_OPENING = rf"«{_SPACE}*(?=[^\s»])"
_CLOSING = rf"(?<=[^\s«]){_SPACE}*»"
_PATTERN = re.compile(
    f"(?P<protected>{_PROTECTED})|{_GUILLEMETS}|{_PUNCTUATION}|(?P<open>{_OPENING})"
    f"|(?P<close>{_CLOSING})")


def french_spacing(text: str) -> str:
    """``text`` with a narrow no-break space before ``: ; ! ?`` and inside « »; code, URLs,
    link targets, times and text quoted in “ ” or « » are unchanged. Idempotent."""
    if not any(c in text for c in ":;!?«»"):
        return text  # most names and dates: nothing to do
    return _PATTERN.sub(_replace, text)


def _replace(m: re.Match[str]) -> str:
    if m.group("protected") is not None:
        return m.group(0)
    if m.group("inner") is not None:
        inner = m.group("inner")
        return f"«{NNBSP}{inner}{NNBSP}»" if inner else m.group(0)
    if m.group("punct") is not None:
        return NNBSP + m.group("punct")
    if m.group("open") is not None:
        return "«" + NNBSP
    return NNBSP + "»"
