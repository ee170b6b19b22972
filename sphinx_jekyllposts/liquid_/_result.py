"""What the Liquid stage returns, and the case where Liquid has nothing to do.

Kept apart from python-liquid: a post without Liquid is passed on without
importing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from ..frontmatter import Post
    from ..warnings_ import Diagnostic

__all__ = ["LiquidResult", "identity_map", "unrendered"]


@dataclass(frozen=True, slots=True)
class LiquidResult:
    """The Markdown a post's Liquid rendered to, and how to trace it back.

    Lines are counted as ``text.split("\\n")`` counts them (a final newline opens
    one more, empty, line), so every line of ``text`` has an entry in ``line_map``.
    """

    text: str
    """Markdown for the kramdown stage."""
    line_map: tuple[int, ...]
    """For each output line (0-based index), the 1-based line of the input body."""
    diagnostics: tuple[Diagnostic, ...]
    """Problems, at 1-based lines of the input body."""
    dependencies: tuple[Path, ...]
    """Include and data files read (for incremental rebuilds)."""


def identity_map(text: str) -> tuple[int, ...]:
    """The line map of text returned unchanged."""
    return tuple(range(1, text.count("\n") + 2))


def unrendered(post: Post) -> LiquidResult | None:
    """The body as it is when Liquid leaves it unchanged: no ``{{`` or ``{%`` in it,
    or ``render_with_liquid: false`` in the front matter."""
    body = post.body
    if post.data.get("render_with_liquid") is False or (
        "{{" not in body and "{%" not in body
    ):
        return LiquidResult(body, identity_map(body), (), ())
    return None
