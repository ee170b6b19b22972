"""HTML attributes kramdown writes (``{: style="…"}``) that docutils has no place for.

MyST keeps the ids and classes of an attribute list and drops the rest. The
kramdown stage records the rest by line; a transform puts them on the nodes, and
the HTML writer adds them to the element's start tag, as kramdown writes them.
Only attributes the reader sees are written (:data:`WRITTEN`).
"""

from __future__ import annotations

import types
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.writers.html5 import HTML5Translator

from .themes import code_caption
from .transforms import PostTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = [
    "ATTRIBUTES",
    "WRITTEN",
    "ApplyHtmlAttributes",
    "CaptionCodeWithFile",
    "setup_attributes",
]

#: The node attribute holding the HTML attributes of an element.
ATTRIBUTES = "jekyllposts_html"
#: The attributes written: what changes what the reader sees, nothing that runs.
WRITTEN = frozenset({"style", "title", "dir"})


def setup_attributes(app: Sphinx) -> None:
    """Register the transform and the HTML writer's part."""
    app.add_transform(ApplyHtmlAttributes)
    app.add_transform(CaptionCodeWithFile)
    # before pydata-sphinx-theme's (500), which then builds on this translator
    app.connect("builder-inited", on_builder_inited, priority=450)


class ApplyHtmlAttributes(PostTransform):
    """Give blocks, images and links the HTML attributes kramdown gives them.

    ``<paragraph>`` at line *n* → ``<paragraph jekyllposts_html={'style': 'x'}>``;
    ``<image uri="a.png">`` in the block at line *n* likewise, and an image's
    Markdown title (``![a](b.png "A title")``). A heading's attributes go to its
    title, where kramdown writes them (``<hN>``).
    """

    # After ApplyKramdownAttributes (200): the same lines, nothing moved yet.
    default_priority = 201

    def apply_to_post(self, record: dict[str, Any]) -> None:
        for image in self.document.findall(nodes.image):
            title = image.get("title")  # ![a](b "title"): MyST keeps it, docutils
            if isinstance(title, str) and title:  # writes no title attribute
                _add(image, {"title": title})
        pending: dict[int, list[tuple[str | None, dict[str, str]]]] = {
            line: [(uri, dict(attrs)) for uri, attrs in entries]
            for line, entries in record.get("element_attrs", {}).items()
        }
        if not pending:
            return
        for node in list(self.document.findall(nodes.Element)):
            entries = pending.get(node.line) if node.line is not None else None
            if not entries:
                continue
            uri = _uri(node)
            for entry in entries:
                target, attributes = entry
                if target is None and isinstance(node, nodes.section | nodes.Body):
                    _add(_element(node), attributes)
                elif target is not None and target == uri:
                    _add(node, attributes)
                else:
                    continue
                entries.remove(entry)
                break


class CaptionCodeWithFile(PostTransform):
    """Chirpy shows ``{: file="path" }`` as the title of a code block: a caption.

    ``<literal_block jekyllposts_html={'file': 'a.py'}>`` →
    ``<container classes="literal-block-wrapper" literal_block>``
    ``<caption>a.py</caption><literal_block …></container>``, as Sphinx's
    ``code-block`` directive makes a ``:caption:`` (its ``container_wrapper``).
    """

    # Before Sphinx's AutoNumbering (210) gives captioned code its id.
    default_priority = 205

    def apply_to_post(self, record: dict[str, Any]) -> None:
        from .extension import get_state

        theme = get_state(self.app).site.theme
        for node in list(self.document.findall(nodes.literal_block)):
            path = code_caption(theme, node.get(ATTRIBUTES, {}))
            parent = node.parent
            if path is None or (
                isinstance(parent, nodes.container) and parent.get("literal_block")
            ):
                continue  # no file, or captioned already
            caption = nodes.caption(path, "", nodes.Text(path))
            caption.source, caption.line = node.source, node.line
            wrapper = nodes.container(
                "", literal_block=True, classes=["literal-block-wrapper"]
            )
            wrapper.source, wrapper.line = node.source, node.line
            node.parent.replace(node, wrapper)  # (replace_self would copy the classes)
            wrapper += [caption, node]


def _uri(node: nodes.Element) -> str | None:
    if isinstance(node, nodes.image):
        return str(node.get("original_uri") or node.get("uri"))
    if isinstance(node, nodes.reference):
        return str(node.get("refuri"))
    return None


def _element(node: nodes.Element) -> nodes.Element:
    """The node written as the element: a section's title."""
    title = node.children[0] if node.children else None
    if isinstance(node, nodes.section) and isinstance(title, nodes.title):
        return title
    return node


def _add(node: nodes.Element, attributes: dict[str, str]) -> None:
    node[ATTRIBUTES] = {**node.get(ATTRIBUTES, {}), **attributes}


class HtmlAttributesTranslator(HTML5Translator):
    """Writes :data:`ATTRIBUTES` on the first start tag of their node."""

    def starttag(
        self,
        node: nodes.Element,
        tagname: str,
        suffix: str = "\n",
        empty: bool = False,
        **attributes: Any,
    ) -> str:
        """Add the node's kramdown attributes to its (outermost) element."""
        given = node.get(ATTRIBUTES) if isinstance(node, nodes.Element) else None
        if not given:  # nearly every tag: nothing to add
            return super().starttag(node, tagname, suffix, empty, **attributes)
        extra = {k: v for k, v in given.items() if k in WRITTEN}
        if extra:
            done: set[int] = self.__dict__.setdefault("_jekyllposts_written", set())
            if id(node) not in done:
                done.add(id(node))
                attributes = _merged(attributes, extra)
        return super().starttag(node, tagname, suffix, empty, **attributes)


def _merged(attributes: dict[str, Any], extra: dict[str, str]) -> dict[str, Any]:
    """The writer's attributes and kramdown's: styles join, the writer's win."""
    given = {k.lower(): v for k, v in attributes.items()}
    for name, value in extra.items():
        if name == "style" and given.get("style"):
            given["style"] = f"{str(given['style']).rstrip(' ;')}; {value}"
        elif name not in given:
            given[name] = value
    return given


def on_builder_inited(app: Sphinx) -> None:
    """Build the HTML writer's translator on the one the builder would use."""
    if app.builder.format != "html":
        return
    base = app.registry.get_translator_class(app.builder)
    if not isinstance(base, type) or not issubclass(base, HTML5Translator):
        return  # a translator of its own: attributes stay out of its HTML
    if issubclass(base, HtmlAttributesTranslator):
        return
    translator = types.new_class(
        "JekyllpostsHTML5Translator", (HtmlAttributesTranslator, base), {}
    )
    app.set_translator(app.builder.name, translator, override=True)
