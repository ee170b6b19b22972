"""``{% link path/of/file.md %}``: a link to any file of the site, checked by Sphinx.

Jekyll (``lib/jekyll/tags/link.rb``) renders the markup as Liquid, then looks the path
up among the site's files. We write ``jekyllposts-source:<path>`` for an existing file
inside the site and let the Sphinx glue resolve and check it.
"""

from __future__ import annotations

from io import StringIO
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, TextIO

from liquid.ast import Node
from liquid.tag import Tag

from ...warnings_ import JekyllpostsWarning
from .._session import report
from ._common import read_markup
from .include import confined
from .post_url import source_url

if TYPE_CHECKING:
    from liquid import BoundTemplate, RenderContext
    from liquid.stream import TokenStream
    from liquid.token import Token

__all__ = ["LinkNode", "LinkTag"]


class LinkNode(Node):
    """Writes the link to the file, or the path as Jekyll would serve it."""

    __slots__ = ("markup", "template")

    def __init__(self, token: Token, markup: str, template: BoundTemplate) -> None:
        super().__init__(token)
        self.markup = markup
        self.template = template
        self.blank = False

    def __str__(self) -> str:
        return f"{{% link {self.markup} %}}"

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        """Write ``jekyllposts-source:<path>`` of the file."""
        env: Any = context.env
        rendered = StringIO()
        self.template.render_with_context(context, rendered)
        path = rendered.getvalue().strip().lstrip("/")
        root = env.site.root
        if path and confined(root / path, root) is not None:
            return buffer.write(source_url(PurePosixPath(path).as_posix()))
        report(
            f"link target {path!r} not found in the site; using its path as the URL",
            self.token,
            JekyllpostsWarning.LINK,
        )
        guess = str(PurePosixPath("/" + path).with_suffix(".html")) if path else "/"
        return buffer.write(env.relative_url(guess))


class LinkTag(Tag):
    """Jekyll's ``link`` tag."""

    name = "link"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        """Keep the markup as a small template (it may hold ``{{ }}``)."""
        token, markup = read_markup(stream)
        return LinkNode(token, markup.strip(), self.env.from_string(markup.strip()))
