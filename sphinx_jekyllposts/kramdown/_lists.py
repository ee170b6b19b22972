"""List nesting: indent the list items kramdown nests and CommonMark does not.

kramdown (``parse_list`` in parser/kramdown/list.rb) takes a line that follows a
list item's text without a blank line as a lazy line of that item unless it
opens a sibling item, and only a marker of the list's own type (``ul`` or
``ol``) opens a sibling. So a marker of the other type, however little it is
indented, opens a list nested in the item::

    1. Preheat                  1. Preheat
      * to 180 °C       ->         * to 180 °C
    * for ten minutes              * for ten minutes

CommonMark nests a line only when it reaches the item's content column; the
lines become indented to that column, each on its line.
"""

from __future__ import annotations

from dataclasses import dataclass
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it.token import Token

    from ._blocks import Lines

__all__ = [
    "content_column",
    "lazy_lists_nest",
    "ordered_lists_count_from_one",
    "quote_column",
]

# kramdown's LIST_START_UL / LIST_START_OL: ``1)`` opens no list in kramdown
_MARKER = re.compile(r"(?P<marker>[-*+]|\d{1,9}\.)(?P<blanks> {1,4}(?=\S)| +|$)")


@dataclass(frozen=True, slots=True)
class _Item:
    """A list item as CommonMark read it: its lines, columns and list type."""

    start: int
    end: int
    level: int
    marker: int
    content: int
    ordered: bool
    #: where the quote holding the line starts its content (0 outside quotes)
    quote: int = 0


def lazy_lists_nest(tokens: list[Token], lines: Lines) -> bool:
    """Indent the list items kramdown nests in the item above them (see the module).

    :return: whether a line changed (the text must be parsed again).
    """
    items = [item for token in tokens if (item := _item(token, lines)) is not None]
    other = _other_blocks(tokens)
    changed = False
    # lines moved in this pass: the tokens around them are read again first
    moved: set[int] = set()
    for item in items:
        line = item.start
        if {line - 1, line} & moved or line == 0 or lines.is_blank(line - 1):
            continue
        around = [i for i in items if i.start < line <= i.end]
        if any(i.start <= m < i.end for i in around for m in moved):
            continue
        around.sort(key=lambda i: i.level)
        owner = _kramdown_owner(item, around, lines)
        if owner is None or item.marker >= owner.content:
            continue
        moved.update(_indent_run(lines, line, item.marker, around, other))
        changed = True
    return changed


def content_column(token: Token, lines: Lines) -> int | None:
    """The column where CommonMark reads the content of the item ``token`` opens."""
    item = _item(token, lines)
    return None if item is None else item.content


def _item(token: Token, lines: Lines) -> _Item | None:
    """The item ``token`` opens, if its marker starts its line (after quotes)."""
    if token.type != "list_item_open" or token.map is None:
        return None
    start, end = token.map
    text = lines.items[start]
    if "\t" in text:
        return None  # kramdown's tab stops are not worth imitating here
    marker = len(lines.prefix(start))
    match = _MARKER.match(text, marker)
    if match is None or not match["marker"].endswith(token.markup[-1]):
        return None
    blanks = len(match["blanks"])
    content = match.end() if 1 <= blanks <= 4 else match.end("marker") + 1
    ordered = token.markup in {".", ")"}
    quote = quote_column(lines.prefix(start))
    return _Item(start, end, token.level, marker, content, ordered, quote)


def quote_column(prefix: str) -> int:
    """Where the content of the quote markers in a line's ``prefix`` starts."""
    quote = prefix.rfind(">")
    return 0 if quote < 0 else quote + 1 + prefix[quote + 1 : quote + 2].count(" ")


def _kramdown_owner(item: _Item, around: list[_Item], lines: Lines) -> _Item | None:
    """The item kramdown nests ``item`` in, when CommonMark ended it above.

    ``around`` are the items holding the line above, outermost first. kramdown
    asks the outermost list first: a marker of its own type opens a sibling; a
    line reaching its content column is the item's own, and opens a new block
    in it unless a nested list began there already; only a line short of it is
    lazy, and goes on into the block above.
    """
    if not around or around[-1].end != item.start:
        return None
    if _opens_sibling(item.marker, item.ordered, around):
        return None  # a sibling there, as in CommonMark
    for outer in around:
        if item.marker >= outer.content and not _nested_list_found(
            outer, item.start, lines
        ):
            return None  # a block of its own in ``outer``, as in CommonMark
    return around[-1]


def _nested_list_found(item: _Item, line: int, lines: Lines) -> bool:
    """kramdown's ``nested_list_found`` for ``item`` when it reaches ``line``."""
    for n in range(item.start + 1, line):
        if lines.is_blank(n):
            return True
        column = len(lines.prefix(n))
        lazy = n in lines.lazy
        if (
            not lazy
            and column >= item.content
            and _MARKER.match(lines.items[n], column)
        ):
            return True
    return False


def _opens_sibling(column: int, ordered: bool, around: list[_Item]) -> bool:
    """Whether a marker at ``column`` opens a sibling of one of the items ``around``.

    kramdown asks the outermost list first; only a marker of its own type
    (``fetch_pattern`` in parser/kramdown/list.rb), indented less than the
    item's content and at most three blanks, opens one of its items.
    """
    base = around[0].quote if around else 0
    for outer in around:
        limit = min(outer.content - base - 1, 3)
        if ordered == outer.ordered and column - base <= limit:
            return True
        base = outer.content
    return False


#: Tokens a lazy line may be part of: lists, paragraphs and the quotes around them.
_LAZY_TOKENS = frozenset(
    {
        "bullet_list_open",
        "ordered_list_open",
        "list_item_open",
        "paragraph_open",
        "inline",
        "blockquote_open",
    }
)


def _other_blocks(tokens: list[Token]) -> set[int]:
    """The lines of blocks other than lists and paragraphs (code, HTML, headings…)."""
    lines: set[int] = set()
    for token in tokens:
        if token.nesting != -1 and token.map and token.type not in _LAZY_TOKENS:
            lines.update(range(*token.map))
    return lines


def _indent_run(
    lines: Lines, start: int, marker: int, around: list[_Item], other: set[int]
) -> range:
    """Move the lines from ``start`` to the next blank line or sibling into the item.

    A list item reaching the item's content column ends the run: kramdown
    starts a new block of the item there. So does any block but a list or a
    paragraph: those are left where they are.
    """
    owner = around[-1]
    shift = owner.content - marker
    end = start
    while end < len(lines.items) and not lines.is_blank(end):
        if end in other:
            break
        text = lines.items[end]
        column = len(lines.prefix(end))
        opens = _MARKER.match(text, column) if end > start else None
        if opens is not None and column >= owner.content:
            break
        ordered = opens is not None and opens["marker"].endswith(".")
        if opens is not None and _opens_sibling(column, ordered, around):
            break
        if column < owner.content:
            extra = max(shift, owner.content - column) if column <= marker else shift
            lines.items[end] = text[:column] + " " * extra + text[column:]
            lines.lazy.add(end)
        end += 1
    return range(start, end)


_ORDERED = re.compile(r"(?P<number>\d{1,9})\.(?P<blanks>[ \t]+)(?=\S)")


def ordered_lists_count_from_one(
    tokens: list[Token], lines: Lines, *, gfm: bool
) -> bool:
    """kramdown numbers every ordered list from 1, and (GFM) starts one anywhere.

    It writes no ``start`` (``3.`` opens a list numbered 1, 2, …; an IAL's
    ``start`` is the only way to another number), and its GFM parser ends a
    paragraph at any ordered marker, where CommonMark lets only ``1.`` end one.
    Such markers become ``1.``, padded so the text keeps its column.

    :return: whether a line changed (the text must be parsed again).
    """
    changed = False
    for token in tokens:
        if token.type == "ordered_list_open" and token.map is not None:
            changed |= _count_from_one(lines, token.map[0])
        elif gfm and token.type == "paragraph_open" and token.map is not None:
            start, end = token.map
            column = lines.content_start(start)
            # the first such line ends the paragraph; the next are its list's
            changed |= any(
                _count_from_one(lines, line)
                for line in range(start + 1, end)
                if len(lines.prefix(line)) - column <= 3
            )
    return changed


def _count_from_one(lines: Lines, line: int) -> bool:
    text = lines.items[line]
    column = len(lines.prefix(line))
    match = _ORDERED.match(text, column)
    if match is None or int(match["number"]) == 1 or "\t" in match["blanks"]:
        return False
    extra = len(match["number"]) - 1
    blanks = match["blanks"]
    if len(blanks) + extra <= 4:  # "12. a" -> "1.  a"
        new = f"1.{blanks}{' ' * extra}"
    elif extra + column - quote_column(lines.prefix(line)) <= 3:  # move the marker
        new = f"{' ' * extra}1.{blanks}"
    else:
        return False
    lines.items[line] = text[:column] + new + text[match.end() :]
    return True
