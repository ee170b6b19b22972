"""``{% for %}`` read as Jekyll's Liquid 4 reads a loop it cannot parse strictly.

Liquid 4 (``lib/liquid/tags/for.rb``, ``lax_parse``, Shopify/liquid 4.0.4, MIT
licence) takes the variable, the collection up to a blank, comma or ``|``, and
``reversed`` right after it; then it scans the whole markup for ``key: value``
attributes and keeps ``limit`` and ``offset``. So ``{% for p in site.posts |
limit: 2 %}`` loops over two posts and ``| where: "x", "y"`` is ignored.
python-liquid refuses both; such a loop is read Liquid 4's way, with a warning
naming what Jekyll ignores.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from liquid.builtin.expressions import LoopExpression, tokenize
from liquid.builtin.tags.for_tag import ForTag
from liquid.exceptions import LiquidSyntaxError
from liquid.stream import TokenStream
from liquid.token import TOKEN_EXPRESSION

from .._session import report

if TYPE_CHECKING:
    from liquid.ast import Node

__all__ = ["JekyllForTag", "lax_loop"]

_QUOTED = r"\"[^\"]*\"|'[^']*'"
_FRAGMENT = rf"{_QUOTED}|(?:[^\s,|'\"]|{_QUOTED})+"
#: Liquid 4's ``For::Syntax`` and ``TagAttributes``
_SYNTAX = re.compile(
    rf"\A(?P<name>[\w-]+)\s+in\s+(?P<collection>(?:{_FRAGMENT})+)\s*(?P<reversed>reversed)?"
)
_ATTRIBUTE = re.compile(rf"(?P<key>\w[\w-]*)\s*:\s*(?P<value>{_FRAGMENT})")


def lax_loop(markup: str) -> tuple[str, str] | None:
    """The loop Liquid 4 reads in ``markup``, as a strict expression, and the text
    after the collection (where only ``limit:`` and ``offset:`` count); ``None`` when
    Liquid 4 reads no loop either."""
    markup = markup.strip()
    match = _SYNTAX.match(markup)
    if match is None:
        return None
    loop = f"{match['name']} in {match['collection']}"
    if match["reversed"]:
        loop += " reversed"
    attributes: dict[str, str] = {}
    for attribute in _ATTRIBUTE.finditer(markup):
        if attribute["key"] in ("limit", "offset"):
            attributes[attribute["key"]] = attribute["value"]
    loop += "".join(f" {key}:{value}" for key, value in attributes.items())
    return loop, markup[match.end() :].strip()


class JekyllForTag(ForTag):
    """python-liquid's ``for``, falling back to Liquid 4's reading of the loop."""

    def parse(self, stream: TokenStream) -> Node:
        """Parse as python-liquid does; a loop it refuses is read as Liquid 4 reads it."""
        expression = stream.peek
        if expression.kind == TOKEN_EXPRESSION:
            try:
                LoopExpression.parse(
                    self.env, TokenStream(tokenize(expression.value, expression))
                )
            except LiquidSyntaxError:
                lax = lax_loop(expression.value)
                if lax is not None:
                    loop, rest = lax
                    report(
                        f"for loop read as Jekyll's Liquid reads it, {loop!r}: after"
                        f" the collection only limit: and offset: count ({rest!r})",
                        stream.current,
                    )
                    stream.tokens[stream.pos + 1] = expression._replace(value=loop)
        return super().parse(stream)
