"""The block structure of a parsed post: siblings, lines and their container prefixes."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
import re
from typing import TYPE_CHECKING

from ._html import FILLER
from ._rawhtml import SPAN_ELEMENTS
from ._tables import is_row

if TYPE_CHECKING:
    from collections.abc import Iterable

    from markdown_it.token import Token

__all__ = [
    "Lines",
    "bare_markers_are_text",
    "bullets_of_one_list",
    "fences_with_spaced_info_are_text",
    "paren_markers_are_text",
    "remove_blocks",
    "rules_and_tables_continue_paragraphs",
    "siblings",
    "span_tags_open_paragraphs",
    "stray_end_tags_are_text",
    "text_after_markers",
    "tilde_definitions_are_text",
]

_PREFIX = re.compile(r"^[ \t>]*")
_LIST_MARKER = re.compile(r"^(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_ITEM_START = re.compile(r"^(?P<marker>[ \t>]*(?:[-*+]|\d{1,9}[.)]|[:~]))[ \t]+")
_BARE_MARKER = re.compile(r"^(?P<prefix>[ \t>]*)(?P<marker>[-*+]|\d{1,9}[.)])$")
_DEFINITION = re.compile(r"^[ \t>]*[:~][ \t]")
_TILDE_DEFINITION = re.compile(r"^(?P<prefix>[ \t>]*)~(?=[ \t])")
_ITEMS = frozenset({"list_item_open", "dd_open"})
#: kramdown's ``LIST_START_UL`` / ``LIST_START_OL`` (parser/kramdown/list.rb)
_KRAMDOWN_LIST_START = re.compile(r"(?:[-*+]|\d+\.)[ \t]")
#: an item's number before its ``)`` (the ``)`` is where the escape goes)
_PAREN_NUMBER = re.compile(r"[ \t>]*\d{1,9}(?=\)[ \t])")
_SPAN_TAG_ALONE = re.compile(r"</?(?P<name>[A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>")
#: how a line opening another block starts (then the tag is left alone)
_BLOCK_START = re.compile(r"[#>|<`~]|[-*+][ \t]|\d{1,9}[.)][ \t]|\$\$|\{:")
#: the block starts that end kramdown's paragraph (``PARAGRAPH_END_GFM``) and
#: CommonMark's too: a heading, a fence, an HTML tag, a list item, an IAL (or a
#: quote: a ``>`` more in the line's prefix)
_ENDS_PARAGRAPH = re.compile(r"#{1,6}[ \t]|```|~~~|<|[-*+][ \t]+\S|1[.)][ \t]|\{:")
#: blocks of one kind that CommonMark joins across a blank line
_JOINING = (
    frozenset({"bullet_list_open", "ordered_list_open"}),
    frozenset({"code_block"}),
)


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
    #: lines indented into the list item above them, as kramdown's lazy lines
    lazy: set[int] = field(default_factory=set)

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


def text_after_markers(tokens: list[Token], lines: Lines) -> bool:
    """The first line of a list item or definition is text, never indented code.

    kramdown strips the blanks after the marker (``parse_first_list_line`` in
    parser/kramdown/list.rb), so ``:     text`` is a definition reading "text";
    CommonMark reads four more blanks as a code block. A list item keeps
    kramdown's content column (the marker, then all its blanks): the marker
    moves right, four blanks stay after it (``*     a`` → `` *    a``), when
    it may; otherwise the blanks become one.

    :return: whether a line changed (the text must be parsed again).
    """
    changed = False
    for index, token in enumerate(tokens[:-1]):
        after = tokens[index + 1]
        if token.type not in _ITEMS or after.type != "code_block":
            continue
        assert token.map is not None and after.map is not None
        line = after.map[0]
        # a definition's map starts at its term's line (mdit-py-plugins' deflist)
        first = line == token.map[0] or (
            token.type == "dd_open" and _DEFINITION.match(lines.items[line])
        )
        if first:
            kept = _same_content_column(tokens, index, lines, line)
            lines.items[line] = kept or _ITEM_START.sub(
                r"\g<marker> ", lines.items[line], 1
            )
            changed = True
    return changed


_MARKER_BLANKS = re.compile(r"(?P<marker>[-*+]|\d{1,9}[.)])(?P<blanks> {5,})(?=\S)")


def _same_content_column(
    tokens: list[Token], index: int, lines: Lines, line: int
) -> str | None:
    """The item's first line with its marker moved right, to keep kramdown's
    content column; ``None`` if CommonMark allows no such indentation."""
    token = tokens[index]
    text = lines.items[line]
    column = len(lines.prefix(line))
    match = _MARKER_BLANKS.match(text, column)
    if token.type != "list_item_open" or match is None:
        return None
    move = len(match["blanks"]) - 4
    if column - _container_column(tokens, index, lines, line) + move > 3:
        return None
    return f"{text[:column]}{' ' * move}{match['marker']}    {text[match.end() :]}"


def _container_column(tokens: list[Token], index: int, lines: Lines, line: int) -> int:
    """Where the content of the block holding the list starts on ``line``."""
    from ._lists import content_column, quote_column

    level = tokens[index].level - 2
    for parent in reversed(tokens[:index]):
        if parent.type == "list_item_open" and parent.level == level:
            return content_column(parent, lines) or 0
        if parent.level < level:
            break
    return quote_column(lines.prefix(line))


#: Joins the terms of a definition with several terms on one line; a transform
#: splits them again (U+2063 INVISIBLE SEPARATOR never occurs in prose).
TERM_SEPARATOR = "\u2063"
_COLON_DEFINITION = re.compile(r"^[ \t>]*:[ \t]")


def terms_on_one_line(tokens: list[Token], lines: Lines) -> bool:
    """kramdown reads every line of a paragraph before a ``:`` line as a term
    (parser/kramdown/list.rb, ``parse_definition_list``); mdit-py-plugins' deflist
    takes one line. The terms go on the line above the ``:`` line, joined by
    :data:`TERM_SEPARATOR`, and the lines they leave are blanked.

    :return: whether a line changed (the text must be parsed again).
    """
    changed = False
    for token in tokens:
        if token.type != "paragraph_open" or token.map is None:
            continue
        start, end = token.map
        first = next(
            (
                n
                for n in range(start + 2, end)
                if _COLON_DEFINITION.match(lines.items[n])
            ),
            None,
        )
        if first is None or any(lines.is_blank(n) for n in range(start, first)):
            continue
        prefix = lines.prefix(first - 1)
        terms = [
            lines.items[n][len(lines.prefix(n)) :].strip() for n in range(start, first)
        ]
        for line in range(start, first - 1):
            lines.blank(line)
        lines.items[first - 1] = prefix + TERM_SEPARATOR.join(terms)
        changed = True
    return changed


def fences_with_spaced_info_are_text(tokens: list[Token], lines: Lines) -> bool:
    """A fence whose info string has more than one word is text in kramdown.

    kramdown's ``FENCED_CODEBLOCK_MATCH`` takes one word (the language) after the
    fence: ```` ```{r, echo=FALSE} ```` or ```` ```python title="x" ```` opens no code
    block, and the next fence line opens one. Its marks are escaped, so MyST reads
    the line as text too. (``{code-block}`` fences are Liquid's ``highlight``.)

    :return: whether a line changed (the text must be parsed again).
    """
    changed = False
    for token in tokens:
        if token.type != "fence" or token.map is None or len(token.info.split()) < 2:
            continue
        if token.info.split()[0] == "{code-block}":
            continue
        start = token.map[0]
        column = lines.content_start(start)
        text = lines.items[start]
        fence = len(text) - len(text[column:].lstrip(" "))
        marks = token.markup
        if not text.startswith(marks, fence):
            continue
        escaped = "".join("\\" + mark for mark in marks)
        lines.items[start] = text[:fence] + escaped + text[fence + len(marks) :]
        changed = True
    return changed


def tilde_definitions_are_text(tokens: list[Token], lines: Lines) -> bool:
    """kramdown's definition marker is ``:`` only (``DEFINITION_LIST_START`` in
    parser/kramdown/list.rb); mdit-py-plugins' deflist also takes ``~``. A ``~``
    line after a term is text of the paragraph above; the marker is escaped.

    :return: whether a line changed (the text must be parsed again).
    """
    changed = False
    for token in tokens:
        if token.type != "dd_open" or token.map is None:
            continue
        # a definition's map starts at its term's line; find its marker line
        for line in range(token.map[0], token.map[1]):
            marker = _TILDE_DEFINITION.match(lines.items[line])
            if marker is not None:
                lines.items[line] = (
                    f"{marker['prefix']}\\~{lines.items[line][marker.end() :]}"
                )
                changed = True
                break
            if _DEFINITION.match(lines.items[line]):
                break
    return changed


def bare_markers_are_text(tokens: list[Token], lines: Lines) -> bool:
    """A list marker with nothing after it, not even a blank, opens no item.

    kramdown's ``LIST_START_UL``/``LIST_START_OL`` need a blank or tab after the
    marker (parser/kramdown/list.rb), so a lone ``+`` is text; CommonMark reads
    an empty list item. The marker is escaped.

    :return: whether a line changed (the text must be parsed again).
    """
    changed = False
    for index, token in enumerate(tokens[:-1]):
        if (
            token.type != "list_item_open"
            or tokens[index + 1].type != "list_item_close"
        ):
            continue
        assert token.map is not None
        line = token.map[0]
        bare = _BARE_MARKER.match(lines.items[line])
        if bare:
            marker = bare["marker"]
            escaped = (
                f"{marker[:-1]}\\{marker[-1]}" if len(marker) > 1 else f"\\{marker}"
            )
            lines.items[line] = bare["prefix"] + escaped
            changed = True
    return changed


def remove_blocks(
    tokens: list[Token], groups: Iterable[list[int]], lines: Lines, drop: set[int]
) -> None:
    """Blank the lines of the blocks ``drop`` (token indices) that kramdown leaves out.

    The left-out block still ends the block above it in kramdown: where a blank
    line would let CommonMark join two lists (or indented code blocks) around
    it, an empty HTML comment keeps them apart.
    """
    for group in groups:
        for pos, index in enumerate(group):
            token = tokens[index]
            if index not in drop or token.map is None:
                continue
            start, end = token.map
            for line in range(start, end):
                lines.blank(line)
            if pos > 0 and group[pos - 1] in drop:
                continue
            before = _neighbour(tokens, group, pos, -1, drop)
            after = _neighbour(tokens, group, pos, 1, drop)
            if any(before in kind and after in kind for kind in _JOINING):
                lines.items[start] = lines.prefix(start) + FILLER


def _neighbour(
    tokens: list[Token], group: list[int], pos: int, step: int, drop: set[int]
) -> str:
    """The type of the nearest sibling that stays, or ``""``."""
    pos += step
    while 0 <= pos < len(group):
        if group[pos] not in drop:
            return tokens[group[pos]].type
        pos += step
    return ""


def span_tags_open_paragraphs(tokens: list[Token], lines: Lines) -> bool:
    """A span element's tag alone on a line opens a paragraph, as in kramdown.

    kramdown parses ``<br>`` or ``<span …>`` at a line start as text of a
    paragraph (``HTML_SPAN_ELEMENTS``); CommonMark reads an HTML block (its
    type 7) that takes the lines below it as raw HTML, Markdown unread. The tag
    joins the next line, which then starts the paragraph::

        <br>                       (blank)
        Text with *emphasis*  ->   <br> Text with *emphasis*

    Before a block that ends a paragraph (a fence, a heading, a list…) the tag is
    a paragraph of its own: an invisible comment after it makes the line text for
    CommonMark too, which then ends the paragraph there, as kramdown does.

    :return: whether a line changed (the text must be parsed again).
    """
    changed = False
    for token in tokens:
        if token.type != "html_block" or token.map is None:
            continue
        start, end = token.map
        tag = lines.items[start][len(lines.prefix(start)) :].strip()
        match = _SPAN_TAG_ALONE.fullmatch(tag)
        if not match or match["name"].lower() not in SPAN_ELEMENTS or end - start < 2:
            continue
        after = start + 1
        prefix = lines.prefix(after)
        text = lines.items[after][len(prefix) :]
        opens_quote = prefix.count(">") > lines.prefix(start).count(">")
        if opens_quote or _ENDS_PARAGRAPH.match(text):
            lines.items[start] += FILLER
        elif lines.is_blank(after) or _BLOCK_START.match(text):
            continue
        else:
            lines.items[after] = f"{prefix}{tag} {text}"  # the line break was a space
            lines.blank(start)
        changed = True
    return changed


def rules_and_tables_continue_paragraphs(tokens: list[Token], lines: Lines) -> bool:
    """A rule or a table right after a paragraph's line is text of the paragraph.

    kramdown's GFM parser ends a paragraph at a blank line, an IAL, a list item, a
    heading, a quote, a fence or block HTML (``PARAGRAPH_END_GFM`` in
    parser/gfm.rb): a rule ends it only where it also reads as a list item
    (``* * *``), never as ``***`` or ``___``, and a table never does. CommonMark lets
    both interrupt. The rule's first character, or the table's separator row, is
    escaped, so MyST reads text too. (Under lines that are all table rows the
    table is kramdown's table, with those rows in it.)

    :return: whether a line changed (the text must be parsed again).
    """
    changed = False
    for index, token in enumerate(tokens[:-3]):
        after = tokens[index + 3]  # after the paragraph's inline and close tokens
        if (
            token.type != "paragraph_open"
            or token.map is None
            or after.type not in {"hr", "table_open"}
            or after.map is None
            or after.map[0] != token.map[1]
        ):
            continue
        if after.type == "table_open" and all(
            is_row(lines.items[i]) for i in range(*token.map)
        ):
            continue  # rows above rows: one kramdown table (._tables)
        line = after.map[0] + (1 if after.type == "table_open" else 0)
        prefix = lines.prefix(line)
        text = lines.items[line][len(prefix) :]
        if after.type == "hr" and _KRAMDOWN_LIST_START.match(text):
            continue
        lines.items[line] = f"{prefix}\\{text}"
        changed = True
    return changed


def paren_markers_are_text(tokens: list[Token], lines: Lines) -> bool:
    """``1)`` opens no list in kramdown (``LIST_START_OL`` needs a ``.``).

    CommonMark reads a list; the ``)`` of each item's marker is escaped, so MyST
    reads the text kramdown does. (kramdown's numbering, where a ``.`` list starts
    and from which number, is :func:`._lists.ordered_lists_count_from_one`.)

    :return: whether a line changed (the text must be parsed again).
    """
    changed = False
    for index, token in enumerate(tokens):
        if token.type == "ordered_list_open" and token.markup == ")":
            for line in _direct_items(tokens, index):
                text = lines.items[line]
                number = _PAREN_NUMBER.match(text)
                if number is not None:
                    at = number.end()
                    lines.items[line] = f"{text[:at]}\\{text[at:]}"
                    changed = True
    return changed


def _direct_items(tokens: list[Token], index: int) -> list[int]:
    """The first lines of the items of the list opened at ``tokens[index]``."""
    first_lines: list[int] = []
    depth = 0
    for token in tokens[index + 1 :]:
        if depth == 0 and token.type == "list_item_open" and token.map is not None:
            first_lines.append(token.map[0])
        depth += token.nesting
        if depth < 0:
            break
    return first_lines


def bullets_of_one_list(tokens: list[Token], lines: Lines) -> bool:
    """``*``, ``-`` and ``+`` items one after another make one list, as in kramdown.

    kramdown continues a list with any bullet (``LIST_START_UL``); CommonMark
    starts a new list where the bullet changes. The items of a list right after
    another take its bullet.

    :return: whether a line changed (the text must be parsed again).
    """
    changed = False
    for group in siblings(tokens):
        for before, index in pairwise(group):
            first, second = tokens[before], tokens[index]
            if first.type != "bullet_list_open" or second.type != "bullet_list_open":
                continue
            for line in _direct_items(tokens, index):
                column = len(lines.prefix(line))
                text = lines.items[line]
                if text[column : column + 1] in {"*", "-", "+"}:
                    lines.items[line] = (
                        text[:column] + first.markup + text[column + 1 :]
                    )
                    changed = True
    return changed


_END_TAG = re.compile(r"[ \t]*</[A-Za-z][A-Za-z0-9-]*\s*>")


def stray_end_tags_are_text(tokens: list[Token], lines: Lines) -> bool:
    """An end tag that closes nothing is text, as in kramdown.

    CommonMark starts an HTML block at a line like ``</div>``; kramdown, with no
    such element open, reads a paragraph, and its span parser shows the tag as
    text ("invalidly used HTML closing tag"). Raw, it would close an element of
    the page around the post. Elements kramdown keeps whole and ``markdown="1"``
    elements own their end tags, so an HTML block that starts with one is stray::

        </div>        ->   \\</div>

    :return: whether a line changed (the text must be parsed again).
    """
    changed = False
    for token in tokens:
        if token.type != "html_block" or token.map is None:
            continue
        if token.meta.get("kramdown_raw"):
            continue
        start = token.map[0]
        column = lines.content_start(start)
        text = lines.items[start]
        if _END_TAG.match(text, column):
            at = text.index("<", column)
            lines.items[start] = text[:at] + "\\" + text[at:]
            changed = True
    return changed


def unclosed_comments_are_text(tokens: list[Token], lines: Lines) -> bool:
    """A comment that is never closed is text, as in kramdown.

    CommonMark reads ``<!--`` without a ``-->`` after it as an HTML block to the
    end of the post (raw, it would hide the page around the post); kramdown's
    comment needs its end, so its parser reads a paragraph::

        <!-- draft      ->   \\<!-- draft

    :return: whether a line changed (the text must be parsed again).
    """
    changed = False
    for token in tokens:
        if token.type != "html_block" or token.map is None:
            continue
        if not token.content.lstrip().startswith("<!--") or "-->" in token.content:
            continue
        start = token.map[0]
        text = lines.items[start]
        at = text.index("<!--", len(lines.prefix(start)))
        lines.items[start] = text[:at] + "\\" + text[at:]
        changed = True
    return changed


#: What ends kramdown's lazy code lines: an IAL or ALD, ``^``, or a block element's
#: start or end tag (``LAZY_END_HTML_START``/``_STOP`` in parser/kramdown/codeblock.rb)
_NOT_LAZY_CODE = re.compile(r"\{:|\^[ \t]*$|</?(?P<name>[A-Za-z][\w:-]*)")


def lazy_code_lines(tokens: list[Token], lines: Lines) -> bool:
    """Lines right under indented code are code, as in kramdown.

    kramdown's indented code block takes the unindented lines that follow it up to a
    blank line (it joins each to the line above with a blank); CommonMark ends the
    block there and reads a paragraph, a heading, a list::

            $ git log               $ git log
        # list the commits    ->        # list the commits

    :return: whether a line changed (the text must be parsed again).
    """
    changed = False
    for token in tokens:
        if token.type != "code_block" or token.map is None or token.level != 0:
            continue
        line = token.map[1]
        while line < len(lines.items) and lines.items[line].strip():
            text = lines.items[line]
            stop = _NOT_LAZY_CODE.match(text.lstrip())
            if stop and (
                stop["name"] is None or stop["name"].lower() not in SPAN_ELEMENTS
            ):
                break
            lines.items[line] = f"    {text}"
            changed = True
            line += 1
    return changed
