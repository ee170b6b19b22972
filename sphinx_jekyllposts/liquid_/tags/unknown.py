"""Tags Jekyll plugins define that we do not have (``youtube``, ``cite``, …).

An unknown tag is reported and replaced by a sensible fallback so that the rest of
the post renders: a block (``{% x %}…{% endx %}``) renders its body, a plain tag
renders nothing, except where a link is obvious (``youtube``, ``vimeo``,
``twitter``, or any tag whose only argument is a URL).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, TextIO

from liquid.ast import BlockNode, IllegalNode, Node
from liquid.parser import get_parser
from liquid.tag import Tag
from liquid.token import TOKEN_EOF, TOKEN_ILLEGAL, TOKEN_TAG

from .._session import report
from ._common import read_markup

if TYPE_CHECKING:
    from collections.abc import Iterable

    from liquid import RenderContext
    from liquid.stream import TokenStream
    from liquid.token import Token

__all__ = ["UnknownBlockNode", "UnknownTag", "fallback_link"]

_URL = re.compile(r"^https?://\S+$")
_LINKS = {
    "youtube": "https://www.youtube.com/watch?v={}",
    "vimeo": "https://vimeo.com/{}",
}
#: Tags that only make sense inside another block.
INNER_TAGS = frozenset({"else", "elsif", "when", "break", "continue", "empty"})


def fallback_link(name: str, markup: str) -> str:
    """An autolink standing in for a plugin tag, or ``""`` when none is obvious."""
    words = markup.split()
    if not words:
        return ""
    first = words[0].strip("'\"")
    if name in _LINKS and not _URL.match(first):
        return f"<{_LINKS[name].format(first)}>"
    if _URL.match(first) and (len(words) == 1 or name in ("twitter", "tweet")):
        return f"<{first}>"
    return ""


class _TextNode(Node):
    __slots__ = ("text",)

    def __init__(self, token: Token, text: str) -> None:
        super().__init__(token)
        self.text = text
        self.blank = not text

    def __str__(self) -> str:
        return self.text

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        return buffer.write(self.text)


class UnknownBlockNode(Node):
    """An unknown block tag: its body is rendered as if the tags were not there."""

    __slots__ = ("block",)

    def __init__(self, token: Token, block: BlockNode) -> None:
        super().__init__(token)
        self.block = block
        self.blank = block.blank

    def __str__(self) -> str:
        return str(self.block)

    def children(
        self,
        static_context: RenderContext,
        *,
        include_partials: bool = True,
    ) -> Iterable[Node]:
        """The body."""
        yield self.block

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        """Render the body only."""
        return self.block.render(context, buffer)


def _has_end(stream: TokenStream, name: str) -> bool:
    end = "end" + name
    return any(
        t.kind == TOKEN_TAG and t.value == end for t in stream.tokens[stream.pos :]
    )


class UnknownTag(Tag):
    """Stands in for every tag name the environment does not know."""

    name = TOKEN_ILLEGAL
    block = False

    def parse(self, stream: TokenStream) -> Node:
        """Report the tag and parse a fallback for it."""
        token, markup = read_markup(stream)
        name = token.value
        if not name:
            report("Liquid tag without a name; left out", token)
            return IllegalNode(token)
        if name in INNER_TAGS or name.startswith("end"):
            report(f"unexpected Liquid tag {name!r} outside its block; left out", token)
            return IllegalNode(token)
        if _has_end(stream, name):
            report(f"unknown Liquid block tag {name!r}; rendered its content", token)
            next(stream)
            block = get_parser(self.env).parse_block(stream, ("end" + name, TOKEN_EOF))
            stream.expect(TOKEN_TAG, value="end" + name)
            return UnknownBlockNode(token, block)
        link = fallback_link(name, markup)
        what = f"wrote a link {link!r}" if link else "left out"
        report(f"unknown Liquid tag {name!r} (a Jekyll plugin's?); {what}", token)
        return _TextNode(token, link)
