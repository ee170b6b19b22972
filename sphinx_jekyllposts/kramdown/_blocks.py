"""The block structure of a parsed post: siblings, lines and their container prefixes."""

from __future__ import annotations

from dataclasses import dataclass
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it.token import Token

__all__ = ["Lines", "siblings"]

_PREFIX = re.compile(r"^[ \t>]*")
_LIST_MARKER = re.compile(r"^(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")


def siblings(tokens: list[Token]) -> list[list[int]]:
    """Indices of the block tokens that share a parent, one list per parent."""
    groups: dict[int, list[int]] = {-1: []}
    stack = [-1]
    for index, token in enumerate(tokens):
        if token.nesting == -1:
            stack.pop()
            continue
        if token.type == "inline":
            continue
        if token.map is not None:
            groups[stack[-1]].append(index)
        if token.nesting == 1:
            stack.append(index)
            groups[index] = []
    return list(groups.values())


@dataclass(slots=True)
class Lines:
    """The post's lines, edited in place; the count never changes."""

    items: list[str]

    def prefix(self, line: int) -> str:
        """The container prefix (indentation and ``>`` markers) of a line."""
        match = _PREFIX.match(self.items[line])
        return match.group() if match else ""

    def blank(self, line: int) -> None:
        """Empty a line but keep its blockquote markers so quotes do not end."""
        self.items[line] = self.prefix(line).rstrip()

    def is_blank(self, line: int) -> bool:
        """Whether a line holds nothing but container markers."""
        return 0 <= line < len(self.items) and not self.items[line].strip(" \t>\r")

    def content_start(self, line: int) -> int:
        """Column where a paragraph's text starts (after quotes and a list marker)."""
        text = self.items[line]
        column = len(self.prefix(line))
        marker = _LIST_MARKER.match(text[column:])
        return column + (marker.end() if marker else 0)

    def starts_with_list_marker(self, line: int) -> bool:
        """Whether a line opens a list item."""
        return bool(_LIST_MARKER.match(self.items[line][len(self.prefix(line)) :]))
