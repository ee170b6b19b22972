"""``{% highlight lang [linenos] [mark_lines="1 2"] %}…{% endhighlight %}``.

Jekyll renders the body as Liquid, strips leading and trailing line terminators and
highlights it with Rouge (``lib/jekyll/tags/highlight.rb``). We emit a MyST
``code-block`` fence instead, so Sphinx highlights it and keeps line numbers and
emphasised lines::

    ```{code-block} python
    :linenos:
    :emphasize-lines: 1,2
    code
    ```
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, TextIO

from liquid.ast import BlockNode, Node
from liquid.parser import get_parser
from liquid.tag import Tag
from liquid.token import TOKEN_EOF, TOKEN_TAG, Token

from .._session import report
from ._common import line_prefix, read_markup, text_after, trims

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from liquid import RenderContext
    from liquid.stream import TokenStream

__all__ = [
    "FENCE_END", "HighlightNode", "HighlightTag", "code_fence", "opens_like_options",
]  # fmt: skip

#: written after a closing fence: :func:`.render.end_fences` makes sure that what
#: follows starts a line of its own (a noncharacter, never in a post's text)
FENCE_END = "\ufdd0"

# Jekyll's HighlightBlock::SYNTAX and OPTIONS_REGEX.
_SYNTAX = re.compile(r'^([a-zA-Z0-9.+#_-]+)((\s+\w+(=(\w+|"([0-9]+\s)*[0-9]+"))?)*)$')
_OPTION = re.compile(r'(?:\w="[^"]*"|\w=\w|\w)+')
_LINE_TERMINATORS = re.compile(r"\A[\n\r]+|[\n\r]+\Z")
_BACKTICKS = re.compile(r"`{3,}")
_CONTAINER_PREFIX = re.compile(r"^[ \t>]+$")


def parse_options(text: str) -> dict[str, str | list[str] | bool]:
    """Jekyll's ``parse_options``: ``name``, ``name=value``, ``name="1 2"``."""
    options: dict[str, str | list[str] | bool] = {}
    for option in _OPTION.findall(text):
        key, _, value = option.partition("=")
        if '"' in value:
            options[key] = value.replace('"', "").split()
        else:
            options[key] = value or True
    return options


def code_fence(
    code: str,
    language: str,
    *,
    linenos: bool = False,
    emphasize: Sequence[str] = (),
    indent: str = "",
) -> str:
    """A MyST ``code-block`` fence around ``code`` (longer than any run of
    backticks inside it), without a trailing newline.

    :param indent: put before every line but the first and the code lines (the
        first line follows the tag's own indentation in the output)
    """
    longest = max((len(m) for m in _BACKTICKS.findall(code)), default=2)
    fence = "`" * max(3, longest + 1)
    options = []
    if linenos:
        options.append(":linenos:")
    if emphasize:
        options.append(f":emphasize-lines: {','.join(emphasize)}")
    lines = [f"{fence}{{code-block}} {language}", *(indent + o for o in options)]
    if opens_like_options(code):  # options, then a blank line, then the code
        if not options:
            lines.append(indent + ":force:")
        lines.append("")
    if code:
        lines.append(code)
    lines.append(indent + fence)
    return "\n".join(lines)


def opens_like_options(code: str) -> bool:
    """Whether MyST would read the code's first line as directive options (``:tag
    x`` in Vim, a front matter's ``---``) unless a blank line ends the options."""
    return code.lstrip(" \t").startswith(":") or code.startswith("---")


def _inside(code: str, indent: str) -> str:
    """Code written at the margin under an indented tag (in a list item, a quote),
    indented as the fence is, so that it stays in the item; code indented with the
    tag already is left as it is."""
    lines = code.split("\n")
    if all(line.startswith(indent) for line in lines if line.strip()):
        return code
    return "\n".join(indent + line if line else line for line in lines)


class HighlightNode(Node):
    """A ``highlight`` block: renders its body, then writes a MyST fence."""

    __slots__ = ("block", "emphasize", "end_token", "language", "linenos")

    def __init__(
        self,
        token: Token,
        *,
        language: str,
        linenos: bool,
        emphasize: list[str],
        block: BlockNode,
        end_token: Token,
    ) -> None:
        super().__init__(token)
        self.language = language
        self.linenos = linenos
        self.emphasize = emphasize
        self.block = block
        self.end_token = end_token
        self.blank = False

    def __str__(self) -> str:
        return f"{{% highlight {self.language} %}}{self.block}{{% endhighlight %}}"

    def children(
        self,
        static_context: RenderContext,
        *,
        include_partials: bool = True,
    ) -> Iterable[Node]:
        """The body."""
        yield self.block

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        """Render the body and write it as a fenced code block."""
        body = context.get_buffer(buffer)
        self.block.render(context, body)
        code = _LINE_TERMINATORS.sub("", body.getvalue())
        prefix = line_prefix(self.token)
        # Indentation or blockquote markers: the fence's lines need them too.
        indent = prefix if _CONTAINER_PREFIX.match(prefix) else ""
        if indent:
            # What precedes an indented ``{% endhighlight %}`` is not code.
            code = re.sub(r"\n[ \t>]+\Z", "", code)
            code = _inside(code, indent)
        fence = code_fence(
            code,
            self.language,
            linenos=self.linenos,
            emphasize=self.emphasize,
            indent=indent,
        )
        # the fence must have its own lines, also where {%- and -%} took the
        # line breaks around the tags away
        if (prefix and not indent) or trims(self.token)[0]:
            fence = "\n" + fence
        if text_after(self.end_token).strip() or trims(self.end_token)[1]:
            fence += "\n"
        else:  # a later {{- or {%- may still take the line break away
            fence += FENCE_END
        return buffer.write(fence)


class HighlightTag(Tag):
    """Jekyll's ``highlight`` block tag."""

    name = "highlight"
    end = "endhighlight"
    node_class = HighlightNode

    def parse(self, stream: TokenStream) -> Node:
        """Read the language and options, then the body up to ``endhighlight``."""
        token, markup = read_markup(stream)
        markup = markup.strip()
        match = _SYNTAX.match(markup)
        if match is None:
            report(
                f"invalid highlight markup {markup!r} (valid: highlight <lang> "
                "[linenos]); highlighted as "
                + repr(markup.split()[0].lower() if markup else "text"),
                token,
            )
            language = markup.split()[0].lower() if markup else "text"
            options = parse_options(" ".join(markup.split()[1:]))
        else:
            language = match.group(1).lower()
            options = parse_options(match.group(2))
        next(stream)
        block = get_parser(self.env).parse_block(stream, (self.end, TOKEN_EOF))
        stream.expect(TOKEN_TAG, value=self.end)
        marks = options.get("mark_lines")
        return self.node_class(
            token,
            language=language,
            linenos=bool(options.get("linenos")),
            emphasize=list(marks) if isinstance(marks, list) else [],
            block=block,
            end_token=stream.current,
        )
