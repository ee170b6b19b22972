"""HTML blocks whose content kramdown parses (``markdown="1"``) → MyST colon fences.

::

    <div class="box-note" markdown="1">      :::{container} box-note
    **Note** text                       ->   **Note** text
    </div>                                   :::

    <details open markdown="1">              ::::{dropdown} Click
    <summary>Click</summary>            ->   :open:
    {: .small}                               :class-title: small
    text                                     text
    </details>                               ::::

An IAL right after the end tag is the element's (kramdown): its classes join
the container's; an id, a dropdown's classes and ``open`` on a ``<details>``
whose summary shares its line go to the side channel (no line to hold them).

A fence has more colons than every fence nested in it.

A raw HTML element with blank lines in it stays one HTML block, as in kramdown:
each blank line inside it gets an empty comment, so CommonMark does not end the
block there and read the rest as Markdown::

    <table>                                  <table>
      <tr><td>1</td></tr>               ->     <tr><td>1</td></tr>
                                             <!-- -->
      <tr><td>2</td></tr>                      <tr><td>2</td></tr>
    </table>                                 </table>
"""

from __future__ import annotations

from dataclasses import dataclass, field
import re
from typing import TYPE_CHECKING

from ..warnings_ import Diagnostic, JekyllpostsWarning
from ._attrs import Attrs, BlockAttrs
from ._rawhtml import tags_with_blank_lines

if TYPE_CHECKING:
    from markdown_it.token import Token

    from ._blocks import Lines

__all__ = ["SPLIT_MARK", "keep_raw_html_whole", "rewrite_html_blocks"]

#: What a blank line inside a raw HTML element becomes: invisible, not blank.
FILLER = "<!-- -->"

#: What begins each line of a raw HTML element that text follows on the next
#: line: CommonMark reads a line starting with a comment that ends on it as an
#: HTML block of one line, so the element's block ends where kramdown ends it
#: (CommonMark would read on to a blank line). The build joins the lines again.
SPLIT_MARK = "<!--kramdown-->"

_ATTR = re.compile(r"""([\w:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


@dataclass(slots=True)
class _Pair:
    open: Token
    close: Token | None = None
    summary: Token | None = None
    children: list[_Pair] = field(default_factory=list)

    def height(self) -> int:
        return 1 + max((c.height() for c in self.children), default=0)


def rewrite_html_blocks(
    tokens: list[Token],
    lines: Lines,
    diagnostics: list[Diagnostic],
    block_attrs: dict[int, BlockAttrs] | None = None,
) -> None:
    """Turn every closed ``markdown="1"`` HTML block into a colon fence.

    What the fence line cannot hold (an IAL's id, a dropdown's classes, ``open``
    on a ``<details>`` whose summary shares its line) goes to ``block_attrs``,
    keyed by the fence's line (1-based), for the docutils transform.
    """
    side = {} if block_attrs is None else block_attrs
    roots: list[_Pair] = []
    stack: list[_Pair] = []
    for token in tokens:
        if token.type == "kramdown_html_open":
            pair = _Pair(token)
            (stack[-1].children if stack else roots).append(pair)
            stack.append(pair)
        elif token.type == "kramdown_summary" and stack:
            stack[-1].summary = token
        elif token.type == "kramdown_html_close" and stack:
            stack.pop().close = token
    for pair in _walk(roots):
        _rewrite(pair, lines, diagnostics, side)


#: ``<div class="x" markdown="1">Some *text*</div>`` on a line of its own
_ONE_LINE = re.compile(
    r"^(?P<prefix>[ \t>]*)<(?P<tag>div|p|section|article|aside|center|figure)\b"
    r"(?P<attrs>[^<>]*\bmarkdown\s*=\s*[\"']?(?:1|block|span)[\"']?[^<>]*)>"
    r"(?P<body>(?:(?!</?(?P=tag)\b).)*\S(?:(?!</?(?P=tag)\b).)*)"
    r"</(?P=tag)\s*>[ \t]*$",
    re.IGNORECASE,
)


def one_line_markdown_blocks(
    tokens: list[Token], lines: Lines, block_attrs: dict[int, BlockAttrs]
) -> None:
    """An HTML element with ``markdown="1"`` (or ``block``, ``span``) opened and
    closed on one line: its Markdown is read, as kramdown reads it.

    The line becomes its text; the element's id and classes go to the side channel,
    for the paragraph the text is (``<div class="box-note" markdown="1">**Note:**
    …</div>`` is a callout like the box's paragraph).
    """
    for token in tokens:
        if token.type != "html_block" or token.map is None:
            continue
        start, end = token.map
        if end - start != 1:
            continue
        match = _ONE_LINE.match(lines.items[start])
        if match is None:
            continue
        attrs = _attributes(match["attrs"])
        ids = tuple(attrs["id"].split()[:1]) if attrs.get("id") else ()
        classes = tuple(attrs.get("class", "").split())
        lines.items[start] = match["prefix"] + match["body"].strip()
        if ids or classes:
            block_attrs[start + 1] = BlockAttrs(ids, classes)


def _walk(pairs: list[_Pair]) -> list[_Pair]:
    result: list[_Pair] = []
    for pair in pairs:
        result.append(pair)
        result.extend(_walk(pair.children))
    return result


def _attributes(text: str) -> dict[str, str]:
    return {
        m[1].lower(): m[2]
        if m[2] is not None
        else m[3]
        if m[3] is not None
        else m[4] or ""
        for m in _ATTR.finditer(text)
    }


def _rewrite(
    pair: _Pair,
    lines: Lines,
    diagnostics: list[Diagnostic],
    block_attrs: dict[int, BlockAttrs],
) -> None:
    start = pair.open.map[0] if pair.open.map else 0
    if pair.close is None or pair.close.map is None:
        message = (
            f"HTML block {lines.items[start].strip()!r} is never closed; kept as HTML"
        )
        diagnostics.append(Diagnostic(JekyllpostsWarning.KRAMDOWN, message, start + 1))
        return
    colons = ":" * (2 + pair.height())
    attrs = _attributes(pair.open.meta["attrs"])
    ial: Attrs = pair.close.meta.get("ial") or Attrs()
    side = Attrs(ial.id, [], {})
    prefix = lines.prefix(start)
    body: int | None = start + 1  # the body's first line, right below the head
    if pair.open.meta["tag"] == "details":
        title = pair.open.meta["title"]
        side.classes = list(ial.classes)
        if pair.summary is not None and pair.summary.map is not None:
            title = pair.summary.meta["title"]
            body = _summary_options(
                pair.summary, start + 1, "open" in attrs, lines, prefix
            )
        elif "open" in attrs:
            side.pairs["open"] = ""  # no line for the option: the transform opens it
        head = f"{{dropdown}} {(title or '').strip() or 'Details'}"
    else:
        classes = attrs.get("class", "").split()
        classes += [c for c in ial.classes if c not in classes]
        head = f"{{container}} {' '.join(classes)}".rstrip()
    if not side.is_empty():
        block_attrs[start + 1] = side.frozen()
    lines.items[start] = f"{prefix}{colons}{head}"
    close_line = pair.close.map[0]
    lines.items[close_line] = lines.prefix(close_line) + colons
    if body is not None and body < close_line:
        _guard_body(lines, body, yaml=body == start + 1)


#: A thematic break of dashes (kramdown and CommonMark alike).
_DASH_RULE = re.compile(r"-[ \t]*-[ \t]*-[- \t]*")


def _guard_body(lines: Lines, line: int, *, yaml: bool) -> None:
    """Keep the body's first line from being read as the directive's options.

    MyST reads options from the top of a directive's body: lines starting with
    ``:`` (an emoji code, say), or a YAML block opened by ``---`` on its first
    line (a rule). The colon is escaped; the rule is drawn with ``*`` instead.
    """
    prefix = lines.prefix(line)
    text = lines.items[line][len(prefix) :]
    if text.startswith(":"):
        lines.items[line] = prefix + "\\" + text
    elif yaml and text.startswith("---"):
        rule = _DASH_RULE.fullmatch(text.rstrip())
        lines.items[line] = prefix + (text.replace("-", "*") if rule else "\\" + text)


def _summary_options(
    summary: Token, first: int, is_open: bool, lines: Lines, prefix: str
) -> int | None:
    """The lines of ``<summary>`` (and of its IAL) hold the dropdown's options.

    ``:open:`` for ``<details open>``, ``:class-title:`` for the summary's IAL
    classes; the directive reads its options from the lines right after its own,
    so they start at ``first``, the line after ``<details>`` (blank lines may
    come before the summary).

    :return: the body's first line if it comes right below an option line
    """
    assert summary.map is not None
    ial: Attrs | None = summary.meta.get("ial")
    options = [":open:"] if is_open else []
    if ial is not None and ial.classes:
        options.append(f":class-title: {' '.join(ial.classes)}")
    stop = summary.map[1]
    # an IAL line follows the summary when there are classes for it
    stop += 1 if ial is not None else 0
    spare = stop - first - len(options)
    for line in range(first, stop):
        lines.blank(line)
        if options:
            lines.items[line] = prefix + options.pop(0)
    return stop if spare == 0 and stop > first else None


def keep_raw_html_whole(
    tokens: list[Token], lines: Lines, diagnostics: list[Diagnostic]
) -> None:
    """Fill the blank lines of raw HTML elements that kramdown keeps whole.

    A blank line inside a tag (attributes spread over lines, often by Liquid)
    cannot hold a comment: the tag moves onto its first line, its other lines
    become comments. A ``>`` starting a line of HTML is HTML, not a quote marker,
    so the parser's columns say where each line's HTML starts. An element left
    open where the post (or its list item, its quote) ends gets its end tags
    there, as kramdown closes it, so it never runs on into the page around.
    """
    for token in tokens:
        if token.type != "html_block":
            continue
        if not token.meta.get("kramdown_raw"):
            _close_raw_text(token, lines, diagnostics)
            continue
        assert token.map is not None
        block = _RawBlock(
            lines, token.map[0], token.meta["columns"], token.meta["indent"]
        )
        block.run()
        if unclosed := token.meta.get("unclosed"):
            last = token.map[1] - 1
            lines.items[last] += "".join(f"</{tag}>" for tag in reversed(unclosed))
            diagnostics.append(_never_closed(unclosed, token.map[0] + 1))
        if token.meta.get("marks"):
            block.mark_lines(token.meta["marks"])


#: CommonMark's HTML blocks that end at their end tag only (``<script>``, …)
_RAW_TEXT_START = re.compile(r"<(script|pre|style|textarea)(?=[\s>]|$)", re.IGNORECASE)


def _close_raw_text(token: Token, lines: Lines, diagnostics: list[Diagnostic]) -> None:
    """A ``<script>`` (``<pre>``, ``<style>``, ``<textarea>``) left open gets its
    end tag where its block ends, as kramdown closes it at the end of the post."""
    match = _RAW_TEXT_START.match(token.content.lstrip())
    if match is None or token.map is None:
        return
    tag = match[1].lower()
    if re.search(rf"</{tag}\s*>", token.content, re.IGNORECASE):
        return
    start, end = token.map
    last = max(
        (line for line in range(start, end) if not lines.is_blank(line)), default=start
    )
    lines.items[last] += f"</{tag}>"
    diagnostics.append(_never_closed((tag,), start + 1))


def _never_closed(tags: tuple[str, ...], line: int) -> Diagnostic:
    names = ", ".join(f"<{tag}>" for tag in tags)
    message = (
        f"HTML element {names} is never closed: as kramdown, closed where the post "
        "(or its list item, its quote) ends"
    )
    return Diagnostic(JekyllpostsWarning.KRAMDOWN, message, line)


@dataclass(slots=True)
class _RawBlock:
    lines: Lines
    start: int
    columns: list[int]
    indent: int
    filled: set[int] = field(default_factory=set)

    def prefix(self, line: int) -> str:
        return self.lines.items[line][: self.columns[line - self.start]]

    def content(self, line: int) -> str:
        return self.lines.items[line][self.columns[line - self.start] :]

    def fill(self, line: int, rest: str = "") -> None:
        quote = self.prefix(line).rstrip()
        head = f"{quote} " if quote else ""
        self.lines.items[line] = head + " " * self.indent + (rest or FILLER)
        self.columns[line - self.start] = len(head)
        self.filled.add(line)

    def mark_lines(self, marks: list[int]) -> None:
        """Begin every line with :data:`SPLIT_MARK`, so that each is an HTML block
        of its own and the block ends with the element, not at a blank line."""
        for index, mark in enumerate(marks):
            line = self.start + index
            column = self.columns[index] + self.indent if line in self.filled else mark
            text = self.lines.items[line]
            self.lines.items[line] = text[:column] + SPLIT_MARK + text[column:]

    def run(self) -> None:
        end = self.start + len(self.columns)
        self._join_split_tags(end)
        for line in range(self.start, end):
            if not self.content(line).strip():
                self.fill(line)

    def _join_split_tags(self, end: int) -> None:
        """Put every tag that spans a blank line on the line where it starts."""
        text = "\n".join(self.content(i) for i in range(self.start, end))
        for begin, stop in reversed(tags_with_blank_lines(text)):
            first = self.start + text.count("\n", 0, begin)
            last = self.start + text.count("\n", 0, stop)
            column = begin - (text.rfind("\n", 0, begin) + 1)
            line_end = text.find("\n", stop)
            rest = text[stop : len(text) if line_end < 0 else line_end].strip()
            tag = re.sub(r"\s*\n\s*", " ", text[begin:stop])
            head = self.prefix(first) + self.content(first)[:column]
            for line in range(first + 1, last + 1):
                self.fill(line, rest if line == last else "")
            self.lines.items[first] = head + tag
