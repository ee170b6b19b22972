"""One post through the pipeline: Liquid, then kramdown, then the MyST text Sphinx reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
import os
import re
from typing import TYPE_CHECKING, Any

from .kramdown import (
    ALL_LEVELS,
    MYST_EXTENSIONS,
    BlockAttrs,
    ElementAttrs,
    KramdownOptions,
    convert,
    toc_levels,
)
from .liquid_ import unrendered
from .posts import HTML_SUFFIXES, ablog_options
from .urls import jekyll_url
from .warnings_ import Diagnostic

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from pathlib import Path

    from .frontmatter import Post
    from .liquid_ import JekyllEnvironment, LiquidResult
    from .site import Site

__all__ = [
    "ConvertedPost",
    "convert_post",
    "kramdown_options",
    "myst_settings",
    "new_liquid_environment",
]


@dataclass(frozen=True, slots=True)
class ConvertedPost:
    """The MyST form of a post, and what the transforms need to finish it.

    Lines of ``text`` are 1-based; ``line_map[n - 1]`` is the line of the original
    file that line ``n`` of ``text`` came from.
    """

    text: str
    line_map: tuple[int, ...]
    heading_ids: Mapping[int, str]
    block_attrs: Mapping[int, BlockAttrs]
    ablog: Mapping[str, Any]
    subtitle: str | None
    excerpt_line: int | None = None
    """The line of ``excerpt_separator`` when it is not Jekyll's default."""
    excerpt_text: str | None = None
    """The front matter's ``excerpt:``."""
    diagnostics: tuple[Diagnostic, ...] = ()
    dependencies: tuple[Path, ...] = field(default=())
    element_attrs: Mapping[int, tuple[ElementAttrs, ...]] = field(default_factory=dict)
    """HTML attributes of blocks and of their images and links, by the block's line."""

    def record(self) -> dict[str, Any]:
        """What the environment keeps for the transforms (plain, picklable values)."""
        return {
            "line_map": self.line_map,
            "heading_ids": dict(self.heading_ids),
            "block_attrs": {
                line: {
                    "ids": list(attrs.ids),
                    "classes": list(attrs.classes),
                    "attributes": dict(attrs.attributes),
                }
                for line, attrs in self.block_attrs.items()
            },
            "element_attrs": {
                line: [(e.uri, dict(e.attributes)) for e in elements]
                for line, elements in self.element_attrs.items()
            },
            "ablog": dict(self.ablog),
            "subtitle": self.subtitle,
            "excerpt_line": self.excerpt_line,
            "excerpt_text": self.excerpt_text,
        }


def new_liquid_environment(
    site: Site, posts: Sequence[Post], include_dirs: Sequence[Path] = ()
) -> JekyllEnvironment:
    """The one Liquid environment of a build.

    ``jekyll.environment`` is ``JEKYLL_ENV``, or ``production``: the published site
    was built so (GitHub Pages sets it), and a post's ``{% if jekyll.environment ==
    "production" %}`` shows there.
    """
    from .liquid_ import make_environment

    return make_environment(
        site,
        posts,
        url_of=lambda p: jekyll_url(p, site),
        include_dirs=include_dirs,
        environment=os.environ.get("JEKYLL_ENV") or "production",
    )


#: The front-matter and ``_config.yml`` switches with which themes load MathJax
#: (Beautiful Jekyll and TeXt ``mathjax``, Chirpy ``math``, many ``use_math``)
_MATH_KEYS = frozenset({"mathjax", "math", "use_math", "usemathjax"})


def mathjax_on(site: Site, post: Post) -> bool:
    """The post's switch, else the site's; without either, on: ``\\\\(…\\\\)`` is
    written only for MathJax, and a theme that loads it unasked has no switch."""
    for data in (post.data, site.config):
        if _MATH_KEYS & data.keys():
            return any(bool(data.get(key)) for key in _MATH_KEYS)
    return True


def kramdown_options(
    site: Site, post: Post, *, top_heading_level: int = 1
) -> KramdownOptions:
    """kramdown's options for ``post``: ``_config.yml`` ``kramdown:`` and MathJax."""
    return KramdownOptions(
        math=mathjax_on(site, post),
        auto_ids=site.kramdown_option("auto_ids") is not False,
        auto_id_prefix=str(site.kramdown_option("auto_id_prefix") or ""),
        auto_id_stripping=site.kramdown_option("auto_id_stripping") is True,
        input=str(site.kramdown_option("input") or "GFM"),
        top_heading_level=top_heading_level,
        toc_levels=toc_levels(site.kramdown_option("toc_levels") or "1..6")
        or ALL_LEVELS,
        parse_block_html=site.kramdown_option("parse_block_html") is True,
    )


def convert_post(
    site: Site,
    post: Post,
    liquid: JekyllEnvironment | Callable[[], JekyllEnvironment],
    *,
    myst_extensions: Sequence[str] = MYST_EXTENSIONS,
) -> ConvertedPost:
    """Render ``post`` to MyST text with the same lines as the original file.

    The front matter block becomes a MyST front matter that switches on the MyST
    extensions for this file only, padded with blank lines to keep its height.

    :param liquid: the build's Liquid environment, or a function that makes it
        (called only for a post that has Liquid in it)
    """
    rendered = unrendered(post) or _render_liquid(liquid, post)
    if post.path.endswith(HTML_SUFFIXES):
        return _html_post(site, post, rendered, myst_extensions)
    kramdown = convert(rendered.text, kramdown_options(site, post))
    header = _myst_header(post.front_matter_lines, myst_extensions)
    offset = len(header)
    body_map = [post.body_line - 1 + line for line in rendered.line_map]
    line_map = tuple(range(1, offset + 1)) + tuple(body_map)
    diagnostics = [_relocate(d, post.body_line - 1) for d in rendered.diagnostics]
    diagnostics += [_relocate(d, 0, body_map) for d in kramdown.diagnostics]
    return ConvertedPost(
        text="\n".join(header) + "\n" + kramdown.text,
        line_map=line_map,
        heading_ids={offset + line: i for line, i in kramdown.heading_ids.items()},
        block_attrs={offset + line: a for line, a in kramdown.block_attrs.items()},
        element_attrs={offset + n: e for n, e in kramdown.element_attrs.items()},
        ablog=ablog_options(post, site),
        subtitle=post.subtitle,
        excerpt_line=_separator_line(site, post, rendered.text, offset),
        excerpt_text=post.excerpt,
        diagnostics=tuple(diagnostics),
        dependencies=rendered.dependencies,
    )


def _render_liquid(
    liquid: JekyllEnvironment | Callable[[], JekyllEnvironment], post: Post
) -> LiquidResult:
    from .liquid_ import render_post

    return render_post(liquid() if callable(liquid) else liquid, post)


def _html_post(
    site: Site, post: Post, rendered: LiquidResult, myst_extensions: Sequence[str]
) -> ConvertedPost:
    """An HTML post: Jekyll renders its Liquid and keeps the HTML as it is.

    The body becomes one raw HTML block (a fence after the front matter: one line
    more, which the line map accounts for); its first paragraph is the excerpt.
    """
    header = _myst_header(post.front_matter_lines, myst_extensions)
    fence = raw_fence(rendered.text)
    body_map = [post.body_line - 1 + line for line in rendered.line_map]
    first = body_map[0] if body_map else post.body_line
    line_map = (
        *range(1, len(header) + 1),
        first,
        *body_map,
        body_map[-1] if body_map else first,
    )
    return ConvertedPost(
        text="\n".join([*header, f"{fence}{{raw}} html", rendered.text, fence]) + "\n",
        line_map=line_map,
        heading_ids={},
        block_attrs={},
        ablog=ablog_options(post, site),
        subtitle=post.subtitle,
        excerpt_text=post.excerpt or _first_paragraph(rendered.text),
        diagnostics=tuple(
            _relocate(d, post.body_line - 1) for d in rendered.diagnostics
        ),
        dependencies=rendered.dependencies,
    )


def raw_fence(text: str) -> str:
    """A backtick fence longer than any run of backticks in ``text``."""
    runs = [len(r) for r in re.findall(r"`{3,}", text)]
    return "`" * max(3, max(runs, default=0) + 1)


class _FirstParagraph(HTMLParser):
    """The text of the first ``<p>`` of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.parts: list[str] = []
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "p" and not self.done:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "p" and self.depth:
            self.depth -= 1
            self.done = self.done or (
                self.depth == 0 and bool("".join(self.parts).strip())
            )

    def handle_data(self, data: str) -> None:
        if self.depth and not self.done:
            self.parts.append(data)


def _first_paragraph(html: str) -> str | None:
    parser = _FirstParagraph()
    parser.feed(html)
    text = " ".join("".join(parser.parts).split())
    return text or None


def _separator_line(site: Site, post: Post, text: str, offset: int) -> int | None:
    """The line holding ``excerpt_separator`` (``<!--more-->`` and the like)."""
    separator = post.data.get("excerpt_separator", site.config.get("excerpt_separator"))
    if not isinstance(separator, str) or not separator.strip():
        return None
    index = text.find(separator)
    return None if index < 0 else offset + text.count("\n", 0, index) + 1


def myst_settings(extensions: Sequence[str] = MYST_EXTENSIONS) -> str:
    """The front-matter line that switches on a converted text's MyST settings."""
    names = ", ".join(extensions)
    return f"myst: {{enable_extensions: [{names}], all_links_external: true}}"


def _myst_header(height: int, extensions: Sequence[str]) -> list[str]:
    padding = [""] * max(height - 3, 0)
    return ["---", myst_settings(extensions), *padding, "---"]


def _relocate(
    diagnostic: Diagnostic, offset: int, line_map: Sequence[int] | None = None
) -> Diagnostic:
    if diagnostic.line is None:
        return diagnostic
    if line_map is not None:
        index = min(max(diagnostic.line, 1), len(line_map)) - 1
        line = line_map[index] if line_map else diagnostic.line
    else:
        line = diagnostic.line + offset
    return Diagnostic(diagnostic.subtype, diagnostic.message, line)
