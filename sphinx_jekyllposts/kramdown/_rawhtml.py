"""Where kramdown ends a block-level HTML element: at its matching end tag.

CommonMark ends most HTML blocks at the first blank line; kramdown reads an HTML
element as a tree and ends it at the end tag that matches its start tag, blank
lines or not (``parse_raw_html`` in kramdown's ``lib/kramdown/parser/html.rb``,
gettalong/kramdown 2.4.0, MIT): nested elements are matched in turn, end tags that
close nothing open are ignored, comments are skipped, ``<script>``/``<style>`` are
raw text, and elements without a body (``<br>``, ``<img>``, …) or written
``<x/>`` close themselves. A nested element with a ``markdown`` attribute has
its content parsed as Markdown even inside raw HTML (``handle_kramdown_html_tag``).
"""

from __future__ import annotations

from dataclasses import dataclass
import re

from markdown_it.common.html_re import attribute

__all__ = [
    "BLOCK_ELEMENTS",
    "SPAN_ELEMENTS",
    "VOID_ELEMENTS",
    "ElementEnd",
    "element_end",
    "empty_element_end",
    "tags_with_blank_lines",
]

#: kramdown's ``HTML_SPAN_ELEMENTS``: at a line start they open a paragraph.
SPAN_ELEMENTS = frozenset({
    "a", "abbr", "acronym", "b", "big", "bdo", "br", "button", "cite", "code", "del",
    "dfn", "em", "i", "img", "input", "ins", "kbd", "label", "mark", "option", "q",
    "rb", "rbc", "rp", "rt", "rtc", "ruby", "samp", "select", "small", "span",
    "strong", "sub", "sup", "tt", "u", "var",
})  # fmt: skip
#: kramdown's ``HTML_BLOCK_ELEMENTS``: in span-level text their tags are text.
BLOCK_ELEMENTS = frozenset({
    "address", "article", "aside", "applet", "body", "blockquote", "caption", "col",
    "colgroup", "dd", "div", "dl", "dt", "fieldset", "figcaption", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "head",
    "iframe", "legend", "menu", "li", "main", "map", "nav", "ol", "optgroup", "p",
    "pre", "section", "summary", "table", "tbody", "td", "th", "thead", "tfoot", "tr",
    "ul",
})  # fmt: skip
#: kramdown's ``HTML_ELEMENTS_WITHOUT_BODY``.
VOID_ELEMENTS = frozenset({
    "area", "base", "br", "col", "command", "embed", "hr", "img", "input", "keygen",
    "link", "meta", "param", "source", "track", "wbr",
})  # fmt: skip
_TAG = re.compile(
    r"<!--(?:[^-]|-[^-]|--[^>])*-->"
    rf"|<(?P<close>/)?(?P<name>[A-Za-z][A-Za-z0-9-]*)(?P<attrs>{attribute}*)\s*"
    r"(?P<self>/)?>"
)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_MARKDOWN_ON = re.compile(
    r"""\smarkdown\s*=\s*(["']?)(?:1|block|span)\1(?=[\s/>]|$)""", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class ElementEnd:
    """The end of an element: offset after its end tag, and what it holds."""

    offset: int
    #: where the content starts (after the start tag) and ends (at the end tag)
    content: tuple[int, int]
    #: a nested element asks for Markdown (``markdown="1"``, ``block``, ``span``)
    markdown_inside: bool
    #: the elements still open where the text ends, outermost first (``to_end``)
    unclosed: tuple[str, ...] = ()


def element_end(text: str, *, to_end: bool = False) -> ElementEnd | None:
    """Find the end of the element whose start tag begins ``text``.

    :param text: HTML starting with a start tag (the element's lines, joined).
    :param to_end: ``text`` runs to the end of the document, where kramdown
        closes what is still open: an element without its end tag ends there.
    :return: where its matching end tag ends, or ``None`` if the start tag
        closes itself or no end tag matches (unless ``to_end``).
    """
    first = _TAG.match(text)
    if first is None or first["close"] or first["self"] or first["name"] is None:
        return None
    name = first["name"].lower()
    if name in VOID_ELEMENTS:
        return None
    stack = [name]
    markdown_inside = False

    def open_to_end(unclosed: tuple[str, ...]) -> ElementEnd | None:
        """No end tag: kramdown closes what is open at the end (``to_end``)."""
        if not to_end:
            return None
        return ElementEnd(
            len(text), (first.end(), len(text)), markdown_inside, unclosed
        )

    content_end = first.end()
    pos = first.end()
    while stack:
        match = _TAG.search(text, pos)
        if match is None:
            return open_to_end(tuple(stack))
        pos = match.end()
        if match["name"] is None:  # a comment
            continue
        tag = match["name"].lower()
        if match["close"]:
            if tag == stack[-1]:
                stack.pop()
                content_end = match.start()
            continue
        markdown_inside = markdown_inside or bool(_MARKDOWN_ON.search(match["attrs"]))
        if tag in {"script", "style"}:
            end = re.compile(rf"</{tag}\s*>", re.IGNORECASE).search(text, pos)
            if end is None:
                return open_to_end((*stack, tag))
            pos = end.end()
        elif not (match["self"] or tag in VOID_ELEMENTS):
            stack.append(tag)
    return ElementEnd(pos, (first.end(), content_end), markdown_inside)


def empty_element_end(text: str) -> int | None:
    """Where the start tag beginning ``text`` ends, if it closes itself
    (``<hr>``, ``<img …/>``); kramdown's element ends there."""
    first = _TAG.match(text)
    if first is None or first["close"] or first["name"] is None:
        return None
    if first["self"] or first["name"].lower() in VOID_ELEMENTS:
        return first.end()
    return None


def tags_with_blank_lines(text: str) -> list[tuple[int, int]]:
    """The spans of the tags in ``text`` whose attributes run over a blank line."""
    return [
        match.span()
        for match in _TAG.finditer(text)
        if match["name"] and _BLANK_LINE.search(match.group())
    ]
