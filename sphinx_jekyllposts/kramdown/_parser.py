"""The markdown-it parser used to read kramdown: MyST's setup plus kramdown block rules.

:func:`kramdown_block_plugin` registers private block rules that turn kramdown's
line-level syntax into tokens of their own (each with ``token.map``), so the
rewrite can find them without ever looking inside code::

    {: .class #id key="value"}        kramdown_ial
    {:name: .class}                   kramdown_ald
    {::comment} ... {:/comment}       kramdown_ext   (also nomarkdown, options)
    ^                                 kramdown_eob
    $$ ... $$                         kramdown_math  (alone between blank lines)
    <div markdown="1">  </div>        kramdown_html_open / kramdown_html_close
    <summary>Title</summary>          kramdown_summary (from the line after <details>)
    *[HTML]: Hyper Text Markup ...    kramdown_abbr  (starts a block, never continues one)
    <table> … (blank lines) … </table> html_block ending at its end tag, as in kramdown

The rewrite reads blocks; span syntax is rewritten by its own scanner. So the parse
stops at the block tokens: an ``inline`` token's children are made only where a
pass asks for them (:func:`inline_children`), which halves the cost of a parse.
"""

from __future__ import annotations

from functools import cache
import re
from typing import TYPE_CHECKING, Any

from markdown_it.renderer import RendererHTML
from markdown_it.rules_block.html_block import HTML_SEQUENCES
from markdown_it.rules_core import StateCore, text_join
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from ._abbr import ABBR_LINE_RE
from ._attrs import ALD_LINE_RE, IAL_LINE_RE, parse_attribute_list
from ._rawhtml import SPAN_ELEMENTS, ElementEnd, element_end, empty_element_end

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.ruler import RuleOptionsType
    from markdown_it.rules_block import StateBlock
    from markdown_it.token import Token

__all__ = [
    "HTML_STACK", "OPTIONS", "get_parser", "inline_children", "kramdown_block_plugin",
]  # fmt: skip

#: ``env`` key: kramdown options set by ``{::options ... /}`` while parsing.
OPTIONS = "kramdown_options"
#: ``env`` key: the tag names of the open ``markdown="1"`` HTML blocks.
HTML_STACK = "kramdown_html_stack"
_SUMMARY_LINE = "kramdown_summary_line"
_TERMINATES: RuleOptionsType = {"alt": ["paragraph", "reference", "blockquote", "list"]}

_EXT_START_RE = re.compile(
    r"^\{::(?P<name>\w+)(?:\s(?P<body>(?:\\\}|[^}])*?)|)(?P<close>/)?\}[ \t\r]*$"
)
_EOB_RE = re.compile(r"^\^[ \t\r]*$")
_MD_ATTR_RE = re.compile(
    r"""\smarkdown\s*=\s*(["']?)(?P<mode>1|block|span)\1""", re.IGNORECASE
)
_HTML_OPEN_RE = re.compile(
    r"^<(?P<tag>div|details|section|aside|article|header|footer|nav|figure|main"
    r"|center|blockquote)(?P<attrs>\s[^>]*)?>(?P<rest>.*?)[ \t\r]*$",
    re.IGNORECASE,
)
_SUMMARY_RE = re.compile(
    r"^<summary(?:\s[^>]*)?>(?P<title>.*?)</summary>$", re.IGNORECASE
)
_SUMMARY_OPEN_RE = re.compile(r"^<summary(?:\s[^>]*)?>(?P<rest>.*)$", re.IGNORECASE)
#: an end tag alone on its line, perhaps followed by comments (``</div><!-- /.x -->``)
_END_TAG_LINE_RE = re.compile(
    r"^</(?P<tag>[A-Za-z][A-Za-z0-9-]*)\s*>(?:\s*<!--(?:[^-]|-[^-]|--[^>])*-->)*\s*$"
)
_MD_OFF_RE = re.compile(r"""\smarkdown\s*=\s*(["']?)0\1""", re.IGNORECASE)


@cache
def get_parser() -> MarkdownIt:
    """MyST's markdown-it setup (no MyST-only block syntax) plus the kramdown rules."""
    config = MdParserConfig(enable_extensions={"deflist"})
    md = create_md_parser(config, RendererHTML)
    # kramdown has no front matter, `%` comments, `+++` breaks or `(x)=` targets;
    # MyST counts words again when it reads the converted text
    md.disable([
        "front_matter", "myst_line_comment", "myst_block_break", "myst_target",
        "wordcount", "inline", "text_join",
    ])  # fmt: skip
    md.use(kramdown_block_plugin)
    return md


def inline_children(md: MarkdownIt, token: Token, env: dict[str, Any]) -> list[Token]:
    """The children of an ``inline`` token, as MyST's ``inline`` and ``text_join``
    core rules make them (the parse itself leaves them out)."""
    if not token.children:  # the block rules leave an empty list
        token.children = []
        md.inline.parse(token.content, md, env, token.children)
        text_join(StateCore(token.content, md, env, [token]))
    return token.children


def kramdown_block_plugin(md: MarkdownIt) -> None:
    """Register the kramdown block rules (see the module docstring)."""
    md.block.ruler.before("table", "kramdown_ext", _ext_rule, _TERMINATES)
    md.block.ruler.before("table", "kramdown_ial", _ial_rule, _TERMINATES)
    md.block.ruler.before("table", "kramdown_eob", _eob_rule, _TERMINATES)
    md.block.ruler.before("table", "kramdown_math", _math_rule)
    md.block.ruler.before("table", "kramdown_abbr", _abbr_rule)
    md.block.ruler.before("table", "kramdown_html", _html_rule, _TERMINATES)
    md.block.ruler.before("html_block", "kramdown_raw_html", _raw_html_rule)
    md.block.ruler.before(
        "table", "kramdown_footnote_end", _footnote_end_rule, {"alt": ["paragraph"]}
    )


def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _starts(state: StateBlock, line: int, char: str) -> bool:
    """Whether the line's text starts with ``char`` (each rule's cheap first test:
    the rules run at every block start and, as terminators, every paragraph line)."""
    begin = state.bMarks[line] + state.tShift[line]
    return begin < state.eMarks[line] and state.src[begin] == char


def _push(
    state: StateBlock, kind: str, start: int, end: int, meta: dict[str, Any]
) -> None:
    token = state.push(kind, "", 0)
    token.map = [start, end]
    token.meta = meta
    state.line = end


def _ial_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """``{: ...}`` and ``{:name: ...}`` alone on a line."""
    if not _starts(state, start, "{") or state.is_code_block(start):
        return False
    text = _line(state, start)
    if not text.startswith("{:"):
        return False
    ald = ALD_LINE_RE.match(text)
    ial = None if ald else IAL_LINE_RE.match(text)
    if not (ald or ial):
        return False
    if not silent:
        if ald:
            meta = {"name": ald["name"], "attrs": parse_attribute_list(ald["body"])}
            _push(state, "kramdown_ald", start, start + 1, meta)
        elif ial:
            meta = {"body": ial["body"], "attrs": parse_attribute_list(ial["body"])}
            _push(state, "kramdown_ial", start, start + 1, meta)
    return True


def _abbr_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """``*[HTML]: Hyper Text Markup Language``, an abbreviation definition."""
    if not _starts(state, start, "*") or state.is_code_block(start):
        return False
    match = ABBR_LINE_RE.match(_line(state, start))
    if match is None:
        return False
    if not silent:
        meta = {"name": match["name"], "title": match["title"].strip()}
        _push(state, "kramdown_abbr", start, start + 1, meta)
    return True


_FOOTNOTE_HEAD = re.compile(r"\[\^[^\]\s]+\]:[ \t]*$")


def _footnote_end_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """An unindented line right after a footnote's first line ends the footnote.

    kramdown's ``FOOTNOTE_DEFINITION_START`` takes the first line, then indented
    lines (and lazy ones only after those); markdown-it would continue the
    footnote's paragraph. Only a terminator: it never makes a token.
    """
    # (the paragraph being ended is the parent now: look at the line above)
    if not silent or start == 0:
        return False
    if state.sCount[start] >= state.blkIndent:
        return False
    above = state.bMarks[start - 1]
    head = state.src[state.src.rfind("\n", 0, above) + 1 : above]
    return bool(_FOOTNOTE_HEAD.search(head))


def _eob_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """kramdown's end-of-block marker, a line holding only ``^``."""
    if not _starts(state, start, "^") or state.is_code_block(start):
        return False
    if not _EOB_RE.match(_line(state, start)):
        return False
    if not silent:
        _push(state, "kramdown_eob", start, start + 1, {})
    return True


def _ext_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """``{::name ...}`` … ``{:/name}`` and ``{::name .../}`` on lines of their own."""
    if not _starts(state, start, "{") or state.is_code_block(start):
        return False
    match = _EXT_START_RE.match(_line(state, start))
    if not match:
        return False
    name = match["name"]
    stop = start
    if not match["close"]:
        stop_re = re.compile(r"^\{:/(?:" + re.escape(name) + r")?\}[ \t\r]*$")
        stop = next(
            (i for i in range(start + 1, end) if stop_re.match(_line(state, i))), -1
        )
        if stop < 0:
            return False  # kramdown: "No stop tag for extension" - left as text
    if not silent:
        attrs = parse_attribute_list(match["body"] or "")
        if name == "options" and attrs is not None:
            state.env.setdefault(OPTIONS, {}).update(attrs.pairs)
        meta = {"name": name, "attrs": attrs, "closed": bool(match["close"])}
        _push(state, "kramdown_ext", start, stop + 1, meta)
    return True


def _math_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """kramdown block math: ``$$`` … ``$$`` between block boundaries (math.rb)."""
    if not _starts(state, start, "$") or state.is_code_block(start):
        return False
    if not _line(state, start).startswith("$$"):
        return False
    begin = state.bMarks[start] + state.tShift[start] + 2
    close = state.src.find("$$", begin)
    last = start
    while close >= 0 and last < end and state.eMarks[last] < close:
        last += 1
    if close < 0 or last >= end or state.src[close + 2 : state.eMarks[last]].strip():
        return False
    if last + 1 < end and not _block_boundary(state, last + 1):
        return False  # kramdown: not before a block boundary, so inline math
    if not silent:
        _push(state, "kramdown_math", start, last + 1, {})
    return True


def _block_boundary(state: StateBlock, line: int) -> bool:
    """kramdown's ``BLOCK_BOUNDARY``: a blank line, the end-of-block marker ``^``,
    an IAL or an ALD."""
    if state.isEmpty(line):
        return True
    text = _line(state, line)
    return text.rstrip() == "^" or bool(
        ALD_LINE_RE.match(text) or IAL_LINE_RE.match(text)
    )


def _html_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Opening/closing lines of HTML blocks whose content kramdown parses."""
    if not _starts(state, start, "<") or state.is_code_block(start):
        return False
    text = _line(state, start)
    stack: list[str] = state.env.setdefault(HTML_STACK, [])
    if stack and _is_end_tag_line(text, stack[-1]):
        if not silent:
            _push(state, "kramdown_html_close", start, start + 1, {"tag": stack.pop()})
        return True
    summary = (
        _summary(state, start, end) if state.env.get(_SUMMARY_LINE) == start else None
    )
    if summary is not None:
        if not silent:
            title, last = summary
            _push(state, "kramdown_summary", start, last + 1, {"title": title})
        return True
    return _html_open(state, start, end, text, silent)


def _is_end_tag_line(text: str, tag: str) -> bool:
    """``text`` is ``tag``'s end tag, on its own or followed by HTML comments
    (kramdown reads the comments as blocks of their own, after the element)."""
    match = _END_TAG_LINE_RE.match(text)
    return match is not None and match["tag"].lower() == tag


def _summary(state: StateBlock, start: int, end: int) -> tuple[str, int] | None:
    """A ``<summary>`` element starting at ``start``: its title and its last line.

    kramdown reads the element whole, so its end tag may come lines later
    (``<summary>`` / the title / ``</summary>`` on lines of their own).
    """
    match = _SUMMARY_OPEN_RE.match(_line(state, start).rstrip())
    if match is None:
        return None
    parts = [match["rest"]]
    line = start
    while (close := parts[-1].lower().find("</summary>")) < 0:
        line += 1
        if line >= end or state.isEmpty(line):
            return None
        parts.append(_line(state, line).rstrip())
    if parts[-1][close + len("</summary>") :].strip():
        return None  # content after the end tag: kramdown's rules differ, keep HTML
    parts[-1] = parts[-1][:close]
    return " ".join(" ".join(parts).split()), line


def _html_open(
    state: StateBlock, start: int, end: int, text: str, silent: bool
) -> bool:
    match = _HTML_OPEN_RE.match(text)
    if not match:
        return False
    attrs = match["attrs"] or ""
    tag = match["tag"].lower()
    parse_all = _parse_block_html(state)
    if not (
        _MD_ATTR_RE.search(attrs)
        or (parse_all and not _MD_OFF_RE.search(attrs))
        or _wraps_markdown(state, start, end, tag)
    ):
        return False
    rest = match["rest"]
    title = _SUMMARY_RE.match(rest) if tag == "details" else None
    if rest and not title:
        return False  # content on the tag's line: kramdown's rules differ, keep HTML
    if not silent:
        state.env[HTML_STACK].append(tag)
        if tag == "details" and not title:
            # kramdown reads the element whole: blank lines may come first
            state.env[_SUMMARY_LINE] = next(
                (i for i in range(start + 1, end) if not state.isEmpty(i)), end
            )
        meta = {"tag": tag, "attrs": attrs, "title": title["title"] if title else None}
        _push(state, "kramdown_html_open", start, start + 1, meta)
    return True


def _parse_block_html(state: StateBlock) -> bool:
    return str(state.env.get(OPTIONS, {}).get("parse_block_html")) == "true"


def _element(state: StateBlock, start: int, end: int) -> tuple[ElementEnd, int] | None:
    """The HTML element starting at ``start`` as kramdown ends it, and its last line."""
    lines: list[str] = []
    line = start
    while line < end and (state.isEmpty(line) or state.sCount[line] >= state.blkIndent):
        lines.append(_line(state, line))
        line += 1
    text = "\n".join(lines)
    found = element_end(text)
    if found is not None:
        return found, start + text[: found.offset].count("\n")
    if state.env.get(HTML_STACK):
        return None  # a markdown="1" element around ends it: CommonMark's reading
    # kramdown closes what is open at the end of the post, a quote, a list item
    found = element_end(text, to_end=True)
    if found is None:
        return None
    last = max(i for i in range(start, line) if not state.isEmpty(i))
    return found, last


def _wraps_markdown(state: StateBlock, start: int, end: int, tag: str) -> bool:
    """A raw element holding a ``markdown="1"`` element, closed on a line of its own.

    kramdown reads the raw element's tags as a tree and parses the nested
    element's Markdown, so the wrapper becomes a container like the ones it holds.
    """
    element = _element(state, start, end)
    if element is None or not element[0].markdown_inside:
        return False
    return _is_end_tag_line(_line(state, element[1]), tag)


def _raw_html_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A raw HTML element with blank lines in it: one block up to its end tag.

    CommonMark would end the HTML block at the first blank line and read the rest
    as Markdown (often as indented code); kramdown keeps the element whole. Inside
    a ``markdown="1"`` element it also ends there, where CommonMark would read on
    to the blank line, end tags of the elements around included.
    """
    if not _starts(state, start, "<") or state.is_code_block(start):
        return False
    if _parse_block_html(state):
        return False
    text = _line(state, start)
    sequence = next((s for s in HTML_SEQUENCES if s[0].search(text)), None)
    if sequence is None or not sequence[1].search(""):
        return False  # not a block that ends at a blank line (<pre>, comments, …)
    name = re.match(r"<([A-Za-z][A-Za-z0-9-]*)", text)
    if name is None or name[1].lower() in SPAN_ELEMENTS:
        return False
    element = _element(state, start, end)
    if element is None and (empty := empty_element_end(text)) is not None:
        element = ElementEnd(empty, (empty, empty), markdown_inside=False), start
    if element is None or element[0].markdown_inside:
        return False
    found, last = element
    if found.unclosed and _MD_ATTR_RE.search(text.split(">", 1)[0]):
        return False  # its content is Markdown, not the rest of the post as HTML
    # in a markdown="1" element, the end tags of the elements around follow
    stack = state.env.get(HTML_STACK)
    inside = bool(stack)
    # kramdown reads the next line as Markdown; CommonMark reads on to a blank line
    # (the end tag of a markdown="1" element around becomes a fence: no need)
    split = (
        last + 1 < end
        and not state.isEmpty(last + 1)
        and state.sCount[last + 1] >= state.blkIndent
        and not (stack and _is_end_tag_line(_line(state, last + 1), stack[-1]))
        and not _rest_of_line(state, start, last, found.offset).strip()
    )
    blank = any(state.isEmpty(line) for line in range(start + 1, last))
    if not (inside or split or blank or found.unclosed):
        return False  # CommonMark reads the same block
    if not silent:
        token = state.push("html_block", "", 0)
        token.map = [start, last + 1]
        token.content = state.getLines(start, last + 1, state.blkIndent, True)
        token.meta = {
            "kramdown_raw": True,
            "indent": state.blkIndent,
            # where each line's HTML starts, after its container's markers
            "columns": [_column(state, line) for line in range(start, last + 1)],
            # the end tags kramdown adds where the post (or its container) ends
            "unclosed": found.unclosed,
            # where each line's own indentation starts (for SPLIT_MARK)
            "marks": [_mark_column(state, line) for line in range(start, last + 1)]
            if split
            else None,
        }
        state.line = last + 1
    return True


def _rest_of_line(state: StateBlock, start: int, last: int, offset: int) -> str:
    """What follows ``offset`` (into the text from line ``start``) on line ``last``."""
    text = "\n".join(_line(state, line) for line in range(start, last + 1))
    return text[offset:]


def _mark_column(state: StateBlock, line: int) -> int:
    """The column after the container's markers and indentation of ``line``."""
    begin = state.bMarks[line]
    indent = min(state.tShift[line], state.blkIndent)
    return begin + indent - (state.src.rfind("\n", 0, begin) + 1)


def _column(state: StateBlock, line: int) -> int:
    """The column where the content of ``line`` starts (after quote markers)."""
    begin = state.bMarks[line] + state.tShift[line]
    return begin - (state.src.rfind("\n", 0, state.bMarks[line]) + 1)
