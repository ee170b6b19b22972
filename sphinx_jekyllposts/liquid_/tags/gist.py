"""``{% gist user/id [file.rb] %}``: jekyll-gist's embed (a GitHub Pages plugin).

jekyll-gist writes the gist's script, which GitHub's page fills in as the reader
opens it: ``<script src="https://gist.github.com/user/id.js?file=file.rb"> </script>``
(its ``gist_script_tag``). Its ``<noscript>`` copy of the code needs the network at
build time, so it is not written, as with ``gist: noscript: false``. A name that is
a Liquid variable stands for its value, as in jekyll-gist.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, TextIO

from liquid.ast import Node
from liquid.tag import Tag
from liquid.undefined import is_undefined

from ...warnings_ import JekyllpostsWarning
from .._session import report
from ._common import read_markup

if TYPE_CHECKING:
    from liquid import RenderContext
    from liquid.stream import TokenStream
    from liquid.token import Token

__all__ = ["GistTag"]

#: jekyll-gist's ``determine_arguments``: the gist, then an optional file name.
_ARGUMENTS = re.compile(r"\A(\S+|.*(?=/).+)\s?(\S*)\Z")


class GistNode(Node):
    """Writes the gist's script tag."""

    __slots__ = ("file", "gist")

    def __init__(self, token: Token, gist: str, file: str) -> None:
        super().__init__(token)
        self.gist = gist
        self.file = file
        self.blank = False

    def __str__(self) -> str:
        return f"{{% gist {self.gist} {self.file} %}}".replace("  %", " %")

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        """The script of the gist (a variable's value if the name is one)."""
        if not self.gist:
            return 0  # reported when parsed
        gist = context.resolve(self.gist, default=None)
        gist = self.gist if gist is None or is_undefined(gist) else str(gist)
        url = f"https://gist.github.com/{gist}.js"
        if self.file:
            url += f"?file={self.file}"
        return buffer.write(f'<script src="{html.escape(url)}"> </script>')


class GistTag(Tag):
    """jekyll-gist's ``gist`` tag."""

    name = "gist"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        """Read the gist and the file name."""
        token, markup = read_markup(stream)
        match = _ARGUMENTS.match(markup.strip())
        if match is None:
            report(
                f"gist {markup.strip()!r}: expected a gist id and an optional file "
                "name; nothing written",
                token,
                JekyllpostsWarning.LIQUID,
            )
            return GistNode(token, "", "")
        return GistNode(token, match.group(1).strip(), match.group(2).strip())
