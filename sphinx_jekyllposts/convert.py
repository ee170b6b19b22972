"""One post through the pipeline: Liquid, then kramdown, then the MyST text Sphinx reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .kramdown import MYST_EXTENSIONS, BlockAttrs, KramdownOptions, convert
from .liquid_ import JekyllEnvironment, make_environment, render_post
from .posts import ablog_options
from .urls import jekyll_url
from .warnings_ import Diagnostic

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from pathlib import Path

    from .frontmatter import Post
    from .site import Site

__all__ = [
    "ConvertedPost",
    "convert_post",
    "kramdown_options",
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
            "ablog": dict(self.ablog),
            "subtitle": self.subtitle,
            "excerpt_line": self.excerpt_line,
            "excerpt_text": self.excerpt_text,
        }


def new_liquid_environment(
    site: Site, posts: Sequence[Post], include_dirs: Sequence[Path] = ()
) -> JekyllEnvironment:
    """The one Liquid environment of a build."""
    return make_environment(
        site, posts, url_of=lambda p: jekyll_url(p, site), include_dirs=include_dirs
    )


def kramdown_options(
    site: Site, post: Post, *, top_heading_level: int = 1
) -> KramdownOptions:
    """kramdown's options for ``post``: ``_config.yml`` ``kramdown:`` and MathJax."""
    mathjax = post.data.get("mathjax", site.config.get("mathjax", False))
    return KramdownOptions(
        math=bool(mathjax),
        auto_ids=site.kramdown_option("auto_ids") is not False,
        auto_id_prefix=str(site.kramdown_option("auto_id_prefix") or ""),
        auto_id_stripping=site.kramdown_option("auto_id_stripping") is True,
        input=str(site.kramdown_option("input") or "GFM"),
        top_heading_level=top_heading_level,
    )


def convert_post(
    site: Site,
    post: Post,
    liquid: JekyllEnvironment,
    *,
    myst_extensions: Sequence[str] = MYST_EXTENSIONS,
) -> ConvertedPost:
    """Render ``post`` to MyST text with the same lines as the original file.

    The front matter block becomes a MyST front matter that switches on the MyST
    extensions for this file only, padded with blank lines to keep its height.
    """
    rendered = render_post(liquid, post)
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
        ablog=ablog_options(post, site),
        subtitle=post.subtitle,
        excerpt_line=_separator_line(site, post, rendered.text, offset),
        excerpt_text=post.excerpt,
        diagnostics=tuple(diagnostics),
        dependencies=rendered.dependencies,
    )


def _separator_line(site: Site, post: Post, text: str, offset: int) -> int | None:
    """The line holding ``excerpt_separator`` (``<!--more-->`` and the like)."""
    separator = post.data.get("excerpt_separator", site.config.get("excerpt_separator"))
    if not isinstance(separator, str) or not separator.strip():
        return None
    index = text.find(separator)
    return None if index < 0 else offset + text.count("\n", 0, index) + 1


def _myst_header(height: int, extensions: Sequence[str]) -> list[str]:
    names = ", ".join(extensions)
    settings = f"myst: {{enable_extensions: [{names}], all_links_external: true}}"
    padding = [""] * max(height - 3, 0)
    return ["---", settings, *padding, "---"]


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
