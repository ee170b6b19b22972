"""The native MyST + ABlog form of a post, for ``jekyllposts convert --out``.

The build form (what the extension feeds MyST while Sphinx reads) leans on
transforms: kramdown heading ids, callout classes, image alignment and links to
posts are finished on the doctree. The native form writes all of that as MyST
syntax, so the result builds with myst-parser, ABlog and sphinx-design alone::

    {: .box-note}              :::{note}
    **Note:** text       →     **Note:** text
                               :::
    ![x](/img/a.png){: .mx-auto.d-block}   →   :::{image} /static/img/a.png
                                               :align: center
    {% post_url 2024-01-02-a %}   →   2024-01-02-a.html (relative to the page)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
import re
from typing import TYPE_CHECKING, Any

import yaml

from ..convert import kramdown_options, raw_fence
from ..kramdown import convert
from ..liquid_ import render_post
from ..posts import HTML_SUFFIXES, ablog_options
from ..urls import jekyll_url
from ..warnings_ import Diagnostic
from ._rewrite import STATIC_DIR, RewriteContext, rewrite_body

if TYPE_CHECKING:
    from ..frontmatter import Post
    from ..liquid_ import JekyllEnvironment
    from ..site import Site

__all__ = ["STATIC_DIR", "NativeDocument", "native_page", "native_post"]


_UPDATE_KEYS = ("last_modified_at", "last-updated", "last_updated", "updated")


@dataclass(frozen=True, slots=True)
class NativeDocument:
    """A converted post: the MyST text to write and the problems found."""

    text: str
    diagnostics: tuple[Diagnostic, ...] = ()


def native_post(
    site: Site,
    post: Post,
    liquid: JekyllEnvironment,
    *,
    callouts: Mapping[str, str],
    posts: Sequence[Post] = (),
) -> NativeDocument:
    """Convert ``post`` to MyST with an ABlog front matter and a ``# Title``.

    :param callouts: callout class → admonition name (the extension's map)
    :param posts: every post of the site, to point links between posts at pages
    """
    body, diagnostics = _body(site, post, liquid, callouts, posts)
    text = front_matter(post, site) + "\n" + title_block(post)
    return NativeDocument(text + body, diagnostics)


def native_page(
    site: Site,
    page: Post,
    liquid: JekyllEnvironment,
    *,
    callouts: Mapping[str, str] | None = None,
    posts: Sequence[Post] = (),
    myst: str = "",
) -> NativeDocument:
    """Convert a Jekyll page (read as a draft post) to a plain MyST page.

    :param myst: a ``myst:`` front-matter line, for builds without the extensions
    """
    if callouts is None:
        from ..themes import DEFAULT_CALLOUTS

        callouts = DEFAULT_CALLOUTS
    body, diagnostics = _body(site, page, liquid, callouts, posts)
    header = f"---\n{myst}\n---\n\n" if myst else ""
    title = page.title if page.data.get("title") else page.title.title()
    return NativeDocument(header + title_block(page, title) + body, diagnostics)


def _body(
    site: Site,
    post: Post,
    liquid: JekyllEnvironment,
    callouts: Mapping[str, str],
    posts: Sequence[Post],
) -> tuple[str, tuple[Diagnostic, ...]]:
    rendered = render_post(liquid, post)
    if post.path.endswith(HTML_SUFFIXES):  # Jekyll keeps an HTML post's HTML as it is
        fence = raw_fence(rendered.text)
        html = rendered.text.strip("\n")
        diagnostics = [_relocate(d, post.body_line - 1) for d in rendered.diagnostics]
        return f"{fence}{{raw}} html\n{html}\n{fence}\n", tuple(diagnostics)
    options = kramdown_options(site, post, top_heading_level=2)
    kramdown = convert(rendered.text, options)
    diagnostics = [_relocate(d, post.body_line - 1) for d in rendered.diagnostics]
    body_map = [post.body_line - 1 + line for line in rendered.line_map]
    diagnostics += [_relocate(d, 0, body_map) for d in kramdown.diagnostics]
    context = RewriteContext(
        site,
        post.path,
        callouts,
        {jekyll_url(p, site): p.path for p in posts},
        kramdown.heading_ids,
        kramdown.block_attrs,
        frozenset(re.findall(r"\]\(#([^)\s]+)\)", kramdown.text)),
        str(post.data.get("media_subpath") or post.data.get("img_path") or ""),
        _line_numbers(site),
        post_url=jekyll_url(post, site),
    )
    body = rewrite_body(kramdown.text, context).strip("\n")
    return (body + "\n" if body else ""), tuple(diagnostics)


def front_matter(post: Post, site: Site) -> str:
    """ABlog's keys as a YAML front matter (lists as ABlog's comma-separated text)."""
    options = ablog_options(post, site)
    date = str(options["date"]).replace("T", " ").removesuffix(" 00:00:00")
    data: dict[str, Any] = {"blogpost": True, "date": date.removesuffix(":00")}
    for key in ("tags", "category", "author", "language"):
        values = [str(v).replace(",", " ") for v in options[key]]
        if values:
            data[key] = ", ".join(values)
    if options["nocomments"]:
        data["nocomments"] = ""  # a flag: ABlog wants it present and empty
    # Kept for the record; the build shows it in no post text either.
    updated = {k: str(post.data[k]) for k in _UPDATE_KEYS if post.data.get(k)}
    data |= dict(list(updated.items())[:1])
    redirects = _redirects(post, site)
    if redirects:
        data["redirect"] = ", ".join(redirects)
    dumped = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{dumped}---\n"


def title_block(post: Post, title: str | None = None) -> str:
    """``# Title`` and the subtitle (a rubric, so ABlog's excerpt skips it)."""
    lines = [f"# {_escape_inline(title or post.title)}", ""]
    if post.subtitle:
        lines += [f"```{{rubric}} {_escape_inline(post.subtitle)}", ":class: subtitle"]
        lines += ["```", ""]
    return "\n".join(lines) + "\n"


def _escape_inline(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>&$])", r"\\\1", " ".join(text.split()))


def _line_numbers(site: Site) -> int | None:
    """kramdown's ``syntax_highlighter_opts`` ``line_numbers`` (Rouge numbers blocks)."""
    if str(site.kramdown_option("syntax_highlighter") or "rouge") != "rouge":
        return None
    value = site.kramdown_option("syntax_highlighter_opts")
    if not isinstance(value, Mapping):
        return None
    block = value.get("block")
    options = {k: v for k, v in value.items() if k not in ("block", "span")}
    options |= block if isinstance(block, Mapping) else {}
    if not options.get("line_numbers"):
        return None
    start = options.get("start_line", 1)
    return start if isinstance(start, int) else 1


def _redirects(post: Post, site: Site) -> list[str]:
    """ABlog redirect page names for the post's old URLs (a name per URL)."""
    names = []
    for url in (jekyll_url(post, site), *post.redirect_from):
        path = url.split("#")[0].split("?")[0].strip("/")
        if not path or "," in path or ".." in path.split("/"):
            continue
        name = path.removesuffix(".html") if path.endswith(".html") else path + "/index"
        if name != post.id_path and name not in names:
            names.append(name)
    return names


def _relocate(
    diagnostic: Diagnostic, offset: int, line_map: Sequence[int] | None = None
) -> Diagnostic:
    if diagnostic.line is None:
        return diagnostic
    line = diagnostic.line + offset
    if line_map:
        line = line_map[min(max(diagnostic.line, 1), len(line_map)) - 1]
    return Diagnostic(diagnostic.subtype, diagnostic.message, line)
