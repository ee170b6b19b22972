"""The kramdown → MyST conversion of one post body, stage by stage."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..warnings_ import Diagnostic, JekyllpostsWarning
from ._abbr import Abbreviations, collect_abbreviations
from ._blocks import (
    Lines,
    bare_markers_are_text,
    bullets_of_one_list,
    fences_with_spaced_info_are_text,
    lazy_code_lines,
    paren_markers_are_text,
    rules_and_tables_continue_paragraphs,
    siblings,
    span_tags_open_paragraphs,
    stray_end_tags_are_text,
    terms_on_one_line,
    text_after_markers,
    tilde_definitions_are_text,
    unclosed_comments_are_text,
)
from ._footnotes import Footnotes, definitions_in_paragraphs, footnotes
from ._headings import (
    HeadingState,
    headings_kramdown_reads_as_text,
    rewrite_headings,
)
from ._html import (
    FILLER,
    keep_raw_html_whole,
    one_line_markdown_blocks,
    rewrite_html_blocks,
)
from ._ial import IalState, bind_ials, list_item_ials, with_reference_ials
from ._ids import HeaderIds
from ._inline import InlineContext, rewrite_inline, unescape
from ._lists import lazy_lists_nest, ordered_lists_count_from_one
from ._parser import OPTIONS, get_parser
from ._tables import (
    code_pipes_stay_in_cells,
    mark_headerless_tables,
    tables_end_at_a_boundary,
)
from ._toc import mark_outside_toc_levels, toc_levels

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

    from . import KramdownOptions, KramdownResult
    from ._attrs import Attrs

__all__ = ["convert_body"]

_MYST_LINE_SYNTAX = re.compile(r"%|\+\+\+|\([^()\s]*\)=|:{3,}")
#: a line without these cannot start MyST-only syntax (cheap test first)
_MYST_LINE_CHARS = re.compile(r"[%+(:]")
#: a block's first line MyST's ``attrs_block`` could read (``{% include x %}``
#: that Liquid left, in a list item)
_ATTRS_LIKE = re.compile(r"\{(?!:).*\}[ \t]*$")
_DISPLAY_MATH = re.compile(r"^\\\\\[(?P<body>.*)\\\\\]$", re.DOTALL)
_ESCAPED_BLOCK_MATH = re.compile(r"^\\\$\$.*?\$\$[ \t]*$", re.DOTALL)
#: How often the text is read again after the line-level fixes (each pass only
#: escapes or joins, so few are ever needed).
_MAX_PASSES = 8
_EXCERPT = re.compile(r"^[ \t]*<!--\s*more\s*-->[ \t\r]*$")


def _new_env(options: KramdownOptions) -> dict[str, object]:
    """The parser's environment: the site's options a post's ``{::options}`` amend."""
    if options.parse_block_html:
        return {OPTIONS: {"parse_block_html": "true"}}
    return {}


def convert_body(text: str, options: KramdownOptions) -> KramdownResult:
    """Convert one post body (see :func:`sphinx_jekyllposts.kramdown.convert`)."""
    from . import KramdownResult

    md = get_parser()
    env = _new_env(options)
    tokens = md.parse(text, env)
    lines = Lines(text.split("\n"))
    gfm = options.input.lower() == "gfm"
    # a line read again may change how the lines after it read (a marker made
    # text ends a setext heading, whose underline becomes a marker): to a fixpoint
    for _ in range(_MAX_PASSES):
        # (an empty heading made text first: its line may open a setext heading
        # whose underline would otherwise be read as a bare marker)
        changed = headings_kramdown_reads_as_text(tokens, lines, gfm=gfm) or (
            text_after_markers(tokens, lines)
            | bare_markers_are_text(tokens, lines)
            | definitions_in_paragraphs(tokens, lines)
            | tilde_definitions_are_text(tokens, lines)
            | terms_on_one_line(tokens, lines)
            | span_tags_open_paragraphs(tokens, lines)
            | rules_and_tables_continue_paragraphs(tokens, lines)
            | paren_markers_are_text(tokens, lines)
            | bullets_of_one_list(tokens, lines)
            | lazy_lists_nest(tokens, lines)
            | stray_end_tags_are_text(tokens, lines)
            | unclosed_comments_are_text(tokens, lines)
            | tables_end_at_a_boundary(tokens, lines)
            | lazy_code_lines(tokens, lines)
            | fences_with_spaced_info_are_text(tokens, lines)
        )
        # (the list starts of a settled reading: a moved line may join a list)
        if not (changed or ordered_lists_count_from_one(tokens, lines, gfm=gfm)):
            break
        env = _new_env(options)
        tokens = md.parse("\n".join(lines.items), env)
    alds = _alds(tokens)
    kd_options = env.get(OPTIONS, {})
    assert isinstance(kd_options, dict)
    state = IalState(lines, alds)
    groups = siblings(tokens)
    if any(token.type == "kramdown_ial" for token in tokens):
        for group in groups:
            bind_ials(tokens, group, state)
    _extensions(tokens, lines, state.diagnostics)
    _literal_directive_fences(tokens, lines)
    references = env.get("references", {})
    assert isinstance(references, dict)
    _last_link_definitions_win(env, lines, state.diagnostics)
    abbreviations = collect_abbreviations(
        tokens, groups, lines, state.diagnostics, references
    )
    notes = footnotes(tokens, groups, lines, state.diagnostics, (md, env))
    list_item_ials(tokens, state)
    rewrite_html_blocks(tokens, lines, state.diagnostics, state.block_attrs)
    one_line_markdown_blocks(tokens, lines, state.block_attrs)
    mark_headerless_tables(tokens, lines, state.block_attrs)
    code_pipes_stay_in_cells(tokens, lines)
    levels = _toc_levels(tokens, options, state.diagnostics)
    mark_outside_toc_levels(tokens, levels, state.block_attrs)
    keep_raw_html_whole(tokens, lines, state.diagnostics)
    explicit = _explicit_ids(tokens, state.bound)
    headings = _heading_state(md, lines, options, kd_options, explicit=explicit)
    rewrite_headings(tokens, set(groups[0]), headings)
    _inline_pass(
        tokens,
        lines,
        options,
        state,
        (abbreviations, notes),
        references=frozenset(references),
    )
    excerpt = next(
        (i + 1 for i, t in enumerate(lines.items) if _EXCERPT.match(t)), None
    )
    return KramdownResult(
        text="\n".join(lines.items),
        heading_ids=headings.heading_ids,
        block_attrs=state.block_attrs,
        element_attrs={line: tuple(e) for line, e in state.element_attrs.items()},
        excerpt_line=excerpt,
        diagnostics=tuple(state.diagnostics),
    )


def _toc_levels(
    tokens: list[Token], options: KramdownOptions, diagnostics: list[Diagnostic]
) -> tuple[int, ...]:
    """The site's ``toc_levels``, unless the post's ``{::options}`` set others."""
    levels = options.toc_levels
    for token in tokens:
        attrs = token.meta.get("attrs") if token.type == "kramdown_ext" else None
        if token.meta.get("name") != "options" or attrs is None:
            continue
        value = attrs.pairs.get("toc_levels")
        if value is None:
            continue
        parsed = toc_levels(value)
        if parsed is None:
            line = token.map[0] + 1 if token.map else None
            message = (
                f"kramdown option toc_levels={value!r} is not a level range; ignored"
            )
            diagnostics.append(Diagnostic(JekyllpostsWarning.KRAMDOWN, message, line))
        levels = parsed or levels
    return levels


def _alds(tokens: list[Token]) -> dict[str, Attrs]:
    """kramdown resolves ALD references after parsing: a definition may come later."""
    alds: dict[str, Attrs] = {}
    for token in tokens:
        if token.type == "kramdown_ald" and token.meta["attrs"] is not None:
            alds[token.meta["name"]] = token.meta["attrs"]
    return alds


_DIRECTIVE_FENCE = re.compile(r"(?P<fence>`{3,}|~{3,})[ \t]*\{(?P<name>[^}]*)\}.*")


def _literal_directive_fences(tokens: list[Token], lines: Lines) -> None:
    """A fence whose info is ``{name}`` is code in kramdown, a directive in MyST.

    Directives may read files (``{include}``, ``{literalinclude}``); such fences
    become plain code. ``{code-block}`` is what Liquid's ``highlight`` writes.
    """
    for token in tokens:
        if token.type != "fence" or token.map is None:
            continue
        start = token.map[0]
        column = lines.content_start(start)
        match = _DIRECTIVE_FENCE.fullmatch(lines.items[start], column)
        if match and match["name"].strip() != "code-block":
            lines.items[start] = lines.items[start][:column] + match["fence"] + "text"


def _extensions(
    tokens: list[Token], lines: Lines, diagnostics: list[Diagnostic]
) -> None:
    """ALDs, ``{::comment}``, ``{::options}`` go; ``{::nomarkdown}`` is raw HTML.

    The end-of-block marker ``^`` becomes an empty HTML comment: a blank line
    would let CommonMark join the lists or indented code blocks around it.
    """
    for token in tokens:
        if token.map is None:
            continue
        start, end = token.map
        if token.type == "kramdown_ald":
            lines.blank(start)
        elif token.type == "kramdown_eob":
            lines.items[start] = lines.prefix(start) + FILLER
        elif token.type == "kramdown_ext":
            _extension(token, start, end, lines, diagnostics)


def _extension(
    token: Token, start: int, end: int, lines: Lines, diagnostics: list[Diagnostic]
) -> None:
    name = token.meta["name"]
    if name not in {"comment", "nomarkdown", "options"}:
        message = f"unknown kramdown extension {name!r}; left as text"
        diagnostics.append(Diagnostic(JekyllpostsWarning.KRAMDOWN, message, start + 1))
        return
    if name != "nomarkdown" or token.meta["closed"]:
        for line in range(start, end):
            lines.blank(line)
        return
    body = "\n".join(lines.items[start + 1 : end - 1])
    longest = max((len(r) for r in re.findall(r"`{3,}", body)), default=2)
    fence = "`" * (longest + 1)
    attrs = token.meta["attrs"]
    kinds = " ".join(attrs.pairs.get("type", "").split()) if attrs else ""
    prefix = lines.prefix(start)
    lines.items[start] = f"{prefix}{fence}{{raw}} {kinds or 'html'}"
    lines.items[end - 1] = lines.prefix(end - 1) + fence


def _heading_state(
    md: MarkdownIt,
    lines: Lines,
    options: KramdownOptions,
    kd_options: dict[str, str],
    *,
    explicit: dict[int, str],
) -> HeadingState:
    """Heading settings: the post's ``{::options}`` override the site's."""
    auto_ids = kd_options.get("auto_ids", str(options.auto_ids).lower()) == "true"
    prefix = kd_options.get("auto_id_prefix", options.auto_id_prefix)
    gfm = options.input.lower() == "gfm"
    stripping = options.auto_id_stripping
    stripping = (
        gfm or kd_options.get("auto_id_stripping", str(stripping).lower()) == "true"
    )
    return HeadingState(
        lines=lines,
        md=md,
        ids=HeaderIds(gfm=gfm, prefix=prefix) if auto_ids else None,
        top_level=max(1, min(6, options.top_heading_level)),
        stripping=stripping,
        gfm=gfm,
        explicit=explicit,
    )


def _explicit_ids(tokens: list[Token], bound: dict[int, Attrs]) -> dict[int, str]:
    """Heading token index -> the id an IAL gives it."""
    return {
        i: a.id for i, a in bound.items() if a.id and tokens[i].type == "heading_open"
    }


def _inline_ranges(tokens: list[Token]) -> list[tuple[int, int]]:
    ranges: dict[tuple[int, int], None] = {}
    for token in tokens:
        if token.type == "inline" and token.map is not None:
            # a definition term's map is empty (mdit-py-plugins' deflist)
            start, end = token.map
            ranges[(start, max(end, start + 1))] = None
    return list(ranges)


def _inline_pass(
    tokens: list[Token],
    lines: Lines,
    options: KramdownOptions,
    state: IalState,
    text: tuple[Abbreviations | None, Footnotes | None],
    *,
    references: frozenset[str] = frozenset(),
) -> None:
    """Span syntax, math and MyST-only line syntax in every paragraph, heading, cell;
    ``references`` are the link definitions' labels (normalised)."""
    for start, end in _inline_ranges(tokens):
        if _display_math(start, end, lines, options):
            continue
        _escape_block_math(start, lines)
        ctx = InlineContext(
            math=options.math,
            line=start,
            alds=state.alds,
            abbreviations=text[0],
            footnotes=text[1],
            references=references,
            gfm=options.input.upper() == "GFM",
        )
        src = "\n".join(lines.items[start:end])
        if state.reference_ials:
            src = with_reference_ials(src, state.reference_ials)
        rewritten = rewrite_inline(src, ctx)
        # (no span syntax: nothing changed, nothing to say)
        if rewritten is not src and len(new := rewritten.split("\n")) == end - start:
            lines.items[start:end] = new
            if ctx.elements:
                state.element_attrs.setdefault(start + 1, []).extend(ctx.elements)
        state.diagnostics.extend(ctx.diagnostics)
        # after the span rewrite, which would escape the backslash again
        for line in range(start, end):
            if _MYST_LINE_CHARS.search(lines.items[line]):
                _escape_myst_line(line, lines)
        first, column = lines.items[start], lines.content_start(start)
        if _ATTRS_LIKE.match(first, column):  # text, not MyST's block attributes
            lines.items[start] = first[:column] + "\\" + first[column:]


def _last_link_definitions_win(
    env: dict[str, object], lines: Lines, diagnostics: list[Diagnostic]
) -> None:
    """Of link definitions with the same label (any case), kramdown uses the last
    ("Duplicate link ID … - overwriting"), CommonMark the first: the earlier go."""
    duplicates = env.get("duplicate_refs")
    references = env.get("references")
    if not duplicates or not isinstance(duplicates, list):
        return
    assert isinstance(references, dict)
    by_label: dict[str, list[list[int]]] = {}
    for duplicate in duplicates:
        label = duplicate["label"]
        if label.startswith("^"):
            continue  # a footnote's definition: the footnote stage's
        by_label.setdefault(label, [references[label]["map"]]).append(duplicate["map"])
    for label, maps in by_label.items():
        last = maps[-1]
        for start, end in maps[:-1]:
            for line in range(start, end):
                lines.blank(line)
        message = (
            f"duplicate link definition {label.lower()!r} (also line "
            f"{maps[0][0] + 1}); the last one is used, as in kramdown"
        )
        diagnostics.append(
            Diagnostic(JekyllpostsWarning.KRAMDOWN, message, last[0] + 1)
        )


def _paragraph_text(start: int, end: int, lines: Lines) -> tuple[int, str]:
    column = lines.content_start(start)
    body = [lines.items[start][column:]]
    body += [lines.items[i][len(lines.prefix(i)) :] for i in range(start + 1, end)]
    return column, "\n".join(body).rstrip()


def _display_math(start: int, end: int, lines: Lines, options: KramdownOptions) -> bool:
    """A paragraph that is only ``\\\\[ … \\\\]`` → ``$$ … $$`` (dollarmath block)."""
    if not options.math or "\\\\[" not in lines.items[start]:
        return False
    column, body = _paragraph_text(start, end, lines)
    match = _DISPLAY_MATH.match(body)
    if match is None or "\\\\]" in match["body"]:
        return False
    first = lines.items[start]
    lines.items[start] = first[:column] + "$$" + first[column + 3 :]
    last = lines.items[end - 1].rstrip()
    lines.items[end - 1] = last[:-3] + "$$"
    gfm = options.input.upper() == "GFM"
    for line in range(start, end):  # MathJax reads the TeX with the escapes read
        text = lines.items[line]
        at = column if line == start else len(lines.prefix(line))
        lines.items[line] = text[:at] + unescape(text[at:], gfm=gfm)
    return True


def _escape_block_math(start: int, lines: Lines) -> None:
    """kramdown: ``\\$$x$$`` starting a paragraph is inline math, not a literal ``$``."""
    first = lines.items[start]
    if "\\$$" not in first:
        return
    column = lines.content_start(start)
    if first[column:].startswith("\\$$") and _ESCAPED_BLOCK_MATH.match(first[column:]):
        lines.items[start] = first[:column] + first[column + 1 :]


def _escape_myst_line(line: int, lines: Lines) -> None:
    """``%``, ``+++`` and ``(name)=`` start MyST-only blocks; kramdown reads text."""
    text = lines.items[line]
    column = lines.content_start(line)
    if _MYST_LINE_SYNTAX.match(text, column):
        lines.items[line] = text[:column] + "\\" + text[column:]
