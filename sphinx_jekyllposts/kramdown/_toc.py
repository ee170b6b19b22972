"""kramdown's ``toc_levels``: headings of other levels are left out of ``{:toc}``.

``toc_levels: 2..3`` (``_config.yml`` or ``{::options toc_levels="2,3" /}``) lists
only ``##`` and ``###`` headings; the others get :data:`OUTSIDE_TOC_LEVELS` through
the side channel, and the contents transform leaves them out as it does ``no_toc``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ._attrs import BlockAttrs

if TYPE_CHECKING:
    from markdown_it.token import Token

__all__ = ["ALL_LEVELS", "OUTSIDE_TOC_LEVELS", "mark_outside_toc_levels", "toc_levels"]

#: kramdown's default ``toc_levels``.
ALL_LEVELS = (1, 2, 3, 4, 5, 6)
#: The class of a heading whose level ``toc_levels`` leaves out.
OUTSIDE_TOC_LEVELS = "jekyllposts-outside-toc-levels"
_RANGE = re.compile(r"([1-6])\.\.([1-6])")
_LIST = re.compile(r"[1-6](?:,[1-6])*")


def toc_levels(value: object) -> tuple[int, ...] | None:
    """Read ``toc_levels`` as kramdown does (``"2..3"``, ``"2,3"``, a list).

    :return: the levels, or ``None`` if kramdown would not accept the value
    """
    if isinstance(value, (list, tuple)):
        levels = [v for v in value if isinstance(v, int) and 1 <= v <= 6]
        return tuple(dict.fromkeys(levels)) if len(levels) == len(value) else None
    text = str(value).strip()
    if match := _RANGE.fullmatch(text):
        return tuple(range(int(match[1]), int(match[2]) + 1))
    if _LIST.fullmatch(text):
        return tuple(dict.fromkeys(int(v) for v in text.split(",")))
    return None


def mark_outside_toc_levels(
    tokens: list[Token], levels: tuple[int, ...], block_attrs: dict[int, BlockAttrs]
) -> None:
    """Mark each heading whose Markdown level is not in ``levels`` (1-based lines)."""
    if set(ALL_LEVELS) <= set(levels):
        return
    for token in tokens:
        if token.type != "heading_open" or token.map is None:
            continue
        if int(token.tag[1]) in levels:
            continue
        line = token.map[0] + 1
        existing = block_attrs.get(line, BlockAttrs())
        block_attrs[line] = BlockAttrs(
            existing.ids, (*existing.classes, OUTSIDE_TOC_LEVELS), existing.attributes
        )
