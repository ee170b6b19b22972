"""Post titles, tags and names in ABlog's templates are text, not HTML: escape them.

Sphinx renders templates without autoescaping, and ABlog's templates print
``{{ post.title }}`` and ``{{ coll }}`` (a tag, category, author…) as they are, so a
title such as ``<script>…</script>`` would run in every archive page and sidebar.
Jekyll themes escape these (``{{ page.title | escape }}``). Here ABlog's post records
carry their text as :class:`PlainText`, and a Jinja ``finalize`` hook escapes
:class:`PlainText` values and ABlog collections wherever a template prints them. HTML
that templates build on purpose (``post.to_html()``, macros, Sphinx's ``body``) is
left alone.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from docutils import nodes
    from sphinx.application import Sphinx

__all__ = ["PlainText", "setup_escape"]

_TEXT_KEYS = ("tags", "author", "category", "location", "language")
_ARCHIVE_TEMPLATES = ("ablog/collection.html", "ablog/catalog.html")


class PlainText(str):
    """Text a template must escape; concatenating text keeps it text."""

    __slots__ = ()

    def __add__(self, other: str) -> PlainText:
        return PlainText(str.__add__(self, other))

    def __radd__(self, other: str) -> PlainText:
        return PlainText(str.__add__(other, self))


def setup_escape(app: Sphinx) -> None:
    """Register the handlers of this module."""
    app.connect("doctree-read", on_doctree_read, priority=900)  # after ABlog's (500)
    app.connect("builder-inited", on_builder_inited)
    app.connect("html-page-context", on_html_page_context)


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """Mark the title and labels ABlog recorded for this document as text."""
    records = getattr(app.env, "ablog_posts", {}).get(app.env.docname, [])
    for info in records:
        if isinstance(info.get("title"), str):
            info["title"] = PlainText(info["title"])
        for key in _TEXT_KEYS:
            values = info.get(key)
            if isinstance(values, list):
                info[key] = [PlainText(v) if isinstance(v, str) else v for v in values]


def on_builder_inited(app: Sphinx) -> None:
    """Escape text values wherever the HTML templates print them."""
    templates = getattr(app.builder, "templates", None)
    environment = getattr(templates, "environment", None)
    if environment is not None:
        environment.finalize = _finalizer(environment.finalize)


def on_html_page_context(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """ABlog's archive pages are titled with a label (``Posts tagged <label>``), and
    layouts print a page's ``title`` as HTML: escape it there."""
    if templatename in _ARCHIVE_TEMPLATES:
        for key in ("title", "feed_title"):
            if isinstance(context.get(key), str):
                context[key] = html.escape(context[key])


def _finalizer(previous: Callable[[Any], Any] | None) -> Callable[[Any], Any]:
    from ablog.blog import Collection

    from ._cache import Listing

    def finalize(value: Any) -> Any:
        if previous is not None:
            value = previous(value)
        if isinstance(value, (PlainText, Collection, Listing)):
            return html.escape(str(value))
        return value

    return finalize
