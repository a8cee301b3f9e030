"""Render a view model to Markdown: the Jinja environment and the front matter.

Rendering is pure and touches no file. Templates (``templates/*.md.j2``) receive one
frozen view model (:mod:`build_tools.views`), its fields as top-level names; any plain
``str`` they print is escaped with :func:`~build_tools.mdtext.literal`, so untrusted text
stays text unless the Python side deliberately built Markdown (:class:`Md`). Block syntax
shared by several templates (infoboxes, admonitions) is in ``templates/_macros.md.j2``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

import jinja2
import yaml

from build_tools.mdtext import Md, literal
from build_tools.views import View, url_target

__all__ = ["View", "admonition", "front_matter", "infobox", "make_environment", "render",
           "url_target"]

# Macros whose output is trusted Markdown: every value they print went through the same
# escaping finalizer as a template's own output.
MACROS = ("admonition", "infobox")


def _finalize(value: Any) -> Any:
    if isinstance(value, jinja2.Undefined):
        str(value)  # StrictUndefined raises, naming the missing variable
    if isinstance(value, Md):
        return value
    if isinstance(value, str):
        return literal(value.strip())
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise TypeError(f"template printed a {type(value).__name__}: {value!r}")


def _as_markdown(value: str) -> Md:
    return value if isinstance(value, Md) else literal(value.strip())


def _indented(value: str, width: int) -> Md:
    """Plain text (escaped) or Markdown, every non-blank line indented by ``width``
    (an admonition's body); blank lines stay empty."""
    pad = " " * width
    markdown = _as_markdown(value)
    return Md("\n".join(pad + line if line.strip() else "" for line in markdown.split("\n")))


def _one_line(value: str) -> Md:
    """Plain text (escaped) or Markdown on one line: a table cell."""
    return Md(_as_markdown(value).replace("\n", " "))


def _trusted(macro: Callable[..., str]) -> Callable[..., Md]:
    """A macro callable from any template, its output passed through as Markdown (with
    ``autoescape`` off, Jinja would hand the finalizer a plain ``str`` to escape again)."""
    @functools.wraps(macro)
    def call(*args: Any) -> Md:
        return Md(macro(*args))
    return call


def make_environment() -> jinja2.Environment:
    """The Jinja environment: strict about missing fields, escaping plain text by default."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("build_tools", "templates"),
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    # Escaping stays in Python: "literal" keeps surrounding spaces (the finalizer strips).
    env.filters.update(literal=literal, indented=_indented, one_line=_one_line)
    macros = env.get_template("_macros.md.j2").module
    for name in MACROS:
        env.globals[name] = _trusted(getattr(macros, name))
    return env


@functools.cache
def _macro(name: str) -> Callable[..., Md]:
    """A macro of ``_macros.md.j2``, for Python callers (tests)."""
    return _trusted(getattr(make_environment().get_template("_macros.md.j2").module, name))


def admonition(kind: str, title: str, body: str) -> Md:
    """A Material admonition; ``title`` is plain text, ``body`` plain text or :class:`Md`."""
    return _macro("admonition")(kind, title, body)


def infobox(title: str, rows: list[tuple[str, str]]) -> Md:
    """A two-column summary table; cells are plain text or :class:`Md` on one line."""
    return _macro("infobox")(title, rows)


def front_matter(meta: Mapping[str, Any]) -> str:
    """YAML front matter, serialised by a dumper (never by string concatenation)."""
    if not meta:
        return ""
    # Pages of one kind share their front matter: dump each distinct one once.
    key = repr(meta)
    if key not in _FRONT_MATTER:
        _FRONT_MATTER[key] = ("---\n" + yaml.safe_dump(dict(meta), allow_unicode=True,
                                                        sort_keys=True) + "---\n\n")
    return _FRONT_MATTER[key]


_FRONT_MATTER: dict[str, str] = {}


def render(env: jinja2.Environment, template: str, meta: Mapping[str, Any],
           labels: dict[str, Any], view: View) -> str:
    """One page: its front matter, then ``template`` filled with the fields of ``view``."""
    fields = {name: getattr(view, name) for name in view.__dataclass_fields__}
    return front_matter(meta) + env.get_template(template).render(labels=labels, **fields)
