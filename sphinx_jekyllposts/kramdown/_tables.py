"""kramdown tables CommonMark does not read as tables.

kramdown needs no separator line: rows alone make a table (all body rows), and
a row needs no leading ``|``, only one outside code (``TABLE_LINE``)::

    | apples | 3 |          <paragraph classes="jekyllposts-table">
    pears    | 5       ->   (the transform makes it a table)

The paragraph stays as it is, line for line; the side channel marks it for the
docutils transform, which splits it into rows and cells.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ._attrs import BlockAttrs

if TYPE_CHECKING:
    from markdown_it.token import Token

    from ._blocks import Lines

__all__ = [
    "CELL_PIPE", "HEADERLESS_TABLE", "SEPARATOR_LINE", "code_pipes_stay_in_cells",
    "is_row",
    "mark_headerless_tables", "tables_end_at_a_boundary",
]  # fmt: skip

#: The class of a paragraph that is a kramdown table without a header.
HEADERLESS_TABLE = "jekyllposts-table"
#: A kramdown separator (``|---+:-:|``) or footer (``|===|``) line, or a cell of
#: one (parser/kramdown/table.rb: ``TABLE_SEP_LINE``, ``TABLE_FSEP_LINE``).
SEPARATOR_LINE = re.compile(r"[-=:|+ \t]*[-=][-=:|+ \t]*")
_CODE_SPAN = re.compile(r"(`+).*?(?<!`)\1(?!`)")
#: What holds a ``|`` that separates no cells: code spans, an escaped pipe (not
#: math: kramdown splits the row before it reads ``$$ |x| $$``).
_NOT_CELLS = re.compile(rf"{_CODE_SPAN.pattern}|\\\|")
#: What a row's pipes are read in: code spans, ``$$`` math, escaped pipes; and the
#: ``[`` of a link whose text a pipe splits (``[a | b](url)``: two cells of text)
_ROW_PARTS = re.compile(
    rf"{_CODE_SPAN.pattern}|(?P<math>\$\$.*?\$\$)"
    r"|(?P<link>\[)(?=[^\]\n]*(?<!\\)\|[^\]\n]*\]\()|\\\|"
)


def is_row(line: str) -> bool:
    """kramdown's ``TABLE_LINE``: a line with a ``|`` outside code spans."""
    if line.lstrip().startswith("|"):
        return True
    return "|" in _NOT_CELLS.sub("", line)


def _table_below(tokens: list[Token], index: int, line: int) -> bool:
    """Whether the token after the paragraph's close is a table on the next line."""
    after = tokens[index + 1] if index + 1 < len(tokens) else None
    return (
        after is not None
        and after.type == "table_open"
        and after.map is not None
        and after.map[0] == line
    )


#: Tokens at which a table may end in kramdown (``BLOCK_BOUNDARY``: a blank
#: line, an IAL, an ALD, ``^``; and the end of the text a container holds)
_BOUNDARY_TOKENS = frozenset({"kramdown_ial", "kramdown_ald", "kramdown_eob"})


def _ends_at_boundary(tokens: list[Token], after: int, line: int, lines: Lines) -> bool:
    """Whether a table whose last row is above ``line`` ends at a block boundary;
    ``after`` is the index of the token after the table's."""
    if line >= len(lines.items) or lines.is_blank(line):
        return True
    token = tokens[after] if after < len(tokens) else None
    if token is None or token.nesting == -1 or token.type == "kramdown_html_close":
        return True  # the end of a list item, a quote, a markdown="1" element
    return token.type in _BOUNDARY_TOKENS


def tables_end_at_a_boundary(tokens: list[Token], lines: Lines) -> bool:
    """A table not followed by a blank line (an IAL, the end) is a paragraph.

    kramdown ends a table at the first line without a ``|`` and keeps it only at
    a block boundary; GFM reads on (a text line is a row) or lets an HTML block,
    a heading, a quote end it::

        |a|b|                |a|b|
        |-|-|           ->   \\|-|-|       (no separator: no table)
        |c|d|                |c|d|
        text                 text

    :return: whether a line changed (the text must be parsed again).
    """
    changed = False
    for index, token in enumerate(tokens):
        if token.type != "table_open" or token.map is None:
            continue
        start, end = token.map
        close = next(
            i for i in range(index, len(tokens)) if tokens[i].type == "table_close"
        )
        rows = [lines.items[i][len(lines.prefix(i)) :] for i in range(start, end)]
        if all(is_row(row) for row in rows) and _ends_at_boundary(
            tokens, close + 1, end, lines
        ):
            continue
        separator = start + 1
        text = lines.items[separator]
        at = len(lines.prefix(separator))
        lines.items[separator] = text[:at] + "\\" + text[at:]
        changed = True
    return changed


def mark_headerless_tables(
    tokens: list[Token], lines: Lines, block_attrs: dict[int, BlockAttrs]
) -> None:
    """Mark each paragraph whose every line is a table row (1-based lines).

    A separator line right above a table is kramdown's top border of that table
    (``|----+----|``): it goes.
    """
    for index, token in enumerate(tokens[:-1]):
        inline = tokens[index + 1]
        if token.type != "paragraph_open" or token.map is None:
            continue
        if "|" not in inline.content:
            continue  # no row (the cheap test first)
        rows = inline.content.split("\n")
        if not all(is_row(row) for row in rows):
            continue
        if all(SEPARATOR_LINE.fullmatch(row.strip()) for row in rows):
            if _table_below(tokens, index + 2, token.map[1]):
                for line in range(*token.map):
                    lines.blank(line)
            continue
        if not _ends_at_boundary(tokens, index + 3, token.map[1], lines):
            continue  # kramdown: a paragraph
        line = token.map[0] + 1
        existing = block_attrs.get(line, BlockAttrs())
        block_attrs[line] = BlockAttrs(
            existing.ids,
            (*existing.classes, HEADERLESS_TABLE),
            existing.attributes,
        )
        for row in range(*token.map):
            lines.items[row] = _ROW_PARTS.sub(_row_part, lines.items[row])


def _row_part(match: re.Match[str]) -> str:
    """A row's part as the transform splits it: MyST unescapes ``\\|``, so it is
    marked a cell's own; ``$$ |x| $$`` is text in two cells, as kramdown splits
    the row before it reads math (``$$ \\|x\\| $$`` stays math), and links
    (``[a | b](url)`` is text in two cells)."""
    part = match.group()
    if part.startswith("`"):
        return part
    if match["link"] is not None:  # kramdown splits the row first: no link
        return "\\["
    if match["math"] is None:
        return CELL_PIPE
    if _BARE_PIPE.search(part) is None:
        return part
    return part.replace("\\|", CELL_PIPE).replace("$", "\\$")


_BARE_PIPE = re.compile(r"(?<!\\)\|")
#: a ``\|`` of a header-less table's cell, kept through MyST (a noncharacter)
CELL_PIPE = "\ufdd1"


def code_pipes_stay_in_cells(tokens: list[Token], lines: Lines) -> None:
    """A ``|`` in a code span of a table row stays in its cell, as in kramdown.

    GFM (markdown-it) splits the row there; an escaped ``\\|`` it keeps in the
    cell, in code spans too.
    """
    for token in tokens:
        if token.type != "table_open" or token.map is None:
            continue
        for line in range(*token.map):
            text = lines.items[line]
            if "`" in text:
                lines.items[line] = _CODE_SPAN.sub(
                    lambda m: _BARE_PIPE.sub(r"\\|", m.group()), text
                )
