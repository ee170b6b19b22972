"""kramdown → MyST: rewrite what MyST cannot read, code-aware and line-preserving.

The input is a post body after Liquid ran. The output is MyST Markdown with the
same number of lines, each source line on its line, so every later warning points
at the original line. Nothing inside code spans, fences, indented code or raw HTML
is touched: the text is tokenised with MyST's own markdown-it setup plus private
kramdown block rules (:mod:`._parser`) and rewritten by ``token.map`` line ranges.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..warnings_ import Diagnostic, JekyllpostsWarning
from ._attrs import BlockAttrs, ElementAttrs
from ._blocks import TERM_SEPARATOR
from ._html import SPLIT_MARK
from ._ial import TOC_MARKER
from ._inline import STRAIGHT_DOUBLE, STRAIGHT_SINGLE
from ._tables import HEADERLESS_TABLE, SEPARATOR_LINE
from ._toc import ALL_LEVELS, OUTSIDE_TOC_LEVELS, toc_levels

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "ALL_LEVELS",
    "HEADERLESS_TABLE",
    "MYST_EXTENSIONS",
    "OUTSIDE_TOC_LEVELS",
    "SEPARATOR_LINE",
    "SPLIT_MARK",
    "STRAIGHT_DOUBLE",
    "STRAIGHT_SINGLE",
    "TERM_SEPARATOR",
    "TOC_MARKER",
    "BlockAttrs",
    "ElementAttrs",
    "KramdownOptions",
    "KramdownResult",
    "convert",
    "toc_levels",
]

#: The MyST extensions the converted text needs.
MYST_EXTENSIONS: tuple[str, ...] = (
    "attrs_block",
    "attrs_inline",
    "colon_fence",
    "dollarmath",
    "deflist",
    "tasklist",
)


@dataclass(frozen=True, slots=True)
class KramdownOptions:
    """How to read the post: the site's kramdown and MathJax settings.

    :param math: MathJax is on, so ``\\\\(…\\\\)`` and ``\\\\[…\\\\]`` are math
        (``$$`` always is, as in kramdown).
    :param auto_ids: kramdown's ``auto_ids``.
    :param auto_id_prefix: kramdown's ``auto_id_prefix``.
    :param auto_id_stripping: kramdown's ``auto_id_stripping`` (GFM forces it on).
    :param input: kramdown's ``input``; ``"GFM"`` (Jekyll's default) or ``"kramdown"``.
    :param top_heading_level: the level the body's highest headings get.
    :param toc_levels: kramdown's ``toc_levels``: the heading levels ``{:toc}`` lists.
    :param parse_block_html: kramdown's ``parse_block_html``: Markdown inside every
        HTML block is read, as with ``markdown="1"``.
    """

    math: bool = False
    auto_ids: bool = True
    auto_id_prefix: str = ""
    auto_id_stripping: bool = False
    input: str = "GFM"
    top_heading_level: int = 1
    toc_levels: tuple[int, ...] = ALL_LEVELS
    parse_block_html: bool = False


@dataclass(frozen=True, slots=True)
class KramdownResult:
    """The MyST text and what the Sphinx glue needs besides it (1-based lines)."""

    text: str
    heading_ids: Mapping[int, str] = field(default_factory=dict)
    block_attrs: Mapping[int, BlockAttrs] = field(default_factory=dict)
    #: line of a block -> the HTML attributes of the block and of its images, links
    element_attrs: Mapping[int, tuple[ElementAttrs, ...]] = field(default_factory=dict)
    excerpt_line: int | None = None
    diagnostics: tuple[Diagnostic, ...] = ()


def convert(text: str, options: KramdownOptions = KramdownOptions()) -> KramdownResult:
    """Convert a kramdown post body to MyST Markdown, line for line.

    :param text: the body, after Liquid, without front matter.
    :param options: the site's and post's kramdown settings.
    :return: the MyST text, header ids, side-channel block attributes and
        diagnostics. Never raises: on an internal error the text comes back
        unchanged with a diagnostic.
    """
    from ._convert import convert_body

    try:
        return convert_body(text, options)
    except Exception as error:  # noqa: BLE001 - a post must never abort the build
        message = f"kramdown conversion failed ({error!r}); text left as it was"
        diagnostic = Diagnostic(JekyllpostsWarning.KRAMDOWN, message, None)
        return KramdownResult(text=text, diagnostics=(diagnostic,))
