"""Helpers shared by the tag modules: markup reading and source positions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from liquid.token import TOKEN_EXPRESSION, Token

if TYPE_CHECKING:
    from liquid.stream import TokenStream

__all__ = ["line_prefix", "read_markup", "text_after", "trims"]


def read_markup(stream: TokenStream) -> tuple[Token, str]:
    """Return the tag token and its raw markup, leaving the stream on the last
    token of the tag (the expression, if there is one), as the parser expects."""
    token = stream.current
    if stream.peek.kind == TOKEN_EXPRESSION:
        next(stream)
        return token, stream.current.value
    return token, ""


def _tag_start(token: Token) -> int:
    """Where ``{%`` of the tag whose name token is ``token`` starts."""
    return max(token.source.rfind("{%", 0, token.start_index), 0)


def line_prefix(token: Token) -> str:
    """The text between the start of the line and the tag's ``{%``."""
    start = _tag_start(token)
    return token.source[token.source.rfind("\n", 0, start) + 1 : start]


def text_after(token: Token) -> str:
    """The rest of the line after the tag whose name token is ``token``."""
    end = token.source.find("%}", token.start_index)
    if end < 0:
        return ""
    rest = token.source[end + 2 :]
    return rest.split("\n", 1)[0]


def trims(token: Token) -> tuple[bool, bool]:
    """Whether the tag whose name token is ``token`` trims the whitespace before it
    (``{%-``) and after it (``-%}``), newlines included."""
    start = _tag_start(token)
    end = token.source.find("%}", token.start_index)
    before = token.source.startswith("{%-", start)
    return before, end > 0 and token.source[end - 1] == "-"
