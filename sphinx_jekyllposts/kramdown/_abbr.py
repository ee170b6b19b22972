"""kramdown abbreviations → MyST ``{abbr}`` roles (docutils ``abbreviation`` nodes).

Ported from kramdown's ``lib/kramdown/parser/kramdown/abbreviation.rb``
(gettalong/kramdown 2.4.0, MIT licence)::

    *[HTML]: Hyper Text Markup Language     (the line goes)
    The HTML spec.                      ->  The {abbr}`HTML (Hyper Text Markup Language)` spec.

- A definition (``ABBREV_DEFINITION_START``, up to three blanks of indentation)
  is a block of its own: it starts a block, never continues a paragraph, and
  ends the block before it (two lists around it stay two lists). A later
  definition of the same abbreviation wins, with kramdown's warning.
- Every definition applies to the whole post, wherever it stands (also inside
  quotes and list items), to text only: not to code, raw HTML tags, the content
  of ``<code>``/``<kbd>``/… (kramdown's raw content model), math, link
  destinations, reference labels or image alternatives.
- Matches are whole words as kramdown's ``(?=(?:\\W|^)abbr(?!\\w))`` finds them,
  longest abbreviation first; Ruby's ``\\w`` is ASCII, so ``한HTML`` matches.
  A text element starts and ends at emphasis delimiters, so ``_HTML_`` matches.
"""

from __future__ import annotations

from dataclasses import dataclass
import re
from typing import TYPE_CHECKING

from markdown_it.common.utils import normalizeReference

from ..warnings_ import Diagnostic, JekyllpostsWarning
from ._blocks import remove_blocks

if TYPE_CHECKING:
    from collections.abc import Iterable

    from markdown_it.token import Token

    from ._blocks import Lines

__all__ = ["ABBR_LINE_RE", "Abbreviations", "abbr_role", "collect_abbreviations"]

#: ``ABBREV_DEFINITION_START`` without the ``OPT_SPACE`` (markdown-it strips it).
ABBR_LINE_RE = re.compile(r"^\*\[(?P<name>.+?)\]:(?P<title>.*?)[ \t\r]*$")

_WORD = re.compile(r"[A-Za-z0-9_]")
#: kramdown ``HTML_CONTENT_MODEL_RAW``: no span parsing inside these elements
_RAW_ELEMENTS = "code|kbd|samp|var|script|style|math|option|textarea|pre"
_PROTECTED = re.compile(
    rf"<(?P<raw>{_RAW_ELEMENTS})\b[^>]*>.*?</(?P=raw)\s*>"  # raw content model
    r"|!\[(?:[^\[\]\\]|\\.|\[[^\[\]]*\])*\]"  # image alternative
    r"|\]\((?:[^()\\]|\\.|\([^()]*\))*\)"  # link destination and title
    r"|\]\[[^\[\]]*\]"  # reference label
    r"|\[\^[^\]\s]*\]"  # footnote reference
    r"|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);",  # entity
    re.DOTALL | re.IGNORECASE,
)
#: container markers, list markers and ATX heading markers are syntax, not text
_LINE_SYNTAX = re.compile(
    r"^[ \t>]*(?:[-*+:~][ \t]+|\d{1,9}[.)][ \t]+|#{1,6}[ \t]+)?", re.MULTILINE
)
#: a name made of Markdown's span syntax would break the markup around it; Sphinx's
#: ``abbr`` role reads a title from the first parenthesis, so a name holds none
_SYNTAX_NAME = re.compile(r"[*_\[\]!<>`{}|\\$()]")
_SHORTCUT = re.compile(r"(?<![\]!\\])\[(?P<label>[^\[\]]+)\](?:\[\])?(?![\[(])")


def abbr_role(name: str, title: str) -> str:
    """``{abbr}`name (title)``` (backtick-safe); Sphinx reads the last parenthesis."""
    content = f"{name} ({title})" if title else name
    longest = max((len(r) for r in re.findall(r"`+", content)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if content.startswith("`") or content.endswith("`") else ""
    return f"{{abbr}}{ticks}{pad}{content}{pad}{ticks}"


@dataclass(frozen=True, slots=True)
class Abbreviations:
    """The post's abbreviations and the pattern that finds them in text."""

    titles: dict[str, str]
    references: frozenset[str] = frozenset()

    def pattern(self) -> re.Pattern[str]:
        """kramdown's ``Regexp.union`` of the names, longest first.

        Names holding Markdown span syntax (``*``, ``_``, brackets, …) are left
        out: rewriting them could break the emphasis or link around them.
        """
        names = sorted(
            (n for n in self.titles if not _SYNTAX_NAME.search(n)),
            key=len,
            reverse=True,
        )
        return re.compile("|".join(re.escape(n) for n in names) or r"(?!)")

    def protected(self, src: str) -> list[tuple[int, int]]:
        """Spans of ``src`` that are not text kramdown would abbreviate."""
        spans = [m.span() for m in _PROTECTED.finditer(src)]
        return spans + [m.span() for m in _LINE_SYNTAX.finditer(src) if m.group()]

    def shortcuts(self, src: str) -> list[re.Match[str]]:
        """Shortcut and collapsed reference links (``[label]``, ``[label][]``)."""
        return [
            m
            for m in _SHORTCUT.finditer(src)
            if normalizeReference(m["label"]) in self.references
        ]


def _word(text: str, index: int) -> bool:
    return 0 <= index < len(text) and bool(_WORD.match(text[index]))


def _emphasised(src: str, start: int, end: int) -> bool:
    """``_abbr_``: underscores that open and close emphasis around the match."""
    before = start
    while before > 0 and src[before - 1] == "_":
        before -= 1
    after = end
    while after < len(src) and src[after] == "_":
        after += 1
    return (
        start - before == after - end > 0
        and not _word(src, before - 1)
        and not _word(src, after)
    )


def _is_word(src: str, start: int, end: int) -> bool:
    """kramdown's word boundaries around a match ``src[start:end]``."""
    if not (_word(src, start - 1) or _word(src, end)):
        return True
    return _emphasised(src, start, end)


@dataclass(slots=True)
class AbbrWriter:
    """Rewrites the text parts of one block's source (see :func:`apply`)."""

    abbreviations: Abbreviations
    src: str
    spans: list[tuple[int, int]]
    shortcuts: list[re.Match[str]]
    regex: re.Pattern[str]

    @classmethod
    def create(cls, abbreviations: Abbreviations, src: str) -> AbbrWriter:
        """A writer for ``src``, a block's whole text."""
        return cls(
            abbreviations,
            src,
            abbreviations.protected(src),
            abbreviations.shortcuts(src),
            abbreviations.pattern(),
        )

    def apply(self, start: int, end: int) -> str:
        """``src[start:end]``, a run of plain text, with its abbreviations as roles.

        The text of a shortcut reference link is its label: when it changes,
        the label moves into a full reference (``[HTML]`` → ``[{abbr}…][HTML]``).
        """
        out: list[str] = []
        pos = start
        for link in self.shortcuts:
            if link.start() < start or link.end() > end:
                continue
            out.append(self._replace(pos, link.start()))
            label_start, label_end = link.span("label")
            text = self._replace(label_start, label_end)
            if text == link["label"]:
                out.append(link.group())
            else:
                out.append(f"[{text}][{link['label']}]")
            pos = link.end()
        out.append(self._replace(pos, end))
        return "".join(out)

    def _replace(self, start: int, end: int) -> str:
        out: list[str] = []
        pos = start
        search = start
        while (match := self.regex.search(self.src, search, end)) is not None:
            begin, stop = match.span()
            if self._protected(begin, stop) or not _is_word(self.src, begin, stop):
                search = begin + 1
                continue
            name = match.group()
            out.append(self.src[pos:begin])
            out.append(abbr_role(name, self.abbreviations.titles[name]))
            pos = search = stop
        out.append(self.src[pos:end])
        return "".join(out)

    def _protected(self, begin: int, stop: int) -> bool:
        return any(b < stop and begin < e for b, e in self.spans)


def collect_abbreviations(
    tokens: list[Token],
    groups: Iterable[list[int]],
    lines: Lines,
    diagnostics: list[Diagnostic],
    references: Iterable[str],
) -> Abbreviations | None:
    """Read and remove the definitions; ``None`` when the post has none."""
    titles: dict[str, str] = {}
    for token in tokens:
        if token.type != "kramdown_abbr" or token.map is None:
            continue
        name, line = token.meta["name"], token.map[0]
        if name in titles:
            message = f"duplicate abbreviation {name!r}; the later definition wins"
            diagnostics.append(
                Diagnostic(JekyllpostsWarning.KRAMDOWN, message, line + 1)
            )
        titles[name] = token.meta["title"]
    if not titles:
        return None
    drop = {i for i, t in enumerate(tokens) if t.type == "kramdown_abbr"}
    remove_blocks(tokens, groups, lines, drop)
    return Abbreviations(titles, frozenset(references))
