"""Headings: renumber without level gaps, strip ``{#id}``, record kramdown's ids.

Posts often start at ``###``; MyST warns (``myst.header``) on every level jump, so
each top-level heading becomes its parent's level + 1, the first ones
``top_heading_level``. Setext headings deeper than 2 become ATX headings.
kramdown's explicit id suffix is ``HEADER_ID`` in parser/kramdown/header.rb:
``/[\\t ]{#(?<id>[A-Za-z][\\w:-]*)}\\z/``, matched before trailing ``#``s go.
The closing ``#``s go only after a blank with GFM input (``C#`` keeps its ``#``,
kramdown-parser-gfm's ``parse_atx_header_gfm_quirk``), and a heading left with no
text is no heading: kramdown reads ``##`` as a paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import re
from typing import TYPE_CHECKING

from markdown_it.token import Token

from ._ids import HeaderIds, typographic
from ._parser import inline_children

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

    from ._blocks import Lines

__all__ = ["HeadingState", "headings_kramdown_reads_as_text", "rewrite_headings"]

_HEADER_ID = re.compile(r"[\t ]\{#(?P<id>[A-Za-z][\w:-]*)\}$")
_CLOSING_HASHES = re.compile(r"(?<!\\)#+$")
_CLOSING_HASHES_GFM = re.compile(r"[\t ]#+$")
_INLINE_MATH = re.compile(r"\$\$(.*?)\$\$")


@dataclass(slots=True)
class HeadingState:
    """Inputs and results of the heading pass."""

    lines: Lines
    md: MarkdownIt
    ids: HeaderIds | None
    top_level: int
    stripping: bool
    gfm: bool = True
    #: token index -> explicit id given by an IAL
    explicit: dict[int, str] = field(default_factory=dict)
    heading_ids: dict[int, str] = field(default_factory=dict)
    stack: list[tuple[int, int]] = field(default_factory=list)


def rewrite_headings(tokens: list[Token], roots: set[int], state: HeadingState) -> None:
    """Rewrite every heading; only those in ``roots`` (not nested in containers) renumber."""
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or token.map is None:
            continue
        old = int(token.tag[1])
        new = _new_level(old, state) if index in roots else old
        if token.markup in {"=", "-"}:
            text, own_id = _rewrite_setext(token.map, new, state.lines)
        else:
            text, own_id = _rewrite_atx(token.map[0], old, new, state)
        heading_id = state.explicit.get(index) or own_id
        if heading_id is None and state.ids is not None:
            heading_id = state.ids.generate(_id_text(text, state))
        if heading_id is not None:
            state.heading_ids[token.map[0] + 1] = heading_id


def _new_level(old: int, state: HeadingState) -> int:
    while state.stack and state.stack[-1][0] >= old:
        state.stack.pop()
    new = state.stack[-1][1] + 1 if state.stack else state.top_level
    new = min(new, 6)
    state.stack.append((old, new))
    return new


def _split_id(text: str) -> tuple[str, str | None]:
    match = _HEADER_ID.search(text)
    if match is None:
        return text, None
    return text[: match.start()].rstrip(), match["id"]


def _atx_text(raw: str, old: int, *, gfm: bool) -> tuple[str, str, str | None] | None:
    """An ATX heading line's prefix (container marks), text and explicit id."""
    match = re.match(rf"^(?P<prefix>.*?)#{{{old}}}(?=[ \t]|$)", raw)
    if match is None:
        return None
    text, heading_id = _split_id(raw[match.end() :].strip())
    if heading_id is None:
        closing = _CLOSING_HASHES_GFM if gfm else _CLOSING_HASHES
        text = closing.sub("", text).rstrip()
    return match["prefix"], text, heading_id


def headings_kramdown_reads_as_text(
    tokens: list[Token], lines: Lines, *, gfm: bool
) -> bool:
    """A heading kramdown reads as text is a paragraph: escape its mark.

    kramdown's ATX heading starts at the line's first column and has text; CommonMark
    also takes ``##`` alone and ``   ## x`` (indented up to three spaces). Read
    again, an empty one's line may start a setext heading with the line below (``#``
    then ``-`` is kramdown's ``<h2>#</h2>``).

    :return: whether a line changed (the text must be parsed again).
    """
    changed = False
    lists = 0  # (in a list item, the item's own indentation comes first)
    for token in tokens:
        if token.type in _LIST_OPENS:
            lists += token.nesting
        if (
            token.type != "heading_open"
            or token.map is None
            or token.markup in {"=", "-"}
        ):
            continue
        line = token.map[0]
        found = _atx_text(lines.items[line], int(token.tag[1]), gfm=gfm)
        if found is None:
            continue
        prefix = found[0]
        indented = not lists and _indent_in_quote(prefix) != ""
        if not indented and (found[1] or found[2] is not None):
            continue
        lines.items[line] = f"{prefix}\\{lines.items[line][len(prefix) :]}"
        changed = True
    return changed


_LIST_OPENS = frozenset({
    "bullet_list_open", "bullet_list_close", "ordered_list_open", "ordered_list_close",
})  # fmt: skip


def _indent_in_quote(prefix: str) -> str:
    """The white space before a line's text, after its quote marks (kramdown's
    blockquote takes ``>`` and one space)."""
    mark = prefix.rfind(">")
    rest = prefix[mark + 1 :] if mark >= 0 else prefix
    return rest[1:] if mark >= 0 and rest.startswith(" ") else rest


def _rewrite_atx(
    line: int, old: int, new: int, state: HeadingState
) -> tuple[str, str | None]:
    raw = state.lines.items[line]
    found = _atx_text(raw, old, gfm=state.gfm)
    if found is None:
        return raw.strip(), None
    prefix, text, heading_id = found
    state.lines.items[line] = f"{prefix}{'#' * new} {text}".rstrip()
    return text, heading_id


def _rewrite_setext(span: list[int], new: int, lines: Lines) -> tuple[str, str | None]:
    first, underline = span[0], span[1] - 1
    content = range(first, underline)
    prefix = lines.prefix(first)
    parts = [lines.items[i][len(lines.prefix(i)) :].strip() for i in content]
    text, heading_id = _split_id(" ".join(parts))
    if heading_id is not None:
        last = underline - 1
        lines.items[last] = _split_id(lines.items[last].rstrip())[0]
    if new <= 2:
        mark = "=" if new == 1 else "-"
        lines.items[underline] = lines.prefix(underline) + mark * 3
        return text, heading_id
    for i in [*content, underline]:
        lines.blank(i)
    lines.items[first] = f"{prefix}{'#' * new} {text}"
    return text, heading_id


def _id_text(text: str, state: HeadingState) -> str:
    """The text kramdown derives the id from: plain text when stripping, else raw."""
    if not state.stripping:
        return text
    if not state.md.inline.terminator_re.search(text):
        return typographic(text)  # one text token: no span syntax to strip
    parts: list[str] = []
    for token in inline_children(state.md, Token("inline", "", 0, content=text), {}):
        _plain(token, parts)
    return "".join(parts)


def _plain(token: Token, parts: list[str]) -> None:
    """kramdown-parser-gfm's ``update_raw_text``: text, code spans, math."""
    if token.type == "text":
        parts.append(_INLINE_MATH.sub(r"\1", typographic(token.content)))
    elif token.type == "code_inline":
        parts.append(token.content)
    elif token.type == "softbreak":
        parts.append("\n")
    elif token.type != "image":
        for child in token.children or []:
            _plain(child, parts)
