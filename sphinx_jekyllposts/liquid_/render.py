"""Render a post's body through Liquid, keeping a map back to its input lines."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from liquid.exceptions import LiquidInterrupt, StopRender
from liquid.output import LimitedStringIO
from liquid.token import TOKEN_TAG

from ._parse import parse_source, render_guarded
from ._result import LiquidResult, identity_map, unrendered
from ._session import (
    OUTPUT_BUDGET,
    Session,
    current_session,
    report,
    session,
)
from .tags.highlight import FENCE_END

if TYPE_CHECKING:
    from collections.abc import Sequence

    from liquid import RenderContext
    from liquid.ast import Node

    from ..frontmatter import Post
    from .environment import JekyllEnvironment

__all__ = ["LiquidResult", "end_fences", "identity_map", "render_post", "stitch"]


def render_post(env: JekyllEnvironment, post: Post) -> LiquidResult:
    """Render ``post.body`` with ``site``, ``page``, ``post`` and ``jekyll`` set.

    Never raises: every problem is a diagnostic and the rest still renders.
    ``render_with_liquid: false`` in the front matter returns the body unchanged.
    """
    as_written = unrendered(post)
    if as_written is not None:
        return as_written
    body = post.body
    with session(body) as current:
        current.post_path = post.path
        current.quiet_parse_errors = env.error_mode == "lax"
        template, source = parse_source(env, body)
        page = env.index.drop(post)
        context = template.context_class(
            template, globals=template.make_globals({"page": page, "post": page})
        )
        chunks = _render_nodes(template.nodes, context, source)
    text, line_map = end_fences(*stitch(source, chunks))
    return LiquidResult(
        text, line_map, tuple(current.diagnostics), tuple(current.dependencies)
    )


def _render_nodes(
    nodes: Sequence[Node], context: RenderContext, source: str
) -> list[tuple[int, str]]:
    """Render the top-level nodes; once the time or output budget is spent, the
    text from the node in progress on is kept as it is."""
    chunks: list[tuple[int, str]] = []
    budget = OUTPUT_BUDGET
    for node in nodes:
        buffer = LimitedStringIO(limit=max(budget, 0))
        try:
            render_guarded(node, context, buffer)
        except LiquidInterrupt as exc:
            report(f"unexpected {exc} outside a loop; ignored", node.token)
        except StopRender:
            start = _start(node, source)
            if start >= 0 and (current_session() or Session("")).stopped:
                chunks.append((start, source[start:]))
            break
        chunks.append((_start(node, source), buffer.getvalue()))
        budget -= buffer.size
    return chunks


def _start(node: Node, source: str) -> int:
    token = node.token
    if token.source is not source or token.start_index < 0:
        return -1
    if token.kind == TOKEN_TAG:
        return max(source.rfind("{%", 0, token.start_index), 0)
    return token.start_index


def stitch(
    source: str, chunks: Sequence[tuple[int, str]]
) -> tuple[str, tuple[int, ...]]:
    """Join rendered chunks and map each output line to a source line.

    ``chunks`` are ``(offset in source, output)`` of consecutive top-level nodes.
    Text that passed through unchanged maps line by line; the output of a tag is
    aligned with its source by :mod:`difflib`, and unmatched lines (a tag's
    expansion) map to the last matched line before them, or the tag's own line.
    """
    if not chunks:
        return "", (1,)
    starts = [0] + [s for s, _ in chunks[1:]]
    fixed: list[int] = []
    for start in starts:  # keep offsets increasing even when a node has none
        fixed.append(max(start, fixed[-1]) if fixed else 0)
    ends = [*fixed[1:], len(source)]
    line_map = [1]
    first, counted = 1, 0  # the line of ``start``, counted once (linear time)
    for (_, out), start, end in zip(chunks, fixed, ends, strict=True):
        segment = source[start:end]
        first += source.count("\n", counted, start)
        counted = start
        out_lines = out.split("\n")
        if len(out_lines) == 1:
            continue
        if out == segment:
            line_map.extend(first + i for i in range(1, len(out_lines)))
            continue
        seg_lines = segment.split("\n")
        matcher = difflib.SequenceMatcher(None, seg_lines, out_lines, autojunk=False)
        matched: dict[int, int] = {}
        for block in matcher.get_matching_blocks():
            for k in range(block.size):
                matched[block.b + k] = block.a + k
        carry = first
        for i in range(1, len(out_lines)):
            if i in matched:
                carry = first + matched[i]
            line_map.append(carry)
    return "".join(out for _, out in chunks), tuple(line_map)


def end_fences(text: str, line_map: tuple[int, ...]) -> tuple[str, tuple[int, ...]]:
    """Give the text after each ``highlight`` fence a line of its own.

    A whitespace-trimming tag after ``{% endhighlight %}`` (``{{- x }}``) takes the
    line break away; Jekyll's highlight output is HTML and the text after it still
    its own paragraph. The new line maps to the fence's source line.
    """
    if FENCE_END not in text:
        return text, line_map
    parts = text.split(FENCE_END)
    lines = list(line_map)
    out = [parts[0]]
    line = parts[0].count("\n")
    for part in parts[1:]:
        if part and not part.startswith("\n"):
            out.append("\n")
            lines.insert(line + 1, lines[min(line, len(lines) - 1)])
            line += 1
        out.append(part)
        line += part.count("\n")
    return "".join(out), tuple(lines)
