"""kramdown footnotes where MyST (mdit-py-plugins' footnote rules) reads them otherwise.

From kramdown's ``lib/kramdown/parser/kramdown/footnote.rb`` and
``converter/html.rb`` (gettalong/kramdown 2.4.0, MIT licence). Both number
footnotes in the order of their first reference and take the same indented,
multi-paragraph bodies; they differ here:

- A definition ``[^x]: …`` starts a block only: right after a paragraph line it
  is text of that paragraph (markdown-it ends the paragraph). Its ``[`` is
  escaped, so MyST reads text too. (Right after another definition's first
  line it is a definition in both.)
- A reference to a footnote nobody defines is text in kramdown (with a
  warning); MyST (``always_match_refs``) makes a broken reference. Escaped.
- A definition nobody references is left out of kramdown's output; MyST keeps
  it and warns. Its lines go.
- Of two definitions with one name the later wins (kramdown warns); MyST takes
  the first. The earlier one's lines go.
- A name is ``\\w[\\w-]*`` (``ALD_ID_NAME``); ``[^a.b]`` is not a footnote.
"""

from __future__ import annotations

from dataclasses import dataclass
import re
from typing import TYPE_CHECKING, Any

from ..warnings_ import Diagnostic, JekyllpostsWarning
from ._blocks import remove_blocks
from ._parser import inline_children

if TYPE_CHECKING:
    from collections.abc import Iterable

    from markdown_it import MarkdownIt
    from markdown_it.token import Token

    from ._blocks import Lines

__all__ = ["Footnotes", "definitions_in_paragraphs", "footnotes"]

_NAME = re.compile(r"\w[\w-]*")
_REFERENCE = re.compile(r"\[\^(?P<label>[^\]\s]+)\]")
_DEFINITION = re.compile(r"^(?P<prefix>[ \t>]*)\[\^")


@dataclass(frozen=True, slots=True)
class Footnotes:
    """The footnote names of a post that MyST must not read as references."""

    undefined: frozenset[str]

    def escape(self, text: str) -> tuple[str, list[tuple[int, str]]]:
        """``[^x]`` → ``\\[^x]`` in plain text, for every name without a definition.

        :return: the text, and the offset and name of each reference escaped.
        """
        escaped: list[tuple[int, str]] = []

        def sub(match: re.Match[str]) -> str:
            label = match["label"]
            if label in self.undefined or not _NAME.fullmatch(label):
                escaped.append((match.start(), label))
                return "\\" + match.group()
            return match.group()

        return _REFERENCE.sub(sub, text), escaped


def definitions_in_paragraphs(tokens: list[Token], lines: Lines) -> bool:
    """Escape definitions that kramdown reads as paragraph text.

    :return: whether a line changed (the text must be parsed again).
    """
    starts = {t.map[0] for t in tokens if t.type == "footnote_reference_open" and t.map}
    # a definition's first paragraph ends at the next definition in both readings
    paragraph_ends = {
        t.map[1]
        for t in tokens
        if t.type == "paragraph_open" and t.map is not None and t.map[0] not in starts
    }
    changed = False
    for token in tokens:
        if token.type != "footnote_reference_open" or token.map is None:
            continue
        line = token.map[0]
        if line in paragraph_ends and not lines.is_blank(line - 1):
            text = lines.items[line]
            lines.items[line] = _DEFINITION.sub(r"\g<prefix>\\[^", text, count=1)
            changed = changed or lines.items[line] != text
    return changed


def footnotes(
    tokens: list[Token],
    groups: Iterable[list[int]],
    lines: Lines,
    diagnostics: list[Diagnostic],
    parsed: tuple[MarkdownIt, dict[str, Any]],
) -> Footnotes | None:
    """Drop the definitions kramdown leaves out; the references to escape.

    ``parsed`` is the parser and ``env`` of ``tokens``: span text is parsed
    only where it may hold a reference.
    """
    md, env = parsed
    definitions: dict[str, list[int]] = {}
    referenced: set[str] = set()
    for index, token in enumerate(tokens):
        if token.type == "footnote_reference_open" and token.map is not None:
            definitions.setdefault(token.meta["label"], []).append(index)
        if token.type != "inline" or "[^" not in token.content:
            continue
        for child in inline_children(md, token, env):
            if child.type == "footnote_ref":
                referenced.add(child.meta["label"])
    _lazy_text(tokens, diagnostics)
    drop: set[int] = set()
    for label, indices in definitions.items():
        for index in indices[:-1]:
            first = tokens[index].map
            line = first[0] + 1 if first else None
            message = f"duplicate footnote {label!r}; the later definition wins"
            diagnostics.append(Diagnostic(JekyllpostsWarning.KRAMDOWN, message, line))
        drop.update(indices if label not in referenced else indices[:-1])
    if drop:
        remove_blocks(tokens, groups, lines, drop)
    undefined = frozenset(referenced - definitions.keys())
    if not undefined and all(_NAME.fullmatch(label) for label in referenced):
        return None
    return Footnotes(undefined)


def _lazy_text(tokens: list[Token], diagnostics: list[Diagnostic]) -> None:
    """Text right after a footnote's first line: MyST continues the footnote.

    kramdown ends the footnote there (the parser's ``kramdown_footnote_end``
    reads it so); no line is free to end it for MyST, so say so.
    """
    ends = {
        t.map[1]
        for t in tokens
        if t.type == "footnote_reference_open" and t.map and t.map[1] == t.map[0] + 1
    }
    starts = {t.map[0] for t in tokens if t.type == "footnote_reference_open" and t.map}
    for token in tokens:
        if (
            token.type == "paragraph_open"
            and token.map
            and token.map[0] in ends - starts
        ):
            message = (
                "text right after a footnote's first line is not the footnote's "
                "in kramdown; MyST reads it as such: put a blank line before it"
            )
            diagnostics.append(
                Diagnostic(JekyllpostsWarning.KRAMDOWN, message, token.map[0] + 1)
            )
