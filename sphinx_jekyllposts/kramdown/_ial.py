"""Block IALs: bind each ``{: ...}`` line to its block as kramdown does, and rewrite it.

kramdown (``parse_block_extensions`` in parser/kramdown/extensions.rb) binds a block
IAL to the block directly above it when there is no blank line in between, else to
the block directly below it (an IAL followed by a blank line is lost). MyST's
``attrs_block`` only accepts the attribute line *before* a block and cannot interrupt
a paragraph, so an IAL after a block moves to the blank line above that block when
that line is free, and otherwise goes to the ``block_attrs`` side channel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import re
from typing import TYPE_CHECKING

from ..warnings_ import Diagnostic, JekyllpostsWarning
from ._attrs import (
    SPAN_IAL_RE,
    Attrs,
    BlockAttrs,
    ElementAttrs,
    parse_attribute_list,
    resolve,
    to_myst,
    unknown_refs,
)

if TYPE_CHECKING:
    from markdown_it.token import Token

    from ._blocks import Lines

__all__ = ["TOC_MARKER", "IalState", "bind_ials"]

#: blocks whose attributes go through the side channel: an indented code block's
#: prefix is its code's indent, and MyST gives a math block no attributes
_SIDE_ONLY = frozenset({"code_block", "kramdown_math"})
#: What a ``{:toc}`` inside another block becomes (an HTML comment for MyST).
TOC_MARKER = "<!-- jekyllposts: table of contents -->"
_KEEP = frozenset({"toc"})
_NOT_TARGETS = frozenset(
    {
        "kramdown_ial",
        "kramdown_ald",
        "kramdown_ext",
        "kramdown_eob",
        "kramdown_summary",
        "kramdown_abbr",  # kramdown binds the IAL to the definition's end-of-block
        "kramdown_html_open",
        "kramdown_html_close",  # the element's IAL: see _bind_run
    }
)
_CLOSED = frozenset({"heading_open", "fence", "hr", "kramdown_math", "kramdown_ext"})
_LISTS = frozenset({"bullet_list_open", "ordered_list_open"})


@dataclass(slots=True)
class IalState:
    """Results shared with the rest of the conversion."""

    lines: Lines
    alds: dict[str, Attrs]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    block_attrs: dict[int, BlockAttrs] = field(default_factory=dict)
    #: 1-based line of a block -> HTML attributes MyST does not keep
    element_attrs: dict[int, list[ElementAttrs]] = field(default_factory=dict)
    #: token index of a block -> attributes kramdown gives it (headings read ids)
    bound: dict[int, Attrs] = field(default_factory=dict)
    claimed: set[int] = field(default_factory=set)
    #: a link definition's label (normalized) -> the IAL after it, for its links
    reference_ials: dict[str, str] = field(default_factory=dict)


def bind_ials(tokens: list[Token], group: list[int], state: IalState) -> None:
    """Bind and rewrite the IAL lines among one parent's children."""
    pos = 0
    while pos < len(group):
        if tokens[group[pos]].type != "kramdown_ial":
            pos += 1
            continue
        end = pos
        while (
            end + 1 < len(group)
            and tokens[group[end + 1]].type == "kramdown_ial"
            and _start(tokens[group[end + 1]]) == _end(tokens[group[end]])
        ):
            end += 1
        _bind_run(tokens, group, pos, end, state)
        pos = end + 1


def _start(token: Token) -> int:
    return token.map[0] if token.map else -1


def _end(token: Token) -> int:
    return token.map[1] if token.map else -1


def _bind_run(
    tokens: list[Token], group: list[int], first: int, last: int, state: IalState
) -> None:
    """Bind the consecutive IAL lines ``group[first..last]``."""
    ial_lines = [_start(tokens[group[i]]) for i in range(first, last + 1)]
    attrs = _merged(tokens, [group[i] for i in range(first, last + 1)], state)
    before = tokens[group[first - 1]] if first > 0 else None
    after = tokens[group[last + 1]] if last + 1 < len(group) else None
    if (
        before is not None
        and before.type in {"kramdown_html_close", "kramdown_summary"}
        and _end(before) == ial_lines[0]
    ):
        # kramdown: the IAL after a markdown="1" element's end tag is the
        # element's, the one after its <summary> the summary's; the container
        # rewrite (._html) applies them
        before.meta["ial"] = attrs
        for ial_line in ial_lines:
            state.lines.blank(ial_line)
    elif (
        before is not None
        and before.type not in _NOT_TARGETS
        and _end(before) == ial_lines[0]
        # markdown-it lets a list end after its trailing blank line; kramdown
        # binds an IAL after a blank line to the block below
        and not state.lines.is_blank(ial_lines[0] - 1)
    ):
        _apply_after(tokens, group[first - 1], attrs, ial_lines, state)
    elif (
        after is not None
        and after.type not in _NOT_TARGETS
        and _start(after) == ial_lines[-1] + 1
    ):
        _apply_before(tokens, group[last + 1], attrs, ial_lines, state)
    elif (label := _definition_above(ial_lines[0], state)) is not None:
        # kramdown: the attributes of the links (and images) that use the definition
        bodies = [tokens[group[i]].meta["body"] for i in range(first, last + 1)]
        state.reference_ials[label] = " ".join(b.strip() for b in bodies)
        for ial_line in ial_lines:
            state.lines.blank(ial_line)
    else:
        line = ial_lines[0]
        message = f"kramdown IAL {state.lines.items[line].strip()!r} belongs to no block; dropped"
        state.diagnostics.append(
            Diagnostic(JekyllpostsWarning.KRAMDOWN, message, line + 1)
        )
        for ial_line in ial_lines:
            state.lines.blank(ial_line)


_DEFINITION = re.compile(r"^[ \t>]*\[(?P<label>[^\]^][^\]]*)\]:[ \t]*\S")


def _definition_above(line: int, state: IalState) -> str | None:
    """The normalized label of a link definition on the line above ``line``."""
    from markdown_it.common.utils import normalizeReference

    match = _DEFINITION.match(state.lines.items[line - 1]) if line > 0 else None
    return normalizeReference(match["label"]) if match else None


def _merged(tokens: list[Token], indices: list[int], state: IalState) -> Attrs:
    merged = Attrs()
    for index in indices:
        token = tokens[index]
        attrs: Attrs | None = token.meta.get("attrs")
        line = _start(token) + 1
        if attrs is None:
            message = f"no attributes in kramdown IAL {'{:' + token.meta['body'] + '}'!r}; ignored"
            state.diagnostics.append(
                Diagnostic(JekyllpostsWarning.KRAMDOWN, message, line)
            )
            continue
        for ref in unknown_refs(attrs, state.alds, _KEEP):
            message = f"kramdown IAL names unknown attribute list {ref!r}; ignored"
            state.diagnostics.append(
                Diagnostic(JekyllpostsWarning.KRAMDOWN, message, line)
            )
        merged.update(resolve(attrs, state.alds, keep=_KEEP))
    return merged


def _record(index: int, attrs: Attrs, state: IalState, start: int = -1) -> None:
    if attrs.pairs and start >= 0:
        element = ElementAttrs(tuple(attrs.pairs.items()))
        state.element_attrs.setdefault(start + 1, []).append(element)
    if index in state.bound:
        state.bound[index].update(attrs)
    else:
        state.bound[index] = attrs


def _apply_before(
    tokens: list[Token], index: int, attrs: Attrs, ial_lines: list[int], state: IalState
) -> None:
    """The IAL precedes its block: MyST reads the same position."""
    _record(index, attrs, state, _start(tokens[index]))
    prefix = state.lines.prefix(ial_lines[-1])  # a list item's indent, a quote's `>`
    for line in ial_lines:
        state.lines.blank(line)
    if "toc" in attrs.refs and tokens[index].type in _LISTS:
        state.diagnostics.append(
            Diagnostic(
                JekyllpostsWarning.KRAMDOWN,
                "'{:toc}' before a list is not a table of contents; ignored",
                ial_lines[0] + 1,
            )
        )
    if _only_refs(attrs):
        return
    if tokens[index].type in _SIDE_ONLY:
        _side_channel(_start(tokens[index]), attrs, state)
        return
    line = ial_lines[-1]
    state.lines.items[line] = prefix + to_myst(attrs)
    state.claimed.add(line)


def _only_refs(attrs: Attrs) -> bool:
    return not (attrs.id or attrs.classes or attrs.pairs)


def _apply_after(
    tokens: list[Token], index: int, attrs: Attrs, ial_lines: list[int], state: IalState
) -> None:
    """The IAL follows its block: move it above the block, or use the side channel."""
    _record(index, attrs, state, _start(tokens[index]))
    for line in ial_lines:
        state.lines.blank(line)
    token = tokens[index]
    if "toc" in attrs.refs and token.type in _LISTS:
        _toc(token, ial_lines, state, nested=_nested(tokens, index))
        return
    if _only_refs(attrs):
        return
    start = _start(token)
    free = start - 1
    if token.type not in _SIDE_ONLY and _is_free(free, start, tokens, index, state):
        prefix = state.lines.prefix(start)
        if token.type == "blockquote_open":  # the attributes go outside the quote
            prefix = prefix[: prefix.rfind(">")]
        state.lines.items[free] = prefix + to_myst(attrs)
        state.claimed.add(free)
        return
    _side_channel(start, attrs, state)


def _side_channel(start: int, attrs: Attrs, state: IalState) -> None:
    """Give the block at line ``start`` the attributes through ``block_attrs``."""
    existing = state.block_attrs.get(start + 1)
    merged = Attrs()
    if existing:
        merged = Attrs(
            existing.ids[0] if existing.ids else None,
            list(existing.classes),
            dict(existing.attributes),
        )
    merged.update(attrs)
    merged.refs = []
    state.block_attrs[start + 1] = merged.frozen()


def _is_free(
    free: int, start: int, tokens: list[Token], index: int, state: IalState
) -> bool:
    """Whether line ``free`` may carry a MyST attribute line for the block at ``start``."""
    lines = state.lines
    if free < 0 or free in state.claimed or not lines.is_blank(free):
        return False
    if free > 0 and not lines.is_blank(free - 1) and not _closed_above(tokens, free):
        return False  # the attribute line would continue the paragraph above
    quotes = lines.prefix(start).count(">") - (tokens[index].type == "blockquote_open")
    if lines.items[free].count(">") < quotes:
        return False  # a quote's first block: the line above is outside the quote
    # a list item's first paragraph starts after the marker: the line above is outside
    return tokens[index].type in _LISTS or not lines.starts_with_list_marker(start)


def _closed_above(tokens: list[Token], line: int) -> bool:
    """Whether the block ending just above ``line`` cannot take a continuation line."""
    for token in tokens:
        if token.map is None or token.map[1] != line or token.nesting == -1:
            continue
        if token.type in _CLOSED:
            return True
        if token.type == "html_block" and token.content.lstrip().startswith("<!--"):
            return token.content.rstrip().endswith("-->")
    return False


def _nested(tokens: list[Token], index: int) -> bool:
    """Whether a block stands in a quote, a list or a ``markdown="1"`` element."""
    depth = 0
    for token in tokens[:index]:
        if token.type == "kramdown_html_open":
            depth += 1
        elif token.type == "kramdown_html_close":
            depth -= 1
    return tokens[index].level > 0 or depth > 0


def _toc(token: Token, ial_lines: list[int], state: IalState, *, nested: bool) -> None:
    """``* TOC`` + ``{:toc}`` → a MyST ``{contents}`` directive with ``:local:``.

    docutils allows no ``contents`` inside another block (a ``<details>``, a
    quote): there the list becomes :data:`TOC_MARKER`, which the build fills.
    """
    lines = state.lines
    span = list(range(_start(token), ial_lines[-1] + 1))
    if nested:
        prefix = lines.prefix(span[0])
        for line in span:
            lines.blank(line)
        lines.items[span[0]] = prefix + TOC_MARKER
        state.claimed.update(span)
        return
    if (
        len(span) < 3
        and lines.is_blank(span[-1] + 1)
        and span[-1] + 1 < len(lines.items)
    ):
        span.append(span[-1] + 1)
    prefix = lines.prefix(span[0])
    for line in span:
        lines.blank(line)
    lines.items[span[0]] = prefix + "```{contents}"
    if len(span) >= 3:
        lines.items[span[1]] = prefix + ":local:"
    lines.items[span[-1]] = prefix + "```"
    state.claimed.update(span)


#: The class marking attributes that belong to a list item, not to its list (the
#: transform gives them to the ``<li>``).
LIST_ITEM_CLASS = "jekyllposts-list-item"


def list_item_ials(tokens: list[Token], state: IalState) -> None:
    """``* {: .cls} text``: an IAL opening a list item's text is the item's.

    kramdown gives its attributes to the ``<li>``; the IAL leaves the line, and the
    side channel carries the attributes, marked for the item.
    """
    lines = state.lines
    for index, token in enumerate(tokens[:-2]):
        if token.type != "list_item_open" or token.map is None:
            continue
        inline = tokens[index + 2]
        if tokens[index + 1].type != "paragraph_open" or inline.type != "inline":
            continue
        if inline.map is None or not inline.content.startswith("{:"):
            continue
        line = inline.map[0]
        text = lines.items[line]
        start = text.find("{:")
        match = SPAN_IAL_RE.match(text, start) if start >= 0 else None
        attrs = parse_attribute_list(match["body"]) if match else None
        if match is None or attrs is None or not text[match.end() :].strip():
            continue
        resolved = resolve(attrs, state.alds, keep=frozenset())
        lines.items[line] = text[:start] + text[match.end() :].lstrip(" \t")
        merged = Attrs(
            resolved.id, [*resolved.classes, LIST_ITEM_CLASS], resolved.pairs
        )
        state.block_attrs[line + 1] = merged.frozen()


_REFERENCE_LINK = re.compile(
    r"(?P<code>(`+).*?(?<!`)\2(?!`))"
    r"|\[(?P<text>[^\[\]\n]*)\](?:\[(?P<label>[^\[\]\n]*)\])?(?![(\[:{])"
)


def with_reference_ials(src: str, ials: dict[str, str]) -> str:
    """``[text][ref]``, ``[ref][]`` and ``[ref]`` (also images) followed by the IAL
    written after ``[ref]:``'s definition, which the span IAL pass then applies."""
    from markdown_it.common.utils import normalizeReference

    def add(match: re.Match[str]) -> str:
        if match["code"] or match["text"] is None:
            return match.group()
        label = match["label"] or match["text"]
        body = ials.get(normalizeReference(label)) if label.strip() else None
        return f"{match.group()}{{:{body}}}" if body else match.group()

    return _REFERENCE_LINK.sub(add, src)
